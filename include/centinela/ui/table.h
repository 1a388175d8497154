/*
 * The table widget: a virtual list over a keyset-paged source.
 *
 * It holds only a window of rows around what is visible (plus a margin),
 * each with its keyset key, and pages forward from the last row it holds
 * or backward (the source's order reversed) from the first. G fetches the
 * last page by reversing the order and shows it bottom-aligned. A reload
 * re-reads the window around the selected row and keeps the selection on
 * the same row id when rows arrive or leave.
 */
#ifndef CENTINELA_UI_TABLE_H
#define CENTINELA_UI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/store/list.h"

struct draw_ops;
struct err;

/* One row as the table shows it. */
struct ui_table_row {
	int64_t id;           /* row id: selection is kept on it */
	struct store_key key; /* keyset key of the row (owned) */
	char **cells;         /* sanitized texts, one per column (owned) */
	const char *
	    *elements; /* per cell theme element or NULL (owned array) */
};

/* Set up a row with n cells (all NULL); release frees cells and key. */
void ui_table_row_init(struct ui_table_row *r, size_t n);
void ui_table_row_release(struct ui_table_row *r, size_t n);

/*
 * A column: fixed (min_width 0), flexible (0 < min_width < width: it gives
 * up cells, down to min_width, before the fill column goes below its
 * claim) or the fill column (width 0: takes what the others leave, and
 * claims min_width cells first). With no fill column the last one fills.
 */
struct ui_table_column {
	const char *title; /* header text (static) */
	int width;         /* cells; 0: the fill column */
	int min_width;     /* see above */
};

/*
 * Where rows come from. fetch returns in *rows (a malloc'd array of *n,
 * taken over by the table) at most limit rows after *after (NULL: from the
 * start), in the list's order, or in the reverse order when is_reverse.
 */
struct ui_table_source {
	void *ctx; /* passed back */
	int (*fetch)(void *ctx, const struct store_key *after, bool is_reverse,
	             int limit, struct ui_table_row **rows, size_t *n,
	             struct err *e);
};

struct ui_table {
	const struct ui_table_column *columns; /* borrowed */
	size_t n_columns;                      /* entries in columns */
	struct ui_table_source src;            /* the rows' source */
	struct ui_table_row *rows;             /* the window (owned) */
	size_t n_rows;                         /* rows in the window */
	bool is_at_start;     /* rows[0] is the first row of the list */
	bool is_at_end;       /* rows[n_rows - 1] is the last */
	size_t top;           /* index of the first visible row */
	size_t sel;           /* index of the selected row */
	int height;           /* visible rows (the header not counted) */
	int margin;           /* rows fetched beyond the ones a move needs */
	bool is_prefetch_off; /* a prefetch failed: none until the next move */
	/* the analyst put the selection on the first row of the list: a
	 * reload keeps the head in view (rows arriving there are seen),
	 * batch after batch, until the selection is moved */
	bool is_following_head;
	const char *ellipsis; /* glyph for cut cells (static), e.g. "~" */
	const char *mark;     /* glyph before a marked row (static), "*" */
	/* marked rows by id, in marking order: they survive re-reads */
	int64_t *marks;     /* (owned) */
	size_t n_marks;     /* entries in marks */
	size_t marks_alloc; /* entries allocated */
	/* what ui_table_draw_changes last drew, to draw only what changed */
	int64_t *drawn_ids; /* row id on each visible line (owned) */
	int drawn_height;   /* lines in drawn_ids, 0: nothing drawn */
	int drawn_width;    /* width drawn at */
	long drawn_sel;     /* line drawn selected, -1: none */
	bool is_stale;      /* rows re-read or screen lost: redraw it all */
};

/* Set up t over columns (borrowed) and src; call table_reset to fill it. */
void ui_table_init(struct ui_table *t, const struct ui_table_column *columns,
                   size_t n_columns, const struct ui_table_source *src);
void ui_table_release(struct ui_table *t);

/* Visible rows; call before moving (and on resize). */
void ui_table_set_height(struct ui_table *t, int height);

/* Read the first page: the selection on the first row. */
int ui_table_reset(struct ui_table *t, struct err *e);

/*
 * Re-read the window around the selected row (data changed): the selection
 * stays on the same row id (a reload never moves it to another row), at
 * the same screen line when it can; when the row is gone it goes to the
 * row that took its place. While the analyst follows the head (the
 * selection was put on the first row and not moved since: a reset, g, k
 * up to it), the head of the list stays in view however many batches
 * arrive there, the selected row pushed down the screen and kept on its
 * last line once it would leave it.
 */
int ui_table_reload(struct ui_table *t, struct err *e);

/* Move the selection by delta rows (negative: up), paging as needed. */
/*
 * On an idle turn: fetch one chunk of the rows a page key would need next
 * (up to a screen beyond the visible rows, ahead first, then behind), so
 * that the key only draws. Returns 1 when it fetched, 0 when the window
 * already holds them (or the list ends there), or an ERR_* code.
 */
int ui_table_prefetch(struct ui_table *t, struct err *e);
/* Whether ui_table_prefetch has something to fetch. */
bool ui_table_wants_prefetch(const struct ui_table *t);

int ui_table_move(struct ui_table *t, long delta, struct err *e);

/* Scroll a screen (pages > 0 down, < 0 up), the selection with it. */
int ui_table_page(struct ui_table *t, long pages, struct err *e);

/* Half a screen down (half > 0) or up. */
int ui_table_half(struct ui_table *t, int half, struct err *e);

/* First row; last row (the last page, bottom-aligned). */
int ui_table_top(struct ui_table *t, struct err *e);
int ui_table_bottom(struct ui_table *t, struct err *e);

/* The selected row (borrowed until the table changes), NULL when empty. */
const struct ui_table_row *ui_table_selected(const struct ui_table *t);

/*
 * The widths of columns[0..n) in w cells (one blank between columns) into
 * out[n]: flexible columns shrink before the fill column does.
 */
void ui_table_layout(const struct ui_table_column *columns, size_t n, int w,
                     int *out);

/*
 * Draw the header on line y and the visible rows below it, width w, with
 * the selection highlighted when is_focused.
 */
void ui_table_draw(const struct ui_table *t, const struct draw_ops *ops, int y,
                   int w, bool is_focused);

/*
 * Like ui_table_draw, but only what changed since the last call: the lines
 * whose row or selection state differ; when the rows moved by n lines and
 * the backend can scroll, the lines are scrolled and only those coming in
 * are drawn. Everything is drawn after ui_table_invalidate, a reset or
 * reload, or a change of size or focus. Returns the lines drawn (the
 * header counts as one).
 */
int ui_table_draw_changes(struct ui_table *t, const struct draw_ops *ops, int y,
                          int w, bool is_focused);

/*
 * Marks: rows an action applies to (the console's Space and :mark), kept
 * by row id whatever the window holds, at most UI_TABLE_MARKS_MAX. A
 * marked row is drawn with the mark glyph before its first cell and the
 * element list.marked (the selection's style wins on the selected row).
 */
#define UI_TABLE_MARKS_MAX 1000

bool ui_table_is_marked(const struct ui_table *t, int64_t id);
/* Mark id (is_marked) or unmark it; false when the cap refuses a mark. */
bool ui_table_set_mark(struct ui_table *t, int64_t id, bool is_marked);
/* Drop every mark; returns how many there were. */
size_t ui_table_clear_marks(struct ui_table *t);

/* The screen no longer shows what was drawn: the next draw is full. */
void ui_table_invalidate(struct ui_table *t);

#endif
