/*
 * Sectors: a small code -> display name table, seeded by the schema
 * (is_builtin = 1) and extendable by the analysts. Other store modules call
 * store_sector_check() so that an unknown code fails with a message listing
 * the known ones instead of a bare foreign-key error.
 */
#include "centinela/store/sector.h"

#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "internal.h"

#define SECTOR_CODE_MAX 40

static bool
code_valid(const char *code)
{
	size_t n = 0;

	if (!code || !(code[0] >= 'a' && code[0] <= 'z'))
		return false;
	for (const char *p = code; *p; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-'))
			return false;
	return n <= SECTOR_CODE_MAX;
}

int
store_sector_add(struct store *s, const char *code, const char *name,
                 bool *changed, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (changed)
		*changed = false;
	if (!code_valid(code))
		return err_set(e, ERR_INVALID,
		               "invalid sector code '%s' (use lower-case "
		               "letters, digits and '-', starting with a "
		               "letter, at most %d bytes)",
		               code ? code : "", SECTOR_CODE_MAX);
	if (!name || !*name)
		return err_set(e, ERR_INVALID, "sector '%s' needs a name",
		               code);
	st = store_stmt(s,
	                "INSERT INTO sector(code, name) VALUES (?1, ?2) "
	                "ON CONFLICT(code) DO UPDATE SET name = excluded.name "
	                "WHERE name IS NOT excluded.name",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, name);
	if ((rc = store_step_done(s, st, "cannot add sector", e)))
		return rc;
	if (changed)
		*changed = store_changes(s) > 0;
	return 0;
}

bool
store_sector_exists(struct store *s, const char *code)
{
	sqlite3_stmt *st;
	bool is_known;

	if (!code)
		return false;
	st = store_stmt(s, "SELECT 1 FROM sector WHERE code = ?1", NULL);
	if (!st)
		return false;
	store_bind_text(st, 1, code);
	is_known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return is_known;
}

int
store_sector_check(struct store *s, const char *code, struct err *e)
{
	struct strvec codes;
	struct strbuf known;
	int rc;

	if (store_sector_exists(s, code))
		return 0;
	strvec_init(&codes);
	strbuf_init(&known);
	if ((rc = store_sector_list(s, &codes, NULL, e)))
		goto out;
	for (size_t i = 0; i < codes.n; i++)
		strbuf_addf(&known, "%s%s", i ? ", " : "", codes.v[i]);
	rc = err_set(e, ERR_INVALID, "unknown sector '%s' (known: %s)",
	             code ? code : "", known.len ? known.buf : "none");
out:
	strvec_release(&codes);
	strbuf_release(&known);
	return rc;
}

int
store_sector_list(struct store *s, struct strvec *codes, struct strvec *names,
                  struct err *e)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT code, name FROM sector ORDER BY code", e);
	int rc;

	if (!st)
		return ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (codes)
			strvec_push(codes,
			            (const char *)sqlite3_column_text(st, 0));
		if (names)
			strvec_push(names,
			            (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_db_err(s, e, "cannot list sectors");
	return 0;
}
