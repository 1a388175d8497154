/* Whole catalogs' versions. See include/centinela/store/catalog.h. */
#include "centinela/store/catalog.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

static const char sql_set[] =
    "INSERT INTO catalog(name, source, version, released_at, entries, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT(name) DO UPDATE SET source = excluded.source, "
    "version = excluded.version, released_at = excluded.released_at, "
    "entries = excluded.entries, updated_at = excluded.updated_at";

static const char sql_list[] =
    "SELECT name, source, version, released_at, entries, updated_at "
    "FROM catalog ORDER BY name";

void
store_catalog_release(struct store_catalog *c)
{
	free(c->name);
	free(c->source);
	free(c->version);
	memset(c, 0, sizeof(*c));
}

int
store_catalog_set(struct store *s, const struct store_catalog *c, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_set, e);

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, c->name);
	store_bind_text(st, 2, c->source);
	store_bind_text(st, 3, c->version);
	store_bind_int(st, 4, c->released_at, true);
	sqlite3_bind_int64(st, 5, c->entries);
	sqlite3_bind_int64(st, 6, time_now());
	return store_step_done(s, st, "cannot record the catalog", e);
}

int
store_catalog_list(struct store *s, struct store_catalog **out, size_t *n,
                   struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_list, e);
	int step;

	*out = NULL;
	*n = 0;
	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_catalog *c;

		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		c = &(*out)[(*n)++];
		c->name = store_col_text(st, 0);
		c->source = store_col_text(st, 1);
		c->version = store_col_text(st, 2);
		c->released_at = sqlite3_column_int64(st, 3);
		c->entries = sqlite3_column_int64(st, 4);
		c->updated_at = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			store_catalog_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return store_db_err(s, e, "cannot list the catalogs");
	}
	return 0;
}
