/*
 * SLAs in the store (store/sla.h, schema v2): the triggers that keep
 * due_at and the pause bookkeeping, the targets in force, and the due and
 * sla: filters against the model's arithmetic (model/sla.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/filter.h"
#include "centinela/model/incident.h"
#include "centinela/model/sla.h"
#include "centinela/store/edit.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "centinela/store/sla.h"
#include "centinela/store/store.h"
#include "testutil.h"

#define T0   1767225600 /* 2026-01-01T00:00:00Z */
#define HOUR 3600
#define DAY  86400

static struct store *
open_store(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	return s;
}

/* A time for SQL text: the number, or NULL for 0. */
static const char *
sql_time(int64_t t, char *buf, size_t size)
{
	if (!t)
		return "NULL";
	snprintf(buf, size, "%lld", (long long)t);
	return buf;
}

/* Insert incident id as a writer would, with updated_at = at. */
static void
insert(struct store *s, int id, int severity, const char *status,
       int64_t opened, int64_t responded, int64_t closed, int64_t at)
{
	char sql[600], r[24], c[24];

	snprintf(sql, sizeof(sql),
	         "INSERT INTO incident(id, reference, title, category, "
	         "severity, status, opened_at, first_response_at, due_at, "
	         "closed_at, created_at, updated_at) VALUES (%d, "
	         "'MX-2026-%05d', 't', 'fraud', %d, '%s', %lld, %s, 1, %s, "
	         "%lld, %lld)",
	         id, id, severity, status, (long long)opened,
	         sql_time(responded, r, sizeof(r)),
	         sql_time(closed, c, sizeof(c)), (long long)at, (long long)at);
	ck_assert_msg(test_store_sql(s, sql) == 0, "%s", sql);
}

static struct incident
get(struct store *s, int64_t id)
{
	struct incident inc;
	struct err e;

	ck_assert_msg(store_incident_get(s, id, &inc, &e) == 0, "%s", e.msg);
	return inc;
}

/* The local edit path: change the status (and closed_at) at now. */
static void
set_status(struct store *s, int64_t id, enum incident_status st, int64_t now)
{
	struct incident inc = get(s, id);
	struct err e;

	inc.status = st;
	if (incident_status_is_final(st))
		inc.closed_at = now;
	else
		inc.closed_at = 0;
	ck_assert_msg(store_incident_set_fields(s, &inc, now, &e) == 0, "%s",
	              e.msg);
	incident_release(&inc);
}

static int64_t
due_of(struct store *s, int64_t id)
{
	struct incident inc = get(s, id);
	int64_t due = inc.due_at;

	incident_release(&inc);
	return due;
}

START_TEST(test_sla_store_defaults_seeded)
{
	struct store *s = open_store();
	struct sla_targets t, d;
	struct err e;

	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(store_sla_targets(s, &t, &e), 0);
	sla_targets_default(&d);
	ck_assert(sla_targets_equal(&t, &d));
	store_close(s);
}
END_TEST

/* Every severity and phase: the trigger's due_at is the model's. */
START_TEST(test_sla_store_trigger_matches_model)
{
	struct store *s = open_store();
	struct sla_targets t;
	int id = 1;

	sla_targets_default(&t);
	for (int sev = SEVERITY_INFO; sev <= SEVERITY_CRITICAL; sev++)
		for (int responded = 0; responded < 2; responded++) {
			struct sla_clock c = {(enum severity)sev,
			                      INCIDENT_TRIAGE,
			                      T0 + id,
			                      responded ? T0 + id + 60 : 0,
			                      0,
			                      0,
			                      0};

			insert(s, id, sev, responded ? "triage" : "new",
			       c.opened_at, c.first_response_at, 0, T0);
			ck_assert_int_eq(due_of(s, id), sla_due(&c, &t));
			id++;
		}
	store_close(s);
}
END_TEST

/* Whatever due_at a writer gives (server, import, demo), the cache's wins. */
START_TEST(test_sla_store_given_due_replaced)
{
	struct store *s = open_store();
	struct incident inc;
	bool has_changed;
	struct err e;

	incident_init(&inc);
	inc.meta.source = xstrdup("central");
	inc.meta.remote_id = xstrdup("i-1");
	inc.meta.version = 1;
	inc.reference = xstrdup("MX-2026-00001");
	inc.title = xstrdup("t");
	inc.category = xstrdup("fraud");
	inc.severity = SEVERITY_HIGH;
	inc.status = INCIDENT_IN_PROGRESS;
	inc.opened_at = T0;
	inc.first_response_at = T0 + 60;
	inc.due_at = T0 + 5; /* the server's idea */
	ck_assert_msg(store_incident_upsert(s, &inc, &has_changed, &e) == 0,
	              "%s", e.msg);
	ck_assert_int_eq(due_of(s, inc.meta.id), T0 + DAY);
	/* A pull with another due_at and nothing else new writes nothing. */
	inc.due_at = T0 + 7;
	ck_assert_int_eq(store_incident_upsert(s, &inc, &has_changed, &e), 0);
	ck_assert(!has_changed);
	/* A pull that raises the severity moves the deadline. */
	inc.severity = SEVERITY_CRITICAL;
	inc.meta.version = 2;
	ck_assert_int_eq(store_incident_upsert(s, &inc, &has_changed, &e), 0);
	ck_assert(has_changed);
	ck_assert_int_eq(due_of(s, inc.meta.id), T0 + 4 * HOUR);
	/* A change the SLA does not depend on leaves the deadline alone. */
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE incident SET title = 'x', updated_at = "
	                      "updated_at + 99"),
	    0);
	ck_assert_int_eq(due_of(s, inc.meta.id), T0 + 4 * HOUR);
	/* No first response: the response target. */
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE incident SET first_response_at = NULL"),
	    0);
	ck_assert_int_eq(due_of(s, inc.meta.id), T0 + 30 * 60);
	incident_release(&inc);
	store_close(s);
}
END_TEST

/* A wait through the edit path, mirrored by sla_clock_set_status. */
START_TEST(test_sla_store_pause_bookkeeping)
{
	struct store *s = open_store();
	struct sla_targets t;
	struct sla_clock c = {
	    SEVERITY_HIGH, INCIDENT_IN_PROGRESS, T0, T0 + 60, 0, 0, 0};
	struct incident inc;
	struct sla_result r;
	static const struct {
		enum incident_status to; /* new status */
		int64_t at;              /* when */
	} steps[] = {
	    {INCIDENT_WAITING, T0 + 2 * HOUR},
	    {INCIDENT_WAITING, T0 + 3 * HOUR}, /* no change */
	    {INCIDENT_IN_PROGRESS, T0 + 7 * HOUR},
	    {INCIDENT_CONTAINED, T0 + 8 * HOUR},
	    {INCIDENT_WAITING, T0 + 20 * HOUR},
	    {INCIDENT_IN_PROGRESS, T0 + 30 * HOUR}, /* spans the deadline */
	    {INCIDENT_WAITING, T0 + 40 * HOUR},     /* breached, then waits */
	    {INCIDENT_RESOLVED, T0 + 41 * HOUR},
	    {INCIDENT_IN_PROGRESS, T0 + 42 * HOUR}, /* reopened */
	};

	sla_targets_default(&t);
	insert(s, 1, SEVERITY_HIGH, "in_progress", T0, T0 + 60, 0, T0);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		set_status(s, 1, steps[i].to, steps[i].at);
		sla_clock_set_status(&c, steps[i].to, steps[i].at);
		c.closed_at =
		    incident_status_is_final(steps[i].to) ? steps[i].at : 0;
		inc = get(s, 1);
		ck_assert_msg(inc.sla_paused_s == c.paused_s,
		              "step %zu: paused %lld, want %lld", i,
		              (long long)inc.sla_paused_s,
		              (long long)c.paused_s);
		ck_assert_int_eq(inc.waiting_since, c.waiting_since);
		ck_assert_int_eq(inc.due_at, sla_due(&c, &t));
		incident_sla(&inc, steps[i].at + HOUR, &r);
		{
			struct sla_result m;

			sla_compute(&c, &t, steps[i].at + HOUR, &m);
			ck_assert_int_eq(r.state, m.state);
			ck_assert_int_eq(r.left, m.left);
			ck_assert_int_eq(r.target, m.target);
		}
		incident_release(&inc);
	}
	/* 5h + 10h + 1h (waiting until resolved) of pauses. */
	ck_assert_int_eq(c.paused_s, 16 * HOUR);
	store_close(s);
}
END_TEST

START_TEST(test_sla_store_set_targets)
{
	struct store *s = open_store();
	struct sla_targets t;
	bool has_changed = true;
	struct err e;

	insert(s, 1, SEVERITY_CRITICAL, "in_progress", T0, T0 + 60, 0, T0);
	insert(s, 2, SEVERITY_CRITICAL, "closed", T0, T0 + 60, T0 + HOUR, T0);
	insert(s, 3, SEVERITY_CRITICAL, "new", T0, 0, 0, T0);
	insert(s, 4, SEVERITY_HIGH, "waiting", T0, T0 + 60, 0, T0);
	sla_targets_default(&t);
	ck_assert_int_eq(store_sla_set_targets(s, &t, &has_changed, &e), 0);
	ck_assert(!has_changed);
	t.resolution[SEVERITY_CRITICAL] = 8 * HOUR;
	t.response[SEVERITY_CRITICAL] = HOUR;
	ck_assert_int_eq(store_sla_set_targets(s, &t, &has_changed, &e), 0);
	ck_assert(has_changed);
	ck_assert_int_eq(due_of(s, 1), T0 + 8 * HOUR);
	ck_assert_int_eq(due_of(s, 2), T0 + 4 * HOUR); /* judged, kept */
	ck_assert_int_eq(due_of(s, 3), T0 + HOUR);
	ck_assert_int_eq(due_of(s, 4), T0 + DAY);
	/* New rows take the targets in force. */
	insert(s, 5, SEVERITY_CRITICAL, "triage", T0, T0 + 60, 0, T0);
	ck_assert_int_eq(due_of(s, 5), T0 + 8 * HOUR);
	ck_assert_int_eq(store_sla_set_targets(s, &t, &has_changed, &e), 0);
	ck_assert(!has_changed);
	/* Out of range: refused, nothing changed. */
	t.response[SEVERITY_LOW] = 0;
	ck_assert_int_eq(store_sla_set_targets(s, &t, &has_changed, &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "invalid SLA response target for severity "
	                        "'low': 0 seconds (expected 60 to 31622400)");
	ck_assert_int_eq(due_of(s, 1), T0 + 8 * HOUR);
	store_close(s);
}
END_TEST

START_TEST(test_sla_store_readonly_refused)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct sla_targets t;
	struct err e;

	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	store_close(s);
	ck_assert_int_eq(store_open(path, STORE_OPEN_READONLY, &s, &e), 0);
	sla_targets_default(&t);
	ck_assert_int_eq(store_sla_set_targets(s, &t, NULL, &e), 0);
	t.response[SEVERITY_HIGH] = 2 * HOUR;
	ck_assert_int_eq(store_sla_set_targets(s, &t, NULL, &e), ERR_PERM);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

static int64_t
count(struct store *s, const char *filter, int64_t now)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	int64_t n = -1;
	struct err e;

	store_list_opts_init(&o);
	ck_assert_msg(filter_parse(filter, &f, &e) == 0, "%s", e.msg);
	o.filter = f;
	o.now = now;
	ck_assert_msg(store_count(s, STORE_INCIDENTS, &o, &n, &e) == 0, "%s",
	              e.msg);
	filter_free(f);
	return n;
}

/*
 * High incidents (24h to resolve) opened at T0, seen at T0 + 23h:
 * 1 running, 1h left (near); 2 opened 10h later, running, 11h left;
 * 3 overdue (opened a day earlier); 4 waiting since T0 + 20h (4h left,
 * frozen); 5 waiting since T0 + 30h... after its deadline (breached);
 * 6 resolved in time; 7 closed late; 8 waiting since T0 + 2h (22h left).
 */
static struct store *
sla_queue(void)
{
	struct store *s = open_store();

	insert(s, 1, SEVERITY_HIGH, "in_progress", T0, T0 + 60, 0, T0);
	insert(s, 2, SEVERITY_HIGH, "triage", T0 + 10 * HOUR,
	       T0 + 10 * HOUR + 60, 0, T0);
	insert(s, 3, SEVERITY_HIGH, "contained", T0 - DAY, T0 - DAY + 60, 0,
	       T0);
	insert(s, 4, SEVERITY_HIGH, "in_progress", T0, T0 + 60, 0, T0);
	set_status(s, 4, INCIDENT_WAITING, T0 + 20 * HOUR);
	insert(s, 5, SEVERITY_HIGH, "in_progress", T0 - DAY, T0 - DAY + 60, 0,
	       T0);
	set_status(s, 5, INCIDENT_WAITING, T0 + 6 * HOUR);
	insert(s, 6, SEVERITY_HIGH, "resolved", T0, T0 + 60, T0 + 5 * HOUR, T0);
	insert(s, 7, SEVERITY_HIGH, "closed", T0 - 2 * DAY, T0 - 2 * DAY + 60,
	       T0, T0);
	insert(s, 8, SEVERITY_HIGH, "in_progress", T0, T0 + 60, 0, T0);
	set_status(s, 8, INCIDENT_WAITING, T0 + 2 * HOUR);
	return s;
}

START_TEST(test_sla_store_filters)
{
	struct store *s = sla_queue();
	const int64_t now = T0 + 23 * HOUR;
	static const struct {
		const char *filter; /* filter text */
		const char *ids;    /* matching ids */
	} cases[] = {
	    {"due<2h", "1 3 5"}, /* 5: paused after its deadline */
	    {"due<12h", "1 2 3 5"},
	    {"due>=2h", "2"},
	    {"sla:breached", "3 5"},
	    {"due<2h !sla:breached", "1"},
	    {"sla:running", "1 2"},
	    {"sla:near", "1 4"},
	    {"sla:paused", "4 5 8"},
	    {"sla:met", "6"},
	    {"sla:missed", "7"},
	    {"sla:breached,near", "1 3 4 5"},
	    {"!sla:breached status<resolved", "1 2 4 8"},
	    {"SLA:Breached", "3 5"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t want = 0;

		for (int id = 1; id <= 8; id++) {
			char f[120], word[12];
			bool is_in;

			snprintf(word, sizeof(word), "%d", id);
			is_in = strstr(cases[i].ids, word) != NULL;
			want += is_in;
			snprintf(f, sizeof(f), "%s ref:MX-2026-%05d",
			         cases[i].filter, id);
			ck_assert_msg(count(s, f, now) == is_in,
			              "%s: row %d %s", cases[i].filter, id,
			              is_in ? "missing" : "unexpected");
		}
		ck_assert_int_eq(count(s, cases[i].filter, now), want);
	}
	/* Each row's state agrees with the model's reading of it. */
	for (int id = 1; id <= 8; id++) {
		struct incident inc = get(s, id);
		struct sla_result r;
		static const char *const names[] = {[SLA_RUNNING] = "running",
		                                    [SLA_PAUSED] = "paused",
		                                    [SLA_BREACHED] = "breached",
		                                    [SLA_MET] = "met",
		                                    [SLA_MISSED] = "missed"};
		char f[80];

		incident_sla(&inc, now, &r);
		ck_assert_int_ne(r.state, SLA_NONE);
		snprintf(f, sizeof(f), "ref:%s sla:%s", inc.reference,
		         names[r.state]);
		ck_assert_msg(count(s, f, now) == 1, "%s", f);
		snprintf(f, sizeof(f), "ref:%s sla:near", inc.reference);
		ck_assert_int_eq(count(s, f, now), sla_is_near(&r) ? 1 : 0);
		incident_release(&inc);
	}
	store_close(s);
}
END_TEST

START_TEST(test_sla_store_filter_errors)
{
	struct store *s = open_store();
	struct store_list_opts o;
	struct filter *f = NULL;
	int64_t n;
	struct err e;

	store_list_opts_init(&o);
	ck_assert_int_eq(filter_parse("sla:late", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_count(s, STORE_INCIDENTS, &o, &n, &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "unknown SLA state 'late' (known: running, "
	                        "near, paused, breached, met, missed)");
	filter_free(f);
	ck_assert_int_eq(filter_parse("sla>breached", &f, &e), 0);
	o.filter = f;
	ck_assert_int_eq(store_count(s, STORE_INCIDENTS, &o, &n, &e),
	                 ERR_INVALID);
	filter_free(f);
	store_close(s);
}
END_TEST

Suite *
sla_store_suite(void)
{
	Suite *s = suite_create("sla_store");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sla_store_defaults_seeded);
	tcase_add_test(tc, test_sla_store_trigger_matches_model);
	tcase_add_test(tc, test_sla_store_given_due_replaced);
	tcase_add_test(tc, test_sla_store_pause_bookkeeping);
	tcase_add_test(tc, test_sla_store_set_targets);
	tcase_add_test(tc, test_sla_store_readonly_refused);
	tcase_add_test(tc, test_sla_store_filters);
	tcase_add_test(tc, test_sla_store_filter_errors);
	suite_add_tcase(s, tc);
	return s;
}
