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

#endif
