/*
 * Fitting table columns into a width: the shrinking rule the CLI tables
 * and the console's lists share. Pure arithmetic, no text.
 */
#ifndef CENTINELA_BASE_COLFIT_H
#define CENTINELA_BASE_COLFIT_H

#include <stdbool.h>
#include <stddef.h>

/* One column: its width (changed in place) and how far it may shrink. */
struct colfit_col {
	size_t width;     /* current width in cells */
	size_t min_width; /* never narrower than this */
	bool is_flexible; /* shrinks in the first pass */
};

/*
 * Shrink cols[0..n) (separated by gap cells) one cell at a time until the
 * total fits in width: first the flexible columns (the widest first, down
 * to their minimum), then any column down to its minimum. Returns the total
 * width afterwards, which is still above width when the minimums do not
 * fit. A width of 0 means no limit.
 */
size_t colfit_shrink(struct colfit_col *cols, size_t n, size_t gap,
                     size_t width);

#endif
