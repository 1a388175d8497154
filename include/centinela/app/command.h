/*
 * The command table: every command of the language is one row here, and
 * `help`, completion and the `?` overlay are generated from it.
 *
 * A command runs with argv[0] its name and argv[1..argc) its arguments,
 * appends what it has to say to out (plain text, lines ending in "\n"; the
 * caller sanitizes and shows it), and returns 0 or an ERR_* code with *e
 * set. The table is const; commands keep their state in struct app.
 */
#ifndef CENTINELA_APP_COMMAND_H
#define CENTINELA_APP_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/strbuf.h"

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
	int (*run)(struct app *app, int argc, char **argv, struct strbuf *out,
	           struct err *e);
};

/* The command called name, or NULL. The result is static. */
const struct command *command_find(const char *name);

/* Number of commands, and the i-th in table order (static), for help and
 * completion; command_at returns NULL past the end. */
size_t command_count(void);
const struct command *command_at(size_t i);

/*
 * Run argv (argv[0] the command name, argc >= 1; borrowed) used from where
 * (one CMD_IN_* flag): find the command, check that it is allowed there and
 * its argument count, refuse a mutating command in read-only mode, run it.
 * Errors: ERR_NOTFOUND "unknown command 'sett' (did you mean 'set'?)",
 * ERR_USAGE "usage: set NAME VALUE", ERR_PERM for where and read-only,
 * or whatever the command returns. out may be NULL to discard the output.
 */
int command_run_argv(struct app *app, int argc, char **argv, unsigned where,
                     struct strbuf *out, struct err *e);

/*
 * Lex one line (see lexer.h) and run it with command_run_argv. A blank or
 * comment-only line does nothing and returns 0.
 */
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

#endif
