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

/* The URL of a page of resource after cursor at now (base URL + path). */
static int
pull_url(struct src_run *sr, const char *resource, const char *cursor,
         int64_t now, long wait, struct strbuf *url, struct err *e)
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
	rc = sr->ops->request_path(resource, cursor, now,
	                           (int)sr->def.page_size, url, e);
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
	int64_t now = time_now();
	int rc;

	sync_state_init(&st);
	strbuf_init(&url);
	rc = store_sync_state_get(eng->store, sr->def.name, resource, &st, e);
	if (rc == ERR_NOTFOUND)
		rc = 0;
	if (!rc)
		rc = pull_url(sr, resource, st.cursor, now, wait, &url, e);
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
	job->cursor = st.cursor ? xstrdup(st.cursor) : NULL;
	job->now = now;
	outbox_entry_init(&job->entry);
	rc = net_submit(
	    eng->net, &req,
	    (struct net_callback){.done = engine_on_done, .ctx = job}, e);
	if (rc) {
		free(job->cursor);
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

/*
 * The rate limit of sr: at most the result requests (0: none) in any
 * *window_ms. The source's rate= first, else the driver's public limit,
 * the higher one when a token (NVD's API key) goes with the requests.
 */
static int
rate_of(const struct src_run *sr, int64_t *window_ms)
{
	int64_t n = sr->def.rate_limit, w = sr->def.rate_window;

	if (n <= 0) {
		n = sr->has_token && sr->ops->rate_limit_token > 0
		        ? sr->ops->rate_limit_token
		        : sr->ops->rate_limit;
		w = sr->ops->rate_window;
	}
	*window_ms = w * 1000;
	return n > 0 && w > 0 ? (int)n : 0;
}

/*
 * Whether sr may ask now under its rate limit (the request is then
 * counted, in the store, for every process on the cache); if not, the
 * pass waits until it may (is_waiting). The window is taken RATE_MARGIN_MS
 * wider than the server's, for the clocks of the two ends; and two
 * requests go at least window / limit apart (6 s for 5 in 30 s), as NVD
 * asks its clients to pause between requests rather than burst.
 */
int
engine_rate_allows(struct sync_engine *eng, struct src_run *sr,
                   bool *is_allowed, struct err *e)
{
	int64_t window_ms, due = 0, now = time_now_ms();
	int limit = rate_of(sr, &window_ms);
	int rc;

	*is_allowed = true;
	if (!limit)
		return 0;
	rc = store_source_request_reserve(eng->store, sr->def.name, now, limit,
	                                  window_ms + RATE_MARGIN_MS,
	                                  window_ms / limit, &due, e);
	if (rc || !due)
		return rc;
	*is_allowed = false;
	sr->is_waiting = true;
	sr->due_ms = due;
	engine_progress(eng, sr, "waiting %.1fs: at most %d requests in %llds",
	                (double)(due - now) / 1000.0, limit,
	                (long long)(window_ms / 1000));
	return 0;
}

void
engine_pull_due(struct sync_engine *eng)
{
	int64_t now = time_now_ms();

	for (size_t i = 0; i < eng->n; i++) {
		struct src_run *sr = &eng->src[i];

		if (sr->in_pass && sr->is_waiting && now >= sr->due_ms) {
			sr->is_waiting = false;
			engine_pull_next(eng, sr);
		}
	}
}

int
engine_pull_wait_ms(const struct sync_engine *eng, int cap)
{
	int64_t now = time_now_ms(), ms = cap;

	for (size_t i = 0; i < eng->n; i++) {
		const struct src_run *sr = &eng->src[i];

		if (sr->in_pass && sr->is_waiting && sr->due_ms - now < ms)
			ms = sr->due_ms - now;
	}
	return ms > 0 ? (int)ms : 0;
}

/* Pull the current resource (or the next one), or end the pass. */
void
engine_pull_next(struct sync_engine *eng, struct src_run *sr)
{
	struct err e;
	bool is_allowed = true;
	int rc;

	if (sr->ops->is_provider) {
		engine_csaf_next(eng, sr);
		return;
	}
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
	rc = engine_rate_allows(eng, sr, &is_allowed, &e);
	if (!rc && !is_allowed)
		return; /* engine_pull_due sends it */
	if (!rc) {
		engine_progress(eng, sr, "%s page %lld",
		                sr->def.resources.v[sr->res_i],
		                (long long)sr->res_pages + 1);
		rc = engine_submit_pull(eng, sr, sr->def.resources.v[sr->res_i],
		                        JOB_PULL, &e);
	}
	if (rc) {
		char reason[SYNC_REASON_MAX];

		engine_copy_reason(reason, e.msg);
		engine_fail_pass(eng, sr, reason, 0);
	}
}

/*
 * st as a page applied leaves it: attempted now, and unless an incident
 * of the page was held (sync/apply.h), read up to its end: the page's
 * cursor (*cursor taken, or the batch's next), its validators, success.
 * A held page is read again from the same cursor at the next pass, after
 * the outbox; the other objects of the page are stored now, and written
 * again unchanged then.
 */
static void
page_state(struct sync_state *st, const struct src_run *sr,
           const char *resource, const struct net_response *r,
           const struct feed_batch *b, char **cursor, bool is_held)
{
	int64_t now = time_now();

	if (!st->source)
		st->source = xstrdup(sr->def.name);
	if (!st->resource)
		st->resource = xstrdup(resource);
	st->last_attempt_at = now;
	if (is_held)
		return;
	if (*cursor) {
		free(st->cursor);
		st->cursor = *cursor;
		*cursor = NULL;
	} else if (b->next_cursor && !sr->ops->page_cursor) {
		free(st->cursor);
		st->cursor = xstrdup(b->next_cursor);
	}
	free(st->etag);
	st->etag = r->etag ? xstrdup(r->etag) : NULL;
	free(st->last_modified);
	st->last_modified = r->last_modified ? xstrdup(r->last_modified) : NULL;
	st->last_success_at = now;
	free(st->last_error);
	st->last_error = NULL;
}

/*
 * The report's lines of what a page left out: the incidents held, then
 * the bad items' messages (each cut on a UTF-8 boundary to a line).
 */
static void
report_skips(struct src_run *sr, const struct feed_batch *b, int64_t held)
{
	if (held && sr->rep.n_skips < SYNC_SKIPS_MAX)
		snprintf(sr->rep.skips[sr->rep.n_skips++], SYNC_SKIP_LEN,
		         "%lld incident(s) for now: an incident made here "
		         "under the same reference was sent and its answer is "
		         "not known yet; sync again: the create is sent again "
		         "first, then they are pulled",
		         (long long)held);
	for (size_t i = 0; i < b->n_errors && sr->rep.n_skips < SYNC_SKIPS_MAX;
	     i++) {
		char *out = sr->rep.skips[sr->rep.n_skips++];
		size_t n = strlen(b->errors[i].message);

		if (n >= SYNC_SKIP_LEN) { /* cut on a UTF-8 boundary */
			n = SYNC_SKIP_LEN - 1;
			while (n && ((unsigned char)b->errors[i].message[n] &
			             0xC0) == 0x80)
				n--;
		}
		memcpy(out, b->errors[i].message, n);
		out[n] = '\0';
	}
}

/*
 * Parse a 200 and write it with the resource's new sync state in one
 * transaction. *has_more says whether another page waits; *changed
 * receives the lists whose rows it inserted or updated (enum
 * sync_changed: a SYNC_CHANGED_LIST bit of each).
 */
static int
apply_page(struct sync_engine *eng, struct src_run *sr, const struct job *job,
           struct net_response *r, bool *has_more, int64_t *new_alerts,
           unsigned *changed, struct err *e)
{
	const char *resource = job->resource;
	char *cursor = NULL;
	bool is_more = false;
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
	if (!rc && sr->ops->page_cursor)
		rc = sr->ops->page_cursor(resource, job->cursor, job->now, &b,
		                          &cursor, &is_more, e);
	else if (!rc)
		is_more = b.has_more && b.next_cursor && sr->ops->request_path;
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
		page_state(&st, sr, resource, r, &b, &cursor, res.held > 0);
		if (res.held)
			is_more = false;
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
	sr->rep.skipped += res.skipped + res.held + (int64_t)b.n_errors;
	report_skips(sr, &b, res.held);
	/* a fixed URL (no request_path) has no way to ask for a next page */
	*has_more = is_more;
	*new_alerts = res.new_alerts;
	if (res.last_alert_id > sr->last_alert_id)
		sr->last_alert_id = res.last_alert_id;
	*changed = res.lists; /* its bits are SYNC_CHANGED_LIST's */
out:
	free(cursor);
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

/*
 * A server that says "too fast, come back" with a status (NVD: 403 from
 * its firewall, 503) has the page asked again within the pass, after the
 * backoff (or its Retry-After, when short), PAGE_RETRIES times before the
 * pass fails. True when the page waits to be asked again.
 */
static bool
is_asked_again(struct sync_engine *eng, struct src_run *sr,
               const struct net_response *r)
{
	const int *st = sr->ops->retry_statuses;
	bool is_listed = false;
	long ms;

	if (!st || r->failure != NET_OK || sr->page_retries >= PAGE_RETRIES ||
	    engine_retry_after(r) > SYNC_HOLD_WAIT_MAX)
		return false;
	is_listed = r->status == 503;
	for (; *st; st++)
		is_listed |= *st == r->status;
	if (!is_listed)
		return false;
	ms = net_backoff_delay_ms(sr->page_retries++, BACKOFF_BASE_MS,
	                          BACKOFF_MAX_MS, &eng->rng);
	if (engine_retry_after(r) * 1000 > ms)
		ms = engine_retry_after(r) * 1000;
	sr->is_waiting = true;
	sr->due_ms = time_now_ms() + ms;
	engine_progress(eng, sr, "HTTP %d, asking again in %.1fs", r->status,
	                (double)ms / 1000.0);
	return true;
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
	if (is_asked_again(eng, sr, r))
		return;
	if (r->failure != NET_OK ||
	    (r->status != 304 && (r->status < 200 || r->status > 299))) {
		pull_failed(eng, sr, r);
		return;
	}
	sr->page_retries = 0;
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
	if (apply_page(eng, sr, job, r, &has_more, &new_alerts, &changed, &e)) {
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
	    apply_page(eng, sr, job, r, &has_more, &new_alerts, &changed, &e) ==
	        0) {
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
