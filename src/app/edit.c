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
#include "centinela/base/array.h"
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

/* Free text checks: valid UTF-8, no NUL (C strings have none), a cap. */
int
edit_check_text(const char *field, const char *v, size_t max, bool is_one_line,
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

bool
edit_is_clear(const char *v)
{
	return !*v || strcmp(v, "-") == 0;
}

bool
edit_str_eq(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

/* Replace an owned string field. */
void
edit_set_str(char **field, const char *v)
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

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
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

const char *
edit_actor(const struct app *app)
{
	return app->analyst && *app->analyst ? app->analyst : "unknown";
}

/* Begin the edit's transaction after the read-only checks. */
int
edit_begin(struct app *app, const char *what, struct err *e)
{
	int rc;

	if ((rc = app_check_writable(app, what, e)))
		return rc;
	if (!app->store)
		return err_set(e, ERR_INVALID, "no cache is open");
	return store_begin(app->store, e);
}

/* Commit, or roll back when rc is an error; returns rc or commit's error. */
int
edit_finish(struct app *app, int rc, struct err *e)
{
	if (!rc)
		rc = store_commit(app->store, e);
	if (rc && store_in_transaction(app->store))
		store_rollback(app->store);
	return rc;
}

/* Read the incident named ref: a reference or "incident:ID". */
int
edit_load_incident(struct app *app, const char *ref, struct incident *inc,
                   struct err *e)
{
	enum store_entity ent = STORE_INCIDENTS;
	int64_t id = 0;
	int rc;

	/* the list tables say what names an incident (store_ref_parse) */
	if (store_ref_parse(ref, &ent, &id, NULL) || ent != STORE_INCIDENTS)
		return err_set(e, ERR_USAGE,
		               "'%s' is not an incident reference (such as "
		               "MX-2026-00042) or incident:ID",
		               ref);
	rc = store_ref_get(app->store, ent, ref, id, inc, e);
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
int
edit_queue(struct app *app, const char *target, enum outbox_entity entity,
           int64_t id, enum outbox_op operation,
           const struct outbox_fields *fields, int64_t base_version,
           struct edit_result *res, struct err *e)
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
int
edit_find_org(struct app *app, const char *source, const char *name,
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

void
edit_fields_org(struct outbox_fields *f, const struct organization *org,
                const char *target)
{
	if (!org) {
		outbox_fields_text(f, "organization", NULL);
		return;
	}
	outbox_fields_text(f, "organization", org->name);
	/* which of the two a request names is the driver's choice */
	if (target && org->meta.remote_id && org->meta.source &&
	    strcmp(org->meta.source, target) == 0)
		outbox_fields_text(f, "organization_id", org->meta.remote_id);
}

/* Push "REF: text" onto res->lines and count a changed row. */
void
edit_result_line(struct edit_result *res, const char *ref, const char *text)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s: %s", ref, text);
	strvec_push_take(&res->lines, strbuf_detach(&sb, NULL));
	res->changed++;
}

/* A short one-line excerpt of text for an audit detail (owned). */
char *
edit_excerpt(const char *text, size_t max)
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

/*
 * The fields of a new incident inc (owned), as a create or a promote
 * making it carries them; org names the organization (NULL: none).
 */
struct outbox_fields *
edit_incident_fields(const struct incident *inc, const struct organization *org,
                     const char *target)
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
		edit_fields_org(f, org, target);
	if (inc->sector)
		outbox_fields_text(f, "sector", inc->sector);
	outbox_fields_time(f, "opened_at", inc->opened_at);
	return f;
}

/* Give inc the next reference of the app's prefix. */
int
edit_assign_reference(struct app *app, struct incident *inc, int64_t now,
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

/* Read alert id for an action; refuse rows in conflict. */
int
edit_load_alert(struct app *app, int64_t id, struct alert *a, struct err *e)
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
