/* Assets and their CPE names in the store. */
#ifndef CENTINELA_STORE_ASSET_H
#define CENTINELA_STORE_ASSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/model/asset.h"

struct err;
struct store;

/*
 * Insert or update a, keyed by (source, remote_id) when remote_id is set,
 * else by (organization_id, name); a->organization_id must be resolved.
 * Replaces the CPE list. Never overwrites a dirty row. Sets a->meta.id;
 * *changed (optional) tells whether anything (CPEs included) changed.
 * A NULL a->sector is set to the organization's sector; an unknown sector,
 * organization or a malformed CPE gives ERR_INVALID.
 */
int store_asset_upsert(struct store *s, struct asset *a, bool *changed,
                       struct err *e);

/* Read one by id, with organization name and CPEs. ERR_NOTFOUND. */
int store_asset_get(struct store *s, int64_t id, struct asset *out,
                    struct err *e);

/*
 * Resolve an asset named by remote id at source, or by "ORG/NAME", or by a
 * name that is unique across organizations. ERR_NOTFOUND.
 */
int store_asset_find(struct store *s, const char *source, const char *ref,
                     int64_t *id, struct err *e);

/*
 * The assets whose address equals value: its IP (is_ip, exact text, as
 * the asset_ip index serves it) or its hostname (compared as given and
 * lower-cased, through the asset_hostname index). Appends their ids to
 * ids[*n..max), skipping ids already there, and stops at max. Borrows
 * everything.
 */
int store_asset_match(struct store *s, const char *value, bool is_ip,
                      int64_t *ids, size_t max, size_t *n, struct err *e);

#endif
