/* Sync state: never synced, put and get, replace, NULL times. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/store.h"
#include "centinela/store/sync_state.h"
#include "testutil.h"

START_TEST(test_sync_state_never_synced)
{
	struct store *s = NULL;
	struct sync_state st;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_sync_state_get(s, "central", "alerts", &st, &e),
	                 ERR_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "'central'"));
	ck_assert_ptr_null(st.cursor);
	ck_assert_int_eq(st.last_success_at, 0);
	sync_state_release(&st);
	store_close(s);
}
END_TEST

START_TEST(test_sync_state_put_get_replace)
{
	struct store *s = NULL;
	struct sync_state st, got;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	sync_state_init(&st);
	st.source = xstrdup("central");
	st.resource = xstrdup("alerts");
	st.cursor = xstrdup("2026-01-01T00:00:00Z");
	st.etag = xstrdup("\"abc\"");
	st.last_success_at = 1700000000;
	st.last_attempt_at = 1700000005;
	ck_assert_int_eq(store_sync_state_put(s, &st, &e), 0);
	ck_assert_int_eq(store_sync_state_get(s, "central", "alerts", &got, &e),
	                 0);
	ck_assert_str_eq(got.source, "central");
	ck_assert_str_eq(got.resource, "alerts");
	ck_assert_str_eq(got.cursor, "2026-01-01T00:00:00Z");
	ck_assert_str_eq(got.etag, "\"abc\"");
	ck_assert_ptr_null(got.last_modified);
	ck_assert_ptr_null(got.last_error);
	ck_assert_int_eq(got.last_success_at, 1700000000);
	ck_assert_int_eq(got.last_attempt_at, 1700000005);
	sync_state_release(&got);

	/* The whole row is replaced: cleared fields become NULL. */
	free(st.etag);
	st.etag = NULL;
	st.last_error = xstrdup("timeout");
	st.last_success_at = 0;
	ck_assert_int_eq(store_sync_state_put(s, &st, &e), 0);
	ck_assert_int_eq(store_sync_state_get(s, "central", "alerts", &got, &e),
	                 0);
	ck_assert_ptr_null(got.etag);
	ck_assert_str_eq(got.last_error, "timeout");
	ck_assert_int_eq(got.last_success_at, 0);
	sync_state_release(&got);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM sync_state"),
	                 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM sync_state "
	                                   "WHERE last_success_at IS NULL"),
	                 1);
	sync_state_release(&st);
	store_close(s);
}
END_TEST

START_TEST(test_sync_state_needs_key)
{
	struct store *s = NULL;
	struct sync_state st;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	sync_state_init(&st);
	st.source = xstrdup("central");
	ck_assert_int_eq(store_sync_state_put(s, &st, &e), ERR_INVALID);
	sync_state_release(&st);
	store_close(s);
}
END_TEST

/* 5 requests in any 30 s, 6 s apart, shared through the store. */
START_TEST(test_sync_state_request_rate_window)
{
	struct store *s = NULL;
	struct err e;
	int64_t t = 1000000, due = -1;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	/* the first goes at once; the second waits for the spacing */
	ck_assert_int_eq(
	    store_source_request_reserve(s, "nvd", t, 5, 30000, 6000, &due, &e),
	    0);
	ck_assert_int_eq(due, 0);
	ck_assert_int_eq(store_source_request_reserve(s, "nvd", t + 10, 5,
	                                              30000, 6000, &due, &e),
	                 0);
	ck_assert_int_eq(due, t + 6000);
	/* another source has its own count */
	ck_assert_int_eq(store_source_request_reserve(s, "nvd2", t + 10, 5,
	                                              30000, 6000, &due, &e),
	                 0);
	ck_assert_int_eq(due, 0);
	/* no spacing: five go, the sixth waits for the first to leave */
	for (int i = 1; i < 5; i++) {
		ck_assert_int_eq(store_source_request_reserve(
		                     s, "nvd", t + i, 5, 30000, 0, &due, &e),
		                 0);
		ck_assert_int_eq(due, 0);
	}
	ck_assert_int_eq(store_source_request_reserve(s, "nvd", t + 100, 5,
	                                              30000, 0, &due, &e),
	                 0);
	ck_assert_int_eq(due, t + 30000);
	ck_assert_int_eq(store_source_request_reserve(s, "nvd", t + 30000, 5,
	                                              30000, 0, &due, &e),
	                 0);
	ck_assert_int_eq(due, 0);
	/* what was refused was not counted; the window slid by one */
	ck_assert_int_eq(store_source_request_reserve(s, "nvd", t + 30000, 5,
	                                              30000, 0, &due, &e),
	                 0);
	ck_assert_int_eq(due, t + 30001);
	/* a clock set back an hour waits a window at most */
	ck_assert_int_eq(store_source_request_reserve(s, "nvd3", t + 3600000, 5,
	                                              30000, 6000, &due, &e),
	                 0);
	ck_assert_int_eq(store_source_request_reserve(s, "nvd3", t, 5, 30000,
	                                              6000, &due, &e),
	                 0);
	ck_assert_int_eq(due, t + 30000);
	ck_assert_int_eq(
	    store_source_request_reserve(s, "", t, 5, 30000, 0, &due, &e),
	    ERR_INVALID);
	store_close(s);
}
END_TEST

Suite *
sync_state_suite(void)
{
	Suite *s = suite_create("sync_state");
	TCase *tc = tcase_create("sync_state");

	tcase_add_test(tc, test_sync_state_never_synced);
	tcase_add_test(tc, test_sync_state_put_get_replace);
	tcase_add_test(tc, test_sync_state_needs_key);
	tcase_add_test(tc, test_sync_state_request_rate_window);
	suite_add_tcase(s, tc);
	return s;
}
