/*
 * Vendors' CSAF 2.0 advisories (resource "csaf"): one document, one
 * bulletin (model/bulletin.h).
 *
 * A document is checked first (csaf_check.c: the schema and 6.1.1); one
 * that is not CSAF 2.0 is the batch's one bad item, "not CSAF 2.0 at
 * POINTER: reason", and yields no bulletin. A good one becomes a bulletin
 * of source "csaf:" + document.publisher.namespace, whose reference and
 * remote id are tracking.id, with:
 *
 *   - title, status, published_at (initial_release_date), author (the
 *     publisher's name), tracking_version and tracking_date
 *     (current_release_date);
 *   - the category of its profile; a document of another category (the
 *     csaf_base profile, e.g. Cisco's "Cisco Security Advisory") is
 *     csaf_security_advisory when it lists vulnerabilities, else
 *     csaf_informational_advisory;
 *   - TLP from distribution.tlp.label (WHITE is TLP:CLEAR), CLEAR when
 *     none is given;
 *   - severity from aggregate_severity.text (Critical; Important or High;
 *     Moderate or Medium; Low; None), else from the highest CVSS base
 *     score of the scores, else medium;
 *   - the revision history sorted by number (integer or semantic
 *     versions), numbered 1, 2, ... in that order;
 *   - the first summary note as summary, the first description as body,
 *     the other document notes as notes; references; acknowledgments
 *     (names joined by ", ");
 *   - the products the product tree defines (branches, full product names,
 *     relationships; an id defined twice is kept once) with their CPE
 *     name: the product_identification_helper's (a 2.2 URI converted),
 *     or for a product under vendor and product_name branches
 *     cpe:2.3:a:VENDOR:PRODUCT:VERSION:*... (VERSION "*" under a
 *     product_version_range, whose range is kept in version_range);
 *   - the CVEs of its vulnerabilities (a vulnerability without a CVE id is
 *     left out), each product's status for each (first_affected and
 *     last_affected are known_affected, first_fixed is fixed,
 *     "recommended" is not a status and is left out; a product listed
 *     twice for a CVE keeps its first status), with the flag label
 *     naming a known_not_affected product as its justification, and the
 *     remediations.
 */
#include "centinela/feed/feed.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/cpe.h"
#include "csaf_check.h"
#include "internal.h"

static const char *const resource_names[] = {"csaf", NULL};

/* Member key of obj as a string (borrowed), NULL when not one. */
static const char *
str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A date-time the check passed, as Unix seconds (0 if it cannot be). */
static int64_t
date_of(json_t *obj, const char *key)
{
	const char *s = str(obj, key);
	int64_t t = 0;

	if (s && time_parse_iso8601(s, &t) != 0)
		t = 0;
	return t;
}

/* ---- the document ---- */

static enum severity
severity_of_text(const char *text)
{
	static const struct {
		const char *text;
		enum severity sev;
	} map[] = {
	    {"critical", SEVERITY_CRITICAL}, {"important", SEVERITY_HIGH},
	    {"high", SEVERITY_HIGH},         {"moderate", SEVERITY_MEDIUM},
	    {"medium", SEVERITY_MEDIUM},     {"low", SEVERITY_LOW},
	    {"none", SEVERITY_INFO},
	};

	for (size_t i = 0; text && i < sizeof(map) / sizeof(*map); i++)
		if (strcasecmp(text, map[i].text) == 0)
			return map[i].sev;
	return 0;
}

static enum severity
severity_of_score(double score)
{
	return score >= 9   ? SEVERITY_CRITICAL
	       : score >= 7 ? SEVERITY_HIGH
	       : score >= 4 ? SEVERITY_MEDIUM
	       : score > 0  ? SEVERITY_LOW
	                    : SEVERITY_INFO;
}

/* The highest CVSS base score of the document's scores, -1: none. */
static double
top_score(json_t *vulns)
{
	double top = -1;
	size_t i, k;
	json_t *v, *sc;

	json_array_foreach(vulns, i, v)
	{
		json_array_foreach(json_object_get(v, "scores"), k, sc)
		{
			static const char *const kinds[] = {"cvss_v3",
			                                    "cvss_v2"};

			for (size_t j = 0; j < 2; j++) {
				json_t *b = json_object_get(
				    json_object_get(sc, kinds[j]), "baseScore");

				if (json_is_number(b) &&
				    json_number_value(b) > top)
					top = json_number_value(b);
			}
		}
	}
	return top;
}

static void
read_notes(struct bulletin *b, json_t *notes)
{
	size_t i;
	json_t *n;

	json_array_foreach(notes, i, n)
	{
		enum bulletin_note_kind kind;
		const char *text = str(n, "text");

		if (!text || bulletin_note_parse(str(n, "category"), &kind))
			continue;
		if (kind == BULLETIN_NOTE_SUMMARY && !b->summary) {
			b->summary = xstrdup(text);
		} else if (kind == BULLETIN_NOTE_DESCRIPTION && !b->body) {
			b->body = xstrdup(text);
		} else {
			struct bulletin_note *x = bulletin_add_note(b);

			x->kind = kind;
			x->text = xstrdup(text);
		}
	}
}

static void
read_links(struct bulletin *b, json_t *refs)
{
	size_t i;
	json_t *r;

	json_array_foreach(refs, i, r)
	{
		struct bulletin_link *l = bulletin_add_link(b);

		l->url = dup_or_null(str(r, "url"));
		l->summary = dup_or_null(str(r, "summary"));
	}
}

static void
read_acks(struct bulletin *b, json_t *acks)
{
	size_t i, k;
	json_t *a, *name;

	json_array_foreach(acks, i, a)
	{
		struct bulletin_ack *x = bulletin_add_ack(b);
		struct strbuf names;

		strbuf_init(&names);
		json_array_foreach(json_object_get(a, "names"), k, name)
		{
			strbuf_addf(&names, "%s%s", k ? ", " : "",
			            json_string_value(name));
		}
		x->name = names.len ? strbuf_detach(&names, NULL) : NULL;
		strbuf_release(&names);
		x->organization = dup_or_null(str(a, "organization"));
		x->summary = dup_or_null(str(a, "summary"));
	}
}

/* A revision of the history, for sorting by number. */
struct revision_at {
	const char *number; /* its number (borrowed from the document) */
	size_t index;       /* its place in the history */
};

static int
cmp_revision(const void *x, const void *y)
{
	const struct revision_at *a = x, *b = y;
	int c = version_compare(a->number, b->number);

	return c ? c : (a->index > b->index) - (a->index < b->index);
}

static void
read_revisions(struct bulletin *b, json_t *history)
{
	size_t n = json_array_size(history);
	struct revision_at *sorted = xcalloc(n ? n : 1, sizeof(*sorted));

	for (size_t i = 0; i < n; i++) {
		sorted[i].number = str(json_array_get(history, i), "number");
		sorted[i].index = i;
	}
	qsort(sorted, n, sizeof(*sorted), cmp_revision);
	for (size_t i = 0; i < n; i++) {
		json_t *rev = json_array_get(history, sorted[i].index);
		struct bulletin_revision *r = bulletin_add_revision(b);

		r->number = (int64_t)i + 1;
		r->date = date_of(rev, "date");
		r->summary = dup_or_null(str(rev, "summary"));
	}
	free(sorted);
}

/* ---- the product tree ---- */

/* What the branches above a product say of it. */
struct branch_path {
	const char *vendor;  /* the vendor branch's name */
	const char *product; /* the product_name branch's name */
	const char *version; /* product_version */
	const char *range;   /* product_version_range */
};

/* The CPE name of a product's helper (owned), NULL when none or bad. */
static char *
helper_cpe(json_t *full_product_name)
{
	const char *cpe = str(
	    json_object_get(full_product_name, "product_identification_helper"),
	    "cpe");

	if (!cpe)
		return NULL;
	if (strncmp(cpe, "cpe:2.3:", 8) == 0)
		return cpe_name_valid(cpe) ? xstrdup(cpe) : NULL;
	return cpe_uri_to_name(cpe);
}

static void
add_product(struct bulletin *b, json_t *fpn, const struct branch_path *at)
{
	const char *id = str(fpn, "product_id");
	struct bulletin_product *p;

	if (!id || bulletin_product_find(b, id) >= 0)
		return;
	p = bulletin_add_product(b);
	p->product_id = xstrdup(id);
	p->cpe = helper_cpe(fpn);
	p->purl = dup_or_null(
	    str(json_object_get(fpn, "product_identification_helper"), "purl"));
	if (at && at->vendor && at->product) {
		p->vendor = xstrdup(at->vendor);
		p->product = xstrdup(at->product);
		p->version_range =
		    dup_or_null(at->version ? at->version : at->range);
		if (!p->cpe) {
			const char *v[] = {at->vendor, at->product,
			                   at->version ? at->version : NULL};

			p->cpe = cpe_name_build('a', v, 3);
		}
	} else if (p->cpe) {
		p->vendor = bulletin_cpe_part(p->cpe, 3);
		p->product = bulletin_cpe_part(p->cpe, 4);
		p->version_range = bulletin_cpe_part(p->cpe, 5);
	}
	if (!p->product)
		p->product = dup_or_null(str(fpn, "name"));
}

static void
read_branches(struct bulletin *b, json_t *branches, struct branch_path at)
{
	size_t i;
	json_t *br;

	json_array_foreach(branches, i, br)
	{
		struct branch_path here = at;
		const char *cat = str(br, "category"), *name = str(br, "name");
		json_t *product = json_object_get(br, "product");

		if (strcmp(cat, "vendor") == 0)
			here.vendor = name;
		else if (strcmp(cat, "product_name") == 0)
			here.product = name;
		else if (strcmp(cat, "product_version") == 0)
			here.version = name;
		else if (strcmp(cat, "product_version_range") == 0)
			here.range = name;
		if (product)
			add_product(b, product, &here);
		read_branches(b, json_object_get(br, "branches"), here);
	}
}

static void
read_products(struct bulletin *b, json_t *tree)
{
	const struct branch_path none = {NULL, NULL, NULL, NULL};
	size_t i;
	json_t *x;

	read_branches(b, json_object_get(tree, "branches"), none);
	json_array_foreach(json_object_get(tree, "full_product_names"), i, x)
	{
		add_product(b, x, NULL);
	}
	json_array_foreach(json_object_get(tree, "relationships"), i, x)
	{
		add_product(b, json_object_get(x, "full_product_name"), NULL);
	}
}

/* ---- the vulnerabilities ---- */

/* The product_status keys and the state each means (-1: not a status). */
static const struct {
	const char *key;
	int state;
} status_keys[] = {
    {"first_affected", BULLETIN_KNOWN_AFFECTED},
    {"known_affected", BULLETIN_KNOWN_AFFECTED},
    {"last_affected", BULLETIN_KNOWN_AFFECTED},
    {"first_fixed", BULLETIN_FIXED},
    {"fixed", BULLETIN_FIXED},
    {"known_not_affected", BULLETIN_KNOWN_NOT_AFFECTED},
    {"under_investigation", BULLETIN_UNDER_INVESTIGATION},
    {"recommended", -1},
};

/* A status and where it came, for finding those listed twice. */
struct status_at {
	const struct bulletin_status_entry *x;
	size_t index;
};

static int
cmp_status(const void *a, const void *b)
{
	const struct status_at *x = a, *y = b;
	int c = strcmp(x->x->cve_id, y->x->cve_id);

	if (!c)
		c = strcmp(x->x->product_id, y->x->product_id);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/*
 * Keep the first status of each CVE and product (a product listed twice:
 * in first_fixed and fixed, or in contradicting lists), in their order.
 * Sorted rather than searched: a vendor's document may list thousands of
 * products for each of dozens of CVEs.
 */
static void
drop_repeated_statuses(struct bulletin *b)
{
	size_t n = b->n_statuses, kept = 0;
	struct status_at *v = xcalloc(n ? n : 1, sizeof(*v));
	bool *is_dup = xcalloc(n ? n : 1, sizeof(*is_dup));

	for (size_t i = 0; i < n; i++) {
		v[i].x = &b->statuses[i];
		v[i].index = i;
	}
	qsort(v, n, sizeof(*v), cmp_status);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i].x->cve_id, v[i - 1].x->cve_id) == 0 &&
		    strcmp(v[i].x->product_id, v[i - 1].x->product_id) == 0)
			is_dup[v[i].index] = true;
	free(v);
	for (size_t i = 0; i < n; i++) {
		struct bulletin_status_entry *x = &b->statuses[i];

		if (is_dup[i]) {
			free(x->cve_id);
			free(x->product_id);
			free(x->justification);
		} else {
			b->statuses[kept++] = *x;
		}
	}
	b->n_statuses = kept;
	free(is_dup);
}

/* Whether array arr holds the string s. */
static bool
lists(json_t *arr, const char *s)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x)
	{
		if (json_is_string(x) && strcmp(json_string_value(x), s) == 0)
			return true;
	}
	return false;
}

/* The label of the flag of v that names product (directly or by group). */
static const char *
flag_of(json_t *v, json_t *groups, const char *product)
{
	size_t i, k;
	json_t *f, *g;

	json_array_foreach(json_object_get(v, "flags"), i, f)
	{
		if (lists(json_object_get(f, "product_ids"), product))
			return str(f, "label");
		json_array_foreach(groups, k, g)
		{
			if (lists(json_object_get(f, "group_ids"),
			          str(g, "group_id")) &&
			    lists(json_object_get(g, "product_ids"), product))
				return str(f, "label");
		}
	}
	return NULL;
}

static void
read_vulnerability(struct bulletin *b, json_t *v, json_t *groups)
{
	const char *cve = str(v, "cve"), *key;
	json_t *list, *x;
	size_t i;

	if (!cve)
		return;
	if (strvec_find(&b->cve_ids, cve) < 0)
		strvec_push(&b->cve_ids, cve);
	for (size_t k = 0; k < sizeof(status_keys) / sizeof(*status_keys);
	     k++) {
		key = status_keys[k].key;
		list =
		    json_object_get(json_object_get(v, "product_status"), key);
		if (status_keys[k].state < 0)
			continue;
		json_array_foreach(list, i, x)
		{
			const char *id = json_string_value(x);
			struct bulletin_status_entry *st;
			const char *flag;

			if (!id)
				continue;
			st = bulletin_add_status(b);
			st->cve_id = xstrdup(cve);
			st->product_id = xstrdup(id);
			st->state =
			    (enum bulletin_product_state)status_keys[k].state;
			if (st->state == BULLETIN_KNOWN_NOT_AFFECTED &&
			    (flag = flag_of(v, groups, id)))
				st->justification = xstrdup(flag);
		}
	}
	json_array_foreach(json_object_get(v, "remediations"), i, x)
	{
		enum bulletin_remediation_kind kind;
		struct bulletin_remediation *r;

		if (bulletin_remediation_parse(str(x, "category"), &kind))
			continue;
		r = bulletin_add_remediation(b);
		r->cve_id = xstrdup(cve);
		r->kind = kind;
		r->details = dup_or_null(str(x, "details"));
		r->url = dup_or_null(str(x, "url"));
	}
}

/* Fill b from root, a document csaf_check passed. */
static void
read_document(struct bulletin *b, json_t *root)
{
	json_t *doc = json_object_get(root, "document");
	json_t *tracking = json_object_get(doc, "tracking");
	json_t *vulns = json_object_get(root, "vulnerabilities");
	json_t *tree = json_object_get(root, "product_tree");
	const char *tlp =
	    str(json_object_get(json_object_get(doc, "distribution"), "tlp"),
	        "label");
	enum severity sev = severity_of_text(
	    str(json_object_get(doc, "aggregate_severity"), "text"));
	double top = top_score(vulns);
	size_t i;
	json_t *v;

	b->meta.source = xasprintf(
	    "csaf:%s", str(json_object_get(doc, "publisher"), "namespace"));
	b->meta.remote_id = xstrdup(str(tracking, "id"));
	b->meta.local_state = LOCAL_SYNCED;
	b->meta.version = (int64_t)json_array_size(
	    json_object_get(tracking, "revision_history"));
	b->reference = xstrdup(str(tracking, "id"));
	b->title = xstrdup(str(doc, "title"));
	bulletin_status_parse(str(tracking, "status"), &b->status);
	if (bulletin_category_parse(str(doc, "category"), &b->category))
		b->category = json_array_size(vulns)
		                  ? BULLETIN_SECURITY_ADVISORY
		                  : BULLETIN_INFORMATIONAL;
	b->tlp = !tlp || strcmp(tlp, "WHITE") == 0 ? TLP_CLEAR
	         : strcmp(tlp, "GREEN") == 0       ? TLP_GREEN
	         : strcmp(tlp, "AMBER") == 0       ? TLP_AMBER
	                                           : TLP_RED;
	b->severity = sev        ? sev
	              : top >= 0 ? severity_of_score(top)
	                         : SEVERITY_MEDIUM;
	b->author = dup_or_null(str(json_object_get(doc, "publisher"), "name"));
	b->published_at = date_of(tracking, "initial_release_date");
	b->tracking_version = xstrdup(str(tracking, "version"));
	b->tracking_date = date_of(tracking, "current_release_date");
	read_revisions(b, json_object_get(tracking, "revision_history"));
	read_notes(b, json_object_get(doc, "notes"));
	read_links(b, json_object_get(doc, "references"));
	read_acks(b, json_object_get(doc, "acknowledgments"));
	read_products(b, tree);
	json_array_foreach(vulns, i, v)
	{
		read_vulnerability(b, v,
		                   json_object_get(tree, "product_groups"));
	}
	drop_repeated_statuses(b);
}

static int
csaf_parse(const char *bytes, size_t len, const char *resource,
           struct feed_batch *batch, struct err *e)
{
	json_t *root = NULL;
	struct err why;
	int rc;

	if ((rc = feed_check_resource(&feed_csaf_ops, resource, e)) ||
	    (rc = feed_json_load(bytes, len, batch->max_bytes, &root, e)))
		return rc;
	batch->n_items++;
	err_clear(&why);
	if (csaf_check(root, &why))
		feed_batch_item_error_take(batch, batch->n_items - 1,
		                           xstrdup(why.msg));
	else
		read_document(
		    feed_batch_add_bulletin(batch, batch->n_items - 1), root);
	json_decref(root);
	return 0;
}

const struct feed_ops feed_csaf_ops = {
    .name = "csaf",
    .resources = resource_names,
    .parse = csaf_parse,
};
