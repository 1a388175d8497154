/* The command-language lexer: words, quoting, escapes, comments, ';'. */
#include <check.h>
#include <string.h>

#include "centinela/app/lexer.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"

/* Lex line, expecting success, into words joined by '|' in *joined. */
static void
lex_ok(const char *line, const char *want)
{
	struct strvec words;
	struct strbuf joined;
	struct err e;

	strvec_init(&words);
	strbuf_init(&joined);
	err_clear(&e);
	ck_assert_msg(lexer_split_words(line, &words, &e) == 0, "%s: %s", line,
	              e.msg);
	for (size_t i = 0; i < words.n; i++) {
		if (i)
			strbuf_addch(&joined, '|');
		strbuf_adds(&joined, words.v[i]);
	}
	ck_assert_str_eq(joined.buf, want);
	strbuf_release(&joined);
	strvec_release(&words);
}

static void
lex_fails(const char *line, const char *want_msg)
{
	struct strvec words;
	struct err e;

	strvec_init(&words);
	err_clear(&e);
	ck_assert_int_eq(lexer_split_words(line, &words, &e), ERR_PARSE);
	ck_assert_int_eq(e.code, ERR_PARSE);
	ck_assert_str_eq(e.msg, want_msg);
	strvec_release(&words);
}

START_TEST(test_cmdlang_splits_on_blanks)
{
	lex_ok("set analyst ana", "set|analyst|ana");
	lex_ok("  set\t\tanalyst   ana  ", "set|analyst|ana");
	lex_ok("set analyst ana\r\n", "set|analyst|ana");
	lex_ok("", "");
	lex_ok("   \t ", "");
}
END_TEST

START_TEST(test_cmdlang_counts_words)
{
	struct strvec words;

	strvec_init(&words);
	ck_assert_int_eq(lexer_split_words("a \"\" b ''", &words, NULL), 0);
	ck_assert_uint_eq(words.n, 4);
	ck_assert_str_eq(words.v[1], "");
	ck_assert_str_eq(words.v[3], "");
	ck_assert_ptr_null(words.v[4]);
	strvec_release(&words);
}
END_TEST

START_TEST(test_cmdlang_double_quotes_and_escapes)
{
	lex_ok("set analyst \"ana lopez\"", "set|analyst|ana lopez");
	lex_ok("x \"a\\\"b\"", "x|a\"b");
	lex_ok("x \"a\\\\b\"", "x|a\\b");
	lex_ok("x \"a\\nb\\tc\"", "x|a\nb\tc");
	lex_ok("x \"it's\"", "x|it's");
	lex_ok("x \"# not a comment; nor a split\"",
	       "x|# not a comment; nor a split");
}
END_TEST

START_TEST(test_cmdlang_single_quotes_are_literal)
{
	lex_ok("x 'a\\nb'", "x|a\\nb");
	lex_ok("x 'say \"hi\"'", "x|say \"hi\"");
	lex_ok("x '#'", "x|#");
}
END_TEST

START_TEST(test_cmdlang_backslash_outside_quotes_is_literal)
{
	lex_ok("x a\\b", "x|a\\b");
}
END_TEST

START_TEST(test_cmdlang_mixed_words)
{
	lex_ok("a\"b c\"d", "ab cd");
	lex_ok("key='x y'\"z\"", "key=x yz");
	lex_ok("\"a\"'b'c d", "abc|d");
}
END_TEST

START_TEST(test_cmdlang_comments)
{
	lex_ok("# only a comment", "");
	lex_ok("set analyst ana # who", "set|analyst|ana");
	lex_ok("set analyst ana#b", "set|analyst|ana#b");
	lex_ok("url=https://x.example/#frag", "url=https://x.example/#frag");
	lex_ok("x \"a\"#b", "x|a#b");
}
END_TEST

START_TEST(test_cmdlang_errors_name_the_column)
{
	lex_fails("set analyst \"ana", "column 13: unterminated double quote");
	lex_fails("set analyst 'ana", "column 13: unterminated single quote");
	lex_fails("x \"a\\", "column 3: unterminated double quote");
	lex_fails("x \"a\\eb\"",
	          "column 5: bad escape '\\e' (allowed: \\\\ \\\" \\n \\t)");
	lex_fails("x \"\\x41\"",
	          "column 4: bad escape '\\x' (allowed: \\\\ \\\" \\n \\t)");
	lex_fails("x a\x1b[31m",
	          "column 4: control character 0x1b is not allowed");
}
END_TEST

START_TEST(test_cmdlang_quote_round_trips)
{
	static const char *const words[] = {
	    "plain",   "two words",   "",     "#hash",     "a;b",
	    "q\"uote", "back\\slash", "it's", "tab\there", "line\nbreak",
	    "ñandú",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct strbuf line;
		struct strvec out;

		strbuf_init(&line);
		strvec_init(&out);
		strbuf_adds(&line, "cmd ");
		lexer_quote(words[i], &line);
		ck_assert_int_eq(lexer_split_words(line.buf, &out, NULL), 0);
		ck_assert_uint_eq(out.n, 2);
		ck_assert_str_eq(out.v[1], words[i]);
		strvec_release(&out);
		strbuf_release(&line);
	}
}
END_TEST

START_TEST(test_cmdlang_quote_leaves_plain_words_bare)
{
	struct strbuf sb;

	strbuf_init(&sb);
	lexer_quote("ana.lopez", &sb);
	ck_assert_str_eq(sb.buf, "ana.lopez");
	strbuf_reset(&sb);
	lexer_quote("ana lopez", &sb);
	ck_assert_str_eq(sb.buf, "\"ana lopez\"");
	strbuf_release(&sb);
}
END_TEST

/* Split s into commands joined by '|'. */
static void
split_is(const char *s, const char *want)
{
	struct strvec cmds;
	struct strbuf joined;

	strvec_init(&cmds);
	strbuf_init(&joined);
	lexer_split_commands(s, &cmds);
	for (size_t i = 0; i < cmds.n; i++) {
		if (i)
			strbuf_addch(&joined, '|');
		strbuf_adds(&joined, cmds.v[i]);
	}
	ck_assert_str_eq(joined.buf, want);
	strbuf_release(&joined);
	strvec_release(&cmds);
}

START_TEST(test_cmdlang_splits_commands)
{
	split_is("set analyst ana; set default-limit 20",
	         "set analyst ana| set default-limit 20");
	split_is("a\nb\n\nc", "a|b|c");
	split_is("a;;  ;b;", "a|b");
	split_is("x \"a;b\"; y 'c;d'", "x \"a;b\"| y 'c;d'");
	split_is("x \"a\\\";b\"; y", "x \"a\\\";b\"| y");
	split_is("x # c; d\ny", "x # c; d|y");
	split_is("x a#b;y", "x a#b|y");
	split_is("", "");
}
END_TEST

START_TEST(test_cmdlang_split_leaves_quote_errors_to_the_lexer)
{
	struct strvec cmds, words;
	struct err e;

	strvec_init(&cmds);
	strvec_init(&words);
	lexer_split_commands("a \"b;c\nd", &cmds);
	ck_assert_uint_eq(cmds.n, 2);
	ck_assert_str_eq(cmds.v[0], "a \"b;c");
	ck_assert_str_eq(cmds.v[1], "d");
	ck_assert_int_eq(lexer_split_words(cmds.v[0], &words, &e), ERR_PARSE);
	ck_assert_str_eq(e.msg, "column 3: unterminated double quote");
	strvec_release(&words);
	strvec_release(&cmds);
}
END_TEST

Suite *
cmdlang_suite(void)
{
	Suite *s = suite_create("cmdlang");
	TCase *tc = tcase_create("lexer");

	tcase_add_test(tc, test_cmdlang_splits_on_blanks);
	tcase_add_test(tc, test_cmdlang_counts_words);
	tcase_add_test(tc, test_cmdlang_double_quotes_and_escapes);
	tcase_add_test(tc, test_cmdlang_single_quotes_are_literal);
	tcase_add_test(tc, test_cmdlang_backslash_outside_quotes_is_literal);
	tcase_add_test(tc, test_cmdlang_mixed_words);
	tcase_add_test(tc, test_cmdlang_comments);
	tcase_add_test(tc, test_cmdlang_errors_name_the_column);
	tcase_add_test(tc, test_cmdlang_quote_round_trips);
	tcase_add_test(tc, test_cmdlang_quote_leaves_plain_words_bare);
	tcase_add_test(tc, test_cmdlang_splits_commands);
	tcase_add_test(tc, test_cmdlang_split_leaves_quote_errors_to_the_lexer);
	suite_add_tcase(s, tc);
	return s;
}
