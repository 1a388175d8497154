/*
 * Keyset-paged lists and the compilation of filters (model/filter.h) to
 * SQL. See include/centinela/store/list.h.
 *
 * Each entity is a const struct entity_def: its table, the column list of
 * its row reader (rows.h), its FTS table, its filter fields and its sorts.
 * A filter field maps a name to a SQL left-hand side and a value kind that
 * says how a typed value becomes a bound parameter (severity names to
 * integers, durations to times, sector codes checked against the sector
 * table, ...). The SQL text is only ever assembled from the constant
 * strings of these tables and '?' placeholders; every value is bound.
 *
 * Page queries name their index with INDEXED BY. A keyset page must be
 * read in index order so that it costs the rows it returns (plus the
 * non-matching rows skipped on the way) and nothing proportional to all
 * matches. Left alone, SQLite often prefers the index of a filter column
 * (alert_status for "status:new" sorted by received time) and then sorts
 * every match in a temp B-tree on every page, which for a live alert queue
 * of 10^5 rows is a full sort per keystroke. So a page uses the sort's own
 * index, or a composite index (filter column, sort columns, id) when the
 * filter pins that column to one value (incident_status for "status:new"
 * sorted by opened time), which serves both. The price is paid by sparse
 * filters (a rare IP, a rare word), which may walk much of the sort index
 * to fill a page; counts let the planner choose freely.
 */
#include "centinela/store/list.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/filter.h"
#include "centinela/model/sla.h"
#include "internal.h"
#include "rows.h"

#define COUNT(a)           (sizeof(a) / sizeof((a)[0]))
#define LIST_LIMIT_MAX     10000
#define LIST_LIMIT_DEFAULT 100
#define TEXT_SORT_MAX      300    /* see store_list_opts.text_sort_max */
#define TEXT_IN_MAX        100000 /* see store_list_opts.text_in_max */
#define WHERE_OR_PLAN_MAX  100    /* conditions whose ORs may use indexes */

/* How a typed value becomes a bound parameter. */
enum value_kind {
	VK_TEXT,            /* text as typed */
	VK_LOWER,           /* text folded to lower case */
	VK_UPPER,           /* text folded to upper case (references) */
	VK_INT,             /* whole number in [min, max] */
	VK_SEVERITY,        /* severity name, stored as its integer */
	VK_TLP,             /* TLP name, stored as its integer */
	VK_PAP,             /* PAP name, stored as its integer */
	VK_INCIDENT_STATUS, /* incident status name; ordered by workflow */
	VK_ALERT_STATUS,    /* alert status name */
	VK_ASSET_KIND,      /* asset kind name */
	VK_LOCAL_STATE,     /* synced, dirty, conflict */
	VK_SECTOR,          /* sector code, checked against the sector table */
	VK_TAXONOMY,        /* RSIT "class" or "class/type" (lhs and lhs2) */
	VK_AGE,             /* a time column compared as an age: age<2h */
	VK_TIME,     /* an age (updated<1h) or a date (updated>=2026-01-31) */
	VK_DEADLINE, /* a time from now (due<30m) or a date */
	VK_ASSIGNEE, /* analyst name, "me" or "none" */
	VK_SLA,  /* SLA state: running, near, paused, breached, met, missed */
	VK_BOOL, /* yes or no, stored as 1 or 0 */
};

struct field_def {
	const char *name;     /* as written in filters */
	enum value_kind kind; /* how values are read */
	const char *lhs;      /* SQL before the comparison: a column, or a
				 subquery's opening up to its compared column */
	const char *close;    /* SQL after the comparison ("" or ")") */
	const char *lhs2;     /* VK_TAXONOMY: the type column; VK_DEADLINE:
				 a condition '<' and '<=' also accept
				 (OR), for rows overdue otherwise */
	int64_t min;          /* VK_INT: smallest value */
	int64_t max;          /* VK_INT: largest value */
};

/* An index that serves a sort when a filter pins its first column. */
struct composite {
	const char *field; /* filter field pinned by "field:value" */
	const char *index; /* index (that column, sort columns, id) */
};

struct sort_def {
	const char *name;               /* as offered by store_sort_fields */
	const char *k1;                 /* first sort column */
	const char *k2;                 /* second sort column, or NULL */
	bool is_text;                   /* k1 is text */
	const char *index;              /* index on (k1[, k2], id) */
	const char *extra;              /* condition its partial index needs */
	struct composite composites[8]; /* NULL-terminated */
	bool is_reversed; /* natural direction: descending for a text sort,
	                     ascending for a number */
};

struct entity_def {
	const char *name;  /* "incidents" */
	const char *table; /* "incident" */
	const char *id;    /* "incident.id" */
	const char *cols;  /* row reader column list */
	int ncols;         /* columns in cols */
	/*
	 * Conditions for bare words. Counts use the IN forms, whose match
	 * set SQLite builds once; pages choose by the size of the match set
	 * (compile_filter): the IN form for a set it sorts or one of middle
	 * size, the EXISTS forms, which probe the FTS index per row walked,
	 * for a large set and for negated words.
	 */
	const char *text_in;            /* positive words, match set */
	const char *text_not_in;        /* a negated word, match set */
	const char *text_exists;        /* positive words, probe per row */
	const char *text_not_exists;    /* a negated word, probe per row */
	const char *text_probe;         /* matches, up to ?2 (NULL: no FTS) */
	bool is_like_text;              /* text terms are LIKE ? patterns */
	const struct field_def *fields; /* filter fields */
	size_t n_fields;                /* entries in fields */
	const struct sort_def *sorts;   /* sorts, the default first */
	size_t n_sorts;                 /* entries in sorts */
	const char *const *sort_names;  /* the same names, NULL-terminated */
	size_t row_size;                /* sizeof the model struct */
	void (*row_init)(void *row);    /* its init */
	void (*row_release)(void *row); /* its release */
	void (*row_read)(sqlite3_stmt *st, void *row); /* rows.h reader */
};

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

static const struct {
	const char *name; /* as written after sla: */
	const char *sql;  /* condition, ? for now */
	int n_now;        /* ? in sql */
} sla_values[] = {
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

static const struct field_def incident_fields[] = {
    {"ref", VK_UPPER, "incident.reference", "", NULL, 0, 0},
    {"reference", VK_UPPER, "incident.reference", "", NULL, 0, 0},
    {"status", VK_INCIDENT_STATUS, "incident.status", "", NULL, 0, 0},
    {"severity", VK_SEVERITY, "incident.severity", "", NULL, 0, 0},
    {"priority", VK_INT, "incident.priority", "", NULL, 1, 4},
    {"tlp", VK_TLP, "incident.tlp", "", NULL, 0, 0},
    {"pap", VK_PAP, "incident.pap", "", NULL, 0, 0},
    {"assignee", VK_ASSIGNEE, "incident.assignee", "", NULL, 0, 0},
    {"category", VK_TAXONOMY, "incident.category", "", "incident.category_type",
     0, 0},
    {"org", VK_TEXT, ORG_BY_NAME("incident"), ")", NULL, 0, 0},
    {"organization", VK_TEXT, ORG_BY_NAME("incident"), ")", NULL, 0, 0},
    {"sector", VK_SECTOR, "incident.sector", "", NULL, 0, 0},
    {"age", VK_AGE, "incident.opened_at", "", NULL, 0, 0},
    {"due", VK_DEADLINE, SLA_RUNNING_DUE, ")", SLA_PAUSED_OVERDUE, 0, 0},
    {"sla", VK_SLA, "", "", NULL, 0, 0},
    {"updated", VK_TIME, "incident.updated_at", "", NULL, 0, 0},
    {"state", VK_LOCAL_STATE, "incident.local_state", "", NULL, 0, 0},
    {"source", VK_TEXT, "incident.source", "", NULL, 0, 0},
};

#define OBSERVABLE(type)                                                       \
	"alert.id IN (SELECT alert_observable.alert_id FROM alert_observable " \
	"WHERE alert_observable.type = '" type "' AND alert_observable.value"

static const struct field_def alert_fields[] = {
    {"severity", VK_SEVERITY, "alert.severity", "", NULL, 0, 0},
    {"status", VK_ALERT_STATUS, "alert.status", "", NULL, 0, 0},
    {"tlp", VK_TLP, "alert.tlp", "", NULL, 0, 0},
    {"taxonomy", VK_TAXONOMY, "alert.taxonomy_class", "", "alert.taxonomy_type",
     0, 0},
    {"type", VK_LOWER, "alert.taxonomy_type", "", NULL, 0, 0},
    {"feed", VK_TEXT, "alert.feed_name", "", NULL, 0, 0},
    {"source", VK_TEXT, "alert.source", "", NULL, 0, 0},
    {"org", VK_TEXT, ORG_BY_NAME("alert"), ")", NULL, 0, 0},
    {"organization", VK_TEXT, ORG_BY_NAME("alert"), ")", NULL, 0, 0},
    {"sector", VK_SECTOR, "alert.sector", "", NULL, 0, 0},
    {"asset", VK_INT, "alert.asset_id", "", NULL, 1, INT64_MAX},
    {"incident", VK_UPPER,
     "alert.incident_id IN (SELECT incident.id FROM incident "
     "WHERE incident.reference",
     ")", NULL, 0, 0},
    {"observable", VK_TEXT,
     "alert.id IN (SELECT alert_observable.alert_id FROM alert_observable "
     "WHERE alert_observable.value",
     ")", NULL, 0, 0},
    {"ip", VK_TEXT, OBSERVABLE("ip"), ")", NULL, 0, 0},
    {"fqdn", VK_LOWER, OBSERVABLE("fqdn"), ")", NULL, 0, 0},
    {"url", VK_TEXT, OBSERVABLE("url"), ")", NULL, 0, 0},
    {"asn", VK_TEXT, OBSERVABLE("asn"), ")", NULL, 0, 0},
    {"hash", VK_LOWER, OBSERVABLE("hash"), ")", NULL, 0, 0},
    {"email", VK_TEXT, OBSERVABLE("email"), ")", NULL, 0, 0},
    {"age", VK_AGE, "alert.observed_at", "", NULL, 0, 0},
    {"received", VK_TIME, "alert.received_at", "", NULL, 0, 0},
    {"state", VK_LOCAL_STATE, "alert.local_state", "", NULL, 0, 0},
};

static const struct field_def asset_fields[] = {
    {"kind", VK_ASSET_KIND, "asset.kind", "", NULL, 0, 0},
    {"criticality", VK_INT, "asset.criticality", "", NULL, 1, 5},
    {"sector", VK_SECTOR, "asset.sector", "", NULL, 0, 0},
    {"org", VK_TEXT, ORG_BY_NAME("asset"), ")", NULL, 0, 0},
    {"organization", VK_TEXT, ORG_BY_NAME("asset"), ")", NULL, 0, 0},
    {"vendor", VK_TEXT, "asset.vendor COLLATE NOCASE", "", NULL, 0, 0},
    {"product", VK_TEXT, "asset.product COLLATE NOCASE", "", NULL, 0, 0},
    {"cpe", VK_TEXT,
     "asset.id IN (SELECT asset_cpe.asset_id FROM asset_cpe "
     "WHERE asset_cpe.cpe",
     ")", NULL, 0, 0},
    {"ip", VK_TEXT, "asset.ip", "", NULL, 0, 0},
    {"host", VK_TEXT, "asset.hostname COLLATE NOCASE", "", NULL, 0, 0},
    {"hostname", VK_TEXT, "asset.hostname COLLATE NOCASE", "", NULL, 0, 0},
    {"name", VK_TEXT, "asset.name COLLATE NOCASE", "", NULL, 0, 0},
    {"state", VK_LOCAL_STATE, "asset.local_state", "", NULL, 0, 0},
    {"source", VK_TEXT, "asset.source", "", NULL, 0, 0},
};

static const struct field_def organization_fields[] = {
    {"sector", VK_SECTOR, "organization.sector", "", NULL, 0, 0},
    {"region", VK_TEXT, "organization.region COLLATE NOCASE", "", NULL, 0, 0},
    {"name", VK_TEXT, "organization.name COLLATE NOCASE", "", NULL, 0, 0},
    {"state", VK_LOCAL_STATE, "organization.local_state", "", NULL, 0, 0},
    {"source", VK_TEXT, "organization.source", "", NULL, 0, 0},
};

/* yes:/no: values, for kev: and ransomware:. */
#define VULN_TEXT                                                              \
	"(vulnerability.cve_id || ' ' || coalesce(vulnerability.vendor, '') "  \
	"|| ' ' || coalesce(vulnerability.product, '') || ' ' || "             \
	"coalesce(vulnerability.title, '') || ' ' || "                         \
	"coalesce(vulnerability.description, ''))"

static const struct field_def vulnerability_fields[] = {
    {"kev", VK_BOOL, "vulnerability.is_kev", "", NULL, 0, 0},
    {"ransomware", VK_BOOL, "vulnerability.is_ransomware", "", NULL, 0, 0},
    {"cve", VK_UPPER, "vulnerability.cve_id", "", NULL, 0, 0},
    {"vendor", VK_TEXT, "vulnerability.vendor COLLATE NOCASE", "", NULL, 0, 0},
    {"product", VK_TEXT, "vulnerability.product COLLATE NOCASE", "", NULL, 0,
     0},
    {"published", VK_TIME, "vulnerability.published_at", "", NULL, 0, 0},
    {"added", VK_TIME, "vulnerability.kev_added_at", "", NULL, 0, 0},
    {"due", VK_DEADLINE, "vulnerability.kev_due_at", "", NULL, 0, 0},
    {"state", VK_LOCAL_STATE, "vulnerability.local_state", "", NULL, 0, 0},
    {"source", VK_TEXT, "vulnerability.source", "", NULL, 0, 0},
};

static const struct sort_def incident_sorts[] = {
    {"opened",
     "incident.opened_at",
     NULL,
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
     "incident_updated",
     NULL,
     {{NULL, NULL}},
     false},
    {"severity",
     "incident.severity",
     "incident.opened_at",
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
     "alert_received",
     NULL,
     {{NULL, NULL}},
     false},
    {"severity",
     "alert.severity",
     "alert.observed_at",
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
     "asset_criticality",
     NULL,
     {{"sector", "asset_sector"}, {"kind", "asset_kind"}, {NULL, NULL}},
     false},
    {"name",
     "asset.name",
     NULL,
     true,
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
     "sqlite_autoindex_vulnerability_1",
     NULL,
     {{NULL, NULL}},
     true},
    {"added",
     "vulnerability.is_kev",
     "vulnerability.kev_added_at",
     false,
     "vulnerability_kev",
     "vulnerability.kev_added_at IS NOT NULL",
     {{NULL, NULL}},
     false},
    {"published",
     "vulnerability.published_at",
     NULL,
     false,
     "vulnerability_published",
     "vulnerability.published_at IS NOT NULL",
     {{NULL, NULL}},
     false},
};
static const char *const vulnerability_sort_names[] = {"cve", "added",
                                                       "published", NULL};

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
#define ROWS(type)                                                             \
	sizeof(struct type), type##_init_v, type##_release_v, type##_read_v

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

static const struct entity_def entities[STORE_ENTITY_COUNT] = {
    [STORE_INCIDENTS] = {"incidents", "incident", "incident.id",
                         STORE_ROW_INCIDENT_COLS, STORE_ROW_INCIDENT_NCOLS,
                         FTS_SQL("incident"), false, incident_fields,
                         COUNT(incident_fields), incident_sorts,
                         COUNT(incident_sorts), incident_sort_names,
                         ROWS(incident)},
    [STORE_ALERTS] = {"alerts", "alert", "alert.id", STORE_ROW_ALERT_COLS,
                      STORE_ROW_ALERT_NCOLS, FTS_SQL("alert"), false,
                      alert_fields, COUNT(alert_fields), alert_sorts,
                      COUNT(alert_sorts), alert_sort_names, ROWS(alert)},
    [STORE_ASSETS] = {"assets", "asset", "asset.id", STORE_ROW_ASSET_COLS,
                      STORE_ROW_ASSET_NCOLS, FTS_SQL("asset"), false,
                      asset_fields, COUNT(asset_fields), asset_sorts,
                      COUNT(asset_sorts), asset_sort_names, ROWS(asset)},
    /* Organizations have no FTS table: words match within the name. */
    [STORE_ORGANIZATIONS] = {"organizations", "organization", "organization.id",
                             STORE_ROW_ORGANIZATION_COLS,
                             STORE_ROW_ORGANIZATION_NCOLS,
                             LIKE_SQL("organization.name"), true,
                             organization_fields, COUNT(organization_fields),
                             organization_sorts, COUNT(organization_sorts),
                             organization_sort_names, ROWS(organization)},
    /* A catalog of a few thousand rows: words match within the text. */
    [STORE_VULNERABILITIES] = {"vulnerabilities", "vulnerability",
                               "vulnerability.id", STORE_ROW_VULNERABILITY_COLS,
                               STORE_ROW_VULNERABILITY_NCOLS,
                               LIKE_SQL(VULN_TEXT), true, vulnerability_fields,
                               COUNT(vulnerability_fields), vulnerability_sorts,
                               COUNT(vulnerability_sorts),
                               vulnerability_sort_names, ROWS(vulnerability)},
};

/* ---- entity names ---- */

const char *
store_entity_name(enum store_entity ent)
{
	return (size_t)ent < STORE_ENTITY_COUNT ? entities[ent].name : "?";
}

int
store_entity_parse(const char *s, enum store_entity *out)
{
	for (size_t i = 0; s && i < STORE_ENTITY_COUNT; i++) {
		size_t n = strlen(entities[i].name);

		/* "incidents" or "incident" */
		if (strcasecmp(s, entities[i].name) == 0 ||
		    (strlen(s) == n - 1 &&
		     strncasecmp(s, entities[i].name, n - 1) == 0)) {
			*out = (enum store_entity)i;
			return 0;
		}
	}
	return ERR_INVALID;
}

const char *const *
store_sort_fields(enum store_entity ent)
{
	static const char *const none[] = {NULL};

	return (size_t)ent < STORE_ENTITY_COUNT ? entities[ent].sort_names
	                                        : none;
}

bool
store_sort_is_ascending(enum store_entity ent, const char *sort)
{
	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return false;
	for (size_t i = 0; i < entities[ent].n_sorts; i++)
		if (sort ? strcasecmp(sort, entities[ent].sorts[i].name) == 0
		         : i == 0)
			return entities[ent].sorts[i].is_text !=
			       entities[ent].sorts[i].is_reversed;
	return false;
}

/* ---- keys ---- */

void
store_key_init(struct store_key *k)
{
	memset(k, 0, sizeof(*k));
}

void
store_key_release(struct store_key *k)
{
	free(k->text);
	store_key_init(k);
}

char *
store_key_format(const struct store_key *k)
{
	static const char hex[] = "0123456789abcdef";
	struct strbuf sb;

	strbuf_init(&sb);
	if (!k || !k->is_set) {
		strbuf_adds(&sb, "-");
	} else if (k->is_text) {
		strbuf_adds(&sb, "t:");
		for (const char *p = k->text ? k->text : ""; *p; p++) {
			strbuf_addch(&sb, hex[(unsigned char)*p >> 4]);
			strbuf_addch(&sb, hex[(unsigned char)*p & 15]);
		}
		strbuf_addf(&sb, ":%" PRId64, k->id);
	} else if (k->has_num2) {
		strbuf_addf(&sb, "n2:%" PRId64 ":%" PRId64 ":%" PRId64, k->num,
		            k->num2, k->id);
	} else {
		strbuf_addf(&sb, "n:%" PRId64 ":%" PRId64, k->num, k->id);
	}
	return strbuf_detach(&sb, NULL);
}

/* A signed decimal from *p up to stop (':' or NUL); advances *p. */
static bool
read_int(const char **p, char stop, int64_t *out)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)**p) && **p != '-')
		return false;
	errno = 0;
	v = strtoll(*p, &end, 10);
	if (errno || end == *p || *end != stop)
		return false;
	*out = v;
	*p = end + (stop ? 1 : 0);
	return true;
}

static int
hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
store_key_parse(const char *s, struct store_key *out, struct err *e)
{
	const char *p = s ? s : "";
	struct strbuf text;
	int rc = 0;

	strbuf_init(&text);
	store_key_init(out);
	if (strcmp(p, "-") == 0)
		goto out;
	out->is_set = true;
	if (strncmp(p, "n:", 2) == 0) {
		p += 2;
		if (!read_int(&p, ':', &out->num) || !read_int(&p, 0, &out->id))
			goto bad;
	} else if (strncmp(p, "n2:", 3) == 0) {
		p += 3;
		out->has_num2 = true;
		if (!read_int(&p, ':', &out->num) ||
		    !read_int(&p, ':', &out->num2) ||
		    !read_int(&p, 0, &out->id))
			goto bad;
	} else if (strncmp(p, "t:", 2) == 0) {
		p += 2;
		out->is_text = true;
		while (*p && *p != ':') {
			int hi = hex_val(p[0]),
			    lo = hi < 0 ? -1 : hex_val(p[1]);

			if (lo < 0 || (hi == 0 && lo == 0))
				goto bad;
			strbuf_addch(&text, hi << 4 | lo);
			p += 2;
		}
		if (*p++ != ':' || !read_int(&p, 0, &out->id))
			goto bad;
		out->text = strbuf_detach(&text, NULL);
	} else {
		goto bad;
	}
	goto out;
bad:
	store_key_release(out);
	rc = err_set(e, ERR_PARSE, "malformed page key '%s'", s ? s : "");
out:
	strbuf_release(&text);
	return rc;
}

void
store_list_opts_init(struct store_list_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->limit = LIST_LIMIT_DEFAULT;
}

/* ---- compiling a filter ---- */

/* A bound parameter. */
struct bind {
	bool is_text; /* text or num */
	int64_t num;  /* integer value */
	char *text;   /* text value (owned) */
};

/* The WHERE conditions of a filter and their parameters, in order. */
struct compiled {
	struct strvec conds;  /* conditions, all to hold (add_where) */
	struct bind *binds;   /* parameters in placeholder order (owned) */
	size_t n_binds;       /* entries used */
	size_t alloc;         /* entries allocated */
	struct strvec points; /* fields pinned to one value ("status:new") */
	bool is_sorted_set;   /* a page over a small match set: sort it */
};

static void
compiled_init(struct compiled *c)
{
	memset(c, 0, sizeof(*c));
	strvec_init(&c->conds);
	strvec_init(&c->points);
}

static void
compiled_release(struct compiled *c)
{
	for (size_t i = 0; i < c->n_binds; i++)
		free(c->binds[i].text);
	free(c->binds);
	strvec_release(&c->conds);
	strvec_release(&c->points);
	compiled_init(c);
}

static struct bind *
push_bind(struct compiled *c)
{
	struct bind *b;

	if (c->n_binds == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 16;
		c->binds = xreallocarray(c->binds, c->alloc, sizeof(*c->binds));
	}
	b = &c->binds[c->n_binds++];
	memset(b, 0, sizeof(*b));
	return b;
}

static void
bind_num(struct compiled *c, int64_t v)
{
	push_bind(c)->num = v;
}

static void
bind_text_take(struct compiled *c, char *v)
{
	struct bind *b = push_bind(c);

	b->is_text = true;
	b->text = v;
}

static void
add_condition(struct compiled *c, const char *cond)
{
	strvec_push(&c->conds, cond);
}

/*
 * Append v[0..n) joined by op (" AND ", " OR ") as a balanced tree of
 * parenthesized halves, "(a AND b) AND (c AND d)", in their order (the
 * order of their parameters). SQLite refuses an expression tree deeper
 * than 1000 and a plain chain is as deep as it is long: halves keep a
 * filter of any size at a depth of log2(n).
 */
static void
join_balanced(struct strbuf *out, char *const *v, size_t n, const char *op)
{
	size_t half = n / 2;

	if (n == 1) {
		strbuf_adds(out, v[0]);
		return;
	}
	if (n == 0)
		return;
	strbuf_addch(out, '(');
	join_balanced(out, v, half, op);
	strbuf_addch(out, ')');
	strbuf_adds(out, op);
	strbuf_addch(out, '(');
	join_balanced(out, v + half, n - half, op);
	strbuf_addch(out, ')');
}

/*
 * " WHERE " and the conditions of c, when it has any.
 *
 * A large filter keeps its ORs from SQLite's multi-index OR plan: that
 * plan evaluates each branch ANDed with every other simple term of the
 * WHERE clause, chained one after the other, so one OR among a thousand
 * terms is again a tree a thousand deep. A unary '+' makes the OR one
 * opaque term; a filter that large is scanned anyway.
 */
static void
add_where(struct strbuf *sql, const struct compiled *c)
{
	struct strvec conds;

	if (!c->conds.n)
		return;
	strbuf_adds(sql, " WHERE ");
	if (c->conds.n <= WHERE_OR_PLAN_MAX) {
		join_balanced(sql, c->conds.v, c->conds.n, " AND ");
		return;
	}
	strvec_init(&conds);
	for (size_t i = 0; i < c->conds.n; i++) {
		struct strbuf cond;

		strbuf_init(&cond);
		if (strstr(c->conds.v[i], " OR "))
			strbuf_addf(&cond, "+(%s)", c->conds.v[i]);
		else
			strbuf_adds(&cond, c->conds.v[i]);
		strvec_push_take(&conds, strbuf_detach(&cond, NULL));
	}
	join_balanced(sql, conds.v, conds.n, " AND ");
	strvec_release(&conds);
}

/* The alternatives of one term, "(a OR b OR ...)" balanced, into cond. */
static void
add_alternatives(struct strbuf *cond, const struct strvec *alts)
{
	if (alts->n > 1)
		strbuf_addch(cond, '(');
	join_balanced(cond, alts->v, alts->n, " OR ");
	if (alts->n > 1)
		strbuf_addch(cond, ')');
}

/* What the compiler needs besides the filter. */
struct compile_ctx {
	struct store *s;              /* for the sector table */
	const struct entity_def *ent; /* entity being listed */
	const char *me;               /* analyst for assignee:me */
	int64_t now;                  /* clock for ages and deadlines */
	bool is_page;                 /* a page query, not a count */
	int64_t sort_max;             /* see store_list_opts.text_sort_max */
	int64_t in_max;               /* see store_list_opts.text_in_max */
	struct err *e;                /* where errors go */
};

static char *
fold(const char *v, int (*conv)(int))
{
	char *r = xstrdup(v);

	for (char *p = r; *p; p++)
		*p = (char)conv((unsigned char)*p);
	return r;
}

/* "a, b, c" of the names f(i) for i in [from, to). */
static void
name_list(struct strbuf *out, const char *(*f)(int), int from, int to)
{
	for (int i = from; i < to; i++) {
		if (i > from)
			strbuf_adds(out, ", ");
		strbuf_adds(out, f(i));
	}
}

void
store_filter_fields(enum store_entity ent, struct strvec *out)
{
	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return;
	for (size_t i = 0; i < entities[ent].n_fields; i++)
		strvec_push(out, entities[ent].fields[i].name);
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
	for (size_t i = 0; i < entities[ent].n_fields; i++)
		if (strcasecmp(entities[ent].fields[i].name, field) == 0)
			fd = &entities[ent].fields[i];
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
		strvec_push(out, "yes");
		strvec_push(out, "no");
		break;
	case VK_SLA:
		for (size_t i = 0; i < COUNT(sla_values); i++)
			strvec_push(out, sla_values[i].name);
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

static const char *
rsit_class_name_at(int i)
{
	return rsit_class_at((size_t)i);
}

static int
bad_value(struct compile_ctx *x, const char *what, const char *v,
          const char *(*f)(int), int from, int to)
{
	struct strbuf known;
	int rc;

	strbuf_init(&known);
	name_list(&known, f, from, to);
	rc = err_set(x->e, ERR_INVALID, "unknown %s '%s' (known: %s)", what, v,
	             known.buf);
	strbuf_release(&known);
	return rc;
}

static int
check_sector(struct compile_ctx *x, const char *code)
{
	sqlite3_stmt *st;
	struct strbuf known;
	int rc, step = SQLITE_DONE;

	st = store_stmt(x->s, "SELECT 1 FROM sector WHERE code = ?", x->e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, code);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return store_db_err(x->s, x->e, "looking up a sector");
	st = store_stmt(x->s, "SELECT code FROM sector ORDER BY code", x->e);
	if (!st)
		return ERR_DB;
	strbuf_init(&known);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (known.len)
			strbuf_adds(&known, ", ");
		strbuf_adds(&known, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	rc = err_set(x->e, ERR_INVALID, "unknown sector '%s' (known: %s)", code,
	             known.buf);
	strbuf_release(&known);
	return rc;
}

/* Parse one value of an enum-like or integer kind into *num. */
static int
read_number(struct compile_ctx *x, const struct field_def *fd, const char *v,
            int64_t *num)
{
	int rc = 0;

	switch (fd->kind) {
	case VK_SEVERITY: {
		enum severity sv;

		rc = severity_parse(v, &sv);
		*num = sv;
		if (rc)
			return bad_value(x, "severity", v, severity_name, 1, 6);
		return 0;
	}
	case VK_TLP: {
		enum tlp t;

		rc = tlp_parse(v, &t);
		*num = t;
		if (rc)
			return bad_value(x, "tlp", v, tlp_name, 0, 5);
		return 0;
	}
	case VK_PAP: {
		enum pap p;

		rc = pap_parse(v, &p);
		*num = p;
		if (rc)
			return bad_value(x, "pap", v, pap_name, 0, 4);
		return 0;
	}
	case VK_BOOL:
		if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0) {
			*num = 1;
			return 0;
		}
		if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0) {
			*num = 0;
			return 0;
		}
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes yes or no, not '%s'", fd->name, v);
	case VK_INT: {
		const char *p = v;

		if (!read_int(&p, 0, num) || *num < fd->min || *num > fd->max) {
			if (fd->max == INT64_MAX)
				return err_set(x->e, ERR_INVALID,
				               "'%s' takes a whole number "
				               "from %" PRId64 ", not '%s'",
				               fd->name, fd->min, v);
			return err_set(x->e, ERR_INVALID,
			               "'%s' takes a whole number from "
			               "%" PRId64 " to %" PRId64 ", not '%s'",
			               fd->name, fd->min, fd->max, v);
		}
		return 0;
	}
	default:
		BUG("read_number on a text kind");
	}
	return rc;
}

/* Parse one value of a text kind into an owned bind value. */
static int
read_text(struct compile_ctx *x, const struct field_def *fd, const char *v,
          char **out)
{
	int rc;

	*out = NULL;
	switch (fd->kind) {
	case VK_TEXT:
		*out = xstrdup(v);
		return 0;
	case VK_LOWER:
		*out = fold(v, tolower);
		return 0;
	case VK_UPPER:
		*out = fold(v, toupper);
		return 0;
	case VK_INCIDENT_STATUS: {
		enum incident_status st;

		if (incident_status_parse(v, &st))
			return bad_value(x, "status", v, incident_status_name,
			                 0, INCIDENT_STATUS_COUNT);
		*out = xstrdup(incident_status_name(st));
		return 0;
	}
	case VK_ALERT_STATUS: {
		enum alert_status st;

		if (alert_status_parse(v, &st))
			return bad_value(x, "status", v, alert_status_name, 0,
			                 ALERT_STATUS_COUNT);
		*out = xstrdup(alert_status_name(st));
		return 0;
	}
	case VK_ASSET_KIND: {
		enum asset_kind k;

		if (asset_kind_parse(v, &k))
			return bad_value(x, "kind", v, asset_kind_name, 0,
			                 ASSET_KIND_COUNT);
		*out = xstrdup(asset_kind_name(k));
		return 0;
	}
	case VK_LOCAL_STATE: {
		enum local_state ls;

		if (local_state_parse(v, &ls))
			return bad_value(x, "state", v, local_state_name, 0, 3);
		*out = xstrdup(local_state_name(ls));
		return 0;
	}
	case VK_SECTOR:
		*out = fold(v, tolower);
		rc = check_sector(x, *out);
		if (rc) {
			free(*out);
			*out = NULL;
		}
		return rc;
	default:
		BUG("read_text on a non-text kind");
	}
	return 0;
}

static bool
is_number_kind(enum value_kind k)
{
	return k == VK_SEVERITY || k == VK_TLP || k == VK_PAP || k == VK_INT ||
	       k == VK_BOOL;
}

static bool
is_time_kind(enum value_kind k)
{
	return k == VK_AGE || k == VK_TIME || k == VK_DEADLINE;
}

static const char *const sql_ops[] = {" = ?",  " != ?", " < ?",
                                      " <= ?", " > ?",  " >= ?"};

/* "lhs = ?" or "lhs IN (?, ?, ...)" for n values, then close. */
static void
add_membership(struct strbuf *cond, const struct field_def *fd, size_t n)
{
	strbuf_adds(cond, fd->lhs);
	if (n == 1) {
		strbuf_adds(cond, " = ?");
	} else {
		strbuf_adds(cond, " IN (");
		for (size_t i = 0; i < n; i++)
			strbuf_adds(cond, i ? ", ?" : "?");
		strbuf_adds(cond, ")");
	}
	strbuf_adds(cond, fd->close);
}

/*
 * taxonomy:CLASS[/TYPE],...: the classes as one membership, the class/type
 * pairs as one row-value membership, so that a long list is one or two
 * terms for the planner rather than a chain of ORs.
 */
static int
compile_taxonomy(struct compile_ctx *x, const struct field_def *fd,
                 const struct strvec *values, struct strbuf *cond,
                 struct compiled *c)
{
	struct strvec classes, pairs; /* pairs: class, type, class, ... */
	int rc = 0;

	strvec_init(&classes);
	strvec_init(&pairs);
	for (size_t i = 0; i < values->n && !rc; i++) {
		char *cls = fold(values->v[i], tolower);
		char *type = strchr(cls, '/');

		if (type)
			*type++ = '\0';
		if (!rsit_class_valid(cls)) {
			rc = bad_value(x, "taxonomy class", cls,
			               rsit_class_name_at, 0,
			               (int)rsit_class_count());
		} else if (type && !rsit_type_valid(cls, type)) {
			struct strbuf known;

			strbuf_init(&known);
			for (const char *const *t = rsit_types(cls); *t; t++)
				strbuf_addf(&known, "%s%s",
				            known.len ? ", " : "", *t);
			rc = err_set(x->e, ERR_INVALID,
			             "unknown type '%s' of taxonomy class '%s' "
			             "(known: %s)",
			             type, cls, known.buf);
			strbuf_release(&known);
		} else if (type) {
			strvec_push(&pairs, cls);
			strvec_push(&pairs, type);
		} else {
			strvec_push(&classes, cls);
		}
		free(cls);
	}
	if (rc)
		goto out;
	if (classes.n && pairs.n)
		strbuf_addch(cond, '(');
	if (classes.n)
		add_membership(cond, fd, classes.n);
	for (size_t i = 0; i < classes.n; i++)
		bind_text_take(c, xstrdup(classes.v[i]));
	if (classes.n && pairs.n)
		strbuf_adds(cond, " OR ");
	if (pairs.n == 2) {
		strbuf_addf(cond, "(%s = ? AND %s = ?)", fd->lhs, fd->lhs2);
	} else if (pairs.n) {
		strbuf_addf(cond, "(%s, %s) IN (VALUES ", fd->lhs, fd->lhs2);
		for (size_t i = 0; i < pairs.n; i += 2)
			strbuf_adds(cond, i ? ", (?, ?)" : "(?, ?)");
		strbuf_addch(cond, ')');
	}
	for (size_t i = 0; i < pairs.n; i++)
		bind_text_take(c, xstrdup(pairs.v[i]));
	if (classes.n && pairs.n)
		strbuf_addch(cond, ')');
out:
	strvec_release(&classes);
	strvec_release(&pairs);
	return rc;
}

static int
compile_assignee(struct compile_ctx *x, const struct field_def *fd,
                 const struct strvec *values, struct strbuf *cond,
                 struct compiled *c)
{
	size_t n = 0;
	bool has_none = false;

	for (size_t i = 0; i < values->n; i++) {
		if (strcasecmp(values->v[i], "none") == 0) {
			has_none = true;
		} else if (strcasecmp(values->v[i], "me") == 0) {
			if (!x->me || !*x->me)
				return err_set(x->e, ERR_INVALID,
				               "'assignee:me' needs the "
				               "analyst's name (set analyst "
				               "NAME)");
			bind_text_take(c, xstrdup(x->me));
			n++;
		} else {
			bind_text_take(c, xstrdup(values->v[i]));
			n++;
		}
	}
	if (n && has_none)
		strbuf_adds(cond, "(");
	if (n)
		add_membership(cond, fd, n);
	if (n && has_none)
		strbuf_adds(cond, " OR ");
	if (has_none)
		strbuf_addf(cond, "%s IS NULL", fd->lhs);
	if (n && has_none)
		strbuf_adds(cond, ")");
	return 0;
}

/*
 * A time comparison. Durations count back from now for ages (age<2h: newer
 * than two hours, so the column is greater) and forward for deadlines
 * (due<30m: due within half an hour, or overdue); dates compare as written.
 */
static int
compile_time(struct compile_ctx *x, const struct field_def *fd,
             enum filter_op op, const char *v, struct strbuf *cond,
             struct compiled *c)
{
	static const enum filter_op mirror[] = {[FILTER_OP_LT] = FILTER_OP_GT,
	                                        [FILTER_OP_LE] = FILTER_OP_GE,
	                                        [FILTER_OP_GT] = FILTER_OP_LT,
	                                        [FILTER_OP_GE] = FILTER_OP_LE};
	int64_t d, t;
	int parsed = time_parse_duration(v, &d);

	if (parsed == ERR_LIMIT)
		return err_set(
		    x->e, ERR_INVALID,
		    "'%s' takes a duration up to " TIME_DURATION_MAX_TEXT
		    ", not '%s'",
		    fd->name, v);
	if (parsed == 0) {
		if (fd->kind == VK_DEADLINE) {
			t = x->now + d;
		} else {
			t = x->now - d;
			op = mirror[op];
		}
	} else if (fd->kind != VK_AGE && time_parse_iso8601(v, &t) == 0) {
		/* compared as written */
	} else if (fd->kind == VK_AGE) {
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes a duration (30m, 2h, 7d), not '%s'",
		               fd->name, v);
	} else {
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes a duration (30m, 2h, 7d) or a date "
		               "(2026-01-31), not '%s'",
		               fd->name, v);
	}
	if (fd->lhs2 && (op == FILTER_OP_LT || op == FILTER_OP_LE))
		strbuf_adds(cond, "(");
	strbuf_adds(cond, fd->lhs);
	strbuf_adds(cond, sql_ops[op]);
	strbuf_adds(cond, fd->close);
	if (fd->lhs2 && (op == FILTER_OP_LT || op == FILTER_OP_LE))
		strbuf_addf(cond, " OR %s)", fd->lhs2);
	bind_num(c, t);
	return 0;
}

/* sla:VALUE,...: the values' conditions joined by OR. */
static int
compile_sla(struct compile_ctx *x, const struct strvec *values,
            struct strbuf *cond, struct compiled *c)
{
	bool is_seen[COUNT(sla_values)] = {false};
	struct strvec alts;

	strvec_init(&alts);
	for (size_t i = 0; i < values->n; i++) {
		size_t j = 0;

		while (j < COUNT(sla_values) &&
		       strcasecmp(values->v[i], sla_values[j].name) != 0)
			j++;
		if (j == COUNT(sla_values)) {
			struct strbuf known;
			int rc;

			strbuf_init(&known);
			for (j = 0; j < COUNT(sla_values); j++)
				strbuf_addf(&known, "%s%s", j ? ", " : "",
				            sla_values[j].name);
			rc = err_set(x->e, ERR_INVALID,
			             "unknown SLA state '%s' (known: %s)",
			             values->v[i], known.buf);
			strbuf_release(&known);
			strvec_release(&alts);
			return rc;
		}
		if (is_seen[j])
			continue; /* sla:near,near is sla:near */
		is_seen[j] = true;
		strvec_push(&alts, sla_values[j].sql);
		for (int k = 0; k < sla_values[j].n_now; k++)
			bind_num(c, x->now);
	}
	add_alternatives(cond, &alts);
	strvec_release(&alts);
	return 0;
}

static const struct field_def *
find_field(const struct entity_def *ent, const char *name)
{
	for (size_t i = 0; i < ent->n_fields; i++)
		if (strcmp(ent->fields[i].name, name) == 0)
			return &ent->fields[i];
	return NULL;
}

static int
unknown_field(struct compile_ctx *x, const char *name)
{
	struct strbuf known;
	int rc;

	strbuf_init(&known);
	for (size_t i = 0; i < x->ent->n_fields; i++)
		strbuf_addf(&known, "%s%s", i ? ", " : "",
		            x->ent->fields[i].name);
	rc = err_set(x->e, ERR_INVALID, "unknown field '%s' for %s (known: %s)",
	             name, x->ent->name, known.buf);
	strbuf_release(&known);
	return rc;
}

static int
compile_field(struct compile_ctx *x, const struct filter_term *t,
              struct compiled *c)
{
	const struct field_def *fd = find_field(x->ent, t->field);
	enum value_kind k;
	enum filter_op op = t->op;
	bool is_negated = t->is_negated;
	bool is_ordered;
	struct strbuf cond;
	int rc = 0;

	if (!fd)
		return unknown_field(x, t->field);
	k = fd->kind;
	/* "a!=b" is "!a:b"; negations then also keep rows where a is NULL. */
	if (op == FILTER_OP_NE) {
		op = FILTER_OP_EQ;
		is_negated = !is_negated;
	}
	is_ordered = op != FILTER_OP_EQ;
	if (is_time_kind(k) && !is_ordered)
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes '<', '<=', '>' or '>=', not '%s'",
		               fd->name, filter_op_name(t->op));
	if (is_ordered && ((!is_time_kind(k) && !is_number_kind(k) &&
	                    k != VK_INCIDENT_STATUS) ||
	                   k == VK_BOOL))
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes ':' or '!=', not '%s'", fd->name,
		               filter_op_name(t->op));

	strbuf_init(&cond);
	if (k == VK_TAXONOMY) {
		rc = compile_taxonomy(x, fd, &t->values, &cond, c);
	} else if (k == VK_ASSIGNEE) {
		rc = compile_assignee(x, fd, &t->values, &cond, c);
	} else if (k == VK_SLA) {
		rc = compile_sla(x, &t->values, &cond, c);
	} else if (is_time_kind(k)) {
		rc = compile_time(x, fd, op, t->values.v[0], &cond, c);
	} else if (is_number_kind(k)) {
		for (size_t i = 0; i < t->values.n && !rc; i++) {
			int64_t v = 0;

			rc = read_number(x, fd, t->values.v[i], &v);
			bind_num(c, v);
		}
		if (!rc && is_ordered) {
			strbuf_adds(&cond, fd->lhs);
			strbuf_adds(&cond, sql_ops[op]);
			strbuf_adds(&cond, fd->close);
		} else if (!rc) {
			add_membership(&cond, fd, t->values.n);
		}
	} else if (k == VK_INCIDENT_STATUS && is_ordered) {
		/* Workflow order: status<resolved is every earlier status. */
		enum incident_status ref;

		if (incident_status_parse(t->values.v[0], &ref)) {
			rc = bad_value(x, "status", t->values.v[0],
			               incident_status_name, 0,
			               INCIDENT_STATUS_COUNT);
		} else {
			size_t n = 0;

			for (int i = 0; i < INCIDENT_STATUS_COUNT; i++) {
				bool is_in =
				    op == FILTER_OP_LT   ? i < (int)ref
				    : op == FILTER_OP_LE ? i <= (int)ref
				    : op == FILTER_OP_GT ? i > (int)ref
				                         : i >= (int)ref;

				if (!is_in)
					continue;
				bind_text_take(
				    c, xstrdup(incident_status_name(i)));
				n++;
			}
			strbuf_adds(&cond, fd->lhs);
			strbuf_adds(&cond, " IN (");
			for (size_t i = 0; i < n; i++)
				strbuf_adds(&cond, i ? ", ?" : "?");
			strbuf_adds(&cond, ")");
		}
	} else {
		for (size_t i = 0; i < t->values.n && !rc; i++) {
			char *v = NULL;

			rc = read_text(x, fd, t->values.v[i], &v);
			if (!rc)
				bind_text_take(c, v);
		}
		if (!rc)
			add_membership(&cond, fd, t->values.n);
	}
	if (rc)
		goto out;
	if (is_negated) {
		/* IS NOT 1: true for false and for NULL (no value at all). */
		struct strbuf neg;

		strbuf_init(&neg);
		strbuf_addf(&neg, "(%s) IS NOT 1", cond.buf);
		add_condition(c, neg.buf);
		strbuf_release(&neg);
	} else {
		add_condition(c, cond.buf);
		if (!is_ordered && t->values.n == 1 && !*fd->close &&
		    k != VK_ASSIGNEE && k != VK_SLA)
			strvec_push(&c->points, fd->name);
		else if (!is_ordered && t->values.n == 1 && k == VK_ASSIGNEE &&
		         strcasecmp(t->values.v[0], "none") != 0)
			strvec_push(&c->points, fd->name);
	}
out:
	strbuf_release(&cond);
	return rc;
}

/* An FTS5 string: the text as one quoted phrase, so its syntax is inert. */
static void
add_fts_phrase(struct strbuf *q, const struct filter_term *t)
{
	if (q->len)
		strbuf_addch(q, ' ');
	strbuf_addch(q, '"');
	for (const char *p = t->text; *p; p++) {
		if (*p == '"')
			strbuf_addch(q, '"');
		strbuf_addch(q, *p);
	}
	strbuf_addch(q, '"');
	if (t->is_prefix)
		strbuf_adds(q, " *");
}

/* A LIKE pattern matching the text anywhere, with % _ \ escaped. */
static char *
like_pattern(const char *text)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addch(&sb, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	strbuf_addch(&sb, '%');
	return strbuf_detach(&sb, NULL);
}

/* Matches of an FTS query, counted up to max + 1 at most. */
static int
count_matches(struct compile_ctx *x, const char *match, int64_t max, int64_t *n)
{
	sqlite3_stmt *st = store_stmt(x->s, x->ent->text_probe, x->e);
	int step;

	if (!st)
		return ERR_DB;
	if (store_bind_text(st, 1, match) != SQLITE_OK ||
	    store_bind_int(st, 2, max + 1, false) != SQLITE_OK)
		return store_db_err(x->s, x->e, "binding a word search");
	step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_db_err(x->s, x->e, "counting a word search");
	}
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/*
 * How a page finds the rows of its positive words. Walking the sort's
 * index and testing each row is fast when matches are common, and walks
 * the whole index when they are rare (or absent: a word half typed). So
 * the match set is counted first, which FTS5 does quickly when it stops at
 * a bound: a small set (up to sort_max rows) is looked up by rowid and
 * sorted, a bounded cost whatever the order of the rows; a middle one is
 * built once and tested per row walked; a large one, which would cost more
 * to build than the short walk it serves, is probed per row in the FTS
 * index.
 */
static int
choose_text_plan(struct compile_ctx *x, const char *match, const char **cond,
                 struct compiled *c)
{
	int64_t n = 0;
	int rc;

	if (x->sort_max > 0) {
		rc = count_matches(x, match, x->sort_max, &n);
		if (rc)
			return rc;
		if (n <= x->sort_max) {
			c->is_sorted_set = true;
			*cond = x->ent->text_in;
			return 0;
		}
	}
	rc = count_matches(x, match, x->in_max, &n);
	if (rc)
		return rc;
	*cond = n <= x->in_max ? x->ent->text_in : x->ent->text_exists;
	return 0;
}

static bool
is_same_term(const struct filter_term *a, const struct filter_term *b)
{
	if (a->kind != b->kind || a->is_negated != b->is_negated)
		return false;
	if (a->kind == FILTER_TERM_TEXT)
		return a->is_prefix == b->is_prefix &&
		       strcmp(a->text, b->text) == 0;
	if (a->op != b->op || a->values.n != b->values.n ||
	    strcmp(a->field, b->field) != 0)
		return false;
	for (size_t i = 0; i < a->values.n; i++)
		if (strcmp(a->values.v[i], b->values.v[i]) != 0)
			return false;
	return true;
}

/*
 * Whether term i repeats an earlier one: it adds nothing, and costs the
 * planner a term (a generated filter may repeat a term thousands of times).
 */
static bool
is_repeated_term(const struct filter *f, size_t i)
{
	const struct filter_term *t = filter_term_at(f, i);

	for (size_t j = 0; j < i; j++)
		if (is_same_term(filter_term_at(f, j), t))
			return true;
	return false;
}

static int
compile_filter(struct compile_ctx *x, const struct filter *f,
               struct compiled *c)
{
	struct strbuf match, excluded;
	size_t n_excluded = 0;
	int rc = 0;

	strbuf_init(&match);
	strbuf_init(&excluded);
	for (size_t i = 0; i < filter_term_count(f); i++) {
		const struct filter_term *t = filter_term_at(f, i);

		if (is_repeated_term(f, i))
			continue;
		if (t->kind == FILTER_TERM_FIELD) {
			rc = compile_field(x, t, c);
			if (rc)
				goto out;
		} else if (x->ent->is_like_text) {
			add_condition(c, t->is_negated ? x->ent->text_not_in
			                               : x->ent->text_in);
			bind_text_take(c, like_pattern(t->text));
		} else if (t->is_negated) {
			if (excluded.len)
				strbuf_adds(&excluded, " OR");
			add_fts_phrase(&excluded, t);
			n_excluded++;
		} else {
			add_fts_phrase(&match, t);
		}
	}
	/*
	 * All negated words in one MATCH too: no row may match any of them.
	 * A page probes one word per row walked; several words cost a
	 * lookup of each per row, so their match set is built once instead
	 * when it is not too large.
	 */
	if (excluded.len) {
		const char *cond =
		    x->is_page ? x->ent->text_not_exists : x->ent->text_not_in;
		int64_t n = 0;

		if (x->is_page && n_excluded > 1) {
			rc = count_matches(x, excluded.buf, x->in_max, &n);
			if (rc)
				goto out;
			if (n <= x->in_max)
				cond = x->ent->text_not_in;
		}
		add_condition(c, cond);
		bind_text_take(c, strbuf_detach(&excluded, NULL));
	}
	/* All positive words in one MATCH: FTS5 ANDs its phrases. */
	if (match.len) {
		const char *cond = x->ent->text_in;

		if (x->is_page) {
			rc = choose_text_plan(x, match.buf, &cond, c);
			if (rc)
				goto out;
		}
		add_condition(c, cond);
		bind_text_take(c, strbuf_detach(&match, NULL));
	}
out:
	strbuf_release(&match);
	strbuf_release(&excluded);
	return rc;
}

/* ---- queries ---- */

/* A page or count query, its SQL and parameters. */
struct query {
	struct compiled c;            /* filter conditions and parameters */
	const struct entity_def *ent; /* entity listed */
	const struct sort_def *sort;  /* sort used (page queries) */
	struct strbuf sql;            /* the statement */
};

/* Index of the sort called name (empty: the default), n_sorts if none. */
static size_t
find_sort(const struct entity_def *ent, const char *name)
{
	if (!name || !*name)
		return 0;
	for (size_t i = 0; i < ent->n_sorts; i++)
		if (strcasecmp(ent->sorts[i].name, name) == 0)
			return i;
	return ent->n_sorts;
}

/* The index a page query uses: a composite the filter pins, or the sort's. */
static const char *
choose_index(const struct sort_def *sd, const struct compiled *c)
{
	for (const struct composite *cp = sd->composites; cp->field; cp++)
		for (size_t i = 0; i < c->points.n; i++)
			if (strcmp(c->points.v[i], cp->field) == 0)
				return cp->index;
	return sd->index;
}

/*
 * A query needs no more parameters than SQLite takes (the filter's limits
 * keep it so; a SQLite built with a lower limit is told here, not by a
 * failed prepare). spare: parameters the caller adds after this.
 */
static int
check_binds(struct store *s, const struct compiled *c, size_t spare,
            struct err *e)
{
	int max = sqlite3_limit(s->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);

	if (c->n_binds + spare <= (size_t)max)
		return 0;
	return err_set(e, ERR_LIMIT,
	               "the filter is too large: its query needs %zu values, "
	               "more than the %d one query can take; use fewer terms",
	               c->n_binds + spare, max);
}

static int
prepare_query(struct store *s, enum store_entity ent,
              const struct store_list_opts *o, bool is_count, struct query *q,
              struct err *e)
{
	struct compile_ctx x;
	const struct sort_def *sd;
	struct strbuf order;
	const char *dir, *cmp;
	size_t k;
	int rc;

	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return err_set(e, ERR_INVALID, "unknown list %d", (int)ent);
	q->ent = &entities[ent];
	x.s = s;
	x.ent = q->ent;
	x.me = o->me;
	x.now = o->now ? o->now : time_now();
	x.is_page = !is_count;
	x.sort_max = o->text_sort_max ? o->text_sort_max : TEXT_SORT_MAX;
	x.in_max = o->text_in_max > 0 ? o->text_in_max : TEXT_IN_MAX;
	x.e = e;
	rc = compile_filter(&x, o->filter, &q->c);
	if (rc)
		return rc;
	if (is_count) {
		strbuf_addf(&q->sql, "SELECT count(*) FROM %s", q->ent->table);
		add_where(&q->sql, &q->c);
		return check_binds(s, &q->c, 1, e); /* +1: count_rows' cap */
	}

	k = find_sort(q->ent, o->sort);
	if (k >= q->ent->n_sorts) {
		struct strbuf known;

		strbuf_init(&known);
		for (size_t i = 0; i < q->ent->n_sorts; i++)
			strbuf_addf(&known, "%s%s", i ? ", " : "",
			            q->ent->sorts[i].name);
		rc = err_set(e, ERR_INVALID,
		             "cannot sort %s by '%s' (known: %s)", q->ent->name,
		             o->sort, known.buf);
		strbuf_release(&known);
		return rc;
	}
	sd = &q->ent->sorts[k];
	q->sort = sd;
	if (o->limit < 1 || o->limit > LIST_LIMIT_MAX)
		return err_set(e, ERR_INVALID,
		               "page size %d out of range (1 to %d)", o->limit,
		               LIST_LIMIT_MAX);
	if (o->after && o->after->is_set &&
	    (o->after->is_text != sd->is_text ||
	     o->after->has_num2 != (sd->k2 != NULL) ||
	     (sd->is_text && !o->after->text)))
		return err_set(e, ERR_INVALID,
		               "page key does not fit the sort by '%s'",
		               sd->name);

	dir = o->is_ascending ? " ASC" : " DESC";
	cmp = o->is_ascending ? " > " : " < ";
	strbuf_addf(&q->sql, "SELECT %s, %s", q->ent->cols, sd->k1);
	if (sd->k2)
		strbuf_addf(&q->sql, ", %s", sd->k2);
	/*
	 * A small match set is sorted by its keys alone, then the page's rows
	 * are read by rowid: sorting whole rows would compute every column
	 * of every match.
	 */
	if (q->c.is_sorted_set)
		strbuf_addf(
		    &q->sql,
		    " FROM %s WHERE %s IN (SELECT %s FROM %s NOT INDEXED",
		    q->ent->table, q->ent->id, q->ent->id, q->ent->table);
	else
		strbuf_addf(&q->sql, " FROM %s INDEXED BY %s", q->ent->table,
		            choose_index(sd, &q->c));
	if (sd->extra)
		add_condition(&q->c, sd->extra);
	if (o->after && o->after->is_set) {
		struct strbuf key;

		strbuf_init(&key);
		strbuf_addf(&key, "(%s, ", sd->k1);
		if (sd->k2)
			strbuf_addf(&key, "%s, ", sd->k2);
		strbuf_addf(&key, "%s)%s(?, %s?)", q->ent->id, cmp,
		            sd->k2 ? "?, " : "");
		add_condition(&q->c, key.buf);
		strbuf_release(&key);
		if (sd->is_text)
			bind_text_take(&q->c, xstrdup(o->after->text));
		else
			bind_num(&q->c, o->after->num);
		if (sd->k2)
			bind_num(&q->c, o->after->num2);
		bind_num(&q->c, o->after->id);
	}
	add_where(&q->sql, &q->c);
	strbuf_init(&order);
	strbuf_addf(&order, " ORDER BY %s%s, ", sd->k1, dir);
	if (sd->k2)
		strbuf_addf(&order, "%s%s, ", sd->k2, dir);
	strbuf_addf(&order, "%s%s", q->ent->id, dir);
	strbuf_addf(&q->sql, "%s LIMIT ?", order.buf);
	if (q->c.is_sorted_set)
		strbuf_addf(&q->sql, ")%s", order.buf);
	strbuf_release(&order);
	/* One row more than asked tells whether another page follows. */
	bind_num(&q->c, (int64_t)o->limit + 1);
	return check_binds(s, &q->c, 0, e);
}

static void
query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
	compiled_init(&q->c);
	strbuf_init(&q->sql);
}

static void
query_release(struct query *q)
{
	compiled_release(&q->c);
	strbuf_release(&q->sql);
}

static int
bind_all(struct store *s, sqlite3_stmt *st, const struct compiled *c,
         struct err *e)
{
	for (size_t i = 0; i < c->n_binds; i++) {
		int rc = c->binds[i].is_text
		             ? store_bind_text(st, (int)i + 1, c->binds[i].text)
		             : store_bind_int(st, (int)i + 1, c->binds[i].num,
		                              false);

		if (rc != SQLITE_OK)
			return store_db_err(s, e, "binding a list query");
	}
	return 0;
}

/* The key of the current row: sort columns after the row's, then its id. */
static void
read_key(const struct query *q, sqlite3_stmt *st, struct store_key *k)
{
	int col = q->ent->ncols;

	store_key_release(k);
	k->is_set = true;
	k->is_text = q->sort->is_text;
	if (k->is_text)
		k->text = store_col_text(st, col++);
	else
		k->num = sqlite3_column_int64(st, col++);
	if (q->sort->k2) {
		k->has_num2 = true;
		k->num2 = sqlite3_column_int64(st, col);
	}
	k->id = sqlite3_column_int64(st, 0);
}

static int
list_page(struct store *s, enum store_entity ent,
          const struct store_list_opts *o, void **rows_out,
          struct store_key **keys_out, size_t *n_out, struct store_key *next,
          struct err *e)
{
	struct store_key *keys = NULL;
	struct query q;
	struct store_key last;
	sqlite3_stmt *st;
	size_t size, n = 0, alloc = 0;
	char *rows = NULL;
	int rc, step = SQLITE_DONE;

	*rows_out = NULL;
	if (keys_out)
		*keys_out = NULL;
	*n_out = 0;
	if (next)
		store_key_release(next);
	store_key_init(&last);
	query_init(&q);
	rc = prepare_query(s, ent, o, false, &q, e);
	if (rc)
		goto out;
	size = q.ent->row_size;
	st = store_stmt(s, q.sql.buf, e);
	if (!st) {
		rc = ERR_DB;
		goto out;
	}
	rc = bind_all(s, st, &q.c, e);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == (size_t)o->limit) {
			/* the extra row: there is a next page */
			if (next) {
				*next = last;
				store_key_init(&last);
			}
			break;
		}
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 32;
			rows = xreallocarray(rows, alloc, size);
			if (keys_out)
				keys =
				    xreallocarray(keys, alloc, sizeof(*keys));
		}
		q.ent->row_init(rows + n * size);
		q.ent->row_read(st, rows + n * size);
		n++;
		read_key(&q, st, &last);
		if (keys_out) {
			store_key_init(&keys[n - 1]);
			read_key(&q, st, &keys[n - 1]);
		}
	}
	if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_db_err(s, e, "listing");
	sqlite3_reset(st);
	if (rc) {
		for (size_t i = 0; i < n; i++)
			q.ent->row_release(rows + i * size);
		free(rows);
		if (keys_out) {
			for (size_t i = 0; i < n; i++)
				store_key_release(&keys[i]);
			free(keys);
		}
		goto out;
	}
	*rows_out = rows;
	if (keys_out)
		*keys_out = keys;
	*n_out = n;
out:
	store_key_release(&last);
	query_release(&q);
	return rc;
}

int
store_incident_page(struct store *s, const struct store_list_opts *o,
                    struct incident **rows, size_t *n, struct store_key *next,
                    struct err *e)
{
	void *r;
	int rc = list_page(s, STORE_INCIDENTS, o, &r, NULL, n, next, e);

	*rows = r;
	return rc;
}

int
store_alert_page(struct store *s, const struct store_list_opts *o,
                 struct alert **rows, size_t *n, struct store_key *next,
                 struct err *e)
{
	void *r;
	int rc = list_page(s, STORE_ALERTS, o, &r, NULL, n, next, e);

	*rows = r;
	return rc;
}

int
store_asset_page(struct store *s, const struct store_list_opts *o,
                 struct asset **rows, size_t *n, struct store_key *next,
                 struct err *e)
{
	void *r;
	int rc = list_page(s, STORE_ASSETS, o, &r, NULL, n, next, e);

	*rows = r;
	return rc;
}

int
store_organization_page(struct store *s, const struct store_list_opts *o,
                        struct organization **rows, size_t *n,
                        struct store_key *next, struct err *e)
{
	void *r;
	int rc = list_page(s, STORE_ORGANIZATIONS, o, &r, NULL, n, next, e);

	*rows = r;
	return rc;
}

int
store_page_keyed(struct store *s, enum store_entity ent,
                 const struct store_list_opts *o, void **rows,
                 struct store_key **keys, size_t *n, struct store_key *next,
                 struct err *e)
{
	return list_page(s, ent, o, rows, keys, n, next, e);
}

/* SQLite progress handler: a non-zero return interrupts the statement. */
static int
count_progress(void *ctx)
{
	const struct store_list_opts *o = ctx;

	return o->is_cancelled(o->cancel_ctx) ? 1 : 0;
}

/*
 * Run a count query: cap < 0 counts every match, else at most cap + 1
 * (the filtered rows read in a LIMITed subquery).
 */
static int
count_rows(struct store *s, enum store_entity ent,
           const struct store_list_opts *o, int64_t cap, int64_t *count,
           struct err *e)
{
	struct query q;
	sqlite3_stmt *st;
	int rc, step;

	*count = 0;
	query_init(&q);
	rc = prepare_query(s, ent, o, true, &q, e);
	if (rc)
		goto out;
	if (cap >= 0) {
		/* SELECT count(*) FROM t WHERE c -> a LIMITed subquery */
		strbuf_reset(&q.sql);
		strbuf_addf(&q.sql, "SELECT count(*) FROM (SELECT 1 FROM %s",
		            q.ent->table);
		add_where(&q.sql, &q.c);
		strbuf_adds(&q.sql, " LIMIT ?)");
		bind_num(&q.c, cap + 1);
	}
	st = store_stmt(s, q.sql.buf, e);
	if (!st) {
		rc = ERR_DB;
		goto out;
	}
	rc = bind_all(s, st, &q.c, e);
	if (rc)
		goto out;
	if (o->is_cancelled)
		sqlite3_progress_handler(s->db, 4096, count_progress,
		                         (void *)o);
	step = sqlite3_step(st);
	if (o->is_cancelled)
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
	if (step == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else if (step == SQLITE_INTERRUPT)
		rc = err_set(e, ERR_LIMIT, "counting %s stopped", q.ent->name);
	else
		rc = store_db_err(s, e, "counting");
	sqlite3_reset(st);
out:
	query_release(&q);
	return rc;
}

int
store_count(struct store *s, enum store_entity ent,
            const struct store_list_opts *o, int64_t *count, struct err *e)
{
	return count_rows(s, ent, o, -1, count, e);
}

int
store_count_upto(struct store *s, enum store_entity ent,
                 const struct store_list_opts *o, int64_t cap, int64_t *count,
                 struct err *e)
{
	if (cap < 0)
		return err_set(e, ERR_INVALID, "count cap %lld out of range",
		               (long long)cap);
	return count_rows(s, ent, o, cap, count, e);
}

int
store_list_check(struct store *s, enum store_entity ent,
                 const struct store_list_opts *o, struct err *e)
{
	struct query q;
	int rc;

	query_init(&q);
	rc = prepare_query(s, ent, o, true, &q, e);
	query_release(&q);
	return rc;
}

int
store_list_explain(struct store *s, enum store_entity ent,
                   const struct store_list_opts *o, char **plan, struct err *e)
{
	struct query q;
	struct strbuf sql, out;
	sqlite3_stmt *st = NULL;
	int rc, step = SQLITE_DONE;

	*plan = NULL;
	query_init(&q);
	strbuf_init(&sql);
	strbuf_init(&out);
	rc = prepare_query(s, ent, o, false, &q, e);
	if (rc)
		goto out;
	/* Not cached: plans are for tests and --explain. */
	strbuf_addf(&sql, "EXPLAIN QUERY PLAN %s", q.sql.buf);
	if (sqlite3_prepare_v2(s->db, sql.buf, -1, &st, NULL) != SQLITE_OK) {
		rc = store_db_err(s, e, "explaining a list query");
		goto out;
	}
	rc = bind_all(s, st, &q.c, e);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (out.len)
			strbuf_addch(&out, '\n');
		strbuf_adds(&out, (const char *)sqlite3_column_text(st, 3));
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_db_err(s, e, "explaining a list query");
	if (!rc)
		*plan = strbuf_detach(&out, NULL);
out:
	sqlite3_finalize(st);
	strbuf_release(&sql);
	strbuf_release(&out);
	query_release(&q);
	return rc;
}
