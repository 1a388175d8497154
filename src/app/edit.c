/*
 * Local edits: see include/centinela/app/edit.h.
 *
 * Every operation follows one shape: check the app is writable, begin one
 * store transaction, read the rows, validate and compute what changes
 * (the PATCH members, the audit detail "status: new -> triage", the
 * timeline text "status: new → triage"), write the rows, append the
 * outbox entry (only for rows of a synced source) and the audit entry,
 * commit. Any error rolls everything back; nothing is left half-done.
 * The outbox entry is a neutral edit (model/outbox_edit.h): the changed
 * fields in the model's terms; the driver of the source makes the request
 * when the entry is sent.
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

/* Free text checks: valid UTF-8, no NUL (C strings have none), a cap. */
static int
check_text(const char *field, const char *v, size_t max, bool is_one_line,
           struct err *e)
{
	size_t len = strlen(v);

	if (len > max)
		return err_set(e, ERR_LIMIT,
		               "%s is %zu bytes, over the limit of %zu", field,
		               len, max);
	if (!utf8_valid(v, len))
		return err_set(e, ERR_USAGE, "%s is not valid UTF-8", field);
	if (is_one_line && strpbrk(v, "\r\n"))
		return err_set(e, ERR_USAGE, "%s must be one line", field);
	return 0;
}

static bool
is_clear(const char *v)
{
	return !*v || strcmp(v, "-") == 0;
}

static bool
str_eq(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

/* Replace an owned string field. */
static void
set_str(char **field, const char *v)
{
	free(*field);
	*field = v && *v ? xstrdup(v) : NULL;
}

void
edit_result_init(struct edit_result *r)
{
	memset(r, 0, sizeof(*r));
	strvec_init(&r->lines);
	strvec_init(&r->refs);
}

void
edit_result_release(struct edit_result *r)
{
	strvec_release(&r->lines);
	strvec_release(&r->refs);
	edit_result_init(r);
}

int
edit_fields_set(struct edit_fields *f, const char *name, const char *value,
                struct err *e)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
	    {"title", offsetof(struct edit_fields, title)},
	    {"description", offsetof(struct edit_fields, description)},
	    {"category", offsetof(struct edit_fields, category)},
	    {"severity", offsetof(struct edit_fields, severity)},
	    {"priority", offsetof(struct edit_fields, priority)},
	    {"status", offsetof(struct edit_fields, status)},
	    {"tlp", offsetof(struct edit_fields, tlp)},
	    {"pap", offsetof(struct edit_fields, pap)},
	    {"assignee", offsetof(struct edit_fields, assignee)},
	    {"organization", offsetof(struct edit_fields, organization)},
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(name, fields[i].name) == 0) {
			*(const char **)((char *)f + fields[i].off) = value;
			return 0;
		}
	return err_set(e, ERR_USAGE,
	               "unknown field '%s' (known: title, description, "
	               "category, severity, priority, status, tlp, pap, "
	               "assignee, organization)",
	               name);
}

static const char *
actor_of(const struct app *app)
{
	return app->analyst && *app->analyst ? app->analyst : "unknown";
}

/* Begin the edit's transaction after the read-only checks. */
static int
begin(struct app *app, const char *what, struct err *e)
{
	int rc;

	if ((rc = app_check_writable(app, what, e)))
		return rc;
	if (!app->store)
		return err_set(e, ERR_INVALID, "no cache is open");
	return store_begin(app->store, e);
}

/* Commit, or roll back when rc is an error; returns rc or commit's error. */
static int
finish(struct app *app, int rc, struct err *e)
{
	if (!rc)
		rc = store_commit(app->store, e);
	if (rc && store_in_transaction(app->store))
		store_rollback(app->store);
	return rc;
}

/* Read the incident named ref: a reference or "incident:ID". */
static int
load_incident(struct app *app, const char *ref, struct incident *inc,
              struct err *e)
{
	int rc;

	if (incident_reference_valid(ref)) {
		rc = store_incident_get_by_ref(app->store, ref, inc, e);
	} else if (strncmp(ref, "incident:", 9) == 0) {
		char *end;
		long long id = strtoll(ref + 9, &end, 10);

		if (end == ref + 9 || *end || id <= 0)
			return err_set(e, ERR_USAGE,
			               "'%s' is not an incident id", ref);
		rc = store_incident_get(app->store, id, inc, e);
	} else {
		return err_set(e, ERR_USAGE,
		               "'%s' is not an incident reference (such as "
		               "MX-2026-00042) or incident:ID",
		               ref);
	}
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND,
		               "no incident '%s' in the cache (see 'centinela "
		               "list incidents')",
		               ref);
	if (rc)
		return rc;
	if (inc->meta.local_state == LOCAL_CONFLICT)
		return err_set(e, ERR_CONFLICT,
		               "incident %s is in conflict with source '%s'; "
		               "keep yours or take the server's first",
		               inc->reference, inc->meta.source);
	return 0;
}

/* Queue an entry when target is a synced source; counts it in res. */
static int
queue(struct app *app, const char *target, enum outbox_entity entity,
      int64_t id, enum outbox_op operation, const struct outbox_fields *fields,
      int64_t base_version, struct edit_result *res, struct err *e)
{
	char *text;
	int rc;

	if (!target)
		return 0;
	text = outbox_fields_json(fields);
	rc = store_outbox_add(app->store, target, entity, id, operation, text,
	                      base_version, NULL, e);
	free(text);
	if (!rc)
		res->queued++;
	return rc;
}

/* Resolve an organization by name or remote id at source: id and row. */
static int
find_org(struct app *app, const char *source, const char *name,
         struct organization *org, struct err *e)
{
	int64_t id = 0;
	int rc = store_organization_find(
	    app->store, source ? source : RECORD_SOURCE_LOCAL, name, &id, e);

	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND,
		               "unknown organization '%s' (see 'centinela list "
		               "organizations')",
		               name);
	if (rc)
		return rc;
	return store_organization_get(app->store, id, org, e);
}

/* How the API names org for a row of source target: its id there, else
 * its name. */
static const char *
org_api_name(const struct organization *org, const char *target)
{
	if (target && org->meta.remote_id && org->meta.source &&
	    strcmp(org->meta.source, target) == 0)
		return org->meta.remote_id;
	return org->name;
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
		if ((rc =
		         check_text("the title", f->title, TITLE_MAX, true, e)))
			return rc;
		if (!str_eq(inc->title, f->title)) {
			change_note(c, "title", inc->title, f->title);
			outbox_fields_text(c->fields, "title", f->title);
			set_str(&inc->title, f->title);
		}
	}
	if (f->description) {
		const char *v =
		    is_clear(f->description) ? NULL : f->description;

		if (v && (rc = check_text("the description", v, EDIT_NOTE_MAX,
		                          false, e)))
			return rc;
		if (!str_eq(inc->description, v)) {
			change_note(c, "description",
			            inc->description ? "(text)" : NULL,
			            v ? "(new text)" : NULL);
			outbox_fields_text(c->fields, "description", v);
			set_str(&inc->description, v);
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
		if (!str_eq(inc->category, cls) ||
		    !str_eq(inc->category_type, type)) {
			old = category_text(inc->category, inc->category_type);
			new = category_text(cls, type);
			change_note(c, "category", old, new);
			free(old);
			free(new);
			if (!str_eq(inc->category, cls))
				outbox_fields_text(c->fields, "category", cls);
			if (!str_eq(inc->category_type, type))
				outbox_fields_text(c->fields, "category_type",
				                   type);
			set_str(&inc->category, cls);
			set_str(&inc->category_type, type);
		}
		free(cls);
		free(type);
	}
	if (f->assignee) {
		const char *v = is_clear(f->assignee) ? NULL : f->assignee;

		if (v && strcmp(v, "me") == 0)
			v = actor_of(app);
		if (v &&
		    (rc = check_text("the assignee", v, TITLE_MAX, true, e)))
			return rc;
		if (!str_eq(inc->assignee, v)) {
			change_note(c, "assignee", inc->assignee, v);
			outbox_fields_text(c->fields, "assignee", v);
			set_str(&inc->assignee, v);
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
	if (is_clear(f->organization)) {
		if (inc->organization_id) {
			change_note(c, "organization", inc->organization, NULL);
			outbox_fields_text(c->fields, "organization", NULL);
			inc->organization_id = 0;
			set_str(&inc->organization, NULL);
		}
		goto out;
	}
	if ((rc = find_org(app, inc->meta.source, f->organization, &org, e)))
		goto out;
	if (org.meta.id != inc->organization_id) {
		change_note(c, "organization", inc->organization, org.name);
		outbox_fields_text(c->fields, "organization",
		                   org_api_name(&org, target));
		inc->organization_id = org.meta.id;
		set_str(&inc->organization, org.name);
		if (!inc->sector && org.sector) {
			outbox_fields_text(c->fields, "sector", org.sector);
			set_str(&inc->sector, org.sector);
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

/* Push "REF: text" onto res->lines and count a changed row. */
static void
result_line(struct edit_result *res, const char *ref, const char *text)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s: %s", ref, text);
	strvec_push_take(&res->lines, strbuf_detach(&sb, NULL));
	res->changed++;
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
	if ((rc = begin(app, "incident set", e)))
		goto out;
	if ((rc = load_incident(app, ref, &inc, e)))
		goto out;
	target = store_outbox_target(inc.meta.source);
	was = inc.status;
	if (f->resolution && (rc = check_text("the resolution", f->resolution,
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
		    note_fields(actor_of(app), now, f->resolution);

		rc = store_note_add(app->store, inc.meta.id, actor_of(app), now,
		                    f->resolution, target != NULL, NULL, e);
		if (!rc)
			rc = queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
			           OUTBOX_ADD_NOTE, np, inc.meta.version, res,
			           e);
		outbox_fields_free(np);
		if (rc)
			goto out;
		strbuf_addf(&c.audit, "; resolution: %.80s", f->resolution);
	}
	if ((rc = store_note_add(app->store, inc.meta.id, actor_of(app), now,
	                         c.timeline.buf, false, NULL, e)) ||
	    (rc = queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
	                OUTBOX_UPDATE, c.fields, inc.meta.version, res, e)) ||
	    (rc = store_audit_append(app->store, actor_of(app),
	                             "incident.update", "incident",
	                             inc.reference, c.audit.buf, e)))
		goto out;
	result_line(res, inc.reference, c.audit.buf);
out:
	if (!rc && !c.n)
		store_rollback(app->store); /* nothing to change */
	else
		rc = finish(app, rc, e);
	incident_release(&inc);
	change_release(&c);
	return rc;
}

/* A short one-line excerpt of text for an audit detail (owned). */
static char *
excerpt(const char *text, size_t max)
{
	size_t n = 0;
	struct strbuf sb;

	while (text[n] && text[n] != '\n' && n < max)
		n++;
	/* do not cut a UTF-8 sequence in two */
	while (n && text[n] && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	strbuf_init(&sb);
	strbuf_add(&sb, text, n);
	if (text[n])
		strbuf_adds(&sb, "...");
	return strbuf_detach(&sb, NULL);
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
	if ((rc = check_text("the note", body, EDIT_NOTE_MAX, false, e)))
		return rc;
	if ((rc = begin(app, "incident note", e)))
		goto out;
	if ((rc = load_incident(app, ref, &inc, e)))
		goto out;
	target = store_outbox_target(inc.meta.source);
	fields = note_fields(actor_of(app), now, body);
	detail = excerpt(body, 80);
	if ((rc = store_note_add(app->store, inc.meta.id, actor_of(app), now,
	                         body, target != NULL, NULL, e)) ||
	    (rc = store_incident_mark_dirty(app->store, inc.meta.id, now, e)) ||
	    (rc = queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
	                OUTBOX_ADD_NOTE, fields, inc.meta.version, res, e)) ||
	    (rc = store_audit_append(app->store, actor_of(app), "incident.note",
	                             "incident", inc.reference, detail, e)))
		goto out;
	result_line(res, inc.reference, "note added");
out:
	rc = finish(app, rc, e);
	outbox_fields_free(fields);
	free(detail);
	incident_release(&inc);
	return rc;
}

/* Parse "alert:ID" or "asset:ID". */
static int
parse_item(const char *item, enum store_link_kind *kind, int64_t *id,
           struct err *e)
{
	const char *p;
	char *end;
	long long v;

	if (strncmp(item, "alert:", 6) == 0) {
		*kind = STORE_LINK_ALERT;
		p = item + 6;
	} else if (strncmp(item, "asset:", 6) == 0) {
		*kind = STORE_LINK_ASSET;
		p = item + 6;
	} else {
		return err_set(e, ERR_USAGE,
		               "cannot link '%s'; say alert:ID or asset:ID "
		               "(local ids, as 'centinela list' shows)",
		               item);
	}
	v = strtoll(p, &end, 10);
	if (end == p || *end || v <= 0)
		return err_set(e, ERR_USAGE, "'%s' has no valid id", item);
	*id = v;
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
static int
link_items(struct app *app, const char *ref, const char *const *items, size_t n,
           bool is_unlink, struct edit_result *res, size_t *changed,
           struct err *e)
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
	if ((rc = load_incident(app, ref, &inc, e)))
		goto out;
	target = store_outbox_target(inc.meta.source);
	for (size_t i = 0; i < n; i++) {
		enum store_link_kind kind = STORE_LINK_ALERT;
		int64_t id = 0;
		char *remote = NULL;
		bool is_changed = false;

		if ((rc = parse_item(items[i], &kind, &id, e)) ||
		    (rc = item_remote(app, kind, id, items[i], target,
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
			            items[i]);
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
	    (rc = store_note_add(app->store, inc.meta.id, actor_of(app), now,
	                         c.timeline.buf, false, NULL, e)) ||
	    (rc = queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
	                is_unlink ? OUTBOX_UNLINK : OUTBOX_LINK, fields,
	                inc.meta.version, res, e)) ||
	    (rc = store_audit_append(
	         app->store, actor_of(app),
	         is_unlink ? "incident.unlink" : "incident.link", "incident",
	         inc.reference, c.audit.buf, e)))
		goto out;
	result_line(res, inc.reference, c.audit.buf);
out:
	*changed = (size_t)n_changed;
	outbox_fields_free(fields);
	strbuf_release(&detail);
	change_release(&c);
	incident_release(&inc);
	return rc;
}

int
edit_incident_link(struct app *app, const char *ref, const char *const *items,
                   size_t n, bool is_unlink, struct edit_result *res,
                   struct err *e)
{
	size_t changed = 0;
	int rc;

	if ((rc = begin(app, is_unlink ? "incident unlink" : "incident link",
	                e)))
		return rc;
	rc = link_items(app, ref, items, n, is_unlink, res, &changed, e);
	if (!rc && !changed)
		store_rollback(app->store); /* nothing to change */
	else
		rc = finish(app, rc, e);
	return rc;
}

/*
 * The fields of a new incident inc (owned), as a create or a promote
 * making it carries them; org names the organization (NULL: none).
 */
static struct outbox_fields *
incident_fields(const struct incident *inc, const char *org)
{
	struct outbox_fields *f = outbox_fields_new();

	outbox_fields_text(f, "reference", inc->reference);
	outbox_fields_text(f, "title", inc->title);
	if (inc->description)
		outbox_fields_text(f, "description", inc->description);
	outbox_fields_text(f, "category", inc->category);
	if (inc->category_type)
		outbox_fields_text(f, "category_type", inc->category_type);
	outbox_fields_text(f, "severity", severity_name(inc->severity));
	outbox_fields_int(f, "priority", inc->priority);
	outbox_fields_text(f, "status", incident_status_name(inc->status));
	outbox_fields_text(f, "tlp", tlp_name(inc->tlp));
	outbox_fields_text(f, "pap", pap_name(inc->pap));
	if (inc->assignee)
		outbox_fields_text(f, "assignee", inc->assignee);
	if (org)
		outbox_fields_text(f, "organization", org);
	if (inc->sector)
		outbox_fields_text(f, "sector", inc->sector);
	outbox_fields_time(f, "opened_at", inc->opened_at);
	return f;
}

/* Give inc the next reference of the app's prefix. */
static int
assign_reference(struct app *app, struct incident *inc, int64_t now,
                 struct err *e)
{
	const char *prefix = app->reference_prefix && *app->reference_prefix
	                         ? app->reference_prefix
	                         : "MX";

	free(inc->reference);
	inc->reference = NULL;
	return store_incident_next_reference(
	    app->store, prefix, time_year_utc(now), &inc->reference, e);
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
	if ((rc = begin(app, "incident create", e)))
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
	if (f->organization && !is_clear(f->organization)) {
		if ((rc = find_org(app, push_source, f->organization, &org, e)))
			goto out;
		inc.organization_id = org.meta.id;
		set_str(&inc.sector, org.sector);
	}
	if ((rc = assign_reference(app, &inc, now, e)) ||
	    (rc =
	         store_incident_create_local(app->store, &inc, push_source, e)))
		goto out;
	fields = incident_fields(&inc, org.meta.id ? org_api_name(&org, target)
	                                           : NULL);
	{
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "created: %s; severity %s; category %s",
		            inc.title, severity_name(inc.severity),
		            inc.category);
		detail = strbuf_detach(&sb, NULL);
	}
	if ((rc = queue(app, target, OUTBOX_INCIDENT, inc.meta.id,
	                OUTBOX_CREATE, fields, 0, res, e)) ||
	    (rc = store_audit_append(app->store, actor_of(app),
	                             "incident.create", "incident",
	                             inc.reference, detail, e)) ||
	    /* the timeline starts with who opened it, like every change */
	    (rc = store_note_add(app->store, inc.meta.id, actor_of(app), now,
	                         detail, false, NULL, e)))
		goto out;
	result_line(res, inc.reference, detail);
	strvec_push(&res->refs, inc.reference);
out:
	rc = finish(app, rc, e);
	outbox_fields_free(fields);
	free(detail);
	change_release(&c);
	organization_release(&org);
	incident_release(&inc);
	return rc;
}

/* The alert actions. */
enum alert_action { ACT_ACK, ACT_DISMISS, ACT_PROMOTE };

static const char *const act_ops[] = {"acknowledge", "dismiss", "promote"};
static const enum outbox_op act_edit[] = {OUTBOX_ACKNOWLEDGE, OUTBOX_DISMISS,
                                          OUTBOX_PROMOTE};
static const char *const act_done[] = {"acknowledged", "dismissed", "promoted"};
static const char *const act_audit[] = {"alert.acknowledge", "alert.dismiss",
                                        "alert.promote"};
static const enum alert_status act_status[] = {ALERT_ACKNOWLEDGED,
                                               ALERT_DISMISSED, ALERT_PROMOTED};

/* Read alert id for an action; refuse rows in conflict. */
static int
load_alert(struct app *app, int64_t id, struct alert *a, struct err *e)
{
	int rc = store_alert_get(app->store, id, a, e);

	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND,
		               "no alert:%lld in the cache (see 'centinela "
		               "list alerts')",
		               (long long)id);
	if (rc)
		return rc;
	if (a->meta.local_state == LOCAL_CONFLICT)
		return err_set(e, ERR_CONFLICT,
		               "alert:%lld is in conflict with source '%s'; "
		               "keep yours or take the server's first",
		               (long long)id, a->meta.source);
	return 0;
}

/*
 * Whether act applies to a (1), is already done (0), or is refused
 * (ERR_INVALID).
 */
static int
alert_can(const struct alert *a, enum alert_action act, int64_t to_id,
          struct err *e)
{
	enum alert_status want = act_status[act];

	if (a->status == want &&
	    (act != ACT_PROMOTE || (to_id && a->incident_id == to_id)))
		return 0;
	if (a->status == ALERT_NEW ||
	    (a->status == ALERT_ACKNOWLEDGED && act != ACT_ACK))
		return 1;
	return err_set(e, ERR_INVALID, "cannot %s alert:%lld: it is %s%s%s",
	               act_ops[act], (long long)a->meta.id,
	               alert_status_name(a->status),
	               a->incident_ref ? " to " : "",
	               a->incident_ref ? a->incident_ref : "");
}

void
edit_promote_plan_init(struct edit_promote_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void
edit_promote_plan_release(struct edit_promote_plan *p)
{
	free(p->title);
	free(p->description);
	free(p->category);
	free(p->category_type);
	free(p->organization);
	free(p->sector);
	free(p->source);
	edit_promote_plan_init(p);
}

#define PLAN_LIST_MAX 50 /* alerts listed in a new incident's description */

/* The assets a's link and its IP and FQDN observables name. */
static int
plan_assets(struct app *app, const struct alert *a, struct edit_promote_plan *p,
            struct err *e)
{
	int rc = 0;

	if (a->asset_id && p->n_assets < EDIT_PROMOTE_ASSETS_MAX) {
		bool is_known = false;

		for (size_t i = 0; i < p->n_assets && !is_known; i++)
			is_known = p->asset_ids[i] == a->asset_id;
		if (!is_known)
			p->asset_ids[p->n_assets++] = a->asset_id;
	}
	for (size_t i = 0; i < a->n_observables && !rc; i++) {
		const struct observable *o = &a->observables[i];

		if (o->type == OBSERVABLE_IP || o->type == OBSERVABLE_FQDN)
			rc = store_asset_match(
			    app->store, o->value, o->type == OBSERVABLE_IP,
			    p->asset_ids, EDIT_PROMOTE_ASSETS_MAX, &p->n_assets,
			    e);
	}
	return rc;
}

/* The plan's title: the common title or the first, and the others. */
static void
plan_title(struct edit_promote_plan *p, const char *first, bool is_common)
{
	struct strbuf sb;
	char *base;

	if (p->n_alerts < 2) {
		p->title = xstrdup(first);
		return;
	}
	base = excerpt(first, 200);
	strbuf_init(&sb);
	if (is_common)
		strbuf_addf(&sb, "%s (%zu alerts)", base, p->n_alerts);
	else
		strbuf_addf(&sb, "%s (+%zu alert%s)", base, p->n_alerts - 1,
		            p->n_alerts == 2 ? "" : "s");
	free(base);
	p->title = strbuf_detach(&sb, NULL);
}

int
edit_promote_plan(struct app *app, const int64_t *ids, size_t n,
                  struct edit_promote_plan *p, struct err *e)
{
	struct alert a, first;
	struct strbuf list;
	bool same_title = true, same_type = true, same_org = true;
	bool same_sector = true;
	enum severity cat_sev = 0;
	int rc = 0;

	edit_promote_plan_release(p);
	if (!n)
		return err_set(e, ERR_USAGE, "which alerts? give their ids");
	if (!app->store)
		return err_set(e, ERR_INVALID, "no cache is open");
	alert_init(&first);
	strbuf_init(&list);
	strbuf_addf(&list, "Promoted from %zu alerts:\n", n);
	for (size_t i = 0; i < n; i++) {
		const char *target;

		alert_init(&a);
		if ((rc = load_alert(app, ids[i], &a, e)) ||
		    (rc = plan_assets(app, &a, p, e)))
			goto next;
		target = store_outbox_target(a.meta.source);
		if (target && p->source && strcmp(p->source, target) &&
		    store_outbox_target(p->source)) {
			rc = err_set(e, ERR_INVALID,
			             "alerts of sources '%s' and '%s' cannot "
			             "share a new incident; promote them "
			             "separately",
			             p->source, target);
			goto next;
		}
		if (!p->source || (target && !store_outbox_target(p->source)))
			set_str(&p->source, a.meta.source);
		if (i < PLAN_LIST_MAX)
			strbuf_addf(&list, "- alert:%lld %s (%s)\n",
			            (long long)a.meta.id, a.title,
			            severity_name(a.severity));
		else if (i == PLAN_LIST_MAX)
			strbuf_addf(&list, "- and %zu more\n", n - i);
		if (!i) {
			p->severity = a.severity;
			p->tlp = a.tlp;
			p->organization_id = a.organization_id;
			set_str(&p->sector, a.sector);
		} else {
			same_title = same_title && str_eq(a.title, first.title);
			same_type =
			    same_type &&
			    str_eq(a.taxonomy_class, first.taxonomy_class) &&
			    str_eq(a.taxonomy_type, first.taxonomy_type);
			same_org = same_org &&
			           a.organization_id == first.organization_id;
			same_sector =
			    same_sector && str_eq(a.sector, first.sector);
			if (a.tlp > p->tlp)
				p->tlp = a.tlp;
			if (a.severity > p->severity)
				p->severity = a.severity;
		}
		if (!i || a.severity > cat_sev) {
			cat_sev = a.severity;
			set_str(&p->category, a.taxonomy_class);
			set_str(&p->category_type, a.taxonomy_type);
		}
		p->n_alerts++;
		if (!i) {
			alert_release(&first);
			first = a;
			alert_init(&a);
		}
	next:
		alert_release(&a);
		if (rc)
			goto out;
	}
	plan_title(p, first.title, same_title);
	if (n == 1)
		set_str(&p->description, first.description);
	else
		set_str(&p->description, list.buf);
	if (!same_type)
		set_str(&p->category_type, NULL);
	if (!p->category || !rsit_class_valid(p->category)) {
		set_str(&p->category, "other");
		set_str(&p->category_type, NULL);
	} else if (p->category_type &&
	           !rsit_type_valid(p->category, p->category_type)) {
		set_str(&p->category_type, NULL);
	}
	if (!same_org)
		p->organization_id = 0;
	if (!same_sector)
		set_str(&p->sector, NULL);
	if (p->organization_id) {
		struct organization org;

		organization_init(&org);
		if (store_organization_get(app->store, p->organization_id, &org,
		                           NULL) == 0)
			set_str(&p->organization, org.name);
		organization_release(&org);
	}
out:
	strbuf_release(&list);
	alert_release(&first);
	if (rc)
		edit_promote_plan_release(p);
	return rc;
}

char *
edit_promote_plan_describe(const struct edit_promote_plan *p)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "new incident '%s': %s, %s%s%s, tlp %s",
	            p->title ? p->title : "-", severity_name(p->severity),
	            p->category ? p->category : "-",
	            p->category_type ? "/" : "",
	            p->category_type ? p->category_type : "", tlp_name(p->tlp));
	if (p->organization)
		strbuf_addf(&sb, ", %s", p->organization);
	strbuf_addf(&sb, "; %zu alert%s, %zu asset%s", p->n_alerts,
	            p->n_alerts == 1 ? "" : "s", p->n_assets,
	            p->n_assets == 1 ? "" : "s");
	return strbuf_detach(&sb, NULL);
}

/* Where the alerts of one promotion go. */
struct promote_to {
	const struct incident *inc; /* the incident (borrowed) */
	/* the fields of the incident while the promote making it is not
	 * queued (owned) */
	struct outbox_fields *new_incident;
};

/*
 * Create the incident of plan p (inside the transaction) with its asset
 * links; *obj receives its API object with the assets known at its
 * source.
 */
static int
promote_create(struct app *app, const struct edit_promote_plan *p, int64_t now,
               struct incident *inc, struct outbox_fields **obj,
               struct edit_result *res, struct err *e)
{
	const char *target = store_outbox_target(p->source);
	struct organization org;
	struct strvec assets;
	struct strbuf note;
	int rc;

	strvec_init(&assets);
	organization_init(&org);
	strbuf_init(&note);
	inc->title = xstrdup(p->title);
	set_str(&inc->description, p->description);
	inc->category = xstrdup(p->category);
	set_str(&inc->category_type, p->category_type);
	inc->severity = p->severity;
	inc->tlp = p->tlp;
	inc->organization_id = p->organization_id;
	set_str(&inc->sector, p->sector);
	inc->opened_at = now;
	if ((rc = assign_reference(app, inc, now, e)) ||
	    (rc = store_incident_create_local(app->store, inc, p->source, e)))
		goto out;
	for (size_t i = 0; i < p->n_assets; i++) {
		struct asset as;
		bool is_changed;

		asset_init(&as);
		rc = store_asset_get(app->store, p->asset_ids[i], &as, e);
		if (!rc)
			rc = store_incident_link(app->store, inc->meta.id,
			                         STORE_LINK_ASSET, as.meta.id,
			                         now, &is_changed, e);
		if (!rc && target && as.meta.remote_id && as.meta.source &&
		    strcmp(as.meta.source, target) == 0)
			strvec_push(&assets, as.meta.remote_id);
		if (!rc)
			strbuf_addf(&note, "%s%s",
			            i ? ", " : "matched assets: ", as.name);
		asset_release(&as);
		if (rc)
			goto out;
	}
	if (note.len &&
	    (rc = store_note_add(app->store, inc->meta.id, actor_of(app), now,
	                         note.buf, false, NULL, e)))
		goto out;
	if (inc->organization_id &&
	    (rc = store_organization_get(app->store, inc->organization_id, &org,
	                                 e)))
		goto out;
	*obj = incident_fields(
	    inc, inc->organization_id ? org_api_name(&org, target) : NULL);
	for (size_t i = 0; i < assets.n; i++)
		outbox_fields_list_add(*obj, "assets", assets.v[i]);
	strvec_push(&res->refs, inc->reference);
out:
	strvec_release(&assets);
	strbuf_release(&note);
	organization_release(&org);
	return rc;
}

/*
 * The fields of the promote of an alert of target to to->inc: the new
 * incident's for the first alert of a promotion that makes it, else none
 * (the entry names the incident by its row); 0 or ERR_INVALID.
 */
static int
promote_fields(const struct alert *a, const char *target, struct promote_to *to,
               struct outbox_fields *fields, struct err *e)
{
	const struct incident *inc = to->inc;

	if (!target)
		return 0; /* nothing is sent for a local alert */
	if (!inc->meta.source || strcmp(inc->meta.source, target))
		return err_set(e, ERR_INVALID,
		               "cannot promote alert:%lld of source '%s' to "
		               "%s, which belongs to '%s'",
		               (long long)a->meta.id, target, inc->reference,
		               inc->meta.source ? inc->meta.source : "local");
	if (to->new_incident) {
		outbox_fields_object(fields, "incident", to->new_incident);
		to->new_incident = NULL; /* the first alert creates it */
	}
	/*
	 * Else the incident is the entry's (its row): one made here and not
	 * yet at the source waits for its id there (store_outbox_next).
	 */
	return 0;
}

/* Apply act to one alert inside the transaction. */
static int
alert_one(struct app *app, int64_t id, enum alert_action act, const char *text,
          struct promote_to *to, bool is_new, int64_t now,
          struct edit_result *res, struct err *e)
{
	struct alert a;
	const struct incident *inc = to ? to->inc : NULL;
	struct outbox_fields *fields = outbox_fields_new();
	struct strbuf detail, note;
	const char *target;
	char ref[32];
	bool is_changed;
	int rc, can;

	alert_init(&a);
	strbuf_init(&detail);
	strbuf_init(&note);
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	if ((rc = load_alert(app, id, &a, e)))
		goto out;
	if ((can = alert_can(&a, act, inc && !is_new ? inc->meta.id : 0, e)) <=
	    0) {
		rc = can;
		goto out;
	}
	target = store_outbox_target(a.meta.source);
	strbuf_addf(&detail, "status: %s -> %s", alert_status_name(a.status),
	            act_done[act]);
	if (act == ACT_ACK && text) {
		outbox_fields_text(fields, "comment", text);
		strbuf_addf(&detail, "; comment: %.80s", text);
	} else if (act == ACT_DISMISS) {
		outbox_fields_text(fields, "reason", text);
		strbuf_addf(&detail, "; reason: %.80s", text);
	} else if (act == ACT_PROMOTE) {
		if ((rc = promote_fields(&a, target, to, fields, e)))
			goto out;
		strbuf_addf(&detail, "; %sincident: %s", is_new ? "new " : "",
		            inc->reference);
	}
	if ((rc = store_alert_set_status(app->store, id, act_status[act],
	                                 inc ? inc->meta.id : 0, now, e)))
		goto out;
	if (act == ACT_PROMOTE) {
		strbuf_addf(&note, "promoted alert:%lld (%s)", (long long)id,
		            a.title);
		if ((rc = store_incident_link(app->store, inc->meta.id,
		                              STORE_LINK_ALERT, id, now,
		                              &is_changed, e)) ||
		    (rc =
		         store_note_add(app->store, inc->meta.id, actor_of(app),
		                        now, note.buf, false, NULL, e)))
			goto out;
	}
	if ((rc = queue(app, target, OUTBOX_ALERT, id, act_edit[act], fields,
	                a.meta.version, res, e)) ||
	    (rc = store_audit_append(app->store, actor_of(app), act_audit[act],
	                             "alert", ref, detail.buf, e)))
		goto out;
	snprintf(ref, sizeof(ref), "alert:%lld", (long long)id);
	result_line(res, ref, detail.buf);
out:
	outbox_fields_free(fields);
	strbuf_release(&detail);
	strbuf_release(&note);
	alert_release(&a);
	return rc;
}

static int
alerts_run(struct app *app, const int64_t *ids, size_t n, enum alert_action act,
           const char *text, const char *to_ref, struct edit_result *res,
           struct err *e)
{
	static const char *const what[] = {"alert ack", "alert dismiss",
	                                   "alert promote"};
	struct edit_promote_plan plan;
	struct promote_to to = {0};
	struct incident inc;
	bool is_new = act == ACT_PROMOTE && !to_ref;
	int64_t now = time_now();
	int rc;

	if (!n)
		return err_set(e, ERR_USAGE, "which alerts? give their ids");
	if (text &&
	    (rc = check_text(act == ACT_ACK ? "the comment" : "the reason",
	                     text, EDIT_NOTE_MAX, false, e)))
		return rc;
	incident_init(&inc);
	edit_promote_plan_init(&plan);
	if ((rc = begin(app, what[act], e)))
		goto out;
	if (to_ref && (rc = load_incident(app, to_ref, &inc, e)))
		goto out;
	if (to_ref && inc.status == INCIDENT_CLOSED) {
		rc = err_set(e, ERR_INVALID,
		             "%s is closed; promote to an open incident",
		             inc.reference);
		goto out;
	}
	if (is_new) {
		/* Refused alerts are refused before anything is created. */
		for (size_t i = 0; i < n && !rc; i++) {
			struct alert a;
			int can = 0;

			alert_init(&a);
			rc = load_alert(app, ids[i], &a, e);
			if (!rc && (can = alert_can(&a, act, 0, e)) < 0)
				rc = can;
			alert_release(&a);
		}
		if (rc || (rc = edit_promote_plan(app, ids, n, &plan, e)) ||
		    (rc = promote_create(app, &plan, now, &inc,
		                         &to.new_incident, res, e)))
			goto out;
	}
	to.inc = &inc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = alert_one(app, ids[i], act, text,
		               act == ACT_PROMOTE ? &to : NULL, is_new, now,
		               res, e);
out:
	if (!rc && !res->changed) {
		store_rollback(app->store); /* nothing to change */
	} else if ((rc = finish(app, rc, e))) {
		/* all or nothing: what was counted did not happen */
		strvec_release(&res->lines);
		strvec_release(&res->refs);
		res->changed = res->queued = 0;
	}
	outbox_fields_free(to.new_incident);
	edit_promote_plan_release(&plan);
	incident_release(&inc);
	return rc;
}

int
edit_alerts_acknowledge(struct app *app, const int64_t *ids, size_t n,
                        const char *comment, struct edit_result *res,
                        struct err *e)
{
	return alerts_run(app, ids, n, ACT_ACK,
	                  comment && *comment ? comment : NULL, NULL, res, e);
}

int
edit_alerts_dismiss(struct app *app, const int64_t *ids, size_t n,
                    const char *reason, struct edit_result *res, struct err *e)
{
	if (!reason || !*reason)
		return err_set(e, ERR_USAGE,
		               "dismissing needs a reason (--reason TEXT)");
	return alerts_run(app, ids, n, ACT_DISMISS, reason, NULL, res, e);
}

int
edit_alerts_promote(struct app *app, const int64_t *ids, size_t n,
                    const char *to_ref, struct edit_result *res, struct err *e)
{
	return alerts_run(app, ids, n, ACT_PROMOTE, NULL, to_ref, res, e);
}

int
edit_alerts_unlink(struct app *app, const int64_t *ids, size_t n,
                   struct edit_result *res, struct err *e)
{
	int64_t *incs;
	size_t n_changed = 0, total = 0;
	int rc;

	if (!n)
		return err_set(e, ERR_USAGE, "which alerts? give their ids");
	if ((rc = begin(app, "alert unlink", e)))
		return rc;
	incs = xcalloc(n, sizeof(*incs));
	for (size_t i = 0; i < n && !rc; i++) {
		struct alert a;

		alert_init(&a);
		if (!(rc = load_alert(app, ids[i], &a, e)))
			incs[i] = a.incident_id;
		alert_release(&a);
	}
	/* One link_items call per incident, its alerts in the given order. */
	for (size_t i = 0; i < n && !rc; i++) {
		struct strvec items;
		char ref[40], item[40];

		if (!incs[i])
			continue;
		strvec_init(&items);
		for (size_t j = i; j < n; j++)
			if (incs[j] == incs[i]) {
				snprintf(item, sizeof(item), "alert:%lld",
				         (long long)ids[j]);
				strvec_push(&items, item);
				if (j > i)
					incs[j] = 0;
			}
		snprintf(ref, sizeof(ref), "incident:%lld", (long long)incs[i]);
		rc = link_items(app, ref, (const char *const *)items.v, items.n,
		                true, res, &n_changed, e);
		total += n_changed;
		strvec_release(&items);
	}
	free(incs);
	if (!rc && !total) {
		store_rollback(app->store); /* nothing to change */
	} else if ((rc = finish(app, rc, e))) {
		strvec_release(&res->lines);
		res->changed = res->queued = 0;
	}
	return rc;
}
