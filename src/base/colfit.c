#include "centinela/base/colfit.h"

size_t
colfit_shrink(struct colfit_col *cols, size_t n, size_t gap, size_t width)
{
	size_t total = 0;

	for (size_t c = 0; c < n; c++)
		total += cols[c].width + (c ? gap : 0);
	for (int pass = 0; pass < 2; pass++) {
		while (width && total > width) {
			size_t best = n;

			for (size_t c = 0; c < n; c++)
				if ((pass || cols[c].is_flexible) &&
				    cols[c].width > cols[c].min_width &&
				    (best == n ||
				     cols[c].width > cols[best].width))
					best = c;
			if (best == n)
				break;
			cols[best].width--;
			total--;
		}
	}
	return total;
}
