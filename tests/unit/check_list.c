/*
 * Keyset-paged lists (store/list.h): filters narrow exactly like an
 * equivalent hand-written WHERE clause, pages are complete and ordered, and
 * every page query is served by an index.
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/filter.h"
#include "centinela/store/list.h"
#include "centinela/store/store.h"
#include "testutil.h"

#define T0  1700000000LL
#define NOW (T0 + 65000) /* the clock the filters see */

/* Test data made with recursive CTEs: ties in every sort column. */
static const char *const seed[] = {
    "INSERT INTO organization(id, name, sector, region, created_at, "
    "updated_at, local_state) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 12) "
    "SELECT i, printf('Org %02d', i), "
    "CASE i % 4 WHEN 0 THEN 'energy' WHEN 1 THEN 'water' WHEN 2 THEN "
    "'finance' ELSE 'health' END, "
    "CASE i % 3 WHEN 0 THEN 'Jalisco' WHEN 1 THEN 'Sonora' END, 1, 1, "
    "CASE i % 5 WHEN 0 THEN 'dirty' ELSE 'synced' END FROM n",
    "INSERT INTO organization(id, name, sector, created_at, updated_at) "
    "VALUES (13, '50% Agua_Potable', 'water', 1, 1)",

    "INSERT INTO asset(id, organization_id, name, sector, kind, "
    "criticality, hostname, ip, vendor, product, created_at, updated_at) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 150) "
    "SELECT i, (i % 12) + 1, printf('plc-%02d', i % 50), "
    "CASE i % 4 WHEN 0 THEN 'energy' WHEN 1 THEN 'water' WHEN 2 THEN "
    "'finance' ELSE 'health' END, "
    "CASE i % 7 WHEN 0 THEN 'ics' WHEN 1 THEN 'server' WHEN 2 THEN "
    "'network' WHEN 3 THEN 'application' WHEN 4 THEN 'cloud' WHEN 5 THEN "
    "'workstation' ELSE 'other' END, "
    "(i % 5) + 1, printf('h%d.example.mx', i), "
    "printf('10.0.%d.%d', i / 256, i % 256), "
    "CASE i % 3 WHEN 0 THEN 'Siemens' WHEN 1 THEN 'Cisco' END, "
    "CASE i % 3 WHEN 0 THEN 'S7-1500' WHEN 1 THEN 'IOS XE' END, 1, 1 "
    "FROM n",
    /* keyed as the store keys them (schema v6) */
    "INSERT INTO asset_cpe(asset_id, cpe, part, vendor, product) "
    "SELECT id, c, cpe_key(c, 0), cpe_key(c, 1), cpe_key(c, 2) FROM asset, "
    "(SELECT 'cpe:2.3:h:siemens:s7-1500:-:*:*:*:*:*:*:*' AS c) "
    "WHERE id % 10 = 0",
    "INSERT INTO asset_cpe(asset_id, cpe, part, vendor, product) "
    "SELECT i, c, cpe_key(c, 0), cpe_key(c, 1), cpe_key(c, 2) FROM "
    "(SELECT id AS i, 'cpe:2.3:o:fortinet:fortios:7.0.' || (id % 4) || "
    "':*:*:*:*:*:*:*' AS c FROM asset WHERE id % 3 = 0)",

    "INSERT INTO incident(id, reference, title, description, category, "
    "category_type, severity, priority, status, tlp, pap, assignee, "
    "organization_id, sector, opened_at, due_at, created_at, updated_at, "
    "local_state) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 300) "
    "SELECT i, printf('MX-2026-%05d', i), "
    "CASE WHEN i % 10 = 0 THEN 'Ransomware en planta ' || i "
    "ELSE 'Phishing campaign ' || i END, 'text', "
    "CASE i % 3 WHEN 0 THEN 'malicious-code' WHEN 1 THEN 'fraud' "
    "ELSE 'intrusions' END, "
    "CASE i % 3 WHEN 0 THEN 'infected-system' WHEN 1 THEN 'phishing' END, "
    "(i % 5) + 1, (i % 4) + 1, "
    "CASE i % 7 WHEN 0 THEN 'new' WHEN 1 THEN 'triage' WHEN 2 THEN "
    "'in_progress' WHEN 3 THEN 'waiting' WHEN 4 THEN 'contained' WHEN 5 "
    "THEN 'resolved' ELSE 'closed' END, "
    "i % 5, i % 4, "
    "CASE i % 4 WHEN 0 THEN 'ana' WHEN 1 THEN 'luis' WHEN 3 THEN 'ana' END, "
    "CASE WHEN i % 5 <> 0 THEN (i % 12) + 1 END, "
    "CASE WHEN i % 5 <> 0 THEN CASE i % 4 WHEN 0 THEN 'energy' WHEN 1 THEN "
    "'water' WHEN 2 THEN 'finance' ELSE 'health' END END, "
    "1700000000 + (i / 3) * 600, "
    "CASE WHEN i % 2 = 0 THEN 1700050000 + (i / 4) * 300 END, "
    "1700000000, 1700000000 + (i % 17) * 1000, "
    "CASE i % 9 WHEN 0 THEN 'dirty' ELSE 'synced' END FROM n",

    "INSERT INTO alert(id, title, description, severity, tlp, "
    "taxonomy_class, taxonomy_type, feed_name, feed_provider, observed_at, "
    "received_at, status, organization_id, sector, asset_id, incident_id, "
    "event_hash, created_at, updated_at, source) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 400) "
    "SELECT i, CASE WHEN i % 8 = 0 THEN 'SCADA scan from botnet' "
    "ELSE 'Malware beacon \"c2\" ' || i END, NULL, (i % 5) + 1, i % 5, "
    "CASE i % 3 WHEN 0 THEN 'malicious-code' WHEN 1 THEN "
    "'information-gathering' ELSE 'intrusion-attempts' END, "
    "CASE i % 3 WHEN 0 THEN 'c2-server' WHEN 1 THEN 'scanner' END, "
    "CASE i % 2 WHEN 0 THEN 'misp' ELSE 'intelmq' END, 'prov', "
    "1700000000 + (i / 4) * 120, 1700000000 + (i % 50) * 60, "
    "CASE i % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'acknowledged' WHEN 2 THEN "
    "'dismissed' ELSE 'promoted' END, "
    "CASE WHEN i % 3 <> 0 THEN (i % 12) + 1 END, "
    "CASE WHEN i % 3 <> 0 THEN CASE i % 4 WHEN 0 THEN 'energy' WHEN 1 THEN "
    "'water' WHEN 2 THEN 'finance' ELSE 'health' END END, "
    "CASE WHEN i % 6 = 0 THEN (i % 150) + 1 END, "
    "CASE WHEN i % 10 = 0 THEN (i % 300) + 1 END, "
    "printf('%064d', i), 1, 1, "
    "CASE i % 2 WHEN 0 THEN 'central' ELSE 'misp' END FROM n",
    "INSERT INTO alert_observable(alert_id, type, value) "
    "SELECT id, 'ip', '192.0.2.' || (id % 20) FROM alert WHERE id % 5 = 0",
    "INSERT INTO alert_observable(alert_id, type, value) "
    "SELECT id, 'fqdn', 'bad' || (id % 3) || '.example.com' FROM alert "
    "WHERE id % 7 = 0",
    "INSERT INTO alert_observable(alert_id, type, value) "
    "SELECT id, 'hash', 'd41d8cd98f00b204e9800998ecf8427e' FROM alert "
    "WHERE id % 11 = 0",

    /* KEV rows (3 in 4) with ties in added; NVD-like rows published. */
    "INSERT INTO vulnerability(id, cve_id, vendor, product, title, "
    "description, is_kev, kev_added_at, kev_due_at, is_ransomware, "
    "published_at, created_at, updated_at, local_state) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 60) "
    "SELECT i, printf('CVE-2024-%05d', i * 7), "
    "CASE i % 3 WHEN 0 THEN 'Microsoft' WHEN 1 THEN 'Cisco' END, "
    "CASE i % 3 WHEN 0 THEN 'Exchange Server' WHEN 1 THEN 'IOS XE' END, "
    "CASE WHEN i % 6 = 0 THEN 'Exchange Server Deserialization' "
    "ELSE 'Remote code execution ' || i END, "
    "CASE WHEN i % 10 = 0 THEN 'uses 50% of the heap' END, "
    "i % 4 <> 0, CASE WHEN i % 4 <> 0 THEN 1690000000 + (i / 5) * 86400 "
    "END, CASE WHEN i % 4 <> 0 THEN 1700000000 + (i - 30) * 3600 END, "
    "i % 5 = 0, CASE WHEN i % 3 = 0 THEN 1680000000 + (i % 7) * 86400 "
    "END, 1, 1, CASE i % 8 WHEN 0 THEN 'dirty' ELSE 'synced' END FROM n",
    /* scores with ties; every third CVE unscored */
    "UPDATE vulnerability SET epss = CASE WHEN id % 3 <> 0 THEN "
    "(id % 7) / 8.0 END, cvss_score = (id % 11) * 0.9",
    /* exposures of every third asset to every sixth CVE, and of asset
       7 to CVE 7 (row id 7 << 32 | 7) */
    "INSERT INTO exposure(asset_id, vulnerability_id, cpe, matched_at) "
    "SELECT a.id, v.id, 'cpe:2.3:o:fortinet:fortios:7.0.' || (a.id % 4) "
    "|| ':*:*:*:*:*:*:*', 1700000000 + (a.id % 5) * 3600 FROM asset AS a, "
    "vulnerability AS v WHERE (a.id % 3 = 0 AND v.id % 6 = 0) OR "
    "(a.id = 7 AND v.id = 7)",
    TEST_SQL_EXPOSURE_TERMS,
    /* 30 bulletins: statuses, severities and TLPs in turn; every
       third covers CVE 7 (CVE-2024-00049), every fifth targets water */
    "INSERT INTO bulletin(id, reference, title, summary, tlp, severity, "
    "status, category, author, created_at, updated_at) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 30) "
    "SELECT i, printf('MX-SA-2026-%04d', i), printf('Bulletin %d', i), "
    "CASE WHEN i % 4 = 0 THEN 'patch firewalls' END, i % 5, 1 + i % 5, "
    "CASE i % 3 WHEN 0 THEN 'draft' WHEN 1 THEN 'interim' ELSE 'final' "
    "END, 'csaf_security_advisory', 'ana', 1, 1700000000 + (i % 6) * 60 "
    "FROM n",
    "INSERT INTO bulletin_cve(bulletin_id, cve_id) SELECT id, "
    "'CVE-2024-00049' FROM bulletin WHERE id % 3 = 0",
    "INSERT INTO bulletin_sector(bulletin_id, sector) SELECT id, 'water' "
    "FROM bulletin WHERE id % 5 = 0",
    NULL,
};

static struct store *
seeded_store(void)
{
	struct store *s = NULL;
	struct err e;

	err_clear(&e);
	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	for (size_t i = 0; seed[i]; i++)
		ck_assert_msg(test_store_sql(s, seed[i]) == 0, "seed %zu", i);
	return s;
}

/* The sort key of one row, as the test reads it from the struct. */
struct row_key {
	int64_t a;     /* first sort value (integer sorts) */
	int64_t b;     /* second sort value (three-part sorts) */
	const char *s; /* first sort value (text sorts) */
	int64_t id;    /* row id */
};

/* Everything a walk over all pages saw. */
struct walk {
	int64_t *ids;         /* row ids in page order (owned) */
	struct row_key *keys; /* their sort keys; s borrowed from names */
	char **names;         /* owned copies of text sort values */
	size_t n;             /* rows */
	size_t pages;         /* pages fetched */
};

static void
walk_release(struct walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->names[i]);
	free(w->names);
	free(w->ids);
	free(w->keys);
	memset(w, 0, sizeof(*w));
}

static void
walk_push(struct walk *w, int64_t id, int64_t a, int64_t b, const char *s)
{
	w->ids = realloc(w->ids, (w->n + 1) * sizeof(*w->ids));
	w->keys = realloc(w->keys, (w->n + 1) * sizeof(*w->keys));
	w->names = realloc(w->names, (w->n + 1) * sizeof(*w->names));
	ck_assert(w->ids && w->keys && w->names);
	w->ids[w->n] = id;
	w->names[w->n] = s ? strdup(s) : NULL;
	w->keys[w->n] = (struct row_key){a, b, w->names[w->n], id};
	w->n++;
}

static void
push_incident(struct walk *w, const struct incident *r, const char *sort)
{
	if (strcmp(sort, "updated") == 0)
		walk_push(w, r->meta.id, r->meta.updated_at, 0, NULL);
	else if (strcmp(sort, "severity") == 0)
		walk_push(w, r->meta.id, r->severity, r->opened_at, NULL);
	else if (strcmp(sort, "due") == 0)
		walk_push(w, r->meta.id, r->due_at, 0, NULL);
	else
		walk_push(w, r->meta.id, r->opened_at, 0, NULL);
}

static void
push_alert(struct walk *w, const struct alert *r, const char *sort)
{
	if (strcmp(sort, "received") == 0)
		walk_push(w, r->meta.id, r->received_at, 0, NULL);
	else if (strcmp(sort, "severity") == 0)
		walk_push(w, r->meta.id, r->severity, r->observed_at, NULL);
	else
		walk_push(w, r->meta.id, r->observed_at, 0, NULL);
}

static void
push_vulnerability(struct walk *w, const struct vulnerability *r,
                   const char *sort)
{
	if (strcmp(sort, "added") == 0)
		walk_push(w, r->meta.id, r->is_kev, r->kev_added_at, NULL);
	else if (strcmp(sort, "published") == 0)
		walk_push(w, r->meta.id, r->published_at, 0, NULL);
	else if (strcmp(sort, "epss") == 0)
		/* eighths: exact as integers */
		walk_push(w, r->meta.id, (int64_t)(r->epss * 8), 0, NULL);
	else
		walk_push(w, r->meta.id, 0, 0, r->cve_id);
}

static void
push_exposure(struct walk *w, const struct exposure *r, const char *sort)
{
	if (strcmp(sort, "matched") == 0)
		walk_push(w, r->meta.id, r->matched_at, 0, NULL);
	else
		walk_push(w, r->meta.id, r->priority, 0, NULL);
}

static void
push_bulletin(struct walk *w, const struct bulletin *r, const char *sort)
{
	if (strcmp(sort, "reference") == 0)
		walk_push(w, r->meta.id, 0, 0, r->reference);
	else if (strcmp(sort, "severity") == 0)
		walk_push(w, r->meta.id, r->severity, r->meta.updated_at, NULL);
	else
		walk_push(w, r->meta.id, r->meta.updated_at, 0, NULL);
}

static void
push_asset(struct walk *w, const struct asset *r, const char *sort)
{
	if (strcmp(sort, "name") == 0)
		walk_push(w, r->meta.id, 0, 0, r->name);
	else
		walk_push(w, r->meta.id, r->criticality, 0, NULL);
}

/* One page of any entity into w; returns the page function's result. */
static int
page_into(struct store *s, enum store_entity ent,
          const struct store_list_opts *o, struct walk *w,
          struct store_key *next, struct err *e)
{
	const char *sort = o->sort ? o->sort : store_sort_fields(ent)[0];
	size_t n = 0;
	int rc;

	switch (ent) {
	case STORE_INCIDENTS: {
		struct incident *rows = NULL;

		rc = store_incident_page(s, o, &rows, &n, next, e);
		for (size_t i = 0; i < n; i++) {
			push_incident(w, &rows[i], sort);
			incident_release(&rows[i]);
		}
		free(rows);
		break;
	}
	case STORE_ALERTS: {
		struct alert *rows = NULL;

		rc = store_alert_page(s, o, &rows, &n, next, e);
		for (size_t i = 0; i < n; i++) {
			push_alert(w, &rows[i], sort);
			alert_release(&rows[i]);
		}
		free(rows);
		break;
	}
	case STORE_ASSETS: {
		struct asset *rows = NULL;

		rc = store_asset_page(s, o, &rows, &n, next, e);
		for (size_t i = 0; i < n; i++) {
			push_asset(w, &rows[i], sort);
			asset_release(&rows[i]);
		}
		free(rows);
		break;
	}
	case STORE_VULNERABILITIES: {
		void *r = NULL;
		struct vulnerability *rows;

		rc = store_page_keyed(s, ent, o, &r, NULL, &n, next, e);
		rows = r;
		for (size_t i = 0; i < n; i++) {
			push_vulnerability(w, &rows[i], sort);
			vulnerability_release(&rows[i]);
		}
		free(rows);
		break;
	}
	case STORE_EXPOSURES: {
		void *r = NULL;
		struct exposure *rows;

		rc = store_page_keyed(s, ent, o, &r, NULL, &n, next, e);
		rows = r;
		for (size_t i = 0; i < n; i++) {
			push_exposure(w, &rows[i], sort);
			exposure_release(&rows[i]);
		}
		free(rows);
		break;
	}
	case STORE_BULLETINS: {
		void *r = NULL;
		struct bulletin *rows;

		rc = store_page_keyed(s, ent, o, &r, NULL, &n, next, e);
		rows = r;
		for (size_t i = 0; i < n; i++) {
			push_bulletin(w, &rows[i], sort);
			bulletin_release(&rows[i]);
		}
		free(rows);
		break;
	}
	default: {
		struct organization *rows = NULL;

		rc = store_organization_page(s, o, &rows, &n, next, e);
		for (size_t i = 0; i < n; i++) {
			walk_push(w, rows[i].meta.id, 0, 0, rows[i].name);
			organization_release(&rows[i]);
		}
		free(rows);
		break;
	}
	}
	if (!rc) {
		ck_assert_uint_le(n, (size_t)o->limit);
		w->pages++;
	}
	return rc;
}

static int
key_cmp(const struct row_key *x, const struct row_key *y)
{
	int c = 0;

	if (x->s || y->s)
		c = strcmp(x->s, y->s);
	else if (x->a != y->a)
		c = x->a < y->a ? -1 : 1;
	else if (x->b != y->b)
		c = x->b < y->b ? -1 : 1;
	if (!c && x->id != y->id)
		c = x->id < y->id ? -1 : 1;
	return c;
}

/* store_list_opts.walk_ms of walk_all_plan (negative: the match sets). */
static int64_t walk_ms;

/*
 * Walk every page of filter src (NULL: none) in ent sorted by sort, the
 * key going through its printed form between pages.
 */
static void
walk_all_plan(struct store *s, enum store_entity ent, const char *src,
              const char *sort, bool is_ascending, int limit,
              int64_t text_sort_max, int64_t text_in_max, struct walk *w)
{
	struct store_list_opts o;
	struct store_key after, next;
	struct filter *f = NULL;
	struct err e;

	err_clear(&e);
	memset(w, 0, sizeof(*w));
	if (src)
		ck_assert_msg(filter_parse(src, &f, &e) == 0, "%s", e.msg);
	store_list_opts_init(&o);
	o.filter = f;
	o.me = "ana";
	o.now = NOW;
	o.sort = sort;
	o.is_ascending = is_ascending;
	o.limit = limit;
	o.after = &after;
	o.text_sort_max = text_sort_max;
	o.text_in_max = text_in_max;
	o.walk_ms = walk_ms;
	store_key_init(&after);
	store_key_init(&next);
	for (;;) {
		char *tok;

		ck_assert_msg(page_into(s, ent, &o, w, &next, &e) == 0,
		              "%s '%.200s': %s", store_entity_name(ent),
		              src ? src : "", e.msg);
		if (!next.is_set)
			break;
		tok = store_key_format(&next);
		store_key_release(&after);
		ck_assert_int_eq(store_key_parse(tok, &after, &e), 0);
		free(tok);
		ck_assert_uint_lt(w->pages, 10000);
	}
	store_key_release(&after);
	store_key_release(&next);
	filter_free(f);
	/* Strictly ordered: no duplicates, no reordering across pages. */
	for (size_t i = 1; i < w->n; i++) {
		int c = key_cmp(&w->keys[i - 1], &w->keys[i]);

		ck_assert_msg(is_ascending ? c < 0 : c > 0,
		              "%s '%s' by %s: rows %zu and %zu out of order",
		              store_entity_name(ent), src ? src : "",
		              sort ? sort : "default", i - 1, i);
	}
}

static void
walk_all(struct store *s, enum store_entity ent, const char *src,
         const char *sort, bool is_ascending, int limit, struct walk *w)
{
	walk_all_plan(s, ent, src, sort, is_ascending, limit, 0, 0, w);
}

static const char *const tables[] = {
    "incident",      "alert",    "asset",   "organization",
    "vulnerability", "exposure", "bulletin"};

/* Check that the walk holds exactly the rows of table WHERE oracle. */
static void
check_same_rows(struct store *s, enum store_entity ent, const struct walk *w,
                const char *oracle, const char *what)
{
	struct strbuf sql;
	long long want, got;

	strbuf_init(&sql);
	strbuf_addf(&sql, "SELECT count(*) FROM %s WHERE %s", tables[ent],
	            oracle);
	want = test_store_int(s, sql.buf);
	ck_assert_msg((long long)w->n == want, "%s: %zu rows, want %lld", what,
	              w->n, want);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "SELECT count(*) FROM %s WHERE (%s) AND id IN (",
	            tables[ent], oracle);
	for (size_t i = 0; i < w->n; i++)
		strbuf_addf(&sql, "%s%lld", i ? "," : "", (long long)w->ids[i]);
	strbuf_adds(&sql, ")");
	got = test_store_int(s, sql.buf);
	ck_assert_msg(got == want, "%s: %lld of the rows match, want %lld",
	              what, got, want);
	strbuf_release(&sql);
}

/* A filter and the WHERE clause that means the same. */
struct filter_case {
	enum store_entity ent; /* list */
	const char *filter;    /* filter text */
	const char *oracle;    /* equivalent SQL condition */
	long long min_rows;    /* the data must give at least this many */
};

static const struct filter_case cases[] = {
    {STORE_INCIDENTS, "", "1", 300},
    {STORE_INCIDENTS, "severity>=high", "severity >= 4", 2},
    {STORE_INCIDENTS, "severity>medium", "severity > 3", 2},
    {STORE_INCIDENTS, "severity<low", "severity < 2", 2},
    {STORE_INCIDENTS, "severity<=low", "severity <= 2", 2},
    {STORE_INCIDENTS, "severity:High,CRITICAL", "severity IN (4, 5)", 2},
    {STORE_INCIDENTS, "!severity:info", "severity <> 1", 2},
    {STORE_INCIDENTS, "severity!=info,low", "severity NOT IN (1, 2)", 2},
    {STORE_INCIDENTS, "status:new", "status = 'new'", 2},
    {STORE_INCIDENTS, "status:in-progress", "status = 'in_progress'", 2},
    {STORE_INCIDENTS, "status!=closed,resolved",
     "status NOT IN ('closed', 'resolved')", 2},
    {STORE_INCIDENTS, "status<contained",
     "status IN ('new', 'triage', 'in_progress', 'waiting')", 2},
    {STORE_INCIDENTS, "status>=resolved", "status IN ('resolved', 'closed')",
     2},
    {STORE_INCIDENTS, "priority<=2", "priority <= 2", 2},
    {STORE_INCIDENTS, "tlp:amber+strict", "tlp = 3", 2},
    {STORE_INCIDENTS, "tlp>=amber", "tlp >= 2", 2},
    {STORE_INCIDENTS, "tlp:white", "tlp = 0", 2},
    {STORE_INCIDENTS, "pap:red", "pap = 3", 2},
    {STORE_INCIDENTS, "assignee:me", "assignee = 'ana'", 2},
    {STORE_INCIDENTS, "assignee:luis", "assignee = 'luis'", 2},
    {STORE_INCIDENTS, "assignee:none", "assignee IS NULL", 2},
    {STORE_INCIDENTS, "assignee:luis,none",
     "assignee = 'luis' OR assignee IS NULL", 2},
    {STORE_INCIDENTS, "!assignee:me", "assignee IS NOT 'ana'", 2},
    {STORE_INCIDENTS, "category:fraud", "category = 'fraud'", 2},
    {STORE_INCIDENTS, "category:malicious-code/infected-system",
     "category = 'malicious-code' AND category_type = 'infected-system'", 2},
    {STORE_INCIDENTS, "category:fraud,Intrusions",
     "category IN ('fraud', 'intrusions')", 2},
    {STORE_INCIDENTS, "category:fraud,malicious-code/infected-system",
     "category = 'fraud' OR (category = 'malicious-code' AND "
     "category_type = 'infected-system')",
     2},
    {STORE_INCIDENTS,
     "category:malicious-code/infected-system,fraud/phishing,intrusions",
     "category = 'intrusions' OR (category = 'malicious-code' AND "
     "category_type = 'infected-system') OR (category = 'fraud' AND "
     "category_type = 'phishing')",
     2},
    {STORE_INCIDENTS, "org:\"org 03\"", "organization_id = 3", 2},
    {STORE_INCIDENTS, "organization:\"Org 03\",\"Org 04\"",
     "organization_id IN (3, 4)", 2},
    {STORE_INCIDENTS, "sector:energy", "sector = 'energy'", 2},
    {STORE_INCIDENTS, "!sector:energy", "sector IS NOT 'energy'", 2},
    {STORE_INCIDENTS, "sector:Energy,water", "sector IN ('energy', 'water')",
     2},
    {STORE_INCIDENTS, "age<2h", "opened_at > 1700065000 - 7200", 2},
    {STORE_INCIDENTS, "age>=16h", "opened_at <= 1700065000 - 57600", 2},
    {STORE_INCIDENTS, "due<30m",
     "(status IN ('new', 'triage', 'in_progress', 'contained') AND "
     "due_at < 1700065000 + 1800) OR (status = 'waiting' AND due_at < "
     "waiting_since)",
     2},
    {STORE_INCIDENTS, "due>=2023-11-15",
     "status IN ('new', 'triage', 'in_progress', 'contained') AND "
     "due_at >= 1700006400",
     2},
    {STORE_INCIDENTS, "sla:breached",
     "status NOT IN ('resolved', 'closed') AND "
     "due_at < coalesce(waiting_since, 1700065000)",
     2},
    {STORE_INCIDENTS, "sla:running,paused",
     "(status IN ('new', 'triage', 'in_progress', 'contained') AND "
     "due_at >= 1700065000) OR status = 'waiting'",
     2},
    {STORE_INCIDENTS, "!sla:met",
     "NOT (status IN ('resolved', 'closed') "
     "AND coalesce(closed_at, updated_at) <= due_at)",
     2},
    {STORE_INCIDENTS, "updated>=2023-11-14T23:00:00Z",
     "updated_at >= 1700002800", 2},
    {STORE_INCIDENTS, "updated<18h", "updated_at > 1700065000 - 64800", 2},
    {STORE_INCIDENTS, "state:dirty", "local_state = 'dirty'", 2},
    {STORE_INCIDENTS, "ref:mx-2026-00042", "reference = 'MX-2026-00042'", 1},
    {STORE_INCIDENTS, "reference:MX-2026-00042,MX-2026-00043", "id IN (42, 43)",
     2},
    {STORE_INCIDENTS, "source:local", "1", 300},
    {STORE_INCIDENTS, "ransomware", "title LIKE '%ransomware%'", 2},
    {STORE_INCIDENTS, "RANSOM*", "title LIKE '%ransomware%'", 2},
    {STORE_INCIDENTS, "!ransomware", "title NOT LIKE '%ransomware%'", 2},
    {STORE_INCIDENTS, "\"ransomware en planta\" severity<=low",
     "title LIKE 'ransomware en planta%' AND severity <= 2", 2},
    {STORE_INCIDENTS, "\"en ransomware\"", "0", 0},
    {STORE_INCIDENTS, "ransomware phishing", "0", 0},
    {STORE_INCIDENTS, "\"ransomware\" \"\" \"AND\" \"NEAR(\"", "0", 0},
    {STORE_INCIDENTS, "status:new severity>=high !assignee:none age>8h",
     "status = 'new' AND severity >= 4 AND assignee IS NOT NULL AND "
     "opened_at < 1700065000 - 28800",
     2},

    {STORE_ALERTS, "", "1", 400},
    {STORE_ALERTS, "severity:critical", "severity = 5", 2},
    {STORE_ALERTS, "status:new", "status = 'new'", 2},
    {STORE_ALERTS, "!status:dismissed,promoted",
     "status NOT IN ('dismissed', 'promoted')", 2},
    {STORE_ALERTS, "tlp<=green", "tlp <= 1", 2},
    {STORE_ALERTS, "taxonomy:malicious-code",
     "taxonomy_class = 'malicious-code'", 2},
    {STORE_ALERTS, "taxonomy:malicious-code/c2-server",
     "taxonomy_class = 'malicious-code' AND taxonomy_type = 'c2-server'", 2},
    {STORE_ALERTS, "type:scanner", "taxonomy_type = 'scanner'", 2},
    {STORE_ALERTS, "feed:misp", "feed_name = 'misp'", 2},
    {STORE_ALERTS, "source:central", "source = 'central'", 2},
    {STORE_ALERTS, "org:\"ORG 05\"", "organization_id = 5", 2},
    {STORE_ALERTS, "sector:water", "sector = 'water'", 2},
    {STORE_ALERTS, "asset:7", "asset_id = 7", 1},
    {STORE_ALERTS, "incident:mx-2026-00011", "incident_id = 11", 2},
    {STORE_ALERTS, "ip:192.0.2.5",
     "id IN (SELECT alert_id FROM alert_observable WHERE value = "
     "'192.0.2.5')",
     2},
    {STORE_ALERTS, "observable:bad1.example.com", "id % 7 = 0 AND id % 3 = 1",
     2},
    {STORE_ALERTS, "fqdn:BAD1.example.com", "id % 7 = 0 AND id % 3 = 1", 2},
    {STORE_ALERTS, "ip:bad1.example.com", "0", 0},
    {STORE_ALERTS, "hash:D41D8CD98F00B204E9800998ECF8427E", "id % 11 = 0", 2},
    {STORE_ALERTS, "age<1h", "observed_at > 1700065000 - 3600", 0},
    {STORE_ALERTS, "age<16h", "observed_at > 1700065000 - 57600", 2},
    {STORE_ALERTS, "received>=2023-11-14T23:00:00Z",
     "received_at >= 1700002800", 2},
    {STORE_ALERTS, "state:synced", "1", 400},
    {STORE_ALERTS, "scada", "title LIKE 'SCADA%'", 2},
    {STORE_ALERTS, "c2 !scada", "title NOT LIKE 'SCADA%'", 2},
    {STORE_ALERTS, "\"\\\"c2\\\"\"", "title NOT LIKE 'SCADA%'", 2},
    {STORE_ALERTS, "misp", "feed_name = 'misp'", 2},

    {STORE_ASSETS, "", "1", 150},
    {STORE_ASSETS, "kind:ICS", "kind = 'ics'", 2},
    {STORE_ASSETS, "criticality>=4", "criticality >= 4", 2},
    {STORE_ASSETS, "criticality:5", "criticality = 5", 2},
    {STORE_ASSETS, "sector:energy", "sector = 'energy'", 2},
    {STORE_ASSETS, "org:\"org 01\"", "organization_id = 1", 2},
    {STORE_ASSETS, "vendor:siemens", "vendor = 'Siemens'", 2},
    {STORE_ASSETS, "!vendor:siemens", "vendor IS NOT 'Siemens'", 2},
    {STORE_ASSETS, "product:\"ios xe\"", "product = 'IOS XE'", 2},
    {STORE_ASSETS, "cpe:cpe:2.3:h:siemens:s7-1500:-:*:*:*:*:*:*:*",
     "id % 10 = 0", 2},
    {STORE_ASSETS, "ip:10.0.0.7", "id = 7", 1},
    {STORE_ASSETS, "host:H7.EXAMPLE.MX", "id = 7", 1},
    {STORE_ASSETS, "hostname:h7.example.mx,h8.example.mx", "id IN (7, 8)", 2},
    {STORE_ASSETS, "name:PLC-07", "name = 'plc-07'", 2},
    {STORE_ASSETS, "siemens", "vendor = 'Siemens'", 2},
    {STORE_ASSETS, "plc", "1", 150}, /* "plc-07" is two tokens */
    {STORE_ASSETS, "state:dirty", "0", 0},

    {STORE_ORGANIZATIONS, "", "1", 13},
    {STORE_ORGANIZATIONS, "sector:energy", "sector = 'energy'", 2},
    {STORE_ORGANIZATIONS, "region:jalisco", "region = 'Jalisco'", 2},
    {STORE_ORGANIZATIONS, "!region:jalisco", "region IS NOT 'Jalisco'", 2},
    {STORE_ORGANIZATIONS, "name:\"org 01\"", "id = 1", 1},
    {STORE_ORGANIZATIONS, "\"org 1\"", "id IN (10, 11, 12)", 3},
    {STORE_ORGANIZATIONS, "!org", "id = 13", 1},
    {STORE_ORGANIZATIONS, "50%", "id = 13", 1},
    {STORE_ORGANIZATIONS, "_", "id = 13", 1},
    {STORE_ORGANIZATIONS, "%", "id = 13", 1},
    {STORE_ORGANIZATIONS, "state:dirty", "local_state = 'dirty'", 2},

    {STORE_VULNERABILITIES, "", "1", 60},
    {STORE_VULNERABILITIES, "kev:yes", "is_kev = 1", 2},
    {STORE_VULNERABILITIES, "kev:no", "is_kev = 0", 2},
    {STORE_VULNERABILITIES, "!kev:yes", "is_kev = 0", 2},
    {STORE_VULNERABILITIES, "ransomware:yes kev:yes",
     "is_ransomware = 1 AND is_kev = 1", 2},
    {STORE_VULNERABILITIES, "ransomware:false", "is_ransomware = 0", 2},
    {STORE_VULNERABILITIES, "cve:cve-2024-00070", "id = 10", 1},
    {STORE_VULNERABILITIES, "cve:CVE-2024-00070,CVE-2024-00007",
     "id IN (1, 10)", 2},
    {STORE_VULNERABILITIES, "vendor:MICROSOFT", "vendor = 'Microsoft'", 2},
    {STORE_VULNERABILITIES, "!vendor:microsoft", "vendor IS NOT 'Microsoft'",
     2},
    {STORE_VULNERABILITIES, "product:\"ios xe\"", "product = 'IOS XE'", 2},
    {STORE_VULNERABILITIES, "published>=2023-03-31",
     "published_at >= 1680220800", 2},
    {STORE_VULNERABILITIES, "added<2023-07-25", "kev_added_at < 1690243200", 2},
    /* due: a date, or a duration from now (overdue ones included) */
    {STORE_VULNERABILITIES, "due<2023-11-14T22:13:20Z",
     "kev_due_at < 1700000000", 2},
    {STORE_VULNERABILITIES, "due<2h", "kev_due_at < 1700065000 + 7200", 2},
    {STORE_VULNERABILITIES, "due>=2h", "kev_due_at >= 1700065000 + 7200", 2},
    {STORE_VULNERABILITIES, "state:dirty", "local_state = 'dirty'", 2},
    {STORE_VULNERABILITIES, "exchange", "vendor = 'Microsoft'", 2},
    {STORE_VULNERABILITIES, "deserialization !kev:yes",
     "id % 6 = 0 AND is_kev = 0", 2},
    /* words are whole words (the FTS index): a CVE id's start needs '*' */
    {STORE_VULNERABILITIES, "cve-2024-0007*", "id IN (10, 11)", 2},
    {STORE_VULNERABILITIES, "cve-2024-0007", "0", 0},
    {STORE_VULNERABILITIES, "cve-2024-00077", "id = 11", 1},
    {STORE_VULNERABILITIES, "heap", "id % 10 = 0", 2},
    {STORE_VULNERABILITIES, "50%", "id % 10 = 0", 2},
    {STORE_VULNERABILITIES, "!execution", "id % 6 = 0", 2},
    {STORE_VULNERABILITIES, "ios exchange", "0", 0},

    /* an exposure's word matches its CVE or its asset, each word alone */
    {STORE_EXPOSURES, "deserialization", "vulnerability_id % 6 = 0", 2},
    {STORE_EXPOSURES, "microsoft", "vulnerability_id % 6 = 0", 2},
    {STORE_EXPOSURES, "siemens", "asset_id % 3 = 0", 2},
    {STORE_EXPOSURES, "cisco", "asset_id = 7", 1},
    {STORE_EXPOSURES, "ios*", "asset_id = 7", 1},
    {STORE_EXPOSURES, "plc-03", "asset_id = 3", 2},
    {STORE_EXPOSURES, "cve-2024-00042", "vulnerability_id = 6", 2},
    {STORE_EXPOSURES, "plc-03 cve-2024-00042",
     "asset_id = 3 AND vulnerability_id = 6", 1},
    {STORE_EXPOSURES, "execution plc-07", "asset_id = 7", 1},
    {STORE_EXPOSURES, "siemens microsoft", "vulnerability_id % 6 = 0", 2},
    {STORE_EXPOSURES, "\"siemens microsoft\"", "0", 0},
    {STORE_EXPOSURES, "!siemens", "asset_id = 7", 1},
    {STORE_EXPOSURES, "!siemens !cisco", "0", 0},
    {STORE_EXPOSURES, "deserialization !plc-03 kev:yes",
     "vulnerability_id % 6 = 0 AND asset_id <> 3 AND (SELECT is_kev "
     "FROM vulnerability WHERE id = vulnerability_id)",
     2},
    {STORE_EXPOSURES, "kev:no",
     "NOT (SELECT is_kev FROM vulnerability WHERE id = vulnerability_id)", 2},
    {STORE_EXPOSURES, "!kev:yes",
     "NOT (SELECT is_kev FROM vulnerability WHERE id = vulnerability_id)", 2},
    {STORE_EXPOSURES, "zzq", "0", 0},

    {STORE_BULLETINS, "", "1", 30},
    {STORE_BULLETINS, "status:final", "status = 'final'", 2},
    {STORE_BULLETINS, "!status:draft", "status <> 'draft'", 2},
    {STORE_BULLETINS, "severity>=high", "severity >= 4", 2},
    {STORE_BULLETINS, "tlp:amber+strict", "tlp = 3", 2},
    {STORE_BULLETINS, "cve:cve-2024-00049", "id % 3 = 0", 2},
    {STORE_BULLETINS, "sector:water status:final",
     "id % 5 = 0 AND status = 'final'", 2},
    {STORE_BULLETINS, "ref:MX-SA-2026-0007", "id = 7", 1},
    {STORE_BULLETINS, "firewalls", "id % 4 = 0", 2},
    {STORE_BULLETINS, "author:ana", "1", 30},
    {STORE_BULLETINS, "reviewer:ana", "0", 0},
};

/*
 * Walk src in pages of limit rows and count it: both give exactly the rows
 * of table WHERE oracle. Returns how many.
 */
static size_t
check_filter_rows(struct store *s, enum store_entity ent, const char *src,
                  const char *oracle, int limit, const char *what)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	struct walk w;
	int64_t count = -1;
	struct err e;
	size_t n;

	walk_all(s, ent, src, NULL, false, limit, &w);
	check_same_rows(s, ent, &w, oracle, what);
	err_clear(&e);
	ck_assert_int_eq(filter_parse(src, &f, &e), 0);
	store_list_opts_init(&o);
	o.filter = f;
	o.me = "ana";
	o.now = NOW;
	ck_assert_msg(store_count(s, ent, &o, &count, &e) == 0, "%s: %s", what,
	              e.msg);
	ck_assert_msg(count == (int64_t)w.n, "%s: count %lld, rows %zu", what,
	              (long long)count, w.n);
	n = w.n;
	filter_free(f);
	walk_release(&w);
	return n;
}

START_TEST(test_list_filters_narrow)
{
	struct store *s = seeded_store();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct filter_case *c = &cases[i];
		char what[200];
		size_t n;

		snprintf(what, sizeof(what), "%s '%s'",
		         store_entity_name(c->ent), c->filter);
		n = check_filter_rows(s, c->ent, c->filter, c->oracle, 7, what);
		ck_assert_msg((long long)n >= c->min_rows,
		              "%s: only %zu rows, the case is too weak", what,
		              n);
	}
	store_close(s);
}
END_TEST

/* A term repeated, a first term before a run of others, its oracle. */
struct large_case {
	enum store_entity ent; /* list */
	const char *first;     /* a first term, or NULL */
	const char *term;      /* the term repeated */
	const char *suffix;    /* NULL: the same term; else the term, its
	                       number and suffix */
	const char *oracle;    /* equivalent SQL condition of them all */
};

static const struct large_case large_cases[] = {
    {STORE_INCIDENTS, NULL, "severity>=high", NULL, "severity >= 4"},
    {STORE_INCIDENTS, NULL, "!status:closed", NULL, "status <> 'closed'"},
    {STORE_INCIDENTS, NULL, "assignee:luis,none", NULL,
     "assignee = 'luis' OR assignee IS NULL"},
    {STORE_INCIDENTS, NULL, "category:fraud,malicious-code/infected-system",
     NULL,
     "category = 'fraud' OR (category = 'malicious-code' AND "
     "category_type = 'infected-system')"},
    {STORE_INCIDENTS, NULL, "!ref:x-", "", "1"},
    /* one OR among many plain terms: SQLite's multi-index OR plan would
     * chain them all into one deep tree */
    {STORE_INCIDENTS, "assignee:luis,none", "age<1", "d",
     "assignee = 'luis' OR assignee IS NULL"},
    {STORE_INCIDENTS, "category:fraud,malicious-code/infected-system",
     "updated<1", "d",
     "category = 'fraud' OR (category = 'malicious-code' AND "
     "category_type = 'infected-system')"},
    {STORE_ALERTS, NULL, "!ip:192.0.2.", "",
     "id NOT IN (SELECT alert_id FROM alert_observable WHERE type = 'ip' "
     "AND value GLOB '192.0.2.*')"},
    {STORE_ALERTS, "c2", "!scada", NULL, "title NOT LIKE 'SCADA%'"},
    {STORE_ALERTS, NULL, "!zzq", "", "1"},
    {STORE_ALERTS, NULL, "zzq", "*", "0"},
    {STORE_ORGANIZATIONS, NULL, "!org", NULL, "id = 13"},
    {STORE_ORGANIZATIONS, NULL, "!zzq", "", "1"},
};

/*
 * Filters of 1000 and FILTER_TERMS_MAX terms hold every term: SQLite
 * refuses an expression tree deeper than 1000, and a filter used to be one
 * chain as deep as it was long ("Expression tree is too large").
 */
START_TEST(test_list_large_filters_hold_every_term)
{
	static const size_t sizes[] = {1000, FILTER_TERMS_MAX};
	struct store *s = seeded_store();

	for (size_t i = 0; i < sizeof(large_cases) / sizeof(large_cases[0]);
	     i++) {
		const struct large_case *c = &large_cases[i];

		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			struct strbuf src;
			char what[200];
			size_t n;

			strbuf_init(&src);
			if (c->first)
				strbuf_adds(&src, c->first);
			for (size_t t = c->first ? 1 : 0; t < sizes[k]; t++) {
				strbuf_addf(&src, "%s%s", src.len ? " " : "",
				            c->term);
				if (c->suffix)
					strbuf_addf(&src, "%zu%s", t,
					            c->suffix);
			}
			snprintf(what, sizeof(what), "%s '%s' x %zu",
			         store_entity_name(c->ent), c->term, sizes[k]);
			n = check_filter_rows(s, c->ent, src.buf, c->oracle,
			                      100, what);
			ck_assert_msg(n > 0 || strcmp(c->oracle, "0") == 0,
			              "%s: no rows", what);
			strbuf_release(&src);
		}
	}
	store_close(s);
}
END_TEST

START_TEST(test_list_pages_complete_every_sort)
{
	static const struct {
		enum store_entity ent; /* list */
		const char *filter;    /* filter */
		const char *oracle;    /* same in SQL */
	} walks[] = {
	    {STORE_INCIDENTS, NULL, "1"},
	    {STORE_INCIDENTS, "status:new", "status = 'new'"},
	    {STORE_INCIDENTS, "severity:high", "severity = 4"},
	    {STORE_ALERTS, NULL, "1"},
	    {STORE_ALERTS, "status:acknowledged", "status = 'acknowledged'"},
	    {STORE_ASSETS, NULL, "1"},
	    {STORE_ASSETS, "kind:server", "kind = 'server'"},
	    {STORE_ORGANIZATIONS, NULL, "1"},
	    {STORE_ORGANIZATIONS, "sector:water", "sector = 'water'"},
	    {STORE_VULNERABILITIES, NULL, "1"},
	    {STORE_VULNERABILITIES, "kev:yes", "is_kev = 1"},
	    {STORE_VULNERABILITIES, "vendor:cisco", "vendor = 'Cisco'"},
	    {STORE_VULNERABILITIES, "epss>=0.5", "epss >= 0.5"},
	    {STORE_EXPOSURES, NULL, "1"},
	    {STORE_EXPOSURES, "kev:yes criticality>=3",
	     "(SELECT is_kev FROM vulnerability WHERE id = vulnerability_id) "
	     "AND (SELECT criticality FROM asset WHERE id = asset_id) >= 3"},
	};
	static const int limits[] = {1, 3, 50, 10000};
	struct store *s = seeded_store();

	for (size_t i = 0; i < sizeof(walks) / sizeof(walks[0]); i++) {
		const char *const *sorts = store_sort_fields(walks[i].ent);

		for (size_t j = 0; sorts[j]; j++)
			for (int asc = 0; asc < 2; asc++)
				for (size_t l = 0; l < 4; l++) {
					struct walk w;
					char oracle[200], what[200];

					/* due lists incidents with a due date,
					 * added and published the
					 * vulnerabilities with those dates */
					snprintf(
					    oracle, sizeof(oracle), "(%s)%s",
					    walks[i].oracle,
					    strcmp(sorts[j], "due") == 0
					        ? " AND due_at IS "
					          "NOT NULL"
					    : strcmp(sorts[j], "added") == 0
					        ? " AND kev_added_at IS "
					          "NOT NULL"
					    : strcmp(sorts[j], "published") == 0
					        ? " AND published_at IS "
					          "NOT NULL"
					    : strcmp(sorts[j], "epss") == 0
					        ? " AND epss IS NOT NULL"
					        : "");
					snprintf(
					    what, sizeof(what),
					    "%s by %s %s limit %d",
					    store_entity_name(walks[i].ent),
					    sorts[j], asc ? "asc" : "desc",
					    limits[l]);
					walk_all(s, walks[i].ent,
					         walks[i].filter, sorts[j], asc,
					         limits[l], &w);
					check_same_rows(s, walks[i].ent, &w,
					                oracle, what);
					if (limits[l] == 1)
						ck_assert_uint_eq(
						    w.pages, w.n ? w.n : 1);
					walk_release(&w);
				}
	}
	store_close(s);
}
END_TEST

static bool
cancel_always(void *ctx)
{
	int *asked = ctx;

	(*asked)++;
	return true;
}

START_TEST(test_list_count_upto_caps_and_cancels)
{
	struct store *s = seeded_store();
	struct store_list_opts o;
	struct filter *f = NULL;
	int64_t all = 0, n = 0;
	int asked = 0;
	struct err e;

	err_clear(&e);
	store_list_opts_init(&o);
	ck_assert_int_eq(store_count(s, STORE_ALERTS, &o, &all, &e), 0);
	ck_assert_int_gt(all, 10);
	ck_assert_int_eq(store_count_upto(s, STORE_ALERTS, &o, 10, &n, &e), 0);
	ck_assert_int_eq(n, 11); /* more than the cap */
	ck_assert_int_eq(store_count_upto(s, STORE_ALERTS, &o, all, &n, &e), 0);
	ck_assert_int_eq(n, all);
	ck_assert_int_eq(store_count_upto(s, STORE_ALERTS, &o, 0, &n, &e), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(store_count_upto(s, STORE_ALERTS, &o, -1, &n, &e),
	                 ERR_INVALID);
	/* with a filter: the same as the exact count under the cap */
	ck_assert_int_eq(filter_parse("incident:MX-2026-00061", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_count(s, STORE_ALERTS, &o, &all, &e), 0);
	ck_assert_int_eq(store_count_upto(s, STORE_ALERTS, &o, 1000, &n, &e),
	                 0);
	ck_assert_int_eq(n, all);
	ck_assert_int_eq(store_list_check(s, STORE_ALERTS, &o, &e), 0);
	filter_free(f);
	ck_assert_int_eq(filter_parse("nosuchfield:1", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_list_check(s, STORE_ALERTS, &o, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "nosuchfield"));
	filter_free(f);
	/* a cancelled count stops, and the connection works after it */
	ck_assert_int_eq(
	    test_store_sql(
	        s,
	        "INSERT INTO alert(id, title, severity, tlp, taxonomy_class, feed_name, "
	        "observed_at, received_at, status, event_hash, created_at, "
	        "updated_at, source) WITH RECURSIVE k(j) AS (SELECT 1 "
	        "UNION ALL SELECT j + 1 FROM k WHERE j < 50) SELECT "
	        "a.id + 1000 * k.j, a.title, a.severity, a.tlp, a.taxonomy_class, a.feed_name, "
	        "a.observed_at, a.received_at, a.status, "
	        "printf('%064d', a.id + 1000 * k.j), 1, 1, a.source "
	        "FROM alert AS a, k"),
	    0);
	ck_assert_int_eq(filter_parse("feed:misp", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_count(s, STORE_ALERTS, &o, &all, &e), 0);
	o.is_cancelled = cancel_always;
	o.cancel_ctx = &asked;
	ck_assert_int_eq(store_count(s, STORE_ALERTS, &o, &n, &e), ERR_LIMIT);
	ck_assert_int_gt(asked, 0);
	o.is_cancelled = NULL;
	ck_assert_int_eq(store_count(s, STORE_ALERTS, &o, &n, &e), 0);
	ck_assert_int_eq(n, all);
	filter_free(f);
	store_close(s);
}
END_TEST

START_TEST(test_list_rows_filled)
{
	struct store *s = seeded_store();
	struct store_list_opts o;
	struct filter *f = NULL;
	struct incident *inc = NULL;
	struct alert *al = NULL;
	struct asset *as = NULL;
	struct organization *org = NULL;
	size_t n = 0;
	struct err e;

	err_clear(&e);
	store_list_opts_init(&o);
	ck_assert_int_eq(filter_parse("ref:MX-2026-00042", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_incident_page(s, &o, &inc, &n, NULL, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(inc[0].meta.id, 42);
	ck_assert_str_eq(inc[0].meta.source, "local");
	ck_assert_str_eq(inc[0].reference, "MX-2026-00042");
	ck_assert_str_eq(inc[0].category, "malicious-code");
	ck_assert_str_eq(inc[0].category_type, "infected-system");
	ck_assert_int_eq(inc[0].severity, SEVERITY_MEDIUM);
	ck_assert_int_eq(inc[0].priority, 3);
	ck_assert_int_eq(inc[0].status, INCIDENT_NEW);
	ck_assert_int_eq(inc[0].tlp, TLP_AMBER);
	ck_assert_int_eq(inc[0].pap, PAP_AMBER);
	ck_assert_ptr_null(inc[0].assignee);
	ck_assert_int_eq(inc[0].organization_id, 7);
	ck_assert_str_eq(inc[0].organization, "Org 07");
	ck_assert_str_eq(inc[0].sector, "finance");
	ck_assert_int_eq(inc[0].opened_at, T0 + 14 * 600);
	/* the cache computes it: medium, no response yet: opened + 4h */
	ck_assert_int_eq(inc[0].due_at, T0 + 14 * 600 + 4 * 3600);
	ck_assert_int_eq(inc[0].meta.local_state, LOCAL_SYNCED);
	incident_release(&inc[0]);
	free(inc);
	filter_free(f);

	ck_assert_int_eq(
	    filter_parse("incident:MX-2026-00061 asset:61", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_alert_page(s, &o, &al, &n, NULL, &e), 0);
	ck_assert_uint_eq(n, 2); /* alerts 360 and 60, newest first */
	ck_assert_int_eq(al[0].meta.id, 360);
	ck_assert_int_eq(al[1].meta.id, 60);
	ck_assert_str_eq(al[0].incident_ref, "MX-2026-00061");
	ck_assert_int_eq(al[0].incident_id, 61);
	ck_assert_int_eq(al[0].asset_id, 61);
	ck_assert_str_eq(al[0].asset, "plc-11");
	ck_assert_ptr_null(al[0].organization);
	ck_assert_str_eq(al[0].feed_name, "misp");
	ck_assert_str_eq(al[0].meta.source, "central");
	ck_assert_int_eq(al[0].status, ALERT_NEW);
	ck_assert_int_eq(al[0].observed_at, T0 + 90 * 120);
	ck_assert_uint_eq(strlen(al[0].event_hash), 64);
	alert_release(&al[0]);
	alert_release(&al[1]);
	free(al);
	filter_free(f);

	ck_assert_int_eq(filter_parse("ip:10.0.0.42", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_asset_page(s, &o, &as, &n, NULL, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(as[0].name, "plc-42");
	ck_assert_str_eq(as[0].organization, "Org 07");
	ck_assert_int_eq(as[0].kind, ASSET_ICS);
	ck_assert_int_eq(as[0].criticality, 3);
	ck_assert_str_eq(as[0].hostname, "h42.example.mx");
	ck_assert_str_eq(as[0].vendor, "Siemens");
	ck_assert_ptr_null(as[0].location);
	asset_release(&as[0]);
	free(as);
	filter_free(f);

	ck_assert_int_eq(filter_parse("name:\"org 07\"", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_organization_page(s, &o, &org, &n, NULL, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(org[0].name, "Org 07");
	ck_assert_str_eq(org[0].region, "Sonora");
	ck_assert_int_eq(org[0].open_incidents,
	                 test_store_int(s, "SELECT count(*) FROM incident "
	                                   "WHERE organization_id = 7 AND "
	                                   "status NOT IN ('resolved', "
	                                   "'closed')"));
	ck_assert_int_gt(org[0].open_incidents, 0);
	organization_release(&org[0]);
	free(org);
	filter_free(f);
	store_close(s);
}
END_TEST

/* Compile src for ent and expect ERR_INVALID with exactly msg. */
static void
list_fails(struct store *s, enum store_entity ent, const char *src,
           const char *me, const char *msg)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	int64_t count;
	char *plan = NULL;
	struct err e;

	err_clear(&e);
	ck_assert_int_eq(filter_parse(src, &f, &e), 0);
	store_list_opts_init(&o);
	o.filter = f;
	o.me = me;
	ck_assert_int_eq(store_count(s, ent, &o, &count, &e), ERR_INVALID);
	ck_assert_str_eq(e.msg, msg);
	err_clear(&e);
	ck_assert_int_eq(store_list_explain(s, ent, &o, &plan, &e),
	                 ERR_INVALID);
	ck_assert_ptr_null(plan);
	ck_assert_str_eq(e.msg, msg);
	filter_free(f);
}

START_TEST(test_list_errors)
{
	struct store *s = seeded_store();
	struct store_list_opts o;
	struct store_key k;
	struct incident *rows = (struct incident *)1;
	size_t n = 99;
	struct err e;

	list_fails(s, STORE_INCIDENTS, "sevrity:high", NULL,
	           "unknown field 'sevrity' for incidents (known: ref, "
	           "reference, status, severity, priority, tlp, pap, assignee, "
	           "category, org, organization, sector, age, due, sla, "
	           "updated, state, source)");
	list_fails(s, STORE_ORGANIZATIONS, "severity:high", NULL,
	           "unknown field 'severity' for organizations (known: sector, "
	           "region, name, state, source)");
	list_fails(s, STORE_INCIDENTS, "severity:hgih", NULL,
	           "unknown severity 'hgih' (known: info, low, medium, high, "
	           "critical)");
	list_fails(s, STORE_ALERTS, "tlp<=amber+", NULL,
	           "unknown tlp 'amber+' (known: clear, green, amber, "
	           "amber+strict, red)");
	list_fails(s, STORE_INCIDENTS, "status:open", NULL,
	           "unknown status 'open' (known: new, triage, in_progress, "
	           "waiting, contained, resolved, closed)");
	list_fails(s, STORE_ALERTS, "status>new", NULL,
	           "'status' takes ':' or '!=', not '>'");
	list_fails(s, STORE_ASSETS, "kind:plc", NULL,
	           "unknown kind 'plc' (known: ics, server, network, "
	           "application, cloud, workstation, other)");
	list_fails(s, STORE_ASSETS, "sector:enrgy", NULL,
	           "unknown sector 'enrgy' (known: chemical, "
	           "digital-infrastructure, emergency-services, energy, "
	           "finance, food, government, health, space, telecom, "
	           "transport, water)");
	list_fails(s, STORE_ASSETS, "criticality:9", NULL,
	           "'criticality' takes a whole number from 1 to 5, not '9'");
	list_fails(s, STORE_ALERTS, "asset:x", NULL,
	           "'asset' takes a whole number from 1, not 'x'");
	list_fails(s, STORE_INCIDENTS, "age:2h", NULL,
	           "'age' takes '<', '<=', '>' or '>=', not ':'");
	list_fails(s, STORE_INCIDENTS, "age<yesterday", NULL,
	           "'age' takes a duration (30m, 2h, 7d), not 'yesterday'");
	list_fails(s, STORE_INCIDENTS, "due<soon", NULL,
	           "'due' takes a duration (30m, 2h, 7d) or a date "
	           "(2026-01-31), not 'soon'");
	list_fails(s, STORE_INCIDENTS, "assignee:me", NULL,
	           "'assignee:me' needs the analyst's name (set analyst NAME)");
	list_fails(s, STORE_ALERTS, "taxonomy:malware", NULL,
	           "unknown taxonomy class 'malware' (known: abusive-content, "
	           "malicious-code, information-gathering, intrusion-attempts, "
	           "intrusions, availability, information-content-security, "
	           "fraud, vulnerable, other, test)");
	list_fails(s, STORE_ALERTS, "taxonomy:fraud/spam", NULL,
	           "unknown type 'spam' of taxonomy class 'fraud' (known: "
	           "unauthorised-use-of-resources, copyright, masquerade, "
	           "phishing)");
	list_fails(s, STORE_ASSETS, "vendor>a", NULL,
	           "'vendor' takes ':' or '!=', not '>'");

	err_clear(&e);
	store_list_opts_init(&o);
	o.sort = "title";
	ck_assert_int_eq(store_incident_page(s, &o, &rows, &n, NULL, &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "cannot sort incidents by 'title' (known: "
	                        "opened, updated, severity, due)");
	ck_assert_ptr_null(rows);
	ck_assert_uint_eq(n, 0);
	o.sort = NULL;
	o.limit = 0;
	ck_assert_int_eq(store_incident_page(s, &o, &rows, &n, NULL, &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "page size 0 out of range (1 to 10000)");
	o.limit = 10;
	store_key_init(&k);
	k.is_set = true;
	k.is_text = true;
	k.text = strdup("x");
	o.after = &k;
	ck_assert_int_eq(store_incident_page(s, &o, &rows, &n, NULL, &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "page key does not fit the sort by 'opened'");
	store_key_release(&k);
	store_close(s);
}
END_TEST

START_TEST(test_list_key_round_trip)
{
	static const char *const good[] = {
	    "-",        "n:1732781234:98765", "n:-5:1",   "n2:4:1732781234:7",
	    "t::3",     "t:6f7267203031:12",  "r:0.5:12", "r:0:7",
	    "r:0.25:3",
	};
	static const char *const bad[] = {
	    "",      "x:1:2",    "n:1",    "n:1:2:3",  "n:a:2",
	    "t:6:1", "t:0001:1", "t:zz:1", "n2:1:2",   "n:1:2x",
	    "t:6f",  "r:x:1",    "r:0.5",  "r:0.5:1x",
	};
	struct store_key k;
	struct err e;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *back;

		err_clear(&e);
		ck_assert_msg(store_key_parse(good[i], &k, &e) == 0, "%s",
		              good[i]);
		back = store_key_format(&k);
		ck_assert_str_eq(back, good[i]);
		free(back);
		store_key_release(&k);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		ck_assert_msg(store_key_parse(bad[i], &k, &e) == ERR_PARSE,
		              "'%s' parsed", bad[i]);
		ck_assert(!k.is_set);
		ck_assert_ptr_null(k.text);
	}
	ck_assert_int_eq(store_key_parse("t:6f7267203031:12", &k, &e), 0);
	ck_assert(k.is_set && k.is_text);
	ck_assert_str_eq(k.text, "org 01");
	ck_assert_int_eq(k.id, 12);
	store_key_release(&k);
}
END_TEST

START_TEST(test_list_entity_names)
{
	enum store_entity ent;

	for (int i = 0; i < STORE_ENTITY_COUNT; i++) {
		ck_assert_int_eq(store_entity_parse(store_entity_name(i), &ent),
		                 0);
		ck_assert_int_eq(ent, i);
	}
	ck_assert_int_eq(store_entity_parse("Alert", &ent), 0);
	ck_assert_int_eq(ent, STORE_ALERTS);
	ck_assert_int_eq(store_entity_parse("bulletin", &ent), 0);
	ck_assert_int_eq(ent, STORE_BULLETINS);
	ck_assert_int_eq(store_entity_parse("bulletinz", &ent), ERR_INVALID);
	ck_assert_str_eq(store_sort_fields(STORE_INCIDENTS)[0], "opened");
	ck_assert_str_eq(store_sort_fields(STORE_ALERTS)[0], "observed");
	ck_assert_str_eq(store_sort_fields(STORE_ASSETS)[0], "criticality");
	ck_assert_str_eq(store_sort_fields(STORE_ORGANIZATIONS)[0], "name");
	ck_assert_ptr_null(store_sort_fields(STORE_ORGANIZATIONS)[1]);
}
END_TEST

/* "alert:ID" as "alert:42"; an own name as it is. */
static char *
ref_example(const char *form)
{
	size_t n = strlen(form);

	if (n > 3 && strcmp(form + n - 3, ":ID") == 0)
		return xasprintf("%.*s42", (int)(n - 2), form);
	return strdup(form);
}

START_TEST(test_list_refs_come_from_entity_tables)
{
	/* What `show` has always taken, independent of the tables. */
	static const struct {
		const char *ref;
		enum store_entity ent;
		int64_t id;
	} known[] = {
	    {"MX-2026-00042", STORE_INCIDENTS, 0},
	    {"CERT-2025-00001", STORE_INCIDENTS, 0},
	    {"incident:7", STORE_INCIDENTS, 7},
	    {"alert:7", STORE_ALERTS, 7},
	    {"asset:7", STORE_ASSETS, 7},
	    {"org:7", STORE_ORGANIZATIONS, 7},
	    {"organization:7", STORE_ORGANIZATIONS, 7},
	    {"CVE-2021-44228", STORE_VULNERABILITIES, 0},
	};
	static const char *const bad[] = {
	    "",          "foo",      "alert:",   "alert:0",
	    "alert:-3",  "alert:x",  "alert:7x", "ALERT:7",
	    "bulletin:", "CVE-21-1", "incident", "MX-SA-26-0001"};
	struct store *s = seeded_store();
	enum store_entity ent;
	int64_t id;
	struct err e;

	err_clear(&e);
	/* Each list recognises the forms it declares, and no other list. */
	for (int i = 0; i < STORE_ENTITY_COUNT; i++) {
		struct strvec forms;

		strvec_init(&forms);
		store_ref_forms((enum store_entity)i, &forms);
		ck_assert_msg(forms.n > 0, "%s declares no reference",
		              store_entity_name(i));
		for (size_t f = 0; f < forms.n; f++) {
			char *ref = ref_example(forms.v[f]);

			for (int j = 0; j < STORE_ENTITY_COUNT; j++)
				ck_assert_msg(store_ref_is(j, ref) == (i == j),
				              "%s: %s says %d", ref,
				              store_entity_name(j),
				              store_ref_is(j, ref));
			ck_assert_msg(store_ref_parse(ref, &ent, &id, &e) == 0,
			              "%s", e.msg);
			ck_assert_int_eq(ent, i);
			free(ref);
		}
		strvec_release(&forms);
	}
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		ck_assert_msg(store_ref_parse(known[i].ref, &ent, &id, &e) == 0,
		              "%s", e.msg);
		ck_assert_msg(ent == known[i].ent && id == known[i].id,
		              "%s: %s %lld", known[i].ref,
		              store_entity_name(ent), (long long)id);
		for (int j = 0; j < STORE_ENTITY_COUNT; j++)
			ck_assert(store_ref_is(j, known[i].ref) ==
			          (j == (int)known[i].ent));
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(store_ref_parse(bad[i], &ent, &id, &e),
		                 ERR_USAGE);
		ck_assert_int_eq(id, 0);
		ck_assert_msg(strstr(e.msg,
		                     "say an incident reference "
		                     "(MX-2026-00042), a CVE id "
		                     "(CVE-2021-44228), a bulletin reference "
		                     "(MX-SA-2026-0001) or incident:ID, "
		                     "alert:ID, asset:ID, org:ID") != NULL,
		              "%s", e.msg);
	}
	/* And reads the row each names. */
	for (int i = 0; i < STORE_ENTITY_COUNT; i++) {
		struct store_list_opts o;
		void *rows = NULL, *row = xcalloc(1, store_row_size(i));
		const struct record_meta *m;
		size_t n = 0;
		char *ref;

		store_list_opts_init(&o);
		o.limit = 1;
		ck_assert_msg(
		    store_page_keyed(s, i, &o, &rows, NULL, &n, NULL, &e) == 0,
		    "%s", e.msg);
		ck_assert_uint_eq(n, 1);
		m = rows;
		if (i == STORE_INCIDENTS)
			ref = strdup(((struct incident *)rows)->reference);
		else if (i == STORE_VULNERABILITIES)
			ref = strdup(((struct vulnerability *)rows)->cve_id);
		else if (i == STORE_BULLETINS)
			ref = strdup(((struct bulletin *)rows)->reference);
		else
			ref = xasprintf("%s:%lld",
			                i == STORE_ALERTS      ? "alert"
			                : i == STORE_ASSETS    ? "asset"
			                : i == STORE_EXPOSURES ? "exposure"
			                                       : "org",
			                (long long)m->id);
		ck_assert_msg(store_ref_parse(ref, &ent, &id, &e) == 0, "%s",
		              e.msg);
		ck_assert_int_eq(ent, i);
		store_row_init(ent, row);
		ck_assert_msg(store_ref_get(s, ent, ref, id, row, &e) == 0,
		              "%s: %s", ref, e.msg);
		ck_assert_int_eq(((struct record_meta *)row)->id, m->id);
		store_row_release(ent, row);
		store_row_release(ent, rows);
		free(rows);
		free(row);
		free(ref);
	}
	{
		struct alert a;

		alert_init(&a);
		ck_assert_int_eq(store_ref_get(s, STORE_ALERTS, "alert:999999",
		                               999999, &a, &e),
		                 ERR_NOTFOUND);
		alert_release(&a);
	}
	store_close(s);
}
END_TEST

/* Every list reads one row by its local id (the console's detail). */
START_TEST(test_list_row_get_by_id_of_every_list)
{
	struct store *s = seeded_store();
	struct err e;

	err_clear(&e);
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++) {
		void *row = xcalloc(1, store_row_size(ent));

		/* an exposure's id packs its asset's and CVE's */
		int64_t id =
		    ent == STORE_EXPOSURES ? (INT64_C(7) << 32) + 7 : 7;

		store_row_init(ent, row);
		ck_assert_msg(store_row_get(s, ent, id, row, &e) == 0, "%s: %s",
		              store_entity_name(ent), e.msg);
		ck_assert_int_eq(((struct record_meta *)row)->id, id);
		store_row_release(ent, row);
		store_row_init(ent, row);
		ck_assert_int_eq(store_row_get(s, ent, 999999, row, &e),
		                 ERR_NOTFOUND);
		store_row_release(ent, row);
		free(row);
	}
	ck_assert_int_eq(store_row_get(s, STORE_ENTITY_COUNT, 7, NULL, &e),
	                 ERR_INVALID);
	store_close(s);
}
END_TEST

/* True when some line of plan starts with "SCAN t" and names no index. */
static bool
has_bare_scan(const char *plan)
{
	for (const char *l = plan; l && *l;) {
		const char *end = strchr(l, '\n');
		size_t len = end ? (size_t)(end - l) : strlen(l);
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)len, l);
		if (strncmp(line, "SCAN ", 5) == 0 &&
		    !strstr(line, " USING ") &&
		    !strstr(line, " VIRTUAL TABLE ") &&
		    strncmp(line, "SCAN CONSTANT ROW", 17) != 0)
			return true;
		l = end ? end + 1 : NULL;
	}
	return false;
}

/* True when plan reads table through an index or its rowid. */
static bool
uses_index_on(const char *plan, const char *table)
{
	static const char *const ways[] = {" USING INDEX ",
	                                   " USING COVERING INDEX ",
	                                   " USING INTEGER PRIMARY KEY"};
	char search[64], scan[64];

	snprintf(search, sizeof(search), "SEARCH %s USING", table);
	snprintf(scan, sizeof(scan), "SCAN %s USING", table);
	for (const char *l = plan; l && *l;) {
		const char *end = strchr(l, '\n');
		size_t len = end ? (size_t)(end - l) : strlen(l);
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)len, l);
		if (strncmp(line, search, strlen(search)) == 0 ||
		    strncmp(line, scan, strlen(scan)) == 0)
			for (size_t i = 0; i < 3; i++)
				if (strstr(line, ways[i]))
					return true;
		l = end ? end + 1 : NULL;
	}
	return false;
}

START_TEST(test_list_plans_use_indexes)
{
	static const char *const filters[STORE_ENTITY_COUNT][12] = {
	    [STORE_INCIDENTS] = {"", "status:new", "severity:high",
	                         "severity>=high", "assignee:me",
	                         "sector:energy", "!status:closed,resolved",
	                         "org:\"Org 01\" age<2h", "due<30m",
	                         "ransomware !phishing",
	                         "status:new sector:water category:fraud",
	                         NULL},
	    [STORE_ALERTS] = {"", "status:new", "severity:critical",
	                      "severity>=high tlp:red", "feed:misp",
	                      "taxonomy:malicious-code/c2-server",
	                      "ip:192.0.2.1", "sector:energy status:new",
	                      "incident:MX-2026-00001 asset:3",
	                      "scada received<1h", NULL},
	    [STORE_ASSETS] = {"", "kind:ics", "sector:energy", "criticality>=4",
	                      "cpe:cpe:2.3:a:x:y:*",
	                      "org:\"Org 01\" vendor:siemens", "siemens",
	                      "host:h1.example.mx", NULL},
	    [STORE_ORGANIZATIONS] = {"", "sector:energy", "region:jalisco",
	                             "agua", "!name:x", NULL},
	    [STORE_EXPOSURES] = {"", "kev:yes", "sector:energy criticality>=4",
	                         "cpe:cpe:2.3:o:fortinet:*", "!kev:yes",
	                         "epss>=0.5", "priority>=50 org:\"Org 01\"",
	                         "fortios", NULL},
	};
	struct store *s = seeded_store();
	struct store_key key;
	size_t checked = 0;

	/* Statistics as a real cache would have them after ANALYZE. */
	ck_assert_int_eq(test_store_sql(s, "ANALYZE"), 0);
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++) {
		const char *const *sorts = store_sort_fields(ent);

		for (size_t j = 0; sorts[j]; j++)
			for (int asc = 0; asc < 2; asc++)
				for (size_t i = 0; filters[ent][i]; i++)
					for (int paged = 0; paged < 2;
					     paged++) {
						struct store_list_opts o;
						struct filter *f = NULL;
						char *plan = NULL;
						struct err e;

						err_clear(&e);
						ck_assert_int_eq(
						    filter_parse(
						        filters[ent][i], &f,
						        &e),
						    0);
						store_list_opts_init(&o);
						o.filter = f;
						o.me = "ana";
						o.sort = sorts[j];
						o.is_ascending = asc;
						store_key_init(&key);
						key.is_set = paged;
						key.is_text =
						    (ent == STORE_ASSETS &&
						     j == 1) ||
						    ent == STORE_ORGANIZATIONS;
						key.text = key.is_text
						               ? strdup("m")
						               : NULL;
						key.has_num2 =
						    strcmp(sorts[j],
						           "severity") == 0;
						o.after = &key;
						/* walks: sorted sets have
						 * their own test */
						o.text_sort_max = -1;
						ck_assert_msg(
						    store_list_explain(
						        s, ent, &o, &plan,
						        &e) == 0,
						    "%s", e.msg);
						ck_assert_msg(
						    uses_index_on(
						        plan, tables[ent]) &&
						        !strstr(
						            plan,
						            "TEMP B-TREE") &&
						        !has_bare_scan(plan),
						    "%s by %s %s '%s'%s:\n%s",
						    store_entity_name(ent),
						    sorts[j],
						    asc ? "asc" : "desc",
						    filters[ent][i],
						    paged ? " (paged)" : "",
						    plan);
						checked++;
						free(plan);
						store_key_release(&key);
						filter_free(f);
					}
	}
	ck_assert_uint_gt(checked, 200);
	store_close(s);
}
END_TEST

/* The plan of one page of filter src under the given text thresholds. */
static char *
text_plan(struct store *s, enum store_entity ent, const char *src,
          int64_t text_sort_max, int64_t text_in_max)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	char *plan = NULL;
	struct err e;

	err_clear(&e);
	ck_assert_int_eq(filter_parse(src, &f, &e), 0);
	store_list_opts_init(&o);
	o.filter = f;
	o.text_sort_max = text_sort_max;
	o.text_in_max = text_in_max;
	ck_assert_msg(store_list_explain(s, ent, &o, &plan, &e) == 0, "%s",
	              e.msg);
	filter_free(f);
	return plan;
}

/*
 * Bare words take one of three plans by the size of their match set; each
 * must give the same pages in the same order, and each must be the plan
 * its thresholds ask for.
 */
START_TEST(test_list_text_plans_agree)
{
	static const struct {
		enum store_entity ent; /* list */
		const char *filter;    /* with bare words */
	} word_cases[] = {
	    {STORE_INCIDENTS, "ransomware"},
	    {STORE_INCIDENTS, "ransomware !phishing"},
	    {STORE_INCIDENTS, "ransom* status:new"},
	    {STORE_ALERTS, "scada"},
	    {STORE_ALERTS, "c2 !scada"},
	    {STORE_ALERTS, "misp severity>=medium"},
	    {STORE_ASSETS, "plc"},
	    {STORE_ASSETS, "siemens kind:ics"},
	    {STORE_VULNERABILITIES, "remote"},
	    {STORE_VULNERABILITIES, "code !ios"},
	    {STORE_EXPOSURES, "deserialization"},
	    {STORE_EXPOSURES, "siemens plc-03"},
	    {STORE_EXPOSURES, "plc-09 !ios"},
	    {STORE_EXPOSURES, "deserialization kev:yes"},
	    {STORE_VULNERABILITIES, "cve-2024-000*"},
	    {STORE_EXPOSURES, "\"exchange server\" !plc-03"},
	};
	/* text_sort_max, text_in_max: sorted set, built set, probes */
	static const int64_t plans[][2] = {{100000, 0}, {-1, 0}, {-1, 1}};
	static const int limits[] = {1, 4, 100};
	struct store *s = seeded_store();
	size_t compared = 0;

	for (size_t i = 0; i < sizeof(word_cases) / sizeof(word_cases[0]);
	     i++) {
		const char *const *sorts = store_sort_fields(word_cases[i].ent);
		char *plan;

		/* each threshold gives its plan */
		plan = text_plan(s, word_cases[i].ent, word_cases[i].filter,
		                 100000, 0);
		/* exposures read theirs through the indexes of their CVEs
		   and assets, never the sorts' */
		ck_assert_msg(strstr(plan, "TEMP B-TREE") &&
		                  (word_cases[i].ent == STORE_EXPOSURES
		                       ? !strstr(plan, "exposure_priority") &&
		                             !strstr(plan, "exposure_matched")
		                       : !strstr(plan, " USING INDEX ")) &&
		                  !has_bare_scan(plan),
		              "'%s' sorted set:\n%s", word_cases[i].filter,
		              plan);
		free(plan);
		plan = text_plan(s, word_cases[i].ent, word_cases[i].filter, -1,
		                 0);
		ck_assert_msg(
		    !strstr(plan, "TEMP B-TREE") &&
		        uses_index_on(plan, tables[word_cases[i].ent]) &&
		        strstr(plan, "LIST SUBQUERY"),
		    "'%s' built set:\n%s", word_cases[i].filter, plan);
		free(plan);
		plan = text_plan(s, word_cases[i].ent, word_cases[i].filter, -1,
		                 1);
		/* vulnerabilities and exposures test each row's own text
		   (fts_words), not the FTS index */
		ck_assert_msg(
		    !strstr(plan, "TEMP B-TREE") &&
		        uses_index_on(plan, tables[word_cases[i].ent]) &&
		        !strstr(plan, "LIST SUBQUERY") &&
		        (word_cases[i].ent == STORE_VULNERABILITIES ||
		                 word_cases[i].ent == STORE_EXPOSURES
		             ? !strstr(plan, "VIRTUAL TABLE")
		             : strstr(plan, "VIRTUAL TABLE INDEX 0:=M") !=
		                   NULL),
		    "'%s' probes:\n%s", word_cases[i].filter, plan);
		free(plan);
		/* a set over the threshold is walked, not sorted */
		plan =
		    text_plan(s, word_cases[i].ent, word_cases[i].filter, 1, 0);
		ck_assert_msg(!strstr(plan, "TEMP B-TREE"),
		              "'%s' over the sort threshold:\n%s",
		              word_cases[i].filter, plan);
		free(plan);

		for (size_t j = 0; sorts[j]; j++)
			for (int asc = 0; asc < 2; asc++)
				for (size_t l = 0; l < 3; l++) {
					struct walk want, got;

					walk_all_plan(s, word_cases[i].ent,
					              word_cases[i].filter,
					              sorts[j], asc, limits[l],
					              -1, 0, &want);
					ck_assert_msg(want.n >= 2,
					              "'%s': too few rows",
					              word_cases[i].filter);
					for (size_t p = 0; p < 3; p++) {
						walk_all_plan(
						    s, word_cases[i].ent,
						    word_cases[i].filter,
						    sorts[j], asc, limits[l],
						    plans[p][0], plans[p][1],
						    &got);
						ck_assert_msg(
						    got.n == want.n &&
						        memcmp(
						            got.ids, want.ids,
						            want.n *
						                sizeof(
						                    int64_t)) ==
						            0,
						    "'%s' by %s %s limit %d: plan "
						    "%zu differs",
						    word_cases[i].filter,
						    sorts[j],
						    asc ? "asc" : "desc",
						    limits[l], p);
						walk_release(&got);
						compared++;
					}
					walk_release(&want);
				}
	}
	ck_assert_uint_gt(compared, 100);
	store_close(s);
}
END_TEST

/*
 * fts_words(QUERY, TEXT...), which a walk tests rows with, holds exactly
 * where the FTS5 index's MATCH does: case and diacritics aside, phrases in
 * one column, prefixes, OR, phrases without tokens left out.
 */
START_TEST(test_list_fts_words_as_match)
{
	static const char *const queries[] = {
	    "\"ejecucion\"",
	    "\"EJECUCIÓN\"",
	    "\"código\" \"remota\"",
	    "\"remota de\"",
	    "\"de remota\"",
	    "\"log4j\"",
	    "\"log4j\" *",
	    "\"cve 2021 442\" *",
	    "\"cve 2021 44228\"",
	    "\"2021 44228 apache\"",
	    "\"apache\" OR \"zzq\"",
	    "\"zzq\" OR \"nada\"",
	    "\"\"",
	    "\"\" \"apache\"",
	    "\"%\" OR \"apache\"",
	    "\"a\" *",
	    "\"x\"\"y\"",
	    "\"über\"",
	    "\"uber straße\"",
	    "\"strasse\"",
	};
	struct store *s = test_store_with_org();

	ck_assert_int_eq(
	    test_store_sql(
	        s, "CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize="
	           "'unicode61 remove_diacritics 2');"
	           "INSERT INTO t(rowid, a, b) VALUES "
	           "(1, 'Ejecución remota de código', 'CVE-2021-44228'),"
	           "(2, 'Apache Log4j2', 'cve-2021-4422 x\"y'),"
	           "(3, 'Über Straße', NULL), (4, NULL, NULL),"
	           "(5, 'a', 'apache remota')"),
	    0);
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		char sql[512];

		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM t WHERE fts_words('%s', a, b) "
		         "IS NOT (rowid IN (SELECT rowid FROM t WHERE t "
		         "MATCH '%s'))",
		         queries[i], queries[i]);
		ck_assert_msg(test_store_int(s, sql) == 0, "%s", queries[i]);
	}
	/* and the cases hold rows, so that the test can fail */
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM t WHERE "
	                                   "fts_words('\"log4j\" *', a, b)"),
	                 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM t WHERE "
	                                   "fts_words('\"EJECUCIÓN\"', a, b)"),
	                 1);
	store_close(s);
}
END_TEST

/*
 * A walk of the exposures that takes too long is read again from the sets
 * of CVEs, assets and words of its filter, sorted (store/list.c): each
 * filter gives the same pages either way, in the same order.
 */
START_TEST(test_list_exposure_set_plans_agree)
{
	static const char *const filters[] = {
	    "sector:energy",
	    "criticality:1",
	    "kev:yes",
	    "kev:no",
	    "ransomware:yes",
	    "epss>=0.5",
	    "cvss<3",
	    "due<2h",
	    "org:\"Org 03\"",
	    "asset:plc-03",
	    "cve:CVE-2024-00042",
	    "sector:water criticality>=3",
	    "kev:yes deserialization",
	    "!kev:yes sector:energy",
	    "cpe:cpe:2.3:o:fortinet:*",
	    "priority>=20 siemens",
	    "siemens !plc-03 epss<0.5",
	};
	static const int limits[] = {1, 4, 100};
	const char *const *sorts = store_sort_fields(STORE_EXPOSURES);
	struct store *s = seeded_store();
	size_t rows = 0;

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		for (size_t j = 0; sorts[j]; j++)
			for (int asc = 0; asc < 2; asc++)
				for (size_t l = 0; l < 3; l++) {
					struct walk want, got;

					walk_ms = 0;
					walk_all_plan(s, STORE_EXPOSURES,
					              filters[i], sorts[j], asc,
					              limits[l], 0, 0, &want);
					walk_ms = -1;
					walk_all_plan(s, STORE_EXPOSURES,
					              filters[i], sorts[j], asc,
					              limits[l], 0, 0, &got);
					walk_ms = 0;
					ck_assert_msg(
					    got.n == want.n &&
					        (!want.n ||
					         memcmp(got.ids, want.ids,
					                want.n *
					                    sizeof(int64_t)) ==
					             0),
					    "'%s' by %s %s limit %d: %zu rows "
					    "from the sets, %zu walked",
					    filters[i], sorts[j],
					    asc ? "asc" : "desc", limits[l],
					    got.n, want.n);
					rows += want.n;
					walk_release(&want);
					walk_release(&got);
				}
	ck_assert_uint_gt(rows, 1000);
	store_close(s);
}
END_TEST

static bool
has_word(const struct strvec *v, const char *w)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], w) == 0)
			return true;
	return false;
}

START_TEST(test_list_completion_words)
{
	struct store *s = seeded_store();
	struct strvec v;
	struct err e;

	strvec_init(&v);
	store_filter_fields(STORE_ALERTS, &v);
	ck_assert(has_word(&v, "severity") && has_word(&v, "ip") &&
	          has_word(&v, "taxonomy"));
	ck_assert(!has_word(&v, "assignee"));
	strvec_release(&v);
	ck_assert_int_eq(
	    store_filter_values(s, STORE_ALERTS, "severity", &v, &e), 0);
	ck_assert_uint_eq(v.n, 5);
	ck_assert_str_eq(v.v[0], "info");
	ck_assert_str_eq(v.v[4], "critical");
	strvec_release(&v);
	ck_assert_int_eq(test_store_sql(s, "INSERT INTO sector (code, name) "
	                                   "VALUES ('ports', 'Ports')"),
	                 0);
	ck_assert_int_eq(store_filter_values(s, STORE_ASSETS, "sector", &v, &e),
	                 0);
	ck_assert(has_word(&v, "energy") && has_word(&v, "ports"));
	strvec_release(&v);
	ck_assert_int_eq(
	    store_filter_values(s, STORE_INCIDENTS, "assignee", &v, &e), 0);
	ck_assert(has_word(&v, "me") && has_word(&v, "none") &&
	          has_word(&v, "luis"));
	strvec_release(&v);
	ck_assert_int_eq(store_filter_values(s, STORE_ALERTS, "ip", &v, &e), 0);
	ck_assert_int_eq(store_filter_values(s, STORE_ALERTS, "nope", &v, &e),
	                 0);
	ck_assert_uint_eq(v.n, 0);
	store_close(s);
}
END_TEST

/* True when word stands in text as a whole word. */
static bool
has_whole_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		bool is_start = p == text || !(isalnum((unsigned char)p[-1]) ||
		                               p[-1] == '_' || p[-1] == '-');
		bool is_end = !(isalnum((unsigned char)p[n]) || p[n] == '_' ||
		                p[n] == '-');

		if (is_start && is_end)
			return true;
	}
	return false;
}

START_TEST(test_list_fields_are_documented)
{
	char *man = NULL, *section;
	size_t len;
	struct strvec v;
	struct err e;

	if (fs_read_file("man/centinelarc.5", 1 << 20, &man, &len, &e)) {
		test_skip("man/centinelarc.5 not found from here");
		return;
	}
	section = strstr(man, ".Sh FILTER LANGUAGE");
	ck_assert_ptr_nonnull(section);
	*strstr(section + 1, "\n.Sh ") = '\0';
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++) {
		strvec_init(&v);
		store_filter_fields((enum store_entity)ent, &v);
		for (size_t i = 0; i < v.n; i++)
			ck_assert_msg(has_whole_word(section, v.v[i]),
			              "centinelarc(5) lacks the %s field '%s'",
			              store_entity_name((enum store_entity)ent),
			              v.v[i]);
		strvec_release(&v);
	}
	free(man);
}
END_TEST

/* The Makefile finds suites by this exact line. */
/* clang-format off */
Suite *list_suite(void)
/* clang-format on */
{
	Suite *s = suite_create("list");
	TCase *tc = tcase_create("list");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_list_completion_words);
	tcase_add_test(tc, test_list_fields_are_documented);
	tcase_add_test(tc, test_list_filters_narrow);
	tcase_add_test(tc, test_list_large_filters_hold_every_term);
	tcase_add_test(tc, test_list_pages_complete_every_sort);
	tcase_add_test(tc, test_list_rows_filled);
	tcase_add_test(tc, test_list_count_upto_caps_and_cancels);
	tcase_add_test(tc, test_list_errors);
	tcase_add_test(tc, test_list_key_round_trip);
	tcase_add_test(tc, test_list_entity_names);
	tcase_add_test(tc, test_list_refs_come_from_entity_tables);
	tcase_add_test(tc, test_list_row_get_by_id_of_every_list);
	tcase_add_test(tc, test_list_plans_use_indexes);
	tcase_add_test(tc, test_list_text_plans_agree);
	tcase_add_test(tc, test_list_fts_words_as_match);
	tcase_add_test(tc, test_list_exposure_set_plans_agree);
	suite_add_tcase(s, tc);
	return s;
}
