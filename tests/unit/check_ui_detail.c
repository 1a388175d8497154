/*
 * Detail pages wrapped to the width they are drawn at (ui/internal.h's
 * detail_*), drawn into a grid: no terminal.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/demo.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/list.h"
#include "centinela/store/store.h"
#include "centinela/ui/draw.h"
#include "ui/internal.h"

static const struct ui_glyphs glyphs = {"~", "|", "->", "*", "*"};

/* Three paragraphs: long lines, accents, a word longer than a line. */
static const char description[] =
    "Actividad de ransomware detectada en el controlador de dominio "
    "principal de la organización afectada; el agente EDR reporta cifrado "
    "masivo de archivos en tres servidores de la subestación eléctrica de "
    "Aguascalientes (malicious-code/infected-system). Origen probable: "
    "correo de phishing recibido el lunes.\n"
    "\n"
    "Segundo párrafo: la muestra descarga su carga útil desde "
    "https://descargas.example.net/a/very/long/path/that/never/ends/"
    "payload-0123456789abcdef0123456789abcdef.bin y se comunica con el "
    "servidor de mando.\r\n"
    "Tercer párrafo: se aislaron los equipos y se notificó al CSIRT "
    "sectorial; fin del informe.";

static struct detail *
page(void)
{
	struct detail *d = detail_new("incidents");

	detail_field(d, "Reference", "MX-2026-00042");
	detail_field(d, "Organization",
	             "Comisión Federal de Electricidad, Subdirección de "
	             "Generación, Central Hidroeléctrica Aguascalientes");
	detail_add(d, "detail.section", -1, 0, "Description");
	detail_text(d, "detail.value", description);
	detail_add(d, "detail.section", -1, 0, "Timeline (3)");
	for (int i = 0; i < 3; i++) {
		detail_add(d, "detail.label", -1, 0,
		           "2026-11-2%dT10:00:00Z  %s", i + 1, "ana.lopez");
		detail_text(d, "detail.value",
		            "Nota de seguimiento con el texto suficiente para "
		            "ocupar más de una línea a ochenta columnas de "
		            "ancho, como las notas reales.");
	}
	detail_add(d, "detail.section", -1, 0, "Linked alerts (1)");
	detail_add(d, "detail.link", 1, 7, "critical %s",
	           "EDR: ransomware behaviour (LockBit 3.0) on a host with "
	           "a rather long name in the substation network");
	return d;
}

/* Draw d into g (h x w) and return the rows of text, trailing blanks
 * cut, joined by '\n' (owned). */
static char *
draw(struct detail *d, struct draw_grid *g, int h, int w)
{
	struct draw_ops ops;
	struct strbuf sb;

	draw_grid_init(g, h, w);
	draw_grid_ops(g, &ops);
	detail_draw(d, &ops, &glyphs);
	strbuf_init(&sb);
	for (int y = 0; y < h; y++)
		strbuf_addf(&sb, "%s\n", draw_grid_line(g, y));
	return strbuf_detach(&sb, NULL);
}

/* s without blanks and line ends (owned): text as read, wherever the
 * rows broke it. */
static char *
unbroken(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r')
			strbuf_addch(&sb, *s);
	return strbuf_detach(&sb, NULL);
}

/* The whole page read by scrolling it down a screen at a time at h x w
 * (the cursor a page on each time, as PgDn): every row once, in order,
 * joined by '\n' (owned). */
static char *
read_all(struct detail *d, int h, int w)
{
	struct strbuf sb;
	struct draw_grid g;
	size_t rows, got = 0;

	strbuf_init(&sb);
	detail_layout(d, w);
	rows = detail_rows(d);
	detail_move(d, -(long)rows, h - 1);
	while (got < rows) {
		size_t before = got;

		free(draw(d, &g, h, w));
		for (int y = 1; y < h; y++) {
			size_t i = d->top + (size_t)y - 1;

			if (i == got && i < rows) {
				strbuf_addf(&sb, "%s\n", draw_grid_line(&g, y));
				got++;
			}
		}
		draw_grid_release(&g);
		ck_assert_uint_gt(got, before);
		detail_move(d, h - 1, h - 1);
	}
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_ui_detail_wraps_paragraphs_at_80x24)
{
	struct detail *d = page();
	char *all = read_all(d, 21, 80), *text, *want;
	const char *line;
	size_t n = 0;

	/* no row wider than the page, less its margins */
	for (line = all; *line; line = strchr(line, '\n') + 1) {
		size_t len = strcspn(line, "\n");
		char *row = xstrndup(line, len);

		ck_assert_uint_le(utf8_width(row, len), 79);
		free(row);
		n++;
	}
	ck_assert_uint_eq(n, detail_rows(d));
	/* every word of the description, in order, none cut (a word longer
	 * than a row is broken) */
	text = unbroken(all);
	want = unbroken(description);
	ck_assert_ptr_nonnull(strstr(text, want));
	ck_assert_ptr_nonnull(strstr(all, "(malicious-code/infected-system). "
	                                  "Origen probable"));
	ck_assert_ptr_nonnull(
	    strstr(all, "https://descargas.example.net/a/very/long/path/"));
	free(text);
	free(want);
	/* paragraphs: the blank line between the first two is kept, and
	 * wrapped rows are indented as the paragraph */
	ck_assert_ptr_nonnull(strstr(all, "lunes.\n\n   Segundo"));
	ck_assert_ptr_nonnull(strstr(all, "\n   (malicious-code"));
	/* a CRLF ends a line, no "^M" */
	ck_assert_ptr_nonnull(strstr(all, "mando.\n   Tercer"));
	/* a field's value goes on under itself */
	ck_assert_ptr_nonnull(strstr(all, "Organization     Comisión"));
	ck_assert_ptr_nonnull(strstr(all, "\n                  Central Hidro"));
	/* a link's rows after the first under its text */
	ck_assert_ptr_nonnull(strstr(all, " -> critical EDR"));
	ck_assert_ptr_nonnull(strstr(all, "\n    long name"));
	free(all);
	detail_free(d);
}
END_TEST

START_TEST(test_ui_detail_scrolls_to_the_last_words)
{
	struct detail *d = page();
	struct draw_grid g;
	char *screen;
	int h = 21;

	detail_layout(d, 80);
	ck_assert_uint_gt(detail_rows(d), (size_t)h);
	/* G: the last row shows, the last words above it */
	detail_move(d, (long)detail_rows(d), h - 1);
	screen = draw(d, &g, h, 80);
	ck_assert_ptr_nonnull(strstr(screen, "fin del informe."));
	ck_assert_ptr_nonnull(strstr(screen, "substation network"));
	ck_assert_ptr_null(strstr(screen, "Reference"));
	free(screen);
	draw_grid_release(&g);
	/* Enter works on any row of a wrapped link */
	ck_assert_int_eq(detail_sel_line(d)->link_entity, 1);
	ck_assert_int_eq(detail_sel_line(d)->link_id, 7);
	/* g: the top again */
	detail_move(d, -(long)detail_rows(d), h - 1);
	screen = draw(d, &g, h, 80);
	ck_assert_ptr_nonnull(strstr(screen, "Reference        MX-2026-00042"));
	free(screen);
	draw_grid_release(&g);
	detail_free(d);
}
END_TEST

START_TEST(test_ui_detail_keeps_place_across_widths)
{
	struct detail *d = page(), *again;
	struct draw_grid g;
	char *screen;
	const char *row;

	/* the cursor on "Tercer párrafo" at 80 columns */
	detail_layout(d, 80);
	while (
	    strncmp(d->lines[d->rows[d->sel].line].text + d->rows[d->sel].off,
	            "  Tercer", 8) != 0)
		detail_move(d, 1, 20);
	/* narrower, wider: still on the same text */
	detail_layout(d, 60);
	row = d->lines[d->rows[d->sel].line].text + d->rows[d->sel].off;
	ck_assert_int_eq(strncmp(row, "  Tercer", 8), 0);
	screen = draw(d, &g, 21, 120);
	row = d->lines[d->rows[d->sel].line].text + d->rows[d->sel].off;
	ck_assert_int_eq(strncmp(row, "  Tercer", 8), 0);
	ck_assert_ptr_nonnull(strstr(screen, "Tercer"));
	free(screen);
	draw_grid_release(&g);
	/* the record read again (after an edit): the same place */
	again = page();
	detail_keep_place(again, d);
	row = again->lines[again->rows[again->sel].line].text +
	      again->rows[again->sel].off;
	ck_assert_int_eq(strncmp(row, "  Tercer", 8), 0);
	detail_free(again);
	detail_free(d);
}
END_TEST

START_TEST(test_ui_detail_split_columns_wrap)
{
	struct detail *d = detail_new("conflicts");
	struct draw_grid g;
	char *screen, *text;

	detail_field(d, "Reference", "MX-2026-00042");
	d->split_at = d->n;
	detail_add(d, "detail.section", -1, 0, "Yours");
	detail_text(d, "detail.value",
	            "a long note of the analyst that does not fit in half "
	            "of a page one hundred cells wide, ending here.");
	d->split_right = d->n;
	detail_add(d, "detail.section", -1, 0, "Server");
	detail_text(d, "detail.value",
	            "the server's text is long as well and wraps in the "
	            "right column, its last words: the end.");
	screen = draw(d, &g, 12, 100);
	ck_assert(d->is_split);
	text = unbroken(screen);
	ck_assert_ptr_nonnull(strstr(screen, "| Server"));
	ck_assert_ptr_nonnull(strstr(text, "endinghere."));
	ck_assert_ptr_nonnull(strstr(text, "itslastwords:theend."));
	/* no left column row crosses the separator */
	for (int y = 2; y < 12; y++) {
		const char *l = draw_grid_line(&g, y);

		ck_assert(strlen(l) < 49 || l[49] == '|' || l[49] == ' ');
	}
	free(text);
	free(screen);
	draw_grid_release(&g);
	detail_free(d);
}
END_TEST

#define DEMO_NOW 1767225600 /* 2026-01-01T00:00:00Z */

/* A small demo cache in memory. */
static struct store *
demo_store(void)
{
	struct store *s = NULL;
	struct demo_opts o;
	struct demo_counts c;
	struct err e;

	err_clear(&e);
	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	demo_opts_init(&o);
	o.scale = 0.05;
	o.seed = 7;
	o.now = DEMO_NOW;
	ck_assert_msg(demo_generate(s, &o, &c, &e) == 0, "demo: %s", e.msg);
	return s;
}

/* The index of the line of d that starts with text, or -1. */
static long
line_of(const struct detail *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (strncmp(d->lines[i].text, text, strlen(text)) == 0)
			return (long)i;
	return -1;
}

/*
 * An asset's page comes from its catalog's layout: its organization is a
 * link, and its alerts follow "Alerts (n)" as links to each, in the
 * store's order.
 */
START_TEST(test_ui_detail_layout_links_the_related_rows)
{
	struct store *s = demo_store();
	struct alert *alerts = NULL;
	struct asset a;
	size_t n = 0;
	int64_t id = 0;
	struct detail *d;
	char want[64];
	struct err e;
	long at;

	err_clear(&e);
	for (int64_t i = 1; i < 250 && !n; i++) {
		ck_assert_int_eq(store_alerts_of_asset(s, i, VIEW_RELATED_MAX,
		                                       &alerts, &n, &e),
		                 0);
		if (n)
			id = i;
		else
			free(alerts);
	}
	ck_assert_msg(n > 0, "no asset with alerts");
	asset_init(&a);
	ck_assert_int_eq(store_asset_get(s, id, &a, &e), 0);
	d = detail_new("assets");
	ck_assert_msg(
	    view_layout_record(s, STORE_ASSETS, id, DEMO_NOW, d, &e) == 0, "%s",
	    e.msg);
	snprintf(want, sizeof(want), "asset:%lld  ", (long long)id);
	ck_assert_msg(strncmp(d->title, want, strlen(want)) == 0, "title '%s'",
	              d->title);
	at = line_of(d, "Organization");
	ck_assert_int_ge(at, 0);
	ck_assert_int_eq(d->lines[at].link_entity, STORE_ORGANIZATIONS);
	ck_assert_int_eq(d->lines[at].link_id, a.organization_id);
	ck_assert_int_ge(line_of(d, "CPE names ("), 0);
	snprintf(want, sizeof(want), "Alerts (%zu)", n);
	at = line_of(d, want);
	ck_assert_msg(at >= 0, "no '%s'", want);
	ck_assert_uint_ge(d->n, (size_t)at + 1 + n);
	for (size_t i = 0; i < n; i++) {
		const struct detail_line *l = &d->lines[at + 1 + (long)i];

		ck_assert_str_eq(l->element, "detail.link");
		ck_assert_int_eq(l->link_entity, STORE_ALERTS);
		ck_assert_int_eq(l->link_id, alerts[i].meta.id);
		alert_release(&alerts[i]);
	}
	free(alerts);
	asset_release(&a);
	detail_free(d);
	/* an organization's page lists its assets; a missing row is said */
	d = detail_new("organizations");
	ck_assert_int_eq(
	    view_layout_record(s, STORE_ORGANIZATIONS, 1, DEMO_NOW, d, &e), 0);
	at = line_of(d, "Assets (");
	ck_assert_int_ge(at, 0);
	ck_assert_int_eq(d->lines[at + 1].link_entity, STORE_ASSETS);
	ck_assert_int_eq(
	    view_layout_record(s, STORE_ASSETS, 999999, DEMO_NOW, d, &e),
	    ERR_NOTFOUND);
	detail_free(d);
	store_close(s);
}
END_TEST

Suite *
ui_detail_suite(void)
{
	Suite *s = suite_create("ui_detail");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ui_detail_wraps_paragraphs_at_80x24);
	tcase_add_test(tc, test_ui_detail_scrolls_to_the_last_words);
	tcase_add_test(tc, test_ui_detail_keeps_place_across_widths);
	tcase_add_test(tc, test_ui_detail_split_columns_wrap);
	tcase_add_test(tc, test_ui_detail_layout_links_the_related_rows);
	suite_add_tcase(s, tc);
	return s;
}
