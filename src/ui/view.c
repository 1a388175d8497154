/*
 * The table of views, in tab order. A store list (enum store_entity) has
 * a view made here from its column catalog (app/columns.h): its name,
 * cells, detail page and tab come from there, so that a new list needs no
 * view file. A list whose console page is its own (timelines, notes, the
 * raw JSON: the incidents and alerts) has a view file, and one line in
 * lists_own[] below; the page of the others (assets, organizations,
 * vulnerabilities) is their catalog's layout, linked rows included.
 *
 * The order: the lists shown always (COLUMN_TAB_ALWAYS), in enum order;
 * then the console's own views (help, conflicts, dashboard, audit,
 * outbox), which come once there are some (the conflicts; the outbox once
 * an entry failed) or once asked for (is_on_demand: a tab added after the
 * others); then the other lists, shown once asked for or, at start after
 * the saved views, when the cache holds some (COLUMN_TAB_WITH_ROWS: the
 * vulnerabilities). So the numbers of the first tabs never move.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/columns.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/list.h"
#include "internal.h"

/* The lists with a detail page of their own, each its entity's view. */
static const struct view_ops *const lists_own[] = {
    &view_incidents_ops,
    &view_alerts_ops,
};

/* The console's views that are no store list, in tab order. */
static const struct view_ops *const others[] = {
    &view_help_ops,  &view_conflicts_ops, &view_dashboard_ops,
    &view_audit_ops, &view_outbox_ops,
};

/* The views of the other lists, made from their catalogs. */
static struct view_ops lists_made[STORE_ENTITY_COUNT];

static const struct view_ops *views[STORE_ENTITY_COUNT + ARRAY_SIZE(others)];
static size_t n_views;

/* The view of the list entity: its own, else one made from its catalog. */
static const struct view_ops *
list_view(int entity)
{
	const struct column_catalog *cat = columns_catalog_of(entity);

	for (size_t i = 0; i < ARRAY_SIZE(lists_own); i++)
		if (lists_own[i]->entity == entity)
			return lists_own[i];
	lists_made[entity].name = cat->view;
	lists_made[entity].entity = entity;
	return &lists_made[entity];
}

/* Fill views[] the first time it is asked for (the console's thread). */
static void
views_build(void)
{
	if (n_views)
		return;
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++)
		if (columns_catalog_of(ent)->tab == COLUMN_TAB_ALWAYS)
			views[n_views++] = list_view(ent);
	for (size_t i = 0; i < ARRAY_SIZE(others); i++)
		views[n_views++] = others[i];
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++)
		if (columns_catalog_of(ent)->tab != COLUMN_TAB_ALWAYS)
			views[n_views++] = list_view(ent);
}

bool
ui_view_is_list(const struct view_ops *ops)
{
	return ops->entity >= 0 || ops->fetch;
}

size_t
view_count(void)
{
	views_build();
	return n_views;
}

const struct view_ops *
view_at(size_t i)
{
	return i < view_count() ? views[i] : NULL;
}

enum column_tab
view_tab(const struct view_ops *ops)
{
	const struct column_catalog *cat = columns_catalog_of(ops->entity);

	if (cat)
		return cat->tab;
	return ops->is_on_demand ? COLUMN_TAB_ON_DEMAND : COLUMN_TAB_ALWAYS;
}

void
view_catalog_cells(int entity, const int *idx, size_t n, const void *row,
                   int64_t now, struct ui_table_row *out)
{
	const struct column_catalog *cat = columns_catalog_of(entity);

	for (size_t k = 0; k < n; k++) {
		const struct column_def *c = &cat->cols[idx[k]];
		char *cell = c->cell(row, now);

		out->cells[k] = ui_clean(cell);
		free(cell);
		if (c->element)
			out->elements[k] = c->element(row, now);
	}
}

/* The linked rows of block b as link lines, one a row. */
static int
layout_related(struct store *s, struct detail *d, const char *title,
               const struct detail_related *r, int64_t id, int64_t now,
               struct err *e)
{
	const struct column_catalog *cat = columns_catalog_of(r->entity);
	size_t row_size = store_row_size(r->entity);
	void *rows = NULL;
	char *last_group = NULL;
	size_t n = 0;
	int rc = r->fetch(s, id, VIEW_RELATED_MAX, &rows, &n, e);

	if (rc)
		return rc;
	detail_add(d, "detail.section", -1, 0, "%s (%zu)", title, n);
	for (size_t i = 0; i < n; i++) {
		const char *row = (const char *)rows + i * row_size;
		struct strbuf line;

		/* rows come group after group: a heading where one starts */
		if (r->group) {
			char *g = r->group(row);

			if (!last_group || strcmp(g, last_group) != 0) {
				char *clean = ui_clean(g);

				detail_add(d, "detail.value", -1, 0, "  %s",
				           clean);
				free(clean);
				free(last_group);
				last_group = g;
			} else {
				free(g);
			}
		}
		strbuf_init(&line);
		for (size_t c = 0; c < r->n_cols; c++) {
			int k = columns_index(cat, r->cols[c].column);
			char *cell = k < 0 ? NULL : cat->cols[k].cell(row, now);

			if (cell && *cell)
				strbuf_addf(&line, "%s%s", line.len ? "  " : "",
				            cell);
			free(cell);
		}
		detail_add(d, "detail.link", r->entity, view_row_id(row), "%s",
		           line.buf);
		strbuf_release(&line);
		store_row_release(r->entity, (void *)row);
	}
	if (!n)
		detail_add(d, "detail.value", -1, 0, "  none");
	free(last_group);
	free(rows);
	return 0;
}

int
view_layout_detail(struct store *s, struct detail *d,
                   const struct detail_layout *dl, const void *row, int64_t now,
                   struct err *e)
{
	char *t = dl->heading(row);
	int rc = 0;

	free(d->title);
	d->title = ui_clean(t);
	free(t);
	for (size_t i = 0; i < dl->n_fields; i++) {
		const struct detail_field *f = &dl->fields[i];
		char *v = f->value(row, now);
		int64_t link = v && f->link_id ? f->link_id(row) : 0;

		if (link)
			detail_add(d, "detail.link", f->link_entity, link,
			           "%-16s %s", f->label, *v ? v : "-");
		else if (v)
			detail_field(d, f->label, v);
		free(v);
	}
	for (size_t i = 0; !rc && i < dl->n_blocks; i++) {
		const struct detail_block *b = &dl->blocks[i];
		char *text;

		if (b->related) {
			rc = layout_related(s, d, b->title, b->related,
			                    view_row_id(row), now, e);
			continue;
		}
		text = b->text(row);
		if (b->count)
			detail_add(d, "detail.section", -1, 0, "%s (%zu)",
			           b->title, b->count(row));
		else
			detail_add(d, "detail.section", -1, 0, "%s", b->title);
		if (*text)
			detail_text(d, "detail.value", text);
		else
			detail_add(d, "detail.value", -1, 0, "  %s",
			           b->count ? "none" : "-");
		free(text);
	}
	return rc;
}

bool
view_has_detail(const struct view_ops *ops)
{
	const struct column_catalog *cat = columns_catalog_of(ops->entity);

	return ops->detail || (cat && cat->detail);
}

int
view_detail(const struct view_ops *ops, struct store *s, const struct app *app,
            int64_t id, int64_t now, struct detail *d, struct err *e)
{
	if (ops->detail)
		return ops->detail(s, app, id, now, d, e);
	if (!view_has_detail(ops))
		return err_set(e, ERR_NOTFOUND, "nothing to open");
	return view_layout_record(s, ops->entity, id, now, d, e);
}

int
view_layout_record(struct store *s, int entity, int64_t id, int64_t now,
                   struct detail *d, struct err *e)
{
	const struct column_catalog *cat = columns_catalog_of(entity);
	void *row = xcalloc(1, store_row_size(entity));
	int rc;

	store_row_init(entity, row);
	rc = store_row_get(s, entity, id, row, e);
	if (!rc)
		rc = view_layout_detail(s, d, cat->detail, row, now, e);
	store_row_release(entity, row);
	free(row);
	return rc;
}

int64_t
view_row_id(const void *row)
{
	return columns_row_id(row);
}

bool
view_has_rows(struct store *s, const struct view_ops *ops)
{
	struct store_list_opts o;
	int64_t n = 0;

	if (!s || ops->entity < 0)
		return false;
	store_list_opts_init(&o);
	/* reads one row at most; a failure shows no tab, as no rows */
	return store_count_upto(s, ops->entity, &o, 0, &n, NULL) == 0 && n > 0;
}

const struct view_ops *
view_for_entity(int entity)
{
	for (size_t i = 0; i < view_count(); i++)
		if (views[i]->entity == entity)
			return views[i];
	return NULL;
}
