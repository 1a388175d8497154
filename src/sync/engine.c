/*
 * The sync engine (see engine.h). Everything runs on one thread: the
 * caller's for sync_engine_pass, the sync thread's otherwise. Requests go
 * out through net_submit and come back in callbacks from net_run, which
 * advance a small state machine per source:
 *
 *   pass:  token -> push the outbox entry by entry -> pull resource 1
 *          page 1, 2, ... -> resource 2 ... -> done (next pass at interval)
 *
 * The outbox goes first so that an incident this client made, whose
 * create (or promote) the server applied while its answer was lost, is
 * known by its id before a pull brings it: pulled first, it would be
 * taken for another's incident and stored twice. While such an entry is
 * still unsettled (sent, answer unknown, not sent again in this pass), the
 * incidents are not pulled.
 *   long poll (thread only, alerts, wait > 0): one request always open,
 *          reissued as soon as it answers.
 *
 * A failure ends the pass: the source turns offline with the reason, the
 * next pass comes after a backoff with jitter (or Retry-After), and what
 * the cache holds stays as it was. A Retry-After (on 429 or 503) is also
 * written to the store (source_hold), so that no process asks that source
 * again before the time the server named, unless a pass is forced.
 *
 * Outbox answers fall in three kinds:
 * - not known to be applied or not: a transfer that failed (reset,
 *   timeout, truncated body), 5xx, 408, 429, 401, or a 2xx whose body
 *   cannot be read or written to the cache. The entry stays pending with
 *   its idempotency key and is sent again after a backoff (the server
 *   answers a replayed key with the answer it stored), and the pass fails;
 * - applied (2xx): the entry is done, the server's version is recorded on
 *   the row, and the later entries made on the version the entry was
 *   based on are rebased on the new one. The same goes for the incident a
 *   promote or merge changed (the answer holds it), when the answer's
 *   version is one past the one known here or the incident is new;
 * - refused: 409/412 make a conflict, other 4xx fail the entry with the
 *   server's message. Both wait for the analyst; the later entries of the
 *   same row or incident wait behind them (store_outbox_next).
 */
#include "centinela/sync/engine.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "centinela/base/rng.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/net/backoff.h"
#include "centinela/net/http.h"
#include "centinela/net/token.h"
#include "centinela/model/alert.h"
#include "centinela/model/incident.h"
#include "centinela/store/alert.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/store/sync_state.h"
#include "centinela/sync/apply.h"

#define BACKOFF_BASE_MS 2000L
#define BACKOFF_MAX_MS  (10L * 60 * 1000)
#define TICK_MS         1000 /* the thread looks at its clocks this often */

enum job_kind {
	JOB_PULL,      /* a page of a pass */
	JOB_LONG_POLL, /* the alerts long-poll */
	JOB_PUSH,      /* an outbox entry */
};

/* One source and what it is doing. */
struct src_run {
	struct sync_source def;     /* copy of the definition */
	const struct feed_ops *ops; /* its adapter */
	struct sync_status status;  /* what the UI and CLI see */
	struct sync_report rep;     /* this pass */
	struct strbuf token;        /* read at the start of each pass */
	bool has_token;             /* token holds a token */
	bool is_selected;           /* in the current blocking pass */
	bool in_pass;               /* a pass is running */
	bool is_pushing;            /* the pass is in the outbox */
	/* Why an entry of this pass must be sent again ("": none): the
	 * pass pulls anyway, then fails with it. */
	char push_error[SYNC_REASON_MAX];
	bool has_passed;          /* a pass completed once */
	bool has_hold;            /* source_hold holds a row for it */
	size_t res_i;             /* resource being pulled */
	int64_t res_pages;        /* pages of it applied in this pass */
	int64_t notified_success; /* last_success last sent to the UI */
	int64_t hold_until;       /* Retry-After: ask nothing before (Unix s) */
	int64_t next_pass;        /* Unix s (thread) */
	unsigned failures;        /* consecutive failed passes */
	bool lp_running;          /* long-poll request in flight */
	int64_t lp_next;          /* Unix s of the next long-poll */
	unsigned lp_failures;     /* consecutive long-poll failures */
	/* The highest rowid of an alert inserted (0: none), for the UI. */
	int64_t last_alert_id;
};

struct sync_engine {
	struct store *store;       /* the engine's own connection */
	struct net *net;           /* one CURLM */
	struct src_run *src;       /* the sources */
	size_t n;                  /* entries in src */
	struct rng rng;            /* jitter */
	bool is_thread;            /* running as the sync thread */
	int notify_fd;             /* thread: where messages go, -1: none */
	pthread_t thread;          /* the sync thread */
	bool is_started;           /* thread running */
	atomic_bool is_stopping;   /* asked to stop */
	atomic_bool is_kicked;     /* an edit waits in the outbox */
	bool is_forced;            /* blocking pass: ignore Retry-After holds */
	sync_progress_fn progress; /* blocking pass: progress callback */
	void *progress_ctx;        /* its context */
};

/* The context of one request in flight. */
struct job {
	struct sync_engine *eng;   /* owner */
	size_t src;                /* index in eng->src */
	enum job_kind kind;        /* what it is */
	char *resource;            /* pull, long poll: resource (owned) */
	struct outbox_entry entry; /* push: the entry sent */
	bool had_error;            /* pull: sync_state held an error */
};

const char *
sync_state_name(enum sync_state_kind k)
{
	switch (k) {
	case SYNC_ONLINE:
		return "online";
	case SYNC_OFFLINE:
		return "offline";
	case SYNC_IDLE:
		break;
	}
	return "idle";
}

static void hold_source(struct sync_engine *eng, struct src_run *sr,
                        int64_t until, const char *reason);

/* ---- messages and status ---- */

/* Copy a reason, cut on a UTF-8 boundary to fit SYNC_REASON_MAX. */
static void
copy_reason(char out[SYNC_REASON_MAX], const char *s)
{
	size_t n = strlen(s);

	if (n >= SYNC_REASON_MAX) {
		n = SYNC_REASON_MAX - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Tell the UI thread what happened (thread mode only). */
static void
notify(struct sync_engine *eng, struct src_run *sr, unsigned changed,
       int64_t new_alerts)
{
	struct sync_msg m;
	ssize_t w;

	if (!eng->is_thread || eng->notify_fd < 0)
		return;
	memset(&m, 0, sizeof(m));
	m.status = sr->status;
	m.changed = changed;
	m.new_alerts = new_alerts;
	m.last_alert_id = sr->last_alert_id;
	{
		struct outbox_counts c;

		if (store_outbox_counts(eng->store, NULL, &c, NULL) == 0) {
			m.outbox_pending = c.pending + c.failed;
			m.failed = c.failed;
			m.held = c.held;
			m.conflicts = c.conflicts;
		}
	}
	/* A full pipe drops the message: the next one carries the state. */
	do
		w = write(eng->notify_fd, &m, sizeof(m));
	while (w < 0 && errno == EINTR);
}

static void
set_online(struct sync_engine *eng, struct src_run *sr, unsigned changed,
           int64_t new_alerts)
{
	bool was = sr->status.state == SYNC_ONLINE;
	int64_t now = time_now();

	sr->status.state = SYNC_ONLINE;
	sr->status.reason[0] = '\0';
	sr->status.last_success = now;
	if (sr->has_hold)
		hold_source(eng, sr, 0, NULL);
	/* Also every 10 s of quiet success, so the UI's age stays true. */
	if (!was || changed || now - sr->notified_success >= 10) {
		sr->notified_success = now;
		notify(eng, sr, changed, new_alerts);
	}
}

static void
set_offline(struct sync_engine *eng, struct src_run *sr, const char *reason)
{
	sr->status.state = SYNC_OFFLINE;
	copy_reason(sr->status.reason, reason);
	notify(eng, sr, 0, 0);
}

/* Why a transfer failed, for the status bar: "refused (...)". */
static void
transfer_reason(const struct net_response *r, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s", net_failure_name(r->failure),
	         r->message ? " (" : "", r->message ? r->message : "",
	         r->message ? ")" : "");
}

/*
 * "503 unavailable: server restarting" from an HTTP error answer, as the
 * source's driver reads its error bodies.
 */
static void
http_reason(const struct src_run *sr, const struct net_response *r, char *out,
            size_t n)
{
	struct feed_api_error ae;

	memset(&ae, 0, sizeof(ae));
	if (sr->ops->error_answer &&
	    sr->ops->error_answer(r->body.buf, r->body.len, &ae) == 0 &&
	    (ae.code || ae.message))
		snprintf(out, n, "HTTP %d %s%s%s", r->status,
		         ae.code ? ae.code : "", ae.message ? ": " : "",
		         ae.message ? ae.message : "");
	else if (r->status == 401)
		snprintf(out, n, "HTTP 401 unauthorized: check the token");
	else
		snprintf(out, n, "HTTP %d", r->status);
	feed_api_error_release(&ae);
}

/* ---- passes ---- */

static void pull_next(struct sync_engine *eng, struct src_run *sr);
static void push_next(struct sync_engine *eng, struct src_run *sr);

/*
 * The server asked not to be asked before until (Retry-After): hold every
 * request of the source, here and (through the store) in any process.
 * until 0 lifts a hold that an answer proved over.
 */
static void
hold_source(struct sync_engine *eng, struct src_run *sr, int64_t until,
            const char *reason)
{
	struct err e;

	err_clear(&e);
	if (until <= 0 && !sr->has_hold)
		return;
	sr->hold_until = until > 0 ? until : 0;
	sr->status.held_until = sr->hold_until;
	sr->has_hold = until > 0;
	/* A write that fails leaves the hold to this process only. */
	store_source_hold_put(eng->store, sr->def.name, until, reason,
	                      time_now(), &e);
	notify(eng, sr, 0, 0);
}

/* The pass ends: schedule the next one. */
static void
end_pass(struct sync_engine *eng, struct src_run *sr, bool is_failed,
         long retry_after)
{
	int64_t now = time_now();

	sr->in_pass = false;
	sr->is_pushing = false;
	sr->rep.is_failed = is_failed;
	net_token_wipe(&sr->token);
	sr->has_token = false;
	if (!is_failed) {
		sr->failures = 0;
		sr->has_passed = true;
		sr->next_pass = now + sr->def.interval;
	} else {
		long ms = net_backoff_delay_ms(sr->failures++, BACKOFF_BASE_MS,
		                               BACKOFF_MAX_MS, &eng->rng);
		int64_t wait = (ms + 999) / 1000;

		/* Never slower than the interval, unless the server asks. */
		if (wait > sr->def.interval)
			wait = sr->def.interval;
		if (retry_after > wait)
			wait = retry_after;
		sr->next_pass = now + (wait > 1 ? wait : 1);
		if (retry_after > 0)
			hold_source(eng, sr, now + retry_after,
			            sr->status.reason);
	}
	sr->status.next_attempt = eng->is_thread ? sr->next_pass : 0;
	sr->rep.status = sr->status;
}

/*
 * Keep why resource failed in sync_state, for `centinela sources` (a
 * failure is worth a write; an unchanged source is not). reason NULL
 * clears a failure that a 304 proved over.
 */
static void
record_failure(struct sync_engine *eng, struct src_run *sr,
               const char *resource, const char *reason)
{
	struct sync_state st;
	struct err e;
	int rc;

	err_clear(&e);
	sync_state_init(&st);
	rc = store_sync_state_get(eng->store, sr->def.name, resource, &st, &e);
	/* never synced: get has named the pair already */
	if (rc == ERR_NOTFOUND)
		rc = 0;
	if (!rc) {
		free(st.last_error);
		st.last_error = reason ? xstrdup(reason) : NULL;
		st.last_attempt_at = time_now();
		if (!reason)
			st.last_success_at = st.last_attempt_at;
		store_sync_state_put(eng->store, &st, &e);
	}
	sync_state_release(&st);
}

static void
fail_pass(struct sync_engine *eng, struct src_run *sr, const char *reason,
          long retry_after)
{
	if (!sr->is_pushing && sr->res_i < sr->def.resources.n)
		record_failure(eng, sr, sr->def.resources.v[sr->res_i], reason);
	set_offline(eng, sr, reason);
	end_pass(eng, sr, true, retry_after);
}

static int
read_token(struct src_run *sr, struct err *e)
{
	strbuf_reset(&sr->token);
	sr->has_token = false;
	if (sr->def.token_file) {
		if (net_token_read(sr->def.token_file, &sr->token, e))
			return -1;
	} else if (sr->def.token_env) {
		if (net_token_from_env(sr->def.token_env, &sr->token, e))
			return -1;
	} else {
		return 0;
	}
	sr->has_token = true;
	return 0;
}

/*
 * Whether a hold recorded by any process keeps sr from asking now: read
 * from the store (another `centinela sync` may have met a Retry-After),
 * the reason the server gave taken as the source's.
 */
static bool
load_hold(struct sync_engine *eng, struct src_run *sr)
{
	int64_t until = 0, now = time_now();
	char *reason = NULL;
	struct err e;

	err_clear(&e);
	if (store_source_hold_get(eng->store, sr->def.name, &until, &reason,
	                          &e) == 0) {
		sr->has_hold = until > 0;
		if (until > sr->hold_until || until == 0)
			sr->hold_until = until;
		if (reason && until > now)
			copy_reason(sr->status.reason, reason);
	}
	free(reason);
	sr->status.held_until = sr->hold_until > now ? sr->hold_until : 0;
	return sr->hold_until > now;
}

static void
start_pass(struct sync_engine *eng, struct src_run *sr)
{
	struct err e;

	err_clear(&e);
	memset(&sr->rep, 0, sizeof(sr->rep));
	sr->in_pass = true;
	sr->is_pushing = false;
	sr->push_error[0] = '\0';
	sr->res_i = 0;
	sr->res_pages = 0;
	/* Read even when forced, so that a success lifts the hold. */
	if (load_hold(eng, sr) && !eng->is_forced) {
		/* Not contacted: the server named the time to come back. */
		if (!sr->status.reason[0])
			copy_reason(sr->status.reason,
			            "the server asked to wait");
		sr->in_pass = false;
		sr->status.state = SYNC_OFFLINE;
		sr->rep.is_failed = true;
		sr->rep.is_held = true;
		sr->rep.status = sr->status;
		sr->next_pass = sr->hold_until;
		sr->status.next_attempt = eng->is_thread ? sr->next_pass : 0;
		notify(eng, sr, 0, 0);
		return;
	}
	sr->status.last_attempt = time_now();
	if (read_token(sr, &e)) {
		char reason[SYNC_REASON_MAX];

		copy_reason(reason, e.msg);
		fail_pass(eng, sr, reason, 0);
		return;
	}
	sr->is_pushing = true;
	push_next(eng, sr);
}

/* The long-poll owns alerts once the first pass is done. */
static bool
is_long_polled(const struct sync_engine *eng, const struct src_run *sr,
               const char *resource)
{
	return eng->is_thread && sr->def.wait > 0 && sr->has_passed &&
	       sr->ops->request_path && strcmp(resource, "alerts") == 0;
}

static void progress(struct sync_engine *eng, struct src_run *sr,
                     const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
progress(struct sync_engine *eng, struct src_run *sr, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	if (!eng->progress)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	eng->progress(eng->progress_ctx, sr->def.name, what);
}

static void on_done(void *ctx, struct net_response *resp);

/* Fill req's common parts for sr; url must outlive the submit. */
static void
request_for(struct src_run *sr, struct net_request *req, const char *url)
{
	net_request_init(req);
	req->url = url;
	req->token = sr->has_token ? sr->token.buf : NULL;
	req->ca_file = sr->def.ca_file;
	req->limits.connect_timeout_ms = (long)sr->def.connect_timeout * 1000;
	req->limits.total_timeout_ms = (long)sr->def.timeout * 1000;
	req->limits.low_speed_time_s = (long)sr->def.low_speed_time;
	req->limits.max_body = (size_t)sr->def.max_size;
}

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

static int
submit_pull(struct sync_engine *eng, struct src_run *sr, const char *resource,
            enum job_kind kind, struct err *e)
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
	request_for(sr, &req, url.buf);
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
	rc = net_submit(eng->net, &req,
	                (struct net_callback){.done = on_done, .ctx = job}, e);
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
static void
pull_next(struct sync_engine *eng, struct src_run *sr)
{
	struct err e;

	while (sr->res_i < sr->def.resources.n &&
	       (is_long_polled(eng, sr, sr->def.resources.v[sr->res_i]) ||
	        (sr->res_pages == 0 &&
	         is_deferred(eng, sr, sr->def.resources.v[sr->res_i]))))
		sr->res_i++;
	if (sr->res_i >= sr->def.resources.n) {
		if (sr->push_error[0])
			fail_pass(eng, sr, sr->push_error, 0);
		else
			end_pass(eng, sr, false, 0);
		return;
	}
	err_clear(&e);
	progress(eng, sr, "%s page %lld", sr->def.resources.v[sr->res_i],
	         (long long)sr->res_pages + 1);
	if (submit_pull(eng, sr, sr->def.resources.v[sr->res_i], JOB_PULL,
	                &e)) {
		char reason[SYNC_REASON_MAX];

		copy_reason(reason, e.msg);
		fail_pass(eng, sr, reason, 0);
	}
}

static unsigned
changed_bit(const char *resource)
{
	if (strcmp(resource, "organizations") == 0)
		return SYNC_CHANGED_ORGANIZATIONS;
	if (strcmp(resource, "assets") == 0)
		return SYNC_CHANGED_ASSETS;
	if (strcmp(resource, "alerts") == 0)
		return SYNC_CHANGED_ALERTS;
	if (strcmp(resource, "incidents") == 0)
		return SYNC_CHANGED_INCIDENTS;
	return SYNC_CHANGED_VULNERABILITIES;
}

/*
 * Parse a 200 and write it with the resource's new sync state in one
 * transaction. *has_more says whether another page waits.
 */
static int
apply_page(struct sync_engine *eng, struct src_run *sr, const char *resource,
           struct net_response *r, bool *has_more, int64_t *new_alerts,
           bool *changed, struct err *e)
{
	struct feed_batch b;
	struct sync_apply_result res;
	struct sync_state st;
	int rc;

	*has_more = false;
	*new_alerts = 0;
	*changed = false;
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
	sr->rep.updated += res.updated;
	sr->rep.skipped += res.skipped + (int64_t)b.n_errors;
	*has_more = b.has_more && b.next_cursor;
	*new_alerts = res.new_alerts;
	if (res.last_alert_id > sr->last_alert_id)
		sr->last_alert_id = res.last_alert_id;
	*changed = res.inserted || res.updated;
out:
	sync_state_release(&st);
	feed_batch_release(&b);
	return rc;
}

/* Retry-After of an answer, or 0. */
static long
retry_after(const struct net_response *r)
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
		transfer_reason(r, reason, sizeof(reason));
	else
		http_reason(sr, r, reason, sizeof(reason));
	fail_pass(eng, sr, reason, retry_after(r));
}

static void
on_pull(struct sync_engine *eng, struct src_run *sr, struct job *job,
        struct net_response *r)
{
	bool has_more = false, changed = false;
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
			record_failure(eng, sr, job->resource, NULL);
		sr->rep.not_modified++;
		set_online(eng, sr, 0, 0);
		sr->res_i++;
		sr->res_pages = 0;
		pull_next(eng, sr);
		return;
	}
	err_clear(&e);
	if (apply_page(eng, sr, job->resource, r, &has_more, &new_alerts,
	               &changed, &e)) {
		char reason[SYNC_REASON_MAX];

		copy_reason(reason, e.msg);
		fail_pass(eng, sr, reason, 0);
		return;
	}
	set_online(eng, sr, changed ? changed_bit(job->resource) : 0,
	           new_alerts);
	sr->res_pages++;
	if (!has_more) {
		sr->res_i++;
		sr->res_pages = 0;
	}
	pull_next(eng, sr);
}

static void
on_long_poll(struct sync_engine *eng, struct src_run *sr, struct job *job,
             struct net_response *r)
{
	bool has_more = false, changed = false;
	int64_t new_alerts = 0, now = time_now();
	struct err e;

	sr->lp_running = false;
	err_clear(&e);
	if (r->failure == NET_CANCELLED)
		return;
	if (r->failure == NET_OK && r->status == 304) {
		sr->lp_failures = 0;
		sr->lp_next = now;
		set_online(eng, sr, 0, 0);
		return;
	}
	if (r->failure == NET_OK && r->status >= 200 && r->status < 300 &&
	    apply_page(eng, sr, job->resource, r, &has_more, &new_alerts,
	               &changed, &e) == 0) {
		sr->lp_failures = 0;
		sr->lp_next = now;
		set_online(eng, sr, changed ? SYNC_CHANGED_ALERTS : 0,
		           new_alerts);
		return;
	}
	/* A failed long-poll waits like a failed pass, and says why. */
	if (r->failure != NET_OK) {
		char reason[SYNC_REASON_MAX];

		transfer_reason(r, reason, sizeof(reason));
		set_offline(eng, sr, reason);
	} else if (r->status < 200 || r->status > 299) {
		char reason[SYNC_REASON_MAX];

		http_reason(sr, r, reason, sizeof(reason));
		set_offline(eng, sr, reason);
	} else {
		char reason[SYNC_REASON_MAX];

		copy_reason(reason, e.msg);
		set_offline(eng, sr, reason);
	}
	{
		long ms =
		    net_backoff_delay_ms(sr->lp_failures++, BACKOFF_BASE_MS,
		                         BACKOFF_MAX_MS, &eng->rng);
		int64_t wait = (ms + 999) / 1000;

		if (retry_after(r) > wait)
			wait = retry_after(r);
		sr->lp_next = now + (wait > 1 ? wait : 1);
		if (retry_after(r) > 0)
			hold_source(eng, sr, now + retry_after(r),
			            sr->status.reason);
	}
}

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
	rc =
	    store_record_remote(eng->store, outbox_entity_name(o->entity),
	                        o->entity_id, &source, &remote_id, &version, e);
	strbuf_adds(&url, sr->def.url);
	len = url.len;
	while (len && url.buf[len - 1] == '/')
		len--;
	strbuf_setlen(&url, len);
	if (!rc) {
		edit_of(o, remote_id, target, &ed);
		rc = sr->ops->edit_request(&ed, &freq, e);
	}
	if (rc)
		goto out;
	strbuf_adds(&url, freq.path);
	job = xcalloc(1, sizeof(*job));
	job->eng = eng;
	job->src = (size_t)(sr - eng->src);
	job->kind = JOB_PUSH;
	job->entry = *o; /* the job takes the entry */
	outbox_entry_init(o);
	request_for(sr, &req, url.buf);
	req.method = net_method_of(freq.method);
	req.body = freq.body;
	req.body_len = freq.body ? strlen(freq.body) : 0;
	req.idempotency_key = job->entry.key;
	req.if_match = freq.if_match;
	rc = net_submit(eng->net, &req,
	                (struct net_callback){.done = on_done, .ctx = job}, e);
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

		copy_reason(reason, e.msg);
		fail_pass(eng, sr, reason, 0);
		return false;
	}
	sr->rep.failed++;
	notify(eng, sr, SYNC_CHANGED_OUTBOX, 0);
	return true;
}

/* Send the next entry due for sr, or end the pass. */
static void
push_next(struct sync_engine *eng, struct src_run *sr)
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
				pull_next(eng, sr);
				return;
			}
			fail_pass(eng, sr, e.msg, 0);
			return;
		}
		progress(eng, sr, "sending %s %s", outbox_op_name(o.operation),
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
			fail_pass(eng, sr, e.msg, 0);
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

/* The pulled resource whose rows an edit of entity changes. */
static const char *
resource_of(enum outbox_entity entity)
{
	return entity == OUTBOX_ALERT ? "alerts" : "incidents";
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
	rc = store_record_remote(eng->store, "incident", id, &source, &remote,
	                         &known, e);
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
		rc = store_record_set_remote(eng->store, "incident", id,
		                             sr->def.name, inc->meta.remote_id,
		                             e);
	if (!rc && is_new && inc->reference)
		rc = sync_apply_take_reference(eng->store, id, inc->reference,
		                               e);
	if (!rc && (is_new || inc->meta.version == known + 1)) {
		rc = store_outbox_rebase_row(eng->store, OUTBOX_INCIDENT, id,
		                             known, inc->meta.version, e);
		if (!rc)
			rc = store_record_set_version(eng->store, "incident",
			                              id, inc->meta.version, e);
	}
	if (!rc && is_new)
		rc = store_outbox_open_for(eng->store, OUTBOX_INCIDENT, id,
		                           &open, e);
	if (!rc && is_new && !open)
		rc = store_record_set_state(eng->store, "incident", id,
		                            "synced", e);
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
		rc = store_record_set_version(eng->store, entity, o->entity_id,
		                              meta->version, e);
	if (!rc && is_create && meta->remote_id)
		rc = store_record_set_remote(eng->store, entity, o->entity_id,
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
		rc = store_record_set_state(eng->store, entity, o->entity_id,
		                            "synced", e);
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
	if (retry_after(r) > wait)
		wait = retry_after(r);
	if (store_outbox_set_state(eng->store, o->id, OUTBOX_PENDING, reason,
	                           time_now() + (wait > 1 ? wait : 1), &e)) {
		/* pending as it was, its backoff unrecorded: say why */
		char why[SYNC_REASON_MAX];

		copy_reason(why, e.msg);
		fail_pass(eng, sr, why, retry_after(r));
		return;
	}
	if (retry_after(r) > 0 || r->failure != NET_OK) {
		/* asked to wait, or not reachable: ask nothing more */
		fail_pass(eng, sr, reason, retry_after(r));
		return;
	}
	copy_reason(sr->push_error, reason);
	sr->is_pushing = false;
	notify(eng, sr, SYNC_CHANGED_OUTBOX, 0);
	pull_next(eng, sr);
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
	http_reason(sr, r, reason, sizeof(reason));
	rc = store_begin(eng->store, e);
	if (!rc)
		rc = store_outbox_set_conflict(eng->store, o->id, reason,
		                               ae.current, e);
	if (!rc && outbox_entity_is_row(o->entity))
		rc = store_record_set_state(eng->store,
		                            outbox_entity_name(o->entity),
		                            o->entity_id, "conflict", e);
	if (!rc)
		rc = store_commit(eng->store, e);
	if (rc && store_in_transaction(eng->store))
		store_rollback(eng->store);
	feed_api_error_release(&ae);
	return rc;
}

static void
on_push(struct sync_engine *eng, struct src_run *sr, struct job *job,
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
			transfer_reason(r, reason, sizeof(reason));
		else
			http_reason(sr, r, reason, sizeof(reason));
		push_again(eng, sr, o, r, reason);
		return;
	}
	set_online(eng, sr, 0, 0);
	if (r->status >= 200 && r->status < 300) {
		if (push_accepted(eng, sr, o, r, &e)) {
			/*
			 * Applied, but its answer cannot be read (or kept):
			 * the same key again brings the answer the server
			 * stored, and applies nothing twice.
			 */
			copy_reason(reason, e.msg);
			push_again(eng, sr, o, r, reason);
			return;
		}
		sr->rep.pushed++;
		notify(eng, sr,
		       SYNC_CHANGED_OUTBOX |
		           changed_bit(resource_of(o->entity)),
		       0);
	} else if (r->status == 409 || r->status == 412) {
		if (push_conflict(eng, sr, o, r, &e)) {
			/*
			 * Not recorded: the entry stays pending, and the
			 * next pass meets the same refusal and tries again.
			 */
			copy_reason(reason, e.msg);
			fail_pass(eng, sr, reason, 0);
			return;
		}
		sr->rep.conflicts++;
		notify(eng, sr,
		       SYNC_CHANGED_OUTBOX |
		           changed_bit(resource_of(o->entity)),
		       0);
	} else {
		/* Refused: final until the analyst retries or drops it. */
		http_reason(sr, r, reason, sizeof(reason));
		if (!fail_entry(eng, sr, o, reason))
			return;
	}
	push_next(eng, sr);
}

/* ---- callbacks ---- */

static void
on_done(void *ctx, struct net_response *resp)
{
	struct job *job = ctx;
	struct sync_engine *eng = job->eng;
	struct src_run *sr = &eng->src[job->src];

	if (resp->failure != NET_CANCELLED) {
		switch (job->kind) {
		case JOB_PULL:
			on_pull(eng, sr, job, resp);
			break;
		case JOB_LONG_POLL:
			on_long_poll(eng, sr, job, resp);
			break;
		case JOB_PUSH:
			on_push(eng, sr, job, resp);
			break;
		}
	} else if (job->kind == JOB_LONG_POLL) {
		sr->lp_running = false;
	}
	free(job->resource);
	outbox_entry_release(&job->entry);
	free(job);
}

/* ---- lifecycle ---- */

int
sync_engine_new(const char *db_path, const struct sync_source *sources,
                size_t n, struct sync_engine **out, struct err *e)
{
	struct sync_engine *eng = xcalloc(1, sizeof(*eng));
	int rc;

	*out = NULL;
	eng->notify_fd = -1;
	atomic_init(&eng->is_stopping, false);
	atomic_init(&eng->is_kicked, false);
	rng_seed(&eng->rng, (uint64_t)time_now() ^ (uint64_t)getpid());
	eng->src = xcalloc(n ? n : 1, sizeof(*eng->src));
	for (size_t i = 0; i < n; i++) {
		struct src_run *sr = &eng->src[i];

		sync_source_copy(&sr->def, &sources[i]);
		strbuf_init(&sr->token);
		snprintf(sr->status.source, sizeof(sr->status.source), "%s",
		         sr->def.name);
		sr->ops = feed_find(sr->def.driver);
		eng->n++;
		if (!sr->ops) {
			rc = err_set(e, ERR_INVALID,
			             "source '%s': unknown driver '%s'",
			             sr->def.name, sr->def.driver);
			goto fail;
		}
	}
	rc = net_global_init(e);
	if (!rc)
		rc =
		    store_open(db_path, STORE_OPEN_SYNC_NORMAL, &eng->store, e);
	if (rc)
		goto fail;
	eng->net = net_new(e);
	if (!eng->net) {
		rc = ERR_NET;
		goto fail;
	}
	*out = eng;
	return 0;
fail:
	sync_engine_free(eng);
	return rc;
}

void
sync_engine_free(struct sync_engine *eng)
{
	if (!eng)
		return;
	sync_engine_stop(eng);
	if (eng->net)
		net_free(eng->net);
	if (eng->store)
		store_close(eng->store);
	for (size_t i = 0; i < eng->n; i++) {
		net_token_wipe(&eng->src[i].token);
		strbuf_release(&eng->src[i].token);
		sync_source_release(&eng->src[i].def);
	}
	free(eng->src);
	free(eng);
}

static bool
any_in_pass(const struct sync_engine *eng)
{
	for (size_t i = 0; i < eng->n; i++)
		if (eng->src[i].in_pass)
			return true;
	return false;
}

/*
 * A blocking pass waits out a hold of a few seconds (a server restarting
 * says Retry-After: 1) rather than fail for it; a longer one ends the
 * pass unasked (start_pass).
 */
static void
wait_short_hold(struct sync_engine *eng, struct src_run *sr)
{
	int64_t now = time_now();

	if (eng->is_forced || !load_hold(eng, sr) ||
	    sr->hold_until - now > SYNC_HOLD_WAIT_MAX)
		return;
	progress(eng, sr, "waiting %llds, as the server asked",
	         (long long)(sr->hold_until - now));
	while (time_now() < sr->hold_until)
		usleep(100 * 1000);
}

void
sync_engine_force(struct sync_engine *eng, bool is_forced)
{
	eng->is_forced = is_forced;
}

int
sync_engine_pass(struct sync_engine *eng, const char *const *only,
                 size_t n_only, sync_progress_fn progress_fn, void *ctx,
                 struct sync_report **reports, size_t *n_reports, struct err *e)
{
	size_t n = 0;
	bool is_failed = false;

	*reports = NULL;
	*n_reports = 0;
	if (eng->is_started)
		return err_set(e, ERR_INVALID, "the sync thread is running");
	for (size_t k = 0; k < n_only; k++) {
		bool found = false;

		for (size_t i = 0; i < eng->n; i++)
			found |= strcmp(eng->src[i].def.name, only[k]) == 0;
		if (!found) {
			struct strbuf known;
			int rc;

			strbuf_init(&known);
			for (size_t i = 0; i < eng->n; i++)
				strbuf_addf(&known, "%s%s", i ? ", " : "",
				            eng->src[i].def.name);
			rc = err_set(e, ERR_NOTFOUND,
			             "unknown source '%s' (declared: %s)",
			             only[k], known.len ? known.buf : "none");
			strbuf_release(&known);
			return rc;
		}
	}
	eng->progress = progress_fn;
	eng->progress_ctx = ctx;
	for (size_t i = 0; i < eng->n; i++) {
		struct src_run *sr = &eng->src[i];

		sr->is_selected = n_only == 0;
		for (size_t k = 0; k < n_only; k++)
			sr->is_selected |= strcmp(sr->def.name, only[k]) == 0;
	}
	/* One source at a time, in the order they were declared. */
	for (size_t i = 0; i < eng->n; i++) {
		if (!eng->src[i].is_selected)
			continue;
		wait_short_hold(eng, &eng->src[i]);
		start_pass(eng, &eng->src[i]);
		while (any_in_pass(eng))
			if (net_run(eng->net, TICK_MS, e) < 0)
				return ERR_NET;
	}
	*reports = xcalloc(eng->n ? eng->n : 1, sizeof(**reports));
	for (size_t i = 0; i < eng->n; i++)
		if (eng->src[i].is_selected) {
			(*reports)[n++] = eng->src[i].rep;
			is_failed |= eng->src[i].rep.is_failed;
		}
	*n_reports = n;
	eng->progress = NULL;
	if (is_failed)
		return err_set(e, ERR_NET, "a source failed");
	return 0;
}

/* ---- the thread ---- */

static void
thread_tick(struct sync_engine *eng, int64_t *next_wake)
{
	int64_t now = time_now();
	bool kicked = atomic_exchange(&eng->is_kicked, false);

	for (size_t i = 0; i < eng->n; i++) {
		struct src_run *sr = &eng->src[i];
		int64_t due = 0;
		struct err e;

		err_clear(&e);
		/* An edit, or an entry whose backoff ended: push now. */
		if (!sr->in_pass && sr->has_passed &&
		    (kicked || (store_outbox_next_due(eng->store, sr->def.name,
		                                      &due, &e) == 0 &&
		                due <= now && sr->next_pass > due)))
			sr->next_pass = now;
		/* A Retry-After holds every request of the source. */
		if (now < sr->hold_until) {
			if (sr->hold_until < *next_wake)
				*next_wake = sr->hold_until;
			continue;
		}
		if (!sr->in_pass && now >= sr->next_pass)
			start_pass(eng, sr);
		if (!sr->in_pass && sr->next_pass < *next_wake)
			*next_wake = sr->next_pass;
		if (sr->def.wait > 0 && sr->has_passed && !sr->lp_running &&
		    sr->ops->request_path &&
		    strvec_find(&sr->def.resources, "alerts") >= 0) {
			if (now >= sr->lp_next) {
				if (read_token(sr, &e) == 0 &&
				    submit_pull(eng, sr, "alerts",
				                JOB_LONG_POLL, &e) == 0)
					sr->lp_running = true;
				else
					sr->lp_next = now + 5;
				if (!sr->in_pass)
					net_token_wipe(&sr->token);
			} else if (sr->lp_next < *next_wake) {
				*next_wake = sr->lp_next;
			}
		}
	}
}

static void *
thread_main(void *arg)
{
	struct sync_engine *eng = arg;
	struct err e;

	while (!atomic_load(&eng->is_stopping)) {
		int64_t next_wake = time_now() + 3600;
		int64_t wait_ms;

		thread_tick(eng, &next_wake);
		wait_ms = (next_wake - time_now()) * 1000;
		if (wait_ms > TICK_MS)
			wait_ms = TICK_MS;
		if (wait_ms < 0)
			wait_ms = 0;
		err_clear(&e);
		if (net_run(eng->net, (int)wait_ms, &e) < 0)
			usleep(100 * 1000);
	}
	net_cancel_all(eng->net);
	return NULL;
}

int
sync_engine_start(struct sync_engine *eng, int notify_fd, struct err *e)
{
	if (eng->is_started)
		return 0;
	eng->is_thread = true;
	eng->notify_fd = notify_fd;
	for (size_t i = 0; i < eng->n; i++) {
		eng->src[i].next_pass = 0;
		/* a hold another process met holds this thread too */
		load_hold(eng, &eng->src[i]);
	}
	atomic_store(&eng->is_stopping, false);
	if (pthread_create(&eng->thread, NULL, thread_main, eng) != 0) {
		eng->is_thread = false;
		return err_set(e, ERR_IO, "cannot start the sync thread: %s",
		               strerror(errno));
	}
	eng->is_started = true;
	return 0;
}

void
sync_engine_kick(struct sync_engine *eng)
{
	atomic_store(&eng->is_kicked, true);
	if (eng->net)
		net_wakeup(eng->net);
}

void
sync_engine_stop(struct sync_engine *eng)
{
	if (!eng->is_started)
		return;
	atomic_store(&eng->is_stopping, true);
	net_wakeup(eng->net);
	pthread_join(eng->thread, NULL);
	eng->is_started = false;
	eng->is_thread = false;
}
