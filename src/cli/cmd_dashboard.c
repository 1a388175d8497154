/*
 * `centinela dashboard`: the console's dashboard as text, for scripts and
 * for a look over SSH without the console: the same figures
 * (store/dashboard.h), each on a line of its own. Names from the cache
 * are sanitized.
 */
#include "centinela/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/timeutil.h"
#include "centinela/model/enums.h"
#include "centinela/store/dashboard.h"

#define TOP_DEFAULT 10
#define TOP_MAX     1000

/* The open exposures by sector and the KEV due dates of the next days. */
static void
print_exposures(const struct store_dashboard *d)
{
	char when[TIME_ISO_MAX];

	printf("\n  %-22s %9s %6s\n", "sector", "exposures", "kev");
	for (size_t i = 0; i < d->n_sectors; i++) {
		char *code;

		if (!d->sectors[i].exposures)
			continue;
		code = sanitize_dup(d->sectors[i].code, 0);
		printf("  %-22s %9lld %6lld\n", code,
		       (long long)d->sectors[i].exposures,
		       (long long)d->sectors[i].exposures_kev);
		free(code);
	}
	printf("  %-22s %9lld %6lld\n", "(all)", (long long)d->exposures,
	       (long long)d->exposures_kev);
	printf("\nKEV due today and in the next %d days: %lld\n",
	       STORE_DASHBOARD_KEV_DAYS, (long long)d->kev_due_total);
	for (size_t i = 0; i < d->n_kev_due; i++) {
		const struct store_dashboard_kev_due *k = &d->kev_due[i];
		char *cve = sanitize_dup(k->cve_id ? k->cve_id : "?", 0);

		time_format_iso8601(k->due_at, when);
		printf("  %.10s  %-16s %6lld asset%s exposed\n", when, cve,
		       (long long)k->assets, k->assets == 1 ? "" : "s");
		free(cve);
	}
	if (d->kev_due_total > (int64_t)d->n_kev_due)
		printf("  and %lld more\n",
		       (long long)(d->kev_due_total - (int64_t)d->n_kev_due));
}

static void
print_figures(const struct store_dashboard *d)
{
	char when[TIME_ISO_MAX];

	time_format_iso8601(d->now, when);
	printf("as of              %s\n", when);
	printf("open incidents     %lld\n", (long long)d->open_total);
	printf("sla breaches       %lld\n", (long long)d->breaches);
	printf("alerts last 24h    %lld\n", (long long)d->alerts_24h);
	printf("\nopen by status     ");
	for (int sev = 1; sev < STORE_DASHBOARD_SEVERITY; sev++)
		printf("%9s", severity_name(sev));
	printf("%9s\n", "total");
	for (int st = 0; st < INCIDENT_STATUS_COUNT; st++) {
		long long row = 0;

		if (incident_status_is_final((enum incident_status)st))
			continue;
		printf("  %-17s", incident_status_name(st));
		for (int sev = 1; sev < STORE_DASHBOARD_SEVERITY; sev++) {
			printf("%9lld", (long long)d->open[st][sev]);
			row += d->open[st][sev];
		}
		printf("%9lld\n", row);
	}
	printf("\nalerts per hour, oldest first (the last ends now)\n ");
	for (int i = 0; i < STORE_DASHBOARD_HOURS; i++)
		printf(" %lld", (long long)d->hours[i]);
	printf("\n\n  %-22s %6s %8s\n", "sector", "open", "all");
	for (size_t i = 0; i < d->n_sectors; i++) {
		char *code = sanitize_dup(d->sectors[i].code, 0);

		printf("  %-22s %6lld %8lld\n", code,
		       (long long)d->sectors[i].open,
		       (long long)d->sectors[i].total);
		free(code);
	}
	if (d->no_sector_open)
		printf("  %-22s %6lld\n", "(none)",
		       (long long)d->no_sector_open);
	printf("\n  %-4s %6s %8s  %s\n", "", "open", "all",
	       "organization (most open incidents first)");
	for (size_t i = 0; i < d->n_orgs; i++) {
		char *name =
		    sanitize_dup(d->orgs[i].name ? d->orgs[i].name : "?", 0);
		char *sector = sanitize_dup(
		    d->orgs[i].sector ? d->orgs[i].sector : "-", 0);

		printf("  %3zu. %6lld %8lld  %s (%s)\n", i + 1,
		       (long long)d->orgs[i].open, (long long)d->orgs[i].total,
		       name, sector);
		free(name);
		free(sector);
	}
	print_exposures(d);
}

int
cli_cmd_dashboard(struct app *app, int argc, char **argv)
{
	struct store_dashboard d;
	const char *top_s = NULL, *now_s = NULL;
	long long top = TOP_DEFAULT;
	int64_t now = time_now();
	struct err e;
	int status;

	for (int i = 1; i < argc; i++) {
		int got;

		if ((got = cli_opt_value(argc, argv, &i, "--top", &top_s)) ||
		    (got = cli_opt_value(argc, argv, &i, "--now", &now_s))) {
			if (got < 0)
				return CLI_EXIT_USAGE;
		} else {
			cli_error("unknown argument '%s' for dashboard; see "
			          "'centinela dashboard --help'",
			          argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	if (top_s && cli_parse_int("--top", top_s, 0, TOP_MAX, &top))
		return CLI_EXIT_USAGE;
	if (now_s && time_parse_iso8601(now_s, &now)) {
		cli_error("invalid time '%s' for --now (expected "
		          "2026-11-29T03:00:00Z)",
		          now_s);
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	store_dashboard_init(&d);
	if (store_dashboard_read(app->store, now, (size_t)top, NULL, NULL, &d,
	                         &e)) {
		cli_error("cannot read the dashboard: %s", e.msg);
		return cli_exit_for(e.code);
	}
	print_figures(&d);
	store_dashboard_release(&d);
	return CLI_EXIT_OK;
}
