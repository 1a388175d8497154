/*
 * The bulletins' catalog (app/columns.h): the console's columns, the
 * table of `centinela list bulletins`, the page of `centinela show
 * MX-SA-2026-0001` and the console's, and the JSON and CSV fields.
 */
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/array.h"
#include "centinela/base/strbuf.h"
#include "centinela/export/export.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/enums.h"
#include "centinela/model/recipient.h"
#include "centinela/store/list.h"
#include "columns_internal.h"

/* ---- columns ---- */

/* "CVE-2021-44228 +2": the first CVE and how many more. */
static char *
cves_cell(const struct bulletin *b)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (b->cve_ids.n)
		strbuf_adds(&sb, b->cve_ids.v[0]);
	if (b->cve_ids.n > 1)
		strbuf_addf(&sb, " +%zu", b->cve_ids.n - 1);
	return strbuf_detach(&sb, NULL);
}

CELL(bulletin, reference, text_cell(r->reference))
CELL(bulletin, status, text_cell(bulletin_status_name(r->status)))
CELL(bulletin, severity, text_cell(severity_name(r->severity)))
ELEMENT(bulletin, severity, severity_element(r->severity))
CELL(bulletin, tlp, text_cell(tlp_name(r->tlp)))
ELEMENT(bulletin, tlp, tlp_element(r->tlp))
CELL(bulletin, cves, cves_cell(r))
CELL(bulletin, title, text_cell(r->title))
CELL(bulletin, category, text_cell(bulletin_category_name(r->category)))
CELL(bulletin, author, text_cell(r->author))
CELL(bulletin, reviewer, text_cell(r->reviewer))
CELL(bulletin, published, date_cell(r->published_at))
CELL(bulletin, updated, date_cell(r->meta.updated_at))
CELL(bulletin, source, text_cell(r->meta.source))
CELL(bulletin, id, num_cell(r->meta.id))

static const struct column_def bulletin_cols[] = {
    {"reference", "REFERENCE", 16, 0, bulletin_reference, NULL},
    {"status", "STATUS", 7, 0, bulletin_status, NULL},
    {"severity", "SEVERITY", 8, 0, bulletin_severity,
     bulletin_severity_element},
    {"tlp", "TLP", 12, 0, bulletin_tlp, bulletin_tlp_element},
    {"cves", "CVES", 18, 13, bulletin_cves, NULL},
    {"title", "TITLE", 0, 12, bulletin_title, NULL},
    {"category", "CATEGORY", 27, 8, bulletin_category, NULL},
    {"author", "AUTHOR", 12, 6, bulletin_author, NULL},
    {"reviewer", "REVIEWER", 12, 6, bulletin_reviewer, NULL},
    {"published", "PUBLISHED", 10, 0, bulletin_published, NULL},
    {"updated", "UPDATED", 10, 0, bulletin_updated, NULL},
    {"source", "SOURCE", 10, 6, bulletin_source, NULL},
    {"id", "ID", 6, 0, bulletin_id, NULL},
};

/* The CLI table's columns. */
static const struct cli_column bulletin_cli[] = {
    {"reference", "REFERENCE", 15, false, false},
    {"status", "STATUS", 7, false, false},
    {"severity", "SEV", 4, false, false},
    {"tlp", "TLP", 5, false, false},
    {"cves", "CVES", 13, true, false},
    {"title", "TITLE", 12, true, false},
};

/* ---- page ---- */

static char *
bulletin_heading(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s  %s", b->reference, b->title ? b->title : "");
	return strbuf_detach(&sb, NULL);
}

/* "3 (2026-12-07)": the version and the date of its revision. */
static char *
version_text(const struct bulletin *b)
{
	struct strbuf sb;
	char *day;

	strbuf_init(&sb);
	if (b->n_revisions) {
		day = date_cell(b->revisions[b->n_revisions - 1].date);
		strbuf_addf(&sb, "%lld (%s)", (long long)bulletin_version(b),
		            day);
		free(day);
	}
	return strbuf_detach(&sb, NULL);
}

/* "ana (2026-12-07)", "" when not reviewed. */
static char *
reviewer_text(const struct bulletin *b)
{
	struct strbuf sb;
	char *day;

	strbuf_init(&sb);
	if (b->reviewer) {
		day = date_cell(b->reviewed_at);
		strbuf_addf(&sb, "%s (%s)", b->reviewer, day);
		free(day);
	}
	return strbuf_detach(&sb, NULL);
}

static char *
joined(const struct strvec *sv)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < sv->n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", sv->v[i]);
	return strbuf_detach(&sb, NULL);
}

VALUE(bulletin, status, text_cell(bulletin_status_name(r->status)))
VALUE(bulletin, category, text_cell(bulletin_category_name(r->category)))
VALUE(bulletin, severity, text_cell(severity_name(r->severity)))
VALUE(bulletin, tlp, text_cell(tlp_name(r->tlp)))
VALUE(bulletin, version, version_text(r))
VALUE(bulletin, author, text_cell(r->author))
VALUE(bulletin, reviewer, reviewer_text(r))
VALUE(bulletin, published, date_cell(r->published_at))
VALUE(bulletin, sectors, joined(&r->sectors))
VALUE(bulletin, organizations, joined(&r->organizations))

/* "2 (TLP:AMBER: only the organizations concerned ...; 5 withheld)";
 * NULL (no line) when the recipients were not read. */
static char *
distribution_text(const struct bulletin *b)
{
	const struct recipient_list *l = b->recipients;
	struct strbuf sb;

	if (!l)
		return NULL;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%zu (%s: %s", l->n, recipient_tlp_label(b->tlp),
	            recipient_rule(b->tlp));
	if (l->n_withheld)
		strbuf_addf(&sb, "; %zu withheld", l->n_withheld);
	strbuf_adds(&sb, ")");
	return strbuf_detach(&sb, NULL);
}

VALUE(bulletin, distribution, distribution_text(r))

static const struct detail_field bulletin_fields[] = {
    {"Status", bulletin_status_value, NULL, 0},
    {"Category", bulletin_category_value, NULL, 0},
    {"Severity", bulletin_severity_value, NULL, 0},
    {"TLP", bulletin_tlp_value, NULL, 0},
    {"Version", bulletin_version_value, NULL, 0},
    {"Author", bulletin_author_value, NULL, 0},
    {"Reviewer", bulletin_reviewer_value, NULL, 0},
    {"Published", bulletin_published_value, NULL, 0},
    {"Sectors", bulletin_sectors_value, NULL, 0},
    {"Organizations", bulletin_organizations_value, NULL, 0},
    {"Recipients", bulletin_distribution_value, NULL, 0},
    {"Source", source_text, NULL, 0},
};

static char *
summary_text(const void *row)
{
	return text_cell(((const struct bulletin *)row)->summary);
}

static char *
body_text(const void *row)
{
	return text_cell(((const struct bulletin *)row)->body);
}

/* "CVE-2021-44228  CVSS 10.0 (3.1)  CWE-502  Log4Shell", one a line. */
static char *
cves_text(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < b->n_cves; i++) {
		const struct bulletin_cve *c = &b->cves[i];

		strbuf_addf(&sb, "%s%s", i ? "\n" : "", c->cve_id);
		if (c->cvss_score >= 0)
			strbuf_addf(&sb, "  CVSS %.1f (%s)", c->cvss_score,
			            c->cvss_version ? c->cvss_version : "?");
		for (size_t j = 0; j < c->cwes.n; j++)
			strbuf_addf(&sb, "%s%s", j ? ", " : "  ", c->cwes.v[j]);
		if (c->title)
			strbuf_addf(&sb, "  %s", c->title);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
cves_count(const void *row)
{
	return ((const struct bulletin *)row)->n_cves;
}

/* "CSAFPID-0001  vendor product range  cpe:2.3:...", one a line. */
static char *
products_text(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < b->n_products; i++) {
		const struct bulletin_product *p = &b->products[i];

		strbuf_addf(&sb, "%s%s", i ? "\n" : "", p->product_id);
		if (p->vendor || p->product)
			strbuf_addf(&sb, "  %s %s", p->vendor ? p->vendor : "-",
			            p->product ? p->product : "-");
		if (p->version_range)
			strbuf_addf(&sb, " %s", p->version_range);
		if (p->cpe)
			strbuf_addf(&sb, "  %s", p->cpe);
		if (p->purl)
			strbuf_addf(&sb, "  %s", p->purl);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
products_count(const void *row)
{
	return ((const struct bulletin *)row)->n_products;
}

/* "CVE-...  CSAFPID-0001  known_not_affected (component_not_present)" */
static char *
statuses_text(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < b->n_statuses; i++) {
		const struct bulletin_status_entry *x = &b->statuses[i];

		strbuf_addf(&sb, "%s%s  %s  %s", i ? "\n" : "", x->cve_id,
		            x->product_id,
		            bulletin_product_state_name(x->state));
		if (x->justification)
			strbuf_addf(&sb, " (%s)", x->justification);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
statuses_count(const void *row)
{
	return ((const struct bulletin *)row)->n_statuses;
}

static char *
remediations_text(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < b->n_remediations; i++) {
		const struct bulletin_remediation *r = &b->remediations[i];

		strbuf_addf(&sb, "%s%s  %s: %s", i ? "\n" : "", r->cve_id,
		            bulletin_remediation_name(r->kind), r->details);
		if (r->url)
			strbuf_addf(&sb, "  %s", r->url);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
remediations_count(const void *row)
{
	return ((const struct bulletin *)row)->n_remediations;
}

static char *
links_text(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < b->n_links; i++)
		strbuf_addf(&sb, "%s%s  %s", i ? "\n" : "", b->links[i].url,
		            b->links[i].summary);
	return strbuf_detach(&sb, NULL);
}

static size_t
links_count(const void *row)
{
	return ((const struct bulletin *)row)->n_links;
}

static char *
notes_text(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < b->n_notes; i++)
		strbuf_addf(&sb, "%s%s", i ? "\n\n" : "", b->notes[i].text);
	return strbuf_detach(&sb, NULL);
}

static char *
acks_text(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < b->n_acks; i++) {
		const struct bulletin_ack *a = &b->acks[i];

		strbuf_addf(&sb, "%s%s%s%s", i ? "\n" : "",
		            a->name ? a->name : "",
		            a->name && a->organization ? ", " : "",
		            a->organization ? a->organization : "");
		if (a->summary)
			strbuf_addf(&sb, ": %s", a->summary);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
acks_count(const void *row)
{
	return ((const struct bulletin *)row)->n_acks;
}

/* Recipients listed on the page at most (the rest: `bulletin
 * recipients`). */
#define PAGE_RECIPIENTS_MAX 200

/* v on one line: the line breaks of outside text become blanks. */
static void
add_flat(struct strbuf *sb, const char *v)
{
	for (const char *p = v ? v : "-"; *p; p++)
		strbuf_addch(sb, *p == '\n' || *p == '\r' ? ' ' : *p);
}

/* "CFE  energy  Ana López <ana@cfe.mx> +52 55 5550 1234  named; ...". */
static char *
recipients_text(const void *row)
{
	const struct recipient_list *l =
	    ((const struct bulletin *)row)->recipients;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; l && i < l->n && i < PAGE_RECIPIENTS_MAX; i++) {
		const struct recipient *x = &l->v[i];

		if (i)
			strbuf_addch(&sb, '\n');
		add_flat(&sb, x->organization);
		strbuf_adds(&sb, "  ");
		add_flat(&sb, x->sector);
		strbuf_adds(&sb, "  ");
		add_flat(&sb, x->contact_name);
		if (x->email) {
			strbuf_adds(&sb, " <");
			add_flat(&sb, x->email);
			strbuf_adds(&sb, ">");
		}
		if (x->phone) {
			strbuf_addch(&sb, ' ');
			add_flat(&sb, x->phone);
		}
		strbuf_adds(&sb, "  ");
		add_flat(&sb, x->reason);
	}
	if (l && l->n > PAGE_RECIPIENTS_MAX)
		strbuf_addf(&sb,
		            "\n... %zu more: centinela bulletin recipients %s",
		            l->n - PAGE_RECIPIENTS_MAX,
		            ((const struct bulletin *)row)->reference);
	return strbuf_detach(&sb, NULL);
}

static size_t
recipients_count(const void *row)
{
	const struct recipient_list *l =
	    ((const struct bulletin *)row)->recipients;

	return l ? l->n : 0;
}

/* "1  2026-12-07  Initial version", one a line. */
static char *
revisions_text(const void *row)
{
	const struct bulletin *b = row;
	struct strbuf sb;
	char *day;

	strbuf_init(&sb);
	for (size_t i = 0; i < b->n_revisions; i++) {
		day = date_cell(b->revisions[i].date);
		strbuf_addf(&sb, "%s%lld  %s  %s", i ? "\n" : "",
		            (long long)b->revisions[i].number, day,
		            b->revisions[i].summary);
		free(day);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
revisions_count(const void *row)
{
	return ((const struct bulletin *)row)->n_revisions;
}

static const struct detail_block bulletin_blocks[] = {
    {"Summary", summary_text, NULL, NULL},
    {"Description", body_text, NULL, NULL},
    {"CVEs", cves_text, cves_count, NULL},
    {"Products", products_text, products_count, NULL},
    {"Product status", statuses_text, statuses_count, NULL},
    {"Remediations", remediations_text, remediations_count, NULL},
    {"References", links_text, links_count, NULL},
    {"Notes", notes_text, NULL, NULL},
    {"Acknowledgments", acks_text, acks_count, NULL},
    {"Revision history", revisions_text, revisions_count, NULL},
    {"Recipients", recipients_text, recipients_count, NULL},
};

static const struct detail_layout bulletin_detail = {
    bulletin_heading,
    bulletin_fields,
    ARRAY_SIZE(bulletin_fields),
    bulletin_blocks,
    ARRAY_SIZE(bulletin_blocks),
};

/* ---- JSON and CSV fields (see columns_incident.c) ---- */

static const struct export_field bulletin_export[] = {
    EXPORT_F(bulletin, "id", ID, meta.id),
    EXPORT_F(bulletin, "reference", TEXT, reference),
    EXPORT_META_HEAD(bulletin),
    EXPORT_F(bulletin, "title", TEXT, title),
    EXPORT_FE(bulletin, "status", status, bulletin_status_name),
    EXPORT_FE(bulletin, "category", category, bulletin_category_name),
    EXPORT_FE(bulletin, "severity", severity, severity_name),
    EXPORT_FE(bulletin, "tlp", tlp, tlp_name),
    EXPORT_F(bulletin, "cves", STRVEC, cve_ids),
    EXPORT_F(bulletin, "author", TEXT, author),
    EXPORT_F(bulletin, "reviewer", TEXT, reviewer),
    EXPORT_F(bulletin, "reviewed_at", TIME, reviewed_at),
    EXPORT_F(bulletin, "published_at", TIME, published_at),
    EXPORT_F(bulletin, "summary", TEXT, summary),
    EXPORT_FD(bulletin, "description", TEXT, body),
    EXPORT_FD(bulletin, "sectors", STRVEC, sectors),
    EXPORT_FD(bulletin, "organizations", STRVEC, organizations),
    EXPORT_FD(bulletin, "recipients", RECIPIENTS, recipients),
    EXPORT_META_TAIL(bulletin),
};

const struct column_catalog columns_bulletins = {
    .entity = STORE_BULLETINS,
    .view = "bulletins",
    .singular = "bulletin",
    .cols = bulletin_cols,
    .n_cols = ARRAY_SIZE(bulletin_cols),
    .n_default = 6,
    .detail = &bulletin_detail,
    .fields = {bulletin_export, ARRAY_SIZE(bulletin_export)},
    /* shown when the cache holds some: no tab number moves */
    .tab = COLUMN_TAB_WITH_ROWS,
    .cli = bulletin_cli,
    .n_cli = ARRAY_SIZE(bulletin_cli),
};
