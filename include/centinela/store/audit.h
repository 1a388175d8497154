/*
 * The audit trail: every analyst-visible change appends one entry,
 * SHA-256 hash-chained so that any edit, deletion, reordering or truncation
 * is detected.
 *
 * The hash of an entry is audit_fields_hash() (model/audit.h), the
 * prev_hash of the first entry is 64 zeros, and the audit_head row keeps the last id and hash (so a
 * truncated tail is caught). Append inside the transaction of the change.
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

/*
 * Append one entry. actor, action required; entity, entity_ref, detail may
 * be NULL. Returns 0 or ERR_DB.
 */
int store_audit_append(struct store *s, const char *actor, const char *action,
                       const char *entity, const char *entity_ref,
                       const char *detail, struct err *e);

struct audit_verify {
	int64_t entries;      /* entries checked */
	int64_t first_bad_id; /* 0 when the chain is intact */
	char head_hash[SHA256_HEX_LEN +
	               1]; /* hash of the last entry ("" if none) */
};

/*
 * Walk the chain. Returns 0 when intact, or ERR_CORRUPT with
 * r->first_bad_id and a message saying what is wrong with that entry
 * ("entry 42: hash does not match its contents (edited)", "entry 17 is
 * missing (deleted)", "chain ends at entry 90 but the head records 95
 * (truncated)").
 */
int store_audit_verify(struct store *s, struct audit_verify *r, struct err *e);

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
