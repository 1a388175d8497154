/*
 * The incidents' catalog (app/columns.h): the console's columns, the
 * table of `centinela list incidents`, the page of `centinela show REF`,
 * the JSON and CSV fields, and the incidents linked to an asset or an
 * organization, for their pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/export.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/sla.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "columns_internal.h"

/* ---- columns ---- */

static char *
incident_sla_cell(const void *row, int64_t now)
{
	char buf[24];

	incident_sla_text(row, now, buf, sizeof(buf));
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

/* Minimum widths let an incident list fit 80 columns. */
static const struct cli_column incident_cli[] = {
    {"reference", "REF", 13, false, false},
    {"severity", "SEV", 4, false, false},
    {"status", "STATUS", 6, false, false},
    {"title", "TITLE", 12, true, false},
    {"organization", "ORGANIZATION", 8, true, false},
    {"assignee", "ASSIGNEE", 6, true, false},
    {"age", "AGE", 3, false, true},
    {"sla", "SLA", 3, false, true},
};

/* ---- an asset's or an organization's incidents ---- */

static const struct cli_column incident_brief[] = {
    {"reference", "REF", 13, false, false},
    {"severity", "SEV", 4, false, false},
    {"status", "STATUS", 6, false, false},
    {"title", "TITLE", 16, true, false},
};

static int
of_asset(struct store *s, int64_t id, int limit, void **rows, size_t *n,
         struct err *e)
{
	return store_incidents_of_asset(s, id, limit, (struct incident **)rows,
	                                n, e);
}

static int
of_organization(struct store *s, int64_t id, int limit, void **rows, size_t *n,
                struct err *e)
{
	return store_incidents_of_organization(s, id, limit,
	                                       (struct incident **)rows, n, e);
}

const struct detail_related columns_incidents_of_asset = {
    STORE_INCIDENTS,
    of_asset,
    incident_brief,
    ARRAY_SIZE(incident_brief),
    NULL,
    NULL};
const struct detail_related columns_incidents_of_organization = {
    STORE_INCIDENTS,
    of_organization,
    incident_brief,
    ARRAY_SIZE(incident_brief),
    NULL,
    NULL};

/* ---- page ---- */

static char *
incident_heading(const void *row)
{
	const struct incident *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s  %s", r->reference ? r->reference : "",
	            r->title ? r->title : "");
	return strbuf_detach(&sb, NULL);
}

static char *
incident_severity_value(const void *row, int64_t now)
{
	const struct incident *r = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s, priority P%d", severity_name(r->severity),
	            r->priority);
	return strbuf_detach(&sb, NULL);
}

static char *
incident_category_value(const void *row, int64_t now)
{
	const struct incident *r = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s%s", r->category ? r->category : "",
	            r->category_type ? "/" : "",
	            r->category_type ? r->category_type : "");
	return strbuf_detach(&sb, NULL);
}

static char *
incident_sharing_value(const void *row, int64_t now)
{
	const struct incident *r = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strbuf_addf(&sb, "TLP:%s  PAP:%s", tlp_name(r->tlp), pap_name(r->pap));
	return strbuf_detach(&sb, NULL);
}

static int64_t
incident_organization_link(const void *row)
{
	return ((const struct incident *)row)->organization_id;
}

VALUE(incident, status, text_cell(incident_status_name(r->status)))
VALUE(incident, organization, text_cell(r->organization))
VALUE(incident, sector, text_cell(r->sector))
VALUE(incident, assignee, text_cell(r->assignee))
VALUE(incident, opened, columns_when(now, r->opened_at))
VALUE(incident, first_response, columns_when(now, r->first_response_at))
VALUE(incident, due, columns_when(now, r->due_at))
VALUE(incident, closed, columns_when(now, r->closed_at))
VALUE(incident, updated, columns_when(now, r->meta.updated_at))
static char *
incident_description(const void *row)
{
	return text_cell(((const struct incident *)row)->description);
}

/*
 * The notes, oldest first: "when  author" and the body's lines under it,
 * indented (sanitized here: a body's newlines are its own lines).
 */
static char *
incident_timeline(const void *row)
{
	const struct incident *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < r->n_notes; i++) {
		const struct note *nt = &r->notes[i];
		char *when = columns_minute(nt->created_at);
		char *who = sanitize_dup(nt->author, 0);
		struct strbuf body;

		strbuf_addf(&sb, "%s%s  %s", i ? "\n" : "", when, who);
		free(when);
		free(who);
		strbuf_init(&body);
		if (nt->body)
			sanitize_append(&body, nt->body, strlen(nt->body),
			                SANITIZE_KEEP_NEWLINE);
		for (const char *p = body.buf; *p;) {
			const char *nl = strchr(p, '\n');
			int len = nl ? (int)(nl - p) : (int)strlen(p);

			strbuf_addf(&sb, "\n  %.*s", len, p);
			p += len + (nl ? 1 : 0);
		}
		strbuf_release(&body);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
incident_n_notes(const void *row)
{
	return ((const struct incident *)row)->n_notes;
}

static const struct detail_field incident_fields[] = {
    {"Status", incident_status_value, NULL, 0},
    {"Severity", incident_severity_value, NULL, 0},
    {"Category", incident_category_value, NULL, 0},
    {"Sharing", incident_sharing_value, NULL, 0},
    {"Organization", incident_organization_value, incident_organization_link,
     STORE_ORGANIZATIONS},
    {"Sector", incident_sector_value, NULL, 0},
    {"Assignee", incident_assignee_value, NULL, 0},
    {"Opened", incident_opened_value, NULL, 0},
    {"First response", incident_first_response_value, NULL, 0},
    {"Due", incident_due_value, NULL, 0},
    {"SLA", incident_sla_cell, NULL, 0},
    {"Closed", incident_closed_value, NULL, 0},
    {"Updated", incident_updated_value, NULL, 0},
    {"Source", source_text, NULL, 0},
};

static const struct detail_block incident_blocks[] = {
    {"Description", incident_description, NULL, NULL},
    {"Alerts", NULL, NULL, &columns_alerts_of_incident},
    {"Assets", NULL, NULL, &columns_assets_of_incident},
    {"Timeline", incident_timeline, incident_n_notes, NULL},
};

static const struct detail_layout incident_detail = {
    incident_heading,
    incident_fields,
    ARRAY_SIZE(incident_fields),
    incident_blocks,
    ARRAY_SIZE(incident_blocks),
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

const struct column_catalog columns_incidents = {
    .entity = STORE_INCIDENTS,
    .view = "incidents",
    .singular = "incident",
    .cols = incident_cols,
    .n_cols = ARRAY_SIZE(incident_cols),
    .n_default = 8,
    .detail = &incident_detail,
    .fields = {incident_export, ARRAY_SIZE(incident_export)},
    .tab = COLUMN_TAB_ALWAYS,
    .cli = incident_cli,
    .n_cli = ARRAY_SIZE(incident_cli),
};
