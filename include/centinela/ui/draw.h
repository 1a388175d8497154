/*
 * The drawing backend the widgets write through: text at (y, x) with a
 * theme element, clearing a line, the size. The console implements it on a
 * curses window; tests use the in-memory grid below, so widgets are tested
 * without a terminal.
 */
#ifndef CENTINELA_UI_DRAW_H
#define CENTINELA_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

struct draw_ops {
	void *ctx; /* the backend's state, passed back */
	/* Write s[0..len) (sanitized UTF-8) at y, x in element's style;
	 * what passes the right edge is cut. */
	void (*put)(void *ctx, int y, int x, const char *s, size_t len,
	            const char *element);
	/* Blank line y in element's style. */
	void (*clear_line)(void *ctx, int y, const char *element);
	/* Height and width in cells. */
	void (*size)(void *ctx, int *height, int *width);
	/* Move lines top..bottom (inclusive) up by n (down when n < 0);
	 * lines coming in are blank. NULL: the backend cannot scroll. */
	void (*scroll)(void *ctx, int top, int bottom, int n);
};

/* One cell of the grid: a code point's bytes and its element. */
struct draw_cell {
	char ch[5];          /* UTF-8 of the code point, NUL-terminated */
	const char *element; /* style element (borrowed, static) */
};

/* An in-memory screen for tests. */
struct draw_grid {
	int height;             /* rows */
	int width;              /* columns */
	bool is_ascii;          /* text goes through draw_ascii, as on a
	                           terminal without UTF-8 */
	struct draw_cell *cell; /* height * width cells (owned) */
	char *line;             /* scratch for draw_grid_line (owned) */
	int n_cleared;          /* clear_line calls so far */
	int n_scrolled;         /* lines scrolled so far (up positive) */
};

/*
 * The text s[0..len) (sanitized UTF-8) for a terminal that cannot show
 * UTF-8 (a non-UTF-8 locale, LANG=C on a jump host), appended to out:
 * pure ASCII in exactly the cells utf8_width() gives s, so that what the
 * widgets laid out keeps every column. Each code point becomes one ASCII
 * character per cell it takes: Latin-1 and Latin Extended-A letters their
 * base letter (o for U+00F3, n for U+00F1, s for U+00DF), dashes and minus
 * '-', curly and angle quotes '\'' and '"', the ellipsis '.', bullets
 * '*', arrows and comparisons '<' '>' '^' 'v', box drawing '-' '|' '+',
 * blocks and shades '#', fullwidth forms their ASCII, spaces ' ', and
 * anything else '?'. The console's draw path does this, once, for every
 * string it draws when the locale is not UTF-8.
 */
void draw_ascii(struct strbuf *out, const char *s, size_t len);

/* A blank h x w grid; release frees it. */
void draw_grid_init(struct draw_grid *g, int height, int width);
void draw_grid_release(struct draw_grid *g);

/* Fill *ops to draw into g (borrowed for the life of ops). */
void draw_grid_ops(struct draw_grid *g, struct draw_ops *ops);

/* Row y as text with trailing blanks cut; valid until the next call. */
const char *draw_grid_line(struct draw_grid *g, int y);

/* The element of the cell at y, x (NULL when never drawn). */
const char *draw_grid_element(const struct draw_grid *g, int y, int x);

#endif
