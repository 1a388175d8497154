/*
 * The console's side of a command (src/ui/dispatch.c): what a command
 * acts on is resolved from the screen into struct cmd_ctx before it runs.
 * A console is put together by hand: tabs with rows, marks and details,
 * no terminal.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/cmd_ctx.h"
#include "centinela/app/command.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/list.h"
#include "ui/internal.h"

/* Rows with ids ids[0..n) in t, the selection on sel. */
static void
fill(struct ui_table *t, const int64_t *ids, size_t n, size_t sel)
{
	memset(t, 0, sizeof(*t));
	t->rows = xcalloc(n, sizeof(*t->rows));
	for (size_t i = 0; i < n; i++)
		t->rows[i].id = ids[i];
	t->n_rows = n;
	t->sel = sel;
}

START_TEST(test_ui_dispatch_target_from_detail_marks_and_selection)
{
	const int64_t alert_ids[] = {11, 12}, conflict_ids[] = {7};
	struct tab tabs[2];
	struct cmd_ctx ctx;
	struct app app;
	struct ui ui;

	app_init(&app);
	memset(&ui, 0, sizeof(ui));
	memset(tabs, 0, sizeof(tabs));
	ui.app = &app;
	tabs[0].ops = &view_alerts_ops;
	tabs[0].name = (char *)"alerts";
	fill(&tabs[0].table, alert_ids, 2, 1);
	tabs[1].ops = &view_conflicts_ops;
	tabs[1].name = (char *)"conflicts";
	fill(&tabs[1].table, conflict_ids, 1, 0);
	ui.tabs = tabs;
	ui.n_tabs = 2;

	/* the selected row, from a key */
	ui_cmd_ctx_init(&ui, &ctx, CMD_IN_BINDING);
	ck_assert(ctx.is_console);
	ck_assert_uint_eq(ctx.origin, CMD_IN_BINDING);
	ck_assert_int_eq(ctx.list, STORE_ALERTS);
	ck_assert_int_eq(ctx.entity, STORE_ALERTS);
	ck_assert_uint_eq(ctx.n_ids, 1);
	ck_assert_int_eq(ctx.ids[0], 12);
	ck_assert(!ctx.is_marked);
	ck_assert_int_eq(ctx.outbox_id, 0);
	ck_assert_uint_eq(ctx.views.n, 2);
	ck_assert_str_eq(ctx.views.v[1], "conflicts");
	cmd_ctx_release(&ctx);

	/* the marks before the selection */
	ck_assert(ui_table_set_mark(&tabs[0].table, 11, true));
	ui_cmd_ctx_init(&ui, &ctx, CMD_IN_PROMPT);
	ck_assert_uint_eq(ctx.n_ids, 1);
	ck_assert_int_eq(ctx.ids[0], 11);
	ck_assert(ctx.is_marked);
	ck_assert_uint_eq(ctx.n_marks, 1);
	cmd_ctx_release(&ctx);

	/* an open record before both; the marks are still counted */
	ui.details[0] = detail_new("incident");
	ui.details[0]->entity = STORE_INCIDENTS;
	ui.details[0]->id = 21;
	ui.n_details = 1;
	ui_cmd_ctx_init(&ui, &ctx, CMD_IN_PROMPT);
	ck_assert_int_eq(ctx.entity, STORE_INCIDENTS);
	ck_assert_uint_eq(ctx.n_ids, 1);
	ck_assert_int_eq(ctx.ids[0], 21);
	ck_assert(!ctx.is_marked);
	ck_assert_uint_eq(ctx.n_marks, 1);
	cmd_ctx_release(&ctx);
	/* a page that is no record: nothing to act on */
	ui.details[0]->entity = -1;
	ui.details[0]->id = 0;
	ui_cmd_ctx_init(&ui, &ctx, CMD_IN_PROMPT);
	ck_assert_int_eq(ctx.entity, -1);
	ck_assert_uint_eq(ctx.n_ids, 0);
	cmd_ctx_release(&ctx);
	/* a conflict open in its detail is the outbox entry */
	ui.details[0]->keymap_view = "conflicts";
	ui.details[0]->id = 5;
	ui_cmd_ctx_init(&ui, &ctx, CMD_IN_PROMPT);
	ck_assert_int_eq(ctx.outbox_id, 5);
	cmd_ctx_release(&ctx);
	detail_free(ui.details[0]);
	ui.n_details = 0;

	/* the conflicts view: its selected entry, no list to act on */
	ui.cur = 1;
	ui_cmd_ctx_init(&ui, &ctx, CMD_IN_PROMPT);
	ck_assert_int_eq(ctx.outbox_id, 7);
	ck_assert_int_eq(ctx.list, -1);
	ck_assert_uint_eq(ctx.n_ids, 0);
	ck_assert_uint_eq(ctx.n_marks, 0);
	cmd_ctx_release(&ctx);

	for (size_t i = 0; i < 2; i++) {
		free(tabs[i].table.rows);
		free(tabs[i].table.marks);
	}
	app_release(&app);
}
END_TEST

Suite *
ui_dispatch_suite(void)
{
	Suite *s = suite_create("ui_dispatch");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc,
	               test_ui_dispatch_target_from_detail_marks_and_selection);
	suite_add_tcase(s, tc);
	return s;
}
