/*
 * `centinela show REF`: one record of any list with its fields, links and
 * timeline, as text or JSON.
 *
 * Which list REF names and how its row is read come from the lists'
 * entity tables (store_ref_parse, store_ref_get: an incident reference
 * MX-2026-00042, a CVE id CVE-2021-44228, or KIND:ID such as alert:42);
 * the JSON from the list's catalog fields; the text from its catalog's
 * detail layout, linked rows (an incident's alerts) in the tables the
 * layout declares. A new list adds nothing here.
 */
#include "centinela/cli/cli.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/cli/catalog_table.h"
#include "centinela/export/json.h"
#include "centinela/store/list.h"

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

/* Items a line, indented, after "Title (n)"; text "" for none. */
static void
items(const char *title, size_t n, const char *text)
{
	printf("\n%s (%zu)\n", title, n);
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		struct strbuf sb;

		strbuf_init(&sb);
		sanitize_append(&sb, line, len, 0);
		printf("  %s\n", sb.buf);
		strbuf_release(&sb);
		line += len + (nl ? 1 : 0);
	}
}

/* The rows of each related block of dl, read before anything prints. */
struct related_rows {
	void *rows; /* structs of the block's entity (owned) */
	size_t n;   /* entries in rows */
};

static void
related_release(const struct detail_layout *dl, struct related_rows *rel)
{
	for (size_t i = 0; i < dl->n_blocks; i++) {
		const struct detail_related *r = dl->blocks[i].related;

		for (size_t j = 0; r && j < rel[i].n; j++)
			store_row_release(r->entity,
			                  (char *)rel[i].rows +
			                      j * store_row_size(r->entity));
		free(rel[i].rows);
	}
	free(rel);
}

/*
 * The linked rows of r in a table, or, when r groups them, a table per
 * group under its heading (rows come group after group). A write error is
 * reported by cli_output_check.
 */
static void
show_related(const struct detail_related *r, const void *rows, size_t n,
             int64_t now)
{
	size_t size = store_row_size(r->entity);

	for (size_t i = 0, j; i < n; i = j) {
		char *group =
		    r->group ? r->group((const char *)rows + i * size) : NULL;

		for (j = i + 1; group && j < n; j++) {
			char *g = r->group((const char *)rows + j * size);
			bool is_same = strcmp(g, group) == 0;

			free(g);
			if (!is_same)
				break;
		}
		if (!group) {
			j = n;
		} else {
			char *clean = sanitize_dup(group, 0);

			printf("  %s (%zu)\n", clean, j - i);
			free(clean);
			free(group);
		}
		(void)catalog_table_print(r->entity, r->cols, r->n_cols,
		                          (const char *)rows + i * size, j - i,
		                          now, stdout);
	}
}

/*
 * A record by the page layout of its list (app/columns.h): the heading,
 * the fields (labels in lower case), then the blocks: text, "Title (n)"
 * and one item a line, or "Title (n)" ("n+" when cut at SHOW_RELATED_MAX)
 * and a table of the linked rows.
 */
static int
show_layout(struct store *s, const struct detail_layout *dl, const void *row,
            struct err *e)
{
	struct related_rows *rel = xcalloc(dl->n_blocks + 1, sizeof(*rel));
	int64_t now = time_now();
	char *t, *clean;
	int rc = 0;

	for (size_t i = 0; !rc && i < dl->n_blocks; i++) {
		const struct detail_related *r = dl->blocks[i].related;

		if (r)
			rc = r->fetch(s, columns_row_id(row), SHOW_RELATED_MAX,
			              &rel[i].rows, &rel[i].n, e);
	}
	if (rc)
		goto out;
	t = dl->heading(row);
	clean = sanitize_dup(t, 0);
	printf("%s\n", clean);
	free(clean);
	free(t);
	for (size_t i = 0; i < dl->n_fields; i++) {
		char label[32], *v = dl->fields[i].value(row, now);

		if (!v)
			continue;
		/* "KEV" reads "kev" here, as the other fields do */
		snprintf(label, sizeof(label), "%s", dl->fields[i].label);
		for (char *p = label; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		field_take(label, v);
	}
	for (size_t i = 0; i < dl->n_blocks; i++) {
		const struct detail_block *b = &dl->blocks[i];
		const struct detail_related *r = b->related;

		if (r) {
			printf("\n%s (%zu%s)\n", b->title, rel[i].n,
			       rel[i].n == SHOW_RELATED_MAX ? "+" : "");
			show_related(r, rel[i].rows, rel[i].n, now);
			continue;
		}
		t = b->text(row);
		if (b->count)
			items(b->title, b->count(row), t);
		else
			block(b->title, t);
		free(t);
	}
out:
	related_release(dl, rel);
	return rc;
}

/*
 * row's JSON object: its fields, then the linked rows of the blocks that
 * name a JSON member (a CVE's affected_assets), at most SHOW_RELATED_MAX
 * each.
 */
static int
show_json(struct store *s, const struct column_catalog *cat, const void *row,
          struct export_json *w, struct err *e)
{
	const struct detail_layout *dl = cat->detail;
	int rc = export_json_row_open(w, &cat->fields, row, true, e);

	for (size_t i = 0; !rc && dl && i < dl->n_blocks; i++) {
		const struct detail_related *r = dl->blocks[i].related;
		const struct column_catalog *rc_cat;
		void *rows = NULL;
		size_t n = 0, size;

		if (!r || !r->json_name)
			continue;
		rc_cat = columns_catalog_of(r->entity);
		size = store_row_size(r->entity);
		rc = r->fetch(s, columns_row_id(row), SHOW_RELATED_MAX, &rows,
		              &n, e);
		if (!rc)
			rc = export_json_member_rows(
			    w, r->json_name, &rc_cat->fields, rows, n, size, e);
		for (size_t j = 0; j < n; j++)
			store_row_release(r->entity, (char *)rows + j * size);
		free(rows);
	}
	return rc ? rc : export_json_row_close(w, e);
}

/* Print row of ent as text or JSON. */
static int
show_row(struct store *s, enum store_entity ent, const void *row, bool is_json,
         struct err *e)
{
	const struct column_catalog *cat = columns_catalog_of(ent);
	struct export_json w;

	if (is_json) {
		export_json_init(&w, stdout);
		return show_json(s, cat, row, &w, e);
	}
	return show_layout(s, cat->detail, row, e);
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
	/*
	 * A reference of no known shape may be a vendor's bulletin, named by
	 * its CSAF tracking id (`import csaf`); else it is a usage error.
	 */
	if (store_ref_parse(ref, &ent, &id, &e)) {
		struct err none;

		err_clear(&none);
		ent = STORE_BULLETINS;
		row = xcalloc(1, store_row_size(ent));
		store_row_init(ent, row);
		if (app_open_store(app, &none) ||
		    store_ref_get(app->store, ent, ref, 0, row, &none)) {
			store_row_release(ent, row);
			free(row);
			cli_error("%s", e.msg);
			return CLI_EXIT_USAGE;
		}
		rc = 0;
	} else {
		if ((status = cli_open_store(app)))
			return status;
		row = xcalloc(1, store_row_size(ent));
		store_row_init(ent, row);
		rc = store_ref_get(app->store, ent, ref, id, row, &e);
	}
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
