/*
 * Detail pages: a list of sanitized lines, some of them links to another
 * row, with a cursor. Views build them (view_*.c); ui_detail_open pushes
 * one on the stack, BACK pops it. The raw JSON of an alert is re-indented
 * here by a small scanner that never parses values, so any text shows.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
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
}

void
detail_add(struct detail *d, const char *element, int link_entity,
           int64_t link_id, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	add_line(d, element, link_entity, link_id, ui_clean(sb.buf));
	strbuf_release(&sb);
}

void
detail_field(struct detail *d, const char *label, const char *value)
{
	detail_add(d, "detail.label", -1, 0, "%-16s %s", label,
	           value && *value ? value : "-");
}

void
detail_text(struct detail *d, const char *element, const char *text)
{
	const char *p = text ? text : "";

	do {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct strbuf sb;

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

/* Rows the page takes: side by side, the longer column counts. */
static size_t
detail_rows(const struct detail *d)
{
	size_t nl, nr;

	if (!d->split_at || !d->is_split)
		return d->n;
	nl = d->split_right - d->split_at;
	nr = d->n - d->split_right;
	return d->split_at + (nl > nr ? nl : nr);
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

/* Line i (may be past the end: nothing) at x, at most width cells. */
static void
put_cut(const struct detail *d, const struct draw_ops *ops, int y, int x,
        int width, size_t i, size_t end, bool is_sel)
{
	const struct detail_line *l;
	size_t len;

	if (i >= end || width <= 0)
		return;
	l = &d->lines[i];
	len = utf8_fit(l->text, strlen(l->text), (size_t)width, NULL);
	ops->put(ops->ctx, y, x, l->text, len,
	         is_sel ? "list.selected" : l->element);
}

/* Side by side: the head lines, then the two columns row by row. */
static void
detail_draw_split(const struct detail *d, const struct draw_ops *ops,
                  const struct ui_glyphs *g, int h, int w)
{
	int half = w / 2;

	for (int y = 1; y < h; y++) {
		size_t i = d->top + (size_t)y - 1, k;
		bool is_sel = i == d->sel;

		ops->clear_line(ops->ctx, y,
		                is_sel ? "list.selected" : "detail.value");
		if (i < d->split_at) {
			put_cut(d, ops, y, 1, w - 2, i, d->split_at, is_sel);
			continue;
		}
		k = i - d->split_at;
		put_cut(d, ops, y, 1, half - 3, d->split_at + k, d->split_right,
		        is_sel);
		ops->put(ops->ctx, y, half - 1, g->vline, strlen(g->vline),
		         "border");
		put_cut(d, ops, y, half + 1, w - half - 2, d->split_right + k,
		        d->n, is_sel);
	}
}

void
detail_draw(const struct detail *d, const struct draw_ops *ops,
            const struct ui_glyphs *g)
{
	int h, w;

	ops->size(ops->ctx, &h, &w);
	if (d->split_at && d->is_split) {
		ops->clear_line(ops->ctx, 0, "detail.title");
		ops->put(ops->ctx, 0, 1, d->title, strlen(d->title),
		         "detail.title");
		detail_draw_split(d, ops, g, h, w);
		return;
	}
	ops->clear_line(ops->ctx, 0, "detail.title");
	ops->put(ops->ctx, 0, 1, d->title, strlen(d->title), "detail.title");
	for (int y = 1; y < h; y++) {
		size_t i = d->top + (size_t)y - 1;
		const struct detail_line *l;
		const char *el;

		ops->clear_line(ops->ctx, y, "detail.value");
		if (i >= d->n)
			continue;
		l = &d->lines[i];
		if (i == d->sel)
			el = l->link_entity >= 0 ? "detail.link.selected"
			                         : "list.selected";
		else
			el = l->link_entity >= 0 ? "detail.link" : l->element;
		if (i == d->sel)
			ops->clear_line(ops->ctx, y, el);
		if (l->link_entity >= 0) {
			ops->put(ops->ctx, y, 1, g->arrow, strlen(g->arrow),
			         el);
			ops->put(ops->ctx, y, 4, l->text, strlen(l->text), el);
		} else {
			ops->put(ops->ctx, y, 1, l->text, strlen(l->text), el);
		}
	}
}
