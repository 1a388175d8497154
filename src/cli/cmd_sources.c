/*
 * `centinela sources`: each declared source with its resources' last
 * success, cursor and error and its open outbox entries, and the whole
 * catalogs the cache holds (KEV, EPSS).
 */
#include "centinela/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/cli/format.h"
#include "centinela/cli/table.h"
#include "centinela/store/catalog.h"
#include "centinela/store/outbox.h"
#include "centinela/store/sync_state.h"
#include "centinela/sync/engine.h"
#include "sync_internal.h"

/* Open outbox entries of one source. */
struct source_counts {
	int64_t pending;   /* pending or failed */
	int64_t conflicts; /* in conflict */
};

static void
count_outbox(const struct outbox_entry *rows, size_t n, const char *source,
             struct source_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].source, source) != 0)
			continue;
		if (rows[i].state == OUTBOX_CONFLICT)
			c->conflicts++;
		else if (rows[i].state != OUTBOX_DONE)
			c->pending++;
	}
}

static const struct table_col source_cols[] = {
    {"SOURCE", 6, false, false},       {"DRIVER", 6, false, false},
    {"URL", 10, true, false},          {"RESOURCE", 8, false, false},
    {"LAST SUCCESS", 12, false, true}, {"CURSOR", 6, false, false},
    {"LAST ERROR", 10, true, false},   {"OUTBOX", 6, false, true},
    {"CONFLICTS", 9, false, true},
};

/* The sync_state of one pair; initialised and zero when never synced. */
static int
state_of(struct store *s, const char *source, const char *resource,
         struct sync_state *st, struct err *e)
{
	int rc = store_sync_state_get(s, source, resource, st, e);

	if (rc == ERR_NOTFOUND) {
		err_clear(e);
		return 0;
	}
	return rc;
}

/*
 * The whole catalogs the cache holds (the KEV catalog, the EPSS scores),
 * under the table: which version, of when, from which source.
 */
static int
catalogs_print(struct store *s, struct err *e)
{
	struct store_catalog *c = NULL;
	size_t n = 0;
	int rc = store_catalog_list(s, &c, &n, e);

	for (size_t i = 0; !rc && i < n; i++) {
		char *name = sanitize_dup(c[i].name, 0);
		char *ver = sanitize_dup(c[i].version ? c[i].version : "-", 0);
		char *src = sanitize_dup(c[i].source, 0);
		char day[TIME_ISO_MAX];

		if (i == 0)
			fputs("\ncatalogs held:\n", stdout);
		printf("  %-5s %s", name, ver);
		if (c[i].released_at) {
			time_format_iso8601(c[i].released_at, day);
			printf(" of %.10s", day);
		}
		printf(", %lld entries, from %s\n", (long long)c[i].entries,
		       src);
		free(name);
		free(ver);
		free(src);
	}
	for (size_t i = 0; i < n; i++)
		store_catalog_release(&c[i]);
	free(c);
	return rc;
}

static int
sources_print_table(struct store *s, const struct app *app,
                    const struct outbox_entry *rows, size_t n, struct err *e)
{
	int64_t now = time_now();
	struct table t;
	int rc = 0;

	table_init(&t, source_cols, ARRAY_SIZE(source_cols));
	for (size_t i = 0; i < app->n_sources && !rc; i++) {
		const struct sync_source *src = &app->sources[i];
		struct source_counts c;

		count_outbox(rows, n, src->name, &c);
		for (size_t r = 0; r < src->resources.n && !rc; r++) {
			struct sync_state st;
			struct strvec cells;
			bool is_first = r == 0;

			sync_state_init(&st);
			rc =
			    state_of(s, src->name, src->resources.v[r], &st, e);
			strvec_init(&cells);
			strvec_push(&cells, is_first ? src->name : "");
			strvec_push(&cells, is_first ? src->driver : "");
			strvec_push_take(&cells, is_first
			                             ? cli_url_shown(src->url)
			                             : xstrdup(""));
			strvec_push(&cells, src->resources.v[r]);
			if (st.last_success_at) {
				char *age = format_age(now, st.last_success_at);
				struct strbuf sb;

				strbuf_init(&sb);
				strbuf_addf(&sb, "%s ago", age);
				free(age);
				strvec_push_take(&cells,
				                 strbuf_detach(&sb, NULL));
			} else
				strvec_push(&cells, "never");
			strvec_push(&cells, st.cursor ? "yes" : "no");
			strvec_push(&cells, st.last_error ? st.last_error : "");
			strvec_push_take(&cells, is_first ? format_id(c.pending)
			                                  : xstrdup(""));
			strvec_push_take(&cells, is_first
			                             ? format_id(c.conflicts)
			                             : xstrdup(""));
			table_add_row(&t, (const char *const *)cells.v);
			strvec_release(&cells);
			sync_state_release(&st);
		}
	}
	if (!rc)
		rc = table_print(&t, stdout, table_output_width(stdout),
		                 !format_is_utf8());
	table_release(&t);
	if (!rc)
		rc = catalogs_print(s, e);
	return rc;
}

static int
sources_print_json(struct store *s, const struct app *app,
                   const struct outbox_entry *rows, size_t n, struct err *e)
{
	int rc = 0;

	fputs("[", stdout);
	for (size_t i = 0; i < app->n_sources && !rc; i++) {
		const struct sync_source *src = &app->sources[i];
		struct source_counts c;
		char *url = cli_url_shown(src->url);

		count_outbox(rows, n, src->name, &c);
		fprintf(stdout, "%s\n{", i ? "," : "");
		rc = cli_json_str_member(stdout, "name", src->name, true, e);
		if (!rc)
			rc = cli_json_str_member(stdout, "driver", src->driver,
			                         false, e);
		if (!rc)
			rc = cli_json_str_member(stdout, "url", url, false, e);
		free(url);
		fprintf(stdout,
		        ", \"interval\": %lld, \"outbox_pending\": %lld, "
		        "\"conflicts\": %lld, \"resources\": [",
		        (long long)src->interval, (long long)c.pending,
		        (long long)c.conflicts);
		for (size_t r = 0; r < src->resources.n && !rc; r++) {
			struct sync_state st;

			sync_state_init(&st);
			rc =
			    state_of(s, src->name, src->resources.v[r], &st, e);
			if (!rc) {
				fputs(r ? ", {" : "{", stdout);
				rc = cli_json_str_member(stdout, "resource",
				                         src->resources.v[r],
				                         true, e);
			}
			if (!rc) {
				cli_json_time_member(stdout, "last_success_at",
				                     st.last_success_at);
				cli_json_time_member(stdout, "last_attempt_at",
				                     st.last_attempt_at);
				fprintf(stdout, ", \"has_cursor\": %s",
				        st.cursor ? "true" : "false");
				rc = cli_json_str_member(stdout, "last_error",
				                         st.last_error, false,
				                         e);
				fputs("}", stdout);
			}
			sync_state_release(&st);
		}
		fputs("]}", stdout);
	}
	fputs(app->n_sources ? "\n]\n" : "]\n", stdout);
	if (!rc && (fflush(stdout) || ferror(stdout)))
		rc = err_set(e, ERR_IO, "cannot write the output");
	return rc;
}

int
cli_cmd_sources(struct app *app, int argc, char **argv)
{
	enum out_format fmt = OUT_TABLE;
	struct outbox_entry *rows = NULL;
	size_t n = 0;
	struct err e;
	int rc, status;

	if (cli_sync_format(argc, argv, "sources", &fmt, NULL))
		return CLI_EXIT_USAGE;
	if (app->n_sources == 0 && fmt == OUT_TABLE) {
		printf("no source declared: %s\n", SOURCE_HINT);
		/* catalogs imported from files, in a cache that exists */
		err_clear(&e);
		if (app_open_store(app, &e) == 0 &&
		    catalogs_print(app->store, &e))
			cli_error("cannot list the catalogs: %s", e.msg);
		return cli_output_check(stdout, NULL);
	}
	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	rc = store_outbox_list(app->store, OUTBOX_OPEN, 0, &rows, &n, &e);
	if (!rc)
		rc = fmt == OUT_JSON
		         ? sources_print_json(app->store, app, rows, n, &e)
		         : sources_print_table(app->store, app, rows, n, &e);
	for (size_t i = 0; i < n; i++)
		outbox_entry_release(&rows[i]);
	free(rows);
	if ((status = cli_output_check(stdout, NULL)))
		return status;
	if (rc) {
		cli_error("cannot show the sources: %s",
		          e.msg[0] ? e.msg : "output error");
		return cli_exit_for(rc);
	}
	return CLI_EXIT_OK;
}
