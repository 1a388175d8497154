/*
 * The audit views: the whole trail as a tab (newest first, keyset-paged by
 * the entry id, which is dense), an entry's detail with its hashes, and
 * the audit of one incident (its entries and its alerts') as a page over
 * the screen. Everything shown came from the store and goes through the
 * sanitizer (ui_clean, detail_*).
 *
 * The chain's state shows in the status bar while the tab is on screen:
 * the walk (store_audit_verify) runs on the first idle turn after the tab
 * is shown, or at once on `audit verify`, never at start-up.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/incident.h"
#include "centinela/store/audit.h"
#include "centinela/store/incident.h"
#include "internal.h"

/* Most entries the audit page of one incident lists. */
#define INCIDENT_AUDIT_MAX 1000

static const struct ui_table_column columns[] = {
    {"#", 7, 0},        {"TIME", 20, 0},  {"ACTOR", 14, 8},
    {"ACTION", 18, 10}, {"ENTITY", 9, 0}, {"REFERENCE", 16, 10},
    {"DETAIL", 0, 20},
};

#define N_COLUMNS ARRAY_SIZE(columns)

static void
fill_row(const struct audit_entry *a, struct ui_table_row *r)
{
	char num[32], when[TIME_ISO_MAX];

	ui_table_row_init(r, N_COLUMNS);
	r->id = a->id;
	r->key.is_set = true;
	r->key.num = a->id;
	r->key.id = a->id;
	snprintf(num, sizeof(num), "%lld", (long long)a->id);
	time_format_iso8601(a->at, when);
	r->cells[0] = ui_clean(num);
	r->cells[1] = ui_clean(when);
	r->cells[2] = ui_clean(a->actor);
	r->cells[3] = ui_clean(a->action);
	r->cells[4] = ui_clean(a->entity);
	r->cells[5] = ui_clean(a->entity_ref);
	r->cells[6] = ui_clean(a->detail);
	r->elements[0] = "list.dim";
}

static void
free_entries(struct audit_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		audit_entry_release(&v[i]);
	free(v);
}

static int
fetch(struct store *s, const struct store_key *after, bool is_reverse,
      int limit, struct ui_table_row **rows, size_t *n, struct err *e)
{
	struct audit_entry *v = NULL;
	size_t nv = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	rc = store_audit_page(s, after && after->is_set ? after->id : 0,
	                      is_reverse, limit, &v, &nv, e);
	if (rc)
		return rc;
	*rows = xcalloc(nv ? nv : 1, sizeof(**rows));
	for (size_t i = 0; i < nv; i++)
		fill_row(&v[i], &(*rows)[i]);
	*n = nv;
	free_entries(v, nv);
	return 0;
}

static int
count(struct store *s, int64_t *n, struct err *e)
{
	return store_audit_count(s, n, e);
}

static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	struct audit_entry *v = NULL;
	char when[TIME_ISO_MAX], num[48];
	size_t nv = 0;
	int rc;

	(void)app;
	(void)now;
	rc = store_audit_page(s, id + 1, false, 1, &v, &nv, e);
	if (rc)
		return rc;
	if (!nv || v[0].id != id) {
		free_entries(v, nv);
		return err_set(e, ERR_NOTFOUND, "no audit entry %lld",
		               (long long)id);
	}
	free(d->title);
	snprintf(num, sizeof(num), "audit entry %lld", (long long)id);
	d->title = ui_clean(num);
	d->id = id;
	d->keymap_view = view_audit_ops.name;
	time_format_iso8601(v[0].at, when);
	detail_field(d, "When", when);
	detail_field(d, "Actor", v[0].actor);
	detail_field(d, "Action", v[0].action);
	detail_field(d, "Entity", v[0].entity);
	detail_field(d, "Reference", v[0].entity_ref);
	detail_field(d, "Previous hash", v[0].prev_hash);
	detail_field(d, "Hash", v[0].hash);
	detail_add(d, "detail.section", -1, 0, "Detail");
	detail_text(d, "detail.value", v[0].detail ? v[0].detail : "-");
	free_entries(v, nv);
	return 0;
}

int
ui_audit_incident_fill(struct store *s, int64_t incident_id, struct detail *d,
                       struct err *e)
{
	struct audit_entry *v = NULL;
	struct incident inc;
	char when[TIME_ISO_MAX];
	size_t nv = 0;
	int rc;

	incident_init(&inc);
	if ((rc = store_incident_get(s, incident_id, &inc, e)))
		goto out;
	if ((rc = store_audit_incident(s, incident_id, inc.reference,
	                               INCIDENT_AUDIT_MAX, &v, &nv, e)))
		goto out;
	free(d->title);
	{
		struct strbuf t;

		strbuf_init(&t);
		strbuf_addf(&t, "audit of %s",
		            inc.reference ? inc.reference : "?");
		d->title = ui_clean(t.buf);
		strbuf_release(&t);
	}
	d->keymap_view = "detail";
	detail_field(d, "Incident", inc.reference);
	detail_field(d, "Title", inc.title);
	detail_add(d, "detail.section", -1, 0,
	           "%zu%s entries, newest first (the incident's and its "
	           "alerts')",
	           nv, nv == INCIDENT_AUDIT_MAX ? "+" : "");
	if (!nv)
		detail_add(d, "list.dim", -1, 0, "(no audit entries)");
	for (size_t i = 0; i < nv; i++) {
		const struct audit_entry *a = &v[i];

		time_format_iso8601(a->at, when);
		/* detail_add sanitizes the whole line */
		detail_add(d, "detail.value", -1, 0,
		           "#%lld %s %s %s %s%s%s%s%s", (long long)a->id, when,
		           a->actor, a->action, a->entity ? a->entity : "-",
		           a->entity_ref ? " " : "",
		           a->entity_ref ? a->entity_ref : "",
		           a->detail ? ": " : "", a->detail ? a->detail : "");
	}
out:
	free_entries(v, nv);
	incident_release(&inc);
	return rc;
}

const struct view_ops view_audit_ops = {
    .name = "audit",
    .entity = -1,
    .detail = detail,
    .fetch = fetch,
    .count = count,
    .columns = columns,
    .n_columns = N_COLUMNS,
    .is_on_demand = true,
};
