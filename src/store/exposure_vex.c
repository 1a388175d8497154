/*
 * What vendors' CSAF documents say of a CVE on the assets: the
 * exposure_vex table (schema v9). See include/centinela/store/
 * exposure_vex.h.
 *
 * The pairs of an asset are worked out from the stored documents: each
 * product with a CPE name (bulletin_product.cpe, keyed in cpe_vendor and
 * cpe_product as asset names are) is taken as a criterion, with the
 * bounds of its version range when its CPE version is ANY, and its state
 * for a CVE holds for the asset when the criterion matches one of its
 * names (model/cpe_config.h cpe_match_satisfied, the test of an NVD
 * criterion); the documents are taken in the order they were imported,
 * the latest holding a pair. That is done for an asset whose names
 * changed (exposure.c match_asset) and for the assets a document spoke of
 * or speaks of when it is stored. Matching (exposure.c) reads the pairs
 * back: it adds the exposures of the known_affected pairs and keeps out
 * those of the fixed and known_not_affected ones.
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

static const char sql_was[] =
    "SELECT cve_id, asset_id FROM exposure_vex WHERE bulletin_id = ?1";
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

/* A set of row ids. */
struct idset {
	int64_t *v;
	size_t n;
};

static void
idset_add(struct idset *ids, int64_t id)
{
	for (size_t i = 0; i < ids->n; i++)
		if (ids->v[i] == id)
			return;
	ids->v = xreallocarray(ids->v, ids->n + 1, sizeof(*ids->v));
	ids->v[ids->n++] = id;
}

/* Add to ids the assets with a name criterion m matches. */
static int
assets_matched(struct store *s, const struct cpe_match *m, struct idset *ids,
               struct err *e)
{
	struct cpe_key k;
	sqlite3_stmt *st;
	char part[2] = {0, 0};
	int step;

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
		    cpe_match_satisfied(m, &n))
			idset_add(ids, sqlite3_column_int64(st, 0));
		cpe_name_release(&n);
	}
	sqlite3_reset(st);
	cpe_key_release(&k);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot look up asset CPE names");
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

/*
 * The assets the bulletin's statements were about and those they are
 * about now are each found again from every stored document (the same
 * code as for an asset whose names change), then the CVEs matched again.
 */
int
store_exposure_vex_update(struct store *s, const struct bulletin *b,
                          struct err *e)
{
	struct strvec cves;
	struct idset assets = {NULL, 0};
	signed char *seen;
	sqlite3_stmt *st;
	int step, rc = 0;

	strvec_init(&cves);
	if (!(st = store_stmt(s, sql_was, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, b->meta.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cve = (const char *)sqlite3_column_text(st, 0);

		if (cve && strvec_find(&cves, cve) < 0)
			strvec_push(&cves, cve);
		idset_add(&assets, sqlite3_column_int64(st, 1));
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		rc = store_db_err(s, e, "cannot read VEX statements");
	/* each product once, whatever the number of its CVEs: 0 not yet
	 * seen, 1 matched, -1 matches nothing */
	seen = xcalloc(b->n_products ? b->n_products : 1, sizeof(*seen));
	for (size_t i = 0; !rc && i < b->n_statuses; i++) {
		const struct bulletin_status_entry *x = &b->statuses[i];
		long p = bulletin_product_find(b, x->product_id);
		struct cpe_match m;

		if (p < 0 || x->state == BULLETIN_UNDER_INVESTIGATION)
			continue;
		if (!seen[p]) {
			memset(&m, 0, sizeof(m));
			cpe_name_init(&m.name);
			version_bounds_init(&m.bounds);
			m.is_vulnerable = true;
			seen[p] = -1;
			if (product_criterion(&b->products[p], &m)) {
				seen[p] = 1;
				rc = assets_matched(s, &m, &assets, e);
			}
			cpe_name_release(&m.name);
			version_bounds_release(&m.bounds);
		}
		if (seen[p] > 0 && strvec_find(&cves, x->cve_id) < 0)
			strvec_push(&cves, x->cve_id);
	}
	free(seen);
	for (size_t i = 0; !rc && i < assets.n; i++)
		rc = exposure_vex_refresh_asset_id(s, assets.v[i], e);
	for (size_t i = 0; !rc && i < cves.n; i++)
		rc = rematch(s, cves.v[i], e);
	free(assets.v);
	strvec_release(&cves);
	return rc;
}

/* ---- an asset whose names changed ---- */

/*
 * The statements of imported documents whose product may match an asset
 * name of key ?1 vendor, ?2 product (NULL: the name's product is not
 * keyed), as cpe_name_key keys both sides: the same vendor and product,
 * the same vendor and any product, any vendor. The three sets are
 * disjoint, hence UNION ALL; and the states kept are named by the one
 * left out: a UNION or an IN list makes SQLite build a temporary b-tree
 * on each call, which cost more than the rest of an asset's import.
 */
static const char sql_products_by[] =
    "WITH c(bulletin_id, product_id) AS (SELECT bulletin_id, product_id "
    "FROM bulletin_product WHERE cpe IS NOT NULL AND cpe_vendor = ?1 AND "
    "cpe_product = ?2 UNION ALL SELECT bulletin_id, product_id FROM "
    "bulletin_product WHERE cpe IS NOT NULL AND cpe_vendor = ?1 AND "
    "cpe_product IS NULL UNION ALL SELECT bulletin_id, product_id FROM "
    "bulletin_product WHERE cpe IS NOT NULL AND cpe_vendor IS NULL) "
    "SELECT b.updated_at, b.id, ps.cve_id, ps.state, p.cpe, "
    "p.version_range FROM c JOIN bulletin b ON b.id = c.bulletin_id JOIN "
    "bulletin_product p ON p.bulletin_id = c.bulletin_id AND p.product_id "
    "= c.product_id JOIN bulletin_product_status ps ON ps.bulletin_id = "
    "c.bulletin_id AND ps.product_id = c.product_id WHERE b.source LIKE "
    "'csaf:%' AND ps.state <> 'under_investigation'";
/*
 * Looked for before the DELETE, which SQLite runs through a temporary
 * table even when no row is there: most assets have no statement.
 */
static const char sql_has_asset[] =
    "SELECT EXISTS (SELECT 1 FROM exposure_vex WHERE asset_id = ?1)";
static const char sql_clear_asset[] =
    "DELETE FROM exposure_vex WHERE asset_id = ?1";

/* A product status that may apply to the asset. */
struct said {
	int64_t when;     /* its bulletin's last import (updated_at) */
	int64_t bulletin; /* its bulletin's row id */
	struct bulletin_status_entry x; /* CVE and state (owned) */
	struct bulletin_product p;      /* cpe and version_range (owned) */
};

static int
cmp_said(const void *a, const void *b)
{
	const struct said *x = a, *y = b;

	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return (x->bulletin > y->bulletin) - (x->bulletin < y->bulletin);
}

/* Append what sql_products_by finds for key k to *v (*n entries). */
static int
gather(struct store *s, const struct cpe_key *k, struct said **v, size_t *n,
       struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_products_by, e);
	int step;

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, k->vendor);
	store_bind_text(st, 2, k->product);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct said *d;
		char *state = store_col_text(st, 3);

		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		d = &(*v)[(*n)++];
		memset(d, 0, sizeof(*d));
		d->when = sqlite3_column_int64(st, 0);
		d->bulletin = sqlite3_column_int64(st, 1);
		d->x.cve_id = store_col_text(st, 2);
		bulletin_product_state_parse(state, &d->x.state);
		free(state);
		d->p.cpe = store_col_text(st, 4);
		d->p.version_range = store_col_text(st, 5);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot look up products of documents");
}

/* Write the statement d of name (of asset) as the import would. */
static int
put_said(struct store *s, int64_t asset, const struct said *d, const char *name,
         struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_put, e);

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, d->x.cve_id);
	sqlite3_bind_int64(st, 2, asset);
	sqlite3_bind_int64(st, 3, d->bulletin);
	store_bind_text(st, 4, bulletin_product_state_name(d->x.state));
	store_bind_text(st, 5, name);
	return store_step_done(s, st, "cannot store a VEX statement", e);
}

int
exposure_vex_refresh_asset(struct store *s, int64_t asset,
                           const struct cpe_name *names, char *const *texts,
                           size_t n, struct err *e)
{
	struct said *v = NULL;
	size_t nv = 0;
	sqlite3_stmt *st = store_stmt(s, sql_has_asset, e);
	bool is_changed = false;
	int rc = 0, step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, asset);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		is_changed = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot look up VEX statements");
	if (is_changed) {
		if (!(st = store_stmt(s, sql_clear_asset, e)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, asset);
		if ((rc = store_step_done(s, st, "cannot clear VEX statements",
		                          e)))
			return rc;
	}
	for (size_t i = 0; !rc && i < n; i++) {
		struct cpe_key k;

		cpe_key_init(&k);
		cpe_name_key(&names[i], &k);
		if (k.vendor)
			rc = gather(s, &k, &v, &nv, e);
		cpe_key_release(&k);
	}
	/* in the order the documents came: the latest holds a pair */
	if (nv)
		qsort(v, nv, sizeof(*v), cmp_said);
	for (size_t i = 0; !rc && i < nv; i++) {
		struct cpe_match m;

		memset(&m, 0, sizeof(m));
		cpe_name_init(&m.name);
		version_bounds_init(&m.bounds);
		m.is_vulnerable = true;
		if (product_criterion(&v[i].p, &m))
			for (size_t j = 0; !rc && j < n; j++)
				if (cpe_match_satisfied(&m, &names[j])) {
					rc = put_said(s, asset, &v[i], texts[j],
					              e);
					is_changed = true;
					break;
				}
		cpe_name_release(&m.name);
		version_bounds_release(&m.bounds);
	}
	/* matching asks again whether the table holds rows */
	if (is_changed)
		store_exposure_forget(s);
	for (size_t i = 0; i < nv; i++) {
		free(v[i].x.cve_id);
		free(v[i].p.cpe);
		free(v[i].p.version_range);
	}
	free(v);
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
