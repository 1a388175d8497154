/*
 * One entry of the audit trail, the rule that hashes it and the walk that
 * checks a chain of them across its seals, shared by the store (which
 * appends and verifies the chain in the cache) and by the verifier of
 * exported files (feed/audit_jsonl.h), so that there is one copy of the
 * rules and both give the same verdict.
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

#include <stdbool.h>
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

/*
 * Segments and seals. A chain is one or more segments. A seal is an entry
 * of its own (action AUDIT_SEAL_ACTION, entity AUDIT_SEAL_ENTITY,
 * entity_ref the decimal id of the first broken entry it seals, detail
 * what was wrong and the analyst's reason) that records a break found in
 * the segment before it and starts the next one, so that the trail can go
 * on with the break on record:
 *
 * - its prev_hash is the segment before it re-chained: the hashes that
 *   segment's entries would have if each followed the one before, computed
 *   from their fields as they stand (the text as an export carries it:
 *   bytes that are not UTF-8 as U+FFFD). For a sound segment that is the
 *   hash of its last entry, so a seal links like any entry; for a broken
 *   one it commits the whole segment as it was when sealed, so that any
 *   later change to a sealed entry (restoring it included) breaks the seal;
 * - its id is past every id that segment used or its head recorded, so an
 *   id may jump at a seal; from the seal on ids are dense again;
 * - it holds when its own hash matches its fields, its prev_hash is that
 *   re-chained hash, and the entry it names is not after the first break
 *   the walk itself finds in the segment (the head or the verification
 *   mark, which sealing moves, may have shown an earlier one) and not
 *   before the segment's first entry.
 *
 * A seal is no secret: whoever can write the cache can forge one, as they
 * can forge any entry; it records that an analyst acknowledged a break,
 * and every verification reports it.
 */
#define AUDIT_SEAL_ACTION "audit.seal"
#define AUDIT_SEAL_ENTITY "audit"

/* What is wrong with an entry that breaks a sound segment (flags). */
enum audit_bad {
	AUDIT_BAD_GAP = 1 << 0,   /* its id skips ids: entries are missing */
	AUDIT_BAD_ORDER = 1 << 1, /* its id is one already passed */
	AUDIT_BAD_HASH = 1 << 2,  /* its hash does not match its fields, or a
	                             field is one an append never writes */
	AUDIT_BAD_LINK = 1 << 3,  /* its prev_hash is not the entry before's */
};

/* One entry as a walk takes it (all borrowed for the call). */
struct audit_link {
	int64_t id;             /* its id */
	int64_t at;             /* Unix seconds */
	const char *actor;      /* as stored (NULL: none) */
	const char *action;     /* as stored (NULL: none) */
	const char *entity;     /* as stored, or NULL */
	const char *entity_ref; /* as stored, or NULL */
	const char *detail;     /* as stored, or NULL */
	const char *prev_hash;  /* as stored, or NULL */
	const char *hash;       /* as stored, or NULL */
	bool is_malformed;      /* the caller found it stored as an append
	                           never writes it (a type, a missing field) */
};

/* The last seal that held, as a walk found it. */
struct audit_seal_info {
	int64_t id;        /* the seal entry, 0: none */
	int64_t at;        /* when it was written */
	int64_t sealed_id; /* the first broken entry it names */
	char actor[64];    /* who sealed (cut to fit) */
	char detail[512];  /* its detail: the break and the reason (cut) */
};

/*
 * A walk over a chain, oldest entry first, checking each entry against
 * the one before (one SHA-256 per entry, nothing allocated per entry), and
 * across seals: the store's `audit verify`, its incremental check and the
 * verifier of exports all walk with it, so they agree on every verdict.
 */
struct audit_walk {
	struct sha256 *h;    /* hashing context (owned) */
	int64_t next_id;     /* the id a sound segment goes on at */
	int64_t seg_first;   /* lowest id a seal of this segment may name */
	int64_t bad_id;      /* the segment's first broken entry, 0: sound */
	int64_t bad_seal_id; /* a seal that did not hold there, 0: none */
	int64_t last_id;     /* id of the last entry taken, 0: none */
	int64_t entries;     /* entries taken */
	int64_t seals;       /* seals that held */
	/* an unreadable entry: no seal of this segment can hold */
	bool is_rechain_lost;
	struct audit_seal_info last_seal; /* the last seal that held */
	char prev[SHA256_HEX_LEN + 1];    /* stored hash of the last entry */
	char rechain[SHA256_HEX_LEN + 1]; /* the segment re-chained so far */
};

/* What taking one entry showed. */
struct audit_step {
	unsigned bad;      /* enum audit_bad: it broke a sound segment */
	int64_t bad_id;    /* then the first broken entry (the first missing
	                      one for a gap) */
	int64_t expect_id; /* the id a sound segment expected of it */
	bool is_sealed;    /* it is a seal that held (a new segment begins) */
};

/* Start a walk at the head of a chain (before entry 1). */
void audit_walk_init(struct audit_walk *w);

/*
 * Restart w (initialised) after entry id whose hash (64 hex digits,
 * borrowed) is known good: the segment is sound up to it (the
 * verification mark).
 */
void audit_walk_resume(struct audit_walk *w, int64_t id, const char *hash);

/* Free w's context. */
void audit_walk_release(struct audit_walk *w);

/*
 * Take the next entry l (borrowed). *out says whether it broke a sound
 * segment and whether it is a seal that held.
 */
void audit_walk_step(struct audit_walk *w, const struct audit_link *l,
                     struct audit_step *out);

/*
 * A break the caller found (an unreadable entry when is_rechain_lost, the
 * verification mark, the head) at entry bad_id: the segment is broken
 * there unless it already is. Returns whether this is its first break.
 */
bool audit_walk_break(struct audit_walk *w, int64_t bad_id,
                      bool is_rechain_lost);

/*
 * The id a seal of the walk's current segment takes at least (past every
 * id it saw), the id of the first broken entry it would name in *sealed_id
 * (0 when the walk found none), and its prev_hash, the segment re-chained,
 * into prev[SHA256_HEX_LEN + 1].
 */
int64_t audit_walk_seal_at(const struct audit_walk *w, int64_t *sealed_id,
                           char *prev);

#endif
