/* Tests for the CSAF provider directory's files (src/export/csaf_dir.c). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/export/csaf_dir.h"

#include "suites.h"
#include "testutil.h"

static const struct csaf_publisher pub = {"CSIRT Nacional",
                                          "https://csirt.example.mx"};
static const struct csaf_dir_site site = {
    "https://csirt.example.mx/.well-known/csaf", &pub};

/* 2026-03-01T10:00:00Z, 2026-03-02T10:00:00Z, ... */
#define DAY(n) ((int64_t)1772359200 + ((n)-1) * 86400)

static void
check_name(const char *id, const char *want)
{
	char *got = csaf_dir_filename(id);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

/* CSAF 2.0 section 5.1: lower case, each run of other characters one
 * "_", ".json"; its examples first. */
START_TEST(test_csaf_dir_filename_rule)
{
	check_name("cisco-sa-20190513-secureboot",
	           "cisco-sa-20190513-secureboot.json");
	check_name("Example Company - 2019-YH3234",
	           "example_company_-_2019-yh3234.json");
	check_name("RHBA-2019:0024", "rhba-2019_0024.json");
	check_name("2022_#01-A", "2022_01-a.json");
	check_name("MX-SA-2026-0007", "mx-sa-2026-0007.json");
	check_name("A+B", "a+b.json");
	/* nothing of an id leads out of its folder */
	check_name("../../etc/passwd", "_etc_passwd.json");
	check_name("..", "_.json");
	/* a multi-byte character is one run */
	check_name("\xc3\x91"
	           "and\xc3\xba-1",
	           "_and_-1.json");
	ck_assert_ptr_null(csaf_dir_filename(""));
	ck_assert_ptr_null(csaf_dir_filename(NULL));
	ck_assert_str_eq(csaf_dir_folder(TLP_CLEAR), "white");
	ck_assert_str_eq(csaf_dir_folder(TLP_GREEN), "green");
	ck_assert_str_eq(csaf_dir_folder(TLP_AMBER), "amber");
	ck_assert_str_eq(csaf_tlp_label(TLP_CLEAR), "WHITE");
	ck_assert_str_eq(csaf_tlp_label(TLP_AMBER_STRICT), "AMBER");
}
END_TEST

/* Render with fn into a string (owned). */
static char *
rendered(int (*fn)(FILE *, const struct csaf_dir_entry *, size_t, struct err *),
         const struct csaf_dir_entry *en, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct err e;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fn(f, en, n, &e), 0);
	fclose(f);
	return buf;
}

static struct csaf_dir_entry entries[] = {
    {"MX-SA-2026-0001", "One", "Patch now", "2026/mx-sa-2026-0001.json", DAY(1),
     DAY(3)},
    {"MX-SA-2025-0009", "Old", NULL, "2025/mx-sa-2025-0009.json", DAY(1),
     DAY(1)},
    {"MX-SA-2026-0002", "Two", NULL, "2026/mx-sa-2026-0002.json", DAY(2),
     DAY(3)},
};

/* changes.csv: newest current_release_date first, ties by path, quoted,
 * no heading; index.txt: the paths sorted, whatever their dates. */
START_TEST(test_csaf_dir_index_and_changes)
{
	struct csaf_dir_entry en[3];
	char *text, *line;

	memcpy(en, entries, sizeof(en));
	csaf_dir_sort(en, 3);
	text = rendered(csaf_dir_changes, en, 3);
	ck_assert_str_eq(
	    text, "\"2026/mx-sa-2026-0001.json\",\"2026-03-03T10:00:00Z\"\n"
	          "\"2026/mx-sa-2026-0002.json\",\"2026-03-03T10:00:00Z\"\n"
	          "\"2025/mx-sa-2025-0009.json\",\"2026-03-01T10:00:00Z\"\n");
	free(text);
	csaf_dir_sort_paths(en, 3);
	text = rendered(csaf_dir_index, en, 3);
	ck_assert_str_eq(text, "2025/mx-sa-2025-0009.json\n"
	                       "2026/mx-sa-2026-0001.json\n"
	                       "2026/mx-sa-2026-0002.json\n");
	free(text);
	text = rendered(csaf_dir_index, en, 0);
	ck_assert_str_eq(text, "");
	free(text);
	line = csaf_dir_hash_line("ab12", "x.json");
	ck_assert_str_eq(line, "ab12  x.json\n");
	free(line);
}
END_TEST

static json_t *
parsed(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &je);

	ck_assert_msg(j != NULL, "not JSON: %s", je.text);
	return j;
}

static const char *
sget(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_string(v), "no string %s", key);
	return json_string_value(v);
}

/* The ROLIE feed: the members requirement 15 and the CSAF ROLIE schema
 * ask for, hash links to both hash files, and its time read back. */
START_TEST(test_csaf_dir_rolie_feed)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_t *doc, *feed, *entry, *links;
	int64_t stamp = 0;
	struct err e;

	ck_assert_int_eq(
	    csaf_dir_feed(f, &site, TLP_GREEN, entries, 2, DAY(5), &e), 0);
	fclose(f);
	doc = parsed(buf);
	feed = json_object_get(doc, "feed");
	ck_assert_str_eq(sget(feed, "id"), "csaf-feed-tlp-green");
	ck_assert_str_eq(sget(feed, "title"),
	                 "CSIRT Nacional CSAF feed (TLP:GREEN)");
	ck_assert_str_eq(
	    sget(json_array_get(json_object_get(feed, "link"), 0), "href"),
	    "https://csirt.example.mx/.well-known/csaf/green/"
	    "csaf-feed-tlp-green.json");
	ck_assert_str_eq(
	    sget(json_array_get(json_object_get(feed, "category"), 0), "term"),
	    "csaf");
	ck_assert_str_eq(sget(feed, "updated"), "2026-03-05T10:00:00Z");
	ck_assert_uint_eq(json_array_size(json_object_get(feed, "entry")), 2);
	entry = json_array_get(json_object_get(feed, "entry"), 0);
	ck_assert_str_eq(sget(entry, "id"), "MX-SA-2026-0001");
	ck_assert_str_eq(sget(entry, "title"), "One");
	ck_assert_str_eq(sget(entry, "published"), "2026-03-01T10:00:00Z");
	ck_assert_str_eq(sget(entry, "updated"), "2026-03-03T10:00:00Z");
	ck_assert_str_eq(sget(json_object_get(entry, "summary"), "content"),
	                 "Patch now");
	links = json_object_get(entry, "link");
	ck_assert_uint_eq(json_array_size(links), 3);
	ck_assert_str_eq(sget(json_array_get(links, 0), "rel"), "self");
	ck_assert_str_eq(sget(json_array_get(links, 0), "href"),
	                 "https://csirt.example.mx/.well-known/csaf/green/2026/"
	                 "mx-sa-2026-0001.json");
	ck_assert_str_eq(sget(json_array_get(links, 1), "rel"), "hash");
	ck_assert_str_eq(sget(json_array_get(links, 2), "href"),
	                 "https://csirt.example.mx/.well-known/csaf/green/2026/"
	                 "mx-sa-2026-0001.json.sha512");
	ck_assert_str_eq(sget(json_object_get(entry, "content"), "src"),
	                 sget(json_array_get(links, 0), "href"));
	ck_assert_str_eq(sget(json_object_get(entry, "content"), "type"),
	                 "application/json");
	ck_assert_str_eq(sget(json_object_get(entry, "format"), "version"),
	                 "2.0");
	/* no summary given: none written */
	ck_assert_ptr_null(json_object_get(
	    json_array_get(json_object_get(feed, "entry"), 1), "summary"));
	ck_assert_int_eq(csaf_dir_stamp(buf, len, &stamp), 0);
	ck_assert_int_eq(stamp, DAY(5));
	json_decref(doc);
	free(buf);
}
END_TEST

/* provider-metadata.json: what the provider schema requires, a feed and
 * a directory URL per TLP folder, and what it cannot do without. */
START_TEST(test_csaf_dir_provider_metadata)
{
	static const enum tlp tlps[] = {TLP_CLEAR, TLP_GREEN, TLP_AMBER};
	const struct csaf_dir_site bare = {NULL, &pub};
	const struct csaf_publisher nobody = {NULL, NULL};
	const struct csaf_dir_site anonymous = {site.base_url, &nobody};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_t *doc, *dists, *feeds;
	int64_t stamp = 0;
	struct err e;

	ck_assert_int_eq(csaf_dir_metadata(f, &site, tlps, 3, DAY(4), &e), 0);
	fclose(f);
	doc = parsed(buf);
	ck_assert_str_eq(sget(doc, "canonical_url"),
	                 "https://csirt.example.mx/.well-known/csaf/"
	                 "provider-metadata.json");
	ck_assert_str_eq(sget(doc, "metadata_version"), "2.0");
	ck_assert_str_eq(sget(doc, "role"), "csaf_provider");
	ck_assert_str_eq(sget(doc, "last_updated"), "2026-03-04T10:00:00Z");
	ck_assert(
	    json_is_true(json_object_get(doc, "list_on_CSAF_aggregators")));
	ck_assert(
	    json_is_true(json_object_get(doc, "mirror_on_CSAF_aggregators")));
	ck_assert_str_eq(sget(json_object_get(doc, "publisher"), "namespace"),
	                 "https://csirt.example.mx");
	ck_assert_str_eq(sget(json_object_get(doc, "publisher"), "category"),
	                 "coordinator");
	dists = json_object_get(doc, "distributions");
	ck_assert_uint_eq(json_array_size(dists), 4);
	ck_assert_str_eq(sget(json_array_get(dists, 2), "directory_url"),
	                 "https://csirt.example.mx/.well-known/csaf/amber/");
	feeds = json_object_get(
	    json_object_get(json_array_get(dists, 3), "rolie"), "feeds");
	ck_assert_uint_eq(json_array_size(feeds), 3);
	ck_assert_str_eq(sget(json_array_get(feeds, 0), "tlp_label"), "WHITE");
	ck_assert_str_eq(sget(json_array_get(feeds, 2), "tlp_label"), "AMBER");
	ck_assert_str_eq(sget(json_array_get(feeds, 1), "url"),
	                 "https://csirt.example.mx/.well-known/csaf/green/"
	                 "csaf-feed-tlp-green.json");
	ck_assert_int_eq(csaf_dir_stamp(buf, len, &stamp), 0);
	ck_assert_int_eq(stamp, DAY(4));
	json_decref(doc);
	free(buf);
	/* no base URL, no publisher: refused, naming the setting */
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(csaf_dir_metadata(f, &bare, tlps, 3, DAY(4), &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "bulletin.base-url"));
	ck_assert_int_eq(
	    csaf_dir_feed(f, &anonymous, TLP_CLEAR, NULL, 0, DAY(4), &e),
	    ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "bulletin.publisher"));
	fclose(f);
	free(buf);
}
END_TEST

/* A CSAF document's time is its generator date; text that is none of
 * the three files has none. */
START_TEST(test_csaf_dir_stamp_of_a_document)
{
	static const char doc[] =
	    "{\"document\": {\"tracking\": {\"generator\": "
	    "{\"date\": \"2026-03-02T10:00:00Z\"}}}}";
	static const char dup[] =
	    "{\"last_updated\": \"2026-03-02T10:00:00Z\","
	    " \"last_updated\": \"2026-03-03T10:00:00Z\"}";
	int64_t stamp = 0;

	ck_assert_int_eq(csaf_dir_stamp(doc, strlen(doc), &stamp), 0);
	ck_assert_int_eq(stamp, DAY(2));
	ck_assert_int_eq(csaf_dir_stamp("{}", 2, &stamp), ERR_PARSE);
	ck_assert_int_eq(csaf_dir_stamp("not json", 8, &stamp), ERR_PARSE);
	ck_assert_int_eq(csaf_dir_stamp("{\"last_updated\": 5}", 19, &stamp),
	                 ERR_PARSE);
	ck_assert_int_eq(csaf_dir_stamp(dup, strlen(dup), &stamp), ERR_PARSE);
}
END_TEST

Suite *
csaf_dir_suite(void)
{
	Suite *s = suite_create("csaf_dir");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_csaf_dir_filename_rule);
	tcase_add_test(tc, test_csaf_dir_index_and_changes);
	tcase_add_test(tc, test_csaf_dir_rolie_feed);
	tcase_add_test(tc, test_csaf_dir_provider_metadata);
	tcase_add_test(tc, test_csaf_dir_stamp_of_a_document);
	suite_add_tcase(s, tc);
	return s;
}
