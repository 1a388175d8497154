/*
 * Writing a parsed page into the store for a source: resolve the
 * references of each object at that source, then upsert it. Runs inside
 * the caller's transaction (one per page). Rows the analyst changed
 * (dirty, conflict) are left alone by the store's upserts.
 *
 * A reference the cache cannot resolve yet (an alert naming an incident
 * pulled later) is dropped rather than failing the item: the link comes
 * back from the other side when that object is pulled. An object in a
 * sector the cache does not know loses the sector (alerts, incidents) or
 * is skipped (organizations, assets, which need one).
 */
#ifndef CENTINELA_SYNC_APPLY_H
#define CENTINELA_SYNC_APPLY_H

#include <stdint.h>

struct err;
struct feed_batch;
struct store;

struct sync_apply_result {
	int64_t inserted;   /* rows new in the cache */
	int64_t updated;    /* rows changed */
	int64_t unchanged;  /* rows already so, or kept because dirty */
	int64_t skipped;    /* objects not stored (unknown sector, no owner) */
	int64_t new_alerts; /* of inserted, alerts */
	int64_t last_alert_id; /* highest rowid of those alerts, 0: none */
};

/*
 * Store every object of batch (organizations, assets, alerts, incidents,
 * vulnerabilities, in that order) as coming from source. Adds to *res.
 * Returns 0 or the store's ERR_* (the caller rolls back the page).
 */
int sync_apply_batch(struct store *s, const char *source,
                     struct feed_batch *batch, struct sync_apply_result *res,
                     struct err *e);

/*
 * Give incident id the reference the server gave it. When an incident made
 * here and not yet at the server holds it (a reference made offline is a
 * proposal the server may give to another), that one takes the next free
 * reference of its prefix and year first; when an incident of the server
 * holds it, nothing is done (a later pull settles it).
 */
int sync_apply_take_reference(struct store *s, int64_t id,
                              const char *reference, struct err *e);

#endif
