/*
 * The console's side of the sync thread (src/ui/sync.c): what a sync
 * changed (enum sync_changed, a bit per list) is re-queried in the tabs
 * showing it, and only there. A console is put together by hand: a tab
 * per view, no terminal, no engine.
 */
#include <check.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/store/list.h"
#include "centinela/sync/engine.h"
#include "ui/internal.h"

/* Every list's tab loaded and fresh, the help tab on screen. */
static void
tabs_fresh(struct tab *tabs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tabs[i].is_loaded = true;
		tabs[i].is_stale = false;
		tabs[i].count_due = UI_COUNT_NONE;
	}
}

START_TEST(test_ui_sync_bit_of_each_list_refreshes_its_tab)
{
	struct tab tabs[STORE_ENTITY_COUNT + 3];
	size_t n = 0, help, conflicts, outbox;
	struct app app;
	struct ui ui;

	app_init(&app);
	memset(&ui, 0, sizeof(ui));
	memset(tabs, 0, sizeof(tabs));
	ui.app = &app;
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++) {
		tabs[n].ops = view_for_entity(ent);
		tabs[n++].name = (char *)view_for_entity(ent)->name;
	}
	help = n;
	tabs[n].ops = &view_help_ops;
	tabs[n++].name = (char *)"help";
	conflicts = n;
	tabs[n].ops = &view_conflicts_ops;
	tabs[n++].name = (char *)"conflicts";
	outbox = n;
	tabs[n].ops = &view_outbox_ops;
	tabs[n++].name = (char *)"outbox";
	ui.tabs = tabs;
	ui.n_tabs = n;
	ui.cur = help;

	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++) {
		tabs_fresh(tabs, n);
		ui.sync_changed = SYNC_CHANGED_LIST(ent);
		ui.sync_due_ms = 1; /* due: the tick re-queries */
		ui_sync_tick(&ui);
		ck_assert_uint_eq(ui.sync_changed, 0);
		for (size_t i = 0; i < n; i++) {
			bool is_it = (int)i == ent;

			ck_assert_msg(tabs[i].is_stale == is_it,
			              "bit of %s: tab %s stale %d",
			              store_entity_name(ent), tabs[i].name,
			              tabs[i].is_stale);
			ck_assert_int_eq(tabs[i].count_due,
			                 is_it ? UI_COUNT_CAPPED
			                       : UI_COUNT_NONE);
		}
	}
	/* the outbox bit: the outbox lists, no store list */
	tabs_fresh(tabs, n);
	ui.sync_changed = SYNC_CHANGED_OUTBOX;
	ui.sync_due_ms = 1;
	ui_sync_tick(&ui);
	for (size_t i = 0; i < n; i++)
		ck_assert(tabs[i].is_stale == (i == conflicts || i == outbox));
	/* every bit a local change sends: every list */
	tabs_fresh(tabs, n);
	ui.sync_changed = ~0u;
	ui.sync_due_ms = 1;
	ui_sync_tick(&ui);
	for (size_t i = 0; i < n; i++)
		ck_assert(tabs[i].is_stale == (i != help));
	app_release(&app);
}
END_TEST

/* The lists' bits come before the outbox's and fit an unsigned. */
START_TEST(test_ui_sync_bits_are_one_per_list)
{
	unsigned all = 0;

	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++) {
		ck_assert_uint_eq(all & SYNC_CHANGED_LIST(ent), 0);
		all |= SYNC_CHANGED_LIST(ent);
	}
	ck_assert_uint_eq(all & SYNC_CHANGED_OUTBOX, 0);
	ck_assert_uint_gt((unsigned)SYNC_CHANGED_OUTBOX, all);
}
END_TEST

Suite *
ui_sync_suite(void)
{
	Suite *s = suite_create("ui_sync");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ui_sync_bit_of_each_list_refreshes_its_tab);
	tcase_add_test(tc, test_ui_sync_bits_are_one_per_list);
	suite_add_tcase(s, tc);
	return s;
}
