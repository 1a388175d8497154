/* The outbox: keys, FIFO listing, counts, state changes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "testutil.h"

static void
free_rows(struct outbox_entry *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outbox_entry_release(&rows[i]);
	free(rows);
}

START_TEST(test_outbox_add_makes_unique_keys)
{
	struct store *s = NULL;
	char k1[UUID_STR_LEN + 1], k2[UUID_STR_LEN + 1];
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_outbox_add(s, "central", "incident", 7, "update",
	                                  "{\"status\":\"triage\"}", 3, k1, &e),
	                 0);
	ck_assert_int_eq(store_outbox_add(s, "central", "incident", 7,
	                                  "add_note", "{}", 3, k2, &e),
	                 0);
	ck_assert_uint_eq(strlen(k1), UUID_STR_LEN);
	ck_assert_int_eq(k1[14], '4');
	ck_assert_str_ne(k1, k2);
	ck_assert_int_eq(store_outbox_add(s, "central", "incident", 7, "update",
	                                  "{}", 0, NULL, &e),
	                 0);
	ck_assert_int_eq(store_outbox_add(s, "central", "planet", 7, "update",
	                                  "{}", 0, NULL, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "'planet'"));
	store_close(s);
}
END_TEST

START_TEST(test_outbox_list_fifo_and_states)
{
	struct store *s = NULL;
	struct outbox_entry *rows;
	char key[UUID_STR_LEN + 1];
	int64_t n64;
	size_t n;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_outbox_add(s, "central", "incident", 1, "update",
	                                  "{\"a\":1}", 5, key, &e),
	                 0);
	for (int i = 2; i <= 4; i++)
		ck_assert_int_eq(store_outbox_add(s, "central", "alert", i,
		                                  "update", "{}", 0, NULL, &e),
		                 0);
	ck_assert_int_eq(store_outbox_list(s, NULL, 0, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_lt(rows[0].id, rows[1].id);
	ck_assert_str_eq(rows[0].key, key);
	ck_assert_str_eq(rows[0].source, "central");
	ck_assert_str_eq(rows[0].entity, "incident");
	ck_assert_int_eq(rows[0].entity_id, 1);
	ck_assert_str_eq(rows[0].operation, "update");
	ck_assert_str_eq(rows[0].payload, "{\"a\":1}");
	ck_assert_int_eq(rows[0].base_version, 5);
	ck_assert_str_eq(rows[0].state, "pending");
	ck_assert_int_eq(rows[0].attempts, 0);
	ck_assert_ptr_null(rows[0].last_error);
	ck_assert_int_gt(rows[0].created_at, 0);
	int64_t first = rows[0].id, second = rows[1].id, third = rows[2].id;
	free_rows(rows, n);

	ck_assert_int_eq(store_outbox_list(s, NULL, 2, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 2);
	free_rows(rows, n);

	ck_assert_int_eq(store_outbox_set_state(s, first, "done", NULL, 0, &e),
	                 0);
	ck_assert_int_eq(store_outbox_set_state(s, second, "conflict",
	                                        "412 version mismatch", 0, &e),
	                 0);
	ck_assert_int_eq(store_outbox_set_state(s, third, "pending",
	                                        "503 unavailable", 1234, &e),
	                 0);
	ck_assert_int_eq(store_outbox_count(s, NULL, &n64, &e), 0);
	ck_assert_int_eq(n64, 3);
	ck_assert_int_eq(store_outbox_count(s, "done", &n64, &e), 0);
	ck_assert_int_eq(n64, 1);
	ck_assert_int_eq(store_outbox_count(s, "pending", &n64, &e), 0);
	ck_assert_int_eq(n64, 2);
	ck_assert_int_eq(store_outbox_list(s, "conflict", 0, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].id, second);
	ck_assert_str_eq(rows[0].last_error, "412 version mismatch");
	ck_assert_int_eq(rows[0].attempts, 1);
	free_rows(rows, n);
	ck_assert_int_eq(store_outbox_list(s, "pending", 0, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(rows[0].id, third);
	ck_assert_int_eq(rows[0].next_attempt_at, 1234);
	free_rows(rows, n);
	ck_assert_int_eq(store_outbox_list(s, NULL, 0, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(rows[0].id, second);
	free_rows(rows, n);
	store_close(s);
}
END_TEST

START_TEST(test_outbox_set_state_errors)
{
	struct store *s = NULL;
	struct outbox_entry *rows;
	int64_t n64;
	size_t n;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_outbox_set_state(s, 99, "done", NULL, 0, &e),
	                 ERR_NOTFOUND);
	ck_assert_int_eq(
	    store_outbox_add(s, "central", "note", 1, "add", "{}", 0, NULL, &e),
	    0);
	ck_assert_int_eq(store_outbox_set_state(s, 1, "lost", NULL, 0, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(store_outbox_count(s, "lost", &n64, &e), ERR_INVALID);
	ck_assert_int_eq(store_outbox_list(s, "lost", 0, &rows, &n, &e),
	                 ERR_INVALID);
	ck_assert_ptr_null(rows);
	ck_assert_uint_eq(n, 0);
	store_close(s);
}
END_TEST

Suite *
outbox_suite(void)
{
	Suite *s = suite_create("outbox");
	TCase *tc = tcase_create("outbox");

	tcase_add_test(tc, test_outbox_add_makes_unique_keys);
	tcase_add_test(tc, test_outbox_list_fifo_and_states);
	tcase_add_test(tc, test_outbox_set_state_errors);
	suite_add_tcase(s, tc);
	return s;
}
