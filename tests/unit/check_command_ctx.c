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

/* Incident 21 (new), alert 11 (new, not linked). */
static const char fixture_sql[] =
    "INSERT INTO incident(id, source, remote_id, version, reference, "
    "title, category, severity, status, opened_at, created_at, "
    "updated_at) VALUES (21, 'local', NULL, 0, 'MX-2026-00021', 'Worm', "
    "'malicious-code', 3, 'new', 100, 100, 100);";

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
	    "assign", "audit",    "bind", "conflict", "help",  "outbox", "pap",
	    "set",    "severity", "sort", "status",   "theme", "tlp",    "view",
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
	s = completions(&ctx, "outbox");
	ck_assert_str_eq(s, "retry drop");
	free(s);
	s = completions(&ctx, "conflict");
	ck_assert_str_eq(s, "keep-mine take-server");
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
	ctx.outbox_id = 7;
	ck_assert_int_eq(run(&ctx, "outbox retry", &out, &e), ERR_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "7"));
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
	suite_add_tcase(s, tc);
	return s;
}
