/*
 * Column catalogs of the lists: see include/centinela/app/columns.h. The
 * cells and fields the catalogs share are here; each list's catalog is in
 * its own file, src/app/columns_LIST.c. To offer a new column: a row there
 * with its cell formatter (and the theme element of the cell, if any).
 */
#include "centinela/app/columns.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/exposure.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/sla.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/list.h"
#include "columns_internal.h"

/* ---- cells ---- */

char *
text_cell(const char *s)
{
	return xstrdup(s ? s : "");
}

char *
num_cell(int64_t n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, n);
	return xstrdup(buf);
}

/* The time since t at now (0 when t is ahead), "" for no time. */
char *
age_cell(int64_t now, int64_t t)
{
	char buf[16] = "";

	if (t)
		time_format_age(now > t ? now - t : 0, buf, sizeof(buf));
	return xstrdup(buf);
}

char *
date_cell(int64_t t)
{
	char buf[TIME_ISO_MAX] = "";

	if (t) {
		time_format_iso8601(t, buf);
		buf[10] = '\0';
	}
	return xstrdup(buf);
}

char *
columns_minute(int64_t t)
{
	char buf[TIME_ISO_MAX] = "";

	if (t) {
		time_format_iso8601(t, buf);
		buf[10] = ' ';
		buf[16] = '\0'; /* drop ":SSZ" */
	}
	return xstrdup(buf);
}

char *
short_time_cell(int64_t t)
{
	char *s = columns_minute(t);

	if (*s)
		memmove(s, s + 5, strlen(s + 5) + 1); /* drop "YYYY-" */
	return s;
}

char *
columns_when(int64_t now, int64_t t)
{
	char iso[TIME_ISO_MAX], age[16];
	struct strbuf sb;

	if (!t)
		return xstrdup("-");
	strbuf_init(&sb);
	time_format_iso8601(t, iso);
	time_format_age(t > now ? t - now : now - t, age, sizeof(age));
	strbuf_addf(&sb, t > now ? "%s (in %s)" : "%s (%s ago)", iso, age);
	return strbuf_detach(&sb, NULL);
}

char *
score_cell(double v, int digits)
{
	char buf[32] = "";

	if (v >= 0)
		snprintf(buf, sizeof(buf), "%.*f", digits, v);
	return xstrdup(buf);
}

char *
flag_text(bool is_on, const char *on, const char *off)
{
	return xstrdup(is_on ? on : off);
}

/* Every list's struct starts with its struct record_meta. */
_Static_assert(offsetof(struct incident, meta) == 0, "meta first");
_Static_assert(offsetof(struct alert, meta) == 0, "meta first");
_Static_assert(offsetof(struct asset, meta) == 0, "meta first");
_Static_assert(offsetof(struct organization, meta) == 0, "meta first");
_Static_assert(offsetof(struct vulnerability, meta) == 0, "meta first");
_Static_assert(offsetof(struct exposure, meta) == 0, "meta first");

int64_t
columns_row_id(const void *row)
{
	return ((const struct record_meta *)row)->id;
}

char *
source_text(const void *row, int64_t now)
{
	const struct record_meta *m = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s%s (version %lld, %s)",
	            m->source ? m->source : "", m->remote_id ? " id " : "",
	            m->remote_id ? m->remote_id : "", (long long)m->version,
	            local_state_name(m->local_state));
	return strbuf_detach(&sb, NULL);
}

const char *
severity_element(int severity)
{
	static const char *const names[] = {NULL,
	                                    "severity.info",
	                                    "severity.low",
	                                    "severity.medium",
	                                    "severity.high",
	                                    "severity.critical"};

	return severity >= 1 && severity <= 5 ? names[severity] : NULL;
}

const char *
tlp_element(int tlp)
{
	static const char *const names[] = {"tlp.clear", "tlp.green",
	                                    "tlp.amber", "tlp.amber+strict",
	                                    "tlp.red"};

	return tlp >= 0 && tlp <= 4 ? names[tlp] : NULL;
}

const char *
columns_sla_element(const struct sla_result *r)
{
	switch (r->state) {
	case SLA_NONE:
		return NULL;
	case SLA_BREACHED:
	case SLA_MISSED:
		return "sla.breached";
	case SLA_PAUSED:
		return "sla.paused";
	case SLA_RUNNING:
		return sla_is_near(r) ? "sla.near" : "sla.ok";
	case SLA_MET:
		return "sla.ok";
	}
	return NULL;
}

/* ---- the catalogs ---- */

/* The writers read enum fields through an int pointer. */
_Static_assert(sizeof(enum incident_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum alert_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum asset_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum local_state) == sizeof(int), "enum size");
_Static_assert(sizeof(enum severity) == sizeof(int), "enum size");
_Static_assert(sizeof(enum tlp) == sizeof(int), "enum size");
_Static_assert(sizeof(enum pap) == sizeof(int), "enum size");

/* Each list's catalog, in its file src/app/columns_LIST.c. */
extern const struct column_catalog columns_incidents;
extern const struct column_catalog columns_alerts;
extern const struct column_catalog columns_assets;
extern const struct column_catalog columns_organizations;
extern const struct column_catalog columns_vulnerabilities;
extern const struct column_catalog columns_exposures;
extern const struct column_catalog columns_bulletins;

/* By enum store_entity, named as the store names them (tested). */
static const struct column_catalog *const catalogs[] = {
    [STORE_INCIDENTS] = &columns_incidents,
    [STORE_ALERTS] = &columns_alerts,
    [STORE_ASSETS] = &columns_assets,
    [STORE_ORGANIZATIONS] = &columns_organizations,
    [STORE_VULNERABILITIES] = &columns_vulnerabilities,
    [STORE_EXPOSURES] = &columns_exposures,
    [STORE_BULLETINS] = &columns_bulletins,
};
_Static_assert(ARRAY_SIZE(catalogs) == STORE_ENTITY_COUNT,
               "a column catalog per list");

const struct column_catalog *
columns_catalog_of(int entity)
{
	if (entity < 0 || entity >= STORE_ENTITY_COUNT)
		return NULL;
	return catalogs[entity];
}

const struct column_catalog *
columns_catalog(const char *view)
{
	for (size_t i = 0; view && i < ARRAY_SIZE(catalogs); i++)
		if (strcmp(catalogs[i]->view, view) == 0)
			return catalogs[i];
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
