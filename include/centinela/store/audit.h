/*
 * The audit trail: every analyst-visible change appends one entry,
 * SHA-256 hash-chained so that any edit, deletion, reordering or truncation
 * is detected.
 *
 * The hash of an entry is audit_fields_hash() (model/audit.h), the
 * prev_hash of the first entry is 64 zeros, and the audit_head row keeps
 * the last id and hash (so a truncated tail is caught). Append inside the
 * transaction of the change. A chain may be made of segments, each begun
 * by a seal that records a break of the one before (model/audit.h).
 *
 * What is checked when (see src/store/audit.c for the reasons):
 *
 * - every append (so every change) first runs the incremental check: the
 *   verdict a check recorded, then the entries from the verification mark
 *   (the last entry verified, normally the last entry) to the end: in the
 *   normal case one entry is re-hashed, whatever the length of the chain;
 *   then the head. It catches an edit or deletion of the last entries, a
 *   truncated tail, entries added past the head, a forged head or mark, and
 *   any UPDATE, DELETE or INSERT OR REPLACE of an older entry made with the
 *   cache's triggers in place (as the sqlite3 shell keeps them): the next
 *   change then walks the whole chain once. A break found is recorded, so
 *   that later changes are refused at once;
 * - store_audit_verify walks the whole chain and also catches what the
 *   incremental check cannot see: an older entry changed with the triggers
 *   dropped or disabled and the mark moved to hide it, or a rewrite of the
 *   whole chain with consistent hashes (only a head hash kept elsewhere
 *   catches that). It records the break it finds.
 *
 * A recorded break is kept until store_audit_seal records it in the trail
 * itself; meanwhile every append is refused (ERR_CORRUPT, saying what is
 * wrong and what to do).
 */
#ifndef CENTINELA_STORE_AUDIT_H
#define CENTINELA_STORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/hash.h"
#include "centinela/model/audit.h"

struct err;
struct store;

/* The longest reason store_audit_seal takes, in bytes. */
#define AUDIT_SEAL_REASON_MAX 1000

/*
 * Append one entry. actor, action required; entity, entity_ref, detail may
 * be NULL. Runs the incremental check first. Returns 0, ERR_CORRUPT when
 * the chain is broken (the message names the first broken entry and says
 * to investigate, then run `centinela audit seal --reason TEXT`, or to
 * restore a backup; the break is recorded once the caller rolls back), or
 * ERR_DB.
 */
int store_audit_append(struct store *s, const char *actor, const char *action,
                       const char *entity, const char *entity_ref,
                       const char *detail, struct err *e);

struct audit_verify {
	int64_t entries;      /* entries checked */
	int64_t first_bad_id; /* first broken entry not sealed, 0: intact */
	bool is_recorded;     /* that break is one a check recorded before;
	                         the entries check out now */
	char head_hash[SHA256_HEX_LEN +
	               1]; /* hash of the last entry ("" if none) */
	int64_t seals;     /* breaks sealed (segments - 1) */
	struct audit_seal_info last_seal; /* the last of them (.id 0: none) */
};

/*
 * Walk the whole chain, across its seals. Returns 0 when intact (the
 * sealed breaks in r->seals and r->last_seal), or ERR_CORRUPT with
 * r->first_bad_id and a message saying what is wrong with that entry
 * ("entry 42: hash does not match its contents (edited)", "entry 17 is
 * missing (deleted)", "chain ends at entry 90 but the head records 95
 * (truncated)"), or ERR_DB. Outside a transaction, on a writable cache,
 * records a break it finds (or moves the verification mark to the end of
 * an intact chain) in a short transaction of its own after the walk.
 */
int store_audit_verify(struct store *s, struct audit_verify *r, struct err *e);

/*
 * The incremental check alone, as an append makes it (cheap on an intact
 * chain: see above), recording what it finds as store_audit_verify does.
 * r->entries counts the entries it re-hashed. Returns 0, ERR_CORRUPT (the
 * message as store_audit_append's) or ERR_DB.
 */
int store_audit_check(struct store *s, struct audit_verify *r, struct err *e);

/*
 * Record the break of a broken chain in the trail itself and start a new
 * segment: walks the whole chain (as store_audit_verify) and appends a
 * seal entry by actor naming its first broken entry, with what was wrong
 * and reason (1..AUDIT_SEAL_REASON_MAX bytes) in its detail; the recorded
 * verdict is cleared and changes are accepted again. Outside a caller's
 * transaction. r describes the chain as it was, r->last_seal the new
 * seal. Returns 0, ERR_INVALID when the chain is intact (nothing to seal)
 * or the reason is empty or too long, ERR_PERM on a read-only cache, or
 * ERR_DB.
 */
int store_audit_seal(struct store *s, const char *actor, const char *reason,
                     struct audit_verify *r, struct err *e);

/*
 * Call fn for every entry, oldest first, with the entry as stored (borrowed
 * for the call; an empty hash field stands for NULL), after reading the
 * audit_head row into *head_id and head_hash[SHA256_HEX_LEN + 1] (0 and 64
 * zeros when there is none), all in one read transaction (one is opened
 * when none is, so it works on a read-only cache). A non-zero return from
 * fn stops the walk and is returned. Returns 0, ERR_DB or fn's code.
 */
int store_audit_each(struct store *s,
                     int (*fn)(const struct audit_entry *a, void *ctx),
                     void *ctx, int64_t *head_id, char *head_hash,
                     struct err *e);

/*
 * A page of the whole trail, newest first: entries older than after_id
 * (0: from the newest), or with is_reverse the entries newer than it,
 * nearest first (paging back). At most limit. *rows (owned, n entries, each
 * to audit_entry_release, then free) is NULL when none. Returns 0 or ERR_DB.
 */
int store_audit_page(struct store *s, int64_t after_id, bool is_reverse,
                     int limit, struct audit_entry **rows, size_t *n,
                     struct err *e);

/* Entries in the trail (the last id: ids are dense). Returns 0 or ERR_DB. */
int store_audit_count(struct store *s, int64_t *n, struct err *e);

/*
 * The audit of one incident, newest first, at most limit: the entries on
 * the incident (entity "incident", entity_ref its reference) and on the
 * alerts linked to it (entity "alert", entity_ref the alert's id). rows as
 * store_audit_page. Returns 0 or ERR_DB.
 */
int store_audit_incident(struct store *s, int64_t incident_id,
                         const char *reference, int limit,
                         struct audit_entry **rows, size_t *n, struct err *e);

/*
 * The newest entry on entity with action, by actor (NULL: anyone), on
 * entity_ref (NULL: any) and newer than after_id, into *out (release it).
 * Returns 0, ERR_NOTFOUND when there is none, or ERR_DB.
 */
int store_audit_last(struct store *s, const char *entity, const char *action,
                     const char *actor, const char *entity_ref,
                     int64_t after_id, struct audit_entry *out, struct err *e);

#endif
