/*
 * Sync state: one row per (source, resource) with the incremental-pull
 * cursor, the validators of the last response (ETag, Last-Modified) and the
 * outcome of the last attempts. Times of 0 are stored as NULL ("never").
 */
#include "centinela/store/sync_state.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

void
sync_state_init(struct sync_state *st)
{
	memset(st, 0, sizeof(*st));
}

void
sync_state_release(struct sync_state *st)
{
	free(st->source);
	free(st->resource);
	free(st->cursor);
	free(st->etag);
	free(st->last_modified);
	free(st->last_error);
	sync_state_init(st);
}

int
store_sync_state_get(struct store *s, const char *source, const char *resource,
                     struct sync_state *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	sync_state_init(out);
	if (!source || !resource)
		return err_set(e, ERR_INVALID,
		               "sync state needs a source and a resource");
	st = store_stmt(s,
	                "SELECT cursor, etag, last_modified, last_success_at, "
	                "last_attempt_at, last_error FROM sync_state "
	                "WHERE source = ?1 AND resource = ?2",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	store_bind_text(st, 2, resource);
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = err_set(e, ERR_NOTFOUND,
		             "source '%s' has never synced '%s'", source,
		             resource);
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = store_db_err(s, e, "cannot read sync state");
		goto out;
	}
	out->cursor = store_col_text(st, 0);
	out->etag = store_col_text(st, 1);
	out->last_modified = store_col_text(st, 2);
	out->last_success_at = sqlite3_column_int64(st, 3);
	out->last_attempt_at = sqlite3_column_int64(st, 4);
	out->last_error = store_col_text(st, 5);
	rc = 0;
out:
	sqlite3_reset(st);
	out->source = xstrdup(source);
	out->resource = xstrdup(resource);
	return rc;
}

int
store_sync_state_put(struct store *s, const struct sync_state *sst,
                     struct err *e)
{
	sqlite3_stmt *st;

	if (!sst->source || !*sst->source || !sst->resource || !*sst->resource)
		return err_set(e, ERR_INVALID,
		               "sync state needs a source and a resource");
	st = store_stmt(
	    s,
	    "INSERT INTO sync_state(source, resource, cursor, etag, "
	    "last_modified, last_success_at, last_attempt_at, last_error) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	    "ON CONFLICT(source, resource) DO UPDATE SET "
	    "cursor = excluded.cursor, etag = excluded.etag, "
	    "last_modified = excluded.last_modified, "
	    "last_success_at = excluded.last_success_at, "
	    "last_attempt_at = excluded.last_attempt_at, "
	    "last_error = excluded.last_error",
	    e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, sst->source);
	store_bind_text(st, 2, sst->resource);
	store_bind_text(st, 3, sst->cursor);
	store_bind_text(st, 4, sst->etag);
	store_bind_text(st, 5, sst->last_modified);
	store_bind_int(st, 6, sst->last_success_at, true);
	store_bind_int(st, 7, sst->last_attempt_at, true);
	store_bind_text(st, 8, sst->last_error);
	return store_step_done(s, st, "cannot save sync state", e);
}

int
store_source_hold_get(struct store *s, const char *source, int64_t *until,
                      char **reason, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT until, reason FROM source_hold WHERE source = ?1", e);
	int step;

	*until = 0;
	if (reason)
		*reason = NULL;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*until = sqlite3_column_int64(st, 0);
		if (reason)
			*reason = store_col_text(st, 1);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read the hold of a source");
	return 0;
}

int
store_source_hold_put(struct store *s, const char *source, int64_t until,
                      const char *reason, int64_t now, struct err *e)
{
	sqlite3_stmt *st;

	if (!source || !*source)
		return err_set(e, ERR_INVALID, "a hold needs a source");
	if (until <= 0) {
		st = store_stmt(s, "DELETE FROM source_hold WHERE source = ?1",
		                e);
		if (!st)
			return ERR_DB;
		store_bind_text(st, 1, source);
		return store_step_done(s, st, "cannot clear the hold", e);
	}
	st = store_stmt(s,
	                "INSERT INTO source_hold(source, until, reason, "
	                "set_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(source) "
	                "DO UPDATE SET until = excluded.until, reason = "
	                "excluded.reason, set_at = excluded.set_at",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	store_bind_int(st, 2, until, false);
	store_bind_text(st, 3, reason);
	store_bind_int(st, 4, now, false);
	return store_step_done(s, st, "cannot record the hold of a source", e);
}

/* When the next request may go, from the last ones (none: now). */
static int
request_due(struct store *s, const char *source, int64_t now_ms, int limit,
            int64_t window_ms, int64_t spacing_ms, int64_t *due_ms,
            struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT at FROM source_request WHERE source = ?1 AND at > ?2 "
	    "ORDER BY at DESC LIMIT ?3",
	    e);
	int64_t n = 0;
	int step;

	*due_ms = 0;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	store_bind_int(st, 2, now_ms - window_ms, false);
	store_bind_int(st, 3, limit, false);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t at = sqlite3_column_int64(st, 0);

		/* the newest sets the spacing, the limit-th the window */
		if (n++ == 0 && at + spacing_ms > *due_ms)
			*due_ms = at + spacing_ms;
		if (n == limit && at + window_ms > *due_ms)
			*due_ms = at + window_ms;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e,
		                    "cannot read the requests of a source");
	if (*due_ms <= now_ms)
		*due_ms = 0;
	/* times ahead of now (a clock set back) hold no longer than this */
	if (*due_ms > now_ms + window_ms)
		*due_ms = now_ms + window_ms;
	return 0;
}

int
store_source_request_reserve(struct store *s, const char *source,
                             int64_t now_ms, int limit, int64_t window_ms,
                             int64_t spacing_ms, int64_t *due_ms, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*due_ms = 0;
	if (!source || !*source || limit <= 0)
		return err_set(e, ERR_INVALID,
		               "a rate limit needs a source "
		               "and a positive limit");
	rc = store_begin(s, e);
	if (rc)
		return rc;
	rc = request_due(s, source, now_ms, limit, window_ms, spacing_ms,
	                 due_ms, e);
	if (rc || *due_ms)
		goto out;
	st = store_stmt(
	    s, "INSERT INTO source_request(source, at) VALUES (?1, ?2)", e);
	if (!st) {
		rc = ERR_DB;
		goto out;
	}
	store_bind_text(st, 1, source);
	store_bind_int(st, 2, now_ms, false);
	rc = store_step_done(s, st, "cannot record a request", e);
	if (rc)
		goto out;
	st = store_stmt(s,
	                "DELETE FROM source_request WHERE source = ?1 AND "
	                "at <= ?2",
	                e);
	if (!st) {
		rc = ERR_DB;
		goto out;
	}
	store_bind_text(st, 1, source);
	store_bind_int(st, 2, now_ms - window_ms, false);
	rc = store_step_done(s, st, "cannot forget old requests", e);
	if (rc)
		goto out;
	return store_commit(s, e);
out:
	store_rollback(s);
	return rc;
}

int
store_csaf_seen_get(struct store *s, const char *source, const char *url,
                    char **updated, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s,
	                              "SELECT updated FROM csaf_seen WHERE "
	                              "source = ?1 AND url = ?2",
	                              e);
	int step;

	*updated = NULL;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	store_bind_text(st, 2, url);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*updated = store_col_text(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e,
		                    "cannot read what a csaf source stored");
	return 0;
}

int
store_csaf_seen_put(struct store *s, const char *source, const char *url,
                    const char *updated, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "INSERT INTO csaf_seen(source, url, updated) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(source, url) DO UPDATE SET updated = excluded.updated",
	    e);

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, source);
	store_bind_text(st, 2, url);
	store_bind_text(st, 3, updated);
	return store_step_done(s, st, "cannot record what a csaf source stored",
	                       e);
}
