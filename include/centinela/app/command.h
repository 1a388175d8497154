/*
 * The command table: every command of the language is one row here, and
 * `help`, completion and the `?` overlay are generated from it.
 *
 * Each row points at its own handler (and, where its arguments can be
 * completed, its own completer), defined with the row in the file of its
 * subject: src/app/cmd_incident.c, cmd_alert.c, cmd_view.c, cmd_config.c,
 * cmd_audit.c, cmd_outbox.c; command.c only lists the rows and does the
 * checks common to all. A command runs with ctx (app/cmd_ctx.h: where it
 * came from and what it acts on, resolved by the caller), argv[0] its name
 * and argv[1..argc) its arguments, appends what it has to say to out
 * (plain text, lines ending in "\n"; the caller sanitizes and shows it),
 * and returns 0 or an ERR_* code with *e set. The table is const; commands
 * keep their state in struct app.
 */
#ifndef CENTINELA_APP_COMMAND_H
#define CENTINELA_APP_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/app/cmd_ctx.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"

struct app;
struct err;

/* Where a command may be used (struct command.where is a mask of these). */
enum command_where {
	CMD_IN_CONFIG = 1 << 0,  /* the config file */
	CMD_IN_PROMPT = 1 << 1,  /* the ':' prompt */
	CMD_IN_BINDING = 1 << 2, /* a key binding */
	CMD_IN_CLI = 1 << 3,     /* -c on the command line */
	CMD_IN_ANY =
	    CMD_IN_CONFIG | CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
};

/* A command with no upper bound on its arguments uses this as max_args. */
#define COMMAND_ARGS_UNLIMITED (-1)

/*
 * What a command acts on (struct command.target is a mask of these), as
 * tmux's cmd_entry declares its target flags: the dispatcher resolves it
 * into struct cmd_ctx before the handler runs, so that a bad or unknown
 * id fails there, with one message form, and handlers read only ctx.
 *
 * CMD_TARGET_INCIDENTS, CMD_TARGET_ALERTS: the rows of the console's
 * target (ctx->ids: the record open, else the marks, else the selected
 * row) must be of one of these lists. Outside the console the command
 * refuses; the store is opened.
 *
 * CMD_TARGET_OUTBOX_ENTRY: argv[target_arg], a number, else the entry
 * the console has selected (ctx->outbox_id as the caller set it); the
 * entry must exist. The result is ctx->outbox_id.
 *
 * CMD_TARGET_INCIDENT_REF: argv[target_arg], an incident reference
 * (MX-2026-00042) or incident:ID, else the incident of the target when
 * the target is one incident. The result is ctx->incident_id, 0 when
 * there is none (the handler decides whether it needs one).
 *
 * CMD_TARGET_RECORD_REF: argv[target_arg..argc), each a record reference
 * (alert:12, asset:7; store_ref_parse). The result is ctx->records. The
 * records are linked to or unlinked from incidents, so when any is given
 * the target must be incidents.
 */
enum cmd_target {
	CMD_TARGET_INCIDENTS = 1 << 0,
	CMD_TARGET_ALERTS = 1 << 1,
	CMD_TARGET_OUTBOX_ENTRY = 1 << 2,
	CMD_TARGET_INCIDENT_REF = 1 << 3,
	CMD_TARGET_RECORD_REF = 1 << 4,
};

/*
 * A row's name is one word ("set"), or two for a subcommand ("outbox
 * retry"): the rows that share a first word form a group, which `help
 * WORD` lists and completion offers; the second word picks the row.
 */
struct command {
	const char *name;    /* what is typed, e.g. "set" or "outbox retry" */
	const char *usage;   /* arguments after the name, e.g. "NAME VALUE" */
	const char *summary; /* one line for the command list */
	const char *help; /* paragraph(s) for `help NAME`, lines end in "\n" */
	unsigned where;   /* mask of enum command_where */
	bool is_mutating; /* changes data: refused in read-only mode */
	int min_args;     /* fewest arguments after the name */
	int max_args;     /* most arguments, or COMMAND_ARGS_UNLIMITED */
	unsigned target;  /* mask of enum cmd_target, 0: none */
	int target_arg;   /* argv index of the argument naming the target
	                     (argv[0] is the first word of the name) */
	/* The handler; argc counts argv[0], the command name. */
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv,
	           struct strbuf *out, struct err *e);
	/*
	 * The completer, or NULL when the arguments are free text: push onto
	 * out every word that may follow argv[0..argc) (the command and the
	 * words typed before the one completed; argc >= 1). The caller keeps
	 * those that start with what is typed.
	 */
	void (*complete)(const struct cmd_ctx *ctx, int argc, char **argv,
	                 struct strvec *out);
};

/* The command called name ("set", "outbox retry"), or NULL. Static. */
const struct command *command_find(const char *name);

/*
 * The row argv[0..argc) runs (borrowed) into *cmd (static): the row named
 * by the first two words when there is one, else by the first; *n_words
 * gets how many words the name took. Errors (*cmd NULL): ERR_NOTFOUND
 * "unknown command 'sett' (did you mean 'set'?)", ERR_USAGE for no words
 * and, for a group's word without one of its second words, "unknown
 * outbox action 'x' (known: drop, retry)" or the group's usage.
 */
int command_lookup(int argc, char **argv, const struct command **cmd,
                   int *n_words, struct err *e);

/* Number of commands, and the i-th in table order (static), for help and
 * completion; command_at returns NULL past the end. */
size_t command_count(void);
const struct command *command_at(size_t i);

/*
 * Run argv (argv[0] the command name, argc >= 1; borrowed) with ctx, whose
 * origin says where it is used: find the command, check that it is
 * allowed there and its argument count, refuse a mutating command in
 * read-only mode, run it; what it asks the console is left in ctx->reply.
 * Errors: ERR_NOTFOUND "unknown command 'sett' (did you mean 'set'?)",
 * ERR_USAGE "usage: set NAME VALUE", ERR_PERM for where and read-only,
 * or whatever the command returns. out may be NULL to discard the output.
 */
int command_run_ctx(struct cmd_ctx *ctx, int argc, char **argv,
                    struct strbuf *out, struct err *e);

/*
 * command_run_ctx with the row already found (its name took n_words of
 * argv): the checks, the target resolved into ctx (struct command.target)
 * and the handler. Public so that tests can run rows of their own.
 */
int command_run_row(const struct command *cmd, int n_words, struct cmd_ctx *ctx,
                    int argc, char **argv, struct strbuf *out, struct err *e);

/* Lex one line (see lexer.h) and run it with command_run_ctx; a blank or
 * comment-only line does nothing and returns 0. */
int command_run_ctx_line(struct cmd_ctx *ctx, const char *line,
                         struct strbuf *out, struct err *e);

/*
 * command_run_ctx outside the console: ctx made by cmd_ctx_init(app,
 * where), no target, the reply dropped. For the config file, -c and the
 * CLI.
 */
int command_run_argv(struct app *app, int argc, char **argv, unsigned where,
                     struct strbuf *out, struct err *e);

/* command_run_ctx_line outside the console, as command_run_argv. */
int command_run_line(struct app *app, const char *line, unsigned where,
                     struct strbuf *out, struct err *e);

/*
 * Run the commands in s, separated by ';' or newlines
 * (lexer_split_commands), in order, stopping at the first error, which is
 * returned as is.
 */
int command_run_string(struct app *app, const char *s, unsigned where,
                       struct strbuf *out, struct err *e);

/*
 * Append help generated from the table to out: with name NULL, every
 * command with its usage and summary; else that command's usage, summary,
 * where it may be used and help text; for the first word of a group
 * ("outbox"), each row of the group. An unknown name fails like an
 * unknown command (ERR_NOTFOUND).
 */
int command_help(const char *name, struct strbuf *out, struct err *e);

/*
 * Push onto out the words that may come after argv[0..argc) (borrowed):
 * with argc 0 the names of the commands allowed at ctx->origin (a
 * group's first word once), after a group's word its second words, else
 * what the completer of the row argv names offers (nothing for an unknown
 * command or one without a completer). Not filtered by a prefix.
 */
void command_complete(const struct cmd_ctx *ctx, int argc, char **argv,
                      struct strvec *out);

#endif
