/*
 * `centinela match [--all]`: match CVEs and assets into exposures again,
 * with progress on a terminal (standard error), then one summary line.
 *
 * The store matches incrementally by itself as CVEs and assets are written
 * (store/exposure.h); this is for a cache whose data came before matching
 * existed, or changed otherwise. Without --all it matches what changed
 * since the last `match` (everything the first time); with --all, every
 * CVE that has criteria or exposures. Either way the exposures that
 * qualify and were never alerted become alerts (store/exposure_alert.h).
 */
#include "centinela/cli/cli.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/store/exposure.h"
#include "centinela/store/exposure_alert.h"

struct match_progress {
	bool is_tty;    /* standard error is a terminal: show progress */
	int64_t total;  /* what was matched, as the last call said */
	bool has_shown; /* a progress line is on the terminal */
};

static void
progress(void *arg, int64_t done, int64_t total)
{
	struct match_progress *p = arg;

	p->total = total;
	if (!p->is_tty)
		return;
	fprintf(stderr, "\rmatching: %lld / %lld", (long long)done,
	        (long long)total);
	p->has_shown = true;
	if (done >= total) {
		fputc('\n', stderr);
		p->has_shown = false;
	}
	fflush(stderr);
}

int
cli_cmd_match(struct app *app, int argc, char **argv)
{
	struct match_progress p = {0};
	struct store_match_stats st = {0};
	struct store_exposure_tally before, after;
	bool is_all = false;
	int64_t raised;
	struct err e;
	int status, rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0) {
			is_all = true;
			continue;
		}
		cli_error("unexpected '%s'; usage: centinela match [--all]",
		          argv[i]);
		return CLI_EXIT_USAGE;
	}
	err_clear(&e);
	if (app_check_writable(app, "match", &e)) {
		cli_error("%s", e.msg);
		return CLI_EXIT_CACHE;
	}
	if ((status = cli_open_store(app)))
		return status;
	p.is_tty = isatty(STDERR_FILENO);
	store_exposure_alerts_tally(app->store, &before);
	if (is_all)
		rc = store_exposure_rematch_all(app->store, progress, &p, &st,
		                                &e);
	else
		rc = store_exposure_match_changed(app->store, progress, &p, &st,
		                                  &e);
	if (p.has_shown)
		fputc('\n', stderr);
	if (rc) {
		cli_error("cannot match: %s", e.msg);
		return cli_exit_for(rc);
	}
	store_exposure_alerts_tally(app->store, &after);
	raised = after.raised - before.raised;
	printf("matched %lld %s: %lld exposures added, %lld confirmed, "
	       "%lld removed; %lld exposure alert%s raised\n",
	       (long long)p.total, is_all ? "CVEs" : "CVEs and assets",
	       (long long)st.added, (long long)st.confirmed,
	       (long long)st.removed, (long long)raised,
	       raised == 1 ? "" : "s");
	return CLI_EXIT_OK;
}
