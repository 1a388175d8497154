/*
 * Helpers the entity files of src/store/ share: see internal.h.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"

int
store_touch(struct store *s, const char *sql, int64_t id, int64_t now,
            const char *what, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_step_done(s, st, what, e);
}

int
store_read_strings(struct store *s, const char *sql, int64_t id,
                   struct strvec *sv, const char *what, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t)
			strvec_push(sv, t);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, what);
	return 0;
}

int
store_list_related(struct store *s, const char *sql, int64_t key, int limit,
                   const struct store_row_ops *ops, void **rows, size_t *n,
                   struct err *e)
{
	unsigned char *v = NULL;
	sqlite3_stmt *st;
	size_t len = 0;
	int rc = 0, step;

	*rows = NULL;
	*n = 0;
	if (limit < 1)
		return err_set(e, ERR_INVALID, "list limit %d is not positive",
		               limit);
	if (!(st = store_stmt(s, sql, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int(st, 2, limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, ops->size);
		ops->read(st, v + len * ops->size);
		len++;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, ops->what);
		goto out;
	}
	for (size_t i = 0; ops->load && i < len && !rc; i++)
		rc = ops->load(s, v + i * ops->size, e);
out:
	if (rc) {
		for (size_t i = 0; i < len; i++)
			ops->release(v + i * ops->size);
		free(v);
		return rc;
	}
	*rows = v;
	*n = len;
	return 0;
}

int
store_upsert_returning(struct store *s, sqlite3_stmt *st, const char *find,
                       const char *key, int64_t *id, bool *is_changed,
                       bool *is_synced, const char *what_store,
                       const char *what_find, struct err *e)
{
	int step;

	*id = 0;
	*is_changed = false;
	*is_synced = true;
	sqlite3_set_last_insert_rowid(s->db, 0);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*is_changed = true;
		step = sqlite3_step(st);
	} else if (step == SQLITE_DONE && sqlite3_changes(s->db) > 0) {
		/* without RETURNING: inserted (its rowid) or updated (found) */
		*id = sqlite3_last_insert_rowid(s->db);
		*is_changed = true;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, what_store);
	if (*id)
		return 0;
	if (!(st = store_stmt(s, find, e)))
		return ERR_DB;
	store_bind_text(st, 1, key);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);

		*id = sqlite3_column_int64(st, 0);
		*is_synced = t && strcmp(t, "synced") == 0;
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, what_find);
	return 0;
}

int
store_reference_check(const char *prefix, int year, struct err *e)
{
	size_t n = 0;

	for (const char *p = prefix; p && *p >= 'A' && *p <= 'Z'; p++)
		n++;
	if (!prefix || n < 2 || n > 8 || prefix[n])
		return err_set(e, ERR_INVALID,
		               "reference prefix '%s' must be 2 to 8 "
		               "upper-case letters, e.g. 'MX'",
		               prefix ? prefix : "");
	if (year < 0 || year > 9999)
		return err_set(e, ERR_INVALID,
		               "reference year %d is not between 0 and 9999",
		               year);
	return 0;
}
