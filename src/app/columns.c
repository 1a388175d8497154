/*
 * Column catalogs of the list views: see include/centinela/app/columns.h.
 * To offer a new column: a row here and its cell in the view's cells().
 */
#include "centinela/app/columns.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/list.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct column_def incident_cols[] = {
    {"reference", "REFERENCE", 14, 0},
    {"severity", "SEVERITY", 8, 0},
    {"status", "STATUS", 11, 0},
    {"title", "TITLE", 0, 30},
    {"organization", "ORGANIZATION", 14, 6},
    {"assignee", "ASSIGNEE", 9, 6},
    {"age", "AGE", 4, 0},
    {"sla", "SLA", 11, 5},
    {"priority", "PRI", 3, 0},
    {"category", "CATEGORY", 16, 8},
    {"sector", "SECTOR", 10, 6},
    {"tlp", "TLP", 6, 0},
    {"updated", "UPDATED", 7, 0},
};

static const struct column_def alert_cols[] = {
    {"time", "TIME", 11, 0},     {"severity", "SEVERITY", 8, 0},
    {"tlp", "TLP", 6, 0},        {"taxonomy", "TAXONOMY", 16, 8},
    {"title", "TITLE", 0, 30},   {"source", "SOURCE", 10, 6},
    {"status", "STATUS", 8, 0},  {"organization", "ORGANIZATION", 14, 6},
    {"sector", "SECTOR", 10, 6}, {"incident", "INCIDENT", 14, 0},
    {"id", "ID", 7, 0},
};

static const struct column_def asset_cols[] = {
    {"criticality", "CRIT", 4, 0},   {"name", "NAME", 0, 24},
    {"kind", "KIND", 11, 0},         {"organization", "ORGANIZATION", 18, 8},
    {"sector", "SECTOR", 12, 8},     {"address", "IP/HOST", 20, 15},
    {"vendor", "VENDOR", 12, 6},     {"product", "PRODUCT", 16, 8},
    {"location", "LOCATION", 16, 8}, {"id", "ID", 6, 0},
};

static const struct column_def organization_cols[] = {
    {"name", "NAME", 0, 30},
    {"sector", "SECTOR", 14, 0},
    {"region", "REGION", 18, 10},
    {"open", "OPEN", 6, 0},
    {"contact", "CONTACT", 20, 8},
    {"abuse", "ABUSE", 20, 8},
    {"id", "ID", 6, 0},
};

static const struct column_def vulnerability_cols[] = {
    {"cve", "CVE", 15, 0},
    {"added", "ADDED", 10, 0},
    {"due", "DUE", 10, 0},
    {"ransomware", "RANSOM", 6, 0},
    {"vendor", "VENDOR", 14, 6},
    {"product", "PRODUCT", 18, 8},
    {"title", "TITLE", 0, 24},
    {"kev", "KEV", 3, 0},
    {"cvss", "CVSS", 4, 0},
    {"epss", "EPSS", 7, 0},
    {"published", "PUBLISHED", 10, 0},
    {"source", "SOURCE", 10, 6},
    {"id", "ID", 6, 0},
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
