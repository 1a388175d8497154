/*
 * CSAF 2.0: see include/centinela/export/csaf.h. The document is built as
 * a jansson tree (its members in the order CSAF's examples use) and dumped
 * once; no json_t leaves this file.
 */
#include "centinela/export/csaf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/export.h"
#include "centinela/model/cpe.h"

#ifndef CENTINELA_VERSION
#define CENTINELA_VERSION "0.1.0"
#endif

/* A JSON string of s; text that is not UTF-8 (never from an edit) is
 * replaced rather than dropped, so that the document stays valid. */
static json_t *
str(const char *s)
{
	if (!s)
		s = "";
	if (!utf8_valid(s, strlen(s)))
		s = "(not UTF-8)";
	return json_string(s);
}

static void
set_str(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, str(v));
}

static json_t *
date_json(int64_t t)
{
	char buf[TIME_ISO_MAX];

	time_format_iso8601(t, buf);
	return json_string(buf);
}

const char *
csaf_tlp_label(enum tlp t)
{
	switch (t) {
	case TLP_CLEAR:
		return "WHITE";
	case TLP_GREEN:
		return "GREEN";
	case TLP_RED:
		return "RED";
	default:
		return "AMBER";
	}
}

static json_t *
distribution(const struct bulletin *b)
{
	json_t *d = json_object(), *tlp = json_object();
	char *text =
	    xasprintf("TLP:%s", b->tlp == TLP_AMBER_STRICT ? "AMBER+STRICT"
	                        : b->tlp == TLP_CLEAR      ? "CLEAR"
	                                              : csaf_tlp_label(b->tlp));

	set_str(d, "text", text);
	set_str(tlp, "label", csaf_tlp_label(b->tlp));
	set_str(tlp, "url", "https://www.first.org/tlp/");
	json_object_set_new(d, "tlp", tlp);
	free(text);
	return d;
}

int64_t
csaf_initial_release(const struct bulletin *b)
{
	int64_t first = b->n_revisions ? b->revisions[0].date : 0;

	return b->published_at && (!first || b->published_at < first)
	           ? b->published_at
	           : first;
}

int64_t
csaf_current_release(const struct bulletin *b)
{
	return b->n_revisions ? b->revisions[b->n_revisions - 1].date : 0;
}

static void
add_note(json_t *notes, const char *category, const char *title,
         const char *text)
{
	json_t *n = json_object();

	set_str(n, "category", category);
	set_str(n, "text", text);
	set_str(n, "title", title);
	json_array_append_new(notes, n);
}

static json_t *
document_notes(const struct bulletin *b)
{
	json_t *notes = json_array();

	/* the security advisory profile wants a summary-like note */
	add_note(notes, "summary", "Summary",
	         b->summary ? b->summary : b->title);
	if (b->body)
		add_note(notes, "description", "Description", b->body);
	for (size_t i = 0; i < b->n_notes; i++) {
		char *title = xasprintf("Note %zu", i + 1);

		add_note(notes, bulletin_note_name(b->notes[i].kind), title,
		         b->notes[i].text);
		free(title);
	}
	return notes;
}

static json_t *
tracking(const struct bulletin *b, int64_t now)
{
	json_t *t = json_object(), *history = json_array();
	json_t *gen = json_object(), *engine = json_object();
	char *version = xasprintf("%lld", (long long)bulletin_version(b));

	json_object_set_new(t, "current_release_date",
	                    date_json(csaf_current_release(b)));
	set_str(engine, "name", "Centinela");
	set_str(engine, "version", CENTINELA_VERSION);
	json_object_set_new(gen, "date", date_json(now));
	json_object_set_new(gen, "engine", engine);
	json_object_set_new(t, "generator", gen);
	set_str(t, "id", b->reference);
	json_object_set_new(t, "initial_release_date",
	                    date_json(csaf_initial_release(b)));
	for (size_t i = 0; i < b->n_revisions; i++) {
		json_t *r = json_object();
		char *num =
		    xasprintf("%lld", (long long)b->revisions[i].number);

		json_object_set_new(r, "date", date_json(b->revisions[i].date));
		set_str(r, "number", num);
		set_str(r, "summary", b->revisions[i].summary);
		json_array_append_new(history, r);
		free(num);
	}
	json_object_set_new(t, "revision_history", history);
	set_str(t, "status", bulletin_status_name(b->status));
	set_str(t, "version", version);
	free(version);
	return t;
}

static json_t *
document(const struct bulletin *b, const struct csaf_publisher *pub,
         int64_t now)
{
	json_t *d = json_object(), *p = json_object();

	if (b->n_acks) {
		json_t *acks = json_array();

		for (size_t i = 0; i < b->n_acks; i++) {
			json_t *a = json_object();

			if (b->acks[i].name) {
				json_t *names = json_array();

				json_array_append_new(names,
				                      str(b->acks[i].name));
				json_object_set_new(a, "names", names);
			}
			if (b->acks[i].organization)
				set_str(a, "organization",
				        b->acks[i].organization);
			if (b->acks[i].summary)
				set_str(a, "summary", b->acks[i].summary);
			json_array_append_new(acks, a);
		}
		json_object_set_new(d, "acknowledgments", acks);
	}
	{
		json_t *sev = json_object();

		set_str(sev, "text", bulletin_severity_text(b->severity));
		json_object_set_new(d, "aggregate_severity", sev);
	}
	set_str(d, "category", bulletin_category_name(b->category));
	set_str(d, "csaf_version", "2.0");
	json_object_set_new(d, "distribution", distribution(b));
	json_object_set_new(d, "notes", document_notes(b));
	set_str(p, "category", "coordinator");
	set_str(p, "name", pub->name);
	set_str(p, "namespace", pub->namespace_url);
	json_object_set_new(d, "publisher", p);
	if (b->n_links) {
		json_t *refs = json_array();

		for (size_t i = 0; i < b->n_links; i++) {
			json_t *r = json_object();

			set_str(r, "category", "external");
			set_str(r, "summary", b->links[i].summary);
			set_str(r, "url", b->links[i].url);
			json_array_append_new(refs, r);
		}
		json_object_set_new(d, "references", refs);
	}
	set_str(d, "title", b->title);
	json_object_set_new(d, "tracking", tracking(b, now));
	return d;
}

/* ---- product tree ---- */

/* The child of branches with category and name, made when missing. */
static json_t *find_branch(json_t *branches, const char *category,
                           const char *name);

static json_t *
branch(json_t *branches, const char *category, const char *name)
{
	json_t *nb = find_branch(branches, category, name);

	if (nb)
		return nb;
	nb = json_object();
	set_str(nb, "category", category);
	set_str(nb, "name", name);
	json_array_append_new(branches, nb);
	return nb;
}

static json_t *
branches_of(json_t *node)
{
	json_t *b = json_object_get(node, "branches");

	if (!b) {
		b = json_array();
		json_object_set_new(node, "branches", b);
	}
	return b;
}

/*
 * The product object of p: its name, id and identification helper; with
 * is_named, a product of vendor and product outside their branch gets
 * the CPE name of the two when it has no CPE or PURL, so that a reader
 * still knows its vendor and product.
 */
static json_t *
product_json(const struct bulletin_product *p, bool is_named)
{
	json_t *o = json_object();
	struct strbuf name;

	strbuf_init(&name);
	if (p->vendor || p->product)
		strbuf_addf(&name, "%s%s%s", p->vendor ? p->vendor : "",
		            p->vendor && p->product ? " " : "",
		            p->product ? p->product : "");
	else
		strbuf_adds(&name, p->cpe ? p->cpe : p->purl);
	if (p->version_range)
		strbuf_addf(&name, " %s", p->version_range);
	set_str(o, "name", name.buf);
	set_str(o, "product_id", p->product_id);
	if (is_named && !p->cpe && !p->purl && p->vendor && p->product) {
		const char *v[] = {p->vendor, p->product};
		char *cpe = cpe_name_build('a', v, 2);
		json_t *h = json_object();

		set_str(h, "cpe", cpe);
		json_object_set_new(o, "product_identification_helper", h);
		free(cpe);
	} else if (p->cpe || p->purl) {
		json_t *h = json_object();

		if (p->cpe)
			set_str(h, "cpe", p->cpe);
		if (p->purl)
			set_str(h, "purl", p->purl);
		json_object_set_new(o, "product_identification_helper", h);
	}
	strbuf_release(&name);
	return o;
}

/* Whether a range is one ("<2.17.1", "vers:...", ">= 1.0"), not a version. */
static bool
is_range(const char *v)
{
	return strncmp(v, "vers:", 5) == 0 || strpbrk(v, "<>=*|") != NULL;
}

/* The child of branches with category and name, NULL when none. */
static json_t *
find_branch(json_t *branches, const char *category, const char *name)
{
	size_t i;
	json_t *v;

	json_array_foreach(branches, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "name")),
		           name) == 0 &&
		    strcmp(json_string_value(json_object_get(v, "category")),
		           category) == 0)
			return v;
	}
	return NULL;
}

/*
 * Whether the vendor and product branch of p cannot take it: it holds a
 * product already, or (for p without a version) version branches.
 */
static bool
is_taken(json_t *top, const struct bulletin_product *p)
{
	json_t *v = find_branch(top, "vendor", p->vendor);
	json_t *pn = v ? find_branch(json_object_get(v, "branches"),
	                             "product_name", p->product)
	               : NULL;

	return pn && (json_object_get(pn, "product") ||
	              (!p->version_range && json_object_get(pn, "branches")));
}

static json_t *
product_tree(const struct bulletin *b)
{
	json_t *tree = json_object(), *top = json_array(), *full = NULL;

	for (size_t i = 0; i < b->n_products; i++) {
		const struct bulletin_product *p = &b->products[i];
		json_t *v, *pn, *leaf;

		/*
		 * A product named by CPE or PURL alone has no branch, nor has
		 * one whose vendor and product branch cannot take it: a
		 * branch holds a product or branches, not both.
		 */
		if (!p->vendor || !p->product || is_taken(top, p)) {
			if (!full)
				full = json_array();
			json_array_append_new(full, product_json(p, true));
			continue;
		}
		v = branch(top, "vendor", p->vendor);
		pn = branch(branches_of(v), "product_name", p->product);
		if (!p->version_range) {
			json_object_set_new(pn, "product",
			                    product_json(p, false));
			continue;
		}
		leaf =
		    branch(branches_of(pn),
		           is_range(p->version_range) ? "product_version_range"
		                                      : "product_version",
		           p->version_range);
		json_object_set_new(leaf, "product", product_json(p, false));
	}
	if (json_array_size(top))
		json_object_set_new(tree, "branches", top);
	else
		json_decref(top);
	if (full)
		json_object_set_new(tree, "full_product_names", full);
	return tree;
}

/* ---- vulnerabilities ---- */

static const char *const status_keys[] = {
    "known_affected", "fixed", "known_not_affected", "under_investigation"};

/* The ids of products with state st for cve (st -1: any state). */
static json_t *
products_of(const struct bulletin *b, const char *cve, int st)
{
	json_t *ids = json_array();

	for (size_t i = 0; i < b->n_statuses; i++)
		if (strcmp(b->statuses[i].cve_id, cve) == 0 &&
		    (st < 0 || (int)b->statuses[i].state == st))
			json_array_append_new(ids,
			                      str(b->statuses[i].product_id));
	return ids;
}

/* Set key of o to arr when it has members, else free it. */
static void
set_nonempty(json_t *o, const char *key, json_t *arr)
{
	if (json_array_size(arr))
		json_object_set_new(o, key, arr);
	else
		json_decref(arr);
}

static const char *
base_severity(double score)
{
	return score >= 9     ? "CRITICAL"
	       : score >= 7   ? "HIGH"
	       : score >= 4   ? "MEDIUM"
	       : score >= 0.1 ? "LOW"
	                      : "NONE";
}

/* The products a score, remediation or threat applies to: the affected
 * ones, else every one with a status. */
static json_t *
applies_to(const struct bulletin *b, const char *cve)
{
	json_t *ids = products_of(b, cve, BULLETIN_KNOWN_AFFECTED);

	if (!json_array_size(ids)) {
		json_decref(ids);
		ids = products_of(b, cve, -1);
	}
	return ids;
}

static json_t *
vulnerability(const struct bulletin *b, const char *cve_id,
              const struct bulletin_cve *c)
{
	json_t *v = json_object(), *notes = json_array();
	json_t *status = json_object(), *flags = json_array();
	json_t *rems = json_array(), *threats = json_array();
	json_t *ids = applies_to(b, cve_id);
	char *text;

	set_str(v, "cve", cve_id);
	if (c->cwes.n) {
		json_t *cwe = json_object();

		/* the cache keeps CWE ids only: the id stands for the name */
		set_str(cwe, "id", c->cwes.v[0]);
		set_str(cwe, "name", c->cwes.v[0]);
		json_object_set_new(v, "cwe", cwe);
	}
	for (size_t i = 0; i < b->n_statuses; i++) {
		const struct bulletin_status_entry *x = &b->statuses[i];
		json_t *f, *pids;

		if (strcmp(x->cve_id, cve_id) != 0 ||
		    x->state != BULLETIN_KNOWN_NOT_AFFECTED ||
		    !x->justification)
			continue;
		f = json_object();
		pids = json_array();
		set_str(f, "label", x->justification);
		json_array_append_new(pids, str(x->product_id));
		json_object_set_new(f, "product_ids", pids);
		json_array_append_new(flags, f);
	}
	set_nonempty(v, "flags", flags);
	text = xasprintf("%s%s%s", cve_id, c->title ? ": " : "",
	                 c->title ? c->title : "");
	add_note(notes, "description", "Description", text);
	free(text);
	json_object_set_new(v, "notes", notes);
	for (int st = 0; st < BULLETIN_PRODUCT_STATE_COUNT; st++)
		set_nonempty(status, status_keys[st],
		             products_of(b, cve_id, st));
	if (json_object_size(status))
		json_object_set_new(v, "product_status", status);
	else
		json_decref(status);
	for (size_t i = 0; i < b->n_remediations; i++) {
		const struct bulletin_remediation *r = &b->remediations[i];
		json_t *o;

		if (strcmp(r->cve_id, cve_id) != 0)
			continue;
		o = json_object();
		set_str(o, "category", bulletin_remediation_name(r->kind));
		set_str(o, "details", r->details);
		if (json_array_size(ids))
			json_object_set(o, "product_ids", ids);
		if (r->url)
			set_str(o, "url", r->url);
		json_array_append_new(rems, o);
	}
	set_nonempty(v, "remediations", rems);
	if (c->cvss_score >= 0 && c->cvss_vector && c->cvss_version &&
	    json_array_size(ids)) {
		json_t *scores = json_array(), *s = json_object();
		json_t *cvss = json_object();

		set_str(cvss, "version", c->cvss_version);
		set_str(cvss, "vectorString", c->cvss_vector);
		json_object_set_new(
		    cvss, "baseScore",
		    json_real((double)(int)(c->cvss_score * 10 + 0.5) / 10));
		set_str(cvss, "baseSeverity", base_severity(c->cvss_score));
		json_object_set_new(s, "cvss_v3", cvss);
		json_object_set(s, "products", ids);
		json_array_append_new(scores, s);
		json_object_set_new(v, "scores", scores);
	}
	if (json_array_size(ids)) {
		json_t *t = json_object();

		set_str(t, "category", "impact");
		if (c->cvss_score >= 0)
			text = xasprintf("%s severity; CVSS base score %.1f",
			                 bulletin_severity_text(b->severity),
			                 c->cvss_score);
		else
			text = xasprintf("%s severity",
			                 bulletin_severity_text(b->severity));
		set_str(t, "details", text);
		free(text);
		json_object_set(t, "product_ids", ids);
		json_array_append_new(threats, t);
	}
	set_nonempty(v, "threats", threats);
	if (c->title)
		set_str(v, "title", c->title);
	json_decref(ids);
	return v;
}

/* What b knows of cve_id (store_bulletin_get reads it), else nothing but
 * the id. */
static const struct bulletin_cve *
cve_of(const struct bulletin *b, const char *cve_id)
{
	static const struct bulletin_cve bare = {.cvss_score = -1};

	for (size_t i = 0; i < b->n_cves; i++)
		if (strcmp(b->cves[i].cve_id, cve_id) == 0)
			return &b->cves[i];
	return &bare;
}

/* Write the text of dump into f: 0 or ERR_IO. */
static int
dump(FILE *f, json_t *doc, struct err *e)
{
	if (json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
	    fputc('\n', f) == EOF)
		return err_set(e, ERR_IO, "cannot write the CSAF document");
	return export_check_stream(f, "csaf", e);
}

int
export_csaf(FILE *f, const struct bulletin *b, const struct csaf_publisher *pub,
            int64_t now, struct err *e)
{
	json_t *doc;
	int rc;

	if (!pub || !pub->name || !*pub->name || !pub->namespace_url ||
	    !*pub->namespace_url)
		return err_set(e, ERR_INVALID,
		               "a CSAF document needs its publisher: set "
		               "bulletin.publisher NAME and bulletin.namespace "
		               "https://...");
	if ((rc = bulletin_validate(b, e)))
		return rc;
	doc = json_object();
	json_object_set_new(doc, "document", document(b, pub, now));
	if (b->category != BULLETIN_INFORMATIONAL) {
		json_t *vulns = json_array();
		json_t *tree = product_tree(b);

		if (json_object_size(tree))
			json_object_set_new(doc, "product_tree", tree);
		else
			json_decref(tree);
		for (size_t i = 0; i < b->cve_ids.n; i++)
			json_array_append_new(
			    vulns, vulnerability(b, b->cve_ids.v[i],
			                         cve_of(b, b->cve_ids.v[i])));
		set_nonempty(doc, "vulnerabilities", vulns);
	}
	rc = dump(f, doc, e);
	json_decref(doc);
	return rc;
}
