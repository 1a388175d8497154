/*
 * Schema version 11 (issue 13: the import of the 250,000-CVE catalog):
 * every CHECK (COLUMN IN ('a', 'b', 'c', ...)) of a table's definition
 * becomes CHECK (COLUMN = 'a' OR COLUMN = 'b' OR ...), the same
 * constraint written so that SQLite can check it cheaply.
 *
 * For an IN list of three values or more SQLite builds a temporary b-tree
 * of the values on each statement that checks it: each insert or upsert of
 * one row. That was a fifth of a CVE's upsert (local_state) and a third of
 * an asset's insert (local_state and kind), measured on this machine;
 * compared one by one, the same check costs next to nothing. The values
 * come from one table and the columns are NOT NULL, so either form holds
 * for exactly the same rows (and a NULL passes both, as SQL's CHECK lets
 * an unknown result pass).
 *
 * SQLite has no ALTER TABLE for a constraint. Rebuilding the tables would
 * copy each (with FTS triggers and foreign keys pointing at them), so
 * the definitions are changed where SQLite keeps them, sqlite_schema,
 * by the procedure its documentation gives for changing CHECK constraints
 * ("Making Other Kinds Of Table Schema Changes", lang_altertable.html):
 * inside the migration's transaction, with writable_schema on, each
 * definition updated, schema_version incremented so that every connection
 * reads the schema again (this one too: test_store_migration_v11_checks),
 * writable_schema off. The rows are not touched, and every row satisfies
 * the new constraint since it satisfied the old. Defensive mode, which
 * forbids writable_schema, is lifted for these statements only (the
 * store sets it once migrated, store.c set_pragmas).
 *
 * Tables created by later versions write their checks with OR directly.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "internal.h"

/* Skip blanks from p. */
static const char *
blanks(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* An SQL string literal at p ('...', '' for a quote): its end, or NULL. */
static const char *
literal_end(const char *p)
{
	if (*p != '\'')
		return NULL;
	for (p++; *p; p++)
		if (*p == '\'') {
			if (p[1] != '\'')
				return p + 1;
			p++;
		}
	return NULL;
}

/*
 * At p, "CHECK (" just read: COLUMN IN (LITERAL, ...)) with three
 * literals or more written as COLUMN = LITERAL OR ... onto out (the
 * closing parenthesis of the CHECK included). Returns the end of what it
 * rewrote, or NULL when p is not such a check (out unchanged).
 */
static const char *
rewrite_one(const char *p, struct strbuf *out)
{
	const char *col = blanks(p), *q = col, *lits[64], *ends[64];
	size_t n = 0, col_len;

	while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
	       *q == '_' || (q > col && *q >= '0' && *q <= '9'))
		q++;
	col_len = (size_t)(q - col);
	if (!col_len)
		return NULL;
	q = blanks(q);
	if (strncmp(q, "IN", 2) != 0)
		return NULL;
	q = blanks(q + 2);
	if (*q != '(')
		return NULL;
	for (q++;;) {
		const char *end;

		q = blanks(q);
		if (n == sizeof(lits) / sizeof(lits[0]) ||
		    !(end = literal_end(q)))
			return NULL;
		lits[n] = q;
		ends[n++] = end;
		q = blanks(end);
		if (*q == ')')
			break;
		if (*q != ',')
			return NULL;
		q++;
	}
	q = blanks(q + 1);
	if (*q != ')' || n < 3)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(out, " OR ");
		strbuf_add(out, col, col_len);
		strbuf_adds(out, " = ");
		strbuf_add(out, lits[i], (size_t)(ends[i] - lits[i]));
	}
	strbuf_addch(out, ')');
	return q + 1;
}

char *
store_checks_rewrite(const char *sql)
{
	static const char mark[] = "CHECK (";
	struct strbuf out;
	const char *p = sql, *at;
	bool changed = false;

	strbuf_init(&out);
	while ((at = strstr(p, mark))) {
		const char *end;

		strbuf_add(&out, p, (size_t)(at - p) + strlen(mark));
		end = rewrite_one(at + strlen(mark), &out);
		changed = changed || end;
		p = end ? end : at + strlen(mark);
	}
	if (!changed) {
		strbuf_release(&out);
		return NULL;
	}
	strbuf_adds(&out, p);
	return strbuf_detach(&out, NULL);
}

/* The tables whose definition holds a check to rewrite: names, texts. */
static int
tables_to_rewrite(struct store *s, struct strvec *names, struct strvec *sqls,
                  struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND "
	    "sql LIKE '%CHECK (%' ORDER BY name",
	    e);
	int step;

	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *sql = store_checks_rewrite(
		    (const char *)sqlite3_column_text(st, 1));

		if (!sql)
			continue;
		strvec_push(names, (const char *)sqlite3_column_text(st, 0));
		strvec_push_take(sqls, sql);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e,
		                    "cannot read the tables' definitions");
	return 0;
}

/* The rewrite, writable_schema on: defensive mode lifted by the caller. */
static int
rewrite_tables(struct store *s, struct err *e)
{
	struct strvec names, sqls;
	sqlite3_stmt *st;
	int64_t version = 0;
	struct strbuf set;
	int rc;

	strvec_init(&names);
	strvec_init(&sqls);
	if ((rc = tables_to_rewrite(s, &names, &sqls, e)) || !names.n)
		goto out;
	if (!(st = store_stmt(s, "PRAGMA schema_version", e))) {
		rc = ERR_DB;
		goto out;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if ((rc = store_exec(s, "PRAGMA writable_schema = ON;", e)))
		goto out;
	for (size_t i = 0; !rc && i < names.n; i++) {
		if (!(st = store_stmt(s,
		                      "UPDATE sqlite_schema SET sql = ?2 WHERE "
		                      "type = 'table' AND name = ?1",
		                      e))) {
			rc = ERR_DB;
			break;
		}
		store_bind_text(st, 1, names.v[i]);
		store_bind_text(st, 2, sqls.v[i]);
		rc = store_step_done(s, st, "cannot rewrite a table's checks",
		                     e);
	}
	strbuf_init(&set);
	strbuf_addf(&set, "PRAGMA schema_version = %lld;",
	            (long long)version + 1);
	if (!rc)
		rc = store_exec(s, set.buf, e);
	strbuf_release(&set);
	/* off whatever happened: the transaction rolls back on failure */
	if (store_exec(s, "PRAGMA writable_schema = OFF;", rc ? NULL : e) &&
	    !rc)
		rc = ERR_DB;
out:
	strvec_release(&names);
	strvec_release(&sqls);
	return rc;
}

int
store_migrate_checks(struct store *s, struct err *e)
{
	int was = 0, rc;

	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, -1, &was);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
	rc = rewrite_tables(s, e);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, was, NULL);
	return rc;
}
