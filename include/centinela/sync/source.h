/*
 * A source the sync engine pulls: what the `source` command declares
 * (app/source.h parses it). Plain data, copied into the engine.
 */
#ifndef CENTINELA_SYNC_SOURCE_H
#define CENTINELA_SYNC_SOURCE_H

#include <stdint.h>

#include "centinela/base/strvec.h"

#define SOURCE_NAME_MAX 40 /* bytes in a source name */

struct sync_source {
	char *name;       /* "central", as in sync_state (owned) */
	char *driver;     /* feed adapter name, e.g. "centinela" (owned) */
	char *url;        /* base URL, no trailing path needed (owned) */
	char *token_file; /* token file path (owned, may be NULL) */
	char *token_env;  /* token environment variable (owned, may be NULL) */
	char *ca_file;    /* extra CA bundle (owned, may be NULL) */
	struct strvec resources; /* resources pulled, in order */
	int64_t interval;        /* seconds between pulls */
	int64_t wait;            /* long-poll seconds for alerts, 0: none */
	int64_t page_size;       /* items asked per page */
	int64_t connect_timeout; /* seconds */
	int64_t low_speed_time;  /* seconds below 1 KB/s before aborting */
	int64_t timeout;         /* seconds for a whole transfer */
	int64_t max_size; /* response cap in bytes, after decompression */
	/*
	 * At most rate_limit requests in any rate_window seconds (rate=N/D;
	 * 0: the driver's public limit, if it has one).
	 */
	int64_t rate_limit;
	int64_t rate_window;
};

void sync_source_init(struct sync_source *src);
void sync_source_release(struct sync_source *src);
/* A deep copy of from into *to (initialised here). */
void sync_source_copy(struct sync_source *to, const struct sync_source *from);

#endif
