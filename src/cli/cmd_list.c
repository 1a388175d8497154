/*
 * `centinela list ENTITY [FILTER...]`: one keyset page of a list, as a
 * table that fits the terminal, a JSON array or CSV.
 *
 * An entity may have a row of list_kinds: its table columns and how to
 * fill them, and how to reload a row whole; without one (vulnerabilities)
 * the table is the console's default columns (app/columns.h). The store
 * pages any entity (store_page_keyed) and releases its rows; the exporters
 * write them with the JSON and CSV fields of its catalog.
 */
#include "centinela/cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/cli/format.h"
#include "centinela/cli/table.h"
#include "centinela/export/csv.h"
#include "centinela/export/json.h"
#include "centinela/model/filter.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/list.h"

#define FILTER_ECHO_MAX 200 /* bytes of a filter quoted in an error */

struct list_kind {
	/* table columns; NULL: the console's default columns, whose
	 * catalog formats the cells (app/columns.h) */
	const struct table_col *cols;
	size_t n_cols; /* entries in cols */
	void (*cells)(const void *row, int64_t now, struct strvec *out);
	/* Reload a row whole (lists read no observables or CPEs); NULL: none */
	int (*reload)(struct store *s, void *row, struct err *e);
};

/* Replace a listed alert by the whole row, observables included. */
static int
alert_reload(struct store *s, void *row, struct err *e)
{
	struct alert *a = row, full;
	int rc = store_alert_get(s, a->meta.id, &full, e);

	if (!rc) {
		alert_release(a);
		*a = full;
	}
	return rc;
}

/* Replace a listed asset by the whole row, CPE names included. */
static int
asset_reload(struct store *s, void *row, struct err *e)
{
	struct asset *a = row, full;
	int rc = store_asset_get(s, a->meta.id, &full, e);

	if (!rc) {
		asset_release(a);
		*a = full;
	}
	return rc;
}

/* Minimum widths let an incident or alert list fit 80 columns. */
static const struct table_col incident_cols[] = {
    {"REF", 13, false, false},        {"SEV", 4, false, false},
    {"STATUS", 6, false, false},      {"TITLE", 12, true, false},
    {"ORGANIZATION", 8, true, false}, {"ASSIGNEE", 6, true, false},
    {"AGE", 3, false, true},          {"SLA", 3, false, true},
};

static void
incident_cells(const void *row, int64_t now, struct strvec *out)
{
	const struct incident *inc = row;

	strvec_push(out, inc->reference);
	strvec_push(out, severity_name(inc->severity));
	strvec_push(out, incident_status_name(inc->status));
	strvec_push(out, inc->title);
	strvec_push(out, inc->organization ? inc->organization : "");
	strvec_push(out, inc->assignee ? inc->assignee : "");
	strvec_push_take(out, format_age(now, inc->opened_at));
	strvec_push_take(out, format_sla(now, inc));
}

static const struct table_col alert_cols[] = {
    {"ID", 2, false, true},       {"OBSERVED", 11, false, false},
    {"SEV", 4, false, false},     {"TLP", 5, false, false},
    {"TAXONOMY", 6, true, false}, {"TITLE", 12, true, false},
    {"FEED", 4, true, false},     {"STATUS", 6, false, false},
};

static void
alert_cells(const void *row, int64_t now, struct strvec *out)
{
	const struct alert *a = row;
	struct strbuf sb;

	(void)now;
	strbuf_init(&sb);
	strvec_push_take(out, format_id(a->meta.id));
	strvec_push_take(out, format_short_time(a->observed_at));
	strvec_push(out, severity_name(a->severity));
	strvec_push(out, tlp_name(a->tlp));
	strbuf_adds(&sb, a->taxonomy_class ? a->taxonomy_class : "");
	if (a->taxonomy_type)
		strbuf_addf(&sb, "/%s", a->taxonomy_type);
	strvec_push_take(out, strbuf_detach(&sb, NULL));
	strvec_push(out, a->title);
	strvec_push(out, a->feed_name ? a->feed_name : "");
	strvec_push(out, alert_status_name(a->status));
}

static const struct table_col asset_cols[] = {
    {"ID", 2, false, true},
    {"CRIT", 4, false, true},
    {"NAME", 10, true, false},
    {"KIND", 4, false, false},
    {"ORGANIZATION", 10, true, false},
    {"SECTOR", 6, true, false},
    {"ADDRESS", 7, true, false},
};

static void
asset_cells(const void *row, int64_t now, struct strvec *out)
{
	const struct asset *a = row;

	(void)now;
	strvec_push_take(out, format_id(a->meta.id));
	strvec_push_take(out, format_id(a->criticality));
	strvec_push(out, a->name);
	strvec_push(out, asset_kind_name(a->kind));
	strvec_push(out, a->organization ? a->organization : "");
	strvec_push(out, a->sector ? a->sector : "");
	strvec_push(out, a->ip ? a->ip : a->hostname ? a->hostname : "");
}

static const struct table_col organization_cols[] = {
    {"ID", 2, false, true},     {"NAME", 16, true, false},
    {"SECTOR", 6, true, false}, {"REGION", 6, true, false},
    {"OPEN", 4, false, true},
};

static void
organization_cells(const void *row, int64_t now, struct strvec *out)
{
	const struct organization *o = row;

	(void)now;
	strvec_push_take(out, format_id(o->meta.id));
	strvec_push(out, o->name);
	strvec_push(out, o->sector ? o->sector : "");
	strvec_push(out, o->region ? o->region : "");
	strvec_push_take(out, format_id(o->open_incidents));
}

#define COLS(a) a, ARRAY_SIZE(a)

/* A list without a row here prints the console's default columns. */
static const struct list_kind list_kinds[STORE_ENTITY_COUNT] = {
    [STORE_INCIDENTS] = {COLS(incident_cols), incident_cells, NULL},
    [STORE_ALERTS] = {COLS(alert_cols), alert_cells, alert_reload},
    [STORE_ASSETS] = {COLS(asset_cols), asset_cells, asset_reload},
    [STORE_ORGANIZATIONS] = {COLS(organization_cols), organization_cells, NULL},
};

enum list_format { LIST_TABLE, LIST_JSON, LIST_CSV };

/* A table column for a column of the console's catalog. */
static struct table_col
catalog_col(const struct column_def *cd)
{
	struct table_col tc = {cd->title, (size_t)cd->width, false, false};

	if (!cd->width || cd->min_width) {
		tc.is_flexible = true;
		tc.min_width = (size_t)cd->min_width;
	}
	return tc;
}

static int
print_rows(enum store_entity ent, enum list_format fmt, char *rows, size_t n,
           struct err *e)
{
	const struct list_kind *k = &list_kinds[ent];
	const struct column_catalog *cat = columns_catalog_of(ent);
	size_t row_size = store_row_size(ent);
	int64_t now = time_now();
	int rc = 0;

	if (fmt == LIST_TABLE) {
		struct table_col cols[COLUMNS_MAX];
		bool is_catalog = !k->cols;
		struct table t;
		struct strvec cells;

		if (is_catalog) {
			for (size_t c = 0; c < cat->n_default; c++)
				cols[c] = catalog_col(&cat->cols[c]);
			table_init(&t, cols, cat->n_default);
		} else {
			table_init(&t, k->cols, k->n_cols);
		}
		strvec_init(&cells);
		for (size_t i = 0; i < n; i++) {
			strvec_release(&cells);
			for (size_t c = 0; is_catalog && c < cat->n_default;
			     c++)
				strvec_push_take(&cells,
				                 cat->cols[c].cell(
				                     rows + i * row_size, now));
			if (!is_catalog)
				k->cells(rows + i * row_size, now, &cells);
			table_add_row(&t, (const char *const *)cells.v);
		}
		strvec_release(&cells);
		/* A write error is reported by cli_output_check. */
		rc = table_print(&t, stdout, table_output_width(stdout),
		                 !format_is_utf8());
		table_release(&t);
	} else if (fmt == LIST_JSON) {
		struct export_json w;

		export_json_init(&w, stdout);
		rc = export_json_begin_array(&w, e);
		for (size_t i = 0; !rc && i < n; i++)
			rc = export_json_row(&w, &cat->fields,
			                     rows + i * row_size, false, e);
		if (!rc)
			rc = export_json_end_array(&w, e);
	} else {
		/* Exact bytes for a pipe or a file, inert ones for a terminal
		 * (JSON escapes every control itself). */
		struct cli_out out;

		cli_out_open(&out);
		rc = export_csv_header(out.fp, &cat->fields, e);
		for (size_t i = 0; !rc && i < n; i++) {
			rc = export_csv_row(out.fp, &cat->fields,
			                    rows + i * row_size, e);
			cli_out_flush(&out);
		}
		if (!rc)
			rc = export_csv_finish(out.fp, e);
		cli_out_close(&out);
	}
	return rc;
}

/* The lists' names, "incidents, alerts, ... or vulnerabilities", to out. */
static void
list_names(struct strbuf *out)
{
	for (int i = 0; i < STORE_ENTITY_COUNT; i++)
		strbuf_addf(out, "%s%s",
		            i == 0                        ? ""
		            : i == STORE_ENTITY_COUNT - 1 ? " or "
		                                          : ", ",
		            store_entity_name(i));
}

int
cli_cmd_list(struct app *app, int argc, char **argv)
{
	enum list_format fmt = LIST_TABLE;
	struct store_list_opts o;
	struct store_key after, next;
	struct filter *filter = NULL;
	struct strbuf expr;
	enum store_entity ent;
	const struct list_kind *k;
	bool is_count = false, is_explain = false;
	int direction = 0; /* 1: --asc, -1: --desc, 0: the sort's own */
	long long limit;
	char *rows = NULL;
	size_t n = 0;
	struct err e;
	int rc, status = CLI_EXIT_USAGE;

	err_clear(&e);
	store_list_opts_init(&o);
	store_key_init(&after);
	store_key_init(&next);
	strbuf_init(&expr);
	limit = app->default_limit;
	if (argc < 2 || store_entity_parse(argv[1], &ent) != 0) {
		struct strbuf names;

		strbuf_init(&names);
		list_names(&names);
		cli_error("list what? say %s", names.buf);
		strbuf_release(&names);
		goto out;
	}
	k = &list_kinds[ent];
	for (int i = 2; i < argc; i++) {
		const char *v;
		int got;

		if ((got = cli_opt_value(argc, argv, &i, "--format", &v))) {
			if (got < 0)
				goto out;
			if (strcmp(v, "table") == 0)
				fmt = LIST_TABLE;
			else if (strcmp(v, "json") == 0)
				fmt = LIST_JSON;
			else if (strcmp(v, "csv") == 0)
				fmt = LIST_CSV;
			else {
				cli_error("unknown format '%s' (known: table, "
				          "json, csv)",
				          v);
				goto out;
			}
		} else if ((got =
		                cli_opt_value(argc, argv, &i, "--limit", &v))) {
			if (got < 0 ||
			    cli_parse_int("--limit", v, 1, 10000, &limit))
				goto out;
		} else if ((got =
		                cli_opt_value(argc, argv, &i, "--sort", &v))) {
			if (got < 0)
				goto out;
			o.sort = v;
		} else if ((got =
		                cli_opt_value(argc, argv, &i, "--after", &v))) {
			if (got < 0)
				goto out;
			if (store_key_parse(v, &after, &e)) {
				cli_error("--after: %s", e.msg);
				goto out;
			}
			o.after = &after;
		} else if (strcmp(argv[i], "--asc") == 0) {
			direction = 1;
		} else if (strcmp(argv[i], "--desc") == 0) {
			direction = -1;
		} else if (strcmp(argv[i], "--count") == 0) {
			is_count = true;
		} else if (strcmp(argv[i], "--explain") == 0) {
			is_explain = true;
		} else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
			cli_error(
			    "unknown option '%s' for list; see 'centinela "
			    "list --help'",
			    argv[i]);
			goto out;
		} else {
			strbuf_addf(&expr, "%s%s", expr.len ? " " : "",
			            argv[i]);
		}
	}
	if (expr.len && filter_parse(expr.buf, &filter, &e)) {
		/* Quote the filter back, unless it is a generated giant. */
		if (expr.len <= FILTER_ECHO_MAX)
			cli_error("filter '%s': %s", expr.buf, e.msg);
		else
			cli_error("filter of %zu bytes: %s", expr.len, e.msg);
		goto out;
	}
	if ((status = cli_open_store(app)))
		goto out;
	o.is_ascending =
	    direction ? direction > 0 : store_sort_is_ascending(ent, o.sort);
	o.filter = filter;
	o.me = app->analyst;
	o.limit = (int)limit;
	if (is_count) {
		int64_t count;

		rc = store_count(app->store, ent, &o, &count, &e);
		if (!rc)
			printf("%lld\n", (long long)count);
	} else if (is_explain) {
		char *plan = NULL;

		rc = store_list_explain(app->store, ent, &o, &plan, &e);
		if (!rc)
			printf("%s\n", plan);
		free(plan);
	} else {
		void *r = NULL;

		rc = store_page_keyed(app->store, ent, &o, &r, NULL, &n, &next,
		                      &e);
		rows = r;
		for (size_t i = 0;
		     !rc && fmt != LIST_TABLE && k->reload && i < n; i++)
			rc = k->reload(app->store,
			               rows + i * store_row_size(ent), &e);
		if (!rc)
			rc = print_rows(ent, fmt, rows, n, &e);
		if (!rc && next.is_set && isatty(STDERR_FILENO)) {
			char *key = store_key_format(&next);

			fprintf(stderr,
			        "-- %zu rows shown; next page: --after "
			        "%s\n",
			        n, key);
			free(key);
		}
	}
	/* A failed write is the story, whatever the writer made of it. */
	if ((status = cli_output_check(stdout, NULL)))
		goto out;
	if (rc) {
		cli_error("%s", e.msg);
		/* The store refuses what the arguments asked for (a field,
		 * a value, a sort, a page key) as invalid: a usage error. */
		status = cli_exit_for_args(rc);
		goto out;
	}
	status = CLI_EXIT_OK;
out:
	for (size_t i = 0; rows && i < n; i++)
		store_row_release(ent, rows + i * store_row_size(ent));
	free(rows);
	filter_free(filter);
	store_key_release(&after);
	store_key_release(&next);
	strbuf_release(&expr);
	return status;
}
