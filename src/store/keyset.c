/* The key set: see include/centinela/store/keyset.h. */
#include "centinela/store/keyset.h"

#include "centinela/base/err.h"
#include "internal.h"

static const char sql_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS keyset(key TEXT PRIMARY KEY, "
    "pos INTEGER NOT NULL) WITHOUT ROWID";
static const char sql_clear[] = "DELETE FROM temp.keyset";
static const char sql_find[] = "SELECT pos FROM temp.keyset WHERE key = ?1";
/* a key the set has already is left with its first position */
static const char sql_add[] =
    "INSERT OR IGNORE INTO temp.keyset(key, pos) VALUES (?1, ?2)";

int
store_keyset_reset(struct store *s, struct err *e)
{
	/*
	 * In a temporary file, whose pages SQLite caches 2 MiB at most:
	 * with the connection's temp_store = MEMORY, a million keys held
	 * 32 MiB. The table is created after the switch, which drops the
	 * temporary tables there were.
	 */
	int rc = store_exec(s, "PRAGMA temp_store = FILE", e);

	if (!rc)
		rc = store_exec(s, sql_create, e);
	return rc ? rc : store_exec(s, sql_clear, e);
}

void
store_keyset_release(struct store *s)
{
	/* Back to the connection's setting (see store_open); drops the set. */
	sqlite3_exec(s->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
}

int
store_keyset_find(struct store *s, const char *key, int64_t *pos, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_find, e);
	int step;

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, key);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && pos)
		*pos = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look a key up");
	return step == SQLITE_ROW;
}

/*
 * Added first, looked up only when it was there: one statement for each
 * new key (every row of a good file) rather than two.
 */
int
store_keyset_add(struct store *s, const char *key, int64_t pos, int64_t *first,
                 struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_add, e);
	int rc;

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, pos);
	if ((rc = store_step_done(s, st, "cannot keep a key", e)))
		return rc;
	if (store_changes(s) > 0)
		return 0;
	rc = store_keyset_find(s, key, first, e);
	return rc == 0 ? err_set(e, ERR_DB,
	                         "cannot keep a key: the set neither took it "
	                         "nor holds it")
	               : rc;
}
