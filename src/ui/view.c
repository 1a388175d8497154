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
#include <stdlib.h>

#include "centinela/base/array.h"
#include "centinela/app/columns.h"
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

void
view_layout_detail(struct detail *d, const struct detail_layout *dl,
                   const void *row)
{
	char *t = dl->heading(row);

	free(d->title);
	d->title = ui_clean(t);
	free(t);
	for (size_t i = 0; i < dl->n_fields; i++) {
		char *v = dl->fields[i].value(row);

		detail_field(d, dl->fields[i].label, v);
		free(v);
	}
	for (size_t i = 0; i < dl->n_blocks; i++) {
		const struct detail_block *b = &dl->blocks[i];
		char *text = b->text(row);

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
}

/* view_row_id reads the meta at the start of every list's struct. */
_Static_assert(offsetof(struct incident, meta) == 0, "meta first");
_Static_assert(offsetof(struct alert, meta) == 0, "meta first");
_Static_assert(offsetof(struct asset, meta) == 0, "meta first");
_Static_assert(offsetof(struct organization, meta) == 0, "meta first");
_Static_assert(offsetof(struct vulnerability, meta) == 0, "meta first");

int64_t
view_row_id(const void *row)
{
	return ((const struct record_meta *)row)->id;
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
