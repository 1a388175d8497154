/*
 * Tests for a CSAF provider's listings read by a csaf source
 * (src/feed/csaf_provider.c) and what the source remembers
 * (store_csaf_seen_*).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/feed/csaf_provider.h"
#include "centinela/feed/feed.h"
#include "centinela/store/store.h"
#include "centinela/store/sync_state.h"

#include "suites.h"
#include "testutil.h"

#define BASE "https://psirt.example/.well-known/csaf"

static void
check_resolve(const char *base, const char *ref, const char *want)
{
	struct strbuf sb;
	struct err e;

	strbuf_init(&sb);
	err_clear(&e);
	ck_assert_int_eq(csaf_url_resolve(base, ref, &sb, &e), 0);
	ck_assert_str_eq(sb.buf, want);
	strbuf_release(&sb);
}

START_TEST(test_csaf_provider_urls_resolve)
{
	struct strbuf sb;
	struct err e;

	check_resolve(BASE "/white/changes.csv", "2026/a.json",
	              BASE "/white/2026/a.json");
	check_resolve(BASE "/provider-metadata.json", "/x/feed.json",
	              "https://psirt.example/x/feed.json");
	check_resolve(BASE "/provider-metadata.json", "https://o.example/f",
	              "https://o.example/f");
	strbuf_init(&sb);
	err_clear(&e);
	ck_assert_int_eq(csaf_url_resolve(BASE "/white/changes.csv",
	                                  "../../etc/passwd", &sb, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(
	    csaf_url_resolve(BASE "/white/changes.csv", "a/../../b", &sb, &e),
	    ERR_INVALID);
	ck_assert_int_eq(csaf_url_resolve(BASE "/x", "", &sb, &e), ERR_INVALID);
	csaf_provider_metadata_url(BASE "/", &sb);
	ck_assert_str_eq(sb.buf, BASE "/provider-metadata.json");
	strbuf_reset(&sb);
	csaf_provider_metadata_url(BASE "/provider-metadata.json", &sb);
	ck_assert_str_eq(sb.buf, BASE "/provider-metadata.json");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_csaf_provider_metadata_lists_feeds_and_directories)
{
	static const char doc[] =
	    "{\"distributions\": ["
	    " {\"directory_url\": \"" BASE "/white\","
	    "  \"rolie\": {\"feeds\": [{\"url\": \"white/feed.json\"},"
	    "   {\"url\": \"" BASE "/white/feed.json\"}]}},"
	    " {\"rolie\": {\"feeds\": [{\"url\": \"amber/feed.json\"}]}}]}";
	static const char no_url[] =
	    "{\"distributions\": [{\"rolie\": {\"feeds\": [{}]}}]}";
	struct strvec feeds, dirs;
	struct err e;

	strvec_init(&feeds);
	strvec_init(&dirs);
	err_clear(&e);
	ck_assert_int_eq(csaf_provider_parse(doc, strlen(doc),
	                                     BASE "/provider-metadata.json",
	                                     1 << 20, &feeds, &dirs, &e),
	                 0);
	ck_assert_uint_eq(feeds.n, 2); /* the same feed twice is one */
	ck_assert_str_eq(feeds.v[0], BASE "/white/feed.json");
	ck_assert_str_eq(feeds.v[1], BASE "/amber/feed.json");
	ck_assert_uint_eq(dirs.n, 1);
	ck_assert_str_eq(dirs.v[0], BASE "/white/");
	strvec_release(&feeds);
	strvec_release(&dirs);
	strvec_init(&feeds);
	strvec_init(&dirs);
	ck_assert_int_eq(csaf_provider_parse("{}", 2, BASE "/p.json", 1 << 20,
	                                     &feeds, &dirs, &e),
	                 ERR_PARSE);
	ck_assert_str_eq(e.msg, "not CSAF provider metadata at "
	                        "/distributions: expected an array");
	ck_assert_int_eq(csaf_provider_parse(no_url, strlen(no_url),
	                                     BASE "/p.json", 1 << 20, &feeds,
	                                     &dirs, &e),
	                 ERR_PARSE);
	ck_assert_str_eq(e.msg, "not CSAF provider metadata at "
	                        "/distributions/0/rolie/feeds/0/url: "
	                        "expected a string");
	strvec_release(&feeds);
	strvec_release(&dirs);
}
END_TEST

START_TEST(test_csaf_provider_rolie_entries_and_their_hashes)
{
	static const char feed[] =
	    "{\"feed\": {\"entry\": ["
	    " {\"updated\": \"2026-01-02T00:00:00Z\","
	    "  \"content\": {\"src\": \"2026/a.json\"},"
	    "  \"link\": [{\"rel\": \"self\", \"href\": \"2026/a.json\"},"
	    "   {\"rel\": \"hash\", \"href\": \"2026/a.json.sha512\"},"
	    "   {\"rel\": \"hash\", \"href\": \"2026/a.json.sha256\"}]},"
	    " {\"updated\": \"2026-01-03T00:00:00Z\","
	    "  \"link\": [{\"rel\": \"self\", \"href\": \"2026/b.json\"}]}]}}";
	static const char bad[] =
	    "{\"feed\": {\"entry\": [{\"content\": {\"src\": \"x.json\"}}]}}";
	struct csaf_listing l;
	struct err e;

	csaf_listing_init(&l);
	err_clear(&e);
	ck_assert_int_eq(csaf_rolie_parse(feed, strlen(feed),
	                                  BASE "/white/feed.json", 1 << 20, &l,
	                                  &e),
	                 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[0].url, BASE "/white/2026/a.json");
	ck_assert_str_eq(l.v[0].updated, "2026-01-02T00:00:00Z");
	ck_assert_str_eq(l.v[0].sha256_url, BASE "/white/2026/a.json.sha256");
	ck_assert_str_eq(l.v[0].sha512_url, BASE "/white/2026/a.json.sha512");
	/* no hash linked: its .sha256 is asked */
	ck_assert_str_eq(l.v[1].url, BASE "/white/2026/b.json");
	ck_assert_str_eq(l.v[1].sha256_url, BASE "/white/2026/b.json.sha256");
	ck_assert_ptr_null(l.v[1].sha512_url);
	csaf_listing_release(&l);
	ck_assert_int_eq(
	    csaf_rolie_parse(bad, strlen(bad), BASE "/f.json", 1 << 20, &l, &e),
	    ERR_PARSE);
	ck_assert_str_eq(e.msg, "not a ROLIE feed at /feed/entry/0: expected "
	                        "content.src and updated");
	csaf_listing_release(&l);
	ck_assert_int_eq(
	    csaf_rolie_parse("[1]", 3, BASE "/f.json", 1 << 20, &l, &e),
	    ERR_PARSE);
	csaf_listing_release(&l);
}
END_TEST

START_TEST(test_csaf_provider_changes_csv)
{
	static const char csv[] = "\"2026/b.json\",\"2026-01-03T00:00:00Z\"\n"
	                          "\"2025/a.json\",\"2025-12-01T00:00:00Z\"\n";
	static const char bad[] = "\"2026/b.json\",\"2026-01-03T00:00:00Z\"\n"
	                          "\"only-a-path.json\"\n";
	struct csaf_listing l;
	struct err e;

	csaf_listing_init(&l);
	err_clear(&e);
	ck_assert_int_eq(
	    csaf_changes_parse(csv, strlen(csv), BASE "/white/", &l, &e), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[1].url, BASE "/white/2025/a.json");
	ck_assert_str_eq(l.v[1].updated, "2025-12-01T00:00:00Z");
	ck_assert_str_eq(l.v[1].sha256_url, BASE "/white/2025/a.json.sha256");
	ck_assert_ptr_null(l.v[1].sha512_url);
	csaf_listing_release(&l);
	ck_assert_int_eq(
	    csaf_changes_parse(bad, strlen(bad), BASE "/white/", &l, &e),
	    ERR_PARSE);
	ck_assert_str_eq(e.msg,
	                 "changes.csv line 2: expected \"path\",\"time\"");
	csaf_listing_release(&l);
}
END_TEST

START_TEST(test_csaf_provider_hash_files)
{
	char hex[SHA512_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
	struct strbuf line;
	struct err e;

	err_clear(&e);
	sha256_hex("x", 1, want);
	strbuf_init(&line);
	strbuf_addf(&line, "%s  a.json\n", want);
	for (size_t i = 0; i < 10; i++) /* upper case is the same digest */
		if (line.buf[i] >= 'a' && line.buf[i] <= 'f')
			line.buf[i] = (char)(line.buf[i] - 'a' + 'A');
	ck_assert_int_eq(
	    csaf_hash_parse(line.buf, line.len, SHA256_HEX_LEN, hex, &e), 0);
	ck_assert_str_eq(hex, want);
	ck_assert_int_eq(
	    csaf_hash_parse(want, SHA256_HEX_LEN, SHA256_HEX_LEN, hex, &e), 0);
	/* a SHA-256 where a SHA-512 is wanted, a short one, none */
	ck_assert_int_eq(
	    csaf_hash_parse(line.buf, line.len, SHA512_HEX_LEN, hex, &e),
	    ERR_PARSE);
	ck_assert_int_eq(csaf_hash_parse(want, 10, SHA256_HEX_LEN, hex, &e),
	                 ERR_PARSE);
	ck_assert_int_eq(csaf_hash_parse("<html>", 6, SHA256_HEX_LEN, hex, &e),
	                 ERR_PARSE);
	strbuf_release(&line);
}
END_TEST

START_TEST(test_csaf_provider_is_a_source_driver)
{
	const struct feed_ops *ops = feed_find("csaf");

	ck_assert_ptr_eq(ops, &feed_csaf_source_ops);
	ck_assert(ops->is_provider);
	ck_assert(feed_serves(ops, "csaf"));
	ck_assert(!feed_takes_writes(ops));
}
END_TEST

START_TEST(test_csaf_provider_seen_documents_are_kept_per_source)
{
	struct store *s = test_store_with_org();
	char *updated = NULL;
	struct err e;

	err_clear(&e);
	ck_assert_int_eq(
	    store_csaf_seen_get(s, "prov", BASE "/a.json", &updated, &e), 0);
	ck_assert_ptr_null(updated);
	ck_assert_int_eq(
	    store_csaf_seen_put(s, "prov", BASE "/a.json", "t1", &e), 0);
	ck_assert_int_eq(
	    store_csaf_seen_put(s, "prov", BASE "/a.json", "t2", &e), 0);
	ck_assert_int_eq(
	    store_csaf_seen_get(s, "prov", BASE "/a.json", &updated, &e), 0);
	ck_assert_str_eq(updated, "t2");
	free(updated);
	ck_assert_int_eq(
	    store_csaf_seen_get(s, "other", BASE "/a.json", &updated, &e), 0);
	ck_assert_ptr_null(updated);
	store_close(s);
}
END_TEST

Suite *
csaf_provider_suite(void)
{
	Suite *s = suite_create("csaf_provider");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_csaf_provider_urls_resolve);
	tcase_add_test(tc,
	               test_csaf_provider_metadata_lists_feeds_and_directories);
	tcase_add_test(tc, test_csaf_provider_rolie_entries_and_their_hashes);
	tcase_add_test(tc, test_csaf_provider_changes_csv);
	tcase_add_test(tc, test_csaf_provider_hash_files);
	tcase_add_test(tc, test_csaf_provider_is_a_source_driver);
	tcase_add_test(tc,
	               test_csaf_provider_seen_documents_are_kept_per_source);
	suite_add_tcase(s, tc);
	return s;
}
