/*
 * CPE 2.3 names (model/cpe.h): the formatted string binding and its
 * escapes, every row of NISTIR 7696's attribute comparison table, name
 * comparison, version order and bounds (model/version.h), and NVD
 * configurations (model/cpe_config.h) taken from the real API responses of
 * $CENTINELA_FIXTURES/nvd/api2_responses/.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/feed/nvd_config.h"
#include "centinela/model/asset.h"
#include "centinela/model/cpe.h"
#include "centinela/model/cpe_config.h"
#include "centinela/model/version.h"
#include "feed/nvd_config_json.h"
#include "cpe_inventory.h"
#include "testutil.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Parse s, which must be well-formed, into *n (initialized here). */
static void
parse_ok(struct cpe_name *n, const char *s)
{
	struct err e;
	int rc;

	cpe_name_init(n);
	err_clear(&e);
	rc = cpe_name_parse(n, s, &e);
	ck_assert_msg(rc == 0, "'%s' refused: %s", s, e.msg);
}

/* format(parse(s)), owned. */
static char *
reformat(const char *s)
{
	struct cpe_name n;
	char *out;

	parse_ok(&n, s);
	out = cpe_name_format(&n);
	cpe_name_release(&n);
	return out;
}

/* A name whose product is the formatted value v (the rest ANY). */
static void
product_name(struct cpe_name *n, const char *v)
{
	char s[256];

	snprintf(s, sizeof(s), "cpe:2.3:a:vendor:%s:*:*:*:*:*:*:*:*", v);
	parse_ok(n, s);
}

/* The relation of source value src to target value tgt (formatted). */
static enum cpe_relation
rel(const char *src, const char *tgt)
{
	struct cpe_name s, t;
	enum cpe_relation r;

	product_name(&s, src);
	product_name(&t, tgt);
	r = cpe_value_compare(&s.attr[CPE_PRODUCT], &t.attr[CPE_PRODUCT]);
	cpe_name_release(&s);
	cpe_name_release(&t);
	return r;
}

START_TEST(test_cpe_parse_gives_the_eleven_attributes)
{
	static const char *const want[CPE_N_ATTRS] = {
	    "o",  "cisco", "ios_xe", "17.3.1a", "sp1",   "ed",
	    "en", "sw",    "tsw",    "x64",     "other",
	};
	struct cpe_name n;

	parse_ok(&n,
	         "cpe:2.3:o:cisco:ios_xe:17.3.1a:sp1:ed:en:sw:tsw:x64:other");
	for (int a = 0; a < CPE_N_ATTRS; a++) {
		ck_assert_int_eq(n.attr[a].kind, CPE_STRING);
		ck_assert_str_eq(n.attr[a].lit, want[a]);
		ck_assert_uint_eq(n.attr[a].len, strlen(want[a]));
		ck_assert(!cpe_value_has_wildcards(&n.attr[a]));
	}
	cpe_name_release(&n);

	parse_ok(&n, "cpe:2.3:h:siemens:simatic_s7-1500:-:*:*:*:*:*:*:*");
	ck_assert_int_eq(n.attr[CPE_VERSION].kind, CPE_NA);
	ck_assert_int_eq(n.attr[CPE_UPDATE].kind, CPE_ANY);
	ck_assert_str_eq(n.attr[CPE_PRODUCT].lit, "simatic_s7-1500");
	cpe_name_release(&n);

	parse_ok(&n, "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*");
	for (int a = 0; a < CPE_N_ATTRS; a++)
		ck_assert_int_eq(n.attr[a].kind, CPE_ANY);
	cpe_name_release(&n);
	ck_assert_str_eq(cpe_attr_name(CPE_SW_EDITION), "sw_edition");
	ck_assert_str_eq(cpe_attr_name(CPE_OTHER), "other");
}
END_TEST

/*
 * Every printable non-alphanumeric character, quoted inside a value: read
 * as the character itself, and written back quoted (all but '-', '.' and
 * '_', which a formatted string leaves bare).
 */
START_TEST(test_cpe_escapes_every_special_character)
{
	static const char specials[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

	for (const char *c = specials; *c; c++) {
		char s[64], lit[8], *out;
		struct cpe_name n;
		bool bare = *c == '-' || *c == '.' || *c == '_';

		snprintf(s, sizeof(s), "cpe:2.3:a:v:x\\%cy:1:*:*:*:*:*:*:*",
		         *c);
		parse_ok(&n, s);
		snprintf(lit, sizeof(lit), "x%cy", *c);
		ck_assert_str_eq(n.attr[CPE_PRODUCT].lit, lit);
		ck_assert(!cpe_value_has_wildcards(&n.attr[CPE_PRODUCT]));
		out = cpe_name_format(&n);
		snprintf(s, sizeof(s), "cpe:2.3:a:v:x%s%cy:1:*:*:*:*:*:*:*",
		         bare ? "" : "\\", *c);
		ck_assert_str_eq(out, s);
		free(out);
		cpe_name_release(&n);
	}
}
END_TEST

/* Unquoted punctuation is taken as quoted (NISTIR 7695 6.2.3 add_quoting). */
START_TEST(test_cpe_unquoted_punctuation_is_quoted_on_format)
{
	char *out = reformat("cpe:2.3:a:gnu:g++:4.1@x:*:*:*:*:*:*:*");

	ck_assert_str_eq(out, "cpe:2.3:a:gnu:g\\+\\+:4.1\\@x:*:*:*:*:*:*:*");
	free(out);
}
END_TEST

/* Canonical names, NVD's own and hand-made, come back byte for byte. */
START_TEST(test_cpe_round_trip)
{
	static const char *const names[] = {
	    /* nvdlib_CVE-2021-26855.json */
	    "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_10:*:*:"
	    "*:*:*:*",
	    "cpe:2.3:a:microsoft:exchange_server:2019:-:*:*:*:*:*:*",
	    /* nvdlib_search_full_page.json (CVE-2022-0011, CVE-2022-20699) */
	    "cpe:2.3:a:paloaltonetworks:prisma_access:2.1:*:*:*:innovation:*:*:*",
	    "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*",
	    /* the one quoted criterion of nvdlib_search_full_page.json */
	    "cpe:2.3:a:optimism:eth-optimism\\/l2geth:*:*:*:*:*:*:*:*",
	    "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:"
	    "x64:*",
	    "cpe:2.3:a:vendor:prod\\:uct:1\\\\2:*:*:*:*:*:*:*",
	    "cpe:2.3:a:vendor:\\-:*:*:*:*:*:*:*:*", /* a literal '-', not NA */
	    "cpe:2.3:a:apache:log4*:2.1?:*:*:*:*:*:*:*",
	    "cpe:2.3:a:*lib:*ssl*:??5:1??:*:*:*:*:*:*",
	    "cpe:2.3:a:vendor:\\*star\\?:*:*:*:*:*:*:*:*",
	    "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*",
	    "cpe:2.3:o:-:-:-:-:-:-:-:-:-:-",
	};

	for (size_t i = 0; i < NELEM(names); i++) {
		char *out = reformat(names[i]), *again = reformat(out);

		ck_assert_str_eq(out, names[i]);
		ck_assert_str_eq(again, names[i]);
		free(out);
		free(again);
	}
}
END_TEST

/* Wildcards at either end, as lead and trail; quoted ones are literals. */
START_TEST(test_cpe_wildcards_only_at_the_ends)
{
	static const struct {
		const char *value, *lit;
		int lead, trail;
	} cases[] = {
	    {"1.2*", "1.2", 0, CPE_WILD_STAR},
	    {"*log4j", "log4j", CPE_WILD_STAR, 0},
	    {"*ssl*", "ssl", CPE_WILD_STAR, CPE_WILD_STAR},
	    {"??5", "5", 2, 0},
	    {"5???", "5", 0, 3},
	    {"?", "", 1, 0},
	    {"*?", "", CPE_WILD_STAR, 1},
	    {"??a*", "a", 2, CPE_WILD_STAR},
	    {"a\\*", "a*", 0, 0},
	    {"\\?a", "?a", 0, 0},
	    {"a\\\\*", "a\\", 0, CPE_WILD_STAR},
	    {"a\\\\\\*", "a\\*", 0, 0},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct cpe_name n;
		const struct cpe_value *v;

		product_name(&n, cases[i].value);
		v = &n.attr[CPE_PRODUCT];
		ck_assert_int_eq(v->kind, CPE_STRING);
		ck_assert_msg(strcmp(v->lit, cases[i].lit) == 0,
		              "'%s': literal '%s'", cases[i].value, v->lit);
		ck_assert_msg(v->lead == cases[i].lead &&
		                  v->trail == cases[i].trail,
		              "'%s': lead %d trail %d", cases[i].value, v->lead,
		              v->trail);
		cpe_name_release(&n);
	}
}
END_TEST

/* Malformed names: refused, and the message says which attribute and why. */
START_TEST(test_cpe_malformed_names_say_what_is_wrong)
{
	static const struct {
		const char *name, *msg;
	} bad[] = {
	    {"", "must start with 'cpe:2.3:'"},
	    {"cpe:/a:apache:log4j:2.14", "must start with 'cpe:2.3:'"},
	    {"CPE:2.3:a:v:p:*:*:*:*:*:*:*:*", "must start with 'cpe:2.3:'"},
	    {"cpe:2.3:", "attribute 'part' is empty"},
	    {"cpe:2.3:x:v:p:*:*:*:*:*:*:*:*", "attribute 'part' must be"},
	    {"cpe:2.3:-:v:p:*:*:*:*:*:*:*:*", "attribute 'part' must be"},
	    {"cpe:2.3:ao:v:p:*:*:*:*:*:*:*:*", "attribute 'part' must be"},
	    {"cpe:2.3:a", "only 1 of the 11 attributes"},
	    {"cpe:2.3:a:v:p", "only 3 of the 11 attributes ("},
	    {"cpe:2.3:a:v:p:*:*:*:*:*:*:*", "'other' is missing"},
	    {"cpe:2.3:a:v:p::*:*:*:*:*:*:*", "attribute 'version' is empty"},
	    {"cpe:2.3:a:v:p:*:*:*:*:*:*:*:", "attribute 'other' is empty"},
	    {"cpe:2.3:a:v:p:*:*:*:*:*:*:*:*:*", "more than the 11 attributes"},
	    {"cpe:2.3:a:v:p:1.*.3:*:*:*:*:*:*:*",
	     "attribute 'version': unquoted '*' inside the value"},
	    {"cpe:2.3:a:v:p:1.?.3:*:*:*:*:*:*:*",
	     "attribute 'version': unquoted '?' inside the value"},
	    {"cpe:2.3:a:v:p:***:*:*:*:*:*:*:*", "unquoted '*' inside"},
	    {"cpe:2.3:a:v:p:*?*:*:*:*:*:*:*:*", "unquoted '?' inside"},
	    {"cpe:2.3:a:v:p:?*?:*:*:*:*:*:*:*", "unquoted '*' inside"},
	    {"cpe:2.3:a:v:p:1:*:*:*:*:*:*:x\\", "attribute 'other' ends with "
	                                        "a lone '\\'"},
	    {"cpe:2.3:a:v:p\\a:1:*:*:*:*:*:*:*",
	     "attribute 'product': '\\a' quotes a letter or digit"},
	    {"cpe:2.3:a:v:p\\ q:1:*:*:*:*:*:*:*",
	     "attribute 'product': '\\' before character 0x20"},
	    {"cpe:2.3:a:v:p q:1:*:*:*:*:*:*:*",
	     "attribute 'product': character 0x20 is not allowed"},
	    {"cpe:2.3:a:v\xc3\xa9:p:1:*:*:*:*:*:*:*",
	     "attribute 'vendor': character 0xc3 is not allowed"},
	    {"cpe:2.3:a:v:p:1\t:*:*:*:*:*:*:*",
	     "attribute 'version': character 0x09"},
	};

	for (size_t i = 0; i < NELEM(bad); i++) {
		struct cpe_name n;
		struct err e;
		int rc;

		cpe_name_init(&n);
		err_clear(&e);
		rc = cpe_name_parse(&n, bad[i].name, &e);
		ck_assert_msg(rc == ERR_PARSE, "'%s' accepted", bad[i].name);
		ck_assert_msg(strstr(e.msg, bad[i].msg), "'%s': got '%s'",
		              bad[i].name, e.msg);
		ck_assert_ptr_null(n.buf); /* left as init made it */
		ck_assert_int_eq(n.attr[CPE_VENDOR].kind, CPE_ANY);
		ck_assert(!cpe_name_valid(bad[i].name));
		ck_assert(!cpe23_valid(bad[i].name));
		{
			struct err e2;

			err_clear(&e2);
			ck_assert_int_eq(cpe_name_check(bad[i].name, &e2),
			                 ERR_PARSE);
			ck_assert_str_eq(e2.msg, e.msg);
		}
	}
}
END_TEST

/* cpe23_valid (asset.h) is the parser's check: its callers keep working. */
START_TEST(test_cpe_valid_is_the_parser)
{
	ck_assert(cpe23_valid("cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"));
	ck_assert(cpe23_valid("cpe:2.3:o:fortinet:fortios:7.0:*:*:*:*:*:*:*"));
	ck_assert(cpe23_valid("cpe:2.3:a:v:c\\+\\+:1:*:*:*:*:*:*:*"));
	ck_assert(!cpe23_valid("cpe:2.3:a:v:p:1:*:*:*:*:*:*"));
	ck_assert(!cpe23_valid("cpe:2.3:a:v:p:1.*.3:*:*:*:*:*:*:*"));
}
END_TEST

/*
 * NISTIR 7696 table 6-2, one row each, source against target in the
 * product attribute ("i" and "k" are strings, "m + wild" a string with
 * wildcards).
 */
START_TEST(test_cpe_attribute_table_6_2)
{
	static const struct {
		int row;
		const char *source, *target;
		enum cpe_relation want;
	} rows[] = {
	    {1, "*", "*", CPE_REL_EQUAL},
	    {2, "*", "-", CPE_REL_SUPERSET},
	    {3, "*", "log4j", CPE_REL_SUPERSET},
	    {4, "*", "log4*", CPE_REL_UNDEFINED},
	    {5, "-", "*", CPE_REL_SUBSET},
	    {6, "-", "-", CPE_REL_EQUAL},
	    {7, "-", "log4j", CPE_REL_DISJOINT},
	    {8, "-", "log4*", CPE_REL_UNDEFINED},
	    {9, "log4j", "log4j", CPE_REL_EQUAL},
	    {10, "log4j", "log4net", CPE_REL_DISJOINT},
	    {11, "log4j", "log4*", CPE_REL_UNDEFINED},
	    {12, "log4j", "-", CPE_REL_DISJOINT},
	    {13, "log4j", "*", CPE_REL_SUBSET},
	    {14, "log4*", "log4j", CPE_REL_SUPERSET},
	    {14, "log4*", "logback", CPE_REL_DISJOINT},
	    {15, "log4*", "*", CPE_REL_SUBSET},
	    {16, "log4*", "-", CPE_REL_DISJOINT},
	    {17, "log4*", "*4j", CPE_REL_UNDEFINED},
	    {17, "log4*", "log4?", CPE_REL_UNDEFINED},
	};

	for (size_t i = 0; i < NELEM(rows); i++) {
		enum cpe_relation r = rel(rows[i].source, rows[i].target);

		ck_assert_msg(
		    r == rows[i].want, "row %d: '%s' vs '%s' is %s, want %s",
		    rows[i].row, rows[i].source, rows[i].target,
		    cpe_relation_name(r), cpe_relation_name(rows[i].want));
	}
}
END_TEST

/*
 * Row 14 in detail: '*' is any run of characters, a run of n '?' at most
 * n characters (7696's compare_strings), case does not count, quoted
 * wildcards are literals.
 */
START_TEST(test_cpe_pattern_matching)
{
	static const struct {
		const char *source, *target;
		enum cpe_relation want;
	} cases[] = {
	    {"*4j", "log4j", CPE_REL_SUPERSET},
	    {"*4j", "log4jx", CPE_REL_DISJOINT},
	    {"*ssl*", "openssl", CPE_REL_SUPERSET},
	    {"*ssl*", "libssl3", CPE_REL_SUPERSET},
	    {"*ssl*", "gnutls", CPE_REL_DISJOINT},
	    {"??5", "115", CPE_REL_SUPERSET},
	    {"??5", "15", CPE_REL_SUPERSET},
	    {"??5", "5", CPE_REL_SUPERSET},
	    {"??5", "1115", CPE_REL_DISJOINT},
	    {"??5", "151", CPE_REL_DISJOINT},
	    {"2.?", "2.4", CPE_REL_SUPERSET},
	    {"2.?", "2.41", CPE_REL_DISJOINT},
	    {"?", "a", CPE_REL_SUPERSET},
	    {"?", "ab", CPE_REL_DISJOINT},
	    {"?a?", "bab", CPE_REL_SUPERSET},
	    {"?a?", "bbab", CPE_REL_DISJOINT},
	    {"*?", "anything", CPE_REL_SUPERSET},
	    {"Log4*", "LOG4J", CPE_REL_SUPERSET},
	    {"LOG4J", "log4j", CPE_REL_EQUAL},
	    {"a\\*", "a\\*", CPE_REL_EQUAL},
	    {"a\\*", "ab", CPE_REL_DISJOINT},
	    {"a*", "a\\*", CPE_REL_SUPERSET},
	    {"x\\:y*", "x\\:yz", CPE_REL_SUPERSET},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		enum cpe_relation r = rel(cases[i].source, cases[i].target);

		ck_assert_msg(r == cases[i].want, "'%s' vs '%s' is %s",
		              cases[i].source, cases[i].target,
		              cpe_relation_name(r));
	}
}
END_TEST

/* Name comparison (7696 section 6.2) and "source matches target". */
START_TEST(test_cpe_name_compare)
{
	static const struct {
		const char *source, *target;
		enum cpe_relation want;
		bool matches;
	} cases[] = {
	    {"cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*",
	     "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*", CPE_REL_EQUAL,
	     true},
	    {"cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*",
	     "cpe:2.3:a:apache:log4j:2.14.1:-:*:*:*:*:*:*", CPE_REL_SUPERSET,
	     true},
	    {"cpe:2.3:a:apache:log4j:2.14.1:-:*:*:*:*:*:*",
	     "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*", CPE_REL_SUBSET, false},
	    {"cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*",
	     "cpe:2.3:a:apache:tomcat:9.0:*:*:*:*:*:*:*", CPE_REL_DISJOINT,
	     false},
	    /* mixed: superset in version, subset in update */
	    {"cpe:2.3:a:apache:log4j:*:beta9:*:*:*:*:*:*",
	     "cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*", CPE_REL_UNDEFINED,
	     false},
	    /* a target with a wildcard: undefined, never a match */
	    {"cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*",
	     "cpe:2.3:a:apache:log4j:2.1*:*:*:*:*:*:*:*", CPE_REL_UNDEFINED,
	     false},
	    /* a disjoint attribute wins over an undefined one */
	    {"cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*",
	     "cpe:2.3:o:apache:log4j:2.1*:*:*:*:*:*:*:*", CPE_REL_DISJOINT,
	     false},
	    {"cpe:2.3:*:*:*:*:*:*:*:*:*:*:*",
	     "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*", CPE_REL_SUPERSET, true},
	    {"cpe:2.3:a:paloaltonetworks:prisma_access:2.1:*:*:*:innovation:*:*:"
	     "*",
	     "cpe:2.3:a:paloaltonetworks:prisma_access:2.1:*:*:*:*:*:*:*",
	     CPE_REL_SUBSET, false},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct cpe_name s, t;
		enum cpe_relation r;

		parse_ok(&s, cases[i].source);
		parse_ok(&t, cases[i].target);
		r = cpe_name_compare(&s, &t);
		ck_assert_msg(r == cases[i].want, "case %zu: %s", i,
		              cpe_relation_name(r));
		ck_assert_msg(cpe_name_matches(&s, &t) == cases[i].matches,
		              "case %zu: matches", i);
		cpe_name_release(&s);
		cpe_name_release(&t);
	}
}
END_TEST

static int
sgn(int x)
{
	return (x > 0) - (x < 0);
}

/* The version order of version.h, both ways round. */
START_TEST(test_cpe_version_compare)
{
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
	    {"1.0", "1.0.1", -1},
	    {"2.4.9", "2.4.10", -1},
	    {"1.0rc1", "1.0", -1},
	    {"1.0-beta", "1.0", -1},
	    {"1.0a", "1.0b", -1},
	    {"7.0", "7.0p1", -1},
	    {"7.0p1", "7.0p2", -1},
	    {"7.0p1", "7.1", -1},
	    {"10.2.0.1", "10.2.0.10", -1},
	    {"10.2.0.1", "10.2.1", -1},
	    {"10.2.0.1", "10.2", 1},
	    {"r2", "r10", -1},
	    {"1.0r2", "1.0", 1},
	    {"1.0", "1.0.0", 0},
	    {"5.2", "5.2.0.0", 0},
	    {"v2.1", "2.1", 0},
	    {"1.0-BETA", "1.0.beta", 0},
	    {"1.0-beta", "1.0-rc1", -1},
	    {"1.0.alpha", "1.0.beta", -1},
	    {"2.0-dev", "2.0-alpha", -1},
	    {"2.0-snapshot", "2.0-dev", 0},
	    {"2.0-pre1", "2.0-rc1", -1},
	    {"1.0rc1", "1.0rc2", -1},
	    {"1.0rc1", "1.0.1", -1},
	    {"1.0.0rc1", "1.0", -1},
	    {"1.0", "1.0a", -1},
	    {"1.0a", "1.0.1", -1},
	    {"1.0", "1.0.0p1", -1},
	    {"1.0.03.24", "1.0.03.3", 1},
	    {"007", "7", 0},
	    {"99999999999999999999", "100000000000000000000", -1},
	    {"2021-01-05", "2021-01-10", -1},
	    {"8.1.21-h1", "8.1.21", 1},
	    {"12.0", "12.0sp1", -1},
	    {"", "", 0},
	    {"", "0", 0},
	    {"", "1", -1},
	    {"jakarta", "kingston", -1},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		int ab = sgn(version_compare(cases[i].a, cases[i].b));
		int ba = sgn(version_compare(cases[i].b, cases[i].a));

		ck_assert_msg(ab == cases[i].want, "'%s' vs '%s': %d",
		              cases[i].a, cases[i].b, ab);
		ck_assert_msg(ba == -cases[i].want, "'%s' vs '%s': %d",
		              cases[i].b, cases[i].a, ba);
	}
}
END_TEST

/*
 * The order is total and consistent: versions listed oldest first compare
 * in that order pairwise, every pair both ways (so no cycle hides in it).
 */
START_TEST(test_cpe_version_order_is_consistent)
{
	static const char *const sorted[] = {
	    "0.9",      "1.0-dev",   "1.0alpha1", "1.0-alpha2", "1.0-beta2",
	    "1.0-pre",  "1.0rc1",    "1.0rc2",    "1.0",        "1.0a",
	    "1.0b",     "1.0p1",     "1.0p2",     "1.0sp1",     "1.0.1-rc1",
	    "1.0.1",    "1.0.1a",    "1.0.2",     "1.0.10",     "1.1",
	    "2.4.9",    "2.4.10",    "7.0",       "7.0p1",      "7.1",
	    "10.2.0.1", "10.2.0.10", "10.2.1",    "12.1",
	};

	for (size_t i = 0; i < NELEM(sorted); i++)
		for (size_t j = 0; j < NELEM(sorted); j++) {
			int want = i < j ? -1 : i > j ? 1 : 0;

			ck_assert_msg(
			    sgn(version_compare(sorted[i], sorted[j])) == want,
			    "'%s' vs '%s'", sorted[i], sorted[j]);
		}
}
END_TEST

/* A bounds struct from four literals (NULL: absent), owned copies. */
static void
bounds_set(struct version_bounds *b, const char *si, const char *se,
           const char *ei, const char *ee)
{
	struct version_bounds src = {(char *)si, (char *)se, (char *)ei,
	                             (char *)ee};

	version_bounds_init(b);
	version_bounds_copy(b, &src);
}

/*
 * Versions at and around each bound; the bounds are real ones of
 * nvdlib_search_full_page.json (CVE-2022-0011 PAN-OS, CVE-2021-37613
 * Stormshield) and nvdlib_CVE-2017-7542.json (the Linux kernel).
 */
START_TEST(test_cpe_version_bounds)
{
	static const struct {
		const char *si, *se, *ei, *ee, *version;
		bool within;
	} cases[] = {
	    /* versionStartIncluding 8.1.0, versionEndExcluding 8.1.21 */
	    {"8.1.0", NULL, NULL, "8.1.21", "8.0.99", false},
	    {"8.1.0", NULL, NULL, "8.1.21", "8.1.0", true},
	    {"8.1.0", NULL, NULL, "8.1.21", "8.1", true},
	    {"8.1.0", NULL, NULL, "8.1.21", "8.1.0-rc1", false},
	    {"8.1.0", NULL, NULL, "8.1.21", "8.1.20", true},
	    {"8.1.0", NULL, NULL, "8.1.21", "8.1.21-rc1", true},
	    {"8.1.0", NULL, NULL, "8.1.21", "8.1.21", false},
	    {"8.1.0", NULL, NULL, "8.1.21", "8.1.21-h1", false},
	    {"8.1.0", NULL, NULL, "8.1.21", "8.1.22", false},
	    /* versionStartIncluding 9.0.0, versionEndIncluding 9.0.15 */
	    {"9.0.0", NULL, "9.0.15", NULL, "9.0.15", true},
	    {"9.0.0", NULL, "9.0.15", NULL, "9.0.15.0", true},
	    {"9.0.0", NULL, "9.0.15", NULL, "9.0.15-h3",
	     false}, /* a hotfix after */
	    {"9.0.0", NULL, "9.0.15", NULL, "9.0.16", false},
	    /* versionStartExcluding 3.8.0, versionEndIncluding 3.11.12 */
	    {NULL, "3.8.0", "3.11.12", NULL, "3.8.0", false},
	    {NULL, "3.8.0", "3.11.12", NULL, "3.8", false},
	    {NULL, "3.8.0", "3.11.12", NULL, "3.8.0.1", true},
	    {NULL, "3.8.0", "3.11.12", NULL, "3.8.1", true},
	    {NULL, "3.8.0", "3.11.12", NULL, "3.9.0", true},
	    {NULL, "3.8.0", "3.11.12", NULL, "3.11.12", true},
	    {NULL, "3.8.0", "3.11.12", NULL, "3.11.13", false},
	    /* versionEndIncluding 4.12.3 alone */
	    {NULL, NULL, "4.12.3", NULL, "2.6.32", true},
	    {NULL, NULL, "4.12.3", NULL, "4.12.3", true},
	    {NULL, NULL, "4.12.3", NULL, "4.12.4", false},
	    {NULL, NULL, "4.12.3", NULL, "4.13-rc1", false},
	    /* a start bound alone */
	    {"2.0", NULL, NULL, NULL, "1.9", false},
	    {"2.0", NULL, NULL, NULL, "2.0", true},
	    {"2.0", NULL, NULL, NULL, "2.0-beta9", false},
	    {"2.0", NULL, NULL, NULL, "30.1", true},
	    {NULL, "2.0", NULL, NULL, "2.0", false},
	    {NULL, "2.0", NULL, NULL, "2.0.1", true},
	    /* no bound: everything */
	    {NULL, NULL, NULL, NULL, "0", true},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct version_bounds b;

		bounds_set(&b, cases[i].si, cases[i].se, cases[i].ei,
		           cases[i].ee);
		ck_assert(version_bounds_empty(&b) ==
		          (!cases[i].si && !cases[i].se && !cases[i].ei &&
		           !cases[i].ee));
		ck_assert_msg(version_within(cases[i].version, &b) ==
		                  cases[i].within,
		              "case %zu: '%s'", i, cases[i].version);
		version_bounds_release(&b);
	}
}
END_TEST

/* An array of parsed names (owned; free with names_free). */
static struct cpe_name *
names_parse(const char *const *s, size_t n)
{
	struct cpe_name *v = calloc(n ? n : 1, sizeof(*v));

	ck_assert_ptr_nonnull(v);
	for (size_t i = 0; i < n; i++)
		parse_ok(&v[i], s[i]);
	return v;
}

static void
names_free(struct cpe_name *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cpe_name_release(&v[i]);
	free(v);
}

/* Add a cpeMatch, which must be accepted. */
static void
add_match(struct cpe_node *node, bool vulnerable, const char *criteria,
          const char *si, const char *se, const char *ei, const char *ee)
{
	struct version_bounds b;
	struct err e;

	bounds_set(&b, si, se, ei, ee);
	err_clear(&e);
	ck_assert_msg(
	    cpe_node_add_match(node, vulnerable, criteria, &b, NULL, &e) == 0,
	    "%s", e.msg);
	version_bounds_release(&b);
}

/*
 * Evaluate c for the names; returns whether exposed, and the hits as
 * "node.match@name" joined by spaces in *trace (owned).
 */
static bool
exposed(const struct cpe_config *c, const char *const *names, size_t n,
        char **trace)
{
	struct cpe_name *v = names_parse(names, n);
	struct cpe_hits hits;
	struct strbuf sb;
	bool is_exposed, holds;

	cpe_hits_init(&hits);
	strbuf_init(&sb);
	holds = cpe_config_holds(c, v, n);
	is_exposed = cpe_config_exposes(c, v, n, &hits);
	ck_assert(!is_exposed || holds);
	ck_assert(is_exposed == (hits.n > 0));
	for (size_t i = 0; i < hits.n; i++)
		strbuf_addf(&sb, "%s%zu.%zu@%zu", i ? " " : "", hits.v[i].node,
		            hits.v[i].match, hits.v[i].name);
	*trace = strbuf_detach(&sb, NULL);
	cpe_hits_release(&hits);
	names_free(v, n);
	return is_exposed;
}

/* ck_assert that exposed() gives want and trace. */
#define EXPECT(c, names, want, want_trace)                                     \
	do {                                                                   \
		char *t_;                                                      \
		bool got_ = exposed((c), (names), NELEM(names), &t_);          \
		ck_assert_msg(got_ == (want), "%s: exposed %d", #names, got_); \
		ck_assert_str_eq(t_, (want_trace));                            \
		free(t_);                                                      \
	} while (0)

/*
 * CVE-2022-0016 (nvdlib_search_full_page.json), running on: the AND of
 * GlobalProtect 5.2 <= v < 5.2.9 (vulnerable) and macOS or Windows (the
 * platform, not vulnerable). Both are needed; only the app is a hit.
 */
START_TEST(test_cpe_config_running_on_globalprotect)
{
	static const char *const win_in[] = {
	    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.8:*:*:*:*:*:*:*"};
	static const char *const mac_low[] = {
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2:*:*:*:*:*:*:*",
	    "cpe:2.3:o:apple:macos:-:*:*:*:*:*:*:*"};
	static const char *const win_fixed[] = {
	    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.9:*:*:*:*:*:*:*"};
	static const char *const win_older[] = {
	    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.1.9:*:*:*:*:*:*:*"};
	static const char *const app_only[] = {
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.8:*:*:*:*:*:*:*"};
	static const char *const platform_only[] = {
	    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"};
	static const char *const on_linux[] = {
	    "cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*",
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.8:*:*:*:*:*:*:*"};
	/* windows 10 is not the NA version "-" the platform names */
	static const char *const win10[] = {
	    "cpe:2.3:o:microsoft:windows:10:*:*:*:*:*:*:*",
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.8:*:*:*:*:*:*:*"};
	struct cpe_config c;
	struct cpe_node *n;

	cpe_config_init(&c);
	c.op = CPE_OP_AND;
	n = cpe_config_add_node(&c, CPE_OP_OR, false);
	add_match(n, true,
	          "cpe:2.3:a:paloaltonetworks:globalprotect:*:*:*:*:*:*:*:*",
	          "5.2", NULL, NULL, "5.2.9");
	n = cpe_config_add_node(&c, CPE_OP_OR, false);
	add_match(n, false, "cpe:2.3:o:apple:macos:-:*:*:*:*:*:*:*", NULL, NULL,
	          NULL, NULL);
	add_match(n, false, "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*", NULL,
	          NULL, NULL, NULL);

	EXPECT(&c, win_in, true, "0.0@1");
	EXPECT(&c, mac_low, true, "0.0@0");
	EXPECT(&c, win_fixed, false, "");
	EXPECT(&c, win_older, false, "");
	EXPECT(&c, app_only, false, "");
	EXPECT(&c, platform_only, false, "");
	EXPECT(&c, on_linux, false, "");
	EXPECT(&c, win10, false, "");
	cpe_config_release(&c);
}
END_TEST

/*
 * CVE-2022-20699 (nvdlib_search_full_page.json): four running-on
 * configurations, firmware <= 1.0.03.24 on its own router model. The
 * firmware of one model on the hardware of another is not exposed.
 */
START_TEST(test_cpe_config_running_on_cisco_rv)
{
	static const char *const models[] = {"rv340", "rv340w", "rv345",
	                                     "rv345p"};
	static const char *const rv340[] = {
	    "cpe:2.3:o:cisco:rv340_firmware:1.0.03.24:*:*:*:*:*:*:*",
	    "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*"};
	static const char *const rv340_fixed[] = {
	    "cpe:2.3:o:cisco:rv340_firmware:1.0.03.26:*:*:*:*:*:*:*",
	    "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*"};
	static const char *const crossed[] = {
	    "cpe:2.3:o:cisco:rv340_firmware:1.0.03.20:*:*:*:*:*:*:*",
	    "cpe:2.3:h:cisco:rv345:-:*:*:*:*:*:*:*"};
	/* no version for the firmware: the bound cannot place it */
	static const char *const unknown[] = {
	    "cpe:2.3:o:cisco:rv340_firmware:*:*:*:*:*:*:*:*",
	    "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*"};
	struct cpe_config c[4];
	int n_exposed = 0;

	for (size_t i = 0; i < NELEM(models); i++) {
		char crit[96];
		struct cpe_node *n;

		cpe_config_init(&c[i]);
		c[i].op = CPE_OP_AND;
		n = cpe_config_add_node(&c[i], CPE_OP_OR, false);
		snprintf(crit, sizeof(crit),
		         "cpe:2.3:o:cisco:%s_firmware:*:*:*:*:*:*:*:*",
		         models[i]);
		add_match(n, true, crit, NULL, NULL, "1.0.03.24", NULL);
		n = cpe_config_add_node(&c[i], CPE_OP_OR, false);
		snprintf(crit, sizeof(crit),
		         "cpe:2.3:h:cisco:%s:-:*:*:*:*:*:*:*", models[i]);
		add_match(n, false, crit, NULL, NULL, NULL, NULL);
	}
	EXPECT(&c[0], rv340, true, "0.0@0");
	for (size_t i = 1; i < NELEM(models); i++)
		EXPECT(&c[i], rv340, false, "");
	for (size_t i = 0; i < NELEM(models); i++) {
		char *t;

		n_exposed += exposed(&c[i], crossed, NELEM(crossed), &t);
		free(t);
		n_exposed +=
		    exposed(&c[i], rv340_fixed, NELEM(rv340_fixed), &t);
		free(t);
		n_exposed += exposed(&c[i], unknown, NELEM(unknown), &t);
		free(t);
	}
	ck_assert_int_eq(n_exposed, 0);
	for (size_t i = 0; i < NELEM(models); i++)
		cpe_config_release(&c[i]);
}
END_TEST

/*
 * CVE-2022-0011 (nvdlib_search_full_page.json): two configurations of one
 * OR node each, PAN-OS version ranges and Prisma Access by version and
 * sw_edition. Every match a name satisfies is a hit.
 */
START_TEST(test_cpe_config_or_nodes_pan_os)
{
	static const char *const panos_10_1_2[] = {
	    "cpe:2.3:o:paloaltonetworks:pan-os:10.1.2:*:*:*:*:*:*:*"};
	static const char *const panos_10_1_3[] = {
	    "cpe:2.3:o:paloaltonetworks:pan-os:10.1.3:*:*:*:*:*:*:*"};
	static const char *const panos_two[] = {
	    "cpe:2.3:o:paloaltonetworks:pan-os:8.1.20:*:*:*:*:*:*:*",
	    "cpe:2.3:o:paloaltonetworks:pan-os:9.1.0:*:*:*:*:*:*:*"};
	static const char *const panos_between[] = {
	    "cpe:2.3:o:paloaltonetworks:pan-os:9.0.16:*:*:*:*:*:*:*"};
	static const char *const prisma_innovation[] = {
	    "cpe:2.3:a:paloaltonetworks:prisma_access:2.1:*:*:*:innovation:*:*:"
	    "*"};
	static const char *const prisma_22_innovation[] = {
	    "cpe:2.3:a:paloaltonetworks:prisma_access:2.2:*:*:*:innovation:*:*:"
	    "*"};
	/* sw_edition unknown (ANY): a subset of the criterion, no match */
	static const char *const prisma_any_edition[] = {
	    "cpe:2.3:a:paloaltonetworks:prisma_access:2.1:*:*:*:*:*:*:*"};
	static const struct {
		const char *si, *ei, *ee;
	} ranges[] = {
	    {"8.1.0", NULL, "8.1.21"},  {"9.0.0", "9.0.15", NULL},
	    {"9.1.0", NULL, "9.1.12"},  {"10.0.0", NULL, "10.0.8"},
	    {"10.1.0", NULL, "10.1.3"},
	};
	struct cpe_config panos, prisma;
	struct cpe_node *n;

	cpe_config_init(&panos);
	n = cpe_config_add_node(&panos, CPE_OP_OR, false);
	for (size_t i = 0; i < NELEM(ranges); i++)
		add_match(n, true,
		          "cpe:2.3:o:paloaltonetworks:pan-os:*:*:*:*:*:*:*:*",
		          ranges[i].si, NULL, ranges[i].ei, ranges[i].ee);
	cpe_config_init(&prisma);
	n = cpe_config_add_node(&prisma, CPE_OP_OR, false);
	add_match(n, true,
	          "cpe:2.3:a:paloaltonetworks:prisma_access:2.1:*:*:*:"
	          "innovation:*:*:*",
	          NULL, NULL, NULL, NULL);
	add_match(
	    n, true,
	    "cpe:2.3:a:paloaltonetworks:prisma_access:2.1:*:*:*:preferred:"
	    "*:*:*",
	    NULL, NULL, NULL, NULL);
	add_match(
	    n, true,
	    "cpe:2.3:a:paloaltonetworks:prisma_access:2.2:*:*:*:preferred:"
	    "*:*:*",
	    NULL, NULL, NULL, NULL);

	EXPECT(&panos, panos_10_1_2, true, "0.4@0");
	EXPECT(&panos, panos_10_1_3, false, "");
	EXPECT(&panos, panos_two, true, "0.0@0 0.2@1");
	EXPECT(&panos, panos_between, false, "");
	EXPECT(&panos, prisma_innovation, false, "");
	EXPECT(&prisma, prisma_innovation, true, "0.0@0");
	EXPECT(&prisma, prisma_22_innovation, false, "");
	EXPECT(&prisma, prisma_any_edition, false, "");
	EXPECT(&prisma, panos_10_1_2, false, "");
	cpe_config_release(&panos);
	cpe_config_release(&prisma);
}
END_TEST

/*
 * CVE-2021-26855, ProxyLogon (nvdlib_CVE-2021-26855.json): exact versions
 * with the cumulative update in the update attribute; "2019:-" is the
 * release without an update (NA), which an unknown update (ANY) is not.
 */
START_TEST(test_cpe_config_exact_updates_proxylogon)
{
	static const char *const cu19[] = {
	    "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_19:*:*:*:"
	    "*:*:*"};
	static const char *const cu20[] = {
	    "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_20:*:*:*:"
	    "*:*:*"};
	static const char *const rtm[] = {
	    "cpe:2.3:a:microsoft:exchange_server:2019:-:*:*:*:*:*:*"};
	static const char *const any_update[] = {
	    "cpe:2.3:a:microsoft:exchange_server:2019:*:*:*:*:*:*:*"};
	static const char *const upper_case[] = {
	    "cpe:2.3:a:Microsoft:Exchange_Server:2016:Cumulative_Update_19:*:*:*:"
	    "*:*:*"};
	struct cpe_config c;
	struct cpe_node *n;
	char crit[128];

	cpe_config_init(&c);
	n = cpe_config_add_node(&c, CPE_OP_OR, false);
	for (int cu = 21; cu <= 23; cu++) {
		snprintf(crit, sizeof(crit),
		         "cpe:2.3:a:microsoft:exchange_server:2013:cumulative_"
		         "update_%d:*:*:*:*:*:*",
		         cu);
		add_match(n, true, crit, NULL, NULL, NULL, NULL);
	}
	for (int cu = 8; cu <= 19; cu++) { /* matches 3..14 */
		snprintf(crit, sizeof(crit),
		         "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_"
		         "update_%d:*:*:*:*:*:*",
		         cu);
		add_match(n, true, crit, NULL, NULL, NULL, NULL);
	}
	add_match(n, true,
	          "cpe:2.3:a:microsoft:exchange_server:2019:-:*:*:*:*:*:*",
	          NULL, NULL, NULL, NULL); /* match 15 */
	for (int cu = 1; cu <= 8; cu++) {
		snprintf(crit, sizeof(crit),
		         "cpe:2.3:a:microsoft:exchange_server:2019:cumulative_"
		         "update_%d:*:*:*:*:*:*",
		         cu);
		add_match(n, true, crit, NULL, NULL, NULL, NULL);
	}
	ck_assert_uint_eq(n->n_matches, 24); /* as in the fixture */
	EXPECT(&c, cu19, true, "0.14@0");
	EXPECT(&c, cu20, false, "");
	EXPECT(&c, rtm, true, "0.15@0");
	EXPECT(&c, any_update, false, "");
	EXPECT(&c, upper_case, true, "0.14@0");
	cpe_config_release(&c);
}
END_TEST

/*
 * A criterion with bounds against a name whose version is ANY or NA: not
 * within (cpe_config.h says why); without bounds ANY matches ANY. The
 * criterion is CVE-2017-7542's (nvdlib_CVE-2017-7542.json).
 */
START_TEST(test_cpe_match_version_any_or_na_against_bounds)
{
	static const struct {
		const char *name;
		bool with_bounds, without;
	} cases[] = {
	    {"cpe:2.3:o:linux:linux_kernel:4.12.3:*:*:*:*:*:*:*", true, true},
	    {"cpe:2.3:o:linux:linux_kernel:4.12.4:*:*:*:*:*:*:*", false, true},
	    {"cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", false, true},
	    {"cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*", false, true},
	    {"cpe:2.3:o:linux:linux_kernel:4.1*:*:*:*:*:*:*:*", false, false},
	    {"cpe:2.3:o:linux:linux:4.12:*:*:*:*:*:*:*", false, false},
	};
	struct cpe_config c;
	struct cpe_node *n;

	cpe_config_init(&c);
	n = cpe_config_add_node(&c, CPE_OP_OR, false);
	add_match(n, true, "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", NULL,
	          NULL, "4.12.3", NULL);
	add_match(n, true, "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", NULL,
	          NULL, NULL, NULL);
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct cpe_name t;

		parse_ok(&t, cases[i].name);
		ck_assert_msg(cpe_match_satisfied(&n->matches[0], &t) ==
		                  cases[i].with_bounds,
		              "%s with bounds", cases[i].name);
		ck_assert_msg(cpe_match_satisfied(&n->matches[1], &t) ==
		                  cases[i].without,
		              "%s without bounds", cases[i].name);
		cpe_name_release(&t);
	}
	cpe_config_release(&c);
}
END_TEST

/*
 * AND nodes and negation. The fixtures hold neither (every node there is a
 * non-negated OR), so these configurations are built on CVE-2022-0016's
 * names: an AND node needs all its matches; a negated node holds when its
 * matches do not, and a match in it is never a hit.
 */
START_TEST(test_cpe_config_and_and_negated_nodes)
{
	static const char *const both[] = {
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.1:*:*:*:*:*:*:*",
	    "cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*"};
	static const char *const gp_only[] = {
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.1:*:*:*:*:*:*:*"};
	static const char *const gp_on_linux[] = {
	    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.1:*:*:*:*:*:*:*",
	    "cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*"};
	static const char *const linux_only[] = {
	    "cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*"};
	struct cpe_config and_node, not_linux, negated, all_negated;
	struct cpe_node *n;

	/* one AND node: GlobalProtect with an OpenSSL below 1.1.1l */
	cpe_config_init(&and_node);
	n = cpe_config_add_node(&and_node, CPE_OP_AND, false);
	add_match(n, true,
	          "cpe:2.3:a:paloaltonetworks:globalprotect:*:*:*:*:*:*:*:*",
	          "5.2", NULL, NULL, "5.2.9");
	add_match(n, false, "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", NULL,
	          NULL, NULL, "1.1.1l");
	EXPECT(&and_node, both, true, "0.0@0");
	EXPECT(&and_node, gp_only, false, "");

	/* AND of GlobalProtect and a negated node: not on Linux */
	cpe_config_init(&not_linux);
	not_linux.op = CPE_OP_AND;
	n = cpe_config_add_node(&not_linux, CPE_OP_OR, false);
	add_match(n, true,
	          "cpe:2.3:a:paloaltonetworks:globalprotect:*:*:*:*:*:*:*:*",
	          "5.2", NULL, NULL, "5.2.9");
	n = cpe_config_add_node(&not_linux, CPE_OP_OR, true);
	add_match(n, true, "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", NULL,
	          NULL, NULL, NULL);
	EXPECT(&not_linux, gp_only, true, "0.0@0");
	EXPECT(&not_linux, gp_on_linux, false, "");
	EXPECT(&not_linux, linux_only, false, "");

	/* a lone negated node holds without any name: nothing is a hit */
	cpe_config_init(&negated);
	n = cpe_config_add_node(&negated, CPE_OP_OR, true);
	add_match(n, true, "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", NULL,
	          NULL, NULL, NULL);
	EXPECT(&negated, gp_only, false, "");
	{
		struct cpe_name *v = names_parse(gp_only, NELEM(gp_only));

		ck_assert(cpe_config_holds(&negated, v, NELEM(gp_only)));
		names_free(v, NELEM(gp_only));
	}

	/* a negated configuration: holds or not, never a hit */
	cpe_config_init(&all_negated);
	all_negated.negate = true;
	n = cpe_config_add_node(&all_negated, CPE_OP_OR, false);
	add_match(n, true, "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", NULL,
	          NULL, NULL, NULL);
	EXPECT(&all_negated, linux_only, false, "");
	EXPECT(&all_negated, gp_only, false, "");

	cpe_config_release(&and_node);
	cpe_config_release(&not_linux);
	cpe_config_release(&negated);
	cpe_config_release(&all_negated);
}
END_TEST

/* Empty nodes and configurations never hold; bad criteria are refused. */
START_TEST(test_cpe_config_edges)
{
	static const char *const one[] = {
	    "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"};
	struct cpe_config c;
	struct cpe_node *n;
	struct cpe_name *v = names_parse(one, 1);
	struct err e;
	enum cpe_op op;

	cpe_config_init(&c);
	ck_assert(!cpe_config_holds(&c, v, 1));
	n = cpe_config_add_node(&c, CPE_OP_AND, false);
	ck_assert(!cpe_config_holds(&c, v, 1));
	err_clear(&e);
	ck_assert_int_eq(
	    cpe_node_add_match(n, true, "cpe:2.3:a:apache", NULL, NULL, &e),
	    ERR_PARSE);
	ck_assert_str_eq(e.msg, "criterion 'cpe:2.3:a:apache': only 2 of the "
	                        "11 attributes (part:vendor:product:version:"
	                        "update:edition:language:sw_edition:target_sw:"
	                        "target_hw:other); 'product' is missing");
	ck_assert_uint_eq(n->n_matches, 0);
	add_match(n, true, "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*", "2.0",
	          NULL, NULL, "2.15.0");
	ck_assert(cpe_config_holds(&c, v, 1));
	ck_assert(!cpe_config_holds(&c, v, 0)); /* no names */
	cpe_config_release(&c);
	names_free(v, 1);

	ck_assert_int_eq(cpe_op_parse("AND", &op, NULL), 0);
	ck_assert_int_eq(op, CPE_OP_AND);
	ck_assert_int_eq(cpe_op_parse("OR", &op, NULL), 0);
	ck_assert_int_eq(op, CPE_OP_OR);
	ck_assert_int_eq(cpe_op_parse("XOR", &op, &e), ERR_PARSE);
	ck_assert_str_eq(e.msg, "operator 'XOR' is neither 'OR' nor 'AND'");
	ck_assert_str_eq(cpe_op_name(CPE_OP_AND), "AND");
}
END_TEST

/* The store's index key of a criterion or a name. */
START_TEST(test_cpe_index_key)
{
	static const struct {
		const char *name;
		enum cpe_scan scan;
		char part;
		const char *vendor, *product;
	} cases[] = {
	    {"cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*", CPE_SCAN_PRODUCT, 'a',
	     "apache", "log4j"},
	    {"cpe:2.3:A:Apache:Log4J:2.0:*:*:*:*:*:*:*", CPE_SCAN_PRODUCT, 'a',
	     "apache", "log4j"},
	    {"cpe:2.3:a:optimism:eth-optimism\\/l2geth:*:*:*:*:*:*:*:*",
	     CPE_SCAN_PRODUCT, 'a', "optimism", "eth-optimism/l2geth"},
	    {"cpe:2.3:h:-:-:*:*:*:*:*:*:*:*", CPE_SCAN_PRODUCT, 'h', "-", "-"},
	    {"cpe:2.3:a:apache:*:*:*:*:*:*:*:*:*", CPE_SCAN_VENDOR, 'a',
	     "apache", NULL},
	    {"cpe:2.3:*:apache:log4*:*:*:*:*:*:*:*:*", CPE_SCAN_VENDOR, 0,
	     "apache", NULL},
	    {"cpe:2.3:o:*:linux_kernel:*:*:*:*:*:*:*:*", CPE_SCAN_PART, 'o',
	     NULL, NULL},
	    {"cpe:2.3:o:?inux:linux_kernel:*:*:*:*:*:*:*:*", CPE_SCAN_PART, 'o',
	     NULL, NULL},
	    {"cpe:2.3:*:*:x:*:*:*:*:*:*:*:*", CPE_SCAN_ALL, 0, NULL, NULL},
	};
	struct cpe_key k;

	cpe_key_init(&k);
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct cpe_name n;

		parse_ok(&n, cases[i].name);
		cpe_name_key(&n, &k);
		ck_assert_msg(k.scan == cases[i].scan, "%s: scan %d",
		              cases[i].name, k.scan);
		ck_assert_int_eq(k.part, cases[i].part);
		if (cases[i].vendor)
			ck_assert_str_eq(k.vendor, cases[i].vendor);
		else
			ck_assert_ptr_null(k.vendor);
		if (cases[i].product)
			ck_assert_str_eq(k.product, cases[i].product);
		else
			ck_assert_ptr_null(k.product);
		cpe_name_release(&n);
	}
	cpe_key_release(&k);
}
END_TEST

/* One CVE of an NVD API response: its id and configurations. */
struct fixture_cve {
	char *id;                   /* (owned) */
	struct nvd_configs configs; /* (owned) */
};

/*
 * Every CVE of $CENTINELA_FIXTURES/nvd/api2_responses/NAME read with the
 * feed's reader (owned array; *n entries), or NULL when the fixtures are
 * absent (after test_skip).
 */
static struct fixture_cve *
fixture_cves(const char *name, size_t *n)
{
	const char *dir = test_fixtures();
	char path[512], *text = NULL;
	size_t len;
	json_t *root, *vulns;
	json_error_t je;
	struct fixture_cve *v;
	struct err e;

	*n = 0;
	if (!dir) {
		test_skip("no fixtures for nvd/api2_responses/%s", name);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/nvd/api2_responses/%s", dir, name);
	ck_assert_msg(fs_read_file(path, 16 << 20, &text, &len, &e) == 0, "%s",
	              e.msg);
	root = json_loadb(text, len, 0, &je);
	ck_assert_msg(root, "%s: %s", path, je.text);
	vulns = json_object_get(root, "vulnerabilities");
	v = calloc(json_array_size(vulns) + 1, sizeof(*v));
	ck_assert_ptr_nonnull(v);
	for (size_t i = 0; i < json_array_size(vulns); i++) {
		json_t *cve = json_object_get(json_array_get(vulns, i), "cve");
		json_t *configs = json_object_get(cve, "configurations");

		v[i].id = strdup(json_string_value(json_object_get(cve, "id")));
		nvd_configs_init(&v[i].configs);
		err_clear(&e);
		ck_assert_msg(nvd_configs_read(&v[i].configs,
		                               configs ? configs : json_array(),
		                               &e) == 0,
		              "%s %s: %s", name, v[i].id, e.msg);
		*n = i + 1;
	}
	json_decref(root);
	free(text);
	return v;
}

static void
fixture_cves_free(struct fixture_cve *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		nvd_configs_release(&v[i].configs);
	}
	free(v);
}

/*
 * The configurations of every fixture response parse; in
 * nvdlib_search_full_page.json there are 47 CVEs, 135 configurations, 241
 * nodes and 303 cpeMatch entries (195 vulnerable), as counted with
 * python's json module; each criterion formats back to itself.
 */
START_TEST(test_cpe_fixture_configurations_read)
{
	static const char *const files[] = {
	    "nvdlib_CVE-2017-7542.json", "nvdlib_CVE-2021-26855.json",
	    "nvdlib_CVE-2021-45357.json", "nvdlib_simple_search.json",
	    "nvdlib_search_full_page.json"};
	size_t n_configs = 0, n_nodes = 0, n_matches = 0, n_vulnerable = 0;
	size_t n = 0, n_cves = 0;
	struct fixture_cve *v = NULL;

	for (size_t f = 0; f < NELEM(files); f++) {
		v = fixture_cves(files[f], &n);
		if (!v)
			return;
		ck_assert_uint_ge(n, 1);
		if (f < NELEM(files) - 1) {
			fixture_cves_free(v, n);
			continue;
		}
		n_cves = n;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < v[i].configs.n; c++) {
			const struct cpe_config *cf = &v[i].configs.v[c];

			n_configs++;
			for (size_t j = 0; j < cf->n_nodes; j++) {
				const struct cpe_node *nd = &cf->nodes[j];

				n_nodes++;
				for (size_t k = 0; k < nd->n_matches; k++) {
					char *out = cpe_name_format(
					    &nd->matches[k].name);

					n_matches++;
					n_vulnerable +=
					    nd->matches[k].is_vulnerable;
					ck_assert_str_eq(
					    out, nd->matches[k].criteria);
					ck_assert_ptr_nonnull(
					    nd->matches[k].match_criteria_id);
					free(out);
				}
			}
		}
	}
	ck_assert_uint_eq(n_cves, 47);
	ck_assert_uint_eq(n_configs, 135);
	ck_assert_uint_eq(n_nodes, 241);
	ck_assert_uint_eq(n_matches, 303);
	ck_assert_uint_eq(n_vulnerable, 195);
	/* CVE-2022-0016 as NVD gives it: AND of two OR nodes */
	for (size_t i = 0; i < n; i++) {
		const struct cpe_config *cf = v[i].configs.v;

		if (strcmp(v[i].id, "CVE-2022-0016") != 0)
			continue;
		ck_assert_uint_eq(v[i].configs.n, 1);
		ck_assert_int_eq(cf->op, CPE_OP_AND);
		ck_assert(!cf->negate);
		ck_assert_uint_eq(cf->n_nodes, 2);
		ck_assert_int_eq(cf->nodes[0].op, CPE_OP_OR);
		ck_assert_str_eq(cf->nodes[0].matches[0].bounds.start_including,
		                 "5.2");
		ck_assert_str_eq(cf->nodes[0].matches[0].bounds.end_excluding,
		                 "5.2.9");
		ck_assert_ptr_null(
		    cf->nodes[0].matches[0].bounds.end_including);
		ck_assert(!cf->nodes[1].matches[1].is_vulnerable);
		ck_assert_str_eq(cf->nodes[1].matches[1].criteria,
		                 "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*");
	}
	fixture_cves_free(v, n);
}
END_TEST

/*
 * An inventory written for nvdlib_search_full_page.json: names inside, on
 * and outside the bounds of its CVEs, and running-on pairs with the right
 * and the wrong platform. Evaluated against all 47 CVEs, it gives exactly
 * these exposures (asset, CVE, the name that matched).
 */
START_TEST(test_cpe_fixture_inventory_exposures)
{
	static const char want[] = "fw-hq CVE-2022-0011 0\n"
	                           "vpn-win CVE-2022-0016 0\n"
	                           "vpn-win CVE-2022-0018 0\n"
	                           "vpn-win CVE-2022-0021 0\n"
	                           "vpn-linux CVE-2022-0019 0\n"
	                           "router-1 CVE-2022-20699 0\n"
	                           "router-1 CVE-2022-20700 0\n"
	                           "router-1 CVE-2022-20701 0\n"
	                           "router-1 CVE-2022-20702 0\n"
	                           "router-1 CVE-2022-20703 0\n"
	                           "router-1 CVE-2022-20704 0\n"
	                           "router-1 CVE-2022-20705 0\n"
	                           "router-1 CVE-2022-20706 0\n"
	                           "router-1 CVE-2022-20707 0\n"
	                           "router-1 CVE-2022-20708 0\n"
	                           "router-1 CVE-2022-20709 0\n"
	                           "router-1 CVE-2022-20710 0\n"
	                           "router-1 CVE-2022-20711 0\n"
	                           "router-1 CVE-2022-20712 0\n"
	                           "router-1 CVE-2022-20749 0\n"
	                           "sns-1 CVE-2021-3398 0\n"
	                           "sns-2 CVE-2021-31814 0\n"
	                           "sns-2 CVE-2021-37613 0\n"
	                           "itsm CVE-2021-45901 0\n"
	                           "geth CVE-2022-24916 0\n"
	                           "swg CVE-2022-20738 0\n"
	                           "editor CVE-2022-0554 0 1\n";
	struct fixture_cve *v;
	struct strbuf got;
	size_t n;

	v = fixture_cves("nvdlib_search_full_page.json", &n);
	if (!v)
		return;
	strbuf_init(&got);
	for (size_t a = 0; a < NELEM(cpe_inventory); a++) {
		size_t n_names = cpe_inventory[a].names[1] ? 2 : 1;
		struct cpe_name *names =
		    names_parse(cpe_inventory[a].names, n_names);

		for (size_t i = 0; i < n; i++) {
			struct cpe_hits hits;

			cpe_hits_init(&hits);
			if (cpe_configs_expose(v[i].configs.v, v[i].configs.n,
			                       names, n_names, &hits)) {
				strbuf_addf(&got, "%s %s",
				            cpe_inventory[a].asset, v[i].id);
				/* the names that matched, once each */
				for (size_t k = 0; k < n_names; k++)
					for (size_t h = 0; h < hits.n; h++)
						if (hits.v[h].name == k) {
							strbuf_addf(&got,
							            " %zu", k);
							break;
						}
				strbuf_addch(&got, '\n');
			}
			cpe_hits_release(&hits);
		}
		names_free(names, n_names);
	}
	ck_assert_str_eq(got.buf, want);
	strbuf_release(&got);
	fixture_cves_free(v, n);
}
END_TEST

/*
 * Plain configurations (each a single OR node, nothing negated) expose
 * exactly when a name satisfies one of their vulnerable matches, and the
 * hits are every such pair: what the store takes from vuln_match lines
 * alone. Checked on the fixture's 47 CVEs against its inventory, and the
 * shapes that are not plain refused.
 */
START_TEST(test_cpe_configs_plain)
{
	struct cpe_config c[2];
	struct fixture_cve *v;
	size_t n, n_plain = 0, n_exposed = 0;

	/* the shapes */
	ck_assert(!cpe_configs_plain(NULL, 0));
	cpe_config_init(&c[0]);
	cpe_config_init(&c[1]);
	add_match(cpe_config_add_node(&c[0], CPE_OP_OR, false), true,
	          "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*", "2.0", NULL, NULL,
	          "2.15.0");
	add_match(cpe_config_add_node(&c[1], CPE_OP_OR, false), true,
	          "cpe:2.3:a:apache:log4j:2.15.0:*:*:*:*:*:*:*", NULL, NULL,
	          NULL, NULL);
	ck_assert(cpe_configs_plain(c, 2));
	c[1].op = CPE_OP_AND; /* of one node: the node alone */
	ck_assert(cpe_configs_plain(c, 2));
	c[1].negate = true;
	ck_assert(!cpe_configs_plain(c, 2));
	c[1].negate = false;
	c[1].nodes[0].negate = true;
	ck_assert(!cpe_configs_plain(c, 2));
	c[1].nodes[0].negate = false;
	c[1].nodes[0].op = CPE_OP_AND;
	ck_assert(!cpe_configs_plain(c, 2));
	ck_assert(cpe_configs_plain(c, 1));
	(void)cpe_config_add_node(&c[0], CPE_OP_OR, false); /* running on */
	ck_assert(!cpe_configs_plain(c, 1));
	cpe_config_release(&c[0]);
	cpe_config_release(&c[1]);

	v = fixture_cves("nvdlib_search_full_page.json", &n);
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!cpe_configs_plain(v[i].configs.v, v[i].configs.n))
			continue;
		n_plain++;
		for (size_t a = 0; a < NELEM(cpe_inventory); a++) {
			size_t n_names = cpe_inventory[a].names[1] ? 2 : 1;
			struct cpe_name *names =
			    names_parse(cpe_inventory[a].names, n_names);
			size_t pairs = 0;
			struct cpe_hits hits;
			bool is_exposed;

			for (size_t k = 0; k < v[i].configs.n; k++) {
				const struct cpe_node *nd =
				    &v[i].configs.v[k].nodes[0];

				for (size_t m = 0; m < nd->n_matches; m++)
					for (size_t j = 0; j < n_names; j++)
						pairs += nd->matches[m]
						             .is_vulnerable &&
						         cpe_match_satisfied(
						             &nd->matches[m],
						             &names[j]);
			}
			cpe_hits_init(&hits);
			is_exposed =
			    cpe_configs_expose(v[i].configs.v, v[i].configs.n,
			                       names, n_names, &hits);
			ck_assert_int_eq(is_exposed, pairs > 0);
			ck_assert_uint_eq(hits.n, pairs);
			n_exposed += is_exposed;
			cpe_hits_release(&hits);
			names_free(names, n_names);
		}
	}
	/* the fixture's CVEs but its running-on ones; some exposures */
	ck_assert_uint_eq(n_plain, 25);
	ck_assert_uint_ge(n_exposed, 5);
	fixture_cves_free(v, n);
}
END_TEST

/* The reader's refusals name the path of what is wrong. */
START_TEST(test_cpe_nvd_configs_refusals)
{
	static const struct {
		const char *json, *msg;
	} bad[] = {
	    {"{}", "configurations: an object, not an array"},
	    {"[1]", "configurations[0]: a number, not an object"},
	    {"[{}]", "configurations[0]: 'nodes' is missing"},
	    {"[{\"operator\":\"XOR\",\"nodes\":[]}]",
	     "configurations[0]: operator 'XOR' is neither 'OR' nor 'AND'"},
	    {"[{\"negate\":1,\"nodes\":[]}]",
	     "configurations[0]: 'negate' is a number, not a boolean"},
	    {"[{\"nodes\":[{\"cpeMatch\":[]}]}]",
	     "configurations[0].nodes[0]: 'operator' is missing"},
	    {"[{\"nodes\":[{\"operator\":\"OR\"}]}]",
	     "configurations[0].nodes[0]: 'cpeMatch' is missing"},
	    {"[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"criteria\":"
	     "\"cpe:2.3:a:v:p:*:*:*:*:*:*:*:*\",\"matchCriteriaId\":\"X\"}]}]}]",
	     "configurations[0].nodes[0].cpeMatch[0]: 'vulnerable' is missing"},
	    {"[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":"
	     "true,\"criteria\":\"cpe:2.3:a:v:p:1.*.2:*:*:*:*:*:*:*\","
	     "\"matchCriteriaId\":\"X\"}]}]}]",
	     "configurations[0].nodes[0].cpeMatch[0]: criterion "
	     "'cpe:2.3:a:v:p:1.*.2:*:*:*:*:*:*:*': attribute 'version': "
	     "unquoted '*' inside the value"},
	    {"[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":"
	     "true,\"criteria\":\"cpe:2.3:a:v:p:*:*:*:*:*:*:*:*\","
	     "\"matchCriteriaId\":\"X\",\"versionEndExcluding\":2}]}]}]",
	     "cpeMatch[0]: 'versionEndExcluding' is a number, not a string"},
	    {"[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":"
	     "true,\"criteria\":\"cpe:2.3:a:v:p:*:*:*:*:*:*:*:*\","
	     "\"matchCriteriaId\":\"X\",\"versionEndExcluding\":\"1\\u0000\"}]"
	     "}]}]",
	     "cpeMatch[0]: 'versionEndExcluding' holds a NUL character"},
	    {"[{\"nodes\":[", "invalid JSON"},
	};
	static const char good[] =
	    "[{\"operator\":\"AND\",\"negate\":true,\"nodes\":[{\"operator\":"
	    "\"AND\",\"negate\":true,\"cpeMatch\":[{\"vulnerable\":false,"
	    "\"criteria\":\"cpe:2.3:a:v:p:*:*:*:*:*:*:*:*\",\"matchCriteriaId\":"
	    "\"X\",\"versionStartExcluding\":\"1\",\"versionEndIncluding\":"
	    "\"2\"}]}]}]";
	struct nvd_configs c;
	struct err e;

	nvd_configs_init(&c);
	for (size_t i = 0; i < NELEM(bad); i++) {
		err_clear(&e);
		ck_assert_msg(nvd_configs_parse(&c, bad[i].json,
		                                strlen(bad[i].json), &e) != 0,
		              "accepted %s", bad[i].json);
		ck_assert_msg(strstr(e.msg, bad[i].msg), "%s: got '%s'",
		              bad[i].json, e.msg);
		ck_assert_uint_eq(c.n, 0);
		ck_assert_ptr_null(c.v);
	}
	ck_assert_int_eq(nvd_configs_parse(&c, good, strlen(good), &e), 0);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_int_eq(c.v[0].op, CPE_OP_AND);
	ck_assert(c.v[0].negate);
	ck_assert_int_eq(c.v[0].nodes[0].op, CPE_OP_AND);
	ck_assert(c.v[0].nodes[0].negate);
	ck_assert(!c.v[0].nodes[0].matches[0].is_vulnerable);
	ck_assert_str_eq(c.v[0].nodes[0].matches[0].bounds.start_excluding,
	                 "1");
	ck_assert_str_eq(c.v[0].nodes[0].matches[0].bounds.end_including, "2");
	nvd_configs_release(&c);
}
END_TEST

Suite *
cpe_suite(void)
{
	Suite *s = suite_create("cpe");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cpe_parse_gives_the_eleven_attributes);
	tcase_add_test(tc, test_cpe_escapes_every_special_character);
	tcase_add_test(tc, test_cpe_unquoted_punctuation_is_quoted_on_format);
	tcase_add_test(tc, test_cpe_round_trip);
	tcase_add_test(tc, test_cpe_wildcards_only_at_the_ends);
	tcase_add_test(tc, test_cpe_malformed_names_say_what_is_wrong);
	tcase_add_test(tc, test_cpe_valid_is_the_parser);
	tcase_add_test(tc, test_cpe_attribute_table_6_2);
	tcase_add_test(tc, test_cpe_pattern_matching);
	tcase_add_test(tc, test_cpe_name_compare);
	tcase_add_test(tc, test_cpe_version_compare);
	tcase_add_test(tc, test_cpe_version_order_is_consistent);
	tcase_add_test(tc, test_cpe_version_bounds);
	tcase_add_test(tc, test_cpe_config_running_on_globalprotect);
	tcase_add_test(tc, test_cpe_config_running_on_cisco_rv);
	tcase_add_test(tc, test_cpe_config_or_nodes_pan_os);
	tcase_add_test(tc, test_cpe_config_exact_updates_proxylogon);
	tcase_add_test(tc, test_cpe_match_version_any_or_na_against_bounds);
	tcase_add_test(tc, test_cpe_config_and_and_negated_nodes);
	tcase_add_test(tc, test_cpe_config_edges);
	tcase_add_test(tc, test_cpe_index_key);
	tcase_add_test(tc, test_cpe_fixture_configurations_read);
	tcase_add_test(tc, test_cpe_fixture_inventory_exposures);
	tcase_add_test(tc, test_cpe_configs_plain);
	tcase_add_test(tc, test_cpe_nvd_configs_refusals);
	suite_add_tcase(s, tc);
	return s;
}
