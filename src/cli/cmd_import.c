/*
 * `centinela import KIND FILE... [--skip-invalid]`: see app/import.h. Bad
 * rows go to standard error, one "FILE:LINE: reason" each; the summary of
 * each file to standard output.
 *
 * Several files are imported in order, in groups written in one
 * transaction each (app/import.h import_group_begin): a group takes files
 * until it holds IMPORT_GROUP_ROWS rows, standard input makes a group of
 * its own (it cannot be read twice, see below). What a file's import says
 * is held until its group is committed, so that nothing is said imported
 * that is not on disk, and then printed in file order.
 *
 * The first file that fails stops the rest, and the files before it stay
 * imported, as separate commands would leave them: its failure rolls its
 * group back, the group's files before it are imported again in a group
 * that ends before it, and then its errors are printed and the message
 * names what was not read.
 */
#include "centinela/cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/import.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/exposure_alert.h"

/* What the import of a file says, held until its group is committed. */
struct said {
	struct strvec err; /* to standard error: bad rows, then the error */
	char *out;         /* to standard output: the summary line, or NULL */
	int rc;            /* the exit status for the file */
};

static void
said_release(struct said *s)
{
	strvec_release(&s->err);
	free(s->out);
}

/* Print what s holds and release it. */
static void
said_print(struct said *s)
{
	for (size_t i = 0; i < s->err.n; i++)
		cli_error("%s", s->err.v[i]);
	if (s->out)
		puts(s->out);
	said_release(s);
}

/*
 * Import one file into the open group: what it says into *s, its rows
 * added to *rows. The exit status for it (also in s->rc).
 */
static int
import_one(struct app *app, struct import_ahead *ahead, enum import_kind kind,
           const char *path, bool is_skip, struct said *s, size_t *rows)
{
	struct import_result res;
	struct store_exposure_tally before, after;
	struct strbuf line;
	char *shown;
	struct err e;
	int rc;

	err_clear(&e);
	strvec_init(&s->err);
	s->out = NULL;
	memset(&res, 0, sizeof(res));
	store_exposure_alerts_tally(app->store, &before);
	rc = import_run_ahead(app, ahead, kind, path, is_skip, &res, &s->err,
	                      &e);
	store_exposure_alerts_tally(app->store, &after);
	if (rc) {
		strvec_push(&s->err, e.msg);
		return s->rc = rc == ERR_INVALID || rc == ERR_PARSE
		                   ? CLI_EXIT_FAIL
		                   : cli_exit_for(rc);
	}
	*rows += res.rows;
	shown = sanitize_dup(strcmp(path, "-") ? path : "stdin", 0);
	strbuf_init(&line);
	strbuf_addf(&line,
	            "imported %s from %s: %zu rows, %zu new, %zu updated, "
	            "%zu unchanged, %zu invalid%s",
	            import_kind_name(kind), shown, res.rows, res.inserted,
	            res.updated, res.unchanged, res.invalid,
	            res.invalid ? " (skipped)" : "");
	if (res.retired)
		strbuf_addf(&line, ", %zu no longer in KEV", res.retired);
	/* what the rows made qualify (store/exposure_alert.h) */
	if (after.raised > before.raised)
		strbuf_addf(&line, ", %lld exposure alert%s raised",
		            (long long)(after.raised - before.raised),
		            after.raised - before.raised == 1 ? "" : "s");
	s->out = strbuf_detach(&line, NULL);
	free(shown);
	return s->rc = CLI_EXIT_OK;
}

static bool
is_stdin(const char *path)
{
	return strcmp(path, "-") == 0;
}

/*
 * One group: files from paths->v[from], before paths->v[end_max], into
 * one transaction, committed. Returns the exit status, and *end the file
 * after the group's last. When a file fails (or the group cannot begin),
 * the group is rolled back, *end is that file, *is_file true and *fail
 * holds what it says; when the commit fails, *is_file is false and *fail
 * holds its error.
 */
static int
import_group(struct app *app, struct import_ahead *ahead, enum import_kind kind,
             const struct strvec *paths, size_t from, size_t end_max,
             bool is_skip, size_t *end, bool *is_file, struct said *fail)
{
	struct said *v = xcalloc(end_max - from, sizeof(*v));
	size_t i = from, rows = 0;
	struct err e;
	int rc;

	err_clear(&e);
	strvec_init(&fail->err);
	fail->out = NULL;
	*is_file = true;
	*end = from;
	if ((rc = import_group_begin(app, &e))) {
		strvec_push(&fail->err, e.msg);
		free(v);
		return fail->rc = cli_exit_for(rc);
	}
	/* standard input alone: a group with it is never imported again */
	while (i < end_max && (i == from || !is_stdin(paths->v[i]))) {
		rc = import_one(app, ahead, kind, paths->v[i], is_skip,
		                &v[i - from], &rows);
		if (rc) {
			import_group_rollback(app);
			*fail = v[i - from];
			*end = i;
			for (size_t k = from; k < i; k++)
				said_release(&v[k - from]);
			free(v);
			return rc;
		}
		i++;
		if (rows >= IMPORT_GROUP_ROWS || is_stdin(paths->v[i - 1]))
			break;
	}
	*end = i;
	if ((rc = import_group_commit(app, &e))) {
		*is_file = false;
		strvec_push(&fail->err, e.msg);
		fail->rc = cli_exit_for(rc);
		for (size_t k = from; k < i; k++)
			said_release(&v[k - from]);
	} else {
		for (size_t k = from; k < i; k++)
			said_print(&v[k - from]);
		fflush(stdout);
	}
	free(v);
	return rc ? fail->rc : CLI_EXIT_OK;
}

/*
 * "stopped at 'AT': the N files before it stay imported; " and what the
 * others are: not read (a file failed), or with AT not imported (the
 * commit of its group failed).
 */
static void
say_stopped(const struct strvec *paths, size_t at, bool is_commit)
{
	char *a = sanitize_dup(paths->v[at], 0);
	size_t after = paths->n - at - 1;

	if (is_commit) {
		cli_error("stopped at '%s': the %zu file%s before it stay "
		          "imported; it and the %zu after it were not imported",
		          a, at, at == 1 ? "" : "s", after);
	} else {
		char *b = sanitize_dup(paths->v[at + 1], 0);

		cli_error("stopped at '%s': the %zu file%s before it stay "
		          "imported; the %zu after it, from '%s', were not "
		          "read",
		          a, at, at == 1 ? "" : "s", after, b);
		free(b);
	}
	free(a);
}

/* Import every file of paths; see the top of this file. */
static int
import_all(struct app *app, enum import_kind kind, const struct strvec *paths,
           bool is_skip)
{
	size_t i = 0, end_max = paths->n, end;
	struct said fail = {.rc = CLI_EXIT_OK};
	struct import_ahead *ahead;
	struct err e;

	err_clear(&e);
	if (import_ahead_start(kind, (const char *const *)paths->v, paths->n,
	                       &ahead, &e)) {
		cli_error("%s", e.msg);
		return cli_exit_for(e.code);
	}
	strvec_init(&fail.err);
	while (i < end_max) {
		struct said s;
		bool is_file;
		int rc = import_group(app, ahead, kind, paths, i, end_max,
		                      is_skip, &end, &is_file, &s);

		if (rc == CLI_EXIT_OK) {
			said_release(&s);
			i = end;
		} else if (is_file) {
			/* the files of its group before it, again */
			said_release(&fail);
			fail = s;
			end_max = end;
		} else {
			/* the commit failed: nothing from i on is imported
			 * (a file after them that failed first says why) */
			import_ahead_free(ahead);
			said_print(&fail);
			said_print(&s);
			say_stopped(paths, i, true);
			return rc;
		}
	}
	import_ahead_free(ahead);
	if (fail.rc == CLI_EXIT_OK)
		return CLI_EXIT_OK;
	said_print(&fail);
	if (end_max + 1 < paths->n)
		say_stopped(paths, end_max, false);
	return fail.rc;
}

int
cli_cmd_import(struct app *app, int argc, char **argv)
{
	const char *kind_name = NULL;
	bool is_skip = false, has_stdin = false;
	struct strvec paths;
	enum import_kind kind;
	struct err e;
	int rc;

	strvec_init(&paths);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--skip-invalid") == 0)
			is_skip = true;
		else if (!kind_name)
			kind_name = argv[i];
		else
			strvec_push(&paths, argv[i]);
	}
	err_clear(&e);
	if (!kind_name || !paths.n) {
		cli_error(
		    "usage: centinela import organizations|assets "
		    "FILE.csv... | alerts|incidents|kev|nvd FILE.json... "
		    "| epss FILE.csv[.gz]|FILE.json... | csaf FILE.json... "
		    "[--skip-invalid]");
		strvec_release(&paths);
		return CLI_EXIT_USAGE;
	}
	for (size_t i = 0; i < paths.n; i++)
		if (strcmp(paths.v[i], "-") == 0) {
			if (has_stdin) {
				cli_error("standard input ('-') given twice; "
				          "it can be read once");
				strvec_release(&paths);
				return CLI_EXIT_USAGE;
			}
			has_stdin = true;
		}
	if (import_kind_parse(kind_name, &kind, &e)) {
		cli_error("%s", e.msg);
		strvec_release(&paths);
		return CLI_EXIT_USAGE;
	}
	/* As every command: a cache that cannot be opened exits 4. */
	if ((rc = cli_open_store(app))) {
		strvec_release(&paths);
		return rc;
	}
	rc = import_all(app, kind, &paths, is_skip);
	strvec_release(&paths);
	return rc;
}
