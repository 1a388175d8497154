/*
 * What vendors' CSAF documents say of a CVE on the assets: the
 * exposure_vex table (schema v9). See include/centinela/store/
 * exposure_vex.h.
 *
 * A bulletin's product statuses are resolved to the assets once, when the
 * bulletin is stored: each product with a CPE name is taken as a
 * criterion (with the bounds of its version range when its CPE version
 * is ANY), and every asset name it matches (model/cpe_config.h
 * cpe_match_satisfied, the test of an NVD criterion) gets the product's
 * state for the CVE. Matching (exposure.c) reads the rows back: it adds
 * the exposures of the known_affected pairs and keeps out those of the
 * fixed and known_not_affected ones.
 */
#include "centinela/store/exposure_vex.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/cpe.h"
#include "centinela/model/cpe_config.h"
#include "centinela/store/exposure.h"
#include "exposure_internal.h"
#include "internal.h"

static const char sql_clear[] =
    "DELETE FROM exposure_vex WHERE bulletin_id = ?1 RETURNING cve_id";
/*
 * The latest document holds a pair; within one document a product fixed
 * or not affected wins over one known_affected that also matches (the
 * narrower statement: "4.2 is fixed" beside "ABC is affected").
 */
static const char sql_put[] =
    "INSERT INTO exposure_vex(cve_id, asset_id, bulletin_id, state, cpe) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(cve_id, asset_id) DO UPDATE "
    "SET bulletin_id = excluded.bulletin_id, state = excluded.state, cpe "
    "= excluded.cpe WHERE NOT (exposure_vex.bulletin_id = "
    "excluded.bulletin_id AND exposure_vex.state <> 'known_affected' AND "
    "excluded.state = 'known_affected')";
/* Asset names by the key of a criterion (model/cpe.h enum cpe_scan). */
static const char *const sql_names_by[] = {
    "SELECT asset_id, cpe FROM asset_cpe WHERE vendor = ?1 AND product = "
    "?2",
    "SELECT asset_id, cpe FROM asset_cpe WHERE vendor = ?1",
    "SELECT asset_id, cpe FROM asset_cpe WHERE part = ?3",
    "SELECT asset_id, cpe FROM asset_cpe",
};
static const char sql_vuln_id[] =
    "SELECT coalesce((SELECT id FROM vulnerability WHERE cve_id = ?1), 0)";
static const char sql_of_vuln[] =
    "SELECT asset_id, state, cpe FROM exposure_vex WHERE cve_id = (SELECT "
    "cve_id FROM vulnerability WHERE id = ?1)";
static const char sql_of_asset[] =
    "SELECT v.id, x.state, x.cpe FROM exposure_vex x JOIN vulnerability v "
    "ON v.cve_id = x.cve_id WHERE x.asset_id = ?1";

/*
 * The criterion of product p into m (initialised by the caller): its CPE
 * name, and the bounds of its range when the name's version is ANY.
 * False when p cannot be matched: no CPE name, or a range of several
 * intervals (a guess would remove exposures that hold).
 */
static bool
product_criterion(const struct bulletin_product *p, struct cpe_match *m)
{
	if (!p->cpe || cpe_name_parse(&m->name, p->cpe, NULL) != 0)
		return false;
	if (m->name.attr[CPE_VERSION].kind == CPE_ANY && p->version_range &&
	    bulletin_range_bounds(p->version_range, &m->bounds) != 0)
		return false;
	return true;
}

/* An asset name a criterion matched. */
struct hit {
	int64_t asset; /* its asset's row id */
	char *name;    /* the name (owned) */
};

/* Each asset name criterion m matches gets state x for the CVE. */
static int
put_matches(struct store *s, int64_t bulletin_id,
            const struct bulletin_status_entry *x, const struct cpe_match *m,
            struct err *e)
{
	struct cpe_key k;
	sqlite3_stmt *st;
	struct hit *hits = NULL;
	size_t n_hits = 0;
	char part[2] = {0, 0};
	int step, rc = 0;

	cpe_key_init(&k);
	cpe_name_key(&m->name, &k);
	part[0] = k.part;
	if (!(st = store_stmt(s, sql_names_by[k.scan], e))) {
		cpe_key_release(&k);
		return ERR_DB;
	}
	if (k.scan <= CPE_SCAN_VENDOR)
		store_bind_text(st, 1, k.vendor);
	if (k.scan == CPE_SCAN_PRODUCT)
		store_bind_text(st, 2, k.product);
	if (k.scan == CPE_SCAN_PART)
		store_bind_text(st, 3, part);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		struct cpe_name n;

		cpe_name_init(&n);
		if (name && cpe_name_parse(&n, name, NULL) == 0 &&
		    cpe_match_satisfied(m, &n)) {
			hits = xreallocarray(hits, n_hits + 1, sizeof(*hits));
			hits[n_hits].asset = sqlite3_column_int64(st, 0);
			hits[n_hits++].name = xstrdup(name);
		}
		cpe_name_release(&n);
	}
	sqlite3_reset(st);
	cpe_key_release(&k);
	if (step != SQLITE_DONE)
		rc = store_db_err(s, e, "cannot look up asset CPE names");
	for (size_t i = 0; !rc && i < n_hits; i++) {
		if (!(st = store_stmt(s, sql_put, e))) {
			rc = ERR_DB;
			break;
		}
		store_bind_text(st, 1, x->cve_id);
		sqlite3_bind_int64(st, 2, hits[i].asset);
		sqlite3_bind_int64(st, 3, bulletin_id);
		store_bind_text(st, 4, bulletin_product_state_name(x->state));
		store_bind_text(st, 5, hits[i].name);
		rc = store_step_done(s, st, "cannot store a VEX statement", e);
	}
	for (size_t i = 0; i < n_hits; i++)
		free(hits[i].name);
	free(hits);
	return rc;
}

/* Match the CVE cve_id again, when the cache holds it. */
static int
rematch(struct store *s, const char *cve_id, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_vuln_id, e);
	int64_t id = 0;
	int rc;

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, cve_id);
	rc = store_step_int64(s, st, &id, "cannot look up a CVE", e);
	if (rc || !id)
		return rc;
	return store_exposure_match_vulnerability(s, id, NULL, e);
}

int
store_exposure_vex_update(struct store *s, const struct bulletin *b,
                          struct err *e)
{
	struct strvec cves;
	sqlite3_stmt *st;
	int step, rc = 0;

	strvec_init(&cves);
	if (!(st = store_stmt(s, sql_clear, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, b->meta.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cve = (const char *)sqlite3_column_text(st, 0);

		if (cve && strvec_find(&cves, cve) < 0)
			strvec_push(&cves, cve);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		rc = store_db_err(s, e, "cannot clear VEX statements");
	for (size_t i = 0; !rc && i < b->n_statuses; i++) {
		const struct bulletin_status_entry *x = &b->statuses[i];
		long p = bulletin_product_find(b, x->product_id);
		struct cpe_match m;

		if (p < 0 || x->state == BULLETIN_UNDER_INVESTIGATION)
			continue;
		memset(&m, 0, sizeof(m));
		cpe_name_init(&m.name);
		version_bounds_init(&m.bounds);
		m.is_vulnerable = true;
		if (product_criterion(&b->products[p], &m)) {
			rc = put_matches(s, b->meta.id, x, &m, e);
			if (strvec_find(&cves, x->cve_id) < 0)
				strvec_push(&cves, x->cve_id);
		}
		cpe_name_release(&m.name);
		version_bounds_release(&m.bounds);
	}
	for (size_t i = 0; !rc && i < cves.n; i++)
		rc = rematch(s, cves.v[i], e);
	strvec_release(&cves);
	return rc;
}

/* ---- read by the matching (exposure_internal.h) ---- */

int
exposure_vex_of(struct store *s, bool by_vuln, int64_t id,
                struct exposure_vex_rows *out, struct err *e)
{
	sqlite3_stmt *st =
	    store_stmt(s, by_vuln ? sql_of_vuln : sql_of_asset, e);
	int step;

	memset(out, 0, sizeof(*out));
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *state = (const char *)sqlite3_column_text(st, 1);
		struct exposure_vex_row *r;

		out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
		r = &out->v[out->n++];
		r->id = sqlite3_column_int64(st, 0);
		r->is_affected = state && strcmp(state, "known_affected") == 0;
		r->cpe = store_col_text(st, 2);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		exposure_vex_rows_release(out);
		return store_db_err(s, e, "cannot read VEX statements");
	}
	return 0;
}

void
exposure_vex_rows_release(struct exposure_vex_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].cpe);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

bool
exposure_vex_keeps_out(const struct exposure_vex_rows *r, int64_t id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].id == id && !r->v[i].is_affected)
			return true;
	return false;
}
