/*
 * The sync engine's push: the outbox, entry by entry, each turned into a
 * request by its source's adapter, and what each answer makes of the
 * entry (see engine.c for the kinds of answers).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/alert.h"
#include "centinela/net/backoff.h"
#include "centinela/model/incident.h"
#include "centinela/net/http.h"
#include "centinela/store/alert.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/store/sync_state.h"
#include "centinela/sync/apply.h"
#include "engine_internal.h"

/* ---- the outbox ---- */

/* The method net sends for a driver's request. */
static enum net_method
net_method_of(enum feed_method m)
{
	switch (m) {
	case FEED_PATCH:
		return NET_PATCH;
	case FEED_DELETE:
		return NET_DELETE;
	case FEED_POST:
		break;
	}
	return NET_POST;
}

/* The neutral edit of o for its driver (borrowing from o and the ids). */
static void
edit_of(const struct outbox_entry *o, const char *remote_id, const char *target,
        struct outbox_edit *ed)
{
	memset(ed, 0, sizeof(*ed));
	ed->entity = o->entity;
	ed->op = o->operation;
	ed->fields = o->fields ? o->fields : "{}";
	ed->remote_id = remote_id;
	ed->base_version = o->base_version;
	ed->target_remote_id = target;
}

/*
 * Send o as the request its driver makes of it; target is the id at the
 * source of the incident a promote goes to. Fails (nothing sent) when
 * the driver cannot express the edit (ERR_INVALID: the analyst must see
 * it) or the cache cannot be read.
 */
static int
submit_push(struct sync_engine *eng, struct src_run *sr, struct outbox_entry *o,
            const char *target, struct err *e)
{
	char *source = NULL, *remote_id = NULL;
	int64_t version = 0;
	struct net_request req;
	struct feed_request freq;
	struct outbox_edit ed;
	struct strbuf url;
	struct job *job;
	size_t len;
	int rc;

	strbuf_init(&url);
	feed_request_init(&freq);
	rc = store_record_remote(eng->store, o->entity, o->entity_id, &source,
	                         &remote_id, &version, e);
	strbuf_adds(&url, sr->def.url);
	len = url.len;
	while (len && url.buf[len - 1] == '/')
		len--;
	strbuf_setlen(&url, len);
	if (!rc) {
		edit_of(o, remote_id, target, &ed);
		rc = sr->ops->edit_request(&ed, &freq, e);
	}
	/* an incident made by it may be at the server from now on */
	if (!rc)
		rc = store_outbox_mark_sent(eng->store, o, e);
	if (rc)
		goto out;
	strbuf_adds(&url, freq.path);
	job = xcalloc(1, sizeof(*job));
	job->eng = eng;
	job->src = (size_t)(sr - eng->src);
	job->kind = JOB_PUSH;
	job->entry = *o; /* the job takes the entry */
	outbox_entry_init(o);
	engine_request_for(sr, &req, url.buf);
	req.method = net_method_of(freq.method);
	req.body = freq.body;
	req.body_len = freq.body ? strlen(freq.body) : 0;
	req.idempotency_key = job->entry.key;
	req.if_match = freq.if_match;
	rc = net_submit(
	    eng->net, &req,
	    (struct net_callback){.done = engine_on_done, .ctx = job}, e);
	if (rc) {
		*o = job->entry;
		free(job);
	}
out:
	feed_request_release(&freq);
	free(source);
	free(remote_id);
	strbuf_release(&url);
	return rc;
}

/*
 * Record that o cannot be sent as it is (the analyst must see it):
 * failed, with why. False when that cannot be written: the pass has
 * failed with the reason (the entry stays pending, for the next pass).
 */
static bool
fail_entry(struct sync_engine *eng, struct src_run *sr,
           const struct outbox_entry *o, const char *why)
{
	struct err e;

	err_clear(&e);
	if (store_outbox_set_state(eng->store, o->id, OUTBOX_FAILED, why, 0,
	                           &e)) {
		char reason[SYNC_REASON_MAX];

		engine_copy_reason(reason, e.msg);
		engine_fail_pass(eng, sr, reason, 0);
		return false;
	}
	sr->rep.failed++;
	engine_notify(eng, sr, SYNC_CHANGED_OUTBOX, 0);
	return true;
}

/* Send the next entry due for sr, or end the pass. */
void
engine_push_next(struct sync_engine *eng, struct src_run *sr)
{
	struct outbox_entry o;
	char *target = NULL;
	struct err e;
	int rc;

	for (;;) {
		err_clear(&e);
		/*
		 * The thread keeps each entry's backoff; a blocking pass is
		 * the analyst asking now, and sends what is due at all.
		 */
		rc = store_outbox_next(eng->store, sr->def.name,
		                       eng->is_thread ? time_now() : INT64_MAX,
		                       &o, &e);
		if (rc) {
			outbox_entry_release(&o);
			if (rc == ERR_NOTFOUND) {
				sr->is_pushing = false;
				engine_pull_next(eng, sr);
				return;
			}
			engine_fail_pass(eng, sr, e.msg, 0);
			return;
		}
		engine_progress(eng, sr, "sending %s %s",
		                outbox_op_name(o.operation),
		                outbox_entity_name(o.entity));
		if (!feed_takes_writes(sr->ops))
			rc =
			    err_set(&e, ERR_INVALID,
			            "source '%s' (driver '%s') takes no writes",
			            sr->def.name, sr->ops->name);
		else
			rc = store_outbox_promote_target(eng->store, &o,
			                                 &target, &e);
		if (rc == 0)
			rc = submit_push(eng, sr, &o, target, &e);
		free(target);
		target = NULL;
		if (rc == 0)
			return;
		if (rc == ERR_DB || rc == ERR_NOMEM || rc == ERR_NET) {
			/* Here, not the entry: it waits for the next pass. */
			engine_fail_pass(eng, sr, e.msg, 0);
			outbox_entry_release(&o);
			return;
		}
		/* Cannot be sent as it is: the analyst must see it. */
		if (!fail_entry(eng, sr, &o, e.msg)) {
			outbox_entry_release(&o);
			return;
		}
		outbox_entry_release(&o);
	}
}

/* The list whose rows an edit of entity changes (enum sync_changed). */
static unsigned
changed_list(enum outbox_entity entity)
{
	return SYNC_CHANGED_LIST(entity == OUTBOX_ALERT ? STORE_ALERTS
	                                                : STORE_INCIDENTS);
}

/*
 * A promote's (or merge's) answer holds the incident the alert went to,
 * at the version the promote left it. For the incident the entry changes
 * (o->incident_id) the client knew a version: 0 for one made here by this
 * promote (the answer gives its id at the server, recorded now, so that
 * the promotes of the other alerts held back for it and its own edits can
 * go), else the version of its row. The incident's edits waiting in the
 * outbox were made on that version; when nobody else changed the incident
 * meanwhile (it is new, or the answer's version is the next one: the
 * server adds 1 at every change, centinela-api(7)), they are based on the
 * answer's version from now on, and so are later edits (the row's
 * version). Otherwise they meet the server's version as conflicts, as
 * they should. With no edit of its own left, the incident is in sync.
 */
static int
promoted_incident(struct sync_engine *eng, struct src_run *sr,
                  const struct outbox_entry *o, const struct incident *inc,
                  struct err *e)
{
	char *source = NULL, *remote = NULL;
	int64_t id = o->incident_id, known = 0, open = 0;
	bool is_new;
	int rc = 0;

	if (!inc->meta.remote_id)
		return 0;
	if (!id) {
		/* queued before schema 4: the incident the alert is in */
		struct alert a;

		alert_init(&a);
		rc = store_alert_get(eng->store, o->entity_id, &a, e);
		id = a.incident_id;
		alert_release(&a);
		if (rc || !id)
			return rc;
	}
	rc = store_record_remote(eng->store, OUTBOX_INCIDENT, id, &source,
	                         &remote, &known, e);
	if (rc == ERR_NOTFOUND) {
		rc = 0; /* gone from the cache: nothing to rebase */
		goto out;
	}
	if (rc || !source || strcmp(source, sr->def.name))
		goto out;
	is_new = !remote;
	if (remote && strcmp(remote, inc->meta.remote_id))
		goto out; /* the answer names another incident */
	if (is_new)
		rc = store_record_set_remote(eng->store, OUTBOX_INCIDENT, id,
		                             sr->def.name, inc->meta.remote_id,
		                             e);
	if (!rc && is_new && inc->reference)
		rc = sync_apply_take_reference(eng->store, id, inc->reference,
		                               e);
	if (!rc && (is_new || inc->meta.version == known + 1)) {
		rc = store_outbox_rebase_row(eng->store, OUTBOX_INCIDENT, id,
		                             known, inc->meta.version, e);
		if (!rc)
			rc = store_record_set_version(eng->store,
			                              OUTBOX_INCIDENT, id,
			                              inc->meta.version, e);
	}
	if (!rc && is_new)
		rc = store_outbox_open_for(eng->store, OUTBOX_INCIDENT, id,
		                           &open, e);
	if (!rc && is_new && !open)
		rc = store_record_set_state(eng->store, OUTBOX_INCIDENT, id,
		                            LOCAL_SYNCED, e);
out:
	free(source);
	free(remote);
	return rc;
}

/*
 * 2xx: the server took the entry; its object is the row's truth. Fails
 * (nothing written) when the answer cannot be read or stored: the caller
 * sends the entry again under its key.
 */
static int
push_accepted(struct sync_engine *eng, struct src_run *sr,
              const struct outbox_entry *o, struct net_response *r,
              struct err *e)
{
	const char *entity = outbox_entity_name(o->entity);
	struct feed_batch b;
	struct outbox_edit ed;
	struct sync_apply_result res;
	const struct record_meta *meta = NULL;
	bool is_create = o->operation == OUTBOX_CREATE;
	int64_t open = 0;
	int rc;

	memset(&res, 0, sizeof(res));
	feed_batch_init(&b);
	b.source = sr->def.name;
	b.max_bytes = (size_t)sr->def.max_size;
	edit_of(o, NULL, NULL, &ed);
	rc = sr->ops->edit_answer(&ed, r->body.buf, r->body.len, &b, e);
	if (!rc) {
		if (o->entity == OUTBOX_ALERT && b.n_alerts)
			meta = &b.alerts[0].meta;
		else if (o->entity != OUTBOX_ALERT && b.n_incidents)
			meta = &b.incidents[0].meta;
		else
			rc = err_set(e, ERR_PARSE,
			             "the server's answer holds no %s%s%s",
			             entity, b.n_errors ? ": " : "",
			             b.n_errors ? b.errors[0].message : "");
	}
	if (rc || !meta) {
		err_prefix(e, "answer to %s %s", outbox_op_name(o->operation),
		           entity);
		rc = rc ? rc : ERR_PARSE;
		goto out;
	}
	rc = store_begin(eng->store, e);
	if (rc)
		goto out;
	rc = store_outbox_set_state(eng->store, o->id, OUTBOX_DONE, NULL, 0, e);
	/*
	 * The later edits of the row made on the version this one was made
	 * on are now made on the server's new one, and so are those made
	 * from now on (the row keeps its fields, dirty, until its last edit
	 * is done).
	 */
	if (!rc)
		rc = store_outbox_rebase(eng->store, o, meta->version, e);
	if (!rc)
		rc = store_record_set_version(eng->store, o->entity,
		                              o->entity_id, meta->version, e);
	if (!rc && is_create && meta->remote_id)
		rc =
		    store_record_set_remote(eng->store, o->entity, o->entity_id,
		                            sr->def.name, meta->remote_id, e);
	if (!rc && is_create && o->entity == OUTBOX_INCIDENT && b.n_incidents &&
	    b.incidents[0].reference)
		rc = sync_apply_take_reference(eng->store, o->entity_id,
		                               b.incidents[0].reference, e);
	if (!rc && o->operation == OUTBOX_PROMOTE && b.n_incidents)
		rc = promoted_incident(eng, sr, o, &b.incidents[0], e);
	if (!rc)
		rc = store_outbox_open_for(eng->store, o->entity, o->entity_id,
		                           &open, e);
	/* The last of the row's edits: the server's object is the row. */
	if (!rc && open == 0) {
		rc = store_record_set_state(eng->store, o->entity, o->entity_id,
		                            LOCAL_SYNCED, e);
		if (!rc)
			rc = sync_apply_batch(eng->store, sr->def.name, &b,
			                      &res, e);
	}
	if (rc) {
		store_rollback(eng->store);
		goto out;
	}
	rc = store_commit(eng->store, e);
out:
	feed_batch_release(&b);
	return rc;
}

/*
 * Whether an answer leaves it unknown if the entry was applied, or says
 * to come back later: the entry is sent again under its key.
 */
static bool
is_retried(const struct net_response *r)
{
	return r->failure != NET_OK || r->status >= 500 || r->status == 429 ||
	       r->status == 408 || r->status == 401 || r->status < 200;
}

/*
 * Keep o pending, to be sent again after a backoff; the pass sends nothing
 * more and fails, after its pulls unless the server asked to wait.
 */
static void
push_again(struct sync_engine *eng, struct src_run *sr,
           const struct outbox_entry *o, const struct net_response *r,
           const char *reason)
{
	long ms = net_backoff_delay_ms((unsigned)o->attempts, BACKOFF_BASE_MS,
	                               BACKOFF_MAX_MS, &eng->rng);
	int64_t wait = (ms + 999) / 1000;
	struct err e;

	err_clear(&e);
	if (engine_retry_after(r) > wait)
		wait = engine_retry_after(r);
	if (store_outbox_set_state(eng->store, o->id, OUTBOX_PENDING, reason,
	                           time_now() + (wait > 1 ? wait : 1), &e)) {
		/* pending as it was, its backoff unrecorded: say why */
		char why[SYNC_REASON_MAX];

		engine_copy_reason(why, e.msg);
		engine_fail_pass(eng, sr, why, engine_retry_after(r));
		return;
	}
	if (engine_retry_after(r) > 0 || r->failure != NET_OK) {
		/* asked to wait, or not reachable: ask nothing more */
		engine_fail_pass(eng, sr, reason, engine_retry_after(r));
		return;
	}
	engine_copy_reason(sr->push_error, reason);
	sr->is_pushing = false;
	engine_notify(eng, sr, SYNC_CHANGED_OUTBOX, 0);
	engine_pull_next(eng, sr);
}

/*
 * 409/412: o conflicts with the server's copy; keep the server's object
 * (as the driver reads the answer) for the analyst, and mark the row.
 */
static int
push_conflict(struct sync_engine *eng, struct src_run *sr,
              const struct outbox_entry *o, const struct net_response *r,
              struct err *e)
{
	struct feed_api_error ae;
	char reason[SYNC_REASON_MAX];
	int rc;

	memset(&ae, 0, sizeof(ae));
	if (sr->ops->error_answer)
		sr->ops->error_answer(r->body.buf, r->body.len, &ae);
	engine_http_reason(sr, r, reason, sizeof(reason));
	rc = store_begin(eng->store, e);
	if (!rc)
		rc = store_outbox_set_conflict(eng->store, o->id, reason,
		                               ae.current, e);
	if (!rc && outbox_entity_is_row(o->entity))
		rc = store_record_set_state(eng->store, o->entity, o->entity_id,
		                            LOCAL_CONFLICT, e);
	if (!rc)
		rc = store_commit(eng->store, e);
	if (rc && store_in_transaction(eng->store))
		store_rollback(eng->store);
	feed_api_error_release(&ae);
	return rc;
}

void
engine_on_push(struct sync_engine *eng, struct src_run *sr, struct job *job,
               struct net_response *r)
{
	struct outbox_entry *o = &job->entry;
	char reason[SYNC_REASON_MAX];
	struct err e;

	err_clear(&e);
	if (!sr->in_pass)
		return;
	if (is_retried(r)) {
		/* Not applied, or not known to be: send it again later. */
		if (r->failure != NET_OK)
			engine_transfer_reason(r, reason, sizeof(reason));
		else
			engine_http_reason(sr, r, reason, sizeof(reason));
		push_again(eng, sr, o, r, reason);
		return;
	}
	engine_set_online(eng, sr, 0, 0);
	if (r->status >= 200 && r->status < 300) {
		if (push_accepted(eng, sr, o, r, &e)) {
			/*
			 * Applied, but its answer cannot be read (or kept):
			 * the same key again brings the answer the server
			 * stored, and applies nothing twice.
			 */
			engine_copy_reason(reason, e.msg);
			push_again(eng, sr, o, r, reason);
			return;
		}
		sr->rep.pushed++;
		engine_notify(eng, sr,
		              SYNC_CHANGED_OUTBOX | changed_list(o->entity), 0);
	} else if (r->status == 409 || r->status == 412) {
		if (push_conflict(eng, sr, o, r, &e)) {
			/*
			 * Not recorded: the entry stays pending, and the
			 * next pass meets the same refusal and tries again.
			 */
			engine_copy_reason(reason, e.msg);
			engine_fail_pass(eng, sr, reason, 0);
			return;
		}
		sr->rep.conflicts++;
		engine_notify(eng, sr,
		              SYNC_CHANGED_OUTBOX | changed_list(o->entity), 0);
	} else {
		/* Refused: final until the analyst retries or drops it. */
		engine_http_reason(sr, r, reason, sizeof(reason));
		if (!fail_entry(eng, sr, o, reason))
			return;
	}
	engine_push_next(eng, sr);
}
