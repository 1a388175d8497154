/*
 * NVD configurations, JSON to model structs: see feed/nvd_config.h. Every
 * problem is reported with its path in the array, and nothing is kept of a
 * configurations array that has one.
 */
#include "centinela/feed/nvd_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "internal.h"
#include "nvd_config_json.h"

void
nvd_configs_init(struct nvd_configs *c)
{
	memset(c, 0, sizeof(*c));
}

void
nvd_configs_release(struct nvd_configs *c)
{
	for (size_t i = 0; i < c->n; i++)
		cpe_config_release(&c->v[i]);
	free(c->v);
	nvd_configs_init(c);
}

/*
 * The member key of obj of JSON type t, borrowed, in *out; NULL when
 * absent or null and not required. ERR_PARSE (naming path) otherwise.
 */
static int
member(json_t *obj, const char *key, json_type t, bool required, json_t **out,
       const char *path, struct err *e)
{
	json_t *v = feed_json_member(obj, key);

	*out = NULL;
	if (!v) {
		if (!required)
			return 0;
		return err_set(e, ERR_PARSE, "%s: '%s' is missing", path, key);
	}
	if (json_typeof(v) != t && !(t == JSON_TRUE && json_is_boolean(v)))
		return err_set(e, ERR_PARSE, "%s: '%s' is %s, not %s", path,
		               key, feed_json_kind(v), feed_json_type_kind(t));
	*out = v;
	return 0;
}

/* The string member key (borrowed from obj), NULL when absent. */
static int
string_member(json_t *obj, const char *key, bool required, const char **out,
              const char *path, struct err *e)
{
	json_t *v;
	int rc = member(obj, key, JSON_STRING, required, &v, path, e);

	*out = NULL;
	if (rc || !v)
		return rc;
	if (strlen(json_string_value(v)) != json_string_length(v))
		return err_set(e, ERR_PARSE, "%s: '%s' holds a NUL character",
		               path, key);
	*out = json_string_value(v);
	return 0;
}

static int
bool_member(json_t *obj, const char *key, bool required, bool *out,
            const char *path, struct err *e)
{
	json_t *v;
	int rc = member(obj, key, JSON_TRUE, required, &v, path, e);

	*out = json_is_true(v);
	return rc;
}

static int
op_member(json_t *obj, bool required, enum cpe_op *op, const char *path,
          struct err *e)
{
	const char *s;
	int rc = string_member(obj, "operator", required, &s, path, e);

	*op = CPE_OP_OR;
	if (rc || !s)
		return rc;
	if (cpe_op_parse(s, op, e))
		return err_prefix(e, "%s", path);
	return 0;
}

static int
read_match(struct cpe_node *node, json_t *m, const char *path, struct err *e)
{
	static const char *const bound_keys[4] = {
	    "versionStartIncluding", "versionStartExcluding",
	    "versionEndIncluding", "versionEndExcluding"};
	const char *criteria, *id, *bounds[4];
	struct version_bounds b = {NULL, NULL, NULL, NULL};
	bool vulnerable;
	int rc;

	if (!json_is_object(m))
		return err_set(e, ERR_PARSE, "%s: %s, not an object", path,
		               feed_json_kind(m));
	if ((rc = bool_member(m, "vulnerable", true, &vulnerable, path, e)) ||
	    (rc = string_member(m, "criteria", true, &criteria, path, e)) ||
	    (rc = string_member(m, "matchCriteriaId", true, &id, path, e)))
		return rc;
	for (int i = 0; i < 4; i++)
		if ((rc = string_member(m, bound_keys[i], false, &bounds[i],
		                        path, e)))
			return rc;
	/* Borrowed strings: cpe_node_add_match copies them. */
	b.start_including = (char *)bounds[0];
	b.start_excluding = (char *)bounds[1];
	b.end_including = (char *)bounds[2];
	b.end_excluding = (char *)bounds[3];
	if (cpe_node_add_match(node, vulnerable, criteria, &b, id, e))
		return err_prefix(e, "%s", path);
	return 0;
}

static int
read_node(struct cpe_config *c, json_t *n, const char *path, struct err *e)
{
	struct cpe_node *node;
	enum cpe_op op;
	bool negate;
	json_t *matches;
	int rc;

	if (!json_is_object(n))
		return err_set(e, ERR_PARSE, "%s: %s, not an object", path,
		               feed_json_kind(n));
	if ((rc = op_member(n, true, &op, path, e)) ||
	    (rc = bool_member(n, "negate", false, &negate, path, e)) ||
	    (rc = member(n, "cpeMatch", JSON_ARRAY, true, &matches, path, e)))
		return rc;
	node = cpe_config_add_node(c, op, negate);
	for (size_t i = 0; i < json_array_size(matches); i++) {
		char sub[160];

		snprintf(sub, sizeof(sub), "%s.cpeMatch[%zu]", path, i);
		if ((rc = read_match(node, json_array_get(matches, i), sub, e)))
			return rc;
	}
	return 0;
}

static int
read_config(struct cpe_config *c, json_t *obj, const char *path, struct err *e)
{
	json_t *nodes;
	int rc;

	if (!json_is_object(obj))
		return err_set(e, ERR_PARSE, "%s: %s, not an object", path,
		               feed_json_kind(obj));
	if ((rc = op_member(obj, false, &c->op, path, e)) ||
	    (rc = bool_member(obj, "negate", false, &c->negate, path, e)) ||
	    (rc = member(obj, "nodes", JSON_ARRAY, true, &nodes, path, e)))
		return rc;
	for (size_t i = 0; i < json_array_size(nodes); i++) {
		char sub[96];

		snprintf(sub, sizeof(sub), "%s.nodes[%zu]", path, i);
		if ((rc = read_node(c, json_array_get(nodes, i), sub, e)))
			return rc;
	}
	return 0;
}

int
nvd_configs_read(struct nvd_configs *out, json_t *configurations, struct err *e)
{
	size_t n;
	int rc = 0;

	nvd_configs_release(out);
	if (!json_is_array(configurations))
		return err_set(e, ERR_PARSE, "configurations: %s, not an array",
		               feed_json_kind(configurations));
	n = json_array_size(configurations);
	out->v = xcalloc(n ? n : 1, sizeof(*out->v));
	for (size_t i = 0; i < n && !rc; i++) {
		char path[48];

		snprintf(path, sizeof(path), "configurations[%zu]", i);
		cpe_config_init(&out->v[i]);
		out->n = i + 1;
		rc = read_config(&out->v[i], json_array_get(configurations, i),
		                 path, e);
	}
	if (rc)
		nvd_configs_release(out);
	return rc;
}

int
nvd_configs_parse(struct nvd_configs *out, const char *json, size_t len,
                  struct err *e)
{
	json_t *root = NULL;
	int rc;

	nvd_configs_release(out);
	rc = feed_json_load(json, len, FEED_MAX_BYTES_DEFAULT, &root, e);
	if (!rc)
		rc = nvd_configs_read(out, root, e);
	json_decref(root);
	return rc;
}
