/* Text tables that fit the terminal: see include/centinela/cli/table.h. */
#include "centinela/cli/table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "centinela/base/colfit.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"

#define TABLE_GAP         2  /* spaces between columns */
#define TABLE_MAX_NATURAL 60 /* no column wider than this unless it is alone */

void
table_init(struct table *t, const struct table_col *cols, size_t n_cols)
{
	t->cols = cols;
	t->n_cols = n_cols;
	strvec_init(&t->cells);
	t->n_rows = 0;
}

void
table_release(struct table *t)
{
	strvec_release(&t->cells);
	t->n_rows = 0;
}

void
table_add_row(struct table *t, const char *const *cells)
{
	for (size_t i = 0; i < t->n_cols; i++)
		strvec_push_take(&t->cells, sanitize_dup(cells[i], 0));
	t->n_rows++;
}

size_t
table_output_width(FILE *fp)
{
	struct winsize ws;
	const char *cols;

	if (isatty(fileno(fp)) && ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	cols = getenv("COLUMNS");
	if (cols && *cols) {
		char *end;
		long n = strtol(cols, &end, 10);

		if (!*end && n > 0 && n < 10000)
			return (size_t)n;
	}
	return 0;
}

/*
 * Shrink columns until the total fits (base/colfit.h): flexible ones first
 * (the widest first, down to their minimum), then the others down to
 * theirs. What is still too wide after that wraps.
 */
static void
fit_widths(const struct table *t, size_t *w, size_t width)
{
	struct colfit_col *cols =
	    xcalloc(t->n_cols ? t->n_cols : 1, sizeof(*cols));

	for (size_t c = 0; c < t->n_cols; c++) {
		cols[c].width = w[c];
		cols[c].min_width = t->cols[c].min_width;
		cols[c].is_flexible = t->cols[c].is_flexible;
	}
	colfit_shrink(cols, t->n_cols, TABLE_GAP, width);
	for (size_t c = 0; c < t->n_cols; c++)
		w[c] = cols[c].width;
	free(cols);
}

static void
put_cell(struct strbuf *line, const char *s, size_t w, bool is_right,
         bool is_last, bool is_ascii)
{
	size_t len = strlen(s), cw, n;

	n = utf8_fit(s, len, w, &cw);
	if (n < len) { /* leave room for the ellipsis */
		n = utf8_fit(s, len, w ? w - 1 : 0, &cw);
		if (is_right)
			for (; cw + 1 < w; cw++)
				strbuf_addch(line, ' ');
		strbuf_add(line, s, n);
		strbuf_adds(line, is_ascii ? "~" : "\xe2\x80\xa6");
		cw++;
	} else {
		if (is_right)
			for (; cw < w; cw++)
				strbuf_addch(line, ' ');
		strbuf_add(line, s, n);
	}
	if (!is_last)
		for (; cw < w; cw++)
			strbuf_addch(line, ' ');
}

int
table_print(const struct table *t, FILE *fp, size_t width, bool is_ascii)
{
	size_t *w = xcalloc(t->n_cols ? t->n_cols : 1, sizeof(*w));
	struct strbuf line;
	int rc = 0;

	for (size_t c = 0; c < t->n_cols; c++)
		w[c] = utf8_width(t->cols[c].title, strlen(t->cols[c].title));
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t c = 0; c < t->n_cols; c++) {
			const char *s = t->cells.v[r * t->n_cols + c];
			size_t cw = utf8_width(s, strlen(s));

			if (cw > TABLE_MAX_NATURAL && t->n_cols > 1)
				cw = TABLE_MAX_NATURAL;
			if (cw > w[c])
				w[c] = cw;
		}
	fit_widths(t, w, width);
	strbuf_init(&line);
	for (size_t r = 0; r <= t->n_rows; r++) {
		strbuf_reset(&line);
		for (size_t c = 0; c < t->n_cols; c++) {
			const char *s = r ? t->cells.v[(r - 1) * t->n_cols + c]
			                  : t->cols[c].title;

			if (c)
				strbuf_adds(&line, "  ");
			put_cell(&line, s, w[c], t->cols[c].is_right,
			         c + 1 == t->n_cols, is_ascii);
		}
		while (line.len && line.buf[line.len - 1] == ' ')
			strbuf_setlen(&line, line.len - 1);
		strbuf_addch(&line, '\n');
		if (fwrite(line.buf, 1, line.len, fp) != line.len) {
			rc = ERR_IO;
			break;
		}
	}
	strbuf_release(&line);
	free(w);
	return rc;
}
