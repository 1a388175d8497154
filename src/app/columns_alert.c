/*
 * The alerts' catalog (app/columns.h): the console's columns, the table of
 * `centinela list alerts`, the page of `centinela show alert:ID`, the JSON
 * and CSV fields, and the alerts linked to an incident or an asset, for
 * their pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/export/export.h"
#include "centinela/model/alert.h"
#include "centinela/model/enums.h"
#include "centinela/store/alert.h"
#include "centinela/store/list.h"
#include "columns_internal.h"

/* ---- columns ---- */

/* "class/type", or the class alone. */
static char *
alert_class_type(const void *row, int64_t now)
{
	const struct alert *r = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s%s", r->taxonomy_class ? r->taxonomy_class : "",
	            r->taxonomy_type ? "/" : "",
	            r->taxonomy_type ? r->taxonomy_type : "");
	return strbuf_detach(&sb, NULL);
}

CELL(alert, time, short_time_cell(r->observed_at))
CELL(alert, observed, columns_minute(r->observed_at))
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
    {"class_type", "CLASS/TYPE", 24, 8, alert_class_type, NULL},
    {"observed", "OBSERVED", 16, 0, alert_observed, NULL},
};

/* Minimum widths let an alert list fit 80 columns. */
static const struct cli_column alert_cli[] = {
    {"id", "ID", 2, false, true},
    {"time", "OBSERVED", 11, false, false},
    {"severity", "SEV", 4, false, false},
    {"tlp", "TLP", 5, false, false},
    {"class_type", "TAXONOMY", 6, true, false},
    {"title", "TITLE", 12, true, false},
    {"source", "FEED", 4, true, false},
    {"status", "STATUS", 6, false, false},
};

/* ---- an incident's or an asset's alerts ---- */

static const struct cli_column alert_brief[] = {
    {"id", "ID", 2, false, true},
    {"observed", "OBSERVED", 16, false, false},
    {"severity", "SEV", 4, false, false},
    {"status", "STATUS", 6, false, false},
    {"title", "TITLE", 16, true, false},
};

static int
of_incident(struct store *s, int64_t id, int limit, void **rows, size_t *n,
            struct err *e)
{
	return store_alerts_of_incident(s, id, limit, (struct alert **)rows, n,
	                                e);
}

static int
of_asset(struct store *s, int64_t id, int limit, void **rows, size_t *n,
         struct err *e)
{
	return store_alerts_of_asset(s, id, limit, (struct alert **)rows, n, e);
}

const struct detail_related columns_alerts_of_incident = {
    STORE_ALERTS, of_incident, alert_brief, ARRAY_SIZE(alert_brief),
    NULL,         NULL};
const struct detail_related columns_alerts_of_asset = {
    STORE_ALERTS, of_asset, alert_brief, ARRAY_SIZE(alert_brief), NULL, NULL};

/* ---- page ---- */

static char *
alert_heading(const void *row)
{
	const struct alert *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "alert:%lld  %s", (long long)r->meta.id,
	            r->title ? r->title : "");
	return strbuf_detach(&sb, NULL);
}

/* "feed (provider)", or the feed alone. */
static char *
alert_feed_value(const void *row, int64_t now)
{
	const struct alert *r = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s%s%s", r->feed_name ? r->feed_name : "",
	            r->feed_provider ? " (" : "",
	            r->feed_provider ? r->feed_provider : "",
	            r->feed_provider ? ")" : "");
	return strbuf_detach(&sb, NULL);
}

/* "asset:ID", no line without one. */
static char *
alert_asset_value(const void *row, int64_t now)
{
	const struct alert *r = row;
	struct strbuf sb;

	(void)now;
	if (!r->asset_id)
		return NULL;
	strbuf_init(&sb);
	strbuf_addf(&sb, "asset:%lld", (long long)r->asset_id);
	return strbuf_detach(&sb, NULL);
}

static int64_t
alert_asset_link(const void *row)
{
	return ((const struct alert *)row)->asset_id;
}

static int64_t
alert_incident_link(const void *row)
{
	return ((const struct alert *)row)->incident_id;
}

VALUE(alert, status, text_cell(alert_status_name(r->status)))
VALUE(alert, severity, text_cell(severity_name(r->severity)))
VALUE(alert, tlp, text_cell(tlp_name(r->tlp)))
VALUE(alert, observed, columns_when(now, r->observed_at))
VALUE(alert, received, columns_when(now, r->received_at))
VALUE(alert, organization, text_cell(r->organization))
VALUE(alert, sector, text_cell(r->sector))
VALUE(alert, incident, text_cell(r->incident_ref))
VALUE(alert, event_hash, text_cell(r->event_hash))

static char *
alert_description(const void *row)
{
	return text_cell(((const struct alert *)row)->description);
}

static char *
alert_raw(const void *row)
{
	return text_cell(((const struct alert *)row)->raw_json);
}

/* "type            value" a line (the value sanitized to keep its line). */
static char *
alert_observables(const void *row)
{
	const struct alert *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < r->n_observables; i++) {
		const char *v = r->observables[i].value;
		char *clean = sanitize_dup(v && *v ? v : "-", 0);

		strbuf_addf(&sb, "%s%-14s %s", i ? "\n" : "",
		            observable_type_name(r->observables[i].type),
		            clean);
		free(clean);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
alert_n_observables(const void *row)
{
	return ((const struct alert *)row)->n_observables;
}

static const struct detail_field alert_fields[] = {
    {"Status", alert_status_value, NULL, 0},
    {"Severity", alert_severity_value, NULL, 0},
    {"TLP", alert_tlp_value, NULL, 0},
    {"Taxonomy", alert_class_type, NULL, 0},
    {"Feed", alert_feed_value, NULL, 0},
    {"Observed", alert_observed_value, NULL, 0},
    {"Received", alert_received_value, NULL, 0},
    {"Organization", alert_organization_value, NULL, 0},
    {"Sector", alert_sector_value, NULL, 0},
    {"Asset", alert_asset_value, alert_asset_link, STORE_ASSETS},
    {"Incident", alert_incident_value, alert_incident_link, STORE_INCIDENTS},
    {"Event hash", alert_event_hash_value, NULL, 0},
    {"Source", source_text, NULL, 0},
};

static const struct detail_block alert_blocks[] = {
    {"Description", alert_description, NULL, NULL},
    {"Observables", alert_observables, alert_n_observables, NULL},
    {"Raw", alert_raw, NULL, NULL},
};

static const struct detail_layout alert_detail = {
    alert_heading,
    alert_fields,
    ARRAY_SIZE(alert_fields),
    alert_blocks,
    ARRAY_SIZE(alert_blocks),
};

/* ---- JSON and CSV fields (see columns_incident.c) ---- */

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

const struct column_catalog columns_alerts = {
    .entity = STORE_ALERTS,
    .view = "alerts",
    .singular = "alert",
    .cols = alert_cols,
    .n_cols = ARRAY_SIZE(alert_cols),
    .n_default = 7,
    .detail = &alert_detail,
    .fields = {alert_export, ARRAY_SIZE(alert_export)},
    .tab = COLUMN_TAB_ALWAYS,
    .cli = alert_cli,
    .n_cli = ARRAY_SIZE(alert_cli),
    .is_list_partial = true, /* lists read no observables */
};
