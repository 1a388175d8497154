/*
 * What the console does on idle turns (poll found nothing): the rows the
 * next page key needs, the audit chain's walk when its tab is shown, the
 * cheap chain check once, and the tab counts one per turn, each of them
 * stopped by a key (ui_input_waiting).
 */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/store/store.h"
#include "internal.h"

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
