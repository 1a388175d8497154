/*
 * `centinela show REF`: one record of any list with its fields, links and
 * timeline, as text or JSON.
 *
 * Which list REF names and how its row is read come from the lists'
 * entity tables (store_ref_parse, store_ref_get: an incident reference
 * MX-2026-00042, a CVE id CVE-2021-44228, or KIND:ID such as alert:42);
 * the JSON from the list's catalog fields; the text from a printer of
 * this file for the records with links and timelines, else from the
 * catalog's detail layout. A new list adds nothing here.
 */
#include "centinela/cli/cli.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/cli/format.h"
#include "centinela/cli/table.h"
#include "centinela/export/json.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "centinela/store/organization.h"

#define SHOW_RELATED_MAX 50 /* linked rows listed under a detail */

/* Print "  label   value" with the value sanitized (NULL: "-"). */
static void
field(const char *label, const char *value)
{
	char *v = sanitize_dup(value && *value ? value : "-", 0);

	printf("  %-14s %s\n", label, v);
	free(v);
}

static void
field_take(const char *label, char *value)
{
	field(label, value);
	free(value);
}

/*
 * A multi-line text block under a title (NULL: none), indented, newlines
 * kept, all else sanitized.
 */
static void
block(const char *title, const char *text)
{
	struct strbuf sb;
	const char *p;

	if (!text || !*text)
		return;
	strbuf_init(&sb);
	sanitize_append(&sb, text, strlen(text), SANITIZE_KEEP_NEWLINE);
	if (title)
		printf("\n%s\n", title);
	p = sb.buf;
	while (*p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("    %.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
	strbuf_release(&sb);
}

#define COLS(a) a, ARRAY_SIZE(a)

/*
 * Print the heading "title (n)" of a list of linked rows ("n+" when the
 * list was cut at SHOW_RELATED_MAX); when there are rows, set up t with
 * cols and return true: the caller adds the rows and calls related_end.
 */
static bool
related_begin(struct table *t, const char *title, size_t n,
              const struct table_col *cols, size_t n_cols)
{
	printf("\n%s (%zu%s)\n", title, n, n == SHOW_RELATED_MAX ? "+" : "");
	if (!n)
		return false;
	table_init(t, cols, n_cols);
	return true;
}

static void
related_end(struct table *t)
{
	table_print(t, stdout, table_output_width(stdout), !format_is_utf8());
	table_release(t);
}

static const struct table_col alert_cols[] = {
    {"ID", 2, false, true},     {"OBSERVED", 16, false, false},
    {"SEV", 4, false, false},   {"STATUS", 6, false, false},
    {"TITLE", 16, true, false},
};

static void
print_alerts(const char *title, struct alert *rows, size_t n)
{
	struct table t;

	if (!related_begin(&t, title, n, COLS(alert_cols)))
		return;
	for (size_t i = 0; i < n; i++) {
		char *id = format_id(rows[i].meta.id);
		char *when = format_minute(rows[i].observed_at);
		const char *cells[] = {
		    id, when, severity_name(rows[i].severity),
		    alert_status_name(rows[i].status), rows[i].title};

		table_add_row(&t, cells);
		free(id);
		free(when);
	}
	related_end(&t);
}

static const struct table_col asset_cols[] = {
    {"ID", 2, false, true},      {"CRIT", 4, false, true},
    {"NAME", 12, true, false},   {"KIND", 4, false, false},
    {"ADDRESS", 7, true, false},
};

static void
print_assets(const char *title, struct asset *rows, size_t n)
{
	struct table t;

	if (!related_begin(&t, title, n, COLS(asset_cols)))
		return;
	for (size_t i = 0; i < n; i++) {
		char *id = format_id(rows[i].meta.id);
		char *crit = format_id(rows[i].criticality);
		const char *cells[] = {
		    id, crit, rows[i].name, asset_kind_name(rows[i].kind),
		    rows[i].ip ? rows[i].ip : rows[i].hostname};

		table_add_row(&t, cells);
		free(id);
		free(crit);
	}
	related_end(&t);
}

static const struct table_col incident_cols[] = {
    {"REF", 13, false, false},
    {"SEV", 4, false, false},
    {"STATUS", 6, false, false},
    {"TITLE", 16, true, false},
};

static void
print_incidents(const char *title, struct incident *rows, size_t n)
{
	struct table t;

	if (!related_begin(&t, title, n, COLS(incident_cols)))
		return;
	for (size_t i = 0; i < n; i++) {
		const char *cells[] = {
		    rows[i].reference, severity_name(rows[i].severity),
		    incident_status_name(rows[i].status), rows[i].title};

		table_add_row(&t, cells);
	}
	related_end(&t);
}

static void
free_alerts(struct alert *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		alert_release(&rows[i]);
	free(rows);
}

static void
free_assets(struct asset *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		asset_release(&rows[i]);
	free(rows);
}

static void
free_incidents(struct incident *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		incident_release(&rows[i]);
	free(rows);
}

static void
print_source(const struct record_meta *m)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s%s (version %lld, %s)", m->source,
	            m->remote_id ? " id " : "",
	            m->remote_id ? m->remote_id : "", (long long)m->version,
	            local_state_name(m->local_state));
	field("source", sb.buf);
	strbuf_release(&sb);
}

static int
show_incident(struct store *s, const void *row, struct err *e)
{
	const struct incident *inc = row;
	int64_t now = time_now();
	struct alert *alerts = NULL;
	struct asset *assets = NULL;
	size_t na = 0, nas = 0;
	struct strbuf sb;
	char *t;
	int rc;

	if ((rc = store_alerts_of_incident(s, inc->meta.id, SHOW_RELATED_MAX,
	                                   &alerts, &na, e)) ||
	    (rc = store_assets_of_incident(s, inc->meta.id, SHOW_RELATED_MAX,
	                                   &assets, &nas, e)))
		goto out;
	t = sanitize_dup(inc->title, 0);
	printf("%s  %s\n", inc->reference, t);
	free(t);
	field("status", incident_status_name(inc->status));
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s, priority P%d", severity_name(inc->severity),
	            inc->priority);
	field("severity", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s%s%s", inc->category, inc->category_type ? "/" : "",
	            inc->category_type ? inc->category_type : "");
	field("category", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "TLP:%s  PAP:%s", tlp_name(inc->tlp),
	            pap_name(inc->pap));
	field("sharing", sb.buf);
	strbuf_release(&sb);
	field("organization", inc->organization);
	field("sector", inc->sector);
	field("assignee", inc->assignee);
	field_take("opened", format_when(now, inc->opened_at));
	field_take("first response", format_when(now, inc->first_response_at));
	field_take("due", format_when(now, inc->due_at));
	field_take("sla", format_sla(now, inc));
	field_take("closed", format_when(now, inc->closed_at));
	field_take("updated", format_when(now, inc->meta.updated_at));
	print_source(&inc->meta);
	block("Description", inc->description);
	print_alerts("Alerts", alerts, na);
	print_assets("Assets", assets, nas);
	printf("\nTimeline (%zu)\n", inc->n_notes);
	for (size_t i = 0; i < inc->n_notes; i++) {
		char *when = format_minute(inc->notes[i].created_at);
		char *who = sanitize_dup(inc->notes[i].author, 0);

		printf("  %s  %s\n", when, who);
		free(when);
		free(who);
		block(NULL, inc->notes[i].body);
	}
out:
	free_alerts(alerts, na);
	free_assets(assets, nas);
	return rc;
}

static int
show_alert(struct store *s, const void *row, struct err *e)
{
	const struct alert *a = row;
	int64_t now = time_now();
	struct strbuf sb;
	char *t = sanitize_dup(a->title, 0);

	(void)s; /* an alert prints no linked rows */
	(void)e;
	printf("alert:%lld  %s\n", (long long)a->meta.id, t);
	free(t);
	field("status", alert_status_name(a->status));
	field("severity", severity_name(a->severity));
	field("tlp", tlp_name(a->tlp));
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s%s", a->taxonomy_class,
	            a->taxonomy_type ? "/" : "",
	            a->taxonomy_type ? a->taxonomy_type : "");
	field("taxonomy", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s%s%s%s", a->feed_name, a->feed_provider ? " (" : "",
	            a->feed_provider ? a->feed_provider : "",
	            a->feed_provider ? ")" : "");
	field("feed", sb.buf);
	field_take("observed", format_when(now, a->observed_at));
	field_take("received", format_when(now, a->received_at));
	field("organization", a->organization);
	field("sector", a->sector);
	if (a->asset_id) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "asset:%lld", (long long)a->asset_id);
		field("asset", sb.buf);
	}
	field("incident", a->incident_ref);
	field("event hash", a->event_hash);
	print_source(&a->meta);
	block("Description", a->description);
	printf("\nObservables (%zu)\n", a->n_observables);
	for (size_t i = 0; i < a->n_observables; i++)
		field(observable_type_name(a->observables[i].type),
		      a->observables[i].value);
	strbuf_release(&sb);
	block("Raw", a->raw_json);
	return 0;
}

static int
show_asset(struct store *s, const void *row, struct err *e)
{
	const struct asset *a = row;
	struct incident *incs = NULL;
	struct alert *alerts = NULL;
	size_t ni = 0, na = 0;
	struct strbuf sb;
	char *t;
	int rc;

	if ((rc = store_incidents_of_asset(s, a->meta.id, SHOW_RELATED_MAX,
	                                   &incs, &ni, e)) ||
	    (rc = store_alerts_of_asset(s, a->meta.id, SHOW_RELATED_MAX,
	                                &alerts, &na, e)))
		goto out;
	t = sanitize_dup(a->name, 0);
	printf("asset:%lld  %s\n", (long long)a->meta.id, t);
	free(t);
	field("organization", a->organization);
	field("sector", a->sector);
	field("kind", asset_kind_name(a->kind));
	field_take("criticality", format_id(a->criticality));
	field("hostname", a->hostname);
	field("ip", a->ip);
	field("location", a->location);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s %s %s", a->vendor ? a->vendor : "",
	            a->product ? a->product : "",
	            a->product_version ? a->product_version : "");
	field("product", sb.buf);
	strbuf_release(&sb);
	print_source(&a->meta);
	printf("\nCPE names (%zu)\n", a->cpes.n);
	for (size_t i = 0; i < a->cpes.n; i++) {
		char *c = sanitize_dup(a->cpes.v[i], 0);

		printf("  %s\n", c);
		free(c);
	}
	print_incidents("Incidents", incs, ni);
	print_alerts("Alerts", alerts, na);
out:
	free_incidents(incs, ni);
	free_alerts(alerts, na);
	return rc;
}

static int
show_org(struct store *s, const void *row, struct err *e)
{
	const struct organization *o = row;
	struct incident *incs = NULL;
	struct asset *assets = NULL;
	size_t ni = 0, nas = 0;
	char *t;
	int rc;

	if ((rc = store_incidents_of_organization(
	         s, o->meta.id, SHOW_RELATED_MAX, &incs, &ni, e)) ||
	    (rc = store_assets_of_organization(s, o->meta.id, SHOW_RELATED_MAX,
	                                       &assets, &nas, e)))
		goto out;
	t = sanitize_dup(o->name, 0);
	printf("org:%lld  %s\n", (long long)o->meta.id, t);
	free(t);
	field("sector", o->sector);
	field("region", o->region);
	field("contact", o->contact);
	field("abuse contact", o->abuse_contact);
	field_take("open incidents", format_id(o->open_incidents));
	print_source(&o->meta);
	print_incidents("Incidents", incs, ni);
	print_assets("Assets", assets, nas);
out:
	free_incidents(incs, ni);
	free_assets(assets, nas);
	return rc;
}

/*
 * A record by the page layout of its list (app/columns.h): the heading,
 * the fields, then the blocks ("Title (n)" and one item a line for those
 * that count their items).
 */
static void
show_layout(const struct detail_layout *dl, const void *row)
{
	char *t = dl->heading(row), *clean = sanitize_dup(t, 0);

	printf("%s\n", clean);
	free(clean);
	free(t);
	for (size_t i = 0; i < dl->n_fields; i++) {
		char label[32];

		/* "KEV" reads "kev" here, as the other records' fields do */
		snprintf(label, sizeof(label), "%s", dl->fields[i].label);
		for (char *p = label; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		field_take(label, dl->fields[i].value(row));
	}
	for (size_t i = 0; i < dl->n_blocks; i++) {
		const struct detail_block *b = &dl->blocks[i];
		char *text = b->text(row);

		if (b->count) {
			printf("\n%s (%zu)\n", b->title, b->count(row));
			for (char *line = text, *nl; *line; line = nl + 1) {
				nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				clean = sanitize_dup(line, 0);
				printf("  %s\n", clean);
				free(clean);
				if (!nl)
					break;
			}
		} else {
			block(b->title, text);
		}
		free(text);
	}
}

/*
 * The text of the records that print links and timelines; the other
 * lists print their catalog's detail layout (show_layout).
 */
static int (*const text_printers[STORE_ENTITY_COUNT])(struct store *s,
                                                      const void *row,
                                                      struct err *e) = {
    [STORE_INCIDENTS] = show_incident,
    [STORE_ALERTS] = show_alert,
    [STORE_ASSETS] = show_asset,
    [STORE_ORGANIZATIONS] = show_org,
};

/* Print row of ent as text or JSON. */
static int
show_row(struct store *s, enum store_entity ent, const void *row, bool is_json,
         struct err *e)
{
	const struct column_catalog *cat = columns_catalog_of(ent);
	struct export_json w;

	if (is_json) {
		export_json_init(&w, stdout);
		return export_json_row(&w, &cat->fields, row, true, e);
	}
	if (text_printers[ent])
		return text_printers[ent](s, row, e);
	if (cat->detail) {
		show_layout(cat->detail, row);
		return 0;
	}
	return err_set(e, ERR_USAGE, "%s has no text form; say --format json",
	               cat->singular);
}

int
cli_cmd_show(struct app *app, int argc, char **argv)
{
	bool is_json = false;
	const char *ref = NULL;
	enum store_entity ent = STORE_INCIDENTS;
	void *row;
	int64_t id;
	struct err e;
	int rc = 0, status;

	err_clear(&e);
	for (int i = 1; i < argc; i++) {
		const char *v;
		int got = cli_opt_value(argc, argv, &i, "--format", &v);

		if (got < 0)
			return CLI_EXIT_USAGE;
		if (got) {
			if (strcmp(v, "json") == 0) {
				is_json = true;
			} else if (strcmp(v, "text") != 0) {
				cli_error("unknown format '%s' (known: text, "
				          "json)",
				          v);
				return CLI_EXIT_USAGE;
			}
		} else if (!ref && strncmp(argv[i], "--", 2) != 0) {
			ref = argv[i];
		} else {
			cli_error("unexpected '%s'; usage: centinela show REF "
			          "[--format text|json]",
			          argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	if (!ref) {
		cli_error("show what? usage: centinela show REF");
		return CLI_EXIT_USAGE;
	}
	if (store_ref_parse(ref, &ent, &id, &e)) {
		cli_error("%s", e.msg);
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	row = xcalloc(1, store_row_size(ent));
	store_row_init(ent, row);
	rc = store_ref_get(app->store, ent, ref, id, row, &e);
	if (!rc)
		rc = show_row(app->store, ent, row, is_json, &e);
	store_row_release(ent, row);
	free(row);
	if ((status = cli_output_check(stdout, NULL)))
		return status;
	if (rc) {
		cli_error("%s", e.msg);
		return cli_exit_for(rc);
	}
	return CLI_EXIT_OK;
}
