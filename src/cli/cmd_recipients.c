/*
 * `centinela bulletin recipients REF [--format table|csv|json]`: who
 * should receive the bulletin REF (store/recipient.h: the organizations
 * addressed and those with exposed assets, filtered by its TLP), for the
 * CSIRT's mail tool. The table goes to a person and says how many the TLP
 * withheld (on standard error, so that the CSV and JSON stay clean).
 */
#include "centinela/cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/cli/format.h"
#include "centinela/cli/table.h"
#include "centinela/export/csv.h"
#include "centinela/export/json.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/recipient.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/recipient.h"

#define RECIPIENTS_USAGE                                                       \
	"usage: centinela bulletin recipients REF [--format table|csv|json]"

static int
print_table(const struct recipient_list *l, struct err *e)
{
	static const struct table_col cols[] = {
	    {"ORGANIZATION", 12, true, false}, {"SECTOR", 6, false, false},
	    {"CONTACT", 8, true, false},       {"EMAIL", 10, true, false},
	    {"PHONE", 8, true, false},         {"REASON", 10, true, false},
	};
	struct table t;
	int rc;

	table_init(&t, cols, ARRAY_SIZE(cols));
	for (size_t i = 0; i < l->n; i++) {
		const struct recipient *r = &l->v[i];
		const char *cells[] = {r->organization, r->sector,
		                       r->contact_name, r->email,
		                       r->phone,        r->reason};

		table_add_row(&t, cells);
	}
	rc = table_print(&t, stdout, table_output_width(stdout),
	                 !format_is_utf8());
	table_release(&t);
	if (rc)
		return err_set(e, ERR_IO, "cannot write the table");
	return 0;
}

static int
print_csv(const struct recipient_list *l, struct err *e)
{
	struct cli_out out;
	int rc;

	cli_out_open(&out);
	rc = export_csv_header(out.fp, &export_recipient_table, e);
	for (size_t i = 0; !rc && i < l->n; i++) {
		rc = export_csv_row(out.fp, &export_recipient_table, &l->v[i],
		                    e);
		cli_out_flush(&out);
	}
	if (!rc)
		rc = export_csv_finish(out.fp, e);
	cli_out_close(&out);
	return rc;
}

static int
print_json(const struct recipient_list *l, struct err *e)
{
	struct export_json w;
	struct cli_out out;
	int rc;

	cli_out_open(&out);
	export_json_init(&w, out.fp);
	rc = export_json_begin_array(&w, e);
	for (size_t i = 0; !rc && i < l->n; i++) {
		rc = export_json_row(&w, &export_recipient_table, &l->v[i],
		                     true, e);
		cli_out_flush(&out);
	}
	if (!rc)
		rc = export_json_end_array(&w, e);
	cli_out_close(&out);
	return rc;
}

int
cli_bulletin_recipients(struct app *app, int argc, char **argv)
{
	const char *format = "table", *ref = NULL;
	struct recipient_list l;
	struct bulletin b;
	struct err e;
	int rc, status;

	for (int i = 2; i < argc; i++) {
		int got = cli_opt_value(argc, argv, &i, "--format", &format);

		if (got < 0)
			return CLI_EXIT_USAGE;
		if (got)
			continue;
		if (ref || strncmp(argv[i], "--", 2) == 0) {
			cli_error("unexpected '%s'; %s", argv[i],
			          RECIPIENTS_USAGE);
			return CLI_EXIT_USAGE;
		}
		ref = argv[i];
	}
	if (!ref) {
		cli_error("which bulletin? %s", RECIPIENTS_USAGE);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0) {
		cli_error("unknown format '%s' (known: table, csv, json)",
		          format);
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	if ((rc = store_bulletin_get(app->store, ref, &b, &e)))
		return cli_report(rc, &e);
	rc = store_bulletin_recipients(app->store, b.meta.id, b.tlp, &l, &e);
	if (!rc) {
		if (strcmp(format, "csv") == 0)
			rc = print_csv(&l, &e);
		else if (strcmp(format, "json") == 0)
			rc = print_json(&l, &e);
		else
			rc = print_table(&l, &e);
	}
	if (!rc && (l.n_withheld || !l.n))
		fprintf(stderr, "%s: %zu recipient%s; %s: %s; %zu withheld\n",
		        b.reference, l.n, l.n == 1 ? "" : "s",
		        recipient_tlp_label(b.tlp), recipient_rule(b.tlp),
		        l.n_withheld);
	recipient_list_release(&l);
	bulletin_release(&b);
	return cli_report(rc, &e);
}
