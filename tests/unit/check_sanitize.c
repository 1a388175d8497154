/* The terminal-text sanitizer and UTF-8 width helpers. */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/sanitize.h"
#include "centinela/base/utf8.h"

/* Sanitize s (len bytes) and compare with want. */
static void
expect(const char *s, size_t len, unsigned flags, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb);
	sanitize_append(&sb, s, len, flags);
	ck_assert_str_eq(sb.buf, want);
	ck_assert(utf8_valid(sb.buf, sb.len));
	ck_assert(sanitize_is_clean(sb.buf, sb.len, flags));
	strbuf_release(&sb);
}

#define EXPECT(lit, want) expect(lit, sizeof(lit) - 1, 0, want)

START_TEST(test_sanitize_plain_text_unchanged)
{
	EXPECT("Intrusión en SCADA — Planta Tula",
	       "Intrusión en SCADA — Planta Tula");
	EXPECT("", "");
	EXPECT("日本語 ok", "日本語 ok");
}
END_TEST

START_TEST(test_sanitize_c0_controls)
{
	EXPECT("a\x01"
	       "b",
	       "a^Ab");
	EXPECT("bell\a", "bell^G");
	EXPECT("line1\nline2", "line1^Jline2");
	EXPECT("tab\there", "tab^Ihere");
	EXPECT("cr\rover", "cr^Mover");
	EXPECT("del\x7f", "del^?");
	expect("nul\0x", 5, 0, "nul^@x");
}
END_TEST

START_TEST(test_sanitize_keeps_newline_and_tab_on_request)
{
	expect("a\nb\tc\rd", 7, SANITIZE_KEEP_NEWLINE | SANITIZE_KEEP_TAB,
	       "a\nb\tc^Md");
}
END_TEST

START_TEST(test_sanitize_escape_sequences_inert)
{
	/* CSI colour, cursor movement, title-setting OSC, DCS. */
	EXPECT("\x1b[31mred\x1b[0m", "^[[31mred^[[0m");
	EXPECT("\x1b[2J\x1b[H", "^[[2J^[[H");
	EXPECT("\x1b]0;pwned\x07", "^[]0;pwned^G");
	EXPECT("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
	       "^[]8;;http://x^[\\link^[]8;;^[\\");
	EXPECT("\x1bP1$r\x1b\\", "^[P1$r^[\\");
}
END_TEST

START_TEST(test_sanitize_c1_controls)
{
	/* U+009B (CSI), U+0085 (NEL), U+009D (OSC) encoded in UTF-8. */
	EXPECT("a\xc2\x9b"
	       "31mb",
	       "a<U+009B>31mb");
	EXPECT("\xc2\x85", "<U+0085>");
	EXPECT("\xc2\x9d"
	       "0;x",
	       "<U+009D>0;x");
}
END_TEST

START_TEST(test_sanitize_raw_c1_bytes_and_invalid_utf8)
{
	/* A lone 0x9b byte is the 8-bit CSI on some terminals. */
	EXPECT("a\x9b"
	       "31m",
	       "a\\x9B31m");
	EXPECT("\xff\xfe", "\\xFF\\xFE");
	EXPECT("\xc3", "\\xC3");                            /* truncated */
	EXPECT("\xc0\xaf", "\\xC0\\xAF");                   /* overlong '/' */
	EXPECT("\xed\xa0\x80", "\\xED\\xA0\\x80");          /* surrogate */
	EXPECT("\xf4\x90\x80\x80", "\\xF4\\x90\\x80\\x80"); /* > U+10FFFF */
}
END_TEST

START_TEST(test_sanitize_bidi_overrides)
{
	EXPECT("evil\xe2\x80\xaegnp.exe", "evil<U+202E>gnp.exe");
	EXPECT("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
	       "<U+202A><U+202B><U+202C><U+202D>");
	EXPECT("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
	       "<U+2066><U+2067><U+2068><U+2069>");
	EXPECT("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "<U+200E><U+200F><U+061C>");
	EXPECT("a\xe2\x80\xa8"
	       "b",
	       "a<U+2028>b");
}
END_TEST

START_TEST(test_sanitize_dup_handles_null)
{
	char *s = sanitize_dup(NULL, 0);

	ck_assert_str_eq(s, "");
	free(s);
	s = sanitize_dup("x\x1b", 0);
	ck_assert_str_eq(s, "x^[");
	free(s);
}
END_TEST

START_TEST(test_sanitize_utf8_width_and_fit)
{
	size_t w;

	setlocale(LC_CTYPE, "C.UTF-8");
	ck_assert_uint_eq(utf8_width("abc", 3), 3);
	ck_assert_uint_eq(utf8_width("año", 4), 3);
	ck_assert_uint_eq(utf8_width("日本", 6), 4);
	/* A wide character never gets split across the limit. */
	ck_assert_uint_eq(utf8_fit("日本", 6, 3, &w), 3);
	ck_assert_uint_eq(w, 2);
	ck_assert_uint_eq(utf8_fit("año", 4, 2, &w), 3);
	ck_assert_uint_eq(w, 2);
	setlocale(LC_CTYPE, "C");
}
END_TEST

START_TEST(test_sanitize_utf8_valid)
{
	ck_assert(utf8_valid("año", 4));
	ck_assert(!utf8_valid("a\xff", 2));
	ck_assert(!utf8_valid("a\0b", 3));
	ck_assert(!utf8_valid("\xe2\x82", 2));
}
END_TEST

START_TEST(test_sanitize_utf8_repair)
{
	char *r = utf8_repair("ok \xc3\xb1 \xff\xfe end \xe2\x82");

	ck_assert_str_eq(r, "ok \xc3\xb1 \xef\xbf\xbd\xef\xbf\xbd end "
	                    "\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert(utf8_valid(r, strlen(r)));
	free(r);
	r = utf8_repair("plain");
	ck_assert_str_eq(r, "plain");
	free(r);
	ck_assert_ptr_null(utf8_repair(NULL));
}
END_TEST

Suite *
sanitize_suite(void)
{
	Suite *s = suite_create("sanitize");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sanitize_plain_text_unchanged);
	tcase_add_test(tc, test_sanitize_c0_controls);
	tcase_add_test(tc, test_sanitize_keeps_newline_and_tab_on_request);
	tcase_add_test(tc, test_sanitize_escape_sequences_inert);
	tcase_add_test(tc, test_sanitize_c1_controls);
	tcase_add_test(tc, test_sanitize_raw_c1_bytes_and_invalid_utf8);
	tcase_add_test(tc, test_sanitize_bidi_overrides);
	tcase_add_test(tc, test_sanitize_dup_handles_null);
	tcase_add_test(tc, test_sanitize_utf8_width_and_fit);
	tcase_add_test(tc, test_sanitize_utf8_valid);
	tcase_add_test(tc, test_sanitize_utf8_repair);
	suite_add_tcase(s, tc);
	return s;
}
