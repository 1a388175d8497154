/*
 * The outbox view: the local edits waiting for the server, oldest first,
 * with what each waits for: "failed" (the server refused it: the analyst
 * retries it, R, or drops it, X; its message is shown), "conflict" (settled
 * in the conflicts view), "held" (behind a failed or conflicting entry of
 * its row or incident, or waiting for an incident's id at the server) or
 * "pending". Its tab appears with the first failed entry, or with `view
 * outbox`. An entry's detail shows the request body it carries.
 *
 * The outbox holds few open entries (each is an edit not yet at the
 * server), so a page is read from the whole list and cut by the outbox id,
 * which is also the key. Everything shown goes through the sanitizer.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/outbox.h"
#include "centinela/sync/outbox.h"
#include "internal.h"

static const struct ui_table_column columns[] = {
    {"ID", 6, 0},           {"STATE", 9, 0}, {"ROW", 16, 10},
    {"OPERATION", 11, 0},   {"TRIES", 5, 0}, {"WAITS FOR", 16, 8},
    {"SERVER SAYS", 0, 20},
};

#define N_COLUMNS ARRAY_SIZE(columns)

/* What a pending entry waits for (owned), and whether it is held. */
static char *
waits_for(struct store *s, const struct outbox_entry *o, bool *is_held)
{
	struct strbuf sb;
	int64_t by = 0;
	bool held = false;

	*is_held = false;
	strbuf_init(&sb);
	if (o->state == OUTBOX_FAILED)
		strbuf_adds(&sb, "you: R or X");
	else if (o->state == OUTBOX_CONFLICT)
		strbuf_adds(&sb, "you: conflicts");
	else if (store_outbox_blocker(s, o->id, &by, NULL) == 0 && by) {
		strbuf_addf(&sb, "entry %lld", (long long)by);
		*is_held = true;
	} else if (store_outbox_is_held(s, o->id, &held, NULL) == 0 && held) {
		strbuf_adds(&sb, "incident's id");
		*is_held = true;
	} else {
		strbuf_adds(&sb, "the next sync");
	}
	return strbuf_detach(&sb, NULL);
}

static void
fill_row(struct store *s, const struct outbox_entry *o, struct ui_table_row *r)
{
	char num[32], tries[16];
	char *ref = sync_outbox_entry_ref(s, o), *waits;
	bool is_held;

	waits = waits_for(s, o, &is_held);
	ui_table_row_init(r, N_COLUMNS);
	r->id = o->id;
	r->key.is_set = true;
	r->key.num = o->id;
	r->key.id = o->id;
	snprintf(num, sizeof(num), "%lld", (long long)o->id);
	snprintf(tries, sizeof(tries), "%d", o->attempts);
	r->cells[0] = ui_clean(num);
	r->cells[1] = ui_clean(is_held ? "held" : outbox_state_name(o->state));
	r->cells[2] = ui_clean(ref);
	r->cells[3] = ui_clean(outbox_op_name(o->operation));
	r->cells[4] = ui_clean(tries);
	r->cells[5] = ui_clean(waits);
	r->cells[6] = ui_clean(o->last_error ? o->last_error : "");
	if (o->state != OUTBOX_PENDING)
		r->elements[1] = r->elements[6] = "status.error";
	else if (is_held)
		r->elements[1] = "status.warn";
	free(ref);
	free(waits);
}

static int
fetch(struct store *s, const struct store_key *after, bool is_reverse,
      int limit, struct ui_table_row **rows, size_t *n, struct err *e)
{
	return ui_outbox_fetch(s, OUTBOX_OPEN, fill_row, after, is_reverse,
	                       limit, rows, n, e);
}

static int
count(struct store *s, int64_t *n, struct err *e)
{
	return store_outbox_count(s, OUTBOX_OPEN, n, e);
}

static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	struct outbox_entry o;
	char when[TIME_ISO_MAX], num[32];
	char *ref = NULL, *waits = NULL;
	bool is_held;
	int rc;

	(void)app;
	(void)now;
	rc = store_outbox_get(s, id, &o, NULL, e);
	if (rc)
		goto out;
	ref = sync_outbox_entry_ref(s, &o);
	waits = waits_for(s, &o, &is_held);
	free(d->title);
	snprintf(num, sizeof(num), "outbox %lld", (long long)id);
	d->title = ui_clean(num);
	d->id = id;
	d->keymap_view = view_outbox_ops.name;
	detail_field(d, "State", is_held ? "held" : outbox_state_name(o.state));
	detail_field(d, "Waits for", waits);
	detail_field(d, "Row", ref);
	detail_field(d, "Operation", outbox_op_name(o.operation));
	detail_field(d, "Source", o.source);
	time_format_iso8601(o.created_at, when);
	detail_field(d, "Made", when);
	snprintf(num, sizeof(num), "%d", o.attempts);
	detail_field(d, "Tries", num);
	detail_field(d, "Key", o.key);
	if (o.last_error)
		detail_field(d, "Server says", o.last_error);
	if (o.state == OUTBOX_FAILED)
		detail_text(d, "message.error",
		            "The server refused this edit: R sends it again, X "
		            "drops it for good (your change stays on the row "
		            "until the server sends it again).");
	detail_add(d, "detail.section", -1, 0, "Edit (made on version %lld)",
	           (long long)o.base_version);
	detail_json(d, o.fields);
out:
	free(ref);
	free(waits);
	outbox_entry_release(&o);
	return rc;
}

const struct view_ops view_outbox_ops = {
    .name = "outbox",
    .entity = -1,
    .detail = detail,
    .fetch = fetch,
    .count = count,
    .columns = columns,
    .n_columns = N_COLUMNS,
    .is_on_demand = true,
};
