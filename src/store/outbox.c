/*
 * The outbox: one row per local edit waiting for the server, in FIFO order
 * (id). Each carries a UUIDv4 idempotency key, made here, so that a replay
 * sent twice is applied once. States: pending (to send, not before
 * next_attempt_at), failed (refused by the server, shown to the analyst),
 * conflict (409/412, waiting for the analyst's choice), done, dropped
 * (withdrawn by the analyst; kept, like done, so that no row vanishes).
 *
 * Replay order is FIFO per chain: the entries of one row, and the entries
 * that change one incident at the server (incident_id: its own entries and
 * the promotes and merges of alerts into it), each go only when no earlier
 * entry of theirs is still open. An entry behind a failed or conflicting
 * one is therefore held until the analyst settles that one; the chain is
 * followed through every link (store_outbox_blocker), so that the outbox
 * can say which entry holds it.
 *
 * Each entry is a neutral edit (model/outbox_edit.h): entity, operation
 * and state are kept by their names, the fields as JSON in the payload
 * column; the driver of the source makes the request (feed/feed.h).
 *
 * This file writes the queue: entries added, moved between states, sent
 * again with a fresh key, dropped, rebased on the server's versions.
 * outbox_read.c reads it (lists, counts, the next entry of a chain, what
 * holds one); outbox_record.c keeps the rows the entries point at.
 */
#include "centinela/store/outbox.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "internal.h"
#include "outbox_internal.h"

int
store_outbox_state_check(enum outbox_state state, struct err *e)
{
	if ((unsigned)state < OUTBOX_STATE_N)
		return 0;
	return err_set(e, ERR_INVALID,
	               "unknown outbox state %d (known: pending, failed, "
	               "conflict, done, dropped)",
	               (int)state);
}

/* Step an UPDATE of entry id; ERR_NOTFOUND when it changed no row. */
static int
update_one(struct store *s, sqlite3_stmt *st, int64_t id, struct err *e)
{
	int rc = store_step_done(s, st, "cannot update the outbox", e);

	if (rc)
		return rc;
	if (store_changes(s) == 0)
		return err_set(e, ERR_NOTFOUND, "no outbox entry %lld",
		               (long long)id);
	return 0;
}

void
outbox_entry_init(struct outbox_entry *o)
{
	memset(o, 0, sizeof(*o));
}

void
outbox_entry_release(struct outbox_entry *o)
{
	free(o->source);
	free(o->fields);
	free(o->last_error);
	outbox_entry_init(o);
}

int
store_outbox_add(struct store *s, const char *source, enum outbox_entity entity,
                 int64_t entity_id, enum outbox_op operation,
                 const char *fields, int64_t base_version, char *key_out,
                 struct err *e)
{
	char key[UUID_STR_LEN + 1];
	int64_t now = time_now();
	sqlite3_stmt *st;
	int rc;

	if (!source || !*source || !fields)
		return err_set(e, ERR_INVALID,
		               "outbox entry needs a source and its fields");
	if ((unsigned)entity >= OUTBOX_ENTITY_N)
		return err_set(e, ERR_INVALID,
		               "unknown outbox entity %d (known: incident, "
		               "alert, asset, organization, note, bulletin)",
		               (int)entity);
	if ((unsigned)operation >= OUTBOX_OP_N)
		return err_set(e, ERR_INVALID, "unknown outbox operation %d",
		               (int)operation);
	if ((rc = uuid_v4(key)))
		return err_set(e, rc,
		               "cannot make an idempotency key: no "
		               "randomness available");
	/*
	 * incident_id: the incident whose server version the entry changes.
	 * An alert's promote goes to the incident the edit has just linked
	 * the alert to (new, made here, or existing).
	 */
	st = store_stmt(s,
	                "INSERT INTO outbox(idempotency_key, source, entity, "
	                "entity_id, incident_id, operation, payload, "
	                "base_version, state, created_at, updated_at) VALUES "
	                "(?1, ?2, ?3, ?4, CASE WHEN ?3 = 'incident' THEN ?4 "
	                "WHEN ?3 = 'alert' AND ?5 = 'promote' THEN "
	                "(SELECT incident_id FROM alert WHERE id = ?4) END, "
	                "?5, ?6, ?7, 'pending', ?8, ?8)",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, key);
	store_bind_text(st, 2, source);
	store_bind_text(st, 3, outbox_entity_name(entity));
	store_bind_int(st, 4, entity_id, false);
	store_bind_text(st, 5, outbox_op_name(operation));
	store_bind_text(st, 6, fields);
	store_bind_int(st, 7, base_version, false);
	store_bind_int(st, 8, now, false);
	if ((rc = store_step_done(s, st, "cannot queue the edit", e)))
		return rc;
	if (key_out)
		memcpy(key_out, key, sizeof(key));
	return 0;
}

int
store_outbox_set_state(struct store *s, int64_t id, enum outbox_state state,
                       const char *error, int64_t next_attempt_at,
                       struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_outbox_state_check(state, e)))
		return rc;
	/* An outcome of a replay (an error, or done) counts as an attempt. */
	st = store_stmt(s,
	                "UPDATE outbox SET state = ?2, last_error = ?3, "
	                "next_attempt_at = ?4, updated_at = ?5, "
	                "attempts = attempts + (?3 IS NOT NULL OR ?2 = 'done') "
	                "WHERE id = ?1",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	store_bind_text(st, 2, outbox_state_name(state));
	store_bind_text(st, 3, error);
	store_bind_int(st, 4, next_attempt_at, false);
	store_bind_int(st, 5, time_now(), false);
	if ((rc = update_one(s, st, id, e)))
		return rc;
	return 0;
}

int
store_outbox_mark_sent(struct store *s, const struct outbox_entry *o,
                       struct err *e)
{
	/* Only what creates an incident; the first time only. */
	sqlite3_stmt *st;

	if (!((o->entity == OUTBOX_INCIDENT && o->operation == OUTBOX_CREATE) ||
	      (o->entity == OUTBOX_ALERT && o->operation == OUTBOX_PROMOTE)) ||
	    o->attempts > 0 || o->last_error)
		return 0;
	st = store_stmt(s,
	                "UPDATE outbox SET last_error = ?2 WHERE id = ?1 AND "
	                "state = 'pending' AND attempts = 0 AND last_error IS "
	                "NULL AND " OUTBOX_CREATES_INCIDENT,
	                e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, o->id, false);
	store_bind_text(st, 2, OUTBOX_SENT_NO_ANSWER);
	return store_step_done(s, st, "cannot mark the outbox entry as sent",
	                       e);
}

int
store_outbox_set_conflict(struct store *s, int64_t id, const char *error,
                          const char *server_payload, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "UPDATE outbox SET state = 'conflict', last_error = ?2, "
	    "server_payload = ?3, attempts = attempts + 1, updated_at = ?4 "
	    "WHERE id = ?1",
	    e);
	int rc;

	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	store_bind_text(st, 2, error);
	store_bind_text(st, 3, server_payload);
	store_bind_int(st, 4, time_now(), false);
	if ((rc = update_one(s, st, id, e)))
		return rc;
	return 0;
}

int
store_outbox_rebase(struct store *s, const struct outbox_entry *done,
                    int64_t new_version, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "UPDATE outbox SET base_version = ?1 WHERE entity = ?2 AND "
	    "entity_id = ?3 AND id > ?4 AND state = 'pending' AND "
	    "base_version = ?5",
	    e);

	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, new_version, false);
	store_bind_text(st, 2, outbox_entity_name(done->entity));
	store_bind_int(st, 3, done->entity_id, false);
	store_bind_int(st, 4, done->id, false);
	store_bind_int(st, 5, done->base_version, false);
	return store_step_done(s, st, "cannot update the outbox", e);
}

/*
 * Entry id (only when in state from, unless from is NULL) sent again as a
 * new request: pending, due now, a fresh key, attempts, error and the
 * server's object cleared, on *base_version when given. ERR_NOTFOUND when
 * no entry was changed.
 */
static int
send_again(struct store *s, int64_t id, const int64_t *base_version,
           const char *from, char *key_out, struct err *e)
{
	char key[UUID_STR_LEN + 1];
	sqlite3_stmt *st;
	int rc;

	if ((rc = uuid_v4(key)))
		return err_set(e, rc,
		               "cannot make an idempotency key: no "
		               "randomness available");
	st = store_stmt(s,
	                "UPDATE outbox SET state = 'pending', "
	                "idempotency_key = ?2, base_version = "
	                "coalesce(?3, base_version), attempts = 0, "
	                "next_attempt_at = 0, last_error = NULL, "
	                "server_payload = NULL, updated_at = ?4 WHERE id = ?1 "
	                "AND (?5 IS NULL OR state = ?5)",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	store_bind_text(st, 2, key);
	if (base_version)
		store_bind_int(st, 3, *base_version, false);
	store_bind_int(st, 4, time_now(), false);
	store_bind_text(st, 5, from);
	if ((rc = update_one(s, st, id, e)))
		return rc;
	if (key_out)
		memcpy(key_out, key, sizeof(key));
	return 0;
}

int
store_outbox_requeue(struct store *s, int64_t id, int64_t base_version,
                     char *key_out, struct err *e)
{
	/* A fresh key: the server may hold an answer under the old one. */
	return send_again(s, id, &base_version, NULL, key_out, e);
}

int
store_outbox_rebase_row(struct store *s, enum outbox_entity entity, int64_t id,
                        int64_t from_version, int64_t to_version, struct err *e)
{
	sqlite3_stmt *st =
	    store_stmt(s,
	               "UPDATE outbox SET base_version = ?4 WHERE entity = ?1 "
	               "AND entity_id = ?2 AND state = 'pending' AND "
	               "base_version = ?3",
	               e);

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, outbox_entity_name(entity));
	store_bind_int(st, 2, id, false);
	store_bind_int(st, 3, from_version, false);
	store_bind_int(st, 4, to_version, false);
	return store_step_done(s, st, "cannot update the outbox", e);
}

int
store_outbox_retry(struct store *s, int64_t id, char *key_out, struct err *e)
{
	struct outbox_entry o;
	int rc;

	/*
	 * A fresh key: the server refused the entry (4xx), so it applied
	 * nothing under the old one, and it may have kept that refusal.
	 */
	rc = send_again(s, id, NULL, "failed", key_out, e);
	if (rc != ERR_NOTFOUND)
		return rc;
	rc = store_outbox_get(s, id, &o, NULL, e);
	if (!rc)
		rc = err_set(e, ERR_INVALID,
		             "outbox entry %lld is %s, not failed; only a "
		             "failed entry is retried",
		             (long long)id, outbox_state_name(o.state));
	outbox_entry_release(&o);
	return rc;
}

int
store_outbox_drop(struct store *s, int64_t id, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "UPDATE outbox SET state = 'dropped', updated_at = ?2 WHERE id = "
	    "?1 AND state IN ('pending', 'failed')",
	    e);

	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	store_bind_int(st, 2, time_now(), false);
	return update_one(s, st, id, e);
}
