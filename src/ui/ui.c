/*
 * The console: tabs (one per view, plus named views), the actions keys and
 * commands perform, the hooks registered in app->ui, and ui_run.
 */
#include "centinela/ui/ui.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/app/command.h"
#include "centinela/app/handover.h"
#include "centinela/app/theme.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/filter.h"
#include "centinela/store/audit.h"
#include "centinela/store/store.h"
#include "internal.h"

/* SQLite page cache of the console, KiB. */
#define UI_CACHE_KIB 8192

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
	const struct column_catalog *cat = columns_catalog(ops->name);
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
		void *row = (char *)raw + i * ops->row_size;
		struct ui_table_row *r = &(*rows)[i];
		struct ui_table_row full;

		/* Every catalog column is filled; the tab shows its choice. */
		ui_table_row_init(&full, cat->n_cols);
		ops->cells(row, now, &full);
		ui_table_row_init(r, tab->n_cols);
		r->id = ops->row_id(row);
		r->key = keys[i];
		for (size_t k = 0; k < tab->n_cols; k++) {
			r->cells[k] = full.cells[tab->col_idx[k]];
			r->elements[k] = full.elements[tab->col_idx[k]];
			full.cells[tab->col_idx[k]] = NULL;
		}
		ui_table_row_release(&full, cat->n_cols);
		ops->row_release(row);
	}
	*n = got;
	free(raw);
	free(keys);
	return 0;
}

static bool tab_columns(struct tab *tab);
static void tab_count_later(struct tab *tab);

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
	tab_count_later(tab);
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

static void
tab_release(struct tab *tab)
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

static struct tab *
add_tab(struct ui *ui, const struct view_ops *ops, const char *name)
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
static struct tab *
find_tab(struct ui *ui, const char *name)
{
	for (size_t i = 0; i < ui->n_tabs; i++)
		if (strcmp(ui->tabs[i].name, name) == 0)
			return &ui->tabs[i];
	return NULL;
}

/* Forget the count: it is taken again on an idle turn. */
static void
tab_count_later(struct tab *tab)
{
	tab->count = -1;
	tab->is_count_capped = false;
	tab->count_due =
	    ui_view_is_list(tab->ops) ? UI_COUNT_CAPPED : UI_COUNT_NONE;
}

/* Count again on an idle turn, showing the old count meanwhile. */
static void
tab_recount(struct tab *tab)
{
	if (ui_view_is_list(tab->ops))
		tab->count_due = UI_COUNT_CAPPED;
}

const char *
ui_tab_count_text(const struct tab *tab, char *buf, size_t size)
{
	if (!size)
		return buf;
	buf[0] = '\0';
	if (tab->count >= 0)
		snprintf(buf, size, "%lld%s", (long long)tab->count,
		         tab->is_count_capped ? "+" : "");
	return buf;
}

bool
ui_counts_pending(const struct ui *ui)
{
	for (size_t i = 0; i < ui->n_tabs; i++)
		if (ui->tabs[i].count_due != UI_COUNT_NONE)
			return true;
	return false;
}

/* The list on screen, when no detail covers it; else NULL. */
static struct ui_table *
visible_table(struct ui *ui)
{
	struct tab *tab;

	if (!ui->tabs || ui->cur >= ui->n_tabs || ui->n_details)
		return NULL;
	tab = &ui->tabs[ui->cur];
	return tab->ops->entity >= 0 && tab->is_loaded ? &tab->table : NULL;
}

/* Whether the audit tab is on screen with its chain not walked yet. */
static bool
is_audit_due(const struct ui *ui)
{
	return ui->tabs && ui->cur < ui->n_tabs &&
	       ui->tabs[ui->cur].ops == &view_audit_ops && !ui->n_details &&
	       ui->audit_state == UI_AUDIT_UNKNOWN && ui->app->store;
}

bool
ui_idle_pending(struct ui *ui)
{
	struct ui_table *t = visible_table(ui);

	return (t && ui_table_wants_prefetch(t)) || ui_counts_pending(ui) ||
	       is_audit_due(ui) || (!ui->is_audit_checked && ui->app->store);
}

void
ui_idle_work(struct ui *ui)
{
	struct ui_table *t = visible_table(ui);
	struct err e;

	err_clear(&e);
	/* A failed prefetch is not shown: the key that needs it will say. */
	if (t && ui_table_wants_prefetch(t) && ui_table_prefetch(t, &e) != 0)
		return;
	/* after the rows are on screen, the chain (about 1 s a million) */
	if (is_audit_due(ui)) {
		ui_audit_verify(ui, false);
		return;
	}
	if (!ui->is_audit_checked && ui->app->store) {
		ui_audit_check(ui);
		return;
	}
	ui_count_idle(ui);
}

void
ui_audit_check(struct ui *ui)
{
	struct audit_verify r;
	struct err e;
	int rc;

	ui->is_audit_checked = true;
	if (!ui->app->store)
		return;
	err_clear(&e);
	rc = store_audit_check(ui->app->store, &r, &e);
	if (rc == ERR_CORRUPT) {
		ui->audit_state = UI_AUDIT_BROKEN;
		ui->audit_bad_id = r.first_bad_id;
		free(ui->audit_msg);
		ui->audit_msg = ui_clean(e.msg);
	} else if (rc == 0 && ui->audit_state == UI_AUDIT_BROKEN) {
		/* sealed (or set right): the audit tab walks it again */
		ui->audit_state = UI_AUDIT_UNKNOWN;
		ui->audit_bad_id = 0;
	}
	ui->dirty |= UI_DIRTY_STATUS;
}

void
ui_audit_verify(struct ui *ui, bool is_told)
{
	struct audit_verify r;
	struct err e;
	int rc;

	err_clear(&e);
	free(ui->audit_msg);
	ui->audit_msg = NULL;
	rc = store_audit_verify(ui->app->store, &r, &e);
	ui->audit_entries = r.entries;
	ui->audit_bad_id = r.first_bad_id;
	ui->audit_seals = r.seals;
	if (rc == 0)
		ui->audit_state = UI_AUDIT_INTACT;
	else
		ui->audit_state =
		    rc == ERR_CORRUPT ? UI_AUDIT_BROKEN : UI_AUDIT_FAILED;
	if (rc) {
		ui->audit_msg = ui_clean(e.msg);
		ui_message(ui, true, "audit chain %s: %s",
		           rc == ERR_CORRUPT ? "broken" : "not verified",
		           e.msg);
	} else if (is_told) {
		ui_message(ui, false, "audit chain intact: %lld entries",
		           (long long)r.entries);
	}
	ui->dirty |= UI_DIRTY_STATUS;
}

bool
ui_input_waiting(void *ctx)
{
	const struct ui *ui = ctx;
	struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0},
	                        {ui->sig_pipe[0], POLLIN, 0}};

	return poll(fds, 2, 0) > 0;
}

void
ui_count_idle(struct ui *ui)
{
	struct store_list_opts o;
	struct tab *tab;
	struct err e;
	size_t i = ui->cur;
	int64_t n = 0, old;
	bool was_capped;
	int rc;

	if (!ui->tabs || i >= ui->n_tabs)
		return;
	/* the tab on screen first, then the others in order */
	if (ui->tabs[i].count_due == UI_COUNT_NONE)
		for (i = 0; i < ui->n_tabs; i++)
			if (ui->tabs[i].count_due != UI_COUNT_NONE)
				break;
	if (i >= ui->n_tabs)
		return;
	tab = &ui->tabs[i];
	store_list_opts_init(&o);
	o.filter = tab->filter;
	o.me = ui->app->analyst;
	o.is_cancelled = ui_input_waiting;
	o.cancel_ctx = ui;
	err_clear(&e);
	if (tab->ops->count)
		rc = tab->ops->count(ui->app->store, &n, &e);
	else if (tab->count_due == UI_COUNT_CAPPED)
		rc = store_count_upto(ui->app->store, tab->ops->entity, &o,
		                      UI_COUNT_CAP, &n, &e);
	else
		rc = store_count(ui->app->store, tab->ops->entity, &o, &n, &e);
	if (rc == ERR_LIMIT)
		return; /* a key came: counted again when idle */
	if (rc) {
		tab->count_due = UI_COUNT_NONE;
		return;
	}
	old = tab->count;
	was_capped = tab->is_count_capped;
	if (tab->count_due == UI_COUNT_CAPPED && n > UI_COUNT_CAP &&
	    !tab->ops->count) {
		tab->count = UI_COUNT_CAP;
		tab->is_count_capped = true;
		tab->count_due = UI_COUNT_EXACT;
	} else {
		tab->count = n;
		tab->is_count_capped = false;
		tab->count_due = UI_COUNT_NONE;
	}
	/* a recount that finds the same number draws nothing */
	if (old != tab->count || was_capped != tab->is_count_capped)
		ui->dirty |= UI_DIRTY_TABS | UI_DIRTY_STATUS;
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
	tab_count_later(tab);
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

static void
pop_detail(struct ui *ui)
{
	if (!ui->n_details)
		return;
	detail_free(ui->details[--ui->n_details]);
	if (!ui->n_details)
		curs_set(0);
	ui_screen_layout(ui);
}

static void
push_detail(struct ui *ui, struct detail *d)
{
	if (ui->n_details == sizeof(ui->details) / sizeof(ui->details[0])) {
		detail_free(ui->details[0]);
		for (size_t i = 1; i < ui->n_details; i++)
			ui->details[i - 1] = ui->details[i];
		ui->n_details--;
	}
	ui->details[ui->n_details++] = d;
	/* the first line that links somewhere gets the cursor */
	ui_screen_layout(ui);
}

int
ui_detail_open_ops(struct ui *ui, const struct view_ops *ops, int64_t id,
                   struct err *e)
{
	struct detail *d;
	int rc;

	if (!ops || !ops->detail)
		return err_set(e, ERR_NOTFOUND, "nothing to open");
	d = detail_new(ops->name);
	d->id = id;
	d->entity = ops->entity;
	rc = ops->detail(ui->app->store, id, time_now(), d, e);
	if (rc) {
		detail_free(d);
		return rc;
	}
	push_detail(ui, d);
	return 0;
}

int
ui_detail_open(struct ui *ui, int entity, int64_t id, struct err *e)
{
	if (entity < 0) {
		struct detail *d;

		/* the keys of the view the analyst is on, before the overlay
		 * covers it */
		d = detail_new(view_help_ops.name);
		d->is_help = true;
		ui_help_fill(ui, ui_view_name(ui), d);
		push_detail(ui, d);
		return 0;
	}
	return ui_detail_open_ops(ui, view_for_entity(entity), id, e);
}

static int select_tab(struct ui *ui, size_t i, struct err *e);

/* The analyst read the last handover: remember it (in the audit trail). */
static void
dismiss_handover(struct ui *ui)
{
	struct err e;

	if (!ui->handover)
		return;
	err_clear(&e);
	if (handover_dismiss(ui->app, ui->handover, &e))
		ui_message(ui, true, "handover not marked read: %s", e.msg);
	else
		ui_message(ui, false, "handover dismissed");
	handover_last_release(ui->handover);
	free(ui->handover);
	ui->handover = NULL;
	ui_tabs_changed(ui, &view_audit_ops, -1);
}

/* The largest handover report shown. */
#define HANDOVER_SHOW_MAX ((size_t)1 << 20)

/*
 * At start: the last handover, when this analyst has not dismissed it,
 * over the lists until Esc or q. Nothing happens when there is none (or
 * the cache cannot say).
 */
static void
show_handover(struct ui *ui)
{
	struct handover_last *h = xcalloc(1, sizeof(*h));
	char when[TIME_ISO_MAX], *text = NULL;
	struct detail *d;
	struct err e;
	size_t len;

	err_clear(&e);
	if (!ui->app->store || handover_pending(ui->app, h, &e)) {
		free(h);
		return;
	}
	time_format_iso8601(h->at, when);
	d = detail_new("handover");
	d->is_handover = true;
	d->keymap_view = "handover";
	detail_add(d, "detail.section", -1, 0,
	           "Last handover, by %s at %s (Esc or q: dismiss)", h->actor,
	           when);
	detail_field(d, "Report", h->path);
	detail_add(d, "detail.value", -1, 0, " ");
	if (fs_read_file(h->path, HANDOVER_SHOW_MAX, &text, &len, &e))
		detail_text(d, "message.error", e.msg);
	else
		detail_text(d, "detail.value", text);
	free(text);
	ui->handover = h;
	push_detail(ui, d);
}

static int
hook_audit(void *ctx, int what, int64_t incident_id, struct err *e)
{
	struct ui *ui = ctx;
	struct tab *tab;
	struct detail *d;
	int rc;

	if (what == APP_UI_AUDIT_VERIFY) {
		ui_audit_verify(ui, true);
		return 0;
	}
	if (what == APP_UI_AUDIT_CHECK) {
		ui_audit_check(ui);
		return 0;
	}
	if (what == APP_UI_AUDIT_INCIDENT) {
		d = detail_new("audit");
		rc = ui_audit_incident_fill(ui->app->store, incident_id, d, e);
		if (rc) {
			detail_free(d);
			return rc;
		}
		push_detail(ui, d);
		ui->dirty |= UI_DIRTY_MAIN;
		return 0;
	}
	tab = find_tab(ui, view_audit_ops.name);
	if (!tab) {
		tab = add_tab(ui, &view_audit_ops, view_audit_ops.name);
		ui->dirty |= UI_DIRTY_TABS;
	}
	return select_tab(ui, (size_t)(tab - ui->tabs), e);
}

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
			dismiss_handover(ui);
		pop_detail(ui);
		break;
	default:
		return 1; /* not a detail action */
	}
	ui->dirty |= UI_DIRTY_MAIN;
	return 0;
}

static int
select_tab(struct ui *ui, size_t i, struct err *e)
{
	if (i >= ui->n_tabs)
		return err_set(e, ERR_INVALID, "no view %zu (there are %zu)",
		               i + 1, ui->n_tabs);
	while (ui->n_details)
		pop_detail(ui);
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
		rc = select_tab(ui, (ui->cur + 1) % ui->n_tabs, e);
		break;
	case UI_ACTION_PREV_VIEW:
		rc = select_tab(ui, (ui->cur + ui->n_tabs - 1) % ui->n_tabs, e);
		break;
	case UI_ACTION_SELECT_VIEW:
		rc = select_tab(ui, arg > 0 ? (size_t)arg - 1 : 0, e);
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
				pop_detail(ui);
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

/* Hooks for the app layer's action commands (app/action.h). */
static int
hook_act(void *ctx, enum ui_action action, long arg, struct err *e)
{
	return ui_act(ctx, action, arg, e);
}

static int
hook_sort(void *ctx, const char *field, int is_desc, struct err *e)
{
	struct ui *ui = ctx;
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

/* A tab for the saved view v, or the one it has already, refiltered. */
static int
show_saved_view(struct ui *ui, const struct app_view *v, struct tab **out,
                struct err *e)
{
	const struct view_ops *ops = view_for_entity(v->entity);
	struct tab *tab = find_tab(ui, v->name);
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

		tab_release(tab);
		tab_init(ui, tab, ops, v->name);
		fix_sources(ui);
		if (h)
			ui_table_set_height(&tab->table, h - 1);
		tab = &ui->tabs[i];
	}
	if (!tab)
		tab = add_tab(ui, ops, v->name);
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
	tab_count_later(tab);
	return rc;
}

static int
hook_view(void *ctx, const char *name, const char *filter, struct err *e)
{
	struct ui *ui = ctx;
	const struct app_view *v = app_view_find(ui->app, name);
	struct tab *tab = NULL;
	int rc;

	(void)filter; /* v has it */
	if (!v)
		return ui_show_view(ui, name, e);
	rc = show_saved_view(ui, v, &tab, e);
	if (!rc)
		rc = select_tab(ui, (size_t)(tab - ui->tabs), e);
	return rc;
}

static int
hook_current_entity(void *ctx)
{
	const struct tab *tab = ui_tab(ctx);

	return tab ? tab->ops->entity : -1;
}

/* Add the tab of an on-demand view unless it is there. */
static void
tab_ensure(struct ui *ui, const struct view_ops *ops)
{
	struct tab *tab;

	if (find_tab(ui, ops->name))
		return;
	tab = add_tab(ui, ops, ops->name);
	tab_count_later(tab);
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

int
ui_show_view(struct ui *ui, const char *name, struct err *e)
{
	struct tab *tab = find_tab(ui, name);
	struct strbuf known;
	int rc;

	for (size_t i = 0; !tab && i < view_count(); i++)
		if (strcmp(view_at(i)->name, name) == 0)
			tab = add_tab(ui, view_at(i), name);
	if (tab) {
		ui->dirty |= UI_DIRTY_TABS;
		return select_tab(ui, (size_t)(tab - ui->tabs), e);
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
		tab_recount(tab);
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

/*
 * The outbox entry selected in the conflicts or outbox view, or open in
 * its detail.
 */
static int64_t
hook_selected_conflict(void *ctx)
{
	struct ui *ui = ctx;
	struct tab *tab = ui_tab(ui);
	const struct ui_table_row *r;

	if (ui->n_details) {
		const struct detail *d = ui->details[ui->n_details - 1];

		return d->keymap_view &&
		               (strcmp(d->keymap_view,
		                       view_conflicts_ops.name) == 0 ||
		                strcmp(d->keymap_view, view_outbox_ops.name) ==
		                    0)
		           ? d->id
		           : 0;
	}
	if (!tab ||
	    (tab->ops != &view_conflicts_ops && tab->ops != &view_outbox_ops))
		return 0;
	r = ui_table_selected(&tab->table);
	return r ? r->id : 0;
}

static size_t
hook_targets(void *ctx, int *entity, int64_t **ids)
{
	struct ui *ui = ctx;
	struct tab *tab = ui_tab(ui);
	const struct ui_table_row *r;

	*entity = -1;
	*ids = NULL;
	if (ui->n_details) {
		const struct detail *d = ui->details[ui->n_details - 1];

		if (d->entity < 0 || !d->id)
			return 0;
		*entity = d->entity;
		*ids = xmalloc(sizeof(**ids));
		(*ids)[0] = d->id;
		return 1;
	}
	if (!tab || tab->ops->entity < 0 || !ui_view_is_list(tab->ops))
		return 0;
	if (tab->table.n_marks) {
		*entity = tab->ops->entity;
		*ids = xcalloc(tab->table.n_marks, sizeof(**ids));
		memcpy(*ids, tab->table.marks,
		       tab->table.n_marks * sizeof(**ids));
		return tab->table.n_marks;
	}
	if (!(r = ui_table_selected(&tab->table)))
		return 0;
	*entity = tab->ops->entity;
	*ids = xmalloc(sizeof(**ids));
	(*ids)[0] = r->id;
	return 1;
}

/*
 * Read the records open in details again, after an edit: the top one is
 * on screen, the others show the same record's past when they come back.
 * The cursor stays on its line; a record gone keeps its old page.
 */
static void
reload_details(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_details; i++) {
		struct detail *old = ui->details[i], *d;
		const struct view_ops *ops;
		struct err e;

		if (old->is_help || old->entity < 0 || !old->id ||
		    old->keymap_view)
			continue;
		ops = view_for_entity(old->entity);
		if (!ops || !ops->detail)
			continue;
		d = detail_new(ops->name);
		d->id = old->id;
		d->entity = old->entity;
		err_clear(&e);
		if (ops->detail(ui->app->store, d->id, time_now(), d, &e)) {
			detail_free(d);
			continue;
		}
		detail_keep_place(d, old);
		ui->details[i] = d;
		detail_free(old);
	}
	ui->dirty |= UI_DIRTY_MAIN;
}

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
		void *row = (char *)raw + i * tab->ops->row_size;

		if (!rc && !ui_table_set_mark(&tab->table,
		                              tab->ops->row_id(row), true))
			rc =
			    err_set(e, ERR_LIMIT,
			            "marked the first %d rows only (at most %d "
			            "marks); narrow the filter",
			            UI_TABLE_MARKS_MAX, UI_TABLE_MARKS_MAX);
		tab->ops->row_release(row);
		store_key_release(&keys[i]);
	}
	free(raw);
	free(keys);
	return rc;
}

static int
hook_mark(void *ctx, const char *filter, size_t *n, struct err *e)
{
	struct ui *ui = ctx;
	struct tab *tab = markable_tab(ui, e);
	const struct ui_table_row *r;
	int rc = 0;

	*n = 0;
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
	*n = tab->table.n_marks;
	ui->dirty |= UI_DIRTY_MAIN | UI_DIRTY_STATUS;
	return rc;
}

static size_t
hook_marked(void *ctx)
{
	struct ui *ui = ctx;
	struct tab *tab = ui_tab(ui);

	if (ui->n_details || !tab || !ui_view_is_list(tab->ops))
		return 0;
	return tab->table.n_marks;
}

static size_t
hook_unmark(void *ctx)
{
	struct ui *ui = ctx;
	struct tab *tab = ui_tab(ui);
	size_t n;

	if (!tab || !ui_view_is_list(tab->ops))
		return 0;
	n = ui_table_clear_marks(&tab->table);
	ui->dirty |= UI_DIRTY_MAIN | UI_DIRTY_STATUS;
	return n;
}

static int
hook_ask(void *ctx, const char *question, int argc, const char *const *argv,
         bool is_confirm, struct err *e)
{
	(void)e;
	ui_prompt_ask(ctx, question, argc, argv, is_confirm);
	return 0;
}

static int
hook_pick(void *ctx, const char *title, const struct strvec *labels,
          const struct strvec *values, int argc, const char *const *argv,
          struct err *e)
{
	if (!labels->n)
		return err_set(e, ERR_NOTFOUND, "nothing to pick from");
	ui_picker_open(ctx, title, labels, values, argc, argv);
	return 0;
}

static int
hook_open(void *ctx, int entity, int64_t id, struct err *e)
{
	return ui_detail_open(ctx, entity, id, e);
}

static void
hook_data_changed(void *ctx)
{
	struct ui *ui = ctx;

	/* a settled conflict's detail shows what is no longer true */
	if (ui->n_details &&
	    hook_selected_conflict(ui) == ui->details[ui->n_details - 1]->id &&
	    ui->details[ui->n_details - 1]->id) {
		detail_free(ui->details[--ui->n_details]);
		ui_screen_layout(ui);
	}
	ui_sync_local_change(ui, ~0u);
	/* an edit or a handover adds to the trail */
	ui_tabs_changed(ui, &view_audit_ops, -1);
	reload_details(ui);
}

static int
hook_prompt(void *ctx, const char *initial, struct err *e)
{
	struct ui *ui = ctx;

	if (ui->prompt)
		return err_set(e, ERR_USAGE, "a prompt is open already");
	ui_prompt_open_text(ui, initial);
	return 0;
}

static void
hook_terminal(void *ctx, bool is_released)
{
	struct ui *ui = ctx;

	if (is_released) {
		def_prog_mode();
		endwin();
		fflush(ui->out);
		return;
	}
	reset_prog_mode();
	/* whatever the other program drew is on the screen: repaint */
	ui_term_resize(ui);
	curs_set(ui->form || ui->prompt ? 1 : 0);
}

static int
hook_form(void *ctx, const char *kind, struct err *e)
{
	struct ui *ui = ctx;

	if (strcmp(kind, "incident") != 0)
		return err_set(e, ERR_INVALID, "no form for '%s'", kind);
	return ui_incident_form_open(ui, e);
}

static void
hook_theme_changed(void *ctx)
{
	struct ui *ui = ctx;

	/* the pairs are numbered anew: every cell is drawn again */
	ui_style_init(ui);
	clearok(curscr, TRUE);
	ui->dirty = UI_DIRTY_ALL;
}

int
ui_run(struct app *app, const struct ui_options *opts, struct err *e)
{
	struct err theme_err;
	struct ui ui;
	int rc;

	memset(&ui, 0, sizeof(ui));
	ui.app = app;
	ui.sig_pipe[0] = ui.sig_pipe[1] = -1;
	ui.sync_pipe[0] = ui.sync_pipe[1] = -1;
	notify_init(&ui.notify);
	if (opts && opts->trace_frames) {
		ui.trace = fopen(opts->trace_frames, "a");
		if (!ui.trace)
			return err_set(e, ERR_IO, "cannot open '%s'",
			               opts->trace_frames);
	}
	/* after the config file, which may have chosen one */
	err_clear(&theme_err);
	theme_ensure_loaded(app->theme, &theme_err);
	/*
	 * The console reads a page at a time: a small page cache keeps it
	 * within its memory target (the 64 MiB of open are for imports).
	 */
	if (app->store)
		store_set_cache_kib(app->store, UI_CACHE_KIB, NULL);
	rc = ui_term_open(&ui, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < view_count(); i++)
		if (!view_at(i)->is_on_demand)
			add_tab(&ui, view_at(i), view_at(i)->name);
	ui.hooks.ctx = &ui;
	ui.hooks.act = hook_act;
	ui.hooks.sort = hook_sort;
	ui.hooks.view = hook_view;
	ui.hooks.current_entity = hook_current_entity;
	ui.hooks.theme_changed = hook_theme_changed;
	ui.hooks.selected_conflict = hook_selected_conflict;
	ui.hooks.data_changed = hook_data_changed;
	ui.hooks.targets = hook_targets;
	ui.hooks.audit = hook_audit;
	ui.hooks.mark = hook_mark;
	ui.hooks.marked = hook_marked;
	ui.hooks.unmark = hook_unmark;
	ui.hooks.ask = hook_ask;
	ui.hooks.pick = hook_pick;
	ui.hooks.open = hook_open;
	ui.hooks.prompt = hook_prompt;
	ui.hooks.terminal = hook_terminal;
	ui.hooks.form = hook_form;
	app->ui = &ui.hooks;
	ui_term_resize(&ui);
	for (size_t i = 0; i < app->n_views; i++) {
		struct tab *tab;
		struct err ve;

		/* a filter naming a field its list lacks: say so, go on */
		err_clear(&ve);
		if (show_saved_view(&ui, &app->views[i], &tab, &ve))
			ui_message(&ui, true, "view '%s': %s",
			           app->views[i].name, ve.msg);
	}
	for (size_t i = 0; i < view_count(); i++)
		if (view_at(i)->is_shown_with_rows &&
		    view_has_rows(app->store, view_at(i)))
			tab_ensure(&ui, view_at(i));
	/* rows first; every tab's count on the idle turns after the frame */
	for (size_t i = 0; i < ui.n_tabs; i++)
		if (ui.tabs[i].count < 0)
			tab_count_later(&ui.tabs[i]);
	/* conflicts left from an earlier session get their tab at once */
	ui_sync_start(&ui);
	rc = ui_tab_load(&ui, &ui.tabs[0], false, e);
	if (!rc && theme_err.code)
		ui_message(&ui, true, "%s", theme_err.msg);
	if (!rc) {
		show_handover(&ui);
		rc = ui_loop(&ui, e);
	}
out:
	app->ui = NULL;
	ui_prompt_cancel(&ui);
	ui_console_form_close(&ui);
	ui_picker_close(&ui);
	free(ui.ask_question);
	strvec_release(&ui.ask_argv);
	while (ui.n_details)
		detail_free(ui.details[--ui.n_details]);
	for (size_t i = 0; i < ui.n_tabs; i++)
		tab_release(&ui.tabs[i]);
	free(ui.tabs);
	ui_dashboard_release(&ui);
	free(ui.msg);
	free(ui.audit_msg);
	if (ui.handover)
		handover_last_release(ui.handover);
	free(ui.handover);
	ui_term_close(&ui);
	/* after the terminal is back: a transfer may take a moment to end */
	ui_sync_stop(&ui);
	if (ui.trace)
		fclose(ui.trace);
	return rc;
}
