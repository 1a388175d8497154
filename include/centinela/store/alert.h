/* Alerts and their observables in the store. */
#ifndef CENTINELA_STORE_ALERT_H
#define CENTINELA_STORE_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/model/alert.h"

struct err;
struct store;

/*
 * Insert or update a, keyed by (source, remote_id); an alert without
 * remote_id is keyed by (source, event_hash). Replaces the observables.
 * References (organization_id, asset_id, incident_id) must be resolved or
 * 0. Never overwrites a dirty row. Sets a->meta.id; *changed optional.
 * Built for bulk: statements are cached, no per-row audit.
 */
int store_alert_upsert(struct store *s, struct alert *a, bool *changed,
                       struct err *e);

/* Read one by id, with observables, organization name, incident ref. */
int store_alert_get(struct store *s, int64_t id, struct alert *out,
                    struct err *e);

/* Resolve by remote id at source; ERR_NOTFOUND. */
int store_alert_find(struct store *s, const char *source, const char *remote_id,
                     int64_t *id, struct err *e);

/*
 * Alerts linked to an incident (by link table or alert.incident_id), or
 * seen on an asset (asset_id), newest first, at most limit. *rows owned.
 */
int store_alerts_of_incident(struct store *s, int64_t incident_id, int limit,
                             struct alert **rows, size_t *n, struct err *e);
int store_alerts_of_asset(struct store *s, int64_t asset_id, int limit,
                          struct alert **rows, size_t *n, struct err *e);

/* The highest alert rowid in the cache into *id (0: none). */
int store_alert_max_id(struct store *s, int64_t *id, struct err *e);

/*
 * Alerts a sync source brought (any source but local) whose rowid is in
 * (after_id, upto_id], with severity >= min_severity and TLP <= max_tlp:
 * at most limit of them (1..10000, with observables), the most severe
 * first, then by rowid. *total (optional) receives how many match in all.
 * *rows owned (alert_release each, free the array). Reads only the rowid
 * range, so it costs what arrived, not what the cache holds.
 */
int store_alerts_arrived(struct store *s, int64_t after_id, int64_t upto_id,
                         int min_severity, int max_tlp, int limit,
                         struct alert **rows, size_t *n, int64_t *total,
                         struct err *e);

#endif
