/*
 * Writing a parsed batch into the store for a source: resolve the
 * references of each object at that source, then upsert it. Runs inside
 * the caller's transaction (one per page). Rows the analyst changed
 * (dirty, conflict) are left alone by the store's upserts. One applier
 * serves the sync engine and `import`, each with its policy:
 *
 * SYNC_APPLY_SKIP (a pull): a reference the cache cannot resolve yet (an
 * alert naming an incident pulled later) is dropped rather than failing
 * the item: the link comes back from the other side when that object is
 * pulled. An object in a sector the cache does not know loses the sector
 * (alerts, incidents) or is skipped (organizations, assets, which need
 * one), as is an incident whose reference another source's incident holds.
 *
 * SYNC_APPLY_REJECT (an import): each of those is the object's fault: it
 * is refused with the reason ("unknown organization 'x'", "unknown sector
 * 'x' (known: ...)", "reference 'x' is already used by another incident
 * (...)"), told to the caller, and not written.
 */
#ifndef CENTINELA_SYNC_APPLY_H
#define CENTINELA_SYNC_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct feed_batch;
struct store;
struct strvec;

/* What an object that cannot be stored as it is becomes. */
enum sync_apply_mode {
	SYNC_APPLY_SKIP,   /* links dropped, the object skipped if need be */
	SYNC_APPLY_REJECT, /* the object refused with its reason */
};

/*
 * The caller's side of a batch (all optional but mode). Objects are
 * named by their index in their kind's array of the batch.
 */
struct sync_apply_policy {
	enum sync_apply_mode mode;
	void *ctx; /* passed to the hooks */
	/* The known sector codes; NULL: asked of the store for each object. */
	const struct strvec *sectors;
	/* REJECT: object i is refused for reason (a lower-case message). */
	void (*reject)(void *ctx, size_t i, const char *reason);
	/*
	 * REJECT: 1 when an earlier object of the caller's run holds this
	 * incident reference (its own duplicate check names it), 0 when not,
	 * < 0 on a store failure.
	 */
	int (*holds_reference)(void *ctx, const char *reference, struct err *e);
	/*
	 * After object i's references resolved: the caller's own checks
	 * (duplicates within a file). 1 when it refused the object, 0 when
	 * fine, < 0 on a store failure.
	 */
	int (*check)(void *ctx, size_t i, struct err *e);
	/* Whether good objects are written now (false: only checked). */
	bool (*may_write)(void *ctx);
	/*
	 * Object i was written (changed: a row changed), or its upsert
	 * failed (rc < 0, with e set, for the caller to name the object).
	 */
	void (*written)(void *ctx, size_t i, bool changed, int rc,
	                struct err *e);
	/* n CVEs of the cache left the KEV catalog (a whole one). */
	void (*retired)(void *ctx, int64_t n);
};

struct sync_apply_result {
	int64_t inserted;  /* rows new in the cache */
	int64_t updated;   /* rows changed */
	int64_t unchanged; /* rows already so, or kept because dirty */
	int64_t skipped;   /* objects not stored (unknown sector, no owner) */
	/*
	 * Incidents not stored yet: their reference is one an incident made
	 * here holds, whose create is out without an answer, and only that
	 * answer tells whether they are that incident. The pull keeps its
	 * cursor before their page, to read it again after the replay.
	 */
	int64_t held;
	int64_t new_alerts;    /* of inserted, alerts */
	int64_t last_alert_id; /* highest rowid of those alerts, 0: none */
	int64_t retired;       /* CVEs that left the KEV catalog */
	/* the lists with rows inserted or updated: a bit 1u << ent per
	 * enum store_entity (sync/engine.h's SYNC_CHANGED_LIST) */
	unsigned lists;
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
 * The same under policy (sync_apply_batch is SYNC_APPLY_SKIP with no
 * hooks). res may be NULL: then nothing is counted, and no row is looked
 * up to tell new rows from updated ones. Under SYNC_APPLY_REJECT the rows
 * a pull needs settled are left alone (no reference is renumbered, no
 * dropped edit released). Returns 0 or the store's ERR_* (a refused
 * object is not an error).
 */
int sync_apply_batch_policy(struct store *s, const char *source,
                            struct feed_batch *batch,
                            const struct sync_apply_policy *policy,
                            struct sync_apply_result *res, struct err *e);

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
