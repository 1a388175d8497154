/*
 * A CVE's metrics, weaknesses, references and configurations (schema
 * v10, "issue 13: a CVE's details in one row"). See vuln_internal.h.
 *
 * Each kind is a list owned by its vulnerability row, in the record's
 * order. A record that carries a kind replaces the stored list when it
 * differs, whole; one that does not carry it (a KEV or EPSS record) leaves
 * it. Weaknesses are rows of vuln_weakness (the cwe: filter's index); the
 * others are the JSON texts of the CVE's vuln_detail row (vuln_doc.h), all
 * written by one statement. The vulnerable criteria matching goes by (the
 * configurations', or the flat ones of a CVE without configurations) are
 * also rows of vuln_match, keyed by their vendor and product, replaced
 * with the list they come from.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/cpe.h"
#include "centinela/model/cpe_config.h"
#include "centinela/store/vulnerability.h"
#include "internal.h"
#include "vuln_doc.h"
#include "vuln_internal.h"

static const char sql_cwes[] = "SELECT cwe_id FROM vuln_weakness WHERE "
                               "vulnerability_id = ?1 ORDER BY ord";
static const char sql_cwes_delete[] =
    "DELETE FROM vuln_weakness WHERE vulnerability_id = ?1";
static const char sql_cwe_insert[] =
    "INSERT INTO vuln_weakness(vulnerability_id, ord, cwe_id) VALUES (?1, "
    "?2, ?3)";

static const char sql_detail[] =
    "SELECT configs, cpes, metrics, refs FROM vuln_detail WHERE id = ?1";
/* ?2 configs, ?3 cpes, ?4 metrics, ?5 refs; NULL: left as stored */
static const char sql_detail_put[] =
    "INSERT INTO vuln_detail(id, configs, cpes, metrics, refs) VALUES (?1, "
    "?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET configs = "
    "coalesce(excluded.configs, configs), cpes = coalesce(excluded.cpes, "
    "cpes), metrics = coalesce(excluded.metrics, metrics), refs = "
    "coalesce(excluded.refs, refs)";

static const char sql_match_insert[] =
    "INSERT INTO vuln_match(vendor, product, vulnerability_id, criteria, "
    "plain) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_match_delete[] =
    "DELETE FROM vuln_match WHERE vendor = ?1 AND product = ?2 AND "
    "vulnerability_id = ?3";
/* when the stored criteria cannot be read: the slow way, a scan */
static const char sql_match_delete_all[] =
    "DELETE FROM vuln_match WHERE vulnerability_id = ?1";

static bool
same_str(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return strcmp(a, b) == 0;
}

static void
bind_key(sqlite3_stmt *st, int idx, const struct cpe_name *n)
{
	struct cpe_key k;
	char part[2] = {0, 0};

	cpe_key_init(&k);
	cpe_name_key(n, &k);
	part[0] = k.part;
	store_bind_text(st, idx, k.part ? part : NULL);
	store_bind_text(st, idx + 1, k.vendor);
	store_bind_text(st, idx + 2, k.product);
	cpe_key_release(&k);
}

void
vuln_bind_cpe_key(sqlite3_stmt *st, int idx, const char *criteria)
{
	struct cpe_name n;

	cpe_name_init(&n);
	if (criteria && cpe_name_parse(&n, criteria, NULL) == 0) {
		bind_key(st, idx, &n);
	} else {
		sqlite3_bind_null(st, idx);
		sqlite3_bind_null(st, idx + 1);
		sqlite3_bind_null(st, idx + 2);
	}
	cpe_name_release(&n);
}

/* Run sql (one ?1, the row id) to its end. */
static int
delete_of(struct store *s, const char *sql, int64_t id, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return store_step_done(s, st, "cannot replace vulnerability details",
	                       e);
}

/* ---- comparing ---- */

static bool
metrics_same(const struct vulnerability *a, const struct vulnerability *b)
{
	if (a->n_metrics != b->n_metrics)
		return false;
	for (size_t i = 0; i < a->n_metrics; i++) {
		const struct vuln_metric *x = &a->metrics[i],
		                         *y = &b->metrics[i];

		if (!same_str(x->version, y->version) ||
		    !same_str(x->vector, y->vector) ||
		    x->base_score != y->base_score ||
		    !same_str(x->severity, y->severity) ||
		    !same_str(x->source, y->source) ||
		    x->is_primary != y->is_primary)
			return false;
	}
	return true;
}

static bool
refs_same(const struct vulnerability *a, const struct vulnerability *b)
{
	if (a->n_refs != b->n_refs)
		return false;
	for (size_t i = 0; i < a->n_refs; i++)
		if (!same_str(a->refs[i].url, b->refs[i].url) ||
		    !same_str(a->refs[i].source, b->refs[i].source) ||
		    !same_str(a->refs[i].tags, b->refs[i].tags))
			return false;
	return true;
}

static bool
bounds_same(const struct version_bounds *a, const struct version_bounds *b)
{
	return same_str(a->start_including, b->start_including) &&
	       same_str(a->start_excluding, b->start_excluding) &&
	       same_str(a->end_including, b->end_including) &&
	       same_str(a->end_excluding, b->end_excluding);
}

static bool
node_same(const struct cpe_node *a, const struct cpe_node *b)
{
	if (a->op != b->op || a->negate != b->negate ||
	    a->n_matches != b->n_matches)
		return false;
	for (size_t i = 0; i < a->n_matches; i++) {
		const struct cpe_match *x = &a->matches[i], *y = &b->matches[i];

		if (x->is_vulnerable != y->is_vulnerable ||
		    !same_str(x->criteria, y->criteria) ||
		    !same_str(x->match_criteria_id, y->match_criteria_id) ||
		    !bounds_same(&x->bounds, &y->bounds))
			return false;
	}
	return true;
}

static bool
configs_same(const struct vulnerability *a, const struct vulnerability *b)
{
	if (a->n_configs != b->n_configs)
		return false;
	for (size_t i = 0; i < a->n_configs; i++) {
		const struct cpe_config *x = &a->configs[i];
		const struct cpe_config *y = &b->configs[i];

		if (x->op != y->op || x->negate != y->negate ||
		    x->n_nodes != y->n_nodes)
			return false;
		for (size_t n = 0; n < x->n_nodes; n++)
			if (!node_same(&x->nodes[n], &y->nodes[n]))
				return false;
	}
	return true;
}

static bool
cpes_same(const struct vulnerability *a, const struct vulnerability *b)
{
	if (a->n_cpes != b->n_cpes)
		return false;
	for (size_t i = 0; i < a->n_cpes; i++) {
		const struct vuln_cpe *x = &a->cpes[i], *y = &b->cpes[i];

		if (x->is_vulnerable != y->is_vulnerable ||
		    !same_str(x->criteria, y->criteria) ||
		    !same_str(x->version_start_incl, y->version_start_incl) ||
		    !same_str(x->version_start_excl, y->version_start_excl) ||
		    !same_str(x->version_end_incl, y->version_end_incl) ||
		    !same_str(x->version_end_excl, y->version_end_excl))
			return false;
	}
	return true;
}

/* ---- weaknesses ---- */

static int
read_cwes(struct store *s, struct vulnerability *v, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_cwes, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, v->meta.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		v->cwes =
		    xreallocarray(v->cwes, v->n_cwes + 1, sizeof(*v->cwes));
		v->cwes[v->n_cwes++] = store_col_text(st, 0);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read weaknesses");
	return 0;
}

static bool
cwes_same(const struct vulnerability *a, const struct vulnerability *b)
{
	if (a->n_cwes != b->n_cwes)
		return false;
	for (size_t i = 0; i < a->n_cwes; i++)
		if (!same_str(a->cwes[i], b->cwes[i]))
			return false;
	return true;
}

static int
write_cwes(struct store *s, int64_t id, bool is_new,
           const struct vulnerability *v, struct err *e)
{
	int rc = is_new ? 0 : delete_of(s, sql_cwes_delete, id, e);

	for (size_t i = 0; !rc && i < v->n_cwes; i++) {
		sqlite3_stmt *st = store_stmt(s, sql_cwe_insert, e);

		if (!st)
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		store_bind_text(st, 3, v->cwes[i] ? v->cwes[i] : "");
		rc = store_step_done(s, st, "cannot store a weakness", e);
	}
	return rc;
}

/* ---- the vuln_detail row ---- */

/* Its JSON columns, in the order of sql_detail and sql_detail_put. */
enum { K_CONFIGS, K_CPES, K_METRICS, K_REFS, K_N };

/* The texts of a stored row (owned; NULL: none). */
struct detail_text {
	char *v[K_N];
};

static void
text_release(struct detail_text *t)
{
	for (int k = 0; k < K_N; k++)
		free(t->v[k]);
}

static int
text_read(struct store *s, int64_t id, struct detail_text *t, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_detail, e);
	int step;

	memset(t, 0, sizeof(*t));
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		for (int k = 0; k < K_N; k++)
			t->v[k] = store_col_text(st, k);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read vulnerability details");
	return 0;
}

static size_t
n_configs(const struct vulnerability *v)
{
	return v->n_configs;
}

/* A record's cpes are its configurations' matches, flat, when it has any. */
static size_t
n_flat_cpes(const struct vulnerability *v)
{
	return v->n_configs ? 0 : v->n_cpes;
}

static size_t
n_metrics(const struct vulnerability *v)
{
	return v->n_metrics;
}

static size_t
n_refs(const struct vulnerability *v)
{
	return v->n_refs;
}

static void
put_configs(struct strbuf *sb, const struct vulnerability *v)
{
	vuln_doc_put_configs(sb, v->configs, v->n_configs);
}

static void
put_cpes(struct strbuf *sb, const struct vulnerability *v)
{
	vuln_doc_put_cpes(sb, v->cpes, v->n_cpes);
}

static void
put_metrics(struct strbuf *sb, const struct vulnerability *v)
{
	vuln_doc_put_metrics(sb, v->metrics, v->n_metrics);
}

static void
put_refs(struct strbuf *sb, const struct vulnerability *v)
{
	vuln_doc_put_refs(sb, v->refs, v->n_refs);
}

static const struct detail_kind {
	size_t (*count)(const struct vulnerability *v); /* entries carried */
	int (*get)(const char *json, struct vulnerability *v, struct err *e);
	bool (*same)(const struct vulnerability *a,
	             const struct vulnerability *b);
	void (*put)(struct strbuf *sb, const struct vulnerability *v);
} kinds[K_N] = {
    [K_CONFIGS] = {n_configs, vuln_doc_get_configs, configs_same, put_configs},
    [K_CPES] = {n_flat_cpes, vuln_doc_get_cpes, cpes_same, put_cpes},
    [K_METRICS] = {n_metrics, vuln_doc_get_metrics, metrics_same, put_metrics},
    [K_REFS] = {n_refs, vuln_doc_get_refs, refs_same, put_refs},
};

/* ---- the criteria matching goes by (vuln_match) ---- */

typedef int (*criterion_fn)(void *arg, const struct cpe_name *name,
                            const char *criteria,
                            const struct version_bounds *b, struct err *e);

/*
 * Call fn on each vulnerable criterion of v that matching goes by: its
 * configurations', or when it has none its flat criteria that parse.
 */
static int
each_criterion(const struct vulnerability *v, criterion_fn fn, void *arg,
               struct err *e)
{
	int rc = 0;

	for (size_t c = 0; c < v->n_configs; c++)
		for (size_t n = 0; n < v->configs[c].n_nodes; n++) {
			const struct cpe_node *node = &v->configs[c].nodes[n];

			for (size_t m = 0; !rc && m < node->n_matches; m++)
				if (node->matches[m].is_vulnerable)
					rc = fn(arg, &node->matches[m].name,
					        node->matches[m].criteria,
					        &node->matches[m].bounds, e);
		}
	for (size_t i = 0; !rc && !v->n_configs && i < v->n_cpes; i++) {
		const struct vuln_cpe *c = &v->cpes[i];
		struct version_bounds b;
		struct cpe_name name;

		cpe_name_init(&name);
		if (c->is_vulnerable && c->criteria &&
		    cpe_name_parse(&name, c->criteria, NULL) == 0) {
			b.start_including = c->version_start_incl;
			b.start_excluding = c->version_start_excl;
			b.end_including = c->version_end_incl;
			b.end_excluding = c->version_end_excl;
			rc = fn(arg, &name, c->criteria, &b, e);
		}
		cpe_name_release(&name);
	}
	return rc;
}

/*
 * The criteria of a CVE by their vuln_match key: each key's vendor and
 * product ('' when ANY) and its lines (see schema_v10.sql.inc).
 */
struct match_group {
	char *vendor, *product; /* (owned) */
	struct strbuf lines;
};

struct match_groups {
	struct match_group *v;
	size_t n;
	bool is_lossy; /* a line lacks a bound (add_bound) */
	bool is_plain; /* the rows' plain (schema v14; groups_make) */
};

static void
groups_release(struct match_groups *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].vendor);
		free(g->v[i].product);
		strbuf_release(&g->v[i].lines);
	}
	free(g->v);
	memset(g, 0, sizeof(*g));
}

/*
 * "\tBOUND": empty for none, or for one that holds a tab or a newline
 * (then true: the line is wider than its criterion).
 */
static bool
add_bound(struct strbuf *sb, const char *bound)
{
	strbuf_addch(sb, '\t');
	if (bound && strpbrk(bound, "\t\n"))
		return true;
	if (bound)
		strbuf_adds(sb, bound);
	return false;
}

/* Add a criterion (a parsed name: no tab nor newline) to its key's group. */
static int
group_add(void *arg, const struct cpe_name *name, const char *criteria,
          const struct version_bounds *b, struct err *e)
{
	struct match_groups *g = arg;
	struct match_group *grp = NULL;
	const char *vendor, *product;
	struct cpe_key k;

	(void)e;
	cpe_key_init(&k);
	cpe_name_key(name, &k);
	vendor = k.vendor ? k.vendor : "";
	product = k.product ? k.product : "";
	for (size_t i = 0; !grp && i < g->n; i++)
		if (strcmp(g->v[i].vendor, vendor) == 0 &&
		    strcmp(g->v[i].product, product) == 0)
			grp = &g->v[i];
	if (!grp) {
		g->v = xreallocarray(g->v, g->n + 1, sizeof(*g->v));
		grp = &g->v[g->n++];
		grp->vendor = xstrdup(vendor);
		grp->product = xstrdup(product);
		strbuf_init(&grp->lines);
	} else {
		strbuf_addch(&grp->lines, '\n');
	}
	cpe_key_release(&k);
	strbuf_adds(&grp->lines, criteria);
	if (add_bound(&grp->lines, b->start_including) |
	    add_bound(&grp->lines, b->start_excluding) |
	    add_bound(&grp->lines, b->end_including) |
	    add_bound(&grp->lines, b->end_excluding))
		g->is_lossy = true;
	return 0;
}

/*
 * The groups of v's criteria into g (empty), with whether they are plain:
 * matching may then take a line an asset's name satisfies for an exposure
 * by that name without reading the CVE whole (store/exposure.c). They are
 * when each line is its criterion whole, and the criteria are
 * configurations that are plain (cpe_configs_plain), or flat criteria,
 * which are one OR node (vuln_configs_read). by_configs: the criteria are
 * v's configurations' (as stored: a configs text that holds none exposes
 * nothing); else its flat ones.
 */
static int
groups_make(const struct vulnerability *v, bool by_configs,
            struct match_groups *g, struct err *e)
{
	int rc = each_criterion(v, group_add, g, e);

	g->is_plain =
	    !g->is_lossy &&
	    (!by_configs || cpe_configs_plain(v->configs, v->n_configs));
	return rc;
}

void
vuln_sql_match_plain(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *configs = (const char *)sqlite3_value_text(argv[0]);
	const char *cpes = (const char *)sqlite3_value_text(argv[1]);
	struct match_groups g = {0};
	struct vulnerability v;
	struct err e;
	int rc;

	(void)argc;
	vulnerability_init(&v);
	rc = configs ? vuln_doc_get_configs(configs, &v, &e)
	             : vuln_doc_get_cpes(cpes, &v, &e);
	if (!rc)
		rc = groups_make(&v, configs != NULL, &g, &e);
	/* a text that cannot be read is read whole by matching, and fails */
	sqlite3_result_int(cx, !rc && g.is_plain);
	groups_release(&g);
	vulnerability_release(&v);
}

/* ---- made ahead (store_vulnerability_prepare) ---- */

/*
 * The texts of a record's kinds and the groups of its criteria, with the
 * arrays and counts of the details they were made of, which the upsert
 * compares before it uses them.
 */
struct prepared {
	const void *arrays[K_N];    /* configs, cpes, metrics, refs */
	size_t counts[K_N];         /* n_configs, n_cpes, n_metrics, n_refs */
	struct strbuf text[K_N];    /* kinds[k].put, for the kinds carried */
	struct match_groups groups; /* group_add of each criterion */
};

static void
prepared_free(void *arg)
{
	struct prepared *p = arg;

	for (int k = 0; k < K_N; k++)
		strbuf_release(&p->text[k]);
	groups_release(&p->groups);
	free(p);
}

/* Fill arrays and counts with v's. */
static void
details_of(const struct vulnerability *v, const void *arrays[K_N],
           size_t counts[K_N])
{
	arrays[K_CONFIGS] = v->configs;
	counts[K_CONFIGS] = v->n_configs;
	arrays[K_CPES] = v->cpes;
	counts[K_CPES] = v->n_cpes;
	arrays[K_METRICS] = v->metrics;
	counts[K_METRICS] = v->n_metrics;
	arrays[K_REFS] = v->refs;
	counts[K_REFS] = v->n_refs;
}

/* v's prepared details, when made of the details v holds; else NULL. */
static const struct prepared *
prepared_of(const struct vulnerability *v)
{
	const struct prepared *p = v->prepared;
	const void *arrays[K_N];
	size_t counts[K_N];

	if (!p || v->prepared_free != prepared_free)
		return NULL;
	details_of(v, arrays, counts);
	for (int k = 0; k < K_N; k++)
		if (arrays[k] != p->arrays[k] || counts[k] != p->counts[k])
			return NULL;
	return p;
}

void
store_vulnerability_prepare(struct vulnerability *v)
{
	struct prepared *p = xcalloc(1, sizeof(*p));

	if (v->prepared)
		v->prepared_free(v->prepared);
	details_of(v, p->arrays, p->counts);
	for (int k = 0; k < K_N; k++) {
		strbuf_init(&p->text[k]);
		if (kinds[k].count(v) > 0)
			kinds[k].put(&p->text[k], v);
	}
	/* group_add cannot fail */
	(void)groups_make(v, v->n_configs > 0, &p->groups, NULL);
	v->prepared = p;
	v->prepared_free = prepared_free;
}

/* The vuln_match rows of v's criteria, for CVE id. */
static int
match_rows_insert(struct store *s, int64_t id, const struct vulnerability *v,
                  struct err *e)
{
	const struct prepared *p = prepared_of(v);
	struct match_groups own = {0};
	const struct match_groups *g = p ? &p->groups : &own;
	int rc = p ? 0 : groups_make(v, v->n_configs > 0, &own, e);

	for (size_t i = 0; !rc && i < g->n; i++) {
		sqlite3_stmt *st = store_stmt(s, sql_match_insert, e);

		if (!st) {
			rc = ERR_DB;
			break;
		}
		store_bind_text(st, 1, g->v[i].vendor);
		store_bind_text(st, 2, g->v[i].product);
		sqlite3_bind_int64(st, 3, id);
		sqlite3_bind_text(st, 4, g->v[i].lines.buf,
		                  (int)g->v[i].lines.len, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, g->is_plain);
		rc = store_step_done(s, st, "cannot store cpe matches", e);
	}
	groups_release(&own);
	return rc;
}

/*
 * Delete the vuln_match rows of CVE id, whose stored texts are old, by
 * the keys of the criteria they hold. Texts that cannot be read are
 * rewritten: their rows are then found by a scan.
 */
static int
match_rows_delete(struct store *s, int64_t id, const struct detail_text *old,
                  struct err *e)
{
	struct match_groups g = {0};
	struct vulnerability was;
	int rc;

	if (!old->v[K_CONFIGS] && !old->v[K_CPES])
		return 0;
	vulnerability_init(&was);
	rc = old->v[K_CONFIGS]
	         ? vuln_doc_get_configs(old->v[K_CONFIGS], &was, e)
	         : vuln_doc_get_cpes(old->v[K_CPES], &was, e);
	if (!rc)
		rc = each_criterion(&was, group_add, &g, e);
	if (rc) {
		err_clear(e);
		rc = delete_of(s, sql_match_delete_all, id, e);
	}
	for (size_t i = 0; !rc && i < g.n; i++) {
		sqlite3_stmt *st = store_stmt(s, sql_match_delete, e);

		if (!st) {
			rc = ERR_DB;
			break;
		}
		store_bind_text(st, 1, g.v[i].vendor);
		store_bind_text(st, 2, g.v[i].product);
		sqlite3_bind_int64(st, 3, id);
		rc = store_step_done(s, st, "cannot replace cpe matches", e);
	}
	groups_release(&g);
	vulnerability_release(&was);
	return rc;
}

/* ---- all of them ---- */

/*
 * Which kinds of v to write (put), against the stored texts old (of a row
 * that is not new): those v carries that differ from the stored.
 */
static int
kinds_to_put(const struct vulnerability *v, bool is_new,
             const struct detail_text *old, bool put[K_N], struct err *e)
{
	for (int k = 0; k < K_N; k++) {
		struct vulnerability was;
		int rc;

		put[k] = kinds[k].count(v) > 0;
		if (!put[k] || is_new || !old->v[k])
			continue;
		vulnerability_init(&was);
		rc = kinds[k].get(old->v[k], &was, e);
		if (rc == ERR_CORRUPT)
			err_clear(e); /* written again */
		else if (rc == 0)
			put[k] = !kinds[k].same(v, &was);
		vulnerability_release(&was);
		if (rc && rc != ERR_CORRUPT)
			return rc;
	}
	return 0;
}

static int
detail_put(struct store *s, int64_t id, const struct vulnerability *v,
           const bool put[K_N], struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_detail_put, e);
	const struct prepared *p = prepared_of(v);
	struct strbuf text[K_N];
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	for (int k = 0; k < K_N; k++) {
		const struct strbuf *t = p ? &p->text[k] : &text[k];

		strbuf_init(&text[k]);
		if (put[k]) {
			if (!p)
				kinds[k].put(&text[k], v);
			sqlite3_bind_text(st, 2 + k, t->buf, (int)t->len,
			                  SQLITE_STATIC);
		} else {
			sqlite3_bind_null(st, 2 + k);
		}
	}
	rc = store_step_done(s, st, "cannot store vulnerability details", e);
	for (int k = 0; k < K_N; k++)
		strbuf_release(&text[k]);
	return rc;
}

int
vuln_details_write(struct store *s, int64_t id, bool is_new,
                   const struct vulnerability *v, bool *wrote,
                   bool *criteria_wrote, struct err *e)
{
	struct detail_text old;
	bool put[K_N], any = false;
	int rc = 0;

	*wrote = false;
	*criteria_wrote = false;
	if (v->n_cwes) {
		struct vulnerability was;

		vulnerability_init(&was);
		was.meta.id = id;
		if (!is_new)
			rc = read_cwes(s, &was, e);
		if (!rc && (is_new || !cwes_same(v, &was))) {
			rc = write_cwes(s, id, is_new, v, e);
			*wrote = true;
		}
		vulnerability_release(&was);
		if (rc)
			return rc;
	}
	memset(&old, 0, sizeof(old));
	if ((!is_new && (rc = text_read(s, id, &old, e))) ||
	    (rc = kinds_to_put(v, is_new, &old, put, e)))
		goto out;
	for (int k = 0; k < K_N; k++)
		any = any || put[k];
	if (!any)
		goto out;
	if ((rc = detail_put(s, id, v, put, e)))
		goto out;
	*wrote = true;
	/* matching goes by the configurations, or by flat criteria alone */
	if (put[K_CONFIGS] || (put[K_CPES] && !old.v[K_CONFIGS])) {
		if (!(rc = match_rows_delete(s, id, &old, e)))
			rc = match_rows_insert(s, id, v, e);
		*criteria_wrote = true;
	}
out:
	text_release(&old);
	return rc;
}

int
vuln_details_read(struct store *s, struct vulnerability *v, struct err *e)
{
	struct detail_text t;
	int rc;

	if ((rc = read_cwes(s, v, e)) || (rc = text_read(s, v->meta.id, &t, e)))
		return rc;
	for (int k = 0; !rc && k < K_N; k++)
		rc = kinds[k].get(t.v[k], v, e);
	text_release(&t);
	if (rc)
		return err_prefix(e, "%s", v->cve_id ? v->cve_id : "a CVE");
	/* the criteria list shows the configurations' too */
	vulnerability_flatten_configs(v);
	return 0;
}

static const char sql_configs[] =
    "SELECT configs, cpes FROM vuln_detail WHERE id = ?1";

int
vuln_configs_read(struct store *s, struct vulnerability *v, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_configs, e);
	struct vulnerability flat;
	struct cpe_node *node = NULL;
	int rc = 0, step;

	if (!st)
		return ERR_DB;
	vulnerability_init(&flat);
	sqlite3_bind_int64(st, 1, v->meta.id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *configs = (const char *)sqlite3_column_text(st, 0);

		rc = configs ? vuln_doc_get_configs(configs, v, e)
		             : vuln_doc_get_cpes(
		                   (const char *)sqlite3_column_text(st, 1),
		                   &flat, e);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_db_err(s, e, "cannot read configurations");
	else if (rc)
		(void)err_prefix(e, "stored configuration of %s",
		                 v->cve_id ? v->cve_id : "a CVE");
	/* criteria without configurations: one OR node of those that parse */
	for (size_t i = 0; !rc && i < flat.n_cpes; i++) {
		const struct vuln_cpe *c = &flat.cpes[i];
		struct version_bounds b;
		struct err ignored;

		if (!node) {
			v->configs = xcalloc(1, sizeof(*v->configs));
			v->n_configs = 1;
			cpe_config_init(v->configs);
			node =
			    cpe_config_add_node(v->configs, CPE_OP_OR, false);
		}
		b.start_including = c->version_start_incl;
		b.start_excluding = c->version_start_excl;
		b.end_including = c->version_end_incl;
		b.end_excluding = c->version_end_excl;
		/* a malformed criterion matches nothing: left out */
		(void)cpe_node_add_match(node, c->is_vulnerable, c->criteria,
		                         &b, NULL, &ignored);
	}
	vulnerability_release(&flat);
	return rc;
}
