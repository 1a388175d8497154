/*
 * The console's incident commands (src/app/cmd_incident.c) run as the
 * console runs them: the targets resolved into a struct cmd_ctx, what the
 * reply asks (a question, the form) and the terminal hook recorded. Also the completion
 * queries they use and the editor drafts (app/editor.h) with editors that
 * are small shell scripts.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/editor.h"
#include "centinela/app/incident_cmd.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"
#include "testutil.h"

/*
 * Incidents 21 (central, new, assigned to bob) and 22 (local, waiting),
 * a note by carla on 21, organizations CFE and SAPAL.
 */
static const char fixture_sql[] =
    "INSERT INTO organization(id, source, remote_id, name, sector, "
    "created_at, updated_at) VALUES (7, 'central', 'org-12', 'CFE', "
    "'energy', 1, 1), (8, 'local', NULL, 'SAPAL', 'water', 1, 1);"
    "INSERT INTO incident(id, source, remote_id, version, reference, "
    "title, category, severity, status, assignee, opened_at, created_at, "
    "updated_at) VALUES "
    "(21, 'central', 'i-7', 5, 'MX-2026-00007', 'Botnet', 'intrusions', "
    "4, 'new', 'bob', 100, 100, 100),"
    "(22, 'local', NULL, 0, 'MX-2026-00008', 'Local one', 'other', 2, "
    "'waiting', NULL, 100, 100, 100);"
    "INSERT INTO note(incident_id, author, created_at, body) VALUES "
    "(21, 'carla', 101, 'seen');";

/* What the stand-in console was asked. */
struct fake {
	int entity;        /* what targets reports */
	int64_t ids[4];    /* its ids */
	size_t n;          /* how many */
	int changed;       /* commands that changed the cache */
	int terminal;      /* terminal calls */
	int forms;         /* form calls */
	char question[96]; /* the last question asked */
	char command[32];  /* and the command its answer runs */
};

static struct fake fk;

static void
fake_terminal(void *ctx, bool is_released)
{
	(void)ctx;
	(void)is_released;
	fk.terminal++;
}

/* The console's one hook; app.ui NULL stands for "not in the console". */
static const struct app_ui fake_ui = {
    .terminal = fake_terminal,
};

static void
setup(struct app *app, int64_t id)
{
	struct err e;

	memset(&fk, 0, sizeof(fk));
	fk.entity = STORE_INCIDENTS;
	fk.ids[0] = id;
	fk.n = 1;
	app_init(app);
	free(app->analyst);
	app->analyst = xstrdup("ana");
	ck_assert_int_eq(store_open(":memory:", 0, &app->store, &e), 0);
	ck_assert_int_eq(test_store_sql(app->store, fixture_sql), 0);
	app->ui = &fake_ui;
}

/*
 * Run line as the console does: the target resolved into the context
 * first, then what the reply asks recorded in fk.
 */
static int
run(struct app *app, const char *line, struct strbuf *out, struct err *e)
{
	unsigned long changes = app->changes;
	struct cmd_ctx ctx;
	int rc;

	strbuf_reset(out);
	err_clear(e);
	cmd_ctx_init(&ctx, app, CMD_IN_PROMPT);
	ctx.is_console = app->ui != NULL;
	cmd_ctx_set_target(&ctx, fk.entity, fk.ids, fk.n, false);
	rc = command_run_ctx_line(&ctx, line, out, e);
	fk.changed += app->changes != changes;
	if (ctx.reply.ask) {
		ck_assert(!ctx.reply.is_ask_confirm);
		snprintf(fk.question, sizeof(fk.question), "%s", ctx.reply.ask);
		snprintf(fk.command, sizeof(fk.command), "%s",
		         ctx.reply.again.n ? ctx.reply.again.v[0] : "");
	}
	if (ctx.reply.form) {
		ck_assert_str_eq(ctx.reply.form, "incident");
		fk.forms++;
	}
	cmd_ctx_release(&ctx);
	return rc;
}

static long long
q(struct app *app, const char *sql)
{
	return test_store_int(app->store, sql);
}

START_TEST(test_incident_cmd_assign_every_target)
{
	struct app app;
	struct strbuf out;
	struct err e;

	setup(&app, 21);
	fk.ids[1] = 22;
	fk.n = 2;
	strbuf_init(&out);
	ck_assert_int_eq(run(&app, "assign dora", &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "assign: 2 of 2 incidents"));
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "MX-2026-00007: assignee: bob -> dora"));
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM incident WHERE "
	                         "assignee = 'dora'"),
	                 2);
	/* one timeline note each, with who */
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM note WHERE author = "
	                         "'ana' AND body LIKE 'assignee:%'"),
	                 2);
	ck_assert_int_eq(fk.changed, 1);
	/* the central one is queued, the local one audited only */
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM outbox"), 1);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM audit"), 2);
	/* me is the analyst; - clears; nothing to change says so */
	fk.n = 1;
	ck_assert_int_eq(run(&app, "assign me", &out, &e), 0);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM incident WHERE id = "
	                         "21 AND assignee = 'ana'"),
	                 1);
	ck_assert_int_eq(run(&app, "assign me", &out, &e), 0);
	ck_assert_str_eq(out.buf, "MX-2026-00007: nothing to change\n");
	ck_assert_int_eq(run(&app, "assign -", &out, &e), 0);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM incident WHERE id = "
	                         "21 AND assignee IS NULL"),
	                 1);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_incident_cmd_take_moves_new_to_triage)
{
	struct app app;
	struct strbuf out;
	struct err e;

	setup(&app, 21);
	strbuf_init(&out);
	ck_assert_int_eq(run(&app, "take", &out, &e), 0);
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "assignee: bob -> ana; status: new -> triage"));
	/* not new: only the assignee */
	fk.ids[0] = 22;
	ck_assert_int_eq(run(&app, "take", &out, &e), 0);
	ck_assert_str_eq(out.buf, "MX-2026-00008: assignee: - -> ana\n");
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM incident WHERE id = "
	                         "22 AND status = 'waiting'"),
	                 1);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_incident_cmd_status_and_close)
{
	struct app app;
	struct strbuf out;
	struct err e;

	setup(&app, 22);
	strbuf_init(&out);
	/* a refused move names the allowed ones and changes nothing */
	ck_assert_int_eq(run(&app, "status new", &out, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "allowed: in_progress"));
	/* closing from waiting is refused before any question */
	ck_assert_int_eq(run(&app, "status closed", &out, &e), ERR_INVALID);
	ck_assert_str_eq(fk.question, "");
	ck_assert_int_eq(run(&app, "close", &out, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "to 'closed'"));
	/* from new: asked, and the answer runs `close ANSWER` */
	fk.ids[0] = 21;
	ck_assert_int_eq(run(&app, "status closed", &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(fk.question, "resolution"));
	ck_assert_str_eq(fk.command, "close");
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM incident WHERE id = "
	                         "21 AND status = 'new'"),
	                 1);
	ck_assert_int_eq(
	    run(&app, "close \"Duplicate of MX-2026-00001\"", &out, &e), 0);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM incident WHERE id = "
	                         "21 AND status = 'closed'"),
	                 1);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM note WHERE body = "
	                         "'Duplicate of MX-2026-00001'"),
	                 1);
	/* severity, tlp, pap */
	fk.ids[0] = 22;
	ck_assert_int_eq(run(&app, "severity critical", &out, &e), 0);
	ck_assert_int_eq(run(&app, "tlp red", &out, &e), 0);
	ck_assert_int_eq(run(&app, "pap green", &out, &e), 0);
	ck_assert_int_eq(run(&app, "tlp purple", &out, &e), ERR_USAGE);
	ck_assert_int_eq(q(&app, "SELECT severity * 100 + tlp * 10 + pap "
	                         "FROM incident WHERE id = 22"),
	                 541);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_incident_cmd_refusals)
{
	struct app app;
	struct strbuf out;
	struct err e;

	setup(&app, 21);
	strbuf_init(&out);
	fk.entity = STORE_ALERTS;
	ck_assert_int_eq(run(&app, "take", &out, &e), ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "acts on incidents"));
	fk.entity = STORE_INCIDENTS;
	fk.n = 0;
	ck_assert_int_eq(run(&app, "take", &out, &e), ERR_USAGE);
	/* outside the console */
	app.ui = NULL;
	ck_assert_int_eq(run(&app, "take", &out, &e), ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "only in the console"));
	/* read-only */
	app.ui = &fake_ui;
	fk.n = 1;
	app.is_readonly = true;
	ck_assert_int_eq(run(&app, "assign me", &out, &e), ERR_PERM);
	ck_assert_int_eq(run(&app, "new", &out, &e), ERR_PERM);
	app.is_readonly = false;
	ck_assert_int_eq(run(&app, "new", &out, &e), 0);
	ck_assert_int_eq(fk.forms, 1);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM audit"), 0);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_incident_cmd_note_and_links)
{
	struct app app;
	struct strbuf out;
	struct err e;

	setup(&app, 22);
	strbuf_init(&out);
	ck_assert_int_eq(run(&app, "note called the ISP", &out, &e), 0);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM note WHERE body = "
	                         "'called the ISP' AND author = 'ana'"),
	                 1);
	ck_assert_int_eq(
	    test_store_sql(app.store,
	                   "INSERT INTO asset(id, source, organization_id, "
	                   "name, sector, kind, criticality, created_at, "
	                   "updated_at) VALUES (4, 'local', 8, 'hmi-2', "
	                   "'water', 'ics', 4, 2, 2);"),
	    0);
	ck_assert_int_eq(run(&app, "link asset:4", &out, &e), 0);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM incident_asset"), 1);
	ck_assert_int_eq(run(&app, "unlink asset:4", &out, &e), 0);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM incident_asset"), 0);
	/* a bare unlink on an incident names what it needs (on alerts it
	 * takes them out of their incidents) */
	ck_assert_int_eq(run(&app, "unlink", &out, &e), ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "usage: unlink alert:ID|asset:ID"));
	ck_assert_int_eq(run(&app, "link nothing:1", &out, &e) < 0, 1);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_incident_cmd_analysts)
{
	struct app app;
	struct strvec v;
	struct err e;

	setup(&app, 21);
	strvec_init(&v);
	incident_cmd_analysts(&app, &v);
	ck_assert_uint_eq(v.n, 4);
	ck_assert_str_eq(v.v[0], "ana");
	ck_assert_str_eq(v.v[1], "bob");
	ck_assert_str_eq(v.v[2], "carla");
	ck_assert_str_eq(v.v[3], "me");
	strvec_release(&v);
	strvec_init(&v);
	ck_assert_int_eq(store_incident_analysts(app.store, 1, &v, &e), 0);
	ck_assert_uint_eq(v.n, 1);
	ck_assert_str_eq(v.v[0], "bob");
	strvec_release(&v);
	strvec_init(&v);
	ck_assert_int_eq(store_organization_names(app.store, "s", 10, &v, &e),
	                 0);
	ck_assert_uint_eq(v.n, 1);
	ck_assert_str_eq(v.v[0], "SAPAL");
	ck_assert_int_eq(store_organization_names(app.store, "", 10, &v, &e),
	                 0);
	ck_assert_uint_eq(v.n, 3);
	ck_assert_str_eq(v.v[1], "CFE");
	strvec_release(&v);
	app_release(&app);
}
END_TEST

/* A script in dir called name holding body (after the #! line). */
static void
script(const char *dir, const char *name, const char *body)
{
	size_t len = strlen(body) + 16;
	char *text = xmalloc(len), *path;

	snprintf(text, len, "#!/bin/sh\n%s", body);
	path = test_write_file(dir, name, text);
	ck_assert_int_eq(chmod(path, 0700), 0);
	free(path);
	free(text);
}

/* Files left in dir whose name starts with centinela-note-. */
static int
drafts(const char *dir)
{
	char cmd[512];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls '%s' | grep -c '^centinela-note-'", dir);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

START_TEST(test_incident_cmd_note_in_editor)
{
	char *dir = test_tmpdir(), *tmp = test_path(dir, "tmp");
	char *ok = test_path(dir, "ok.sh"), *crash = test_path(dir, "crash.sh");
	char *fail = test_path(dir, "fail.sh");
	struct app app;
	struct strbuf out;
	struct err e;

	ck_assert_int_eq(mkdir(tmp, 0700), 0);
	script(dir, "ok.sh", "printf 'from the editor\\n\\n\\n' >\"$1\"\n");
	script(dir, "crash.sh", "printf 'saved first' >\"$1\"; kill -9 $$\n");
	script(dir, "fail.sh", "exit 3\n");
	setenv("TMPDIR", tmp, 1);
	unsetenv("VISUAL");
	setup(&app, 22);
	strbuf_init(&out);

	/* a clean exit: added (trailing blank lines dropped), file gone */
	setenv("EDITOR", ok, 1);
	ck_assert_str_eq(editor_command(), ok);
	ck_assert_int_eq(run(&app, "note", &out, &e), 0);
	ck_assert_str_eq(out.buf, "MX-2026-00008: note added\n");
	ck_assert_int_eq(fk.terminal, 2);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM note WHERE body = "
	                         "'from the editor'"),
	                 1);
	ck_assert_int_eq(drafts(tmp), 0);

	/* killed: the text is still added and the draft kept */
	setenv("VISUAL", crash, 1);
	ck_assert_int_eq(run(&app, "note", &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "editor killed by signal 9: "
	                                      "draft kept in "));
	ck_assert_ptr_nonnull(strstr(out.buf, "/centinela-note-"));
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM note WHERE body = "
	                         "'saved first'"),
	                 1);
	ck_assert_int_eq(drafts(tmp), 1);

	/* failed with nothing written: nothing added, the draft kept */
	setenv("VISUAL", fail, 1);
	ck_assert_int_eq(run(&app, "note", &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "editor exited with status 3: "
	                                      "draft kept in "));
	ck_assert_ptr_nonnull(strstr(out.buf, "empty, nothing added"));
	ck_assert_int_eq(drafts(tmp), 2);
	ck_assert_int_eq(q(&app, "SELECT count(*) FROM note"), 3);

	/* an empty file from a clean exit: nothing added, file gone */
	setenv("VISUAL", "true", 1);
	ck_assert_int_eq(run(&app, "note", &out, &e), 0);
	ck_assert_str_eq(out.buf, "empty note: nothing added\n");
	ck_assert_int_eq(drafts(tmp), 2);

	unsetenv("VISUAL");
	unsetenv("EDITOR");
	ck_assert_str_eq(editor_command(), "vi");
	unsetenv("TMPDIR");
	strbuf_release(&out);
	app_release(&app);
	free(ok);
	free(crash);
	free(fail);
	free(tmp);
	test_rmtree(dir);
}
END_TEST

Suite *
incident_cmd_suite(void)
{
	Suite *s = suite_create("incident_cmd");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_incident_cmd_assign_every_target);
	tcase_add_test(tc, test_incident_cmd_take_moves_new_to_triage);
	tcase_add_test(tc, test_incident_cmd_status_and_close);
	tcase_add_test(tc, test_incident_cmd_refusals);
	tcase_add_test(tc, test_incident_cmd_note_and_links);
	tcase_add_test(tc, test_incident_cmd_analysts);
	tcase_add_test(tc, test_incident_cmd_note_in_editor);
	suite_add_tcase(s, tc);
	return s;
}
