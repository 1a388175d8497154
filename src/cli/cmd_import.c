/*
 * `centinela import KIND FILE [--skip-invalid]`: see app/import.h. Bad rows
 * go to standard error, one "FILE:LINE: reason" each; the summary to
 * standard output.
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

int
cli_cmd_import(struct app *app, int argc, char **argv)
{
	const char *kind_name = NULL, *path = NULL;
	bool is_skip = false;
	struct import_result res;
	struct store_exposure_tally before, after;
	struct strvec bad;
	enum import_kind kind;
	char *shown;
	struct err e;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--skip-invalid") == 0)
			is_skip = true;
		else if (!kind_name)
			kind_name = argv[i];
		else if (!path)
			path = argv[i];
		else {
			cli_error(
			    "unexpected '%s'; usage: centinela import KIND "
			    "FILE [--skip-invalid]",
			    argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	err_clear(&e);
	if (!kind_name || !path) {
		cli_error("usage: centinela import organizations|assets "
		          "FILE.csv | alerts|incidents|kev|nvd FILE.json | "
		          "epss FILE.csv[.gz]|FILE.json [--skip-invalid]");
		return CLI_EXIT_USAGE;
	}
	if (import_kind_parse(kind_name, &kind, &e)) {
		cli_error("%s", e.msg);
		return CLI_EXIT_USAGE;
	}
	/* As every command: a cache that cannot be opened exits 4. */
	if ((rc = cli_open_store(app)))
		return rc;
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
