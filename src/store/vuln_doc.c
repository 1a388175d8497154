/*
 * The JSON texts of a vuln_detail row. See vuln_doc.h; the members are
 * listed in schema_v10.sql.inc.
 *
 * Writing is by hand into a strbuf, not through json_t: it runs once per
 * CVE of an import in the writer thread, and building a tree of objects
 * cost more than the row's insert. Reading, rarer (a CVE's page, matching
 * an asset), goes through jansson.
 */
#include "vuln_doc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"

/* ---- writing ---- */

/* s as a JSON string: '"', a backslash and control characters escaped. */
static void
put_str(struct strbuf *sb, const char *s)
{
	const char *run = s;

	strbuf_addch(sb, '"');
	for (;; s++) {
		unsigned char c = (unsigned char)*s;

		/* one test for the common byte: printable, no quote nor backslash */
		if (c > '\\' || (c >= 0x20 && c != '"' && c != '\\'))
			continue;
		strbuf_add(sb, run, (size_t)(s - run));
		if (!c)
			break;
		if (c == '"' || c == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
		} else {
			strbuf_addf(sb, "\\u%04x", c);
		}
		run = s + 1;
	}
	strbuf_addch(sb, '"');
}

/* {"key": or ,"key": as first tells; first turns false. */
static void
put_key(struct strbuf *sb, bool *first, const char *key)
{
	strbuf_addch(sb, *first ? '{' : ',');
	strbuf_addch(sb, '"');
	strbuf_adds(sb, key);
	strbuf_add(sb, "\":", 2);
	*first = false;
}

/* "key":"value" (see put_key); nothing for NULL. */
static void
put_member(struct strbuf *sb, bool *first, const char *key, const char *value)
{
	if (!value)
		return;
	put_key(sb, first, key);
	put_str(sb, value);
}

static void
put_flag(struct strbuf *sb, bool *first, const char *key, bool value)
{
	put_key(sb, first, key);
	strbuf_addch(sb, value ? '1' : '0');
}

static void
put_bounds(struct strbuf *sb, bool *first, const char *si, const char *se,
           const char *ei, const char *ee)
{
	put_member(sb, first, "si", si);
	put_member(sb, first, "se", se);
	put_member(sb, first, "ei", ei);
	put_member(sb, first, "ee", ee);
}

static void
put_match(struct strbuf *sb, const struct cpe_match *m)
{
	bool first = true;

	put_member(sb, &first, "c", m->criteria);
	put_flag(sb, &first, "v", m->is_vulnerable);
	put_bounds(sb, &first, m->bounds.start_including,
	           m->bounds.start_excluding, m->bounds.end_including,
	           m->bounds.end_excluding);
	put_member(sb, &first, "id", m->match_criteria_id);
	strbuf_addch(sb, '}');
}

/* {"op":"OR","neg":0,"KEY":[ (KEY: nodes or m) */
static void
put_level(struct strbuf *sb, enum cpe_op op, bool negate, const char *key)
{
	bool first = true;

	put_member(sb, &first, "op", cpe_op_name(op));
	put_flag(sb, &first, "neg", negate);
	put_key(sb, &first, key);
	strbuf_addch(sb, '[');
}

void
vuln_doc_put_configs(struct strbuf *sb, const struct cpe_config *c, size_t n)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, ',');
		put_level(sb, c[i].op, c[i].negate, "nodes");
		for (size_t j = 0; j < c[i].n_nodes; j++) {
			const struct cpe_node *node = &c[i].nodes[j];

			if (j)
				strbuf_addch(sb, ',');
			put_level(sb, node->op, node->negate, "m");
			for (size_t k = 0; k < node->n_matches; k++) {
				if (k)
					strbuf_addch(sb, ',');
				put_match(sb, &node->matches[k]);
			}
			strbuf_add(sb, "]}", 2);
		}
		strbuf_add(sb, "]}", 2);
	}
	strbuf_addch(sb, ']');
}

void
vuln_doc_put_cpes(struct strbuf *sb, const struct vuln_cpe *c, size_t n)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < n; i++) {
		bool first = true;

		if (i)
			strbuf_addch(sb, ',');
		put_member(sb, &first, "c", c[i].criteria ? c[i].criteria : "");
		put_flag(sb, &first, "v", c[i].is_vulnerable);
		put_bounds(sb, &first, c[i].version_start_incl,
		           c[i].version_start_excl, c[i].version_end_incl,
		           c[i].version_end_excl);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
}

void
vuln_doc_put_metrics(struct strbuf *sb, const struct vuln_metric *m, size_t n)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < n; i++) {
		bool first = true;

		if (i)
			strbuf_addch(sb, ',');
		put_member(sb, &first, "ver", m[i].version ? m[i].version : "");
		put_member(sb, &first, "vec", m[i].vector ? m[i].vector : "");
		/* %.15g: a score read back is the same double */
		put_key(sb, &first, "score");
		strbuf_addf(sb, "%.15g", m[i].base_score);
		put_member(sb, &first, "sev", m[i].severity);
		put_member(sb, &first, "src", m[i].source);
		put_flag(sb, &first, "pri", m[i].is_primary);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
}

void
vuln_doc_put_refs(struct strbuf *sb, const struct vuln_reference *r, size_t n)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < n; i++) {
		bool first = true;

		if (i)
			strbuf_addch(sb, ',');
		put_member(sb, &first, "url", r[i].url ? r[i].url : "");
		put_member(sb, &first, "src", r[i].source);
		put_member(sb, &first, "tags", r[i].tags);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
}

/* ---- reading ---- */

/* The array json holds, or NULL with e set (what: the member's name). */
static json_t *
load_array(const char *json, const char *what, struct err *e)
{
	json_error_t je;
	json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);

	if (!json_is_array(root)) {
		json_decref(root);
		err_set(e, ERR_CORRUPT,
		        "stored %s are not a JSON array (%s): run "
		        "'centinela import nvd' again for this CVE",
		        what, root ? "another type" : je.text);
		return NULL;
	}
	return root;
}

/* Member key of o as a new string; NULL when absent, null or not text. */
static char *
dup_member(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? xstrdup(s) : NULL;
}

static const char *
str_member(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool
flag_member(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_true(v) || (json_is_integer(v) && json_integer_value(v));
}

static int
op_member(const json_t *o, enum cpe_op *op, struct err *e)
{
	const char *s = str_member(o, "op");

	return cpe_op_parse(s ? s : "", op, e);
}

static int
get_node(const json_t *jn, struct cpe_config *c, struct err *e)
{
	struct cpe_node *node;
	const json_t *jm;
	enum cpe_op op;
	size_t i;
	int rc;

	if ((rc = op_member(jn, &op, e)))
		return rc;
	node = cpe_config_add_node(c, op, flag_member(jn, "neg"));
	json_array_foreach(json_object_get(jn, "m"), i, jm)
	{
		struct version_bounds b;

		b.start_including = (char *)str_member(jm, "si");
		b.start_excluding = (char *)str_member(jm, "se");
		b.end_including = (char *)str_member(jm, "ei");
		b.end_excluding = (char *)str_member(jm, "ee");
		if ((rc = cpe_node_add_match(node, flag_member(jm, "v"),
		                             str_member(jm, "c"), &b,
		                             str_member(jm, "id"), e)))
			return rc;
	}
	return 0;
}

/*
 * Call fn on each element of the array json holds (NULL: none); what
 * names the member for the message of a text that is not one.
 */
static int
each_element(const char *json, const char *what,
             int (*fn)(const json_t *el, struct vulnerability *v,
                       struct err *e),
             struct vulnerability *v, struct err *e)
{
	const json_t *el;
	json_t *root;
	size_t i;
	int rc = 0;

	if (!json)
		return 0;
	if (!(root = load_array(json, what, e)))
		return ERR_CORRUPT;
	json_array_foreach(root, i, el)
	{
		if ((rc = fn(el, v, e)))
			break;
	}
	json_decref(root);
	return rc;
}

static int
get_config(const json_t *jc, struct vulnerability *v, struct err *e)
{
	struct cpe_config *c;
	const json_t *jn;
	enum cpe_op op;
	size_t j;
	int rc;

	if ((rc = op_member(jc, &op, e)))
		return rc;
	v->configs =
	    xreallocarray(v->configs, v->n_configs + 1, sizeof(*v->configs));
	c = &v->configs[v->n_configs++];
	cpe_config_init(c);
	c->op = op;
	c->negate = flag_member(jc, "neg");
	json_array_foreach(json_object_get(jc, "nodes"), j, jn)
	{
		if ((rc = get_node(jn, c, e)))
			return rc;
	}
	return 0;
}

static int
get_cpe(const json_t *jc, struct vulnerability *v, struct err *e)
{
	const char *criteria = str_member(jc, "c");
	struct vuln_cpe *c;

	(void)e;
	v->cpes = xreallocarray(v->cpes, v->n_cpes + 1, sizeof(*v->cpes));
	c = &v->cpes[v->n_cpes++];
	c->criteria = xstrdup(criteria ? criteria : "");
	c->version_start_incl = dup_member(jc, "si");
	c->version_start_excl = dup_member(jc, "se");
	c->version_end_incl = dup_member(jc, "ei");
	c->version_end_excl = dup_member(jc, "ee");
	c->is_vulnerable = flag_member(jc, "v");
	return 0;
}

static int
get_metric(const json_t *jm, struct vulnerability *v, struct err *e)
{
	struct vuln_metric *m;

	(void)e;
	v->metrics =
	    xreallocarray(v->metrics, v->n_metrics + 1, sizeof(*v->metrics));
	m = &v->metrics[v->n_metrics++];
	m->version = dup_member(jm, "ver");
	m->vector = dup_member(jm, "vec");
	m->base_score = json_number_value(json_object_get(jm, "score"));
	m->severity = dup_member(jm, "sev");
	m->source = dup_member(jm, "src");
	m->is_primary = flag_member(jm, "pri");
	return 0;
}

static int
get_ref(const json_t *jr, struct vulnerability *v, struct err *e)
{
	struct vuln_reference *r;

	(void)e;
	v->refs = xreallocarray(v->refs, v->n_refs + 1, sizeof(*v->refs));
	r = &v->refs[v->n_refs++];
	r->url = dup_member(jr, "url");
	r->source = dup_member(jr, "src");
	r->tags = dup_member(jr, "tags");
	return 0;
}

int
vuln_doc_get_configs(const char *json, struct vulnerability *v, struct err *e)
{
	return each_element(json, "configurations", get_config, v, e);
}

int
vuln_doc_get_cpes(const char *json, struct vulnerability *v, struct err *e)
{
	return each_element(json, "cpe criteria", get_cpe, v, e);
}

int
vuln_doc_get_metrics(const char *json, struct vulnerability *v, struct err *e)
{
	return each_element(json, "cvss metrics", get_metric, v, e);
}

int
vuln_doc_get_refs(const char *json, struct vulnerability *v, struct err *e)
{
	return each_element(json, "references", get_ref, v, e);
}
