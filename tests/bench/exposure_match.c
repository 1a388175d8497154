/*
 * make bench: the cost of matching one CVE against all the assets and one
 * asset against all the CVEs, on a cache holding the whole synthetic NVD
 * catalog (tests/bench/nvd.sh).
 *
 *   exposure_match CACHE [N]
 *
 * Takes N CVEs that have criteria and N assets that have CPE names (default
 * 500 each), evenly spread over their ids, and matches each through the
 * store's entry points (store_exposure_match_vulnerability, _asset), each
 * in a transaction of its own that is rolled back, so that every one finds
 * the cache as the import left it. Each is matched as a new one: its
 * exposures are deleted first in that transaction, so that the call
 * writes every one it finds, as for a CVE or an asset just imported. The
 * clock runs around the call only (not the delete before it, nor the
 * commit a change would add). Prints the median, p95 and maximum in
 * milliseconds, and the exposures the calls found; then the same of the
 * CVE and of the asset with the most exposures, matched five times each
 * (an even spread of ids misses those).
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/exposure.h"
#include "centinela/store/store.h"
#include "clock.h"
#include "store/internal.h"

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* n ids of sql's rows (sorted ids), evenly spread, into out; how many. */
static size_t
sample(const char *path, const char *sql, size_t n, int64_t *out)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t *all = NULL;
	size_t n_all = 0, got = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	        SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "exposure_match: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 0;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		all = xreallocarray(all, n_all + 1, sizeof(*all));
		all[n_all++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	for (size_t i = 0; n_all && i < n; i++)
		out[got++] = all[i * n_all / n];
	free(all);
	return got;
}

/* Delete the exposures of CVE or asset id, in the open transaction. */
static int
forget(struct store *s, int64_t id, bool is_vuln, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    is_vuln ? "DELETE FROM exposure WHERE vulnerability_id = ?1"
	            : "DELETE FROM exposure WHERE asset_id = ?1",
	    e);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_step_done(s, st, "cannot clear the exposures", e);
}

/* Match each of ids (CVEs or assets) as new and print the figures. */
static int
timed(struct store *s, const char *what, const int64_t *ids, size_t n,
      bool is_vuln, struct err *e)
{
	double *us = xcalloc(n ? n : 1, sizeof(*us));
	struct store_match_stats stats = {0};

	for (size_t i = 0; i < n; i++) {
		double t0;
		int rc;

		if (store_begin(s, e) || forget(s, ids[i], is_vuln, e)) {
			store_rollback(s);
			free(us);
			return -1;
		}
		t0 = seconds();
		rc = is_vuln ? store_exposure_match_vulnerability(s, ids[i],
		                                                  &stats, e)
		             : store_exposure_match_asset(s, ids[i], &stats, e);
		us[i] = (seconds() - t0) * 1e6;
		store_rollback(s);
		if (rc) {
			free(us);
			return -1;
		}
	}
	qsort(us, n, sizeof(*us), cmp_double);
	if (n)
		printf("  %-36s %6.2f / %6.2f / %6.2f ms   target < 5 ms "
		       "(%zu of them, %" PRId64 " exposures found)\n",
		       what, us[n / 2] / 1e3, us[(n * 95 + 99) / 100 - 1] / 1e3,
		       us[n - 1] / 1e3, n, stats.added + stats.confirmed);
	free(us);
	return 0;
}

int
main(int argc, char **argv)
{
	struct store *s = NULL;
	struct err e;
	long n = 500;
	int64_t *vulns, *assets;
	size_t n_vulns, n_assets;
	char *end;

	if ((argc != 2 && argc != 3) ||
	    (argc == 3 && ((n = strtol(argv[2], &end, 10)) <= 0 || *end))) {
		fprintf(stderr, "usage: exposure_match CACHE [N]\n");
		return 2;
	}
	/* at least 5: the worst cases below are matched five times */
	vulns = xcalloc(n < 5 ? 5 : (size_t)n, sizeof(*vulns));
	assets = xcalloc(n < 5 ? 5 : (size_t)n, sizeof(*assets));
	n_vulns = sample(argv[1],
	                 "SELECT DISTINCT vulnerability_id FROM vuln_match "
	                 "ORDER BY 1",
	                 (size_t)n, vulns);
	n_assets = sample(argv[1],
	                  "SELECT DISTINCT asset_id FROM asset_cpe ORDER BY 1",
	                  (size_t)n, assets);
	err_clear(&e);
	if (store_open(argv[1], STORE_OPEN_EXISTING, &s, &e))
		goto fail;
	printf("\nmatching one change on the whole catalog (median / p95 / "
	       "max, the call alone, no commit):\n");
	if (timed(s, "one CVE against all assets", vulns, n_vulns, true, &e) ||
	    timed(s, "one asset against all CVEs", assets, n_assets, false, &e))
		goto fail;
	/*
	 * The worst cases, which an even spread misses: the CVE and the
	 * asset with the most exposures, each matched five times.
	 */
	if (sample(argv[1],
	           "SELECT vulnerability_id FROM exposure GROUP BY 1 "
	           "ORDER BY count(*) DESC LIMIT 1",
	           1, vulns) == 1 &&
	    sample(argv[1],
	           "SELECT asset_id FROM exposure GROUP BY 1 "
	           "ORDER BY count(*) DESC LIMIT 1",
	           1, assets) == 1) {
		for (size_t i = 1; i < 5; i++) {
			vulns[i] = vulns[0];
			assets[i] = assets[0];
		}
		if (timed(s, "the CVE with the most exposures, x5", vulns, 5,
		          true, &e) ||
		    timed(s, "the asset with the most exposures, x5", assets, 5,
		          false, &e))
			goto fail;
	}
	store_close(s);
	free(vulns);
	free(assets);
	return 0;
fail:
	fprintf(stderr, "exposure_match: %s\n", e.msg);
	store_close(s);
	free(vulns);
	free(assets);
	return 1;
}
