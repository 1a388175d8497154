/* The native JSON adapter: pages, bare arrays, per-item errors, limits. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/feed/feed.h"

/* A minimal valid alert with one field replaced by `extra` (JSON members). */
#define ALERT_BASE                                                                \
	"\"title\":\"t\",\"severity\":\"low\",\"taxonomy\":{\"class\":\"test\"}," \
	"\"feed\":{\"name\":\"f\"},\"observed_at\":\"2026-01-01T00:00:00Z\""

static int
parse(const char *json, const char *resource, struct feed_batch *b,
      struct err *e)
{
	feed_batch_init(b);
	err_clear(e);
	return feed_centinela_ops.parse(json, strlen(json), resource, b, e);
}

/* Parse one alert item and return its error message (or "" when good). */
static void
one_alert_error(const char *members, char *out, size_t outsz)
{
	struct feed_batch b;
	struct err e;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "[{\"id\":\"a-1\",%s}]", members);
	ck_assert_msg(parse(sb.buf, "alerts", &b, &e) == 0, "%s: %s", members,
	              e.msg);
	out[0] = '\0';
	if (b.n_errors)
		snprintf(out, outsz, "%s", b.errors[0].message);
	ck_assert_uint_eq(b.n_alerts + b.n_errors, 1);
	feed_batch_release(&b);
	strbuf_release(&sb);
}

static char *
data_file(const char *name, size_t *len)
{
	struct strbuf path;
	char *buf = NULL;
	const char *dir = getenv("CENTINELA_TESTDATA");
	int rc;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/import/%s", dir ? dir : "tests/data", name);
	rc = fs_read_file(path.buf, 1 << 20, &buf, len, NULL);
	ck_assert_msg(rc == 0, "cannot read %s", path.buf);
	strbuf_release(&path);
	return buf;
}

START_TEST(test_feed_centinela_good_page)
{
	struct feed_batch b;
	struct err e;
	size_t len;
	char *json = data_file("alerts.json", &len);
	const struct alert *a;

	feed_batch_init(&b);
	b.source = "central";
	ck_assert_int_eq(feed_centinela_ops.parse(json, len, "alerts", &b, &e),
	                 0);
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.n_alerts, 2);
	ck_assert_uint_eq(b.n_items, 2);
	ck_assert_ptr_null(b.next_cursor);
	ck_assert(!b.has_more);
	a = &b.alerts[0];
	ck_assert_str_eq(a->meta.source, "central");
	ck_assert_str_eq(a->meta.remote_id, "a-1001");
	ck_assert_int_eq(a->meta.version, 3);
	ck_assert_int_eq(a->severity, SEVERITY_HIGH);
	ck_assert_int_eq(a->tlp, TLP_AMBER);
	ck_assert_str_eq(a->taxonomy_class, "information-gathering");
	ck_assert_str_eq(a->taxonomy_type, "scanner");
	ck_assert_uint_eq(a->n_observables, 2);
	ck_assert_int_eq(a->observables[1].type, OBSERVABLE_ASN);
	ck_assert_str_eq(a->feed_name, "sensor-net");
	ck_assert_str_eq(a->feed_provider, "CSIRT");
	ck_assert_int_eq(a->observed_at, 1772360100);
	ck_assert_int_eq(a->received_at, 1772360190);
	ck_assert_str_eq(a->organization, "Comisión Federal de Electricidad");
	ck_assert_str_eq(a->asset, "scada-norte");
	/* Second alert: defaults, zone offset, received_at = observed_at. */
	a = &b.alerts[1];
	ck_assert_int_eq(a->tlp, TLP_AMBER);
	ck_assert_int_eq(a->status, ALERT_NEW);
	ck_assert_int_eq(a->observed_at, 1772460000);
	ck_assert_int_eq(a->received_at, a->observed_at);
	ck_assert_ptr_null(a->feed_provider);
	ck_assert_uint_eq(b.alert_items[1], 1);
	feed_batch_release(&b);
	free(json);
}
END_TEST

START_TEST(test_feed_centinela_page_cursor)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(parse("{\"data\":[],\"next_cursor\":\"c/2 x\","
	                       "\"has_more\":true}",
	                       "organizations", &b, &e),
	                 0);
	ck_assert_str_eq(b.next_cursor, "c/2 x");
	ck_assert(b.has_more);
	feed_batch_release(&b);
	ck_assert_int_eq(
	    parse("{\"data\":[],\"has_more\":true}", "alerts", &b, &e),
	    ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, "next_cursor"));
	feed_batch_release(&b);
	ck_assert_int_eq(parse("{\"items\":[]}", "alerts", &b, &e), ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, "without 'data'"));
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_bare_array)
{
	struct feed_batch b;
	struct err e;
	size_t len;
	char *json = data_file("incidents.json", &len);
	const struct incident *inc;

	feed_batch_init(&b);
	ck_assert_int_eq(
	    feed_centinela_ops.parse(json, len, "incidents", &b, &e), 0);
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.n_incidents, 1);
	inc = &b.incidents[0];
	ck_assert_str_eq(inc->meta.source, "local");
	ck_assert_str_eq(inc->meta.remote_id, "i-7");
	ck_assert_str_eq(inc->reference, "MX-2026-00007");
	ck_assert_int_eq(inc->status, INCIDENT_IN_PROGRESS);
	ck_assert_int_eq(inc->pap, PAP_GREEN);
	ck_assert_int_eq(inc->priority, 2);
	ck_assert_uint_eq(inc->alert_ids.n, 1);
	ck_assert_str_eq(inc->alert_ids.v[0], "a-1001");
	ck_assert_str_eq(inc->asset_ids.v[0], "scada-norte");
	ck_assert_uint_eq(inc->n_notes, 1);
	ck_assert_str_eq(inc->notes[0].remote_id, "n-1");
	ck_assert_str_eq(inc->notes[0].author, "ana.lopez");
	ck_assert_int_eq(inc->closed_at, 0);
	feed_batch_release(&b);
	free(json);
}
END_TEST

/*
 * issue 11: a UTF-8 byte-order mark before the document was "'[' or '{'
 * expected near '<invisible>'"; it is skipped. Anywhere else it is still
 * not JSON.
 */
START_TEST(test_feed_centinela_bom_skipped)
{
	struct feed_batch b;
	struct err e;

	ck_assert_msg(parse("\xef\xbb\xbf"
	                    "{\"data\": [{\"id\":\"a-1\"," ALERT_BASE "}]}",
	                    "alerts", &b, &e) == 0,
	              "%s", e.msg);
	ck_assert_uint_eq(b.n_alerts, 1);
	feed_batch_release(&b);
	ck_assert_msg(parse("\xef\xbb\xbf[]", "incidents", &b, &e) == 0, "%s",
	              e.msg);
	feed_batch_release(&b);
	ck_assert_int_eq(parse("[\xef\xbb\xbf]", "alerts", &b, &e), ERR_PARSE);
	feed_batch_release(&b);
	ck_assert_int_eq(parse("\xef\xbb\xbf", "alerts", &b, &e), ERR_PARSE);
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_organization_and_asset)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(
	    parse("[{\"id\":7,\"name\":\"CFE\",\"sector\":\"Energy\","
	          "\"region\":\"CDMX\",\"updated_at\":\"2026-01-01\"}]",
	          "organizations", &b, &e),
	    0);
	ck_assert_uint_eq(b.n_organizations, 1);
	ck_assert_str_eq(b.organizations[0].meta.remote_id, "7");
	ck_assert_str_eq(b.organizations[0].sector, "energy");
	ck_assert_int_eq(b.organizations[0].meta.updated_at, 1767225600);
	feed_batch_release(&b);

	ck_assert_int_eq(
	    parse(
	        "[{\"name\":\"plc\",\"organization\":\"CFE\",\"kind\":\"ics\","
	        "\"criticality\":5,\"ip\":\"10.0.0.0/8\",\"version\":2,"
	        "\"product_version\":\"2.9\",\"cpes\":"
	        "[\"cpe:2.3:h:siemens:s7:-:*:*:*:*:*:*:*\"]}]",
	        "assets", &b, &e),
	    0);
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.n_assets, 1);
	ck_assert_int_eq(b.assets[0].kind, ASSET_ICS);
	ck_assert_int_eq(b.assets[0].meta.version, 2);
	ck_assert_str_eq(b.assets[0].product_version, "2.9");
	ck_assert_uint_eq(b.assets[0].cpes.n, 1);
	ck_assert_ptr_null(b.assets[0].sector);
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_bad_fields)
{
	static const struct {
		const char *members; /* the alert's members */
		const char *message; /* expected error */
	} cases[] = {
	    {"\"title\":\"t\",\"severity\":\"hgih\"",
	     "item 1 (\"id\": \"a-1\"): unknown severity 'hgih' (known: info, low, medium, high, critical)"},
	    {ALERT_BASE ",\"tlp\":\"blue\"",
	     "item 1 (\"id\": \"a-1\"): unknown tlp 'blue' (known: clear, green, amber, amber+strict, red)"},
	    {ALERT_BASE ",\"status\":\"open\"",
	     "item 1 (\"id\": \"a-1\"): unknown status 'open' (known: new, acknowledged, dismissed, promoted)"},
	    {"\"severity\":\"low\"",
	     "item 1 (\"id\": \"a-1\"): missing field 'title'"},
	    {"\"title\":\"\",\"severity\":\"low\"",
	     "item 1 (\"id\": \"a-1\"): field 'title' is empty"},
	    {"\"title\":5",
	     "item 1 (\"id\": \"a-1\"): field 'title' must be a string, not a number"},
	    {"\"title\":\"a\\u0000b\"",
	     "item 1 (\"id\": \"a-1\"): field 'title' contains a NUL character"},
	    {"\"title\":\"t\",\"severity\":\"low\",\"taxonomy\":{\"class\":\"malware\"}",
	     "item 1 (\"id\": \"a-1\"): unknown taxonomy class 'malware' (known: abusive-content, malicious-code, information-gathering, intrusion-attempts, intrusions, availability, information-content-security, fraud, vulnerable, other, test)"},
	    {"\"title\":\"t\",\"severity\":\"low\",\"taxonomy\":{\"class\":\"fraud\",\"type\":\"scanner\"}",
	     "item 1 (\"id\": \"a-1\"): unknown taxonomy type 'scanner' for class 'fraud' (known: unauthorised-use-of-resources, copyright, masquerade, phishing)"},
	    {"\"title\":\"t\",\"severity\":\"low\",\"taxonomy\":{\"class\":\"test\"},\"feed\":{\"name\":\"f\"},\"observed_at\":\"yesterday\"",
	     "item 1 (\"id\": \"a-1\"): field 'observed_at': invalid time 'yesterday' (expected ISO 8601, e.g. 2026-03-01T12:00:00Z)"},
	    {ALERT_BASE
	     ",\"observables\":[{\"type\":\"ipv4\",\"value\":\"1.2.3.4\"}]",
	     "item 1 (\"id\": \"a-1\"): unknown observable type 'ipv4' (known: ip, fqdn, url, asn, hash, email)"},
	    {ALERT_BASE
	     ",\"observables\":[{\"type\":\"ip\",\"value\":\"1.2.3.999\"}]",
	     "item 1 (\"id\": \"a-1\"): observables[0]: invalid ip '1.2.3.999'"},
	    {ALERT_BASE ",\"observables\":[{\"type\":\"hash\"}]",
	     "item 1 (\"id\": \"a-1\"): missing field 'observables[0].value'"},
	    {ALERT_BASE ",\"incident\":\"inc-42\"",
	     "item 1 (\"id\": \"a-1\"): invalid incident reference 'inc-42' (expected PREFIX-YYYY-NNNNN, e.g. MX-2026-00042)"},
	    {ALERT_BASE ",\"sector\":\"en ergy\"",
	     "item 1 (\"id\": \"a-1\"): invalid sector code 'en ergy' (letters, digits and '-', starting with a letter)"},
	    {ALERT_BASE ",\"version\":-1",
	     "item 1 (\"id\": \"a-1\"): field 'version' is -1, not between 0 and 9223372036854775807"},
	    {ALERT_BASE ",\"event_hash\":\"abc\"",
	     "item 1 (\"id\": \"a-1\"): invalid event_hash 'abc' (expected 64 hex digits)"},
	    {"\"title\":\"t\",\"severity\":\"low\",\"taxonomy\":{\"class\":\"test\"},\"feed\":[]",
	     "item 1 (\"id\": \"a-1\"): field 'feed' must be an object, not an array"},
	    {ALERT_BASE, ""},
	};
	char msg[1024];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		one_alert_error(cases[i].members, msg, sizeof(msg));
		ck_assert_str_eq(msg, cases[i].message);
	}
}
END_TEST

START_TEST(test_feed_centinela_bad_items_do_not_stop_others)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(
	    parse(
	        "[{\"name\":\"a\",\"organization\":\"o\",\"kind\":\"ics\",\"criticality\":9},"
	        "{\"name\":\"b\",\"organization\":\"o\",\"kind\":\"ics\",\"criticality\":1},"
	        "{\"name\":\"c\",\"organization\":\"o\",\"kind\":\"plc\",\"criticality\":1},"
	        "{\"name\":\"d\",\"organization\":\"o\",\"kind\":\"server\",\"criticality\":2,\"ip\":\"300.1.1.1\"},"
	        "{\"name\":\"e\",\"organization\":\"o\",\"kind\":\"server\",\"criticality\":2,\"cpes\":[\"cpe:2.3:x\"]},"
	        "17]",
	        "assets", &b, &e),
	    0);
	ck_assert_uint_eq(b.n_items, 6);
	ck_assert_uint_eq(b.n_assets, 1);
	ck_assert_str_eq(b.assets[0].name, "b");
	ck_assert_uint_eq(b.asset_items[0], 1);
	ck_assert_uint_eq(b.n_errors, 5);
	ck_assert_str_eq(
	    b.errors[0].message,
	    "item 1 (\"name\": \"a\"): field 'criticality' is 9, not between 1 and 5");
	ck_assert_str_eq(
	    b.errors[1].message,
	    "item 3 (\"name\": \"c\"): unknown kind 'plc' (known: ics, server, network, application, cloud, workstation, other)");
	ck_assert_uint_eq(b.errors[1].index, 2);
	ck_assert_str_eq(
	    b.errors[2].message,
	    "item 4 (\"name\": \"d\"): invalid IP address '300.1.1.1' (expected IPv4 or IPv6, optionally /prefix)");
	ck_assert_str_eq(
	    b.errors[3].message,
	    "item 5 (\"name\": \"e\"): invalid CPE 'cpe:2.3:x' (expected a CPE 2.3 name, cpe:2.3:part:vendor:product:...)");
	ck_assert_str_eq(b.errors[4].message,
	                 "item 6: expected an object, not a number");
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_incident_errors)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(
	    parse(
	        "[{\"reference\":\"MX-26-1\",\"title\":\"x\"},"
	        "{\"reference\":\"MX-2026-00001\",\"title\":\"x\",\"category\":\"test\","
	        "\"severity\":\"low\",\"opened_at\":\"2026-01-02\",\"closed_at\":\"2026-01-01\"},"
	        "{\"reference\":\"MX-2026-00002\",\"title\":\"x\",\"category\":\"test\","
	        "\"severity\":\"low\",\"opened_at\":\"2026-01-02\",\"pap\":\"black\"},"
	        "{\"reference\":\"MX-2026-00003\",\"title\":\"x\",\"category\":\"test\","
	        "\"severity\":\"low\",\"opened_at\":\"2026-01-02\",\"notes\":[{\"author\":\"a\",\"body\":\"b\"}]},"
	        "{\"reference\":\"MX-2026-00004\",\"title\":\"x\",\"category\":\"test\","
	        "\"severity\":\"low\",\"opened_at\":\"2026-01-02\",\"alerts\":[\"a\",{}]}]",
	        "incidents", &b, &e),
	    0);
	ck_assert_uint_eq(b.n_incidents, 0);
	ck_assert_uint_eq(b.n_errors, 5);
	ck_assert_str_eq(
	    b.errors[0].message,
	    "item 1 (\"reference\": \"MX-26-1\"): invalid reference 'MX-26-1' (expected PREFIX-YYYY-NNNNN, e.g. MX-2026-00042)");
	ck_assert_str_eq(
	    b.errors[1].message,
	    "item 2 (\"reference\": \"MX-2026-00001\"): field 'closed_at' is before 'opened_at'");
	ck_assert_str_eq(
	    b.errors[2].message,
	    "item 3 (\"reference\": \"MX-2026-00002\"): unknown pap 'black' (known: clear, green, amber, red)");
	ck_assert_str_eq(
	    b.errors[3].message,
	    "item 4 (\"reference\": \"MX-2026-00003\"): missing field 'notes[0].created_at'");
	ck_assert_str_eq(
	    b.errors[4].message,
	    "item 5 (\"reference\": \"MX-2026-00004\"): field 'alerts[1]' must be a string or an integer, not an object");
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_duplicate_keys_rejected)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(
	    parse("[{\"name\":\"a\",\n\"name\":\"b\",\"sector\":\"energy\"}]",
	          "organizations", &b, &e),
	    ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, "invalid JSON at line 2"));
	ck_assert_ptr_nonnull(strstr(e.msg, "duplicate"));
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_depth_cap)
{
	struct feed_batch b;
	struct err e;
	struct strbuf sb;

	/* 32 levels pass (array + object + 30 nested arrays in "x"). */
	strbuf_init(&sb);
	strbuf_adds(&sb, "[{\"name\":\"a\",\"sector\":\"energy\",\"x\":");
	for (int i = 0; i < 30; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 30; i++)
		strbuf_addch(&sb, ']');
	strbuf_adds(&sb, "}]");
	ck_assert_int_eq(parse(sb.buf, "organizations", &b, &e), 0);
	ck_assert_uint_eq(b.n_organizations, 1);
	feed_batch_release(&b);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "[{\"name\":\"a\",\"sector\":\"energy\",\"x\":");
	for (int i = 0; i < 31; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 31; i++)
		strbuf_addch(&sb, ']');
	strbuf_adds(&sb, "}]");
	ck_assert_int_eq(parse(sb.buf, "organizations", &b, &e), ERR_LIMIT);
	ck_assert_str_eq(e.msg, "document nests deeper than 32 levels");
	feed_batch_release(&b);
	/* Far beyond jansson's own parser limit: still ERR_LIMIT, no crash. */
	strbuf_reset(&sb);
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&sb, '[');
	ck_assert_int_eq(parse(sb.buf, "organizations", &b, &e), ERR_LIMIT);
	feed_batch_release(&b);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_feed_centinela_size_cap)
{
	struct feed_batch b;
	struct err e;
	const char *json = "[{\"name\":\"a\",\"sector\":\"energy\"}]";

	feed_batch_init(&b);
	b.max_bytes = 10;
	ck_assert_int_eq(feed_centinela_ops.parse(json, strlen(json),
	                                          "organizations", &b, &e),
	                 ERR_LIMIT);
	ck_assert_ptr_nonnull(strstr(e.msg, "over the limit of 10 bytes"));
	b.max_bytes = strlen(json);
	ck_assert_int_eq(feed_centinela_ops.parse(json, strlen(json),
	                                          "organizations", &b, &e),
	                 0);
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_broken_json_line_column)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(
	    parse("[\n  {\"name\": \"a\",\n   \"sector\" \"energy\"}\n]",
	          "organizations", &b, &e),
	    ERR_PARSE);
	ck_assert_msg(strncmp(e.msg, "invalid JSON at line 3, column ", 31) ==
	                  0,
	              "got: %s", e.msg);
	feed_batch_release(&b);
	ck_assert_int_eq(
	    parse("[{\"name\":\"\xff\"}]", "organizations", &b, &e), ERR_PARSE);
	feed_batch_release(&b);
	ck_assert_int_eq(parse("[]", "vulnerabilities", &b, &e), ERR_INVALID);
	ck_assert_str_eq(
	    e.msg,
	    "adapter 'centinela' does not serve 'vulnerabilities' (serves: organizations, assets, alerts, incidents)");
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_raw_json_kept)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(parse("[ {\"id\": \"a-1\", \"zeta\": 1, " ALERT_BASE
	                       " } ]",
	                       "alerts", &b, &e),
	                 0);
	ck_assert_uint_eq(b.n_alerts, 1);
	ck_assert_str_eq(
	    b.alerts[0].raw_json,
	    "{\"feed\":{\"name\":\"f\"},\"id\":\"a-1\",\"observed_at\":\"2026-01-01T00:00:00Z\","
	    "\"severity\":\"low\",\"taxonomy\":{\"class\":\"test\"},\"title\":\"t\",\"zeta\":1}");
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_event_hash_computed)
{
	struct feed_batch b;
	struct err e;
	char want[SHA256_HEX_LEN + 1];
	const char *given =
	    "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

	ck_assert_int_eq(
	    parse(
	        "[{" ALERT_BASE
	        ",\"observables\":[{\"type\":\"ip\",\"value\":\"1.2.3.4\"}]},"
	        "{" ALERT_BASE
	        ",\"observables\":[{\"type\":\"ip\",\"value\":\"1.2.3.4\"}],"
	        "\"title\":\"other title\",\"event_hash\":\"ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"}]",
	        "alerts", &b, &e),
	    ERR_PARSE); /* duplicate "title" */
	feed_batch_release(&b);
	ck_assert_int_eq(
	    parse(
	        "[{" ALERT_BASE
	        ",\"observables\":[{\"type\":\"ip\",\"value\":\"1.2.3.4\"}]},"
	        "{\"title\":\"u\",\"severity\":\"low\",\"taxonomy\":{\"class\":\"test\"},"
	        "\"feed\":{\"name\":\"f\"},\"observed_at\":\"2026-01-01T00:00:00Z\","
	        "\"event_hash\":\"ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"}]",
	        "alerts", &b, &e),
	    0);
	ck_assert_uint_eq(b.n_alerts, 2);
	alert_event_hash(&b.alerts[0], want);
	ck_assert_str_eq(b.alerts[0].event_hash, want);
	ck_assert_uint_eq(strlen(want), SHA256_HEX_LEN);
	ck_assert_str_ne(b.alerts[1].event_hash, given);
	ck_assert_int_eq(strcasecmp(b.alerts[1].event_hash, given), 0);
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_feed_centinela_table_and_request_path)
{
	struct strbuf sb;
	struct err e;

	ck_assert_ptr_eq(feed_find("centinela"), &feed_centinela_ops);
	ck_assert_ptr_null(feed_find("nope"));
	ck_assert_ptr_eq(feed_at(0), &feed_centinela_ops);
	ck_assert(feed_serves(&feed_centinela_ops, "alerts"));
	ck_assert(!feed_serves(&feed_centinela_ops, "bulletins"));
	strbuf_init(&sb);
	ck_assert_int_eq(feed_centinela_ops.request_path("alerts", "t:1/2 z", 0,
	                                                 500, &sb, &e),
	                 0);
	ck_assert_str_eq(sb.buf,
	                 "/api/v1/alerts?limit=500&since=t%3A1%2F2%20z");
	strbuf_reset(&sb);
	ck_assert_int_eq(
	    feed_centinela_ops.request_path("incidents", NULL, 0, 0, &sb, &e),
	    0);
	ck_assert_str_eq(sb.buf, "/api/v1/incidents");
	strbuf_release(&sb);
}
END_TEST

/* The body feed_centinela_ops makes of one edit (owned), its path too. */
static char *
request_body(enum outbox_entity entity, enum outbox_op op, const char *fields,
             const char *remote_id, char **path)
{
	struct outbox_edit ed = {
	    .entity = entity,
	    .op = op,
	    .fields = fields,
	    .remote_id = remote_id,
	    .base_version = 5,
	};
	struct feed_request req;
	struct err e;
	char *body;

	feed_request_init(&req);
	ck_assert_msg(feed_centinela_ops.edit_request(&ed, &req, &e) == 0, "%s",
	              e.msg);
	body = req.body;
	*path = req.path;
	req.body = req.path = NULL;
	feed_request_release(&req);
	return body;
}

START_TEST(test_feed_centinela_edit_names_the_organization_by_its_id)
{
	char *body, *path;

	/* the neutral edit carries the name and the id at the source: the
	 * API takes one string, the id when there is one */
	body = request_body(OUTBOX_INCIDENT, OUTBOX_UPDATE,
	                    "{\"title\":\"x\",\"organization\":\"CFE\","
	                    "\"organization_id\":\"org-12\"}",
	                    "i-7", &path);
	ck_assert_str_eq(body, "{\"title\":\"x\",\"organization\":\"org-12\"}");
	ck_assert_str_eq(path, "/api/v1/incidents/i-7");
	free(body);
	free(path);
	/* no id there: the name, and the fields byte for byte */
	body = request_body(OUTBOX_INCIDENT, OUTBOX_UPDATE,
	                    "{\"organization\": \"CFE\"}", "i-7", &path);
	ck_assert_str_eq(body, "{\"organization\": \"CFE\"}");
	free(body);
	free(path);
	/* cleared */
	body = request_body(OUTBOX_INCIDENT, OUTBOX_UPDATE,
	                    "{\"organization\":null}", "i-7", &path);
	ck_assert_str_eq(body, "{\"organization\":null}");
	free(body);
	free(path);
	body = request_body(OUTBOX_INCIDENT, OUTBOX_CREATE,
	                    "{\"title\":\"t\",\"organization\":\"CFE\","
	                    "\"organization_id\":\"org-12\"}",
	                    NULL, &path);
	ck_assert_str_eq(body, "{\"title\":\"t\",\"organization\":\"org-12\"}");
	ck_assert_str_eq(path, "/api/v1/incidents");
	free(body);
	free(path);
	/* the incident a promote makes */
	body = request_body(OUTBOX_ALERT, OUTBOX_PROMOTE,
	                    "{\"incident\":{\"title\":\"t\",\"organization\":"
	                    "\"CFE\",\"organization_id\":\"org-12\"}}",
	                    "a-1", &path);
	ck_assert_str_eq(body, "{\"new_incident\":{\"title\":\"t\","
	                       "\"organization\":\"org-12\"}}");
	ck_assert_str_eq(path, "/api/v1/alerts/a-1/promote");
	free(body);
	free(path);
}
END_TEST

Suite *
feed_centinela_suite(void)
{
	Suite *s = suite_create("feed_centinela");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_feed_centinela_good_page);
	tcase_add_test(
	    tc, test_feed_centinela_edit_names_the_organization_by_its_id);
	tcase_add_test(tc, test_feed_centinela_page_cursor);
	tcase_add_test(tc, test_feed_centinela_bare_array);
	tcase_add_test(tc, test_feed_centinela_bom_skipped);
	tcase_add_test(tc, test_feed_centinela_organization_and_asset);
	tcase_add_test(tc, test_feed_centinela_bad_fields);
	tcase_add_test(tc, test_feed_centinela_bad_items_do_not_stop_others);
	tcase_add_test(tc, test_feed_centinela_incident_errors);
	tcase_add_test(tc, test_feed_centinela_duplicate_keys_rejected);
	tcase_add_test(tc, test_feed_centinela_depth_cap);
	tcase_add_test(tc, test_feed_centinela_size_cap);
	tcase_add_test(tc, test_feed_centinela_broken_json_line_column);
	tcase_add_test(tc, test_feed_centinela_raw_json_kept);
	tcase_add_test(tc, test_feed_centinela_event_hash_computed);
	tcase_add_test(tc, test_feed_centinela_table_and_request_path);
	suite_add_tcase(s, tc);
	return s;
}
