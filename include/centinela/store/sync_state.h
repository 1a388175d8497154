/* Per source and resource: cursor, ETag, last success and error. */
#ifndef CENTINELA_STORE_SYNC_STATE_H
#define CENTINELA_STORE_SYNC_STATE_H

#include <stdint.h>

struct err;
struct store;

struct sync_state {
	char *source;            /* (owned) */
	char *resource;          /* "alerts", "kev", ... (owned) */
	char *cursor;            /* next since= value (owned, may be NULL) */
	char *etag;              /* (owned, may be NULL) */
	char *last_modified;     /* (owned, may be NULL) */
	int64_t last_success_at; /* Unix seconds, 0: never */
	int64_t last_attempt_at; /* Unix seconds, 0: never */
	char *last_error;        /* (owned, may be NULL) */
};

void sync_state_init(struct sync_state *st);
void sync_state_release(struct sync_state *st);

/*
 * Read; a pair never synced gives ERR_NOTFOUND with *out initialised and
 * its source and resource set (release it either way).
 */
int store_sync_state_get(struct store *s, const char *source,
                         const char *resource, struct sync_state *out,
                         struct err *e);
/* Insert or replace the whole row. */
int store_sync_state_put(struct store *s, const struct sync_state *st,
                         struct err *e);

/*
 * A source's hold: the time before which the server asked not to be asked
 * again (Retry-After on 429 or 503), kept so that another process's sync
 * honours it. *until 0 when none; *reason (optional, owned, may be NULL)
 * what the server answered.
 */
int store_source_hold_get(struct store *s, const char *source, int64_t *until,
                          char **reason, struct err *e);
/* Record source's hold until (Unix s), set at now; until <= 0 clears it. */
int store_source_hold_put(struct store *s, const char *source, int64_t until,
                          const char *reason, int64_t now, struct err *e);

/*
 * A rolling-window rate limit shared by every process on the cache: may a
 * request to source go at now_ms (Unix ms), given at most limit requests
 * in any window_ms and at least spacing_ms between two? When it may, it
 * is recorded as made at now_ms and *due_ms is 0; when not, nothing is
 * written and *due_ms is the first time it may (one transaction, so two
 * processes cannot both take the last place). limit must be positive.
 */
int store_source_request_reserve(struct store *s, const char *source,
                                 int64_t now_ms, int limit, int64_t window_ms,
                                 int64_t spacing_ms, int64_t *due_ms,
                                 struct err *e);

/*
 * What a `csaf` source imported (sync/csaf_walk.c): per document URL, the
 * "updated" its provider listed when it was stored. *updated (owned) is
 * NULL when the document was never stored. Returns 0 or ERR_DB.
 */
int store_csaf_seen_get(struct store *s, const char *source, const char *url,
                        char **updated, struct err *e);
int store_csaf_seen_put(struct store *s, const char *source, const char *url,
                        const char *updated, struct err *e);

#endif
