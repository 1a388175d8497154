/*
 * The in-memory drawing backend: a grid of cells, one code point each
 * (wide characters take one cell here; tests use narrow text); and the
 * ASCII transliteration of the draw path for terminals without UTF-8.
 */
#include "centinela/ui/draw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"

/*
 * U+00A0..U+017F, Latin-1 Supplement and Latin Extended-A: the base
 * letter of each letter (the letter of a ligature's first: AE is A, since
 * a cell holds one character), the nearest ASCII sign of the rest.
 */
static const char latin[] = " !cL$Y|S\"ca\"--r-" /* U+00A0 */
                            "o+23'uP.,1o\"????"  /* U+00B0 */
                            "AAAAAAACEEEEIIII"   /* U+00C0 */
                            "DNOOOOOxOUUUUYTs"   /* U+00D0 */
                            "aaaaaaaceeeeiiii"   /* U+00E0 */
                            "dnooooo/ouuuuyty"   /* U+00F0 */
                            "AaAaAaCcCcCcCcDd"   /* U+0100 */
                            "DdEeEeEeEeEeGgGg"   /* U+0110 */
                            "GgGgHhHhIiIiIiIi"   /* U+0120 */
                            "IiIiJjKkkLlLlLlL"   /* U+0130 */
                            "lLlNnNnNnnNnOoOo"   /* U+0140 */
                            "OoOoRrRrRrSsSsSs"   /* U+0150 */
                            "SsTtTtTtUuUuUuUu"   /* U+0160 */
                            "UuUuWwYyYZzZzZzs";  /* U+0170 */

/* Single code points elsewhere, by code point. */
static const struct {
	uint32_t cp;
	char ch;
} signs[] = {
    {0x02c6, '^'}, {0x02dc, '~'},  {0x2010, '-'},  {0x2011, '-'},
    {0x2012, '-'}, {0x2013, '-'},  {0x2014, '-'},  {0x2015, '-'},
    {0x2016, '|'}, {0x2017, '_'},  {0x2018, '\''}, {0x2019, '\''},
    {0x201a, ','}, {0x201b, '\''}, {0x201c, '"'},  {0x201d, '"'},
    {0x201e, '"'}, {0x201f, '"'},  {0x2020, '+'},  {0x2021, '+'},
    {0x2022, '*'}, {0x2023, '>'},  {0x2024, '.'},  {0x2025, ':'},
    {0x2026, '.'}, {0x2027, '-'},  {0x2030, '%'},  {0x2032, '\''},
    {0x2033, '"'}, {0x2039, '<'},  {0x203a, '>'},  {0x2043, '-'},
    {0x2044, '/'}, {0x20ac, 'E'},  {0x2122, 'T'},  {0x2190, '<'},
    {0x2191, '^'}, {0x2192, '>'},  {0x2193, 'v'},  {0x2194, '-'},
    {0x21d0, '<'}, {0x21d2, '>'},  {0x2212, '-'},  {0x2215, '/'},
    {0x2217, '*'}, {0x2219, '.'},  {0x2248, '~'},  {0x2264, '<'},
    {0x2265, '>'}, {0x25a0, '#'},  {0x25a1, '#'},  {0x25aa, '*'},
    {0x25ab, '*'}, {0x25b2, '^'},  {0x25b6, '>'},  {0x25b8, '>'},
    {0x25ba, '>'}, {0x25bc, 'v'},  {0x25c0, '<'},  {0x25c2, '<'},
    {0x25c4, '<'}, {0x25c6, '*'},  {0x25cb, 'o'},  {0x25cf, '*'},
    {0x25e6, 'o'}, {0x2713, 'v'},  {0x2714, 'v'},  {0x2717, 'x'},
    {0x2718, 'x'}, {0x3000, ' '},
};

/* Box drawing U+2500..U+257F: '-' for the horizontal, '|' the vertical. */
static char
box_of(uint32_t cp)
{
	static const char edge[] = "--||--||--||";

	if (cp < 0x250c)
		return edge[cp - 0x2500];
	if (cp >= 0x254c && cp <= 0x254d)
		return '-';
	if (cp >= 0x254e && cp <= 0x254f)
		return '|';
	if (cp == 0x2550)
		return '-';
	if (cp == 0x2551)
		return '|';
	if (cp == 0x2571)
		return '/';
	if (cp == 0x2572)
		return '\\';
	if (cp == 0x2573)
		return 'X';
	if (cp >= 0x2574)
		return (cp - 0x2574) % 2 ? '|' : '-';
	return '+';
}

/* The ASCII character standing for cp (not ASCII itself). */
static char
ascii_of(uint32_t cp)
{
	size_t lo = 0, hi = ARRAY_SIZE(signs);

	if (cp >= 0xa0 && cp < 0xa0 + sizeof(latin) - 1)
		return latin[cp - 0xa0];
	if (cp >= 0x2000 && cp <= 0x200a) /* the typographic spaces */
		return ' ';
	if (cp >= 0x2500 && cp <= 0x257f)
		return box_of(cp);
	if (cp >= 0x2580 && cp <= 0x259f) /* blocks and shades */
		return '#';
	if (cp >= 0xff01 && cp <= 0xff5e) /* fullwidth forms */
		return (char)(cp - 0xfee0);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (signs[mid].cp == cp)
			return signs[mid].ch;
		if (signs[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return '?';
}

void
draw_ascii(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp), w;
		char ch;

		if (!n) { /* never after the sanitizer; one cell, as measured */
			strbuf_addch(out, '?');
			i++;
			continue;
		}
		if (cp < 0x80) {
			strbuf_addch(out, (int)cp);
			i++;
			continue;
		}
		/* the cells the layout counted for it, no more, no less */
		w = utf8_width(s + i, n);
		ch = ascii_of(cp);
		for (size_t k = 0; k < w; k++)
			strbuf_addch(out, k ? (ch == '?' ? '?' : ' ') : ch);
		i += n;
	}
}

void
draw_grid_init(struct draw_grid *g, int height, int width)
{
	g->height = height;
	g->width = width;
	g->is_ascii = false;
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
	struct strbuf ascii;
	size_t i = 0;

	if (y < 0 || y >= g->height)
		return;
	strbuf_init(&ascii);
	if (g->is_ascii) {
		draw_ascii(&ascii, s, len);
		s = ascii.buf;
		len = ascii.len;
	}
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
	strbuf_release(&ascii);
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
