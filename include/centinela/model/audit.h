/*
 * One entry of the audit trail and the rule that hashes it, shared by the
 * store (which appends and verifies the chain in the cache) and by the
 * verifier of exported files (feed/audit_jsonl.h), so that there is one
 * copy of the hashing rules.
 *
 * hash = SHA-256(prev_hash "\n" id "\n" at "\n" actor "\n" action "\n"
 *                entity "\n" entity_ref "\n" detail)
 *
 * over the fields as text: id and at (Unix seconds) in decimal, an absent
 * optional field as "". The prev_hash of the first entry is 64 zeros
 * (AUDIT_ZERO_HASH).
 */
#ifndef CENTINELA_MODEL_AUDIT_H
#define CENTINELA_MODEL_AUDIT_H

#include <stdint.h>

#include "centinela/base/hash.h"

#define AUDIT_ZERO_HASH                                                        \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* The fields an entry's hash covers, as text (borrowed); NULL is "". */
struct audit_fields {
	const char *prev_hash;  /* hash of the previous entry */
	const char *id;         /* decimal id */
	const char *at;         /* decimal Unix seconds */
	const char *actor;      /* who */
	const char *action;     /* what */
	const char *entity;     /* on what kind of thing (may be NULL) */
	const char *entity_ref; /* on which one (may be NULL) */
	const char *detail;     /* free text (may be NULL) */
};

/* One entry, as stored. */
struct audit_entry {
	int64_t id;                         /* dense from 1 */
	int64_t at;                         /* Unix seconds */
	char *actor;                        /* who (owned) */
	char *action;                       /* what (owned) */
	char *entity;                       /* kind of thing (owned, or NULL) */
	char *entity_ref;                   /* which one (owned, or NULL) */
	char *detail;                       /* free text (owned, or NULL) */
	char prev_hash[SHA256_HEX_LEN + 1]; /* hash of entry id - 1 */
	char hash[SHA256_HEX_LEN + 1];      /* hash of this entry */
};

/* Hash f into out[SHA256_HEX_LEN + 1] (lower-case hex). */
void audit_fields_hash(const struct audit_fields *f, char *out);

/*
 * The same with h (base/hash.h, borrowed; left ready for the next digest),
 * so that a walk over a long chain allocates nothing per entry.
 */
void audit_fields_hash_with(struct sha256 *h, const struct audit_fields *f,
                            char *out);

/*
 * Hash a's fields (its prev_hash included, its hash ignored) into
 * out[SHA256_HEX_LEN + 1]. Borrows a.
 */
void audit_entry_hash(const struct audit_entry *a, char *out);

/* Zero a. */
void audit_entry_init(struct audit_entry *a);
/* Free a's strings and zero it. */
void audit_entry_release(struct audit_entry *a);

#endif
