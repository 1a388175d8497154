/*
 * Marks of the list on screen: `mark` toggles the selected row's or marks
 * every row a filter selects (at most UI_TABLE_MARKS_MAX), `unmark` and
 * a successful action on the marked rows drop them.
 */
#include <stdlib.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/model/filter.h"
#include "centinela/store/store.h"
#include "internal.h"

/* The current tab when it is a list of a store entity, else NULL. */
static struct tab *
markable_tab(struct ui *ui, struct err *e)
{
	struct tab *tab = ui_tab(ui);

	if (!tab || tab->ops->entity < 0 || !ui_view_is_list(tab->ops)) {
		err_set(e, ERR_INVALID,
		        "marks are for the lists (incidents, "
		        "alerts, assets, organizations)");
		return NULL;
	}
	return tab;
}

/* Mark every row of tab matching its filter and text; ERR_LIMIT past
 * the cap. */
static int
mark_matching(struct ui *ui, struct tab *tab, const char *text, struct err *e)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	struct store_key *keys = NULL;
	struct strbuf sb;
	void *raw = NULL;
	size_t got = 0;
	int rc;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s %s", tab->filter_text, text);
	rc = filter_parse(sb.buf, &f, e);
	strbuf_release(&sb);
	if (rc)
		return rc;
	store_list_opts_init(&o);
	o.filter = f;
	o.me = ui->app->analyst;
	o.sort = tab->sort;
	o.is_ascending = tab->is_ascending;
	o.limit = UI_TABLE_MARKS_MAX + 1;
	rc = store_page_keyed(ui->app->store, tab->ops->entity, &o, &raw, &keys,
	                      &got, NULL, e);
	filter_free(f);
	if (rc)
		return rc;
	for (size_t i = 0; i < got; i++) {
		void *row = (char *)raw + i * store_row_size(tab->ops->entity);

		if (!rc &&
		    !ui_table_set_mark(&tab->table, view_row_id(row), true))
			rc =
			    err_set(e, ERR_LIMIT,
			            "marked the first %d rows only (at most %d "
			            "marks); narrow the filter",
			            UI_TABLE_MARKS_MAX, UI_TABLE_MARKS_MAX);
		store_row_release(tab->ops->entity, row);
		store_key_release(&keys[i]);
	}
	free(raw);
	free(keys);
	return rc;
}

int
ui_mark(struct ui *ui, const char *filter, struct strbuf *out, struct err *e)
{
	struct tab *tab = markable_tab(ui, e);
	const struct ui_table_row *r;
	size_t n;
	int rc = 0;

	if (!tab)
		return ERR_INVALID;
	if (filter) {
		rc = mark_matching(ui, tab, filter, e);
	} else if ((r = ui_table_selected(&tab->table))) {
		if (!ui_table_set_mark(&tab->table, r->id,
		                       !ui_table_is_marked(&tab->table, r->id)))
			rc = err_set(e, ERR_LIMIT, "at most %d marks",
			             UI_TABLE_MARKS_MAX);
	}
	n = tab->table.n_marks;
	ui->dirty |= UI_DIRTY_MAIN | UI_DIRTY_STATUS;
	if (!rc || rc == ERR_LIMIT)
		strbuf_addf(out, "%zu marked%s\n", n,
		            n ? "; actions apply to the marked rows" : "");
	return rc;
}

size_t
ui_unmark(struct ui *ui)
{
	struct tab *tab = ui_tab(ui);
	size_t n;

	if (!tab || !ui_view_is_list(tab->ops))
		return 0;
	n = ui_table_clear_marks(&tab->table);
	ui->dirty |= UI_DIRTY_MAIN | UI_DIRTY_STATUS;
	return n;
}
