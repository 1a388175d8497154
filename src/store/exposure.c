/*
 * Matching CVEs and assets into the exposure table. See
 * include/centinela/store/exposure.h.
 *
 * One side is fixed (a CVE, or an asset); the other side's candidates come
 * from the (vendor, product) indexes by the keys of the fixed side (model/
 * cpe.h cpe_name_key), each candidate is evaluated with cpe_configs_expose,
 * and the exposures the fixed side had are set to what was found: added,
 * confirmed, or removed.
 *
 * Inside a transaction (store_begin) the assets each criterion key finds
 * and the parsed names of each asset, with what its exposures are written
 * with (its sector, criticality and sector weight), are kept (struct
 * expo_cache), so that a file of thousands of CVEs asks SQLite once per
 * key and once per asset rather than once per CVE and candidate; the
 * transaction's end and any write of an asset or of asset names
 * (store_exposure_forget) drop them, and past EXPO_CACHE_MAX entries they
 * are dropped and gathered again, so that memory stays bounded. A CVE's
 * new exposures are written with a priority made here
 * (exposure_priority_score) of those and of the CVE's row, read once.
 */
#include "centinela/store/exposure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/cpe.h"
#include "centinela/model/cpe_config.h"
#include "centinela/model/exposure.h"
#include "centinela/model/vulnerability.h"
#include "exposure_internal.h"
#include "internal.h"
#include "vuln_internal.h"

/*
 * Assets by the key of a vulnerable criterion (enum cpe_scan order). Not
 * DISTINCT: the ids are sorted and made unique in memory (ids_settle),
 * which spares SQLite a temporary b-tree per query.
 */
static const char *const sql_assets_by[] = {
    "SELECT asset_id FROM asset_cpe WHERE vendor = ?1 AND product = ?2",
    "SELECT asset_id FROM asset_cpe WHERE vendor = ?1",
    "SELECT asset_id FROM asset_cpe WHERE part = ?3",
    "SELECT asset_id FROM asset_cpe",
};

/*
 * CVEs with a vulnerable criterion an asset name of key (?1 vendor, ?2
 * product) may satisfy: the same vendor and product, the same vendor and
 * any product (the criterion's product ANY or a pattern), and any vendor
 * (vuln_match, schema v10: '' for ANY; criteria holds a line per
 * criterion of the key, "CRITERION\tSI\tSE\tEI\tEE"; plain, schema v14:
 * whether a line alone exposes). A CVE's rows come together.
 */
#define VULN_CRITERION                                                         \
	"SELECT vulnerability_id, criteria, plain FROM vuln_match WHERE "
static const char sql_vulns_by_product[] =
    VULN_CRITERION "vendor = ?1 AND product = ?2";
static const char sql_vulns_by_vendor[] =
    VULN_CRITERION "vendor = ?1 AND product = ''";
static const char sql_vulns_any_vendor[] = VULN_CRITERION "vendor = ''";

/*
 * An asset's names, with on each row what its exposures are written with
 * (the asset's sector, criticality and sector weight: exposure_priority_score);
 * one row with a NULL name when it has none, none when there is no such
 * asset.
 */
static const char sql_asset_names[] =
    "SELECT c.cpe, a.sector, a.criticality, coalesce(x.priority_weight, "
    "0) FROM asset AS a LEFT JOIN sector AS x ON x.code = a.sector LEFT "
    "JOIN asset_cpe AS c ON c.asset_id = a.id WHERE a.id = ?1 ORDER BY "
    "c.cpe";

static const char sql_of_vuln[] = "SELECT asset_id FROM exposure WHERE "
                                  "vulnerability_id = ?1 ORDER BY asset_id";
static const char sql_of_asset[] =
    "SELECT vulnerability_id FROM exposure WHERE asset_id = ?1 ORDER BY "
    "vulnerability_id";
/*
 * With its priority and kev_at: one write of the row (schema v8). VALUES,
 * not INSERT ... SELECT, which SQLite runs through a temporary table on a
 * table with row triggers. ?5 its kev_at, ?6 its priority
 * (sql_insert_terms).
 */
static const char sql_insert[] =
    "INSERT INTO exposure(asset_id, vulnerability_id, cpe, matched_at, "
    "confirmed_at, kev_at, priority) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)";
/*
 * What an exposure of asset ?1 to CVE ?2 is written with and counts for
 * in exposure_tally: the asset's sector, whether the CVE is KEV's (its
 * kev_at then set), and its priority. Read before the insert rather than
 * by a subquery of it, which cost a quarter of the insert, and not by a
 * RETURNING clause, which SQLite runs through a temporary table and a
 * trigger program.
 */
static const char sql_insert_terms[] =
    "SELECT a.sector, v.is_kev, " EXPOSURE_PRIORITY_OF(
        "v", "a") " FROM vulnerability AS v, asset AS a WHERE v.id = ?2 "
                  "AND a.id = ?1";
/* What a CVE's exposures are written with, read once per CVE matched. */
static const char sql_vuln_terms[] =
    "SELECT is_kev, is_ransomware, epss, cvss_score FROM vulnerability "
    "WHERE id = ?1";
/* Exposures counted into a sector (?1) of exposure_tally: ?2, ?3 KEV's. */
static const char sql_tally_add[] =
    "INSERT INTO exposure_tally(sector, n, n_kev) VALUES (?1, ?2, ?3) ON "
    "CONFLICT DO UPDATE SET n = n + excluded.n, n_kev = n_kev + "
    "excluded.n_kev";
static const char sql_confirm[] =
    "UPDATE exposure SET cpe = ?3, confirmed_at = ?4 WHERE asset_id = ?1 "
    "AND vulnerability_id = ?2";
static const char sql_delete[] =
    "DELETE FROM exposure WHERE asset_id = ?1 AND vulnerability_id = ?2";

static const char sql_all_vulns[] =
    "SELECT id FROM vuln_detail WHERE configs NOTNULL OR cpes NOTNULL "
    "UNION SELECT vulnerability_id FROM exposure UNION SELECT v.id FROM "
    "exposure_vex x JOIN vulnerability v ON v.cve_id = x.cve_id ORDER BY 1";

/* ---- the cpe_key() SQL function ---- */

static void
sql_cpe_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *name = sqlite3_value_text(argv[0]);
	int field = sqlite3_value_int(argv[1]);
	struct cpe_name n;
	struct cpe_key k;

	(void)argc;
	cpe_name_init(&n);
	cpe_key_init(&k);
	if (name && cpe_name_parse(&n, (const char *)name, NULL) == 0) {
		cpe_name_key(&n, &k);
		if (field == 0 && k.part)
			sqlite3_result_text(cx, &k.part, 1, SQLITE_TRANSIENT);
		else if (field == 1 && k.vendor)
			sqlite3_result_text(cx, k.vendor, -1, SQLITE_TRANSIENT);
		else if (field == 2 && k.product)
			sqlite3_result_text(cx, k.product, -1,
			                    SQLITE_TRANSIENT);
	}
	cpe_key_release(&k);
	cpe_name_release(&n);
}

int
store_cpe_functions(struct store *s, struct err *e)
{
	if (sqlite3_create_function_v2(
	        s->db, "cpe_key", 2,
	        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	        sql_cpe_key, NULL, NULL, NULL) != SQLITE_OK)
		return store_db_err(s, e, "cannot register cpe_key");
	if (sqlite3_create_function_v2(
	        s->db, "vuln_match_plain", 2,
	        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	        vuln_sql_match_plain, NULL, NULL, NULL) != SQLITE_OK)
		return store_db_err(s, e, "cannot register vuln_match_plain");
	return 0;
}

/* ---- sets of row ids ---- */

struct ids {
	int64_t *v;
	size_t n, alloc;
};

static void
ids_push(struct ids *ids, int64_t id)
{
	if (ids->n == ids->alloc) {
		ids->alloc = ids->alloc ? 2 * ids->alloc : 16;
		ids->v = xreallocarray(ids->v, ids->alloc, sizeof(*ids->v));
	}
	ids->v[ids->n++] = id;
}

static int
cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* Sort and drop duplicates. */
static void
ids_settle(struct ids *ids)
{
	size_t used = 0;

	if (ids->n)
		qsort(ids->v, ids->n, sizeof(*ids->v), cmp_id);
	for (size_t i = 0; i < ids->n; i++)
		if (!used || ids->v[used - 1] != ids->v[i])
			ids->v[used++] = ids->v[i];
	ids->n = used;
}

static bool
ids_has(const struct ids *ids, int64_t id)
{
	return ids->n &&
	       bsearch(&id, ids->v, ids->n, sizeof(*ids->v), cmp_id) != NULL;
}

/* Push column 0 of every row of st (bound) onto ids. */
static int
ids_collect(struct store *s, sqlite3_stmt *st, struct ids *ids, struct err *e)
{
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		ids_push(ids, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up matching candidates");
	return 0;
}

/* ids of sql bound to ?1 id, sorted. */
static int
ids_of(struct store *s, const char *sql, int64_t id, struct ids *ids,
       struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = ids_collect(s, st, ids, e)))
		return rc;
	ids_settle(ids);
	return 0;
}

/* ---- an asset's names ---- */

struct names {
	struct cpe_name *v; /* parsed */
	char **text;        /* as stored (owned) */
	size_t n;
	char *sector;    /* the asset's, NULL when there is no such asset
	                    (owned) */
	int criticality; /* the asset's */
	int weight;      /* its sector's priority weight */
};

static void
names_release(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++) {
		cpe_name_release(&ns->v[i]);
		free(ns->text[i]);
	}
	free(ns->v);
	free(ns->text);
	free(ns->sector);
	memset(ns, 0, sizeof(*ns));
}

/* The names of asset id that parse, in name order. */
static int
names_read(struct store *s, int64_t id, struct names *ns, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_asset_names, e);
	int step;

	memset(ns, 0, sizeof(*ns));
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		struct cpe_name n;

		if (!ns->sector) {
			ns->sector = store_col_text(st, 1);
			ns->criticality = sqlite3_column_int(st, 2);
			ns->weight = sqlite3_column_int(st, 3);
		}
		cpe_name_init(&n);
		if (!t || cpe_name_parse(&n, t, NULL) != 0)
			continue; /* matches nothing */
		ns->v = xreallocarray(ns->v, ns->n + 1, sizeof(*ns->v));
		ns->text =
		    xreallocarray(ns->text, ns->n + 1, sizeof(*ns->text));
		ns->v[ns->n] = n;
		ns->text[ns->n++] = xstrdup(t);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		names_release(ns);
		(void)store_db_err(s, e, "cannot read asset CPEs");
		return ERR_DB; /* visibly not 0: ns is released */
	}
	return 0;
}

int
exposure_vex_refresh_asset_id(struct store *s, int64_t asset, struct err *e)
{
	struct names ns;
	int rc;

	if ((rc = names_read(s, asset, &ns, e)))
		return rc;
	rc = exposure_vex_refresh_asset(s, asset, ns.v, ns.text, ns.n, e);
	names_release(&ns);
	return rc;
}

/* ---- what a transaction has gathered ---- */

#define EXPO_CACHE_MAX ((size_t)1 << 16) /* entries kept at most */

/*
 * An entry: the assets a criterion key finds (key "SCAN PART ...", see
 * assets_by_key), or the names of an asset (key "#ID").
 */
struct expo_slot {
	char *key;       /* NULL when free (owned) */
	struct ids ids;  /* a criterion key's assets, settled */
	struct names ns; /* an asset's names */
};

/* An open-addressing table, capacity a power of two, half full at most. */
struct expo_cache {
	struct expo_slot *v;
	size_t n, cap;
	int vex; /* exposure_vex: 0 not asked yet, 1 empty, 2 has rows */
};

void
store_exposure_forget(struct store *s)
{
	struct expo_cache *c = s->expo;

	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++) {
		free(c->v[i].key);
		free(c->v[i].ids.v);
		names_release(&c->v[i].ns);
	}
	free(c->v);
	free(c);
	s->expo = NULL;
}

static size_t
hash_key(const char *key)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 0x100000001b3u;
	return (size_t)h;
}

/* The transaction's cache, NULL outside one (nothing is kept then). */
static struct expo_cache *
cache_of(struct store *s)
{
	if (!store_in_transaction(s))
		return NULL;
	if (s->expo && s->expo->n >= EXPO_CACHE_MAX)
		store_exposure_forget(s);
	if (!s->expo)
		s->expo = xcalloc(1, sizeof(*s->expo));
	return s->expo;
}

/*
 * The slot of key in c: its own, or the free one it would take (valid
 * until the next call: the table may grow).
 */
static struct expo_slot *
slot_of(struct expo_cache *c, const char *key)
{
	size_t mask, i;

	if (2 * (c->n + 1) > c->cap) {
		struct expo_slot *old = c->v;
		size_t n = c->cap;

		c->cap = n ? 2 * n : 256;
		c->v = xcalloc(c->cap, sizeof(*c->v));
		for (size_t j = 0; j < n; j++)
			if (old[j].key)
				*slot_of(c, old[j].key) = old[j];
		free(old);
	}
	mask = c->cap - 1;
	i = hash_key(key) & mask;
	while (c->v[i].key && strcmp(c->v[i].key, key) != 0)
		i = (i + 1) & mask;
	return &c->v[i];
}

/*
 * The names of asset id in *out: the transaction's (borrowed until the
 * next call), or read into tmp (the caller releases it).
 */
static int
names_get(struct store *s, int64_t id, struct names *tmp,
          const struct names **out, struct err *e)
{
	struct expo_cache *c = cache_of(s);
	struct expo_slot *slot;
	struct strbuf key;
	int rc = 0;

	memset(tmp, 0, sizeof(*tmp));
	*out = tmp;
	if (!c)
		return names_read(s, id, tmp, e);
	strbuf_init(&key);
	strbuf_addch(&key, '#');
	strbuf_addi(&key, id);
	slot = slot_of(c, key.buf);
	if (!slot->key && !(rc = names_read(s, id, &slot->ns, e))) {
		slot->key = strbuf_detach(&key, NULL);
		c->n++;
	}
	strbuf_release(&key);
	if (!rc)
		*out = &slot->ns;
	return rc;
}

/*
 * The name of ns by which v's configurations expose it (the first of the
 * hits in name order; borrowed), or NULL when they do not.
 */
static const char *
exposed(const struct vulnerability *v, const struct names *ns)
{
	struct cpe_hits hits;
	size_t first = ns->n;

	if (!ns->n)
		return NULL;
	cpe_hits_init(&hits);
	if (cpe_configs_expose(v->configs, v->n_configs, ns->v, ns->n, &hits))
		for (size_t h = 0; h < hits.n; h++)
			if (hits.v[h].name < first)
				first = hits.v[h].name;
	cpe_hits_release(&hits);
	return first < ns->n ? ns->text[first] : NULL;
}

/*
 * What imported CSAF documents say of the pairs of a CVE (by_vuln) or an
 * asset id, into out. Whether the table holds anything is asked once a
 * transaction, kept with what matching gathered (its writers drop that:
 * store_exposure_forget), so that matching the CVEs of an NVD import
 * costs nothing more while no document is imported.
 */
static int
vex_of(struct store *s, bool by_vuln, int64_t id, struct exposure_vex_rows *out,
       struct err *e)
{
	/* the cache matching made, not one of its own (see cache_of) */
	struct expo_cache *c = store_in_transaction(s) ? s->expo : NULL;

	memset(out, 0, sizeof(*out));
	if (c && !c->vex) {
		sqlite3_stmt *st = store_stmt(
		    s, "SELECT EXISTS (SELECT 1 FROM exposure_vex)", e);
		int64_t has = 0;
		int rc;

		if (!st)
			return ERR_DB;
		if ((rc = store_step_int64(s, st, &has,
		                           "cannot read VEX statements", e)))
			return rc;
		c->vex = has ? 2 : 1;
	}
	if (c && c->vex == 1)
		return 0;
	return exposure_vex_of(s, by_vuln, id, out, e);
}

/* ---- writing ---- */

/*
 * The exposures matching inserted in a transaction, by the sector their
 * asset was in when inserted, until the commit counts them into
 * exposure_tally (store_exposure_tally_flush): one statement per sector
 * and transaction instead of one per match, which cost as much as the
 * rows' inserts. The triggers that move counts (an exposure deleted, its
 * CVE entering or leaving KEV, an asset deleted or moved to another
 * sector) act on every row, counted yet or not, and add or take away
 * what these later add: the sum is the same in either order.
 */
struct expo_added {
	struct added_sector {
		char *sector;     /* (owned) */
		int64_t n, n_kev; /* inserted, of them KEV's */
	} * v;
	size_t n;
};

/* Note an exposure inserted in sector (NULL: an asset without one). */
static void
added_note(struct store *s, const char *sector, bool is_kev)
{
	struct expo_added *a = s->expo_added;
	struct added_sector *row = NULL;

	if (!sector)
		return; /* counted in no sector, as the triggers do */
	if (!a)
		a = s->expo_added = xcalloc(1, sizeof(*a));
	for (size_t i = 0; !row && i < a->n; i++)
		if (strcmp(a->v[i].sector, sector) == 0)
			row = &a->v[i];
	if (!row) {
		a->v = xreallocarray(a->v, a->n + 1, sizeof(*a->v));
		row = &a->v[a->n++];
		row->sector = xstrdup(sector);
		row->n = row->n_kev = 0;
	}
	row->n++;
	row->n_kev += is_kev;
}

void
store_exposure_tally_drop(struct store *s)
{
	struct expo_added *a = s->expo_added;

	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].sector);
	free(a->v);
	free(a);
	s->expo_added = NULL;
}

int
store_exposure_tally_flush(struct store *s, struct err *e)
{
	struct expo_added *a = s->expo_added;
	int rc = 0;

	for (size_t i = 0; a && !rc && i < a->n; i++) {
		sqlite3_stmt *st = store_stmt(s, sql_tally_add, e);

		if (!st) {
			rc = ERR_DB;
			break;
		}
		store_bind_text(st, 1, a->v[i].sector);
		sqlite3_bind_int64(st, 2, a->v[i].n);
		sqlite3_bind_int64(st, 3, a->v[i].n_kev);
		rc = store_step_done(s, st, "cannot count the exposures added",
		                     e);
	}
	store_exposure_tally_drop(s);
	return rc;
}

/*
 * What an exposure of a CVE to the assets is written with, known to the
 * matching of that CVE: the CVE's terms (read once, at its first new
 * exposure) and the asset's, read with its names.
 */
struct vuln_terms {
	bool is_read;
	bool is_kev, is_ransomware;
	double epss, cvss; /* < 0: none */
};

/* The terms of CVE vuln into *vt, unless they are there. */
static int
vuln_terms_read(struct store *s, int64_t vuln, struct vuln_terms *vt,
                struct err *e)
{
	sqlite3_stmt *st;
	int step;

	if (vt->is_read)
		return 0;
	if (!(st = store_stmt(s, sql_vuln_terms, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, vuln);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		vt->is_kev = sqlite3_column_int(st, 0) != 0;
		vt->is_ransomware = sqlite3_column_int(st, 1) != 0;
		vt->epss = sqlite3_column_type(st, 2) == SQLITE_NULL
		               ? -1
		               : sqlite3_column_double(st, 2);
		vt->cvss = sqlite3_column_type(st, 3) == SQLITE_NULL
		               ? -1
		               : sqlite3_column_double(st, 3);
		vt->is_read = true;
	}
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE
	           ? err_set(e, ERR_NOTFOUND,
	                     "cannot store an exposure of vulnerability %lld: "
	                     "it is gone",
	                     (long long)vuln)
	           : store_db_err(s, e, "cannot store an exposure");
}

/*
 * The sector of asset, whether CVE vuln is KEV's and the priority of an
 * exposure of one to the other, read (sql_insert_terms).
 */
static int
terms_query(struct store *s, int64_t asset, int64_t vuln, char **sector,
            bool *is_kev, int64_t *priority, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_insert_terms, e);
	int rc, step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_int64(st, 2, vuln);
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE
		         ? err_set(e, ERR_NOTFOUND,
		                   "cannot store an exposure of asset %lld to "
		                   "vulnerability %lld: one of them is gone",
		                   (long long)asset, (long long)vuln)
		         : store_db_err(s, e, "cannot store an exposure");
		sqlite3_reset(st);
		return rc;
	}
	/* copied: the next store_stmt may finalize st (a full cache) */
	*sector = store_col_text(st, 0);
	*is_kev = sqlite3_column_int(st, 1) != 0;
	*priority = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	return 0;
}

/*
 * Insert the exposure (asset, vuln) found by name, noted for the tally:
 * with the terms of the CVE (vt) and of the asset (ns) when the caller
 * has them, or those terms_query reads.
 */
static int
insert(struct store *s, int64_t asset, int64_t vuln, const char *name,
       struct vuln_terms *vt, const struct names *ns, int64_t now,
       struct err *e)
{
	sqlite3_stmt *st;
	char *sector = NULL;
	bool is_kev = false;
	int64_t priority = 0;
	int rc;

	if (vt && ns && ns->sector) {
		if ((rc = vuln_terms_read(s, vuln, vt, e)))
			return rc;
		is_kev = vt->is_kev;
		priority = exposure_priority_score(
		    vt->is_kev, vt->is_ransomware, vt->epss, vt->cvss,
		    ns->criticality, ns->weight);
		sector = xstrdup(ns->sector);
	} else if ((rc = terms_query(s, asset, vuln, &sector, &is_kev,
	                             &priority, e))) {
		return rc;
	}
	if (!(st = store_stmt(s, sql_insert, e))) {
		free(sector);
		return ERR_DB;
	}
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_int64(st, 2, vuln);
	store_bind_text(st, 3, name);
	sqlite3_bind_int64(st, 4, now);
	if (is_kev)
		sqlite3_bind_int64(st, 5, now);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, priority);
	rc = store_step_done(s, st, "cannot store an exposure", e);
	if (!rc)
		added_note(s, sector, is_kev);
	free(sector);
	return rc;
}

/*
 * Add or confirm the exposure (asset, vuln) by name; had: it was there.
 * vt and ns: as insert takes them, or NULL.
 */
static int
put(struct store *s, int64_t asset, int64_t vuln, const char *name, bool had,
    struct vuln_terms *vt, const struct names *ns, int64_t now,
    struct store_match_stats *stats, struct err *e)
{
	sqlite3_stmt *st;

	if (!had) {
		stats->added++;
		return insert(s, asset, vuln, name, vt, ns, now, e);
	}
	if (!(st = store_stmt(s, sql_confirm, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_int64(st, 2, vuln);
	store_bind_text(st, 3, name);
	sqlite3_bind_int64(st, 4, now);
	stats->confirmed++;
	return store_step_done(s, st, "cannot store an exposure", e);
}

/* Delete the exposures (asset, vuln) of had that found does not hold. */
static int
drop_stale(struct store *s, bool by_vuln, int64_t id, const struct ids *had,
           const struct ids *found, struct store_match_stats *stats,
           struct err *e)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < had->n; i++) {
		sqlite3_stmt *st;

		if (ids_has(found, had->v[i]))
			continue;
		if (!(st = store_stmt(s, sql_delete, e)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, by_vuln ? had->v[i] : id);
		sqlite3_bind_int64(st, 2, by_vuln ? id : had->v[i]);
		rc = store_step_done(s, st, "cannot remove an exposure", e);
		stats->removed++;
	}
	return rc;
}

/*
 * The exposures imported CSAF documents say are known_affected (vex, of
 * CVE vuln or asset asset: by_vuln tells which side each row names) and
 * that found lacks: written, and added to found (settled again).
 */
static int
put_vex_affected(struct store *s, const struct exposure_vex_rows *vex,
                 bool by_vuln, int64_t id, const struct ids *had,
                 struct ids *found, int64_t now,
                 struct store_match_stats *stats, struct err *e)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < vex->n; i++) {
		int64_t other = vex->v[i].id;

		if (!vex->v[i].is_affected || ids_has(found, other))
			continue;
		rc = put(s, by_vuln ? other : id, by_vuln ? id : other,
		         vex->v[i].cpe, ids_has(had, other), NULL, NULL, now,
		         stats, e);
		ids_push(found, other);
		ids_settle(found);
	}
	return rc;
}

/* ---- a CVE against the assets ---- */

/* The assets with a name of key k, into ids. */
static int
assets_by_key(struct store *s, const struct cpe_key *k, struct ids *ids,
              struct err *e)
{
	struct expo_cache *c = cache_of(s);
	struct expo_slot *slot = NULL;
	sqlite3_stmt *st;
	struct ids found = {0};
	char part[2] = {k->part, 0};
	char *key = NULL;
	int rc;

	if (c) {
		const char *vendor = k->vendor ? k->vendor : "";
		struct strbuf kb;

		/* the vendor's length keeps "a b"+"c" from "a"+"b c" */
		strbuf_init(&kb);
		strbuf_addi(&kb, (int)k->scan);
		strbuf_addch(&kb, k->part ? k->part : '*');
		strbuf_addi(&kb, (int64_t)strlen(vendor));
		strbuf_addch(&kb, ':');
		strbuf_adds(&kb, vendor);
		strbuf_adds(&kb, k->product ? k->product : "");
		key = strbuf_detach(&kb, NULL);
		slot = slot_of(c, key);
		if (slot->key) {
			free(key);
			for (size_t i = 0; i < slot->ids.n; i++)
				ids_push(ids, slot->ids.v[i]);
			return 0;
		}
	}
	if (!(st = store_stmt(s, sql_assets_by[k->scan], e))) {
		free(key);
		return ERR_DB;
	}
	if (k->scan <= CPE_SCAN_VENDOR)
		store_bind_text(st, 1, k->vendor);
	if (k->scan == CPE_SCAN_PRODUCT)
		store_bind_text(st, 2, k->product);
	if (k->scan == CPE_SCAN_PART)
		store_bind_text(st, 3, part);
	if ((rc = ids_collect(s, st, &found, e))) {
		free(key);
		free(found.v);
		return rc;
	}
	ids_settle(&found);
	for (size_t i = 0; i < found.n; i++)
		ids_push(ids, found.v[i]);
	if (slot) {
		slot->key = key;
		slot->ids = found;
		c->n++;
	} else {
		free(found.v);
	}
	return 0;
}

/* The assets a vulnerable criterion of v may match, into ids. */
static int
asset_candidates(struct store *s, const struct vulnerability *v,
                 struct ids *ids, struct err *e)
{
	int rc = 0;

	for (size_t c = 0; c < v->n_configs; c++)
		for (size_t n = 0; n < v->configs[c].n_nodes; n++) {
			const struct cpe_node *node = &v->configs[c].nodes[n];

			for (size_t m = 0; !rc && m < node->n_matches; m++) {
				const struct cpe_match *cm = &node->matches[m];
				struct cpe_key k;

				if (!cm->is_vulnerable)
					continue;
				cpe_key_init(&k);
				cpe_name_key(&cm->name, &k);
				rc = assets_by_key(s, &k, ids, e);
				cpe_key_release(&k);
			}
		}
	ids_settle(ids);
	return rc;
}

/*
 * Match CVE id by the configurations of given (as stored), or by those
 * read from the store when given is NULL; is_new: a row just inserted,
 * which has no exposures yet. *may_alert: false when none of its
 * exposures can qualify for an alert (not KEV's and no EPSS score:
 * store/exposure_alert.c CANDIDATES), as far as the terms read tell.
 */
static int
match_vulnerability(struct store *s, int64_t id, bool is_new,
                    const struct vulnerability *given, int64_t now,
                    struct store_match_stats *stats, bool *may_alert,
                    struct err *e)
{
	struct vulnerability v;
	const struct vulnerability *by;
	struct ids cand = {0}, had = {0}, found = {0};
	struct exposure_vex_rows vex = {0};
	struct vuln_terms vt = {0};
	int rc = 0;

	vulnerability_init(&v);
	v.meta.id = id;
	by = given ? given : &v;
	if ((!given && (rc = vuln_configs_read(s, &v, e))) ||
	    (rc = asset_candidates(s, by, &cand, e)) ||
	    (!is_new && (rc = ids_of(s, sql_of_vuln, id, &had, e))) ||
	    (rc = vex_of(s, true, id, &vex, e)))
		goto out;
	for (size_t i = 0; !rc && i < cand.n; i++) {
		struct names tmp;
		const struct names *ns;
		const char *name;

		if (exposure_vex_keeps_out(&vex, cand.v[i]))
			continue;
		if ((rc = names_get(s, cand.v[i], &tmp, &ns, e))) {
			names_release(&tmp);
			break;
		}
		if ((name = exposed(by, ns))) {
			ids_push(&found, cand.v[i]);
			rc = put(s, cand.v[i], id, name,
			         ids_has(&had, cand.v[i]), &vt, ns, now, stats,
			         e);
		}
		names_release(&tmp);
	}
	if (!rc)
		rc = put_vex_affected(s, &vex, true, id, &had, &found, now,
		                      stats, e);
	if (!rc)
		rc = drop_stale(s, true, id, &had, &found, stats, e);
	*may_alert = !vt.is_read || vt.is_kev || vt.epss >= 0;
out:
	free(cand.v);
	free(had.v);
	free(found.v);
	exposure_vex_rows_release(&vex);
	vulnerability_release(&v);
	return rc;
}

/* ---- an asset against the CVEs ---- */

/* The criterion of the last line read, parsed (lines often repeat it). */
struct criterion {
	char *text;           /* as stored, NULL before the first (owned) */
	struct cpe_name name; /* parsed */
	bool is_valid;        /* it parsed */
};

/*
 * The first name of ns (in their order) that satisfies the criterion of
 * line (a line of vuln_match.criteria, cut at its tabs in place) taken as
 * a vulnerable match, trying name only alone, or every name when only is
 * ns->n; ns->n when none does. A malformed criterion matches nothing; an
 * empty bound is none.
 */
static size_t
criterion_first(char *line, struct criterion *c, const struct names *ns,
                size_t only)
{
	char *field[5];
	struct cpe_match m;
	size_t from = only < ns->n ? only : 0;
	size_t to = only < ns->n ? only + 1 : ns->n;

	field[0] = line;
	for (int f = 1; f < 5; f++) {
		char *tab = strchr(field[f - 1], '\t');

		if (!tab)
			return ns->n; /* not a line the store writes */
		*tab = '\0';
		field[f] = tab + 1;
	}
	if (!c->text || strcmp(c->text, field[0]) != 0) {
		free(c->text);
		c->text = xstrdup(field[0]);
		c->is_valid = cpe_name_parse(&c->name, field[0], NULL) == 0;
	}
	if (!c->is_valid)
		return ns->n;
	memset(&m, 0, sizeof(m));
	m.is_vulnerable = true;
	m.name = c->name; /* borrowed: not released here */
	m.bounds.start_including = *field[1] ? field[1] : NULL;
	m.bounds.start_excluding = *field[2] ? field[2] : NULL;
	m.bounds.end_including = *field[3] ? field[3] : NULL;
	m.bounds.end_excluding = *field[4] ? field[4] : NULL;
	for (size_t i = from; i < to; i++)
		if (cpe_match_satisfied(&m, &ns->v[i]))
			return i;
	return ns->n;
}

/*
 * The first name of ns (name only, or any when only is ns->n) that
 * satisfies a line of the criteria of the current row of st, or ns->n.
 * Unless first, any name that satisfies one will do: the lines are read
 * up to the first satisfied.
 */
static size_t
row_first(sqlite3_stmt *st, struct strbuf *buf, struct criterion *c,
          const struct names *ns, size_t only, bool first)
{
	const char *text = (const char *)sqlite3_column_text(st, 1);
	size_t best = ns->n, least = only < ns->n ? only : 0;
	char *line;

	if (!text)
		return ns->n;
	strbuf_reset(buf);
	strbuf_add(buf, text, (size_t)sqlite3_column_bytes(st, 1));
	for (line = buf->buf; line;) {
		char *nl = strchr(line, '\n');
		size_t got;

		if (nl)
			*nl = '\0';
		if ((got = criterion_first(line, c, ns, only)) < best)
			best = got;
		if (best == least || (!first && best < ns->n))
			break;
		line = nl ? nl + 1 : NULL;
	}
	return best;
}

/*
 * The CVEs an asset's names may be exposed to: each with the first of
 * the names that satisfies one of its lines when its rows are plain
 * (schema v14: that name is the exposure's), or CAND_READ when the CVE
 * must be read whole to tell.
 */
#define CAND_READ SIZE_MAX

struct cands {
	struct cand {
		int64_t id;  /* the CVE's row */
		size_t name; /* index in the names, or CAND_READ */
	} * v;
	size_t n, alloc;
};

static void
cands_push(struct cands *cs, int64_t id, size_t name)
{
	if (cs->n == cs->alloc) {
		cs->alloc = cs->alloc ? 2 * cs->alloc : 16;
		cs->v = xreallocarray(cs->v, cs->alloc, sizeof(*cs->v));
	}
	cs->v[cs->n].id = id;
	cs->v[cs->n++].name = name;
}

static int
cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->id != b->id)
		return (a->id > b->id) - (a->id < b->id);
	return (a->name > b->name) - (a->name < b->name);
}

/*
 * Sort by CVE and keep one of each: its first name over all its rows, or
 * CAND_READ when one of its rows said so (sorted last of its CVE's).
 */
static void
cands_settle(struct cands *cs)
{
	size_t used = 0;

	if (cs->n)
		qsort(cs->v, cs->n, sizeof(*cs->v), cmp_cand);
	for (size_t i = 0; i < cs->n; i++) {
		if (used && cs->v[used - 1].id == cs->v[i].id) {
			if (cs->v[i].name == CAND_READ)
				cs->v[used - 1].name = CAND_READ;
			continue;
		}
		cs->v[used++] = cs->v[i];
	}
	cs->n = used;
}

/*
 * Add to cs the CVE of each row of st (bound) with a line a name of ns
 * satisfies (name only, or any when only is ns->n): a CVE exposes the
 * asset only by a vulnerable criterion one of its names satisfies, so the
 * others need not be read whole; nor need a CVE whose row is plain
 * (column 2), whose line is the exposure.
 */
static int
cands_collect(struct store *s, sqlite3_stmt *st, const struct names *ns,
              size_t only, struct cands *cs, struct err *e)
{
	struct criterion c;
	struct strbuf buf;
	int step;

	memset(&c, 0, sizeof(c));
	cpe_name_init(&c.name);
	strbuf_init(&buf);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		bool is_plain = sqlite3_column_int(st, 2) != 0;
		size_t got = row_first(st, &buf, &c, ns, only, is_plain);

		if (got < ns->n)
			cands_push(cs, sqlite3_column_int64(st, 0),
			           is_plain ? got : CAND_READ);
	}
	sqlite3_reset(st);
	strbuf_release(&buf);
	free(c.text);
	cpe_name_release(&c.name);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up matching candidates");
	return 0;
}

/*
 * The CVEs with a vulnerable criterion a name of ns satisfies. Each name
 * is tried against every row its key may match (model/cpe.h: a row of
 * another key holds no criterion it satisfies), so a plain CVE's first
 * name is found.
 */
static int
vuln_candidates(struct store *s, const struct names *ns, struct cands *cs,
                struct err *e)
{
	sqlite3_stmt *st;
	int rc = 0;

	for (size_t i = 0; !rc && i < ns->n; i++) {
		struct cpe_key k;

		cpe_key_init(&k);
		cpe_name_key(&ns->v[i], &k);
		if (k.scan == CPE_SCAN_PRODUCT) {
			if (!(st = store_stmt(s, sql_vulns_by_product, e)))
				rc = ERR_DB;
			else {
				store_bind_text(st, 1, k.vendor);
				store_bind_text(st, 2, k.product);
				rc = cands_collect(s, st, ns, i, cs, e);
			}
		}
		if (!rc && k.scan <= CPE_SCAN_VENDOR) {
			if (!(st = store_stmt(s, sql_vulns_by_vendor, e)))
				rc = ERR_DB;
			else {
				store_bind_text(st, 1, k.vendor);
				rc = cands_collect(s, st, ns, i, cs, e);
			}
		}
		cpe_key_release(&k);
	}
	/* criteria of any vendor may match any name */
	if (!rc && ns->n) {
		if (!(st = store_stmt(s, sql_vulns_any_vendor, e)))
			return ERR_DB;
		rc = cands_collect(s, st, ns, ns->n, cs, e);
	}
	cands_settle(cs);
	return rc;
}

/* The name of ns by which candidate c exposes it, or NULL (*rc: error). */
static const char *
cand_exposed(struct store *s, const struct cand *c, const struct names *ns,
             int *rc, struct err *e)
{
	struct vulnerability v;
	const char *name = NULL;

	if (c->name != CAND_READ)
		return ns->text[c->name];
	vulnerability_init(&v);
	v.meta.id = c->id;
	if (!(*rc = vuln_configs_read(s, &v, e)))
		name = exposed(&v, ns);
	vulnerability_release(&v);
	return name;
}

static int
match_asset(struct store *s, int64_t id, int64_t now,
            struct store_match_stats *stats, struct err *e)
{
	struct names ns;
	struct cands cand = {0};
	struct ids had = {0}, found = {0};
	struct exposure_vex_rows vex = {0};
	int rc;

	if ((rc = names_read(s, id, &ns, e)))
		return rc;
	if ((rc = vuln_candidates(s, &ns, &cand, e)) ||
	    (rc = ids_of(s, sql_of_asset, id, &had, e)) ||
	    (rc = exposure_vex_refresh_asset(s, id, ns.v, ns.text, ns.n, e)) ||
	    (rc = vex_of(s, false, id, &vex, e)))
		goto out;
	for (size_t i = 0; !rc && i < cand.n; i++) {
		int64_t vuln = cand.v[i].id;
		struct vuln_terms vt = {0}; /* read by insert if it writes */
		const char *name;

		if (exposure_vex_keeps_out(&vex, vuln))
			continue;
		if ((name = cand_exposed(s, &cand.v[i], &ns, &rc, e))) {
			ids_push(&found, vuln);
			rc = put(s, id, vuln, name, ids_has(&had, vuln), &vt,
			         &ns, now, stats, e);
		}
	}
	if (!rc)
		rc = put_vex_affected(s, &vex, false, id, &had, &found, now,
		                      stats, e);
	if (!rc)
		rc = drop_stale(s, false, id, &had, &found, stats, e);
out:
	free(cand.v);
	free(had.v);
	free(found.v);
	exposure_vex_rows_release(&vex);
	names_release(&ns);
	return rc;
}

/* ---- entry points ---- */

/* When match last ran (schema v7's exposure_rule.matched_at). */
static int
last_matched(struct store *s, int64_t *at, bool *is_never, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT matched_at FROM exposure_rule WHERE id = 1", e);
	int step;

	*at = 0;
	*is_never = true;
	if (!st)
		return ERR_DB;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*at = sqlite3_column_int64(st, 0);
		*is_never = false;
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read when matching last ran");
	return 0;
}

static int
mark_matched(struct store *s, int64_t at, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s, "UPDATE exposure_rule SET matched_at = ?1 WHERE id = 1", e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, at);
	return store_step_done(s, st, "cannot record when matching ran", e);
}

static void
stats_add(struct store_match_stats *to, const struct store_match_stats *got)
{
	if (!to)
		return;
	to->added += got->added;
	to->confirmed += got->confirmed;
	to->removed += got->removed;
}

/* Match CVE id by v's configurations (NULL: the stored ones). */
static int
match_one_vulnerability(struct store *s, int64_t id, bool is_new,
                        const struct vulnerability *v,
                        struct store_match_stats *stats, struct err *e)
{
	struct store_match_stats got = {0};
	bool is_own_tx, may_alert = true;
	int rc;

	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	rc = match_vulnerability(s, id, is_new, v, time_now(), &got, &may_alert,
	                         e);
	/* a new exposure may qualify (store/exposure_alert.h) */
	if (!rc && got.added && may_alert)
		rc = store_exposure_alerts_of_vulnerability(s, id, e);
	stats_add(stats, &got);
	return store_tx_leave(s, is_own_tx, rc, e);
}

int
store_exposure_match_vulnerability(struct store *s, int64_t vulnerability_id,
                                   struct store_match_stats *stats,
                                   struct err *e)
{
	return match_one_vulnerability(s, vulnerability_id, false, NULL, stats,
	                               e);
}

int
vuln_exposure_match(struct store *s, int64_t id, bool is_new,
                    const struct vulnerability *v, struct err *e)
{
	return match_one_vulnerability(s, id, is_new, v, NULL, e);
}

int
store_exposure_match_asset(struct store *s, int64_t asset_id,
                           struct store_match_stats *stats, struct err *e)
{
	struct store_match_stats got = {0};
	bool is_own_tx;
	int rc;

	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	rc = match_asset(s, asset_id, time_now(), &got, e);
	if (!rc && got.added)
		rc = store_exposure_alerts_of_asset(s, asset_id, e);
	stats_add(stats, &got);
	return store_tx_leave(s, is_own_tx, rc, e);
}

int
store_exposure_rematch_all(
    struct store *s, void (*progress)(void *arg, int64_t done, int64_t total),
    void *arg, struct store_match_stats *stats, struct err *e)
{
	struct store_match_stats none = {0};
	struct ids all = {0};
	sqlite3_stmt *st;
	int64_t now = time_now();
	bool is_own_tx;
	int rc;

	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if (!(st = store_stmt(s, sql_all_vulns, e)))
		rc = ERR_DB;
	else
		rc = ids_collect(s, st, &all, e);
	for (size_t i = 0; !rc && i < all.n; i++) {
		bool may_alert; /* raise_all below looks at every one */

		rc = match_vulnerability(s, all.v[i], false, NULL, now,
		                         stats ? stats : &none, &may_alert, e);
		if (!rc && progress && ((i + 1) % 100 == 0 || i + 1 == all.n))
			progress(arg, (int64_t)i + 1, (int64_t)all.n);
	}
	free(all.v);
	/* and what qualifies now, whether found now or before */
	if (!rc)
		rc = store_exposure_alerts_raise_all(s, NULL, e);
	if (!rc)
		rc = mark_matched(s, now, e);
	return store_tx_leave(s, is_own_tx, rc, e);
}

/* What changed since the last match, and the assets of it (?1 since). */
static const char sql_changed_vulns[] =
    "SELECT d.id FROM vuln_detail d JOIN vulnerability v ON v.id = d.id "
    "WHERE v.updated_at >= ?1 AND (d.configs NOTNULL OR d.cpes NOTNULL) "
    "ORDER BY 1";
static const char sql_changed_assets[] =
    "SELECT DISTINCT c.asset_id FROM asset_cpe c JOIN asset a ON a.id = "
    "c.asset_id WHERE a.updated_at >= ?1 ORDER BY 1";

int
store_exposure_match_changed(
    struct store *s, void (*progress)(void *arg, int64_t done, int64_t total),
    void *arg, struct store_match_stats *stats, struct err *e)
{
	struct store_match_stats none = {0};
	struct ids vulns = {0}, assets = {0};
	sqlite3_stmt *st;
	int64_t now = time_now(), since = 0, total;
	bool is_own_tx, is_first = false;
	int rc;

	if (!stats)
		stats = &none;
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if ((rc = last_matched(s, &since, &is_first, e)))
		goto out;
	if (is_first) {
		rc = store_exposure_rematch_all(s, progress, arg, stats, e);
		goto out;
	}
	if (!(st = store_stmt(s, sql_changed_vulns, e)))
		rc = ERR_DB;
	else {
		sqlite3_bind_int64(st, 1, since);
		rc = ids_collect(s, st, &vulns, e);
	}
	if (!rc && !(st = store_stmt(s, sql_changed_assets, e)))
		rc = ERR_DB;
	else if (!rc) {
		sqlite3_bind_int64(st, 1, since);
		rc = ids_collect(s, st, &assets, e);
	}
	total = (int64_t)(vulns.n + assets.n);
	for (size_t i = 0; !rc && i < vulns.n + assets.n; i++) {
		bool may_alert; /* raise_all below looks at every one */

		if (i < vulns.n)
			rc = match_vulnerability(s, vulns.v[i], false, NULL,
			                         now, stats, &may_alert, e);
		else
			rc = match_asset(s, assets.v[i - vulns.n], now, stats,
			                 e);
		if (!rc && progress &&
		    ((i + 1) % 100 == 0 || (int64_t)i + 1 == total))
			progress(arg, (int64_t)i + 1, total);
	}
	if (!rc)
		rc = store_exposure_alerts_raise_all(s, NULL, e);
	if (!rc)
		rc = mark_matched(s, now, e);
out:
	free(vulns.v);
	free(assets.v);
	return store_tx_leave(s, is_own_tx, rc, e);
}
