/*
 * Documents read as they arrive (feed_stream_*): whatever the pieces the
 * bytes come in, the items, their errors and the document's errors are
 * those of the whole document; lines and columns are the document's;
 * the caller may take the objects out between pieces.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/feed/feed.h"

#define ALERT(id)                                                              \
	"{\"id\":\"" id "\",\"title\":\"t\",\"severity\":\"low\","             \
	"\"taxonomy\":{\"class\":\"test\"},\"feed\":{\"name\":\"f\"},"         \
	"\"observed_at\":\"2026-01-01T00:00:00Z\"}"

/* What a read left: the code, message and a summary of the batch. */
static void
summary(int rc, const struct err *e, const struct feed_batch *b,
        struct strbuf *out)
{
	strbuf_addf(out,
	            "rc=%d msg=%s items=%zu alerts=%zu incidents=%zu "
	            "orgs=%zu cursor=%s more=%d",
	            rc, rc ? e->msg : "", b->n_items, b->n_alerts,
	            b->n_incidents, b->n_organizations,
	            b->next_cursor ? b->next_cursor : "-", b->has_more);
	for (size_t i = 0; i < b->n_alerts; i++)
		strbuf_addf(out, " a%zu=%s", b->alert_items[i],
		            b->alerts[i].meta.remote_id);
	for (size_t i = 0; i < b->n_errors; i++)
		strbuf_addf(out, " E%zu=%s", b->errors[i].index,
		            b->errors[i].message);
}

/* Read doc for resource in pieces of `piece` bytes (0: one push). */
static void
read_pieces(const char *doc, size_t len, const char *resource, size_t piece,
            struct strbuf *out)
{
	struct feed_stream *fs = NULL;
	struct feed_batch b;
	struct err e;
	int rc;

	feed_batch_init(&b);
	err_clear(&e);
	rc = feed_stream_open(&feed_centinela_ops, resource, &b, &fs, &e);
	ck_assert_msg(rc == 0, "%s", e.msg);
	for (size_t at = 0; rc == 0 && at < len;) {
		size_t n = piece && piece < len - at ? piece : len - at;

		rc = feed_stream_push(fs, doc + at, n, &e);
		at += n;
	}
	if (rc == 0)
		rc = feed_stream_finish(fs, &e);
	summary(rc, &e, &b, out);
	feed_stream_free(fs);
	feed_batch_release(&b);
}

static const struct {
	const char *doc;      /* the document */
	const char *resource; /* read as */
} docs[] = {
    {"{\"data\": [" ALERT("a-1") ",\n" ALERT(
         "a-2") "],\n \"next_cursor\": "
                "\"c-9\", \"has_more\": true}",
     "alerts"},
    {"\xef\xbb\xbf[ " ALERT("a-1") " , 7, \"x\", null, [], " ALERT(
         "a-2") " ]\n",
     "alerts"},
    {"{\"incident\": {\"id\": \"i-1\", \"reference\": \"MX-2026-00001\", "
     "\"title\": \"t\", \"category\": \"other\", \"severity\": \"low\", "
     "\"opened_at\": \"2026-01-01T00:00:00Z\"}, \"data\": " ALERT("a-5") "}",
     "alerts"},
    {"{\"x\": {\"deep\": [1, {\"y\": \"}]\\\"\"}]}, \"data\": []}",
     "incidents"},
    {"[" ALERT("a-1") ",\n  {\"id\": \"a-2\", \"title\": }]", "alerts"},
    {"[" ALERT("a-1") " " ALERT("a-2") "]", "alerts"},
    {"[" ALERT("a-1") ",]", "alerts"},
    {"[" ALERT("a-1"), "alerts"},
    {"[" ALERT("a-1") "] x", "alerts"},
    {"{\"data\": [], \"data\": []}", "alerts"},
    {"{\"data\": 5}", "alerts"},
    {"{\"next_cursor\": null}", "alerts"},
    {"{\"data\": [], \"has_more\": \"yes\"}", "alerts"},
    {"{\"data\": [], \"has_more\": true}", "alerts"},
    {"[1e5, -0.5, true, false]", "organizations"},
    {"", "alerts"},
    {"\xef\xbb", "alerts"},
    {"  \n ", "alerts"},
    {"\"text\"", "alerts"},
    {"[\"unterminated]", "alerts"},
    {"[{\"a\": \"\xff\"}]", "organizations"},
    {"{\"d\\u0061ta\": [" ALERT("a-1") "]}", "alerts"},
};

/* issue 11: pieces of any size read as the whole document does. */
START_TEST(test_feed_stream_pieces_read_as_whole)
{
	static const size_t pieces[] = {1, 2, 3, 7, 64};

	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		struct strbuf whole, part;
		size_t len = strlen(docs[d].doc);

		strbuf_init(&whole);
		read_pieces(docs[d].doc, len, docs[d].resource, 0, &whole);
		for (size_t p = 0; p < sizeof(pieces) / sizeof(pieces[0]);
		     p++) {
			strbuf_init(&part);
			read_pieces(docs[d].doc, len, docs[d].resource,
			            pieces[p], &part);
			ck_assert_msg(strcmp(whole.buf, part.buf) == 0,
			              "doc %zu in pieces of %zu:\n%s\n%s", d,
			              pieces[p], whole.buf, part.buf);
			strbuf_release(&part);
		}
		strbuf_release(&whole);
	}
}
END_TEST

/* Parse doc whole; the summary into out. */
static void
whole(const char *doc, const char *resource, struct strbuf *out)
{
	strbuf_reset(out);
	read_pieces(doc, strlen(doc), resource, 0, out);
}

static void
expect(const char *doc, const char *resource, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb);
	whole(doc, resource, &sb);
	ck_assert_msg(strstr(sb.buf, want) != NULL, "%s\n  lacks: %s", sb.buf,
	              want);
	strbuf_release(&sb);
}

/* The frame's errors, at the document's line and column. */
START_TEST(test_feed_stream_frame_errors)
{
	expect(docs[0].doc, "alerts",
	       "rc=0 msg= items=2 alerts=2 incidents=0 orgs=0 cursor=c-9 "
	       "more=1 a0=a-1 a1=a-2");
	expect(docs[1].doc, "alerts", "items=6 alerts=2");
	expect(docs[1].doc, "alerts",
	       "E1=item 2: expected an object, not a number");
	/* the promote's answer: its alert, then its incident */
	expect(docs[2].doc, "alerts", "rc=0 msg= items=2 alerts=1 incidents=1");
	expect(docs[3].doc, "incidents", "rc=0 msg= items=0");
	expect(docs[4].doc, "alerts",
	       "msg=invalid JSON at line 2, column 26: unexpected token near "
	       "'}'");
	/* jansson's column of the whole document: characters, not bytes */
	expect("[1,\n  {\"a\": \"\xc3\xa9\xc3\xa9\", \"b\": }]",
	       "organizations",
	       "msg=invalid JSON at line 2, column 20: unexpected token");
	/* a frame error after strings, counted in characters */
	expect("[{\"a\": \"\xc3\xa9\xc3\xa9 long text\"} x]", "organizations",
	       "msg=invalid JSON at line 1, column 24: ',' or ']' expected "
	       "near 'x'");
	expect(docs[5].doc, "alerts", "',' or ']' expected near '{'");
	expect(docs[6].doc, "alerts", "an item expected near ']'");
	expect(docs[7].doc, "alerts", "premature end of input");
	expect(docs[8].doc, "alerts", "end of file expected near 'x'");
	expect(docs[9].doc, "alerts", "duplicate object key near 'data'");
	expect(docs[10].doc, "alerts",
	       "not an object whose 'data' is not an array");
	expect(docs[11].doc, "alerts", "not an object without 'data'");
	expect(docs[12].doc, "alerts",
	       "'has_more' must be true or false, not a string");
	expect(docs[13].doc, "alerts",
	       "'has_more' is true but 'next_cursor' is missing");
	expect(docs[15].doc, "alerts",
	       "invalid JSON at line 1, column 0: '[' or '{' expected near "
	       "end of file");
	expect(docs[18].doc, "alerts", "'[' or '{' expected near '\"'");
	expect(docs[19].doc, "alerts", "premature end of input");
	expect(docs[20].doc, "organizations", "rc=-");
	/* an escaped member name is still "data" */
	expect(docs[21].doc, "alerts", "rc=0 msg= items=1 alerts=1");
}
END_TEST

/* The objects may be taken out between pieces; indexes go on. */
START_TEST(test_feed_stream_objects_taken_between_pieces)
{
	static const char *const pieces[] = {
	    "{\"data\":[",     ALERT("a-0"), ",",
	    ALERT("a-1") ",{", "}",          "," ALERT("a-3") "]}",
	};
	struct feed_stream *fs = NULL;
	struct feed_batch b;
	struct strbuf seen;
	struct err e;

	feed_batch_init(&b);
	strbuf_init(&seen);
	ck_assert_int_eq(
	    feed_stream_open(&feed_centinela_ops, "alerts", &b, &fs, &e), 0);
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		ck_assert_msg(
		    feed_stream_push(fs, pieces[i], strlen(pieces[i]), &e) == 0,
		    "%s", e.msg);
		for (size_t k = 0; k < b.n_alerts; k++)
			strbuf_addf(&seen, "%zu:%s ", b.alert_items[k],
			            b.alerts[k].meta.remote_id);
		for (size_t k = 0; k < b.n_errors; k++)
			strbuf_addf(&seen, "E%zu ", b.errors[k].index);
		feed_batch_release(&b);
	}
	ck_assert_int_eq(feed_stream_finish(fs, &e), 0);
	ck_assert_str_eq(seen.buf, "0:a-0 1:a-1 E2 3:a-3 ");
	/* after a failure, every call fails */
	ck_assert_int_eq(feed_stream_push(fs, "x", 1, &e), ERR_PARSE);
	ck_assert_int_eq(feed_stream_finish(fs, &e), ERR_PARSE);
	feed_stream_free(fs);
	feed_batch_release(&b);
	strbuf_release(&seen);
}
END_TEST

/* Caps: the document, an item, the nesting, a page's members. */
START_TEST(test_feed_stream_caps)
{
	struct feed_stream *fs = NULL;
	struct feed_batch b;
	struct strbuf sb, out;
	struct err e;

	feed_batch_init(&b);
	b.max_bytes = 40;
	ck_assert_int_eq(
	    feed_stream_open(&feed_centinela_ops, "alerts", &b, &fs, &e), 0);
	ck_assert_int_eq(feed_stream_push(fs, "[ ", 2, &e), 0);
	ck_assert_int_eq(feed_stream_push(fs, ALERT("a-1"), 60, &e), ERR_LIMIT);
	ck_assert_str_eq(e.msg, "document is over the limit of 40 bytes");
	feed_stream_free(fs);
	feed_batch_release(&b);

	strbuf_init(&sb);
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&sb, '[');
	strbuf_init(&out);
	whole(sb.buf, "alerts", &out);
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "document nests deeper than 32 levels"));
	strbuf_reset(&sb);
	strbuf_addch(&sb, '{');
	for (int i = 0; i < 300; i++)
		strbuf_addf(&sb, "\"m%d\": 1, ", i);
	strbuf_adds(&sb, "\"data\": []}");
	whole(sb.buf, "alerts", &out);
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "a page of more than 256 members"));
	strbuf_release(&sb);
	strbuf_release(&out);

	/* the KEV catalog is read whole only */
	feed_batch_init(&b);
	ck_assert_int_eq(feed_stream_open(&feed_kev_ops, "kev", &b, &fs, &e),
	                 ERR_INVALID);
	ck_assert_ptr_null(fs);
	ck_assert_int_eq(
	    feed_stream_open(&feed_centinela_ops, "kev", &b, &fs, &e),
	    ERR_INVALID);
	feed_batch_release(&b);
}
END_TEST

Suite *
feed_stream_suite(void)
{
	Suite *s = suite_create("feed_stream");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_feed_stream_pieces_read_as_whole);
	tcase_add_test(tc, test_feed_stream_frame_errors);
	tcase_add_test(tc, test_feed_stream_objects_taken_between_pieces);
	tcase_add_test(tc, test_feed_stream_caps);
	suite_add_tcase(s, tc);
	return s;
}
