/*
 * The command table and what is the same for every command: see
 * include/centinela/app/command.h.
 *
 * The rows live with their handlers in the file of their subject
 * (cmd_incident.c, cmd_alert.c, cmd_view.c, cmd_config.c, cmd_audit.c,
 * cmd_outbox.c), as tmux's cmd-*.c do; this file lists them in name order
 * and does every check that is the same for all commands (known name,
 * allowed here, argument count, read-only mode) so that a handler only
 * does its own work. It also owns struct cmd_ctx (app/cmd_ctx.h).
 */
#include "centinela/app/command.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/lexer.h"
#include "centinela/app/suggest.h"
#include "centinela/app/target.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/xalloc.h"
#include "cmd_internal.h"

/* Sorted by name, so that `help` lists them in order. */
static const struct command *const command_table[] = {
    &cmd_entry_ack,
    &cmd_entry_assign,
    &cmd_entry_audit,
    &cmd_entry_audit_incident,
    &cmd_entry_audit_seal,
    &cmd_entry_audit_verify,
    &cmd_entry_back,
    &cmd_entry_bind,
    &cmd_entry_bottom,
    &cmd_entry_bulletin_edit,
    &cmd_entry_bulletin_new,
    &cmd_entry_bulletin_review,
    &cmd_entry_bulletin_status,
    &cmd_entry_close,
    &cmd_entry_color,
    &cmd_entry_conflict_keep_mine,
    &cmd_entry_conflict_take_server,
    &cmd_entry_dismiss,
    &cmd_entry_down,
    &cmd_entry_filter,
    &cmd_entry_half_down,
    &cmd_entry_half_up,
    &cmd_entry_handover,
    &cmd_entry_help,
    &cmd_entry_link,
    &cmd_entry_mark,
    &cmd_entry_merge,
    &cmd_entry_mono,
    &cmd_entry_new,
    &cmd_entry_next_view,
    &cmd_entry_note,
    &cmd_entry_open,
    &cmd_entry_outbox_drop,
    &cmd_entry_outbox_retry,
    &cmd_entry_page_down,
    &cmd_entry_page_up,
    &cmd_entry_pap,
    &cmd_entry_prev_view,
    &cmd_entry_promote,
    &cmd_entry_prompt,
    &cmd_entry_quit,
    &cmd_entry_redraw,
    &cmd_entry_refresh,
    &cmd_entry_sector,
    &cmd_entry_set,
    &cmd_entry_severity,
    &cmd_entry_sort,
    &cmd_entry_sort_next,
    &cmd_entry_sort_reverse,
    &cmd_entry_source,
    &cmd_entry_status,
    &cmd_entry_take,
    &cmd_entry_theme,
    &cmd_entry_tlp,
    &cmd_entry_top,
    &cmd_entry_unbind,
    &cmd_entry_unlink,
    &cmd_entry_unmark,
    &cmd_entry_up,
    &cmd_entry_view,
};

#define COMMAND_COUNT ARRAY_SIZE(command_table)

/* Bytes of a command name's first word, with its NUL, at most. */
#define COMMAND_WORD_MAX 32

/* Where-flags in the order help names them. */
static const struct {
	unsigned flag;    /* one CMD_IN_* */
	const char *name; /* how messages call it */
} where_names[] = {
    {CMD_IN_CONFIG, "the config file"},
    {CMD_IN_PROMPT, "the prompt"},
    {CMD_IN_BINDING, "key bindings"},
    {CMD_IN_CLI, "-c"},
};

#define WHERE_COUNT ARRAY_SIZE(where_names)

const struct command *
command_find(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(command_table[i]->name, name) == 0)
			return command_table[i];
	return NULL;
}

size_t
command_count(void)
{
	return COMMAND_COUNT;
}

const struct command *
command_at(size_t i)
{
	return i < COMMAND_COUNT ? command_table[i] : NULL;
}

static int
unknown_command(const char *name, struct err *e)
{
	/* what is typed first: a subcommand's first word */
	char first[COMMAND_COUNT][COMMAND_WORD_MAX];
	struct suggest sg;
	const char *best;

	suggest_init(&sg, name);
	for (size_t i = 0; i < COMMAND_COUNT; i++) {
		const char *row = command_table[i]->name;

		snprintf(first[i], sizeof(first[i]), "%.*s",
		         (int)strcspn(row, " "), row);
		suggest_consider(&sg, first[i]);
	}
	best = suggest_result(&sg);
	if (best)
		return err_set(e, ERR_NOTFOUND,
		               "unknown command '%s' (did you mean '%s'?)",
		               name, best);
	return err_set(e, ERR_NOTFOUND,
	               "unknown command '%s' (type 'help' for the list)", name);
}

/* Whether some row's name is word followed by a second word. */
static bool
is_group(const char *word)
{
	size_t len = strlen(word);

	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strncmp(command_table[i]->name, word, len) == 0 &&
		    command_table[i]->name[len] == ' ')
			return true;
	return false;
}

/* The second words of the group word, ", "-separated, onto out. */
static void
add_group_words(const char *word, const char *sep, struct strbuf *out)
{
	size_t len = strlen(word), n = 0;

	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strncmp(command_table[i]->name, word, len) == 0 &&
		    command_table[i]->name[len] == ' ')
			strbuf_addf(out, "%s%s", n++ ? sep : "",
			            command_table[i]->name + len + 1);
}

/*
 * A group's word without one of its second words: with a word that is
 * none of them, "unknown outbox action 'x' (known: drop, retry)"; alone,
 * the usage of the group.
 */
static int
group_error(const char *word, const char *sub, struct err *e)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	if (sub) {
		add_group_words(word, ", ", &sb);
		rc = err_set(e, ERR_USAGE, "unknown %s action '%s' (known: %s)",
		             word, sub, sb.buf);
	} else {
		add_group_words(word, "|", &sb);
		rc = err_set(e, ERR_USAGE,
		             "usage: %s %s ... (help %s says more)", word,
		             sb.buf, word);
	}
	strbuf_release(&sb);
	return rc;
}

int
command_lookup(int argc, char **argv, const struct command **cmd, int *n_words,
               struct err *e)
{
	bool is_grouped;

	*cmd = NULL;
	*n_words = 1;
	if (argc < 1)
		return err_set(e, ERR_USAGE, "no command given");
	if (strchr(argv[0], ' '))
		return unknown_command(argv[0], e);
	is_grouped = is_group(argv[0]);
	if (is_grouped && argc >= 2) {
		char *two = xasprintf("%s %s", argv[0], argv[1]);

		*cmd = command_find(two);
		free(two);
		if (*cmd) {
			*n_words = 2;
			return 0;
		}
	}
	*cmd = command_find(argv[0]);
	if (is_grouped && (argc >= 2 || !*cmd)) {
		*cmd = NULL;
		return group_error(argv[0], argc >= 2 ? argv[1] : NULL, e);
	}
	return *cmd ? 0 : unknown_command(argv[0], e);
}

static int
usage_error(const struct command *cmd, struct err *e)
{
	if (cmd->usage[0] == '\0')
		return err_set(e, ERR_USAGE, "usage: %s", cmd->name);
	return err_set(e, ERR_USAGE, "usage: %s %s", cmd->name, cmd->usage);
}

static const char *
where_name(unsigned flag)
{
	for (size_t i = 0; i < WHERE_COUNT; i++)
		if (where_names[i].flag == flag)
			return where_names[i].name;
	return "here";
}

/* Append "the prompt, key bindings and -c" for the flags in mask. */
static void
add_where_list(unsigned mask, struct strbuf *out)
{
	size_t total = 0, done = 0;

	for (size_t i = 0; i < WHERE_COUNT; i++)
		total += (mask & where_names[i].flag) != 0;
	if (total == 0) {
		strbuf_adds(out, "nowhere");
		return;
	}
	for (size_t i = 0; i < WHERE_COUNT; i++) {
		if (!(mask & where_names[i].flag))
			continue;
		if (done)
			strbuf_adds(out, done + 1 == total ? " and " : ", ");
		strbuf_adds(out, where_names[i].name);
		done++;
	}
}

/*
 * The rows of the console's target must be of a list the row declares
 * (CMD_TARGET_INCIDENTS, CMD_TARGET_ALERTS); records named by arguments
 * go to incidents.
 */
static int
resolve_rows(const struct command *cmd, struct cmd_ctx *ctx, int argc,
             struct err *e)
{
	unsigned kinds =
	    cmd->target & (CMD_TARGET_INCIDENTS | CMD_TARGET_ALERTS);
	bool is_alerts;
	int rc;

	if (!kinds)
		return 0;
	if ((cmd->target & CMD_TARGET_RECORD_REF) && argc > cmd->target_arg)
		kinds = CMD_TARGET_INCIDENTS;
	is_alerts = (kinds & CMD_TARGET_ALERTS) != 0;
	if (!ctx->is_console)
		return cmd_console_only(
		    cmd->name, is_alerts ? CMD_HINT_ALERT : CMD_HINT_INCIDENT,
		    e);
	if (!ctx->app->store && (rc = app_open_store(ctx->app, e)))
		return rc;
	if (ctx->n_ids &&
	    (((kinds & CMD_TARGET_INCIDENTS) &&
	      ctx->entity == STORE_INCIDENTS) ||
	     ((kinds & CMD_TARGET_ALERTS) && ctx->entity == STORE_ALERTS)))
		return 0;
	if (is_alerts)
		return err_set(e, ERR_INVALID,
		               "'%s' works on alerts: select or mark (Space) "
		               "rows in the alerts view, or open an alert",
		               cmd->name);
	return err_set(e, ERR_USAGE,
	               "'%s' acts on incidents: select one in the incidents "
	               "list or open it",
	               cmd->name);
}

/* What the arguments of cmd name, into ctx (enum cmd_target). */
static int
resolve_target(const struct command *cmd, struct cmd_ctx *ctx, int argc,
               char **argv, struct err *e)
{
	const char *arg = cmd->target_arg > 0 && argc > cmd->target_arg
	                      ? argv[cmd->target_arg]
	                      : NULL;
	int rc;

	if ((rc = resolve_rows(cmd, ctx, argc, e)))
		return rc;
	if ((cmd->target & CMD_TARGET_OUTBOX_ENTRY) &&
	    (rc = target_outbox_entry(ctx->app, arg, &ctx->outbox_id, e)))
		return rc;
	if (cmd->target & CMD_TARGET_INCIDENT_REF) {
		if (arg)
			return target_incident(ctx->app, arg, &ctx->incident_id,
			                       e);
		ctx->incident_id = ctx->n_ids && ctx->entity == STORE_INCIDENTS
		                       ? ctx->ids[0]
		                       : 0;
	}
	if ((cmd->target & CMD_TARGET_RECORD_REF) && arg) {
		free(ctx->records);
		ctx->n_records = 0;
		if ((rc = target_rows(
		         ctx->app, (const char *const *)argv + cmd->target_arg,
		         (size_t)(argc - cmd->target_arg), &ctx->records, e)))
			return rc;
		ctx->n_records = (size_t)(argc - cmd->target_arg);
	}
	return 0;
}

int
command_run_row(const struct command *cmd, int n_words, struct cmd_ctx *ctx,
                int argc, char **argv, struct strbuf *out, struct err *e)
{
	struct strbuf discard;
	int nargs = argc - n_words;
	int rc;

	if (!(cmd->where & ctx->origin)) {
		struct strbuf allowed;

		strbuf_init(&allowed);
		add_where_list(cmd->where, &allowed);
		rc = err_set(e, ERR_PERM,
		             "'%s' cannot be used in %s (allowed in %s)",
		             cmd->name, where_name(ctx->origin), allowed.buf);
		strbuf_release(&allowed);
		return rc;
	}
	if (nargs < cmd->min_args ||
	    (cmd->max_args != COMMAND_ARGS_UNLIMITED && nargs > cmd->max_args))
		return usage_error(cmd, e);
	if (cmd->is_mutating &&
	    (rc = app_check_writable(ctx->app, cmd->name, e)) < 0)
		return rc;
	if ((rc = resolve_target(cmd, ctx, argc, argv, e)))
		return rc;
	if (out)
		return cmd->run(ctx, argc, argv, out, e);
	strbuf_init(&discard);
	rc = cmd->run(ctx, argc, argv, &discard, e);
	strbuf_release(&discard);
	return rc;
}

int
command_run_ctx(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
                struct err *e)
{
	const struct command *cmd;
	int n_words;
	int rc = command_lookup(argc, argv, &cmd, &n_words, e);

	if (rc || !cmd)
		return rc ? rc : ERR_NOTFOUND;
	return command_run_row(cmd, n_words, ctx, argc, argv, out, e);
}

int
command_run_ctx_line(struct cmd_ctx *ctx, const char *line, struct strbuf *out,
                     struct err *e)
{
	struct strvec words;
	int rc;

	strvec_init(&words);
	rc = lexer_split_words(line, &words, e);
	if (rc < 0 || words.n == 0)
		goto out;
	rc = command_run_ctx(ctx, (int)words.n, words.v, out, e);
out:
	strvec_release(&words);
	return rc;
}

int
command_run_argv(struct app *app, int argc, char **argv, unsigned where,
                 struct strbuf *out, struct err *e)
{
	struct cmd_ctx ctx;
	int rc;

	cmd_ctx_init(&ctx, app, where);
	rc = command_run_ctx(&ctx, argc, argv, out, e);
	cmd_ctx_release(&ctx);
	return rc;
}

int
command_run_line(struct app *app, const char *line, unsigned where,
                 struct strbuf *out, struct err *e)
{
	struct cmd_ctx ctx;
	int rc;

	cmd_ctx_init(&ctx, app, where);
	rc = command_run_ctx_line(&ctx, line, out, e);
	cmd_ctx_release(&ctx);
	return rc;
}

int
command_run_string(struct app *app, const char *s, unsigned where,
                   struct strbuf *out, struct err *e)
{
	struct strvec commands;
	int rc = 0;

	strvec_init(&commands);
	lexer_split_commands(s, &commands);
	for (size_t i = 0; i < commands.n && rc == 0; i++)
		rc = command_run_line(app, commands.v[i], where, out, e);
	strvec_release(&commands);
	return rc;
}

void
cmd_pad_to(struct strbuf *out, size_t line_start, size_t col)
{
	size_t width = out->len - line_start;

	do
		strbuf_addch(out, ' ');
	while (++width < col);
}

/* usage, summary, help and where of cmd, onto out. */
static void
add_help(const struct command *cmd, struct strbuf *out)
{
	strbuf_addf(out, "usage: %s%s%s\n\n%s\n\n", cmd->name,
	            cmd->usage[0] ? " " : "", cmd->usage, cmd->summary);
	strbuf_adds(out, cmd->help);
	strbuf_adds(out, "\nAllowed in ");
	add_where_list(cmd->where, out);
	strbuf_adds(out, cmd->is_mutating ? "; changes data, so refused in "
	                                    "read-only mode.\n"
	                                  : ".\n");
}

int
command_help(const char *name, struct strbuf *out, struct err *e)
{
	const struct command *cmd;
	size_t len, n = 0;

	if (!name) {
		for (size_t i = 0; i < COMMAND_COUNT; i++) {
			size_t start = out->len;

			cmd = command_table[i];
			strbuf_adds(out, cmd->name);
			if (cmd->usage[0]) {
				strbuf_addch(out, ' ');
				strbuf_adds(out, cmd->usage);
			}
			cmd_pad_to(out, start, CMD_DESC_COLUMN);
			strbuf_addf(out, "%s\n", cmd->summary);
		}
		return 0;
	}
	cmd = command_find(name);
	if (cmd) {
		add_help(cmd, out);
		return 0;
	}
	if (!is_group(name))
		return unknown_command(name, e);
	/* a group: the row of the word alone, then each subcommand */
	len = strlen(name);
	for (size_t i = 0; i < COMMAND_COUNT; i++) {
		cmd = command_table[i];
		if (strncmp(cmd->name, name, len) != 0 ||
		    (cmd->name[len] != ' ' && cmd->name[len] != '\0'))
			continue;
		if (n++)
			strbuf_addch(out, '\n');
		add_help(cmd, out);
	}
	return 0;
}

void
command_complete(const struct cmd_ctx *ctx, int argc, char **argv,
                 struct strvec *out)
{
	const struct command *cmd = NULL;

	if (argc == 0) {
		for (size_t i = 0; i < COMMAND_COUNT; i++) {
			const char *name = command_table[i]->name;
			char *word = xstrndup(name, strcspn(name, " "));

			if ((command_table[i]->where & ctx->origin) &&
			    strvec_find(out, word) < 0)
				strvec_push(out, word);
			free(word);
		}
		return;
	}
	if (is_group(argv[0])) {
		size_t len = strlen(argv[0]);

		if (argc == 1) {
			/* the subcommands allowed here */
			for (size_t i = 0; i < COMMAND_COUNT; i++)
				if (strncmp(command_table[i]->name, argv[0],
				            len) == 0 &&
				    command_table[i]->name[len] == ' ' &&
				    (command_table[i]->where & ctx->origin))
					strvec_push(out,
					            command_table[i]->name +
					                len + 1);
			return;
		}
		{
			char *two = xasprintf("%s %s", argv[0], argv[1]);

			cmd = command_find(two);
			free(two);
		}
	} else {
		cmd = command_find(argv[0]);
	}
	if (cmd && cmd->complete)
		cmd->complete(ctx, argc, argv, out);
}

void
cmd_ctx_init(struct cmd_ctx *ctx, struct app *app, unsigned origin)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->app = app;
	ctx->origin = origin;
	ctx->list = -1;
	ctx->entity = -1;
	strvec_init(&ctx->views);
	strvec_init(&ctx->reply.pick_labels);
	strvec_init(&ctx->reply.pick_values);
	strvec_init(&ctx->reply.again);
	cmd_reply_clear(&ctx->reply);
}

void
cmd_ctx_set_target(struct cmd_ctx *ctx, int entity, const int64_t *ids,
                   size_t n, bool is_marked)
{
	free(ctx->ids);
	ctx->ids = NULL;
	ctx->n_ids = 0;
	ctx->entity = n ? entity : -1;
	ctx->is_marked = n && is_marked;
	if (!n)
		return;
	ctx->ids = xcalloc(n, sizeof(*ctx->ids));
	memcpy(ctx->ids, ids, n * sizeof(*ids));
	ctx->n_ids = n;
}

void
cmd_reply_clear(struct cmd_reply *r)
{
	free(r->mark_filter);
	free(r->prompt_text);
	free(r->sort_field);
	free(r->view);
	free(r->form);
	free(r->form_arg);
	free(r->ask);
	free(r->pick_title);
	strvec_release(&r->pick_labels);
	strvec_release(&r->pick_values);
	strvec_release(&r->again);
	memset(r, 0, sizeof(*r));
	r->audit = CMD_AUDIT_NONE;
	r->action = -1;
	r->open_entity = -1;
	strvec_init(&r->pick_labels);
	strvec_init(&r->pick_values);
	strvec_init(&r->again);
}

void
cmd_ctx_release(struct cmd_ctx *ctx)
{
	cmd_reply_clear(&ctx->reply);
	strvec_release(&ctx->reply.pick_labels);
	strvec_release(&ctx->reply.pick_values);
	strvec_release(&ctx->reply.again);
	strvec_release(&ctx->views);
	free(ctx->ids);
	free(ctx->records);
	memset(ctx, 0, sizeof(*ctx));
}

int
cmd_console_only(const char *name, const char *hint, struct err *e)
{
	if (hint)
		return err_set(e, ERR_PERM,
		               "'%s' works only in the console (%s)", name,
		               hint);
	return err_set(e, ERR_PERM, "'%s' works only in the console", name);
}

int
cmd_usage_error(const char *name, struct err *e)
{
	const struct command *cmd = command_find(name);

	if (!cmd)
		BUG("usage of a command that is not in the table");
	return usage_error(cmd, e);
}

char *
cmd_join(int argc, char **argv, int from)
{
	struct strbuf sb;

	if (from >= argc)
		return NULL;
	strbuf_init(&sb);
	for (int i = from; i < argc; i++) {
		if (i > from)
			strbuf_addch(&sb, ' ');
		strbuf_adds(&sb, argv[i]);
	}
	return strbuf_detach(&sb, NULL);
}

void
cmd_complete_words(int argc, int argn, const char *const *words,
                   struct strvec *out)
{
	for (size_t i = 0; argc == argn && words[i]; i++)
		strvec_push(out, words[i]);
}

void
cmd_reply_ask(struct cmd_reply *reply, const char *question, int argc,
              const char *const *argv, bool is_confirm)
{
	free(reply->ask);
	reply->ask = xstrdup(question);
	reply->is_ask_confirm = is_confirm;
	strvec_release(&reply->again);
	strvec_init(&reply->again);
	for (int i = 0; i < argc; i++)
		strvec_push(&reply->again, argv[i]);
}
