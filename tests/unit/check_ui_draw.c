/* The draw path's ASCII for terminals without UTF-8 (ui/draw.h). */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/ui/draw.h"
#include "centinela/ui/table.h"

/* draw_ascii of s, which must be ASCII of s's width. */
static char *
ascii(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	draw_ascii(&sb, s, strlen(s));
	for (size_t i = 0; i < sb.len; i++)
		ck_assert_int_lt((unsigned char)sb.buf[i], 0x80);
	ck_assert_uint_eq(sb.len, utf8_width(s, strlen(s)));
	return strbuf_detach(&sb, NULL);
}

static void
expect(const char *s, const char *want)
{
	char *got = ascii(s);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_ui_draw_ascii_letters)
{
	expect("Comunicación con el año", "Comunicacion con el ano");
	expect("Centro de Comando — Iguala", "Centro de Comando - Iguala");
	expect("ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ", "AAAAAACEEEEIIIINOOOOOOUUUUY");
	expect("àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ", "aaaaaaceeeeiiiinoooooouuuuyy");
	expect("ßÆæŒœÐðÞþ", "sAaOoDdTt");
	/* Latin Extended-A, both ends and between */
	expect("ĀāĆćČčĎđĘěğİıŁłŃňŐőŘřŚšŞşŢťŮűŸŹźŻżŽžſ",
	       "AaCcCcDdEegIiLlNnOoRrSsSsTtUuYZzZzZzs");
	expect("¿Qué? ¡Sí!", "?Que? !Si!");
}
END_TEST

START_TEST(test_ui_draw_ascii_punctuation)
{
	expect("“comillas” ‘simples’ «latinas»",
	       "\"comillas\" 'simples' \"latinas\"");
	expect("espera…", "espera.");
	expect("• uno ‣ dos", "* uno > dos");
	expect("a–b—c−d", "a-b-c-d");
	expect("→ ← ↑ ↓ ≥ ≤", "> < ^ v > <");
	expect("┌─┬─┐│├┼┤└┴┘═║╔╝", "+-+-+|++++++-|++");
	expect("▁▂▃█░", "#####");
	expect("20 °C ± 2 × 3 ½", "20 oC + 2 x 3 ?");
	expect("５０＄", "50$");
	expect("\u00a0\u2003", "  ");
	/* anything else is '?', one per cell */
	expect("☃ ♥ ∞", "? ? ?");
	/* ASCII passes as it is */
	expect("plain ASCII ~!@#$%^&*()", "plain ASCII ~!@#$%^&*()");
}
END_TEST

START_TEST(test_ui_draw_ascii_keeps_width)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		return;
	/* measured as a UTF-8 locale would: two cells, two characters;
	 * a combining accent takes none and leaves nothing */
	expect("日本", "????");
	expect("ＡＢ", "A B ");
	expect("Comisio\u0301n", "Comision");
	setlocale(LC_CTYPE, "C");
}
END_TEST

/* Two rows of accented text. */
static int
fetch(void *ctx, const struct store_key *after, bool is_reverse, int limit,
      struct ui_table_row **rows, size_t *n, struct err *e)
{
	static const char *const text[][3] = {
	    {"Comisión Estatal del Agua", "energía", "Oaxaca"},
	    {"C5 — Centro de Comando", "emergencias", "Michoacán"},
	};

	(void)ctx;
	(void)e;
	(void)limit;
	*n = 0;
	*rows = xcalloc(2, sizeof(**rows));
	if (after || is_reverse)
		return 0;
	for (size_t i = 0; i < 2; i++) {
		ui_table_row_init(&(*rows)[i], 3);
		(*rows)[i].id = (int64_t)i + 1;
		(*rows)[i].key.is_set = true;
		(*rows)[i].key.num = (int64_t)i;
		for (size_t c = 0; c < 3; c++)
			(*rows)[i].cells[c] = xstrdup(text[i][c]);
	}
	*n = 2;
	return 0;
}

START_TEST(test_ui_draw_ascii_table_keeps_columns)
{
	static const struct ui_table_column cols[] = {
	    {"NAME", 0, 0}, {"SECTOR", 12, 0}, {"REGIÓN", 10, 0}};
	struct ui_table_source src = {NULL, fetch};
	struct draw_grid g;
	struct draw_ops ops;
	struct ui_table t;
	const char *line;

	ui_table_init(&t, cols, 3, &src);
	ui_table_set_height(&t, 3);
	ck_assert_int_eq(ui_table_reset(&t, NULL), 0);
	draw_grid_init(&g, 4, 50);
	g.is_ascii = true;
	draw_grid_ops(&g, &ops);
	ui_table_draw(&t, &ops, 0, 50, true);
	/* NAME takes 50 - 12 - 10 - 2 = 26 cells: every column where the
	 * header puts it, as in a UTF-8 locale */
	ck_assert_str_eq(draw_grid_line(&g, 0),
	                 "NAME                       SECTOR       REGION");
	ck_assert_str_eq(draw_grid_line(&g, 1),
	                 "Comision Estatal del Agua  energia      Oaxaca");
	line = draw_grid_line(&g, 2);
	ck_assert_str_eq(line,
	                 "C5 - Centro de Comando     emergencias  Michoacan");
	g.is_ascii = false;
	ui_table_invalidate(&t);
	ui_table_draw(&t, &ops, 0, 50, true);
	ck_assert_str_eq(draw_grid_line(&g, 2),
	                 "C5 — Centro de Comando     emergencias  Michoacán");
	ui_table_release(&t);
	draw_grid_release(&g);
}
END_TEST

Suite *
ui_draw_suite(void)
{
	Suite *s = suite_create("ui_draw");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ui_draw_ascii_letters);
	tcase_add_test(tc, test_ui_draw_ascii_punctuation);
	tcase_add_test(tc, test_ui_draw_ascii_keeps_width);
	tcase_add_test(tc, test_ui_draw_ascii_table_keeps_columns);
	suite_add_tcase(s, tc);
	return s;
}
