/*
 * Exposure alerts: see include/centinela/store/exposure_alert.h.
 *
 * One query per scope finds the exposures that qualify under the rule row
 * and have no exposure_alert row; each becomes an alert through
 * store_alert_upsert (source "exposure", remote id "asset:ID:CVE") and an
 * exposure_alert row, in the caller's transaction. The query of a scope
 * costs an index lookup when nothing qualifies, so the writers call it on
 * every change that may make an exposure qualify.
 */
#include "centinela/store/exposure_alert.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/exposure_alert.h"
#include "centinela/store/alert.h"
#include "exposure_internal.h"
#include "internal.h"

/* The exposures of scope WHERE that qualify and were never alerted. */
#define CANDIDATES(where)                                                      \
	"SELECT x.asset_id, a.name, a.criticality, o.name, a.sector, x.cpe, "  \
	"v.cve_id, v.title, v.is_kev, v.is_ransomware, v.kev_due_at, v.epss, " \
	"v.epss_percentile, v.cvss_score, a.organization_id, r.criticality, "  \
	"r.epss FROM exposure_rule r "                                         \
	"JOIN exposure x JOIN vulnerability v ON v.id = x.vulnerability_id "   \
	"JOIN asset a ON a.id = x.asset_id "                                   \
	"LEFT JOIN organization o ON o.id = a.organization_id "                \
	"WHERE r.id = 1 AND " where " AND a.criticality >= r.criticality AND " \
	"(v.is_kev OR v.epss >= r.epss) AND NOT EXISTS (SELECT 1 FROM "        \
	"exposure_alert d WHERE d.asset_id = x.asset_id AND d.cve_id = "       \
	"v.cve_id) ORDER BY x.asset_id, v.cve_id"

enum scope { BY_VULNERABILITY, BY_CVE, BY_ASSET, BY_ALL };

static const char *const sql_candidates[] = {
    CANDIDATES("x.vulnerability_id = ?1"),
    CANDIDATES("v.cve_id = ?1"),
    CANDIDATES("x.asset_id = ?1"),
    CANDIDATES("?1 ISNULL"),
};

static const char sql_record[] =
    "INSERT INTO exposure_alert(asset_id, cve_id, alert_id, raised_at, "
    "reason) VALUES (?1, ?2, ?3, ?4, ?5)";

static const char sql_rule_get[] =
    "SELECT criticality, epss FROM exposure_rule WHERE id = 1";
static const char sql_rule_set[] =
    "INSERT INTO exposure_rule(id, criticality, epss) VALUES (1, ?1, ?2) "
    "ON CONFLICT(id) DO UPDATE SET criticality = excluded.criticality, "
    "epss = excluded.epss";

/* A qualifying exposure read from the query: its facts and what they hold. */
struct pending {
	struct exposure_facts f;
	char *strs[6]; /* the strings of f (owned) */
	int64_t organization_id;
	struct exposure_rule rule;
};

static const char *
col_keep(sqlite3_stmt *st, int col, struct pending *p, int slot)
{
	p->strs[slot] = store_col_text(st, col);
	return p->strs[slot];
}

static double
col_real(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
	           ? -1
	           : sqlite3_column_double(st, col);
}

static void
pending_read(sqlite3_stmt *st, struct pending *p)
{
	struct exposure_facts *f = &p->f;

	memset(p, 0, sizeof(*p));
	f->asset_id = sqlite3_column_int64(st, 0);
	f->asset = col_keep(st, 1, p, 0);
	f->criticality = sqlite3_column_int(st, 2);
	f->organization = col_keep(st, 3, p, 1);
	f->sector = col_keep(st, 4, p, 2);
	f->cpe = col_keep(st, 5, p, 3);
	f->cve_id = col_keep(st, 6, p, 4);
	f->vuln_title = col_keep(st, 7, p, 5);
	f->is_kev = sqlite3_column_int(st, 8) != 0;
	f->is_ransomware = sqlite3_column_int(st, 9) != 0;
	f->kev_due_at = sqlite3_column_int64(st, 10);
	f->epss = col_real(st, 11);
	f->epss_percentile = col_real(st, 12);
	f->cvss = col_real(st, 13);
	p->organization_id = sqlite3_column_int64(st, 14);
	p->rule.criticality = sqlite3_column_int(st, 15);
	p->rule.epss = sqlite3_column_double(st, 16);
}

static void
pending_release(struct pending *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(p->strs); i++)
		free(p->strs[i]);
}

/* Raise the alert of p and record it. */
static int
raise_one(struct store *s, const struct pending *p, int64_t now, struct err *e)
{
	const struct exposure_facts *f = &p->f;
	bool by_epss = f->epss >= 0 && f->epss >= p->rule.epss;
	struct alert a;
	sqlite3_stmt *st;
	int rc;

	alert_init(&a);
	exposure_alert_build(&p->rule, f, now, &a);
	a.organization_id = p->organization_id;
	rc = store_alert_upsert(s, &a, NULL, e);
	if (!rc && !(st = store_stmt(s, sql_record, e)))
		rc = ERR_DB;
	if (!rc) {
		sqlite3_bind_int64(st, 1, f->asset_id);
		store_bind_text(st, 2, f->cve_id);
		sqlite3_bind_int64(st, 3, a.meta.id);
		sqlite3_bind_int64(st, 4, now);
		store_bind_text(st, 5,
		                f->is_kev && by_epss ? "KEV, EPSS"
		                : f->is_kev          ? "KEV"
		                                     : "EPSS");
		rc = store_step_done(s, st, "cannot record an exposure alert",
		                     e);
	}
	if (!rc) {
		s->exposure_tally.raised++;
		s->exposure_tally.last_alert_id = a.meta.id;
	}
	alert_release(&a);
	return rc;
}

/*
 * The alerts of scope (id or cve bound as ?1); *raised (optional) adds
 * how many. The rows are read whole before any is written.
 */
static int
raise_scope(struct store *s, enum scope scope, int64_t id, const char *cve,
            int64_t *raised, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_candidates[scope], e);
	struct pending *v = NULL;
	size_t n = 0;
	int64_t now = time_now();
	int rc = 0, step;

	if (!st)
		return ERR_DB;
	if (scope == BY_CVE)
		store_bind_text(st, 1, cve);
	else if (scope != BY_ALL)
		sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof(*v));
		pending_read(st, &v[n++]);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		rc = store_db_err(s, e, "cannot look up exposures to alert");
	for (size_t i = 0; !rc && i < n; i++)
		rc = raise_one(s, &v[i], now, e);
	if (!rc && raised)
		*raised += (int64_t)n;
	for (size_t i = 0; i < n; i++)
		pending_release(&v[i]);
	free(v);
	return rc;
}

int
store_exposure_alerts_of_vulnerability(struct store *s,
                                       int64_t vulnerability_id, struct err *e)
{
	return raise_scope(s, BY_VULNERABILITY, vulnerability_id, NULL, NULL,
	                   e);
}

int
store_exposure_alerts_of_cve(struct store *s, const char *cve_id, struct err *e)
{
	return raise_scope(s, BY_CVE, 0, cve_id, NULL, e);
}

int
store_exposure_alerts_of_asset(struct store *s, int64_t asset_id, struct err *e)
{
	return raise_scope(s, BY_ASSET, asset_id, NULL, NULL, e);
}

int
store_exposure_alerts_raise_all(struct store *s, int64_t *raised, struct err *e)
{
	bool is_own_tx;
	int64_t n = 0;
	int rc;

	if (raised)
		*raised = 0;
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	rc = raise_scope(s, BY_ALL, 0, NULL, &n, e);
	if ((rc = store_tx_leave(s, is_own_tx, rc, e)))
		return rc;
	if (raised)
		*raised = n;
	return 0;
}

int
store_exposure_rule_get(struct store *s, struct exposure_rule *out,
                        struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_rule_get, e);
	int step;

	exposure_rule_default(out);
	if (!st)
		return ERR_DB;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->criticality = sqlite3_column_int(st, 0);
		out->epss = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e,
		                    "cannot read the exposure alert rule");
	return 0;
}

int
store_exposure_rule_set(struct store *s, const struct exposure_rule *r,
                        bool *changed, struct err *e)
{
	struct exposure_rule cur;
	sqlite3_stmt *st;
	bool is_own_tx;
	int rc;

	if (changed)
		*changed = false;
	if (r->criticality < 1 || r->criticality > 5 || !(r->epss >= 0) ||
	    r->epss > 1)
		return err_set(e, ERR_INVALID,
		               "invalid exposure alert rule: criticality %d "
		               "(expected 1 to 5), EPSS %g (expected 0 to 1)",
		               r->criticality, r->epss);
	if ((rc = store_exposure_rule_get(s, &cur, e)))
		return rc;
	if (cur.criticality == r->criticality && cur.epss == r->epss)
		return 0;
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if (!(st = store_stmt(s, sql_rule_set, e)))
		rc = ERR_DB;
	if (!rc) {
		sqlite3_bind_int(st, 1, r->criticality);
		sqlite3_bind_double(st, 2, r->epss);
		rc = store_step_done(s, st,
		                     "cannot store the exposure alert rule", e);
	}
	if (!rc)
		rc = raise_scope(s, BY_ALL, 0, NULL, NULL, e);
	if ((rc = store_tx_leave(s, is_own_tx, rc, e)))
		return rc;
	if (changed)
		*changed = true;
	return 0;
}

void
store_exposure_alerts_tally(const struct store *s,
                            struct store_exposure_tally *out)
{
	*out = s->exposure_tally;
}

#define KEV_BETWEEN                                                            \
	"FROM exposure x INDEXED BY exposure_kev JOIN vulnerability v ON "     \
	"v.id = x.vulnerability_id JOIN asset a ON a.id = x.asset_id WHERE "   \
	"x.kev_at >= ?1 AND x.kev_at <= ?2"

static const char sql_kev_between[] =
    "SELECT v.cve_id, a.name, (SELECT o.name FROM organization o WHERE o.id "
    "= a.organization_id), a.sector, a.criticality, x.kev_at, v.kev_due_at, "
    "v.is_ransomware " KEV_BETWEEN " ORDER BY x.kev_at DESC, a.criticality "
    "DESC, v.cve_id, a.name LIMIT ?3";
static const char sql_kev_between_count[] = "SELECT count(*) " KEV_BETWEEN;

int
store_kev_exposures_between(struct store *s, int64_t from, int64_t to,
                            int limit, struct store_kev_exposure **rows,
                            size_t *n, int64_t *total, struct err *e)
{
	struct store_kev_exposure *v = NULL;
	sqlite3_stmt *st;
	size_t len = 0;
	int rc, step;

	*rows = NULL;
	*n = 0;
	*total = 0;
	if (!(st = store_stmt(s, sql_kev_between_count, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if ((rc = store_step_int64(s, st, total, "cannot count KEV exposures",
	                           e)))
		return rc;
	if (!(st = store_stmt(s, sql_kev_between, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 3, limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_kev_exposure *k;

		v = xreallocarray(v, len + 1, sizeof(*v));
		k = &v[len++];
		k->cve_id = store_col_text(st, 0);
		k->asset = store_col_text(st, 1);
		k->organization = store_col_text(st, 2);
		k->sector = store_col_text(st, 3);
		k->criticality = sqlite3_column_int(st, 4);
		k->kev_at = sqlite3_column_int64(st, 5);
		k->due_at = sqlite3_column_int64(st, 6);
		k->is_ransomware = sqlite3_column_int(st, 7) != 0;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		store_kev_exposures_free(v, len);
		return store_db_err(s, e, "cannot list KEV exposures");
	}
	*rows = v;
	*n = len;
	return 0;
}

void
store_kev_exposures_free(struct store_kev_exposure *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].cve_id);
		free(rows[i].asset);
		free(rows[i].organization);
		free(rows[i].sector);
	}
	free(rows);
}
