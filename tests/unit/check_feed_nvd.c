/*
 * The NVD CVE API 2.0 adapter: every real response of the fixtures (counts
 * checked against the files), the field mapping of a whole record, the
 * choice of the shown metric, paging, and bad records and envelopes.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/feed/feed.h"
#include "testutil.h"

#define NVD_DIR "nvd/api2_responses/"

/* A fixture's expected figures, counted in the file with jq/python. */
struct nvd_fixture {
	const char *name;
	size_t records, kev, metrics, refs, configs, cpes, es, cwes;
};

static const struct nvd_fixture fixtures[] = {
    {"nvdlib_CVE-2017-7542.json", 1, 0, 2, 12, 1, 1, 1, 2},
    {"nvdlib_CVE-2021-26855.json", 1, 1, 2, 5, 1, 24, 1, 1},
    {"nvdlib_CVE-2021-45357.json", 1, 0, 2, 1, 1, 1, 1, 1},
    {"nvdlib_search_full_page.json", 47, 5, 123, 97, 135, 303, 47, 69},
    {"nvdlib_simple_search.json", 2, 0, 5, 4, 2, 2, 2, 2},
};

/* The fixture's bytes (owned), or NULL when the folder is absent. */
static char *
fixture(const char *name, size_t *len)
{
	const char *dir = test_fixtures();
	struct strbuf path;
	char *buf = NULL;

	if (!dir) {
		test_skip("no $CENTINELA_FIXTURES folder (the NVD fixtures)");
		return NULL;
	}
	strbuf_init(&path);
	strbuf_addf(&path, "%s/" NVD_DIR "%s", dir, name);
	ck_assert_msg(fs_read_file(path.buf, 16 << 20, &buf, len, NULL) == 0,
	              "cannot read %s", path.buf);
	strbuf_release(&path);
	return buf;
}

static int
parse_len(const char *bytes, size_t len, struct feed_batch *b, struct err *e)
{
	feed_batch_init(b);
	b->source = "nvd";
	err_clear(e);
	return feed_nvd_ops.parse(bytes, len, "cves", b, e);
}

static int
parse(const char *json, struct feed_batch *b, struct err *e)
{
	return parse_len(json, strlen(json), b, e);
}

/* Parse fixture name into b; false when the fixtures are absent. */
static bool
parse_fixture(const char *name, struct feed_batch *b)
{
	struct err e;
	size_t len;
	char *buf = fixture(name, &len);

	if (!buf)
		return false;
	ck_assert_msg(parse_len(buf, len, b, &e) == 0, "%s: %s", name, e.msg);
	free(buf);
	return true;
}

static int64_t
iso(const char *s)
{
	int64_t t = 0;

	ck_assert_int_eq(time_parse_iso8601(s, &t), 0);
	return t;
}

START_TEST(test_feed_nvd_fixture_counts)
{
	const struct nvd_fixture *f = &fixtures[_i];
	size_t kev = 0, metrics = 0, refs = 0, configs = 0, cpes = 0, es = 0;
	size_t cwes = 0;
	struct feed_batch b;

	if (!parse_fixture(f->name, &b))
		return;
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.n_items, f->records);
	ck_assert_uint_eq(b.n_vulnerabilities, f->records);
	ck_assert(!b.has_more);
	ck_assert_ptr_null(b.next_cursor);
	for (size_t i = 0; i < b.n_vulnerabilities; i++) {
		const struct vulnerability *v = &b.vulnerabilities[i];

		ck_assert_uint_eq(b.vulnerability_items[i], i);
		ck_assert(cve_id_valid(v->cve_id));
		ck_assert_str_eq(v->meta.remote_id, v->cve_id);
		ck_assert_str_eq(v->meta.source, "nvd");
		ck_assert_ptr_nonnull(v->description);
		ck_assert_ptr_nonnull(v->vuln_status);
		ck_assert_int_gt(v->published_at, 0);
		ck_assert_int_ge(v->last_modified_at, v->published_at);
		ck_assert(v->cvss_score >= 0 && v->cvss_score <= 10);
		kev += v->is_kev;
		metrics += v->n_metrics;
		refs += v->n_refs;
		configs += v->n_configs;
		cpes += v->n_cpes;
		es += v->description_es != NULL;
		cwes += v->n_cwes;
	}
	ck_assert_uint_eq(kev, f->kev);
	ck_assert_uint_eq(metrics, f->metrics);
	ck_assert_uint_eq(refs, f->refs);
	ck_assert_uint_eq(configs, f->configs);
	ck_assert_uint_eq(cpes, f->cpes);
	ck_assert_uint_eq(es, f->es);
	ck_assert_uint_eq(cwes, f->cwes);
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_nvd_field_mapping)
{
	const struct vulnerability *v;
	const struct cpe_config *c;
	struct feed_batch b;

	if (!parse_fixture("nvdlib_CVE-2021-26855.json", &b))
		return;
	ck_assert_uint_eq(b.n_vulnerabilities, 1);
	v = &b.vulnerabilities[0];
	ck_assert_str_eq(v->cve_id, "CVE-2021-26855");
	ck_assert_str_eq(v->source_identifier, "secure@microsoft.com");
	/* no zone in the record: UTC */
	ck_assert_int_eq(v->published_at, iso("2021-03-03T00:15:12Z"));
	ck_assert_int_eq(v->last_modified_at, iso("2022-07-12T17:42:04Z"));
	ck_assert_str_eq(v->vuln_status, "Analyzed");
	/* the KEV listing, as the catalog's fields */
	ck_assert(v->is_kev);
	ck_assert_int_eq(v->kev_added_at, iso("2021-11-03"));
	ck_assert_int_eq(v->kev_due_at, iso("2021-04-16"));
	ck_assert_str_eq(v->kev_action,
	                 "Apply updates per vendor instructions.");
	ck_assert_str_eq(v->title, "Microsoft OWA Exchange Control Panel "
	                           "(ECP) Exploit Chain");
	ck_assert(!v->is_ransomware);
	ck_assert_ptr_null(v->vendor);
	ck_assert(strncmp(v->description,
	                  "Microsoft Exchange Server Remote Code Execution "
	                  "Vulnerability This CVE ID",
	                  71) == 0);
	ck_assert(strncmp(v->description_es,
	                  "Una Vulnerabilidad de Ejecuci\xc3\xb3n de c\xc3\xb3"
	                  "digo remota",
	                  40) == 0);
	/* metrics: V31 then V2; the shown one the V3.1 primary */
	ck_assert_uint_eq(v->n_metrics, 2);
	ck_assert_str_eq(v->metrics[0].version, "3.1");
	ck_assert_str_eq(v->metrics[0].vector,
	                 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	ck_assert_double_eq(v->metrics[0].base_score, 9.8);
	ck_assert_str_eq(v->metrics[0].severity, "CRITICAL");
	ck_assert_str_eq(v->metrics[0].source, "nvd@nist.gov");
	ck_assert(v->metrics[0].is_primary);
	ck_assert_str_eq(v->metrics[1].version, "2.0");
	ck_assert_str_eq(v->metrics[1].vector, "AV:N/AC:L/Au:N/C:P/I:P/A:P");
	ck_assert_double_eq(v->metrics[1].base_score, 7.5);
	/* v2's severity sits beside cvssData */
	ck_assert_str_eq(v->metrics[1].severity, "HIGH");
	ck_assert(v->metrics[1].is_primary);
	ck_assert_double_eq(v->cvss_score, 9.8);
	ck_assert_str_eq(v->cvss_vector,
	                 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	ck_assert_uint_eq(v->n_cwes, 1);
	ck_assert_str_eq(v->cwes[0], "CWE-918");
	ck_assert_uint_eq(v->n_refs, 5);
	ck_assert_str_eq(v->refs[0].url,
	                 "http://packetstormsecurity.com/files/161846/"
	                 "Microsoft-Exchange-2019-SSRF-Arbitrary-File-Write."
	                 "html");
	ck_assert_str_eq(v->refs[0].source, "secure@microsoft.com");
	ck_assert_str_eq(v->refs[0].tags,
	                 "Exploit, Third Party Advisory, VDB Entry");
	ck_assert_str_eq(v->refs[4].tags, "Patch, Vendor Advisory");
	/* one configuration, one OR node of 24 matches, and the flat list */
	ck_assert_uint_eq(v->n_configs, 1);
	c = &v->configs[0];
	ck_assert_int_eq(c->op, CPE_OP_OR);
	ck_assert(!c->negate);
	ck_assert_uint_eq(c->n_nodes, 1);
	ck_assert_int_eq(c->nodes[0].op, CPE_OP_OR);
	ck_assert(!c->nodes[0].negate);
	ck_assert_uint_eq(c->nodes[0].n_matches, 24);
	ck_assert_str_eq(c->nodes[0].matches[23].criteria,
	                 "cpe:2.3:a:microsoft:exchange_server:2019:"
	                 "cumulative_update_8:*:*:*:*:*:*");
	ck_assert_str_eq(c->nodes[0].matches[23].match_criteria_id,
	                 "44ECF39A-1DE1-4870-A494-06A53494338D");
	ck_assert_uint_eq(v->n_cpes, 24);
	for (size_t i = 0; i < 24; i++) {
		ck_assert_str_eq(v->cpes[i].criteria,
		                 c->nodes[0].matches[i].criteria);
		ck_assert(v->cpes[i].is_vulnerable);
		ck_assert_ptr_null(v->cpes[i].version_end_excl);
	}
	feed_batch_release(&b);
}
END_TEST

/* Bounds, a running-on configuration and a secondary v3.0 metric. */
START_TEST(test_feed_nvd_bounds_and_running_on)
{
	const struct vulnerability *v;
	const struct cpe_config *c;
	struct feed_batch b;

	if (!parse_fixture("nvdlib_CVE-2017-7542.json", &b))
		return;
	v = &b.vulnerabilities[0];
	ck_assert_str_eq(v->cpes[0].criteria,
	                 "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*");
	ck_assert_str_eq(v->cpes[0].version_end_incl, "4.12.3");
	ck_assert_ptr_null(v->cpes[0].version_start_incl);
	ck_assert_str_eq(v->configs[0].nodes[0].matches[0].bounds.end_including,
	                 "4.12.3");
	/* CWE-190 given by two sources is kept once */
	ck_assert_uint_eq(v->n_cwes, 2);
	ck_assert_str_eq(v->cwes[0], "CWE-190");
	ck_assert_str_eq(v->cwes[1], "CWE-835");
	ck_assert_str_eq(v->metrics[0].version, "3.0");
	ck_assert_double_eq(v->cvss_score, 5.5);
	feed_batch_release(&b);

	if (!parse_fixture("nvdlib_search_full_page.json", &b))
		return;
	/* CVE-2022-0558: the V3.0 Secondary 9.8 is not the one shown */
	v = &b.vulnerabilities[1];
	ck_assert_str_eq(v->cve_id, "CVE-2022-0558");
	ck_assert_uint_eq(v->n_metrics, 3);
	ck_assert_double_eq(v->cvss_score, 5.4);
	ck_assert(!v->metrics[1].is_primary);
	ck_assert_double_eq(v->metrics[1].base_score, 9.8);
	/* CVE-2022-20699: firmware running on hardware */
	v = &b.vulnerabilities[19];
	ck_assert_str_eq(v->cve_id, "CVE-2022-20699");
	ck_assert(v->is_kev);
	ck_assert_int_eq(v->kev_added_at, iso("2022-03-03"));
	ck_assert_uint_eq(v->n_configs, 4);
	c = &v->configs[0];
	ck_assert_int_eq(c->op, CPE_OP_AND);
	ck_assert_uint_eq(c->n_nodes, 2);
	ck_assert(c->nodes[0].matches[0].is_vulnerable);
	ck_assert_str_eq(c->nodes[0].matches[0].bounds.end_including,
	                 "1.0.03.24");
	ck_assert(!c->nodes[1].matches[0].is_vulnerable);
	ck_assert_str_eq(c->nodes[1].matches[0].criteria,
	                 "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*");
	ck_assert(!v->cpes[1].is_vulnerable);
	/* NVD-CWE-noinfo is kept as a weakness */
	v = &b.vulnerabilities[5];
	ck_assert_str_eq(v->cve_id, "CVE-2021-37613");
	ck_assert_uint_eq(v->n_cwes, 1);
	ck_assert_str_eq(v->cwes[0], "NVD-CWE-noinfo");
	feed_batch_release(&b);
}
END_TEST

#define ENVELOPE(start, per, total, records)                                   \
	"{\"resultsPerPage\": " per ", \"startIndex\": " start                 \
	", \"totalResults\": " total ", \"format\": \"NVD_CVE\", "             \
	"\"version\": \"2.0\", \"timestamp\": \"2023-03-14T17:08:31.140\", "   \
	"\"vulnerabilities\": [" records "]}"

#define RECORD(id, extra)                                                      \
	"{\"cve\": {\"id\": \"" id "\", \"published\": "                       \
	"\"2023-01-02T03:04:05.678\", \"lastModified\": "                      \
	"\"2023-02-02T03:04:05.000\", \"vulnStatus\": \"Analyzed\", "          \
	"\"descriptions\": [{\"lang\": \"en\", \"value\": \"d\"}]" extra "}}"

START_TEST(test_feed_nvd_paging)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(parse(ENVELOPE("0", "2", "5",
	                                RECORD("CVE-2023-0001", "") "," RECORD(
	                                    "CVE-2023-0002", "")),
	                       &b, &e),
	                 0);
	ck_assert_uint_eq(b.n_vulnerabilities, 2);
	ck_assert(b.has_more);
	ck_assert_str_eq(b.next_cursor, "2");
	feed_batch_release(&b);

	ck_assert_int_eq(parse(ENVELOPE("2", "2", "5",
	                                RECORD("CVE-2023-0003", "") "," RECORD(
	                                    "CVE-2023-0004", "")),
	                       &b, &e),
	                 0);
	ck_assert(b.has_more);
	ck_assert_str_eq(b.next_cursor, "4");
	feed_batch_release(&b);

	/* the last page, and an empty answer */
	ck_assert_int_eq(
	    parse(ENVELOPE("4", "1", "5", RECORD("CVE-2023-0005", "")), &b, &e),
	    0);
	ck_assert(!b.has_more);
	ck_assert_ptr_null(b.next_cursor);
	feed_batch_release(&b);
	ck_assert_int_eq(parse(ENVELOPE("0", "0", "0", ""), &b, &e), 0);
	ck_assert(!b.has_more);
	ck_assert_uint_eq(b.n_items, 0);
	feed_batch_release(&b);
}
END_TEST

/* Metrics of a record: only secondaries, and a v4.0 one. */
START_TEST(test_feed_nvd_metric_choice)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(
	    parse(
	        ENVELOPE(
	            "0", "1", "1",
	            RECORD("CVE-2024-0001",
	                   ", \"metrics\": {\"cvssMetricV31\": [{\"source\": "
	                   "\"a\", \"type\": \"Secondary\", \"cvssData\": "
	                   "{\"version\": \"3.1\", \"vectorString\": \"V31\", "
	                   "\"baseScore\": 7.0, \"baseSeverity\": \"HIGH\"}}],"
	                   " \"cvssMetricV40\": [{\"source\": \"b\", \"type\":"
	                   " \"Secondary\", \"cvssData\": {\"version\": "
	                   "\"4.0\", \"vectorString\": \"V40\", \"baseScore\":"
	                   " 6.5, \"baseSeverity\": \"MEDIUM\"}}]}")),
	        &b, &e),
	    0);
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.vulnerabilities[0].n_metrics, 2);
	/* no primary: the highest version */
	ck_assert_str_eq(b.vulnerabilities[0].metrics[0].version, "4.0");
	ck_assert_str_eq(b.vulnerabilities[0].cvss_vector, "V40");
	ck_assert_double_eq(b.vulnerabilities[0].cvss_score, 6.5);
	/* no metrics at all: unknown; no cisa fields: not in KEV */
	ck_assert(!b.vulnerabilities[0].is_kev);
	feed_batch_release(&b);
	ck_assert_int_eq(
	    parse(ENVELOPE("0", "1", "1", RECORD("CVE-2024-0002", "")), &b, &e),
	    0);
	ck_assert(b.vulnerabilities[0].cvss_score < 0);
	ck_assert_ptr_null(b.vulnerabilities[0].cvss_vector);
	ck_assert_ptr_null(b.vulnerabilities[0].description_es);
	feed_batch_release(&b);
}
END_TEST

/* A bad field in the middle record: it is named, the others kept. */
static const struct {
	const char *extra;   /* members added to the record */
	const char *message; /* the error after the label */
} bad_fields[] = {
    {", \"published\": \"yesterday\"",
     "field 'published': invalid date-time 'yesterday'"},
    {", \"cisaExploitAdd\": \"2021-13-45\"",
     "field 'cisaExploitAdd': invalid date"},
    {", \"descriptions\": {}", "field 'descriptions' must be an array"},
    {", \"metrics\": {\"cvssMetricV31\": [{\"cvssData\": {\"version\": "
     "\"3.1\", \"vectorString\": \"x\", \"baseScore\": 11}}]}",
     "field 'metrics.cvssMetricV31[0].cvssData.baseScore' must be a number "
     "from 0 to 10"},
    {", \"metrics\": {\"cvssMetricV2\": [{\"type\": \"Primary\"}]}",
     "missing field 'metrics.cvssMetricV2[0].cvssData'"},
    {", \"references\": [{\"source\": \"a\"}]",
     "missing field 'references[0].url'"},
    {", \"weaknesses\": [{\"description\": [{\"lang\": \"en\"}]}]",
     "missing field 'weaknesses[0].description[0].value'"},
    {", \"configurations\": [{\"nodes\": [{\"operator\": \"XOR\", "
     "\"cpeMatch\": []}]}]",
     "configurations[0].nodes[0]"},
    {", \"configurations\": [{\"nodes\": [{\"operator\": \"OR\", "
     "\"cpeMatch\": [{\"vulnerable\": true, \"criteria\": \"cpe:2.3:a\", "
     "\"matchCriteriaId\": \"X\"}]}]}]",
     "configurations[0].nodes[0].cpeMatch[0]: criterion"},
};

START_TEST(test_feed_nvd_bad_records)
{
	static const char prefix[] = "item 2 (\"id\": \"CVE-2023-0002\"): ";
	struct strbuf doc;
	struct feed_batch b;
	struct err e;

	strbuf_init(&doc);
	strbuf_adds(&doc,
	            "{\"resultsPerPage\": 3, \"startIndex\": 0, "
	            "\"totalResults\": 3, \"format\": \"NVD_CVE\", "
	            "\"vulnerabilities\": [" RECORD("CVE-2023-0001", "") ",");
	strbuf_addf(&doc,
	            "{\"cve\": {\"id\": \"CVE-2023-0002\", \"vulnStatus\": "
	            "\"Analyzed\"%s}},",
	            bad_fields[_i].extra);
	strbuf_adds(&doc, RECORD("CVE-2023-0003", "") "]}");
	ck_assert_msg(parse(doc.buf, &b, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(b.n_items, 3);
	ck_assert_uint_eq(b.n_vulnerabilities, 2);
	ck_assert_str_eq(b.vulnerabilities[0].cve_id, "CVE-2023-0001");
	ck_assert_str_eq(b.vulnerabilities[1].cve_id, "CVE-2023-0003");
	ck_assert_uint_eq(b.vulnerability_items[1], 2);
	ck_assert_uint_eq(b.n_errors, 1);
	ck_assert_uint_eq(b.errors[0].index, 1);
	ck_assert_msg(strncmp(b.errors[0].message, prefix, strlen(prefix)) == 0,
	              "%s", b.errors[0].message);
	ck_assert_msg(strstr(b.errors[0].message, bad_fields[_i].message), "%s",
	              b.errors[0].message);
	feed_batch_release(&b);
	strbuf_release(&doc);
}
END_TEST

START_TEST(test_feed_nvd_bad_ids)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(parse(ENVELOPE("0", "3", "3",
	                                "{\"cve\": {\"id\": \"CVE-21-1\"}}, "
	                                "{\"nocve\": 1}, 7"),
	                       &b, &e),
	                 0);
	ck_assert_uint_eq(b.n_vulnerabilities, 0);
	ck_assert_uint_eq(b.n_errors, 3);
	ck_assert_str_eq(b.errors[0].message,
	                 "item 1 (\"id\": \"CVE-21-1\"): field 'id': invalid "
	                 "CVE id 'CVE-21-1' (expected CVE-YYYY-NNNN)");
	ck_assert_str_eq(b.errors[1].message, "item 2: missing field 'cve'");
	ck_assert_str_eq(b.errors[2].message,
	                 "item 3: expected an object, not a number");
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_nvd_bad_envelopes)
{
	static const struct {
		const char *doc, *message;
	} cases[] = {
	    {"[]", "invalid JSON at line 1, column 1: '{' expected near '['"},
	    {"{\"format\": \"NVD_CPE\", \"vulnerabilities\": []}",
	     "NVD response: 'format' must be \"NVD_CVE\""},
	    {"{\"format\": \"NVD_CVE\", \"resultsPerPage\": 1, \"startIndex\": "
	     "0, \"totalResults\": 1}",
	     "expected a page {\"vulnerabilities\": [...]}, not an object "
	     "without 'vulnerabilities'"},
	    {"{\"format\": \"NVD_CVE\", \"resultsPerPage\": 1, \"startIndex\": "
	     "0, \"totalResults\": 1, \"vulnerabilities\": {\"cve\": {}}}",
	     "NVD response: 'vulnerabilities' must be an array, not an object"},
	    {"{\"format\": \"NVD_CVE\", \"vulnerabilities\": [], "
	     "\"startIndex\": 0, \"totalResults\": 1}",
	     "NVD response: missing required member 'resultsPerPage'"},
	    {"{\"format\": \"NVD_CVE\", \"vulnerabilities\": [], "
	     "\"resultsPerPage\": 1, \"startIndex\": \"0\", \"totalResults\": "
	     "1}",
	     "NVD response: 'startIndex' must be a non-negative integer, not a "
	     "string"},
	    {"{\"format\": ", "invalid JSON"},
	};
	struct feed_batch b;
	struct err e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(parse(cases[i].doc, &b, &e), ERR_PARSE);
		ck_assert_msg(strstr(e.msg, cases[i].message), "%s", e.msg);
		ck_assert_uint_eq(b.n_vulnerabilities, 0);
		feed_batch_release(&b);
	}
	feed_batch_init(&b);
	ck_assert_int_eq(feed_nvd_ops.parse("{}", 2, "cpes", &b, &e),
	                 ERR_INVALID);
	feed_batch_release(&b);
	ck_assert_ptr_eq(feed_find("nvd"), &feed_nvd_ops);
}
END_TEST

/* Read as it arrives, in pieces of any size: the same records. */
START_TEST(test_feed_nvd_streamed_in_pieces)
{
	struct feed_batch whole, b;
	struct feed_stream *fs = NULL;
	struct err e;
	size_t len;
	char *buf = fixture("nvdlib_search_full_page.json", &len);

	if (!buf)
		return;
	ck_assert_int_eq(parse_len(buf, len, &whole, &e), 0);
	feed_batch_init(&b);
	b.source = "nvd";
	ck_assert_int_eq(feed_stream_open(&feed_nvd_ops, "cves", &b, &fs, &e),
	                 0);
	for (size_t off = 0; off < len; off += 7)
		ck_assert_msg(feed_stream_push(fs, buf + off,
		                               len - off < 7 ? len - off : 7,
		                               &e) == 0,
		              "%s", e.msg);
	ck_assert_msg(feed_stream_finish(fs, &e) == 0, "%s", e.msg);
	feed_stream_free(fs);
	ck_assert_uint_eq(b.n_vulnerabilities, whole.n_vulnerabilities);
	ck_assert_uint_eq(b.n_items, 47);
	for (size_t i = 0; i < b.n_vulnerabilities; i++) {
		ck_assert_str_eq(b.vulnerabilities[i].cve_id,
		                 whole.vulnerabilities[i].cve_id);
		ck_assert_uint_eq(b.vulnerabilities[i].n_cpes,
		                  whole.vulnerabilities[i].n_cpes);
	}
	feed_batch_release(&b);
	feed_batch_release(&whole);
	free(buf);
}
END_TEST

Suite *
feed_nvd_suite(void)
{
	Suite *s = suite_create("feed_nvd");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_feed_nvd_fixture_counts, 0,
	                    sizeof(fixtures) / sizeof(fixtures[0]));
	tcase_add_test(tc, test_feed_nvd_field_mapping);
	tcase_add_test(tc, test_feed_nvd_bounds_and_running_on);
	tcase_add_test(tc, test_feed_nvd_paging);
	tcase_add_test(tc, test_feed_nvd_metric_choice);
	tcase_add_loop_test(tc, test_feed_nvd_bad_records, 0,
	                    sizeof(bad_fields) / sizeof(bad_fields[0]));
	tcase_add_test(tc, test_feed_nvd_bad_ids);
	tcase_add_test(tc, test_feed_nvd_bad_envelopes);
	tcase_add_test(tc, test_feed_nvd_streamed_in_pieces);
	suite_add_tcase(s, tc);
	return s;
}
