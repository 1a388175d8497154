/*
 * The organizations' catalog (app/columns.h): the console's columns, the
 * table of `centinela list organizations`, the page of an organization
 * (`centinela show org:ID` and the console's), and the JSON and CSV fields.
 */
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/array.h"
#include "centinela/base/strbuf.h"
#include "centinela/export/export.h"
#include "centinela/model/enums.h"
#include "centinela/model/organization.h"
#include "centinela/store/list.h"
#include "columns_internal.h"

/* ---- columns ---- */

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

static const struct cli_column organization_cli[] = {
    {"id", "ID", 2, false, true},         {"name", "NAME", 16, true, false},
    {"sector", "SECTOR", 6, true, false}, {"region", "REGION", 6, true, false},
    {"open", "OPEN", 4, false, true},
};

/* ---- page ---- */

static char *
organization_heading(const void *row)
{
	const struct organization *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "org:%lld  %s", (long long)r->meta.id,
	            r->name ? r->name : "");
	return strbuf_detach(&sb, NULL);
}

VALUE(organization, sector, text_cell(r->sector))
VALUE(organization, region, text_cell(r->region))
VALUE(organization, contact, text_cell(r->contact))
VALUE(organization, abuse, text_cell(r->abuse_contact))
VALUE(organization, open, num_cell(r->open_incidents))

static const struct detail_field organization_fields[] = {
    {"Sector", organization_sector_value, NULL, 0},
    {"Region", organization_region_value, NULL, 0},
    {"Contact", organization_contact_value, NULL, 0},
    {"Abuse contact", organization_abuse_value, NULL, 0},
    {"Open incidents", organization_open_value, NULL, 0},
    {"Source", source_text, NULL, 0},
};

static const struct detail_block organization_blocks[] = {
    {"Incidents", NULL, NULL, &columns_incidents_of_organization},
    {"Assets", NULL, NULL, &columns_assets_of_organization},
};

static const struct detail_layout organization_detail = {
    organization_heading,
    organization_fields,
    ARRAY_SIZE(organization_fields),
    organization_blocks,
    ARRAY_SIZE(organization_blocks),
};

/* ---- JSON and CSV fields (see columns_incident.c) ---- */

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

const struct column_catalog columns_organizations = {
    .entity = STORE_ORGANIZATIONS,
    .view = "organizations",
    .singular = "organization",
    .cols = organization_cols,
    .n_cols = ARRAY_SIZE(organization_cols),
    .n_default = 4,
    .detail = &organization_detail,
    .fields = {organization_export, ARRAY_SIZE(organization_export)},
    .tab = COLUMN_TAB_ALWAYS,
    .cli = organization_cli,
    .n_cli = ARRAY_SIZE(organization_cli),
};
