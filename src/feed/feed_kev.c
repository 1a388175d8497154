/*
 * The CISA Known Exploited Vulnerabilities catalog (resource "kev"), as
 * served at https://www.cisa.gov/sites/default/files/feeds/
 * known_exploited_vulnerabilities.json and described by the catalog's
 * JSON Schema (known_exploited_vulnerabilities_schema.json).
 *
 * The catalog is one whole document, never paged: {catalogVersion,
 * dateReleased, count, vulnerabilities: [...]}, all four required. Because
 * a caller replaces what it knew with what it parses, a document that is
 * not the whole catalog is rejected whole: a missing required member, a
 * member of the wrong type, or a `count` that does not match the number of
 * entries (a truncated download must not silently replace a complete
 * catalog). An entry is checked against the schema's required members
 * (cveID ^CVE-[0-9]{4}-[0-9]{4,19}$, the two YYYY-MM-DD dates, the text
 * fields); a bad entry is a per-item error. `notes`, `cwes` and unknown
 * members are ignored: the model has no place for them. The top-level
 * `title` is not required by the schema and is ignored too.
 *
 * Each entry becomes a struct vulnerability with is_kev set and
 * remote_id = the CVE id; batch->document_version gets catalogVersion.
 */
#include "centinela/feed/feed.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/csv.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

#define SHORT_MAX   ((size_t)1024)    /* vendor, product, name */
#define TEXT_MAX    ((size_t)1 << 20) /* description, required action */
#define CVE_ID_MAX  ((size_t)28)      /* "CVE-" 4 digits "-" 19 digits */
#define VERSION_MAX ((size_t)64)      /* catalogVersion */

static const char *const resource_names[] = {"kev", NULL};

/* True for the schema's "date" format as CISA writes it: YYYY-MM-DD. */
static bool
date_parse(const char *s, int64_t *out)
{
	if (strlen(s) != 10)
		return false;
	for (size_t i = 0; i < 10; i++) {
		bool is_dash = i == 4 || i == 7;

		if (is_dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	return time_parse_iso8601(s, out) == 0;
}

/* A required YYYY-MM-DD member as Unix seconds (midnight UTC). */
static void
get_date(struct feed_item *it, const char *key, int64_t *out)
{
	char *s = feed_item_get_string(it, it->obj, key, key, FEED_REQUIRED,
	                               SHORT_MAX);

	if (s && !date_parse(s, out))
		feed_item_fail(
		    it, "field '%s': invalid date %s (expected YYYY-MM-DD)",
		    key, feed_item_quote(it, s));
	free(s);
}

static void
read_entry(struct feed_item *it, struct feed_batch *b)
{
	struct vulnerability *v = feed_batch_add_vulnerability(b, it->index);
	json_t *obj = it->obj;
	char *ransomware;

	v->cve_id = feed_item_get_string(it, obj, "cveID", "cveID",
	                                 FEED_REQUIRED, SHORT_MAX);
	if (v->cve_id &&
	    (strlen(v->cve_id) > CVE_ID_MAX || !cve_id_valid(v->cve_id)))
		feed_item_fail(
		    it,
		    "field 'cveID': invalid CVE id %s (expected CVE-YYYY-NNNN)",
		    feed_item_quote(it, v->cve_id));
	v->vendor =
	    feed_item_get_string(it, obj, "vendorProject", "vendorProject",
	                         FEED_REQUIRED, SHORT_MAX);
	v->product = feed_item_get_string(it, obj, "product", "product",
	                                  FEED_REQUIRED, SHORT_MAX);
	v->title =
	    feed_item_get_string(it, obj, "vulnerabilityName",
	                         "vulnerabilityName", FEED_REQUIRED, SHORT_MAX);
	get_date(it, "dateAdded", &v->kev_added_at);
	v->description =
	    feed_item_get_string(it, obj, "shortDescription",
	                         "shortDescription", FEED_REQUIRED, TEXT_MAX);
	v->kev_action =
	    feed_item_get_string(it, obj, "requiredAction", "requiredAction",
	                         FEED_REQUIRED, TEXT_MAX);
	get_date(it, "dueDate", &v->kev_due_at);
	/* "Known" or "Unknown"; anything else is no confirmed use. */
	ransomware = feed_item_get_string(it, obj, "knownRansomwareCampaignUse",
	                                  "knownRansomwareCampaignUse",
	                                  FEED_OPTIONAL, SHORT_MAX);
	v->is_ransomware = ransomware && strcasecmp(ransomware, "Known") == 0;
	free(ransomware);
	if (feed_item_is_bad(it)) {
		feed_batch_drop_vulnerability(b);
		return;
	}
	v->is_kev = true;
	v->meta.source = xstrdup(it->source);
	v->meta.remote_id = xstrdup(v->cve_id);
}

/*
 * The required top-level member key of root, of type type (borrowed), or
 * NULL after setting *e.
 */
static json_t *
required_member(json_t *root, const char *key, json_type type, int *rc,
                struct err *e)
{
	json_t *v = json_object_get(root, key);

	if (!v)
		*rc = err_set(e, ERR_PARSE,
		              "KEV catalog: missing required member '%s'", key);
	else if (json_typeof(v) != type)
		*rc = err_set(e, ERR_PARSE,
		              "KEV catalog: '%s' must be %s, not %s", key,
		              feed_json_type_kind(type), feed_json_kind(v));
	else
		return v;
	return NULL;
}

/* Check the catalog's envelope; 0 or ERR_PARSE with *e set. */
static int
check_catalog(json_t *root, json_t **entries, char **version, int64_t *t,
              struct err *e)
{
	json_t *ver, *released, *count;
	int rc = 0;

	if (!json_is_object(root))
		return err_set(e, ERR_PARSE,
		               "KEV catalog: expected an object, not %s",
		               feed_json_kind(root));
	if (!(ver = required_member(root, "catalogVersion", JSON_STRING, &rc,
	                            e)) ||
	    !(released =
	          required_member(root, "dateReleased", JSON_STRING, &rc, e)) ||
	    !(count = required_member(root, "count", JSON_INTEGER, &rc, e)) ||
	    !(*entries =
	          required_member(root, "vulnerabilities", JSON_ARRAY, &rc, e)))
		return rc;
	if (!json_string_length(ver) || json_string_length(ver) > VERSION_MAX ||
	    strlen(json_string_value(ver)) != json_string_length(ver) ||
	    !utf8_valid(json_string_value(ver), json_string_length(ver)))
		return err_set(e, ERR_PARSE,
		               "KEV catalog: 'catalogVersion' must be a "
		               "non-empty UTF-8 string of at most %zu bytes",
		               VERSION_MAX);
	if (time_parse_iso8601(json_string_value(released), t) < 0) {
		struct strbuf sb;

		strbuf_init(&sb);
		feed_quote(&sb, json_string_value(released));
		rc = err_set(e, ERR_PARSE,
		             "KEV catalog: 'dateReleased': invalid date-time "
		             "%s (expected ISO 8601, e.g. "
		             "2025-08-25T17:04:19.9796Z)",
		             sb.buf);
		strbuf_release(&sb);
		return rc;
	}
	if (json_integer_value(count) < 0 ||
	    (unsigned long long)json_integer_value(count) !=
	        json_array_size(*entries))
		return err_set(e, ERR_PARSE,
		               "KEV catalog: 'count' says %lld entries but "
		               "'vulnerabilities' has %zu",
		               (long long)json_integer_value(count),
		               json_array_size(*entries));
	*version = xstrdup(json_string_value(ver));
	return 0;
}

/*
 * The catalog's CSV form (known_exploited_vulnerabilities.csv): a header
 * naming the members of an entry, then one entry a record. It has no
 * version and no count, so nothing proves it whole: its entries are
 * stored, but a CVE it lacks is not taken as gone from the catalog.
 */
static bool
is_csv(const char *bytes, size_t len)
{
	static const char bom[] = "\xef\xbb\xbf";

	if (len >= 3 && memcmp(bytes, bom, 3) == 0) {
		bytes += 3;
		len -= 3;
	}
	while (len && (*bytes == ' ' || *bytes == '\t' || *bytes == '\r' ||
	               *bytes == '\n')) {
		bytes++;
		len--;
	}
	return len >= 5 && memcmp(bytes, "cveID", 5) == 0;
}

/*
 * Each record becomes the object its JSON entry would be (the header's
 * names as members, every value a string), read as that entry.
 */
static int
parse_csv(const char *bytes, size_t len, struct feed_batch *batch,
          struct err *e)
{
	struct csv_reader r;
	struct strvec header, fields;
	int got;
	int rc = 0;

	if (len > batch->max_bytes)
		return err_set(e, ERR_LIMIT, "KEV catalog: over %zu bytes",
		               batch->max_bytes);
	strvec_init(&header);
	strvec_init(&fields);
	csv_reader_init(&r, bytes, len);
	got = csv_next(&r, &header, e);
	if (got <= 0) {
		rc = got ? err_prefix(e, "KEV catalog: line %d", r.rec_line)
		         : err_set(e, ERR_PARSE, "KEV catalog: empty CSV");
		goto out;
	}
	batch->is_lines = true;
	while ((got = csv_next(&r, &fields, e)) != 0) {
		size_t index = (size_t)r.rec_line - 1;
		struct strbuf why;
		json_t *obj;

		batch->n_items++;
		strbuf_init(&why);
		if (got < 0)
			strbuf_adds(&why, e->msg);
		else if (fields.n != header.n)
			strbuf_addf(&why, "%zu fields where the header has %zu",
			            fields.n, header.n);
		obj = why.len ? NULL : json_object();
		for (size_t i = 0; obj && i < header.n; i++) {
			json_t *v =
			    json_stringn(fields.v[i], strlen(fields.v[i]));

			if (!v || json_object_set_new(obj, header.v[i], v)) {
				strbuf_addf(
				    &why, "field '%s' is not UTF-8",
				    utf8_valid(header.v[i], strlen(header.v[i]))
				        ? header.v[i]
				        : "?");
				json_decref(obj);
				obj = NULL;
			}
		}
		if (obj)
			feed_read_item(obj, index, batch, read_entry, "cveID",
			               NULL);
		else
			feed_batch_item_error_take(
			    batch, index,
			    xasprintf("line %d: %s", r.rec_line, why.buf));
		json_decref(obj);
		strbuf_release(&why);
		err_clear(e);
	}
out:
	strvec_release(&header);
	strvec_release(&fields);
	return rc;
}

static int
kev_parse(const char *bytes, size_t len, const char *resource,
          struct feed_batch *batch, struct err *e)
{
	json_t *root = NULL, *entries = NULL;
	char *version = NULL;
	int64_t released = 0;
	int rc;

	if ((rc = feed_check_resource(&feed_kev_ops, resource, e)))
		return rc;
	if (is_csv(bytes, len))
		return parse_csv(bytes, len, batch, e);
	if ((rc = feed_json_load(bytes, len, batch->max_bytes, &root, e)) ||
	    (rc = check_catalog(root, &entries, &version, &released, e)))
		goto out;
	free(batch->document_version);
	batch->document_version = version;
	batch->catalog = "kev";
	batch->document_released = released;
	batch->lists_all_kev = true;
	feed_read_items(entries, batch, read_entry, "cveID", NULL);
out:
	json_decref(root);
	return rc;
}

/*
 * The catalog has one fixed URL and no paging, so request_path is NULL
 * (see struct feed_ops): the source's url= is fetched as is.
 */
const struct feed_ops feed_kev_ops = {
    .name = "kev",
    .resources = resource_names,
    .parse = kev_parse,
    .request_path = NULL,
    .interval = 12 * 3600,
    .wait = 0,
};
