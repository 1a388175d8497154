/*
 * The adapter table and struct feed_batch. Objects are appended to growing
 * arrays; each object remembers the index of the document item it came
 * from, so that later stages (reference resolution in an import) can still
 * name the item.
 */
#include "centinela/feed/feed.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/csaf_provider.h"
#include "internal.h"

static const struct feed_ops *const adapters[] = {
    &feed_centinela_ops, &feed_kev_ops,         &feed_epss_ops,
    &feed_nvd_ops,       &feed_csaf_source_ops,
};

#define REGISTERED_MAX 8 /* adapters registered at run time */

/* Adapters added by feed_register, after the table's. */
static const struct feed_ops *registered[REGISTERED_MAX];
static size_t n_registered;

void
feed_batch_init(struct feed_batch *b)
{
	memset(b, 0, sizeof(*b));
	b->max_bytes = FEED_MAX_BYTES_DEFAULT;
}

void
feed_batch_release(struct feed_batch *b)
{
	const char *source = b->source;
	size_t max_bytes = b->max_bytes;

	for (size_t i = 0; i < b->n_organizations; i++)
		organization_release(&b->organizations[i]);
	for (size_t i = 0; i < b->n_assets; i++)
		asset_release(&b->assets[i]);
	for (size_t i = 0; i < b->n_alerts; i++)
		alert_release(&b->alerts[i]);
	for (size_t i = 0; i < b->n_incidents; i++)
		incident_release(&b->incidents[i]);
	for (size_t i = 0; i < b->n_vulnerabilities; i++)
		vulnerability_release(&b->vulnerabilities[i]);
	free(b->organizations);
	free(b->organization_items);
	free(b->assets);
	free(b->asset_items);
	free(b->alerts);
	free(b->alert_items);
	free(b->incidents);
	free(b->incident_items);
	free(b->vulnerabilities);
	free(b->vulnerability_items);
	for (size_t i = 0; i < b->n_epss; i++)
		epss_score_release(&b->epss[i]);
	free(b->epss);
	free(b->epss_items);
	for (size_t i = 0; i < b->n_bulletins; i++)
		bulletin_release(&b->bulletins[i]);
	free(b->bulletins);
	free(b->bulletin_items);
	for (size_t i = 0; i < b->n_errors; i++)
		free(b->errors[i].message);
	free(b->errors);
	free(b->next_cursor);
	free(b->document_version);
	feed_batch_init(b);
	b->source = source;
	b->max_bytes = max_bytes;
}

/*
 * Grow the object array *arr (element size sz) and its item-index array by
 * one, returning the new (zeroed) element. The arrays double when *n
 * reaches a power of two, so that a document of a few hundred thousand
 * items (EPSS) costs a few dozen reallocations, not one per item: their
 * room is always at least the next power of two above *n (a drop only
 * lowers *n).
 */
static void *
grow(void **arr, size_t **items, size_t *n, size_t sz, size_t item)
{
	char *p;

	if ((*n & (*n - 1)) == 0) {
		size_t room = *n ? *n * 2 : 1;

		*arr = xreallocarray(*arr, room, sz);
		*items = xreallocarray(*items, room, sizeof(**items));
	}
	(*items)[*n] = item;
	p = (char *)*arr + *n * sz;
	memset(p, 0, sz);
	(*n)++;
	return p;
}

struct organization *
feed_batch_add_organization(struct feed_batch *b, size_t item)
{
	struct organization *o =
	    grow((void **)&b->organizations, &b->organization_items,
	         &b->n_organizations, sizeof(*o), item);

	organization_init(o);
	return o;
}

struct asset *
feed_batch_add_asset(struct feed_batch *b, size_t item)
{
	struct asset *a = grow((void **)&b->assets, &b->asset_items,
	                       &b->n_assets, sizeof(*a), item);

	asset_init(a);
	return a;
}

struct alert *
feed_batch_add_alert(struct feed_batch *b, size_t item)
{
	struct alert *a = grow((void **)&b->alerts, &b->alert_items,
	                       &b->n_alerts, sizeof(*a), item);

	alert_init(a);
	return a;
}

struct incident *
feed_batch_add_incident(struct feed_batch *b, size_t item)
{
	struct incident *inc = grow((void **)&b->incidents, &b->incident_items,
	                            &b->n_incidents, sizeof(*inc), item);

	incident_init(inc);
	return inc;
}

struct vulnerability *
feed_batch_add_vulnerability(struct feed_batch *b, size_t item)
{
	struct vulnerability *v =
	    grow((void **)&b->vulnerabilities, &b->vulnerability_items,
	         &b->n_vulnerabilities, sizeof(*v), item);

	vulnerability_init(v);
	return v;
}

struct epss_score *
feed_batch_add_epss(struct feed_batch *b, size_t item)
{
	struct epss_score *sc = grow((void **)&b->epss, &b->epss_items,
	                             &b->n_epss, sizeof(*sc), item);

	epss_score_init(sc);
	return sc;
}

struct bulletin *
feed_batch_add_bulletin(struct feed_batch *b, size_t item)
{
	struct bulletin *x = grow((void **)&b->bulletins, &b->bulletin_items,
	                          &b->n_bulletins, sizeof(*x), item);

	bulletin_init(x);
	return x;
}

void
feed_batch_drop_organization(struct feed_batch *b)
{
	if (b->n_organizations)
		organization_release(&b->organizations[--b->n_organizations]);
}

void
feed_batch_drop_asset(struct feed_batch *b)
{
	if (b->n_assets)
		asset_release(&b->assets[--b->n_assets]);
}

void
feed_batch_drop_alert(struct feed_batch *b)
{
	if (b->n_alerts)
		alert_release(&b->alerts[--b->n_alerts]);
}

void
feed_batch_drop_incident(struct feed_batch *b)
{
	if (b->n_incidents)
		incident_release(&b->incidents[--b->n_incidents]);
}

void
feed_batch_drop_vulnerability(struct feed_batch *b)
{
	if (b->n_vulnerabilities)
		vulnerability_release(
		    &b->vulnerabilities[--b->n_vulnerabilities]);
}

void
feed_batch_drop_epss(struct feed_batch *b)
{
	if (b->n_epss)
		epss_score_release(&b->epss[--b->n_epss]);
}

void
feed_batch_item_error_take(struct feed_batch *b, size_t item, char *message)
{
	b->errors =
	    xreallocarray(b->errors, b->n_errors + 1, sizeof(*b->errors));
	b->errors[b->n_errors].index = item;
	b->errors[b->n_errors].message = message;
	b->n_errors++;
}

const struct feed_ops *
feed_find(const char *name)
{
	const struct feed_ops *ops;

	for (size_t i = 0; name && (ops = feed_at(i)); i++)
		if (strcmp(ops->name, name) == 0)
			return ops;
	return NULL;
}

const struct feed_ops *
feed_at(size_t i)
{
	if (i < ARRAY_SIZE(adapters))
		return adapters[i];
	i -= ARRAY_SIZE(adapters);
	return i < n_registered ? registered[i] : NULL;
}

int
feed_register(const struct feed_ops *ops, struct err *e)
{
	const struct feed_ops *known = feed_find(ops->name);

	if (known == ops)
		return 0;
	if (known)
		return err_set(e, ERR_INVALID, "adapter '%s' is registered",
		               ops->name);
	if (n_registered == REGISTERED_MAX)
		return err_set(e, ERR_LIMIT, "too many adapters");
	registered[n_registered++] = ops;
	return 0;
}

bool
feed_serves(const struct feed_ops *ops, const char *resource)
{
	for (const char *const *r = ops->resources; resource && *r; r++)
		if (strcmp(*r, resource) == 0)
			return true;
	return false;
}

int
feed_check_resource(const struct feed_ops *ops, const char *resource,
                    struct err *e)
{
	struct strbuf sb;
	int rc;

	if (feed_serves(ops, resource))
		return 0;
	strbuf_init(&sb);
	for (const char *const *r = ops->resources; *r; r++)
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", *r);
	rc = err_set(e, ERR_INVALID,
	             "adapter '%s' does not serve '%s' (serves: %s)", ops->name,
	             resource ? resource : "", sb.buf);
	strbuf_release(&sb);
	return rc;
}

bool
feed_sector_normalize(char *code)
{
	size_t n = 0;

	if (!code ||
	    !((*code >= 'a' && *code <= 'z') || (*code >= 'A' && *code <= 'Z')))
		return false;
	for (char *p = code; *p; p++, n++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-'))
			return false;
	}
	return n <= 40;
}

bool
feed_hostname_valid(const char *s)
{
	size_t total = 0, label = 0;

	for (const char *p = s; *p; p++, total++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.') {
			if (!label)
				return false;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
		if (++label > 63)
			return false;
	}
	/* A trailing dot (absolute name) is fine; an empty name is not. */
	return total > 0 && total <= 253 && (label || s[total - 1] == '.') &&
	       s[0] != '.';
}

void
feed_quote(struct strbuf *out, const char *s)
{
	size_t len = strlen(s), cut = len;

	if (len > 80) {
		cut = 80;
		/* Back up to the start of a UTF-8 sequence. */
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	strbuf_addch(out, '\'');
	strbuf_add(out, s, cut);
	if (cut < len)
		strbuf_adds(out, "...");
	strbuf_addch(out, '\'');
}

/* feed_item_label's, with the unit of the document: "item" or "line". */
static void
label_in(struct strbuf *out, const char *unit, size_t index, const char *key,
         const char *value)
{
	size_t start;

	strbuf_addf(out, "%s %zu", unit, index + 1);
	if (!value)
		return;
	strbuf_addf(out, " (\"%s\": ", key);
	start = out->len;
	feed_quote(out, value);
	/* JSON's double quotes rather than the single quotes of feed_quote. */
	out->buf[start] = '"';
	out->buf[out->len - 1] = '"';
	strbuf_addch(out, ')');
}

void
feed_item_label(struct strbuf *out, size_t index, const char *key,
                const char *value)
{
	label_in(out, "item", index, key, value);
}

/*
 * The sticky item reader of src/feed/internal.h, shared by the JSON
 * adapters.
 */

void
feed_item_init(struct feed_item *it, json_t *obj, size_t index,
               const char *source)
{
	it->obj = obj;
	it->index = index;
	it->source = source;
	strbuf_init(&it->why);
	strbuf_init(&it->quoted);
}

void
feed_item_release(struct feed_item *it)
{
	strbuf_release(&it->why);
	strbuf_release(&it->quoted);
}

bool
feed_item_is_bad(const struct feed_item *it)
{
	return it->why.len > 0;
}

bool
feed_item_fail(struct feed_item *it, const char *fmt, ...)
{
	va_list ap;

	if (feed_item_is_bad(it))
		return false;
	va_start(ap, fmt);
	strbuf_vaddf(&it->why, fmt, ap);
	va_end(ap);
	return false;
}

const char *
feed_item_quote(struct feed_item *it, const char *s)
{
	strbuf_reset(&it->quoted);
	feed_quote(&it->quoted, s);
	return it->quoted.buf;
}

const char *
feed_json_type_kind(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "?";
}

const char *
feed_json_kind(const json_t *v)
{
	return feed_json_type_kind(json_typeof(v));
}

json_t *
feed_json_member(json_t *obj, const char *key)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;

	return v && !json_is_null(v) ? v : NULL;
}

json_t *
feed_item_present(struct feed_item *it, json_t *obj, const char *key,
                  const char *label, unsigned flags)
{
	json_t *v = feed_json_member(obj, key);

	if (feed_item_is_bad(it))
		return NULL;
	if (!v && (flags & FEED_REQUIRED))
		feed_item_fail(it, "missing field '%s'", label);
	return v;
}

char *
feed_item_string_value(struct feed_item *it, json_t *v, const char *label,
                       size_t max)
{
	const char *s;
	size_t len;

	if (feed_item_is_bad(it))
		return NULL;
	if (!json_is_string(v)) {
		feed_item_fail(it, "field '%s' must be a string, not %s", label,
		               feed_json_kind(v));
		return NULL;
	}
	s = json_string_value(v);
	len = json_string_length(v);
	if (memchr(s, '\0', len)) {
		feed_item_fail(it, "field '%s' contains a NUL character",
		               label);
		return NULL;
	}
	if (!utf8_valid(s, len)) {
		feed_item_fail(it, "field '%s' is not valid UTF-8", label);
		return NULL;
	}
	if (len > max) {
		feed_item_fail(
		    it, "field '%s' is too long (%zu bytes, at most %zu)",
		    label, len, max);
		return NULL;
	}
	return xstrdup(s);
}

char *
feed_item_get_string(struct feed_item *it, json_t *obj, const char *key,
                     const char *label, unsigned flags, size_t max)
{
	json_t *v = feed_item_present(it, obj, key, label, flags);
	char *s;

	if (!v)
		return NULL;
	s = feed_item_string_value(it, v, label, max);
	if (s && !*s) {
		free(s);
		s = NULL;
		if (flags & FEED_REQUIRED)
			feed_item_fail(it, "field '%s' is empty", label);
	}
	return s;
}

char *
feed_item_message(const struct feed_item *it, const char *key,
                  const char *fallback_key)
{
	struct strbuf sb, num;
	json_t *v = json_object_get(it->obj, key);
	const char *value = NULL;

	strbuf_init(&sb);
	strbuf_init(&num);
	if (!json_is_string(v) && !json_is_integer(v) && fallback_key) {
		v = json_object_get(it->obj, fallback_key);
		key = fallback_key;
	}
	if (json_is_integer(v)) {
		strbuf_addf(&num, "%lld", (long long)json_integer_value(v));
		value = num.buf;
	} else if (json_is_string(v) &&
	           utf8_valid(json_string_value(v), json_string_length(v))) {
		value = json_string_value(v);
	}
	label_in(&sb, it->is_line ? "line" : "item", it->index, key, value);
	strbuf_addf(&sb, ": %s", it->why.buf);
	strbuf_release(&num);
	return strbuf_detach(&sb, NULL);
}

/* True when v nests at most max levels (v itself is level 1). */
static bool
depth_ok(json_t *v, int max)
{
	if (!json_is_object(v) && !json_is_array(v))
		return true;
	if (max < 1)
		return false;
	if (json_is_array(v)) {
		size_t i;
		json_t *x;

		json_array_foreach(v, i, x)
		{
			if (!depth_ok(x, max - 1))
				return false;
		}
	} else {
		const char *k;
		json_t *x;

		json_object_foreach(v, k, x)
		{
			if (!depth_ok(x, max - 1))
				return false;
		}
	}
	return true;
}

int
feed_json_load(const char *bytes, size_t len, size_t max_bytes, json_t **root,
               struct err *e)
{
	json_error_t jerr;
	size_t skip;

	*root = NULL;
	if (len > max_bytes)
		return err_set(
		    e, ERR_LIMIT,
		    "document of %zu bytes is over the limit of %zu bytes", len,
		    max_bytes);
	/* A byte-order mark is not JSON, but Windows editors write one. */
	skip = utf8_bom_len(bytes, len);
	*root = json_loadb(bytes + skip, len - skip,
	                   JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!*root && json_error_code(&jerr) != json_error_stack_overflow)
		return err_set(e, ERR_PARSE,
		               "invalid JSON at line %d, column %d: %s",
		               jerr.line, jerr.column, jerr.text);
	if (!*root || !depth_ok(*root, FEED_MAX_DEPTH)) {
		json_decref(*root);
		*root = NULL;
		return err_set(e, ERR_LIMIT,
		               "document nests deeper than %d levels",
		               FEED_MAX_DEPTH);
	}
	return 0;
}

void
feed_request_init(struct feed_request *r)
{
	memset(r, 0, sizeof(*r));
}

void
feed_request_release(struct feed_request *r)
{
	free(r->path);
	free(r->body);
	free(r->if_match);
	feed_request_init(r);
}

bool
feed_takes_writes(const struct feed_ops *ops)
{
	return ops && ops->takes_writes && ops->edit_request &&
	       ops->edit_answer;
}

void
feed_api_error_release(struct feed_api_error *a)
{
	free(a->code);
	free(a->message);
	free(a->current);
	memset(a, 0, sizeof(*a));
}

void
feed_url_escape(struct strbuf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			strbuf_addch(out, (char)*p);
		else
			strbuf_addf(out, "%%%02X", *p);
	}
}

void
feed_read_item(json_t *v, size_t index, struct feed_batch *batch,
               void (*read)(struct feed_item *it, struct feed_batch *b),
               const char *key, const char *label_key)
{
	struct feed_item it;

	feed_item_init(&it, v, index,
	               batch->source ? batch->source : RECORD_SOURCE_LOCAL);
	it.is_line = batch->is_lines;
	if (json_is_object(v))
		read(&it, batch);
	else
		feed_item_fail(&it, "expected an object, not %s",
		               feed_json_kind(v));
	if (feed_item_is_bad(&it))
		feed_batch_item_error_take(
		    batch, it.index, feed_item_message(&it, key, label_key));
	feed_item_release(&it);
}

void
feed_read_items(json_t *array, struct feed_batch *batch,
                void (*read)(struct feed_item *it, struct feed_batch *b),
                const char *key, const char *label_key)
{
	size_t i;
	json_t *v;

	json_array_foreach(array, i, v)
	{
		feed_read_item(v, i, batch, read, key, label_key);
	}
	batch->n_items += json_array_size(array);
}
