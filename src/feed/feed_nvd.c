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
 * more (has_more) and next_cursor is the next startIndex, in decimal; the
 * source's cursor (date windows and index) is nvd_page_cursor's, at the
 * end of this file.
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
		vulnerability_flatten_configs(v);
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
 * Requests. NVD asks that a catalog be copied once, then kept up to date
 * by the records modified since: lastModStartDate and lastModEndDate
 * (both or neither, at most NVD_WINDOW_MAX apart, extended ISO 8601 with
 * an offset), each window paged by startIndex with resultsPerPage (at
 * most NVD_PAGE_MAX) until totalResults. The cursor says where a source
 * stands, in one of three forms (times as YYYY-MM-DDTHH:MM:SSZ):
 *   "all BEGAN INDEX"       copying the whole catalog (no dates), begun
 *                           at BEGAN, the next page at INDEX;
 *   "window START END INDEX" inside the window [START, END];
 *   "from T"                done up to T: the next window is [T, now],
 *                           cut at NVD_WINDOW_MAX.
 * No cursor (an empty cache), or one in no such form (a cache of an
 * older version), starts the whole catalog from index 0. A whole copy,
 * once done, goes on from the time it began (what changed while it ran
 * comes with the next window); a window that reached now goes on from its
 * end less NVD_OVERLAP (NVD's clock and ours may differ a little, and a
 * record may be published a moment after its lastModified), one cut short
 * at NVD_WINDOW_MAX goes on at once from its end.
 */
#define NVD_PAGE_MAX   2000
#define NVD_WINDOW_MAX ((int64_t)120 * 86400)
#define NVD_OVERLAP    ((int64_t)15 * 60)

enum nvd_mode { NVD_ALL, NVD_WINDOW };

/* Where a request stands: a whole copy, or a window; and its index. */
struct nvd_pos {
	enum nvd_mode mode;
	int64_t began;      /* NVD_ALL: when the copy began */
	int64_t start, end; /* NVD_WINDOW: lastModStartDate, lastModEndDate */
	long long index;    /* startIndex */
};

/* A non-negative decimal, the whole of s. */
static bool
nvd_index(const char *s, long long *out)
{
	char *end;
	long long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	v = strtoll(s, &end, 10);
	if (*end || v < 0)
		return false;
	*out = v;
	return true;
}

/* A time of a cursor (UTC, "YYYY-MM-DDTHH:MM:SSZ"). */
static bool
nvd_time(const char *s, int64_t *out)
{
	return s && strlen(s) == 20 && s[19] == 'Z' &&
	       time_parse_iso8601(s, out) == 0;
}

/*
 * The request cursor names at now. A window starting in the future (a
 * clock set back) is empty rather than reversed.
 */
static void
nvd_position(const char *cursor, int64_t now, struct nvd_pos *p)
{
	char buf[128], *w[5] = {NULL};
	size_t n = 0;

	memset(p, 0, sizeof(*p));
	p->mode = NVD_ALL;
	p->began = now;
	if (!cursor || strlen(cursor) >= sizeof(buf))
		return;
	memcpy(buf, cursor, strlen(cursor) + 1);
	/* words split on single spaces, as nvd_page_cursor writes them */
	for (char *t = buf; t && n < 5;) {
		char *sp = strchr(t, ' ');

		w[n++] = t;
		if (sp)
			*sp++ = '\0';
		t = sp;
	}
	if (n == 3 && strcmp(w[0], "all") == 0 && nvd_time(w[1], &p->began) &&
	    nvd_index(w[2], &p->index))
		return;
	if (n == 4 && strcmp(w[0], "window") == 0 &&
	    nvd_time(w[1], &p->start) && nvd_time(w[2], &p->end) &&
	    nvd_index(w[3], &p->index) && p->start <= p->end) {
		p->mode = NVD_WINDOW;
		return;
	}
	if (n == 2 && strcmp(w[0], "from") == 0 && nvd_time(w[1], &p->start)) {
		p->mode = NVD_WINDOW;
		p->end = now;
		if (p->end - p->start > NVD_WINDOW_MAX)
			p->end = p->start + NVD_WINDOW_MAX;
		if (p->end < p->start)
			p->end = p->start;
		return;
	}
	memset(p, 0, sizeof(*p)); /* unknown: the whole catalog again */
	p->mode = NVD_ALL;
	p->began = now;
}

/* Append t as NVD wants a date in a query: 2024-04-01T13:00:00.000%2B00:00. */
static void
nvd_query_time(struct strbuf *out, int64_t t)
{
	char iso[TIME_ISO_MAX];

	time_format_iso8601(t, iso); /* YYYY-MM-DDTHH:MM:SSZ */
	iso[19] = '\0';
	strbuf_addf(out, "%s.000%%2B00:00", iso);
}

static int
nvd_request_path(const char *resource, const char *cursor, int64_t now,
                 int limit, struct strbuf *out, struct err *e)
{
	int rc = feed_check_resource(&feed_nvd_ops, resource, e);
	struct nvd_pos p;

	if (rc)
		return rc;
	nvd_position(cursor, now, &p);
	if (limit <= 0 || limit > NVD_PAGE_MAX)
		limit = NVD_PAGE_MAX;
	/* The source's url= is the API's whole URL, .../cves/2.0. */
	strbuf_addf(out, "?resultsPerPage=%d&startIndex=%lld", limit, p.index);
	if (p.mode == NVD_WINDOW) {
		strbuf_adds(out, "&lastModStartDate=");
		nvd_query_time(out, p.start);
		strbuf_adds(out, "&lastModEndDate=");
		nvd_query_time(out, p.end);
	}
	return 0;
}

static char *
nvd_cursor_window(int64_t start, int64_t end, long long index)
{
	char a[TIME_ISO_MAX], b[TIME_ISO_MAX];

	time_format_iso8601(start, a);
	time_format_iso8601(end, b);
	return xasprintf("window %s %s %lld", a, b, index);
}

static char *
nvd_cursor_from(int64_t t)
{
	char a[TIME_ISO_MAX];

	time_format_iso8601(t, a);
	return xasprintf("from %s", a);
}

static int
nvd_page_cursor(const char *resource, const char *cursor, int64_t now,
                const struct feed_batch *b, char **out, bool *has_more,
                struct err *e)
{
	struct nvd_pos p;
	long long next = 0;
	int rc = feed_check_resource(&feed_nvd_ops, resource, e);

	*out = NULL;
	*has_more = false;
	if (rc)
		return rc;
	nvd_position(cursor, now, &p);
	if (b->has_more && !nvd_index(b->next_cursor, &next))
		return err_set(e, ERR_PARSE,
		               "NVD response: cannot follow its paging");
	if (b->has_more && next <= p.index)
		return err_set(e, ERR_PARSE,
		               "NVD response: startIndex %lld does not move on",
		               p.index);
	if (b->has_more) {
		char a[TIME_ISO_MAX];

		*has_more = true;
		if (p.mode == NVD_WINDOW) {
			*out = nvd_cursor_window(p.start, p.end, next);
		} else {
			time_format_iso8601(p.began, a);
			*out = xasprintf("all %s %lld", a, next);
		}
		return 0;
	}
	if (p.mode == NVD_ALL) {
		*out = nvd_cursor_from(p.began);
	} else if (p.end < now) {
		/* cut at 120 days: the next window at once */
		*out = nvd_cursor_from(p.end);
		*has_more = true;
	} else {
		*out = nvd_cursor_from(p.end - NVD_OVERLAP > p.start
		                           ? p.end - NVD_OVERLAP
		                           : p.start);
	}
	return 0;
}

/* NVD's firewall answers 403 to a client over the rate limit. */
static const int retry_statuses[] = {403, 0};

const struct feed_ops feed_nvd_ops = {
    .name = "nvd",
    .resources = resource_names,
    .parse = nvd_parse,
    .request_path = nvd_request_path,
    .page_cursor = nvd_page_cursor,
    .stream_reader = nvd_stream_reader,
    .interval = 2 * 3600,
    .wait = 0,
    .page_size = NVD_PAGE_MAX,
    .max_page_size = NVD_PAGE_MAX,
    .rate_limit = 5,
    .rate_limit_token = 50,
    .rate_window = 30,
    .token_header = "apiKey",
    .retry_statuses = retry_statuses,
};
