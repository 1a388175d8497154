/*
 * NVD applicability configurations (CVE API 2.0, cve.configurations[]) and
 * their evaluation against the CPE names of an asset.
 *
 * A configuration is nodes combined by an operator (NVD omits it when there
 * is one node: OR), maybe negated; a node is cpeMatch entries combined by
 * its operator, maybe negated; a cpeMatch is a criterion (a CPE name that
 * may hold ANY and patterns), the "vulnerable" flag and up to four version
 * bounds. A "running on" configuration is an AND of a node of vulnerable
 * matches (the application or firmware) and a node of non-vulnerable ones
 * (the platform or hardware it must run on): both must hold.
 *
 * Evaluation, for a set of target names (an asset's):
 *   - a cpeMatch is satisfied by a name when cpe_match_satisfied() says so;
 *   - a node holds when its matches, each satisfied by some name, combine
 *     by its operator (OR: any, AND: all), then negated if negate is set;
 *     a node without matches never holds;
 *   - a configuration holds when its nodes combine by its operator, then
 *     negated if negate is set; one without nodes never holds;
 *   - the asset is exposed when the configuration holds and at least one
 *     vulnerable match is satisfied in a node that holds and is not negated
 *     (under a configuration that is not negated): the hits. A negated
 *     node holding because a name is absent proves nothing vulnerable is
 *     there, so its matches are never hits.
 * Parsing configurations out of NVD JSON belongs to feed/.
 */
#ifndef CENTINELA_MODEL_CPE_CONFIG_H
#define CENTINELA_MODEL_CPE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/err.h"
#include "centinela/model/cpe.h"
#include "centinela/model/version.h"

enum cpe_op {
	CPE_OP_OR,  /* any of */
	CPE_OP_AND, /* all of */
};

/* "OR" or "AND". */
const char *cpe_op_name(enum cpe_op op);

/* Parse "OR" or "AND" (as NVD writes them) into *op; ERR_PARSE otherwise. */
int cpe_op_parse(const char *s, enum cpe_op *op, struct err *e);

/* One cpeMatch entry. */
struct cpe_match {
	bool is_vulnerable;           /* NVD "vulnerable" */
	char *criteria;               /* the criterion as given (owned) */
	struct cpe_name name;         /* criteria, parsed */
	char *match_criteria_id;      /* NVD matchCriteriaId (owned, may be
	                                 NULL) */
	struct version_bounds bounds; /* the version bounds (owned) */
};

/*
 * True when target (an asset's name, borrowed) satisfies m: m's criterion
 * matches it (cpe_name_matches()) and, when m has version bounds, target's
 * version is a concrete string within them (version_within()).
 *
 * A target whose version is ANY ("some version") or NA, or a pattern, is
 * never within bounds: like NVD, a cpeMatch with bounds matches only names
 * whose version is known to lie inside them, so that an inventory entry
 * without a version does not collect every CVE ever filed on its product.
 * Without bounds the criterion alone decides (ANY against ANY is EQUAL).
 */
bool cpe_match_satisfied(const struct cpe_match *m,
                         const struct cpe_name *target);

struct cpe_node {
	enum cpe_op op;            /* how its matches combine */
	bool negate;               /* the result is inverted */
	struct cpe_match *matches; /* (owned) */
	size_t n_matches;          /* entries in matches */
};

struct cpe_config {
	enum cpe_op op;         /* how its nodes combine (OR when absent) */
	bool negate;            /* the result is inverted */
	struct cpe_node *nodes; /* (owned) */
	size_t n_nodes;         /* entries in nodes */
};

void cpe_config_init(struct cpe_config *c);
void cpe_config_release(struct cpe_config *c);

/*
 * Append an empty node to c; returns it (borrowed, valid until the next
 * node is added or c is released).
 */
struct cpe_node *cpe_config_add_node(struct cpe_config *c, enum cpe_op op,
                                     bool negate);

/*
 * Append a cpeMatch to node: criteria and id (may be NULL) are copied, as
 * are the bounds (NULL: none). A malformed criterion is refused with the
 * parser's ERR_PARSE message prefixed by "criterion 'CRITERIA'", and the
 * node is left as it was.
 */
int cpe_node_add_match(struct cpe_node *node, bool is_vulnerable,
                       const char *criteria, const struct version_bounds *b,
                       const char *id, struct err *e);

/* A vulnerable match satisfied by a name: indexes into the evaluation. */
struct cpe_hit {
	size_t config; /* index of the configuration (cpe_configs_expose) */
	size_t node;   /* index in cpe_config.nodes */
	size_t match;  /* index in that node's matches */
	size_t name;   /* index in the names evaluated */
};

struct cpe_hits {
	struct cpe_hit *v; /* (owned) */
	size_t n;          /* hits in v */
	size_t alloc;      /* room in v */
};

void cpe_hits_init(struct cpe_hits *h);
void cpe_hits_release(struct cpe_hits *h);

/*
 * True when c holds for the n_names names (borrowed), by the rules at the
 * top of this file.
 */
bool cpe_config_holds(const struct cpe_config *c, const struct cpe_name *names,
                      size_t n_names);

/*
 * True when the names are exposed by c: c holds with at least one hit. The
 * hits (each vulnerable match and the name satisfying it) are appended to
 * *hits when exposed; else *hits is left as it was.
 */
bool cpe_config_exposes(const struct cpe_config *c,
                        const struct cpe_name *names, size_t n_names,
                        struct cpe_hits *hits);

/*
 * A CVE's configurations, c[0..n_configs): the names are exposed when any
 * configuration exposes them; the hits of every exposing configuration are
 * appended (cpe_hit.config says which), else *hits is left as it was.
 */
bool cpe_configs_expose(const struct cpe_config *c, size_t n_configs,
                        const struct cpe_name *names, size_t n_names,
                        struct cpe_hits *hits);

/*
 * True when c[0..n_configs) are plain: at least one, and each a single
 * OR node, neither negated. Names are then exposed exactly when one of
 * them satisfies a vulnerable match of any configuration, and the hits
 * are every such pair: each vulnerable match stands alone, so matching
 * need not evaluate the configurations (store/exposure.c).
 */
bool cpe_configs_plain(const struct cpe_config *c, size_t n_configs);

#endif
