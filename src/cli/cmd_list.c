/*
 * `centinela list ENTITY [FILTER...]`: one keyset page of a list, as a
 * table that fits the terminal, a JSON array or CSV.
 *
 * All of an entity's part comes from its catalog (app/columns.h): the
 * table's columns and cells, the JSON and CSV fields, and whether listed
 * rows are read again whole for them. The store pages any entity
 * (store_page_keyed) and releases its rows.
 */
#include "centinela/cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/cli/catalog_table.h"
#include "centinela/export/csv.h"
#include "centinela/export/json.h"
#include "centinela/model/filter.h"
#include "centinela/store/list.h"

#define FILTER_ECHO_MAX 200 /* bytes of a filter quoted in an error */

enum list_format { LIST_TABLE, LIST_JSON, LIST_CSV };

/*
 * Replace a listed row of ent by the whole row (lists read no observables
 * or CPE names, which its JSON and CSV fields hold).
 */
static int
reload_row(struct store *s, enum store_entity ent, void *row, struct err *e)
{
	void *full = xcalloc(1, store_row_size(ent));
	int rc;

	store_row_init(ent, full);
	rc = store_ref_get(s, ent, NULL, columns_row_id(row), full, e);
	if (!rc) {
		store_row_release(ent, row);
		memcpy(row, full, store_row_size(ent));
	} else {
		store_row_release(ent, full);
	}
	free(full);
	return rc;
}

static int
print_rows(enum store_entity ent, enum list_format fmt, char *rows, size_t n,
           struct err *e)
{
	const struct column_catalog *cat = columns_catalog_of(ent);
	size_t row_size = store_row_size(ent);
	int64_t now = time_now();
	int rc = 0;

	if (fmt == LIST_TABLE) {
		/* A write error is reported by cli_output_check. */
		rc = catalog_table_print(ent, cat->cli, cat->n_cli, rows, n,
		                         now, stdout);
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
		     !rc && fmt != LIST_TABLE &&
		     columns_catalog_of(ent)->is_list_partial && i < n;
		     i++)
			rc = reload_row(app->store, ent,
			                rows + i * store_row_size(ent), &e);
		if (!rc)
			rc = print_rows(ent, fmt, rows, n, &e);
		/*
		 * Listing the exposures is a look at them (their `new`: found
		 * since the last look), once printed; a next page (--after)
		 * goes on with the same look.
		 */
		if (!rc && ent == STORE_EXPOSURES && !after.is_set)
			rc = store_list_look(app->store, ent, time_now(), &e);
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
