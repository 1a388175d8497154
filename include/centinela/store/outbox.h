/*
 * The outbox: local edits waiting for the server (DESIGN.md, offline
 * rules), each kept as a neutral edit (model/outbox_edit.h): its entity,
 * operation and fields in the model's terms, never a protocol's request.
 * The driver of the entry's source turns it into a request when it is
 * sent (feed/feed.h, edit_request).
 */
#ifndef CENTINELA_STORE_OUTBOX_H
#define CENTINELA_STORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/hash.h"
#include "centinela/model/enums.h"
#include "centinela/model/outbox_edit.h"

struct err;
struct store;

struct outbox_entry {
	int64_t id;                 /* FIFO order */
	char key[UUID_STR_LEN + 1]; /* idempotency key (UUIDv4) */
	char *source;               /* target source (owned) */
	enum outbox_entity entity;  /* what the edit changes */
	int64_t entity_id;          /* local rowid */
	enum outbox_op operation;   /* how (-1: a name this program does not
	                               know, never sent) */
	char *fields;               /* the edit's fields, JSON (owned) */
	int64_t base_version;       /* version the edit was made on */
	enum outbox_state state;    /* where the entry stands */
	int attempts;               /* replays tried */
	int64_t next_attempt_at;    /* backoff: not before (Unix s) */
	char *last_error;           /* (owned, may be NULL) */
	int64_t created_at;         /* Unix seconds */
	/*
	 * The incident whose version at the server the entry changes, 0:
	 * none: an incident's own entries, and the promote (or merge) of an
	 * alert into one (the incident the promote goes to). Its entries
	 * replay in one FIFO.
	 */
	int64_t incident_id;
};

/* Open entries of the outbox, as the status bar and `sync` tell them. */
struct outbox_counts {
	int64_t pending;   /* to send (held ones included) */
	int64_t failed;    /* refused by the server: the analyst must act */
	int64_t conflicts; /* refused as conflicting: the analyst chooses */
	int64_t held;      /* pending behind a failed or conflicting entry */
};

void outbox_entry_init(struct outbox_entry *o);
void outbox_entry_release(struct outbox_entry *o);

/*
 * Append an edit (state pending) with a fresh idempotency key, copied to
 * key_out[UUID_STR_LEN + 1] when non-NULL. Call inside the edit's
 * transaction.
 */
int store_outbox_add(struct store *s, const char *source,
                     enum outbox_entity entity, int64_t entity_id,
                     enum outbox_op operation, const char *fields,
                     int64_t base_version, char *key_out, struct err *e);

/*
 * Entries in state, FIFO (OUTBOX_OPEN: all of pending/failed/conflict),
 * at most limit of them (limit <= 0: all). *rows is an owned array of *n
 * entries: outbox_entry_release each, then free(*rows).
 */
int store_outbox_list(struct store *s, enum outbox_state state, int limit,
                      struct outbox_entry **rows, size_t *n, struct err *e);

/* Entries in a state (OUTBOX_OPEN: pending, failed or conflict). */
int store_outbox_count(struct store *s, enum outbox_state state, int64_t *n,
                       struct err *e);

/*
 * Change the state of an entry, recording error (may be NULL) and the
 * earliest time of the next replay. A call with an error or with state
 * OUTBOX_DONE records the outcome of a replay and adds one to attempts.
 * ERR_NOTFOUND for an unknown id, ERR_INVALID for an unknown state.
 */
int store_outbox_set_state(struct store *s, int64_t id, enum outbox_state state,
                           const char *error, int64_t next_attempt_at,
                           struct err *e);

/*
 * What the status bar shows: entries waiting for the server (pending or
 * failed) and entries in conflict.
 */
int store_outbox_totals(struct store *s, int64_t *waiting, int64_t *conflicts,
                        struct err *e);

/*
 * The entry to replay next for source: the oldest pending one due by now
 * that heads its chains (no earlier pending, failed or conflicting entry
 * of the same row, nor of the same incident_id: FIFO per row and per
 * incident). ERR_NOTFOUND when none; *out is initialised either way
 * (outbox_entry_release it).
 */
int store_outbox_next(struct store *s, const char *source, int64_t now,
                      struct outbox_entry *out, struct err *e);
/*
 * Both leave out entries held back until an incident has its id at the
 * server: an alert's promote into an incident (incident_id) without a
 * remote id, other than the promote that makes that incident, and the
 * edits of such an incident other than its create.
 */
/* Whether entry id is held back so (false for an unknown id). */
int store_outbox_is_held(struct store *s, int64_t id, bool *is_held,
                         struct err *e);
/* Earliest next_attempt_at of source's pending entries; ERR_NOTFOUND: none. */
int store_outbox_next_due(struct store *s, const char *source, int64_t *when,
                          struct err *e);
/*
 * Before o is sent: the id at o's source of the incident an alert's
 * promote goes to (*remote_id, owned), NULL for other entries and for the
 * promote that makes its incident (fields.incident). ERR_NOTFOUND when
 * the incident is gone or has no remote id yet, ERR_INVALID when it
 * belongs to another source than o's.
 */
int store_outbox_promote_target(struct store *s, const struct outbox_entry *o,
                                char **remote_id, struct err *e);
/*
 * The last_error of an entry that creates an incident while it is out for
 * the first time (store_outbox_mark_sent), until its answer is recorded.
 */
#define OUTBOX_SENT_NO_ANSWER                                                  \
	"sent, no answer yet: the server may have made the incident; the "     \
	"next sync sends it again under its key"
/*
 * Before o goes out: when it creates an incident (a create, a promote
 * with a new incident) and was never sent, record that it is out
 * (last_error OUTBOX_SENT_NO_ANSWER), so that a process killed before the
 * answer, or another process pulling meanwhile, counts it as unsettled
 * (store_outbox_unsettled_creations). Other entries: nothing.
 */
int store_outbox_mark_sent(struct store *s, const struct outbox_entry *o,
                           struct err *e);
/* Mark an entry a conflict, keeping the server's object (JSON). */
int store_outbox_set_conflict(struct store *s, int64_t id, const char *error,
                              const char *server_payload, struct err *e);
/*
 * After done was accepted at new_version: the later pending entries of the
 * same row that were made on done's base version were made on top of it,
 * so they now base on new_version.
 */
int store_outbox_rebase(struct store *s, const struct outbox_entry *done,
                        int64_t new_version, struct err *e);
/* Entries of one row still pending, failed or in conflict. */
int store_outbox_open_for(struct store *s, enum outbox_entity entity,
                          int64_t entity_id, int64_t *n, struct err *e);
/* One entry by id, with the server's object of a conflict (owned, may be
 * NULL; pass NULL to skip it). ERR_NOTFOUND. */
int store_outbox_get(struct store *s, int64_t id, struct outbox_entry *out,
                     char **server_payload, struct err *e);

/*
 * Send an entry again as a new request: state pending, a fresh idempotency
 * key (copied to key_out[UUID_STR_LEN + 1] when non-NULL), base_version
 * as given, attempts, error, backoff and the server's object cleared.
 * ERR_NOTFOUND for an unknown id.
 */
int store_outbox_requeue(struct store *s, int64_t id, int64_t base_version,
                         char *key_out, struct err *e);

/*
 * The row an entry points at (entity OUTBOX_INCIDENT, OUTBOX_ALERT,
 * OUTBOX_ASSET, OUTBOX_ORGANIZATION: the synced rows, whose tables only
 * the store names): its source and remote id (owned, may be NULL) and the
 * server version; ERR_NOTFOUND, ERR_INVALID for another entity. The
 * store_record_* calls below take the same entities.
 */
int store_record_remote(struct store *s, enum outbox_entity entity, int64_t id,
                        char **source, char **remote_id, int64_t *version,
                        struct err *e);
/* Record the server's id of a row created here. */
int store_record_set_remote(struct store *s, enum outbox_entity entity,
                            int64_t id, const char *source,
                            const char *remote_id, struct err *e);
/* The row of entity known at source as remote_id: *id, 0 when none. */
int store_record_find_remote(struct store *s, enum outbox_entity entity,
                             const char *source, const char *remote_id,
                             int64_t *id, struct err *e);
/*
 * Record the reference the server gave an incident made here (it keeps
 * ours unless another incident has it), so that the server's objects
 * naming it (an alert's "incident") find it before its own edits are all
 * sent. Nothing is done when another row holds that reference.
 */
int store_incident_adopt_reference(struct store *s, int64_t id,
                                   const char *reference, struct err *e);
/* Set a row's local_state. */
int store_record_set_state(struct store *s, enum outbox_entity entity,
                           int64_t id, enum local_state state, struct err *e);
/*
 * Record the server's version of a row while edits of it still wait (its
 * fields stay the analyst's): the edits made from now on are based on it.
 */
int store_record_set_version(struct store *s, enum outbox_entity entity,
                             int64_t id, int64_t version, struct err *e);
/*
 * The row (source, remote_id) of entity, when it is dirty with no open
 * outbox entry (its last edit was dropped), becomes synced, so that the
 * server's copy being written replaces it. No row: nothing done.
 */
int store_record_release(struct store *s, enum outbox_entity entity,
                         const char *source, const char *remote_id,
                         struct err *e);
/* Whether source has a dropped entry whose row is still dirty. */
int store_outbox_has_released(struct store *s, const char *source, bool *has,
                              struct err *e);

/*
 * The pending entries of one row based on from_version are based on
 * to_version from now on (the server's version after an edit of ours
 * that they were made on top of).
 */
int store_outbox_rebase_row(struct store *s, enum outbox_entity entity,
                            int64_t id, int64_t from_version,
                            int64_t to_version, struct err *e);

/*
 * Pending entries of source that create an incident at the server (a
 * create, a promote with a new incident) and were sent before without an
 * answer that could be read, or are out now (store_outbox_mark_sent): the
 * server may hold that incident already.
 */
int store_outbox_unsettled_creations(struct store *s, const char *source,
                                     int64_t *n, struct err *e);
/*
 * Whether incident incident_id (made here) has such an entry: the server
 * may hold it already under the id its answer would have given.
 */
int store_outbox_incident_unsettled(struct store *s, int64_t incident_id,
                                    bool *is_unsettled, struct err *e);
/* Open entries of source (NULL: all), held ones counted apart. */
int store_outbox_counts(struct store *s, const char *source,
                        struct outbox_counts *c, struct err *e);
/*
 * The earliest failed or conflicting entry that entry id waits behind,
 * directly or through other open entries of its chains; 0: none.
 */
int store_outbox_blocker(struct store *s, int64_t id, int64_t *blocker,
                         struct err *e);
/*
 * Send a failed entry again: pending, due now, attempts and error cleared,
 * with a fresh idempotency key (copied to key_out[UUID_STR_LEN + 1] when
 * non-NULL; the refusal applied nothing under the old one). ERR_NOTFOUND,
 * ERR_INVALID when the entry is not failed.
 */
int store_outbox_retry(struct store *s, int64_t id, char *key_out,
                       struct err *e);
/*
 * Entry id, pending or failed, is never to be sent: state dropped, its
 * last error kept. ERR_NOTFOUND when no such entry is in those states.
 */
int store_outbox_drop(struct store *s, int64_t id, struct err *e);
/* Open entries other than except that change incident incident_id. */
int store_outbox_dependents(struct store *s, int64_t incident_id,
                            int64_t except, int64_t *n, struct err *e);

#endif
