/*
 * A CSAF provider's listings: see include/centinela/feed/csaf_provider.h.
 */
#include "centinela/feed/csaf_provider.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/csv.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "internal.h"

static const char *const resource_names[] = {"csaf", NULL};

/* The documents of a provider are read as `import csaf` reads them. */
static int
source_parse(const char *bytes, size_t len, const char *resource,
             struct feed_batch *batch, struct err *e)
{
	return feed_csaf_ops.parse(bytes, len, resource, batch, e);
}

const struct feed_ops feed_csaf_source_ops = {
    .name = "csaf",
    .resources = resource_names,
    .parse = source_parse,
    .interval = 3600,
    .is_provider = true,
};

void
csaf_listing_init(struct csaf_listing *l)
{
	memset(l, 0, sizeof(*l));
}

void
csaf_listing_release(struct csaf_listing *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].url);
		free(l->v[i].updated);
		free(l->v[i].sha256_url);
		free(l->v[i].sha512_url);
	}
	free(l->v);
	csaf_listing_init(l);
}

static struct csaf_listed *
listing_add(struct csaf_listing *l)
{
	struct csaf_listed *d;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	return d;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

void
csaf_provider_metadata_url(const char *url, struct strbuf *out)
{
	size_t n = strlen(url);

	if (ends_with(url, ".json")) {
		strbuf_adds(out, url);
		return;
	}
	while (n && url[n - 1] == '/')
		n--;
	strbuf_addf(out, "%.*s/provider-metadata.json", (int)n, url);
}

int
csaf_url_resolve(const char *base, const char *ref, struct strbuf *out,
                 struct err *e)
{
	const char *scheme = strstr(base, "://"), *p;

	if (!*ref || strstr(ref, "/../") || strncmp(ref, "../", 3) == 0 ||
	    ends_with(ref, "/.."))
		return err_set(e, ERR_INVALID, "invalid document path '%s'",
		               ref);
	if (strstr(ref, "://")) {
		strbuf_adds(out, ref);
		return 0;
	}
	if (!scheme)
		return err_set(e, ERR_INVALID, "invalid URL '%s'", base);
	if (ref[0] == '/') {
		p = strchr(scheme + 3, '/');
		strbuf_addf(out, "%.*s%s",
		            (int)(p ? (size_t)(p - base) : strlen(base)), base,
		            ref);
		return 0;
	}
	p = strrchr(scheme + 3, '/');
	if (!p)
		strbuf_addf(out, "%s/%s", base, ref);
	else
		strbuf_addf(out, "%.*s%s", (int)(p + 1 - base), base, ref);
	return 0;
}

/* Resolve ref into a new string (owned), NULL with *e set. */
static char *
resolved(const char *base, const char *ref, struct err *e)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (csaf_url_resolve(base, ref, &sb, e)) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static void
push_new(struct strvec *v, char *s)
{
	if (strvec_find(v, s) >= 0)
		free(s);
	else
		strvec_push_take(v, s);
}

static const char *
str_member(json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int
csaf_provider_parse(const char *bytes, size_t len, const char *url,
                    size_t max_bytes, struct strvec *feeds, struct strvec *dirs,
                    struct err *e)
{
	json_t *root = NULL, *dists, *d;
	size_t i;
	int rc = feed_json_load(bytes, len, max_bytes, &root, e);

	if (rc)
		return rc;
	dists = json_is_object(root) ? json_object_get(root, "distributions")
	                             : NULL;
	if (!json_is_array(dists)) {
		rc = err_set(e, ERR_PARSE,
		             "not CSAF provider metadata at /distributions: "
		             "expected an array");
		goto out;
	}
	json_array_foreach(dists, i, d)
	{
		json_t *fs = json_object_get(json_object_get(d, "rolie"),
		                             "feeds"),
		       *f;
		const char *dir = str_member(d, "directory_url");
		size_t k;
		char *u;

		json_array_foreach(fs, k, f)
		{
			const char *fu = str_member(f, "url");

			if (!fu) {
				rc = err_set(
				    e, ERR_PARSE,
				    "not CSAF provider metadata at "
				    "/distributions/%zu/rolie/feeds/%zu/"
				    "url: expected a string",
				    i, k);
				goto out;
			}
			if (!(u = resolved(url, fu, e))) {
				rc = ERR_PARSE;
				goto out;
			}
			push_new(feeds, u);
		}
		if (dir) {
			struct strbuf sb;

			strbuf_init(&sb);
			if (csaf_url_resolve(url, dir, &sb, e)) {
				strbuf_release(&sb);
				rc = ERR_PARSE;
				goto out;
			}
			if (!ends_with(sb.buf, "/"))
				strbuf_addch(&sb, '/');
			push_new(dirs, strbuf_detach(&sb, NULL));
		}
	}
out:
	json_decref(root);
	return rc;
}

/* The hash links of a ROLIE entry into d. */
static int
entry_hashes(json_t *links, const char *url, struct csaf_listed *d,
             struct err *e)
{
	size_t i;
	json_t *l;

	json_array_foreach(links, i, l)
	{
		const char *rel = str_member(l, "rel"),
		           *href = str_member(l, "href");
		char **slot = NULL;

		if (!rel || !href || strcmp(rel, "hash") != 0)
			continue;
		if (ends_with(href, ".sha256"))
			slot = &d->sha256_url;
		else if (ends_with(href, ".sha512"))
			slot = &d->sha512_url;
		if (!slot || *slot)
			continue;
		if (!(*slot = resolved(url, href, e)))
			return ERR_PARSE;
	}
	return 0;
}

int
csaf_rolie_parse(const char *bytes, size_t len, const char *url,
                 size_t max_bytes, struct csaf_listing *out, struct err *e)
{
	json_t *root = NULL, *entries, *en;
	size_t i;
	int rc = feed_json_load(bytes, len, max_bytes, &root, e);

	if (rc)
		return rc;
	entries = json_object_get(json_object_get(root, "feed"), "entry");
	if (!json_is_array(entries)) {
		rc = err_set(e, ERR_PARSE,
		             "not a ROLIE feed at /feed/entry: expected an "
		             "array");
		goto out;
	}
	json_array_foreach(entries, i, en)
	{
		const char *src = str_member(json_object_get(en, "content"),
		                             "src"),
		           *updated = str_member(en, "updated");
		json_t *links = json_object_get(en, "link"), *l;
		struct csaf_listed *d;
		size_t k;

		json_array_foreach(links, k, l)
		{
			const char *rel = str_member(l, "rel");

			if (!src && rel && strcmp(rel, "self") == 0)
				src = str_member(l, "href");
		}
		if (!src || !updated) {
			rc = err_set(e, ERR_PARSE,
			             "not a ROLIE feed at /feed/entry/%zu: "
			             "expected content.src and updated",
			             i);
			goto out;
		}
		d = listing_add(out);
		d->updated = xstrdup(updated);
		if (!(d->url = resolved(url, src, e)) ||
		    entry_hashes(links, url, d, e)) {
			rc = ERR_PARSE;
			goto out;
		}
		if (!d->sha256_url && !d->sha512_url)
			d->sha256_url = xasprintf("%s.sha256", d->url);
	}
out:
	json_decref(root);
	return rc;
}

int
csaf_changes_parse(const char *bytes, size_t len, const char *dir_url,
                   struct csaf_listing *out, struct err *e)
{
	struct csv_reader r;
	struct strvec fields;
	bool is_ours = false;
	int rc;

	strvec_init(&fields);
	csv_reader_init(&r, bytes, len);
	while ((rc = csv_next(&r, &fields, e)) == 1) {
		struct csaf_listed *d;

		is_ours = true;
		if (fields.n != 2 || !*fields.v[0] || !*fields.v[1]) {
			rc = err_set(e, ERR_PARSE,
			             "changes.csv line %d: expected "
			             "\"path\",\"time\"",
			             r.rec_line);
			break;
		}
		d = listing_add(out);
		d->updated = xstrdup(fields.v[1]);
		if (!(d->url = resolved(dir_url, fields.v[0], e))) {
			err_prefix(e, "changes.csv line %d", r.rec_line);
			rc = ERR_PARSE;
			break;
		}
		d->sha256_url = xasprintf("%s.sha256", d->url);
		is_ours = false;
	}
	if (rc < 0 && !is_ours) /* the CSV reader's own */
		err_prefix(e, "changes.csv line %d", r.rec_line);
	strvec_release(&fields);
	return rc;
}

int
csaf_hash_parse(const char *bytes, size_t len, size_t hex_len, char *out,
                struct err *e)
{
	size_t n = 0;

	while (n < len && n < hex_len && isxdigit((unsigned char)bytes[n])) {
		out[n] = (char)tolower((unsigned char)bytes[n]);
		n++;
	}
	out[n] = '\0';
	if (n != hex_len ||
	    (n < len && !isspace((unsigned char)bytes[n]) && bytes[n] != '*'))
		return err_set(e, ERR_PARSE,
		               "not a hash file (expected %zu hex digits)",
		               hex_len);
	return 0;
}
