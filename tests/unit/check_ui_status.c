/* The sync part of the status bar, from a state filled here. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "centinela/sync/engine.h"
#include "centinela/ui/status.h"

#define NOW 1780000000

static void
source(struct sync_status *st, const char *name, enum sync_state_kind k,
       const char *reason, int64_t ago)
{
	memset(st, 0, sizeof(*st));
	snprintf(st->source, sizeof(st->source), "%s", name);
	st->state = k;
	snprintf(st->reason, sizeof(st->reason), "%s", reason);
	st->last_success = ago < 0 ? 0 : NOW - ago;
}

/* The element of the span holding text, or NULL. */
static const char *
element_of(const struct ui_status_line *l, const char *text)
{
	const char *p = strstr(l->text.buf, text);

	for (size_t i = 0; p && i < l->n; i++)
		if ((size_t)(p - l->text.buf) >= l->spans[i].off &&
		    (size_t)(p - l->text.buf) <
		        l->spans[i].off + l->spans[i].len)
			return l->spans[i].element;
	return NULL;
}

START_TEST(test_ui_status_sources_ages_and_counts)
{
	struct sync_status st[2];
	struct ui_sync_view v = {st, 2, 3, 1, false, 0};
	struct ui_status_line l;

	source(&st[0], "central", SYNC_ONLINE, "", 12);
	source(&st[1], "kev", SYNC_OFFLINE,
	       "refused (connect to 127.0.0.1 failed)", 190);
	ui_status_line_init(&l);
	ui_status_format(&v, NOW, 200, "|", &l);
	ck_assert_str_eq(l.text.buf,
	                 " central: online 10s, kev: offline (refused "
	                 "(connect to 127.0.0.1 failed)) 3m | outbox 3 | "
	                 "conflicts 1");
	ck_assert_str_eq(element_of(&l, "online"), "status.ok");
	ck_assert_str_eq(element_of(&l, "offline"), "status.error");
	ck_assert_str_eq(element_of(&l, "outbox 3"), "status.warn");
	ck_assert_str_eq(element_of(&l, "conflicts 1"), "status.error");
	/* narrower: the short reason, then no ages, then counts */
	ui_status_format(&v, NOW, 75, "|", &l);
	ck_assert_str_eq(l.text.buf, " central: online 10s, kev: offline "
	                             "(refused) 3m | outbox 3 | conflicts 1");
	ui_status_format(&v, NOW, 66, "|", &l);
	ck_assert_str_eq(l.text.buf, " central: online, kev: offline "
	                             "(refused) | outbox 3 | conflicts 1");
	ui_status_format(&v, NOW, 40, "|", &l);
	ck_assert_str_eq(l.text.buf, " 1/2 online | outbox 3 | conflicts 1");
	ck_assert_str_eq(element_of(&l, "1/2 online"), "status.error");
	ui_status_line_release(&l);
}
END_TEST

START_TEST(test_ui_status_never_idle_readonly_and_sanitized)
{
	struct sync_status st[1];
	struct ui_sync_view v = {st, 1, 0, 0, false, 0};
	struct ui_status_line l;
	char age[16];

	ui_status_line_init(&l);
	source(&st[0], "central", SYNC_OFFLINE, "dns", -1);
	ui_status_format(&v, NOW, 200, "|", &l);
	ck_assert_str_eq(l.text.buf, " central: offline (dns) never | "
	                             "outbox 0 | conflicts 0");
	ck_assert_str_eq(element_of(&l, "conflicts 0"), "status");
	source(&st[0], "central", SYNC_IDLE, "", -1);
	ui_status_format(&v, NOW, 200, "|", &l);
	ck_assert_str_eq(l.text.buf,
	                 " central: starting | outbox 0 | conflicts 0");
	/* a reason from a server cannot move the cursor */
	source(&st[0], "central", SYNC_OFFLINE, "HTTP 500 \x1b[2Jboom", 5);
	ui_status_format(&v, NOW, 200, "|", &l);
	ck_assert_ptr_null(strchr(l.text.buf, '\x1b'));
	v.is_readonly = true;
	ui_status_format(&v, NOW, 20, "|", &l);
	ck_assert_str_eq(l.text.buf,
	                 " read-only: not syncing | outbox 0 | conflicts 0");
	ui_status_line_release(&l);
	ck_assert_str_eq(ui_status_age(0, age, sizeof(age)), "now");
	ck_assert_str_eq(ui_status_age(9, age, sizeof(age)), "now");
	ck_assert_str_eq(ui_status_age(59, age, sizeof(age)), "50s");
	ck_assert_str_eq(ui_status_age(61, age, sizeof(age)), "1m");
	ck_assert_str_eq(ui_status_age(7200, age, sizeof(age)), "2h");
}
END_TEST

START_TEST(test_ui_status_failed_entries_and_a_hold)
{
	struct sync_status st[1];
	struct ui_sync_view v = {st, 1, 3, 0, false, 1};
	struct ui_status_line l;

	/* the time is told on the local clock */
	setenv("TZ", "UTC", 1);
	tzset();
	ui_status_line_init(&l);
	source(&st[0], "central", SYNC_OFFLINE,
	       "HTTP 429 rate_limited: slow down", 30);
	st[0].held_until = NOW + 3600;
	ui_status_format(&v, NOW, 200, "|", &l);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "outbox 3, 1 failed |"));
	ck_assert_str_eq(element_of(&l, "1 failed"), "status.error");
	ck_assert_ptr_nonnull(strstr(l.text.buf, " until "));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "(in 1h)"));
	/* narrower: the status and the time stay, the reason shrinks */
	ui_status_format(&v, NOW, 75, "|", &l);
	ck_assert_str_eq(l.text.buf,
	                 " central: offline (HTTP 429) until "
	                 "21:26 | outbox 3, 1 failed | conflicts 0");
	ck_assert_str_eq(element_of(&l, "until"), "status.error");
	ui_status_format(&v, NOW, 64, "|", &l);
	ck_assert_str_eq(l.text.buf, " central: offline until 21:26 | outbox "
	                             "3, 1 failed | conflicts 0");
	/* over: no hold told */
	st[0].held_until = NOW - 1;
	ui_status_format(&v, NOW, 200, "|", &l);
	ck_assert_ptr_null(strstr(l.text.buf, "until"));
	ui_status_line_release(&l);
}
END_TEST

Suite *
ui_status_suite(void)
{
	Suite *s = suite_create("ui_status");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ui_status_sources_ages_and_counts);
	tcase_add_test(tc, test_ui_status_never_idle_readonly_and_sanitized);
	tcase_add_test(tc, test_ui_status_failed_entries_and_a_hold);
	suite_add_tcase(s, tc);
	return s;
}
