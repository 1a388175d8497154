/*
 * The native adapter: the JSON of the central Centinela API (and of
 * `centinela import alerts|incidents FILE.json`). The format is described
 * in man/centinela-api.7.
 *
 * A document is a page {"data": [...], "next_cursor": s|null,
 * "has_more": b} or a bare array of items. Each item is read field by field
 * into a model object; the first problem found in an item is recorded on
 * the item (the reader is "sticky": once an item has a problem, the other
 * field readers do nothing), and the item is dropped and reported with its
 * position and id. Unknown fields are ignored, so that the server can add
 * fields without breaking older clients.
 *
 * This file reads; centinela_write.c writes (a neutral outbox edit into
 * a request, and what the answer holds). feed_centinela_ops, at the end,
 * registers both.
 */
#include "centinela/feed/feed.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/inet.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela.h"
#include "internal.h"

#define SHORT_MAX ((size_t)1024)    /* names, titles, ids, contacts */
#define TEXT_MAX  ((size_t)1 << 20) /* descriptions and note bodies */
#define ID_MAX    ((size_t)256)     /* ids and references */

/* An id: a non-empty string, or an integer taken as its decimal form. */
static char *
id_value(struct feed_item *it, json_t *v, const char *label)
{
	char *s;

	if (feed_item_is_bad(it))
		return NULL;
	if (json_is_integer(v)) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
		return strbuf_detach(&sb, NULL);
	}
	if (!json_is_string(v)) {
		feed_item_fail(
		    it, "field '%s' must be a string or an integer, not %s",
		    label, feed_json_kind(v));
		return NULL;
	}
	s = feed_item_string_value(it, v, label, ID_MAX);
	if (s && !*s) {
		free(s);
		feed_item_fail(it, "field '%s' is empty", label);
		return NULL;
	}
	return s;
}

static char *
get_id(struct feed_item *it, json_t *obj, const char *key, unsigned flags)
{
	json_t *v = feed_item_present(it, obj, key, key, flags);

	return v ? id_value(it, v, key) : NULL;
}

/* An integer member in [lo, hi]; returns true when present and valid. */
static bool
get_int(struct feed_item *it, json_t *obj, const char *key, unsigned flags,
        int64_t lo, int64_t hi, int64_t *out)
{
	json_t *v = feed_item_present(it, obj, key, key, flags);
	json_int_t n;

	if (!v)
		return false;
	if (!json_is_integer(v)) {
		feed_item_fail(it, "field '%s' must be an integer, not %s", key,
		               feed_json_kind(v));
		return false;
	}
	n = json_integer_value(v);
	if (n < lo || n > hi) {
		feed_item_fail(it,
		               "field '%s' is %lld, not between %lld and %lld",
		               key, (long long)n, (long long)lo, (long long)hi);
		return false;
	}
	*out = n;
	return true;
}

/*
 * An ISO 8601 time member as Unix seconds (label: its name in messages);
 * true when present and valid.
 */
static bool
get_time(struct feed_item *it, json_t *obj, const char *key, const char *label,
         unsigned flags, int64_t *out)
{
	char *s = feed_item_get_string(it, obj, key, label, flags, 64);
	bool ok = false;

	if (!s)
		return false;
	if (time_parse_iso8601(s, out) < 0)
		feed_item_fail(
		    it,
		    "field '%s': invalid time %s (expected ISO 8601, e.g. 2026-03-01T12:00:00Z)",
		    label, feed_item_quote(it, s));
	else
		ok = true;
	free(s);
	return ok;
}

/*
 * The model's enumerations, seen through one signature so that one reader
 * can parse any of them and list the names it knows.
 */
struct enum_desc {
	const char *what;                      /* "severity", in messages */
	int lo, hi;                            /* values to list */
	int (*parse)(const char *s, int *out); /* 0 or ERR_INVALID */
	const char *(*name)(int v);            /* name of a value */
};

static int
parse_severity(const char *s, int *out)
{
	enum severity v;
	int rc = severity_parse(s, &v);

	*out = (int)v;
	return rc;
}

static int
parse_tlp(const char *s, int *out)
{
	enum tlp v;
	int rc = tlp_parse(s, &v);

	*out = (int)v;
	return rc;
}

static int
parse_pap(const char *s, int *out)
{
	enum pap v;
	int rc = pap_parse(s, &v);

	*out = (int)v;
	return rc;
}

static int
parse_incident_status(const char *s, int *out)
{
	enum incident_status v;
	int rc = incident_status_parse(s, &v);

	*out = (int)v;
	return rc;
}

static int
parse_alert_status(const char *s, int *out)
{
	enum alert_status v;
	int rc = alert_status_parse(s, &v);

	*out = (int)v;
	return rc;
}

static int
parse_asset_kind(const char *s, int *out)
{
	enum asset_kind v;
	int rc = asset_kind_parse(s, &v);

	*out = (int)v;
	return rc;
}

static int
parse_observable_type(const char *s, int *out)
{
	enum observable_type v;
	int rc = observable_type_parse(s, &v);

	*out = (int)v;
	return rc;
}

static const struct enum_desc severity_desc = {"severity", SEVERITY_INFO,
                                               SEVERITY_CRITICAL,
                                               parse_severity, severity_name};
static const struct enum_desc tlp_desc = {"tlp", TLP_CLEAR, TLP_RED, parse_tlp,
                                          tlp_name};
static const struct enum_desc pap_desc = {"pap", PAP_CLEAR, PAP_RED, parse_pap,
                                          pap_name};
static const struct enum_desc incident_status_desc = {
    "status", INCIDENT_NEW, INCIDENT_CLOSED, parse_incident_status,
    incident_status_name};
static const struct enum_desc alert_status_desc = {
    "status", ALERT_NEW, ALERT_PROMOTED, parse_alert_status, alert_status_name};
static const struct enum_desc asset_kind_desc = {
    "kind", ASSET_ICS, ASSET_OTHER, parse_asset_kind, asset_kind_name};
static const struct enum_desc observable_type_desc = {
    "observable type", OBSERVABLE_IP, OBSERVABLE_EMAIL, parse_observable_type,
    observable_type_name};

/* Parse s as one of d's names; fails the item with the known names. */
static bool
enum_value(struct feed_item *it, const struct enum_desc *d, const char *s,
           int *out)
{
	struct strbuf known;

	if (d->parse(s, out) == 0)
		return true;
	strbuf_init(&known);
	for (int v = d->lo; v <= d->hi; v++)
		strbuf_addf(&known, "%s%s", known.len ? ", " : "", d->name(v));
	feed_item_fail(it, "unknown %s %s (known: %s)", d->what,
	               feed_item_quote(it, s), known.buf);
	strbuf_release(&known);
	return false;
}

/* An enumeration member; true when present and valid. */
static bool
get_enum(struct feed_item *it, json_t *obj, const char *key, unsigned flags,
         const struct enum_desc *d, int *out)
{
	char *s = feed_item_get_string(it, obj, key, key, flags, 64);
	bool ok;

	if (!s)
		return false;
	ok = enum_value(it, d, s, out);
	free(s);
	return ok;
}

/* A sector code member, lower-cased; owned or NULL. */
static char *
get_sector(struct feed_item *it, json_t *obj, unsigned flags)
{
	char *s = feed_item_get_string(it, obj, "sector", "sector", flags, 64);

	if (s && !feed_sector_normalize(s)) {
		feed_item_fail(
		    it,
		    "invalid sector code %s (letters, digits and '-', starting with a letter)",
		    feed_item_quote(it, s));
		free(s);
		return NULL;
	}
	return s;
}

/*
 * A member that must be an array or an object (type) when present
 * (borrowed); NULL when absent.
 */
static json_t *
get_container(struct feed_item *it, json_t *obj, const char *key,
              unsigned flags, json_type type)
{
	json_t *v = feed_item_present(it, obj, key, key, flags);

	if (v && json_typeof(v) != type) {
		feed_item_fail(it, "field '%s' must be %s, not %s", key,
		               feed_json_type_kind(type), feed_json_kind(v));
		return NULL;
	}
	return v;
}

/*
 * An array of ids (strings or integers) pushed onto out; label is the
 * field's name in messages.
 */
static void
get_id_list(struct feed_item *it, json_t *obj, const char *key,
            struct strvec *out)
{
	json_t *arr = get_container(it, obj, key, FEED_OPTIONAL, JSON_ARRAY);
	size_t i;
	json_t *v;
	char label[64];

	json_array_foreach(arr, i, v)
	{
		char *id;

		snprintf(label, sizeof(label), "%s[%zu]", key, i);
		id = id_value(it, v, label);
		if (!id)
			return;
		strvec_push_take(out, id);
	}
}

/* Identity fields every object has: id, version, updated_at. */
static void
read_meta(struct feed_item *it, struct record_meta *m)
{
	int64_t n;

	m->source = xstrdup(it->source);
	m->remote_id = get_id(it, it->obj, "id", FEED_OPTIONAL);
	if (get_int(it, it->obj, "version", FEED_OPTIONAL, 0, INT64_MAX, &n))
		m->version = n;
	if (get_time(it, it->obj, "updated_at", "updated_at", FEED_OPTIONAL,
	             &n))
		m->updated_at = n;
}

static void
read_organization(struct feed_item *it, struct feed_batch *b)
{
	struct organization *o = feed_batch_add_organization(b, it->index);
	json_t *obj = it->obj;

	read_meta(it, &o->meta);
	o->name = feed_item_get_string(it, obj, "name", "name", FEED_REQUIRED,
	                               SHORT_MAX);
	o->sector = get_sector(it, obj, FEED_REQUIRED);
	o->region = feed_item_get_string(it, obj, "region", "region",
	                                 FEED_OPTIONAL, SHORT_MAX);
	o->contact = feed_item_get_string(it, obj, "contact", "contact",
	                                  FEED_OPTIONAL, SHORT_MAX);
	o->abuse_contact =
	    feed_item_get_string(it, obj, "abuse_contact", "abuse_contact",
	                         FEED_OPTIONAL, SHORT_MAX);
	if (feed_item_is_bad(it))
		feed_batch_drop_organization(b);
}

static void
read_asset(struct feed_item *it, struct feed_batch *b)
{
	struct asset *a = feed_batch_add_asset(b, it->index);
	json_t *obj = it->obj, *cpes;
	int64_t n;
	int k;

	read_meta(it, &a->meta);
	a->name = feed_item_get_string(it, obj, "name", "name", FEED_REQUIRED,
	                               SHORT_MAX);
	a->organization = get_id(it, obj, "organization", FEED_REQUIRED);
	/* Absent: the importer takes the organization's sector. */
	a->sector = get_sector(it, obj, FEED_OPTIONAL);
	if (get_enum(it, obj, "kind", FEED_REQUIRED, &asset_kind_desc, &k))
		a->kind = (enum asset_kind)k;
	if (get_int(it, obj, "criticality", FEED_REQUIRED, 1, 5, &n))
		a->criticality = (int)n;
	a->hostname = feed_item_get_string(it, obj, "hostname", "hostname",
	                                   FEED_OPTIONAL, 253 + 1);
	if (a->hostname && !feed_hostname_valid(a->hostname))
		feed_item_fail(it, "invalid hostname %s",
		               feed_item_quote(it, a->hostname));
	a->ip = feed_item_get_string(it, obj, "ip", "ip", FEED_OPTIONAL, 64);
	if (a->ip && !inet_valid_addr(a->ip))
		feed_item_fail(
		    it,
		    "invalid IP address %s (expected IPv4 or IPv6, optionally /prefix)",
		    feed_item_quote(it, a->ip));
	a->location = feed_item_get_string(it, obj, "location", "location",
	                                   FEED_OPTIONAL, SHORT_MAX);
	a->vendor = feed_item_get_string(it, obj, "vendor", "vendor",
	                                 FEED_OPTIONAL, SHORT_MAX);
	a->product = feed_item_get_string(it, obj, "product", "product",
	                                  FEED_OPTIONAL, SHORT_MAX);
	a->product_version =
	    feed_item_get_string(it, obj, "product_version", "product_version",
	                         FEED_OPTIONAL, SHORT_MAX);
	cpes = get_container(it, obj, "cpes", FEED_OPTIONAL, JSON_ARRAY);
	for (size_t i = 0; cpes && i < json_array_size(cpes); i++) {
		char label[32], *s;

		snprintf(label, sizeof(label), "cpes[%zu]", i);
		s = feed_item_string_value(it, json_array_get(cpes, i), label,
		                           SHORT_MAX);
		if (!s)
			break;
		if (!cpe23_valid(s)) {
			feed_item_fail(
			    it,
			    "invalid CPE %s (expected a CPE 2.3 name, cpe:2.3:part:vendor:product:...)",
			    feed_item_quote(it, s));
			free(s);
			break;
		}
		strvec_push_take(&a->cpes, s);
	}
	if (feed_item_is_bad(it))
		feed_batch_drop_asset(b);
}

static bool
all_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
			return false;
	return true;
}

/* Check an observable's value for its type; true when acceptable. */
static bool
observable_valid(enum observable_type t, const char *v)
{
	size_t len = strlen(v);
	const char *at;

	switch (t) {
	case OBSERVABLE_IP:
		return inet_valid_addr(v);
	case OBSERVABLE_FQDN:
		return feed_hostname_valid(v);
	case OBSERVABLE_ASN:
		if (strncasecmp(v, "AS", 2) == 0)
			v += 2;
		len = strlen(v);
		if (!len || len > 10 || strspn(v, "0123456789") != len)
			return false;
		return strtoull(v, NULL, 10) <= 4294967295ULL;
	case OBSERVABLE_HASH:
		return (len == 32 || len == 40 || len == 64 || len == 128) &&
		       all_hex(v, len);
	case OBSERVABLE_URL:
		for (const char *p = v; *p; p++)
			if ((unsigned char)*p <= ' ' || *p == 0x7f)
				return false;
		return strstr(v, "://") != NULL && strstr(v, "://") != v;
	case OBSERVABLE_EMAIL:
		at = strrchr(v, '@');
		return at && at != v && !strchr(v, ' ') &&
		       feed_hostname_valid(at + 1);
	case OBSERVABLE_TYPE_COUNT:
		break;
	}
	return false;
}

static void
read_observables(struct feed_item *it, struct alert *a)
{
	json_t *arr = get_container(it, it->obj, "observables", FEED_OPTIONAL,
	                            JSON_ARRAY);
	json_t *o;
	size_t i;

	json_array_foreach(arr, i, o)
	{
		char tlabel[48], vlabel[48];
		char *type, *value;
		int t;

		if (!json_is_object(o)) {
			feed_item_fail(
			    it, "observables[%zu] must be an object, not %s", i,
			    feed_json_kind(o));
			return;
		}
		snprintf(tlabel, sizeof(tlabel), "observables[%zu].type", i);
		snprintf(vlabel, sizeof(vlabel), "observables[%zu].value", i);
		type = feed_item_get_string(it, o, "type", tlabel,
		                            FEED_REQUIRED, 64);
		value = feed_item_get_string(it, o, "value", vlabel,
		                             FEED_REQUIRED, SHORT_MAX * 8);
		if (type && value &&
		    enum_value(it, &observable_type_desc, type, &t)) {
			if (observable_valid((enum observable_type)t, value))
				alert_add_observable(a, (enum observable_type)t,
				                     value);
			else
				feed_item_fail(
				    it, "observables[%zu]: invalid %s %s", i,
				    observable_type_name(
				        (enum observable_type)t),
				    feed_item_quote(it, value));
		}
		free(type);
		free(value);
		if (feed_item_is_bad(it))
			return;
	}
}

/* RSIT class and type from obj's keys; class required when need_class. */
static void
read_taxonomy(struct feed_item *it, json_t *obj, const char *ckey,
              const char *clabel, const char *tkey, const char *tlabel,
              char **cls, char **type)
{
	struct strbuf known;

	*cls = feed_item_get_string(it, obj, ckey, clabel, FEED_REQUIRED, 64);
	*type = feed_item_get_string(it, obj, tkey, tlabel, FEED_OPTIONAL, 64);
	if (feed_item_is_bad(it))
		return;
	strbuf_init(&known);
	if (!rsit_class_valid(*cls)) {
		for (size_t i = 0; i < rsit_class_count(); i++)
			strbuf_addf(&known, "%s%s", i ? ", " : "",
			            rsit_class_at(i));
		feed_item_fail(it, "unknown taxonomy class %s (known: %s)",
		               feed_item_quote(it, *cls), known.buf);
	} else if (*type && !rsit_type_valid(*cls, *type)) {
		for (const char *const *t = rsit_types(*cls); *t; t++)
			strbuf_addf(&known, "%s%s", known.len ? ", " : "", *t);
		feed_item_fail(
		    it, "unknown taxonomy type %s for class '%s' (known: %s)",
		    feed_item_quote(it, *type), *cls, known.buf);
	}
	strbuf_release(&known);
}

static void
read_alert(struct feed_item *it, struct feed_batch *b)
{
	struct alert *a = feed_batch_add_alert(b, it->index);
	json_t *obj = it->obj, *tax, *feed;
	int k;

	read_meta(it, &a->meta);
	a->title = feed_item_get_string(it, obj, "title", "title",
	                                FEED_REQUIRED, SHORT_MAX);
	a->description = feed_item_get_string(
	    it, obj, "description", "description", FEED_OPTIONAL, TEXT_MAX);
	if (get_enum(it, obj, "severity", FEED_REQUIRED, &severity_desc, &k))
		a->severity = (enum severity)k;
	if (get_enum(it, obj, "tlp", FEED_OPTIONAL, &tlp_desc, &k))
		a->tlp = (enum tlp)k;
	tax = get_container(it, obj, "taxonomy", FEED_REQUIRED, JSON_OBJECT);
	if (tax)
		read_taxonomy(it, tax, "class", "taxonomy.class", "type",
		              "taxonomy.type", &a->taxonomy_class,
		              &a->taxonomy_type);
	read_observables(it, a);
	feed = get_container(it, obj, "feed", FEED_REQUIRED, JSON_OBJECT);
	a->feed_name = feed_item_get_string(it, feed, "name", "feed.name",
	                                    FEED_REQUIRED, SHORT_MAX);
	a->feed_provider = feed_item_get_string(
	    it, feed, "provider", "feed.provider", FEED_OPTIONAL, SHORT_MAX);
	get_time(it, obj, "observed_at", "observed_at", FEED_REQUIRED,
	         &a->observed_at);
	if (!get_time(it, obj, "received_at", "received_at", FEED_OPTIONAL,
	              &a->received_at))
		a->received_at = a->observed_at;
	if (get_enum(it, obj, "status", FEED_OPTIONAL, &alert_status_desc, &k))
		a->status = (enum alert_status)k;
	a->organization = get_id(it, obj, "organization", FEED_OPTIONAL);
	a->sector = get_sector(it, obj, FEED_OPTIONAL);
	a->asset = get_id(it, obj, "asset", FEED_OPTIONAL);
	a->incident_ref = feed_item_get_string(it, obj, "incident", "incident",
	                                       FEED_OPTIONAL, ID_MAX);
	if (a->incident_ref && !incident_reference_valid(a->incident_ref))
		feed_item_fail(
		    it,
		    "invalid incident reference %s (expected PREFIX-YYYY-NNNNN, e.g. MX-2026-00042)",
		    feed_item_quote(it, a->incident_ref));
	a->event_hash = feed_item_get_string(it, obj, "event_hash",
	                                     "event_hash", FEED_OPTIONAL, 64);
	if (a->event_hash && (strlen(a->event_hash) != SHA256_HEX_LEN ||
	                      !all_hex(a->event_hash, SHA256_HEX_LEN)))
		feed_item_fail(it,
		               "invalid event_hash %s (expected 64 hex digits)",
		               feed_item_quote(it, a->event_hash));
	if (feed_item_is_bad(it)) {
		feed_batch_drop_alert(b);
		return;
	}
	if (a->event_hash) {
		for (char *p = a->event_hash; *p; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
	} else {
		a->event_hash = xmalloc(SHA256_HEX_LEN + 1);
		alert_event_hash(a, a->event_hash);
	}
	a->raw_json = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	if (!a->raw_json)
		die("out of memory");
}

static void
read_notes(struct feed_item *it, struct incident *inc)
{
	json_t *arr =
	    get_container(it, it->obj, "notes", FEED_OPTIONAL, JSON_ARRAY);
	json_t *o;
	size_t i;

	json_array_foreach(arr, i, o)
	{
		char alabel[40], blabel[40], tlabel[40];
		char *author, *body, *id = NULL;
		int64_t at = 0;

		if (!json_is_object(o)) {
			feed_item_fail(it,
			               "notes[%zu] must be an object, not %s",
			               i, feed_json_kind(o));
			return;
		}
		snprintf(alabel, sizeof(alabel), "notes[%zu].author", i);
		snprintf(blabel, sizeof(blabel), "notes[%zu].body", i);
		snprintf(tlabel, sizeof(tlabel), "notes[%zu].created_at", i);
		author = feed_item_get_string(it, o, "author", alabel,
		                              FEED_REQUIRED, SHORT_MAX);
		body = feed_item_get_string(it, o, "body", blabel,
		                            FEED_REQUIRED, TEXT_MAX);
		if (!feed_item_is_bad(it)) {
			json_t *idv = feed_json_member(o, "id");

			get_time(it, o, "created_at", tlabel, FEED_REQUIRED,
			         &at);
			if (idv)
				id = id_value(it, idv, "notes[].id");
		}
		if (!feed_item_is_bad(it)) {
			incident_add_note(inc, author, at, body);
			inc->notes[inc->n_notes - 1].remote_id = id;
			id = NULL;
		}
		free(author);
		free(body);
		free(id);
		if (feed_item_is_bad(it))
			return;
	}
}

static void
read_incident(struct feed_item *it, struct feed_batch *b)
{
	struct incident *inc = feed_batch_add_incident(b, it->index);
	json_t *obj = it->obj;
	int64_t n;
	int k;

	read_meta(it, &inc->meta);
	inc->reference = feed_item_get_string(it, obj, "reference", "reference",
	                                      FEED_REQUIRED, ID_MAX);
	if (inc->reference && !incident_reference_valid(inc->reference))
		feed_item_fail(
		    it,
		    "invalid reference %s (expected PREFIX-YYYY-NNNNN, e.g. MX-2026-00042)",
		    feed_item_quote(it, inc->reference));
	inc->title = feed_item_get_string(it, obj, "title", "title",
	                                  FEED_REQUIRED, SHORT_MAX);
	inc->description = feed_item_get_string(
	    it, obj, "description", "description", FEED_OPTIONAL, TEXT_MAX);
	read_taxonomy(it, obj, "category", "category", "category_type",
	              "category_type", &inc->category, &inc->category_type);
	if (get_enum(it, obj, "severity", FEED_REQUIRED, &severity_desc, &k))
		inc->severity = (enum severity)k;
	if (get_int(it, obj, "priority", FEED_OPTIONAL, 1, 4, &n))
		inc->priority = (int)n;
	if (get_enum(it, obj, "status", FEED_OPTIONAL, &incident_status_desc,
	             &k))
		inc->status = (enum incident_status)k;
	if (get_enum(it, obj, "tlp", FEED_OPTIONAL, &tlp_desc, &k))
		inc->tlp = (enum tlp)k;
	if (get_enum(it, obj, "pap", FEED_OPTIONAL, &pap_desc, &k))
		inc->pap = (enum pap)k;
	inc->assignee = feed_item_get_string(it, obj, "assignee", "assignee",
	                                     FEED_OPTIONAL, SHORT_MAX);
	inc->organization = get_id(it, obj, "organization", FEED_OPTIONAL);
	inc->sector = get_sector(it, obj, FEED_OPTIONAL);
	get_time(it, obj, "opened_at", "opened_at", FEED_REQUIRED,
	         &inc->opened_at);
	get_time(it, obj, "first_response_at", "first_response_at",
	         FEED_OPTIONAL, &inc->first_response_at);
	get_time(it, obj, "due_at", "due_at", FEED_OPTIONAL, &inc->due_at);
	get_time(it, obj, "closed_at", "closed_at", FEED_OPTIONAL,
	         &inc->closed_at);
	if (!feed_item_is_bad(it) && inc->closed_at &&
	    inc->closed_at < inc->opened_at)
		feed_item_fail(it, "field 'closed_at' is before 'opened_at'");
	get_id_list(it, obj, "alerts", &inc->alert_ids);
	get_id_list(it, obj, "assets", &inc->asset_ids);
	read_notes(it, inc);
	if (feed_item_is_bad(it))
		feed_batch_drop_incident(b);
}

/* The members of a page the envelope checks. */
static const char *const page_members[] = {"next_cursor", "has_more",
                                           "incident", NULL};

/* The cursor and has_more of a page (members of it); 0 or ERR_PARSE. */
static int
read_page(json_t *members, struct feed_batch *batch, struct err *e)
{
	json_t *cur = json_object_get(members, "next_cursor");
	json_t *more = json_object_get(members, "has_more");

	if (cur && !json_is_null(cur)) {
		if (!json_is_string(cur) || !json_string_length(cur) ||
		    !utf8_valid(json_string_value(cur),
		                json_string_length(cur)) ||
		    json_string_length(cur) > SHORT_MAX)
			return err_set(
			    e, ERR_PARSE,
			    "'next_cursor' must be a non-empty string or null");
	}
	if (more && !json_is_boolean(more))
		return err_set(e, ERR_PARSE,
		               "'has_more' must be true or false, not %s",
		               feed_json_kind(more));
	if (json_is_true(more) && (!cur || json_is_null(cur)))
		return err_set(
		    e, ERR_PARSE,
		    "'has_more' is true but 'next_cursor' is missing");
	free(batch->next_cursor);
	batch->next_cursor =
	    json_is_string(cur) ? xstrdup(json_string_value(cur)) : NULL;
	batch->has_more = json_is_true(more);
	return 0;
}

static int
page(json_t *members, bool is_one, struct feed_batch *batch, struct err *e)
{
	(void)is_one;
	return read_page(members, batch, e);
}

/* A promote's answer {"data": ALERT, "incident": INCIDENT}: both. */
static int
alerts_page(json_t *members, bool is_one, struct feed_batch *batch,
            struct err *e)
{
	json_t *inc = json_object_get(members, "incident");
	int rc = read_page(members, batch, e);

	if (!rc && is_one && json_is_object(inc)) {
		feed_read_item(inc, 0, batch, read_incident, "id", "reference");
		batch->n_items++;
	}
	return rc;
}

/* Resources in resource_names' order; items labelled by id, then name. */
static const struct feed_stream_reader readers[] = {
    {read_organization, "id", "name", "organizations", page_members, page, NULL,
     false},
    {read_asset, "id", "name", "assets", page_members, page, NULL, false},
    {read_alert, "id", "title", "alerts", page_members, alerts_page, NULL,
     false},
    {read_incident, "id", "reference", "incidents", page_members, page, NULL,
     false},
};

static const char *const resource_names[] = {
    "organizations", "assets", "alerts", "incidents", NULL,
};

static const struct feed_stream_reader *
centinela_stream_reader(const char *resource)
{
	for (size_t i = 0; resource && i < ARRAY_SIZE(readers); i++)
		if (strcmp(readers[i].what, resource) == 0)
			return &readers[i];
	return NULL;
}

/* A whole document: the stream in one push. */
int
centinela_parse(const char *bytes, size_t len, const char *resource,
                struct feed_batch *batch, struct err *e)
{
	struct feed_stream *fs;
	int rc = feed_stream_open(&feed_centinela_ops, resource, batch, &fs, e);

	if (rc)
		return rc;
	rc = feed_stream_push(fs, bytes, len, e);
	if (!rc)
		rc = feed_stream_finish(fs, e);
	feed_stream_free(fs);
	return rc;
}

static int
centinela_request_path(const char *resource, const char *cursor, int64_t now,
                       int limit, struct strbuf *out, struct err *e)
{
	int rc = feed_check_resource(&feed_centinela_ops, resource, e);
	char sep = '?';

	(void)now; /* the server's cursor is all it needs */
	if (rc < 0)
		return rc;
	strbuf_addf(out, "/api/v1/%s", resource);
	if (limit > 0) {
		strbuf_addf(out, "%climit=%d", sep, limit);
		sep = '&';
	}
	if (cursor && *cursor) {
		strbuf_addf(out, "%csince=", sep);
		feed_url_escape(out, cursor);
	}
	return 0;
}

const struct feed_ops feed_centinela_ops = {
    .name = "centinela",
    .resources = resource_names,
    .parse = centinela_parse,
    .request_path = centinela_request_path,
    .stream_reader = centinela_stream_reader,
    .interval = 60,
    .wait = 25,
    .error_answer = feed_api_error,
    .takes_writes = true,
    .edit_request = centinela_edit_request,
    .edit_answer = centinela_edit_answer,
    .conflict_object = centinela_conflict_object,
    .conflict_parse = centinela_conflict_parse,
};
