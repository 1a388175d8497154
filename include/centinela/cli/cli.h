/*
 * The non-interactive subcommands: `centinela list`, `show`, `import`,
 * `incident`, `alert`, `db check`, `audit verify`, `demo-data`, `sync`,
 * `outbox`, `sources`. Each is one row in the table of src/cli/cli.c and
 * one file src/cli/cmd_<name>.c (sync, outbox and sources share
 * cmd_sync.c).
 *
 * Subcommands print results on stdout and errors on stderr as
 * "centinela: MESSAGE" (sanitized), and return an exit status.
 */
#ifndef CENTINELA_CLI_CLI_H
#define CENTINELA_CLI_CLI_H

#include <stddef.h>
#include <stdio.h>

struct app;
struct err;

/* Exit statuses, documented in centinela(1). */
enum cli_exit {
	CLI_EXIT_OK = 0, /* done */
	CLI_EXIT_FAIL =
	    1, /* input rejected, a check failed, a command failed */
	CLI_EXIT_USAGE = 2,    /* wrong arguments or options */
	CLI_EXIT_NOTFOUND = 3, /* what was asked for does not exist */
	CLI_EXIT_CACHE = 4,    /* the cache cannot be opened or written */
};

struct cli_command {
	const char *name;    /* subcommand, e.g. "list" */
	const char *usage;   /* its arguments */
	const char *summary; /* one line */
	int (*run)(struct app *app, int argc, char **argv); /* argv[0]: name */
};

/* Run the subcommand in argv[0]; returns an exit status. */
int cli_run(struct app *app, int argc, char **argv);

/* The subcommand list for `centinela --help`. */
void cli_usage(FILE *fp);

/* The subcommand named name, or NULL. */
const struct cli_command *cli_find(const char *name);

/* Print "centinela: MESSAGE" to stderr, sanitized. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The exit status for an ERR_* code. */
int cli_exit_for(int err_code);

/* 0 for rc 0; else print e's message and return cli_exit_for(rc). */
int cli_report(int rc, const struct err *e);

/*
 * The exit status for an error in what the command line gave (a filter, a
 * sort, a page key, a -c command): CLI_EXIT_USAGE for a usage, syntax,
 * value, name or size error, as centinela(1) says, else cli_exit_for.
 */
int cli_exit_for_args(int err_code);

/*
 * Open the cache for a subcommand; on failure print the error and return
 * CLI_EXIT_CACHE (or another status), else 0.
 */
int cli_open_store(struct app *app);

/*
 * Option parsing for subcommands: when argv[*i] is "--name VALUE" or
 * "--name=VALUE", store VALUE in *value, advance *i past it and return 1;
 * return 0 when argv[*i] is another word; print an error and return -1
 * when the value is missing.
 */
int cli_opt_value(int argc, char **argv, int *i, const char *name,
                  const char **value);

/* Parse a decimal integer in [min, max] given for option name; prints. */
int cli_parse_int(const char *name, const char *s, long long min, long long max,
                  long long *out);

/*
 * The output check every subcommand ends with (main runs it on standard
 * output after each one, and after --help, --version and -c): flush fp and
 * look at its error flag, which stdio sets on any failed write since the
 * start. On an error print "cannot write to standard output: REASON" (or
 * "cannot write 'PATH': REASON" for an --output file named path), drop
 * what is still buffered and clear the flag, so the failure is reported
 * once, and return CLI_EXIT_FAIL; else return 0. A command that must not
 * go on after a failed write (handover records the report only once it is
 * out) calls it itself at that point.
 */
int cli_output_check(FILE *fp, const char *path);

/*
 * cli_output_check, then fclose(fp) (an --output file, named path),
 * reporting a failed close the same way. fp is closed either way.
 */
int cli_output_close(FILE *fp, const char *path);

/*
 * Standard output for a format that keeps the cache's bytes exactly (CSV):
 * a pipe or a file gets them as they are; a terminal must not be acted on
 * by them (a CR inside a quoted field rewrites the row, U+202E reverses
 * it), so there the bytes go through the sanitizer (base/sanitize.h,
 * newlines and tabs kept), as a table's cells do.
 *
 *     struct cli_out out;
 *     cli_out_open(&out);
 *     for each record: write it to out.fp; cli_out_flush(&out);
 *     cli_out_close(&out);
 *
 * cli_out_flush passes what was written so far on (call it at the end of
 * a record, so that no character is split); cli_out_close flushes and
 * frees. Write errors show on stdout, for cli_output_check.
 */
struct cli_out {
	FILE *fp;   /* where the format writes: stdout or a memory stream */
	FILE *mem;  /* the memory stream on a terminal, else NULL */
	char *buf;  /* its bytes (owned by the stream until closed) */
	size_t len; /* bytes in buf since the last flush */
};

void cli_out_open(struct cli_out *o);
void cli_out_flush(struct cli_out *o);
void cli_out_close(struct cli_out *o);

/*
 * Print the lines of an edit's result (app/edit.h), sanitized, one a
 * line; or "REF: nothing to change" when it changed nothing.
 */
struct edit_result;
void cli_print_edit_result(const struct edit_result *res, const char *ref);

/* Print help for one subcommand (usage and summary) to fp. */
void cli_subcommand_usage(const struct cli_command *c, FILE *fp);

/* The subcommands (one file each). */
int cli_cmd_list(struct app *app, int argc, char **argv);
int cli_cmd_show(struct app *app, int argc, char **argv);
int cli_cmd_import(struct app *app, int argc, char **argv);
int cli_cmd_db(struct app *app, int argc, char **argv);
int cli_cmd_audit(struct app *app, int argc, char **argv);
int cli_cmd_demo_data(struct app *app, int argc, char **argv);
int cli_cmd_incident(struct app *app, int argc, char **argv);
int cli_cmd_bulletin(struct app *app, int argc, char **argv);
/* `centinela bulletin recipients REF` (argv[1] "recipients"). */
int cli_bulletin_recipients(struct app *app, int argc, char **argv);
int cli_cmd_alert(struct app *app, int argc, char **argv);
int cli_cmd_sync(struct app *app, int argc, char **argv);
int cli_cmd_outbox(struct app *app, int argc, char **argv);
int cli_cmd_sources(struct app *app, int argc, char **argv);
int cli_cmd_handover(struct app *app, int argc, char **argv);
int cli_cmd_dashboard(struct app *app, int argc, char **argv);
int cli_cmd_match(struct app *app, int argc, char **argv);

#endif
