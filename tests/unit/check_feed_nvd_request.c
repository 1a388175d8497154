/*
 * The NVD source's requests: the whole catalog, then lastMod windows of
 * at most 120 days, startIndex paging inside each, and the cursor that
 * carries a pass on (feed_nvd_ops.request_path and page_cursor).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"

#define DAY ((int64_t)86400)

/* 2026-12-07T04:00:00Z */
static const int64_t now = 1796616000;

/* The query asked with cursor at t (owned). */
static char *
path(const char *cursor, int64_t t, int limit)
{
	struct strbuf sb;
	struct err e;

	strbuf_init(&sb);
	ck_assert_int_eq(
	    feed_nvd_ops.request_path("cves", cursor, t, limit, &sb, &e), 0);
	return strbuf_detach(&sb, NULL);
}

/* The cursor after a page with (has_more, next) asked with cursor at t. */
static char *
after(const char *cursor, int64_t t, bool has_more, const char *next,
      bool *more)
{
	struct feed_batch b;
	struct err e;
	char *out = NULL;

	feed_batch_init(&b);
	b.has_more = has_more;
	b.next_cursor = next ? xstrdup(next) : NULL;
	ck_assert_int_eq(
	    feed_nvd_ops.page_cursor("cves", cursor, t, &b, &out, more, &e), 0);
	feed_batch_release(&b);
	ck_assert_ptr_nonnull(out);
	return out;
}

START_TEST(test_feed_nvd_request_whole_catalog_then_from_its_start)
{
	char *p = path(NULL, now, 0), *c, *c2;
	bool more = false;

	/* no dates, the largest page NVD gives */
	ck_assert_str_eq(p, "?resultsPerPage=2000&startIndex=0");
	free(p);
	c = after(NULL, now, true, "2000", &more);
	ck_assert(more);
	ck_assert_str_eq(c, "all 2026-12-07T04:00:00Z 2000");
	/* later pages keep the time the copy began */
	p = path(c, now + 600, 2000);
	ck_assert_str_eq(p, "?resultsPerPage=2000&startIndex=2000");
	free(p);
	c2 = after(c, now + 600, false, NULL, &more);
	ck_assert(!more);
	ck_assert_str_eq(c2, "from 2026-12-07T04:00:00Z");
	free(c);
	free(c2);
	/* a cursor of another form (an older version's) starts again */
	p = path("4000", now, 10);
	ck_assert_str_eq(p, "?resultsPerPage=10&startIndex=0");
	free(p);
	p = path("from 2026-13-01T00:00:00Z", now, 10);
	ck_assert_str_eq(p, "?resultsPerPage=10&startIndex=0");
	free(p);
}
END_TEST

START_TEST(test_feed_nvd_request_window_to_now_then_overlap)
{
	char *p = path("from 2026-12-01T00:00:00Z", now, 500), *c;
	bool more = true;

	ck_assert_str_eq(p, "?resultsPerPage=500&startIndex=0"
	                    "&lastModStartDate=2026-12-01T00:00:00.000%2B00:00"
	                    "&lastModEndDate=2026-12-07T04:00:00.000%2B00:00");
	free(p);
	/* a page with more: the same window, the next index */
	c = after("from 2026-12-01T00:00:00Z", now, true, "500", &more);
	ck_assert(more);
	ck_assert_str_eq(
	    c, "window 2026-12-01T00:00:00Z 2026-12-07T04:00:00Z 500");
	p = path(c, now + 7, 500);
	ck_assert_str_eq(p, "?resultsPerPage=500&startIndex=500"
	                    "&lastModStartDate=2026-12-01T00:00:00.000%2B00:00"
	                    "&lastModEndDate=2026-12-07T04:00:00.000%2B00:00");
	free(p);
	free(c);
	/* the window that reached now: the next starts 15 min before its end */
	c = after("window 2026-12-01T00:00:00Z 2026-12-07T04:00:00Z 500", now,
	          false, NULL, &more);
	ck_assert(!more);
	ck_assert_str_eq(c, "from 2026-12-07T03:45:00Z");
	free(c);
	/* an empty window (nothing changed) costs that one request */
	c = after("from 2026-12-07T03:45:00Z", now + 7200, false, NULL, &more);
	ck_assert(!more);
	ck_assert_str_eq(c, "from 2026-12-07T05:45:00Z");
	free(c);
	/* a clock set back: an empty window, not a reversed one */
	p = path("from 2026-12-08T00:00:00Z", now, 1);
	ck_assert_ptr_nonnull(
	    strstr(p, "Date=2026-12-08T00:00:00.000%2B00:00&lastModEndDate="
	              "2026-12-08T00:00:00.000%2B00:00"));
	free(p);
}
END_TEST

START_TEST(test_feed_nvd_request_windows_of_120_days)
{
	int64_t start = now - 300 * DAY, t = start;
	char *cursor = xstrdup("from 2026-02-10T04:00:00Z");
	int n = 0;
	bool more = true;

	/* 300 days behind: windows of 120, 120 and 60 days, one pass */
	while (more) {
		char *p = path(cursor, now, 2000), *next;
		char want[TIME_ISO_MAX], iso[200];

		time_format_iso8601(t, want);
		want[19] = '\0';
		snprintf(iso, sizeof(iso), "&lastModStartDate=%s.000%%2B00:00",
		         want);
		ck_assert_ptr_nonnull(strstr(p, iso));
		time_format_iso8601(t + 120 * DAY < now ? t + 120 * DAY : now,
		                    want);
		want[19] = '\0';
		snprintf(iso, sizeof(iso), "&lastModEndDate=%s.000%%2B00:00",
		         want);
		ck_assert_ptr_nonnull(strstr(p, iso));
		free(p);
		next = after(cursor, now, false, NULL, &more);
		free(cursor);
		cursor = next;
		t += 120 * DAY;
		n++;
	}
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(cursor, "from 2026-12-07T03:45:00Z");
	free(cursor);
}
END_TEST

START_TEST(test_feed_nvd_request_refuses_paging_that_stands_still)
{
	struct feed_batch b;
	struct err e;
	char *out = NULL;
	bool more = false;

	feed_batch_init(&b);
	b.has_more = true;
	b.next_cursor = xstrdup("500");
	ck_assert_int_eq(feed_nvd_ops.page_cursor("cves",
	                                          "window 2026-12-01T00:00:00Z "
	                                          "2026-12-07T04:00:00Z 500",
	                                          now, &b, &out, &more, &e),
	                 ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, "startIndex 500"));
	ck_assert_ptr_null(out);
	feed_batch_release(&b);
	ck_assert_int_eq(
	    feed_nvd_ops.page_cursor("kev", NULL, now, &b, &out, &more, &e),
	    ERR_INVALID);
	/* the driver's public rate and its key's header */
	ck_assert_int_eq(feed_nvd_ops.rate_limit, 5);
	ck_assert_int_eq(feed_nvd_ops.rate_limit_token, 50);
	ck_assert_int_eq(feed_nvd_ops.rate_window, 30);
	ck_assert_str_eq(feed_nvd_ops.token_header, "apiKey");
}
END_TEST

Suite *
feed_nvd_request_suite(void)
{
	Suite *s = suite_create("feed_nvd_request");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc,
	               test_feed_nvd_request_whole_catalog_then_from_its_start);
	tcase_add_test(tc, test_feed_nvd_request_window_to_now_then_overlap);
	tcase_add_test(tc, test_feed_nvd_request_windows_of_120_days);
	tcase_add_test(tc,
	               test_feed_nvd_request_refuses_paging_that_stands_still);
	suite_add_tcase(s, tc);
	return s;
}
