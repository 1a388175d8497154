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

struct command {
	const char *name;    /* what is typed, e.g. "set" */
	const char *usage;   /* arguments after the name, e.g. "NAME VALUE" */
	const char *summary; /* one line for the command list */
	const char *help; /* paragraph(s) for `help NAME`, lines end in "\n" */
	unsigned where;   /* mask of enum command_where */
	bool is_mutating; /* changes data: refused in read-only mode */
	int min_args;     /* fewest arguments after the name */
	int max_args;     /* most arguments, or COMMAND_ARGS_UNLIMITED */
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

/* The command called name, or NULL. The result is static. */
const struct command *command_find(const char *name);

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
 * where it may be used and help text. An unknown name fails like an unknown
 * command (ERR_NOTFOUND).
 */
int command_help(const char *name, struct strbuf *out, struct err *e);

/*
 * Push onto out the words that may come after argv[0..argc) (borrowed):
 * with argc 0 the names of the commands allowed at ctx->origin, else what
 * the completer of the command argv[0] offers (nothing for an unknown
 * command or one without a completer). Not filtered by a prefix.
 */
void command_complete(const struct cmd_ctx *ctx, int argc, char **argv,
                      struct strvec *out);

#endif
