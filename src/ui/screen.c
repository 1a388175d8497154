/*
 * Screen layout and drawing: tab bar (line 0), main area, status bar and
 * message/prompt line (the last two lines). Only dirty windows are redrawn;
 * each gets wnoutrefresh and the caller does one doupdate(). Below 80x24 a
 * centred notice replaces everything until the terminal grows again.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/ui/form.h"
#include "internal.h"

#define MIN_COLS   80
#define MIN_ROWS   24
#define SPLIT_COLS 160
#define MAX(a, b)  ((a) > (b) ? (a) : (b))

struct curses_draw {
	struct ui *ui; /* for styles */
	WINDOW *w;     /* target */
};

static void
cd_put(void *ctx, int y, int x, const char *s, size_t len, const char *element)
{
	struct curses_draw *cd = ctx;
	int h, w;
	size_t fit;

	getmaxyx(cd->w, h, w);
	if (y < 0 || y >= h || x < 0 || x >= w || !len)
		return;
	fit = utf8_fit(s, len, (size_t)(w - x), NULL);
	/* the bottom-right cell would scroll: leave it */
	if (y == h - 1 && fit && utf8_width(s, fit) == (size_t)(w - x))
		fit = utf8_fit(s, len, (size_t)(w - x - 1), NULL);
	wattrset(cd->w, ui_style(cd->ui, element));
	ui_waddtext(cd->ui, cd->w, y, x, s, fit);
}

/*
 * Every text the console draws reaches curses here: as it is in a UTF-8
 * locale, else transliterated to ASCII of the same width (draw_ascii), so
 * that a C locale neither shows UTF-8 bytes as "~@~T" nor shifts columns.
 */
void
ui_waddtext(const struct ui *ui, WINDOW *w, int y, int x, const char *s,
            size_t len)
{
	struct strbuf ascii;
	size_t i = 0;

	while (!ui->is_utf8 && i < len && (unsigned char)s[i] < 0x80)
		i++;
	if (ui->is_utf8 || i == len) {
		mvwaddnstr(w, y, x, s, (int)len);
		return;
	}
	strbuf_init(&ascii);
	draw_ascii(&ascii, s, len);
	mvwaddnstr(w, y, x, ascii.buf, (int)ascii.len);
	strbuf_release(&ascii);
}

static void
cd_clear_line(void *ctx, int y, const char *element)
{
	struct curses_draw *cd = ctx;
	int h, w;

	getmaxyx(cd->w, h, w);
	if (y < 0 || y >= h)
		return;
	(void)w;
	wattrset(cd->w, A_NORMAL);
	wbkgdset(cd->w, ' ' | ui_style(cd->ui, element));
	wmove(cd->w, y, 0);
	wclrtoeol(cd->w);
	wbkgdset(cd->w, ' ');
}

/* Scroll lines top..bottom by n through the window's scroll region. */
static void
cd_scroll(void *ctx, int top, int bottom, int n)
{
	struct curses_draw *cd = ctx;
	int h = getmaxy(cd->w);

	if (top < 0 || bottom >= h || top > bottom)
		return;
	wattrset(cd->w, A_NORMAL);
	wbkgdset(cd->w, ' ');
	wsetscrreg(cd->w, top, bottom);
	scrollok(cd->w, TRUE);
	wscrl(cd->w, n);
	scrollok(cd->w, FALSE);
	wsetscrreg(cd->w, 0, h - 1);
}

static void
cd_size(void *ctx, int *height, int *width)
{
	struct curses_draw *cd = ctx;

	getmaxyx(cd->w, *height, *width);
}

/* One backend state per window, reused (the ops only borrow it). */
void
ui_draw_ops(struct ui *ui, WINDOW *w, struct draw_ops *ops)
{
	struct curses_draw *cd = xmalloc(sizeof(*cd));

	cd->ui = ui;
	cd->w = w;
	ops->ctx = cd;
	ops->put = cd_put;
	ops->clear_line = cd_clear_line;
	ops->size = cd_size;
	ops->scroll = cd_scroll;
}

static void
drop(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

void
ui_screen_layout(struct ui *ui)
{
	int main_h = ui->rows - 3, main_w = ui->cols;

	drop(&ui->w_tabs);
	drop(&ui->w_main);
	drop(&ui->w_side);
	drop(&ui->w_status);
	drop(&ui->w_msg);
	drop(&ui->w_ask);
	ui->is_too_small = ui->cols < MIN_COLS || ui->rows < MIN_ROWS;
	if (ui->is_too_small)
		return;
	/* the help tab's page has no list beside it */
	if (ui->n_details && ui->cols >= SPLIT_COLS && ui_tab(ui) &&
	    ui_tab(ui)->ops->entity >= 0)
		main_w = ui->cols / 2;
	ui->w_tabs = newwin(1, ui->cols, 0, 0);
	ui->w_main = newwin(main_h, main_w, 1, 0);
	if (main_w < ui->cols)
		ui->w_side = newwin(main_h, ui->cols - main_w, 1, main_w);
	ui->w_status = newwin(1, ui->cols, ui->rows - 2, 0);
	ui->w_msg = newwin(1, ui->cols, ui->rows - 1, 0);
	for (size_t i = 0; i < ui->n_tabs; i++)
		ui_table_set_height(&ui->tabs[i].table, main_h - 1);
	leaveok(ui->w_tabs, TRUE);
	leaveok(ui->w_main, TRUE);
	/* the list scrolls with the terminal's scroll region */
	idlok(ui->w_main, TRUE);
	leaveok(ui->w_status, TRUE);
	if (ui->w_side)
		leaveok(ui->w_side, TRUE);
	ui->dirty = UI_DIRTY_ALL;
}

void
ui_message(struct ui *ui, bool is_error, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	free(ui->msg);
	ui->msg = ui_clean(raw);
	free(raw);
	ui->is_msg_error = is_error;
	ui->dirty |= UI_DIRTY_MSG;
}

static void
draw_too_small(struct ui *ui)
{
	char need[64];
	const char *head = "terminal too small";
	int y = ui->rows / 2 - 1;

	snprintf(need, sizeof(need), "(need %dx%d, have %dx%d)", MIN_COLS,
	         MIN_ROWS, ui->cols, ui->rows);
	werase(stdscr);
	wattrset(stdscr, ui_style(ui, "notice"));
	if (y < 0)
		y = 0;
	mvwaddnstr(stdscr, y, MAX(0, (ui->cols - (int)strlen(head)) / 2), head,
	           ui->cols);
	if (y + 1 < ui->rows)
		mvwaddnstr(stdscr, y + 1,
		           MAX(0, (ui->cols - (int)strlen(need)) / 2), need,
		           ui->cols - 1 > 0 ? ui->cols - 1 : 1);
	wnoutrefresh(stdscr);
}

static void
draw_tabs(struct ui *ui, struct draw_ops *ops)
{
	int x = 0;

	ops->clear_line(ops->ctx, 0, "tabs");
	for (size_t i = 0; i < ui->n_tabs; i++) {
		struct tab *t = &ui->tabs[i];
		char label[96], count[32];
		int n;

		if (*ui_tab_count_text(t, count, sizeof(count)))
			n = snprintf(label, sizeof(label), " %zu %s (%s) ",
			             i + 1, t->name, count);
		else
			n = snprintf(label, sizeof(label), " %zu %s ", i + 1,
			             t->name);
		if (n < 0)
			continue;
		ops->put(ops->ctx, 0, x, label, strlen(label),
		         i == ui->cur ? "tabs.active" : "tabs");
		x += (int)utf8_width(label, strlen(label));
	}
}

/* The audit tab's heading: what is known of the chain. */
static void
audit_status(const struct ui *ui, struct strbuf *sb)
{
	const char *sep = ui->glyphs.vline;

	switch (ui->audit_state) {
	case UI_AUDIT_INTACT:
		strbuf_addf(sb, " %s chain: verified, %lld entries", sep,
		            (long long)ui->audit_entries);
		if (ui->audit_seals)
			strbuf_addf(sb, ", %lld break%s sealed",
			            (long long)ui->audit_seals,
			            ui->audit_seals == 1 ? "" : "s");
		break;
	case UI_AUDIT_BROKEN:
		strbuf_addf(sb,
		            " %s chain: BROKEN at entry %lld (audit seal "
		            "REASON)",
		            sep, (long long)ui->audit_bad_id);
		break;
	case UI_AUDIT_FAILED:
		strbuf_addf(sb, " %s chain: not verified (%s)", sep,
		            ui->audit_msg ? ui->audit_msg : "?");
		break;
	default:
		strbuf_addf(sb, " %s chain: verifying...", sep);
		break;
	}
}

static void
draw_status(struct ui *ui, struct draw_ops *ops)
{
	struct tab *t = ui_tab(ui);
	struct ui_status_line l;
	struct strbuf sb;
	const char *sep = ui->glyphs.vline;
	char *path;
	int x = 0;

	ui_status_line_init(&l);
	strbuf_init(&sb);
	if (ui->n_sync)
		ui_sync_status(ui, &l);
	else
		strbuf_adds(&sb, " no sources configured");
	if (t && t->table.n_marks)
		strbuf_addf(&sb, " %s %zu marked", sep, t->table.n_marks);
	strbuf_addf(&sb, " %s cache: ", sep);
	path = ui_clean(ui->app->db_path ? ui->app->db_path : "?");
	strbuf_adds(&sb, path);
	free(path);
	if (t && t->ops->entity >= 0) {
		const char *sort =
		    t->sort ? t->sort : store_sort_fields(t->ops->entity)[0];

		strbuf_addf(&sb, " %s sort: %s %s", sep, sort,
		            t->is_ascending ? "asc" : "desc");
		if (t->filter_text && *t->filter_text) {
			char *f = ui_clean(t->filter_text);
			char count[32];

			strbuf_addf(&sb, " %s filter: %s", sep, f);
			if (*ui_tab_count_text(t, count, sizeof(count)))
				strbuf_addf(&sb, " (%s)", count);
			free(f);
		}
	}
	/* a broken chain refuses every change: said in every view */
	if ((t && t->ops == &view_audit_ops) ||
	    ui->audit_state == UI_AUDIT_BROKEN)
		audit_status(ui, &sb);
	ops->clear_line(ops->ctx, 0, "status");
	if (ui->app->is_readonly) {
		int w, h;

		ops->size(ops->ctx, &h, &w);
		ops->put(ops->ctx, 0, w - 11, " READ-ONLY ", 11, "status.warn");
	}
	for (size_t i = 0; i < l.n; i++) {
		const char *p = l.text.buf + l.spans[i].off;

		ops->put(ops->ctx, 0, x, p, l.spans[i].len, l.spans[i].element);
		x += (int)utf8_width(p, l.spans[i].len);
	}
	ops->put(ops->ctx, 0, x, sb.buf, sb.len, "status");
	strbuf_release(&sb);
	ui_status_line_release(&l);
}

static void
draw_main(struct ui *ui, struct draw_ops *main, struct draw_ops *side)
{
	struct tab *t = ui_tab(ui);
	struct detail *d =
	    ui->n_details ? ui->details[ui->n_details - 1] : NULL;
	int h, w;

	main->size(main->ctx, &h, &w);
	if (ui->form) {
		ui_form_draw(ui->form, main, &ui->form_cy, &ui->form_cx);
		return;
	}
	if (ui->picker) {
		ui_picker_draw(ui, main);
		return;
	}
	/* (detail_draw puts a conflict side by side when wide enough) */
	if (d && !ui->w_side) {
		detail_draw(d, main, &ui->glyphs);
		return;
	}
	if (t->ops->draw) {
		werase(ui->w_main);
		if (t->state)
			t->ops->draw(ui, t->state, main);
	} else if (!ui_view_is_list(t->ops)) {
		werase(ui->w_main);
	} else {
		/* everything dirty: the window may show something else */
		if (ui->dirty & UI_DIRTY_TABS)
			ui_table_invalidate(&t->table);
		ui_table_draw_changes(&t->table, main, 0, w, !d);
		if (!t->table.n_rows) {
			const char *m =
			    t->ops == &view_conflicts_ops
			        ? "no conflicts: every edit was settled"
			    : t->ops == &view_outbox_ops
			        ? "the outbox is empty: nothing waits for the "
			          "server"
			    : t->ops == &view_audit_ops
			        ? "the audit trail is empty"
			    : t->filter_text && *t->filter_text
			        ? "no rows match the filter"
			        : "no rows in the cache";

			main->put(main->ctx, 2, 2, m, strlen(m), "list.dim");
		}
	}
	if (d && side)
		detail_draw(d, side, &ui->glyphs);
}

void
ui_screen_draw(struct ui *ui)
{
	struct draw_ops tabs, main, side, status;

	if (!ui->dirty)
		return;
	if (ui->is_too_small) {
		draw_too_small(ui);
		ui->dirty = 0;
		return;
	}
	ui_draw_ops(ui, ui->w_tabs, &tabs);
	ui_draw_ops(ui, ui->w_main, &main);
	ui_draw_ops(ui, ui->w_status, &status);
	side.ctx = NULL;
	if (ui->w_side)
		ui_draw_ops(ui, ui->w_side, &side);
	if (ui->dirty & UI_DIRTY_TABS) {
		draw_tabs(ui, &tabs);
		wnoutrefresh(ui->w_tabs);
	}
	if (ui->dirty & UI_DIRTY_MAIN) {
		draw_main(ui, &main, side.ctx ? &side : NULL);
		wnoutrefresh(ui->w_main);
		if (ui->w_side)
			wnoutrefresh(ui->w_side);
	}
	if (ui->dirty & UI_DIRTY_STATUS) {
		draw_status(ui, &status);
		wnoutrefresh(ui->w_status);
	}
	/* last, so that the cursor ends on the prompt */
	if (ui->dirty & UI_DIRTY_MSG || ui->prompt)
		ui_prompt_draw(ui);
	/* a form's cursor, when no prompt has it */
	if (ui->form && !ui->prompt) {
		leaveok(ui->w_main, FALSE);
		wmove(ui->w_main, ui->form_cy, ui->form_cx);
		wnoutrefresh(ui->w_main);
	}
	free(tabs.ctx);
	free(main.ctx);
	free(status.ctx);
	free(side.ctx);
	ui->dirty = 0;
}
