/*
 * Alert triage (app/edit.h): acknowledge, dismiss, promote (into a new
 * incident or an existing one) and unlink, all or nothing per command.
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
	edit_set_str(&inc->description, p->description);
	inc->category = xstrdup(p->category);
	edit_set_str(&inc->category_type, p->category_type);
	inc->severity = p->severity;
	inc->tlp = p->tlp;
	inc->organization_id = p->organization_id;
	edit_set_str(&inc->sector, p->sector);
	inc->opened_at = now;
	if ((rc = edit_assign_reference(app, inc, now, e)) ||
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
	    (rc = store_note_add(app->store, inc->meta.id, edit_actor(app), now,
	                         note.buf, false, NULL, e)))
		goto out;
	if (inc->organization_id &&
	    (rc = store_organization_get(app->store, inc->organization_id, &org,
	                                 e)))
		goto out;
	*obj = edit_incident_fields(inc, inc->organization_id ? &org : NULL,
	                            target);
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
	if ((rc = edit_load_alert(app, id, &a, e)))
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
		    (rc = store_note_add(app->store, inc->meta.id,
		                         edit_actor(app), now, note.buf, false,
		                         NULL, e)))
			goto out;
	}
	if ((rc = edit_queue(app, target, OUTBOX_ALERT, id, act_edit[act],
	                     fields, a.meta.version, res, e)) ||
	    (rc =
	         store_audit_append(app->store, edit_actor(app), act_audit[act],
	                            "alert", ref, detail.buf, e)))
		goto out;
	snprintf(ref, sizeof(ref), "alert:%lld", (long long)id);
	edit_result_line(res, ref, detail.buf);
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
	    (rc = edit_check_text(act == ACT_ACK ? "the comment" : "the reason",
	                          text, EDIT_NOTE_MAX, false, e)))
		return rc;
	incident_init(&inc);
	edit_promote_plan_init(&plan);
	if ((rc = edit_begin(app, what[act], e)))
		goto out;
	if (to_ref && (rc = edit_load_incident(app, to_ref, &inc, e)))
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
			rc = edit_load_alert(app, ids[i], &a, e);
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
	} else if ((rc = edit_finish(app, rc, e))) {
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
                    int64_t to_id, struct edit_result *res, struct err *e)
{
	char ref[40];

	snprintf(ref, sizeof(ref), "incident:%lld", (long long)to_id);
	return alerts_run(app, ids, n, ACT_PROMOTE, NULL, to_id ? ref : NULL,
	                  res, e);
}

int
edit_alerts_unlink(struct app *app, const int64_t *ids, size_t n,
                   struct edit_result *res, struct err *e)
{
	struct store_row_ref *items;
	int64_t *incs;
	size_t n_changed = 0, total = 0;
	int rc;

	if (!n)
		return err_set(e, ERR_USAGE, "which alerts? give their ids");
	if ((rc = edit_begin(app, "alert unlink", e)))
		return rc;
	incs = xcalloc(n, sizeof(*incs));
	for (size_t i = 0; i < n && !rc; i++) {
		struct alert a;

		alert_init(&a);
		if (!(rc = edit_load_alert(app, ids[i], &a, e)))
			incs[i] = a.incident_id;
		alert_release(&a);
	}
	/* One link_items call per incident, its alerts in the given order. */
	items = xcalloc(n, sizeof(*items));
	for (size_t i = 0; i < n && !rc; i++) {
		size_t n_items = 0;
		char ref[40];

		if (!incs[i])
			continue;
		for (size_t j = i; j < n; j++)
			if (incs[j] == incs[i]) {
				items[n_items].entity = STORE_ALERTS;
				items[n_items++].id = ids[j];
				if (j > i)
					incs[j] = 0;
			}
		snprintf(ref, sizeof(ref), "incident:%lld", (long long)incs[i]);
		rc = edit_link_items(app, ref, items, n_items, true, res,
		                     &n_changed, e);
		total += n_changed;
	}
	free(items);
	free(incs);
	if (!rc && !total) {
		store_rollback(app->store); /* nothing to change */
	} else if ((rc = edit_finish(app, rc, e))) {
		strvec_release(&res->lines);
		res->changed = res->queued = 0;
	}
	return rc;
}
