/*
 * A CSAF provider directory's own files: see
 * include/centinela/export/csaf_dir.h. The JSON ones are built as jansson
 * trees with their members in the order of the standard's examples and
 * dumped once; no json_t leaves this file.
 */
#include "centinela/export/csaf_dir.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/export.h"

#define CSAF_SCHEMA_URL                                                        \
	"https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"
#define ROLIE_SCHEME  "urn:ietf:params:rolie:category:information-type"
#define STAMP_MAX_LEN ((size_t)64 << 20) /* a file read back for its time */

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
	       c == '-';
}

char *
csaf_dir_filename(const char *id)
{
	struct strbuf out;
	bool in_run = false;

	if (!id || !*id)
		return NULL;
	strbuf_init(&out);
	/* lower case first, then each run of other bytes (a multi-byte
	 * UTF-8 character among them) becomes one "_" */
	for (const char *p = id; *p; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;

		if (is_name_char(c)) {
			strbuf_addch(&out, c);
			in_run = false;
		} else if (!in_run) {
			strbuf_addch(&out, '_');
			in_run = true;
		}
	}
	strbuf_adds(&out, ".json");
	return strbuf_detach(&out, NULL);
}

const char *
csaf_dir_folder(enum tlp t)
{
	switch (t) {
	case TLP_CLEAR:
		return "white";
	case TLP_GREEN:
		return "green";
	case TLP_RED:
		return "red";
	default:
		return "amber";
	}
}

char *
csaf_dir_feed_name(enum tlp t)
{
	return xasprintf("csaf-feed-tlp-%s.json", csaf_dir_folder(t));
}

static int
cmp_entry(const void *x, const void *y)
{
	const struct csaf_dir_entry *a = x, *b = y;

	if (a->updated != b->updated)
		return a->updated > b->updated ? -1 : 1;
	return strcmp(a->path, b->path);
}

void
csaf_dir_sort(struct csaf_dir_entry *entries, size_t n)
{
	if (n > 1)
		qsort(entries, n, sizeof(*entries), cmp_entry);
}

static int
cmp_path(const void *x, const void *y)
{
	return strcmp(((const struct csaf_dir_entry *)x)->path,
	              ((const struct csaf_dir_entry *)y)->path);
}

void
csaf_dir_sort_paths(struct csaf_dir_entry *entries, size_t n)
{
	if (n > 1)
		qsort(entries, n, sizeof(*entries), cmp_path);
}

int
csaf_dir_index(FILE *f, const struct csaf_dir_entry *entries, size_t n,
               struct err *e)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", entries[i].path);
	return export_check_stream(f, "index.txt", e);
}

int
csaf_dir_changes(FILE *f, const struct csaf_dir_entry *entries, size_t n,
                 struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		char when[TIME_ISO_MAX];

		time_format_iso8601(entries[i].updated, when);
		/* paths are file names of [+-a-z0-9_.] and a year: no quote
		 * to double */
		fprintf(f, "\"%s\",\"%s\"\n", entries[i].path, when);
	}
	return export_check_stream(f, "changes.csv", e);
}

char *
csaf_dir_hash_line(const char *hex, const char *name)
{
	return xasprintf("%s  %s\n", hex, name);
}

static json_t *
date_json(int64_t t)
{
	char buf[TIME_ISO_MAX];

	time_format_iso8601(t, buf);
	return json_string(buf);
}

/* A JSON string of s, "" for text that is not UTF-8 (jansson refuses
 * it), so that the file stays valid. */
static json_t *
str(const char *s)
{
	json_t *j = json_string(s ? s : "");

	return j ? j : json_string("");
}

static json_t *
rolie_link(const char *rel, const char *href)
{
	json_t *l = json_object();

	json_object_set_new(l, "rel", json_string(rel));
	json_object_set_new(l, "href", str(href));
	return l;
}

static int
check_site(const struct csaf_dir_site *site, struct err *e)
{
	if (!site->base_url || !*site->base_url)
		return err_set(
		    e, ERR_INVALID,
		    "a provider directory needs the URL it is served "
		    "at: set bulletin.base-url https://... or give "
		    "--base-url URL");
	if (!site->pub || !site->pub->name || !*site->pub->name ||
	    !site->pub->namespace_url || !*site->pub->namespace_url)
		return err_set(e, ERR_INVALID,
		               "a provider directory needs its publisher: set "
		               "bulletin.publisher NAME and bulletin.namespace "
		               "https://...");
	return 0;
}

static int
dump(FILE *f, json_t *doc, const char *what, struct err *e)
{
	int rc = 0;

	if (json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
	    fputc('\n', f) == EOF)
		rc = err_set(e, ERR_IO, "cannot write %s", what);
	json_decref(doc);
	return rc ? rc : export_check_stream(f, what, e);
}

static json_t *
feed_entry(const struct csaf_dir_site *site, const char *folder,
           const struct csaf_dir_entry *x)
{
	json_t *o = json_object(), *links = json_array();
	json_t *content = json_object(), *format = json_object();
	char *url = xasprintf("%s/%s/%s", site->base_url, folder, x->path);
	char *h256 = xasprintf("%s.sha256", url),
	     *h512 = xasprintf("%s.sha512", url);

	json_object_set_new(o, "id", str(x->id));
	json_object_set_new(o, "title", str(x->title));
	json_array_append_new(links, rolie_link("self", url));
	json_array_append_new(links, rolie_link("hash", h256));
	json_array_append_new(links, rolie_link("hash", h512));
	json_object_set_new(o, "link", links);
	json_object_set_new(o, "published", date_json(x->published));
	json_object_set_new(o, "updated", date_json(x->updated));
	if (x->summary && *x->summary) {
		json_t *sum = json_object();

		json_object_set_new(sum, "content", str(x->summary));
		json_object_set_new(o, "summary", sum);
	}
	json_object_set_new(content, "type", json_string("application/json"));
	json_object_set_new(content, "src", str(url));
	json_object_set_new(o, "content", content);
	json_object_set_new(format, "schema", json_string(CSAF_SCHEMA_URL));
	json_object_set_new(format, "version", json_string("2.0"));
	json_object_set_new(o, "format", format);
	free(url);
	free(h256);
	free(h512);
	return o;
}

int
csaf_dir_feed(FILE *f, const struct csaf_dir_site *site, enum tlp t,
              const struct csaf_dir_entry *entries, size_t n, int64_t updated,
              struct err *e)
{
	json_t *doc, *feed, *links, *cats, *cat, *list;
	const char *folder = csaf_dir_folder(t);
	char *name, *url, *id, *title;
	int rc;

	if ((rc = check_site(site, e)))
		return rc;
	name = csaf_dir_feed_name(t);
	url = xasprintf("%s/%s/%s", site->base_url, folder, name);
	id = xasprintf("csaf-feed-tlp-%s", folder);
	title = xasprintf("%s CSAF feed (TLP:%s)", site->pub->name,
	                  csaf_tlp_label(t));
	doc = json_object();
	feed = json_object();
	links = json_array();
	cats = json_array();
	cat = json_object();
	list = json_array();
	json_object_set_new(feed, "id", json_string(id));
	json_object_set_new(feed, "title", str(title));
	json_array_append_new(links, rolie_link("self", url));
	json_object_set_new(feed, "link", links);
	json_object_set_new(cat, "scheme", json_string(ROLIE_SCHEME));
	json_object_set_new(cat, "term",
	                    json_string("csaf")); /* not a driver */
	json_array_append_new(cats, cat);
	json_object_set_new(feed, "category", cats);
	json_object_set_new(feed, "updated", date_json(updated));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list,
		                      feed_entry(site, folder, &entries[i]));
	json_object_set_new(feed, "entry", list);
	json_object_set_new(doc, "feed", feed);
	free(name);
	free(url);
	free(id);
	free(title);
	return dump(f, doc, "the ROLIE feed", e);
}

int
csaf_dir_metadata(FILE *f, const struct csaf_dir_site *site,
                  const enum tlp *tlps, size_t n, int64_t last_updated,
                  struct err *e)
{
	json_t *doc, *dists, *rolie, *feeds, *pub;
	char *url;
	int rc;

	if ((rc = check_site(site, e)))
		return rc;
	doc = json_object();
	dists = json_array();
	rolie = json_object();
	feeds = json_array();
	pub = json_object();
	url = xasprintf("%s/provider-metadata.json", site->base_url);
	json_object_set_new(doc, "canonical_url", str(url));
	free(url);
	for (size_t i = 0; i < n; i++) {
		const char *folder = csaf_dir_folder(tlps[i]);
		json_t *d = json_object(), *fd = json_object();
		char *name = csaf_dir_feed_name(tlps[i]);
		char *sum = xasprintf("All TLP:%s advisories of %s.",
		                      csaf_tlp_label(tlps[i]), site->pub->name);

		url = xasprintf("%s/%s/", site->base_url, folder);
		json_object_set_new(d, "directory_url", str(url));
		json_array_append_new(dists, d);
		free(url);
		url = xasprintf("%s/%s/%s", site->base_url, folder, name);
		json_object_set_new(fd, "summary", str(sum));
		json_object_set_new(fd, "tlp_label",
		                    json_string(csaf_tlp_label(tlps[i])));
		json_object_set_new(fd, "url", str(url));
		json_array_append_new(feeds, fd);
		free(url);
		free(name);
		free(sum);
	}
	json_object_set_new(rolie, "feeds", feeds);
	if (n) {
		json_t *d = json_object();

		json_object_set_new(d, "rolie", rolie);
		json_array_append_new(dists, d);
		json_object_set_new(doc, "distributions", dists);
	} else {
		json_decref(rolie);
		json_decref(dists);
	}
	json_object_set_new(doc, "last_updated", date_json(last_updated));
	json_object_set_new(doc, "list_on_CSAF_aggregators", json_true());
	json_object_set_new(doc, "metadata_version", json_string("2.0"));
	json_object_set_new(doc, "mirror_on_CSAF_aggregators", json_true());
	json_object_set_new(pub, "category", json_string("coordinator"));
	json_object_set_new(pub, "name", str(site->pub->name));
	json_object_set_new(pub, "namespace", str(site->pub->namespace_url));
	json_object_set_new(doc, "publisher", pub);
	json_object_set_new(doc, "role", json_string("csaf_provider"));
	return dump(f, doc, "provider-metadata.json", e);
}

int
csaf_dir_stamp(const char *json, size_t len, int64_t *out)
{
	json_t *doc, *v;
	int rc = ERR_PARSE;

	if (len > STAMP_MAX_LEN)
		return ERR_PARSE;
	doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	if (!doc)
		return ERR_PARSE;
	v = json_object_get(doc, "last_updated");
	if (!v)
		v = json_object_get(json_object_get(doc, "feed"), "updated");
	if (!v)
		v = json_object_get(
		    json_object_get(
		        json_object_get(json_object_get(doc, "document"),
		                        "tracking"),
		        "generator"),
		    "date");
	if (json_is_string(v) &&
	    time_parse_iso8601(json_string_value(v), out) == 0)
		rc = 0;
	json_decref(doc);
	return rc;
}
