/*
 * The conflicts view: outbox entries the server refused because the
 * record changed there (409/412), oldest first, and a conflict's detail:
 * your change and the server's object side by side (one above the other
 * on narrow terminals). Everything shown came from the store or the
 * server and goes through the sanitizer (detail_* and ui_clean).
 *
 * Conflicts are few (each waits for an analyst), so a page is read from
 * the whole list and cut by the outbox id, which is also the key.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/incident.h"
#include "centinela/store/incident.h"
#include "centinela/store/outbox.h"
#include "centinela/sync/conflict.h"
#include "internal.h"

static const struct ui_table_column columns[] = {
    {"ID", 6, 0},         {"ENTITY", 9, 0}, {"REFERENCE", 16, 10},
    {"OPERATION", 11, 0}, {"WHEN", 17, 0},  {"SERVER SAYS", 0, 20},
};

#define N_COLUMNS ARRAY_SIZE(columns)

/* The reference an analyst knows the row by (owned). */
static char *
reference(struct store *s, const struct outbox_entry *o)
{
	char *src = NULL, *rid = NULL, *out = NULL;
	int64_t version;

	if (o->entity == OUTBOX_INCIDENT) {
		struct incident inc;

		incident_init(&inc);
		if (!store_incident_get(s, o->entity_id, &inc, NULL) &&
		    inc.reference)
			out = xstrdup(inc.reference);
		incident_release(&inc);
	}
	if (!out &&
	    !store_record_remote(s, o->entity, o->entity_id, &src, &rid,
	                         &version, NULL) &&
	    rid)
		out = xstrdup(rid);
	free(src);
	free(rid);
	if (!out) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s:%lld", outbox_entity_name(o->entity),
		            (long long)o->entity_id);
		out = strbuf_detach(&sb, NULL);
	}
	return out;
}

static void
fill_row(struct store *s, const struct outbox_entry *o, struct ui_table_row *r)
{
	char num[32], when[TIME_ISO_MAX];
	char *ref = reference(s, o);

	ui_table_row_init(r, N_COLUMNS);
	r->id = o->id;
	r->key.is_set = true;
	r->key.num = o->id;
	r->key.id = o->id;
	snprintf(num, sizeof(num), "%lld", (long long)o->id);
	r->cells[0] = ui_clean(num);
	r->cells[1] = ui_clean(outbox_entity_name(o->entity));
	r->cells[2] = ui_clean(ref);
	r->cells[3] = ui_clean(outbox_op_name(o->operation));
	time_format_iso8601(o->created_at, when);
	r->cells[4] = ui_clean(when);
	r->cells[5] = ui_clean(o->last_error);
	r->elements[5] = "status.error";
	free(ref);
}

int
ui_outbox_fetch(struct store *s, enum outbox_state state,
                ui_outbox_fill_fn fill, const struct store_key *after,
                bool is_reverse, int limit, struct ui_table_row **rows,
                size_t *n, struct err *e)
{
	struct outbox_entry *v = NULL;
	size_t nv = 0, got = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	rc = store_outbox_list(s, state, 0, &v, &nv, e);
	if (rc)
		return rc;
	*rows = xcalloc(nv ? nv : 1, sizeof(**rows));
	for (size_t k = 0; k < nv && (int)got < limit; k++) {
		/* oldest first; reversed for paging backwards */
		size_t i = is_reverse ? nv - 1 - k : k;

		if (after && after->is_set &&
		    (is_reverse ? v[i].id >= after->id : v[i].id <= after->id))
			continue;
		fill(s, &v[i], &(*rows)[got++]);
	}
	*n = got;
	for (size_t i = 0; i < nv; i++)
		outbox_entry_release(&v[i]);
	free(v);
	return 0;
}

static int
fetch(struct store *s, const struct store_key *after, bool is_reverse,
      int limit, struct ui_table_row **rows, size_t *n, struct err *e)
{
	return ui_outbox_fetch(s, OUTBOX_CONFLICT, fill_row, after, is_reverse,
	                       limit, rows, n, e);
}

static int
count(struct store *s, int64_t *n, struct err *e)
{
	return store_outbox_count(s, OUTBOX_CONFLICT, n, e);
}

static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	struct outbox_entry o;
	char *server = NULL, *object = NULL, *ref = NULL;
	char when[TIME_ISO_MAX], num[32];
	const struct feed_ops *ops;
	int64_t version = 0;
	struct err pe;
	int rc;

	(void)now;
	rc = store_outbox_get(s, id, &o, &server, e);
	if (rc)
		goto out;
	ref = reference(s, &o);
	free(d->title);
	snprintf(num, sizeof(num), "conflict %lld", (long long)id);
	d->title = ui_clean(num);
	d->id = id;
	d->keymap_view = view_conflicts_ops.name;
	err_clear(&pe);
	ops = sync_conflict_driver(&o, app->sources, app->n_sources, &pe);
	if (ops)
		sync_conflict_server_object(ops, server, &object, &version,
		                            &pe);
	detail_field(d, "Entity", outbox_entity_name(o.entity));
	detail_field(d, "Reference", ref);
	detail_field(d, "Operation", outbox_op_name(o.operation));
	time_format_iso8601(o.created_at, when);
	detail_field(d, "Made", when);
	detail_field(d, "State", outbox_state_name(o.state));
	detail_field(d, "Server says", o.last_error);
	d->split_at = d->n;
	detail_add(d, "detail.section", -1, 0, "Yours (made on version %lld)",
	           (long long)o.base_version);
	detail_json(d, o.fields);
	d->split_right = d->n;
	if (object) {
		detail_add(d, "detail.section", -1, 0, "Server (version %lld)",
		           (long long)version);
		detail_json(d, object);
	} else {
		detail_add(d, "detail.section", -1, 0, "Server");
		detail_text(d, "message.error", pe.msg);
	}
out:
	free(server);
	free(object);
	free(ref);
	outbox_entry_release(&o);
	return rc;
}

const struct view_ops view_conflicts_ops = {
    .name = "conflicts",
    .entity = -1,
    .detail = detail,
    .fetch = fetch,
    .count = count,
    .columns = columns,
    .n_columns = N_COLUMNS,
    .is_on_demand = true,
};
