/* The CSV inventory reader: organizations and assets, row errors. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/feed/inventory_csv.h"

static void
known_sectors(struct strvec *sv)
{
	static const char *const codes[] = {"energy", "finance", "health",
	                                    "water"};

	strvec_init(sv);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		strvec_push(sv, codes[i]);
}

static int
parse_text(enum inventory_kind kind, const char *text, struct feed_batch *b,
           struct err *e)
{
	struct strvec known;
	int rc;

	known_sectors(&known);
	feed_batch_init(b);
	err_clear(e);
	rc = inventory_csv_parse(kind, text, strlen(text), "inv.csv", &known, b,
	                         e);
	strvec_release(&known);
	return rc;
}

static int
parse_file(enum inventory_kind kind, const char *name, struct feed_batch *b,
           struct err *e)
{
	struct strbuf path;
	struct strvec known;
	const char *dir = getenv("CENTINELA_TESTDATA");
	char *data;
	size_t len;
	int rc;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/import/%s", dir ? dir : "tests/data", name);
	ck_assert_int_eq(fs_read_file(path.buf, 1 << 20, &data, &len, NULL), 0);
	known_sectors(&known);
	feed_batch_init(b);
	rc = inventory_csv_parse(kind, data, len, name, &known, b, e);
	strvec_release(&known);
	strbuf_release(&path);
	free(data);
	return rc;
}

START_TEST(test_inventory_csv_good_organizations)
{
	struct feed_batch b;
	struct err e;

	/* CRLF line ends, header in mixed case with blanks, quoted comma
	 * and a quoted line break. */
	ck_assert_int_eq(
	    parse_file(INVENTORY_ORGANIZATIONS, "organizations.csv", &b, &e),
	    0);
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.n_items, 3);
	ck_assert_uint_eq(b.n_organizations, 3);
	ck_assert_str_eq(b.organizations[0].name,
	                 "Comisión Federal de Electricidad");
	ck_assert_str_eq(b.organizations[0].meta.source, "local");
	ck_assert_ptr_null(b.organizations[0].meta.remote_id);
	ck_assert_str_eq(b.organizations[1].name, "Agua de Jalisco, S.A.");
	ck_assert_str_eq(b.organizations[1].contact,
	                 "Mesa de ayuda\r\next. 42");
	ck_assert_ptr_null(b.organizations[1].abuse_contact);
	ck_assert_uint_eq(b.organization_items[1], 3);
	ck_assert_uint_eq(b.organization_items[2], 5);
	ck_assert_str_eq(b.organizations[2].sector, "finance");
	ck_assert_ptr_null(b.organizations[2].contact);
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_inventory_csv_good_assets)
{
	struct feed_batch b;
	struct err e;

	/* Starts with a UTF-8 byte-order mark. */
	ck_assert_int_eq(parse_file(INVENTORY_ASSETS, "assets.csv", &b, &e), 0);
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.n_assets, 3);
	ck_assert_str_eq(b.assets[0].name, "scada-norte");
	ck_assert_ptr_null(b.assets[0].sector);
	ck_assert_int_eq(b.assets[0].kind, ASSET_ICS);
	ck_assert_int_eq(b.assets[0].criticality, 5);
	ck_assert_str_eq(b.assets[0].location, "Subestación Norte, Monterrey");
	ck_assert_str_eq(b.assets[0].product_version, "2.9");
	ck_assert_uint_eq(b.assets[0].cpes.n, 2);
	ck_assert_str_eq(
	    b.assets[0].cpes.v[1],
	    "cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.9:*:*:*:*:*:*:*");
	ck_assert_str_eq(b.assets[2].organization, "Agua de Jalisco, S.A.");
	ck_assert_str_eq(b.assets[2].ip, "192.0.2.0/24");
	ck_assert_ptr_null(b.assets[2].hostname);
	ck_assert_uint_eq(b.assets[2].cpes.n, 0);
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_inventory_csv_bad_organization_rows)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(parse_file(INVENTORY_ORGANIZATIONS,
	                            "organizations_bad.csv", &b, &e),
	                 0);
	ck_assert_uint_eq(b.n_items, 5);
	ck_assert_uint_eq(b.n_organizations, 2);
	ck_assert_uint_eq(b.n_errors, 3);
	ck_assert_str_eq(b.errors[0].message,
	                 "organizations_bad.csv:3: empty name");
	ck_assert_uint_eq(b.errors[0].index, 3);
	ck_assert_str_eq(
	    b.errors[1].message,
	    "organizations_bad.csv:4: unknown sector 'enrgy' (known: energy, finance, health, water)");
	ck_assert_str_eq(b.errors[2].message,
	                 "organizations_bad.csv:5: expected 5 fields, found 2");
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_inventory_csv_bad_asset_rows)
{
	static const struct {
		const char *row;     /* one data row */
		const char *message; /* expected error, "" when good */
	} cases[] = {
	    {"a,Org,,server,3,,,,,,,", ""},
	    {"a,Org,,plc,3,,,,,,,",
	     "inv.csv:2: unknown kind 'plc' (known: ics, server, network, application, cloud, workstation, other)"},
	    {"a,Org,,server,6,,,,,,,",
	     "inv.csv:2: criticality '6' is not an integer from 1 to 5"},
	    {"a,Org,,server,high,,,,,,,",
	     "inv.csv:2: criticality 'high' is not an integer from 1 to 5"},
	    {"a,Org,,server,,,,,,,,", "inv.csv:2: empty criticality"},
	    {"a,Org,,server,2,,10.0.0.256,,,,,",
	     "inv.csv:2: invalid IP address '10.0.0.256' (expected IPv4 or IPv6, optionally /prefix)"},
	    {"a,Org,,server,2,,2001:db8::/32,,,,,", ""},
	    {"a,Org,,server,2,bad host,,,,,,",
	     "inv.csv:2: invalid hostname 'bad host'"},
	    {"a,Org,,server,2,,,,,,,cpe:2.3:a:x:y:1:*:*:*:*:*:*:*; cpe:2.3:a:x",
	     "inv.csv:2: invalid CPE 'cpe:2.3:a:x': only 2 of the 11 attributes (part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other); 'product' is missing"},
	    {"a,Org,Energy!,server,2,,,,,,,",
	     "inv.csv:2: invalid sector code 'energy!' (letters, digits and '-', starting with a letter)"},
	    {"a,Org,telecom,server,2,,,,,,,",
	     "inv.csv:2: unknown sector 'telecom' (known: energy, finance, health, water)"},
	    {"a,,,server,2,,,,,,,", "inv.csv:2: empty organization"},
	    {"a\xc3(,Org,,server,2,,,,,,,",
	     "inv.csv:2: invalid UTF-8 in field 'name'"},
	    {"a,Org,,server,2,,,,,,",
	     "inv.csv:2: expected 12 fields, found 11"},
	    {"\"a\"x,Org,,server,2,,,,,,,",
	     "inv.csv:2: text after a closing quote"},
	};
	const char *header =
	    "name,organization,sector,kind,criticality,hostname,ip,location,vendor,product,version,cpe\n";

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct feed_batch b;
		struct err e;
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s%s\n", header, cases[i].row);
		ck_assert_int_eq(parse_text(INVENTORY_ASSETS, sb.buf, &b, &e),
		                 0);
		ck_assert_uint_eq(b.n_items, 1);
		if (*cases[i].message) {
			ck_assert_msg(b.n_errors == 1, "row %zu accepted", i);
			ck_assert_str_eq(b.errors[0].message, cases[i].message);
			ck_assert_uint_eq(b.n_assets, 0);
		} else {
			ck_assert_msg(b.n_errors == 0, "row %zu: %s", i,
			              b.errors[0].message);
			ck_assert_uint_eq(b.n_assets, 1);
		}
		feed_batch_release(&b);
		strbuf_release(&sb);
	}
}
END_TEST

START_TEST(test_inventory_csv_nul_byte_rejected)
{
	struct feed_batch b;
	struct err e;
	struct strvec known;
	static const char data[] = "name,sector,region,contact,abuse_contact\n"
	                           "a\0b,energy,,,\nc,energy,,,\n";

	known_sectors(&known);
	feed_batch_init(&b);
	ck_assert_int_eq(inventory_csv_parse(INVENTORY_ORGANIZATIONS, data,
	                                     sizeof(data) - 1, "o.csv", &known,
	                                     &b, &e),
	                 0);
	ck_assert_uint_eq(b.n_errors, 1);
	ck_assert_str_eq(b.errors[0].message, "o.csv:2: contains a NUL byte");
	ck_assert_uint_eq(b.n_organizations, 1);
	feed_batch_release(&b);
	strvec_release(&known);
}
END_TEST

START_TEST(test_inventory_csv_multiline_row_line_numbers)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(
	    parse_text(INVENTORY_ORGANIZATIONS,
	               "name,sector,region,contact,abuse_contact\r\n"
	               "\"A\",energy,\"two\r\nlines\",,\r\n"
	               "\r\n"
	               "B,nope,,,\r\n",
	               &b, &e),
	    0);
	ck_assert_uint_eq(b.n_organizations, 1);
	ck_assert_str_eq(b.organizations[0].region, "two\r\nlines");
	ck_assert_uint_eq(b.n_errors, 1);
	ck_assert_str_eq(
	    b.errors[0].message,
	    "inv.csv:5: unknown sector 'nope' (known: energy, finance, health, water)");
	feed_batch_release(&b);
}
END_TEST

/* issue 11: a file with CR-only line ends was "the header does not match". */
START_TEST(test_inventory_csv_cr_only_line_ends)
{
	struct feed_batch b;
	struct err e;

	ck_assert_msg(parse_text(INVENTORY_ORGANIZATIONS,
	                         "\xef\xbb\xbf"
	                         "name,sector,region,contact,abuse_contact\r"
	                         "A,energy,\"two\rlines\",,\r"
	                         "\r"
	                         "B,nope,,,\r",
	                         &b, &e) == 0,
	              "%s", e.msg);
	ck_assert_uint_eq(b.n_items, 2);
	ck_assert_uint_eq(b.n_organizations, 1);
	ck_assert_str_eq(b.organizations[0].region, "two\rlines");
	ck_assert_uint_eq(b.n_errors, 1);
	ck_assert_str_eq(
	    b.errors[0].message,
	    "inv.csv:5: unknown sector 'nope' (known: energy, finance, health, water)");
	feed_batch_release(&b);
}
END_TEST

/* Read a page of rows at a time, a file gives what it gives whole. */
START_TEST(test_inventory_csv_pages_read_as_whole)
{
	static const char text[] =
	    "name,sector,region,contact,abuse_contact\n"
	    "A,energy,,,\nB,nope,,,\n\"C\nD\",water,,,\nE,energy\n"
	    "F,energy,,,\n\n\n";
	struct inventory_csv *r;
	struct feed_batch b, whole;
	struct strvec known;
	struct strbuf seen;
	struct err e;
	int reads = 0;
	bool has_more = true;

	ck_assert_int_eq(parse_text(INVENTORY_ORGANIZATIONS, text, &whole, &e),
	                 0);
	known_sectors(&known);
	strbuf_init(&seen);
	feed_batch_init(&b);
	ck_assert_int_eq(inventory_csv_open(INVENTORY_ORGANIZATIONS, text,
	                                    strlen(text), "inv.csv", &known, &r,
	                                    &e),
	                 0);
	while (has_more) {
		has_more = inventory_csv_read(r, &b, 2);
		reads++;
		for (size_t i = 0; i < b.n_organizations; i++)
			strbuf_addf(&seen, "%zu:%s ", b.organization_items[i],
			            b.organizations[i].name);
		for (size_t i = 0; i < b.n_errors; i++)
			strbuf_addf(&seen, "%s ", b.errors[i].message);
		feed_batch_release(&b);
	}
	inventory_csv_free(r);
	ck_assert_int_ge(reads, 3);
	ck_assert_str_eq(seen.buf,
	                 "2:A inv.csv:3: unknown sector 'nope' (known: "
	                 "energy, finance, health, water) 4:C\nD "
	                 "inv.csv:6: expected 5 fields, found 2 "
	                 "7:F ");
	ck_assert_uint_eq(whole.n_organizations, 3);
	ck_assert_uint_eq(whole.n_errors, 2);
	ck_assert_uint_eq(whole.n_items, 5);
	feed_batch_release(&whole);
	strvec_release(&known);
	strbuf_release(&seen);
}
END_TEST

START_TEST(test_inventory_csv_header_mismatch)
{
	struct feed_batch b;
	struct err e;

	ck_assert_int_eq(
	    parse_text(INVENTORY_ORGANIZATIONS,
	               "name,region,sector,contact,abuse_contact\n", &b, &e),
	    ERR_INVALID);
	ck_assert_str_eq(
	    e.msg,
	    "inv.csv:1: the header does not match; expected 'name,sector,region,contact,abuse_contact'");
	feed_batch_release(&b);
	ck_assert_int_eq(
	    parse_text(INVENTORY_ASSETS, "CFE,energy,,,\n", &b, &e),
	    ERR_INVALID);
	ck_assert_ptr_nonnull(
	    strstr(e.msg, "expected 'name,organization,sector,kind,"));
	feed_batch_release(&b);
	ck_assert_int_eq(parse_text(INVENTORY_ASSETS, "", &b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "inv.csv: empty file"));
	feed_batch_release(&b);
	/* Header only: fine, nothing to import. */
	ck_assert_int_eq(
	    parse_text(INVENTORY_ORGANIZATIONS,
	               " NAME ,Sector,REGION,contact,Abuse_Contact", &b, &e),
	    0);
	ck_assert_uint_eq(b.n_items, 0);
	feed_batch_release(&b);
}
END_TEST

Suite *
inventory_csv_suite(void)
{
	Suite *s = suite_create("inventory_csv");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_inventory_csv_good_organizations);
	tcase_add_test(tc, test_inventory_csv_good_assets);
	tcase_add_test(tc, test_inventory_csv_bad_organization_rows);
	tcase_add_test(tc, test_inventory_csv_bad_asset_rows);
	tcase_add_test(tc, test_inventory_csv_nul_byte_rejected);
	tcase_add_test(tc, test_inventory_csv_multiline_row_line_numbers);
	tcase_add_test(tc, test_inventory_csv_cr_only_line_ends);
	tcase_add_test(tc, test_inventory_csv_pages_read_as_whole);
	tcase_add_test(tc, test_inventory_csv_header_mismatch);
	suite_add_tcase(s, tc);
	return s;
}
