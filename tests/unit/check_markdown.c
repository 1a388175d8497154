/* The Markdown report writer: escaping, sanitizing, caps, empty sections. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/strbuf.h"
#include "centinela/export/markdown.h"
#include "centinela/model/incident.h"

static char *
cell(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	markdown_cell(&sb, s);
	return strbuf_detach(&sb, NULL);
}

/* Write h to a memory stream; returns the text (owned). */
static char *
render(const struct markdown_handover *h)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(markdown_handover(fp, h, NULL), 0);
	fclose(fp);
	return buf;
}

START_TEST(test_markdown_cell_escapes_syntax)
{
	char *s = cell("a|b *c* _d_ `e` [f](g) #h");

	ck_assert_str_eq(s, "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\#h");
	free(s);
	s = cell("# title");
	ck_assert_str_eq(s, "\\# title");
	free(s);
	s = cell("- item");
	ck_assert_str_eq(s, "\\- item");
	free(s);
	s = cell("12. twelve");
	ck_assert_str_eq(s, "12\\. twelve");
	free(s);
	s = cell(NULL);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_markdown_cell_flattens_newlines)
{
	char *s = cell("line one\nline two\r\nthree");

	ck_assert_ptr_null(strchr(s, '\n'));
	ck_assert_ptr_null(strchr(s, '\r'));
	ck_assert_str_eq(s, "line one line two  three");
	free(s);
}
END_TEST

START_TEST(test_markdown_cell_sanitizes_escapes)
{
	char *s = cell("x\x1b]0;pwned\x07y\x1b[31mred");

	ck_assert_ptr_null(strchr(s, '\x1b'));
	ck_assert_ptr_null(strchr(s, '\x07'));
	ck_assert_str_eq(s, "x^\\[\\]0;pwned^Gy^\\[\\[31mred");
	free(s);
}
END_TEST

static void
fill(struct incident *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ref[32];

		incident_init(&rows[i]);
		snprintf(ref, sizeof(ref), "MX-2026-%05zu", i + 1);
		rows[i].reference = strdup(ref);
		rows[i].title = strdup("evil | title\n# x \x1b[2J");
		rows[i].organization = strdup("Org");
		rows[i].opened_at = 1000;
		rows[i].due_at = 2000;
	}
}

START_TEST(test_markdown_handover_caps_with_more)
{
	struct markdown_handover h;
	struct incident rows[3];
	char *out;

	memset(&h, 0, sizeof(h));
	fill(rows, 3);
	h.from = 0;
	h.to = 3600;
	h.analyst = "ana";
	h.cache = "/tmp/c.db";
	h.changed = (struct markdown_incidents){rows, 3, 120, "updated<=8h"};
	h.sla = (struct markdown_incidents){rows, 1, 1, "due<2h"};
	out = render(&h);
	ck_assert_ptr_nonnull(strstr(out, "## Incidents changed (120)"));
	ck_assert_ptr_nonnull(strstr(
	    out, "and 117 more: `centinela list incidents 'updated<=8h'`"));
	ck_assert_ptr_nonnull(
	    strstr(out, "| MX-2026-00003 | medium | new | evil \\| title "
	                "\\# x ^\\[\\[2J | Org |  |\n"));
	ck_assert_ptr_nonnull(strstr(out, "1970-01-01T00:33:20Z | \\-26m |"));
	ck_assert_ptr_null(strchr(out, '\x1b'));
	free(out);
	for (size_t i = 0; i < 3; i++)
		incident_release(&rows[i]);
}
END_TEST

START_TEST(test_markdown_handover_empty_sections)
{
	struct markdown_handover h;
	char *out;

	memset(&h, 0, sizeof(h));
	h.from = 3600;
	h.to = 7200;
	out = render(&h);
	ck_assert_ptr_nonnull(strstr(out, "# Shift handover\n"));
	ck_assert_ptr_nonnull(strstr(out, "- Window: 1970-01-01T01:00:00Z to "
	                                  "1970-01-01T02:00:00Z (UTC)\n"));
	ck_assert_ptr_nonnull(
	    strstr(out, "## Incidents opened (0)\n\n(none)\n"));
	ck_assert_ptr_nonnull(strstr(
	    out, "## Unacknowledged alerts, high or critical (0)\n\n(none)\n"));
	ck_assert_ptr_nonnull(strstr(out, "- conflicts: 0\n"));
	ck_assert_ptr_nonnull(strstr(out, "## Handover note\n\n(no note)\n"));
	ck_assert_ptr_null(strstr(out, "more:"));
	free(out);
}
END_TEST

START_TEST(test_markdown_handover_kev_exposures)
{
	static const struct markdown_exposure rows[] = {
	    {"CVE-2024-3400", "fw|hq\x1b[2J", "CFE", "energy", 5, 3600,
	     1713398400, 1},
	    {"CVE-2021-26855", "mail-1", NULL, NULL, 4, 3000, 0, 0},
	};
	struct markdown_handover h;
	char *out;

	memset(&h, 0, sizeof(h));
	h.to = 7200;
	out = render(&h);
	ck_assert_ptr_nonnull(
	    strstr(out, "## New KEV exposures (0)\n\n(none)\n"));
	free(out);
	h.kev_exposures = (struct markdown_exposures){rows, 2, 5};
	out = render(&h);
	ck_assert_ptr_nonnull(strstr(out, "## New KEV exposures (5)\n"));
	ck_assert_ptr_nonnull(strstr(
	    out, "| 1970-01-01T01:00:00Z | CVE-2024-3400 (ransomware) | "
	         "fw\\|hq^\\[\\[2J | 5 | CFE | energy | 2024-04-18 |\n"));
	ck_assert_ptr_nonnull(strstr(out, "| mail-1 | 4 |  |  |  |\n"));
	ck_assert_ptr_nonnull(strstr(
	    out, "\nand 3 more: `centinela list exposures 'kev:yes'`\n"));
	/* after the alerts, before the outbox */
	ck_assert(strstr(out, "## Unacknowledged alerts") <
	          strstr(out, "## New KEV exposures"));
	ck_assert(strstr(out, "## New KEV exposures") <
	          strstr(out, "## Outbox"));
	ck_assert_ptr_null(strchr(out, '\x1b'));
	free(out);
}
END_TEST

START_TEST(test_markdown_handover_note_quoted_and_sanitized)
{
	struct markdown_handover h;
	char *out;

	memset(&h, 0, sizeof(h));
	h.note = "watch *MX-2026-00001*\n\nbell\x07 here\nnext\n";
	out = render(&h);
	ck_assert_ptr_nonnull(strstr(out, "> watch \\*MX-2026-00001\\*\n>\n"
	                                  "> bell^G here  \n> next\n"));
	ck_assert_ptr_null(strchr(out, '\x07'));
	free(out);
}
END_TEST

/* The note section of out (after its heading), owned. */
static char *
note_of(const char *out)
{
	const char *p = strstr(out, "## Handover note\n\n");

	ck_assert_ptr_nonnull(p);
	return strdup(p + strlen("## Handover note\n\n"));
}

/*
 * A hostile note is text: no HTML, no image (a tracking pixel fetched
 * when the report is rendered), no link, no markup at all; it used to be
 * passed through as the analyst's own Markdown.
 */
START_TEST(test_markdown_handover_note_is_escaped_text)
{
	static const struct {
		const char *note; /* one line of note */
		const char *want; /* its line in the report */
	} cases[] = {
	    {"<script>alert(1)</script>",
	     "> \\<script\\>alert(1)\\</script\\>\n"},
	    {"<img src=x onerror=alert(1)>",
	     "> \\<img src=x onerror=alert(1)\\>\n"},
	    {"![](https://tracker.example/p.png?u=ana)",
	     "> \\!\\[\\](https\\://tracker.example/p.png?u=ana)\n"},
	    {"see [the log](javascript:alert(1))",
	     "> see \\[the log\\](javascript:alert(1))\n"},
	    {"<https://evil.example/>", "> \\<https\\://evil.example/\\>\n"},
	    {"https://evil.example/x", "> https\\://evil.example/x\n"},
	    {"[x]: https://tracker.example/p.png",
	     "> \\[x\\]: https\\://tracker.example/p.png\n"},
	    {"# heading", "> \\# heading\n"},
	    {"  - item", ">   \\- item\n"},
	    {"1. first", "> 1\\. first\n"},
	    {"`code` *em* _em_ ~~del~~",
	     "> \\`code\\` \\*em\\* \\_em\\_ \\~\\~del\\~\\~\n"},
	    {"> quoted", "> \\> quoted\n"},
	    {"a | b", "> a \\| b\n"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct markdown_handover h;
		char *out, *note;

		memset(&h, 0, sizeof(h));
		h.note = cases[i].note;
		out = render(&h);
		note = note_of(out);
		ck_assert_msg(strcmp(note, cases[i].want) == 0,
		              "note '%s': got '%s'", cases[i].note, note);
		free(note);
		free(out);
	}
}
END_TEST

Suite *
markdown_suite(void)
{
	Suite *s = suite_create("markdown");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_markdown_cell_escapes_syntax);
	tcase_add_test(tc, test_markdown_cell_flattens_newlines);
	tcase_add_test(tc, test_markdown_cell_sanitizes_escapes);
	tcase_add_test(tc, test_markdown_handover_caps_with_more);
	tcase_add_test(tc, test_markdown_handover_empty_sections);
	tcase_add_test(tc, test_markdown_handover_note_quoted_and_sanitized);
	tcase_add_test(tc, test_markdown_handover_kev_exposures);
	tcase_add_test(tc, test_markdown_handover_note_is_escaped_text);
	suite_add_tcase(s, tc);
	return s;
}
