/*
 * The audit chain as the console knows it (the audit tab's heading and
 * the status bar): the cheap check every change makes, the full walk,
 * and what `audit` asks to show (struct cmd_reply.audit).
 */
#include <stdlib.h>

#include "centinela/app/app.h"
#include "centinela/app/cmd_ctx.h"
#include "centinela/base/err.h"
#include "centinela/store/audit.h"
#include "internal.h"

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

int
ui_audit_show(struct ui *ui, int what, int64_t incident_id, struct err *e)
{
	struct tab *tab;
	struct detail *d;
	int rc;

	if (what == CMD_AUDIT_VERIFY) {
		ui_audit_verify(ui, true);
		return 0;
	}
	if (what == CMD_AUDIT_CHECK) {
		ui_audit_check(ui);
		return 0;
	}
	if (what == CMD_AUDIT_INCIDENT) {
		d = detail_new("audit");
		rc = ui_audit_incident_fill(ui->app->store, incident_id, d, e);
		if (rc) {
			detail_free(d);
			return rc;
		}
		ui_detail_push(ui, d);
		ui->dirty |= UI_DIRTY_MAIN;
		return 0;
	}
	tab = ui_tab_find(ui, view_audit_ops.name);
	if (!tab) {
		tab = ui_tab_add(ui, &view_audit_ops, view_audit_ops.name);
		ui->dirty |= UI_DIRTY_TABS;
	}
	return ui_tab_select(ui, (size_t)(tab - ui->tabs), e);
}
