/* The outbox: local edits waiting for the server (DESIGN.md, offline rules). */
#ifndef CENTINELA_STORE_OUTBOX_H
#define CENTINELA_STORE_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "centinela/base/hash.h"

struct err;
struct store;

struct outbox_entry {
	int64_t id;                 /* FIFO order */
	char key[UUID_STR_LEN + 1]; /* idempotency key (UUIDv4) */
	char *source;               /* target source (owned) */
	char *entity;               /* "incident", "alert", ... (owned) */
	int64_t entity_id;          /* local rowid */
	char *operation;            /* e.g. "update", "add_note" (owned) */
	char *payload;              /* JSON body (owned) */
	int64_t base_version;       /* version the edit was made on */
	char *state;             /* pending, failed, conflict, done (owned) */
	int attempts;            /* replays tried */
	int64_t next_attempt_at; /* backoff: not before (Unix s) */
	char *last_error;        /* (owned, may be NULL) */
	int64_t created_at;      /* Unix seconds */
};

void outbox_entry_init(struct outbox_entry *o);
void outbox_entry_release(struct outbox_entry *o);

/*
 * Append an edit (state pending) with a fresh idempotency key, copied to
 * key_out[UUID_STR_LEN + 1] when non-NULL. Call inside the edit's
 * transaction.
 */
int store_outbox_add(struct store *s, const char *source, const char *entity,
                     int64_t entity_id, const char *operation,
                     const char *payload, int64_t base_version, char *key_out,
                     struct err *e);

/*
 * Entries in state, FIFO (state NULL: all of pending/failed/conflict), at
 * most limit of them (limit <= 0: all). *rows is an owned array of *n
 * entries: outbox_entry_release each, then free(*rows).
 */
int store_outbox_list(struct store *s, const char *state, int limit,
                      struct outbox_entry **rows, size_t *n, struct err *e);

/* Entries in a state (NULL: all not done). */
int store_outbox_count(struct store *s, const char *state, int64_t *n,
                       struct err *e);

/*
 * Change the state of an entry, recording error (may be NULL) and the
 * earliest time of the next replay. A call with an error or with state
 * "done" records the outcome of a replay and adds one to attempts.
 * ERR_NOTFOUND for an unknown id, ERR_INVALID for an unknown state.
 */
int store_outbox_set_state(struct store *s, int64_t id, const char *state,
                           const char *error, int64_t next_attempt_at,
                           struct err *e);

#endif
