/*
 * Row readers shared by the list queries (list.c) and the per-entity *_get
 * functions: one column list per entity and one function that turns the
 * current row of a statement selecting that list into a model struct.
 *
 * The column lists name the table (FROM incident, FROM alert, ...) and fill
 * the derived fields with correlated subqueries (organization name, linked
 * incident reference, open incident count), so a query is
 *   "SELECT " STORE_ROW_INCIDENT_COLS " FROM incident WHERE incident.id = ?"
 * Link tables and large columns are not part of the lists: incidents come
 * without alert_ids, asset_ids and notes, alerts without observables and
 * raw_json, assets and vulnerabilities without cpes; a *_get selects those separately (or
 * appends columns after the list and reads them from
 * first_col + STORE_ROW_<X>_NCOLS).
 */
#ifndef CENTINELA_STORE_ROWS_H
#define CENTINELA_STORE_ROWS_H

#include <sqlite3.h>

#include "centinela/model/alert.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/asset.h"
#include "centinela/model/exposure.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"

#define STORE_ROW_INCIDENT_COLS                                                \
	"incident.id, incident.source, incident.remote_id, incident.version, " \
	"incident.local_state, incident.created_at, incident.updated_at"       \
	", incident.reference, incident.title, incident.description, "         \
	"incident.category, incident.category_type, incident.severity, "       \
	"incident.priority, incident.status, incident.tlp, incident.pap, "     \
	"incident.assignee, incident.organization_id, "                        \
	"(SELECT organization.name FROM organization "                         \
	"WHERE organization.id = incident.organization_id), "                  \
	"incident.sector, incident.opened_at, incident.first_response_at, "    \
	"incident.due_at, incident.closed_at, incident.sla_paused_s, "         \
	"incident.waiting_since"
#define STORE_ROW_INCIDENT_NCOLS 27

#define STORE_ROW_ALERT_COLS                                                   \
	"alert.id, alert.source, alert.remote_id, alert.version, "             \
	"alert.local_state, alert.created_at, alert.updated_at"                \
	", alert.title, alert.description, alert.severity, alert.tlp, "        \
	"alert.taxonomy_class, alert.taxonomy_type, alert.feed_name, "         \
	"alert.feed_provider, alert.observed_at, alert.received_at, "          \
	"alert.status, alert.organization_id, "                                \
	"(SELECT organization.name FROM organization "                         \
	"WHERE organization.id = alert.organization_id), "                     \
	"alert.sector, alert.asset_id, "                                       \
	"(SELECT coalesce(asset.remote_id, asset.name) FROM asset "            \
	"WHERE asset.id = alert.asset_id), "                                   \
	"alert.incident_id, "                                                  \
	"(SELECT incident.reference FROM incident "                            \
	"WHERE incident.id = alert.incident_id), "                             \
	"alert.event_hash"
#define STORE_ROW_ALERT_NCOLS 26

#define STORE_ROW_ASSET_COLS                                                   \
	"asset.id, asset.source, asset.remote_id, asset.version, "             \
	"asset.local_state, asset.created_at, asset.updated_at"                \
	", asset.name, asset.organization_id, "                                \
	"(SELECT organization.name FROM organization "                         \
	"WHERE organization.id = asset.organization_id), "                     \
	"asset.sector, asset.kind, asset.criticality, asset.hostname, "        \
	"asset.ip, asset.location, asset.vendor, asset.product, "              \
	"asset.product_version"
#define STORE_ROW_ASSET_NCOLS 19

/* open_incidents counts the incidents neither resolved nor closed. */
#define STORE_ROW_ORGANIZATION_COLS                                                            \
	"organization.id, organization.source, organization.remote_id, organization.version, " \
	"organization.local_state, organization.created_at, organization.updated_at"           \
	", organization.name, organization.sector, organization.region, "                      \
	"organization.contact, organization.abuse_contact, "                                   \
	"(SELECT count(*) FROM incident "                                                      \
	"WHERE incident.organization_id = organization.id "                                    \
	"AND incident.status NOT IN ('resolved', 'closed'))"
#define STORE_ROW_ORGANIZATION_NCOLS 13

/*
 * A bulletin, with its CVE ids (space-separated, sorted; read into
 * cve_ids). Its other lists and parts are read by store_bulletin_get.
 */
#define STORE_ROW_BULLETIN_COLS                                                \
	"bulletin.id, bulletin.source, bulletin.remote_id, bulletin.version, " \
	"bulletin.local_state, bulletin.created_at, bulletin.updated_at, "     \
	"bulletin.reference, bulletin.title, bulletin.summary, bulletin.body, " \
	"bulletin.tlp, bulletin.severity, bulletin.status, bulletin.category, " \
	"bulletin.author, bulletin.reviewer, bulletin.reviewed_at, "           \
	"bulletin.published_at, (SELECT group_concat(cve_id, ' ') FROM "       \
	"(SELECT bulletin_cve.cve_id FROM bulletin_cve WHERE "                 \
	"bulletin_cve.bulletin_id = bulletin.id ORDER BY 1))"
#define STORE_ROW_BULLETIN_NCOLS 20

/* Scores and EPSS values are NULL when unknown (read as -1). */
#define STORE_ROW_VULNERABILITY_COLS                                           \
	"vulnerability.id, vulnerability.source, vulnerability.remote_id, "    \
	"vulnerability.version, vulnerability.local_state, "                   \
	"vulnerability.created_at, vulnerability.updated_at"                   \
	", vulnerability.cve_id, vulnerability.vendor, vulnerability.product, " \
	"vulnerability.title, vulnerability.description, "                     \
	"vulnerability.cvss_score, vulnerability.cvss_vector, "                \
	"vulnerability.is_kev, vulnerability.kev_added_at, "                   \
	"vulnerability.kev_due_at, vulnerability.kev_action, "                 \
	"vulnerability.is_ransomware, vulnerability.epss, "                    \
	"vulnerability.epss_percentile, vulnerability.published_at, "          \
	"vulnerability.epss_prev, vulnerability.epss_at, "                     \
	"vulnerability.kev_removed_at, vulnerability.description_es, "          \
	"vulnerability.vuln_status, vulnerability.source_identifier, "         \
	"vulnerability.last_modified_at"
#define STORE_ROW_VULNERABILITY_NCOLS 29

/*
 * An exposure's columns of its asset, its asset's organization and
 * sector, and its CVE come from those tables joined by their keys
 * (STORE_ROW_EXPOSURE_JOINS, after "FROM exposure" and any INDEXED BY):
 * a row costs four lookups. Read by a subquery per column, as filters
 * still test them (EXPOSURE_ASSET, EXPOSURE_VULN: counts read no
 * columns, so join nothing), a row took fifteen, which were most of the
 * time of a page of the list (G and g at 200x50). LEFT JOINs: the
 * exposures' table is read first, in the order of the index a page walks,
 * and a row is listed whether or not the others have its keys. Its meta
 * columns: the row id of schema v7, the source "match" (exposures are
 * found here, not pulled), matched_at and confirmed_at as created_at and
 * updated_at.
 */
#define EXPOSURE_ASSET(col)                                                    \
	"(SELECT asset." col " FROM asset WHERE asset.id = exposure.asset_id)"
#define EXPOSURE_VULN(col)                                                     \
	"(SELECT vulnerability." col " FROM vulnerability "                    \
	"WHERE vulnerability.id = exposure.vulnerability_id)"
#define STORE_ROW_EXPOSURE_JOINS                                               \
	" LEFT JOIN asset ON asset.id = exposure.asset_id"                     \
	" LEFT JOIN vulnerability ON vulnerability.id ="                       \
	" exposure.vulnerability_id"                                           \
	" LEFT JOIN organization ON organization.id = asset.organization_id"   \
	" LEFT JOIN sector ON sector.code = asset.sector"
#define STORE_ROW_EXPOSURE_COLS                                                \
	"exposure.id, 'match', NULL, 0, 'synced', exposure.matched_at, "      \
	"exposure.confirmed_at, exposure.asset_id, asset.name, "               \
	"asset.organization_id, organization.name, asset.sector, "             \
	"asset.criticality, sector.priority_weight, "                          \
	"exposure.vulnerability_id, vulnerability.cve_id, "                    \
	"vulnerability.title, exposure.cpe, vulnerability.is_kev, "            \
	"vulnerability.is_ransomware, vulnerability.kev_due_at, "              \
	"vulnerability.epss, vulnerability.cvss_score, exposure.priority, "    \
	"exposure.matched_at"
#define STORE_ROW_EXPOSURE_NCOLS 25

/*
 * The 7 columns of a struct record_meta, in every table's order: id,
 * source, remote_id, version, local_state, created_at, updated_at. Each
 * column list above starts with them.
 */
#define STORE_ROW_META_NCOLS 7

/*
 * Read the columns of the list starting at first_col of the current row of
 * st into *out, which must be freshly initialised (its owned fields are
 * overwritten, not freed). Returns the index of the first column after the
 * list (first_col + NCOLS).
 */
int store_row_read_incident(sqlite3_stmt *st, int first_col,
                            struct incident *out);
int store_row_read_alert(sqlite3_stmt *st, int first_col, struct alert *out);
int store_row_read_asset(sqlite3_stmt *st, int first_col, struct asset *out);
int store_row_read_organization(sqlite3_stmt *st, int first_col,
                                struct organization *out);
/* Without its CPE criteria, which store_vulnerability_get adds. */
int store_row_read_vulnerability(sqlite3_stmt *st, int first_col,
                                 struct vulnerability *out);
int store_row_read_exposure(sqlite3_stmt *st, int first_col,
                            struct exposure *out);
/* Without its parts, which store_bulletin_get adds. */
int store_row_read_bulletin(sqlite3_stmt *st, int first_col,
                            struct bulletin *out);
/* Read the STORE_ROW_META_NCOLS meta columns; same contract. */
int store_row_read_meta(sqlite3_stmt *st, int first_col, struct record_meta *m);

#endif
