/* Fitting columns into a width (base/colfit.h). */
#include <check.h>

#include "centinela/base/colfit.h"

START_TEST(test_colfit_flexible_first)
{
	struct colfit_col c[] = {
	    {10, 4, false}, {20, 8, true}, {12, 6, true}, {30, 10, false}};

	/* 72 + 3 gaps = 75: 10 to give, from the widest flexible first */
	ck_assert_uint_eq(colfit_shrink(c, 4, 1, 65), 65);
	ck_assert_uint_eq(c[0].width, 10);
	ck_assert_uint_eq(c[1].width, 11);
	ck_assert_uint_eq(c[2].width, 11);
	ck_assert_uint_eq(c[3].width, 30);
}
END_TEST

START_TEST(test_colfit_then_others)
{
	struct colfit_col c[] = {
	    {10, 4, false}, {20, 8, true}, {30, 10, false}};

	/* flexible down to 8, then the widest other column */
	ck_assert_uint_eq(colfit_shrink(c, 3, 2, 40), 40);
	ck_assert_uint_eq(c[1].width, 8);
	ck_assert_uint_eq(c[2].width, 18);
	ck_assert_uint_eq(c[0].width, 10);
	/* the minimums do not fit: the total stays above */
	ck_assert_uint_eq(colfit_shrink(c, 3, 2, 10), 26);
	ck_assert_uint_eq(c[0].width, 4);
	ck_assert_uint_eq(c[2].width, 10);
	/* 0: no limit */
	c[0].width = 50;
	ck_assert_uint_eq(colfit_shrink(c, 3, 2, 0), 72);
}
END_TEST

Suite *
colfit_suite(void)
{
	Suite *s = suite_create("colfit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_colfit_flexible_first);
	tcase_add_test(tc, test_colfit_then_others);
	suite_add_tcase(s, tc);
	return s;
}
