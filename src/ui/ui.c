/*
 * The console: ui_run sets it up (terminal, tabs, saved views, the sync
 * thread), runs the loop (loop.c) and takes it down. The rest lives in
 * files of one job each: tab.c (tabs), idle.c (counts and idle work),
 * audit.c (the audit chain), detail_stack.c (open details), handover.c,
 * act.c (actions), marks.c, dispatch.c (running a command and performing
 * what it asks).
 */
#include "centinela/ui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/handover.h"
#include "centinela/app/theme.h"
#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/store/store.h"
#include "internal.h"

/* SQLite page cache of the console, KiB. */
#define UI_CACHE_KIB 8192

/*
 * The one hook of struct app_ui (app/action.h): the editor of `note` runs
 * while the command runs, so the terminal is handed over from inside it.
 */
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
		if (view_tab(view_at(i)) == COLUMN_TAB_ALWAYS)
			ui_tab_add(&ui, view_at(i), view_at(i)->name);
	ui.hooks.ctx = &ui;
	ui.hooks.terminal = hook_terminal;
	app->ui = &ui.hooks;
	ui_term_resize(&ui);
	for (size_t i = 0; i < app->n_views; i++) {
		struct tab *tab;
		struct err ve;

		/* a filter naming a field its list lacks: say so, go on */
		err_clear(&ve);
		if (ui_tab_show_saved(&ui, &app->views[i], &tab, &ve))
			ui_message(&ui, true, "view '%s': %s",
			           app->views[i].name, ve.msg);
	}
	ui_tabs_with_rows(&ui);
	/* rows first; every tab's count on the idle turns after the frame */
	for (size_t i = 0; i < ui.n_tabs; i++)
		if (ui.tabs[i].count < 0)
			ui_tab_count_later(&ui.tabs[i]);
	/* conflicts left from an earlier session get their tab at once */
	ui_sync_start(&ui);
	rc = ui_tab_load(&ui, &ui.tabs[0], false, e);
	if (!rc && theme_err.code)
		ui_message(&ui, true, "%s", theme_err.msg);
	if (!rc) {
		ui_handover_show(&ui);
		rc = ui_loop(&ui, e);
	}
out:
	app->ui = NULL;
	ui_prompt_cancel(&ui);
	ui_console_form_close(&ui);
	ui_picker_close(&ui);
	free(ui.ask_question);
	free(ui.history_msg);
	strvec_release(&ui.ask_argv);
	while (ui.n_details)
		detail_free(ui.details[--ui.n_details]);
	for (size_t i = 0; i < ui.n_tabs; i++)
		ui_tab_release(&ui.tabs[i]);
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
