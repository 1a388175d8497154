/* Organizations in the store. */
#ifndef CENTINELA_STORE_ORGANIZATION_H
#define CENTINELA_STORE_ORGANIZATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strvec.h"
#include "centinela/model/organization.h"

struct err;
struct store;

/*
 * Insert or update o, keyed by (source, remote_id) when remote_id is set,
 * else by (source, name). A row whose local_state is dirty is never
 * overwritten (the call succeeds and *changed is false). Sets o->meta.id.
 * *changed (optional): whether any column changed. The sector must exist.
 */
int store_organization_upsert(struct store *s, struct organization *o,
                              bool *changed, struct err *e);

/* Read one by id into *out (initialised by the call). ERR_NOTFOUND. */
int store_organization_get(struct store *s, int64_t id,
                           struct organization *out, struct err *e);

/*
 * Resolve an organization named by its name (any source) or by the
 * remote_id it has at source. *id receives the rowid; ERR_NOTFOUND.
 */
int store_organization_find(struct store *s, const char *source,
                            const char *name_or_remote_id, int64_t *id,
                            struct err *e);

/*
 * Append to out the names of the organizations starting with prefix
 * (case-insensitive; "" for all), sorted, at most limit (copied). For
 * completion.
 */
int store_organization_names(struct store *s, const char *prefix, int limit,
                             struct strvec *out, struct err *e);

#endif
