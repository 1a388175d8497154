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

static int
state_check(enum outbox_state state, struct err *e)
{
	if ((unsigned)state < OUTBOX_STATE_N)
		return 0;
	return err_set(e, ERR_INVALID,
	               "unknown outbox state %d (known: pending, failed, "
	               "conflict, done, dropped)",
	               (int)state);
}

/* The name bound for a state; NULL for OUTBOX_OPEN. */
static const char *
state_arg(enum outbox_state state)
{
	return state == OUTBOX_OPEN ? NULL : outbox_state_name(state);
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

static void
read_entry(sqlite3_stmt *st, struct outbox_entry *o)
{
	const unsigned char *key = sqlite3_column_text(st, 1);

	outbox_entry_init(o);
	o->id = sqlite3_column_int64(st, 0);
	if (key)
		snprintf(o->key, sizeof(o->key), "%s", (const char *)key);
	o->source = store_col_text(st, 2);
	o->entity = (enum outbox_entity)outbox_entity_parse(
	    (const char *)sqlite3_column_text(st, 3));
	o->entity_id = sqlite3_column_int64(st, 4);
	o->operation = (enum outbox_op)outbox_op_parse(
	    (const char *)sqlite3_column_text(st, 5));
	o->fields = store_col_text(st, 6);
	o->base_version = sqlite3_column_int64(st, 7);
	o->state = (enum outbox_state)outbox_state_parse(
	    (const char *)sqlite3_column_text(st, 8));
	o->attempts = sqlite3_column_int(st, 9);
	o->next_attempt_at = sqlite3_column_int64(st, 10);
	o->last_error = store_col_text(st, 11);
	o->created_at = sqlite3_column_int64(st, 12);
	o->incident_id = sqlite3_column_int64(st, 13);
}

int
store_outbox_list(struct store *s, enum outbox_state state, int limit,
                  struct outbox_entry **rows, size_t *n, struct err *e)
{
	struct outbox_entry *v = NULL;
	size_t used = 0, alloc = 0;
	sqlite3_stmt *st;
	int rc = 0, step;

	*rows = NULL;
	*n = 0;
	if (state != OUTBOX_OPEN && (rc = state_check(state, e)))
		return rc;
	st =
	    store_stmt(s,
	               "SELECT id, idempotency_key, source, entity, entity_id, "
	               "operation, payload, base_version, state, attempts, "
	               "next_attempt_at, last_error, created_at, incident_id "
	               "FROM outbox WHERE (?1 IS NULL AND state IN "
	               "('pending', 'failed', 'conflict')) OR state = ?1 "
	               "ORDER BY id LIMIT ?2",
	               e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, state_arg(state));
	store_bind_int(st, 2, limit > 0 ? limit : -1, false);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (used == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		read_entry(st, &v[used++]);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, "cannot read the outbox");
		goto out;
	}
	*rows = v;
	*n = used;
	v = NULL;
	used = 0;
out:
	for (size_t i = 0; i < used; i++)
		outbox_entry_release(&v[i]);
	free(v);
	return rc;
}

int
store_outbox_count(struct store *s, enum outbox_state state, int64_t *n,
                   struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (state != OUTBOX_OPEN && (rc = state_check(state, e)))
		return rc;
	st = store_stmt(s,
	                "SELECT count(*) FROM outbox WHERE "
	                "(?1 IS NULL AND state IN "
	                "('pending', 'failed', 'conflict')) OR state = ?1",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, state_arg(state));
	return store_step_int64(s, st, n, "cannot count the outbox", e);
}

int
store_outbox_set_state(struct store *s, int64_t id, enum outbox_state state,
                       const char *error, int64_t next_attempt_at,
                       struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = state_check(state, e)))
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

/* Columns of the outbox entry readers, in read_entry's order. */
/*
 * The promote of outbox o makes its incident: its fields hold the new
 * incident (model/outbox_edit.h).
 */
#define MAKES_INCIDENT(o)                                                      \
	"(json_valid(" o ".payload) AND coalesce(json_type(" o ".payload, "    \
	"'$.incident'), '') = 'object')"

/*
 * An entry of outbox o that waits for an incident to get its id at the
 * server: a promote into an incident without a remote id, other than the
 * one that makes it, or an edit of such an incident other than its create
 * (an incident made by promoting an alert has no create of its own).
 */
#define HELD_BACK                                                                    \
	"((o.entity = 'alert' AND o.operation = 'promote' "                          \
	"AND NOT " MAKES_INCIDENT(                                                   \
	    "o") " "                                                                 \
	         "AND EXISTS (SELECT 1 FROM incident AS i WHERE i.id = "             \
	         "o.incident_id AND i.remote_id IS NULL)) "                          \
	         "OR (o.entity = 'incident' AND o.operation <> 'create' "            \
	         "AND EXISTS (SELECT 1 FROM incident AS i WHERE i.id = o.entity_id " \
	         "AND i.remote_id IS NULL)))"

#define ENTRY_COLS                                                             \
	"id, idempotency_key, source, entity, entity_id, operation, payload, " \
	"base_version, state, attempts, next_attempt_at, last_error, "         \
	"created_at, incident_id"

/*
 * Entry p (an open one) is ahead of entry o in one of o's chains: o's row,
 * or the incident o changes at the server.
 */
#define AHEAD_OF(p, o)                                                         \
	"(" p ".id < " o ".id AND " p ".state IN "                             \
	"('pending', 'failed', 'conflict') AND ((" p ".entity = " o            \
	".entity AND " p ".entity_id = " o ".entity_id) OR (" o                \
	".incident_id IS NOT NULL AND " p ".incident_id = " o                  \
	".incident_id)))"

int
store_outbox_next(struct store *s, const char *source, int64_t now,
                  struct outbox_entry *out, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	outbox_entry_init(out);
	/* The head of each chain only: FIFO per row and per incident. */
	st = store_stmt(s,
	                "SELECT " ENTRY_COLS " FROM outbox AS o "
	                "WHERE o.state = 'pending' AND o.source = ?1 "
	                "AND o.next_attempt_at <= ?2 AND NOT EXISTS "
	                "(SELECT 1 FROM outbox AS p WHERE " AHEAD_OF(
	                    "p", "o") ") AND NOT " HELD_BACK
	                              " ORDER BY o.id LIMIT 1",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	store_bind_int(st, 2, now, false);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_entry(st, out);
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read the outbox");
	return ERR_NOTFOUND;
}

int
store_outbox_next_due(struct store *s, const char *source, int64_t *when,
                      struct err *e)
{
	sqlite3_stmt *st = store_stmt(s,
	                              "SELECT min(next_attempt_at) FROM outbox "
	                              "WHERE state = 'pending' AND source = ?1",
	                              e);

	*when = 0;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_db_err(s, e, "cannot read the outbox");
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		*when = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return *when ? 0 : ERR_NOTFOUND;
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

int
store_outbox_open_for(struct store *s, enum outbox_entity entity,
                      int64_t entity_id, int64_t *n, struct err *e)
{
	sqlite3_stmt *st =
	    store_stmt(s,
	               "SELECT count(*) FROM outbox WHERE entity = ?1 AND "
	               "entity_id = ?2 AND state IN "
	               "('pending', 'failed', 'conflict')",
	               e);

	*n = 0;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, outbox_entity_name(entity));
	store_bind_int(st, 2, entity_id, false);
	return store_step_int64(s, st, n, "cannot count the outbox", e);
}

int
store_outbox_get(struct store *s, int64_t id, struct outbox_entry *out,
                 char **server_payload, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT " ENTRY_COLS ", server_payload FROM outbox WHERE id = ?1",
	    e);
	int step;

	outbox_entry_init(out);
	if (server_payload)
		*server_payload = NULL;
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		read_entry(st, out);
		if (server_payload)
			*server_payload = store_col_text(st, 14);
	}
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read the outbox");
	return err_set(e, ERR_NOTFOUND, "no outbox entry %lld", (long long)id);
}

/* ---- the rows outbox entries point at ---- */

/* Statements per synced table, by outbox entity (never built). */
struct record_sql {
	const char *entity;  /* its table, NULL: not a synced row */
	const char *get;     /* source, remote_id, version by id */
	const char *remote;  /* set source and remote_id */
	const char *state;   /* set local_state */
	const char *version; /* set version */
	const char *release; /* a dirty row without open entries: synced */
	const char *find;    /* id by source and remote_id */
};

#define RECORD_SQL(t)                                                          \
	{                                                                      \
		t,                                                             \
		    "SELECT source, remote_id, version FROM " t                \
		    " WHERE id = ?1",                                          \
		    "UPDATE " t                                                \
		    " SET source = ?2, remote_id = ?3 WHERE id = ?1",          \
		    "UPDATE " t " SET local_state = ?2 WHERE id = ?1",         \
		    "UPDATE " t " SET version = ?2 WHERE id = ?1",             \
		    "UPDATE " t " SET local_state = 'synced' WHERE source = "  \
		    "?1 AND remote_id = ?2 AND local_state = 'dirty' AND NOT " \
		    "EXISTS (SELECT 1 FROM outbox WHERE entity = '" t          \
		    "' AND entity_id = " t ".id AND state IN ('pending', "     \
		    "'failed', 'conflict'))",                                  \
		    "SELECT id FROM " t                                        \
		    " WHERE source = ?1 AND remote_id = ?2"                    \
	}

static const struct record_sql record_sql[OUTBOX_ENTITY_N] = {
    [OUTBOX_INCIDENT] = RECORD_SQL("incident"),
    [OUTBOX_ALERT] = RECORD_SQL("alert"),
    [OUTBOX_ASSET] = RECORD_SQL("asset"),
    [OUTBOX_ORGANIZATION] = RECORD_SQL("organization"),
};

static const struct record_sql *
record_sql_for(enum outbox_entity entity, struct err *e)
{
	if ((size_t)entity < ARRAY_SIZE(record_sql) &&
	    record_sql[entity].entity)
		return &record_sql[entity];
	err_set(e, ERR_INVALID, "outbox entity '%s' is not a synced row",
	        outbox_entity_name(entity));
	return NULL;
}

int
store_record_remote(struct store *s, enum outbox_entity entity, int64_t id,
                    char **source, char **remote_id, int64_t *version,
                    struct err *e)
{
	const struct record_sql *r = record_sql_for(entity, e);
	sqlite3_stmt *st;
	int step;

	*source = NULL;
	*remote_id = NULL;
	*version = 0;
	if (!r)
		return ERR_INVALID;
	st = store_stmt(s, r->get, e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*source = store_col_text(st, 0);
		*remote_id = store_col_text(st, 1);
		*version = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read a row of the outbox");
	return err_set(e, ERR_NOTFOUND, "no %s %lld",
	               outbox_entity_name(entity), (long long)id);
}

int
store_record_set_remote(struct store *s, enum outbox_entity entity, int64_t id,
                        const char *source, const char *remote_id,
                        struct err *e)
{
	const struct record_sql *r = record_sql_for(entity, e);
	sqlite3_stmt *st;

	if (!r)
		return ERR_INVALID;
	st = store_stmt(s, r->remote, e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	store_bind_text(st, 2, source);
	store_bind_text(st, 3, remote_id);
	return store_step_done(s, st, "cannot record the server's id", e);
}

int
store_record_set_state(struct store *s, enum outbox_entity entity, int64_t id,
                       enum local_state state, struct err *e)
{
	const struct record_sql *r = record_sql_for(entity, e);
	sqlite3_stmt *st;

	if (!r)
		return ERR_INVALID;
	st = store_stmt(s, r->state, e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	store_bind_text(st, 2, local_state_name(state));
	return store_step_done(s, st, "cannot mark a row", e);
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
store_outbox_totals(struct store *s, int64_t *waiting, int64_t *conflicts,
                    struct err *e)
{
	int64_t pending = 0, failed = 0;
	int rc;

	*waiting = *conflicts = 0;
	if ((rc = store_outbox_count(s, OUTBOX_PENDING, &pending, e)) ||
	    (rc = store_outbox_count(s, OUTBOX_FAILED, &failed, e)) ||
	    (rc = store_outbox_count(s, OUTBOX_CONFLICT, conflicts, e)))
		return rc;
	*waiting = pending + failed;
	return 0;
}

int
store_outbox_promote_target(struct store *s, const struct outbox_entry *o,
                            char **remote_id, struct err *e)
{
	sqlite3_stmt *st;
	char *source = NULL, *remote = NULL, *ref = NULL;
	bool makes = false;
	int step, rc = 0;

	*remote_id = NULL;
	if (o->entity != OUTBOX_ALERT || o->operation != OUTBOX_PROMOTE)
		return 0;
	st = store_stmt(s,
	                "SELECT " MAKES_INCIDENT("o") " FROM outbox AS o "
	                                              "WHERE o.id = ?1",
	                e);
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, o->id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		makes = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read an outbox entry");
	if (makes)
		return 0;
	if (!o->incident_id)
		return err_set(e, ERR_NOTFOUND,
		               "the promote of alert:%lld names no incident",
		               (long long)o->entity_id);
	st = store_stmt(s,
	                "SELECT source, remote_id, reference FROM incident "
	                "WHERE id = ?1",
	                e);
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, o->incident_id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		source = store_col_text(st, 0);
		remote = store_col_text(st, 1);
		ref = store_col_text(st, 2);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW) {
		rc =
		    step == SQLITE_DONE
		        ? err_set(e, ERR_NOTFOUND,
		                  "incident:%lld, which the alert was promoted "
		                  "to, is no longer in the cache",
		                  (long long)o->incident_id)
		        : store_db_err(s, e, "cannot read an incident");
		goto out;
	}
	if (!source || strcmp(source, o->source)) {
		rc = err_set(e, ERR_INVALID,
		             "incident %s belongs to '%s', not to '%s'", ref,
		             source ? source : "local", o->source);
		goto out;
	}
	if (!remote) {
		rc = err_set(e, ERR_NOTFOUND,
		             "incident %s has no id at '%s' yet", ref, source);
		goto out;
	}
	*remote_id = remote;
	remote = NULL;
out:
	free(source);
	free(remote);
	free(ref);
	return rc;
}

int
store_outbox_is_held(struct store *s, int64_t id, bool *is_held, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT " HELD_BACK " FROM outbox AS o WHERE o.id = ?1", e);
	int step;

	*is_held = false;
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*is_held = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read the outbox");
	return 0;
}

int
store_record_set_version(struct store *s, enum outbox_entity entity, int64_t id,
                         int64_t version, struct err *e)
{
	const struct record_sql *r = record_sql_for(entity, e);
	sqlite3_stmt *st;

	if (!r)
		return ERR_INVALID;
	st = store_stmt(s, r->version, e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	store_bind_int(st, 2, version, false);
	return store_step_done(s, st, "cannot record the server's version", e);
}

int
store_record_release(struct store *s, enum outbox_entity entity,
                     const char *source, const char *remote_id, struct err *e)
{
	const struct record_sql *r = record_sql_for(entity, e);
	sqlite3_stmt *st;

	if (!r)
		return ERR_INVALID;
	st = store_stmt(s, r->release, e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	store_bind_text(st, 2, remote_id);
	return store_step_done(s, st, "cannot mark a row", e);
}

int
store_outbox_has_released(struct store *s, const char *source, bool *has,
                          struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT EXISTS (SELECT 1 FROM outbox AS o WHERE o.state = "
	    "'dropped' AND o.source = ?1 AND ((o.entity = 'incident' AND "
	    "EXISTS (SELECT 1 FROM incident WHERE id = o.entity_id AND "
	    "local_state = 'dirty')) OR (o.entity = 'alert' AND EXISTS "
	    "(SELECT 1 FROM alert WHERE id = o.entity_id AND local_state = "
	    "'dirty'))))",
	    e);
	int64_t n = 0;
	int rc;

	*has = false;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	rc = store_step_int64(s, st, &n, "cannot read the outbox", e);
	*has = n != 0;
	return rc;
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

/*
 * Every entry that waits, directly or through others, behind a failed or
 * conflicting entry of one of its chains: the stuck ones, then each open
 * entry after a stuck one in a chain of its. ?1 NULL: every source.
 */
#define STUCK_CTE                                                              \
	"WITH RECURSIVE stuck(id, entity, entity_id, incident_id, state) AS "  \
	"(SELECT id, entity, entity_id, incident_id, state FROM outbox WHERE " \
	"state IN ('failed', 'conflict') AND (?1 IS NULL OR source = ?1) "     \
	"UNION SELECT o.id, o.entity, o.entity_id, o.incident_id, o.state "    \
	"FROM stuck AS p, outbox AS o WHERE o.state IN ('pending', "           \
	"'failed', 'conflict') AND " AHEAD_OF("p", "o") ") "

int
store_outbox_counts(struct store *s, const char *source,
                    struct outbox_counts *c, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT coalesce(sum(state = 'pending'), 0), "
	    "coalesce(sum(state = 'failed'), 0), "
	    "coalesce(sum(state = 'conflict'), 0) FROM outbox WHERE state IN "
	    "('pending', 'failed', 'conflict') AND (?1 IS NULL OR source = ?1)",
	    e);
	int step;

	memset(c, 0, sizeof(*c));
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		c->pending = sqlite3_column_int64(st, 0);
		c->failed = sqlite3_column_int64(st, 1);
		c->conflicts = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot count the outbox");
	if (!c->failed && !c->conflicts)
		return 0; /* nothing can be held behind */
	st = store_stmt(s,
	                STUCK_CTE "SELECT count(*) FROM stuck WHERE state = "
	                          "'pending'",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	return store_step_int64(s, st, &c->held, "cannot count the outbox", e);
}

int
store_outbox_blocker(struct store *s, int64_t id, int64_t *blocker,
                     struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "WITH RECURSIVE ahead(id, entity, entity_id, incident_id, state) "
	    "AS (SELECT id, entity, entity_id, incident_id, state FROM outbox "
	    "WHERE id = ?1 UNION SELECT p.id, p.entity, p.entity_id, "
	    "p.incident_id, p.state FROM ahead AS o, outbox AS p WHERE " AHEAD_OF(
	        "p", "o") ") SELECT coalesce(min(id), 0) FROM ahead WHERE "
	                  "id <> ?1 AND state IN ('failed', 'conflict')",
	    e);

	*blocker = 0;
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	return store_step_int64(s, st, blocker, "cannot read the outbox", e);
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
store_outbox_dependents(struct store *s, int64_t incident_id, int64_t except,
                        int64_t *n, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT count(*) FROM outbox WHERE incident_id = ?1 AND id <> ?2 "
	    "AND state IN ('pending', 'failed', 'conflict')",
	    e);

	*n = 0;
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, incident_id, false);
	store_bind_int(st, 2, except, false);
	return store_step_int64(s, st, n, "cannot count the outbox", e);
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

int
store_incident_adopt_reference(struct store *s, int64_t id,
                               const char *reference, struct err *e)
{
	/*
	 * Only when no other row holds it: a reference made here that the
	 * server gave to another incident is the other row's (the pull then
	 * settles what each row is).
	 */
	sqlite3_stmt *st = store_stmt(
	    s,
	    "UPDATE incident SET reference = ?2 WHERE id = ?1 AND reference "
	    "<> ?2 AND NOT EXISTS (SELECT 1 FROM incident AS o WHERE "
	    "o.reference = ?2 AND o.id <> ?1)",
	    e);

	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	store_bind_text(st, 2, reference);
	return store_step_done(s, st, "cannot record the server's reference",
	                       e);
}

int
store_record_find_remote(struct store *s, enum outbox_entity entity,
                         const char *source, const char *remote_id, int64_t *id,
                         struct err *e)
{
	const struct record_sql *r = record_sql_for(entity, e);
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (!r)
		return ERR_INVALID;
	st = store_stmt(s, r->find, e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	store_bind_text(st, 2, remote_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(s, e, "cannot read a row of the outbox");
	return 0;
}

int
store_outbox_unsettled_creations(struct store *s, const char *source,
                                 int64_t *n, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT count(*) FROM outbox WHERE state = 'pending' AND source = "
	    "?1 AND attempts > 0 AND ((entity = 'incident' AND operation = "
	    "'create') OR (entity = 'alert' AND operation = 'promote' AND "
	    "json_valid(payload) AND json_type(payload, '$.incident') = "
	    "'object'))",
	    e);

	*n = 0;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	return store_step_int64(s, st, n, "cannot count the outbox", e);
}
