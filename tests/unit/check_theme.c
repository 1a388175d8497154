/* Themes: colours, down-conversion, attributes, files, inheritance,
 * the shipped themes and the theme, color and mono commands. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/lexer.h"
#include "centinela/app/theme.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "testutil.h"

/* The themes shipped in themes/ (tests run from the repo root). */
static const char *const shipped[] = {
    "default", "light", "mono", "solarized-dark", "high-contrast",
};

#define SHIPPED_COUNT (sizeof(shipped) / sizeof(shipped[0]))

static struct theme_color
color(const char *s)
{
	struct theme_color c;
	struct err e;

	ck_assert_msg(theme_color_parse(s, &c, &e) == 0, "%s: %s", s, e.msg);
	return c;
}

/* theme_color_for on the colour written s. */
static int
color_for(const char *s, int n_colors)
{
	struct theme_color c = color(s);

	return theme_color_for(&c, n_colors);
}

static void
check_color_roundtrip(const char *s)
{
	struct theme_color c = color(s);
	struct strbuf sb;

	strbuf_init(&sb);
	theme_color_format(&c, &sb);
	ck_assert_str_eq(sb.buf, s);
	strbuf_release(&sb);
}

START_TEST(test_theme_color_parses_every_form)
{
	struct theme_color c;

	c = color("default");
	ck_assert_int_eq(c.kind, THEME_COLOR_DEFAULT);
	c = color("black");
	ck_assert_int_eq(c.kind, THEME_COLOR_NAMED);
	ck_assert_int_eq(c.index, 0);
	ck_assert_int_eq(color("red").index, 1);
	ck_assert_int_eq(color("white").index, 7);
	ck_assert_int_eq(color("brightblack").index, 8);
	ck_assert_int_eq(color("brightcyan").index, 14);
	c = color("color0");
	ck_assert_int_eq(c.kind, THEME_COLOR_INDEX);
	ck_assert_int_eq(c.index, 0);
	ck_assert_int_eq(color("color255").index, 255);
	ck_assert_int_eq(color("color42").index, 42);
	c = color("#FF8700");
	ck_assert_int_eq(c.kind, THEME_COLOR_RGB);
	ck_assert_uint_eq(c.rgb, 0xff8700);
	ck_assert_uint_eq(color("#0a0b0c").rgb, 0x0a0b0c);
	check_color_roundtrip("default");
	check_color_roundtrip("magenta");
	check_color_roundtrip("brightyellow");
	check_color_roundtrip("color200");
	check_color_roundtrip("#ff8700");
}
END_TEST

START_TEST(test_theme_color_refuses_bad_forms)
{
	static const char *const bad[] = {
	    "",          "purple",  "Red",      "brightdefault",
	    "bright",    "color",   "color256", "color01",
	    "color1000", "color-1", "colour1",  "#12345",
	    "#1234567",  "#gg0000", "#",        "red ",
	};
	struct theme_color c = {THEME_COLOR_NAMED, 3, 0};
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(theme_color_parse(bad[i], &c, &e) == ERR_INVALID,
		              "'%s' accepted", bad[i]);
		ck_assert_int_eq(c.index, 3); /* untouched */
	}
	theme_color_parse("purple", &c, &e);
	ck_assert_str_eq(e.msg, "unknown colour 'purple' (expected default, "
	                        "black, red, green, yellow, blue, magenta, "
	                        "cyan, white, bright<name>, color0 to "
	                        "color255 or #RRGGBB)");
}
END_TEST

START_TEST(test_theme_color_down_converts_rgb)
{
	/* Pure red: the cube's corner on 256, bright red on 16, red on 8. */
	ck_assert_int_eq(color_for("#ff0000", 256), 196);
	ck_assert_int_eq(color_for("#ff0000", 16), 9);
	ck_assert_int_eq(color_for("#ff0000", 8), 1);
	ck_assert_int_eq(color_for("#ff0000", 88), 64);
	ck_assert_int_eq(color_for("#000000", 256), 16);
	ck_assert_int_eq(color_for("#ffffff", 256), 231);
	ck_assert_int_eq(color_for("#ff8700", 256), 208);
	/* Greys go to the grey ramp. */
	ck_assert_int_eq(color_for("#808080", 256), 244);
	ck_assert_int_eq(color_for("#eeeeee", 256), 255);
	ck_assert_int_eq(color_for("#080808", 256), 232);
	ck_assert_int_eq(color_for("#808080", 16), 8);
	ck_assert_int_eq(color_for("#e5e5e5", 16), 7);
	ck_assert_int_eq(color_for("#e5e5e5", 8), 7);
	ck_assert_int_eq(color_for("#5c5c5c", 88), 81);
	/* Solarized lands on its own 256-colour approximations. */
	ck_assert_int_eq(color_for("#002b36", 256), 234);
	ck_assert_int_eq(color_for("#073642", 256), 235);
	ck_assert_int_eq(color_for("#002b36", 8), 0);
	/* Greys stay grey on 16 and 8 colours (not xterm's yellow). */
	ck_assert_int_eq(color_for("#808080", 8), 7);
	ck_assert_int_eq(color_for("#303030", 8), 0);
	ck_assert_int_eq(color_for("#c0c0c0", 16), 7);
	ck_assert_int_eq(color_for("#ffffff", 16), 15);
	ck_assert_int_eq(color_for("#cdcd00", 8), 3);
}
END_TEST

START_TEST(test_theme_color_down_converts_indexes)
{
	struct theme_color c;

	ck_assert_int_eq(color_for("default", 256), -1);
	ck_assert_int_eq(color_for("default", 8), -1);
	ck_assert_int_eq(color_for("red", 2), -1);
	ck_assert_int_eq(color_for("#ff0000", 0), -1);
	ck_assert_int_eq(color_for("red", 8), 1);
	ck_assert_int_eq(color_for("brightred", 256), 9);
	ck_assert_int_eq(color_for("brightred", 16), 9);
	ck_assert_int_eq(color_for("color100", 256), 100);
	ck_assert_int_eq(color_for("color50", 88), 50);
	/* colorN above what the terminal has goes by its RGB. */
	ck_assert_int_eq(color_for("color196", 16), 9);
	ck_assert_int_eq(color_for("color196", 8), 1);
	ck_assert_int_eq(color_for("color244", 16), 8);
	ck_assert_int_eq(color_for("color244", 8), 7);
	ck_assert_int_eq(color_for("color100", 88), 36);
	/* Bright colours on 8: the base colour, and a flag for bold. */
	c = color("brightred");
	ck_assert_int_eq(theme_color_for(&c, 8), 1);
	ck_assert(theme_color_needs_bold(&c, 8));
	ck_assert(!theme_color_needs_bold(&c, 16));
	ck_assert(!theme_color_needs_bold(&c, 256));
	c = color("color12");
	ck_assert_int_eq(theme_color_for(&c, 8), 4);
	ck_assert(theme_color_needs_bold(&c, 8));
	c = color("red");
	ck_assert(!theme_color_needs_bold(&c, 8));
	c = color("#ff0000");
	ck_assert(!theme_color_needs_bold(&c, 8));
}
END_TEST

START_TEST(test_theme_attr_parses_and_formats)
{
	unsigned mask = 0;
	struct strbuf sb;
	struct err e;

	ck_assert_int_eq(theme_attr_parse("bold", &mask, &e), 0);
	ck_assert_int_eq(theme_attr_parse("underline", &mask, &e), 0);
	ck_assert_int_eq(theme_attr_parse("normal", &mask, &e), 0);
	ck_assert_uint_eq(mask, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	for (const char *const *a =
	         (const char *const[]){"dim", "reverse", "blink", "italic",
	                               "standout", NULL};
	     *a; a++)
		ck_assert_int_eq(theme_attr_parse(*a, &mask, &e), 0);
	ck_assert_uint_eq(mask, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE |
	                            THEME_ATTR_DIM | THEME_ATTR_REVERSE |
	                            THEME_ATTR_BLINK | THEME_ATTR_ITALIC |
	                            THEME_ATTR_STANDOUT);
	ck_assert_int_eq(theme_attr_parse("blod", &mask, &e), ERR_INVALID);
	ck_assert_str_eq(e.msg, "unknown attribute 'blod' (known: bold, dim, "
	                        "underline, reverse, blink, italic, standout, "
	                        "normal)");
	strbuf_init(&sb);
	theme_attr_format(THEME_ATTR_BOLD | THEME_ATTR_REVERSE, &sb);
	ck_assert_str_eq(sb.buf, "bold reverse");
	strbuf_reset(&sb);
	theme_attr_format(0, &sb);
	ck_assert_str_eq(sb.buf, "normal");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_theme_element_names)
{
	ck_assert(theme_element_is_valid("default"));
	ck_assert(theme_element_is_valid("list.selected"));
	ck_assert(theme_element_is_valid("incidents.list.selected"));
	ck_assert(theme_element_is_valid("tlp.amber+strict"));
	ck_assert(theme_element_is_valid("high-contrast.x2"));
	ck_assert(!theme_element_is_valid(""));
	ck_assert(!theme_element_is_valid("."));
	ck_assert(!theme_element_is_valid("list."));
	ck_assert(!theme_element_is_valid(".list"));
	ck_assert(!theme_element_is_valid("list..selected"));
	ck_assert(!theme_element_is_valid("List.selected"));
	ck_assert(!theme_element_is_valid("list_selected"));
	ck_assert(!theme_element_is_valid("list selected"));
	ck_assert(!theme_element_is_valid(
	    "a234567890.234567890.234567890.234567890.234567890.234567890."
	    "2345"));
}
END_TEST

START_TEST(test_theme_element_table)
{
	static const char *const required[] = {
	    "default",
	    "tabs",
	    "tabs.active",
	    "tabs.count",
	    "status",
	    "status.ok",
	    "status.warn",
	    "status.error",
	    "message",
	    "message.error",
	    "prompt",
	    "list.header",
	    "list.row",
	    "list.selected",
	    "list.marked",
	    "list.dim",
	    "severity.info",
	    "severity.low",
	    "severity.medium",
	    "severity.high",
	    "severity.critical",
	    "tlp.clear",
	    "tlp.green",
	    "tlp.amber",
	    "tlp.amber+strict",
	    "tlp.red",
	    "detail.title",
	    "detail.label",
	    "detail.value",
	    "detail.link",
	    "detail.link.selected",
	    "detail.section",
	    "help.key",
	    "help.text",
	    "notice",
	    "border",
	    "sla.ok",
	    "sla.near",
	    "sla.breached",
	    "sla.paused",
	    "dashboard.heading",
	    "dashboard.figure",
	    "dashboard.breach",
	    "dashboard.bar",
	    "dashboard.spark",
	};
	size_t n = theme_element_count();

	ck_assert_uint_eq(n, sizeof(required) / sizeof(required[0]));
	ck_assert_ptr_null(theme_element_at(n));
	for (size_t i = 0; i < n; i++) {
		const struct theme_element *el = theme_element_at(i);

		ck_assert(theme_element_is_valid(el->name));
		ck_assert(el->description[0] != '\0');
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(theme_element_at(j)->name, el->name);
	}
	for (size_t r = 0; r < n; r++) {
		bool is_found = false;

		for (size_t i = 0; i < n; i++)
			is_found |=
			    strcmp(theme_element_at(i)->name, required[r]) == 0;
		ck_assert_msg(is_found, "%s not documented", required[r]);
	}
}
END_TEST

/* theme_load_string fails with code and exactly msg. */
static void
load_fails(const char *text, int code, const char *msg)
{
	struct theme *t = theme_new();
	struct err e;

	ck_assert_int_eq(
	    theme_load_string(t, "color default red default\n", "t", "t", &e),
	    0);
	ck_assert_int_eq(theme_load_string(t, text, "f.theme", "new", &e),
	                 code);
	ck_assert_str_eq(e.msg, msg);
	/* A failed load leaves the theme as it was. */
	ck_assert_str_eq(theme_name(t), "t");
	theme_free(t);
}

START_TEST(test_theme_file_errors_name_file_and_line)
{
	load_fails("# c\n\ncolor list.row purpel default\n", ERR_INVALID,
	           "f.theme:3: unknown colour 'purpel' (expected default, "
	           "black, red, green, yellow, blue, magenta, cyan, white, "
	           "bright<name>, color0 to color255 or #RRGGBB)");
	load_fails("color default default default\nmono list.row bold blod\n",
	           ERR_INVALID,
	           "f.theme:2: unknown attribute 'blod' (known: bold, dim, "
	           "underline, reverse, blink, italic, standout, normal)");
	load_fails("color List.Row red default\n", ERR_INVALID,
	           "f.theme:1: invalid element name 'List.Row' (expected "
	           "dotted lower-case names of letters, digits, '+' and "
	           "'-', at most 64 bytes, such as list.selected)");
	load_fails("colour list.row red default\n", ERR_PARSE,
	           "f.theme:1: unknown theme line 'colour' (expected color "
	           "or mono)");
	load_fails("\n\n\n\ncolor list.row red\n", ERR_PARSE,
	           "f.theme:5: usage: color ELEMENT FG BG [ATTR...]");
	load_fails("mono\n", ERR_PARSE,
	           "f.theme:1: usage: mono ELEMENT [ATTR...]");
	load_fails("color list.row \"red default\n", ERR_PARSE,
	           "f.theme:1: column 16: unterminated double quote");
	load_fails("set analyst x\n", ERR_PARSE,
	           "f.theme:1: unknown theme line 'set' (expected color or "
	           "mono)");
}
END_TEST

START_TEST(test_theme_lexer_keeps_rgb_words)
{
	struct strvec w;
	struct err e;

	strvec_init(&w);
	ck_assert_int_eq(
	    lexer_split_words("color x #FF8700 #002b36 # note", &w, &e), 0);
	ck_assert_uint_eq(w.n, 4);
	ck_assert_str_eq(w.v[2], "#FF8700");
	ck_assert_str_eq(w.v[3], "#002b36");
	strvec_release(&w);
	strvec_init(&w);
	/* Anything else after a '#' that starts a word is still a comment. */
	ck_assert_int_eq(
	    lexer_split_words("a #ff870 #ff87000 #abcdefg", &w, &e), 0);
	ck_assert_uint_eq(w.n, 1);
	strvec_release(&w);
	strvec_init(&w);
	lexer_split_commands("color x #ff8700 red;mono x # a;b\ny", &w);
	ck_assert_uint_eq(w.n, 3);
	ck_assert_str_eq(w.v[0], "color x #ff8700 red");
	ck_assert_str_eq(w.v[1], "mono x # a;b");
	strvec_release(&w);
}
END_TEST

START_TEST(test_theme_file_accepts_comments_quotes_and_crlf)
{
	struct theme *t = theme_new();
	struct theme_style st;
	struct err e;

	ck_assert_msg(theme_load_string(t,
	                                "# header\r\n"
	                                "\r\n"
	                                "  color list.row 'red' #00ff00 "
	                                "bold # trailing\r\n"
	                                "mono list.row underline\r\n"
	                                "color list.row blue default\n"
	                                "mono list.dim",
	                                "t", "x", &e) == 0,
	              "%s", e.msg);
	ck_assert_str_eq(theme_name(t), "x");
	/* The last line for an element wins. */
	theme_style(t, "list.row", false, &st);
	ck_assert_int_eq(st.fg.index, 4);
	ck_assert_int_eq(st.bg.kind, THEME_COLOR_DEFAULT);
	ck_assert_uint_eq(st.attrs, 0);
	theme_style(t, "list.row", true, &st);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_UNDERLINE);
	ck_assert_int_eq(st.fg.kind, THEME_COLOR_DEFAULT);
	ck_assert(theme_defines(t, "list.dim", true));
	ck_assert(!theme_defines(t, "list.dim", false));
	theme_free(t);
}
END_TEST

START_TEST(test_theme_inheritance_chain)
{
	struct theme *t = theme_new();
	struct theme_style st;
	struct err e;

	ck_assert_int_eq(theme_load_string(t,
	                                   "color default white black\n"
	                                   "mono default normal\n"
	                                   "color list.selected black cyan "
	                                   "bold\n"
	                                   "mono list.selected reverse\n"
	                                   "color incidents.list.selected "
	                                   "black red\n"
	                                   "color selected yellow blue\n",
	                                   "t", "t", &e),
	                 0);
	theme_style(t, "incidents.list.selected", false, &st);
	ck_assert_int_eq(st.bg.index, 1);
	theme_style(t, "alerts.list.selected", false, &st);
	ck_assert_int_eq(st.bg.index, 6);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_BOLD);
	theme_style(t, "list.selected", false, &st);
	ck_assert_int_eq(st.bg.index, 6);
	/* incidents.list.selected has no mono line: list.selected's. */
	theme_style(t, "incidents.list.selected", true, &st);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_REVERSE);
	/* Dropping segments from the front reaches "selected". */
	theme_style(t, "detail.link.selected", false, &st);
	ck_assert_int_eq(st.fg.index, 3);
	/* Nothing on the chain: "default". */
	theme_style(t, "alerts.list.header", false, &st);
	ck_assert_int_eq(st.fg.index, 7);
	ck_assert_int_eq(st.bg.index, 0);
	theme_style(t, "severity.high", true, &st);
	ck_assert_uint_eq(st.attrs, 0);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_builtin_styles_without_a_theme)
{
	struct theme *t = theme_new();
	struct theme_style st;

	ck_assert_ptr_null(theme_name(t));
	theme_style(t, "list.selected", true, &st);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_REVERSE);
	theme_style(t, "incidents.list.selected", false, &st);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_REVERSE);
	ck_assert_int_eq(st.fg.kind, THEME_COLOR_DEFAULT);
	ck_assert_int_eq(st.bg.kind, THEME_COLOR_DEFAULT);
	ck_assert_int_eq(theme_color_for(&st.fg, 256), -1);
	theme_style(t, "list.header", false, &st);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	theme_style(t, "no.such.thing", false, &st);
	ck_assert_uint_eq(st.attrs, 0);
	theme_free(t);
}
END_TEST

START_TEST(test_theme_overrides_win_and_survive_loads)
{
	struct theme *t = theme_new();
	char bold[] = "bold", underline[] = "underline";
	char *attrs[] = {bold, underline};
	struct theme_style st;
	struct err e;

	ck_assert_int_eq(theme_set_color(t, "severity.high", "brightwhite",
	                                 "red", attrs, 2, &e),
	                 0);
	ck_assert_int_eq(theme_set_mono(t, "list.row", NULL, 0, &e), 0);
	ck_assert_int_eq(theme_load_string(t,
	                                   "color severity.high red default\n"
	                                   "color incidents.severity.high "
	                                   "green default\n"
	                                   "mono list.row reverse\n",
	                                   "t", "a", &e),
	                 0);
	theme_style(t, "severity.high", false, &st);
	ck_assert_int_eq(st.fg.index, 15);
	ck_assert_int_eq(st.bg.index, 1);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	/* A more specific name in the theme still wins over the override. */
	theme_style(t, "incidents.severity.high", false, &st);
	ck_assert_int_eq(st.fg.index, 2);
	theme_style(t, "list.row", true, &st);
	ck_assert_uint_eq(st.attrs, 0);
	/* Another theme underneath: the overrides stay. */
	ck_assert_int_eq(
	    theme_load_string(t, "color default red blue\n", "t", "b", &e), 0);
	ck_assert_str_eq(theme_name(t), "b");
	theme_style(t, "severity.high", false, &st);
	ck_assert_int_eq(st.fg.index, 15);
	theme_style(t, "incidents.severity.high", false, &st);
	ck_assert_int_eq(st.fg.index, 15);
	/* Bad overrides change nothing. */
	ck_assert_int_eq(
	    theme_set_color(t, "severity.high", "red", "nope", NULL, 0, &e),
	    ERR_INVALID);
	ck_assert_int_eq(theme_set_mono(t, "Bad", NULL, 0, &e), ERR_INVALID);
	theme_style(t, "severity.high", false, &st);
	ck_assert_int_eq(st.fg.index, 15);
	ck_assert(!theme_defines(t, "bad", true));
	theme_free(t);
}
END_TEST

START_TEST(test_theme_shipped_themes_are_complete)
{
	for (size_t i = 0; i < SHIPPED_COUNT; i++) {
		struct theme *t = theme_new();
		struct strbuf path;
		struct err e;

		strbuf_init(&path);
		strbuf_addf(&path, "themes/%s", shipped[i]);
		ck_assert_msg(theme_load_file(t, path.buf, &e) == 0, "%s",
		              e.msg);
		ck_assert_str_eq(theme_name(t), shipped[i]);
		for (size_t j = 0; j < theme_element_count(); j++) {
			const char *el = theme_element_at(j)->name;

			ck_assert_msg(theme_defines(t, el, false),
			              "%s: no color line for %s", path.buf, el);
			ck_assert_msg(theme_defines(t, el, true),
			              "%s: no mono line for %s", path.buf, el);
		}
		strbuf_release(&path);
		theme_free(t);
	}
}
END_TEST

/* issue 11: a theme file saved with a byte-order mark is read. */
START_TEST(test_theme_file_bom_skipped)
{
	char *dir = test_tmpdir();
	char *path = test_write_file(dir, "bom",
	                             "\xef\xbb\xbf"
	                             "color list.row blue default\r\n");
	struct theme *t = theme_new();
	struct theme_style st;
	struct err e;

	ck_assert_msg(theme_load_file(t, path, &e) == 0, "%s", e.msg);
	theme_style(t, "list.row", false, &st);
	ck_assert_int_eq(st.fg.index, 4);
	theme_free(t);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_theme_mono_theme_has_no_colour)
{
	struct theme *t = theme_new();
	struct theme_style st, mono;
	struct err e;

	ck_assert_int_eq(theme_load_file(t, "themes/mono", &e), 0);
	for (size_t j = 0; j < theme_element_count(); j++) {
		const char *el = theme_element_at(j)->name;

		theme_style(t, el, false, &st);
		theme_style(t, el, true, &mono);
		ck_assert_int_eq(st.fg.kind, THEME_COLOR_DEFAULT);
		ck_assert_int_eq(st.bg.kind, THEME_COLOR_DEFAULT);
		ck_assert_uint_eq(st.attrs, mono.attrs);
	}
	theme_free(t);
}
END_TEST

/* A temporary $XDG_CONFIG_HOME holding centinela/themes; returns it. */
static char *
xdg_with_themes(void)
{
	char *dir = test_tmpdir();
	struct strbuf themes;
	struct err e;
	char *path;

	strbuf_init(&themes);
	strbuf_addf(&themes, "%s/centinela/themes", dir);
	ck_assert_int_eq(fs_mkdir_p(themes.buf, 0700, &e), 0);
	path = test_write_file(themes.buf, "mine",
	                       "color default red blue\n"
	                       "mono list.selected underline\n");
	free(path);
	path = test_write_file(themes.buf, "broken", "color default red\n");
	free(path);
	path = test_write_file(themes.buf, "Bad_Name", "");
	free(path);
	strbuf_release(&themes);
	setenv("XDG_CONFIG_HOME", dir, 1);
	return dir;
}

START_TEST(test_theme_load_named_searches_and_refuses_paths)
{
	char *dir = xdg_with_themes();
	struct theme *t = theme_new();
	struct strvec names;
	struct theme_style st;
	struct err e;

	ck_assert_int_eq(theme_load_named(t, "mine", &e), 0);
	ck_assert_str_eq(theme_name(t), "mine");
	theme_style(t, "list.row", false, &st);
	ck_assert_int_eq(st.bg.index, 4);
	ck_assert_int_eq(theme_ensure_loaded(t, &e), 0);
	ck_assert_str_eq(theme_name(t), "mine");

	ck_assert_int_eq(theme_load_named(t, "broken", &e), ERR_PARSE);
	ck_assert_msg(strstr(e.msg, "/centinela/themes/broken:1: usage: "
	                            "color ELEMENT FG BG [ATTR...]") != NULL,
	              "%s", e.msg);
	ck_assert_str_eq(theme_name(t), "mine");
	ck_assert_int_eq(theme_load_named(t, "nope", &e), ERR_NOTFOUND);
	ck_assert_msg(strncmp(e.msg, "unknown theme 'nope' (known: ", 29) ==
	                      0 &&
	                  strstr(e.msg, "broken, ") && strstr(e.msg, "mine"),
	              "%s", e.msg);
	ck_assert(strstr(e.msg, "Bad_Name") == NULL);
	ck_assert_int_eq(theme_load_named(t, "../mine", &e), ERR_INVALID);
	ck_assert_str_eq(e.msg, "invalid theme name '../mine' (expected 1 to "
	                        "64 lower-case letters, digits and '-')");
	ck_assert_int_eq(theme_load_named(t, "", &e), ERR_INVALID);
	ck_assert_int_eq(theme_load_named(t, "Mine", &e), ERR_INVALID);

	strvec_init(&names);
	theme_list_names(&names);
	ck_assert_uint_ge(names.n, 2);
	for (size_t i = 1; i < names.n; i++)
		ck_assert_int_lt(strcmp(names.v[i - 1], names.v[i]), 0);
	strvec_release(&names);
	theme_free(t);
	unsetenv("XDG_CONFIG_HOME");
	test_rmtree(dir);
}
END_TEST

START_TEST(test_theme_ensure_loaded_keeps_builtins_on_failure)
{
	char *dir = test_tmpdir();
	struct theme *t = theme_new();
	struct theme_style st;
	struct err e;
	int rc;

	setenv("XDG_CONFIG_HOME", dir, 1);
	/* The test runner is not next to a source tree's themes/ folder;
	 * unless the themes are installed, "default" is not found. */
	rc = theme_ensure_loaded(t, &e);
	if (rc < 0) {
		ck_assert_int_eq(rc, ERR_NOTFOUND);
		ck_assert_ptr_null(theme_name(t));
		theme_style(t, "list.selected", false, &st);
		ck_assert_uint_eq(st.attrs, THEME_ATTR_REVERSE);
	} else {
		ck_assert_str_eq(theme_name(t), "default");
	}
	theme_free(t);
	unsetenv("XDG_CONFIG_HOME");
	test_rmtree(dir);
}
END_TEST

/* A console stand-in that counts the repaints theme changes ask for;
 * NULL: outside the console. */
static int *console_changes;

static int
run_line(struct app *app, const char *line, struct strbuf *out, struct err *e)
{
	struct cmd_ctx ctx;
	int rc;

	err_clear(e);
	cmd_ctx_init(&ctx, app, CMD_IN_PROMPT);
	ctx.is_console = console_changes != NULL;
	rc = command_run_ctx_line(&ctx, line, out, e);
	if (!rc && console_changes && ctx.reply.is_theme_changed)
		(*console_changes)++;
	cmd_ctx_release(&ctx);
	return rc;
}

START_TEST(test_theme_commands)
{
	char *dir = xdg_with_themes();
	int changes = 0;
	struct theme_style st;
	struct strbuf out;
	struct app app;
	struct err e;

	app_init(&app);
	app.is_readonly = true; /* none of them changes data */
	strbuf_init(&out);
	ck_assert_ptr_nonnull(app.theme);
	ck_assert_int_eq(run_line(&app, "theme mine", &out, &e), 0);
	ck_assert_str_eq(theme_name(app.theme), "mine");
	ck_assert_int_eq(changes, 0); /* no console, no repaint */
	console_changes = &changes;
	ck_assert_int_eq(run_line(&app, "theme mine", &out, &e), 0);
	ck_assert_int_eq(changes, 1);
	ck_assert_int_eq(run_line(&app, "theme", &out, &e), 0);
	ck_assert_msg(strstr(out.buf, "* mine\n") &&
	                  strstr(out.buf, "  broken\n"),
	              "%s", out.buf);
	ck_assert_int_eq(run_line(&app, "theme nope", &out, &e), ERR_NOTFOUND);
	ck_assert_int_eq(run_line(&app, "theme a b", &out, &e), ERR_USAGE);
	ck_assert_int_eq(changes, 1);

	ck_assert_int_eq(run_line(&app,
	                          "color incidents.list.selected "
	                          "brightwhite '#005f87' bold underline",
	                          &out, &e),
	                 0);
	ck_assert_int_eq(changes, 2);
	theme_style(app.theme, "incidents.list.selected", false, &st);
	ck_assert_int_eq(st.fg.index, 15);
	ck_assert_int_eq(theme_color_for(&st.bg, 256), 24);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	ck_assert_int_eq(run_line(&app, "mono list.selected bold", &out, &e),
	                 0);
	ck_assert_int_eq(changes, 3);
	theme_style(app.theme, "alerts.list.selected", true, &st);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_BOLD);
	ck_assert_int_eq(run_line(&app, "mono list.row", &out, &e), 0);
	theme_style(app.theme, "list.row", true, &st);
	ck_assert_uint_eq(st.attrs, 0);

	ck_assert_int_eq(run_line(&app, "color list.row red", &out, &e),
	                 ERR_USAGE);
	ck_assert_str_eq(e.msg, "usage: color ELEMENT FG BG [ATTR...]");
	ck_assert_int_eq(run_line(&app, "mono", &out, &e), ERR_USAGE);
	ck_assert_int_eq(run_line(&app, "color list.row red blu", &out, &e),
	                 ERR_INVALID);
	ck_assert(strncmp(e.msg, "unknown colour 'blu'", 20) == 0);
	ck_assert_int_eq(run_line(&app, "mono list.row bright", &out, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(changes, 4);

	/* Config-file lines, and the overrides survive a theme switch. */
	ck_assert_int_eq(command_run_string(&app,
	                                    "color severity.high red default "
	                                    "bold\ntheme broken",
	                                    CMD_IN_CONFIG, NULL, &e),
	                 ERR_PARSE);
	ck_assert_int_eq(
	    command_run_line(&app, "theme mine", CMD_IN_CONFIG, NULL, &e), 0);
	theme_style(app.theme, "severity.high", false, &st);
	ck_assert_int_eq(st.fg.index, 1);
	ck_assert_uint_eq(st.attrs, THEME_ATTR_BOLD);

	for (const char *const *c =
	         (const char *const[]){"color", "mono", "theme", NULL};
	     *c; c++) {
		const struct command *cmd = command_find(*c);

		ck_assert_ptr_nonnull(cmd);
		ck_assert(!cmd->is_mutating);
		ck_assert_uint_eq(cmd->where, CMD_IN_ANY);
	}
	strbuf_release(&out);
	console_changes = NULL;
	app_release(&app);
	unsetenv("XDG_CONFIG_HOME");
	test_rmtree(dir);
}
END_TEST

Suite *
theme_suite(void)
{
	Suite *s = suite_create("theme");
	TCase *tc = tcase_create("colour");

	tcase_add_test(tc, test_theme_color_parses_every_form);
	tcase_add_test(tc, test_theme_color_refuses_bad_forms);
	tcase_add_test(tc, test_theme_color_down_converts_rgb);
	tcase_add_test(tc, test_theme_color_down_converts_indexes);
	tcase_add_test(tc, test_theme_attr_parses_and_formats);
	tcase_add_test(tc, test_theme_element_names);
	tcase_add_test(tc, test_theme_element_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("file");
	tcase_add_test(tc, test_theme_file_errors_name_file_and_line);
	tcase_add_test(tc, test_theme_lexer_keeps_rgb_words);
	tcase_add_test(tc, test_theme_file_accepts_comments_quotes_and_crlf);
	tcase_add_test(tc, test_theme_file_bom_skipped);
	tcase_add_test(tc, test_theme_inheritance_chain);
	tcase_add_test(tc, test_theme_builtin_styles_without_a_theme);
	tcase_add_test(tc, test_theme_overrides_win_and_survive_loads);
	tcase_add_test(tc, test_theme_shipped_themes_are_complete);
	tcase_add_test(tc, test_theme_mono_theme_has_no_colour);
	suite_add_tcase(s, tc);
	tc = tcase_create("named");
	tcase_add_test(tc, test_theme_load_named_searches_and_refuses_paths);
	tcase_add_test(tc, test_theme_ensure_loaded_keeps_builtins_on_failure);
	tcase_add_test(tc, test_theme_commands);
	suite_add_tcase(s, tc);
	return s;
}
