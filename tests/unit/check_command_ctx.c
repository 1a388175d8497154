/*
 * The structure of the command table (one handler per row, completers
 * where arguments can be completed) and struct cmd_ctx: what a command
 * acts on is resolved before dispatch (origin, list, target, outbox
 * entry), and what it needs of the console comes back in its reply.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/cmd_ctx.h"
#include "centinela/app/command.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/list.h"
#include "centinela/store/store.h"
#include "testutil.h"

/* Incidents 21 and 22 (new), alert 11 (new, not linked), outbox entry 7. */
static const char fixture_sql[] =
    "INSERT INTO incident(id, source, remote_id, version, reference, "
    "title, category, severity, status, opened_at, created_at, "
    "updated_at) VALUES (21, 'local', NULL, 0, 'MX-2026-00021', 'Worm', "
    "'malicious-code', 3, 'new', 100, 100, 100), (22, 'local', NULL, 0, "
    "'MX-2026-00022', 'Scan', 'malicious-code', 2, 'new', 100, 100, 100);"
    "INSERT INTO alert(id, source, remote_id, version, title, severity, "
    "tlp, taxonomy_class, taxonomy_type, feed_name, observed_at, "
    "received_at, event_hash, created_at, updated_at) VALUES (11, "
    "'local', NULL, 0, 'Scan', 2, 2, 'information-gathering', 'scanner', "
    "'f', 100, 100, 'h11', 100, 100);"
    "INSERT INTO outbox(id, idempotency_key, source, entity, entity_id, "
    "incident_id, operation, payload, base_version, state, created_at, "
    "updated_at) VALUES (7, 'k7', 'central', 'incident', 21, 21, "
    "'update', '{}', 0, 'failed', 100, 100);";

static void
setup(struct app *app)
{
	struct err e;

	app_init(app);
	ck_assert_int_eq(store_open(":memory:", 0, &app->store, &e), 0);
	ck_assert_int_eq(test_store_sql(app->store, fixture_sql), 0);
}

/* A console context on list with the target ids of entity. */
static void
console_ctx(struct cmd_ctx *ctx, struct app *app, unsigned origin, int list,
            int entity, const int64_t *ids, size_t n, bool is_marked)
{
	cmd_ctx_init(ctx, app, origin);
	ctx->is_console = true;
	ctx->list = list;
	cmd_ctx_set_target(ctx, entity, ids, n, is_marked);
	ctx->n_marks = is_marked ? n : 0;
}

static int
run(struct cmd_ctx *ctx, const char *line, struct strbuf *out, struct err *e)
{
	strbuf_reset(out);
	err_clear(e);
	cmd_reply_clear(&ctx->reply);
	return command_run_ctx_line(ctx, line, out, e);
}

/* What command_complete offers after the words of line (split on
 * blanks), joined by blanks. */
static char *
completions(const struct cmd_ctx *ctx, const char *line)
{
	struct strvec words, out;
	struct strbuf sb;

	strvec_init(&words);
	strvec_init(&out);
	for (const char *p = line; *p;) {
		size_t n = strcspn(p, " ");

		if (n)
			strvec_push_take(&words, xstrndup(p, n));
		p += n + (p[n] == ' ');
	}
	command_complete(ctx, (int)words.n, words.v, &out);
	strbuf_init(&sb);
	for (size_t i = 0; i < out.n; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", out.v[i]);
	strvec_release(&words);
	strvec_release(&out);
	return strbuf_detach(&sb, NULL);
}

/* Whether word is one of the blank-separated words of list. */
static bool
has_word(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += len)
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return true;
	return false;
}

START_TEST(test_command_ctx_every_row_has_its_own_handler)
{
	size_t n = command_count();

	ck_assert_uint_ge(n, 50);
	for (size_t i = 0; i < n; i++) {
		const struct command *c = command_at(i);

		ck_assert(c->run != NULL);
		ck_assert_ptr_eq(command_find(c->name), c);
		if (i)
			ck_assert_msg(strcmp(command_at(i - 1)->name, c->name) <
			                  0,
			              "%s is out of order", c->name);
		/* no handler serves two rows (and so dispatches again) */
		for (size_t k = 0; k < i; k++)
			ck_assert_msg(command_at(k)->run != c->run,
			              "'%s' and '%s' share a handler",
			              command_at(k)->name, c->name);
		/* completers are per command too */
		for (size_t k = 0; c->complete && k < i; k++)
			ck_assert_msg(command_at(k)->complete != c->complete,
			              "'%s' and '%s' share a completer",
			              command_at(k)->name, c->name);
	}
	ck_assert_ptr_null(command_at(n));
}
END_TEST

START_TEST(test_command_ctx_completion_per_command)
{
	static const char *const with_completer[] = {
	    "assign", "bind",   "help",  "pap", "set",  "severity",
	    "sort",   "status", "theme", "tlp", "view",
	};
	struct cmd_ctx ctx;
	struct app app;
	char *s;

	setup(&app);
	for (size_t i = 0;
	     i < sizeof(with_completer) / sizeof(with_completer[0]); i++)
		ck_assert_msg(command_find(with_completer[i])->complete != NULL,
		              "%s has no completer", with_completer[i]);
	/* free text has none */
	ck_assert(command_find("note")->complete == NULL);
	ck_assert(command_find("ack")->complete == NULL);

	console_ctx(&ctx, &app, CMD_IN_PROMPT, STORE_INCIDENTS, -1, NULL, 0,
	            false);
	strvec_push(&ctx.views, "incidents");
	strvec_push(&ctx.views, "mine");
	/* the names: those allowed where the line is typed */
	s = completions(&ctx, "");
	ck_assert(has_word(s, "down") && has_word(s, "set"));
	ck_assert(!has_word(s, "source")); /* config file and -c only */
	free(s);
	ctx.origin = CMD_IN_CONFIG;
	s = completions(&ctx, "");
	ck_assert(has_word(s, "source") && !has_word(s, "down"));
	free(s);
	ctx.origin = CMD_IN_PROMPT;

	s = completions(&ctx, "severity");
	ck_assert_str_eq(s, "info low medium high critical");
	free(s);
	s = completions(&ctx, "tlp");
	ck_assert(has_word(s, "amber+strict") && has_word(s, "red"));
	free(s);
	s = completions(&ctx, "pap");
	ck_assert(has_word(s, "amber") && !has_word(s, "amber+strict"));
	free(s);
	s = completions(&ctx, "status");
	ck_assert(has_word(s, "in_progress") && has_word(s, "closed"));
	free(s);
	s = completions(&ctx, "assign");
	ck_assert(has_word(s, "me") && has_word(s, "-"));
	free(s);
	s = completions(&ctx, "set");
	ck_assert(has_word(s, "analyst") && has_word(s, "incidents.columns"));
	free(s);
	/* sort: the fields of the list on screen, then the order */
	s = completions(&ctx, "sort");
	ck_assert(has_word(s, "severity"));
	free(s);
	s = completions(&ctx, "sort severity");
	ck_assert_str_eq(s, "asc desc");
	free(s);
	ctx.list = -1;
	s = completions(&ctx, "sort");
	ck_assert_str_eq(s, "");
	free(s);
	/* view and bind: the console's tabs */
	s = completions(&ctx, "view");
	ck_assert_str_eq(s, "incidents mine");
	free(s);
	s = completions(&ctx, "bind");
	ck_assert_str_eq(s, "global incidents mine detail");
	free(s);
	s = completions(&ctx, "bind global");
	ck_assert_str_eq(s, "");
	free(s);
	s = completions(&ctx, "bind global j");
	ck_assert(has_word(s, "down") && has_word(s, "ack"));
	free(s);
	s = completions(&ctx, "help");
	ck_assert(has_word(s, "promote"));
	free(s);
	/* a group of subcommands: its second words, from the table */
	s = completions(&ctx, "outbox");
	ck_assert_str_eq(s, "drop retry");
	free(s);
	s = completions(&ctx, "conflict");
	ck_assert_str_eq(s, "keep-mine take-server");
	free(s);
	s = completions(&ctx, "audit");
	ck_assert_str_eq(s, "incident seal verify");
	free(s);
	s = completions(&ctx, "");
	ck_assert(has_word(s, "outbox") && !has_word(s, "retry"));
	free(s);
	/* past the last word a command completes, and unknown commands */
	s = completions(&ctx, "severity high");
	ck_assert_str_eq(s, "");
	free(s);
	s = completions(&ctx, "sevrity");
	ck_assert_str_eq(s, "");
	free(s);
	cmd_ctx_release(&ctx);
	app_release(&app);
}
END_TEST

START_TEST(test_command_ctx_origin_decides_the_console)
{
	struct cmd_ctx ctx;
	struct strbuf out;
	struct app app;
	struct err e;

	setup(&app);
	strbuf_init(&out);
	/* config file, -c: no console, so console commands refuse */
	cmd_ctx_init(&ctx, &app, CMD_IN_CLI);
	ck_assert_int_eq(ctx.list, -1);
	ck_assert_int_eq(ctx.entity, -1);
	ck_assert_int_eq(run(&ctx, "view 2", &out, &e), ERR_PERM);
	ck_assert_int_eq(run(&ctx, "help", &out, &e), 0); /* prints */
	ck_assert_ptr_nonnull(strstr(out.buf, "promote"));
	ck_assert_int_eq(ctx.reply.action, -1);
	ctx.origin = CMD_IN_BINDING;
	ck_assert_int_eq(run(&ctx, "down", &out, &e), ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "only in the console"));
	ck_assert_int_eq(run(&ctx, "ack", &out, &e), ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "centinela alert"));
	ck_assert_int_eq(run(&ctx, "take", &out, &e), ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "centinela incident"));
	/* where a command may be used is checked against the origin */
	ctx.origin = CMD_IN_CONFIG;
	ck_assert_int_eq(run(&ctx, "down", &out, &e), ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "cannot be used in the config"));
	cmd_ctx_release(&ctx);

	/* the console: the reply says what it is to do */
	console_ctx(&ctx, &app, CMD_IN_BINDING, STORE_INCIDENTS, -1, NULL, 0,
	            false);
	ck_assert_int_eq(run(&ctx, "help", &out, &e), 0);
	ck_assert_int_eq(ctx.reply.action, UI_ACTION_HELP);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_int_eq(run(&ctx, "view 3", &out, &e), 0);
	ck_assert_int_eq(ctx.reply.action, UI_ACTION_SELECT_VIEW);
	ck_assert_int_eq(ctx.reply.action_arg, 3);
	ck_assert_int_eq(run(&ctx, "prompt \"assign \"", &out, &e), 0);
	ck_assert_int_eq(ctx.reply.action, UI_ACTION_PROMPT);
	ck_assert_str_eq(ctx.reply.prompt_text, "assign ");
	ck_assert_int_eq(run(&ctx, "view audit", &out, &e), 0);
	ck_assert_int_eq(ctx.reply.audit, CMD_AUDIT_TRAIL);
	ck_assert_int_eq(run(&ctx, "new", &out, &e), 0);
	ck_assert_str_eq(ctx.reply.form, "incident");
	ck_assert_int_eq(run(&ctx, "theme", &out, &e), 0);
	ck_assert(!ctx.reply.is_theme_changed);
	cmd_ctx_release(&ctx);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_command_ctx_target_from_selection_marks_and_arguments)
{
	const int64_t incident[] = {21}, alerts[] = {11, 12};
	struct cmd_ctx ctx;
	struct strbuf out;
	struct app app;
	struct err e;

	setup(&app);
	strbuf_init(&out);
	/* the selection: cmd_ctx_set_target copies it */
	console_ctx(&ctx, &app, CMD_IN_PROMPT, STORE_INCIDENTS, STORE_INCIDENTS,
	            incident, 1, false);
	ck_assert_ptr_ne(ctx.ids, incident);
	ck_assert(!ctx.is_marked);
	/* audit incident: the one selected, or the one named */
	ck_assert_int_eq(run(&ctx, "audit incident", &out, &e), 0);
	ck_assert_int_eq(ctx.reply.audit, CMD_AUDIT_INCIDENT);
	ck_assert_int_eq(ctx.reply.audit_incident, 21);
	ck_assert_int_eq(run(&ctx, "audit incident MX-2026-00099", &out, &e),
	                 ERR_NOTFOUND);
	/* a bare unlink on an incident asks for the items */
	ck_assert_int_eq(run(&ctx, "unlink", &out, &e), ERR_USAGE);
	/* alert commands refuse an incident target */
	ck_assert_int_eq(run(&ctx, "ack", &out, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "works on alerts"));
	/* close without text asks, and the answer runs close again */
	ck_assert_int_eq(run(&ctx, "close", &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(ctx.reply.ask, "resolution"));
	ck_assert_uint_eq(ctx.reply.again.n, 1);
	ck_assert_str_eq(ctx.reply.again.v[0], "close");
	ck_assert(!ctx.reply.is_ask_confirm);
	cmd_ctx_release(&ctx);

	/* the marks: an action on them drops them when it succeeds */
	console_ctx(&ctx, &app, CMD_IN_BINDING, STORE_ALERTS, STORE_ALERTS,
	            alerts, 2, true);
	ck_assert(ctx.is_marked);
	ck_assert_int_eq(run(&ctx, "unmark", &out, &e), 0);
	ck_assert_str_eq(out.buf, "2 marks cleared\n");
	ck_assert(ctx.reply.is_unmark);
	ck_assert_int_eq(run(&ctx, "dismiss", &out, &e), 0);
	ck_assert_str_eq(ctx.reply.ask, "reason for dismissing 2 alerts: ");
	ck_assert(!ctx.reply.is_unmark);
	/* mark: the console marks; Space moves on, a filter does not */
	ck_assert_int_eq(run(&ctx, "mark", &out, &e), 0);
	ck_assert(ctx.reply.is_mark);
	ck_assert_ptr_null(ctx.reply.mark_filter);
	ck_assert_int_eq(ctx.reply.action, UI_ACTION_DOWN);
	ck_assert_int_eq(run(&ctx, "mark severity:high", &out, &e), 0);
	ck_assert_str_eq(ctx.reply.mark_filter, "severity:high");
	ck_assert_int_eq(ctx.reply.action, -1);
	cmd_ctx_release(&ctx);

	/* the outbox entry: the one selected, else the argument */
	console_ctx(&ctx, &app, CMD_IN_PROMPT, -1, -1, NULL, 0, false);
	ck_assert_int_eq(run(&ctx, "outbox retry", &out, &e), ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "no outbox entry selected"));
	ctx.outbox_id = 8;
	ck_assert_int_eq(run(&ctx, "outbox retry", &out, &e), ERR_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "no outbox entry 8"));
	ck_assert_int_eq(run(&ctx, "outbox retry x", &out, &e), ERR_USAGE);
	/* no list on screen: a saved view must name one */
	ck_assert_int_eq(run(&ctx, "view fresh status:new", &out, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&ctx, "view alerts:fresh status:new", &out, &e),
	                 0);
	ck_assert_str_eq(ctx.reply.view, "fresh");
	cmd_ctx_release(&ctx);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

/* What the recording handler saw, and how often it ran. */
static struct {
	int calls;
	int64_t outbox_id, incident_id;
	size_t n_records;
	struct store_row_ref record;
} seen;

static int
record_call(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
            struct err *e)
{
	(void)argc;
	(void)argv;
	(void)out;
	(void)e;
	seen.calls++;
	seen.outbox_id = ctx->outbox_id;
	seen.incident_id = ctx->incident_id;
	seen.n_records = ctx->n_records;
	if (ctx->n_records)
		seen.record = ctx->records[0];
	return 0;
}

static const struct command row_outbox = {
    .name = "t-outbox",
    .usage = "[ID]",
    .summary = "",
    .help = "",
    .where = CMD_IN_ANY,
    .max_args = 1,
    .target = CMD_TARGET_OUTBOX_ENTRY,
    .target_arg = 1,
    .run = record_call,
};

static const struct command row_incident = {
    .name = "t-incident",
    .usage = "[REF]",
    .summary = "",
    .help = "",
    .where = CMD_IN_ANY,
    .max_args = 1,
    .target = CMD_TARGET_INCIDENT_REF,
    .target_arg = 1,
    .run = record_call,
};

static const struct command row_link = {
    .name = "t-link",
    .usage = "ITEM...",
    .summary = "",
    .help = "",
    .where = CMD_IN_ANY,
    .min_args = 1,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .target = CMD_TARGET_INCIDENTS | CMD_TARGET_RECORD_REF,
    .target_arg = 1,
    .run = record_call,
};

static const struct command row_alerts = {
    .name = "t-alerts",
    .usage = "",
    .summary = "",
    .help = "",
    .where = CMD_IN_ANY,
    .target = CMD_TARGET_ALERTS,
    .run = record_call,
};

/* Run row on line's words (split on blanks) with ctx, as the dispatcher. */
static int
run_row(const struct command *row, struct cmd_ctx *ctx, const char *line,
        struct err *e)
{
	struct strvec words;
	int rc;

	strvec_init(&words);
	for (const char *p = line; *p;) {
		size_t n = strcspn(p, " ");

		if (n)
			strvec_push_take(&words, xstrndup(p, n));
		p += n + (p[n] == ' ');
	}
	memset(&seen, 0, sizeof(seen));
	err_clear(e);
	rc = command_run_row(row, 1, ctx, (int)words.n, words.v, NULL, e);
	strvec_release(&words);
	return rc;
}

START_TEST(test_command_ctx_resolver_fills_each_target_kind)
{
	const int64_t incident[] = {21}, marks[] = {22, 21}, alert[] = {11};
	struct cmd_ctx ctx;
	struct app app;
	struct err e;

	setup(&app);
	/* the outbox entry: from the argument, else the selection */
	cmd_ctx_init(&ctx, &app, CMD_IN_CLI);
	ck_assert_int_eq(run_row(&row_outbox, &ctx, "t-outbox 7", &e), 0);
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_int_eq(seen.outbox_id, 7);
	cmd_ctx_release(&ctx);
	console_ctx(&ctx, &app, CMD_IN_PROMPT, -1, -1, NULL, 0, false);
	ctx.outbox_id = 7;
	ck_assert_int_eq(run_row(&row_outbox, &ctx, "t-outbox", &e), 0);
	ck_assert_int_eq(seen.outbox_id, 7);
	cmd_ctx_release(&ctx);

	/* the incident: from the argument (either form), the selection or
	 * the marks */
	console_ctx(&ctx, &app, CMD_IN_PROMPT, STORE_ALERTS, STORE_ALERTS,
	            alert, 1, false);
	ck_assert_int_eq(
	    run_row(&row_incident, &ctx, "t-incident MX-2026-00022", &e), 0);
	ck_assert_int_eq(seen.incident_id, 22);
	ck_assert_int_eq(
	    run_row(&row_incident, &ctx, "t-incident incident:21", &e), 0);
	ck_assert_int_eq(seen.incident_id, 21);
	/* an alert target names no incident: the handler decides */
	ctx.incident_id = 0;
	ck_assert_int_eq(run_row(&row_incident, &ctx, "t-incident", &e), 0);
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_int_eq(seen.incident_id, 0);
	cmd_ctx_release(&ctx);
	console_ctx(&ctx, &app, CMD_IN_PROMPT, STORE_INCIDENTS, STORE_INCIDENTS,
	            incident, 1, false);
	ck_assert_int_eq(run_row(&row_incident, &ctx, "t-incident", &e), 0);
	ck_assert_int_eq(seen.incident_id, 21);
	cmd_ctx_release(&ctx);
	console_ctx(&ctx, &app, CMD_IN_PROMPT, STORE_INCIDENTS, STORE_INCIDENTS,
	            marks, 2, true);
	ck_assert_int_eq(run_row(&row_incident, &ctx, "t-incident", &e), 0);
	ck_assert_int_eq(seen.incident_id, 22);

	/* the records: each argument, on the incidents of the target */
	ck_assert_int_eq(run_row(&row_link, &ctx, "t-link alert:11", &e), 0);
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_uint_eq(seen.n_records, 1);
	ck_assert_int_eq(seen.record.entity, STORE_ALERTS);
	ck_assert_int_eq(seen.record.id, 11);
	ck_assert_int_eq(run_row(&row_link, &ctx, "t-link MX-2026-00021", &e),
	                 0);
	ck_assert_int_eq(seen.record.entity, STORE_INCIDENTS);
	ck_assert_int_eq(seen.record.id, 21);
	cmd_ctx_release(&ctx);

	/* the rows of the target: alerts from the selection */
	console_ctx(&ctx, &app, CMD_IN_BINDING, STORE_ALERTS, STORE_ALERTS,
	            alert, 1, false);
	ck_assert_int_eq(run_row(&row_alerts, &ctx, "t-alerts", &e), 0);
	ck_assert_int_eq(seen.calls, 1);
	cmd_ctx_release(&ctx);
	app_release(&app);
}
END_TEST

START_TEST(test_command_ctx_bad_target_fails_before_the_handler)
{
	const int64_t incident[] = {21}, alert[] = {11};
	static const struct {
		const struct command *row;
		const char *line;
		int code;
		const char *msg;
	} cases[] = {
	    {&row_outbox, "t-outbox x1", ERR_USAGE,
	     "invalid outbox entry 'x1'"},
	    {&row_outbox, "t-outbox 0", ERR_USAGE, "invalid outbox entry '0'"},
	    {&row_outbox, "t-outbox 99", ERR_NOTFOUND, "no outbox entry 99"},
	    {&row_outbox, "t-outbox", ERR_USAGE, "no outbox entry selected"},
	    {&row_incident, "t-incident MX-2026-00099", ERR_NOTFOUND,
	     "no incident 'MX-2026-00099' in the cache"},
	    {&row_incident, "t-incident incident:x", ERR_USAGE,
	     "is not an incident reference"},
	    {&row_incident, "t-incident alert:11", ERR_USAGE,
	     "is not an incident reference"},
	    {&row_link, "t-link alert:99", ERR_NOTFOUND,
	     "no alert:99 in the cache"},
	    {&row_link, "t-link alert:11 bogus", ERR_USAGE,
	     "cannot tell what 'bogus' is"},
	    {&row_alerts, "t-alerts", ERR_INVALID, "works on alerts"},
	};
	struct cmd_ctx ctx;
	struct app app;
	struct err e;

	setup(&app);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		console_ctx(&ctx, &app, CMD_IN_PROMPT, STORE_INCIDENTS,
		            STORE_INCIDENTS, incident, 1, false);
		ck_assert_msg(run_row(cases[i].row, &ctx, cases[i].line, &e) ==
		                  cases[i].code,
		              "%s: %s", cases[i].line, e.msg);
		ck_assert_msg(strstr(e.msg, cases[i].msg) != NULL, "%s: %s",
		              cases[i].line, e.msg);
		ck_assert_msg(seen.calls == 0, "%s ran its handler",
		              cases[i].line);
		cmd_ctx_release(&ctx);
	}
	/* records go to incidents: an alert target refuses them */
	console_ctx(&ctx, &app, CMD_IN_PROMPT, STORE_ALERTS, STORE_ALERTS,
	            alert, 1, false);
	ck_assert_int_eq(run_row(&row_link, &ctx, "t-link alert:11", &e),
	                 ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "acts on incidents"));
	ck_assert_int_eq(seen.calls, 0);
	cmd_ctx_release(&ctx);
	/* outside the console the rows of a target cannot be known */
	cmd_ctx_init(&ctx, &app, CMD_IN_CLI);
	ck_assert_int_eq(run_row(&row_alerts, &ctx, "t-alerts", &e), ERR_PERM);
	ck_assert_int_eq(seen.calls, 0);
	cmd_ctx_release(&ctx);
	app_release(&app);
}
END_TEST

/* command_lookup on the words of line (split on blanks). */
static int
lookup(const char *line, const struct command **cmd, int *n_words,
       struct err *e)
{
	struct strvec words;
	int rc;

	strvec_init(&words);
	for (const char *p = line; *p;) {
		size_t n = strcspn(p, " ");

		if (n)
			strvec_push_take(&words, xstrndup(p, n));
		p += n + (p[n] == ' ');
	}
	err_clear(e);
	rc = command_lookup((int)words.n, words.v, cmd, n_words, e);
	strvec_release(&words);
	return rc;
}

START_TEST(test_command_ctx_subcommands_are_rows)
{
	static const char *const rows[] = {
	    "audit",        "audit incident",     "audit seal",
	    "audit verify", "conflict keep-mine", "conflict take-server",
	    "outbox drop",  "outbox retry",
	};
	const struct command *cmd;
	struct strbuf out;
	struct err e;
	int n_words;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ck_assert_msg(command_find(rows[i]) != NULL, "%s", rows[i]);
	ck_assert_ptr_null(command_find("outbox"));
	ck_assert_ptr_null(command_find("conflict"));
	/* the two words pick the row; the arguments follow */
	ck_assert_int_eq(lookup("outbox retry 7", &cmd, &n_words, &e), 0);
	ck_assert_str_eq(cmd->name, "outbox retry");
	ck_assert_int_eq(n_words, 2);
	ck_assert_int_eq(lookup("audit", &cmd, &n_words, &e), 0);
	ck_assert_str_eq(cmd->name, "audit");
	ck_assert_int_eq(n_words, 1);
	/* a group's word without a known second word */
	ck_assert_int_eq(lookup("outbox resend", &cmd, &n_words, &e),
	                 ERR_USAGE);
	ck_assert_ptr_null(cmd);
	ck_assert_str_eq(e.msg,
	                 "unknown outbox action 'resend' (known: drop, retry)");
	ck_assert_int_eq(lookup("audit x", &cmd, &n_words, &e), ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "known: incident, seal, verify"));
	ck_assert_int_eq(lookup("outbox", &cmd, &n_words, &e), ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(e.msg, "usage: outbox drop|retry"));
	/* a misspelt group's word is suggested as typed first */
	ck_assert_int_eq(lookup("outbx retry 7", &cmd, &n_words, &e),
	                 ERR_NOTFOUND);
	ck_assert_str_eq(e.msg,
	                 "unknown command 'outbx' (did you mean 'outbox'?)");
	/* help names the group or one row */
	strbuf_init(&out);
	ck_assert_int_eq(command_help("outbox", &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "usage: outbox drop [ID]"));
	ck_assert_ptr_nonnull(strstr(out.buf, "usage: outbox retry [ID]"));
	strbuf_reset(&out);
	ck_assert_int_eq(command_help(NULL, &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "\noutbox retry [ID] "));
	ck_assert_ptr_nonnull(strstr(out.buf, "\naudit incident [REF] "));
	strbuf_release(&out);
}
END_TEST

Suite *
command_ctx_suite(void)
{
	Suite *s = suite_create("command_ctx");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_command_ctx_every_row_has_its_own_handler);
	tcase_add_test(tc, test_command_ctx_completion_per_command);
	tcase_add_test(tc, test_command_ctx_origin_decides_the_console);
	tcase_add_test(
	    tc, test_command_ctx_target_from_selection_marks_and_arguments);
	tcase_add_test(tc, test_command_ctx_resolver_fills_each_target_kind);
	tcase_add_test(tc,
	               test_command_ctx_bad_target_fails_before_the_handler);
	tcase_add_test(tc, test_command_ctx_subcommands_are_rows);
	suite_add_tcase(s, tc);
	return s;
}
