/*
 * The EPSS adapter: the real daily file (an excerpt), the same gzipped,
 * truncated and over the cap, bad lines, the header, and the API's JSON
 * with its paging.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/hash.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/feed/feed.h"
#include "testutil.h"

/* The fixture as checksummed in fixtures/real/SHA256SUMS. */
#define EPSS_FIXTURE "epss/epss_scores-excerpt.csv"
#define EPSS_SHA256                                                            \
	"c82a4812af9d6b6198de5058e45fce8666f76a45e5e521841c0f82bfc70f43ea"
#define EPSS_COUNT 49 /* lines of scores in the excerpt */

/* The fixture's bytes (owned), or NULL (a skip) when absent. */
static char *
fixture(size_t *len)
{
	const char *dir = test_fixtures();
	struct strbuf path;
	char *buf = NULL;
	char hex[SHA256_HEX_LEN + 1];

	if (!dir) {
		test_skip("no $CENTINELA_FIXTURES folder (the EPSS fixture)");
		return NULL;
	}
	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s", dir, EPSS_FIXTURE);
	ck_assert_msg(fs_read_file(path.buf, 1 << 20, &buf, len, NULL) == 0,
	              "cannot read %s", path.buf);
	sha256_hex(buf, *len, hex);
	ck_assert_msg(strcmp(hex, EPSS_SHA256) == 0,
	              "%s is not the checksummed fixture", path.buf);
	strbuf_release(&path);
	return buf;
}

/* bytes[0..len) gzipped (owned, *out_len its length). */
static char *
gzip_bytes(const char *bytes, size_t len, size_t *out_len)
{
	z_stream z;
	size_t room = len + 1024;
	char *out = malloc(room);

	memset(&z, 0, sizeof(z));
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
	                              Z_DEFAULT_STRATEGY),
	                 Z_OK);
	z.next_in = (Bytef *)(uintptr_t)bytes;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)room;
	ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = room - z.avail_out;
	deflateEnd(&z);
	return out;
}

static int
parse_len(const char *bytes, size_t len, struct feed_batch *b, struct err *e)
{
	feed_batch_init(b);
	err_clear(e);
	b->source = "epss";
	return feed_epss_ops.parse(bytes, len, "epss", b, e);
}

static int
parse(const char *text, struct feed_batch *b, struct err *e)
{
	return parse_len(text, strlen(text), b, e);
}

/* The excerpt's scores, as FIRST's file gives them. */
static void
expect_excerpt(const struct feed_batch *b)
{
	int64_t day;

	ck_assert_uint_eq(b->n_epss, EPSS_COUNT);
	ck_assert_uint_eq(b->n_items, EPSS_COUNT);
	ck_assert_uint_eq(b->n_errors, 0);
	ck_assert(b->is_lines);
	ck_assert_str_eq(b->document_version, "v2026.06.15");
	ck_assert_int_eq(time_parse_iso8601("2026-09-29T12:00:22Z", &day), 0);
	ck_assert_str_eq(b->epss[0].cve_id, "CVE-1999-0001");
	ck_assert_double_eq_tol(b->epss[0].score, 0.03351, 1e-9);
	ck_assert_double_eq_tol(b->epss[0].percentile, 0.88255, 1e-9);
	ck_assert_int_eq(b->epss[0].scored_at, day);
	ck_assert_str_eq(b->epss[0].model_version, "v2026.06.15");
	/* line 1 is the comment, line 2 the header: the first score is on 3 */
	ck_assert_uint_eq(b->epss_items[0], 2);
	for (size_t i = 0; i < b->n_epss; i++) {
		ck_assert(b->epss[i].score >= 0 && b->epss[i].score <= 1);
		ck_assert(b->epss[i].percentile >= 0 &&
		          b->epss[i].percentile <= 1);
		ck_assert_int_eq(b->epss[i].scored_at, day);
	}
}

START_TEST(test_feed_epss_daily_file)
{
	struct feed_batch b;
	struct err e;
	size_t len;
	char *csv = fixture(&len);

	if (!csv)
		return;
	ck_assert_int_eq(parse_len(csv, len, &b, &e), 0);
	expect_excerpt(&b);
	feed_batch_release(&b);
	free(csv);
}
END_TEST

/* The file as FIRST serves it, gzip-compressed: the same scores. */
START_TEST(test_feed_epss_gzip_file)
{
	struct feed_batch b;
	struct err e;
	size_t len, gz_len;
	char *csv = fixture(&len), *gz;

	if (!csv)
		return;
	gz = gzip_bytes(csv, len, &gz_len);
	ck_assert_int_eq(parse_len(gz, gz_len, &b, &e), 0);
	expect_excerpt(&b);
	feed_batch_release(&b);

	/* cut short: the whole file is refused, nothing is half read */
	ck_assert_int_eq(parse_len(gz, gz_len - 12, &b, &e), ERR_PARSE);
	ck_assert_msg(strstr(e.msg, "truncated"), "%s", e.msg);
	ck_assert_uint_eq(b.n_epss, 0);
	feed_batch_release(&b);

	/* a broken byte in the middle */
	gz[gz_len / 2] ^= 0x55;
	ck_assert_int_eq(parse_len(gz, gz_len, &b, &e), ERR_PARSE);
	ck_assert_msg(strstr(e.msg, "gzip"), "%s", e.msg);
	feed_batch_release(&b);
	gz[gz_len / 2] ^= 0x55;

	/* inflating past the cap stops there */
	feed_batch_init(&b);
	b.max_bytes = len / 2;
	err_clear(&e);
	ck_assert_int_eq(feed_epss_ops.parse(gz, gz_len, "epss", &b, &e),
	                 ERR_LIMIT);
	ck_assert_uint_eq(b.n_epss, 0);
	feed_batch_release(&b);
	free(gz);
	free(csv);
}
END_TEST

/* Bad lines are reported with their line number; the good ones kept. */
START_TEST(test_feed_epss_bad_lines)
{
	static const char text[] =
	    "#model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000\r\n"
	    "cve,epss,percentile\r\n"
	    "CVE-2021-44228,0.94358,0.99963\r\n"
	    "CVE-21-1,0.1,0.2\r\n"
	    "CVE-2020-1472,1.5,0.9\r\n"
	    "CVE-2020-1473,x,0.9\r\n"
	    "CVE-2020-1474,nan,0.9\r\n"
	    "CVE-2020-1475,0.1,-0.1\r\n"
	    "CVE-2020-1476,0.1\r\n"
	    "CVE-2020-1477,0.1,0.2,extra\r\n"
	    "\r\n"
	    "CVE-2023-4966,0.9,1\r\n";
	static const char *const want[] = {
	    "line 4: field 'cve': invalid value 'CVE-21-1'",
	    "line 5 (\"cve\": \"CVE-2020-1472\"): field 'epss': invalid "
	    "value '1.5' (expected a number from 0 to 1)",
	    "line 6 (\"cve\": \"CVE-2020-1473\"): field 'epss'",
	    "line 7 (\"cve\": \"CVE-2020-1474\"): field 'epss'",
	    "line 8 (\"cve\": \"CVE-2020-1475\"): field 'percentile': "
	    "invalid value '-0.1'",
	    "line 9: 2 fields where the header has 3",
	    "line 10: 4 fields where the header has 3",
	};
	struct feed_batch b;
	struct err e;
	int64_t day;

	ck_assert_int_eq(parse(text, &b, &e), 0);
	ck_assert_uint_eq(b.n_items, 9);
	ck_assert_uint_eq(b.n_epss, 2);
	ck_assert_str_eq(b.epss[0].cve_id, "CVE-2021-44228");
	ck_assert_str_eq(b.epss[1].cve_id, "CVE-2023-4966");
	ck_assert_uint_eq(b.epss_items[1], 11);
	ck_assert_double_eq(b.epss[1].percentile, 1);
	ck_assert_int_eq(time_parse_iso8601("2025-03-14T00:00:00Z", &day), 0);
	ck_assert_int_eq(b.epss[0].scored_at, day);
	ck_assert_uint_eq(b.n_errors, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < b.n_errors; i++) {
		ck_assert_msg(strstr(b.errors[i].message, want[i]),
		              "error %zu '%s' lacks '%s'", i,
		              b.errors[i].message, want[i]);
		ck_assert_uint_eq(b.errors[i].index, i + 3);
	}
	feed_batch_release(&b);
}
END_TEST

/*
 * The header names the columns in any order; a file without the comment
 * line (older ones) has no day; one without the columns is refused whole.
 */
START_TEST(test_feed_epss_header)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(parse("percentile,cve,epss\n"
	                       "0.5,CVE-2024-3400,0.25\n",
	                       &b, &e),
	                 0);
	ck_assert_uint_eq(b.n_epss, 1);
	ck_assert_str_eq(b.epss[0].cve_id, "CVE-2024-3400");
	ck_assert_double_eq(b.epss[0].score, 0.25);
	ck_assert_double_eq(b.epss[0].percentile, 0.5);
	ck_assert_int_eq(b.epss[0].scored_at, 0);
	ck_assert_ptr_null(b.epss[0].model_version);
	ck_assert_ptr_null(b.document_version);
	feed_batch_release(&b);

	ck_assert_int_eq(parse("cve,epss\nCVE-2024-3400,0.25\n", &b, &e),
	                 ERR_PARSE);
	ck_assert_msg(strstr(e.msg, "cve, epss and percentile"), "%s", e.msg);
	ck_assert_uint_eq(b.n_epss, 0);
	feed_batch_release(&b);

	ck_assert_int_eq(parse("#model_version:v1,score_date:someday\n"
	                       "cve,epss,percentile\n",
	                       &b, &e),
	                 ERR_PARSE);
	ck_assert_msg(strstr(e.msg, "score_date"), "%s", e.msg);
	feed_batch_release(&b);

	ck_assert_int_eq(parse("", &b, &e), ERR_PARSE);
	ck_assert_msg(strstr(e.msg, "no header line"), "%s", e.msg);
	feed_batch_release(&b);

	ck_assert_int_eq(feed_epss_ops.parse("x", 1, "kev", &b, &e),
	                 ERR_INVALID);
	feed_batch_release(&b);
}
END_TEST

/* The API's answer: numbers as strings (or numbers), a day per row. */
START_TEST(test_feed_epss_api_answer)
{
	static const char json[] =
	    "{\"status\":\"OK\",\"status-code\":200,\"version\":\"1.0\","
	    "\"access\":\"public\",\"total\":5,\"offset\":0,\"limit\":3,"
	    "\"data\":["
	    "{\"cve\":\"CVE-2021-44228\",\"epss\":\"0.943580000\","
	    "\"percentile\":\"0.999630000\",\"date\":\"2025-03-14\"},"
	    "{\"cve\":\"CVE-2023-4966\",\"epss\":0.5,\"percentile\":0.75,"
	    "\"date\":\"2025-03-14\"},"
	    "{\"cve\":\"CVE-2023-9\",\"epss\":\"0.1\",\"percentile\":\"0.2\"},"
	    "{\"cve\":\"CVE-2023-20198\",\"epss\":\"2\",\"percentile\":\"0.2\"},"
	    "{\"cve\":\"CVE-2023-20199\",\"epss\":\"0.1\",\"percentile\":\"0.2\","
	    "\"date\":\"March\"},"
	    "[]"
	    "]}";
	struct feed_batch b;
	struct err e;
	int64_t day;

	ck_assert_int_eq(parse(json, &b, &e), 0);
	ck_assert(!b.is_lines);
	ck_assert_uint_eq(b.n_items, 6);
	ck_assert_uint_eq(b.n_epss, 2);
	ck_assert_int_eq(time_parse_iso8601("2025-03-14", &day), 0);
	ck_assert_str_eq(b.epss[0].cve_id, "CVE-2021-44228");
	ck_assert_double_eq_tol(b.epss[0].score, 0.94358, 1e-9);
	ck_assert_double_eq_tol(b.epss[0].percentile, 0.99963, 1e-9);
	ck_assert_int_eq(b.epss[0].scored_at, day);
	ck_assert_double_eq(b.epss[1].score, 0.5);
	ck_assert_uint_eq(b.n_errors, 4);
	ck_assert_msg(
	    strstr(b.errors[0].message, "item 3 (\"cve\": \"CVE-2023-9\")"),
	    "%s", b.errors[0].message);
	ck_assert_msg(strstr(b.errors[1].message, "field 'epss'"), "%s",
	              b.errors[1].message);
	ck_assert_msg(strstr(b.errors[2].message, "field 'date'"), "%s",
	              b.errors[2].message);
	ck_assert_msg(strstr(b.errors[3].message, "item 6"), "%s",
	              b.errors[3].message);
	/* 0 + 3 < 5: there is a next page, at offset 3 */
	ck_assert(b.has_more);
	ck_assert_str_eq(b.next_cursor, "3");
	feed_batch_release(&b);

	ck_assert_int_eq(parse("{\"status\":\"OK\",\"total\":1,\"offset\":0,"
	                       "\"limit\":100,\"data\":[]}",
	                       &b, &e),
	                 0);
	ck_assert(!b.has_more);
	ck_assert_ptr_null(b.next_cursor);
	feed_batch_release(&b);

	ck_assert_int_eq(parse("{\"status\":\"error\",\"data\":[]}", &b, &e),
	                 ERR_PARSE);
	ck_assert_msg(strstr(e.msg, "status error"), "%s", e.msg);
	feed_batch_release(&b);
	ck_assert_int_eq(parse("{\"data\":{}}", &b, &e), ERR_PARSE);
	feed_batch_release(&b);
	ck_assert_int_eq(parse("{\"data\":[", &b, &e), ERR_PARSE);
	feed_batch_release(&b);
}
END_TEST

Suite *
feed_epss_suite(void)
{
	Suite *s = suite_create("feed_epss");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_feed_epss_daily_file);
	tcase_add_test(tc, test_feed_epss_gzip_file);
	tcase_add_test(tc, test_feed_epss_bad_lines);
	tcase_add_test(tc, test_feed_epss_header);
	tcase_add_test(tc, test_feed_epss_api_answer);
	suite_add_tcase(s, tc);
	return s;
}
