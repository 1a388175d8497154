/*
 * The adapter table and struct feed_batch. Objects are appended to growing
 * arrays; each object remembers the index of the document item it came
 * from, so that later stages (reference resolution in an import) can still
 * name the item.
 */
#include "centinela/feed/feed.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"

static const struct feed_ops *const adapters[] = {
    &feed_centinela_ops,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

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
	for (size_t i = 0; i < b->n_errors; i++)
		free(b->errors[i].message);
	free(b->errors);
	free(b->next_cursor);
	feed_batch_init(b);
	b->source = source;
	b->max_bytes = max_bytes;
}

/*
 * Grow the object array *arr (element size sz) and its item-index array by
 * one, returning the new (zeroed) element.
 */
static void *
grow(void **arr, size_t **items, size_t *n, size_t sz, size_t item)
{
	char *p;

	*arr = xreallocarray(*arr, *n + 1, sz);
	*items = xreallocarray(*items, *n + 1, sizeof(**items));
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
	for (size_t i = 0; name && i < COUNT(adapters); i++)
		if (strcmp(adapters[i]->name, name) == 0)
			return adapters[i];
	return NULL;
}

const struct feed_ops *
feed_at(size_t i)
{
	return i < COUNT(adapters) ? adapters[i] : NULL;
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

void
feed_item_label(struct strbuf *out, size_t index, const char *key,
                const char *value)
{
	size_t start;

	strbuf_addf(out, "item %zu", index + 1);
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
