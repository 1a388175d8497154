/*
 * Theme elements as curses attributes. The app-layer theme (app/theme.h)
 * resolves an element to colours and attributes; this file turns the
 * result into a curses attribute with a colour pair, allocating pairs as
 * (fg, bg) combinations are first asked for, and caches the answer per
 * element so that drawing a cell costs a short scan, not a theme lookup.
 * A theme change (ui_style_init again) drops the cache and the pairs.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/app/app.h"
#include "centinela/app/theme.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

/* Elements one theme generation remembers; more are resolved each time. */
#define STYLE_SLOTS 128
/* Colour pairs allocated at most (pair 0 is the terminal's default). */
#define STYLE_PAIRS 255

/* One resolved element. */
struct style_slot {
	const char *element; /* as asked (borrowed: static, see draw.h) */
	attr_t attr;         /* its curses attribute, colour pair included */
};

struct ui_styles {
	char view[40];                       /* the list the slots are for */
	struct style_slot slot[STYLE_SLOTS]; /* resolved elements */
	size_t n_slots;                      /* entries in slot */
	short pair_fg[STYLE_PAIRS + 1];      /* pair i's foreground */
	short pair_bg[STYLE_PAIRS + 1];      /* pair i's background */
	int n_pairs;                         /* pairs 1..n_pairs in use */
	int max_pairs;                       /* what the terminal allows */
	int n_colors;                        /* COLORS, 0 in monochrome */
	bool has_default_colors;             /* -1 (terminal default) works */
};

void
ui_style_release(struct ui *ui)
{
	free(ui->styles);
	ui->styles = NULL;
}

void
ui_style_init(struct ui *ui)
{
	struct ui_styles *st;

	ui_style_release(ui);
	st = xcalloc(1, sizeof(*st));
	if (!ui->is_mono) {
		st->n_colors = COLORS;
		st->max_pairs = COLOR_PAIRS - 1 < STYLE_PAIRS ? COLOR_PAIRS - 1
		                                              : STYLE_PAIRS;
		st->has_default_colors = use_default_colors() == OK;
	}
	ui->styles = st;
}

static attr_t
curses_attrs(unsigned attrs)
{
	static const struct {
		unsigned theme; /* THEME_ATTR_* */
		attr_t curses;  /* A_* */
	} map[] = {
	    {THEME_ATTR_BOLD, A_BOLD},
	    {THEME_ATTR_DIM, A_DIM},
	    {THEME_ATTR_UNDERLINE, A_UNDERLINE},
	    {THEME_ATTR_REVERSE, A_REVERSE},
	    {THEME_ATTR_BLINK, A_BLINK},
	    {THEME_ATTR_ITALIC, A_ITALIC},
	    {THEME_ATTR_STANDOUT, A_STANDOUT},
	};
	attr_t a = A_NORMAL;

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (attrs & map[i].theme)
			a |= map[i].curses;
	return a;
}

/* The pair drawing fg on bg (palette indexes, -1 default), 0 if none. */
static int
style_pair(struct ui_styles *st, int fg, int bg)
{
	if (!st->has_default_colors) {
		if (fg < 0)
			fg = COLOR_WHITE;
		if (bg < 0)
			bg = COLOR_BLACK;
	}
	if (fg < 0 && bg < 0)
		return 0;
	for (int i = 1; i <= st->n_pairs; i++)
		if (st->pair_fg[i] == fg && st->pair_bg[i] == bg)
			return i;
	if (st->n_pairs >= st->max_pairs)
		return 0; /* out of pairs: the attributes still show */
	st->n_pairs++;
	st->pair_fg[st->n_pairs] = (short)fg;
	st->pair_bg[st->n_pairs] = (short)bg;
	init_pair((short)st->n_pairs, (short)fg, (short)bg);
	return st->n_pairs;
}

static bool
is_documented(const char *element)
{
	for (size_t i = 0; i < theme_element_count(); i++)
		if (strcmp(theme_element_at(i)->name, element) == 0)
			return true;
	return false;
}

static attr_t
resolve(const struct ui *ui, struct ui_styles *st, const char *element)
{
	struct theme_style ts;
	attr_t a;
	int fg, bg;

	/* every element the console draws is in the table the man page
	 * and completion show, so a theme can style it */
	assert(is_documented(element));
	/* "incidents.list.selected" first: the theme falls back by itself */
	if (st->view[0]) {
		char name[128];

		snprintf(name, sizeof(name), "%s.%s", st->view, element);
		theme_style(ui->app->theme, name, ui->is_mono, &ts);
	} else {
		theme_style(ui->app->theme, element, ui->is_mono, &ts);
	}
	a = curses_attrs(ts.attrs);
	if (ui->is_mono || st->n_colors < 8)
		return a;
	fg = theme_color_for(&ts.fg, st->n_colors);
	bg = theme_color_for(&ts.bg, st->n_colors);
	if (theme_color_needs_bold(&ts.fg, st->n_colors))
		a |= A_BOLD;
	return a | COLOR_PAIR(style_pair(st, fg, bg));
}

attr_t
ui_style(const struct ui *ui, const char *element)
{
	struct ui_styles *st = ui->styles;
	const char *view;
	attr_t a;
	size_t i;

	if (!element)
		element = "default";
	if (!st || !ui->app->theme)
		return A_NORMAL;
	/*
	 * Elements may be styled per list (incidents.list.selected): the
	 * slots hold one list's answers and start over on another list.
	 */
	view = ui->n_tabs ? ui->tabs[ui->cur].ops->name : "";
	if (strcmp(st->view, view) != 0) {
		snprintf(st->view, sizeof(st->view), "%s", view);
		st->n_slots = 0;
	}
	/* elements are static strings: the same pointer is the same name */
	for (i = 0; i < st->n_slots; i++)
		if (st->slot[i].element == element)
			return st->slot[i].attr;
	for (i = 0; i < st->n_slots; i++)
		if (strcmp(st->slot[i].element, element) == 0)
			break;
	a = i < st->n_slots ? st->slot[i].attr : resolve(ui, st, element);
	if (st->n_slots < STYLE_SLOTS)
		st->slot[st->n_slots++] = (struct style_slot){element, a};
	return a;
}
