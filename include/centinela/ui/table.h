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
struct table_row {
	int64_t id;           /* row id: selection is kept on it */
	struct store_key key; /* keyset key of the row (owned) */
	char **cells;         /* sanitized texts, one per column (owned) */
	const char *
	    *elements; /* per cell theme element or NULL (owned array) */
};

/* Set up a row with n cells (all NULL); release frees cells and key. */
void table_row_init(struct table_row *r, size_t n);
void table_row_release(struct table_row *r, size_t n);

struct table_column {
	const char *title; /* header text (static) */
	int width;         /* columns; 0: takes what the others leave */
};

/*
 * Where rows come from. fetch returns in *rows (a malloc'd array of *n,
 * taken over by the table) at most limit rows after *after (NULL: from the
 * start), in the list's order, or in the reverse order when is_reverse.
 */
struct table_source {
	void *ctx; /* passed back */
	int (*fetch)(void *ctx, const struct store_key *after, bool is_reverse,
	             int limit, struct table_row **rows, size_t *n,
	             struct err *e);
};

struct table {
	const struct table_column *columns; /* borrowed */
	size_t n_columns;                   /* entries in columns */
	struct table_source src;            /* the rows' source */
	struct table_row *rows;             /* the window (owned) */
	size_t n_rows;                      /* rows in the window */
	bool is_at_start;     /* rows[0] is the first row of the list */
	bool is_at_end;       /* rows[n_rows - 1] is the last */
	size_t top;           /* index of the first visible row */
	size_t sel;           /* index of the selected row */
	int height;           /* visible rows (the header not counted) */
	int margin;           /* rows kept beyond the visible ones each way */
	const char *ellipsis; /* glyph for cut cells (static), e.g. "~" */
};

/* Set up t over columns (borrowed) and src; call table_reset to fill it. */
void table_init(struct table *t, const struct table_column *columns,
                size_t n_columns, const struct table_source *src);
void table_release(struct table *t);

/* Visible rows; call before moving (and on resize). */
void table_set_height(struct table *t, int height);

/* Read the first page: the selection on the first row. */
int table_reset(struct table *t, struct err *e);

/*
 * Re-read the window around the selected row (data changed): the selection
 * stays on the same row id, at the same screen line when it can; when the
 * row is gone it goes to the row that took its place.
 */
int table_reload(struct table *t, struct err *e);

/* Move the selection by delta rows (negative: up), paging as needed. */
int table_move(struct table *t, long delta, struct err *e);

/* Scroll a screen (pages > 0 down, < 0 up), the selection with it. */
int table_page(struct table *t, long pages, struct err *e);

/* Half a screen down (half > 0) or up. */
int table_half(struct table *t, int half, struct err *e);

/* First row; last row (the last page, bottom-aligned). */
int table_top(struct table *t, struct err *e);
int table_bottom(struct table *t, struct err *e);

/* The selected row (borrowed until the table changes), NULL when empty. */
const struct table_row *table_selected(const struct table *t);

/*
 * Draw the header on line y and the visible rows below it, width w, with
 * the selection highlighted when is_focused.
 */
void table_draw(const struct table *t, const struct draw_ops *ops, int y, int w,
                bool is_focused);

#endif
