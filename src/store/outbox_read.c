/*
 * Reading the outbox (store/outbox.h; the queue's data model is told in
 * outbox.c): entries listed, counted and read by id, the next entry a
 * source may send (FIFO per chain: an entry goes only when no earlier
 * open entry of its row or of its incident at the server is ahead of it,
 * and a promote into an incident without its id at the server yet is held
 * back), and what holds an entry (the failed or conflicting one ahead of
 * it in a chain). The chains are SQL (AHEAD_OF, HELD_BACK, STUCK_CTE).
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

/* The name bound for a state; NULL for OUTBOX_OPEN. */
static const char *
state_arg(enum outbox_state state)
{
	return state == OUTBOX_OPEN ? NULL : outbox_state_name(state);
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
	if (state != OUTBOX_OPEN && (rc = store_outbox_state_check(state, e)))
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
	if (state != OUTBOX_OPEN && (rc = store_outbox_state_check(state, e)))
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

/* Columns of the outbox entry readers, in read_entry's order. */
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

/*
 * An open entry that creates an incident at the server (a create, a
 * promote with a new incident) and went out without an answer read: sent
 * before (attempts), or marked as going out (store_outbox_mark_sent) by a
 * process that has not recorded the answer, or was killed first.
 */
#define UNSETTLED_CREATION                                                     \
	"(state = 'pending' AND (attempts > 0 OR last_error IS NOT NULL) "     \
	"AND " OUTBOX_CREATES_INCIDENT ")"

int
store_outbox_unsettled_creations(struct store *s, const char *source,
                                 int64_t *n, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT count(*) FROM outbox WHERE source = ?1 AND " UNSETTLED_CREATION,
	    e);

	*n = 0;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	return store_step_int64(s, st, n, "cannot count the outbox", e);
}

int
store_outbox_incident_unsettled(struct store *s, int64_t incident_id,
                                bool *is_unsettled, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT EXISTS (SELECT 1 FROM outbox WHERE incident_id = ?1 "
	    "AND " UNSETTLED_CREATION ")",
	    e);
	int64_t n = 0;
	int rc;

	*is_unsettled = false;
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, incident_id, false);
	rc = store_step_int64(s, st, &n, "cannot read the outbox", e);
	*is_unsettled = n != 0;
	return rc;
}
