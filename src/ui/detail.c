/*
 * Detail pages: a list of sanitized lines, some of them links to another
 * row, with a cursor. Views build them (view_*.c, or a list's catalog
 * layout: view_detail); ui_detail_open pushes one on the stack, BACK pops
 * it. The raw JSON of an alert is re-indented here by a small scanner
 * that never parses values, so any text shows.
 *
 * Lines are made without knowing the width; detail_layout wraps them at
 * blanks into rows when the page is drawn (again when the width changes:
 * a resize, the split from 160 columns), and the cursor moves over rows,
 * so a description of any length is read in full at 80 columns. A wrapped
 * line's later rows are indented by its hang: under a field's value, under
 * an indented paragraph's first word.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/wrap.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

char *
ui_clean(const char *s)
{
	return sanitize_dup(s ? s : "", 0);
}

struct detail *
detail_new(const char *title)
{
	struct detail *d = xcalloc(1, sizeof(*d));

	d->title = ui_clean(title);
	d->entity = -1;
	return d;
}

void
detail_free(struct detail *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i].text);
	free(d->lines);
	free(d->rows);
	free(d->title);
	free(d);
}

/* Append a line (text taken, already sanitized). */
static void
add_line(struct detail *d, const char *element, int link_entity,
         int64_t link_id, char *text)
{
	struct detail_line *l;

	if (d->n == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 32;
		d->lines = xreallocarray(d->lines, d->alloc, sizeof(*d->lines));
	}
	l = &d->lines[d->n++];
	l->text = text;
	l->element = element;
	l->link_entity = link_entity;
	l->link_id = link_id;
	/* wrapped rows line up under the first word */
	l->hang = (int)strspn(text, " ");
}

void
detail_hang(struct detail *d, int cells)
{
	if (d->n)
		d->lines[d->n - 1].hang = cells;
}

void
detail_add(struct detail *d, const char *element, int link_entity,
           int64_t link_id, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	add_line(d, element, link_entity, link_id, ui_clean(raw));
	free(raw);
}

/* Cells before a field's value: the label's 16 and a blank. */
#define FIELD_HANG 17

void
detail_field(struct detail *d, const char *label, const char *value)
{
	detail_add(d, "detail.label", -1, 0, "%-16s %s", label,
	           value && *value ? value : "-");
	detail_hang(d, FIELD_HANG);
}

void
detail_text(struct detail *d, const char *element, const char *text)
{
	const char *p = text ? text : "";

	do {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct strbuf sb;

		/* a CRLF ends a line as LF does */
		if (nl && len && p[len - 1] == '\r')
			len--;
		strbuf_init(&sb);
		strbuf_adds(&sb, "  ");
		sanitize_append(&sb, p, len, 0);
		add_line(d, element, -1, 0, strbuf_detach(&sb, NULL));
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

static void
json_flush(struct detail *d, struct strbuf *line)
{
	if (line->len)
		add_line(d, "detail.value", -1, 0, ui_clean(line->buf));
	strbuf_reset(line);
}

static void
json_indent(struct strbuf *line, int depth)
{
	for (int i = 0; i < depth && i < 32; i++)
		strbuf_adds(line, "  ");
}

void
detail_json(struct detail *d, const char *json)
{
	struct strbuf line;
	bool in_string = false, is_escaped = false;
	int depth = 0;

	strbuf_init(&line);
	json_indent(&line, 1);
	for (const char *p = json; p && *p; p++) {
		char c = *p;

		if (in_string) {
			strbuf_addch(&line, c);
			if (is_escaped)
				is_escaped = false;
			else if (c == '\\')
				is_escaped = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		switch (c) {
		case '"':
			in_string = true;
			strbuf_addch(&line, c);
			break;
		case '{':
		case '[':
			strbuf_addch(&line, c);
			json_flush(d, &line);
			json_indent(&line, ++depth + 1);
			break;
		case '}':
		case ']':
			json_flush(d, &line);
			json_indent(&line, (depth > 0 ? --depth : 0) + 1);
			strbuf_addch(&line, c);
			break;
		case ',':
			strbuf_addch(&line, c);
			json_flush(d, &line);
			json_indent(&line, depth + 1);
			break;
		case ':':
			strbuf_adds(&line, ": ");
			break;
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			break;
		default:
			strbuf_addch(&line, c);
		}
	}
	json_flush(d, &line);
	strbuf_release(&line);
}

/* Columns side by side from this width (each side gets ~50 cells). */
#define SPLIT_DETAIL_COLS 100

/* The cells of a page w wide a line's text gets: past the margins, and
 * past the arrow for a link. */
static int
text_width(const struct detail_line *l, int w)
{
	int avail = w - 2 - (l->link_entity >= 0 ? 3 : 0);

	return avail > 1 ? avail : 1;
}

static void
add_row(struct detail *d, size_t line, size_t off, size_t len, int indent)
{
	struct detail_row *r;

	if (d->n_rows == d->rows_alloc) {
		d->rows_alloc = d->rows_alloc ? 2 * d->rows_alloc : 64;
		d->rows =
		    xreallocarray(d->rows, d->rows_alloc, sizeof(*d->rows));
	}
	r = &d->rows[d->n_rows++];
	r->line = line;
	r->off = off;
	r->len = len;
	r->indent = indent;
}

/* Rows of lines [from, to) wrapped to a column w cells wide. */
static void
wrap_lines(struct detail *d, size_t from, size_t to, int w)
{
	for (size_t i = from; i < to; i++) {
		const struct detail_line *l = &d->lines[i];
		int avail = text_width(l, w);
		int hang = l->hang < avail / 2 ? l->hang : avail / 2;
		size_t len = strlen(l->text), off = 0;

		do {
			size_t next, n;
			int indent = off ? hang : 0;

			n = wrap_line(l->text + off, len - off,
			              (size_t)(avail - indent), &next);
			add_row(d, i, off, n, indent);
			off += next;
		} while (off < len);
	}
}

/* Whether the page is laid out (rows, not lines, under the cursor). */
static bool
is_laid(const struct detail *d)
{
	return d->laid_width > 0;
}

size_t
detail_rows(const struct detail *d)
{
	size_t nl, nr;

	if (!is_laid(d))
		return d->n;
	if (!d->is_split)
		return d->n_rows;
	nl = d->row_split_right - d->row_split_at;
	nr = d->n_rows - d->row_split_right;
	return d->row_split_at + (nl > nr ? nl : nr);
}

/* The row shown on page row r (side by side: the left column's when it
 * has one there), or n_rows when none. */
static size_t
row_at(const struct detail *d, size_t r)
{
	size_t k;

	if (!d->is_split || r < d->row_split_at)
		return r < d->n_rows ? r : d->n_rows;
	k = r - d->row_split_at;
	if (d->row_split_at + k < d->row_split_right)
		return d->row_split_at + k;
	if (d->row_split_right + k < d->n_rows)
		return d->row_split_right + k;
	return d->n_rows;
}

/* The page row row i is shown on. */
static size_t
page_row(const struct detail *d, size_t i)
{
	if (!d->is_split || i < d->row_split_right)
		return i;
	return d->row_split_at + (i - d->row_split_right);
}

/* Where on the text page row r is: its line and the offset in it. */
struct detail_place {
	size_t line; /* index in lines */
	size_t off;  /* byte offset in its text */
};

static struct detail_place
place_of(const struct detail *d, size_t r)
{
	struct detail_place p = {r, 0};

	if (is_laid(d)) {
		size_t i = row_at(d, r);

		if (i >= d->n_rows)
			i = d->n_rows ? d->n_rows - 1 : 0;
		if (d->n_rows) {
			p.line = d->rows[i].line;
			p.off = d->rows[i].off;
		}
	}
	return p;
}

/* The page row showing place p: its line's last row that starts at or
 * before p.off (the last row when the line is gone). */
static size_t
row_of(const struct detail *d, struct detail_place p)
{
	size_t best = d->n_rows;

	for (size_t i = 0; i < d->n_rows; i++) {
		if (d->rows[i].line > p.line)
			break;
		if (d->rows[i].line < p.line || d->rows[i].off <= p.off)
			best = i;
	}
	if (best == d->n_rows)
		best = 0;
	return d->n_rows ? page_row(d, best) : 0;
}

/* Lay out for width w, the cursor and the first row shown on sel, top. */
static void
relayout(struct detail *d, int w, struct detail_place sel,
         struct detail_place top)
{
	d->is_split = d->split_at && w >= SPLIT_DETAIL_COLS;
	d->n_rows = 0;
	if (d->is_split) {
		int half = w / 2;

		wrap_lines(d, 0, d->split_at, w);
		d->row_split_at = d->n_rows;
		wrap_lines(d, d->split_at, d->split_right, half - 1);
		d->row_split_right = d->n_rows;
		wrap_lines(d, d->split_right, d->n, w - half);
	} else {
		wrap_lines(d, 0, d->n, w);
		d->row_split_at = d->row_split_right = d->n_rows;
	}
	d->laid_width = w;
	d->laid_lines = d->n;
	d->sel = row_of(d, sel);
	d->top = row_of(d, top);
	if (d->top > d->sel)
		d->top = d->sel;
}

void
detail_layout(struct detail *d, int width)
{
	bool is_split = d->split_at && width >= SPLIT_DETAIL_COLS;

	if (width < 1)
		width = 1;
	if (is_laid(d) && d->laid_width == width && d->laid_lines == d->n &&
	    d->is_split == is_split)
		return;
	relayout(d, width, place_of(d, d->sel), place_of(d, d->top));
}

void
detail_keep_place(struct detail *d, const struct detail *old)
{
	struct detail_place sel = place_of(old, old->sel);
	struct detail_place top = place_of(old, old->top);

	if (!is_laid(old)) {
		d->sel = old->sel < d->n ? old->sel : (d->n ? d->n - 1 : 0);
		d->top = old->top <= d->sel ? old->top : d->sel;
		return;
	}
	relayout(d, old->laid_width, sel, top);
}

const struct detail_line *
detail_sel_line(const struct detail *d)
{
	size_t i;

	if (!is_laid(d))
		return d->sel < d->n ? &d->lines[d->sel] : NULL;
	i = row_at(d, d->sel);
	return i < d->n_rows ? &d->lines[d->rows[i].line] : NULL;
}

void
detail_move(struct detail *d, long delta, int height)
{
	long sel = (long)d->sel + delta, rows = (long)detail_rows(d);

	if (sel < 0 || !rows)
		sel = 0;
	else if (sel >= rows)
		sel = rows - 1;
	d->sel = (size_t)sel;
	if (height < 1)
		height = 1;
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + (size_t)height)
		d->top = d->sel - (size_t)height + 1;
}

/* Row i (n_rows or past it: nothing) at x, at most width cells. */
static void
put_row(const struct detail *d, const struct draw_ops *ops, int y, int x,
        int width, size_t i, const char *element)
{
	const struct detail_row *r;
	const char *text;
	size_t len;

	if (i >= d->n_rows)
		return;
	r = &d->rows[i];
	width -= r->indent;
	if (width <= 0)
		return;
	text = d->lines[r->line].text + r->off;
	len = utf8_fit(text, r->len, (size_t)width, NULL);
	ops->put(ops->ctx, y, x + r->indent, text, len, element);
}

/* Side by side: the head rows, then the two columns row by row. */
static void
detail_draw_split(const struct detail *d, const struct draw_ops *ops,
                  const struct ui_glyphs *g, int h, int w)
{
	int half = w / 2;

	for (int y = 1; y < h; y++) {
		size_t i = d->top + (size_t)y - 1, k, l, r;
		bool is_sel = i == d->sel;

		ops->clear_line(ops->ctx, y,
		                is_sel ? "list.selected" : "detail.value");
		if (i < d->row_split_at) {
			put_row(d, ops, y, 1, w - 2, i,
			        is_sel ? "list.selected"
			               : d->lines[d->rows[i].line].element);
			continue;
		}
		k = i - d->row_split_at;
		l = d->row_split_at + k;
		r = d->row_split_right + k;
		if (l < d->row_split_right)
			put_row(d, ops, y, 1, half - 3, l,
			        is_sel ? "list.selected"
			               : d->lines[d->rows[l].line].element);
		ops->put(ops->ctx, y, half - 1, g->vline, strlen(g->vline),
		         "border");
		if (r < d->n_rows)
			put_row(d, ops, y, half + 1, w - half - 2, r,
			        is_sel ? "list.selected"
			               : d->lines[d->rows[r].line].element);
	}
}

void
detail_draw(struct detail *d, const struct draw_ops *ops,
            const struct ui_glyphs *g)
{
	int h, w;

	ops->size(ops->ctx, &h, &w);
	detail_layout(d, w);
	/* the cursor on screen whatever the width did to the rows */
	detail_move(d, 0, h - 1);
	ops->clear_line(ops->ctx, 0, "detail.title");
	ops->put(ops->ctx, 0, 1, d->title, strlen(d->title), "detail.title");
	if (d->is_split) {
		detail_draw_split(d, ops, g, h, w);
		return;
	}
	for (int y = 1; y < h; y++) {
		size_t i = d->top + (size_t)y - 1;
		const struct detail_line *l;
		const char *el;

		ops->clear_line(ops->ctx, y, "detail.value");
		if (i >= d->n_rows)
			continue;
		l = &d->lines[d->rows[i].line];
		if (i == d->sel)
			el = l->link_entity >= 0 ? "detail.link.selected"
			                         : "list.selected";
		else
			el = l->link_entity >= 0 ? "detail.link" : l->element;
		if (i == d->sel)
			ops->clear_line(ops->ctx, y, el);
		if (l->link_entity >= 0) {
			if (!d->rows[i].off)
				ops->put(ops->ctx, y, 1, g->arrow,
				         strlen(g->arrow), el);
			put_row(d, ops, y, 4, w - 5, i, el);
		} else {
			put_row(d, ops, y, 1, w - 2, i, el);
		}
	}
}
