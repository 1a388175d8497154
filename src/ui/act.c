/*
 * The console's actions (enum ui_action: move, open, back, switch tabs,
 * sort, ...), on the top detail when one is open, else on the tab's
 * list; and the sort a `sort FIELD` asks for.
 */
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/store/store.h"
#include "internal.h"

static int
main_height(const struct ui *ui)
{
	return ui->w_main ? getmaxy(ui->w_main) - 1 : 1;
}

/* The width the top detail is drawn at: beside the list from 160
 * columns, else over it. */
static int
detail_width(const struct ui *ui)
{
	WINDOW *w = ui->w_side ? ui->w_side : ui->w_main;

	return w ? getmaxx(w) : ui->cols;
}

static int
detail_act(struct ui *ui, struct detail *d, enum ui_action action,
           struct err *e)
{
	int h = main_height(ui);
	const struct detail_line *l;

	/* moves count rows of the page as it is drawn: wrapped */
	detail_layout(d, detail_width(ui));
	switch (action) {
	case UI_ACTION_DOWN:
		detail_move(d, 1, h);
		break;
	case UI_ACTION_UP:
		detail_move(d, -1, h);
		break;
	case UI_ACTION_PAGE_DOWN:
		detail_move(d, h, h);
		break;
	case UI_ACTION_PAGE_UP:
		detail_move(d, -h, h);
		break;
	case UI_ACTION_HALF_DOWN:
		detail_move(d, h / 2, h);
		break;
	case UI_ACTION_HALF_UP:
		detail_move(d, -h / 2, h);
		break;
	case UI_ACTION_TOP:
		detail_move(d, -(long)detail_rows(d), h);
		break;
	case UI_ACTION_BOTTOM:
		detail_move(d, (long)detail_rows(d), h);
		break;
	case UI_ACTION_OPEN:
		l = detail_sel_line(d);
		if (l && l->link_entity >= 0)
			return ui_detail_open(ui, l->link_entity, l->link_id,
			                      e);
		break;
	case UI_ACTION_BACK:
		if (ui->n_details == 1 && ui_tab(ui)->ops == &view_help_ops)
			return 1; /* the help tab's page: back as on a list */
		if (d->is_handover)
			ui_handover_dismiss(ui);
		ui_detail_pop(ui);
		break;
	default:
		return 1; /* not a detail action */
	}
	ui->dirty |= UI_DIRTY_MAIN;
	return 0;
}

static int
sort_step(struct ui *ui, struct tab *tab, bool is_reverse, struct err *e)
{
	const char *const *fields;
	size_t i = 0;

	if (tab->ops->entity < 0)
		return 0;
	if (is_reverse) {
		tab->is_ascending = !tab->is_ascending;
	} else {
		fields = store_sort_fields(tab->ops->entity);
		if (tab->sort)
			while (fields[i] && strcmp(fields[i], tab->sort) != 0)
				i++;
		i = fields[i] && fields[i + 1] ? i + 1 : 0;
		tab->sort = fields[i];
		tab->is_ascending =
		    store_sort_is_ascending(tab->ops->entity, tab->sort);
	}
	return ui_tab_load(ui, tab, false, e);
}

int
ui_act(struct ui *ui, enum ui_action action, long arg, struct err *e)
{
	struct tab *tab = ui_tab(ui);
	struct ui_table *t = &tab->table;
	int rc = 0;

	if (ui->n_details) {
		rc = detail_act(ui, ui->details[ui->n_details - 1], action, e);
		if (rc <= 0)
			return rc;
		rc = 0;
	}
	/* a view that draws itself has no rows to move over or open */
	if (tab->ops->draw && action >= UI_ACTION_DOWN &&
	    action <= UI_ACTION_OPEN)
		return 0;
	switch (action) {
	case UI_ACTION_DOWN:
		rc = ui_table_move(t, 1, e);
		break;
	case UI_ACTION_UP:
		rc = ui_table_move(t, -1, e);
		break;
	case UI_ACTION_PAGE_DOWN:
		rc = ui_table_page(t, 1, e);
		break;
	case UI_ACTION_PAGE_UP:
		rc = ui_table_page(t, -1, e);
		break;
	case UI_ACTION_HALF_DOWN:
		rc = ui_table_half(t, 1, e);
		break;
	case UI_ACTION_HALF_UP:
		rc = ui_table_half(t, -1, e);
		break;
	case UI_ACTION_TOP:
		rc = ui_table_top(t, e);
		break;
	case UI_ACTION_BOTTOM:
		rc = ui_table_bottom(t, e);
		break;
	case UI_ACTION_OPEN:
		if (!ui_view_is_list(tab->ops))
			rc = ui_detail_open(ui, -1, 0, e);
		else if (ui_table_selected(t))
			rc = ui_detail_open_ops(
			    ui,
			    tab->ops->entity >= 0
			        ? view_for_entity(tab->ops->entity)
			        : tab->ops,
			    ui_table_selected(t)->id, e);
		break;
	case UI_ACTION_BACK:
		if (*tab->filter_text)
			rc = ui_tab_set_filter(ui, tab, "", e);
		else
			ui->is_quit = true;
		break;
	case UI_ACTION_QUIT:
		ui->is_quit = true;
		break;
	case UI_ACTION_NEXT_VIEW:
		rc = ui_tab_select(ui, (ui->cur + 1) % ui->n_tabs, e);
		break;
	case UI_ACTION_PREV_VIEW:
		rc = ui_tab_select(ui, (ui->cur + ui->n_tabs - 1) % ui->n_tabs,
		                   e);
		break;
	case UI_ACTION_SELECT_VIEW:
		rc = ui_tab_select(ui, arg > 0 ? (size_t)arg - 1 : 0, e);
		break;
	case UI_ACTION_FILTER:
		if (tab->ops->entity >= 0)
			ui_prompt_open(ui, UI_PROMPT_FILTER);
		break;
	case UI_ACTION_PROMPT:
		ui_prompt_open(ui, UI_PROMPT_COMMAND);
		break;
	case UI_ACTION_HELP:
		if (ui->n_details && ui->details[ui->n_details - 1]->is_help) {
			if (ui->n_details > 1 || tab->ops != &view_help_ops)
				ui_detail_pop(ui);
		} else {
			rc = ui_detail_open(ui, -1, 0, e);
		}
		break;
	case UI_ACTION_REFRESH:
		rc = ui_tab_load(ui, tab, true, e);
		break;
	case UI_ACTION_REDRAW:
		clearok(curscr, TRUE);
		ui->dirty = UI_DIRTY_ALL;
		break;
	case UI_ACTION_SORT_NEXT:
		rc = sort_step(ui, tab, false, e);
		break;
	case UI_ACTION_SORT_REVERSE:
		rc = sort_step(ui, tab, true, e);
		break;
	default:
		break;
	}
	ui->dirty |= UI_DIRTY_MAIN | UI_DIRTY_STATUS;
	return rc;
}

int
ui_sort_by(struct ui *ui, const char *field, bool is_desc, struct err *e)
{
	struct tab *tab = ui_tab(ui);
	const char *const *fields;

	if (tab->ops->entity < 0)
		return err_set(e, ERR_INVALID, "the %s view has no sort",
		               tab->ops->name);
	fields = store_sort_fields(tab->ops->entity);
	for (size_t i = 0; fields[i]; i++) {
		if (strcmp(fields[i], field) == 0) {
			tab->sort = fields[i];
			tab->is_ascending = !is_desc;
			return ui_tab_load(ui, tab, false, e);
		}
	}
	return err_set(e, ERR_INVALID, "cannot sort %s by '%s'", tab->name,
	               field);
}
