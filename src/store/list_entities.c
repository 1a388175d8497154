/*
 * The lists' entity tables: for each entity its table, the column list of
 * its row reader (rows.h), its FTS table, its filter fields and its sorts,
 * with the names the list API gives out (store_entity_name,
 * store_sort_fields, store_filter_fields, store_filter_values). A new list
 * is one entry of list_entities and its tables here. See list_internal.h.
 *
 * A filter field maps a name to a SQL left-hand side and a value kind that
 * says how a typed value becomes a bound parameter (severity names to
 * integers, durations to times, sector codes checked against the sector
 * table, ...). The SQL text is only ever assembled from the constant
 * strings of these tables and '?' placeholders; every value is bound.
 */
#include "centinela/store/list.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/filter.h"
#include "centinela/model/sla.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/recipient.h"
#include "centinela/store/exposure.h"
#include "centinela/store/incident.h"
#include "centinela/store/organization.h"
#include "centinela/store/vulnerability.h"
#include "internal.h"
#include "list_internal.h"
#include "rows.h"

#define ORG_BY_NAME(t)                                                         \
	t ".organization_id IN (SELECT organization.id FROM organization "     \
	  "WHERE organization.name COLLATE NOCASE"

/*
 * SLAs (model/sla.h; the store's triggers keep due_at). An open incident is
 * one of the statuses below, which index incident_status serves (counts
 * read the open rows only; pages walk their sort's index as always);
 * waiting_since is set exactly while the status is waiting, and a waiting
 * clock stands still at waiting_since.
 * due compares the deadline of running clocks: a paused one is not coming
 * due, but one paused after its deadline passed is overdue, so due< and
 * due<= take it too (due<2h: breached, or running out within 2h). The sla:
 * values take the clock (now) as ? parameters.
 */
#define SLA_OPEN STORE_INCIDENT_OPEN
#define SLA_RUNNING_DUE                                                        \
	"(" SLA_OPEN " AND incident.status <> 'waiting' AND incident.due_at"
#define SLA_PAUSED_OVERDUE                                                     \
	"(" SLA_OPEN " AND incident.due_at < incident.waiting_since)"
/* The deadline passed: for a paused clock, before the wait began. */
#define SLA_OVERDUE  STORE_SLA_OVERDUE("?")
#define SLA_FINAL_AT "coalesce(incident.closed_at, incident.updated_at)"

const struct list_sla_value list_sla_values[LIST_SLA_COUNT] = {
    {"running",
     "(" SLA_OPEN " AND incident.status <> 'waiting' AND incident.due_at >= ?)",
     1},
    {"near",
     "(" SLA_OPEN " AND incident.due_at >= coalesce(incident.waiting_since, "
     "?) AND (incident.due_at - coalesce(incident.waiting_since, ?)) * 100 "
     "<= (incident.due_at - incident.opened_at - incident.sla_paused_s) * "
     "25)",
     2},
    {"paused",
     "(" SLA_OPEN " AND incident.status = 'waiting' AND incident.due_at IS "
     "NOT NULL)",
     0},
    {"breached", "(" SLA_OPEN " AND " SLA_OVERDUE ")", 1},
    {"met",
     "(incident.status IN ('resolved', 'closed') AND " SLA_FINAL_AT
     " <= incident.due_at)",
     0},
    {"missed",
     "(incident.status IN ('resolved', 'closed') AND " SLA_FINAL_AT
     " > incident.due_at)",
     0},
};
_Static_assert(SLA_NEAR_PERCENT == 25, "sla:near's SQL says 25");
_Static_assert(COUNT(list_sla_values) == LIST_SLA_COUNT, "sla: values");

static const struct field_def incident_fields[] = {
    {"ref", VK_UPPER, "incident.reference", "", NULL, 0, 0, NULL},
    {"reference", VK_UPPER, "incident.reference", "", NULL, 0, 0, NULL},
    {"status", VK_INCIDENT_STATUS, "incident.status", "", NULL, 0, 0, NULL},
    {"severity", VK_SEVERITY, "incident.severity", "", NULL, 0, 0, NULL},
    {"priority", VK_INT, "incident.priority", "", NULL, 1, 4, NULL},
    {"tlp", VK_TLP, "incident.tlp", "", NULL, 0, 0, NULL},
    {"pap", VK_PAP, "incident.pap", "", NULL, 0, 0, NULL},
    {"assignee", VK_ASSIGNEE, "incident.assignee", "", NULL, 0, 0, NULL},
    {"category", VK_TAXONOMY, "incident.category", "", "incident.category_type",
     0, 0, NULL},
    {"org", VK_TEXT, ORG_BY_NAME("incident"), ")", NULL, 0, 0, NULL},
    {"organization", VK_TEXT, ORG_BY_NAME("incident"), ")", NULL, 0, 0, NULL},
    {"sector", VK_SECTOR, "incident.sector", "", NULL, 0, 0, NULL},
    {"age", VK_AGE, "incident.opened_at", "", NULL, 0, 0, NULL},
    {"due", VK_DEADLINE, SLA_RUNNING_DUE, ")", SLA_PAUSED_OVERDUE, 0, 0, NULL},
    {"sla", VK_SLA, "", "", NULL, 0, 0, NULL},
    {"updated", VK_TIME, "incident.updated_at", "", NULL, 0, 0, NULL},
    {"state", VK_LOCAL_STATE, "incident.local_state", "", NULL, 0, 0, NULL},
    {"source", VK_TEXT, "incident.source", "", NULL, 0, 0, NULL},
};

#define OBSERVABLE(type)                                                       \
	"alert.id IN (SELECT alert_observable.alert_id FROM alert_observable " \
	"WHERE alert_observable.type = '" type "' AND alert_observable.value"

static const struct field_def alert_fields[] = {
    {"severity", VK_SEVERITY, "alert.severity", "", NULL, 0, 0, NULL},
    {"status", VK_ALERT_STATUS, "alert.status", "", NULL, 0, 0, NULL},
    {"tlp", VK_TLP, "alert.tlp", "", NULL, 0, 0, NULL},
    {"taxonomy", VK_TAXONOMY, "alert.taxonomy_class", "", "alert.taxonomy_type",
     0, 0, NULL},
    {"type", VK_LOWER, "alert.taxonomy_type", "", NULL, 0, 0, NULL},
    {"feed", VK_TEXT, "alert.feed_name", "", NULL, 0, 0, NULL},
    {"source", VK_TEXT, "alert.source", "", NULL, 0, 0, NULL},
    {"org", VK_TEXT, ORG_BY_NAME("alert"), ")", NULL, 0, 0, NULL},
    {"organization", VK_TEXT, ORG_BY_NAME("alert"), ")", NULL, 0, 0, NULL},
    {"sector", VK_SECTOR, "alert.sector", "", NULL, 0, 0, NULL},
    {"asset", VK_INT, "alert.asset_id", "", NULL, 1, INT64_MAX, NULL},
    {"incident", VK_UPPER,
     "alert.incident_id IN (SELECT incident.id FROM incident "
     "WHERE incident.reference",
     ")", NULL, 0, 0, NULL},
    {"observable", VK_TEXT,
     "alert.id IN (SELECT alert_observable.alert_id FROM alert_observable "
     "WHERE alert_observable.value",
     ")", NULL, 0, 0, NULL},
    {"ip", VK_TEXT, OBSERVABLE("ip"), ")", NULL, 0, 0, NULL},
    {"fqdn", VK_LOWER, OBSERVABLE("fqdn"), ")", NULL, 0, 0, NULL},
    {"url", VK_TEXT, OBSERVABLE("url"), ")", NULL, 0, 0, NULL},
    {"asn", VK_TEXT, OBSERVABLE("asn"), ")", NULL, 0, 0, NULL},
    {"hash", VK_LOWER, OBSERVABLE("hash"), ")", NULL, 0, 0, NULL},
    {"email", VK_TEXT, OBSERVABLE("email"), ")", NULL, 0, 0, NULL},
    {"age", VK_AGE, "alert.observed_at", "", NULL, 0, 0, NULL},
    {"received", VK_TIME, "alert.received_at", "", NULL, 0, 0, NULL},
    {"state", VK_LOCAL_STATE, "alert.local_state", "", NULL, 0, 0, NULL},
};

static const struct field_def asset_fields[] = {
    {"kind", VK_ASSET_KIND, "asset.kind", "", NULL, 0, 0, NULL},
    {"criticality", VK_INT, "asset.criticality", "", NULL, 1, 5, NULL},
    {"sector", VK_SECTOR, "asset.sector", "", NULL, 0, 0, NULL},
    {"org", VK_TEXT, ORG_BY_NAME("asset"), ")", NULL, 0, 0, NULL},
    {"organization", VK_TEXT, ORG_BY_NAME("asset"), ")", NULL, 0, 0, NULL},
    {"vendor", VK_TEXT, "asset.vendor COLLATE NOCASE", "", NULL, 0, 0, NULL},
    {"product", VK_TEXT, "asset.product COLLATE NOCASE", "", NULL, 0, 0, NULL},
    {"cpe", VK_CPE, "asset.id IN (SELECT asset_cpe.asset_id FROM asset_cpe",
     ")", "asset_cpe", 1, 0, NULL},
    {"ip", VK_TEXT, "asset.ip", "", NULL, 0, 0, NULL},
    {"host", VK_TEXT, "asset.hostname COLLATE NOCASE", "", NULL, 0, 0, NULL},
    {"hostname", VK_TEXT, "asset.hostname COLLATE NOCASE", "", NULL, 0, 0,
     NULL},
    {"name", VK_TEXT, "asset.name COLLATE NOCASE", "", NULL, 0, 0, NULL},
    {"state", VK_LOCAL_STATE, "asset.local_state", "", NULL, 0, 0, NULL},
    {"source", VK_TEXT, "asset.source", "", NULL, 0, 0, NULL},
};

static const struct field_def organization_fields[] = {
    {"sector", VK_SECTOR, "organization.sector", "", NULL, 0, 0, NULL},
    {"region", VK_TEXT, "organization.region COLLATE NOCASE", "", NULL, 0, 0,
     NULL},
    {"name", VK_TEXT, "organization.name COLLATE NOCASE", "", NULL, 0, 0, NULL},
    {"state", VK_LOCAL_STATE, "organization.local_state", "", NULL, 0, 0, NULL},
    {"source", VK_TEXT, "organization.source", "", NULL, 0, 0, NULL},
};

/* Bulletins: their lists are matched through their link tables. */
#define BULLETIN_LIST(t, col)                                                  \
	"bulletin.id IN (SELECT " t ".bulletin_id FROM " t " WHERE " t "." col
#define BULLETIN_TEXT                                                          \
	"(bulletin.reference || ' ' || bulletin.title || ' ' || "              \
	"coalesce(bulletin.summary, ''))"

static const struct field_def bulletin_fields[] = {
    {"ref", VK_UPPER, "bulletin.reference", "", NULL, 0, 0, NULL},
    {"reference", VK_UPPER, "bulletin.reference", "", NULL, 0, 0, NULL},
    {"status", VK_LOWER, "bulletin.status", "", NULL, 0, 0, NULL},
    {"category", VK_LOWER, "bulletin.category", "", NULL, 0, 0, NULL},
    {"severity", VK_SEVERITY, "bulletin.severity", "", NULL, 0, 0, NULL},
    {"tlp", VK_TLP, "bulletin.tlp", "", NULL, 0, 0, NULL},
    {"cve", VK_UPPER, BULLETIN_LIST("bulletin_cve", "cve_id"), ")", NULL, 0, 0,
     NULL},
    {"sector", VK_SECTOR, BULLETIN_LIST("bulletin_sector", "sector"), ")", NULL,
     0, 0, NULL},
    {"author", VK_TEXT, "bulletin.author", "", NULL, 0, 0, NULL},
    {"reviewer", VK_TEXT, "bulletin.reviewer", "", NULL, 0, 0, NULL},
    {"published", VK_TIME, "bulletin.published_at", "", NULL, 0, 0, NULL},
    {"updated", VK_TIME, "bulletin.updated_at", "", NULL, 0, 0, NULL},
    {"state", VK_LOCAL_STATE, "bulletin.local_state", "", NULL, 0, 0, NULL},
    {"source", VK_TEXT, "bulletin.source", "", NULL, 0, 0, NULL},
};

static const struct field_def vulnerability_fields[] = {
    {"kev", VK_BOOL, "vulnerability.is_kev", "", NULL, 0, 0, NULL},
    {"ransomware", VK_BOOL, "vulnerability.is_ransomware", "", NULL, 0, 0,
     NULL},
    {"epss", VK_REAL, "vulnerability.epss", "", NULL, 0, 1, NULL},
    {"cvss", VK_REAL, "vulnerability.cvss_score", "", NULL, 0, 10, NULL},
    {"cve", VK_UPPER, "vulnerability.cve_id", "", NULL, 0, 0, NULL},
    {"vendor", VK_TEXT, "vulnerability.vendor COLLATE NOCASE", "", NULL, 0, 0,
     NULL},
    {"product", VK_TEXT, "vulnerability.product COLLATE NOCASE", "", NULL, 0, 0,
     NULL},
    {"published", VK_TIME, "vulnerability.published_at", "", NULL, 0, 0, NULL},
    {"added", VK_TIME, "vulnerability.kev_added_at", "", NULL, 0, 0, NULL},
    {"due", VK_DEADLINE, "vulnerability.kev_due_at", "", NULL, 0, 0, NULL},
    {"state", VK_LOCAL_STATE, "vulnerability.local_state", "", NULL, 0, 0,
     NULL},
    {"source", VK_TEXT, "vulnerability.source", "", NULL, 0, 0, NULL},
};

/*
 * An exposure's fields of its asset and its CVE are read by their keys,
 * as its row reader reads them (rows.h EXPOSURE_ASSET, EXPOSURE_VULN).
 * `new`: found after the analyst last looked at the list
 * (store_list_look); never looked at, every exposure is new.
 */
#define EXPOSURE_ORG_BY_NAME                                                   \
	"exposure.asset_id IN (SELECT asset.id FROM asset WHERE "              \
	"asset.organization_id IN (SELECT organization.id FROM organization "  \
	"WHERE organization.name COLLATE NOCASE"
/*
 * The same conditions as sets of CVEs or assets (field_def.set_lhs), for
 * a page that reads its matches from them rather than walk the list.
 */
#define VULN_SET(col)                                                          \
	"exposure.vulnerability_id IN (SELECT vulnerability.id FROM "          \
	"vulnerability WHERE vulnerability." col
#define ASSET_SET(col)                                                         \
	"exposure.asset_id IN (SELECT asset.id FROM asset WHERE asset." col
#define EXPOSURE_NEW                                                           \
	"(exposure.matched_at > coalesce((SELECT list_look.looked_at "         \
	"FROM list_look WHERE list_look.list = 'exposures'), 0))"
/* The columns of vulnerability_fts and asset_fts (schema v8, v1). */
#define VULN_WORDS                                                             \
	"vulnerability.cve_id, vulnerability.vendor, vulnerability.product, "  \
	"vulnerability.title, vulnerability.description"
#define ASSET_WORDS                                                            \
	"asset.name, asset.hostname, asset.location, asset.vendor, "           \
	"asset.product"
/*
 * The vulnerabilities' words: the FTS index's match set (IN), or a row
 * tested by fts_words (store/fts_words.c), which a walk of the sort index
 * can afford per row where a MATCH probe of the index by rowid cannot.
 */
#define VULN_TEXT_SQL                                                          \
	FTS_IN("vulnerability"), FTS_NOT_IN("vulnerability"),                  \
	    "fts_words(?, " VULN_WORDS ")",                                    \
	    "NOT fts_words(?, " VULN_WORDS ")", FTS_PROBE("vulnerability")
/*
 * An exposure matches a word when its CVE does (vulnerability_fts, as the
 * vulnerabilities list's words) or its asset does (asset_fts, as the
 * assets list's): the match sets of those small tables, not an index of
 * the exposures, which would cost every match written. Each form takes
 * the MATCH text twice. The probe counts matching exposures (up to ?2;
 * one matching on both sides counts twice) from the match sets through
 * the (vulnerability_id|asset_id, priority, id) indexes, and stops there.
 */
#define EXPOSURE_SORT_MAX 5000
/*
 * A word's CVEs are sorted up to VULN_SORT_MAX (read by rowid, a few
 * milliseconds), and their set is built up to VULN_IN_MAX, beyond which
 * (a quarter of the catalog has "overflow") building it costs more than
 * the short walk that finds a page of so common a word probing each row.
 */
#define VULN_SORT_MAX 2000
#define VULN_IN_MAX   10000
#define EXPOSURE_FTS_IN(side, t, not )                                         \
	"exposure." side " " not "IN (SELECT rowid FROM " t " WHERE " t        \
	                         " MATCH ?)"
#define EXPOSURE_FTS_EXISTS(t, cols, side)                                     \
	"(SELECT fts_words(?, " cols ") FROM " t " WHERE " t                   \
	".id = exposure." side ")"
#define EXPOSURE_FTS_PROBE(side, index, t)                                     \
	"SELECT 1 FROM " t ", exposure INDEXED BY " index " WHERE " t          \
	" MATCH ?1 AND exposure." side " = " t ".rowid"
#define EXPOSURE_TEXT_EXISTS                                                   \
	"(" EXPOSURE_FTS_EXISTS(                                               \
	    "vulnerability", VULN_WORDS,                                       \
	    "vulnerability_id") " OR " EXPOSURE_FTS_EXISTS("asset",            \
	                                                   ASSET_WORDS,        \
	                                                   "asset_id") ")"
#define EXPOSURE_TEXT_SQL                                                                        \
	"(" EXPOSURE_FTS_IN("vulnerability_id", "vulnerability_fts",                             \
	                    "") " OR " EXPOSURE_FTS_IN("asset_id",                               \
	                                               "asset_fts", "") ")",                     \
	    "(" EXPOSURE_FTS_IN("vulnerability_id", "vulnerability_fts",                         \
	                        "NOT ") " AND " EXPOSURE_FTS_IN("asset_id",                      \
	                                                        "asset_fts",                     \
	                                                        "NOT ") ")",                     \
	    EXPOSURE_TEXT_EXISTS, "NOT " EXPOSURE_TEXT_EXISTS,                                   \
	    "SELECT count(*) FROM (" EXPOSURE_FTS_PROBE(                                         \
	        "vulnerability_id", "exposure_vuln_priority",                                    \
	        "vulnerability_fts") " UNION ALL " EXPOSURE_FTS_PROBE("asset_id",                \
	                                                              "exposure_asset_priority", \
	                                                              "asset_fts") " LIMIT ?2)"

static const struct field_def exposure_fields[] = {
    {"priority", VK_INT, "exposure.priority", "", NULL, 0, 100, NULL},
    /* kev_at is kept (schema v7) exactly while the CVE is in KEV */
    {"kev", VK_BOOL, "(exposure.kev_at IS NOT NULL)", "", NULL, 0, 0,
     VULN_SET("is_kev")},
    {"ransomware", VK_BOOL, EXPOSURE_VULN("is_ransomware"), "", NULL, 0, 0,
     VULN_SET("is_ransomware")},
    {"epss", VK_REAL, EXPOSURE_VULN("epss"), "", NULL, 0, 1, VULN_SET("epss")},
    {"cvss", VK_REAL, EXPOSURE_VULN("cvss_score"), "", NULL, 0, 10,
     VULN_SET("cvss_score")},
    {"criticality", VK_INT, EXPOSURE_ASSET("criticality"), "", NULL, 1, 5,
     ASSET_SET("criticality")},
    {"sector", VK_SECTOR, EXPOSURE_ASSET("sector"), "", NULL, 0, 0,
     ASSET_SET("sector")},
    {"org", VK_TEXT, EXPOSURE_ORG_BY_NAME, "))", NULL, 0, 0, NULL},
    {"organization", VK_TEXT, EXPOSURE_ORG_BY_NAME, "))", NULL, 0, 0, NULL},
    {"asset", VK_TEXT,
     "exposure.asset_id IN (SELECT asset.id FROM asset WHERE asset.name "
     "COLLATE NOCASE",
     ")", NULL, 0, 0, NULL},
    {"cve", VK_UPPER,
     "exposure.vulnerability_id IN (SELECT vulnerability.id FROM "
     "vulnerability WHERE vulnerability.cve_id",
     ")", NULL, 0, 0, NULL},
    {"cpe", VK_CPE, "", "", "exposure", 0, 0, NULL},
    {"new", VK_FLAG, EXPOSURE_NEW, "", NULL, 0, 0, NULL},
    {"matched", VK_TIME, "exposure.matched_at", "", NULL, 0, 0, NULL},
    {"due", VK_DEADLINE, EXPOSURE_VULN("kev_due_at"), "", NULL, 0, 0,
     VULN_SET("kev_due_at")},
};

static const struct sort_def incident_sorts[] = {
    {"opened",
     "incident.opened_at",
     NULL,
     false,
     false,
     "incident_opened",
     NULL,
     {{"status", "incident_status"},
      {"severity", "incident_severity"},
      {"assignee", "incident_assignee"},
      {"sector", "incident_sector"},
      {NULL, NULL}},
     false},
    {"updated",
     "incident.updated_at",
     NULL,
     false,
     false,
     "incident_updated",
     NULL,
     {{NULL, NULL}},
     false},
    {"severity",
     "incident.severity",
     "incident.opened_at",
     false,
     false,
     "incident_severity",
     NULL,
     {{NULL, NULL}},
     false},
    /*
	 * incident_due is partial (due_at IS NOT NULL): sorting by due lists
	 * the incidents that have a deadline, which is what the sort is for.
	 */
    {"due",
     "incident.due_at",
     NULL,
     false,
     false,
     "incident_due",
     "incident.due_at IS NOT NULL",
     {{NULL, NULL}},
     false},
};
static const char *const incident_sort_names[] = {"opened", "updated",
                                                  "severity", "due", NULL};

static const struct sort_def alert_sorts[] = {
    {"observed",
     "alert.observed_at",
     NULL,
     false,
     false,
     "alert_observed",
     NULL,
     {{"severity", "alert_severity"},
      {"status", "alert_status"},
      {"tlp", "alert_tlp"},
      {"taxonomy", "alert_taxonomy"},
      {"feed", "alert_feed"},
      {"sector", "alert_sector"},
      {NULL, NULL}},
     false},
    {"received",
     "alert.received_at",
     NULL,
     false,
     false,
     "alert_received",
     NULL,
     {{NULL, NULL}},
     false},
    {"severity",
     "alert.severity",
     "alert.observed_at",
     false,
     false,
     "alert_severity",
     NULL,
     {{NULL, NULL}},
     false},
};
static const char *const alert_sort_names[] = {"observed", "received",
                                               "severity", NULL};

static const struct sort_def asset_sorts[] = {
    {"criticality",
     "asset.criticality",
     NULL,
     false,
     false,
     "asset_criticality",
     NULL,
     {{"sector", "asset_sector"}, {"kind", "asset_kind"}, {NULL, NULL}},
     false},
    {"name",
     "asset.name",
     NULL,
     true,
     false,
     "asset_name",
     NULL,
     {{NULL, NULL}},
     false},
};
static const char *const asset_sort_names[] = {"criticality", "name", NULL};

static const struct sort_def organization_sorts[] = {
    {"name",
     "organization.name",
     NULL,
     true,
     false,
     "organization_name",
     NULL,
     {{"sector", "organization_sector"}, {NULL, NULL}},
     false},
};
static const char *const organization_sort_names[] = {"name", NULL};

/*
 * CVE ids sort as text, newest year first (is_reversed); the KEV listing
 * and publication sorts list the rows that have that date, as incidents
 * sorted by due list those with a deadline.
 */
static const struct sort_def vulnerability_sorts[] = {
    {"cve",
     "vulnerability.cve_id",
     NULL,
     true,
     false,
     "sqlite_autoindex_vulnerability_1",
     NULL,
     {{NULL, NULL}},
     true},
    {"added",
     "vulnerability.is_kev",
     "vulnerability.kev_added_at",
     false,
     false,
     "vulnerability_kev",
     "vulnerability.kev_added_at IS NOT NULL",
     {{NULL, NULL}},
     false},
    {"published",
     "vulnerability.published_at",
     NULL,
     false,
     false,
     "vulnerability_published",
     "vulnerability.published_at IS NOT NULL",
     {{NULL, NULL}},
     false},
    /* the scored CVEs, most likely exploited first (a REAL key) */
    {"epss",
     "vulnerability.epss",
     NULL,
     false,
     true,
     "vulnerability_epss",
     "vulnerability.epss IS NOT NULL",
     {{NULL, NULL}},
     false},
};
static const char *const vulnerability_sort_names[] = {
    "cve", "added", "published", "epss", NULL};

/*
 * Exposures sort by priority (schema v7 keeps it), highest first, or by
 * when matching first found them, newest first.
 */
static const struct sort_def exposure_sorts[] = {
    {"priority",
     "exposure.priority",
     NULL,
     false,
     false,
     "exposure_priority",
     NULL,
     {{"cve", "exposure_vuln_priority"},
      {"asset", "exposure_asset_priority"},
      {"new", "exposure_matched"},
      {NULL, NULL}},
     false},
    {"matched",
     "exposure.matched_at",
     NULL,
     false,
     false,
     "exposure_matched",
     NULL,
     {{NULL, NULL}},
     false},
};
static const char *const exposure_sort_names[] = {"priority", "matched", NULL};

/* Bulletins: the last changed first, or the most severe, or by reference. */
static const struct sort_def bulletin_sorts[] = {
    {"updated",
     "bulletin.updated_at",
     NULL,
     false,
     false,
     "bulletin_updated",
     NULL,
     {{NULL, NULL}},
     false},
    {"severity",
     "bulletin.severity",
     "bulletin.updated_at",
     false,
     false,
     "bulletin_severity",
     NULL,
     {{NULL, NULL}},
     false},
    {"reference",
     "bulletin.reference",
     NULL,
     true,
     false,
     "sqlite_autoindex_bulletin_1",
     NULL,
     {{NULL, NULL}},
     true},
};
static const char *const bulletin_sort_names[] = {"updated", "severity",
                                                  "reference", NULL};

/* The model structs behind void pointers, for list_page. */
#define ROW_OPS(type)                                                          \
	static void type##_init_v(void *row)                                   \
	{                                                                      \
		type##_init(row);                                              \
	}                                                                      \
	static void type##_release_v(void *row)                                \
	{                                                                      \
		type##_release(row);                                           \
	}                                                                      \
	static void type##_read_v(sqlite3_stmt *st, void *row)                 \
	{                                                                      \
		store_row_read_##type(st, 0, row);                             \
	}
ROW_OPS(incident)
ROW_OPS(alert)
ROW_OPS(asset)
ROW_OPS(organization)
ROW_OPS(vulnerability)
ROW_OPS(exposure)
ROW_OPS(bulletin)
#define ROWS(type)                                                             \
	sizeof(struct type), type##_init_v, type##_release_v, type##_read_v

/* One row by local id or by its own name, behind void pointers. */
#define GET_BY_ID(type)                                                        \
	static int type##_get_id_v(struct store *s, int64_t id, void *row,     \
	                           struct err *e)                              \
	{                                                                      \
		return store_##type##_get(s, id, row, e);                      \
	}
GET_BY_ID(incident)
GET_BY_ID(alert)
GET_BY_ID(asset)
GET_BY_ID(organization)

static int
vulnerability_get_id_v(struct store *s, int64_t id, void *row, struct err *e)
{
	return store_vulnerability_get_by_id(s, id, row, e);
}

static int
exposure_get_id_v(struct store *s, int64_t id, void *row, struct err *e)
{
	return store_exposure_get(s, id, row, e);
}

/* A bulletin read for its page: with its recipients. */
static int
bulletin_get_id_v(struct store *s, int64_t id, void *row, struct err *e)
{
	int rc = store_bulletin_get_by_id(s, id, row, e);

	if (!rc && (rc = store_bulletin_recipients_load(s, row, e)))
		bulletin_release(row);
	return rc;
}

static int
bulletin_get_ref_v(struct store *s, const char *ref, void *row, struct err *e)
{
	int rc = store_bulletin_get(s, ref, row, e);

	if (!rc && (rc = store_bulletin_recipients_load(s, row, e)))
		bulletin_release(row);
	return rc;
}

static int
incident_get_ref_v(struct store *s, const char *ref, void *row, struct err *e)
{
	return store_incident_get_by_ref(s, ref, row, e);
}

static int
vulnerability_get_ref_v(struct store *s, const char *ref, void *row,
                        struct err *e)
{
	return store_vulnerability_get(s, ref, row, e);
}

/*
 * CVE-2021-44228 has the shape of an incident reference with prefix CVE;
 * it names a vulnerability.
 */
static bool
incident_ref_matches(const char *ref)
{
	return incident_reference_valid(ref) && !cve_id_valid(ref);
}

#define FTS_IN(t)                                                              \
	t ".id IN (SELECT rowid FROM " t "_fts WHERE " t "_fts MATCH ?)"
#define FTS_NOT_IN(t)                                                          \
	t ".id NOT IN (SELECT rowid FROM " t "_fts WHERE " t "_fts MATCH ?)"
#define FTS_EXISTS(t)                                                          \
	"EXISTS (SELECT 1 FROM " t "_fts WHERE " t "_fts MATCH ? AND " t       \
	"_fts.rowid = " t ".id)"
#define FTS_NOT_EXISTS(t) "NOT " FTS_EXISTS(t)
#define FTS_PROBE(t)                                                           \
	"SELECT count(*) FROM (SELECT 1 FROM " t "_fts WHERE " t "_fts "       \
	"MATCH ?1 LIMIT ?2)"
#define FTS_SQL(t)                                                             \
	FTS_IN(t), FTS_NOT_IN(t), FTS_EXISTS(t), FTS_NOT_EXISTS(t), FTS_PROBE(t)
#define LIKE_SQL(col)                                                          \
	col " LIKE ? ESCAPE '\\'", col " NOT LIKE ? ESCAPE '\\'",              \
	    col " LIKE ? ESCAPE '\\'", col " NOT LIKE ? ESCAPE '\\'", NULL

const struct entity_def list_entities[STORE_ENTITY_COUNT] = {
    [STORE_INCIDENTS] = {"incidents",
                         "incident",
                         "incident.id",
                         STORE_ROW_INCIDENT_COLS,
                         STORE_ROW_INCIDENT_NCOLS,
                         FTS_SQL("incident"),
                         false,
                         incident_fields,
                         COUNT(incident_fields),
                         incident_sorts,
                         COUNT(incident_sorts),
                         incident_sort_names,
                         ROWS(incident),
                         {"incident:", NULL},
                         incident_ref_matches,
                         "an incident reference",
                         "MX-2026-00042",
                         incident_get_id_v,
                         incident_get_ref_v},
    [STORE_ALERTS] = {"alerts",
                      "alert",
                      "alert.id",
                      STORE_ROW_ALERT_COLS,
                      STORE_ROW_ALERT_NCOLS,
                      FTS_SQL("alert"),
                      false,
                      alert_fields,
                      COUNT(alert_fields),
                      alert_sorts,
                      COUNT(alert_sorts),
                      alert_sort_names,
                      ROWS(alert),
                      {"alert:", NULL},
                      NULL,
                      NULL,
                      NULL,
                      alert_get_id_v,
                      NULL},
    [STORE_ASSETS] = {"assets",
                      "asset",
                      "asset.id",
                      STORE_ROW_ASSET_COLS,
                      STORE_ROW_ASSET_NCOLS,
                      FTS_SQL("asset"),
                      false,
                      asset_fields,
                      COUNT(asset_fields),
                      asset_sorts,
                      COUNT(asset_sorts),
                      asset_sort_names,
                      ROWS(asset),
                      {"asset:", NULL},
                      NULL,
                      NULL,
                      NULL,
                      asset_get_id_v,
                      NULL},
    /* Organizations have no FTS table: words match within the name. */
    [STORE_ORGANIZATIONS] = {"organizations",
                             "organization",
                             "organization.id",
                             STORE_ROW_ORGANIZATION_COLS,
                             STORE_ROW_ORGANIZATION_NCOLS,
                             LIKE_SQL("organization.name"),
                             true,
                             organization_fields,
                             COUNT(organization_fields),
                             organization_sorts,
                             COUNT(organization_sorts),
                             organization_sort_names,
                             ROWS(organization),
                             {"org:", "organization:", NULL},
                             NULL,
                             NULL,
                             NULL,
                             organization_get_id_v,
                             NULL},
    [STORE_VULNERABILITIES] = {"vulnerabilities",
                               "vulnerability",
                               "vulnerability.id",
                               STORE_ROW_VULNERABILITY_COLS,
                               STORE_ROW_VULNERABILITY_NCOLS,
                               VULN_TEXT_SQL,
                               false,
                               vulnerability_fields,
                               COUNT(vulnerability_fields),
                               vulnerability_sorts,
                               COUNT(vulnerability_sorts),
                               vulnerability_sort_names,
                               ROWS(vulnerability),
                               {NULL},
                               cve_id_valid,
                               "a CVE id",
                               "CVE-2021-44228",
                               vulnerability_get_id_v,
                               vulnerability_get_ref_v,
                               false,
                               NULL,
                               NULL,
                               VULN_SORT_MAX,
                               VULN_IN_MAX},
    /*
     * Words match the CVE or the asset, each word on its own. A match set
     * is read through the exposures of its CVEs and assets, by key (no
     * rowid) and planned by the planner (no NOT INDEXED), and sorted when
     * up to EXPOSURE_SORT_MAX: a few thousand keys read from an index
     * sort in milliseconds, and a walk of the priority index for a few
     * thousand matches among half a million rows does not.
     */
    [STORE_EXPOSURES] = {"exposures",
                         "exposure",
                         "exposure.id",
                         STORE_ROW_EXPOSURE_COLS,
                         STORE_ROW_EXPOSURE_NCOLS,
                         EXPOSURE_TEXT_SQL,
                         false,
                         exposure_fields,
                         COUNT(exposure_fields),
                         exposure_sorts,
                         COUNT(exposure_sorts),
                         exposure_sort_names,
                         ROWS(exposure),
                         {"exposure:", NULL},
                         NULL,
                         NULL,
                         NULL,
                         exposure_get_id_v,
                         NULL,
                         true,
                         "(exposure.asset_id, exposure.vulnerability_id)",
                         "exposure.asset_id, exposure.vulnerability_id",
                         EXPOSURE_SORT_MAX,
                         EXPOSURE_SORT_MAX,
                         STORE_ROW_EXPOSURE_JOINS},
    /* Words match within the reference, title and summary. */
    [STORE_BULLETINS] = {"bulletins",
                         "bulletin",
                         "bulletin.id",
                         STORE_ROW_BULLETIN_COLS,
                         STORE_ROW_BULLETIN_NCOLS,
                         LIKE_SQL(BULLETIN_TEXT),
                         true,
                         bulletin_fields,
                         COUNT(bulletin_fields),
                         bulletin_sorts,
                         COUNT(bulletin_sorts),
                         bulletin_sort_names,
                         ROWS(bulletin),
                         {"bulletin:", NULL},
                         bulletin_reference_valid,
                         "a bulletin reference",
                         "MX-SA-2026-0001",
                         bulletin_get_id_v,
                         bulletin_get_ref_v},
};

/* ---- entity names ---- */

const char *
store_entity_name(enum store_entity ent)
{
	return (size_t)ent < STORE_ENTITY_COUNT ? list_entities[ent].name : "?";
}

int
store_entity_parse(const char *s, enum store_entity *out)
{
	for (size_t i = 0; s && i < STORE_ENTITY_COUNT; i++) {
		size_t n = strlen(list_entities[i].name);

		/* "incidents" or "incident" */
		if (strcasecmp(s, list_entities[i].name) == 0 ||
		    (strlen(s) == n - 1 &&
		     strncasecmp(s, list_entities[i].name, n - 1) == 0)) {
			*out = (enum store_entity)i;
			return 0;
		}
	}
	return ERR_INVALID;
}

size_t
store_row_size(enum store_entity ent)
{
	return (size_t)ent < STORE_ENTITY_COUNT ? list_entities[ent].row_size
	                                        : 0;
}

void
store_row_init(enum store_entity ent, void *row)
{
	if ((size_t)ent < STORE_ENTITY_COUNT)
		list_entities[ent].row_init(row);
}

void
store_row_release(enum store_entity ent, void *row)
{
	if ((size_t)ent < STORE_ENTITY_COUNT)
		list_entities[ent].row_release(row);
}

/* ---- references to one row ---- */

/*
 * The row id after ent's prefix in ref: 1 and *id when ref is PREFIX and
 * a positive decimal, -1 when ref has the prefix and anything else, 0
 * without the prefix.
 */
static int
ref_prefixed_id(const struct entity_def *d, const char *ref, int64_t *id)
{
	for (size_t i = 0; d->ref_prefixes[i]; i++) {
		size_t n = strlen(d->ref_prefixes[i]);
		char *end;
		long long v;

		if (strncmp(ref, d->ref_prefixes[i], n) != 0)
			continue;
		v = strtoll(ref + n, &end, 10);
		if (end == ref + n || *end || v <= 0)
			return -1;
		*id = v;
		return 1;
	}
	return 0;
}

bool
store_ref_is(enum store_entity ent, const char *ref)
{
	const struct entity_def *d;
	int64_t id;

	if ((size_t)ent >= STORE_ENTITY_COUNT || !ref)
		return false;
	d = &list_entities[ent];
	return (d->ref_matches && d->ref_matches(ref)) ||
	       ref_prefixed_id(d, ref, &id) != 0;
}

void
store_ref_forms(enum store_entity ent, struct strvec *out)
{
	const struct entity_def *d;

	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return;
	d = &list_entities[ent];
	if (d->ref_example)
		strvec_push(out, d->ref_example);
	for (size_t i = 0; d->ref_prefixes[i]; i++)
		strvec_push_take(out, xasprintf("%sID", d->ref_prefixes[i]));
}

/* "an incident reference (MX-2026-00042), ... or incident:ID, ..." */
static void
ref_help(struct strbuf *sb)
{
	size_t n_own = 0, n_prefixed = 0;

	for (size_t i = 0; i < STORE_ENTITY_COUNT; i++)
		if (list_entities[i].ref_what)
			strbuf_addf(sb, "%s%s (%s)", n_own++ ? ", " : "",
			            list_entities[i].ref_what,
			            list_entities[i].ref_example);
	for (size_t i = 0; i < STORE_ENTITY_COUNT; i++)
		if (list_entities[i].ref_prefixes[0])
			strbuf_addf(sb, "%s%sID",
			            n_prefixed++ ? ", "
			            : n_own      ? " or "
			                         : "",
			            list_entities[i].ref_prefixes[0]);
}

int
store_ref_parse(const char *ref, enum store_entity *ent, int64_t *id,
                struct err *e)
{
	struct strbuf help;
	int rc;

	*id = 0;
	for (size_t i = 0; ref && i < STORE_ENTITY_COUNT; i++) {
		const struct entity_def *d = &list_entities[i];

		if (d->ref_matches && d->ref_matches(ref)) {
			*ent = (enum store_entity)i;
			return 0;
		}
	}
	for (size_t i = 0; ref && i < STORE_ENTITY_COUNT; i++) {
		int got = ref_prefixed_id(&list_entities[i], ref, id);

		if (got > 0) {
			*ent = (enum store_entity)i;
			return 0;
		}
		if (got < 0)
			break;
	}
	*id = 0;
	strbuf_init(&help);
	ref_help(&help);
	rc = err_set(e, ERR_USAGE, "cannot tell what '%s' is; say %s",
	             ref ? ref : "", help.buf);
	strbuf_release(&help);
	return rc;
}

int
store_ref_get(struct store *s, enum store_entity ent, const char *ref,
              int64_t id, void *row, struct err *e)
{
	const struct entity_def *d;

	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return err_set(e, ERR_INVALID, "no list %d", (int)ent);
	d = &list_entities[ent];
	if (id && d->get_by_id)
		return d->get_by_id(s, id, row, e);
	if (!id && d->get_by_ref && ref)
		return d->get_by_ref(s, ref, row, e);
	return err_set(e, ERR_INVALID, "cannot read %s by '%s'", d->table,
	               ref ? ref : "");
}

int
store_row_get(struct store *s, enum store_entity ent, int64_t id, void *row,
              struct err *e)
{
	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return err_set(e, ERR_INVALID, "no list %d", (int)ent);
	return list_entities[ent].get_by_id(s, id, row, e);
}

const char *const *
store_sort_fields(enum store_entity ent)
{
	static const char *const none[] = {NULL};

	return (size_t)ent < STORE_ENTITY_COUNT ? list_entities[ent].sort_names
	                                        : none;
}

bool
store_sort_is_ascending(enum store_entity ent, const char *sort)
{
	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return false;
	for (size_t i = 0; i < list_entities[ent].n_sorts; i++)
		if (sort ? strcasecmp(sort, list_entities[ent].sorts[i].name) ==
		               0
		         : i == 0)
			return list_entities[ent].sorts[i].is_text !=
			       list_entities[ent].sorts[i].is_reversed;
	return false;
}

void
store_filter_fields(enum store_entity ent, struct strvec *out)
{
	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return;
	for (size_t i = 0; i < list_entities[ent].n_fields; i++)
		strvec_push(out, list_entities[ent].fields[i].name);
}

/* Append the names f(from..to-1) to out. */
static void
push_names(struct strvec *out, const char *(*f)(int), int from, int to)
{
	for (int i = from; i < to; i++)
		strvec_push(out, f(i));
}

/* Append the first column of every row of a constant query to out. */
static int
push_rows(struct store *s, const char *sql, struct strvec *out, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int step;

	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0))
			strvec_push(out,
			            (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : store_db_err(s, e, "completion");
}

int
store_filter_values(struct store *s, enum store_entity ent, const char *field,
                    struct strvec *out, struct err *e)
{
	const struct field_def *fd = NULL;

	if ((size_t)ent >= STORE_ENTITY_COUNT || !field)
		return 0;
	for (size_t i = 0; i < list_entities[ent].n_fields; i++)
		if (strcasecmp(list_entities[ent].fields[i].name, field) == 0)
			fd = &list_entities[ent].fields[i];
	if (!fd)
		return 0;
	switch (fd->kind) {
	case VK_SEVERITY:
		push_names(out, severity_name, 1, 6);
		break;
	case VK_TLP:
		push_names(out, tlp_name, 0, 5);
		break;
	case VK_PAP:
		push_names(out, pap_name, 0, 4);
		break;
	case VK_INCIDENT_STATUS:
		push_names(out, incident_status_name, 0, INCIDENT_STATUS_COUNT);
		break;
	case VK_ALERT_STATUS:
		push_names(out, alert_status_name, 0, ALERT_STATUS_COUNT);
		break;
	case VK_ASSET_KIND:
		push_names(out, asset_kind_name, 0, ASSET_KIND_COUNT);
		break;
	case VK_LOCAL_STATE:
		push_names(out, local_state_name, 0, 3);
		break;
	case VK_BOOL:
	case VK_FLAG:
		strvec_push(out, "yes");
		strvec_push(out, "no");
		break;
	case VK_SLA:
		for (size_t i = 0; i < LIST_SLA_COUNT; i++)
			strvec_push(out, list_sla_values[i].name);
		break;
	case VK_TAXONOMY:
		for (size_t i = 0; i < rsit_class_count(); i++)
			strvec_push(out, rsit_class_at(i));
		break;
	case VK_SECTOR:
		return push_rows(s, "SELECT code FROM sector ORDER BY code",
		                 out, e);
	case VK_ASSIGNEE:
		strvec_push(out, "me");
		strvec_push(out, "none");
		return push_rows(s,
		                 "SELECT DISTINCT assignee FROM incident "
		                 "INDEXED BY incident_assignee WHERE assignee "
		                 "IS NOT NULL ORDER BY assignee LIMIT 200",
		                 out, e);
	default:
		break;
	}
	return 0;
}
