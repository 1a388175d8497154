/*
 * NVD CVE records (resource "cves"): a response of the CVE API 2.0
 * (https://services.nvd.nist.gov/rest/json/cves/2.0) or a JSON 2.0 feed
 * file (nvdcve-2.0-YYYY.json, -modified, -recent), which share one
 * envelope: resultsPerPage, startIndex, totalResults (integers), format
 * "NVD_CVE", version, timestamp, and vulnerabilities[].cve, the records.
 * See the schema cve-api-json-v2.2.0.schema and FORMATS.md section 2.
 *
 * A document whose envelope is wrong (not an object, no vulnerabilities
 * array, another format, paging members missing or not integers) fails
 * whole. The records are read as they arrive (feed_stream_open), so a
 * feed file of any size is read one record at a time. Each record becomes a struct vulnerability with remote_id the CVE
 * id:
 *   - id (required, CVE-YYYY-NNNN), sourceIdentifier, vulnStatus;
 *   - published and lastModified: ISO 8601 without a zone, which is UTC;
 *   - descriptions: the first "en" one is the description, the first
 *     "es" one description_es;
 *   - metrics: every entry of cvssMetricV40, V31, V30 and V2, in that
 *     order (highest version first), each with its version, vector, base
 *     score (0-10), severity (v2's sits beside cvssData, not in it),
 *     source and Primary/Secondary type; the record's cvss_score and
 *     cvss_vector are those of the first Primary metric in that order,
 *     else of the first metric;
 *   - weaknesses: every CWE id once, in order, NVD-CWE-Other and
 *     NVD-CWE-noinfo included (they say NVD looked and found no better
 *     class);
 *   - references: url (required), source, tags joined by ", ";
 *   - cisaExploitAdd, cisaActionDue (YYYY-MM-DD), cisaRequiredAction and
 *     cisaVulnerabilityName: the KEV listing (is_kev, kev_added_at,
 *     kev_due_at, kev_action, title), so that the KEV catalog and NVD meet
 *     on the CVE id; a record without them says nothing of KEV;
 *   - configurations: read by feed/nvd_config.h into configs, and their
 *     matches, flat and in order, into cpes.
 * A malformed record is a per-item error naming its CVE ("item 3
 * (\"id\": \"CVE-...\"): ..."); the others are kept.
 *
 * Paging: when startIndex + resultsPerPage < totalResults the batch has
 * more (has_more) and next_cursor is the next startIndex, in decimal.
 */
#include "centinela/feed/feed.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/nvd_config.h"
#include "internal.h"
#include "nvd_config_json.h"

#define SHORT_MAX  ((size_t)1024)    /* ids, status, versions, vectors */
#define URL_MAX    ((size_t)8192)    /* a reference's URL */
#define TEXT_MAX   ((size_t)1 << 20) /* descriptions, required action */
#define CVE_ID_MAX ((size_t)28)      /* "CVE-" 4 digits "-" 19 digits */
#define LABEL_MAX  160               /* a nested field's name */

static const char *const resource_names[] = {"cves", NULL};

/* The metric arrays, highest version first. */
static const char *const metric_keys[] = {"cvssMetricV40", "cvssMetricV31",
                                          "cvssMetricV30", "cvssMetricV2"};

/* The member key of obj as an array (borrowed), NULL when absent. */
static json_t *
get_array(struct feed_item *it, json_t *obj, const char *key, const char *label)
{
	json_t *v = feed_item_present(it, obj, key, label, FEED_OPTIONAL);

	if (v && !json_is_array(v)) {
		feed_item_fail(it, "field '%s' must be an array, not %s", label,
		               feed_json_kind(v));
		return NULL;
	}
	return v;
}

/* Element i of array as an object (borrowed), NULL after a failure. */
static json_t *
get_element(struct feed_item *it, json_t *array, size_t i, const char *label)
{
	json_t *v = json_array_get(array, i);

	if (feed_item_is_bad(it))
		return NULL;
	if (!json_is_object(v)) {
		feed_item_fail(it, "field '%s[%zu]' must be an object, not %s",
		               label, i, feed_json_kind(v));
		return NULL;
	}
	return v;
}

/* The member key of obj, an ISO 8601 date-time, as Unix seconds. */
static void
get_time(struct feed_item *it, json_t *obj, const char *key, int64_t *out)
{
	char *s =
	    feed_item_get_string(it, obj, key, key, FEED_OPTIONAL, SHORT_MAX);

	if (s && time_parse_iso8601(s, out) < 0)
		feed_item_fail(it,
		               "field '%s': invalid date-time %s (expected "
		               "ISO 8601, e.g. 2023-03-14T17:08:31.140)",
		               key, feed_item_quote(it, s));
	free(s);
}

/* The member key of obj, a YYYY-MM-DD date, as Unix seconds. */
static bool
get_date(struct feed_item *it, json_t *obj, const char *key, int64_t *out)
{
	char *s =
	    feed_item_get_string(it, obj, key, key, FEED_OPTIONAL, SHORT_MAX);
	bool is_given = s != NULL;

	if (s && (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	          time_parse_iso8601(s, out) < 0))
		feed_item_fail(
		    it, "field '%s': invalid date %s (expected YYYY-MM-DD)",
		    key, feed_item_quote(it, s));
	free(s);
	return is_given;
}

static void
read_descriptions(struct feed_item *it, struct vulnerability *v)
{
	json_t *arr = get_array(it, it->obj, "descriptions", "descriptions");

	for (size_t i = 0; arr && i < json_array_size(arr); i++) {
		json_t *d = get_element(it, arr, i, "descriptions");
		char label[LABEL_MAX];
		char *lang, *value, **slot = NULL;

		snprintf(label, sizeof(label), "descriptions[%zu].lang", i);
		lang = feed_item_get_string(it, d, "lang", label, FEED_REQUIRED,
		                            SHORT_MAX);
		snprintf(label, sizeof(label), "descriptions[%zu].value", i);
		value = feed_item_get_string(it, d, "value", label,
		                             FEED_OPTIONAL, TEXT_MAX);
		if (lang && strcmp(lang, "en") == 0)
			slot = &v->description;
		else if (lang && strcmp(lang, "es") == 0)
			slot = &v->description_es;
		if (slot && !*slot && value) {
			*slot = value;
			value = NULL;
		}
		free(lang);
		free(value);
	}
}

/* One metric of array key, element i. */
static void
read_metric(struct feed_item *it, json_t *m, const char *key, size_t i,
            struct vulnerability *v)
{
	struct vuln_metric *out;
	json_t *data, *score;
	char label[LABEL_MAX], *type;

	snprintf(label, sizeof(label), "metrics.%s[%zu].cvssData", key, i);
	data = feed_item_present(it, m, "cvssData", label, FEED_REQUIRED);
	if (data && !json_is_object(data))
		feed_item_fail(it, "field '%s' must be an object, not %s",
		               label, feed_json_kind(data));
	if (feed_item_is_bad(it))
		return;
	v->metrics =
	    xreallocarray(v->metrics, v->n_metrics + 1, sizeof(*v->metrics));
	out = &v->metrics[v->n_metrics++];
	memset(out, 0, sizeof(*out));
	snprintf(label, sizeof(label), "metrics.%s[%zu].cvssData.version", key,
	         i);
	out->version = feed_item_get_string(it, data, "version", label,
	                                    FEED_REQUIRED, SHORT_MAX);
	snprintf(label, sizeof(label), "metrics.%s[%zu].cvssData.vectorString",
	         key, i);
	out->vector = feed_item_get_string(it, data, "vectorString", label,
	                                   FEED_REQUIRED, SHORT_MAX);
	snprintf(label, sizeof(label), "metrics.%s[%zu].cvssData.baseScore",
	         key, i);
	score = feed_item_present(it, data, "baseScore", label, FEED_REQUIRED);
	if (score && (!json_is_number(score) || json_number_value(score) < 0 ||
	              json_number_value(score) > 10))
		feed_item_fail(it, "field '%s' must be a number from 0 to 10",
		               label);
	else if (score)
		out->base_score = json_number_value(score);
	/* v2 puts the severity beside cvssData, the later ones inside */
	snprintf(label, sizeof(label), "metrics.%s[%zu].baseSeverity", key, i);
	out->severity = feed_item_get_string(
	    it, feed_json_member(data, "baseSeverity") ? data : m,
	    "baseSeverity", label, FEED_OPTIONAL, SHORT_MAX);
	snprintf(label, sizeof(label), "metrics.%s[%zu].source", key, i);
	out->source = feed_item_get_string(it, m, "source", label,
	                                   FEED_OPTIONAL, SHORT_MAX);
	snprintf(label, sizeof(label), "metrics.%s[%zu].type", key, i);
	type = feed_item_get_string(it, m, "type", label, FEED_OPTIONAL,
	                            SHORT_MAX);
	out->is_primary = type && strcmp(type, "Primary") == 0;
	free(type);
}

static void
read_metrics(struct feed_item *it, struct vulnerability *v)
{
	json_t *metrics =
	    feed_item_present(it, it->obj, "metrics", "metrics", FEED_OPTIONAL);
	const struct vuln_metric *best = NULL;

	if (metrics && !json_is_object(metrics)) {
		feed_item_fail(it, "field 'metrics' must be an object, not %s",
		               feed_json_kind(metrics));
		return;
	}
	for (size_t k = 0; metrics && k < 4; k++) {
		char label[LABEL_MAX];
		json_t *arr;

		snprintf(label, sizeof(label), "metrics.%s", metric_keys[k]);
		arr = get_array(it, metrics, metric_keys[k], label);
		for (size_t i = 0; arr && i < json_array_size(arr); i++) {
			json_t *m = get_element(it, arr, i, label);

			if (m)
				read_metric(it, m, metric_keys[k], i, v);
		}
	}
	if (feed_item_is_bad(it))
		return;
	for (size_t i = 0; i < v->n_metrics && !best; i++)
		if (v->metrics[i].is_primary)
			best = &v->metrics[i];
	if (!best && v->n_metrics)
		best = &v->metrics[0];
	if (best) {
		v->cvss_score = best->base_score;
		v->cvss_vector = xstrdup(best->vector);
	}
}

static void
add_cwe(struct vulnerability *v, char *id)
{
	for (size_t i = 0; i < v->n_cwes; i++)
		if (strcmp(v->cwes[i], id) == 0) {
			free(id);
			return;
		}
	v->cwes = xreallocarray(v->cwes, v->n_cwes + 1, sizeof(*v->cwes));
	v->cwes[v->n_cwes++] = id;
}

static void
read_weaknesses(struct feed_item *it, struct vulnerability *v)
{
	json_t *arr = get_array(it, it->obj, "weaknesses", "weaknesses");

	for (size_t i = 0; arr && i < json_array_size(arr); i++) {
		json_t *w = get_element(it, arr, i, "weaknesses"), *descs;
		char label[LABEL_MAX];

		snprintf(label, sizeof(label), "weaknesses[%zu].description",
		         i);
		descs = get_array(it, w, "description", label);
		for (size_t j = 0; descs && j < json_array_size(descs); j++) {
			json_t *d = get_element(it, descs, j, label);
			char vlabel[LABEL_MAX + 32];
			char *id;

			snprintf(vlabel, sizeof(vlabel), "%s[%zu].value", label,
			         j);
			id = feed_item_get_string(it, d, "value", vlabel,
			                          FEED_REQUIRED, SHORT_MAX);
			if (id)
				add_cwe(v, id);
		}
	}
}

static void
read_references(struct feed_item *it, struct vulnerability *v)
{
	json_t *arr = get_array(it, it->obj, "references", "references");

	for (size_t i = 0; arr && i < json_array_size(arr); i++) {
		json_t *r = get_element(it, arr, i, "references"), *tags;
		struct vuln_reference ref = {NULL, NULL, NULL};
		struct strbuf sb;
		char label[LABEL_MAX];

		snprintf(label, sizeof(label), "references[%zu].url", i);
		ref.url = feed_item_get_string(it, r, "url", label,
		                               FEED_REQUIRED, URL_MAX);
		snprintf(label, sizeof(label), "references[%zu].source", i);
		ref.source = feed_item_get_string(it, r, "source", label,
		                                  FEED_OPTIONAL, SHORT_MAX);
		snprintf(label, sizeof(label), "references[%zu].tags", i);
		tags = get_array(it, r, "tags", label);
		strbuf_init(&sb);
		for (size_t j = 0; tags && j < json_array_size(tags); j++) {
			char tlabel[LABEL_MAX + 32];
			char *tag;

			snprintf(tlabel, sizeof(tlabel), "%s[%zu]", label, j);
			tag = feed_item_string_value(
			    it, json_array_get(tags, j), tlabel, SHORT_MAX);
			if (tag && *tag)
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
				            tag);
			free(tag);
		}
		if (sb.len)
			ref.tags = strbuf_detach(&sb, NULL);
		strbuf_release(&sb);
		if (feed_item_is_bad(it)) {
			free(ref.url);
			free(ref.source);
			free(ref.tags);
			return;
		}
		v->refs =
		    xreallocarray(v->refs, v->n_refs + 1, sizeof(*v->refs));
		v->refs[v->n_refs++] = ref;
	}
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The configurations' matches, flat and in order, as v->cpes. */
static void
flatten_configs(struct vulnerability *v)
{
	for (size_t c = 0; c < v->n_configs; c++) {
		const struct cpe_config *cfg = &v->configs[c];

		for (size_t n = 0; n < cfg->n_nodes; n++) {
			const struct cpe_node *node = &cfg->nodes[n];

			for (size_t m = 0; m < node->n_matches; m++) {
				const struct cpe_match *cm = &node->matches[m];
				struct vuln_cpe *out;

				v->cpes = xreallocarray(v->cpes, v->n_cpes + 1,
				                        sizeof(*v->cpes));
				out = &v->cpes[v->n_cpes++];
				out->criteria = xstrdup(cm->criteria);
				out->version_start_incl =
				    dup_or_null(cm->bounds.start_including);
				out->version_start_excl =
				    dup_or_null(cm->bounds.start_excluding);
				out->version_end_incl =
				    dup_or_null(cm->bounds.end_including);
				out->version_end_excl =
				    dup_or_null(cm->bounds.end_excluding);
				out->is_vulnerable = cm->is_vulnerable;
			}
		}
	}
}

static void
read_configurations(struct feed_item *it, struct vulnerability *v)
{
	json_t *arr = feed_item_present(it, it->obj, "configurations",
	                                "configurations", FEED_OPTIONAL);
	struct nvd_configs cfgs;
	struct err e;

	if (!arr)
		return;
	nvd_configs_init(&cfgs);
	err_clear(&e);
	if (nvd_configs_read(&cfgs, arr, &e)) {
		feed_item_fail(it, "%s", e.msg);
	} else {
		v->configs = cfgs.v;
		v->n_configs = cfgs.n;
		flatten_configs(v);
	}
	err_clear(&e);
}

static void
read_kev(struct feed_item *it, struct vulnerability *v)
{
	bool is_listed =
	    get_date(it, it->obj, "cisaExploitAdd", &v->kev_added_at);

	get_date(it, it->obj, "cisaActionDue", &v->kev_due_at);
	v->kev_action =
	    feed_item_get_string(it, it->obj, "cisaRequiredAction",
	                         "cisaRequiredAction", FEED_OPTIONAL, TEXT_MAX);
	v->title = feed_item_get_string(it, it->obj, "cisaVulnerabilityName",
	                                "cisaVulnerabilityName", FEED_OPTIONAL,
	                                SHORT_MAX);
	v->is_kev = is_listed;
}

static void
read_cve(struct feed_item *it, struct feed_batch *b)
{
	struct vulnerability *v = feed_batch_add_vulnerability(b, it->index);
	json_t *cve =
	    feed_item_present(it, it->obj, "cve", "cve", FEED_REQUIRED);

	if (cve && !json_is_object(cve))
		feed_item_fail(it, "field 'cve' must be an object, not %s",
		               feed_json_kind(cve));
	else if (cve)
		it->obj = cve; /* so that the message names its id */
	v->cve_id = feed_item_get_string(it, it->obj, "id", "id", FEED_REQUIRED,
	                                 SHORT_MAX);
	if (v->cve_id &&
	    (strlen(v->cve_id) > CVE_ID_MAX || !cve_id_valid(v->cve_id)))
		feed_item_fail(
		    it,
		    "field 'id': invalid CVE id %s (expected CVE-YYYY-NNNN)",
		    feed_item_quote(it, v->cve_id));
	v->source_identifier =
	    feed_item_get_string(it, it->obj, "sourceIdentifier",
	                         "sourceIdentifier", FEED_OPTIONAL, SHORT_MAX);
	get_time(it, it->obj, "published", &v->published_at);
	get_time(it, it->obj, "lastModified", &v->last_modified_at);
	v->vuln_status = feed_item_get_string(
	    it, it->obj, "vulnStatus", "vulnStatus", FEED_OPTIONAL, SHORT_MAX);
	read_kev(it, v);
	read_descriptions(it, v);
	read_metrics(it, v);
	read_weaknesses(it, v);
	read_references(it, v);
	read_configurations(it, v);
	if (feed_item_is_bad(it)) {
		feed_batch_drop_vulnerability(b);
		return;
	}
	v->meta.source = xstrdup(it->source);
	v->meta.remote_id = xstrdup(v->cve_id);
}

/* The integer member key of the page, or ERR_PARSE. */
static int
envelope_int(json_t *members, const char *key, long long *out, struct err *e)
{
	json_t *v = json_object_get(members, key);

	if (!v)
		return err_set(e, ERR_PARSE,
		               "NVD response: missing required member '%s'",
		               key);
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return err_set(e, ERR_PARSE,
		               "NVD response: '%s' must be a non-negative "
		               "integer, not %s",
		               key, feed_json_kind(v));
	*out = (long long)json_integer_value(v);
	return 0;
}

/*
 * Check the page's envelope (members: those of page_members it has) once
 * its records are read; set the paging of b. 0 or ERR_PARSE.
 */
static int
envelope(json_t *members, bool is_one, struct feed_batch *b, struct err *e)
{
	long long per_page = 0, start = 0, total = 0;
	json_t *format = json_object_get(members, "format");
	int rc;

	if (!json_is_string(format) ||
	    strcmp(json_string_value(format), "NVD_CVE") != 0)
		return err_set(e, ERR_PARSE,
		               "NVD response: 'format' must be \"NVD_CVE\" "
		               "(a CVE API 2.0 response or 2.0 feed file)");
	if (is_one)
		return err_set(e, ERR_PARSE,
		               "NVD response: 'vulnerabilities' must be an "
		               "array, not an object");
	if ((rc = envelope_int(members, "resultsPerPage", &per_page, e)) ||
	    (rc = envelope_int(members, "startIndex", &start, e)) ||
	    (rc = envelope_int(members, "totalResults", &total, e)))
		return rc;
	if (per_page > 0 && start < total - per_page) {
		free(b->next_cursor);
		b->next_cursor = xasprintf("%lld", start + per_page);
		b->has_more = true;
	}
	return 0;
}

static const char *const page_members[] = {
    "resultsPerPage", "startIndex", "totalResults", "format", NULL,
};

/*
 * Records are read as they arrive (feed_stream_open), so that a yearly
 * feed file does not have to fit in memory whole.
 */
static const struct feed_stream_reader reader = {
    read_cve,          "id", NULL, "cves", page_members, envelope,
    "vulnerabilities", true,
};

static const struct feed_stream_reader *
nvd_stream_reader(const char *resource)
{
	return resource && strcmp(resource, "cves") == 0 ? &reader : NULL;
}

/* A whole document: the stream in one push. */
static int
nvd_parse(const char *bytes, size_t len, const char *resource,
          struct feed_batch *batch, struct err *e)
{
	struct feed_stream *fs;
	int rc = feed_check_resource(&feed_nvd_ops, resource, e);

	if (rc ||
	    (rc = feed_stream_open(&feed_nvd_ops, resource, batch, &fs, e)))
		return rc;
	rc = feed_stream_push(fs, bytes, len, e);
	if (!rc)
		rc = feed_stream_finish(fs, e);
	feed_stream_free(fs);
	return rc;
}

/*
 * Requests (date windows, startIndex, the rate limit) are the sync side's
 * and not done yet: request_path is NULL, a source fetches its url= as is.
 */
const struct feed_ops feed_nvd_ops = {
    .name = "nvd",
    .resources = resource_names,
    .parse = nvd_parse,
    .request_path = NULL,
    .stream_reader = nvd_stream_reader,
    .interval = 2 * 3600,
    .wait = 0,
};
