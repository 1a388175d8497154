/* EPSS scores of CVEs. See include/centinela/store/epss.h. */
#include "centinela/store/epss.h"

#include <stdlib.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "exposure_internal.h"
#include "internal.h"

#define DAY_S ((int64_t)86400)

/*
 * ?1 cve_id, ?2 score, ?3 percentile, ?4 scored_at, ?5 model_version,
 * ?6 source, ?7 now. A later day moves the stored score to prev_*; the
 * WHERE keeps an earlier day's score, or the same one again, from
 * writing anything. A written row returns whether its score reaches the
 * exposure alert threshold (schema v7's exposure_rule).
 */
static const char sql_upsert[] =
    "INSERT INTO epss(cve_id, score, percentile, scored_at, model_version, "
    "source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(cve_id) DO UPDATE SET "
    "prev_score = CASE WHEN excluded.scored_at > epss.scored_at "
    "THEN epss.score ELSE epss.prev_score END, "
    "prev_percentile = CASE WHEN excluded.scored_at > epss.scored_at "
    "THEN epss.percentile ELSE epss.prev_percentile END, "
    "prev_scored_at = CASE WHEN excluded.scored_at > epss.scored_at "
    "THEN epss.scored_at ELSE epss.prev_scored_at END, "
    "score = excluded.score, percentile = excluded.percentile, "
    "scored_at = excluded.scored_at, "
    "model_version = coalesce(excluded.model_version, epss.model_version), "
    "source = excluded.source, updated_at = excluded.updated_at "
    "WHERE excluded.scored_at > epss.scored_at OR "
    "(excluded.scored_at = epss.scored_at AND "
    "(excluded.score IS NOT epss.score OR "
    "excluded.percentile IS NOT epss.percentile)) "
    "RETURNING score >= (SELECT epss FROM exposure_rule WHERE id = 1)";

static const char sql_get[] =
    "SELECT score, percentile, scored_at, model_version, prev_score, "
    "prev_percentile, prev_scored_at FROM epss WHERE cve_id = ?1";

static const char sql_count[] = "SELECT count(*) FROM epss";

int
store_epss_upsert(struct store *s, const char *source,
                  const struct epss_score *sc, bool *changed, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_upsert, e);
	int64_t now = time_now(), day = sc->scored_at;
	bool is_changed = false, reaches = false;
	int step;

	if (changed)
		*changed = false;
	if (!st)
		return ERR_DB;
	if (!day)
		day = now - now % DAY_S;
	store_bind_text(st, 1, sc->cve_id);
	sqlite3_bind_double(st, 2, sc->score);
	sqlite3_bind_double(st, 3, sc->percentile);
	sqlite3_bind_int64(st, 4, day);
	store_bind_text(st, 5, sc->model_version);
	store_bind_text(st, 6, source ? source : "local");
	sqlite3_bind_int64(st, 7, now);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		is_changed = true;
		reaches = sqlite3_column_int(st, 0) != 0;
		step = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot store the EPSS score");
	if (changed)
		*changed = is_changed;
	/* a score at the threshold makes the CVE's exposures qualify */
	if (reaches)
		return store_exposure_alerts_of_cve(s, sc->cve_id, e);
	return 0;
}

int
store_epss_get(struct store *s, const char *cve_id, struct epss_score *out,
               struct epss_score *prev, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_get, e);
	int step;

	epss_score_init(out);
	if (prev) {
		epss_score_init(prev);
		prev->score = prev->percentile = -1;
	}
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, cve_id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->cve_id = xstrdup(cve_id);
		out->score = sqlite3_column_double(st, 0);
		out->percentile = sqlite3_column_double(st, 1);
		out->scored_at = sqlite3_column_int64(st, 2);
		out->model_version = store_col_text(st, 3);
		if (prev && sqlite3_column_type(st, 4) != SQLITE_NULL) {
			prev->score = sqlite3_column_double(st, 4);
			prev->percentile = sqlite3_column_double(st, 5);
			prev->scored_at = sqlite3_column_int64(st, 6);
		}
	}
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no EPSS score of %s", cve_id);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot read the EPSS score");
	return 0;
}

int
store_epss_count(struct store *s, int64_t *n, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_count, e);

	*n = 0;
	if (!st)
		return ERR_DB;
	return store_step_int64(s, st, n, "cannot count EPSS scores", e);
}
