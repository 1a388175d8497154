/*
 * Verifying an exported audit trail (export/audit.h, `centinela audit
 * verify --file`) with nothing but the file: every hash is recomputed from
 * the line's fields with the walk of model/audit.h (the one the store's
 * verification uses), every link (prev_hash, dense ids from 1) is checked,
 * a broken segment is accepted when a seal that holds follows it, and the
 * final head line must name the last entry and its hash. No I/O: bytes
 * in, a verdict out.
 */
#ifndef CENTINELA_FEED_AUDIT_JSONL_H
#define CENTINELA_FEED_AUDIT_JSONL_H

#include <stddef.h>
#include <stdint.h>

#include "centinela/base/hash.h"
#include "centinela/model/audit.h"

struct err;

struct audit_jsonl_verify {
	int64_t entries;       /* entry lines walked */
	size_t first_bad_line; /* 1-based; 0 when the file is intact */
	char head_hash[SHA256_HEX_LEN + 1]; /* the head's hash when intact */
	int64_t seals;                      /* breaks sealed in the file */
	struct audit_seal_info last_seal;   /* the last of them */
};

/*
 * Verify data[0..len). Returns 0 when intact (a sealed break included), or
 * ERR_CORRUPT with r->first_bad_line and a message naming the first break
 * that no seal holds: "line 17: hash does not match its fields (entry 17,
 * 2026-11-29T03:00:00Z, incident.update by ana)", "line 5 holds entry 7
 * where entry 5 belongs (a line was deleted or moved)", "line 9: the head
 * line is missing (the file is truncated)".
 */
int audit_jsonl_verify(const char *data, size_t len,
                       struct audit_jsonl_verify *r, struct err *e);

#endif
