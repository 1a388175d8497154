/*
 * The stack of open details over the tabs: a record's page, the help
 * overlay, an audit page, the handover, innermost last. Opening pushes,
 * Esc pops; after an edit the records open are read again in place.
 */
#include "centinela/app/app.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "internal.h"

void
ui_detail_pop(struct ui *ui)
{
	if (!ui->n_details)
		return;
	detail_free(ui->details[--ui->n_details]);
	if (!ui->n_details)
		curs_set(0);
	ui_screen_layout(ui);
}

void
ui_detail_push(struct ui *ui, struct detail *d)
{
	if (ui->n_details == ARRAY_SIZE(ui->details)) {
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

	if (!ops || !view_has_detail(ops))
		return err_set(e, ERR_NOTFOUND, "nothing to open");
	d = detail_new(ops->name);
	d->id = id;
	d->entity = ops->entity;
	rc = view_detail(ops, ui->app->store, ui->app, id, time_now(), d, e);
	if (rc) {
		detail_free(d);
		return rc;
	}
	ui_detail_push(ui, d);
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
		ui_detail_push(ui, d);
		return 0;
	}
	return ui_detail_open_ops(ui, view_for_entity(entity), id, e);
}

/*
 * Read the records open in details again, after an edit: the top one is
 * on screen, the others show the same record's past when they come back.
 * The cursor stays on its line; a record gone keeps its old page.
 */
void
ui_details_reload(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_details; i++) {
		struct detail *old = ui->details[i], *d;
		const struct view_ops *ops;
		struct err e;

		if (old->is_help || old->entity < 0 || !old->id ||
		    old->keymap_view)
			continue;
		ops = view_for_entity(old->entity);
		if (!ops || !view_has_detail(ops))
			continue;
		d = detail_new(ops->name);
		d->id = old->id;
		d->entity = old->entity;
		err_clear(&e);
		if (view_detail(ops, ui->app->store, ui->app, d->id, time_now(),
		                d, &e)) {
			detail_free(d);
			continue;
		}
		detail_keep_place(d, old);
		ui->details[i] = d;
		detail_free(old);
	}
	ui->dirty |= UI_DIRTY_MAIN;
}
