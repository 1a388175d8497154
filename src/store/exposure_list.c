/*
 * Exposures read for the pages of one exposure, of a CVE and of an asset
 * (the list itself is list.c's, by the entity table of list_entities.c).
 * See include/centinela/store/exposure.h.
 */
#include "centinela/store/exposure.h"

#include "centinela/base/err.h"
#include "centinela/model/exposure.h"
#include "internal.h"
#include "rows.h"

/* An exposure by its primary key, which the row id packs (schema v13). */
static const char sql_get[] =
    "SELECT " STORE_ROW_EXPOSURE_COLS " FROM exposure" STORE_ROW_EXPOSURE_JOINS
    " WHERE exposure.vulnerability_id = ?1 AND exposure.asset_id = ?2";

/* A CVE's exposures, grouped by sector and organization. */
static const char sql_of_vulnerability[] =
    "SELECT " STORE_ROW_EXPOSURE_COLS
    " FROM exposure INDEXED BY exposure_vuln_priority" STORE_ROW_EXPOSURE_JOINS
    " WHERE exposure.vulnerability_id = ?1"
    " ORDER BY 12, 11, exposure.priority DESC, 9, exposure.asset_id"
    " LIMIT ?2";

static const char sql_of_asset[] =
    "SELECT " STORE_ROW_EXPOSURE_COLS " FROM exposure" STORE_ROW_EXPOSURE_JOINS
    " WHERE exposure.asset_id = ?1"
    " ORDER BY exposure.priority DESC, exposure.vulnerability_id LIMIT ?2";

int
store_exposure_get(struct store *s, int64_t id, struct exposure *out,
                   struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_get, e);
	int step;

	exposure_release(out);
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, EXPOSURE_ID_VULN(id));
	sqlite3_bind_int64(st, 2, EXPOSURE_ID_ASSET(id));
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		store_row_read_exposure(st, 0, out);
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read an exposure");
	return err_set(e, ERR_NOTFOUND, "no exposure %lld", (long long)id);
}

static void
row_read(sqlite3_stmt *st, void *row)
{
	exposure_init(row);
	store_row_read_exposure(st, 0, row);
}

static void
row_release(void *row)
{
	exposure_release(row);
}

static const struct store_row_ops exposure_ops = {sizeof(struct exposure),
                                                  row_read, NULL, row_release,
                                                  "cannot list exposures"};

static int
exposure_list(struct store *s, const char *sql, int64_t key, int limit,
              struct exposure **rows, size_t *n, struct err *e)
{
	void *v;
	int rc =
	    store_list_related(s, sql, key, limit, &exposure_ops, &v, n, e);

	*rows = v;
	return rc;
}

int
store_exposures_of_vulnerability(struct store *s, int64_t vulnerability_id,
                                 int limit, struct exposure **rows, size_t *n,
                                 struct err *e)
{
	return exposure_list(s, sql_of_vulnerability, vulnerability_id, limit,
	                     rows, n, e);
}

int
store_exposures_of_asset(struct store *s, int64_t asset_id, int limit,
                         struct exposure **rows, size_t *n, struct err *e)
{
	return exposure_list(s, sql_of_asset, asset_id, limit, rows, n, e);
}
