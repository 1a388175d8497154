/*
 * The form widget (ui/form.h): editing with keymap keys, checks when a
 * field is left, choices on Up/Down, submit and cancel, and what it draws,
 * on the in-memory grid.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/app/keymap.h"
#include "centinela/base/xalloc.h"
#include "centinela/ui/draw.h"
#include "centinela/ui/form.h"

static const char *const labels[] = {"Name", "Colour", "Note"};

/* Name must not be empty; Colour must be red, green or blue. */
static char *
check(void *ctx, size_t i, const char *value)
{
	(void)ctx;
	if (i == 0 && !*value)
		return xstrdup("a name is needed");
	if (i == 1 && strcmp(value, "red") && strcmp(value, "green") &&
	    strcmp(value, "blue"))
		return xstrdup("expected red, green or blue");
	return NULL;
}

static void
choices(void *ctx, size_t i, const char *prefix, struct strvec *out)
{
	static const char *const colours[] = {"red", "green", "blue"};

	(void)ctx;
	if (i != 1)
		return;
	for (size_t k = 0; k < 3; k++)
		if (strncasecmp(colours[k], prefix, strlen(prefix)) == 0)
			strvec_push(out, colours[k]);
}

static struct ui_form *
new_form(void)
{
	struct ui_form_ops ops = {NULL, check, choices};

	return ui_form_new("New thing", labels, 3, &ops);
}

static void
type(struct ui_form *f, const char *s)
{
	for (; *s; s++)
		ck_assert_int_eq(ui_form_key(f, (unsigned char)*s),
		                 UI_FORM_EDITING);
}

START_TEST(test_ui_form_edit_keys)
{
	struct ui_form *f = new_form();

	type(f, "abd");
	ui_form_key(f, KEYMAP_KEY_LEFT);
	type(f, "c");
	ck_assert_str_eq(ui_form_value(f, 0), "abcd");
	ui_form_key(f, KEYMAP_KEY_HOME);
	ui_form_key(f, KEYMAP_KEY_DELETE);
	ck_assert_str_eq(ui_form_value(f, 0), "bcd");
	ui_form_key(f, KEYMAP_KEY_END);
	ui_form_key(f, 0xe9); /* é: two bytes, one character */
	ck_assert_str_eq(ui_form_value(f, 0), "bcd\xc3\xa9");
	ui_form_key(f, KEYMAP_KEY_BACKSPACE);
	ck_assert_str_eq(ui_form_value(f, 0), "bcd");
	/* controls are not text */
	ui_form_key(f, 0x1b);
	ui_form_key(f, 0x85);
	ck_assert_str_eq(ui_form_value(f, 0), "bcd");
	ui_form_key(f, 'U' - 64);
	ck_assert_str_eq(ui_form_value(f, 0), "");
	ui_form_free(f);
	ui_form_free(NULL);
}
END_TEST

START_TEST(test_ui_form_checks_keep_text)
{
	struct ui_form *f = new_form();

	type(f, "x");
	ui_form_key(f, KEYMAP_KEY_TAB);
	ck_assert_uint_eq(ui_form_current(f), 1);
	type(f, "purple");
	ui_form_key(f, KEYMAP_KEY_TAB);
	/* refused: the reason beside it, the text kept */
	ck_assert_str_eq(ui_form_error(f, 1), "expected red, green or blue");
	ck_assert_str_eq(ui_form_value(f, 1), "purple");
	ck_assert_uint_eq(ui_form_current(f), 2);
	/* Enter on the last field submits only when all check */
	ck_assert_int_eq(ui_form_key(f, KEYMAP_KEY_ENTER), UI_FORM_EDITING);
	ck_assert_uint_eq(ui_form_current(f), 1);
	ck_assert_str_eq(ui_form_value(f, 1), "purple");
	/* Up/Down step through the choices for what was typed */
	ui_form_key(f, 'U' - 64);
	type(f, "g");
	ui_form_key(f, KEYMAP_KEY_DOWN);
	ck_assert_str_eq(ui_form_value(f, 1), "green");
	ui_form_key(f, KEYMAP_KEY_DOWN); /* only one starts with g */
	ck_assert_str_eq(ui_form_value(f, 1), "green");
	ui_form_key(f, 'U' - 64);
	ui_form_key(f, KEYMAP_KEY_UP);
	ck_assert_str_eq(ui_form_value(f, 1), "blue");
	ui_form_key(f, KEYMAP_KEY_DOWN);
	ck_assert_str_eq(ui_form_value(f, 1), "red");
	ui_form_key(f, KEYMAP_KEY_ENTER);
	ck_assert_ptr_null(ui_form_error(f, 1));
	ck_assert_uint_eq(ui_form_current(f), 2);
	ck_assert_int_eq(ui_form_key(f, KEYMAP_KEY_ENTER), UI_FORM_SUBMIT);
	/* Shift-Tab wraps to the last field from the first */
	ui_form_key(f, KEYMAP_KEY_TAB);
	ck_assert_uint_eq(ui_form_current(f), 0);
	ui_form_key(f, KEYMAP_KEY_BTAB);
	ck_assert_uint_eq(ui_form_current(f), 2);
	ck_assert_int_eq(ui_form_key(f, KEYMAP_KEY_ESC), UI_FORM_CANCEL);
	ui_form_free(f);
}
END_TEST

START_TEST(test_ui_form_draw)
{
	struct ui_form *f = new_form();
	struct draw_grid g;
	struct draw_ops ops;
	int cy, cx;

	draw_grid_init(&g, 14, 80);
	draw_grid_ops(&g, &ops);
	type(f, "ab");
	ui_form_key(f, KEYMAP_KEY_LEFT);
	ui_form_key(f, KEYMAP_KEY_TAB);
	type(f, "x\x1b"); /* Esc as a byte is not text either */
	ui_form_key(f, KEYMAP_KEY_BTAB);
	ui_form_set_message(f, "server said no");
	ui_form_draw(f, &ops, &cy, &cx);
	ck_assert_str_eq(draw_grid_line(&g, 0), " New thing");
	ck_assert_ptr_nonnull(strstr(draw_grid_line(&g, 2), " Name"));
	ck_assert_ptr_nonnull(strstr(draw_grid_line(&g, 2), "ab"));
	/* the refused field is marked, its reason under it */
	ck_assert_ptr_nonnull(strstr(draw_grid_line(&g, 4), "!Colour"));
	ck_assert_ptr_nonnull(
	    strstr(draw_grid_line(&g, 5), "expected red, green or blue"));
	ck_assert_str_eq(draw_grid_element(&g, 5, 18), "message.error");
	ck_assert_ptr_nonnull(strstr(draw_grid_line(&g, 9), "server said no"));
	/* the cursor: on Name, after "ab" (moving back put it at the end) */
	ck_assert_int_eq(cy, 2);
	ck_assert_int_eq(cx, 18 + 2);
	/* the field being edited offers its values under it */
	ui_form_key(f, KEYMAP_KEY_TAB);
	ui_form_key(f, 'U' - 64);
	ui_form_draw(f, &ops, &cy, &cx);
	ck_assert_ptr_nonnull(
	    strstr(draw_grid_line(&g, 5), "Up/Down: red green blue"));
	ck_assert_int_eq(cy, 4);
	ck_assert_int_eq(cx, 18);
	draw_grid_release(&g);
	ui_form_free(f);
}
END_TEST

Suite *
ui_form_suite(void)
{
	Suite *s = suite_create("ui_form");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ui_form_edit_keys);
	tcase_add_test(tc, test_ui_form_checks_keep_text);
	tcase_add_test(tc, test_ui_form_draw);
	suite_add_tcase(s, tc);
	return s;
}
