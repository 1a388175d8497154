/*
 * NVD configurations: structs and their evaluation against an asset's CPE
 * names; the semantics are in cpe_config.h.
 */
#include "centinela/model/cpe_config.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/xalloc.h"

const char *
cpe_op_name(enum cpe_op op)
{
	return op == CPE_OP_AND ? "AND" : "OR";
}

int
cpe_op_parse(const char *s, enum cpe_op *op, struct err *e)
{
	if (strcmp(s, "OR") == 0)
		*op = CPE_OP_OR;
	else if (strcmp(s, "AND") == 0)
		*op = CPE_OP_AND;
	else
		return err_set(e, ERR_PARSE,
		               "operator '%s' is neither 'OR' nor 'AND'", s);
	return 0;
}

bool
cpe_match_satisfied(const struct cpe_match *m, const struct cpe_name *target)
{
	const struct cpe_value *v = &target->attr[CPE_VERSION];

	if (!cpe_name_matches(&m->name, target))
		return false;
	if (version_bounds_empty(&m->bounds))
		return true;
	if (v->kind != CPE_STRING || cpe_value_has_wildcards(v))
		return false;
	return version_within(v->lit, &m->bounds);
}

static void
match_release(struct cpe_match *m)
{
	free(m->criteria);
	cpe_name_release(&m->name);
	free(m->match_criteria_id);
	version_bounds_release(&m->bounds);
}

static void
node_release(struct cpe_node *n)
{
	for (size_t i = 0; i < n->n_matches; i++)
		match_release(&n->matches[i]);
	free(n->matches);
	memset(n, 0, sizeof(*n));
}

void
cpe_config_init(struct cpe_config *c)
{
	memset(c, 0, sizeof(*c));
	c->op = CPE_OP_OR;
}

void
cpe_config_release(struct cpe_config *c)
{
	for (size_t i = 0; i < c->n_nodes; i++)
		node_release(&c->nodes[i]);
	free(c->nodes);
	cpe_config_init(c);
}

struct cpe_node *
cpe_config_add_node(struct cpe_config *c, enum cpe_op op, bool negate)
{
	struct cpe_node *n;

	c->nodes = xreallocarray(c->nodes, c->n_nodes + 1, sizeof(*c->nodes));
	n = &c->nodes[c->n_nodes++];
	memset(n, 0, sizeof(*n));
	n->op = op;
	n->negate = negate;
	return n;
}

int
cpe_node_add_match(struct cpe_node *node, bool is_vulnerable,
                   const char *criteria, const struct version_bounds *b,
                   const char *id, struct err *e)
{
	struct cpe_match m;

	memset(&m, 0, sizeof(m));
	cpe_name_init(&m.name);
	version_bounds_init(&m.bounds);
	if (cpe_name_parse(&m.name, criteria, e) != 0)
		return err_prefix(e, "criterion '%s'", criteria);
	m.is_vulnerable = is_vulnerable;
	m.criteria = xstrdup(criteria);
	m.match_criteria_id = xstrdup_or_null(id);
	if (b)
		version_bounds_copy(&m.bounds, b);
	node->matches = xreallocarray(node->matches, node->n_matches + 1,
	                              sizeof(*node->matches));
	node->matches[node->n_matches++] = m; /* the name's buf moves along */
	return 0;
}

void
cpe_hits_init(struct cpe_hits *h)
{
	memset(h, 0, sizeof(*h));
}

void
cpe_hits_release(struct cpe_hits *h)
{
	free(h->v);
	cpe_hits_init(h);
}

static void
hits_add(struct cpe_hits *h, size_t node, size_t match, size_t name)
{
	if (h->n == h->alloc) {
		h->alloc = h->alloc ? 2 * h->alloc : 8;
		h->v = xreallocarray(h->v, h->alloc, sizeof(*h->v));
	}
	h->v[h->n].config = 0;
	h->v[h->n].node = node;
	h->v[h->n].match = match;
	h->v[h->n].name = name;
	h->n++;
}

/*
 * Whether node (index ni) holds for the names; with hits, every vulnerable
 * match satisfied is added (so no match or name is skipped), without them
 * the first answer that settles the node returns.
 */
static bool
node_holds(const struct cpe_node *node, size_t ni, const struct cpe_name *names,
           size_t n_names, struct cpe_hits *hits)
{
	size_t n_true = 0;
	bool holds;

	for (size_t i = 0; i < node->n_matches; i++) {
		const struct cpe_match *m = &node->matches[i];
		bool any = false;

		for (size_t j = 0; j < n_names; j++) {
			if (!cpe_match_satisfied(m, &names[j]))
				continue;
			any = true;
			if (!hits)
				break;
			if (m->is_vulnerable)
				hits_add(hits, ni, i, j);
		}
		if (any)
			n_true++;
		if (!hits && (node->op == CPE_OP_AND) != any)
			break; /* AND has a false, OR a true: settled */
	}
	if (!node->n_matches)
		return false;
	if (node->op == CPE_OP_AND)
		holds = n_true == node->n_matches;
	else
		holds = n_true > 0;
	return node->negate ? !holds : holds;
}

/* Evaluate c; hits (may be NULL) gains the evidence of a true result. */
static bool
config_eval(const struct cpe_config *c, const struct cpe_name *names,
            size_t n_names, struct cpe_hits *hits)
{
	size_t start = hits ? hits->n : 0, n_true = 0;
	bool holds;

	for (size_t i = 0; i < c->n_nodes; i++) {
		const struct cpe_node *node = &c->nodes[i];
		size_t mark = hits ? hits->n : 0;
		bool v = node_holds(node, i, names, n_names, hits);

		if (hits && (!v || node->negate))
			hits->n =
			    mark; /* not evidence of anything vulnerable */
		if (v)
			n_true++;
		if (!hits && (c->op == CPE_OP_AND) != v)
			break;
	}
	if (!c->n_nodes)
		holds = false;
	else if (c->op == CPE_OP_AND)
		holds = n_true == c->n_nodes;
	else
		holds = n_true > 0;
	if (c->negate)
		holds = !holds;
	if (hits && (!holds || c->negate))
		hits->n = start;
	return holds;
}

bool
cpe_config_holds(const struct cpe_config *c, const struct cpe_name *names,
                 size_t n_names)
{
	return config_eval(c, names, n_names, NULL);
}

bool
cpe_config_exposes(const struct cpe_config *c, const struct cpe_name *names,
                   size_t n_names, struct cpe_hits *hits)
{
	size_t start = hits->n;

	if (config_eval(c, names, n_names, hits) && hits->n > start)
		return true;
	hits->n = start;
	return false;
}

bool
cpe_configs_expose(const struct cpe_config *c, size_t n_configs,
                   const struct cpe_name *names, size_t n_names,
                   struct cpe_hits *hits)
{
	bool any = false;

	for (size_t i = 0; i < n_configs; i++) {
		size_t mark = hits->n;

		if (!cpe_config_exposes(&c[i], names, n_names, hits))
			continue;
		any = true;
		for (size_t j = mark; j < hits->n; j++)
			hits->v[j].config = i;
	}
	return any;
}

bool
cpe_configs_plain(const struct cpe_config *c, size_t n_configs)
{
	for (size_t i = 0; i < n_configs; i++)
		if (c[i].negate || c[i].n_nodes != 1 ||
		    c[i].nodes[0].op != CPE_OP_OR || c[i].nodes[0].negate)
			return false;
	return n_configs > 0;
}
