/*
 * Incident edits (app/edit.h): field changes with the workflow's rules,
 * notes, links and creates, each in the shape edit.c gives every edit.
 */
#include "centinela/app/edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/outbox_edit.h"
#include "centinela/model/transition.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/audit.h"
#include "centinela/store/edit.h"
#include "centinela/store/incident.h"
#include "centinela/store/organization.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "edit_internal.h"

#define TITLE_MAX 1024 /* bytes of a title, as the native format caps it */

/* What one incident edit accumulates before it is written. */
struct change {
	struct outbox_fields *fields; /* changed fields (the outbox edit) */
	struct strbuf audit;          /* "field: old -> new; ..." */
	struct strbuf timeline;       /* "field: old → new; ..." */
	int n;                        /* fields changed */
};

static void
change_init(struct change *c)
{
	c->fields = outbox_fields_new();
	strbuf_init(&c->audit);
	strbuf_init(&c->timeline);
	c->n = 0;
}

static void
change_release(struct change *c)
{
	outbox_fields_free(c->fields);
	strbuf_release(&c->audit);
	strbuf_release(&c->timeline);
}

/* Record field changing from old to new (display texts, NULL: "-"). */
static void
change_note(struct change *c, const char *field, const char *old,
            const char *new)
{
	const char *o = old && *old ? old : "-", *n = new &&*new ? new : "-";

	strbuf_addf(&c->audit, "%s%s: %s -> %s", c->n ? "; " : "", field, o, n);
	strbuf_addf(&c->timeline, "%s%s: %s \u2192 %s", c->n ? "; " : "", field,
	            o, n);
	c->n++;
}

/* The category as shown: "class" or "class/type". */
static char *
category_text(const char *cls, const char *type)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, cls ? cls : "");
	if (type && *type)
		strbuf_addf(&sb, "/%s", type);
	return strbuf_detach(&sb, NULL);
}

/*
 * Apply the text fields of f to inc, recording the changes in c.
 */
static int
apply_text_fields(struct app *app, struct incident *inc,
                  const struct edit_fields *f, struct change *c, struct err *e)
{
	int rc;

	if (f->title) {
		if (!*f->title)
			return err_set(e, ERR_USAGE,
			               "the title cannot be empty");
		if ((rc = edit_check_text("the title", f->title, TITLE_MAX,
		                          true, e)))
			return rc;
		if (!edit_str_eq(inc->title, f->title)) {
			change_note(c, "title", inc->title, f->title);
			outbox_fields_text(c->fields, "title", f->title);
			edit_set_str(&inc->title, f->title);
		}
	}
	if (f->description) {
		const char *v =
		    edit_is_clear(f->description) ? NULL : f->description;

		if (v && (rc = edit_check_text("the description", v,
		                               EDIT_NOTE_MAX, false, e)))
			return rc;
		if (!edit_str_eq(inc->description, v)) {
			change_note(c, "description",
			            inc->description ? "(text)" : NULL,
			            v ? "(new text)" : NULL);
			outbox_fields_text(c->fields, "description", v);
			edit_set_str(&inc->description, v);
		}
	}
	if (f->category) {
		char *cls, *type, *old, *new;

		/* A category that is not one is a wrong argument. */
		if (rsit_category_parse(f->category, &cls, &type, e)) {
			if (e)
				e->code = ERR_USAGE;
			return ERR_USAGE;
		}
		if (!edit_str_eq(inc->category, cls) ||
		    !edit_str_eq(inc->category_type, type)) {
			old = category_text(inc->category, inc->category_type);
			new = category_text(cls, type);
			change_note(c, "category", old, new);
			free(old);
			free(new);
			if (!edit_str_eq(inc->category, cls))
				outbox_fields_text(c->fields, "category", cls);
			if (!edit_str_eq(inc->category_type, type))
				outbox_fields_text(c->fields, "category_type",
				                   type);
			edit_set_str(&inc->category, cls);
			edit_set_str(&inc->category_type, type);
		}
		free(cls);
		free(type);
	}
	if (f->assignee) {
		const char *v = edit_is_clear(f->assignee) ? NULL : f->assignee;

		if (v && strcmp(v, "me") == 0)
			v = edit_actor(app);
		if (v && (rc = edit_check_text("the assignee", v, TITLE_MAX,
		                               true, e)))
			return rc;
		if (!edit_str_eq(inc->assignee, v)) {
			change_note(c, "assignee", inc->assignee, v);
			outbox_fields_text(c->fields, "assignee", v);
			edit_set_str(&inc->assignee, v);
		}
	}
	return 0;
}

/* Apply severity, priority, tlp and pap. */
static int
apply_scales(struct incident *inc, const struct edit_fields *f,
             struct change *c, struct err *e)
{
	if (f->severity) {
		enum severity v;

		if (severity_parse(f->severity, &v))
			return err_set(e, ERR_USAGE,
			               "unknown severity '%s' (known: info, "
			               "low, medium, high, critical)",
			               f->severity);
		if (v != inc->severity) {
			change_note(c, "severity", severity_name(inc->severity),
			            severity_name(v));
			outbox_fields_text(c->fields, "severity",
			                   severity_name(v));
			inc->severity = v;
		}
	}
	if (f->priority) {
		char *end;
		long v = strtol(f->priority, &end, 10);
		char o[8], n[8];

		if (end == f->priority || *end || v < 1 || v > 4)
			return err_set(e, ERR_USAGE,
			               "priority wants 1 (highest) to 4, not "
			               "'%s'",
			               f->priority);
		if (v != inc->priority) {
			snprintf(o, sizeof(o), "%d", inc->priority);
			snprintf(n, sizeof(n), "%ld", v);
			change_note(c, "priority", o, n);
			outbox_fields_int(c->fields, "priority", v);
			inc->priority = (int)v;
		}
	}
	if (f->tlp) {
		enum tlp v;

		if (tlp_parse(f->tlp, &v))
			return err_set(e, ERR_USAGE,
			               "unknown tlp '%s' (known: clear, green, "
			               "amber, amber+strict, red)",
			               f->tlp);
		if (v != inc->tlp) {
			change_note(c, "tlp", tlp_name(inc->tlp), tlp_name(v));
			outbox_fields_text(c->fields, "tlp", tlp_name(v));
			inc->tlp = v;
		}
	}
	if (f->pap) {
		enum pap v;

		if (pap_parse(f->pap, &v))
			return err_set(e, ERR_USAGE,
			               "unknown pap '%s' (known: clear, green, "
			               "amber, red)",
			               f->pap);
		if (v != inc->pap) {
			change_note(c, "pap", pap_name(inc->pap), pap_name(v));
			outbox_fields_text(c->fields, "pap", pap_name(v));
			inc->pap = v;
		}
	}
	return 0;
}

/* Apply the organization (by name or remote id; "" or "-" clears). */
static int
apply_org(struct app *app, struct incident *inc, const char *target,
          const struct edit_fields *f, struct change *c, struct err *e)
{
	struct organization org;
	int rc = 0;

	if (!f->organization)
		return 0;
	organization_init(&org);
	if (edit_is_clear(f->organization)) {
		if (inc->organization_id) {
			change_note(c, "organization", inc->organization, NULL);
			edit_fields_org(c->fields, NULL, target);
			inc->organization_id = 0;
			edit_set_str(&inc->organization, NULL);
		}
		goto out;
	}
	if ((rc = edit_find_org(app, inc->meta.source, f->organization, &org,
	                        e)))
		goto out;
	if (org.meta.id != inc->organization_id) {
		change_note(c, "organization", inc->organization, org.name);
		edit_fields_org(c->fields, &org, target);
		inc->organization_id = org.meta.id;
		edit_set_str(&inc->organization, org.name);
		if (!inc->sector && org.sector) {
			outbox_fields_text(c->fields, "sector", org.sector);
			edit_set_str(&inc->sector, org.sector);
		}
	}
out:
	organization_release(&org);
	return rc;
}

/* Apply the status with the transition rules and its time stamps. */
static int
apply_status(struct incident *inc, const struct edit_fields *f, int64_t now,
             struct change *c, struct err *e)
{
	enum incident_status to, from = inc->status;
	char why[200];

	if (!f->status) {
		if (f->resolution)
			return err_set(e, ERR_USAGE,
			               "a resolution goes with "
			               "status=closed only");
		return 0;
	}
	if (incident_status_parse(f->status, &to))
		return err_set(e, ERR_USAGE,
		               "unknown status '%s' (known: new, triage, "
		               "in_progress, waiting, contained, resolved, "
		               "closed)",
		               f->status);
	if (f->resolution && to != INCIDENT_CLOSED)
		return err_set(e, ERR_USAGE,
		               "a resolution goes with status=closed only");
	if (to == from)
		return 0;
	if (!incident_status_can_move(from, to)) {
		incident_status_refusal(from, to, why, sizeof(why));
		return err_set(e, ERR_INVALID,
		               "cannot move %s from '%s' to '%s' (%s)",
		               inc->reference, incident_status_name(from),
		               incident_status_name(to), why);
	}
	if (to == INCIDENT_CLOSED && (!f->resolution || !*f->resolution))
		return err_set(e, ERR_USAGE,
		               "closing %s needs a resolution saying why "
		               "(duplicate, false positive, fixed ...): give "
		               "--resolution TEXT",
		               inc->reference);
	change_note(c, "status", incident_status_name(from),
	            incident_status_name(to));
	outbox_fields_text(c->fields, "status", incident_status_name(to));
	inc->status = to;
	if (from == INCIDENT_NEW && !inc->first_response_at) {
		inc->first_response_at = now;
		outbox_fields_time(c->fields, "first_response_at", now);
	}
	if (incident_status_is_final(to) && !inc->closed_at) {
		inc->closed_at = now;
		outbox_fields_time(c->fields, "closed_at", now);
	} else if (!incident_status_is_final(to) && inc->closed_at) {
		inc->closed_at = 0;
		outbox_fields_text(c->fields, "closed_at", NULL);
	}
	return 0;
}

/* The fields of an add_note: author, created_at, body (owned). */
static struct outbox_fields *
note_fields(const char *author, int64_t at, const char *body)
{
	struct outbox_fields *f = outbox_fields_new();

	outbox_fields_text(f, "author", author);
	outbox_fields_time(f, "created_at", at);
	outbox_fields_text(f, "body", body);
	return f;
}

int
edit_incident_update(struct app *app, const char *ref,
                     const struct edit_fields *f, struct edit_result *res,
                     struct err *e)
{
	struct incident inc;
	struct change c;
	const char *target;
	enum incident_status was;
	int64_t now = time_now();
	int rc;

	incident_init(&inc);
	change_init(&c);
	if ((rc = edit_begin(app, "incident set", e)))
		goto out;
	if ((rc = edit_load_incident(app, ref, &inc, e)))
		goto out;
	target = store_outbox_target(inc.meta.source);
	was = inc.status;
	if (f->resolution &&
	    (rc = edit_check_text("the resolution", f->resolution,
	                          EDIT_NOTE_MAX, false, e)))
		goto out;
	if ((rc = apply_text_fields(app, &inc, f, &c, e)) ||
	    (rc = apply_scales(&inc, f, &c, e)) ||
	    (rc = apply_org(app, &inc, target, f, &c, e)) ||
	    (rc = apply_status(&inc, f, now, &c, e)))
		goto out;
	if (!c.n)
		goto out; /* nothing to change: the rollback writes nothing */
	if ((rc = store_incident_set_fields(app->store, &inc, now, e)))
		goto out;
	if (was != INCIDENT_CLOSED && inc.status == INCIDENT_CLOSED) {
		/* The resolution first: a closed incident is final. */
		struct outbox_fields *np =
		    note_fields(edit_actor(app), now, f->resolution);

		rc =
		    store_note_add(app->store, inc.meta.id, edit_actor(app),
		                   now, f->resolution, target != NULL, NULL, e);
		if (!rc)
			rc = edit_queue(app, target, OUTBOX_INCIDENT,
			                inc.meta.id, OUTBOX_ADD_NOTE, np,
			                inc.meta.version, res, e);
		outbox_fields_free(np);
		if (rc)
			goto out;
		strbuf_addf(&c.audit, "; resolution: %.80s", f->resolution);
	}
	if ((rc = store_note_add(app->store, inc.meta.id, edit_actor(app), now,
	                         c.timeline.buf, false, NULL, e)) ||
	    (rc = edit_queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
	                     OUTBOX_UPDATE, c.fields, inc.meta.version, res,
	                     e)) ||
	    (rc = store_audit_append(app->store, edit_actor(app),
	                             "incident.update", "incident",
	                             inc.reference, c.audit.buf, e)))
		goto out;
	edit_result_line(res, inc.reference, c.audit.buf);
out:
	if (!rc && !c.n)
		store_rollback(app->store); /* nothing to change */
	else
		rc = edit_finish(app, rc, e);
	incident_release(&inc);
	change_release(&c);
	return rc;
}

int
edit_incident_note(struct app *app, const char *ref, const char *body,
                   struct edit_result *res, struct err *e)
{
	struct incident inc;
	const char *target;
	struct outbox_fields *fields = NULL;
	char *detail = NULL;
	int64_t now = time_now();
	int rc;

	incident_init(&inc);
	if (!body || !*body)
		return err_set(e, ERR_USAGE, "the note is empty");
	if ((rc = edit_check_text("the note", body, EDIT_NOTE_MAX, false, e)))
		return rc;
	if ((rc = edit_begin(app, "incident note", e)))
		goto out;
	if ((rc = edit_load_incident(app, ref, &inc, e)))
		goto out;
	target = store_outbox_target(inc.meta.source);
	fields = note_fields(edit_actor(app), now, body);
	detail = edit_excerpt(body, 80);
	if ((rc = store_note_add(app->store, inc.meta.id, edit_actor(app), now,
	                         body, target != NULL, NULL, e)) ||
	    (rc = store_incident_mark_dirty(app->store, inc.meta.id, now, e)) ||
	    (rc = edit_queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
	                     OUTBOX_ADD_NOTE, fields, inc.meta.version, res,
	                     e)) ||
	    (rc = store_audit_append(app->store, edit_actor(app),
	                             "incident.note", "incident", inc.reference,
	                             detail, e)))
		goto out;
	edit_result_line(res, inc.reference, "note added");
out:
	rc = edit_finish(app, rc, e);
	outbox_fields_free(fields);
	free(detail);
	incident_release(&inc);
	return rc;
}

/* The link kind of a row: alerts and assets are linked to incidents. */
static int
item_kind(const struct store_row_ref *item, enum store_link_kind *kind,
          struct err *e)
{
	if (item->entity == STORE_ALERTS)
		*kind = STORE_LINK_ALERT;
	else if (item->entity == STORE_ASSETS)
		*kind = STORE_LINK_ASSET;
	else
		return err_set(e, ERR_USAGE,
		               "cannot link a row of %s (%lld) to an incident; "
		               "say alert:ID or asset:ID (local ids, as "
		               "'centinela list' shows)",
		               store_entity_name(item->entity),
		               (long long)item->id);
	return 0;
}

/*
 * Read the item's source and remote id: it must exist, and when the
 * incident syncs with target it must be known there.
 */
static int
item_remote(struct app *app, enum store_link_kind kind, int64_t id,
            const char *item, const char *target, const char *ref,
            char **remote, struct err *e)
{
	struct alert a;
	struct asset as;
	const struct record_meta *m;
	int rc;

	*remote = NULL;
	alert_init(&a);
	asset_init(&as);
	rc = kind == STORE_LINK_ALERT ? store_alert_get(app->store, id, &a, e)
	                              : store_asset_get(app->store, id, &as, e);
	m = kind == STORE_LINK_ALERT ? &a.meta : &as.meta;
	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_NOTFOUND, "no %s in the cache", item);
	else if (!rc && target &&
	         (!m->remote_id || !m->source || strcmp(m->source, target)))
		rc = err_set(e, ERR_INVALID,
		             "%s is not known at source '%s', which %s syncs "
		             "with; only items of that source can be linked",
		             item, target, ref);
	else if (!rc && m->remote_id)
		*remote = xstrdup(m->remote_id);
	alert_release(&a);
	asset_release(&as);
	return rc;
}

/*
 * The work of edit_incident_link inside an open transaction; *changed
 * receives how many items changed (0: nothing written).
 */
int
edit_link_items(struct app *app, const char *ref,
                const struct store_row_ref *items, size_t n, bool is_unlink,
                struct edit_result *res, size_t *changed, struct err *e)
{
	struct incident inc;
	struct change c;
	struct outbox_fields *fields = outbox_fields_new();
	struct strbuf detail;
	const char *target, *verb = is_unlink ? "unlinked" : "linked";
	int64_t now = time_now();
	int n_changed = 0, rc;

	/* the items' ids at the source, both lists always there */
	outbox_fields_list(fields, "alerts");
	outbox_fields_list(fields, "assets");
	incident_init(&inc);
	change_init(&c);
	strbuf_init(&detail);
	if ((rc = edit_load_incident(app, ref, &inc, e)))
		goto out;
	target = store_outbox_target(inc.meta.source);
	for (size_t i = 0; i < n; i++) {
		enum store_link_kind kind = STORE_LINK_ALERT;
		int64_t id = items[i].id;
		char *remote = NULL;
		char item[48];
		bool is_changed = false;

		if ((rc = item_kind(&items[i], &kind, e)))
			goto out;
		snprintf(item, sizeof(item), "%s:%lld",
		         kind == STORE_LINK_ALERT ? "alert" : "asset",
		         (long long)id);
		if ((rc = item_remote(app, kind, id, item, target,
		                      inc.reference, &remote, e)))
			goto out;
		rc = is_unlink
		         ? store_incident_unlink(app->store, inc.meta.id, kind,
		                                 id, &is_changed, e)
		         : store_incident_link(app->store, inc.meta.id, kind,
		                               id, now, &is_changed, e);
		if (!rc && is_changed) {
			if (remote)
				outbox_fields_list_add(fields,
				                       kind == STORE_LINK_ALERT
				                           ? "alerts"
				                           : "assets",
				                       remote);
			strbuf_addf(&detail, "%s%s", n_changed ? ", " : "",
			            item);
			n_changed++;
		}
		free(remote);
		if (rc)
			goto out;
	}
	if (!n_changed)
		goto out;
	strbuf_addf(&c.timeline, "%s %s", verb, detail.buf);
	strbuf_addf(&c.audit, "%s %s", verb, detail.buf);
	c.n = 1;
	if ((rc = store_incident_mark_dirty(app->store, inc.meta.id, now, e)) ||
	    (rc = store_note_add(app->store, inc.meta.id, edit_actor(app), now,
	                         c.timeline.buf, false, NULL, e)) ||
	    (rc = edit_queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
	                     is_unlink ? OUTBOX_UNLINK : OUTBOX_LINK, fields,
	                     inc.meta.version, res, e)) ||
	    (rc = store_audit_append(
	         app->store, edit_actor(app),
	         is_unlink ? "incident.unlink" : "incident.link", "incident",
	         inc.reference, c.audit.buf, e)))
		goto out;
	edit_result_line(res, inc.reference, c.audit.buf);
out:
	*changed = (size_t)n_changed;
	outbox_fields_free(fields);
	strbuf_release(&detail);
	change_release(&c);
	incident_release(&inc);
	return rc;
}

int
edit_incident_link(struct app *app, const char *ref,
                   const struct store_row_ref *items, size_t n, bool is_unlink,
                   struct edit_result *res, struct err *e)
{
	size_t changed = 0;
	int rc;

	if ((rc = edit_begin(
	         app, is_unlink ? "incident unlink" : "incident link", e)))
		return rc;
	rc = edit_link_items(app, ref, items, n, is_unlink, res, &changed, e);
	if (!rc && !changed)
		store_rollback(app->store); /* nothing to change */
	else
		rc = edit_finish(app, rc, e);
	return rc;
}

int
edit_incident_create(struct app *app, const struct edit_fields *f,
                     const char *push_source, struct edit_result *res,
                     struct err *e)
{
	struct incident inc;
	struct organization org;
	struct change c;
	struct edit_fields rest;
	const char *target = store_outbox_target(push_source);
	struct outbox_fields *fields = NULL;
	char *detail = NULL;
	int64_t now = time_now();
	int rc;

	if (!f->title || !f->category || !f->severity)
		return err_set(e, ERR_USAGE,
		               "a new incident needs a title, a category and "
		               "a severity");
	if (f->status || f->resolution)
		return err_set(e, ERR_USAGE,
		               "a new incident starts as 'new'; set its "
		               "status afterwards");
	incident_init(&inc);
	organization_init(&org);
	change_init(&c);
	if ((rc = edit_begin(app, "incident create", e)))
		goto out;
	inc.opened_at = now;
	/* Defaults first, then the fields through the same checks as set. */
	inc.title = xstrdup("-");
	inc.category = xstrdup("other");
	rest = *f;
	rest.organization = NULL;
	if ((rc = apply_text_fields(app, &inc, &rest, &c, e)) ||
	    (rc = apply_scales(&inc, &rest, &c, e)))
		goto out;
	if (f->organization && !edit_is_clear(f->organization)) {
		if ((rc = edit_find_org(app, push_source, f->organization, &org,
		                        e)))
			goto out;
		inc.organization_id = org.meta.id;
		edit_set_str(&inc.sector, org.sector);
	}
	if ((rc = edit_assign_reference(app, &inc, now, e)) ||
	    (rc =
	         store_incident_create_local(app->store, &inc, push_source, e)))
		goto out;
	fields = edit_incident_fields(&inc, org.meta.id ? &org : NULL, target);
	{
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "created: %s; severity %s; category %s",
		            inc.title, severity_name(inc.severity),
		            inc.category);
		detail = strbuf_detach(&sb, NULL);
	}
	if ((rc = edit_queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
	                     OUTBOX_CREATE, fields, 0, res, e)) ||
	    (rc = store_audit_append(app->store, edit_actor(app),
	                             "incident.create", "incident",
	                             inc.reference, detail, e)) ||
	    /* the timeline starts with who opened it, like every change */
	    (rc = store_note_add(app->store, inc.meta.id, edit_actor(app), now,
	                         detail, false, NULL, e)))
		goto out;
	edit_result_line(res, inc.reference, detail);
	strvec_push(&res->refs, inc.reference);
out:
	rc = edit_finish(app, rc, e);
	outbox_fields_free(fields);
	free(detail);
	change_release(&c);
	organization_release(&org);
	incident_release(&inc);
	return rc;
}
