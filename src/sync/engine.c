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
#include "engine_internal.h"

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

/* ---- messages and status ---- */

/* Copy a reason, cut on a UTF-8 boundary to fit SYNC_REASON_MAX. */
void
engine_copy_reason(char out[SYNC_REASON_MAX], const char *s)
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
void
engine_notify(struct sync_engine *eng, struct src_run *sr, unsigned changed,
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

void
engine_set_online(struct sync_engine *eng, struct src_run *sr, unsigned changed,
                  int64_t new_alerts)
{
	bool was = sr->status.state == SYNC_ONLINE;
	int64_t now = time_now();

	sr->status.state = SYNC_ONLINE;
	sr->status.reason[0] = '\0';
	sr->status.last_success = now;
	if (sr->has_hold)
		engine_hold_source(eng, sr, 0, NULL);
	/* Also every 10 s of quiet success, so the UI's age stays true. */
	if (!was || changed || now - sr->notified_success >= 10) {
		sr->notified_success = now;
		engine_notify(eng, sr, changed, new_alerts);
	}
}

void
engine_set_offline(struct sync_engine *eng, struct src_run *sr,
                   const char *reason)
{
	sr->status.state = SYNC_OFFLINE;
	engine_copy_reason(sr->status.reason, reason);
	engine_notify(eng, sr, 0, 0);
}

/* Why a transfer failed, for the status bar: "refused (...)". */
void
engine_transfer_reason(const struct net_response *r, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s", net_failure_name(r->failure),
	         r->message ? " (" : "", r->message ? r->message : "",
	         r->message ? ")" : "");
}

/*
 * "503 unavailable: server restarting" from an HTTP error answer, as the
 * source's driver reads its error bodies.
 */
void
engine_http_reason(const struct src_run *sr, const struct net_response *r,
                   char *out, size_t n)
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

/*
 * The server asked not to be asked before until (Retry-After): hold every
 * request of the source, here and (through the store) in any process.
 * until 0 lifts a hold that an answer proved over.
 */
void
engine_hold_source(struct sync_engine *eng, struct src_run *sr, int64_t until,
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
	engine_notify(eng, sr, 0, 0);
}

/* The pass ends: schedule the next one. */
void
engine_end_pass(struct sync_engine *eng, struct src_run *sr, bool is_failed,
                long retry_after)
{
	int64_t now = time_now();

	sr->in_pass = false;
	sr->is_pushing = false;
	sr->is_waiting = false;
	engine_csaf_free(sr);
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
			engine_hold_source(eng, sr, now + retry_after,
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
void
engine_record_failure(struct sync_engine *eng, struct src_run *sr,
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

void
engine_fail_pass(struct sync_engine *eng, struct src_run *sr,
                 const char *reason, long retry_after)
{
	if (!sr->is_pushing && sr->res_i < sr->def.resources.n)
		engine_record_failure(eng, sr, sr->def.resources.v[sr->res_i],
		                      reason);
	engine_set_offline(eng, sr, reason);
	engine_end_pass(eng, sr, true, retry_after);
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
			engine_copy_reason(sr->status.reason, reason);
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
	sr->is_waiting = false;
	sr->page_retries = 0;
	/* Read even when forced, so that a success lifts the hold. */
	if (load_hold(eng, sr) && !eng->is_forced) {
		/* Not contacted: the server named the time to come back. */
		if (!sr->status.reason[0])
			engine_copy_reason(sr->status.reason,
			                   "the server asked to wait");
		sr->in_pass = false;
		sr->status.state = SYNC_OFFLINE;
		sr->rep.is_failed = true;
		sr->rep.is_held = true;
		sr->rep.status = sr->status;
		sr->next_pass = sr->hold_until;
		sr->status.next_attempt = eng->is_thread ? sr->next_pass : 0;
		engine_notify(eng, sr, 0, 0);
		return;
	}
	sr->status.last_attempt = time_now();
	if (read_token(sr, &e)) {
		char reason[SYNC_REASON_MAX];

		engine_copy_reason(reason, e.msg);
		engine_fail_pass(eng, sr, reason, 0);
		return;
	}
	sr->is_pushing = true;
	engine_push_next(eng, sr);
}

/* The long-poll owns alerts once the first pass is done. */
bool
engine_is_long_polled(const struct sync_engine *eng, const struct src_run *sr,
                      const char *resource)
{
	return eng->is_thread && sr->def.wait > 0 && sr->has_passed &&
	       sr->ops->request_path && strcmp(resource, "alerts") == 0;
}

void
engine_progress(struct sync_engine *eng, struct src_run *sr, const char *fmt,
                ...)
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

/* Fill req's common parts for sr; url must outlive the submit. */
void
engine_request_for(struct src_run *sr, struct net_request *req, const char *url)
{
	net_request_init(req);
	req->url = url;
	req->token = sr->has_token ? sr->token.buf : NULL;
	req->token_header = sr->ops->token_header;
	req->ca_file = sr->def.ca_file;
	req->limits.connect_timeout_ms = (long)sr->def.connect_timeout * 1000;
	req->limits.total_timeout_ms = (long)sr->def.timeout * 1000;
	req->limits.low_speed_time_s = (long)sr->def.low_speed_time;
	req->limits.max_body = (size_t)sr->def.max_size;
}

/* ---- callbacks ---- */

void
engine_on_done(void *ctx, struct net_response *resp)
{
	struct job *job = ctx;
	struct sync_engine *eng = job->eng;
	struct src_run *sr = &eng->src[job->src];

	if (resp->failure != NET_CANCELLED) {
		switch (job->kind) {
		case JOB_PULL:
			engine_on_pull(eng, sr, job, resp);
			break;
		case JOB_LONG_POLL:
			engine_on_long_poll(eng, sr, job, resp);
			break;
		case JOB_PUSH:
			engine_on_push(eng, sr, job, resp);
			break;
		case JOB_CSAF:
			engine_on_csaf(eng, sr, job, resp);
			break;
		}
	} else if (job->kind == JOB_LONG_POLL) {
		sr->lp_running = false;
	}
	free(job->resource);
	free(job->cursor);
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
		engine_csaf_free(&eng->src[i]);
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
	engine_progress(eng, sr, "waiting %llds, as the server asked",
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
		while (any_in_pass(eng)) {
			if (net_run(eng->net, engine_pull_wait_ms(eng, TICK_MS),
			            e) < 0)
				return ERR_NET;
			engine_pull_due(eng);
		}
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

	engine_pull_due(eng); /* a rate limit's or a retry's wait is over */
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
				    engine_submit_pull(eng, sr, "alerts",
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
		wait_ms = engine_pull_wait_ms(eng, (int)wait_ms);
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
