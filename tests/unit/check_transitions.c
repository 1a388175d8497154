/* The incident workflow table (model/transition.h), every pair. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/model/transition.h"

/* The expected table, row = from, column = to, in enum order. */
static const char *const expected[INCIDENT_STATUS_COUNT] = {
    /*            n t i w c r x */
    [INCIDENT_NEW] = "0110001",         [INCIDENT_TRIAGE] = "0011001",
    [INCIDENT_IN_PROGRESS] = "0001110", [INCIDENT_WAITING] = "0010110",
    [INCIDENT_CONTAINED] = "0010010",   [INCIDENT_RESOLVED] = "0010001",
    [INCIDENT_CLOSED] = "0000000",
};

START_TEST(test_transitions_every_pair)
{
	for (int from = 0; from < INCIDENT_STATUS_COUNT; from++)
		for (int to = 0; to < INCIDENT_STATUS_COUNT; to++) {
			bool want = expected[from][to] == '1';
			bool got =
			    incident_status_can_move((enum incident_status)from,
			                             (enum incident_status)to);

			ck_assert_msg(got == want, "%s -> %s: got %d",
			              incident_status_name(from),
			              incident_status_name(to), got);
		}
	ck_assert(!incident_status_can_move((enum incident_status) - 1,
	                                    INCIDENT_NEW));
	ck_assert(
	    !incident_status_can_move(INCIDENT_NEW, INCIDENT_STATUS_COUNT));
}
END_TEST

START_TEST(test_transitions_messages)
{
	char buf[200];

	incident_status_targets(INCIDENT_NEW, buf, sizeof(buf));
	ck_assert_str_eq(buf, "triage, in_progress, closed");
	incident_status_targets(INCIDENT_CLOSED, buf, sizeof(buf));
	ck_assert_str_eq(buf, "none");
	incident_status_refusal(INCIDENT_CLOSED, INCIDENT_TRIAGE, buf,
	                        sizeof(buf));
	ck_assert_str_eq(buf, "closed is final");
	incident_status_refusal(INCIDENT_NEW, INCIDENT_RESOLVED, buf,
	                        sizeof(buf));
	ck_assert_str_eq(buf, "allowed: triage, in_progress, closed");
	incident_status_refusal(INCIDENT_WAITING, INCIDENT_WAITING, buf,
	                        sizeof(buf));
	ck_assert_str_eq(buf, "already 'waiting'");
	incident_status_targets(INCIDENT_NEW, buf, 8); /* truncated safely */
	ck_assert(strlen(buf) < 8);
}
END_TEST

START_TEST(test_transitions_rsit_category)
{
	struct err e;
	char *c, *t;

	err_clear(&e);
	ck_assert_int_eq(rsit_category_parse("Intrusions", &c, &t, &e), 0);
	ck_assert_str_eq(c, "intrusions");
	ck_assert_ptr_null(t);
	free(c);
	ck_assert_int_eq(
	    rsit_category_parse("information-gathering/scanner", &c, &t, &e),
	    0);
	ck_assert_str_eq(c, "information-gathering");
	ck_assert_str_eq(t, "scanner");
	free(c);
	free(t);
	ck_assert_int_eq(rsit_category_parse("intrusoins", &c, &t, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown RSIT class 'intrusoins'"));
	ck_assert_ptr_null(c);
	ck_assert_int_eq(rsit_category_parse("fraud/spam", &c, &t, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "of class 'fraud' (known: "));
	ck_assert_int_eq(rsit_category_parse("", &c, &t, &e), ERR_INVALID);
	ck_assert_int_eq(rsit_category_parse("/x", &c, &t, &e), ERR_INVALID);
}
END_TEST

Suite *
transitions_suite(void)
{
	Suite *s = suite_create("transitions");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_transitions_every_pair);
	tcase_add_test(tc, test_transitions_messages);
	tcase_add_test(tc, test_transitions_rsit_category);
	suite_add_tcase(s, tc);
	return s;
}
