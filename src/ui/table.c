/*
 * The table widget. The window rows[0..n_rows) is a contiguous run of the
 * list; is_at_start/is_at_end say whether it touches either end. Moving
 * past the window fetches forward from the last row's key or backward (the
 * order reversed) from the first row's key, then trims the window back to
 * the visible rows plus a margin each way, so memory stays bounded however
 * far the list is scrolled.
 *
 * ui_table_draw_changes remembers the row id drawn on each line and the
 * selected line: the next call scrolls when the rows moved and redraws
 * only the lines whose row or selection changed.
 */
#include "centinela/ui/table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/colfit.h"
#include "centinela/base/err.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/ui/draw.h"

void
ui_table_row_init(struct ui_table_row *r, size_t n)
{
	r->id = 0;
	store_key_init(&r->key);
	r->cells = xcalloc(n ? n : 1, sizeof(*r->cells));
	r->elements = xcalloc(n ? n : 1, sizeof(*r->elements));
}

void
ui_table_row_release(struct ui_table_row *r, size_t n)
{
	store_key_release(&r->key);
	for (size_t i = 0; r->cells && i < n; i++)
		free(r->cells[i]);
	free(r->cells);
	free(r->elements);
	r->cells = NULL;
	r->elements = NULL;
}

static void
release_rows(struct ui_table *t, struct ui_table_row *rows, size_t from,
             size_t to)
{
	for (size_t i = from; i < to; i++)
		ui_table_row_release(&rows[i], t->n_columns);
}

void
ui_table_init(struct ui_table *t, const struct ui_table_column *columns,
              size_t n_columns, const struct ui_table_source *src)
{
	memset(t, 0, sizeof(*t));
	t->columns = columns;
	t->n_columns = n_columns;
	t->src = *src;
	t->height = 1;
	t->margin = 16;
	t->ellipsis = "~";
	t->mark = "*";
	t->drawn_sel = -1;
	t->is_stale = true;
}

static void
clear_window(struct ui_table *t)
{
	release_rows(t, t->rows, 0, t->n_rows);
	free(t->rows);
	t->rows = NULL;
	t->n_rows = 0;
	t->top = 0;
	t->sel = 0;
	t->is_at_start = true;
	t->is_prefetch_off = false;
	t->is_at_end = true;
	t->is_stale = true;
}

void
ui_table_release(struct ui_table *t)
{
	clear_window(t);
	free(t->drawn_ids);
	t->drawn_ids = NULL;
	t->drawn_height = 0;
	free(t->marks);
	t->marks = NULL;
	t->n_marks = t->marks_alloc = 0;
}

bool
ui_table_is_marked(const struct ui_table *t, int64_t id)
{
	for (size_t i = 0; i < t->n_marks; i++)
		if (t->marks[i] == id)
			return true;
	return false;
}

/* The line showing id must be drawn again. */
static void
redraw_id(struct ui_table *t, int64_t id)
{
	for (int i = 0; t->drawn_ids && i < t->drawn_height; i++)
		if (t->drawn_ids[i] == id)
			t->drawn_ids[i] = INT64_MIN + 1; /* not drawn */
}

bool
ui_table_set_mark(struct ui_table *t, int64_t id, bool is_marked)
{
	size_t i = 0;

	while (i < t->n_marks && t->marks[i] != id)
		i++;
	if (is_marked && i == t->n_marks) {
		if (t->n_marks >= UI_TABLE_MARKS_MAX)
			return false;
		if (t->n_marks == t->marks_alloc) {
			t->marks_alloc =
			    t->marks_alloc ? 2 * t->marks_alloc : 16;
			t->marks = xreallocarray(t->marks, t->marks_alloc,
			                         sizeof(*t->marks));
		}
		t->marks[t->n_marks++] = id;
	} else if (!is_marked && i < t->n_marks) {
		memmove(t->marks + i, t->marks + i + 1,
		        (t->n_marks - i - 1) * sizeof(*t->marks));
		t->n_marks--;
	} else {
		return true;
	}
	redraw_id(t, id);
	return true;
}

size_t
ui_table_clear_marks(struct ui_table *t)
{
	size_t n = t->n_marks;

	if (n)
		t->is_stale = true;
	t->n_marks = 0;
	return n;
}

void
ui_table_invalidate(struct ui_table *t)
{
	t->is_stale = true;
}

void
ui_table_set_height(struct ui_table *t, int height)
{
	t->height = height > 0 ? height : 1;
	if (t->sel >= t->top + (size_t)t->height)
		t->top = t->sel - (size_t)t->height + 1;
}

static int
chunk(const struct ui_table *t, long want)
{
	long n = (want > t->height ? want : t->height) + t->margin;

	return n > 10000 ? 10000 : (int)n;
}

static int
fetch(struct ui_table *t, const struct store_key *after, bool is_reverse,
      int limit, struct ui_table_row **rows, size_t *n, struct err *e)
{
	*rows = NULL;
	*n = 0;
	return t->src.fetch(t->src.ctx, after, is_reverse, limit, rows, n, e);
}

/* Append rows (taken) after the window. */
static void
append_rows(struct ui_table *t, struct ui_table_row *rows, size_t n)
{
	t->rows = xreallocarray(t->rows, t->n_rows + n + 1, sizeof(*t->rows));
	memcpy(t->rows + t->n_rows, rows, n * sizeof(*rows));
	t->n_rows += n;
	free(rows);
}

/* Put rows (taken, nearest first) before the window. */
static void
prepend_rows(struct ui_table *t, struct ui_table_row *rows, size_t n)
{
	struct ui_table_row *all =
	    xreallocarray(NULL, t->n_rows + n + 1, sizeof(*all));

	for (size_t i = 0; i < n; i++)
		all[n - 1 - i] = rows[i];
	if (t->n_rows)
		memcpy(all + n, t->rows, t->n_rows * sizeof(*all));
	free(t->rows);
	free(rows);
	t->rows = all;
	t->n_rows += n;
	t->top += n;
	t->sel += n;
}

/*
 * Make indices *lo..*hi (relative to the window, *lo may be negative) part
 * of the window as far as the list has rows; prepending shifts *lo, *hi,
 * top and sel by the rows added.
 */
static int
ensure(struct ui_table *t, long *lo, long *hi, struct err *e)
{
	struct ui_table_row *rows;
	size_t n;
	int rc, limit;

	while (*hi >= (long)t->n_rows && !t->is_at_end && t->n_rows) {
		limit = chunk(t, *hi - (long)t->n_rows + 1);
		rc = fetch(t, &t->rows[t->n_rows - 1].key, false, limit, &rows,
		           &n, e);
		if (rc)
			return rc;
		append_rows(t, rows, n);
		if (n < (size_t)limit)
			t->is_at_end = true;
	}
	while (*lo < 0 && !t->is_at_start && t->n_rows) {
		limit = chunk(t, -*lo);
		rc = fetch(t, &t->rows[0].key, true, limit, &rows, &n, e);
		if (rc)
			return rc;
		prepend_rows(t, rows, n);
		*lo += (long)n;
		*hi += (long)n;
		if (n < (size_t)limit)
			t->is_at_start = true;
	}
	return 0;
}

/* Rows kept beyond the visible ones each way: a screen, or the margin. */
static size_t
keep(const struct ui_table *t)
{
	return (size_t)(t->height > t->margin ? t->height : t->margin);
}

/* Drop rows beyond what is kept around the visible ones. */
static void
trim(struct ui_table *t)
{
	size_t k = keep(t);
	size_t lo = t->top > k ? t->top - k : 0;
	size_t hi = t->top + (size_t)t->height + k;

	if (hi < t->n_rows) {
		release_rows(t, t->rows, hi, t->n_rows);
		t->n_rows = hi;
		t->is_at_end = false;
	}
	if (lo > 0) {
		release_rows(t, t->rows, 0, lo);
		memmove(t->rows, t->rows + lo,
		        (t->n_rows - lo) * sizeof(*t->rows));
		t->n_rows -= lo;
		t->top -= lo;
		t->sel -= lo;
		t->is_at_start = false;
	}
}

static long
clamp(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * After a move of the analyst's: whether the selection is now on the
 * first row, where it follows the head (see ui_table_reload).
 */
static int
moved(struct ui_table *t, int rc)
{
	t->is_following_head = t->is_at_start && t->sel == 0;
	return rc;
}

/* Keep sel visible, load the visible rows, trim. */
static int
settle(struct ui_table *t, struct err *e)
{
	long lo, hi;
	int rc;

	t->is_prefetch_off = false;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + (size_t)t->height)
		t->top = t->sel - (size_t)t->height + 1;
	lo = (long)t->top;
	hi = (long)t->top + t->height - 1;
	rc = ensure(t, &lo, &hi, e);
	if (rc)
		return rc;
	trim(t);
	return 0;
}

int
ui_table_reset(struct ui_table *t, struct err *e)
{
	struct ui_table_row *rows;
	size_t n;
	int limit = chunk(t, 0);
	int rc = fetch(t, NULL, false, limit, &rows, &n, e);

	if (rc)
		return rc;
	clear_window(t);
	append_rows(t, rows, n);
	t->is_at_start = true;
	t->is_at_end = n < (size_t)limit;
	t->is_following_head = true;
	return 0;
}

int
ui_table_top(struct ui_table *t, struct err *e)
{
	return ui_table_reset(t, e);
}

int
ui_table_bottom(struct ui_table *t, struct err *e)
{
	struct ui_table_row *rows;
	size_t n;
	int limit = chunk(t, 0);
	int rc = fetch(t, NULL, true, limit, &rows, &n, e);

	if (rc)
		return rc;
	clear_window(t);
	prepend_rows(t, rows, n);
	t->is_at_end = true;
	t->is_at_start = n < (size_t)limit;
	t->sel = n ? n - 1 : 0;
	t->top = n > (size_t)t->height ? n - (size_t)t->height : 0;
	return moved(t, 0);
}

static void
key_copy(struct store_key *dst, const struct store_key *src)
{
	*dst = *src;
	dst->text = src->text ? xstrdup(src->text) : NULL;
}

int
ui_table_reload(struct ui_table *t, struct err *e)
{
	struct ui_table_row *before = NULL, *after = NULL;
	size_t nb = 0, na = 0, offset;
	struct store_key key;
	int64_t id;
	int lb, la, rc;
	long idx;

	if (!t->n_rows)
		return ui_table_reset(t, e);
	key_copy(&key, &t->rows[t->sel].key);
	id = t->rows[t->sel].id;
	offset = t->sel - t->top;
	lb = chunk(t, 0);
	la = chunk(t, 0) + 1;
	rc = fetch(t, &key, true, lb, &before, &nb, e);
	if (rc)
		goto out;
	rc = fetch(t, nb ? &before[0].key : NULL, false, la, &after, &na, e);
	if (rc) {
		release_rows(t, before, 0, nb);
		free(before);
		goto out;
	}
	clear_window(t);
	prepend_rows(t, before, nb);
	append_rows(t, after, na);
	t->is_at_start = nb < (size_t)lb;
	t->is_at_end = na < (size_t)la;
	idx = (long)nb;
	for (size_t i = nb; i < t->n_rows; i++) {
		if (t->rows[i].id == id) {
			idx = (long)i;
			break;
		}
	}
	t->sel = t->n_rows ? (size_t)clamp(idx, 0, (long)t->n_rows - 1) : 0;
	t->top = t->sel > offset ? t->sel - offset : 0;
	/*
	 * The analyst watches the head (the selection was put on the first
	 * row): it stays in view and rows arriving there are seen (live
	 * alerts), batch after batch, the selection still on its row, which
	 * settle keeps on screen. Elsewhere the selected row keeps its line.
	 */
	if (t->is_following_head && t->is_at_start)
		t->top = 0;
	rc = settle(t, e);
out:
	store_key_release(&key);
	return rc;
}

bool
ui_table_wants_prefetch(const struct ui_table *t)
{
	size_t k = keep(t), end = t->top + (size_t)t->height;

	if (!t->n_rows || t->height <= 0 || t->is_prefetch_off)
		return false;
	return (!t->is_at_end && t->n_rows < end + k) ||
	       (!t->is_at_start && t->top < k);
}

int
ui_table_prefetch(struct ui_table *t, struct err *e)
{
	size_t k = keep(t), end = t->top + (size_t)t->height;
	long lo, hi;
	int rc;

	if (!ui_table_wants_prefetch(t))
		return 0;
	if (!t->is_at_end && t->n_rows < end + k) {
		lo = (long)t->top;
		hi = (long)(end + k) - 1;
	} else {
		lo = (long)t->top - (long)k;
		hi = (long)t->top;
	}
	rc = ensure(t, &lo, &hi, e);
	if (rc)
		t->is_prefetch_off = true;
	return rc ? rc : 1;
}

int
ui_table_move(struct ui_table *t, long delta, struct err *e)
{
	long lo, hi;
	int rc;

	if (!t->n_rows)
		return 0;
	lo = hi = (long)t->sel + delta;
	rc = ensure(t, &lo, &hi, e);
	if (rc)
		return rc;
	t->sel = (size_t)clamp(lo, 0, (long)t->n_rows - 1);
	return moved(t, settle(t, e));
}

int
ui_table_page(struct ui_table *t, long pages, struct err *e)
{
	long top, sel, step = pages * t->height;
	int rc;

	if (!t->n_rows)
		return 0;
	top = (long)t->top + step;
	sel = (long)t->sel + step;
	{
		long lo = top < sel ? top : sel;
		long hi = top + t->height - 1 > sel ? top + t->height - 1 : sel;
		long lo0 = lo;

		rc = ensure(t, &lo, &hi, e);
		if (rc)
			return rc;
		top += lo - lo0;
		sel += lo - lo0;
	}
	if (top > (long)t->n_rows - t->height)
		top = (long)t->n_rows - t->height;
	if (top < 0)
		top = 0;
	t->top = (size_t)top;
	t->sel = (size_t)clamp(sel, 0, (long)t->n_rows - 1);
	return moved(t, settle(t, e));
}

int
ui_table_half(struct ui_table *t, int half, struct err *e)
{
	long n = t->height / 2 > 0 ? t->height / 2 : 1;

	return ui_table_move(t, half > 0 ? n : -n, e);
}

const struct ui_table_row *
ui_table_selected(const struct ui_table *t)
{
	return t->n_rows ? &t->rows[t->sel] : NULL;
}

void
ui_table_layout(const struct ui_table_column *columns, size_t n, int w,
                int *out)
{
	struct colfit_col *cols = xcalloc(n ? n : 1, sizeof(*cols));
	size_t fill = n, total;

	for (size_t i = 0; i < n; i++) {
		const struct ui_table_column *c = &columns[i];
		int min = c->min_width > 0 ? c->min_width : 0;

		if (!c->width && fill == n) {
			fill = i;
			cols[i].width = min > 0 ? (size_t)min : 1;
			cols[i].min_width = 1;
			continue;
		}
		cols[i].width = c->width > 0 ? (size_t)c->width : 1;
		cols[i].is_flexible = min > 0 && min < c->width;
		cols[i].min_width =
		    cols[i].is_flexible ? (size_t)min : cols[i].width;
	}
	if (fill == n && n)
		fill = n - 1;
	total = colfit_shrink(cols, n, 1, w > 0 ? (size_t)w : 1);
	if (n && w > 0 && total < (size_t)w)
		cols[fill].width += (size_t)w - total;
	for (size_t i = 0; i < n; i++)
		out[i] = (int)cols[i].width;
	free(cols);
}

static void
put_cell(const struct ui_table *t, const struct draw_ops *ops, int y, int x,
         int cw, const char *s, const char *element)
{
	size_t len = s ? strlen(s) : 0, fw;
	size_t fit;

	if (!len || cw <= 0)
		return;
	fit = utf8_fit(s, len, (size_t)cw, &fw);
	if (fit < len) {
		size_t ew = utf8_width(t->ellipsis, strlen(t->ellipsis));

		fit = utf8_fit(s, len, cw > (int)ew ? (size_t)cw - ew : 0, &fw);
		ops->put(ops->ctx, y, x, s, fit, element);
		ops->put(ops->ctx, y, x + (int)fw, t->ellipsis,
		         strlen(t->ellipsis), element);
		return;
	}
	ops->put(ops->ctx, y, x, s, fit, element);
}

static void
draw_header(const struct ui_table *t, const struct draw_ops *ops, int y,
            const int *cw)
{
	int x = 0;

	ops->clear_line(ops->ctx, y, "list.header");
	for (size_t c = 0; c < t->n_columns; c++) {
		put_cell(t, ops, y, x, cw[c], t->columns[c].title,
		         "list.header");
		x += cw[c] + 1;
	}
}

/* Visible line i (0: the first row) at screen line y + 1 + i. */
static void
draw_line(const struct ui_table *t, const struct draw_ops *ops, int y,
          const int *cw, int i, bool is_focused)
{
	size_t r = t->top + (size_t)i;
	bool is_sel = is_focused && r == t->sel;
	const char *line = is_sel ? "list.selected" : "list.row";
	int x = 0;

	bool is_marked =
	    r < t->n_rows && t->n_marks && ui_table_is_marked(t, t->rows[r].id);
	int skip = 0;

	if (is_marked && !is_sel)
		line = "list.marked";
	ops->clear_line(ops->ctx, y + 1 + i, line);
	if (r >= t->n_rows)
		return;
	if (is_marked) {
		/* the glyph and a blank take the first cells of column 0 */
		skip = (int)utf8_width(t->mark, strlen(t->mark)) + 1;
		ops->put(ops->ctx, y + 1 + i, 0, t->mark, strlen(t->mark),
		         line);
	}
	for (size_t c = 0; c < t->n_columns; c++) {
		const char *el = t->rows[r].elements[c];

		put_cell(t, ops, y + 1 + i, x + skip, cw[c] - skip,
		         t->rows[r].cells[c],
		         is_sel || is_marked || !el ? line : el);
		x += cw[c] + 1;
		skip = 0;
	}
}

void
ui_table_draw(const struct ui_table *t, const struct draw_ops *ops, int y,
              int w, bool is_focused)
{
	int *cw = xcalloc(t->n_columns + 1, sizeof(*cw));

	ui_table_layout(t->columns, t->n_columns, w, cw);
	draw_header(t, ops, y, cw);
	for (int i = 0; i < t->height; i++)
		draw_line(t, ops, y, cw, i, is_focused);
	free(cw);
}

#define NO_ROW       INT64_MIN       /* a line below the last row */
#define UNKNOWN_LINE (INT64_MIN + 1) /* a line not drawn yet */

static int64_t
line_id(const struct ui_table *t, int i)
{
	size_t r = t->top + (size_t)i;

	return r < t->n_rows ? t->rows[r].id : NO_ROW;
}

/*
 * How far the rows moved since they were drawn: k > 0 when the row drawn
 * on line k is now on line 0 (scrolled up), k < 0 the other way, 0 when
 * they did not move or share no line.
 */
static int
find_shift(const struct ui_table *t)
{
	int64_t first = line_id(t, 0);

	if (first == t->drawn_ids[0])
		return 0;
	for (int k = 1; k < t->height; k++) {
		if (first != NO_ROW && t->drawn_ids[k] == first)
			return k;
		if (t->drawn_ids[0] != NO_ROW &&
		    line_id(t, k) == t->drawn_ids[0])
			return -k;
	}
	return 0;
}

int
ui_table_draw_changes(struct ui_table *t, const struct draw_ops *ops, int y,
                      int w, bool is_focused)
{
	int *cw = xcalloc(t->n_columns + 1, sizeof(*cw));
	long sel = is_focused && t->n_rows ? (long)(t->sel - t->top) : -1;
	int h = t->height, drawn = 0, shift;

	ui_table_layout(t->columns, t->n_columns, w, cw);
	if (t->is_stale || t->drawn_height != h || t->drawn_width != w ||
	    (t->drawn_sel >= 0) != (sel >= 0)) {
		free(t->drawn_ids);
		t->drawn_ids = xcalloc((size_t)h, sizeof(*t->drawn_ids));
		draw_header(t, ops, y, cw);
		drawn = 1;
		for (int i = 0; i < h; i++)
			t->drawn_ids[i] = UNKNOWN_LINE;
		t->drawn_sel = -1;
		t->drawn_height = h;
		t->drawn_width = w;
		t->is_stale = false;
	}
	shift = find_shift(t);
	if (shift && ops->scroll) {
		ops->scroll(ops->ctx, y + 1, y + h, shift);
		if (shift > 0)
			memmove(t->drawn_ids, t->drawn_ids + shift,
			        (size_t)(h - shift) * sizeof(*t->drawn_ids));
		else
			memmove(t->drawn_ids - shift, t->drawn_ids,
			        (size_t)(h + shift) * sizeof(*t->drawn_ids));
		for (int i = 0; i < (shift > 0 ? shift : -shift); i++)
			t->drawn_ids[shift > 0 ? h - 1 - i : i] = UNKNOWN_LINE;
		t->drawn_sel -= shift;
		if (t->drawn_sel < 0 || t->drawn_sel >= h)
			t->drawn_sel = -1;
	}
	for (int i = 0; i < h; i++) {
		int64_t id = line_id(t, i);

		if (id == t->drawn_ids[i] && (i == t->drawn_sel) == (i == sel))
			continue;
		draw_line(t, ops, y, cw, i, is_focused);
		t->drawn_ids[i] = id;
		drawn++;
	}
	t->drawn_sel = sel;
	free(cw);
	return drawn;
}
