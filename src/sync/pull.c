/*
 * The sync engine's pull: the pages of each resource in a pass, applied
 * as they come, and the alerts long-poll (see engine.c for the state
 * machine).
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

/* The URL of a page of resource after cursor (base URL + the path). */
static int
pull_url(struct src_run *sr, const char *resource, const char *cursor,
         long wait, struct strbuf *url, struct err *e)
{
	size_t len;
	int rc;

	strbuf_adds(url, sr->def.url);
	if (!sr->ops->request_path)
		return 0; /* a fixed URL: the whole document */
	len = url->len;
	while (len && url->buf[len - 1] == '/')
		len--;
	strbuf_setlen(url, len);
	rc = sr->ops->request_path(resource, cursor, (int)sr->def.page_size,
	                           url, e);
	if (!rc && wait > 0)
		strbuf_addf(url, "%cwait=%ld",
		            strchr(url->buf, '?') ? '&' : '?', wait);
	return rc;
}

int
engine_submit_pull(struct sync_engine *eng, struct src_run *sr,
                   const char *resource, enum job_kind kind, struct err *e)
{
	struct sync_state st;
	struct net_request req;
	struct strbuf url;
	struct job *job;
	long wait = kind == JOB_LONG_POLL ? (long)sr->def.wait : 0;
	int rc;

	sync_state_init(&st);
	strbuf_init(&url);
	rc = store_sync_state_get(eng->store, sr->def.name, resource, &st, e);
	if (rc == ERR_NOTFOUND)
		rc = 0;
	if (!rc)
		rc = pull_url(sr, resource, st.cursor, wait, &url, e);
	if (rc)
		goto out;
	engine_request_for(sr, &req, url.buf);
	req.if_none_match = st.etag;
	req.if_modified_since = st.last_modified;
	req.long_poll_s = wait;
	job = xcalloc(1, sizeof(*job));
	job->eng = eng;
	job->src = (size_t)(sr - eng->src);
	job->kind = kind;
	job->resource = xstrdup(resource);
	job->had_error = st.last_error != NULL;
	outbox_entry_init(&job->entry);
	rc = net_submit(
	    eng->net, &req,
	    (struct net_callback){.done = engine_on_done, .ctx = job}, e);
	if (rc) {
		free(job->resource);
		free(job);
	}
out:
	strbuf_release(&url);
	sync_state_release(&st);
	return rc;
}

/*
 * Whether resource waits this pass: incidents, while an incident made
 * here may be at the server unknown to us (see the top of the file).
 */
static bool
is_deferred(struct sync_engine *eng, struct src_run *sr, const char *resource)
{
	int64_t n = 0;

	return strcmp(resource, "incidents") == 0 &&
	       store_outbox_unsettled_creations(eng->store, sr->def.name, &n,
	                                        NULL) == 0 &&
	       n > 0;
}

/* Pull the current resource (or the next one), or end the pass. */
void
engine_pull_next(struct sync_engine *eng, struct src_run *sr)
{
	struct err e;

	while (
	    sr->res_i < sr->def.resources.n &&
	    (engine_is_long_polled(eng, sr, sr->def.resources.v[sr->res_i]) ||
	     (sr->res_pages == 0 &&
	      is_deferred(eng, sr, sr->def.resources.v[sr->res_i]))))
		sr->res_i++;
	if (sr->res_i >= sr->def.resources.n) {
		if (sr->push_error[0])
			engine_fail_pass(eng, sr, sr->push_error, 0);
		else
			engine_end_pass(eng, sr, false, 0);
		return;
	}
	err_clear(&e);
	engine_progress(eng, sr, "%s page %lld", sr->def.resources.v[sr->res_i],
	                (long long)sr->res_pages + 1);
	if (engine_submit_pull(eng, sr, sr->def.resources.v[sr->res_i],
	                       JOB_PULL, &e)) {
		char reason[SYNC_REASON_MAX];

		engine_copy_reason(reason, e.msg);
		engine_fail_pass(eng, sr, reason, 0);
	}
}

/*
 * Parse a 200 and write it with the resource's new sync state in one
 * transaction. *has_more says whether another page waits; *changed
 * receives the lists whose rows it inserted or updated (enum
 * sync_changed: a SYNC_CHANGED_LIST bit of each).
 */
static int
apply_page(struct sync_engine *eng, struct src_run *sr, const char *resource,
           struct net_response *r, bool *has_more, int64_t *new_alerts,
           unsigned *changed, struct err *e)
{
	struct feed_batch b;
	struct sync_apply_result res;
	struct sync_state st;
	int rc;

	*has_more = false;
	*new_alerts = 0;
	*changed = 0;
	memset(&res, 0, sizeof(res));
	feed_batch_init(&b);
	sync_state_init(&st);
	b.source = sr->def.name;
	b.max_bytes = (size_t)sr->def.max_size;
	rc = sr->ops->parse(r->body.buf ? r->body.buf : "", r->body.len,
	                    resource, &b, e);
	if (rc) {
		err_prefix(e, "malformed %s from the server", resource);
		goto out;
	}
	rc = store_sync_state_get(eng->store, sr->def.name, resource, &st, e);
	if (rc == ERR_NOTFOUND)
		rc = 0;
	if (rc)
		goto out;
	rc = store_begin(eng->store, e);
	if (rc)
		goto out;
	rc = sync_apply_batch(eng->store, sr->def.name, &b, &res, e);
	if (!rc) {
		int64_t now = time_now();

		if (b.next_cursor) {
			free(st.cursor);
			st.cursor = xstrdup(b.next_cursor);
		}
		free(st.etag);
		st.etag = r->etag ? xstrdup(r->etag) : NULL;
		free(st.last_modified);
		st.last_modified =
		    r->last_modified ? xstrdup(r->last_modified) : NULL;
		if (!st.source)
			st.source = xstrdup(sr->def.name);
		if (!st.resource)
			st.resource = xstrdup(resource);
		st.last_success_at = now;
		st.last_attempt_at = now;
		free(st.last_error);
		st.last_error = NULL;
		rc = store_sync_state_put(eng->store, &st, e);
	}
	if (rc) {
		store_rollback(eng->store);
		goto out;
	}
	rc = store_commit(eng->store, e);
	if (rc)
		goto out;
	sr->rep.pages++;
	sr->rep.inserted += res.inserted;
	sr->rep.retired += res.retired;
	sr->rep.updated += res.updated;
	sr->rep.skipped += res.skipped + (int64_t)b.n_errors;
	/* a fixed URL (no request_path) has no way to ask for a next page */
	*has_more = b.has_more && b.next_cursor && sr->ops->request_path;
	*new_alerts = res.new_alerts;
	if (res.last_alert_id > sr->last_alert_id)
		sr->last_alert_id = res.last_alert_id;
	*changed = res.lists; /* its bits are SYNC_CHANGED_LIST's */
out:
	sync_state_release(&st);
	feed_batch_release(&b);
	return rc;
}

/* Retry-After of an answer, or 0. */
long
engine_retry_after(const struct net_response *r)
{
	return r->retry_after > 0 ? r->retry_after : 0;
}

/* A non-2xx, non-304 answer or a failed transfer: the pass fails. */
static void
pull_failed(struct sync_engine *eng, struct src_run *sr,
            const struct net_response *r)
{
	char reason[SYNC_REASON_MAX];

	if (r->failure != NET_OK)
		engine_transfer_reason(r, reason, sizeof(reason));
	else
		engine_http_reason(sr, r, reason, sizeof(reason));
	engine_fail_pass(eng, sr, reason, engine_retry_after(r));
}

void
engine_on_pull(struct sync_engine *eng, struct src_run *sr, struct job *job,
               struct net_response *r)
{
	bool has_more = false;
	unsigned changed = 0;
	int64_t new_alerts = 0;
	struct err e;

	if (!sr->in_pass)
		return;
	if (r->failure != NET_OK ||
	    (r->status != 304 && (r->status < 200 || r->status > 299))) {
		pull_failed(eng, sr, r);
		return;
	}
	if (r->status == 304) {
		/* Nothing to write, unless an old failure is to be cleared. */
		if (job->had_error)
			engine_record_failure(eng, sr, job->resource, NULL);
		sr->rep.not_modified++;
		engine_set_online(eng, sr, 0, 0);
		sr->res_i++;
		sr->res_pages = 0;
		engine_pull_next(eng, sr);
		return;
	}
	err_clear(&e);
	if (apply_page(eng, sr, job->resource, r, &has_more, &new_alerts,
	               &changed, &e)) {
		char reason[SYNC_REASON_MAX];

		engine_copy_reason(reason, e.msg);
		engine_fail_pass(eng, sr, reason, 0);
		return;
	}
	engine_set_online(eng, sr, changed, new_alerts);
	sr->res_pages++;
	if (!has_more) {
		sr->res_i++;
		sr->res_pages = 0;
	}
	engine_pull_next(eng, sr);
}

void
engine_on_long_poll(struct sync_engine *eng, struct src_run *sr,
                    struct job *job, struct net_response *r)
{
	bool has_more = false;
	unsigned changed = 0;
	int64_t new_alerts = 0, now = time_now();
	struct err e;

	sr->lp_running = false;
	err_clear(&e);
	if (r->failure == NET_CANCELLED)
		return;
	if (r->failure == NET_OK && r->status == 304) {
		sr->lp_failures = 0;
		sr->lp_next = now;
		engine_set_online(eng, sr, 0, 0);
		return;
	}
	if (r->failure == NET_OK && r->status >= 200 && r->status < 300 &&
	    apply_page(eng, sr, job->resource, r, &has_more, &new_alerts,
	               &changed, &e) == 0) {
		sr->lp_failures = 0;
		sr->lp_next = now;
		engine_set_online(eng, sr, changed, new_alerts);
		return;
	}
	/* A failed long-poll waits like a failed pass, and says why. */
	if (r->failure != NET_OK) {
		char reason[SYNC_REASON_MAX];

		engine_transfer_reason(r, reason, sizeof(reason));
		engine_set_offline(eng, sr, reason);
	} else if (r->status < 200 || r->status > 299) {
		char reason[SYNC_REASON_MAX];

		engine_http_reason(sr, r, reason, sizeof(reason));
		engine_set_offline(eng, sr, reason);
	} else {
		char reason[SYNC_REASON_MAX];

		engine_copy_reason(reason, e.msg);
		engine_set_offline(eng, sr, reason);
	}
	{
		long ms =
		    net_backoff_delay_ms(sr->lp_failures++, BACKOFF_BASE_MS,
		                         BACKOFF_MAX_MS, &eng->rng);
		int64_t wait = (ms + 999) / 1000;

		if (engine_retry_after(r) > wait)
			wait = engine_retry_after(r);
		sr->lp_next = now + (wait > 1 ? wait : 1);
		if (engine_retry_after(r) > 0)
			engine_hold_source(eng, sr, now + engine_retry_after(r),
			                   sr->status.reason);
	}
}
