/*
 * `centinela import KIND FILE... [--skip-invalid]`: see app/import.h. Bad
 * rows go to standard error, one "FILE:LINE: reason" each; the summary of
 * each file to standard output.
 */
#include "centinela/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/import.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strvec.h"
#include "centinela/store/exposure_alert.h"

/*
 * One file: its bad rows and error to standard error, its summary line to
 * standard output. The exit status for it.
 */
static int
import_one(struct app *app, enum import_kind kind, const char *path,
           bool is_skip)
{
	struct import_result res;
	struct store_exposure_tally before, after;
	struct strvec bad;
	char *shown;
	struct err e;
	int rc;

	err_clear(&e);
	strvec_init(&bad);
	memset(&res, 0, sizeof(res));
	store_exposure_alerts_tally(app->store, &before);
	rc = import_run(app, kind, path, is_skip, &res, &bad, &e);
	store_exposure_alerts_tally(app->store, &after);
	for (size_t i = 0; i < bad.n; i++)
		cli_error("%s", bad.v[i]);
	strvec_release(&bad);
	if (rc) {
		cli_error("%s", e.msg);
		return rc == ERR_INVALID || rc == ERR_PARSE ? CLI_EXIT_FAIL
		                                            : cli_exit_for(rc);
	}
	shown = sanitize_dup(strcmp(path, "-") ? path : "stdin", 0);
	printf("imported %s from %s: %zu rows, %zu new, %zu updated, "
	       "%zu unchanged, %zu invalid%s",
	       import_kind_name(kind), shown, res.rows, res.inserted,
	       res.updated, res.unchanged, res.invalid,
	       res.invalid ? " (skipped)" : "");
	if (res.retired)
		printf(", %zu no longer in KEV", res.retired);
	/* what the rows made qualify (store/exposure_alert.h) */
	if (after.raised > before.raised)
		printf(", %lld exposure alert%s raised",
		       (long long)(after.raised - before.raised),
		       after.raised - before.raised == 1 ? "" : "s");
	putchar('\n');
	free(shown);
	return CLI_EXIT_OK;
}

/*
 * Several files are imported in order, each in its own transaction (as
 * the same number of commands would, in one process: a year of NVD feed
 * files, or the pages of a saved catalog). The first that fails stops the
 * rest; those before it stay imported, and the message names what was not.
 */
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
	rc = CLI_EXIT_OK;
	for (size_t i = 0; rc == CLI_EXIT_OK && i < paths.n; i++) {
		rc = import_one(app, kind, paths.v[i], is_skip);
		if (rc != CLI_EXIT_OK && i + 1 < paths.n) {
			char *at = sanitize_dup(paths.v[i], 0);
			char *next = sanitize_dup(paths.v[i + 1], 0);

			cli_error("stopped at '%s': the %zu file%s before it "
			          "stay imported; the %zu after it, from '%s', "
			          "were not read",
			          at, i, i == 1 ? "" : "s", paths.n - i - 1,
			          next);
			free(at);
			free(next);
		}
	}
	strvec_release(&paths);
	return rc;
}
