/*
 * A CVE's metrics, weaknesses, references and configurations in their
 * tables (schema v6, "issue 13: NVD records"). See vuln_internal.h.
 *
 * Each kind is a list owned by its vulnerability row, in the record's
 * order (ord). A record that carries a kind replaces the stored list when
 * it differs, whole; one that does not carry it (a KEV or EPSS record)
 * leaves it. Configurations are three levels: vuln_config, its vuln_node
 * rows and the node's vuln_cpe rows, each keyed by its criterion's vendor
 * and product so that matching looks CVEs up through an index.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/cpe.h"
#include "centinela/model/cpe_config.h"
#include "internal.h"
#include "vuln_internal.h"

static const char sql_metrics[] =
    "SELECT version, vector, base_score, severity, source, is_primary "
    "FROM vuln_metric WHERE vulnerability_id = ?1 ORDER BY ord";
static const char sql_metrics_delete[] =
    "DELETE FROM vuln_metric WHERE vulnerability_id = ?1";
static const char sql_metric_insert[] =
    "INSERT INTO vuln_metric(vulnerability_id, ord, version, vector, "
    "base_score, severity, source, is_primary) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8)";

static const char sql_cwes[] = "SELECT cwe_id FROM vuln_weakness WHERE "
                               "vulnerability_id = ?1 ORDER BY ord";
static const char sql_cwes_delete[] =
    "DELETE FROM vuln_weakness WHERE vulnerability_id = ?1";
static const char sql_cwe_insert[] =
    "INSERT INTO vuln_weakness(vulnerability_id, ord, cwe_id) VALUES (?1, "
    "?2, ?3)";

static const char sql_refs[] = "SELECT url, source, tags FROM vuln_reference "
                               "WHERE vulnerability_id = ?1 ORDER BY ord";
static const char sql_refs_delete[] =
    "DELETE FROM vuln_reference WHERE vulnerability_id = ?1";
static const char sql_ref_insert[] =
    "INSERT INTO vuln_reference(vulnerability_id, ord, url, source, tags) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

/* Configurations, nodes and matches in order; empty levels kept. */
static const char sql_configs[] =
    "SELECT c.id, c.operator, c.negate, n.id, n.operator, n.negate, "
    "p.criteria, p.version_start_incl, p.version_start_excl, "
    "p.version_end_incl, p.version_end_excl, p.is_vulnerable, "
    "p.match_criteria_id FROM vuln_config c "
    "LEFT JOIN vuln_node n ON n.config_id = c.id "
    "LEFT JOIN vuln_cpe p ON p.vulnerability_id = c.vulnerability_id AND "
    "p.node_id = n.id "
    "WHERE c.vulnerability_id = ?1 ORDER BY c.ord, n.ord, p.id";
/* The nodes go with their configuration (ON DELETE CASCADE). */
static const char sql_configs_delete[] =
    "DELETE FROM vuln_config WHERE vulnerability_id = ?1";
static const char sql_config_cpes_delete[] =
    "DELETE FROM vuln_cpe WHERE vulnerability_id = ?1";
static const char sql_config_insert[] =
    "INSERT INTO vuln_config(vulnerability_id, ord, operator, negate) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_node_insert[] =
    "INSERT INTO vuln_node(config_id, ord, operator, negate) VALUES (?1, "
    "?2, ?3, ?4)";
static const char sql_match_insert[] =
    "INSERT INTO vuln_cpe(vulnerability_id, criteria, version_start_incl, "
    "version_start_excl, version_end_incl, version_end_excl, "
    "is_vulnerable, node_id, match_criteria_id, part, vendor, product) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

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

/* ---- metrics ---- */

static int
read_metrics(struct store *s, struct vulnerability *v, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_metrics, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, v->meta.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct vuln_metric *m;

		v->metrics = xreallocarray(v->metrics, v->n_metrics + 1,
		                           sizeof(*v->metrics));
		m = &v->metrics[v->n_metrics++];
		m->version = store_col_text(st, 0);
		m->vector = store_col_text(st, 1);
		m->base_score = sqlite3_column_double(st, 2);
		m->severity = store_col_text(st, 3);
		m->source = store_col_text(st, 4);
		m->is_primary = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read cvss metrics");
	return 0;
}

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

static int
write_metrics(struct store *s, int64_t id, bool is_new,
              const struct vulnerability *v, struct err *e)
{
	int rc = is_new ? 0 : delete_of(s, sql_metrics_delete, id, e);

	for (size_t i = 0; !rc && i < v->n_metrics; i++) {
		const struct vuln_metric *m = &v->metrics[i];
		sqlite3_stmt *st = store_stmt(s, sql_metric_insert, e);

		if (!st)
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		store_bind_text(st, 3, m->version ? m->version : "");
		store_bind_text(st, 4, m->vector ? m->vector : "");
		sqlite3_bind_double(st, 5, m->base_score);
		store_bind_text(st, 6, m->severity);
		store_bind_text(st, 7, m->source);
		sqlite3_bind_int(st, 8, m->is_primary);
		rc = store_step_done(s, st, "cannot store a cvss metric", e);
	}
	return rc;
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

/* ---- references ---- */

static int
read_refs(struct store *s, struct vulnerability *v, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_refs, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, v->meta.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct vuln_reference *r;

		v->refs =
		    xreallocarray(v->refs, v->n_refs + 1, sizeof(*v->refs));
		r = &v->refs[v->n_refs++];
		r->url = store_col_text(st, 0);
		r->source = store_col_text(st, 1);
		r->tags = store_col_text(st, 2);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read references");
	return 0;
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

static int
write_refs(struct store *s, int64_t id, bool is_new,
           const struct vulnerability *v, struct err *e)
{
	int rc = is_new ? 0 : delete_of(s, sql_refs_delete, id, e);

	for (size_t i = 0; !rc && i < v->n_refs; i++) {
		const struct vuln_reference *r = &v->refs[i];
		sqlite3_stmt *st = store_stmt(s, sql_ref_insert, e);

		if (!st)
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		store_bind_text(st, 3, r->url ? r->url : "");
		store_bind_text(st, 4, r->source);
		store_bind_text(st, 5, r->tags);
		rc = store_step_done(s, st, "cannot store a reference", e);
	}
	return rc;
}

/* ---- configurations ---- */

static int
col_op(sqlite3_stmt *st, int col, enum cpe_op *op, struct err *e)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return cpe_op_parse(s ? s : "", op, e);
}

/* Add the current row of sql_configs to v's configurations. */
static int
read_config_row(sqlite3_stmt *st, struct vulnerability *v, int64_t *config_id,
                int64_t *node_id, struct err *e)
{
	struct cpe_config *c;
	struct cpe_node *node;
	struct version_bounds b;
	enum cpe_op op;
	int rc;

	if (!v->n_configs || sqlite3_column_int64(st, 0) != *config_id) {
		if ((rc = col_op(st, 1, &op, e)))
			return rc;
		v->configs = xreallocarray(v->configs, v->n_configs + 1,
		                           sizeof(*v->configs));
		c = &v->configs[v->n_configs++];
		cpe_config_init(c);
		c->op = op;
		c->negate = sqlite3_column_int(st, 2) != 0;
		*config_id = sqlite3_column_int64(st, 0);
		*node_id = 0;
	}
	c = &v->configs[v->n_configs - 1];
	if (sqlite3_column_type(st, 3) == SQLITE_NULL)
		return 0;
	if (!c->n_nodes || sqlite3_column_int64(st, 3) != *node_id) {
		if ((rc = col_op(st, 4, &op, e)))
			return rc;
		cpe_config_add_node(c, op, sqlite3_column_int(st, 5) != 0);
		*node_id = sqlite3_column_int64(st, 3);
	}
	node = &c->nodes[c->n_nodes - 1];
	if (sqlite3_column_type(st, 6) == SQLITE_NULL)
		return 0;
	b.start_including = (char *)sqlite3_column_text(st, 7);
	b.start_excluding = (char *)sqlite3_column_text(st, 8);
	b.end_including = (char *)sqlite3_column_text(st, 9);
	b.end_excluding = (char *)sqlite3_column_text(st, 10);
	return cpe_node_add_match(node, sqlite3_column_int(st, 11) != 0,
	                          (const char *)sqlite3_column_text(st, 6), &b,
	                          (const char *)sqlite3_column_text(st, 12), e);
}

static int
read_configs(struct store *s, struct vulnerability *v, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_configs, e);
	int64_t config_id = 0, node_id = 0;
	int step, rc = 0;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, v->meta.id);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = read_config_row(st, v, &config_id, &node_id, e);
	sqlite3_reset(st);
	if (rc)
		return err_prefix(e, "stored configuration of %s",
		                  v->cve_id ? v->cve_id : "a CVE");
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read configurations");
	return 0;
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

/* Insert a configuration or node row (sql, ?1 owner ... ?4); its id. */
static int
insert_level(struct store *s, const char *sql, int64_t owner, size_t ord,
             enum cpe_op op, bool negate, int64_t *id, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, owner);
	sqlite3_bind_int64(st, 2, (int64_t)ord);
	store_bind_text(st, 3, cpe_op_name(op));
	sqlite3_bind_int(st, 4, negate);
	rc = store_step_done(s, st, "cannot store a configuration", e);
	*id = store_last_id(s);
	return rc;
}

static int
insert_match(struct store *s, int64_t id, int64_t node_id,
             const struct cpe_match *m, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_match_insert, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, m->criteria);
	store_bind_text(st, 3, m->bounds.start_including);
	store_bind_text(st, 4, m->bounds.start_excluding);
	store_bind_text(st, 5, m->bounds.end_including);
	store_bind_text(st, 6, m->bounds.end_excluding);
	sqlite3_bind_int(st, 7, m->is_vulnerable);
	sqlite3_bind_int64(st, 8, node_id);
	store_bind_text(st, 9, m->match_criteria_id);
	bind_key(st, 10, &m->name);
	return store_step_done(s, st, "cannot store a cpe match", e);
}

static int
write_configs(struct store *s, int64_t id, bool is_new,
              const struct vulnerability *v, struct err *e)
{
	int rc;

	if (!is_new && ((rc = delete_of(s, sql_config_cpes_delete, id, e)) ||
	                (rc = delete_of(s, sql_configs_delete, id, e))))
		return rc;
	for (size_t i = 0; i < v->n_configs; i++) {
		const struct cpe_config *c = &v->configs[i];
		int64_t config_id;

		if ((rc = insert_level(s, sql_config_insert, id, i, c->op,
		                       c->negate, &config_id, e)))
			return rc;
		for (size_t n = 0; n < c->n_nodes; n++) {
			const struct cpe_node *node = &c->nodes[n];
			int64_t node_id;

			if ((rc = insert_level(s, sql_node_insert, config_id, n,
			                       node->op, node->negate, &node_id,
			                       e)))
				return rc;
			for (size_t m = 0; m < node->n_matches; m++)
				if ((rc = insert_match(s, id, node_id,
				                       &node->matches[m], e)))
					return rc;
		}
	}
	return 0;
}

/* ---- all of them ---- */

struct detail_kind {
	size_t (*count)(const struct vulnerability *v);
	int (*read)(struct store *s, struct vulnerability *v, struct err *e);
	bool (*same)(const struct vulnerability *a,
	             const struct vulnerability *b);
	int (*write)(struct store *s, int64_t id, bool is_new,
	             const struct vulnerability *v, struct err *e);
};

static size_t
n_metrics(const struct vulnerability *v)
{
	return v->n_metrics;
}

static size_t
n_cwes(const struct vulnerability *v)
{
	return v->n_cwes;
}

static size_t
n_refs(const struct vulnerability *v)
{
	return v->n_refs;
}

static size_t
n_configs(const struct vulnerability *v)
{
	return v->n_configs;
}

static const struct detail_kind kinds[] = {
    {n_metrics, read_metrics, metrics_same, write_metrics},
    {n_cwes, read_cwes, cwes_same, write_cwes},
    {n_refs, read_refs, refs_same, write_refs},
    {n_configs, read_configs, configs_same, write_configs},
};

int
vuln_details_write(struct store *s, int64_t id, bool is_new,
                   const struct vulnerability *v, bool *wrote,
                   bool *configs_wrote, struct err *e)
{
	int rc = 0;

	*wrote = false;
	*configs_wrote = false;
	for (size_t k = 0; !rc && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct vulnerability old;

		if (!kinds[k].count(v))
			continue;
		vulnerability_init(&old);
		old.meta.id = id;
		/* a new row has nothing stored to compare or delete */
		if (!is_new)
			rc = kinds[k].read(s, &old, e);
		if (!rc && (is_new || !kinds[k].same(v, &old))) {
			rc = kinds[k].write(s, id, is_new, v, e);
			*wrote = true;
			if (kinds[k].write == write_configs)
				*configs_wrote = true;
		}
		vulnerability_release(&old);
	}
	return rc;
}

int
vuln_details_read(struct store *s, struct vulnerability *v, struct err *e)
{
	int rc = 0;

	for (size_t k = 0; !rc && k < sizeof(kinds) / sizeof(kinds[0]); k++)
		rc = kinds[k].read(s, v, e);
	return rc;
}

/* Criteria without a node: one OR node of those that parse. */
static const char sql_flat_cpes[] =
    "SELECT criteria, version_start_incl, version_start_excl, "
    "version_end_incl, version_end_excl, is_vulnerable FROM vuln_cpe "
    "WHERE vulnerability_id = ?1 AND node_id IS NULL ORDER BY id";

int
vuln_configs_read(struct store *s, struct vulnerability *v, struct err *e)
{
	struct cpe_node *node = NULL;
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = read_configs(s, v, e)) || v->n_configs)
		return rc;
	if (!(st = store_stmt(s, sql_flat_cpes, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, v->meta.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct version_bounds b;
		struct err ignored;

		if (!node) {
			v->configs = xcalloc(1, sizeof(*v->configs));
			v->n_configs = 1;
			cpe_config_init(v->configs);
			node =
			    cpe_config_add_node(v->configs, CPE_OP_OR, false);
		}
		b.start_including = (char *)sqlite3_column_text(st, 1);
		b.start_excluding = (char *)sqlite3_column_text(st, 2);
		b.end_including = (char *)sqlite3_column_text(st, 3);
		b.end_excluding = (char *)sqlite3_column_text(st, 4);
		/* a malformed criterion matches nothing: left out */
		(void)cpe_node_add_match(
		    node, sqlite3_column_int(st, 5) != 0,
		    (const char *)sqlite3_column_text(st, 0), &b, NULL,
		    &ignored);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read cpe criteria");
	return 0;
}
