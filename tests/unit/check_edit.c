/*
 * Local edits (app/edit.h): each changes its row, appends exactly one
 * outbox entry with the API's request body and one audit entry, in one
 * transaction; refused edits and no-op edits write nothing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/audit.h"
#include "centinela/store/edit.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "testutil.h"

/*
 * Organizations 7 (central org-12) and 8 (local); assets 3 (central as-3)
 * and 4 (local); alerts 11, 12 (central, version 3) and 13 (local);
 * incidents 21 MX-2026-00007 (central i-7, version 5) and 22
 * MX-2026-00008 (local), both new.
 */
static const char fixture_sql[] =
    "INSERT INTO organization(id, source, remote_id, name, sector, "
    "created_at, updated_at) VALUES (7, 'central', 'org-12', 'CFE', "
    "'energy', 1, 1), (8, 'local', NULL, 'SAPAL', 'water', 1, 1);"
    "INSERT INTO asset(id, source, remote_id, organization_id, name, "
    "sector, kind, criticality, created_at, updated_at) VALUES "
    "(3, 'central', 'as-3', 7, 'scada-1', 'energy', 'ics', 5, 1, 1),"
    "(4, 'local', NULL, 7, 'hmi-2', 'energy', 'ics', 4, 2, 2);"
    "INSERT INTO alert(id, source, remote_id, version, title, severity, "
    "taxonomy_class, taxonomy_type, feed_name, observed_at, received_at, "
    "event_hash, organization_id, sector, created_at, updated_at) VALUES "
    "(11, 'central', 'a-77', 3, 'Scan', 4, 'information-gathering', "
    "'scanner', 'f', 1, 1, 'h1', 7, 'energy', 1, 1),"
    "(12, 'central', 'a-78', 3, 'Beacon', 3, 'malicious-code', NULL, 'f', "
    "2, 2, 'h2', NULL, NULL, 1, 1),"
    "(13, 'local', NULL, 0, 'Local', 2, 'other', NULL, 'f', 3, 3, 'h3', "
    "NULL, NULL, 1, 1);"
    "INSERT INTO incident(id, source, remote_id, version, reference, "
    "title, category, severity, status, opened_at, created_at, "
    "updated_at) VALUES "
    "(21, 'central', 'i-7', 5, 'MX-2026-00007', 'Botnet', 'intrusions', "
    "4, 'new', 100, 100, 100),"
    "(22, 'local', NULL, 0, 'MX-2026-00008', 'Local one', 'other', 2, "
    "'new', 100, 100, 100);";

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

static long long
n_outbox(struct app *app)
{
	return count(app, "SELECT count(*) FROM outbox");
}

static long long
n_audit(struct app *app)
{
	return count(app, "SELECT count(*) FROM audit");
}

static void
assert_chain_ok(struct app *app)
{
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(store_audit_verify(app->store, &r, &e), 0);
}

/* The outbox entry number i (0: oldest) must match. */
static void
assert_entry(struct app *app, size_t i, const char *entity, int64_t id,
             const char *op, const char *payload, int64_t base)
{
	struct outbox_entry *rows = NULL;
	size_t n = 0;
	struct err e;

	ck_assert_int_eq(
	    store_outbox_list(app->store, OUTBOX_OPEN, 0, &rows, &n, &e), 0);
	ck_assert_uint_gt(n, i);
	ck_assert_str_eq(rows[i].source, "central");
	ck_assert_str_eq(outbox_entity_name(rows[i].entity), entity);
	ck_assert_int_eq(rows[i].entity_id, id);
	ck_assert_str_eq(outbox_op_name(rows[i].operation), op);
	if (payload)
		ck_assert_str_eq(rows[i].fields, payload);
	ck_assert_int_eq(rows[i].base_version, base);
	ck_assert_uint_eq(strlen(rows[i].key), UUID_STR_LEN);
	for (size_t k = 0; k < n; k++)
		outbox_entry_release(&rows[k]);
	free(rows);
}

/* The payload of the newest outbox entry (owned). */
static char *
last_payload(struct app *app)
{
	struct outbox_entry *rows = NULL;
	size_t n = 0;
	struct err e;
	char *p;

	ck_assert_int_eq(
	    store_outbox_list(app->store, OUTBOX_OPEN, 0, &rows, &n, &e), 0);
	ck_assert_uint_gt(n, 0);
	p = xstrdup(rows[n - 1].fields);
	for (size_t k = 0; k < n; k++)
		outbox_entry_release(&rows[k]);
	free(rows);
	return p;
}

START_TEST(test_edit_update_status_and_assignee)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	f.status = "triage";
	f.assignee = "me";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e), 0);
	ck_assert_uint_eq(res.changed, 1);
	ck_assert_uint_eq(res.queued, 1);
	ck_assert_str_eq(res.lines.v[0], "MX-2026-00007: assignee: - -> ana; "
	                                 "status: new -> triage");
	ck_assert_int_eq(
	    count(&app, "SELECT count(*) FROM incident WHERE id = 21 AND "
	                "status = 'triage' AND assignee = 'ana' AND "
	                "local_state = 'dirty' AND version = 5 AND "
	                "updated_at > 100 AND first_response_at > 100"),
	    1);
	ck_assert_int_eq(n_outbox(&app), 1);
	assert_entry(&app, 0, "incident", 21, "update", NULL, 5);
	p = last_payload(&app);
	ck_assert_msg(strncmp(p,
	                      "{\"assignee\":\"ana\",\"status\":\"triage\","
	                      "\"first_response_at\":\"20",
	                      46) == 0,
	              "payload %s", p);
	ck_assert_int_eq(p[strlen(p) - 3], 'Z');
	free(p);
	ck_assert_int_eq(n_audit(&app), 1);
	ck_assert_int_eq(
	    count(&app, "SELECT count(*) FROM audit WHERE actor = 'ana' AND "
	                "action = 'incident.update' AND entity = 'incident' "
	                "AND entity_ref = 'MX-2026-00007' AND detail = "
	                "'assignee: - -> ana; status: new -> triage'"),
	    1);
	/* the timeline note: a local record, nothing to send */
	ck_assert_int_eq(
	    count(&app, "SELECT count(*) FROM note WHERE incident_id = 21 AND "
	                "author = 'ana' AND local_state = 'synced' AND body = "
	                "'assignee: - \xe2\x86\x92 ana; status: new "
	                "\xe2\x86\x92 triage'"),
	    1);
	assert_chain_ok(&app);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_update_fields_payload)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	f.title = "Botnet C2";
	f.category = "malicious-code/c2-server";
	f.severity = "critical";
	f.priority = "1";
	f.tlp = "red";
	f.pap = "green";
	f.organization = "CFE";
	ck_assert_int_eq(
	    edit_incident_update(&app, "incident:21", &f, &res, &e), 0);
	p = last_payload(&app);
	ck_assert_str_eq(p, "{\"title\":\"Botnet C2\",\"category\":"
	                    "\"malicious-code\",\"category_type\":"
	                    "\"c2-server\",\"severity\":\"critical\","
	                    "\"priority\":1,\"tlp\":\"red\",\"pap\":\"green\","
	                    "\"organization\":\"CFE\",\"organization_id\":"
	                    "\"org-12\",\"sector\":"
	                    "\"energy\"}");
	free(p);
	ck_assert_int_eq(
	    count(&app, "SELECT count(*) FROM incident WHERE id = 21 AND "
	                "title = 'Botnet C2' AND category = 'malicious-code' "
	                "AND category_type = 'c2-server' AND severity = 5 AND "
	                "priority = 1 AND tlp = 4 AND pap = 1 AND "
	                "organization_id = 7"),
	    1);
	ck_assert_int_eq(n_outbox(&app), 1);
	ck_assert_int_eq(n_audit(&app), 1);
	assert_chain_ok(&app);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_refusals_write_nothing)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;

	setup_app(&app);
	edit_result_init(&res);
	f.status = "resolved";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e),
	    ERR_INVALID);
	ck_assert_str_eq(e.msg, "cannot move MX-2026-00007 from 'new' to "
	                        "'resolved' (allowed: triage, in_progress, "
	                        "closed)");
	/* a valid field next to a refused one: still nothing */
	f.title = "Changed";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e),
	    ERR_INVALID);
	f.status = "closed";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e),
	    ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "needs a resolution"));
	f.status = NULL;
	f.category = "intrusoins";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e),
	    ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown RSIT class"));
	f.category = NULL;
	f.organization = "Nowhere";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e),
	    ERR_NOTFOUND);
	f.organization = NULL;
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00099", &f, &res, &e),
	    ERR_NOTFOUND);
	ck_assert_int_eq(edit_incident_update(&app, "bogus", &f, &res, &e),
	                 ERR_USAGE);
	ck_assert_uint_eq(res.changed, 0);
	ck_assert_int_eq(n_outbox(&app), 0);
	ck_assert_int_eq(n_audit(&app), 0);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM note"), 0);
	ck_assert_int_eq(
	    count(&app, "SELECT count(*) FROM incident WHERE id = 21 AND "
	                "title = 'Botnet' AND status = 'new' AND local_state "
	                "= 'synced' AND updated_at = 100"),
	    1);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_close_needs_resolution)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	f.status = "closed";
	f.resolution = "duplicate of MX-2026-00001";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e), 0);
	ck_assert_uint_eq(res.queued, 2);
	assert_entry(&app, 0, "incident", 21, "add_note", NULL, 5);
	assert_entry(&app, 1, "incident", 21, "update", NULL, 5);
	p = last_payload(&app);
	ck_assert_ptr_nonnull(strstr(p, "\"status\":\"closed\""));
	ck_assert_ptr_nonnull(strstr(p, "\"closed_at\":\"20"));
	free(p);
	ck_assert_int_eq(
	    count(&app, "SELECT count(*) FROM note WHERE incident_id = 21 AND "
	                "local_state = 'dirty' AND body = 'duplicate of "
	                "MX-2026-00001'"),
	    1);
	ck_assert_int_eq(n_audit(&app), 1);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident WHERE id = "
	                             "21 AND closed_at > 0"),
	                 1);
	/* closed is final */
	f.status = "triage";
	f.resolution = NULL;
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e),
	    ERR_INVALID);
	ck_assert_str_eq(e.msg, "cannot move MX-2026-00007 from 'closed' to "
	                        "'triage' (closed is final)");
	/* a resolution without closing is a usage error */
	f.status = NULL;
	f.resolution = "why";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00008", &f, &res, &e),
	    ERR_USAGE);
	ck_assert_int_eq(n_outbox(&app), 2);
	ck_assert_int_eq(n_audit(&app), 1);
	assert_chain_ok(&app);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_noop_writes_nothing)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;

	setup_app(&app);
	edit_result_init(&res);
	f.status = "new";
	f.title = "Botnet";
	f.severity = "high";
	f.assignee = "-";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e), 0);
	ck_assert_uint_eq(res.changed, 0);
	ck_assert_int_eq(n_outbox(&app), 0);
	ck_assert_int_eq(n_audit(&app), 0);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident WHERE "
	                             "local_state = 'dirty'"),
	                 0);
	ck_assert(!store_in_transaction(app.store));
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_local_rows_not_queued)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;
	int64_t ids[] = {13};
	const struct store_row_ref items[] = {{STORE_ALERTS, 13},
	                                      {STORE_ASSETS, 4}};

	setup_app(&app);
	edit_result_init(&res);
	f.status = "triage";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00008", &f, &res, &e), 0);
	ck_assert_int_eq(
	    edit_incident_note(&app, "MX-2026-00008", "seen", &res, &e), 0);
	ck_assert_int_eq(edit_incident_link(&app, "MX-2026-00008", items, 2,
	                                    false, &res, &e),
	                 0);
	ck_assert_int_eq(edit_alerts_acknowledge(&app, ids, 1, NULL, &res, &e),
	                 0);
	ck_assert_uint_eq(res.changed, 4);
	ck_assert_uint_eq(res.queued, 0);
	ck_assert_int_eq(n_outbox(&app), 0);
	ck_assert_int_eq(n_audit(&app), 4);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident WHERE id = "
	                             "22 AND local_state = 'dirty' AND status "
	                             "= 'triage'"),
	                 1);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM alert WHERE id = 13 "
	                             "AND status = 'acknowledged'"),
	                 1);
	assert_chain_ok(&app);
	ck_assert_ptr_null(store_outbox_target("local"));
	ck_assert_ptr_null(store_outbox_target(NULL));
	ck_assert_str_eq(store_outbox_target("central"), "central");
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_readonly_refused)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;
	int64_t ids[] = {11};
	char *dir = test_tmpdir(), *path = test_path(dir, "c.db");

	edit_result_init(&res);
	setup_app(&app);
	app.is_readonly = true;
	f.status = "triage";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e),
	    ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "read-only"));
	ck_assert_int_eq(edit_alerts_acknowledge(&app, ids, 1, NULL, &res, &e),
	                 ERR_PERM);
	ck_assert_int_eq(n_outbox(&app), 0);
	ck_assert_int_eq(n_audit(&app), 0);
	app_release(&app);

	/* a store opened read-only refuses too */
	app_init(&app);
	ck_assert_int_eq(store_open(path, 0, &app.store, &e), 0);
	ck_assert_int_eq(test_store_sql(app.store, fixture_sql), 0);
	store_close(app.store);
	ck_assert_int_eq(store_open(path, STORE_OPEN_READONLY, &app.store, &e),
	                 0);
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e),
	    ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "read-only"));
	ck_assert_int_eq(
	    edit_incident_note(&app, "MX-2026-00007", "x", &res, &e), ERR_PERM);
	ck_assert_uint_eq(res.changed, 0);
	app_release(&app);
	free(path);
	test_rmtree(dir);
	edit_result_release(&res);
}
END_TEST

START_TEST(test_edit_note)
{
	struct app app;
	struct edit_result res;
	struct err e;
	char *p, *big;

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(edit_incident_note(&app, "MX-2026-00007",
	                                    "Called the \"SOC\"", &res, &e),
	                 0);
	assert_entry(&app, 0, "incident", 21, "add_note", NULL, 5);
	p = last_payload(&app);
	ck_assert_msg(
	    strncmp(p, "{\"author\":\"ana\",\"created_at\":\"20", 31) == 0,
	    "%s", p);
	ck_assert_ptr_nonnull(
	    strstr(p, "Z\",\"body\":\"Called the \\\"SOC\\\"\"}"));
	free(p);
	ck_assert_int_eq(
	    count(&app, "SELECT count(*) FROM note WHERE incident_id = 21 AND "
	                "local_state = 'dirty' AND author = 'ana'"),
	    1);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident WHERE id = "
	                             "21 AND local_state = 'dirty'"),
	                 1);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM audit WHERE action "
	                             "= 'incident.note'"),
	                 1);
	ck_assert_int_eq(
	    edit_incident_note(&app, "MX-2026-00007", "", &res, &e), ERR_USAGE);
	big = xmalloc(EDIT_NOTE_MAX + 2);
	memset(big, 'x', EDIT_NOTE_MAX + 1);
	big[EDIT_NOTE_MAX + 1] = '\0';
	ck_assert_int_eq(
	    edit_incident_note(&app, "MX-2026-00007", big, &res, &e),
	    ERR_LIMIT);
	free(big);
	ck_assert_int_eq(n_outbox(&app), 1);
	assert_chain_ok(&app);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_link_unlink)
{
	struct app app;
	struct edit_result res;
	struct err e;
	const struct store_row_ref items[] = {{STORE_ALERTS, 11},
	                                      {STORE_ASSETS, 3}};
	const struct store_row_ref bad[] = {{STORE_ALERTS, 12},
	                                    {STORE_ALERTS, 13}};
	const struct store_row_ref missing[] = {{STORE_ALERTS, 99}};
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(edit_incident_link(&app, "MX-2026-00007", items, 2,
	                                    false, &res, &e),
	                 0);
	p = last_payload(&app);
	ck_assert_str_eq(p, "{\"alerts\":[\"a-77\"],\"assets\":[\"as-3\"]}");
	free(p);
	assert_entry(&app, 0, "incident", 21, "link", NULL, 5);
	ck_assert_int_eq(count(&app,
	                       "SELECT count(*) FROM incident_alert "
	                       "WHERE incident_id = 21 AND alert_id = 11"),
	                 1);
	ck_assert_int_eq(count(&app, "SELECT incident_id FROM alert WHERE id = "
	                             "11"),
	                 21);
	/* again: nothing to change */
	ck_assert_int_eq(edit_incident_link(&app, "MX-2026-00007", items, 2,
	                                    false, &res, &e),
	                 0);
	ck_assert_int_eq(n_outbox(&app), 1);
	/* a local alert cannot be linked to a synced incident: all or none */
	ck_assert_int_eq(
	    edit_incident_link(&app, "MX-2026-00007", bad, 2, false, &res, &e),
	    ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "alert:13 is not known at source "
	                                    "'central'"));
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident_alert "
	                             "WHERE alert_id = 12"),
	                 0);
	ck_assert_int_eq(edit_incident_link(&app, "MX-2026-00007", missing, 1,
	                                    false, &res, &e),
	                 ERR_NOTFOUND);
	ck_assert_int_eq(
	    edit_incident_link(&app, "MX-2026-00007", items, 1, true, &res, &e),
	    0);
	p = last_payload(&app);
	ck_assert_str_eq(p, "{\"alerts\":[\"a-77\"],\"assets\":[]}");
	free(p);
	assert_entry(&app, 1, "incident", 21, "unlink", NULL, 5);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM alert WHERE id = 11 "
	                             "AND incident_id IS NULL"),
	                 1);
	ck_assert_int_eq(n_outbox(&app), 2);
	ck_assert_int_eq(n_audit(&app), 2);
	assert_chain_ok(&app);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_create)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	f.title = "Phishing wave";
	f.category = "fraud/phishing";
	f.severity = "high";
	f.tlp = "green";
	f.organization = "CFE";
	ck_assert_int_eq(edit_incident_create(&app, &f, "central", &res, &e),
	                 0);
	ck_assert_uint_eq(res.refs.n, 1);
	ck_assert_msg(strncmp(res.refs.v[0], "MX-20", 5) == 0, "%s",
	              res.refs.v[0]);
	p = last_payload(&app);
	ck_assert_msg(strstr(p, "\"title\":\"Phishing wave\",\"category\":"
	                        "\"fraud\",\"category_type\":\"phishing\","
	                        "\"severity\":\"high\",\"priority\":3,"
	                        "\"status\":\"new\",\"tlp\":\"green\",\"pap\":"
	                        "\"amber\",\"organization\":\"CFE\","
	                        "\"organization_id\":\"org-12\","
	                        "\"sector\":\"energy\",\"opened_at\":\"20"),
	              "%s", p);
	ck_assert_ptr_null(strstr(p, "\"id\""));
	ck_assert_ptr_null(strstr(p, "\"version\""));
	free(p);
	assert_entry(&app, 0, "incident", 23, "create", NULL, 0);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident WHERE "
	                             "source = 'central' AND remote_id IS NULL "
	                             "AND local_state = 'dirty' AND title = "
	                             "'Phishing wave'"),
	                 1);
	/* no push source: a local incident, audited, not queued */
	f.organization = NULL;
	ck_assert_int_eq(edit_incident_create(&app, &f, NULL, &res, &e), 0);
	ck_assert_uint_eq(res.refs.n, 2);
	ck_assert_str_ne(res.refs.v[0], res.refs.v[1]);
	ck_assert_int_eq(n_outbox(&app), 1);
	ck_assert_int_eq(n_audit(&app), 2);
	f.title = NULL;
	ck_assert_int_eq(edit_incident_create(&app, &f, NULL, &res, &e),
	                 ERR_USAGE);
	f.title = "x";
	f.severity = "hgih";
	ck_assert_int_eq(edit_incident_create(&app, &f, NULL, &res, &e),
	                 ERR_USAGE);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident"), 4);
	assert_chain_ok(&app);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_alert_ack_dismiss)
{
	struct app app;
	struct edit_result res;
	struct err e;
	int64_t both[] = {11, 12}, one[] = {12}, bad[] = {11, 99};
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	/* all or nothing: an unknown id leaves alert 11 new */
	ck_assert_int_eq(edit_alerts_acknowledge(&app, bad, 2, NULL, &res, &e),
	                 ERR_NOTFOUND);
	ck_assert_str_eq(e.msg, "no alert:99 in the cache (see 'centinela "
	                        "list alerts')");
	ck_assert_uint_eq(res.changed, 0);
	ck_assert_int_eq(n_outbox(&app), 0);
	ck_assert_int_eq(n_audit(&app), 0);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM alert WHERE status "
	                             "= 'new'"),
	                 3);
	ck_assert_int_eq(
	    edit_alerts_acknowledge(&app, both, 2, "looking", &res, &e), 0);
	ck_assert_uint_eq(res.changed, 2);
	assert_entry(&app, 0, "alert", 11, "acknowledge",
	             "{\"comment\":\"looking\"}", 3);
	assert_entry(&app, 1, "alert", 12, "acknowledge",
	             "{\"comment\":\"looking\"}", 3);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM alert WHERE status "
	                             "= 'acknowledged' AND local_state = "
	                             "'dirty' AND version = 3"),
	                 2);
	/* already acknowledged: nothing to change */
	ck_assert_int_eq(edit_alerts_acknowledge(&app, one, 1, NULL, &res, &e),
	                 0);
	ck_assert_uint_eq(res.changed, 2);
	ck_assert_int_eq(edit_alerts_dismiss(&app, one, 1, "", &res, &e),
	                 ERR_USAGE);
	ck_assert_int_eq(
	    edit_alerts_dismiss(&app, one, 1, "false positive", &res, &e), 0);
	p = last_payload(&app);
	ck_assert_str_eq(p, "{\"reason\":\"false positive\"}");
	free(p);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM audit WHERE action "
	                             "= 'alert.dismiss' AND entity_ref = '12' "
	                             "AND detail = 'status: acknowledged -> "
	                             "dismissed; reason: false positive'"),
	                 1);
	/* a dismissed alert cannot be acknowledged */
	ck_assert_int_eq(edit_alerts_acknowledge(&app, one, 1, NULL, &res, &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "cannot acknowledge alert:12: it is dismissed");
	ck_assert_int_eq(n_outbox(&app), 3);
	ck_assert_int_eq(n_audit(&app), 3);
	assert_chain_ok(&app);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_alert_ack_empty_payload)
{
	struct app app;
	struct edit_result res;
	struct err e;
	int64_t one[] = {11};

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(edit_alerts_acknowledge(&app, one, 1, NULL, &res, &e),
	                 0);
	assert_entry(&app, 0, "alert", 11, "acknowledge", "{}", 3);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_alert_promote)
{
	struct app app;
	struct edit_result res;
	struct err e;
	int64_t first[] = {11}, second[] = {12}, local[] = {13};
	char *p;

	setup_app(&app);
	edit_result_init(&res);
	ck_assert_int_eq(edit_alerts_promote(&app, first, 1, 21, &res, &e), 0);
	/* the incident goes by its row, the entry's incident */
	assert_entry(&app, 0, "alert", 11, "promote", "{}", 3);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM outbox WHERE "
	                             "entity = 'alert' AND incident_id = 21"),
	                 1);
	ck_assert_int_eq(count(&app,
	                       "SELECT count(*) FROM alert WHERE id = 11 "
	                       "AND status = 'promoted' AND incident_id = "
	                       "21 AND local_state = 'dirty'"),
	                 1);
	ck_assert_int_eq(count(&app,
	                       "SELECT count(*) FROM incident_alert "
	                       "WHERE incident_id = 21 AND alert_id = 11"),
	                 1);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM note WHERE "
	                             "incident_id = 21 AND body = 'promoted "
	                             "alert:11 (Scan)'"),
	                 1);
	/* again to the same incident: nothing to change */
	ck_assert_int_eq(edit_alerts_promote(&app, first, 1, 21, &res, &e), 0);
	ck_assert_uint_eq(res.changed, 1);
	/* a synced alert cannot go to a local incident */
	ck_assert_int_eq(edit_alerts_promote(&app, second, 1, 22, &res, &e),
	                 ERR_INVALID);
	/* to a new incident */
	ck_assert_int_eq(edit_alerts_promote(&app, second, 1, 0, &res, &e), 0);
	ck_assert_uint_eq(res.refs.n, 1);
	p = last_payload(&app);
	ck_assert_msg(strncmp(p, "{\"incident\":{\"reference\":\"MX-20", 30) ==
	                  0,
	              "%s", p);
	ck_assert_ptr_nonnull(strstr(p, "\"title\":\"Beacon\",\"category\":"
	                                "\"malicious-code\",\"severity\":"
	                                "\"medium\""));
	free(p);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM incident i JOIN "
	                             "alert a ON a.incident_id = i.id WHERE "
	                             "a.id = 12 AND i.source = 'central' AND "
	                             "i.remote_id IS NULL AND a.status = "
	                             "'promoted'"),
	                 1);
	/* a local alert goes to a local incident, nothing queued */
	ck_assert_int_eq(edit_alerts_promote(&app, local, 1, 22, &res, &e), 0);
	ck_assert_int_eq(n_outbox(&app), 2);
	ck_assert_int_eq(n_audit(&app), 3);
	assert_chain_ok(&app);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

START_TEST(test_edit_fields_set_names)
{
	struct edit_fields f = {0};
	struct err e;

	ck_assert_int_eq(edit_fields_set(&f, "status", "triage", &e), 0);
	ck_assert_str_eq(f.status, "triage");
	ck_assert_int_eq(edit_fields_set(&f, "organization", "CFE", &e), 0);
	ck_assert_str_eq(f.organization, "CFE");
	ck_assert_int_eq(edit_fields_set(&f, "colour", "red", &e), ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown field 'colour'"));
}
END_TEST

START_TEST(test_edit_failing_store_step_rolls_back)
{
	struct app app;
	struct edit_fields f = {0};
	struct edit_result res;
	struct err e;
	int64_t ids[] = {11};

	setup_app(&app);
	edit_result_init(&res);
	/* the outbox append fails after the row and the note were written */
	ck_assert_int_eq(test_store_sql(app.store, "DROP TABLE outbox"), 0);
	f.status = "triage";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e), ERR_DB);
	ck_assert_int_eq(edit_alerts_acknowledge(&app, ids, 1, NULL, &res, &e),
	                 ERR_DB);
	ck_assert(!store_in_transaction(app.store));
	ck_assert_int_eq(n_audit(&app), 0);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM note"), 0);
	ck_assert_int_eq(
	    count(&app, "SELECT count(*) FROM incident WHERE id = 21 AND "
	                "status = 'new' AND local_state = 'synced'"),
	    1);
	ck_assert_int_eq(count(&app, "SELECT count(*) FROM alert WHERE id = 11 "
	                             "AND status = 'new' AND local_state = "
	                             "'synced'"),
	                 1);
	ck_assert_uint_eq(res.changed, 0);
	edit_result_release(&res);
	app_release(&app);
}
END_TEST

Suite *
edit_suite(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_edit_update_status_and_assignee);
	tcase_add_test(tc, test_edit_update_fields_payload);
	tcase_add_test(tc, test_edit_refusals_write_nothing);
	tcase_add_test(tc, test_edit_close_needs_resolution);
	tcase_add_test(tc, test_edit_noop_writes_nothing);
	tcase_add_test(tc, test_edit_local_rows_not_queued);
	tcase_add_test(tc, test_edit_readonly_refused);
	tcase_add_test(tc, test_edit_note);
	tcase_add_test(tc, test_edit_link_unlink);
	tcase_add_test(tc, test_edit_create);
	tcase_add_test(tc, test_edit_alert_ack_dismiss);
	tcase_add_test(tc, test_edit_alert_ack_empty_payload);
	tcase_add_test(tc, test_edit_alert_promote);
	tcase_add_test(tc, test_edit_fields_set_names);
	tcase_add_test(tc, test_edit_failing_store_step_rolls_back);
	suite_add_tcase(s, tc);
	return s;
}
