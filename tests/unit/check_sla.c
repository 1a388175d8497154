/* SLA arithmetic (model/sla.h): deadlines, pauses, states, formatting. */
#include <check.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/model/incident.h"
#include "centinela/model/sla.h"

#define T0   1767225600 /* 2026-01-01T00:00:00Z */
#define MIN  60
#define HOUR 3600
#define DAY  86400

/* A high incident opened at T0, responded at T0 + 10m, in progress. */
static struct sla_clock
high_clock(void)
{
	return (struct sla_clock){
	    SEVERITY_HIGH, INCIDENT_IN_PROGRESS, T0, T0 + 10 * MIN, 0, 0, 0};
}

static struct sla_result
at(const struct sla_clock *c, int64_t now)
{
	struct sla_targets t;
	struct sla_result r;

	sla_targets_default(&t);
	sla_compute(c, &t, now, &r);
	return r;
}

START_TEST(test_sla_defaults)
{
	struct sla_targets t, u;

	sla_targets_default(&t);
	ck_assert_int_eq(t.response[SEVERITY_CRITICAL], 30 * MIN);
	ck_assert_int_eq(t.resolution[SEVERITY_CRITICAL], 4 * HOUR);
	ck_assert_int_eq(t.response[SEVERITY_HIGH], HOUR);
	ck_assert_int_eq(t.resolution[SEVERITY_HIGH], DAY);
	ck_assert_int_eq(t.response[SEVERITY_MEDIUM], 4 * HOUR);
	ck_assert_int_eq(t.resolution[SEVERITY_MEDIUM], 3 * DAY);
	ck_assert_int_eq(t.response[SEVERITY_LOW], DAY);
	ck_assert_int_eq(t.resolution[SEVERITY_LOW], 7 * DAY);
	ck_assert_int_eq(t.response[SEVERITY_INFO], 3 * DAY);
	ck_assert_int_eq(t.resolution[SEVERITY_INFO], 30 * DAY);
	for (int i = SEVERITY_INFO; i < SEVERITY_CRITICAL; i++) {
		ck_assert_int_lt(t.response[i + 1], t.response[i]);
		ck_assert_int_lt(t.resolution[i + 1], t.resolution[i]);
	}
	u = t;
	ck_assert(sla_targets_equal(&t, &u));
	u.resolution[SEVERITY_LOW]++;
	ck_assert(!sla_targets_equal(&t, &u));
}
END_TEST

START_TEST(test_sla_setting_names)
{
	enum severity sev;
	bool is_res;

	ck_assert_int_eq(
	    sla_setting_parse("sla.critical.response", &sev, &is_res), 0);
	ck_assert_int_eq(sev, SEVERITY_CRITICAL);
	ck_assert(!is_res);
	ck_assert_int_eq(
	    sla_setting_parse("sla.info.resolution", &sev, &is_res), 0);
	ck_assert_int_eq(sev, SEVERITY_INFO);
	ck_assert(is_res);
	ck_assert_int_eq(sla_setting_parse("sla.high", &sev, &is_res),
	                 ERR_PARSE);
	ck_assert_int_eq(sla_setting_parse("sla.hgh.response", &sev, &is_res),
	                 ERR_PARSE);
	ck_assert_int_eq(sla_setting_parse("sla.high.resolve", &sev, &is_res),
	                 ERR_PARSE);
	ck_assert_int_eq(sla_setting_parse("sla..response", &sev, &is_res),
	                 ERR_PARSE);
	ck_assert_int_eq(sla_setting_parse("analyst", &sev, &is_res),
	                 ERR_PARSE);
	ck_assert_int_eq(sla_setting_parse(NULL, &sev, &is_res), ERR_PARSE);
}
END_TEST

START_TEST(test_sla_phases)
{
	struct sla_clock c = high_clock();
	struct sla_result r;

	c.first_response_at = 0;
	c.status = INCIDENT_NEW;
	ck_assert_int_eq(sla_phase_of(&c), SLA_PHASE_RESPONSE);
	r = at(&c, T0 + 20 * MIN);
	ck_assert_int_eq(r.due_at, T0 + HOUR);
	ck_assert_int_eq(r.left, 40 * MIN);
	ck_assert_int_eq(r.target, HOUR);
	ck_assert_int_eq(r.state, SLA_RUNNING);
	r = at(&c, T0 + 2 * HOUR);
	ck_assert_int_eq(r.state, SLA_BREACHED);
	ck_assert_int_eq(r.left, -HOUR);
	/* A late response moves to the resolution clock, from opened_at. */
	c.first_response_at = T0 + 2 * HOUR;
	c.status = INCIDENT_TRIAGE;
	ck_assert_int_eq(sla_phase_of(&c), SLA_PHASE_RESOLUTION);
	r = at(&c, T0 + 2 * HOUR);
	ck_assert_int_eq(r.due_at, T0 + DAY);
	ck_assert_int_eq(r.state, SLA_RUNNING);
}
END_TEST

START_TEST(test_sla_boundaries)
{
	struct sla_clock c = high_clock();
	struct sla_result r;

	r = at(&c, T0 + DAY);
	ck_assert_int_eq(r.state, SLA_RUNNING); /* the deadline itself */
	ck_assert_int_eq(r.left, 0);
	r = at(&c, T0 + DAY + 1);
	ck_assert_int_eq(r.state, SLA_BREACHED);
	ck_assert_int_eq(r.left, -1);
	/* Resolved exactly at the deadline is met, a second later missed. */
	c.status = INCIDENT_RESOLVED;
	c.closed_at = T0 + DAY;
	ck_assert_int_eq(at(&c, T0 + 9 * DAY).state, SLA_MET);
	c.closed_at = T0 + DAY + 1;
	ck_assert_int_eq(at(&c, T0 + 9 * DAY).state, SLA_MISSED);
	/* Near: at most 25% of the target left. */
	c = high_clock();
	r = at(&c, T0 + 18 * HOUR - 1);
	ck_assert(!sla_is_near(&r));
	r = at(&c, T0 + 18 * HOUR);
	ck_assert(sla_is_near(&r));
	r = at(&c, T0 + DAY + 1);
	ck_assert(!sla_is_near(&r));
	/* No target for an unknown severity: no deadline. */
	c.severity = (enum severity)0;
	r = at(&c, T0);
	ck_assert_int_eq(r.state, SLA_NONE);
	ck_assert_int_eq(r.due_at, 0);
}
END_TEST

START_TEST(test_sla_one_pause)
{
	struct sla_clock c = high_clock();
	struct sla_result r;

	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + 2 * HOUR);
	ck_assert_int_eq(c.waiting_since, T0 + 2 * HOUR);
	/* Frozen: the time left stays 22h however long the wait. */
	r = at(&c, T0 + 3 * HOUR);
	ck_assert_int_eq(r.state, SLA_PAUSED);
	ck_assert(r.is_paused);
	ck_assert_int_eq(r.left, 22 * HOUR);
	r = at(&c, T0 + 5 * DAY);
	ck_assert_int_eq(r.state, SLA_PAUSED);
	ck_assert_int_eq(r.left, 22 * HOUR);
	/* Back after 5h: the deadline moved by 5h. */
	sla_clock_set_status(&c, INCIDENT_IN_PROGRESS, T0 + 7 * HOUR);
	ck_assert_int_eq(c.paused_s, 5 * HOUR);
	ck_assert_int_eq(c.waiting_since, 0);
	r = at(&c, T0 + 7 * HOUR);
	ck_assert_int_eq(r.due_at, T0 + DAY + 5 * HOUR);
	ck_assert_int_eq(r.left, 22 * HOUR);
	ck_assert_int_eq(r.state, SLA_RUNNING);
	ck_assert(!r.is_paused);
}
END_TEST

START_TEST(test_sla_several_pauses)
{
	struct sla_clock c = high_clock();
	struct sla_result r;

	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + HOUR);
	sla_clock_set_status(&c, INCIDENT_IN_PROGRESS, T0 + 3 * HOUR);
	sla_clock_set_status(&c, INCIDENT_CONTAINED, T0 + 4 * HOUR);
	ck_assert_int_eq(c.paused_s, 2 * HOUR); /* not a wait */
	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + 10 * HOUR);
	/* Waiting again: no double start. */
	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + 11 * HOUR);
	ck_assert_int_eq(c.waiting_since, T0 + 10 * HOUR);
	sla_clock_set_status(&c, INCIDENT_IN_PROGRESS, T0 + 13 * HOUR);
	ck_assert_int_eq(c.paused_s, 5 * HOUR);
	r = at(&c, T0 + 13 * HOUR);
	ck_assert_int_eq(r.due_at, T0 + DAY + 5 * HOUR);
	ck_assert_int_eq(r.left, 16 * HOUR);
	/* A wait ending at or before its start adds nothing. */
	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + 14 * HOUR);
	sla_clock_set_status(&c, INCIDENT_IN_PROGRESS, T0 + 14 * HOUR);
	ck_assert_int_eq(c.paused_s, 5 * HOUR);
}
END_TEST

START_TEST(test_sla_wait_spans_deadline)
{
	struct sla_clock c = high_clock();
	struct sla_result r;

	/* Waiting from 20h to 30h: the 24h deadline passes while paused. */
	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + 20 * HOUR);
	r = at(&c, T0 + 25 * HOUR);
	ck_assert_int_eq(r.state, SLA_PAUSED);
	ck_assert_int_eq(r.left, 4 * HOUR);
	sla_clock_set_status(&c, INCIDENT_IN_PROGRESS, T0 + 30 * HOUR);
	r = at(&c, T0 + 30 * HOUR);
	ck_assert_int_eq(r.state, SLA_RUNNING);
	ck_assert_int_eq(r.due_at, T0 + 34 * HOUR);
	ck_assert_int_eq(r.left, 4 * HOUR);
	r = at(&c, T0 + 35 * HOUR);
	ck_assert_int_eq(r.state, SLA_BREACHED);
	ck_assert_int_eq(r.left, -HOUR);
}
END_TEST

START_TEST(test_sla_breached_then_waiting)
{
	struct sla_clock c = high_clock();
	struct sla_result r;

	/* Overdue by 2h when the wait starts: breached, frozen at -2h. */
	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + 26 * HOUR);
	r = at(&c, T0 + 40 * HOUR);
	ck_assert_int_eq(r.state, SLA_BREACHED);
	ck_assert(r.is_paused);
	ck_assert_int_eq(r.left, -2 * HOUR);
	ck_assert(!sla_is_near(&r));
	sla_clock_set_status(&c, INCIDENT_IN_PROGRESS, T0 + 40 * HOUR);
	r = at(&c, T0 + 40 * HOUR);
	ck_assert_int_eq(r.state, SLA_BREACHED);
	ck_assert_int_eq(r.left, -2 * HOUR);
}
END_TEST

START_TEST(test_sla_severity_change)
{
	struct sla_clock c = high_clock();
	struct sla_result r;

	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + HOUR);
	sla_clock_set_status(&c, INCIDENT_IN_PROGRESS, T0 + 2 * HOUR);
	/* Raised to critical: 4h from opened_at, plus the 1h wait. */
	c.severity = SEVERITY_CRITICAL;
	r = at(&c, T0 + 3 * HOUR);
	ck_assert_int_eq(r.due_at, T0 + 5 * HOUR);
	ck_assert_int_eq(r.left, 2 * HOUR);
	r = at(&c, T0 + 4 * HOUR); /* 1h of 4h left */
	ck_assert(sla_is_near(&r));
	r = at(&c, T0 + 6 * HOUR);
	ck_assert_int_eq(r.state, SLA_BREACHED);
	/* Lowered to low: 7d, no longer breached. */
	c.severity = SEVERITY_LOW;
	r = at(&c, T0 + 6 * HOUR);
	ck_assert_int_eq(r.state, SLA_RUNNING);
	ck_assert_int_eq(r.due_at, T0 + 7 * DAY + HOUR);
}
END_TEST

START_TEST(test_sla_close_and_reopen)
{
	struct sla_clock c = high_clock();
	struct sla_result r;

	/* Resolved from waiting: the wait counts up to the resolution. */
	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + 20 * HOUR);
	sla_clock_set_status(&c, INCIDENT_RESOLVED, T0 + 26 * HOUR);
	c.closed_at = T0 + 26 * HOUR;
	ck_assert_int_eq(c.paused_s, 6 * HOUR);
	r = at(&c, T0 + 40 * DAY);
	ck_assert_int_eq(r.state, SLA_MET);
	ck_assert_int_eq(r.left, 4 * HOUR);
	/* Reopened: the clock runs again from where it was. */
	sla_clock_set_status(&c, INCIDENT_IN_PROGRESS, T0 + 28 * HOUR);
	c.closed_at = 0;
	r = at(&c, T0 + 28 * HOUR);
	ck_assert_int_eq(r.state, SLA_RUNNING);
	ck_assert_int_eq(r.left, 2 * HOUR);
	r = at(&c, T0 + 31 * HOUR);
	ck_assert_int_eq(r.state, SLA_BREACHED);
	/* Resolved late: missed, by how much. */
	sla_clock_set_status(&c, INCIDENT_RESOLVED, T0 + 31 * HOUR);
	c.closed_at = T0 + 31 * HOUR;
	r = at(&c, T0 + 40 * DAY);
	ck_assert_int_eq(r.state, SLA_MISSED);
	ck_assert_int_eq(r.left, -HOUR);
}
END_TEST

START_TEST(test_sla_format)
{
	struct sla_clock c = high_clock();
	struct sla_result r;
	char buf[32];

	r = at(&c, T0 + 20 * HOUR);
	sla_format(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "4h");
	r = at(&c, T0 + 26 * HOUR);
	sla_format(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "-2h");
	sla_clock_set_status(&c, INCIDENT_WAITING, T0 + 21 * HOUR);
	r = at(&c, T0 + 30 * HOUR);
	sla_format(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "3h paused");
	c.status = INCIDENT_CLOSED;
	c.closed_at = T0 + HOUR;
	r = at(&c, T0 + 30 * HOUR);
	sla_format(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "met");
	r.state = SLA_MISSED;
	sla_format(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "missed");
	r.state = SLA_NONE;
	sla_format(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	sla_format(&r, buf, 0); /* no room: nothing written */
}
END_TEST

/* incident_sla reads the stored deadline and bookkeeping. */
START_TEST(test_sla_incident_text)
{
	struct incident inc;
	struct sla_result r;
	char buf[32];

	incident_init(&inc);
	inc.severity = SEVERITY_HIGH;
	inc.status = INCIDENT_WAITING;
	inc.opened_at = T0;
	inc.first_response_at = T0 + MIN;
	inc.sla_paused_s = 2 * HOUR;
	inc.due_at = T0 + DAY + 2 * HOUR;
	inc.waiting_since = T0 + 23 * HOUR;
	incident_sla(&inc, T0 + 50 * HOUR, &r);
	ck_assert_int_eq(r.state, SLA_PAUSED);
	ck_assert_int_eq(r.target, DAY);
	ck_assert_int_eq(r.left, 3 * HOUR);
	ck_assert(sla_is_near(&r));
	incident_sla_text(&inc, T0 + 50 * HOUR, buf, sizeof(buf));
	ck_assert_str_eq(buf, "3h paused");
	inc.due_at = 0;
	incident_sla_text(&inc, T0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	incident_release(&inc);
}
END_TEST

Suite *
sla_suite(void)
{
	Suite *s = suite_create("sla");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sla_defaults);
	tcase_add_test(tc, test_sla_setting_names);
	tcase_add_test(tc, test_sla_phases);
	tcase_add_test(tc, test_sla_boundaries);
	tcase_add_test(tc, test_sla_one_pause);
	tcase_add_test(tc, test_sla_several_pauses);
	tcase_add_test(tc, test_sla_wait_spans_deadline);
	tcase_add_test(tc, test_sla_breached_then_waiting);
	tcase_add_test(tc, test_sla_severity_change);
	tcase_add_test(tc, test_sla_close_and_reopen);
	tcase_add_test(tc, test_sla_format);
	tcase_add_test(tc, test_sla_incident_text);
	suite_add_tcase(s, tc);
	return s;
}
