/*
 * The audit trail as JSON lines (`centinela audit export`), to be verified
 * on another machine (feed/audit_jsonl.h, `centinela audit verify --file`).
 * One object per entry, oldest first, then one head line:
 *
 *   {"id":1,"at":1795921200,"actor":"ana","action":"incident.update",
 *    "entity":"incident","entity_ref":"MX-2026-00007","detail":null,
 *    "prev_hash":"000...","hash":"3f2a..."}
 *   {"head_id":1,"head_hash":"3f2a..."}
 *
 * "at" is Unix seconds, an absent optional field is null, strings are
 * escaped as export/json.h says. Writes only to the FILE* it is handed.
 */
#ifndef CENTINELA_EXPORT_AUDIT_H
#define CENTINELA_EXPORT_AUDIT_H

#include <stdint.h>
#include <stdio.h>

struct audit_entry;
struct err;

/* Write one entry line to f (a borrowed). Returns 0 or ERR_IO. */
int export_audit_entry(FILE *f, const struct audit_entry *a, struct err *e);

/* Write the head line to f and flush it. Returns 0 or ERR_IO. */
int export_audit_head(FILE *f, int64_t last_id, const char *last_hash,
                      struct err *e);

#endif
