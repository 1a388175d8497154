/*
 * The assets' catalog (app/columns.h): the console's columns, the table of
 * `centinela list assets`, the page of an asset (`centinela show asset:ID`
 * and the console's), the JSON and CSV fields, and the assets linked to an
 * incident or an organization, for their pages.
 */
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/array.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/export/export.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "columns_internal.h"

/* ---- columns ---- */

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

static const struct cli_column asset_cli[] = {
    {"id", "ID", 2, false, true},
    {"criticality", "CRIT", 4, false, true},
    {"name", "NAME", 10, true, false},
    {"kind", "KIND", 4, false, false},
    {"organization", "ORGANIZATION", 10, true, false},
    {"sector", "SECTOR", 6, true, false},
    {"address", "ADDRESS", 7, true, false},
};

/* ---- an incident's or an organization's assets ---- */

static const struct cli_column asset_brief[] = {
    {"id", "ID", 2, false, true},
    {"criticality", "CRIT", 4, false, true},
    {"name", "NAME", 12, true, false},
    {"kind", "KIND", 4, false, false},
    {"address", "ADDRESS", 7, true, false},
};

static int
of_incident(struct store *s, int64_t id, int limit, void **rows, size_t *n,
            struct err *e)
{
	return store_assets_of_incident(s, id, limit, (struct asset **)rows, n,
	                                e);
}

static int
of_organization(struct store *s, int64_t id, int limit, void **rows, size_t *n,
                struct err *e)
{
	return store_assets_of_organization(s, id, limit, (struct asset **)rows,
	                                    n, e);
}

const struct detail_related columns_assets_of_incident = {
    STORE_ASSETS, of_incident, asset_brief, ARRAY_SIZE(asset_brief),
    NULL,         NULL};
const struct detail_related columns_assets_of_organization = {
    STORE_ASSETS, of_organization, asset_brief, ARRAY_SIZE(asset_brief), NULL,
    NULL};

/* ---- page ---- */

static char *
asset_heading(const void *row)
{
	const struct asset *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "asset:%lld  %s", (long long)r->meta.id,
	            r->name ? r->name : "");
	return strbuf_detach(&sb, NULL);
}

/* "vendor product version". */
static char *
asset_product_value(const void *row, int64_t now)
{
	const struct asset *r = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s %s %s", r->vendor ? r->vendor : "",
	            r->product ? r->product : "",
	            r->product_version ? r->product_version : "");
	return strbuf_detach(&sb, NULL);
}

static int64_t
asset_organization_link(const void *row)
{
	return ((const struct asset *)row)->organization_id;
}

VALUE(asset, organization, text_cell(r->organization))
VALUE(asset, sector, text_cell(r->sector))
VALUE(asset, kind, text_cell(asset_kind_name(r->kind)))
VALUE(asset, criticality, num_cell(r->criticality))
VALUE(asset, hostname, text_cell(r->hostname))
VALUE(asset, ip, text_cell(r->ip))
VALUE(asset, location, text_cell(r->location))

/* One CPE name a line (each sanitized to keep its line). */
static char *
asset_cpes(const void *row)
{
	const struct asset *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < r->cpes.n; i++) {
		char *clean = sanitize_dup(r->cpes.v[i], 0);

		strbuf_addf(&sb, "%s%s", i ? "\n" : "", clean);
		free(clean);
	}
	return strbuf_detach(&sb, NULL);
}

static size_t
asset_n_cpes(const void *row)
{
	return ((const struct asset *)row)->cpes.n;
}

static const struct detail_field asset_fields[] = {
    {"Organization", asset_organization_value, asset_organization_link,
     STORE_ORGANIZATIONS},
    {"Sector", asset_sector_value, NULL, 0},
    {"Kind", asset_kind_value, NULL, 0},
    {"Criticality", asset_criticality_value, NULL, 0},
    {"Hostname", asset_hostname_value, NULL, 0},
    {"IP", asset_ip_value, NULL, 0},
    {"Location", asset_location_value, NULL, 0},
    {"Product", asset_product_value, NULL, 0},
    {"Source", source_text, NULL, 0},
};

static const struct detail_block asset_blocks[] = {
    {"CPE names", asset_cpes, asset_n_cpes, NULL},
    {"Exposures", NULL, NULL, &columns_exposures_of_asset},
    {"Incidents", NULL, NULL, &columns_incidents_of_asset},
    {"Alerts", NULL, NULL, &columns_alerts_of_asset},
};

static const struct detail_layout asset_detail = {
    asset_heading,
    asset_fields,
    ARRAY_SIZE(asset_fields),
    asset_blocks,
    ARRAY_SIZE(asset_blocks),
};

/* ---- JSON and CSV fields (see columns_incident.c) ---- */

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

const struct column_catalog columns_assets = {
    .entity = STORE_ASSETS,
    .view = "assets",
    .singular = "asset",
    .cols = asset_cols,
    .n_cols = ARRAY_SIZE(asset_cols),
    .n_default = 6,
    .detail = &asset_detail,
    .fields = {asset_export, ARRAY_SIZE(asset_export)},
    .tab = COLUMN_TAB_ALWAYS,
    .cli = asset_cli,
    .n_cli = ARRAY_SIZE(asset_cli),
    .is_list_partial = true, /* lists read no CPE names */
};
