/*
 * Column catalogs of the list views: see include/centinela/app/columns.h.
 * To offer a new column: a row here with its cell formatter, or (for the
 * lists whose views fill their own cells) its cell in the view's cells().
 */
#include "centinela/app/columns.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/list.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct column_def incident_cols[] = {
    {"reference", "REFERENCE", 14, 0, NULL},
    {"severity", "SEVERITY", 8, 0, NULL},
    {"status", "STATUS", 11, 0, NULL},
    {"title", "TITLE", 0, 30, NULL},
    {"organization", "ORGANIZATION", 14, 6, NULL},
    {"assignee", "ASSIGNEE", 9, 6, NULL},
    {"age", "AGE", 4, 0, NULL},
    {"sla", "SLA", 11, 5, NULL},
    {"priority", "PRI", 3, 0, NULL},
    {"category", "CATEGORY", 16, 8, NULL},
    {"sector", "SECTOR", 10, 6, NULL},
    {"tlp", "TLP", 6, 0, NULL},
    {"updated", "UPDATED", 7, 0, NULL},
};

static const struct column_def alert_cols[] = {
    {"time", "TIME", 11, 0, NULL},
    {"severity", "SEVERITY", 8, 0, NULL},
    {"tlp", "TLP", 6, 0, NULL},
    {"taxonomy", "TAXONOMY", 16, 8, NULL},
    {"title", "TITLE", 0, 30, NULL},
    {"source", "SOURCE", 10, 6, NULL},
    {"status", "STATUS", 8, 0, NULL},
    {"organization", "ORGANIZATION", 14, 6, NULL},
    {"sector", "SECTOR", 10, 6, NULL},
    {"incident", "INCIDENT", 14, 0, NULL},
    {"id", "ID", 7, 0, NULL},
};

static const struct column_def asset_cols[] = {
    {"criticality", "CRIT", 4, 0, NULL},
    {"name", "NAME", 0, 24, NULL},
    {"kind", "KIND", 11, 0, NULL},
    {"organization", "ORGANIZATION", 18, 8, NULL},
    {"sector", "SECTOR", 12, 8, NULL},
    {"address", "IP/HOST", 20, 15, NULL},
    {"vendor", "VENDOR", 12, 6, NULL},
    {"product", "PRODUCT", 16, 8, NULL},
    {"location", "LOCATION", 16, 8, NULL},
    {"id", "ID", 6, 0, NULL},
};

static const struct column_def organization_cols[] = {
    {"name", "NAME", 0, 30, NULL},
    {"sector", "SECTOR", 14, 0, NULL},
    {"region", "REGION", 18, 10, NULL},
    {"open", "OPEN", 6, 0, NULL},
    {"contact", "CONTACT", 20, 8, NULL},
    {"abuse", "ABUSE", 20, 8, NULL},
    {"id", "ID", 6, 0, NULL},
};

/* A row id in decimal. */
static char *
id_cell(int64_t id)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, id);
	return xstrdup(buf);
}

/* "2026-03-14" (UTC) for t, "" for 0. */
static char *
date_cell(int64_t t)
{
	char buf[TIME_ISO_MAX] = "";

	if (t) {
		time_format_iso8601(t, buf);
		buf[10] = '\0';
	}
	return xstrdup(buf);
}

/* A score with digits decimals, "" when unknown (negative). */
static char *
score_cell(double v, int digits)
{
	char buf[32] = "";

	if (v >= 0)
		snprintf(buf, sizeof(buf), "%.*f", digits, v);
	return xstrdup(buf);
}

static char *
text_cell(const char *s)
{
	return xstrdup(s ? s : "");
}

#define VULN_CELL(name, expr)                                                  \
	static char *vuln_##name(const void *row, int64_t now)                 \
	{                                                                      \
		const struct vulnerability *v = row;                           \
                                                                               \
		(void)now;                                                     \
		return expr;                                                   \
	}
VULN_CELL(cve, text_cell(v->cve_id))
VULN_CELL(added, date_cell(v->kev_added_at))
VULN_CELL(due, date_cell(v->kev_due_at))
VULN_CELL(ransomware, text_cell(v->is_ransomware ? "yes" : ""))
VULN_CELL(vendor, text_cell(v->vendor))
VULN_CELL(product, text_cell(v->product))
VULN_CELL(title, text_cell(v->title))
VULN_CELL(kev, text_cell(v->is_kev ? "yes" : ""))
VULN_CELL(cvss, score_cell(v->cvss_score, 1))
VULN_CELL(epss, score_cell(v->epss, 5))
VULN_CELL(published, date_cell(v->published_at))
VULN_CELL(source, text_cell(v->meta.source))
VULN_CELL(id, id_cell(v->meta.id))

static const struct column_def vulnerability_cols[] = {
    {"cve", "CVE", 15, 0, vuln_cve},
    {"added", "ADDED", 10, 0, vuln_added},
    {"due", "DUE", 10, 0, vuln_due},
    {"ransomware", "RANSOM", 6, 0, vuln_ransomware},
    {"vendor", "VENDOR", 14, 6, vuln_vendor},
    {"product", "PRODUCT", 18, 7, vuln_product},
    {"title", "TITLE", 0, 12, vuln_title},
    {"kev", "KEV", 3, 0, vuln_kev},
    {"cvss", "CVSS", 4, 0, vuln_cvss},
    {"epss", "EPSS", 7, 0, vuln_epss},
    {"published", "PUBLISHED", 10, 0, vuln_published},
    {"source", "SOURCE", 10, 6, vuln_source},
    {"id", "ID", 6, 0, vuln_id},
};

#define CATALOG(ent, view, singular, cols, n_default)                          \
	[ent] = {ent, view, singular, cols, COUNT(cols), n_default}

/* By enum store_entity, named as the store names them (tested). */
static const struct column_catalog catalogs[] = {
    CATALOG(STORE_INCIDENTS, "incidents", "incident", incident_cols, 8),
    CATALOG(STORE_ALERTS, "alerts", "alert", alert_cols, 7),
    CATALOG(STORE_ASSETS, "assets", "asset", asset_cols, 6),
    CATALOG(STORE_ORGANIZATIONS, "organizations", "organization",
            organization_cols, 4),
    CATALOG(STORE_VULNERABILITIES, "vulnerabilities", "vulnerability",
            vulnerability_cols, 7),
};
_Static_assert(COUNT(catalogs) == STORE_ENTITY_COUNT,
               "a column catalog per list");

bool
columns_have_cells(const struct column_catalog *cat)
{
	for (size_t i = 0; cat && i < cat->n_cols; i++)
		if (!cat->cols[i].cell)
			return false;
	return cat != NULL;
}

const struct column_catalog *
columns_catalog_of(int entity)
{
	if (entity < 0 || entity >= STORE_ENTITY_COUNT)
		return NULL;
	return &catalogs[entity];
}

const struct column_catalog *
columns_catalog(const char *view)
{
	for (size_t i = 0; view && i < COUNT(catalogs); i++)
		if (strcmp(catalogs[i].view, view) == 0)
			return &catalogs[i];
	return NULL;
}

int
columns_index(const struct column_catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->n_cols; i++)
		if (strcasecmp(cat->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Append "a, b, c": the names of cat's columns. */
static void
known_names(const struct column_catalog *cat, struct strbuf *out)
{
	for (size_t i = 0; i < cat->n_cols; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", cat->cols[i].name);
}

/* Add column word (len bytes) of view to idx; errors name it. */
static int
add_column(const struct column_catalog *cat, const char *word, size_t len,
           int *idx, size_t *n, struct err *e)
{
	char *name = xstrndup(word, len);
	struct strbuf known;
	int k = columns_index(cat, name), rc = 0;

	strbuf_init(&known);
	if (k < 0) {
		known_names(cat, &known);
		rc = err_set(e, ERR_INVALID,
		             "unknown %s column '%s' (known: %s)", cat->view,
		             name, known.buf);
	}
	for (size_t i = 0; !rc && i < *n; i++)
		if (idx[i] == k)
			rc = err_set(e, ERR_INVALID,
			             "column '%s' is listed twice", name);
	if (!rc && *n == COLUMNS_MAX)
		rc = err_set(e, ERR_INVALID, "more than %d columns",
		             COLUMNS_MAX);
	if (!rc)
		idx[(*n)++] = k;
	strbuf_release(&known);
	free(name);
	return rc;
}

int
columns_parse(const char *view, const char *value, int *idx, size_t *n,
              struct err *e)
{
	const struct column_catalog *cat = columns_catalog(view);
	const char *p = value;
	int rc = 0;

	*n = 0;
	if (!cat)
		return err_set(e, ERR_INVALID, "the %s view has no columns",
		               view ? view : "?");
	if (!value || !*value) {
		for (size_t i = 0; i < cat->n_default; i++)
			idx[(*n)++] = (int)i;
		return 0;
	}
	while (*p && !rc) {
		size_t len = strcspn(p, " ,\t");

		if (len)
			rc = add_column(cat, p, len, idx, n, e);
		p += len;
		if (*p)
			p++;
	}
	if (!rc && !*n)
		rc = err_set(e, ERR_INVALID, "no columns given for %s", view);
	return rc;
}
