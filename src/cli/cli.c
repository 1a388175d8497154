/*
 * Subcommand dispatch, error printing and exit statuses for the CLI: see
 * include/centinela/cli/cli.h.
 */
#include "centinela/cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/base/array.h"
#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"

static const struct cli_command commands[] = {
    {"list",
     "LIST [FILTER...] "
     "[--format table|json|csv] [--limit N] [--sort FIELD] "
     "[--asc|--desc] [--after KEY] [--count]",
     "list rows of a list of the cache (incidents, alerts, ...: "
     "'centinela list' names them all), newest first, filtered",
     cli_cmd_list},
    {"show", "REF [--format text|json]",
     "show one incident (MX-2026-00042), alert:ID, asset:ID, org:ID or "
     "CVE id with its links and timeline",
     cli_cmd_show},
    {"import",
     "organizations|assets FILE.csv | alerts|incidents FILE.json | "
     "kev FILE.json|FILE.csv | epss FILE.csv[.gz]|FILE.json "
     "[--skip-invalid]",
     "import a file; all or nothing unless --skip-invalid", cli_cmd_import},
    {"incident",
     "set REF FIELD=VALUE... [--resolution TEXT] | note REF TEXT|- | "
     "create --title T --category C --severity S [--tlp X] [--pap X] "
     "[--organization NAME] [--description D] [--source NAME] | "
     "link|unlink REF alert:ID|asset:ID...",
     "change, annotate, create or link incidents (queued for the server)",
     cli_cmd_incident},
    {"bulletin",
     "create (--title T [--cve ID]... | --from CVE-ID) [--tlp L] "
     "[--severity S] [--category C] | set REF FIELD=VALUE... | note REF "
     "[--kind K] TEXT|- | add-cve REF CVE... | add-product REF ... | "
     "add-remediation REF ... | add-reference REF URL --summary S | "
     "add-ack REF ... | review REF | status REF STATUS | revise REF "
     "--summary S | export REF [--format csaf|markdown|text] [--output "
     "FILE] | publish --dir DIR [--base-url URL] [--include-amber]",
     "write, review and publish security bulletins (CSAF 2.0)",
     cli_cmd_bulletin},
    {"alert",
     "ack ID... [--comment C] | dismiss ID... --reason R | promote ID... "
     "[--to REF] | merge ID... --to REF | unlink ID...",
     "acknowledge, dismiss, promote (several to one new incident), merge "
     "into an incident or unlink alerts (all or nothing)",
     cli_cmd_alert},
    {"match", "[--all]",
     "match CVEs and assets into exposures: what changed since the last "
     "match, or everything (--all), with progress on a terminal",
     cli_cmd_match},
    {"sync", "[SOURCE...]",
     "pull the declared sources and send the outbox (one pass)", cli_cmd_sync},
    {"outbox", "[--all] [--format table|json]",
     "list the local edits waiting for the server", cli_cmd_outbox},
    {"sources", "[--format table|json]",
     "list the declared sources and their last sync", cli_cmd_sources},
    {"db", "check", "check the cache: integrity, schema version, row counts",
     cli_cmd_db},
    {"audit",
     "verify [--file FILE] | export [--output FILE] | seal --reason TEXT",
     "verify the hash chain of the audit trail, export it as JSON lines "
     "to verify elsewhere, or seal a break to go on with it on record",
     cli_cmd_audit},
    {"demo-data",
     "[--scale N] [--seed N] [--now TIME] [--alerts N] [--incidents N] "
     "[--assets N]",
     "fill the cache with a synthetic constituency for demos and "
     "benchmarks",
     cli_cmd_demo_data},
    {"handover",
     "[--since DURATION] [--note TEXT | --note-file FILE|-] "
     "[--output FILE] [--now TIME]",
     "write the Markdown shift handover report", cli_cmd_handover},
    {"dashboard", "[--top N] [--now TIME]",
     "print the console's dashboard: open incidents, SLA breaches, alerts "
     "per hour, sectors, most affected organizations",
     cli_cmd_dashboard},
};

#define N_COMMANDS ARRAY_SIZE(commands)

void
cli_error(const char *fmt, ...)
{
	struct strbuf clean;
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	/* Messages quote file contents and server text: sanitize them. */
	strbuf_init(&clean);
	sanitize_append(&clean, raw, strlen(raw), 0);
	fprintf(stderr, "centinela: %s\n", clean.buf);
	strbuf_release(&clean);
	free(raw);
}

int
cli_exit_for(int err_code)
{
	switch (err_code) {
	case ERR_OK:
		return CLI_EXIT_OK;
	case ERR_USAGE:
		return CLI_EXIT_USAGE;
	case ERR_NOTFOUND:
		return CLI_EXIT_NOTFOUND;
	case ERR_IO:
	case ERR_DB:
	case ERR_PERM:
		return CLI_EXIT_CACHE;
	}
	return CLI_EXIT_FAIL;
}

int
cli_report(int rc, const struct err *e)
{
	if (!rc)
		return CLI_EXIT_OK;
	cli_error("%s", e->msg);
	return cli_exit_for(rc);
}

int
cli_exit_for_args(int err_code)
{
	switch (err_code) {
	case ERR_USAGE:
	case ERR_PARSE:
	case ERR_INVALID:
	case ERR_NOTFOUND:
	case ERR_LIMIT:
		return CLI_EXIT_USAGE;
	}
	return cli_exit_for(err_code);
}

int
cli_open_store(struct app *app)
{
	struct err e;
	int rc;

	if (app->store)
		return 0;
	err_clear(&e);
	rc = app_open_store(app, &e);
	if (rc) {
		/* Missing, locked, unknown or foreign: all "cannot open". */
		cli_error("%s", e.msg);
		return CLI_EXIT_CACHE;
	}
	return 0;
}

/*
 * Whether errnum is one write(2) gives: the cause of a failed write that
 * left stdio's buffer empty (a large fwrite goes straight to write(2)),
 * when the flush that follows has nothing to say.
 */
static bool
is_write_errno(int errnum)
{
	static const int write_errnos[] = {
	    ENOSPC, EDQUOT, EFBIG, EIO,    EPIPE,  EBADF,      EROFS,
	    EPERM,  EACCES, ENXIO, EINVAL, EAGAIN, ECONNRESET,
	};

	for (size_t i = 0; i < ARRAY_SIZE(write_errnos); i++)
		if (errnum == write_errnos[i])
			return true;
	return false;
}

int
cli_output_check(FILE *fp, const char *path)
{
	int before = errno, errnum;
	const char *what;

	errno = 0;
	if (fflush(fp) == 0 && !ferror(fp))
		return 0;
	errnum = errno ? errno : before;
	what = is_write_errno(errnum) ? strerror(errnum) : "write error";
	__fpurge(fp);
	clearerr(fp);
	if (path)
		cli_error("cannot write '%s': %s", path, what);
	else
		cli_error("cannot write to standard output: %s", what);
	return CLI_EXIT_FAIL;
}

int
cli_output_close(FILE *fp, const char *path)
{
	int status = cli_output_check(fp, path);

	if (fclose(fp) != 0 && !status) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		status = CLI_EXIT_FAIL;
	}
	return status;
}

void
cli_out_open(struct cli_out *o)
{
	memset(o, 0, sizeof(*o));
	o->fp = stdout;
	if (!isatty(fileno(stdout)))
		return;
	if (!(o->mem = open_memstream(&o->buf, &o->len)))
		die("out of memory");
	o->fp = o->mem;
}

void
cli_out_flush(struct cli_out *o)
{
	struct strbuf clean;

	if (!o->mem)
		return;
	if (fflush(o->mem))
		die("out of memory");
	strbuf_init(&clean);
	sanitize_append(&clean, o->buf, o->len,
	                SANITIZE_KEEP_NEWLINE | SANITIZE_KEEP_TAB);
	fwrite(clean.buf, 1, clean.len, stdout);
	strbuf_release(&clean);
	/* The next bytes start the buffer again (its size follows the
	 * position). */
	rewind(o->mem);
}

void
cli_out_close(struct cli_out *o)
{
	cli_out_flush(o);
	if (o->mem)
		fclose(o->mem);
	free(o->buf);
	memset(o, 0, sizeof(*o));
}

int
cli_opt_value(int argc, char **argv, int *i, const char *name,
              const char **value)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_error("option %s needs a value", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

int
cli_parse_int(const char *name, const char *s, long long min, long long max,
              long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		cli_error("%s wants a whole number from %lld to %lld, not '%s'",
		          name, min, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

const struct cli_command *
cli_find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void
cli_subcommand_usage(const struct cli_command *c, FILE *fp)
{
	fprintf(fp, "usage: centinela [OPTIONS] %s %s\n%s\n", c->name, c->usage,
	        c->summary);
}

void
cli_usage(FILE *fp)
{
	fputs("usage: centinela [--db FILE [--create]] [-f CONFIG] "
	      "[-c COMMAND]... [--readonly] SUBCOMMAND [ARGS]\n\n"
	      "subcommands:\n",
	      fp);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name,
		        commands[i].summary);
	fputs("\noptions:\n"
	      "  --db FILE       the cache, which must exist unless --create "
	      "(default\n"
	      "                  $XDG_DATA_HOME/centinela/cache.db, made on "
	      "first use)\n"
	      "  --create        make the cache given with --db if it is "
	      "missing\n"
	      "  -f FILE         the config file (default "
	      "$XDG_CONFIG_HOME/centinela/config)\n"
	      "  -c COMMAND      run a command of the command language first "
	      "(repeatable)\n"
	      "  --readonly      refuse every change to the cache\n"
	      "  -h, --help      this help; SUBCOMMAND --help for one "
	      "subcommand\n"
	      "  -V, --version   print the version\n\n"
	      "See centinela(1) and centinelarc(5).\n",
	      fp);
}

int
cli_run(struct app *app, int argc, char **argv)
{
	const struct cli_command *c = cli_find(argv[0]);

	if (!c) {
		cli_error("unknown subcommand '%s'; run 'centinela --help' "
		          "for the list",
		          argv[0]);
		return CLI_EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			cli_subcommand_usage(c, stdout);
			return CLI_EXIT_OK;
		}
	}
	return c->run(app, argc, argv);
}
