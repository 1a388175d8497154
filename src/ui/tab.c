/*
 * The console's tabs: one per view (the lists, the dashboard, help) and
 * per saved view, each with its table of rows, columns, filter and sort.
 * A tab's rows come from the store a page at a time (tab_fetch), in the
 * columns its `VIEW.columns` setting chooses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/filter.h"
#include "centinela/store/store.h"
#include "internal.h"

struct tab *
ui_tab(struct ui *ui)
{
	return ui->n_tabs ? &ui->tabs[ui->cur] : NULL;
}

static int
tab_fetch(void *ctx, const struct store_key *after, bool is_reverse, int limit,
          struct ui_table_row **rows, size_t *n, struct err *e)
{
	struct tab *tab = ctx;
	const struct view_ops *ops = tab->ops;
	struct store_list_opts o;
	struct store_key *keys = NULL;
	void *raw = NULL;
	size_t got = 0;
	int64_t now = time_now();
	int rc;

	if (ops->fetch)
		return ops->fetch(tab->ui->app->store, after, is_reverse, limit,
		                  rows, n, e);
	store_list_opts_init(&o);
	o.filter = tab->filter;
	o.me = tab->ui->app->analyst;
	o.now = now;
	o.sort = tab->sort;
	o.is_ascending = tab->is_ascending != is_reverse;
	o.after = after;
	o.limit = limit;
	rc = store_page_keyed(tab->ui->app->store, ops->entity, &o, &raw, &keys,
	                      &got, NULL, e);
	if (rc)
		return rc;
	*rows = xcalloc(got ? got : 1, sizeof(**rows));
	for (size_t i = 0; i < got; i++) {
		void *row = (char *)raw + i * store_row_size(ops->entity);
		struct ui_table_row *r = &(*rows)[i];

		/* Only the columns the tab shows are formatted. */
		ui_table_row_init(r, tab->n_cols);
		view_catalog_cells(ops->entity, tab->col_idx, tab->n_cols, row,
		                   now, r);
		r->id = view_row_id(row);
		r->key = keys[i];
		store_row_release(ops->entity, row);
	}
	*n = got;
	free(raw);
	free(keys);
	return 0;
}

static bool tab_columns(struct tab *tab);

static void
tab_init(struct ui *ui, struct tab *tab, const struct view_ops *ops,
         const char *name)
{
	struct ui_table_source src = {tab, tab_fetch};

	memset(tab, 0, sizeof(*tab));
	tab->ui = ui;
	tab->ops = ops;
	tab->name = xstrdup(name);
	tab->filter_text = xstrdup("");
	ui_tab_count_later(tab);
	if (ops->entity >= 0)
		tab->is_ascending = store_sort_is_ascending(ops->entity, NULL);
	tab_columns(tab);
	ui_table_init(&tab->table, tab->cols, tab->n_cols, &src);
	tab->table.ellipsis = ui->glyphs.ellipsis;
	tab->table.mark = ui->glyphs.mark;
}

/* The `set VIEW.columns` value for the entity of a list, or NULL. */
static const char *
columns_setting(const struct app *app, int entity)
{
	return entity >= 0 && entity < STORE_ENTITY_COUNT ? app->columns[entity]
	                                                  : NULL;
}

/*
 * Choose the tab's columns from its setting (the defaults when it does not
 * parse, which `set` never lets happen). Returns false when they are what
 * the tab shows already.
 */
static bool
tab_columns(struct tab *tab)
{
	const struct column_catalog *cat = columns_catalog(tab->ops->name);
	const char *spec = columns_setting(tab->ui->app, tab->ops->entity);
	int idx[COLUMNS_MAX];
	size_t n;

	if (tab->ops->columns && !tab->cols) {
		/* a view with fixed columns, all shown */
		tab->cols = xcalloc(tab->ops->n_columns, sizeof(*tab->cols));
		tab->col_idx =
		    xcalloc(tab->ops->n_columns, sizeof(*tab->col_idx));
		for (size_t k = 0; k < tab->ops->n_columns; k++) {
			tab->cols[k] = tab->ops->columns[k];
			tab->col_idx[k] = (int)k;
		}
		tab->n_cols = tab->ops->n_columns;
		return true;
	}
	if (!cat ||
	    (tab->columns_spec && spec && strcmp(tab->columns_spec, spec) == 0))
		return false;
	if (columns_parse(cat->view, spec, idx, &n, NULL))
		columns_parse(cat->view, NULL, idx, &n, NULL);
	free(tab->cols);
	free(tab->col_idx);
	tab->cols = xcalloc(n, sizeof(*tab->cols));
	tab->col_idx = xcalloc(n, sizeof(*tab->col_idx));
	for (size_t k = 0; k < n; k++) {
		const struct column_def *c = &cat->cols[idx[k]];

		tab->cols[k].title = c->title;
		tab->cols[k].width = c->width;
		tab->cols[k].min_width = c->min_width;
		tab->col_idx[k] = idx[k];
	}
	tab->n_cols = n;
	free(tab->columns_spec);
	tab->columns_spec = xstrdup_or_null(spec);
	return true;
}

bool
ui_sync_columns(struct ui *ui)
{
	bool is_changed = false;

	for (size_t i = 0; i < ui->n_tabs; i++) {
		struct tab *tab = &ui->tabs[i];
		int height = tab->table.height;

		if (!tab_columns(tab))
			continue;
		/* The rows hold one cell per old column: start over. */
		ui_table_release(&tab->table);
		ui_table_init(&tab->table, tab->cols, tab->n_cols,
		              &(struct ui_table_source){tab, tab_fetch});
		tab->table.ellipsis = ui->glyphs.ellipsis;
		tab->table.mark = ui->glyphs.mark;
		ui_table_set_height(&tab->table, height);
		tab->is_loaded = false;
		is_changed = true;
	}
	if (is_changed) {
		struct err e;

		err_clear(&e);
		if (ui_tab(ui) && ui_tab_load(ui, ui_tab(ui), false, &e))
			ui_message(ui, true, "%s", e.msg);
		ui->dirty = UI_DIRTY_ALL;
	}
	return is_changed;
}

void
ui_tab_release(struct tab *tab)
{
	if (tab->state && tab->ops->state_free)
		tab->ops->state_free(tab->state);
	tab->state = NULL;
	ui_table_release(&tab->table);
	free(tab->cols);
	free(tab->col_idx);
	free(tab->columns_spec);
	filter_free(tab->filter);
	free(tab->filter_text);
	free(tab->name);
}

/* The tabs array may move when a named view is added: fix back pointers. */
static void
fix_sources(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_tabs; i++)
		ui->tabs[i].table.src.ctx = &ui->tabs[i];
}

struct tab *
ui_tab_add(struct ui *ui, const struct view_ops *ops, const char *name)
{
	ui->tabs = xreallocarray(ui->tabs, ui->n_tabs + 1, sizeof(*ui->tabs));
	tab_init(ui, &ui->tabs[ui->n_tabs], ops, name);
	ui->n_tabs++;
	fix_sources(ui);
	if (ui->w_main) {
		int h = getmaxy(ui->w_main);

		ui_table_set_height(&ui->tabs[ui->n_tabs - 1].table, h - 1);
	}
	return &ui->tabs[ui->n_tabs - 1];
}

/* The tab called name, or NULL. */
struct tab *
ui_tab_find(struct ui *ui, const char *name)
{
	for (size_t i = 0; i < ui->n_tabs; i++)
		if (strcmp(ui->tabs[i].name, name) == 0)
			return &ui->tabs[i];
	return NULL;
}

/* Forget the count: it is taken again on an idle turn. */
void
ui_tab_count_later(struct tab *tab)
{
	tab->count = -1;
	tab->is_count_capped = false;
	tab->count_due =
	    ui_view_is_list(tab->ops) ? UI_COUNT_CAPPED : UI_COUNT_NONE;
}

/* Count again on an idle turn, showing the old count meanwhile. */
void
ui_tab_recount(struct tab *tab)
{
	if (ui_view_is_list(tab->ops))
		tab->count_due = UI_COUNT_CAPPED;
}

int
ui_tab_load(struct ui *ui, struct tab *tab, bool is_reload, struct err *e)
{
	bool is_changed = true;
	int rc;

	if (tab->ops->load) {
		tab->is_stale = false;
		rc = tab->ops->load(ui, &tab->state, &is_changed, e);
		tab->is_loaded = tab->state != NULL;
		if (!is_reload)
			ui->dirty = UI_DIRTY_ALL;
		else if (is_changed)
			ui->dirty |= UI_DIRTY_MAIN;
		return rc;
	}
	if (!ui_view_is_list(tab->ops))
		return 0;
	tab->is_stale = false;
	rc = is_reload && tab->is_loaded ? ui_table_reload(&tab->table, e)
	                                 : ui_table_reset(&tab->table, e);
	ui_tab_count_later(tab);
	tab->is_loaded = !rc;
	ui->dirty = UI_DIRTY_ALL;
	return rc;
}

int
ui_tab_set_filter(struct ui *ui, struct tab *tab, const char *text,
                  struct err *e)
{
	struct filter *f = NULL;
	int rc;

	if (tab->ops->entity < 0)
		return 0;
	if (text && *text) {
		rc = filter_parse(text, &f, e);
		if (rc)
			return rc;
	}
	filter_free(tab->filter);
	tab->filter = f;
	free(tab->filter_text);
	tab->filter_text = xstrdup(text ? text : "");
	rc = ui_tab_load(ui, tab, false, e);
	if (rc) {
		/* an unknown field: back to no filter, keep the message */
		filter_free(tab->filter);
		tab->filter = NULL;
		free(tab->filter_text);
		tab->filter_text = xstrdup("");
		struct err e2;

		err_clear(&e2);
		ui_tab_load(ui, tab, false, &e2);
	}
	return rc;
}

void
ui_tab_leave(struct ui *ui, struct tab *tab)
{
	struct err e;

	if (tab->ops->entity != STORE_EXPOSURES || !tab->is_loaded)
		return;
	err_clear(&e);
	if (store_list_look(ui->app->store, STORE_EXPOSURES, time_now(), &e))
		ui_message(ui, true, "%s", e.msg);
}

int
ui_tab_select(struct ui *ui, size_t i, struct err *e)
{
	if (i >= ui->n_tabs)
		return err_set(e, ERR_INVALID, "no view %zu (there are %zu)",
		               i + 1, ui->n_tabs);
	if (ui->cur < ui->n_tabs && ui->cur != i)
		ui_tab_leave(ui, &ui->tabs[ui->cur]);
	while (ui->n_details)
		ui_detail_pop(ui);
	ui->cur = i;
	ui->dirty = UI_DIRTY_ALL;
	if (ui->tabs[i].ops == &view_help_ops) /* it shows its page */
		return ui_detail_open(ui, -1, 0, e);
	if (!ui->tabs[i].is_loaded)
		return ui_tab_load(ui, &ui->tabs[i], false, e);
	/* rows came while it was hidden; the dashboard reads on idle turns */
	if (ui->tabs[i].is_stale && !ui->tabs[i].ops->load)
		return ui_tab_load(ui, &ui->tabs[i], true, e);
	return 0;
}

/* A tab for the saved view v, or the one it has already, refiltered. */
int
ui_tab_show_saved(struct ui *ui, const struct app_view *v, struct tab **out,
                  struct err *e)
{
	const struct view_ops *ops = view_for_entity(v->entity);
	struct tab *tab = ui_tab_find(ui, v->name);
	struct store_list_opts o;
	struct filter *f = NULL;
	int rc;

	if (!ops)
		return err_set(e, ERR_INVALID, "view '%s' lists nothing",
		               v->name);
	if (tab && tab->ops != ops) {
		/* saved again for another list: a fresh table */
		size_t i = (size_t)(tab - ui->tabs);
		int h = ui->w_main ? getmaxy(ui->w_main) : 0;

		ui_tab_release(tab);
		tab_init(ui, tab, ops, v->name);
		fix_sources(ui);
		if (h)
			ui_table_set_height(&tab->table, h - 1);
		tab = &ui->tabs[i];
	}
	if (!tab)
		tab = ui_tab_add(ui, ops, v->name);
	*out = tab;
	/* counted now for the tab label, loaded when selected */
	rc = filter_parse(v->filter, &f, e);
	if (rc)
		return rc;
	filter_free(tab->filter);
	tab->filter = f;
	free(tab->filter_text);
	tab->filter_text = xstrdup(v->filter);
	tab->is_loaded = false;
	ui->dirty |= UI_DIRTY_TABS;
	store_list_opts_init(&o);
	o.filter = tab->filter;
	o.me = ui->app->analyst;
	rc = store_list_check(ui->app->store, tab->ops->entity, &o, e);
	if (rc) {
		/* a field its list lacks: show the list unfiltered */
		filter_free(tab->filter);
		tab->filter = NULL;
		free(tab->filter_text);
		tab->filter_text = xstrdup("");
	}
	ui_tab_count_later(tab);
	return rc;
}

int
ui_view_show(struct ui *ui, const char *name, struct err *e)
{
	const struct app_view *v = app_view_find(ui->app, name);
	struct tab *tab = NULL;
	int rc;

	if (!v)
		return ui_show_view(ui, name, e);
	rc = ui_tab_show_saved(ui, v, &tab, e);
	if (!rc)
		rc = ui_tab_select(ui, (size_t)(tab - ui->tabs), e);
	return rc;
}

/* Add the tab of an on-demand view unless it is there. */
static void
tab_ensure(struct ui *ui, const struct view_ops *ops)
{
	struct tab *tab;

	if (ui_tab_find(ui, ops->name))
		return;
	tab = ui_tab_add(ui, ops, ops->name);
	ui_tab_count_later(tab);
	ui->dirty |= UI_DIRTY_TABS;
}

void
ui_conflicts_tab_ensure(struct ui *ui)
{
	tab_ensure(ui, &view_conflicts_ops);
}

void
ui_outbox_tab_ensure(struct ui *ui)
{
	tab_ensure(ui, &view_outbox_ops);
}

void
ui_tabs_with_rows(struct ui *ui)
{
	for (size_t i = 0; i < view_count(); i++)
		if (view_tab(view_at(i)) == COLUMN_TAB_WITH_ROWS &&
		    view_has_rows(ui->app->store, view_at(i)))
			tab_ensure(ui, view_at(i));
}

int
ui_show_view(struct ui *ui, const char *name, struct err *e)
{
	struct tab *tab = ui_tab_find(ui, name);
	struct strbuf known;
	int rc;

	for (size_t i = 0; !tab && i < view_count(); i++)
		if (strcmp(view_at(i)->name, name) == 0)
			tab = ui_tab_add(ui, view_at(i), name);
	if (tab) {
		ui->dirty |= UI_DIRTY_TABS;
		return ui_tab_select(ui, (size_t)(tab - ui->tabs), e);
	}
	strbuf_init(&known);
	for (size_t i = 0; i < view_count(); i++)
		strbuf_addf(&known, "%s%s", i ? ", " : "", view_at(i)->name);
	for (size_t i = 0; i < ui->app->n_views; i++)
		strbuf_addf(&known, ", %s", ui->app->views[i].name);
	rc = err_set(e, ERR_NOTFOUND, "no view '%s' (known: %s)", name,
	             known.buf);
	strbuf_release(&known);
	return rc;
}

void
ui_tabs_changed(struct ui *ui, const struct view_ops *ops, int entity)
{
	for (size_t i = 0; i < ui->n_tabs; i++) {
		struct tab *tab = &ui->tabs[i];
		struct err e;

		/* the dashboard counts every entity: read again when due */
		if (tab->ops->load) {
			if (!ops && tab->is_loaded)
				tab->is_stale = true;
			continue;
		}

		if (ops ? tab->ops != ops
		        : tab->ops->entity < 0 || tab->ops->entity != entity)
			continue;
		ui_tab_recount(tab);
		if (!tab->is_loaded)
			continue;
		if (i != ui->cur) {
			tab->is_stale = true;
			continue;
		}
		/* on screen: the selection stays on its row */
		err_clear(&e);
		if (ui_table_reload(&tab->table, &e))
			ui_message(ui, true, "%s", e.msg);
		ui->dirty |= UI_DIRTY_MAIN;
	}
}
