/*
 * What the files of the sync engine share (engine.c: the passes, the
 * messages and the lifecycle; pull.c: the pages of a pass and the alerts
 * long-poll; push.c: the outbox). The state machine is drawn at the top
 * of engine.c. Not part of the library's interface.
 */
#ifndef CENTINELA_SYNC_ENGINE_INTERNAL_H
#define CENTINELA_SYNC_ENGINE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/rng.h"
#include "centinela/base/strbuf.h"
#include "centinela/feed/feed.h"
#include "centinela/net/http.h"
#include "centinela/store/outbox.h"
#include "centinela/sync/engine.h"

#define BACKOFF_BASE_MS 2000L
#define BACKOFF_MAX_MS  (10L * 60 * 1000)
#define TICK_MS         1000 /* the thread looks at its clocks this often */
#define PAGE_RETRIES    4    /* a page refused "too fast" asked again */
#define RATE_MARGIN_MS  250  /* a rate window taken this much wider */

enum job_kind {
	JOB_PULL,      /* a page of a pass */
	JOB_LONG_POLL, /* the alerts long-poll */
	JOB_PUSH,      /* an outbox entry */
	JOB_CSAF,      /* a request of a CSAF provider's walk */
};

struct csaf_walk;

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
	/*
	 * The pass's next request waits until due_ms (Unix ms): the
	 * source's rate limit, or the backoff before a page is asked again.
	 */
	bool is_waiting;
	int64_t due_ms;
	unsigned page_retries; /* the current page asked again so far */
	struct csaf_walk *walk; /* a CSAF provider's pass (owned), NULL */
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
	char *cursor;              /* pull: the cursor asked with (owned) */
	int64_t now;               /* pull: Unix s it was asked at */
};

/* engine.c: messages and status */
void engine_copy_reason(char out[SYNC_REASON_MAX], const char *s);
void engine_notify(struct sync_engine *eng, struct src_run *sr,
                   unsigned changed, int64_t new_alerts);
void engine_set_online(struct sync_engine *eng, struct src_run *sr,
                       unsigned changed, int64_t new_alerts);
void engine_set_offline(struct sync_engine *eng, struct src_run *sr,
                        const char *reason);
void engine_transfer_reason(const struct net_response *r, char *out, size_t n);
void engine_http_reason(const struct src_run *sr, const struct net_response *r,
                        char *out, size_t n);
/* A progress line of a blocking pass (nothing in the thread). */
void engine_progress(struct sync_engine *eng, struct src_run *sr,
                     const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* engine.c: the passes */
void engine_hold_source(struct sync_engine *eng, struct src_run *sr,
                        int64_t until, const char *reason);
void engine_end_pass(struct sync_engine *eng, struct src_run *sr,
                     bool is_failed, long retry_after);
void engine_record_failure(struct sync_engine *eng, struct src_run *sr,
                           const char *resource, const char *reason);
void engine_fail_pass(struct sync_engine *eng, struct src_run *sr,
                      const char *reason, long retry_after);
bool engine_is_long_polled(const struct sync_engine *eng,
                           const struct src_run *sr, const char *resource);
void engine_request_for(struct src_run *sr, struct net_request *req,
                        const char *url);
void engine_on_done(void *ctx, struct net_response *resp);

/* pull.c: the pages of a pass and the long-poll */
int engine_submit_pull(struct sync_engine *eng, struct src_run *sr,
                       const char *resource, enum job_kind kind, struct err *e);
void engine_pull_next(struct sync_engine *eng, struct src_run *sr);
/* Send the requests whose wait (is_waiting) is over. */
void engine_pull_due(struct sync_engine *eng);
/* ms until the first waiting request is due, at most cap (0: now). */
int engine_pull_wait_ms(const struct sync_engine *eng, int cap);
long engine_retry_after(const struct net_response *r);
void engine_on_pull(struct sync_engine *eng, struct src_run *sr,
                    struct job *job, struct net_response *r);
void engine_on_long_poll(struct sync_engine *eng, struct src_run *sr,
                         struct job *job, struct net_response *r);

/*
 * Whether sr may send a request now under its rate limit (then counted);
 * if not, the pass waits (is_waiting) and engine_pull_due resumes it.
 */
int engine_rate_allows(struct sync_engine *eng, struct src_run *sr,
                       bool *is_allowed, struct err *e);

/* csaf_walk.c: the pass of a CSAF provider (ops->is_provider) */
void engine_csaf_next(struct sync_engine *eng, struct src_run *sr);
void engine_on_csaf(struct sync_engine *eng, struct src_run *sr,
                    struct job *job, struct net_response *r);
void engine_csaf_free(struct src_run *sr);

/* push.c: the outbox, entry by entry */
void engine_push_next(struct sync_engine *eng, struct src_run *sr);
void engine_on_push(struct sync_engine *eng, struct src_run *sr,
                    struct job *job, struct net_response *r);

#endif
