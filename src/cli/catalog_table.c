/* CLI tables by catalog: see include/centinela/cli/catalog_table.h. */
#include "centinela/cli/catalog_table.h"

#include <stdbool.h>
#include <stdlib.h>

#include "centinela/app/columns.h"
#include "centinela/base/strvec.h"
#include "centinela/cli/format.h"
#include "centinela/cli/table.h"
#include "centinela/store/list.h"

int
catalog_table_print(int entity, const struct cli_column *cols, size_t n_cols,
                    const void *rows, size_t n, int64_t now, FILE *fp)
{
	const struct column_catalog *cat = columns_catalog_of(entity);
	size_t row_size = store_row_size((enum store_entity)entity);
	struct table_col tcols[COLUMNS_MAX];
	const struct column_def *defs[COLUMNS_MAX];
	struct strvec cells;
	struct table t;
	int rc;

	if (n_cols > COLUMNS_MAX)
		n_cols = COLUMNS_MAX;
	for (size_t c = 0; c < n_cols; c++) {
		/* every name is a column of its catalog (check_columns) */
		defs[c] = &cat->cols[columns_index(cat, cols[c].column)];
		tcols[c] = (struct table_col){
		    cols[c].header, (size_t)cols[c].min_width,
		    cols[c].is_flexible, cols[c].is_right};
	}
	table_init(&t, tcols, n_cols);
	strvec_init(&cells);
	for (size_t i = 0; i < n; i++) {
		const char *row = (const char *)rows + i * row_size;

		strvec_release(&cells);
		for (size_t c = 0; c < n_cols; c++)
			strvec_push_take(&cells, defs[c]->cell(row, now));
		table_add_row(&t, (const char *const *)cells.v);
	}
	strvec_release(&cells);
	rc = table_print(&t, fp, table_output_width(fp), !format_is_utf8());
	table_release(&t);
	return rc;
}
