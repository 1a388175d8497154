/*
 * The in-memory drawing backend: a grid of cells, one code point each
 * (wide characters take one cell here; tests use narrow text).
 */
#include "centinela/ui/draw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"

void
draw_grid_init(struct draw_grid *g, int height, int width)
{
	g->height = height;
	g->width = width;
	g->cell = xcalloc((size_t)height * (size_t)width, sizeof(*g->cell));
	g->line = xmalloc((size_t)width * 4 + 1);
	g->n_cleared = 0;
	g->n_scrolled = 0;
	for (int i = 0; i < height * width; i++)
		g->cell[i].ch[0] = ' ';
}

void
draw_grid_release(struct draw_grid *g)
{
	free(g->cell);
	free(g->line);
	g->cell = NULL;
	g->line = NULL;
}

static void
grid_put(void *ctx, int y, int x, const char *s, size_t len,
         const char *element)
{
	struct draw_grid *g = ctx;
	size_t i = 0;

	if (y < 0 || y >= g->height)
		return;
	while (i < len && x < g->width) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n == 0)
			n = 1;
		if (x >= 0) {
			struct draw_cell *c = &g->cell[y * g->width + x];

			memcpy(c->ch, s + i, n);
			c->ch[n] = '\0';
			c->element = element;
		}
		i += n;
		x++;
	}
}

static void
grid_clear_line(void *ctx, int y, const char *element)
{
	struct draw_grid *g = ctx;

	if (y < 0 || y >= g->height)
		return;
	g->n_cleared++;
	for (int x = 0; x < g->width; x++) {
		struct draw_cell *c = &g->cell[y * g->width + x];

		c->ch[0] = ' ';
		c->ch[1] = '\0';
		c->element = element;
	}
}

static void
grid_scroll(void *ctx, int top, int bottom, int n)
{
	struct draw_grid *g = ctx;
	int lines;

	if (top < 0 || bottom >= g->height || top > bottom || !n)
		return;
	lines = bottom - top + 1;
	g->n_scrolled += n;
	for (int i = 0; i < lines; i++) {
		int dst = n > 0 ? top + i : bottom - i;
		int src = dst + n;
		struct draw_cell *d = &g->cell[dst * g->width];

		if (src >= top && src <= bottom) {
			memcpy(d, &g->cell[src * g->width],
			       (size_t)g->width * sizeof(*d));
			continue;
		}
		for (int x = 0; x < g->width; x++) {
			d[x].ch[0] = ' ';
			d[x].ch[1] = '\0';
			d[x].element = NULL;
		}
	}
}

static void
grid_size(void *ctx, int *height, int *width)
{
	struct draw_grid *g = ctx;

	*height = g->height;
	*width = g->width;
}

void
draw_grid_ops(struct draw_grid *g, struct draw_ops *ops)
{
	ops->ctx = g;
	ops->put = grid_put;
	ops->clear_line = grid_clear_line;
	ops->size = grid_size;
	ops->scroll = grid_scroll;
}

const char *
draw_grid_line(struct draw_grid *g, int y)
{
	size_t n = 0, end = 0;

	for (int x = 0; x < g->width; x++) {
		const char *ch = g->cell[y * g->width + x].ch;
		size_t l = strlen(ch);

		memcpy(g->line + n, ch, l);
		n += l;
		if (strcmp(ch, " ") != 0)
			end = n;
	}
	g->line[end] = '\0';
	return g->line;
}

const char *
draw_grid_element(const struct draw_grid *g, int y, int x)
{
	return g->cell[y * g->width + x].element;
}
