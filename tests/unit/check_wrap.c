/* Word wrapping (base/wrap.h). */
#include <check.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/wrap.h"

/* s wrapped at width, the lines joined with '|'. */
static char *
wrapped(const char *s, size_t width)
{
	struct strbuf sb;
	size_t len = strlen(s), at = 0;

	strbuf_init(&sb);
	do {
		size_t next, n = wrap_line(s + at, len - at, width, &next);

		uint32_t cp;

		/* within width, but for a lone code point wider than it */
		if (at < len && n > utf8_decode(s + at, len - at, &cp))
			ck_assert_uint_le(utf8_width(s + at, n), width);
		ck_assert(next > 0 || len == 0);
		if (sb.len)
			strbuf_addch(&sb, '|');
		strbuf_add(&sb, s + at, n);
		at += next;
	} while (at < len);
	return strbuf_detach(&sb, NULL);
}

static void
expect(const char *s, size_t width, const char *want)
{
	char *got = wrapped(s, width);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_wrap_at_word_boundaries)
{
	expect("the quick brown fox jumps", 10, "the quick|brown fox|jumps");
	/* a line that ends exactly at a word's end, blanks between */
	expect("abcde  fghij", 5, "abcde|fghij");
	expect("fits", 10, "fits");
	expect("", 10, "");
	/* blanks inside a line are kept, at its end dropped */
	expect("a  b   ", 10, "a  b");
	/* the indentation of the first line stays */
	expect("  one two three", 9, "  one two|three");
}
END_TEST

START_TEST(test_wrap_breaks_long_words)
{
	expect("abcdefghijkl", 5, "abcde|fghij|kl");
	expect("see https://example.org/a/very/long/path now", 12,
	       "see|https://exam|ple.org/a/ve|ry/long/path|now");
	/* indentation only before the long word: broken, no empty line */
	expect("    abcdefgh", 6, "    ab|cdefgh");
	/* width 0 still moves on, one code point a line */
	expect("ab", 0, "a|b");
}
END_TEST

START_TEST(test_wrap_utf8_and_wide)
{
	/* accented letters are one cell each, never split */
	expect("Comunicación con servidor", 12, "Comunicación|con servidor");
	expect("ñandúñandú", 4, "ñand|úñan|dú");
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		return;
	/* wide characters take two cells, one never split at the edge */
	expect("日本語のテキスト", 5, "日本|語の|テキ|スト");
	expect("ver 日本 ok", 7, "ver|日本 ok");
	expect("ver 日本 ok", 6, "ver|日本|ok");
	/* one wider than the line is still taken */
	expect("日本", 1, "日|本");
	setlocale(LC_CTYPE, "C");
}
END_TEST

Suite *
wrap_suite(void)
{
	Suite *s = suite_create("wrap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_wrap_at_word_boundaries);
	tcase_add_test(tc, test_wrap_breaks_long_words);
	tcase_add_test(tc, test_wrap_utf8_and_wide);
	suite_add_tcase(s, tc);
	return s;
}
