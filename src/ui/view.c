/*
 * The table of views, in tab order: adding a view is one line here. The
 * conflicts come last and only once there are some (the outbox once an
 * entry failed), the dashboard and the
 * audit trail only once asked for (is_on_demand: a tab added after the
 * others), so that the numbers of the other tabs never move. The
 * vulnerabilities come once asked for, or at start after the saved views
 * when the cache holds some (is_shown_with_rows).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "centinela/base/array.h"
#include "centinela/app/columns.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/list.h"
#include "internal.h"

static const struct view_ops *const views[] = {
    &view_incidents_ops,       &view_alerts_ops, &view_assets_ops,
    &view_organizations_ops,   &view_help_ops,   &view_conflicts_ops,
    &view_dashboard_ops,       &view_audit_ops,  &view_outbox_ops,
    &view_vulnerabilities_ops,
};

bool
ui_view_is_list(const struct view_ops *ops)
{
	return ops->entity >= 0 || ops->fetch;
}

size_t
view_count(void)
{
	return ARRAY_SIZE(views);
}

const struct view_ops *
view_at(size_t i)
{
	return i < view_count() ? views[i] : NULL;
}

void
view_catalog_cells(int entity, const void *row, int64_t now,
                   struct ui_table_row *out)
{
	const struct column_catalog *cat = columns_catalog_of(entity);

	for (size_t i = 0; i < cat->n_cols; i++) {
		char *cell = cat->cols[i].cell(row, now);

		out->cells[i] = ui_clean(cell);
		free(cell);
		if (cat->cols[i].element)
			out->elements[i] = cat->cols[i].element(row, now);
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
	size_t n = 0;
	int rc = r->fetch(s, id, VIEW_RELATED_MAX, &rows, &n, e);

	if (rc)
		return rc;
	detail_add(d, "detail.section", -1, 0, "%s (%zu)", title, n);
	for (size_t i = 0; i < n; i++) {
		const char *row = (const char *)rows + i * row_size;
		struct strbuf line;

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

int
view_layout_record(struct store *s, int entity, int64_t id, int64_t now,
                   struct detail *d, struct err *e)
{
	const struct column_catalog *cat = columns_catalog_of(entity);
	void *row = xcalloc(1, store_row_size(entity));
	int rc;

	store_row_init(entity, row);
	rc = store_ref_get(s, entity, NULL, id, row, e);
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
