/*
 * Triage of alerts (app/edit.h): the plan of one new incident for several
 * alerts (prefill, assets matched by IP and hostname), promoting several
 * alerts to one new incident (the first carries it, the others name it
 * until it is known at the source), the outbox holding those back until
 * the incident has its server id (store/outbox.h), and unlinking alerts.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/edit.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/base/strvec.h"
#include "centinela/store/list.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/ui/draw.h"
#include "centinela/ui/table.h"
#include "testutil.h"

/*
 * Organization 7 (central org-12, energy); assets 3 (central as-3, ip
 * 10.0.0.5), 4 (local, hostname plc.cfe.mx) and 5 (central as-5, no
 * address); alerts 11 (high, ip 10.0.0.5, amber), 12 (critical, fqdn
 * PLC.cfe.mx, red, linked to asset 5) and 14 (medium), all central, org
 * 7, "Scan" or "Beacon"; alert 13 local; alert 15 of another source;
 * incident 21 MX-2026-00007 (central i-7).
 */
static const char fixture_sql[] =
    "INSERT INTO organization(id, source, remote_id, name, sector, "
    "created_at, updated_at) VALUES (7, 'central', 'org-12', 'CFE', "
    "'energy', 1, 1);"
    "INSERT INTO asset(id, source, remote_id, organization_id, name, "
    "sector, kind, criticality, ip, hostname, created_at, updated_at) "
    "VALUES (3, 'central', 'as-3', 7, 'scada-1', 'energy', 'ics', 5, "
    "'10.0.0.5', NULL, 1, 1),"
    "(4, 'local', NULL, 7, 'hmi-2', 'energy', 'ics', 4, NULL, "
    "'plc.cfe.mx', 2, 2),"
    "(5, 'central', 'as-5', 7, 'rtu-3', 'energy', 'ics', 3, NULL, NULL, "
    "2, 2);"
    "INSERT INTO alert(id, source, remote_id, version, title, severity, "
    "tlp, taxonomy_class, taxonomy_type, feed_name, observed_at, "
    "received_at, event_hash, organization_id, sector, asset_id, "
    "created_at, updated_at) VALUES "
    "(11, 'central', 'a-77', 3, 'Scan', 4, 2, 'information-gathering', "
    "'scanner', 'f', 1, 1, 'h1', 7, 'energy', NULL, 1, 1),"
    "(12, 'central', 'a-78', 3, 'Beacon', 5, 4, 'malicious-code', NULL, "
    "'f', 2, 2, 'h2', 7, 'energy', 5, 1, 1),"
    "(13, 'local', NULL, 0, 'Local', 2, 2, 'other', NULL, 'f', 3, 3, "
    "'h3', NULL, NULL, NULL, 1, 1),"
    "(14, 'central', 'a-79', 2, 'Scan', 3, 1, 'information-gathering', "
    "'scanner', 'f', 4, 4, 'h4', 7, 'energy', NULL, 1, 1),"
    "(15, 'misp', 'm-1', 1, 'Other', 3, 1, 'other', NULL, 'f', 5, 5, "
    "'h5', NULL, NULL, NULL, 1, 1);"
    "INSERT INTO alert_observable(alert_id, type, value) VALUES "
    "(11, 'ip', '10.0.0.5'), (12, 'fqdn', 'PLC.cfe.mx');"
    "INSERT INTO incident(id, source, remote_id, version, reference, "
    "title, category, severity, status, opened_at, created_at, "
    "updated_at) VALUES "
    "(21, 'central', 'i-7', 5, 'MX-2026-00007', 'Botnet', 'intrusions', "
    "4, 'new', 100, 100, 100);";

static void
setup_app(struct app *app)
{
	struct err e;

	app_init(app);
	free(app->analyst);
	app->analyst = xstrdup("ana");
	ck_assert_int_eq(store_open(":memory:", 0, &app->store, &e), 0);
	ck_assert_int_eq(test_store_sql(app->store, fixture_sql), 0);
}

static long long
count(struct app *app, const char *sql)
{
	return test_store_int(app->store, sql);
}

/* The payload of outbox entry i (0: oldest; owned). */
static char *
payload_at(struct app *app, size_t i)
{
	struct outbox_entry *rows = NULL;
	size_t n = 0;
	struct err e;
	char *p;

	ck_assert_int_eq(
	    store_outbox_list(app->store, OUTBOX_OPEN, 0, &rows, &n, &e), 0);
	ck_assert_uint_gt(n, i);
	p = xstrdup(rows[i].fields);
	for (size_t k = 0; k < n; k++)
		outbox_entry_release(&rows[k]);
	free(rows);
	return p;
}

START_TEST(test_triage_plan_prefills_from_the_alerts)
{
	struct app app;
	struct edit_promote_plan p;
	struct err e;
	int64_t ids[] = {11, 12, 14}, same[] = {11, 14}, mixed[] = {11, 15};
	char *text;

	setup_app(&app);
	edit_promote_plan_init(&p);
	ck_assert_int_eq(edit_promote_plan(&app, ids, 3, &p, &e), 0);
	ck_assert_str_eq(p.title, "Scan (+2 alerts)");
	ck_assert_int_eq(p.severity, SEVERITY_CRITICAL);
	ck_assert_int_eq(p.tlp, TLP_RED);
	/* the most severe alert's class; types differ, so none */
	ck_assert_str_eq(p.category, "malicious-code");
	ck_assert_ptr_null(p.category_type);
	ck_assert_int_eq(p.organization_id, 7);
	ck_assert_str_eq(p.organization, "CFE");
	ck_assert_str_eq(p.sector, "energy");
	ck_assert_str_eq(p.source, "central");
	ck_assert_uint_eq(p.n_alerts, 3);
	/* 10.0.0.5 -> 3, PLC.cfe.mx -> 4 (case), the link of 12 -> 5 */
	ck_assert_uint_eq(p.n_assets, 3);
	ck_assert_int_eq(p.asset_ids[0], 3);
	ck_assert_int_eq(p.asset_ids[1], 5);
	ck_assert_int_eq(p.asset_ids[2], 4);
	ck_assert_ptr_nonnull(strstr(p.description, "- alert:12 Beacon"));
	text = edit_promote_plan_describe(&p);
	ck_assert_str_eq(text, "new incident 'Scan (+2 alerts)': critical, "
	                       "malicious-code, tlp red, CFE; 3 alerts, 3 "
	                       "assets");
	free(text);
	/* a common title, class and type */
	ck_assert_int_eq(edit_promote_plan(&app, same, 2, &p, &e), 0);
	ck_assert_str_eq(p.title, "Scan (2 alerts)");
	ck_assert_str_eq(p.category, "information-gathering");
	ck_assert_str_eq(p.category_type, "scanner");
	ck_assert_int_eq(p.severity, SEVERITY_HIGH);
	/* two synced sources cannot share one */
	ck_assert_int_eq(edit_promote_plan(&app, mixed, 2, &p, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "'misp'"));
	edit_promote_plan_release(&p);
	app_release(&app);
}
END_TEST

START_TEST(test_triage_promote_several_to_one_new_incident)
{
	struct app app;
	struct edit_result res;
	struct err e;
	int64_t ids[] = {11, 13, 12};
	char *p, want[64];
	long long inc;

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(edit_alerts_promote(&app, ids, 3, 0, &res, &e), 0);
	ck_assert_uint_eq(res.refs.n, 1);
	ck_assert_uint_eq(res.changed, 3);
	ck_assert_uint_eq(res.queued, 2); /* the local alert sends nothing */
	inc = count(&app, "SELECT id FROM incident WHERE reference <> "
	                  "'MX-2026-00007'");
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident"), 2);
	ck_assert_int_eq(count(&app, "SELECT count(DISTINCT incident_id) "
	                             "FROM alert WHERE id IN (11, 12, 13) "
	                             "AND status = 'promoted'"),
	                 1);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident_asset"), 3);
	p = payload_at(&app, 0);
	ck_assert_msg(strncmp(p, "{\"incident\":{\"reference\":", 25) == 0,
	              "%s", p);
	/* only the assets known at the source travel */
	ck_assert_ptr_nonnull(strstr(p, "\"assets\":[\"as-3\",\"as-5\"]"));
	/* the local alert has no organization: none in common */
	ck_assert_ptr_null(strstr(p, "\"organization\""));
	free(p);
	/* the other alert goes to it by its row, held until it has an id */
	p = payload_at(&app, 1);
	ck_assert_str_eq(p, "{}");
	free(p);
	snprintf(want, sizeof(want),
	         "SELECT count(*) FROM outbox WHERE incident_id = %lld", inc);
	ck_assert_int_eq(count(&app, want), 2);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM audit WHERE "
	                             "action = 'alert.promote'"),
	                 3);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_triage_refused_alert_creates_nothing)
{
	struct app app;
	struct edit_result res;
	struct err e;
	int64_t ids[] = {11, 12};

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(test_store_sql(app.store, "UPDATE alert SET status = "
	                                           "'dismissed' WHERE id = 12"),
	                 0);
	ck_assert_int_eq(edit_alerts_promote(&app, ids, 2, 0, &res, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident"), 1);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM outbox"), 0);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM alert WHERE "
	                             "status = 'promoted'"),
	                 0);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_triage_outbox_holds_back_until_the_incident_is_known)
{
	struct app app;
	struct edit_result res;
	struct outbox_entry o;
	struct err e;
	int64_t ids[] = {11, 12};
	char *target = NULL;
	long long inc;

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(edit_alerts_promote(&app, ids, 2, 0, &res, &e), 0);
	inc = count(&app, "SELECT id FROM incident WHERE id <> 21");
	/* a note on the new incident waits for its id too */
	ck_assert_int_eq(
	    edit_incident_note(&app, res.refs.v[0], "seen", &res, &e), 0);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM outbox"), 3);
	/* the first goes; the second waits for the incident's id */
	ck_assert_int_eq(
	    store_outbox_next(app.store, "central", 1LL << 40, &o, &e), 0);
	ck_assert_int_eq(o.entity_id, 11);
	ck_assert_int_eq(
	    store_outbox_set_state(app.store, o.id, OUTBOX_DONE, NULL, 0, &e),
	    0);
	outbox_entry_release(&o);
	ck_assert_int_eq(
	    store_outbox_next(app.store, "central", 1LL << 40, &o, &e),
	    ERR_NOTFOUND);
	outbox_entry_release(&o);
	ck_assert_int_eq(store_record_set_remote(app.store, OUTBOX_INCIDENT,
	                                         inc, "central", "i-\"99", &e),
	                 0);
	ck_assert_int_eq(
	    store_outbox_next(app.store, "central", 1LL << 40, &o, &e), 0);
	ck_assert_int_eq(o.entity_id, 12);
	/* the entry names the incident by its row: its id now, unchanged */
	ck_assert_str_eq(o.fields, "{}");
	ck_assert_int_eq(
	    store_outbox_promote_target(app.store, &o, &target, &e), 0);
	ck_assert_str_eq(target, "i-\"99");
	free(target);
	ck_assert_int_eq(
	    store_outbox_set_state(app.store, o.id, OUTBOX_DONE, NULL, 0, &e),
	    0);
	outbox_entry_release(&o);
	ck_assert_int_eq(
	    store_outbox_next(app.store, "central", 1LL << 40, &o, &e), 0);
	ck_assert_int_eq(o.entity, OUTBOX_INCIDENT);
	ck_assert_int_eq(o.operation, OUTBOX_ADD_NOTE);
	outbox_entry_release(&o);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_triage_merge_into_an_incident_not_yet_at_the_source)
{
	struct app app;
	struct edit_result res;
	struct err e;
	int64_t ids[] = {14};
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(test_store_sql(app.store,
	                                "INSERT INTO incident(id, source, "
	                                "reference, title, category, "
	                                "severity, status, opened_at, "
	                                "created_at, updated_at) VALUES (30, "
	                                "'central', 'MX-2026-00030', 'New', "
	                                "'other', 3, 'new', 1, 1, 1)"),
	                 0);
	ck_assert_int_eq(edit_alerts_promote(&app, ids, 1, 30, &res, &e), 0);
	p = payload_at(&app, 0);
	ck_assert_str_eq(p, "{}");
	free(p);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM outbox WHERE "
	                             "incident_id = 30"),
	                 1);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_triage_unlink_alerts_from_their_incidents)
{
	struct app app;
	struct edit_result res;
	struct err e;
	int64_t to7[] = {11, 12}, all[] = {11, 13, 12};
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(edit_alerts_promote(&app, to7, 2, 21, &res, &e), 0);
	edit_result_release(&res);
	ck_assert_int_eq(edit_alerts_unlink(&app, all, 3, &res, &e), 0);
	ck_assert_uint_eq(res.changed, 1); /* one incident, one line */
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident_alert"), 0);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM alert WHERE "
	                             "incident_id IS NOT NULL"),
	                 0);
	p = payload_at(&app, 2);
	ck_assert_str_eq(p, "{\"alerts\":[\"a-77\",\"a-78\"],\"assets\":[]}");
	free(p);
	/* again: nothing to change */
	edit_result_release(&res);
	ck_assert_int_eq(edit_alerts_unlink(&app, all, 3, &res, &e), 0);
	ck_assert_uint_eq(res.changed, 0);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

/* A console as the triage commands see it: fixed targets, and what the
 * replies asked of it. */
struct fake_ui {
	int64_t ids[8];      /* the targets */
	size_t n;            /* how many */
	int entity;          /* their enum store_entity */
	size_t marked;       /* the targets are this many marks (0: not) */
	size_t unmarked;     /* replies that dropped the marks */
	size_t changed;      /* commands that changed the cache */
	char question[256];  /* the last question asked */
	struct strvec argv;  /* the command it would run */
	bool is_confirm;     /* a y/N question */
	size_t n_picks;      /* labels offered by the last pick */
	char first_pick[64]; /* the first value offered */
	int opened_entity;   /* what open was asked for, -1: nothing */
	int64_t opened_id;   /* its id */
	bool is_console;     /* false: outside the console */
};

static struct fake_ui *console;

static void
setup_console(struct app *app, struct fake_ui *f)
{
	setup_app(app);
	memset(f, 0, sizeof(*f));
	strvec_init(&f->argv);
	f->entity = STORE_ALERTS;
	f->opened_entity = -1;
	f->is_console = true;
	console = f;
}

/* The command as the console runs it: targets in, the reply recorded. */
static int
run(struct app *app, const char *line, struct strbuf *out, struct err *e)
{
	unsigned long changes = app->changes;
	struct fake_ui *f = console;
	struct cmd_ctx ctx;
	const struct cmd_reply *r = &ctx.reply;
	int rc;

	strbuf_reset(out);
	cmd_ctx_init(&ctx, app, CMD_IN_PROMPT);
	ctx.is_console = f->is_console;
	cmd_ctx_set_target(&ctx, f->entity, f->ids, f->n, f->marked > 0);
	ctx.n_marks = f->marked;
	rc = command_run_ctx_line(&ctx, line, out, e);
	f->changed += app->changes != changes;
	f->unmarked += r->is_unmark;
	if (r->ask || r->pick_title) {
		snprintf(f->question, sizeof(f->question), "%s",
		         r->ask ? r->ask : r->pick_title);
		f->is_confirm = r->is_ask_confirm;
		strvec_release(&f->argv);
		strvec_init(&f->argv);
		for (size_t i = 0; i < r->again.n; i++)
			strvec_push(&f->argv, r->again.v[i]);
	}
	if (r->pick_title) {
		f->n_picks = r->pick_labels.n;
		snprintf(f->first_pick, sizeof(f->first_pick), "%s",
		         r->pick_values.n ? r->pick_values.v[0] : "");
	}
	if (r->open_id) {
		f->opened_entity = r->open_entity;
		f->opened_id = r->open_id;
	}
	cmd_ctx_release(&ctx);
	return rc;
}

START_TEST(test_triage_console_marked_rows_share_one_comment)
{
	struct app app;
	struct fake_ui f;
	struct strbuf out;
	struct err e;

	setup_console(&app, &f);
	strbuf_init(&out);
	f.ids[0] = 11;
	f.ids[1] = 12;
	f.n = f.marked = 2;
	ck_assert_int_eq(run(&app, "ack shift check", &out, &e), 0);
	ck_assert_str_eq(out.buf,
	                 "acknowledged 2 alerts (2 queued for the server)\n");
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM outbox WHERE "
	                             "payload = '{\"comment\":\"shift "
	                             "check\"}'"),
	                 2);
	ck_assert_uint_eq(f.unmarked, 1);
	ck_assert_uint_eq(f.changed, 1);
	/* again: nothing to change, marks kept */
	ck_assert_int_eq(run(&app, "ack", &out, &e), 0);
	ck_assert_str_eq(out.buf, "nothing to change\n");
	ck_assert_uint_eq(f.unmarked, 1);
	/* not alerts */
	f.entity = STORE_INCIDENTS;
	ck_assert_int_eq(run(&app, "ack", &out, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "works on alerts"));
	/* outside the console */
	f.is_console = false;
	ck_assert_int_eq(run(&app, "ack", &out, &e), ERR_PERM);
	strbuf_release(&out);
	strvec_release(&f.argv);
	app_release(&app);
}
END_TEST

START_TEST(test_triage_console_dismiss_asks_promote_confirms_merge_picks)
{
	struct app app;
	struct fake_ui f;
	struct strbuf out;
	struct err e;

	setup_console(&app, &f);
	strbuf_init(&out);
	f.ids[0] = 11;
	f.n = 1;
	/* dismiss without a reason asks for it, and changes nothing */
	ck_assert_int_eq(run(&app, "dismiss", &out, &e), 0);
	ck_assert_str_eq(f.question, "reason for dismissing alert:11: ");
	ck_assert_uint_eq(f.argv.n, 1);
	ck_assert_str_eq(f.argv.v[0], "dismiss");
	ck_assert(!f.is_confirm);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM outbox"), 0);
	/* promote shows the plan and asks to confirm */
	f.ids[1] = 14;
	f.n = 2;
	ck_assert_int_eq(run(&app, "promote", &out, &e), 0);
	ck_assert_msg(strncmp(f.question,
	                      "create [y/N]? new incident 'Scan "
	                      "(2 alerts)': high",
	                      47) == 0,
	              "%s", f.question);
	ck_assert(f.is_confirm);
	ck_assert_uint_eq(f.argv.n, 2);
	ck_assert_str_eq(f.argv.v[1], "--yes");
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident"), 1);
	ck_assert_int_eq(run(&app, "promote --yes", &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "promoted 2 alerts to new "
	                                      "incident MX-"));
	ck_assert_int_eq(f.opened_entity, STORE_INCIDENTS);
	ck_assert_int_eq(f.opened_id, count(&app, "SELECT max(id) FROM "
	                                          "incident"));
	/* merge without REF offers the open incidents */
	f.ids[0] = 12;
	f.n = 1;
	ck_assert_int_eq(run(&app, "merge", &out, &e), 0);
	ck_assert_str_eq(f.question, "merge 1 alert into");
	ck_assert_uint_eq(f.n_picks, 2);
	ck_assert_str_eq(f.argv.v[0], "merge");
	ck_assert_int_eq(run(&app, "merge MX-2026-00007", &out, &e), 0);
	ck_assert_str_eq(out.buf, "MX-2026-00007: merged alert:12 (1 queued "
	                          "for the server)\n");
	ck_assert_int_eq(run(&app, "promote now", &out, &e), ERR_USAGE);
	strbuf_release(&out);
	strvec_release(&f.argv);
	app_release(&app);
}
END_TEST

START_TEST(test_triage_table_marks_by_id_and_cap)
{
	static const struct ui_table_column cols[] = {{"ID", 6, 0},
	                                              {"TEXT", 0, 0}};
	struct ui_table t;
	struct ui_table_source src = {0};
	struct draw_grid g;
	struct draw_ops ops;

	ui_table_init(&t, cols, 2, &src);
	ck_assert(!ui_table_is_marked(&t, 5));
	ck_assert(ui_table_set_mark(&t, 5, true));
	ck_assert(ui_table_set_mark(&t, 5, true)); /* once only */
	ck_assert(ui_table_set_mark(&t, 9, true));
	ck_assert_uint_eq(t.n_marks, 2);
	ck_assert(ui_table_set_mark(&t, 5, false));
	ck_assert(!ui_table_is_marked(&t, 5));
	ck_assert(ui_table_is_marked(&t, 9));
	for (int64_t id = 100; t.n_marks < UI_TABLE_MARKS_MAX; id++)
		ck_assert(ui_table_set_mark(&t, id, true));
	ck_assert(!ui_table_set_mark(&t, 99999, true));
	ck_assert_uint_eq(ui_table_clear_marks(&t), UI_TABLE_MARKS_MAX);
	ck_assert_uint_eq(t.n_marks, 0);
	/* a marked row: the glyph, then the row in list.marked */
	t.rows = xcalloc(1, sizeof(*t.rows));
	ui_table_row_init(&t.rows[0], 2);
	t.rows[0].id = 9;
	t.rows[0].cells[0] = xstrdup("9");
	t.rows[0].cells[1] = xstrdup("nine");
	t.n_rows = 1;
	t.height = 2;
	ck_assert(ui_table_set_mark(&t, 9, true));
	draw_grid_init(&g, 3, 20);
	draw_grid_ops(&g, &ops);
	ui_table_draw(&t, &ops, 0, 20, false);
	ck_assert_str_eq(draw_grid_line(&g, 1), "* 9    nine");
	ck_assert_str_eq(draw_grid_element(&g, 1, 7), "list.marked");
	draw_grid_release(&g);
	ui_table_release(&t);
}
END_TEST

Suite *
triage_suite(void)
{
	Suite *s = suite_create("triage");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_triage_plan_prefills_from_the_alerts);
	tcase_add_test(tc, test_triage_promote_several_to_one_new_incident);
	tcase_add_test(tc, test_triage_refused_alert_creates_nothing);
	tcase_add_test(
	    tc, test_triage_outbox_holds_back_until_the_incident_is_known);
	tcase_add_test(
	    tc, test_triage_merge_into_an_incident_not_yet_at_the_source);
	tcase_add_test(tc, test_triage_unlink_alerts_from_their_incidents);
	tcase_add_test(tc, test_triage_console_marked_rows_share_one_comment);
	tcase_add_test(
	    tc, test_triage_console_dismiss_asks_promote_confirms_merge_picks);
	tcase_add_test(tc, test_triage_table_marks_by_id_and_cap);
	suite_add_tcase(s, tc);
	return s;
}
