/* Incidents in the store: upsert, notes, links, references, lists. */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/incident.h"
#include "centinela/store/incident.h"
#include "centinela/store/store.h"
#include "store/internal.h"
#include "testutil.h"

static struct store *
open_fixture(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(
	    test_store_sql(
	        s, "INSERT INTO organization(id, name, sector, created_at, "
	           "updated_at) VALUES (7, 'CFE', 'energy', 1, 1), (8, "
	           "'SAPAL', 'water', 1, 1);"
	           "INSERT INTO asset(id, source, remote_id, "
	           "organization_id, name, sector, kind, criticality, "
	           "created_at, updated_at) VALUES "
	           "(3, 'central', 'as-3', 7, 'scada-1', 'energy', 'ics', "
	           "5, 1, 1),"
	           "(4, 'local', NULL, 7, 'hmi-2', 'energy', 'ics', 4, 2, "
	           "2),"
	           "(5, 'local', NULL, 7, 'gw', 'energy', 'network', 3, 3, "
	           "3),"
	           "(6, 'local', NULL, 8, 'gw', 'water', 'network', 3, 4, "
	           "4);"
	           "INSERT INTO asset_cpe(asset_id, cpe) VALUES (3, "
	           "'cpe:2.3:o:siemens:simatic:*:*:*:*:*:*:*:*');"
	           "INSERT INTO alert(id, source, remote_id, title, "
	           "severity, taxonomy_class, feed_name, observed_at, "
	           "received_at, event_hash, created_at, updated_at) "
	           "VALUES (11, 'central', 'a-77', 'x', 3, "
	           "'malicious-code', 'f', 1, 1, 'h1', 1, 1), (12, "
	           "'central', 'a-78', 'y', 3, 'malicious-code', 'f', 2, "
	           "2, 'h2', 1, 1);"),
	    0);
	return s;
}

static void
fill(struct incident *inc, const char *remote_id, const char *ref)
{
	incident_init(inc);
	inc->meta.source = xstrdup("central");
	inc->meta.remote_id = remote_id ? xstrdup(remote_id) : NULL;
	inc->meta.version = 2;
	inc->reference = xstrdup(ref);
	inc->title = xstrdup("Ransomware at substation");
	inc->description = xstrdup("LockBit note found on HMI");
	inc->category = xstrdup("malicious-code");
	inc->category_type = xstrdup("ransomware");
	inc->severity = SEVERITY_CRITICAL;
	inc->priority = 1;
	inc->status = INCIDENT_IN_PROGRESS;
	inc->tlp = TLP_RED;
	inc->pap = PAP_RED;
	inc->assignee = xstrdup("ana.lopez");
	inc->organization_id = 7;
	inc->sector = xstrdup("energy");
	inc->opened_at = 1767225600;
	inc->first_response_at = 1767226000;
	inc->due_at = 1767312000;
	inc->closed_at = 0;
	incident_add_note(inc, "ana.lopez", 1767226000, "called the SOC");
	incident_add_note(inc, "luis.m", 1767227000, "isolated the HMI");
	inc->notes[1].remote_id = xstrdup("n-2");
}

static bool
upsert(struct store *s, struct incident *inc)
{
	bool changed = true;
	struct err e;

	ck_assert_msg(store_incident_upsert(s, inc, &changed, &e) == 0, "%s",
	              e.msg);
	return changed;
}

START_TEST(test_incident_store_roundtrip)
{
	struct store *s = open_fixture();
	struct incident a, b;
	struct err e;

	fill(&a, "i-1", "MX-2026-00042");
	strvec_push(&a.alert_ids, "a-77");
	strvec_push(&a.asset_ids, "as-3");
	strvec_push(&a.asset_ids, "hmi-2");
	ck_assert(upsert(s, &a));
	ck_assert_int_gt(a.meta.id, 0);
	ck_assert_int_eq(store_incident_get(s, a.meta.id, &b, &e), 0);
	ck_assert_str_eq(b.meta.source, "central");
	ck_assert_str_eq(b.meta.remote_id, "i-1");
	ck_assert_int_eq(b.meta.version, 2);
	ck_assert_int_eq(b.meta.local_state, LOCAL_SYNCED);
	ck_assert_int_gt(b.meta.created_at, 0);
	ck_assert_int_eq(b.meta.updated_at, b.meta.created_at);
	ck_assert_str_eq(b.reference, "MX-2026-00042");
	ck_assert_str_eq(b.title, a.title);
	ck_assert_str_eq(b.description, a.description);
	ck_assert_str_eq(b.category, "malicious-code");
	ck_assert_str_eq(b.category_type, "ransomware");
	ck_assert_int_eq(b.severity, SEVERITY_CRITICAL);
	ck_assert_int_eq(b.priority, 1);
	ck_assert_int_eq(b.status, INCIDENT_IN_PROGRESS);
	ck_assert_int_eq(b.tlp, TLP_RED);
	ck_assert_int_eq(b.pap, PAP_RED);
	ck_assert_str_eq(b.assignee, "ana.lopez");
	ck_assert_int_eq(b.organization_id, 7);
	ck_assert_str_eq(b.organization, "CFE");
	ck_assert_str_eq(b.sector, "energy");
	ck_assert_int_eq(b.opened_at, 1767225600);
	ck_assert_int_eq(b.first_response_at, 1767226000);
	/* the cache computes it: critical, responded: opened + 4h */
	ck_assert_int_eq(b.due_at, 1767225600 + 4 * 3600);
	ck_assert_int_eq(b.closed_at, 0);
	ck_assert_uint_eq(b.n_notes, 2);
	ck_assert_str_eq(b.notes[0].author, "ana.lopez");
	ck_assert_str_eq(b.notes[0].body, "called the SOC");
	ck_assert_int_eq(b.notes[0].created_at, 1767226000);
	ck_assert_ptr_null(b.notes[0].remote_id);
	ck_assert_str_eq(b.notes[1].remote_id, "n-2");
	ck_assert_int_gt(b.notes[1].id, 0);
	ck_assert_uint_eq(b.alert_ids.n, 1);
	ck_assert_str_eq(b.alert_ids.v[0], "a-77");
	ck_assert_uint_eq(b.asset_ids.n, 2);
	ck_assert_str_eq(b.asset_ids.v[0], "as-3");
	ck_assert_str_eq(b.asset_ids.v[1], "hmi-2");
	incident_release(&b);
	ck_assert_int_eq(store_incident_get_by_ref(s, "MX-2026-00042", &b, &e),
	                 0);
	ck_assert_int_eq(b.meta.id, a.meta.id);
	/* what get returns upserts as unchanged */
	ck_assert(!upsert(s, &b));
	incident_release(&b);
	ck_assert_int_eq(store_incident_get_by_ref(s, "MX-2026-09999", &b, &e),
	                 ERR_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "'MX-2026-09999'"));
	incident_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_incident_store_reupsert_unchanged)
{
	struct store *s = open_fixture();
	struct incident a;
	long long writes;

	fill(&a, "i-1", "MX-2026-00042");
	strvec_push(&a.alert_ids, "a-77");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_sql(s, "UPDATE incident SET updated_at = "
	                                   "100"),
	                 0);
	writes = test_store_int(s, "SELECT total_changes()");
	ck_assert(!upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT total_changes()"), writes);
	ck_assert_int_eq(test_store_int(s, "SELECT updated_at FROM incident"),
	                 100);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 2);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "incident_alert"),
	                 1);
	incident_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_incident_store_change_detected)
{
	struct store *s = open_fixture();
	struct incident a;

	fill(&a, "i-1", "MX-2026-00042");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_sql(s, "UPDATE incident SET updated_at = "
	                                   "100"),
	                 0);
	a.status = INCIDENT_CLOSED;
	a.closed_at = 1767400000;
	free(a.assignee);
	a.assignee = NULL;
	ck_assert(upsert(s, &a));
	ck_assert_int_gt(test_store_int(s, "SELECT updated_at FROM incident"),
	                 100);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident "
	                                   "WHERE status = 'closed' AND "
	                                   "assignee IS NULL AND closed_at = "
	                                   "1767400000"),
	                 1);
	/* a new note alone is a change and bumps updated_at */
	ck_assert_int_eq(test_store_sql(s, "UPDATE incident SET updated_at = "
	                                   "100"),
	                 0);
	incident_add_note(&a, "ana.lopez", 1767300000, "closing");
	ck_assert(upsert(s, &a));
	ck_assert_int_gt(test_store_int(s, "SELECT updated_at FROM incident"),
	                 100);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 3);
	incident_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_incident_store_dirty_row_untouched)
{
	struct store *s = open_fixture();
	struct incident a;
	long long writes;

	fill(&a, "i-1", "MX-2026-00042");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_sql(s, "UPDATE incident SET local_state = "
	                                   "'dirty', title = 'mine'"),
	                 0);
	writes = test_store_int(s, "SELECT total_changes()");
	a.status = INCIDENT_CLOSED;
	incident_add_note(&a, "srv", 1767300000, "server note");
	strvec_push(&a.alert_ids, "a-78");
	ck_assert(!upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT total_changes()"), writes);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident "
	                                   "WHERE title = 'mine' AND status = "
	                                   "'in_progress'"),
	                 1);
	incident_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_incident_store_notes_not_duplicated)
{
	struct store *s = open_fixture();
	struct incident a;

	fill(&a, NULL, "MX-2026-00042");
	ck_assert(upsert(s, &a));
	ck_assert(!upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 2);
	/* the server echoes the first note back with its id: adopted */
	a.notes[0].remote_id = xstrdup("n-1");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 2);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note WHERE "
	                                   "remote_id = 'n-1'"),
	                 1);
	/* a remote note whose text was edited is updated in place */
	free(a.notes[1].body);
	a.notes[1].body = xstrdup("isolated the HMI and the PLC");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 2);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note WHERE "
	                                   "body LIKE '%PLC'"),
	                 1);
	/* the same note without its remote id is still not a new note */
	free(a.notes[0].remote_id);
	a.notes[0].remote_id = NULL;
	ck_assert(!upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 2);
	incident_release(&a);
	store_close(s);
}
END_TEST

/* An incident whose n notes share one second and one author. */
static void
fill_one_second(struct incident *inc, int n, bool has_ids)
{
	char body[64], id[32];

	fill(inc, "i-1", "MX-2026-00042");
	for (int i = 0; i < n; i++) {
		snprintf(body, sizeof(body), "migrated entry %d", i);
		incident_add_note(inc, "bulk", 1767300000, body);
		if (has_ids) {
			snprintf(id, sizeof(id), "m-%d", i);
			inc->notes[inc->n_notes - 1].remote_id = xstrdup(id);
		}
	}
}

/*
 * issue 11: each note merge is one index lookup. The merge used to find
 * an equal note by (incident, second) and read every note of that second,
 * so N notes of one second took N^2 reads (8,000: 6.6 s). Every statement
 * the merge left prepared that reads notes of a second (created_at=? in
 * its plan) must also look the body up, and none may scan the table.
 */
START_TEST(test_incident_store_note_merge_is_a_lookup)
{
	struct store *s = open_fixture();
	struct incident a;
	sqlite3_stmt *st = NULL;
	int n_by_second = 0;

	fill_one_second(&a, 3, false);
	ck_assert(upsert(s, &a));
	/* the server echoes one back with an id (adopt), adds one of its own */
	a.notes[2].remote_id = xstrdup("m-2");
	incident_add_note(&a, "bulk", 1767300000, "from the server");
	a.notes[a.n_notes - 1].remote_id = xstrdup("m-9");
	ck_assert(upsert(s, &a));
	ck_assert(!upsert(s, &a));
	while ((st = sqlite3_next_stmt(s->db, st)) != NULL) {
		const char *sql = sqlite3_sql(st);
		sqlite3_stmt *plan;
		char *q;

		if (!strstr(sql, "FROM note") ||
		    strncmp(sql, "EXPLAIN", 7) == 0)
			continue;
		q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
		ck_assert_int_eq(sqlite3_prepare_v2(s->db, q, -1, &plan, NULL),
		                 SQLITE_OK);
		while (sqlite3_step(plan) == SQLITE_ROW) {
			const char *d =
			    (const char *)sqlite3_column_text(plan, 3);

			ck_assert_msg(strncmp(d, "SCAN note", 9) != 0,
			              "%s\n  plan: %s", sql, d);
			if (!strstr(d, " note ") || !strstr(d, "created_at=?"))
				continue;
			n_by_second++;
			ck_assert_msg(strstr(d, "body=?") != NULL,
			              "reads every note of a second: %s\n"
			              "  plan: %s",
			              sql, d);
		}
		sqlite3_finalize(plan);
		sqlite3_free(q);
	}
	/* the adoption and the insert of a note without id were seen */
	ck_assert_int_ge(n_by_second, 2);
	incident_release(&a);
	store_close(s);
}
END_TEST

/* Notes of one second and author merge as before the index. */
START_TEST(test_incident_store_notes_of_one_second)
{
	struct store *s = open_fixture();
	struct incident a;

	fill_one_second(&a, 300, false);
	ck_assert(upsert(s, &a));
	ck_assert(!upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 302);
	incident_release(&a);
	/* the server's copies, with ids: adopted one by one, none added */
	fill_one_second(&a, 300, true);
	ck_assert(upsert(s, &a));
	ck_assert(!upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 302);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note WHERE "
	                                   "remote_id LIKE 'm-%'"),
	                 300);
	/* two server notes equal but for their ids are two notes */
	incident_add_note(&a, "bulk", 1767300000, "migrated entry 7");
	a.notes[a.n_notes - 1].remote_id = xstrdup("m-other");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note WHERE "
	                                   "body = 'migrated entry 7'"),
	                 2);
	/* an equal note without id is one of them, not a third */
	free(a.notes[a.n_notes - 1].remote_id);
	a.notes[a.n_notes - 1].remote_id = NULL;
	ck_assert(!upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 303);
	incident_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_incident_store_links_resolved)
{
	struct store *s = open_fixture();
	struct incident a;
	struct err e;
	long long writes;

	fill(&a, "i-1", "MX-2026-00042");
	strvec_push(&a.alert_ids, "a-77");
	strvec_push(&a.asset_ids, "as-3");  /* remote id */
	strvec_push(&a.asset_ids, "hmi-2"); /* unique name */
	strvec_push(&a.asset_ids, "gw");    /* name, the org's own */
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "incident_asset WHERE asset_id IN "
	                                   "(3, 4, 5)"),
	                 3);
	/* links are added, and counted as a change */
	strvec_push(&a.alert_ids, "a-78");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "incident_alert"),
	                 2);
	/* unknown links fail and write nothing */
	writes = test_store_int(s, "SELECT total_changes()");
	a.status = INCIDENT_CLOSED;
	strvec_push(&a.alert_ids, "a-99");
	ck_assert_int_eq(store_incident_upsert(s, &a, NULL, &e), ERR_NOTFOUND);
	ck_assert_str_eq(e.msg,
	                 "incident 'MX-2026-00042' links unknown alert 'a-99'");
	ck_assert_int_eq(test_store_int(s, "SELECT total_changes()"), writes);
	incident_release(&a);
	fill(&a, "i-2", "MX-2026-00043");
	strvec_push(&a.asset_ids, "nope");
	ck_assert_int_eq(store_incident_upsert(s, &a, NULL, &e), ERR_NOTFOUND);
	ck_assert_str_eq(e.msg,
	                 "incident 'MX-2026-00043' links unknown asset 'nope'");
	incident_release(&a);
	/* a name two organizations use is ambiguous without the org */
	fill(&a, "i-3", "MX-2026-00044");
	a.organization_id = 0;
	strvec_push(&a.asset_ids, "gw");
	ck_assert_int_eq(store_incident_upsert(s, &a, NULL, &e), ERR_CONFLICT);
	incident_release(&a);
	/* ... and names one asset as ORG/NAME */
	fill(&a, "i-4", "MX-2026-00045");
	a.organization_id = 0;
	strvec_push(&a.asset_ids, "SAPAL/gw");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT asset_id FROM "
	                                   "incident_asset WHERE incident_id = "
	                                   "(SELECT id FROM incident WHERE "
	                                   "reference = 'MX-2026-00045')"),
	                 6);
	incident_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_incident_store_keyed_by_reference)
{
	struct store *s = open_fixture();
	struct incident a;
	struct err e;
	int64_t id;

	fill(&a, NULL, "MX-2026-00042");
	free(a.meta.source);
	a.meta.source = NULL;
	ck_assert(upsert(s, &a));
	id = a.meta.id;
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident "
	                                   "WHERE source = 'local'"),
	                 1);
	/* the server acknowledges it: the row adopts the remote id */
	a.meta.remote_id = xstrdup("i-9");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(a.meta.id, id);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident "
	                                   "WHERE remote_id = 'i-9'"),
	                 1);
	/* another remote incident cannot take the reference */
	free(a.meta.remote_id);
	a.meta.remote_id = xstrdup("i-10");
	ck_assert_int_eq(store_incident_upsert(s, &a, NULL, &e), ERR_CONFLICT);
	free(a.reference);
	a.reference = NULL;
	ck_assert_int_eq(store_incident_upsert(s, &a, NULL, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "reference"));
	incident_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_incident_store_reference_counter)
{
	struct store *s = open_fixture();
	struct incident a;
	struct err e;
	char *ref = NULL;

	ck_assert_int_eq(store_incident_next_reference(s, "MX", 2026, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-2026-00001");
	free(ref);
	ck_assert_int_eq(store_incident_next_reference(s, "MX", 2026, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-2026-00002");
	free(ref);
	ck_assert_int_eq(store_incident_next_reference(s, "MX", 2025, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-2025-00001");
	free(ref);
	/* a reference pulled from the server is skipped past */
	fill(&a, "i-1", "MX-2026-00042");
	ck_assert(upsert(s, &a));
	incident_release(&a);
	fill(&a, "i-2", "MXA-2026-00100"); /* another prefix: ignored */
	ck_assert(upsert(s, &a));
	incident_release(&a);
	ck_assert_int_eq(store_incident_next_reference(s, "MX", 2026, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-2026-00043");
	free(ref);
	ck_assert_int_eq(store_incident_next_reference(s, "MX", 2026, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-2026-00044");
	free(ref);
	/* more than five digits once past 99999 */
	ck_assert_int_eq(test_store_sql(s, "UPDATE reference_counter SET last "
	                                   "= 99999 WHERE year = 2026"),
	                 0);
	ck_assert_int_eq(store_incident_next_reference(s, "MX", 2026, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-2026-100000");
	free(ref);
	ck_assert_int_eq(store_incident_next_reference(s, "mx", 2026, &ref, &e),
	                 ERR_INVALID);
	ck_assert_ptr_null(ref);
	store_close(s);
}
END_TEST

/* The next reference of MX-2026, freed, compared with want. */
static void
assert_next_ref(struct store *s, const char *want)
{
	char *ref = NULL;
	struct err e;

	ck_assert_msg(store_incident_next_reference(s, "MX", 2026, &ref, &e) ==
	                  0,
	              "%s", e.msg);
	ck_assert_str_eq(ref, want);
	free(ref);
}

#define RAW_INCIDENT(ref)                                                      \
	"INSERT INTO incident(reference, title, category, severity, status, "  \
	"opened_at, created_at, updated_at) VALUES ('" ref "', 't', "          \
	"'other', 3, 'new', 1, 1, 1)"

/*
 * Schema v3: the counter follows references written by any writer (an
 * insert, a renamed reference), and the migration brings counters up to
 * the references written before it.
 */
START_TEST(test_incident_store_reference_counter_follows_writes)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "cache.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	assert_next_ref(s, "MX-2026-00001");
	store_close(s);
	/* a version 2 cache that pulled MX-2026-00042 after its last count */
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V2), 0);
	ck_assert_int_eq(test_sql(path, RAW_INCIDENT("MX-2026-00042")), 0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	assert_next_ref(s, "MX-2026-00043");
	ck_assert_int_eq(
	    test_sql(path,
	             RAW_INCIDENT("MX-2026-00100") ";" RAW_INCIDENT(
	                 "MXA-2026-00500") ";" RAW_INCIDENT("MX-2025-00700")),
	    0);
	assert_next_ref(s, "MX-2026-00101");
	ck_assert_int_eq(test_sql(path, "UPDATE incident SET reference = "
	                                "'MX-2026-00200' WHERE reference = "
	                                "'MX-2026-00042'"),
	                 0);
	assert_next_ref(s, "MX-2026-00201");
	/* lower numbers leave the counter alone */
	ck_assert_int_eq(test_sql(path, RAW_INCIDENT("MX-2026-00007")), 0);
	assert_next_ref(s, "MX-2026-00202");
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/*
 * The v4 migration adds note_content to a cache that holds equal notes
 * (two local notes of one text and second; two server notes equal but for
 * their ids) and keeps every one of them; merges then go on as before.
 */
START_TEST(test_incident_store_v4_migration_keeps_equal_notes)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "cache.db");
	struct store *s = NULL;
	struct incident a;
	struct err e;

	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V3), 0);
	ck_assert_int_eq(
	    test_sql(
	        path,
	        RAW_INCIDENT(
	            "MX-2026-00042") ";"
	                             "UPDATE incident SET source = 'central', remote_id = "
	                             "'i-1';"
	                             "INSERT INTO note(incident_id, remote_id, author, "
	                             "created_at, body) VALUES (1, NULL, 'ana', 5, 'same'), "
	                             "(1, NULL, 'ana', 5, 'same'), (1, 'n-1', 'ana', 5, "
	                             "'same'), (1, 'n-2', 'ana', 5, 'same')"),
	    0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM sqlite_schema "
	                                   "WHERE name = 'note_content'"),
	                 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 4);
	/* the server echoes a local one back: the first is adopted */
	incident_init(&a);
	a.meta.source = xstrdup("central");
	a.meta.remote_id = xstrdup("i-1");
	a.reference = xstrdup("MX-2026-00042");
	a.title = xstrdup("t");
	a.category = xstrdup("other");
	a.severity = SEVERITY_MEDIUM;
	a.opened_at = 1;
	incident_add_note(&a, "ana", 5, "same");
	a.notes[0].remote_id = xstrdup("n-3");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 4);
	ck_assert_int_eq(
	    test_store_int(s,
	                   "SELECT min(id) FROM note WHERE remote_id IS NULL"),
	    2);
	/* without an id, an equal note is not new */
	free(a.notes[0].remote_id);
	a.notes[0].remote_id = NULL;
	upsert(s, &a);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM note"), 4);
	incident_release(&a);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_incident_store_related_lists)
{
	struct store *s = open_fixture();
	struct incident a, *incs = NULL;
	struct asset *assets = NULL;
	struct err e;
	size_t n = 0;
	char ref[32], rid[16];

	for (int i = 0; i < 4; i++) {
		snprintf(ref, sizeof(ref), "MX-2026-%05d", i + 1);
		snprintf(rid, sizeof(rid), "i-%d", i);
		fill(&a, rid, ref);
		a.opened_at += i;
		a.organization_id = i == 3 ? 8 : 7;
		if (i < 3)
			strvec_push(&a.asset_ids, "as-3");
		if (i == 0)
			strvec_push(&a.asset_ids, "hmi-2");
		ck_assert(upsert(s, &a));
		incident_release(&a);
	}
	ck_assert_int_eq(store_incidents_of_asset(s, 3, 2, &incs, &n, &e), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(incs[0].reference, "MX-2026-00003");
	ck_assert_str_eq(incs[1].reference, "MX-2026-00002");
	ck_assert_str_eq(incs[0].organization, "CFE");
	for (size_t i = 0; i < n; i++)
		incident_release(&incs[i]);
	free(incs);
	ck_assert_int_eq(
	    store_incidents_of_organization(s, 7, 10, &incs, &n, &e), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(incs[0].reference, "MX-2026-00003");
	ck_assert_str_eq(incs[2].reference, "MX-2026-00001");
	for (size_t i = 0; i < n; i++)
		incident_release(&incs[i]);
	free(incs);
	ck_assert_int_eq(store_assets_of_incident(s, 1, 10, &assets, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(assets[0].name, "hmi-2");
	ck_assert_str_eq(assets[1].name, "scada-1");
	ck_assert_str_eq(assets[1].organization, "CFE");
	ck_assert_int_eq(assets[1].kind, ASSET_ICS);
	ck_assert_int_eq(assets[1].criticality, 5);
	ck_assert_uint_eq(assets[1].cpes.n, 1);
	for (size_t i = 0; i < n; i++)
		asset_release(&assets[i]);
	free(assets);
	ck_assert_int_eq(store_assets_of_organization(s, 7, 2, &assets, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(assets[0].name, "gw");
	ck_assert_str_eq(assets[1].name, "hmi-2");
	for (size_t i = 0; i < n; i++)
		asset_release(&assets[i]);
	free(assets);
	ck_assert_int_eq(
	    store_assets_of_organization(s, 7, -1, &assets, &n, &e),
	    ERR_INVALID);
	store_close(s);
}
END_TEST

Suite *
incident_store_suite(void)
{
	Suite *su = suite_create("incident_store");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_incident_store_roundtrip);
	tcase_add_test(tc, test_incident_store_reupsert_unchanged);
	tcase_add_test(tc, test_incident_store_change_detected);
	tcase_add_test(tc, test_incident_store_dirty_row_untouched);
	tcase_add_test(tc, test_incident_store_notes_not_duplicated);
	tcase_add_test(tc, test_incident_store_note_merge_is_a_lookup);
	tcase_add_test(tc, test_incident_store_notes_of_one_second);
	tcase_add_test(tc, test_incident_store_links_resolved);
	tcase_add_test(tc, test_incident_store_keyed_by_reference);
	tcase_add_test(tc, test_incident_store_reference_counter);
	tcase_add_test(tc,
	               test_incident_store_reference_counter_follows_writes);
	tcase_add_test(tc, test_incident_store_related_lists);
	tcase_add_test(tc, test_incident_store_v4_migration_keeps_equal_notes);
	suite_add_tcase(su, tc);
	return su;
}
