/*
 * Running a command from the console, the one way keys, the ':' prompt,
 * answers and picks reach the command table: resolve what the command
 * acts on from what is on screen into a struct cmd_ctx (app/cmd_ctx.h),
 * run it, perform what its reply asks of the console, then show its first
 * line of output or its error on the message line.
 *
 * The target is the record open in the top detail, else the marked rows
 * of the list on screen, else its selected row; the outbox entry is the
 * one selected in the conflicts or outbox view, or open in its detail.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/cmd_ctx.h"
#include "centinela/app/command.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "internal.h"

/*
 * The outbox entry selected in the conflicts or outbox view, or open in
 * its detail; 0 when none.
 */
static int64_t
selected_outbox(const struct ui *ui)
{
	const struct tab *tab = ui->n_tabs ? &ui->tabs[ui->cur] : NULL;
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

/* The rows a command acts on: the detail's record, the marks, the row. */
static void
resolve_targets(struct ui *ui, struct cmd_ctx *ctx)
{
	struct tab *tab = ui_tab(ui);
	const struct ui_table_row *r;

	if (ui->n_details) {
		const struct detail *d = ui->details[ui->n_details - 1];

		if (d->entity >= 0 && d->id)
			cmd_ctx_set_target(ctx, d->entity, &d->id, 1, false);
		return;
	}
	if (!tab || tab->ops->entity < 0 || !ui_view_is_list(tab->ops))
		return;
	if (tab->table.n_marks)
		cmd_ctx_set_target(ctx, tab->ops->entity, tab->table.marks,
		                   tab->table.n_marks, true);
	else if ((r = ui_table_selected(&tab->table)))
		cmd_ctx_set_target(ctx, tab->ops->entity, &r->id, 1, false);
}

void
ui_cmd_ctx_init(struct ui *ui, struct cmd_ctx *ctx, unsigned where)
{
	const struct tab *tab = ui_tab(ui);

	cmd_ctx_init(ctx, ui->app, where);
	ctx->is_console = true;
	ctx->list = tab ? tab->ops->entity : -1;
	ctx->n_marks =
	    tab && ui_view_is_list(tab->ops) ? tab->table.n_marks : 0;
	ctx->outbox_id = selected_outbox(ui);
	for (size_t i = 0; i < ui->n_tabs; i++)
		strvec_push(&ctx->views, ui->tabs[i].name);
	resolve_targets(ui, ctx);
}

void
ui_data_changed(struct ui *ui)
{
	/* a settled conflict's detail shows what is no longer true */
	if (ui->n_details &&
	    selected_outbox(ui) == ui->details[ui->n_details - 1]->id &&
	    ui->details[ui->n_details - 1]->id) {
		detail_free(ui->details[--ui->n_details]);
		ui_screen_layout(ui);
	}
	ui_sync_local_change(ui, ~0u);
	/* an edit or a handover adds to the trail */
	ui_tabs_changed(ui, &view_audit_ops, -1);
	ui_details_reload(ui);
}

static void
theme_changed(struct ui *ui)
{
	/* the pairs are numbered anew: every cell is drawn again */
	ui_style_init(ui);
	clearok(curscr, TRUE);
	ui->dirty = UI_DIRTY_ALL;
}

/* The action of the reply: the prompt with its text, or ui_act. */
static int
perform_action(struct ui *ui, const struct cmd_reply *r, struct err *e)
{
	if (r->action == UI_ACTION_PROMPT && r->prompt_text) {
		if (ui->prompt)
			return err_set(e, ERR_USAGE,
			               "a prompt is open already");
		ui_prompt_open_text(ui, r->prompt_text);
		return 0;
	}
	return ui_act(ui, (enum ui_action)r->action, r->action_arg, e);
}

/*
 * Do what the command asked, in the order of struct cmd_reply, stopping
 * at the first failure; what it says is added to out.
 */
static int
perform(struct ui *ui, const struct cmd_reply *r, struct strbuf *out,
        struct err *e)
{
	int rc;

	if (r->is_mark && (rc = ui_mark(ui, r->mark_filter, out, e)))
		return rc;
	if (r->is_unmark)
		ui_unmark(ui);
	if (r->audit != CMD_AUDIT_NONE &&
	    (rc = ui_audit_show(ui, r->audit, r->audit_incident, e)))
		return rc;
	if (r->action >= 0 && (rc = perform_action(ui, r, e)))
		return rc;
	if (r->sort_field &&
	    (rc = ui_sort_by(ui, r->sort_field, r->is_sort_desc, e)))
		return rc;
	if (r->view && (rc = ui_view_show(ui, r->view, e)))
		return rc;
	if (r->form) {
		if (strcmp(r->form, "incident") == 0)
			rc = ui_incident_form_open(ui, e);
		else if (strcmp(r->form, "bulletin") == 0)
			rc = ui_bulletin_form_open(ui, r->form_arg, e);
		else
			rc = err_set(e, ERR_INVALID, "no form for '%s'",
			             r->form);
		if (rc)
			return rc;
	}
	if (r->open_id &&
	    (rc = ui_detail_open(ui, r->open_entity, r->open_id, e)))
		return rc;
	if (r->is_theme_changed)
		theme_changed(ui);
	if (r->ask)
		ui_prompt_ask(ui, r->ask, (int)r->again.n,
		              (const char *const *)r->again.v,
		              r->is_ask_confirm);
	if (r->pick_title)
		ui_picker_open(ui, r->pick_title, &r->pick_labels,
		               &r->pick_values, (int)r->again.n,
		               (const char *const *)r->again.v);
	return 0;
}

/* The outcome of a command on the message line: its error or first line. */
static void
report(struct ui *ui, int rc, const struct strbuf *out, const struct err *e)
{
	if (rc) {
		ui_message(ui, true, "%s", e->msg);
		/* a change refused on a broken chain: the status bar says so */
		if (rc == ERR_CORRUPT)
			ui_audit_check(ui);
	} else if (out->len) {
		const char *nl = strchr(out->buf, '\n');

		ui_message(ui, false, "%.*s",
		           (int)(nl ? (size_t)(nl - out->buf) : out->len),
		           out->buf);
	}
}

/* Run line (lexed) or argv with the target resolved; then its reply. */
static void
run(struct ui *ui, const char *line, int argc, char **argv, unsigned where)
{
	unsigned long changes = ui->app->changes;
	struct cmd_ctx ctx;
	struct strbuf out;
	struct err e;
	int rc;

	ui_cmd_ctx_init(ui, &ctx, where);
	strbuf_init(&out);
	err_clear(&e);
	rc = line ? command_run_ctx_line(&ctx, line, &out, &e)
	          : command_run_ctx(&ctx, argc, argv, &out, &e);
	/* what changed is shown even when a later target failed */
	if (ui->app->changes != changes)
		ui_data_changed(ui);
	if (!rc)
		rc = perform(ui, &ctx.reply, &out, &e);
	report(ui, rc, &out, &e);
	strbuf_release(&out);
	cmd_ctx_release(&ctx);
}

void
ui_command(struct ui *ui, const char *line, unsigned where)
{
	run(ui, line, 0, NULL, where);
}

void
ui_command_argv(struct ui *ui, int argc, char **argv, unsigned where)
{
	run(ui, NULL, argc, argv, where);
}
