/*
 * Bulletins for people: see include/centinela/export/bulletin_doc.h.
 * One walk over the bulletin calls a writer of headings, fields,
 * paragraphs and list items, which Markdown and plain text implement.
 */
#include "centinela/export/bulletin_doc.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/wrap.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/export.h"

struct writer {
	FILE *f;
	enum bulletin_doc_format fmt;
};

/*
 * text in lines of at most BULLETIN_DOC_WIDTH columns: the first after
 * first, the others after indent blanks; its newlines kept.
 */
static void
wrapped(struct writer *w, const char *first, size_t indent, const char *text)
{
	size_t width = BULLETIN_DOC_WIDTH - indent;
	bool is_first = true;
	const char *p = text;

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), at = 0;

		do {
			size_t next = 0;
			size_t n =
			    len ? wrap_line(p + at, len - at, width, &next) : 0;

			if (is_first)
				fputs(first, w->f);
			else if (n)
				fprintf(w->f, "%*s", (int)indent, "");
			fprintf(w->f, "%.*s\n", (int)n, p + at);
			is_first = false;
			at += next;
		} while (at < len);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void
heading(struct writer *w, const char *title)
{
	if (w->fmt == BULLETIN_DOC_MARKDOWN) {
		fprintf(w->f, "## %s\n\n", title);
		return;
	}
	fprintf(w->f, "%s\n", title);
	for (size_t i = strlen(title); i; i--)
		fputc('-', w->f);
	fputs("\n\n", w->f);
}

/* "label: value" (nothing for NULL or ""). */
static void
field(struct writer *w, const char *label, const char *value)
{
	char *first;

	if (!value || !*value)
		return;
	if (w->fmt == BULLETIN_DOC_MARKDOWN) {
		fprintf(w->f, "- **%s:** %s\n", label, value);
		return;
	}
	{
		char *lab = xasprintf("%s:", label);

		first = xasprintf("%-15s", lab);
		free(lab);
	}
	wrapped(w, first, strlen(first), value);
	free(first);
}

static void
para(struct writer *w, const char *text)
{
	if (w->fmt == BULLETIN_DOC_MARKDOWN)
		fprintf(w->f, "%s\n\n", text);
	else {
		wrapped(w, "", 0, text);
		fputc('\n', w->f);
	}
}

static void
item(struct writer *w, const char *text)
{
	if (w->fmt == BULLETIN_DOC_MARKDOWN)
		fprintf(w->f, "- %s\n", text);
	else
		wrapped(w, "  * ", 4, text);
}

/* End of a list. */
static void
list_end(struct writer *w)
{
	fputc('\n', w->f);
}

static char *
day(int64_t t)
{
	char buf[TIME_ISO_MAX];

	if (!t)
		return xstrdup("");
	time_format_iso8601(t, buf);
	buf[10] = '\0';
	return xstrdup(buf);
}

static const char *
product_name(const struct bulletin *b, const char *pid, struct strbuf *sb)
{
	long i = bulletin_product_find(b, pid);
	const struct bulletin_product *p;

	strbuf_reset(sb);
	if (i < 0) {
		strbuf_adds(sb, pid);
		return sb->buf;
	}
	p = &b->products[i];
	if (p->vendor || p->product)
		strbuf_addf(sb, "%s %s", p->vendor ? p->vendor : "",
		            p->product ? p->product : "");
	else
		strbuf_adds(sb, p->cpe ? p->cpe : p->purl);
	if (p->version_range)
		strbuf_addf(sb, " %s", p->version_range);
	return sb->buf;
}

static const struct bulletin_cve *
cve_of(const struct bulletin *b, const char *id)
{
	for (size_t i = 0; i < b->n_cves; i++)
		if (strcmp(b->cves[i].cve_id, id) == 0)
			return &b->cves[i];
	return NULL;
}

static const char *const state_titles[] = {"Affected", "Fixed", "Not affected",
                                           "Under investigation"};

static void
vulnerabilities(struct writer *w, const struct bulletin *b)
{
	struct strbuf sb, name;

	strbuf_init(&sb);
	strbuf_init(&name);
	for (size_t i = 0; i < b->cve_ids.n; i++) {
		const char *id = b->cve_ids.v[i];
		const struct bulletin_cve *c = cve_of(b, id);

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s%s%s", id, c && c->title ? ": " : "",
		            c && c->title ? c->title : "");
		if (w->fmt == BULLETIN_DOC_MARKDOWN)
			fprintf(w->f, "### %s\n\n", sb.buf);
		else
			wrapped(w, "", 0, sb.buf);
		strbuf_reset(&sb);
		if (c && c->cvss_score >= 0)
			strbuf_addf(&sb, "CVSS %s %.1f %s", c->cvss_version,
			            c->cvss_score,
			            c->cvss_vector ? c->cvss_vector : "");
		for (size_t j = 0; c && j < c->cwes.n; j++)
			strbuf_addf(&sb, "%s%s", sb.len ? "; " : "",
			            c->cwes.v[j]);
		if (w->fmt == BULLETIN_DOC_TEXT)
			fputc('\n', w->f);
		if (sb.len)
			para(w, sb.buf);
		for (int st = 0; st < BULLETIN_PRODUCT_STATE_COUNT; st++) {
			for (size_t k = 0; k < b->n_statuses; k++) {
				const struct bulletin_status_entry *x =
				    &b->statuses[k];

				if (strcmp(x->cve_id, id) != 0 ||
				    (int)x->state != st)
					continue;
				strbuf_reset(&sb);
				strbuf_addf(
				    &sb, "%s: %s", state_titles[st],
				    product_name(b, x->product_id, &name));
				if (x->justification)
					strbuf_addf(&sb, " (%s)",
					            x->justification);
				item(w, sb.buf);
			}
		}
		for (size_t k = 0; k < b->n_remediations; k++) {
			const struct bulletin_remediation *r =
			    &b->remediations[k];

			if (strcmp(r->cve_id, id) != 0)
				continue;
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s: %s%s%s",
			            bulletin_remediation_name(r->kind),
			            r->details, r->url ? " " : "",
			            r->url ? r->url : "");
			item(w, sb.buf);
		}
		list_end(w);
	}
	strbuf_release(&sb);
	strbuf_release(&name);
}

static void
parts(struct writer *w, const struct bulletin *b)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (b->n_products) {
		heading(w, "Products");
		for (size_t i = 0; i < b->n_products; i++) {
			const struct bulletin_product *p = &b->products[i];

			strbuf_reset(&sb);
			product_name(b, p->product_id, &sb);
			if (p->cpe && (p->vendor || p->product))
				strbuf_addf(&sb, " (%s)", p->cpe);
			if (p->purl && (p->vendor || p->product || p->cpe))
				strbuf_addf(&sb, " (%s)", p->purl);
			item(w, sb.buf);
		}
		list_end(w);
	}
	if (b->n_notes) {
		heading(w, "Notes");
		for (size_t i = 0; i < b->n_notes; i++)
			para(w, b->notes[i].text);
	}
	if (b->n_links) {
		heading(w, "References");
		for (size_t i = 0; i < b->n_links; i++) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s: %s", b->links[i].summary,
			            b->links[i].url);
			item(w, sb.buf);
		}
		list_end(w);
	}
	if (b->n_acks) {
		heading(w, "Acknowledgments");
		for (size_t i = 0; i < b->n_acks; i++) {
			const struct bulletin_ack *a = &b->acks[i];

			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s%s%s%s%s", a->name ? a->name : "",
			            a->name && a->organization ? ", " : "",
			            a->organization ? a->organization : "",
			            a->summary ? ": " : "",
			            a->summary ? a->summary : "");
			item(w, sb.buf);
		}
		list_end(w);
	}
	heading(w, "Revision history");
	for (size_t i = 0; i < b->n_revisions; i++) {
		char *d = day(b->revisions[i].date);

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%lld (%s): %s",
		            (long long)b->revisions[i].number, d,
		            b->revisions[i].summary);
		item(w, sb.buf);
		free(d);
	}
	strbuf_release(&sb);
}

int
export_bulletin_doc(FILE *f, const struct bulletin *b,
                    enum bulletin_doc_format fmt, struct err *e)
{
	struct writer w = {f, fmt};
	char *title = xasprintf("%s: %s", b->reference, b->title);
	char *version, *first, *last, *tlp, *list;
	struct strbuf sb;

	if (fmt == BULLETIN_DOC_MARKDOWN) {
		fprintf(f, "# %s\n\n", title);
	} else {
		wrapped(&w, "", 0, title);
		for (size_t i = strlen(title) > BULLETIN_DOC_WIDTH
		                    ? BULLETIN_DOC_WIDTH
		                    : strlen(title);
		     i; i--)
			fputc('=', f);
		fputs("\n\n", f);
	}
	version = xasprintf("%s, version %lld", bulletin_status_name(b->status),
	                    (long long)bulletin_version(b));
	tlp =
	    xasprintf("TLP:%s", b->tlp == TLP_AMBER_STRICT ? "AMBER+STRICT"
	                                                   : tlp_name(b->tlp));
	for (char *p = tlp; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	first =
	    day(b->published_at ? b->published_at
	                        : (b->n_revisions ? b->revisions[0].date : 0));
	last = day(b->n_revisions ? b->revisions[b->n_revisions - 1].date : 0);
	field(&w, "Status", version);
	field(&w, "Distribution", tlp);
	field(&w, "Severity", bulletin_severity_text(b->severity));
	field(&w, "Category", bulletin_category_name(b->category));
	field(&w, "Released", first);
	field(&w, "Updated", last);
	field(&w, "Author", b->author);
	field(&w, "Reviewer", b->reviewer);
	strbuf_init(&sb);
	for (size_t i = 0; i < b->sectors.n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", b->sectors.v[i]);
	field(&w, "Sectors", sb.buf);
	strbuf_reset(&sb);
	for (size_t i = 0; i < b->organizations.n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", b->organizations.v[i]);
	field(&w, "Organizations", sb.buf);
	list = strbuf_detach(&sb, NULL);
	fputc('\n', f);
	if (b->summary) {
		heading(&w, "Summary");
		para(&w, b->summary);
	}
	if (b->body) {
		heading(&w, "Description");
		para(&w, b->body);
	}
	if (b->cve_ids.n) {
		heading(&w, "Vulnerabilities");
		vulnerabilities(&w, b);
	}
	parts(&w, b);
	free(title);
	free(version);
	free(tlp);
	free(first);
	free(last);
	free(list);
	return export_check_stream(
	    f, fmt == BULLETIN_DOC_MARKDOWN ? "markdown" : "text", e);
}
