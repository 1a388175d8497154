/*
 * The rows outbox entries point at (store/outbox.h): the incident, alert,
 * asset or organization of an entry, by its outbox entity, read and
 * marked as the sync engine sends its edits (the server's id, version and
 * the row's local_state), released when its last edit was dropped, and
 * found by its id at a source. Each synced table has its statements here,
 * chosen by entity from a constant table; no caller names a table.
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
