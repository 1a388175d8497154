/*
 * What the two files of the audit store share: audit.c checks the chain
 * and appends to it (the incremental check is described there);
 * audit_read.c reads entries for the views, the exports and handover.
 */
#ifndef CENTINELA_STORE_AUDIT_INTERNAL_H
#define CENTINELA_STORE_AUDIT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "centinela/model/audit.h"

struct err;
struct store;

#define ZERO_HASH AUDIT_ZERO_HASH

/* The columns of an entry, in the order read_row and the walks read. */
#define ENTRY_COLUMNS                                                          \
	"id, at, actor, action, entity, entity_ref, detail, prev_hash, hash"

/* Column i of the row st is on as text, or NULL. */
const char *store_audit_col(sqlite3_stmt *st, int i);

/* The head row (audit_head): *has_head false when there is none;
 * head_hash holds SHA256_HEX_LEN + 1 bytes. */
int store_audit_read_head(struct store *s, bool *has_head, int64_t *head_id,
                          char *head_hash, struct err *e);

#endif
