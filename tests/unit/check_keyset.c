/*
 * The store's key set (store/keyset.h): the first position of each key,
 * emptied by a reset, and kept in a temporary file rather than in memory
 * (a million keys of an import held 32 MiB in memory).
 */
#include <check.h>
#include <stdlib.h>

#include "centinela/base/err.h"
#include "centinela/store/keyset.h"
#include "centinela/store/store.h"
#include "testutil.h"

START_TEST(test_keyset_first_positions)
{
	struct store *s = NULL;
	int64_t first = -1;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_msg(store_keyset_reset(s, &e) == 0, "%s", e.msg);
	/* 1 is FILE: the set's pages are not all in memory */
	ck_assert_str_eq(test_store_pragma(s, "temp_store"), "1");
	ck_assert_int_eq(store_keyset_add(s,
	                                  "id\x1f"
	                                  "a-1",
	                                  3, &first, &e),
	                 0);
	ck_assert_int_eq(store_keyset_add(s,
	                                  "id\x1f"
	                                  "a-2",
	                                  4, &first, &e),
	                 0);
	ck_assert_int_eq(store_keyset_add(s,
	                                  "id\x1f"
	                                  "a-1",
	                                  9, &first, &e),
	                 1);
	ck_assert_int_eq(first, 3);
	ck_assert_int_eq(store_keyset_find(s,
	                                   "id\x1f"
	                                   "a-2",
	                                   &first, &e),
	                 1);
	ck_assert_int_eq(first, 4);
	ck_assert_int_eq(store_keyset_find(s,
	                                   "id\x1f"
	                                   "a-3",
	                                   NULL, &e),
	                 0);
	/* inside a transaction, and emptied by a reset */
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_int_eq(store_keyset_reset(s, &e), 0);
	ck_assert_int_eq(store_keyset_find(s,
	                                   "id\x1f"
	                                   "a-1",
	                                   NULL, &e),
	                 0);
	ck_assert_int_eq(store_keyset_add(s,
	                                  "id\x1f"
	                                  "a-1",
	                                  5, NULL, &e),
	                 0);
	ck_assert_int_eq(store_commit(s, &e), 0);
	store_keyset_release(s);
	ck_assert_str_eq(test_store_pragma(s, "temp_store"), "2");
	store_close(s);
}
END_TEST

Suite *
keyset_suite(void)
{
	Suite *s = suite_create("keyset");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_keyset_first_positions);
	suite_add_tcase(s, tc);
	return s;
}
