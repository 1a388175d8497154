/* The filter language parser and formatter (model/filter.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/model/filter.h"

static struct filter *
parse_ok(const char *s)
{
	struct filter *f = NULL;
	struct err e;

	err_clear(&e);
	ck_assert_msg(filter_parse(s, &f, &e) == 0, "'%s': %s", s, e.msg);
	ck_assert_ptr_nonnull(f);
	return f;
}

/* Parse s, expect the error code with exactly msg. */
static void
parse_fails_with(const char *s, int code, const char *msg)
{
	struct filter *f = (struct filter *)1;
	struct err e;

	err_clear(&e);
	ck_assert_int_eq(filter_parse(s, &f, &e), code);
	ck_assert_ptr_null(f);
	ck_assert_str_eq(e.msg, msg);
}

/* Parse s, expect ERR_PARSE with exactly msg. */
static void
parse_fails(const char *s, const char *msg)
{
	parse_fails_with(s, ERR_PARSE, msg);
}

/* Canonical text of s. */
static char *
canon(const char *s)
{
	struct filter *f = parse_ok(s);
	struct strbuf sb;

	strbuf_init(&sb);
	filter_format(f, &sb);
	filter_free(f);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_filter_empty)
{
	struct filter *f = parse_ok("   \t ");

	ck_assert_uint_eq(filter_term_count(f), 0);
	ck_assert_ptr_null(filter_term_at(f, 0));
	filter_free(f);
	f = parse_ok("");
	ck_assert_uint_eq(filter_term_count(f), 0);
	filter_free(f);
	ck_assert_uint_eq(filter_term_count(NULL), 0);
	filter_free(NULL);
}
END_TEST

START_TEST(test_filter_operators)
{
	static const struct {
		const char *src;   /* one term */
		enum filter_op op; /* expected operator */
		const char *value; /* expected value */
	} cases[] = {
	    {"severity:high", FILTER_OP_EQ, "high"},
	    {"severity=high", FILTER_OP_EQ, "high"},
	    {"severity!=low", FILTER_OP_NE, "low"},
	    {"severity>=high", FILTER_OP_GE, "high"},
	    {"severity>medium", FILTER_OP_GT, "medium"},
	    {"age<2h", FILTER_OP_LT, "2h"},
	    {"due<=30m", FILTER_OP_LE, "30m"},
	    {"criticality>4", FILTER_OP_GT, "4"},
	    {"url:http://x.example/a?b=c", FILTER_OP_EQ,
	     "http://x.example/a?b=c"},
	    {"tlp:amber+strict", FILTER_OP_EQ, "amber+strict"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct filter *f = parse_ok(cases[i].src);
		const struct filter_term *t;

		ck_assert_uint_eq(filter_term_count(f), 1);
		t = filter_term_at(f, 0);
		ck_assert_int_eq(t->kind, FILTER_TERM_FIELD);
		ck_assert(!t->is_negated);
		ck_assert_int_eq(t->op, cases[i].op);
		ck_assert_uint_eq(t->values.n, 1);
		ck_assert_str_eq(t->values.v[0], cases[i].value);
		ck_assert_uint_eq(t->start, 0);
		ck_assert_uint_eq(t->end, strlen(cases[i].src));
		filter_free(f);
	}
}
END_TEST

START_TEST(test_filter_field_folded)
{
	struct filter *f = parse_ok("Severity:HIGH");
	const struct filter_term *t = filter_term_at(f, 0);

	ck_assert_str_eq(t->field, "severity");
	ck_assert_str_eq(t->values.v[0], "HIGH"); /* values keep their case */
	filter_free(f);
}
END_TEST

START_TEST(test_filter_negation_and_lists)
{
	struct filter *f =
	    parse_ok("!status:closed,resolved sector:energy,water  "
	             "severity>=high");
	const struct filter_term *t;

	ck_assert_uint_eq(filter_term_count(f), 3);
	t = filter_term_at(f, 0);
	ck_assert(t->is_negated);
	ck_assert_str_eq(t->field, "status");
	ck_assert_uint_eq(t->values.n, 2);
	ck_assert_str_eq(t->values.v[0], "closed");
	ck_assert_str_eq(t->values.v[1], "resolved");
	ck_assert_uint_eq(t->start, 0);
	ck_assert_uint_eq(t->end, 23);
	t = filter_term_at(f, 1);
	ck_assert(!t->is_negated);
	ck_assert_uint_eq(t->values.n, 2);
	ck_assert_uint_eq(t->start, 24);
	t = filter_term_at(f, 2);
	ck_assert_int_eq(t->op, FILTER_OP_GE);
	ck_assert_uint_eq(t->start, 45);
	filter_free(f);
}
END_TEST

START_TEST(test_filter_quotes)
{
	struct filter *f =
	    parse_ok("org:\"Comisión Federal, CFE\",\"a\\\"b\\\\c\" "
	             "\"lateral movement\" title:\"\"");
	const struct filter_term *t = filter_term_at(f, 0);

	ck_assert_uint_eq(filter_term_count(f), 3);
	ck_assert_uint_eq(t->values.n, 2);
	ck_assert_str_eq(t->values.v[0], "Comisión Federal, CFE");
	ck_assert_str_eq(t->values.v[1], "a\"b\\c");
	t = filter_term_at(f, 1);
	ck_assert_int_eq(t->kind, FILTER_TERM_TEXT);
	ck_assert_str_eq(t->text, "lateral movement");
	ck_assert_ptr_null(t->field);
	t = filter_term_at(f, 2);
	ck_assert_str_eq(t->values.v[0], "");
	filter_free(f);

	/* Other backslashes are literal, in and out of quotes. */
	f = parse_ok("\"C:\\temp\" path:a\\b");
	ck_assert_str_eq(filter_term_at(f, 0)->text, "C:\\temp");
	ck_assert_str_eq(filter_term_at(f, 1)->values.v[0], "a\\b");
	filter_free(f);
}
END_TEST

START_TEST(test_filter_bare_words)
{
	struct filter *f = parse_ok("ransomware !phishing 10.0.0.1 scada* "
	                            "foo-bar x:y");
	const struct filter_term *t;

	ck_assert_uint_eq(filter_term_count(f), 6);
	t = filter_term_at(f, 0);
	ck_assert_int_eq(t->kind, FILTER_TERM_TEXT);
	ck_assert_str_eq(t->text, "ransomware");
	t = filter_term_at(f, 1);
	ck_assert(t->is_negated);
	ck_assert_str_eq(t->text, "phishing");
	ck_assert_str_eq(filter_term_at(f, 2)->text, "10.0.0.1");
	t = filter_term_at(f, 3);
	ck_assert(t->is_prefix);
	ck_assert_str_eq(t->text, "scada");
	ck_assert_str_eq(filter_term_at(f, 4)->text, "foo-bar");
	ck_assert_int_eq(filter_term_at(f, 5)->kind, FILTER_TERM_FIELD);
	filter_free(f);

	/* A lone star and a quoted star are plain text. */
	f = parse_ok("* \"abc*\"");
	ck_assert(!filter_term_at(f, 0)->is_prefix);
	ck_assert_str_eq(filter_term_at(f, 0)->text, "*");
	ck_assert(!filter_term_at(f, 1)->is_prefix);
	ck_assert_str_eq(filter_term_at(f, 1)->text, "abc*");
	filter_free(f);
}
END_TEST

START_TEST(test_filter_errors)
{
	parse_fails("severity>=", "column 11: expected a value after "
	                          "'severity>='");
	parse_fails("status:new severity>= x",
	            "column 22: expected a value after 'severity>='");
	parse_fails("sector:energy,", "column 15: expected a value after ','");
	parse_fails("sector:,energy",
	            "column 8: expected a value after 'sector:'");
	parse_fails("severity>=high,critical",
	            "column 15: a list of values needs ':' or '!=', not '>='");
	parse_fails("title:\"abc", "column 7: unterminated quote (expected a "
	                           "closing '\"')");
	parse_fails("\"abc\"def",
	            "column 6: expected a blank after the closing quote");
	parse_fails("org:\"a\"b",
	            "column 8: expected a blank or ',' after the closing "
	            "quote");
	parse_fails("a ! b", "column 4: expected a field or a word after '!'");
	parse_fails("foo\"bar", "column 4: unexpected '\"' inside a word "
	                        "(quote the whole value)");
	parse_fails("x OR y", "column 3: 'OR' is not supported: terms are "
	                      "always ANDed (write \"OR\" to search for the "
	                      "word)");
	/* Columns count characters, not bytes. */
	parse_fails("\"día\" sev<", "column 11: expected a value after 'sev<'");
}
END_TEST

/* A filter of n copies of term (blank-separated), owned. */
static char *
repeat_term(const char *term, size_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", term);
	return strbuf_detach(&sb, NULL);
}

/* Parse s, expect ERR_LIMIT with exactly msg. */
static void
parse_too_large(const char *s, const char *msg)
{
	parse_fails_with(s, ERR_LIMIT, msg);
}

/*
 * The size of a filter is bounded (FILTER_TERMS_MAX terms,
 * FILTER_VALUES_MAX values), with a message that says so and where.
 */
START_TEST(test_filter_size_limits)
{
	char *src = repeat_term("a:b", FILTER_TERMS_MAX);
	struct filter *f = parse_ok(src);
	struct strbuf list;

	ck_assert_uint_eq(filter_term_count(f), FILTER_TERMS_MAX);
	filter_free(f);
	free(src);
	src = repeat_term("a:b", FILTER_TERMS_MAX + 1);
	parse_too_large(src, "column 8001: a filter holds at most 2000 terms "
	                     "and 10000 values in all (field:a,b,... counts "
	                     "each value); this one has more");
	free(src);
	src = repeat_term("word", FILTER_TERMS_MAX + 1);
	parse_too_large(src, "column 10001: a filter holds at most 2000 "
	                     "terms and 10000 values in all (field:a,b,... "
	                     "counts each value); this one has more");
	free(src);
	/* a list of FILTER_VALUES_MAX values is one term */
	strbuf_init(&list);
	strbuf_adds(&list, "ip:1");
	for (int i = 1; i < FILTER_VALUES_MAX; i++)
		strbuf_adds(&list, ",1");
	f = parse_ok(list.buf);
	ck_assert_uint_eq(filter_term_at(f, 0)->values.n, FILTER_VALUES_MAX);
	filter_free(f);
	strbuf_adds(&list, " x");
	parse_too_large(list.buf, "column 20004: a filter holds at most 2000 "
	                          "terms and 10000 values in all "
	                          "(field:a,b,... counts each value); this "
	                          "one has more");
	strbuf_release(&list);
}
END_TEST

START_TEST(test_filter_format_canonical)
{
	static const struct {
		const char *src;   /* as typed */
		const char *canon; /* canonical form */
	} cases[] = {
	    {"", ""},
	    {"  Severity=high   status:new ", "severity:high status:new"},
	    {"!sector:energy,water", "!sector:energy,water"},
	    {"org:\"A, B\" org:\"x\"", "org:\"A, B\" org:x"},
	    {"\"two words\" \"single\" word*", "\"two words\" single word*"},
	    {"\"a:b\" \"!x\" \"OR\" \"z*\" \"\"",
	     "\"a:b\" \"!x\" \"OR\" \"z*\" \"\""},
	    {"v:\"q\\\"uote\" \"back\\\\slash\"",
	     "v:\"q\\\"uote\" back\\slash"},
	    {"age<2h due<=30m x>1 y>=2 z!=3", "age<2h due<=30m x>1 y>=2 z!=3"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *c = canon(cases[i].src), *again;

		ck_assert_str_eq(c, cases[i].canon);
		again = canon(c);
		ck_assert_str_eq(again, c); /* a fixed point */
		free(again);
		free(c);
	}
}
END_TEST

START_TEST(test_filter_round_trip_ast)
{
	const char *src = "!org:\"Agua, SA\",CFE \"x\\\"y\" ransom* "
	                  "severity>=high !\"lateral movement\" path:a\\b";
	struct filter *a = parse_ok(src), *b;
	struct strbuf sb;

	strbuf_init(&sb);
	filter_format(a, &sb);
	b = parse_ok(sb.buf);
	ck_assert_uint_eq(filter_term_count(a), filter_term_count(b));
	for (size_t i = 0; i < filter_term_count(a); i++) {
		const struct filter_term *x = filter_term_at(a, i);
		const struct filter_term *y = filter_term_at(b, i);

		ck_assert_int_eq(x->kind, y->kind);
		ck_assert_int_eq(x->is_negated, y->is_negated);
		ck_assert_int_eq(x->is_prefix, y->is_prefix);
		if (x->kind == FILTER_TERM_TEXT) {
			ck_assert_str_eq(x->text, y->text);
			continue;
		}
		ck_assert_str_eq(x->field, y->field);
		ck_assert_int_eq(x->op, y->op);
		ck_assert_uint_eq(x->values.n, y->values.n);
		for (size_t j = 0; j < x->values.n; j++)
			ck_assert_str_eq(x->values.v[j], y->values.v[j]);
	}
	strbuf_release(&sb);
	filter_free(a);
	filter_free(b);
}
END_TEST

START_TEST(test_filter_op_names)
{
	ck_assert_str_eq(filter_op_name(FILTER_OP_EQ), ":");
	ck_assert_str_eq(filter_op_name(FILTER_OP_NE), "!=");
	ck_assert_str_eq(filter_op_name(FILTER_OP_LE), "<=");
	ck_assert_str_eq(filter_op_name(FILTER_OP_GE), ">=");
	ck_assert_str_eq(filter_op_name((enum filter_op)42), "?");
}
END_TEST

/* The Makefile finds suites by this exact line. */
/* clang-format off */
Suite *filter_suite(void)
/* clang-format on */
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_filter_empty);
	tcase_add_test(tc, test_filter_operators);
	tcase_add_test(tc, test_filter_field_folded);
	tcase_add_test(tc, test_filter_negation_and_lists);
	tcase_add_test(tc, test_filter_quotes);
	tcase_add_test(tc, test_filter_bare_words);
	tcase_add_test(tc, test_filter_errors);
	tcase_add_test(tc, test_filter_size_limits);
	tcase_add_test(tc, test_filter_format_canonical);
	tcase_add_test(tc, test_filter_round_trip_ast);
	tcase_add_test(tc, test_filter_op_names);
	suite_add_tcase(s, tc);
	return s;
}
