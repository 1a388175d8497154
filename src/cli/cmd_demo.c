/*
 * `centinela demo-data [--scale N] [--seed N] [--now TIME]`: a synthetic
 * constituency for demos and benchmarks (see app/demo.h), with a progress
 * line when standard error is a terminal. Times lead up to now (or TIME),
 * so the demo looks live; the same seed and TIME give the same data.
 */
#include "centinela/cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/base/array.h"
#include "centinela/app/app.h"
#include "centinela/app/demo.h"
#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"

static void
progress(void *ctx, const char *phase, int64_t done, int64_t total)
{
	(void)ctx;
	fprintf(stderr, "\rdemo-data: %-13s %9lld / %-9lld", phase,
	        (long long)done, (long long)total);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

/* --alerts N, --incidents N, --assets N: 1 if taken, -1 on error, 0 else. */
static int
count_opt(int argc, char **argv, int *i, struct demo_opts *o)
{
	static const char *const names[] = {"--alerts", "--incidents",
	                                    "--assets"};
	int64_t *fields[] = {&o->n_alerts, &o->n_incidents, &o->n_assets};

	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		const char *v;
		long long n;
		int got = cli_opt_value(argc, argv, i, names[k], &v);

		if (got <= 0) {
			if (got < 0)
				return -1;
			continue;
		}
		if (cli_parse_int(names[k], v, 1, DEMO_COUNT_MAX, &n))
			return -1;
		*fields[k] = n;
		return 1;
	}
	return 0;
}

int
cli_cmd_demo_data(struct app *app, int argc, char **argv)
{
	struct demo_counts counts;
	struct demo_opts o;
	int64_t now = 0;
	struct err e;
	int status;

	demo_opts_init(&o);
	for (int i = 1; i < argc; i++) {
		const char *v;
		int got;

		if ((got = cli_opt_value(argc, argv, &i, "--scale", &v))) {
			char *end;

			if (got < 0)
				return CLI_EXIT_USAGE;
			errno = 0;
			o.scale = strtod(v, &end);
			if (errno || end == v || *end || !isfinite(o.scale) ||
			    o.scale <= 0 || o.scale > 1000) {
				cli_error("--scale wants a number above 0 and "
				          "up to 1000, not '%s'",
				          v);
				return CLI_EXIT_USAGE;
			}
		} else if ((got =
		                cli_opt_value(argc, argv, &i, "--seed", &v))) {
			long long seed;

			if (got < 0 ||
			    cli_parse_int("--seed", v, 0, INT64_MAX, &seed))
				return CLI_EXIT_USAGE;
			o.seed = (uint64_t)seed;
		} else if ((got = count_opt(argc, argv, &i, &o))) {
			if (got < 0)
				return CLI_EXIT_USAGE;
		} else if ((got = cli_opt_value(argc, argv, &i, "--now", &v))) {
			if (got < 0)
				return CLI_EXIT_USAGE;
			if (time_parse_iso8601(v, &now)) {
				cli_error(
				    "--now wants an ISO 8601 time such as "
				    "2026-11-29T03:00:00Z, not '%s'",
				    v);
				return CLI_EXIT_USAGE;
			}
		} else {
			cli_error("unexpected '%s'; usage: centinela demo-data "
			          "[--scale N] [--seed N] [--now TIME] "
			          "[--alerts N] [--incidents N] [--assets N]",
			          argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	err_clear(&e);
	if (app_check_writable(app, "demo-data", &e)) {
		cli_error("%s", e.msg);
		return CLI_EXIT_CACHE;
	}
	if ((status = cli_open_store(app)))
		return status;
	o.now = now ? now : time_now();
	o.prefix = app->reference_prefix;
	o.actor = app->analyst;
	if (isatty(STDERR_FILENO))
		o.progress = progress;
	if (demo_generate(app->store, &o, &counts, &e)) {
		cli_error("demo-data: %s", e.msg);
		return cli_exit_for(e.code);
	}
	printf("demo-data: %lld organizations, %lld assets (%lld CPE names), "
	       "%lld alerts, %lld incidents with %lld notes\n",
	       (long long)counts.organizations, (long long)counts.assets,
	       (long long)counts.cpes, (long long)counts.alerts,
	       (long long)counts.incidents, (long long)counts.notes);
	return CLI_EXIT_OK;
}
