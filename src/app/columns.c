/*
 * Column catalogs of the list views: see include/centinela/app/columns.h.
 * To offer a new column: a row here with its cell formatter (and the
 * theme element of the cell, if it has one).
 */
#include "centinela/app/columns.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/export.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/sla.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/list.h"

/* ---- cells ---- */

/* A copy of s, "" for NULL. */
static char *
text_cell(const char *s)
{
	return xstrdup(s ? s : "");
}

/* A whole number in decimal. */
static char *
num_cell(int64_t n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, n);
	return xstrdup(buf);
}

/* "12m", "3d": the time since t at now (0 when t is ahead). */
static char *
age_cell(int64_t now, int64_t t)
{
	char buf[16];

	time_format_age(now > t ? now - t : 0, buf, sizeof(buf));
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

/* "11-29 03:00" (UTC) for recent events. */
static char *
short_time_cell(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32] = "";

	if (gmtime_r(&tt, &tm))
		strftime(buf, sizeof(buf), "%m-%d %H:%M", &tm);
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

/* The theme element of a severity or TLP cell (app/theme.h). */
static const char *
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

static const char *
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

/*
 * CELL(incident, title, text_cell(r->title)) defines incident_title(),
 * the cell of a struct incident *r at now; ELEMENT the same for a theme
 * element.
 */
#define CELL(type, name, expr)                                                 \
	static char *type##_##name(const void *row, int64_t now)               \
	{                                                                      \
		const struct type *r = row;                                    \
                                                                               \
		(void)now;                                                     \
		return expr;                                                   \
	}
#define ELEMENT(type, name, expr)                                              \
	static const char *type##_##name##_element(const void *row,            \
	                                           int64_t now)                \
	{                                                                      \
		const struct type *r = row;                                    \
                                                                               \
		(void)now;                                                     \
		return expr;                                                   \
	}

static char *
incident_sla_cell(const void *row, int64_t now)
{
	struct sla_result res;
	char buf[24];

	incident_sla(row, now, &res);
	sla_format(&res, buf, sizeof(buf));
	return xstrdup(buf);
}

static const char *
incident_sla_element(const void *row, int64_t now)
{
	struct sla_result res;

	incident_sla(row, now, &res);
	return columns_sla_element(&res);
}

static char *
incident_priority(const void *row, int64_t now)
{
	char buf[16];

	(void)now;
	snprintf(buf, sizeof(buf), "P%d",
	         ((const struct incident *)row)->priority);
	return xstrdup(buf);
}

CELL(incident, reference, text_cell(r->reference))
CELL(incident, severity, text_cell(severity_name(r->severity)))
ELEMENT(incident, severity, severity_element(r->severity))
CELL(incident, status, text_cell(incident_status_name(r->status)))
CELL(incident, title, text_cell(r->title))
CELL(incident, organization, text_cell(r->organization))
CELL(incident, assignee, text_cell(r->assignee))
CELL(incident, age, age_cell(now, r->opened_at))
CELL(incident, category, text_cell(r->category))
CELL(incident, sector, text_cell(r->sector))
CELL(incident, tlp, text_cell(tlp_name(r->tlp)))
ELEMENT(incident, tlp, tlp_element(r->tlp))
CELL(incident, updated, age_cell(now, r->meta.updated_at))

static const struct column_def incident_cols[] = {
    {"reference", "REFERENCE", 14, 0, incident_reference, NULL},
    {"severity", "SEVERITY", 8, 0, incident_severity,
     incident_severity_element},
    {"status", "STATUS", 11, 0, incident_status, NULL},
    {"title", "TITLE", 0, 30, incident_title, NULL},
    {"organization", "ORGANIZATION", 14, 6, incident_organization, NULL},
    {"assignee", "ASSIGNEE", 9, 6, incident_assignee, NULL},
    {"age", "AGE", 4, 0, incident_age, NULL},
    {"sla", "SLA", 11, 5, incident_sla_cell, incident_sla_element},
    {"priority", "PRI", 3, 0, incident_priority, NULL},
    {"category", "CATEGORY", 16, 8, incident_category, NULL},
    {"sector", "SECTOR", 10, 6, incident_sector, NULL},
    {"tlp", "TLP", 6, 0, incident_tlp, incident_tlp_element},
    {"updated", "UPDATED", 7, 0, incident_updated, NULL},
};

CELL(alert, time, short_time_cell(r->observed_at))
CELL(alert, severity, text_cell(severity_name(r->severity)))
ELEMENT(alert, severity, severity_element(r->severity))
CELL(alert, tlp, text_cell(tlp_name(r->tlp)))
ELEMENT(alert, tlp, tlp_element(r->tlp))
CELL(alert, taxonomy, text_cell(r->taxonomy_class))
CELL(alert, title, text_cell(r->title))
CELL(alert, source, text_cell(r->feed_name))
CELL(alert, status, text_cell(alert_status_name(r->status)))
CELL(alert, organization, text_cell(r->organization))
CELL(alert, sector, text_cell(r->sector))
CELL(alert, incident, text_cell(r->incident_ref))
CELL(alert, id, num_cell(r->meta.id))

static const struct column_def alert_cols[] = {
    {"time", "TIME", 11, 0, alert_time, NULL},
    {"severity", "SEVERITY", 8, 0, alert_severity, alert_severity_element},
    {"tlp", "TLP", 6, 0, alert_tlp, alert_tlp_element},
    {"taxonomy", "TAXONOMY", 16, 8, alert_taxonomy, NULL},
    {"title", "TITLE", 0, 30, alert_title, NULL},
    {"source", "SOURCE", 10, 6, alert_source, NULL},
    {"status", "STATUS", 8, 0, alert_status, NULL},
    {"organization", "ORGANIZATION", 14, 6, alert_organization, NULL},
    {"sector", "SECTOR", 10, 6, alert_sector, NULL},
    {"incident", "INCIDENT", 14, 0, alert_incident, NULL},
    {"id", "ID", 7, 0, alert_id, NULL},
};

CELL(asset, criticality, num_cell(r->criticality))
CELL(asset, name, text_cell(r->name))
CELL(asset, kind, text_cell(asset_kind_name(r->kind)))
CELL(asset, organization, text_cell(r->organization))
CELL(asset, sector, text_cell(r->sector))
CELL(asset, address, text_cell(r->ip ? r->ip : r->hostname))
CELL(asset, vendor, text_cell(r->vendor))
CELL(asset, product, text_cell(r->product))
CELL(asset, location, text_cell(r->location))
CELL(asset, id, num_cell(r->meta.id))

static const struct column_def asset_cols[] = {
    {"criticality", "CRIT", 4, 0, asset_criticality, NULL},
    {"name", "NAME", 0, 24, asset_name, NULL},
    {"kind", "KIND", 11, 0, asset_kind, NULL},
    {"organization", "ORGANIZATION", 18, 8, asset_organization, NULL},
    {"sector", "SECTOR", 12, 8, asset_sector, NULL},
    {"address", "IP/HOST", 20, 15, asset_address, NULL},
    {"vendor", "VENDOR", 12, 6, asset_vendor, NULL},
    {"product", "PRODUCT", 16, 8, asset_product, NULL},
    {"location", "LOCATION", 16, 8, asset_location, NULL},
    {"id", "ID", 6, 0, asset_id, NULL},
};

CELL(organization, name, text_cell(r->name))
CELL(organization, sector, text_cell(r->sector))
CELL(organization, region, text_cell(r->region))
CELL(organization, open, num_cell(r->open_incidents))
CELL(organization, contact, text_cell(r->contact))
CELL(organization, abuse, text_cell(r->abuse_contact))
CELL(organization, id, num_cell(r->meta.id))

static const struct column_def organization_cols[] = {
    {"name", "NAME", 0, 30, organization_name, NULL},
    {"sector", "SECTOR", 14, 0, organization_sector, NULL},
    {"region", "REGION", 18, 10, organization_region, NULL},
    {"open", "OPEN", 6, 0, organization_open, NULL},
    {"contact", "CONTACT", 20, 8, organization_contact, NULL},
    {"abuse", "ABUSE", 20, 8, organization_abuse, NULL},
    {"id", "ID", 6, 0, organization_id, NULL},
};

CELL(vulnerability, cve, text_cell(r->cve_id))
CELL(vulnerability, added, date_cell(r->kev_added_at))
CELL(vulnerability, due, date_cell(r->kev_due_at))
CELL(vulnerability, ransomware, text_cell(r->is_ransomware ? "yes" : ""))
CELL(vulnerability, vendor, text_cell(r->vendor))
CELL(vulnerability, product, text_cell(r->product))
CELL(vulnerability, title, text_cell(r->title))
CELL(vulnerability, kev, text_cell(r->is_kev ? "yes" : ""))
CELL(vulnerability, cvss, score_cell(r->cvss_score, 1))
CELL(vulnerability, epss, score_cell(r->epss, 5))
CELL(vulnerability, published, date_cell(r->published_at))
CELL(vulnerability, source, text_cell(r->meta.source))
CELL(vulnerability, id, num_cell(r->meta.id))

static const struct column_def vulnerability_cols[] = {
    {"cve", "CVE", 15, 0, vulnerability_cve, NULL},
    {"added", "ADDED", 10, 0, vulnerability_added, NULL},
    {"due", "DUE", 10, 0, vulnerability_due, NULL},
    {"ransomware", "RANSOM", 6, 0, vulnerability_ransomware, NULL},
    {"vendor", "VENDOR", 14, 6, vulnerability_vendor, NULL},
    {"product", "PRODUCT", 18, 7, vulnerability_product, NULL},
    {"title", "TITLE", 0, 12, vulnerability_title, NULL},
    {"kev", "KEV", 3, 0, vulnerability_kev, NULL},
    {"cvss", "CVSS", 4, 0, vulnerability_cvss, NULL},
    {"epss", "EPSS", 7, 0, vulnerability_epss, NULL},
    {"published", "PUBLISHED", 10, 0, vulnerability_published, NULL},
    {"source", "SOURCE", 10, 6, vulnerability_source, NULL},
    {"id", "ID", 6, 0, vulnerability_id, NULL},
};

/* ---- pages ---- */

/* "yes"/"no"-like words of a flag. */
static char *
flag_text(bool is_on, const char *on, const char *off)
{
	return xstrdup(is_on ? on : off);
}

static char *
vulnerability_heading(const void *row)
{
	const struct vulnerability *v = row;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s  %s", v->cve_id, v->title ? v->title : "");
	return strbuf_detach(&sb, NULL);
}

#define VULN_VALUE(name, expr)                                                 \
	static char *vuln_##name(const void *row)                              \
	{                                                                      \
		const struct vulnerability *v = row;                           \
                                                                               \
		return expr;                                                   \
	}
VULN_VALUE(vendor, text_cell(v->vendor))
VULN_VALUE(product, text_cell(v->product))
VULN_VALUE(kev, flag_text(v->is_kev, "listed", "no"))
VULN_VALUE(added, date_cell(v->kev_added_at))
VULN_VALUE(due, date_cell(v->kev_due_at))
VULN_VALUE(ransomware, flag_text(v->is_ransomware, "known use", "none known"))
VULN_VALUE(epss, score_cell(v->epss, 5))
VULN_VALUE(percentile, score_cell(v->epss_percentile, 5))
VULN_VALUE(published, date_cell(v->published_at))
VULN_VALUE(description, text_cell(v->description))
VULN_VALUE(action, text_cell(v->kev_action))

static char *
vuln_cvss(const void *row)
{
	const struct vulnerability *v = row;
	struct strbuf sb;

	strbuf_init(&sb);
	if (v->cvss_score >= 0)
		strbuf_addf(&sb, "%.1f%s%s", v->cvss_score,
		            v->cvss_vector ? "  " : "",
		            v->cvss_vector ? v->cvss_vector : "");
	return strbuf_detach(&sb, NULL);
}

static char *
vuln_source(const void *row)
{
	const struct record_meta *m =
	    &((const struct vulnerability *)row)->meta;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s%s (version %lld, %s)",
	            m->source ? m->source : "", m->remote_id ? " id " : "",
	            m->remote_id ? m->remote_id : "", (long long)m->version,
	            local_state_name(m->local_state));
	return strbuf_detach(&sb, NULL);
}

/* One CPE match string a line, "(not vulnerable)" after the others. */
static char *
vuln_cpes(const void *row)
{
	const struct vulnerability *v = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < v->n_cpes; i++)
		strbuf_addf(&sb, "%s%s%s", i ? "\n" : "", v->cpes[i].criteria,
		            v->cpes[i].is_vulnerable ? ""
		                                     : " (not vulnerable)");
	return strbuf_detach(&sb, NULL);
}

static size_t
vuln_n_cpes(const void *row)
{
	return ((const struct vulnerability *)row)->n_cpes;
}

static const struct detail_field vulnerability_fields[] = {
    {"Vendor", vuln_vendor},
    {"Product", vuln_product},
    {"KEV", vuln_kev},
    {"Added", vuln_added},
    {"Due", vuln_due},
    {"Ransomware", vuln_ransomware},
    {"CVSS", vuln_cvss},
    {"EPSS", vuln_epss},
    {"Percentile", vuln_percentile},
    {"Published", vuln_published},
    {"Source", vuln_source},
};

static const struct detail_block vulnerability_blocks[] = {
    {"Description", vuln_description, NULL},
    {"Required action", vuln_action, NULL},
    {"CPE criteria", vuln_cpes, vuln_n_cpes},
};

static const struct detail_layout vulnerability_detail = {
    vulnerability_heading,
    vulnerability_fields,
    ARRAY_SIZE(vulnerability_fields),
    vulnerability_blocks,
    ARRAY_SIZE(vulnerability_blocks),
};

/*
 * ---- JSON and CSV fields ----
 *
 * One row per exported field, in output order: a field is read from the
 * model struct at its offset and written according to its type
 * (export/export.h). Changing a name here changes the published format:
 * update notes/export-fields.md (the man page's source) and the tests with
 * it.
 */

/* The writers read enum fields through an int pointer. */
_Static_assert(sizeof(enum incident_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum alert_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum asset_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum local_state) == sizeof(int), "enum size");
_Static_assert(sizeof(enum severity) == sizeof(int), "enum size");
_Static_assert(sizeof(enum tlp) == sizeof(int), "enum size");
_Static_assert(sizeof(enum pap) == sizeof(int), "enum size");

#define EXPORT_META_HEAD(st)                                                   \
	EXPORT_F(st, "source", TEXT, meta.source),                             \
	    EXPORT_F(st, "remote_id", TEXT, meta.remote_id),                   \
	    EXPORT_F(st, "version", INT64, meta.version),                      \
	    EXPORT_FE(st, "local_state", meta.local_state, local_state_name)
#define EXPORT_META_TAIL(st)                                                   \
	EXPORT_F(st, "created_at", TIME, meta.created_at),                     \
	    EXPORT_F(st, "updated_at", TIME, meta.updated_at)

static const struct export_field incident_export[] = {
    EXPORT_F(incident, "id", ID, meta.id),
    EXPORT_F(incident, "reference", TEXT, reference),
    EXPORT_META_HEAD(incident),
    EXPORT_F(incident, "title", TEXT, title),
    EXPORT_F(incident, "description", TEXT, description),
    EXPORT_F(incident, "category", TEXT, category),
    EXPORT_F(incident, "category_type", TEXT, category_type),
    EXPORT_FE(incident, "severity", severity, severity_name),
    EXPORT_F(incident, "priority", INT, priority),
    EXPORT_FE(incident, "status", status, incident_status_name),
    EXPORT_FE(incident, "tlp", tlp, tlp_name),
    EXPORT_FE(incident, "pap", pap, pap_name),
    EXPORT_F(incident, "assignee", TEXT, assignee),
    EXPORT_F(incident, "organization_id", ID, organization_id),
    EXPORT_F(incident, "organization", TEXT, organization),
    EXPORT_F(incident, "sector", TEXT, sector),
    EXPORT_F(incident, "opened_at", TIME, opened_at),
    EXPORT_F(incident, "first_response_at", TIME, first_response_at),
    EXPORT_F(incident, "due_at", TIME, due_at),
    EXPORT_F(incident, "closed_at", TIME, closed_at),
    EXPORT_META_TAIL(incident),
    EXPORT_FD(incident, "alerts", STRVEC, alert_ids),
    EXPORT_FD(incident, "assets", STRVEC, asset_ids),
    EXPORT_FD(incident, "notes", NOTES, notes),
};

static const struct export_field alert_export[] = {
    EXPORT_F(alert, "id", ID, meta.id),
    EXPORT_META_HEAD(alert),
    EXPORT_F(alert, "title", TEXT, title),
    EXPORT_F(alert, "description", TEXT, description),
    EXPORT_FE(alert, "severity", severity, severity_name),
    EXPORT_FE(alert, "tlp", tlp, tlp_name),
    EXPORT_F(alert, "taxonomy_class", TEXT, taxonomy_class),
    EXPORT_F(alert, "taxonomy_type", TEXT, taxonomy_type),
    EXPORT_F(alert, "feed_name", TEXT, feed_name),
    EXPORT_F(alert, "feed_provider", TEXT, feed_provider),
    EXPORT_F(alert, "observed_at", TIME, observed_at),
    EXPORT_F(alert, "received_at", TIME, received_at),
    EXPORT_FE(alert, "status", status, alert_status_name),
    EXPORT_F(alert, "organization_id", ID, organization_id),
    EXPORT_F(alert, "organization", TEXT, organization),
    EXPORT_F(alert, "sector", TEXT, sector),
    EXPORT_F(alert, "asset_id", ID, asset_id),
    EXPORT_F(alert, "asset", TEXT, asset),
    EXPORT_F(alert, "incident_id", ID, incident_id),
    EXPORT_F(alert, "incident_ref", TEXT, incident_ref),
    EXPORT_F(alert, "event_hash", TEXT, event_hash),
    EXPORT_F(alert, "observables", OBSERVABLES, observables),
    EXPORT_META_TAIL(alert),
    EXPORT_FD(alert, "raw_json", TEXT, raw_json),
};

static const struct export_field asset_export[] = {
    EXPORT_F(asset, "id", ID, meta.id),
    EXPORT_META_HEAD(asset),
    EXPORT_F(asset, "name", TEXT, name),
    EXPORT_F(asset, "organization_id", ID, organization_id),
    EXPORT_F(asset, "organization", TEXT, organization),
    EXPORT_F(asset, "sector", TEXT, sector),
    EXPORT_FE(asset, "kind", kind, asset_kind_name),
    EXPORT_F(asset, "criticality", INT, criticality),
    EXPORT_F(asset, "hostname", TEXT, hostname),
    EXPORT_F(asset, "ip", TEXT, ip),
    EXPORT_F(asset, "location", TEXT, location),
    EXPORT_F(asset, "vendor", TEXT, vendor),
    EXPORT_F(asset, "product", TEXT, product),
    EXPORT_F(asset, "product_version", TEXT, product_version),
    EXPORT_F(asset, "cpes", STRVEC, cpes),
    EXPORT_META_TAIL(asset),
};

static const struct export_field organization_export[] = {
    EXPORT_F(organization, "id", ID, meta.id),
    EXPORT_META_HEAD(organization),
    EXPORT_F(organization, "name", TEXT, name),
    EXPORT_F(organization, "sector", TEXT, sector),
    EXPORT_F(organization, "region", TEXT, region),
    EXPORT_F(organization, "contact", TEXT, contact),
    EXPORT_F(organization, "abuse_contact", TEXT, abuse_contact),
    EXPORT_F(organization, "open_incidents", INT64, open_incidents),
    EXPORT_META_TAIL(organization),
};

static const struct export_field vulnerability_export[] = {
    EXPORT_F(vulnerability, "id", ID, meta.id),
    EXPORT_F(vulnerability, "cve_id", TEXT, cve_id),
    EXPORT_META_HEAD(vulnerability),
    EXPORT_F(vulnerability, "vendor", TEXT, vendor),
    EXPORT_F(vulnerability, "product", TEXT, product),
    EXPORT_F(vulnerability, "title", TEXT, title),
    EXPORT_F(vulnerability, "description", TEXT, description),
    EXPORT_F(vulnerability, "cvss_score", SCORE, cvss_score),
    EXPORT_F(vulnerability, "cvss_vector", TEXT, cvss_vector),
    EXPORT_F(vulnerability, "kev", BOOL, is_kev),
    EXPORT_F(vulnerability, "kev_added_at", TIME, kev_added_at),
    EXPORT_F(vulnerability, "kev_due_at", TIME, kev_due_at),
    EXPORT_F(vulnerability, "kev_action", TEXT, kev_action),
    EXPORT_F(vulnerability, "ransomware", BOOL, is_ransomware),
    EXPORT_F(vulnerability, "epss", SCORE, epss),
    EXPORT_F(vulnerability, "epss_percentile", SCORE, epss_percentile),
    EXPORT_F(vulnerability, "published_at", TIME, published_at),
    EXPORT_META_TAIL(vulnerability),
};

#define CATALOG(ent, view, singular, cols, n_default, detail, fields, tab)     \
	[ent] = {ent,                                                          \
	         view,                                                         \
	         singular,                                                     \
	         cols,                                                         \
	         ARRAY_SIZE(cols),                                             \
	         n_default,                                                    \
	         detail,                                                       \
	         {fields, ARRAY_SIZE(fields)},                                 \
	         COLUMN_TAB_##tab}

/* By enum store_entity, named as the store names them (tested). */
static const struct column_catalog catalogs[] = {
    CATALOG(STORE_INCIDENTS, "incidents", "incident", incident_cols, 8, NULL,
            incident_export, ALWAYS),
    CATALOG(STORE_ALERTS, "alerts", "alert", alert_cols, 7, NULL, alert_export,
            ALWAYS),
    CATALOG(STORE_ASSETS, "assets", "asset", asset_cols, 6, NULL, asset_export,
            ALWAYS),
    CATALOG(STORE_ORGANIZATIONS, "organizations", "organization",
            organization_cols, 4, NULL, organization_export, ALWAYS),
    /* shown when the cache holds some: no tab number moves */
    CATALOG(STORE_VULNERABILITIES, "vulnerabilities", "vulnerability",
            vulnerability_cols, 7, &vulnerability_detail, vulnerability_export,
            WITH_ROWS),
};
_Static_assert(ARRAY_SIZE(catalogs) == STORE_ENTITY_COUNT,
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
	for (size_t i = 0; view && i < ARRAY_SIZE(catalogs); i++)
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
