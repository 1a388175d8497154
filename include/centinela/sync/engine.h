/*
 * The sync engine (DESIGN.md, "Threads" and "Offline and sync rules").
 *
 * An engine owns one struct net (one CURLM), its own store connection
 * (synchronous=NORMAL) and copies of the sources. It pulls each source's
 * resources page by page (net, then the feed adapter, then the store in
 * one transaction per page, a dirty row never overwritten), keeps the
 * cursor and ETag of each resource in sync_state, long-polls alerts when
 * the source asks for it, and replays the outbox FIFO per entity with the
 * idempotency key and If-Match. A 409/412 turns the entry into a conflict
 * holding the server's object; other 4xx fail it with the server's message
 * (it waits for the analyst: sync/outbox.h); 5xx, 429, transport failures
 * and 2xx answers that cannot be read retry with exponential backoff and
 * jitter under the same idempotency key. A Retry-After (429 or 503) holds
 * every request of the source until then, also for other processes (it is
 * kept in the store), unless a pass is forced.
 *
 * Two ways to run it:
 * - sync_engine_pass(): one blocking pass over some sources (the CLI's
 *   `centinela sync`): pull every resource until the server has no more,
 *   replay what the outbox holds for them, and report per source.
 * - sync_engine_start(): a thread that runs passes at each source's
 *   interval, keeps alert long-polls open, replays the outbox as soon as
 *   sync_engine_kick() says an edit was made, and writes struct sync_msg
 *   records to a pipe the UI thread polls. sync_engine_stop() ends it.
 *
 * Tokens are read from the token file (or environment variable) at the
 * start of every pass, so a fixed file is picked up without a restart; a
 * token file readable by group or others, or owned by someone else, fails
 * the source with a message saying how to fix it.
 */
#ifndef CENTINELA_SYNC_ENGINE_H
#define CENTINELA_SYNC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/store/list.h"
#include "centinela/sync/source.h"

struct err;
struct sync_engine;

/* The state of one source, as the status bar and `centinela sources` show it. */
enum sync_state_kind {
	SYNC_IDLE = 0, /* not tried yet */
	SYNC_ONLINE,   /* the last request got an answer it could use */
	SYNC_OFFLINE,  /* the last request failed: reason says why */
};

#define SYNC_REASON_MAX 160 /* bytes of a reason, with its NUL */
#define SYNC_SKIPS_MAX  5   /* malformed items a report names */
#define SYNC_SKIP_LEN   240 /* bytes of one, with its NUL */

/*
 * What a source did last. reason is short and lower-case, made for the
 * status bar: "dns", "refused", "tls", "401 unauthorized", "503", "timeout",
 * "stalled", "too large", "malformed response", "token file ...".
 */
struct sync_status {
	char source[SOURCE_NAME_MAX + 1]; /* source name */
	enum sync_state_kind state;       /* online or offline */
	char reason[SYNC_REASON_MAX];     /* why offline; "" when online */
	int64_t
	    last_success; /* Unix s of the last answered request, 0: never */
	int64_t last_attempt; /* Unix s of the last request, 0: never */
	int64_t next_attempt; /* Unix s of the next pass (thread), 0: none */
	/*
	 * Unix s before which the server asked not to be asked again
	 * (Retry-After on 429 or 503), 0: no such hold.
	 */
	int64_t held_until;
};

/*
 * What changed, for the UI's re-query (a bit mask): the rows of a list,
 * one bit per enum store_entity (SYNC_CHANGED_LIST), and the outbox.
 */
#define SYNC_CHANGED_LIST(ent) (1u << (unsigned)(ent))
enum sync_changed {
	/* outbox or conflicts changed; after the lists' bits */
	SYNC_CHANGED_OUTBOX = 1 << STORE_ENTITY_COUNT,
};
_Static_assert(STORE_ENTITY_COUNT < 31, "a bit per list in an unsigned");

/*
 * One message from the sync thread to the UI thread: written whole to the
 * pipe (its size is below PIPE_BUF, so a write is atomic) after every
 * source state change and every committed page or outbox change.
 */
struct sync_msg {
	struct sync_status status; /* the source's state after the event */
	unsigned changed;          /* mask of enum sync_changed */
	int64_t new_alerts;        /* alerts inserted by this event */
	int64_t outbox_pending;    /* entries pending or failed after it */
	int64_t failed;            /* of those, failed: the analyst must act */
	int64_t held;              /* pending behind a failed or conflict */
	int64_t conflicts;         /* entries in conflict after it */
	/*
	 * The highest rowid of an alert the thread inserted for this source
	 * so far (0: none). Rowids grow, so every alert the sync thread
	 * inserts has a rowid above those in the cache before: a reader that
	 * keeps the highest it saw finds the new alerts, even those of a
	 * message a full pipe dropped.
	 */
	int64_t last_alert_id;
};

/* Per source result of a pass. */
struct sync_report {
	struct sync_status status; /* state at the end of the pass */
	int64_t pages;             /* pages applied (200 answers) */
	int64_t not_modified;      /* 304 answers */
	int64_t inserted;          /* rows inserted */
	int64_t updated;           /* rows changed */
	int64_t retired;           /* CVEs that left the KEV catalog */
	/*
	 * Items not stored (bad items, unknown sector or owner). An item
	 * whose row the analyst changed is kept and counted neither new
	 * nor updated.
	 */
	int64_t skipped;
	/*
	 * The first SYNC_SKIPS_MAX of the items skipped because they were
	 * malformed, as the adapter names them ("item 3 (\"id\":
	 * \"CVE-2024-0001\"): field ..."; outside text, not sanitized),
	 * cut to SYNC_SKIP_LEN bytes.
	 */
	char skips[SYNC_SKIPS_MAX][SYNC_SKIP_LEN];
	size_t n_skips;
	int64_t pushed;    /* outbox entries the server accepted */
	int64_t conflicts; /* outbox entries that became conflicts */
	int64_t failed;    /* outbox entries the server refused */
	bool is_failed;    /* the source failed (reason in status) */
	/*
	 * The source was not asked at all: the server had asked to wait
	 * until status.held_until (is_failed is set too).
	 */
	bool is_held;
};

/*
 * A new engine over the cache at db_path (opened here, its own connection)
 * and copies of sources[0..n). Returns 0 or an ERR_* code.
 */
int sync_engine_new(const char *db_path, const struct sync_source *sources,
                    size_t n, struct sync_engine **out, struct err *e);
/* Stops the thread if it runs, then frees everything. */
void sync_engine_free(struct sync_engine *eng);

/* Progress of a pass, for a line on a terminal: what is being fetched. */
typedef void (*sync_progress_fn)(void *ctx, const char *source,
                                 const char *what);

/*
 * One blocking pass over the sources named in only[0..n_only) (n_only 0:
 * all), in the order defined. reports receives one entry per source passed
 * (owned array of *n_reports). Returns 0 when every source succeeded,
 * ERR_NET when at least one failed (see the reports), another ERR_* for a
 * local failure (unknown source name: ERR_NOTFOUND).
 */
int sync_engine_pass(struct sync_engine *eng, const char *const *only,
                     size_t n_only, sync_progress_fn progress, void *ctx,
                     struct sync_report **reports, size_t *n_reports,
                     struct err *e);

/*
 * Start the sync thread, which writes struct sync_msg records to
 * notify_fd (the write end of a pipe, ideally non-blocking; the engine
 * never closes it). Returns 0 or ERR_* (thread or pipe failure).
 */
int sync_engine_start(struct sync_engine *eng, int notify_fd, struct err *e);
/* Ask the thread to replay the outbox now (an edit was made). Any thread. */
void sync_engine_kick(struct sync_engine *eng);
/* Stop and join the thread (no-op when not started). */
void sync_engine_stop(struct sync_engine *eng);

/*
 * Make the blocking passes from now on ask the sources even when a
 * Retry-After holds them (`centinela sync --force`). A hold shorter than
 * SYNC_HOLD_WAIT_MAX seconds is waited out by a blocking pass anyway.
 */
void sync_engine_force(struct sync_engine *eng, bool is_forced);
#define SYNC_HOLD_WAIT_MAX 10

/* Short name of a state: "idle", "online", "offline". */
const char *sync_state_name(enum sync_state_kind k);

#endif
