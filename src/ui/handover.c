/*
 * The last handover at the console's start: shown over the lists until
 * the analyst dismisses it, which the audit trail records.
 */
#include <stdlib.h>

#include "centinela/app/app.h"
#include "centinela/app/handover.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

/* The analyst read the last handover: remember it (in the audit trail). */
void
ui_handover_dismiss(struct ui *ui)
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
void
ui_handover_show(struct ui *ui)
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
	ui_detail_push(ui, d);
}
