/*
 * Text tables for the CLI that fit the terminal.
 *
 * Every cell is sanitized as it is added (outside text never reaches the
 * terminal raw). At print time columns get their natural width; when the
 * total exceeds the width available, the columns marked flexible shrink
 * (widest first, never below their minimum) and over-long cells end in an
 * ellipsis ("…", or "~" when the locale is not UTF-8).
 */
#ifndef CENTINELA_CLI_TABLE_H
#define CENTINELA_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "centinela/base/strvec.h"

struct table_col {
	const char *title; /* header text (static) */
	size_t min_width;  /* never narrower than this when shrinking */
	bool is_flexible;  /* may shrink to fit */
	bool is_right;     /* right-aligned (numbers) */
};

struct table {
	const struct table_col *cols; /* column specs (borrowed) */
	size_t n_cols;                /* number of columns */
	struct strvec cells;          /* sanitized cells, row-major */
	size_t n_rows;                /* rows added */
};

void table_init(struct table *t, const struct table_col *cols, size_t n_cols);
void table_release(struct table *t);

/* Add a row of n_cols cells (NULL cells print empty); copies and sanitizes. */
void table_add_row(struct table *t, const char *const *cells);

/*
 * Print header and rows to fp within width columns (0: no limit), using
 * ASCII glyphs when is_ascii. Returns 0 or ERR_IO on a write error.
 */
int table_print(const struct table *t, FILE *fp, size_t width, bool is_ascii);

/*
 * The width to fit: the terminal's when fp is one, else $COLUMNS when set,
 * else 0 (no limit, for pipes and files).
 */
size_t table_output_width(FILE *fp);

#endif
