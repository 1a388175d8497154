/*
 * The picker: a searchable list over the main window, for commands that
 * need the analyst to choose one of many (the incident an alert merges
 * into). The app hands over labels and the values they stand for (the
 * hook app_ui.pick); typing narrows the labels to those containing every
 * typed word (ASCII case ignored), Up/Down (C-p/C-n, PgUp/PgDn) move,
 * Enter runs the command with the value picked as its last argument and
 * Esc (C-g) closes it. While open it takes every key.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/command.h"
#include "centinela/app/keymap.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

struct ui_picker {
	char *title;          /* heading (sanitized, owned) */
	struct strvec labels; /* what is shown (sanitized) */
	struct strvec values; /* what a label stands for */
	struct strvec argv;   /* the command a pick runs */
	struct strbuf query;  /* what is typed */
	size_t *shown;        /* indices of the labels matching (owned) */
	size_t n_shown;       /* entries in shown */
	size_t sel;           /* selected entry of shown */
	size_t top;           /* first entry of shown on screen */
};

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether word[0..n) occurs in s, ASCII case ignored. */
static bool
contains(const char *s, const char *word, size_t n)
{
	for (; *s; s++) {
		size_t i = 0;

		while (i < n && s[i] && lower(s[i]) == lower(word[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

static bool
matches(const char *label, const char *query)
{
	const char *p = query;

	for (;;) {
		size_t n;

		while (*p == ' ')
			p++;
		if (!*p)
			return true;
		n = strcspn(p, " ");
		if (!contains(label, p, n))
			return false;
		p += n;
	}
}

static void
refilter(struct ui_picker *p)
{
	p->n_shown = 0;
	for (size_t i = 0; i < p->labels.n; i++)
		if (matches(p->labels.v[i], p->query.buf))
			p->shown[p->n_shown++] = i;
	p->sel = 0;
	p->top = 0;
}

void
ui_picker_close(struct ui *ui)
{
	struct ui_picker *p = ui->picker;

	if (!p)
		return;
	free(p->title);
	strvec_release(&p->labels);
	strvec_release(&p->values);
	strvec_release(&p->argv);
	strbuf_release(&p->query);
	free(p->shown);
	free(p);
	ui->picker = NULL;
	ui->dirty = UI_DIRTY_ALL;
}

void
ui_picker_open(struct ui *ui, const char *title, const struct strvec *labels,
               const struct strvec *values, int argc, const char *const *argv)
{
	struct ui_picker *p;

	ui_picker_close(ui);
	p = xcalloc(1, sizeof(*p));
	p->title = ui_clean(title);
	strvec_init(&p->labels);
	strvec_init(&p->values);
	strvec_init(&p->argv);
	strbuf_init(&p->query);
	for (size_t i = 0; i < labels->n && i < values->n; i++) {
		strvec_push_take(&p->labels, ui_clean(labels->v[i]));
		strvec_push(&p->values, values->v[i]);
	}
	for (int i = 0; i < argc; i++)
		strvec_push(&p->argv, argv[i]);
	p->shown = xcalloc(p->labels.n + 1, sizeof(*p->shown));
	refilter(p);
	ui->picker = p;
	ui_message(ui, false, "type to narrow, Enter picks, Esc cancels");
	ui->dirty = UI_DIRTY_ALL;
}

/* Lines of the main window the items get. */
static size_t
item_lines(const struct ui *ui)
{
	int h = ui->w_main ? getmaxy(ui->w_main) : 3;

	return h > 3 ? (size_t)(h - 3) : 1;
}

static void
move_sel(struct ui *ui, long delta)
{
	struct ui_picker *p = ui->picker;
	size_t lines = item_lines(ui);
	long to = (long)p->sel + delta;

	if (!p->n_shown)
		return;
	if (to < 0)
		to = 0;
	if (to >= (long)p->n_shown)
		to = (long)p->n_shown - 1;
	p->sel = (size_t)to;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + lines)
		p->top = p->sel - lines + 1;
}

static void
pick(struct ui *ui)
{
	struct ui_picker *p = ui->picker;
	struct strvec argv;

	if (!p->n_shown) {
		ui_message(ui, true, "nothing matches '%s'", p->query.buf);
		return;
	}
	strvec_init(&argv);
	for (size_t i = 0; i < p->argv.n; i++)
		strvec_push(&argv, p->argv.v[i]);
	strvec_push(&argv, p->values.v[p->shown[p->sel]]);
	ui_picker_close(ui);
	ui_command_argv(ui, (int)argv.n, argv.v, CMD_IN_PROMPT);
	strvec_release(&argv);
}

void
ui_picker_key(struct ui *ui, int key)
{
	struct ui_picker *p = ui->picker;
	long page = (long)item_lines(ui);

	switch (key) {
	case KEYMAP_CTRL_ESCAPE:
	case KEYMAP_CTRL_G:
		ui_picker_close(ui);
		ui_message(ui, false, "cancelled");
		return;
	case KEY_ENTER:
	case '\r':
	case '\n':
		pick(ui);
		return;
	case KEY_UP:
	case KEYMAP_CTRL_P:
		move_sel(ui, -1);
		break;
	case KEY_DOWN:
	case KEYMAP_CTRL_N:
		move_sel(ui, 1);
		break;
	case KEY_PPAGE:
		move_sel(ui, -page);
		break;
	case KEY_NPAGE:
		move_sel(ui, page);
		break;
	case KEY_BACKSPACE:
	case KEYMAP_CTRL_DELETE:
	case KEYMAP_CTRL_H: {
		size_t n = p->query.len;

		/* one code point: its continuation bytes, then its lead */
		while (n && ((unsigned char)p->query.buf[n - 1] & 0xc0) == 0x80)
			n--;
		if (n)
			n--;
		strbuf_setlen(&p->query, n);
		refilter(p);
		break;
	}
	case KEYMAP_CTRL_U:
		strbuf_setlen(&p->query, 0);
		refilter(p);
		break;
	default:
		if (key < ' ' || key > 0xff || key == KEYMAP_CTRL_DELETE)
			return;
		if (p->query.len < 200) {
			strbuf_addch(&p->query, (char)key);
			refilter(p);
		}
	}
	ui->dirty |= UI_DIRTY_MAIN;
}

void
ui_picker_draw(struct ui *ui, const struct draw_ops *ops)
{
	struct ui_picker *p = ui->picker;
	size_t lines = item_lines(ui);
	struct strbuf sb;
	char *query;
	int h, w;

	ops->size(ops->ctx, &h, &w);
	strbuf_init(&sb);
	strbuf_addf(&sb, " %s (%zu of %zu)", p->title, p->n_shown, p->labels.n);
	ops->clear_line(ops->ctx, 0, "list.header");
	ops->put(ops->ctx, 0, 0, sb.buf, sb.len, "list.header");
	strbuf_setlen(&sb, 0);
	query = ui_clean(p->query.buf);
	strbuf_addf(&sb, " > %s", query);
	free(query);
	ops->clear_line(ops->ctx, 1, "prompt");
	ops->put(ops->ctx, 1, 0, sb.buf, sb.len, "prompt");
	for (size_t i = 0; i < lines && (int)i + 2 < h; i++) {
		size_t k = p->top + i;
		bool is_sel = k == p->sel;
		const char *el = is_sel ? "list.selected" : "list.row";

		ops->clear_line(ops->ctx, (int)i + 2, el);
		if (k < p->n_shown) {
			const char *label = p->labels.v[p->shown[k]];

			strbuf_setlen(&sb, 0);
			strbuf_addf(&sb, " %s", label);
			ops->put(ops->ctx, (int)i + 2, 0, sb.buf, sb.len, el);
		} else if (k == 0) {
			static const char none[] = " nothing matches";

			ops->put(ops->ctx, 2, 0, none, strlen(none),
			         "list.dim");
		}
	}
	strbuf_release(&sb);
}
