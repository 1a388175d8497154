/*
 * The CISA KEV adapter: the real catalog, field mapping, whole-document
 * rejections (the catalog's required members, types, count), per-item
 * errors and the caps.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/hash.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/feed/feed.h"
#include "testutil.h"

/* The fixture as checksummed in fixtures/real/SHA256SUMS. */
#define KEV_FIXTURE "kev/known_exploited_vulnerabilities.json"
#define KEV_SHA256                                                             \
	"901b1f227941a3879a3e39fcb857bb6f7252bf9d71b63ef08d50a836d5ab1bd2"
#define KEV_COUNT 1404

/* The members of a valid entry, as "key" and JSON value. */
static const char *const entry_members[][2] = {
    {"cveID", "\"CVE-2026-0001\""},
    {"vendorProject", "\"Acme\""},
    {"product", "\"Widget\""},
    {"vulnerabilityName", "\"Acme Widget RCE\""},
    {"dateAdded", "\"2026-01-02\""},
    {"shortDescription", "\"d\""},
    {"requiredAction", "\"patch\""},
    {"dueDate", "\"2026-01-23\""},
    {"knownRansomwareCampaignUse", "\"Known\""},
    {"notes", "\"n\""},
    {"cwes", "[\"CWE-79\"]"},
    {"somethingNew", "{\"a\":1}"},
};

/* The CSV form of the same catalog. */
#define KEV_CSV_FIXTURE "kev/known_exploited_vulnerabilities.csv"
#define KEV_CSV_SHA256                                                         \
	"ef3f88c69bfca7f86c448c64577b2ed81b498dd5d109c13a0c1797450fb1dfbb"

/* The bytes of a fixture (owned) checked against its digest, or NULL when
 * the folder is absent. */
static char *
fixture_of(const char *name, const char *digest, size_t *len)
{
	const char *dir = test_fixtures();
	struct strbuf path;
	char *buf = NULL;
	char hex[SHA256_HEX_LEN + 1];

	if (!dir) {
		test_skip("no $CENTINELA_FIXTURES folder (the KEV fixture)");
		return NULL;
	}
	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s", dir, name);
	ck_assert_msg(fs_read_file(path.buf, 16 << 20, &buf, len, NULL) == 0,
	              "cannot read %s", path.buf);
	sha256_hex(buf, *len, hex);
	ck_assert_msg(strcmp(hex, digest) == 0,
	              "%s is not the checksummed fixture", path.buf);
	strbuf_release(&path);
	return buf;
}

/* The JSON catalog's bytes (owned), or NULL when the folder is absent. */
static char *
fixture(size_t *len)
{
	return fixture_of(KEV_FIXTURE, KEV_SHA256, len);
}

static int
parse(const char *json, struct feed_batch *b, struct err *e)
{
	feed_batch_init(b);
	err_clear(e);
	return feed_kev_ops.parse(json, strlen(json), "kev", b, e);
}

/* A catalog whose entries are the JSON text `entries` and count n. */
static char *
catalog(const char *entries, int n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb,
	            "{\"title\":\"t\",\"catalogVersion\":\"2026.01.02\","
	            "\"dateReleased\":\"2026-01-02T10:00:00.123Z\","
	            "\"count\":%d,\"vulnerabilities\":[%s]}",
	            n, entries);
	return strbuf_detach(&sb, NULL);
}

/*
 * An entry (owned): the members of `first` (JSON members, may be ""), then
 * every valid member that first does not name.
 */
static char *
entry(const char *first)
{
	struct strbuf sb, key;

	strbuf_init(&sb);
	strbuf_init(&key);
	strbuf_addf(&sb, "{%s", first);
	for (size_t i = 0; i < sizeof(entry_members) / sizeof(entry_members[0]);
	     i++) {
		strbuf_reset(&key);
		strbuf_addf(&key, "\"%s\":", entry_members[i][0]);
		if (strstr(first, key.buf))
			continue;
		strbuf_addf(&sb, "%s%s%s", sb.len > 1 ? "," : "", key.buf,
		            entry_members[i][1]);
	}
	strbuf_addch(&sb, '}');
	strbuf_release(&key);
	return strbuf_detach(&sb, NULL);
}

/* Expect parse(json) to fail with rc and a message containing want. */
static void
expect_reject(const char *json, int rc, const char *want)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(parse(json, &b, &e), rc);
	ck_assert_msg(strstr(e.msg, want), "message '%s' lacks '%s'", e.msg,
	              want);
	ck_assert_uint_eq(b.n_vulnerabilities, 0);
	ck_assert_ptr_null(b.document_version);
	feed_batch_release(&b);
}

START_TEST(test_feed_kev_full_catalog)
{
	struct feed_batch b;
	struct err e;
	size_t len, n_ransomware = 0;
	char *json = fixture(&len);

	if (!json)
		return;
	feed_batch_init(&b);
	b.source = "kev";
	ck_assert_int_eq(feed_kev_ops.parse(json, len, "kev", &b, &e), 0);
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.n_items, KEV_COUNT);
	ck_assert_uint_eq(b.n_vulnerabilities, KEV_COUNT);
	ck_assert_str_eq(b.document_version, "2025.08.25");
	for (size_t i = 0; i < b.n_vulnerabilities; i++) {
		const struct vulnerability *v = &b.vulnerabilities[i];

		ck_assert(v->is_kev);
		ck_assert(v->kev_added_at > 0 && v->kev_due_at > 0);
		ck_assert_str_eq(v->meta.remote_id, v->cve_id);
		ck_assert_uint_eq(b.vulnerability_items[i], i);
		n_ransomware += v->is_ransomware;
	}
	ck_assert_uint_eq(n_ransomware, 293);
	feed_batch_release(&b);
	free(json);
}
END_TEST

START_TEST(test_feed_kev_field_mapping)
{
	struct feed_batch b;
	struct err e;
	size_t len;
	char *json = fixture(&len);
	const struct vulnerability *v;
	int64_t t;

	if (!json)
		return;
	feed_batch_init(&b);
	b.source = "kev";
	ck_assert_int_eq(feed_kev_ops.parse(json, len, "kev", &b, &e), 0);
	v = &b.vulnerabilities[0];
	ck_assert_str_eq(v->cve_id, "CVE-2025-48384");
	ck_assert_str_eq(v->meta.source, "kev");
	ck_assert_str_eq(v->meta.remote_id, "CVE-2025-48384");
	ck_assert_str_eq(v->vendor, "Git");
	ck_assert_str_eq(v->product, "Git");
	ck_assert_str_eq(v->title, "Git Link Following Vulnerability");
	ck_assert_str_eq(v->description,
	                 "Git contains a link following vulnerability that "
	                 "stems from Git\xe2\x80\x99s inconsistent handling of "
	                 "carriage return characters in configuration files.");
	ck_assert_ptr_nonnull(strstr(v->kev_action, "BOD 22-01"));
	ck_assert_int_eq(time_parse_iso8601("2025-08-25", &t), 0);
	ck_assert_int_eq(v->kev_added_at, t);
	ck_assert_int_eq(time_parse_iso8601("2025-09-15", &t), 0);
	ck_assert_int_eq(v->kev_due_at, t);
	ck_assert(v->is_kev);
	ck_assert(!v->is_ransomware);
	/* What KEV does not know stays unknown, for the store's merge. */
	ck_assert(v->cvss_score < 0 && v->epss < 0 && v->epss_percentile < 0);
	ck_assert_ptr_null(v->cvss_vector);
	ck_assert_uint_eq(v->n_cpes, 0);
	feed_batch_release(&b);
	free(json);
}
END_TEST

START_TEST(test_feed_kev_small_catalog)
{
	struct feed_batch b;
	struct err e;
	char *one = entry("\"cveID\":\"CVE-2026-1234\",\"dateAdded\":"
	                  "\"2026-01-02\",\"dueDate\":\"2026-01-23\"");
	char *json = catalog(one, 1);

	ck_assert_int_eq(parse(json, &b, &e), 0);
	ck_assert_uint_eq(b.n_vulnerabilities, 1);
	ck_assert_str_eq(b.vulnerabilities[0].meta.source, "local");
	ck_assert(b.vulnerabilities[0].is_ransomware);
	ck_assert_str_eq(b.document_version, "2026.01.02");
	ck_assert_ptr_null(b.next_cursor);
	ck_assert(!b.has_more);
	feed_batch_release(&b);
	ck_assert_ptr_null(b.document_version);
	free(json);
	free(one);
}
END_TEST

/* issue 11: a catalog saved with a byte-order mark is read. */
START_TEST(test_feed_kev_bom_skipped)
{
	struct feed_batch b;
	struct err e;
	char *one = entry("\"cveID\":\"CVE-2026-1234\",\"dateAdded\":"
	                  "\"2026-01-02\",\"dueDate\":\"2026-01-23\"");
	char *json = catalog(one, 1);
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "\xef\xbb\xbf");
	strbuf_adds(&sb, json);
	ck_assert_msg(parse(sb.buf, &b, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(b.n_vulnerabilities, 1);
	feed_batch_release(&b);
	strbuf_release(&sb);
	free(json);
	free(one);
}
END_TEST

START_TEST(test_feed_kev_required_members)
{
	static const char *const members[] = {"catalogVersion", "dateReleased",
	                                      "count", "vulnerabilities"};
	static const char *const values[] = {
	    "\"v\"", "\"2026-01-02T00:00:00Z\"", "0", "[]"};

	for (size_t skip = 0; skip < 4; skip++) {
		struct strbuf sb, want;

		strbuf_init(&sb);
		strbuf_init(&want);
		strbuf_adds(&sb, "{\"title\":\"t\"");
		for (size_t k = 0; k < 4; k++)
			if (k != skip)
				strbuf_addf(&sb, ",\"%s\":%s", members[k],
				            values[k]);
		strbuf_addch(&sb, '}');
		strbuf_addf(&want, "KEV catalog: missing required member '%s'",
		            members[skip]);
		expect_reject(sb.buf, ERR_PARSE, want.buf);
		strbuf_release(&sb);
		strbuf_release(&want);
	}
	/* title is not required by the schema. */
	{
		struct feed_batch b;
		struct err e;

		ck_assert_int_eq(
		    parse("{\"catalogVersion\":\"v\",\"dateReleased\":"
		          "\"2026-01-02T00:00:00Z\",\"count\":0,"
		          "\"vulnerabilities\":[]}",
		          &b, &e),
		    0);
		ck_assert_uint_eq(b.n_items, 0);
		feed_batch_release(&b);
	}
}
END_TEST

START_TEST(test_feed_kev_wrong_types)
{
	const char *ok = "\"catalogVersion\":\"v\",\"dateReleased\":"
	                 "\"2026-01-02T00:00:00Z\",\"count\":0";
	struct strbuf sb;

	expect_reject("[]", ERR_PARSE,
	              "KEV catalog: expected an object, not an array");
	/* jansson reads only objects and arrays at the top. */
	expect_reject("\"kev\"", ERR_PARSE, "invalid JSON");
	strbuf_init(&sb);
	strbuf_addf(&sb, "{%s,\"vulnerabilities\":{}}", ok);
	expect_reject(sb.buf, ERR_PARSE,
	              "KEV catalog: 'vulnerabilities' must be an array, not an "
	              "object");
	expect_reject("{\"catalogVersion\":2025,\"dateReleased\":\"2026-01-"
	              "02\",\"count\":0,\"vulnerabilities\":[]}",
	              ERR_PARSE,
	              "KEV catalog: 'catalogVersion' must be a string, not a "
	              "number");
	expect_reject("{\"catalogVersion\":\"\",\"dateReleased\":\"2026-01-"
	              "02\",\"count\":0,\"vulnerabilities\":[]}",
	              ERR_PARSE,
	              "'catalogVersion' must be a non-empty UTF-8 string");
	expect_reject("{\"catalogVersion\":\"v\",\"dateReleased\":\"2026-01-"
	              "02\",\"count\":\"0\",\"vulnerabilities\":[]}",
	              ERR_PARSE,
	              "KEV catalog: 'count' must be a number, not a string");
	expect_reject("{\"catalogVersion\":\"v\",\"dateReleased\":\"2026-01-"
	              "02\",\"count\":0.5,\"vulnerabilities\":[]}",
	              ERR_PARSE, "'count' must be a number, not a number");
	expect_reject("{\"catalogVersion\":\"v\",\"dateReleased\":null,"
	              "\"count\":0,\"vulnerabilities\":[]}",
	              ERR_PARSE,
	              "KEV catalog: 'dateReleased' must be a string, not null");
	expect_reject("{\"catalogVersion\":\"v\",\"dateReleased\":\"last "
	              "tuesday\",\"count\":0,\"vulnerabilities\":[]}",
	              ERR_PARSE,
	              "KEV catalog: 'dateReleased': invalid date-time 'last "
	              "tuesday'");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_feed_kev_count_mismatch)
{
	char *one = entry("\"cveID\":\"CVE-2026-1234\",\"dateAdded\":"
	                  "\"2026-01-02\",\"dueDate\":\"2026-01-23\"");
	char *json = catalog(one, 1484);

	expect_reject(json, ERR_PARSE,
	              "KEV catalog: 'count' says 1484 entries but "
	              "'vulnerabilities' has 1");
	free(json);
	json = catalog(one, -1);
	expect_reject(json, ERR_PARSE, "'count' says -1 entries");
	free(json);
	free(one);
}
END_TEST

START_TEST(test_feed_kev_truncated_fixture)
{
	size_t len;
	char *json = fixture(&len);
	struct feed_batch b;
	struct err e;

	if (!json)
		return;
	feed_batch_init(&b);
	ck_assert_int_eq(feed_kev_ops.parse(json, len / 2, "kev", &b, &e),
	                 ERR_PARSE);
	ck_assert_msg(strstr(e.msg, "invalid JSON at line"), "%s", e.msg);
	ck_assert_uint_eq(b.n_vulnerabilities, 0);
	feed_batch_release(&b);
	free(json);
}
END_TEST

START_TEST(test_feed_kev_duplicates_depth_and_size)
{
	struct feed_batch b;
	struct err e;
	struct strbuf sb;
	char *one = entry("\"cveID\":\"CVE-2026-1234\",\"dateAdded\":"
	                  "\"2026-01-02\",\"dueDate\":\"2026-01-23\"");
	char *json = catalog(one, 1);

	expect_reject("{\"catalogVersion\":\"a\",\"catalogVersion\":\"b\","
	              "\"dateReleased\":\"2026-01-02\",\"count\":0,"
	              "\"vulnerabilities\":[]}",
	              ERR_PARSE, "duplicate object key");
	expect_reject("{\"catalogVersion\":\"v\",\"dateReleased\":\"2026-01-"
	              "02\",\"count\":1,\"vulnerabilities\":[{\"cveID\":"
	              "\"CVE-2026-1234\",\"cveID\":\"CVE-2026-9999\"}]}",
	              ERR_PARSE, "duplicate object key");
	strbuf_init(&sb);
	strbuf_adds(&sb, "{\"catalogVersion\":\"v\",\"x\":");
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, ']');
	strbuf_addch(&sb, '}');
	expect_reject(sb.buf, ERR_LIMIT, "nests deeper than");
	strbuf_reset(&sb);
	strbuf_adds(&sb, "{\"catalogVersion\":\"v\",\"x\":");
	for (int i = 0; i < 40; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 40; i++)
		strbuf_addch(&sb, ']');
	strbuf_addch(&sb, '}');
	expect_reject(sb.buf, ERR_LIMIT, "nests deeper than 32 levels");
	strbuf_release(&sb);

	feed_batch_init(&b);
	b.max_bytes = strlen(json) - 1;
	ck_assert_int_eq(feed_kev_ops.parse(json, strlen(json), "kev", &b, &e),
	                 ERR_LIMIT);
	ck_assert_ptr_nonnull(strstr(e.msg, "over the limit"));
	b.max_bytes = strlen(json);
	ck_assert_int_eq(feed_kev_ops.parse(json, strlen(json), "kev", &b, &e),
	                 0);
	ck_assert_uint_eq(b.n_vulnerabilities, 1);
	feed_batch_release(&b);
	free(json);
	free(one);
}
END_TEST

/* Per-item problems: members first, then the expected message. */
static const struct {
	const char *members; /* the entry's first members */
	const char *want;    /* its whole error message */
} bad_entries[] = {
    {"\"cveID\":null", "item 2: missing field 'cveID'"},
    {"\"cveID\":\"CVE-XX\",\"dateAdded\":\"2026-01-02\",\"dueDate\":"
     "\"2026-01-23\"",
     "item 2 (\"cveID\": \"CVE-XX\"): field 'cveID': invalid CVE id "
     "'CVE-XX' (expected CVE-YYYY-NNNN)"},
    {"\"cveID\":\"CVE-2026-12345678901234567890\",\"dateAdded\":\"2026-"
     "01-02\",\"dueDate\":\"2026-01-23\"",
     "item 2 (\"cveID\": \"CVE-2026-12345678901234567890\"): field "
     "'cveID': invalid CVE id 'CVE-2026-12345678901234567890' (expected "
     "CVE-YYYY-NNNN)"},
    {"\"cveID\":7,\"dateAdded\":\"2026-01-02\",\"dueDate\":\"2026-01-23\"",
     "item 2 (\"cveID\": \"7\"): field 'cveID' must be a string, not a "
     "number"},
    {"\"cveID\":\"CVE-2026-0002\",\"dateAdded\":\"2024-13-01\","
     "\"dueDate\":\"2026-01-23\"",
     "item 2 (\"cveID\": \"CVE-2026-0002\"): field 'dateAdded': invalid "
     "date '2024-13-01' (expected YYYY-MM-DD)"},
    {"\"cveID\":\"CVE-2026-0002\",\"dateAdded\":\"2026-01-02\","
     "\"dueDate\":\"2026-01-23T00:00:00Z\"",
     "item 2 (\"cveID\": \"CVE-2026-0002\"): field 'dueDate': invalid "
     "date '2026-01-23T00:00:00Z' (expected YYYY-MM-DD)"},
    {"\"cveID\":\"CVE-2026-0002\",\"dueDate\":null",
     "item 2 (\"cveID\": \"CVE-2026-0002\"): missing field 'dueDate'"},
    {"\"cveID\":\"CVE-2026-0002\",\"dateAdded\":\"2026-01-02\","
     "\"dueDate\":\"2026-01-23\",\"product\":\"\"",
     "item 2 (\"cveID\": \"CVE-2026-0002\"): field 'product' is empty"},
    {"\"cveID\":\"CVE-2026-0002\",\"dateAdded\":\"2026-01-02\","
     "\"dueDate\":\"2026-01-23\",\"shortDescription\":[\"x\"]",
     "item 2 (\"cveID\": \"CVE-2026-0002\"): field 'shortDescription' "
     "must be a string, not an array"},
    {"\"cveID\":\"CVE-2026-0002\",\"dateAdded\":\"2026-01-02\","
     "\"dueDate\":\"2026-01-23\",\"vendorProject\":\"a\\u0000b\"",
     "item 2 (\"cveID\": \"CVE-2026-0002\"): field 'vendorProject' "
     "contains a NUL character"},
};

START_TEST(test_feed_kev_item_errors)
{
	struct feed_batch b;
	struct err e;
	struct strbuf entries;
	char *good = entry("");
	char *bad = entry(bad_entries[_i].members), *json;

	strbuf_init(&entries);
	strbuf_addf(&entries, "%s,%s", good, bad);
	strbuf_addf(&entries, ",%s", good);
	json = catalog(entries.buf, 3);
	ck_assert_msg(parse(json, &b, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(b.n_items, 3);
	ck_assert_uint_eq(b.n_vulnerabilities, 2);
	ck_assert_uint_eq(b.n_errors, 1);
	ck_assert_uint_eq(b.errors[0].index, 1);
	ck_assert_str_eq(b.errors[0].message, bad_entries[_i].want);
	ck_assert_uint_eq(b.vulnerability_items[0], 0);
	ck_assert_uint_eq(b.vulnerability_items[1], 2);
	feed_batch_release(&b);
	strbuf_release(&entries);
	free(json);
	free(good);
	free(bad);
}
END_TEST

START_TEST(test_feed_kev_entry_not_object_and_dates)
{
	struct feed_batch b;
	struct err e;
	char *json = catalog("\"CVE-2026-0001\"", 1);
	static const char *const bad_dates[] = {
	    "2024-02-30",  "2024-1-01", "24-01-01",   "2024/01/01",
	    "2024-01-01 ", "",          "2024-00-10",
	};

	ck_assert_int_eq(parse(json, &b, &e), 0);
	ck_assert_uint_eq(b.n_errors, 1);
	ck_assert_str_eq(b.errors[0].message,
	                 "item 1: expected an object, not a string");
	feed_batch_release(&b);
	free(json);
	for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++) {
		struct strbuf sb;
		char *one;

		strbuf_init(&sb);
		strbuf_addf(&sb,
		            "\"cveID\":\"CVE-2026-0001\",\"dateAdded\":\"%s\","
		            "\"dueDate\":\"2026-01-23\"",
		            bad_dates[i]);
		one = entry(sb.buf);
		json = catalog(one, 1);
		ck_assert_int_eq(parse(json, &b, &e), 0);
		ck_assert_msg(b.n_errors == 1, "date '%s' accepted",
		              bad_dates[i]);
		feed_batch_release(&b);
		free(json);
		free(one);
		strbuf_release(&sb);
	}
}
END_TEST

START_TEST(test_feed_kev_table)
{
	struct feed_batch b;
	struct err e;

	ck_assert_ptr_eq(feed_find("kev"), &feed_kev_ops);
	ck_assert(feed_serves(&feed_kev_ops, "kev"));
	ck_assert(!feed_serves(&feed_kev_ops, "alerts"));
	/* One fixed URL: no request path of its own. */
	ck_assert(feed_kev_ops.request_path == NULL);
	feed_batch_init(&b);
	ck_assert_int_eq(feed_kev_ops.parse("{}", 2, "alerts", &b, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "does not serve 'alerts'"));
	feed_batch_release(&b);
}
END_TEST

static bool
str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/*
 * The CSV form of the catalog gives, entry for entry, what its JSON gives;
 * it is no proof of the whole catalog (no count), the JSON is.
 */
START_TEST(test_feed_kev_csv_is_the_json_catalog)
{
	struct feed_batch bj, bc;
	struct err e;
	size_t len, clen;
	char *json = fixture(&len), *csv;
	int64_t released;

	if (!json)
		return;
	csv = fixture_of(KEV_CSV_FIXTURE, KEV_CSV_SHA256, &clen);
	feed_batch_init(&bj);
	feed_batch_init(&bc);
	ck_assert_int_eq(feed_kev_ops.parse(json, len, "kev", &bj, &e), 0);
	ck_assert_msg(feed_kev_ops.parse(csv, clen, "kev", &bc, &e) == 0, "%s",
	              e.msg);
	ck_assert(bj.lists_all_kev);
	ck_assert_str_eq(bj.catalog, "kev");
	ck_assert_int_eq(
	    time_parse_iso8601("2025-08-25T17:04:19.9796Z", &released), 0);
	ck_assert_int_eq(bj.document_released, released);
	ck_assert(!bc.lists_all_kev);
	ck_assert_ptr_null(bc.catalog);
	ck_assert(bc.is_lines);
	ck_assert_uint_eq(bc.n_errors, 0);
	ck_assert_uint_eq(bc.n_items, KEV_COUNT);
	ck_assert_uint_eq(bc.n_vulnerabilities, KEV_COUNT);
	/* the header is line 1; the first entry's record starts on line 2 */
	ck_assert_uint_eq(bc.vulnerability_items[0], 1);
	for (size_t i = 0; i < KEV_COUNT; i++) {
		const struct vulnerability *a = &bj.vulnerabilities[i];
		const struct vulnerability *c = &bc.vulnerabilities[i];

		ck_assert_str_eq(c->cve_id, a->cve_id);
		ck_assert_msg(str_same(c->vendor, a->vendor) &&
		                  str_same(c->product, a->product) &&
		                  str_same(c->title, a->title) &&
		                  str_same(c->description, a->description) &&
		                  str_same(c->kev_action, a->kev_action),
		              "%s differs between the CSV and the JSON",
		              a->cve_id);
		ck_assert_int_eq(c->kev_added_at, a->kev_added_at);
		ck_assert_int_eq(c->kev_due_at, a->kev_due_at);
		ck_assert_int_eq(c->is_ransomware, a->is_ransomware);
		ck_assert(c->is_kev);
	}
	feed_batch_release(&bj);
	feed_batch_release(&bc);
	free(json);
	free(csv);
}
END_TEST

/* A bad record of the CSV is named by its line, the others kept. */
START_TEST(test_feed_kev_csv_bad_lines)
{
	static const char csv[] =
	    "\xef\xbb\xbf"
	    "cveID,vendorProject,product,vulnerabilityName,"
	    "dateAdded,shortDescription,requiredAction,dueDate,"
	    "knownRansomwareCampaignUse,notes,cwes\r\n"
	    "CVE-2026-0001,Acme,Widget,\"Acme, Widget RCE\",2026-01-02,"
	    "\"a\nb\",patch,2026-01-23,Known,,CWE-79\r\n"
	    "CVE-2026-0002,Acme,Widget,RCE,2026-13-02,d,patch,2026-01-23,"
	    "Unknown,,\r\n"
	    "CVE-2026-0003,Acme\r\n"
	    "CVE-2026-0004,Acme,Widget,RCE,2026-01-02,d,patch,2026-01-23,"
	    "Unknown,,\r\n";
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(parse(csv, &b, &e), 0);
	ck_assert_uint_eq(b.n_items, 4);
	ck_assert_uint_eq(b.n_vulnerabilities, 2);
	ck_assert_str_eq(b.vulnerabilities[0].title, "Acme, Widget RCE");
	ck_assert_str_eq(b.vulnerabilities[0].description, "a\nb");
	ck_assert(b.vulnerabilities[0].is_ransomware);
	ck_assert_str_eq(b.vulnerabilities[1].cve_id, "CVE-2026-0004");
	/* the quoted newline makes the next record start on line 4 */
	ck_assert_uint_eq(b.vulnerability_items[1], 5);
	ck_assert_uint_eq(b.n_errors, 2);
	ck_assert_msg(strstr(b.errors[0].message,
	                     "line 4 (\"cveID\": \"CVE-2026-0002\"): field "
	                     "'dateAdded'"),
	              "%s", b.errors[0].message);
	ck_assert_msg(strstr(b.errors[1].message,
	                     "line 5: 2 fields where the header has 11"),
	              "%s", b.errors[1].message);
	feed_batch_release(&b);

	ck_assert_int_eq(parse("cveID,vendorProject\n\"CVE-1", &b, &e), 0);
	ck_assert_uint_eq(b.n_errors, 1);
	feed_batch_release(&b);
}
END_TEST

Suite *
feed_kev_suite(void)
{
	Suite *s = suite_create("feed_kev");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_feed_kev_full_catalog);
	tcase_add_test(tc, test_feed_kev_field_mapping);
	tcase_add_test(tc, test_feed_kev_small_catalog);
	tcase_add_test(tc, test_feed_kev_bom_skipped);
	tcase_add_test(tc, test_feed_kev_required_members);
	tcase_add_test(tc, test_feed_kev_wrong_types);
	tcase_add_test(tc, test_feed_kev_count_mismatch);
	tcase_add_test(tc, test_feed_kev_truncated_fixture);
	tcase_add_test(tc, test_feed_kev_duplicates_depth_and_size);
	tcase_add_loop_test(tc, test_feed_kev_item_errors, 0,
	                    sizeof(bad_entries) / sizeof(bad_entries[0]));
	tcase_add_test(tc, test_feed_kev_entry_not_object_and_dates);
	tcase_add_test(tc, test_feed_kev_table);
	tcase_add_test(tc, test_feed_kev_csv_is_the_json_catalog);
	tcase_add_test(tc, test_feed_kev_csv_bad_lines);
	suite_add_tcase(s, tc);
	return s;
}
