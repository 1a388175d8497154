/*
 * The exposures' catalog (app/columns.h): the console's columns, the table
 * of `centinela list exposures`, the page of an exposure (`centinela show
 * exposure:ID` and the console's), the JSON and CSV fields, and the
 * exposures of a CVE (grouped by sector and organization) and of an asset,
 * for their pages.
 */
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/array.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/export/export.h"
#include "centinela/model/exposure.h"
#include "centinela/store/exposure.h"
#include "centinela/store/list.h"
#include "columns_internal.h"

/* ---- columns ---- */

/* "yes", "yes+R" (ransomware), "" */
static char *
kev_cell(const struct exposure *r)
{
	return text_cell(!r->is_kev ? "" : r->is_ransomware ? "ransom" : "yes");
}

/* The priority's theme element: 70 and up critical, 50 high, 30 medium. */
static const char *
priority_element(int p)
{
	return severity_element(p >= 70 ? 5 : p >= 50 ? 4 : p >= 30 ? 3 : 2);
}

CELL(exposure, priority, num_cell(r->priority))
ELEMENT(exposure, priority, priority_element(r->priority))
CELL(exposure, cve, text_cell(r->cve_id))
CELL(exposure, kev, kev_cell(r))
CELL(exposure, epss, score_cell(r->epss, 3))
CELL(exposure, cvss, score_cell(r->cvss, 1))
CELL(exposure, criticality, num_cell(r->criticality))
CELL(exposure, asset, text_cell(r->asset))
CELL(exposure, organization, text_cell(r->organization))
CELL(exposure, sector, text_cell(r->sector))
CELL(exposure, cpe, text_cell(r->cpe))
CELL(exposure, matched, date_cell(r->matched_at))
CELL(exposure, due, date_cell(r->kev_due_at))
CELL(exposure, title, text_cell(r->title))
CELL(exposure, id, num_cell(r->meta.id))

static const struct column_def exposure_cols[] = {
    {"priority", "PRIO", 4, 0, exposure_priority, exposure_priority_element},
    {"cve", "CVE", 15, 0, exposure_cve, NULL},
    {"kev", "KEV", 6, 0, exposure_kev, NULL},
    {"epss", "EPSS", 5, 0, exposure_epss, NULL},
    {"cvss", "CVSS", 4, 0, exposure_cvss, NULL},
    {"criticality", "CRIT", 4, 0, exposure_criticality, NULL},
    {"asset", "ASSET", 0, 12, exposure_asset, NULL},
    {"organization", "ORGANIZATION", 18, 8, exposure_organization, NULL},
    {"sector", "SECTOR", 12, 6, exposure_sector, NULL},
    {"cpe", "CPE", 40, 12, exposure_cpe, NULL},
    {"matched", "MATCHED", 10, 0, exposure_matched, NULL},
    {"due", "DUE", 10, 0, exposure_due, NULL},
    {"title", "TITLE", 24, 8, exposure_title, NULL},
    {"id", "ID", 14, 0, exposure_id, NULL},
};

static const struct cli_column exposure_cli[] = {
    {"priority", "PRIO", 4, false, true},
    {"cve", "CVE", 13, false, false},
    {"kev", "KEV", 3, false, false},
    {"epss", "EPSS", 4, false, true},
    {"cvss", "CVSS", 4, false, true},
    {"criticality", "CRIT", 4, false, true},
    {"asset", "ASSET", 8, true, false},
    {"organization", "ORGANIZATION", 8, true, false},
    {"sector", "SECTOR", 6, true, false},
};

/* ---- a CVE's and an asset's exposures ---- */

/* A CVE's affected assets, under a heading per sector and organization. */
static const struct cli_column exposure_of_cve[] = {
    {"priority", "PRIO", 4, false, true},
    {"criticality", "CRIT", 4, false, true},
    {"asset", "ASSET", 10, true, false},
    {"cpe", "CPE", 12, true, false},
};

static const struct cli_column exposure_of_asset[] = {
    {"priority", "PRIO", 4, false, true}, {"cve", "CVE", 13, false, false},
    {"kev", "KEV", 3, false, false},      {"epss", "EPSS", 4, false, true},
    {"cvss", "CVSS", 4, false, true},     {"cpe", "CPE", 12, true, false},
};

static int
of_vulnerability(struct store *s, int64_t id, int limit, void **rows, size_t *n,
                 struct err *e)
{
	return store_exposures_of_vulnerability(s, id, limit,
	                                        (struct exposure **)rows, n, e);
}

static int
of_asset(struct store *s, int64_t id, int limit, void **rows, size_t *n,
         struct err *e)
{
	return store_exposures_of_asset(s, id, limit, (struct exposure **)rows,
	                                n, e);
}

/* "energy / Comisión Federal de Electricidad" */
static char *
sector_and_organization(const void *row)
{
	const struct exposure *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s / %s", r->sector ? r->sector : "-",
	            r->organization ? r->organization : "-");
	return strbuf_detach(&sb, NULL);
}

const struct detail_related columns_exposures_of_vulnerability = {
    STORE_EXPOSURES,         of_vulnerability,
    exposure_of_cve,         ARRAY_SIZE(exposure_of_cve),
    sector_and_organization, "affected_assets"};
const struct detail_related columns_exposures_of_asset = {
    STORE_EXPOSURES,
    of_asset,
    exposure_of_asset,
    ARRAY_SIZE(exposure_of_asset),
    NULL,
    "exposures"};

/* ---- page ---- */

static char *
exposure_heading(const void *row)
{
	const struct exposure *r = row;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s on %s", r->cve_id ? r->cve_id : "?",
	            r->asset ? r->asset : "?");
	return strbuf_detach(&sb, NULL);
}

/*
 * "87 = KEV 25 + ransomware 10 + EPSS 19.5 + CVSS 19.6 + criticality 16 +
 * sector 9", the terms of model/exposure.h, so that the rank explains
 * itself (the stored priority is their rounded sum).
 */
static char *
exposure_priority_value(const void *row, int64_t now)
{
	const struct exposure *r = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%d = KEV %d + ransomware %d + EPSS %.1f + CVSS %.1f",
	            r->priority, r->is_kev ? 25 : 0, r->is_ransomware ? 10 : 0,
	            20 * (r->epss >= 0 ? r->epss : 0),
	            2 * (r->cvss >= 0 ? r->cvss : 0));
	strbuf_addf(&sb, " + criticality %d + sector %d",
	            4 * (r->criticality - 1), r->sector_weight);
	return strbuf_detach(&sb, NULL);
}

static int64_t
exposure_asset_link(const void *row)
{
	return ((const struct exposure *)row)->asset_id;
}

static int64_t
exposure_organization_link(const void *row)
{
	return ((const struct exposure *)row)->organization_id;
}

static int64_t
exposure_cve_link(const void *row)
{
	return ((const struct exposure *)row)->vulnerability_id;
}

VALUE(exposure, asset, text_cell(r->asset))
VALUE(exposure, organization, text_cell(r->organization))
VALUE(exposure, sector, text_cell(r->sector))
VALUE(exposure, criticality, num_cell(r->criticality))
VALUE(exposure, cve, text_cell(r->cve_id))
VALUE(exposure, title, text_cell(r->title))
VALUE(exposure, cpe, text_cell(r->cpe))
VALUE(exposure, kev, flag_text(r->is_kev, "listed", "no"))
VALUE(exposure, ransomware,
      flag_text(r->is_ransomware, "known use", "none known"))
VALUE(exposure, due, date_cell(r->kev_due_at))
VALUE(exposure, epss, score_cell(r->epss, 5))
VALUE(exposure, cvss, score_cell(r->cvss, 1))
VALUE(exposure, matched, columns_when(now, r->matched_at))
VALUE(exposure, confirmed, columns_when(now, r->meta.updated_at))

static const struct detail_field exposure_fields[] = {
    {"Priority", exposure_priority_value, NULL, 0},
    {"Asset", exposure_asset_value, exposure_asset_link, STORE_ASSETS},
    {"Organization", exposure_organization_value, exposure_organization_link,
     STORE_ORGANIZATIONS},
    {"Sector", exposure_sector_value, NULL, 0},
    {"Criticality", exposure_criticality_value, NULL, 0},
    {"CVE", exposure_cve_value, exposure_cve_link, STORE_VULNERABILITIES},
    {"Title", exposure_title_value, NULL, 0},
    {"CPE", exposure_cpe_value, NULL, 0},
    {"KEV", exposure_kev_value, NULL, 0},
    {"Ransomware", exposure_ransomware_value, NULL, 0},
    {"Due", exposure_due_value, NULL, 0},
    {"EPSS", exposure_epss_value, NULL, 0},
    {"CVSS", exposure_cvss_value, NULL, 0},
    {"Matched", exposure_matched_value, NULL, 0},
    {"Confirmed", exposure_confirmed_value, NULL, 0},
};

static const struct detail_layout exposure_detail = {
    exposure_heading, exposure_fields, ARRAY_SIZE(exposure_fields), NULL, 0,
};

/* ---- JSON and CSV fields (see columns_incident.c) ---- */

static const struct export_field exposure_export[] = {
    EXPORT_F(exposure, "id", ID, meta.id),
    EXPORT_F(exposure, "asset_id", ID, asset_id),
    EXPORT_F(exposure, "asset", TEXT, asset),
    EXPORT_F(exposure, "organization_id", ID, organization_id),
    EXPORT_F(exposure, "organization", TEXT, organization),
    EXPORT_F(exposure, "sector", TEXT, sector),
    EXPORT_F(exposure, "criticality", INT, criticality),
    EXPORT_F(exposure, "vulnerability_id", ID, vulnerability_id),
    EXPORT_F(exposure, "cve", TEXT, cve_id),
    EXPORT_F(exposure, "title", TEXT, title),
    EXPORT_F(exposure, "cpe", TEXT, cpe),
    EXPORT_F(exposure, "kev", BOOL, is_kev),
    EXPORT_F(exposure, "ransomware", BOOL, is_ransomware),
    EXPORT_F(exposure, "kev_due_at", TIME, kev_due_at),
    EXPORT_F(exposure, "epss", SCORE, epss),
    EXPORT_F(exposure, "cvss", SCORE, cvss),
    EXPORT_F(exposure, "priority", INT, priority),
    EXPORT_F(exposure, "matched_at", TIME, matched_at),
    EXPORT_F(exposure, "confirmed_at", TIME, meta.updated_at),
};

const struct column_catalog columns_exposures = {
    .entity = STORE_EXPOSURES,
    .view = "exposures",
    .singular = "exposure",
    .cols = exposure_cols,
    .n_cols = ARRAY_SIZE(exposure_cols),
    .n_default = 9,
    .detail = &exposure_detail,
    .fields = {exposure_export, ARRAY_SIZE(exposure_export)},
    /* shown when the cache holds some: no tab number moves */
    .tab = COLUMN_TAB_WITH_ROWS,
    .cli = exposure_cli,
    .n_cli = ARRAY_SIZE(exposure_cli),
};
