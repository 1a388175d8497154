/* Sectors: add, rename, validation, listing, the unknown-sector message. */
#include <check.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/store/sector.h"
#include "centinela/store/store.h"
#include "testutil.h"

static struct store *
open_mem(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	return s;
}

START_TEST(test_sector_seeded)
{
	struct store *s = open_mem();

	ck_assert(store_sector_exists(s, "energy"));
	ck_assert(store_sector_exists(s, "emergency-services"));
	ck_assert(!store_sector_exists(s, "enrgy"));
	ck_assert(!store_sector_exists(s, NULL));
	store_close(s);
}
END_TEST

START_TEST(test_sector_add_and_rename)
{
	struct store *s = open_mem();
	bool changed = false;
	struct err e;

	ck_assert_int_eq(store_sector_add(s, "mining", "Mining", &changed, &e),
	                 0);
	ck_assert(changed);
	ck_assert(store_sector_exists(s, "mining"));
	ck_assert_int_eq(store_sector_add(s, "mining", "Mining", &changed, &e),
	                 0);
	ck_assert(!changed);
	ck_assert_int_eq(
	    store_sector_add(s, "mining", "Mining and metals", &changed, &e),
	    0);
	ck_assert(changed);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM sector "
	                                   "WHERE name = 'Mining and metals'"),
	                 1);
	ck_assert_int_eq(store_sector_add(s, "energy", "Energy", &changed, &e),
	                 0);
	ck_assert(!changed);
	store_close(s);
}
END_TEST

START_TEST(test_sector_rejects_bad_codes)
{
	struct store *s = open_mem();
	const char *bad[] = {"",    "Energy", "1abc", "-x", "a b",
	                     "a_b", "é",      "a;",   NULL};
	char longcode[42];
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(store_sector_add(s, bad[i], "X", NULL, &e),
		                 ERR_INVALID);
	memset(longcode, 'a', 41);
	longcode[41] = '\0';
	ck_assert_int_eq(store_sector_add(s, longcode, "X", NULL, &e),
	                 ERR_INVALID);
	longcode[40] = '\0';
	ck_assert_int_eq(store_sector_add(s, longcode, "X", NULL, &e), 0);
	ck_assert_int_eq(store_sector_add(s, "ok-1", "", NULL, &e),
	                 ERR_INVALID);
	store_close(s);
}
END_TEST

START_TEST(test_sector_list_ordered)
{
	struct store *s = open_mem();
	struct strvec codes, names;
	struct err e;

	strvec_init(&codes);
	strvec_init(&names);
	ck_assert_int_eq(store_sector_add(s, "aaa", "First", NULL, &e), 0);
	ck_assert_int_eq(store_sector_list(s, &codes, &names, &e), 0);
	ck_assert_uint_eq(codes.n, 13);
	ck_assert_uint_eq(names.n, 13);
	ck_assert_str_eq(codes.v[0], "aaa");
	ck_assert_str_eq(names.v[0], "First");
	for (size_t i = 1; i < codes.n; i++)
		ck_assert_int_lt(strcmp(codes.v[i - 1], codes.v[i]), 0);
	strvec_release(&codes);
	strvec_release(&names);
	store_close(s);
}
END_TEST

START_TEST(test_sector_check_names_known)
{
	struct store *s = open_mem();
	struct err e;

	ck_assert_int_eq(store_sector_check(s, "water", &e), 0);
	ck_assert_int_eq(store_sector_check(s, "enrgy", &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown sector 'enrgy'"));
	ck_assert_ptr_nonnull(strstr(e.msg, "energy"));
	store_close(s);
}
END_TEST

Suite *
sector_suite(void)
{
	Suite *s = suite_create("sector");
	TCase *tc = tcase_create("sector");

	tcase_add_test(tc, test_sector_seeded);
	tcase_add_test(tc, test_sector_add_and_rename);
	tcase_add_test(tc, test_sector_rejects_bad_codes);
	tcase_add_test(tc, test_sector_list_ordered);
	tcase_add_test(tc, test_sector_check_names_known);
	suite_add_tcase(s, tc);
	return s;
}
