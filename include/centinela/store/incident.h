/* Incidents, their notes and links in the store. */
#ifndef CENTINELA_STORE_INCIDENT_H
#define CENTINELA_STORE_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strvec.h"
#include "centinela/model/asset.h"
#include "centinela/model/incident.h"

struct err;
struct store;

/*
 * Insert or update inc, keyed by (source, remote_id) when set, else by
 * reference. Notes are merged (by remote_id, else by author + time + body);
 * links in inc->alert_ids / asset_ids are resolved at inc->meta.source
 * (unknown ones fail with ERR_NOTFOUND naming them) and added. Never
 * overwrites a dirty row. Sets inc->meta.id; *changed optional.
 */
int store_incident_upsert(struct store *s, struct incident *inc, bool *changed,
                          struct err *e);

/* Read one by id or by reference, with notes (oldest first). */
int store_incident_get(struct store *s, int64_t id, struct incident *out,
                       struct err *e);
int store_incident_get_by_ref(struct store *s, const char *reference,
                              struct incident *out, struct err *e);

/* The id of the incident with reference ref (any source); ERR_NOTFOUND. */
int store_incident_find_ref(struct store *s, const char *ref, int64_t *id,
                            struct err *e);

/*
 * The next free reference "PREFIX-YEAR-NNNNN" (five digits or more),
 * counting per prefix and year; owned. Call inside the transaction that
 * inserts the incident.
 */
int store_incident_next_reference(struct store *s, const char *prefix, int year,
                                  char **out, struct err *e);

/* Assets linked to an incident; incidents of an asset or organization. */
int store_assets_of_incident(struct store *s, int64_t incident_id, int limit,
                             struct asset **rows, size_t *n, struct err *e);
int store_incidents_of_asset(struct store *s, int64_t asset_id, int limit,
                             struct incident **rows, size_t *n, struct err *e);
int store_incidents_of_organization(struct store *s, int64_t org_id, int limit,
                                    struct incident **rows, size_t *n,
                                    struct err *e);
int store_assets_of_organization(struct store *s, int64_t org_id, int limit,
                                 struct asset **rows, size_t *n, struct err *e);

/*
 * Append to out the analysts the cache knows, for completion: the distinct
 * assignees of incidents and authors of timeline notes, sorted, at most
 * limit of them (copied).
 */
int store_incident_analysts(struct store *s, int limit, struct strvec *out,
                            struct err *e);

#endif
