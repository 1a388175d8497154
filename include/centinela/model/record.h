/*
 * What every synced entity carries: its local row id, where it came from
 * (source + remote_id, unique together), the server's version for conflict
 * detection, and its local sync state. Rows created locally (CSV import,
 * demo data) have source "local".
 */
#ifndef CENTINELA_MODEL_RECORD_H
#define CENTINELA_MODEL_RECORD_H

#include <stdint.h>

#include "centinela/model/enums.h"

#define RECORD_SOURCE_LOCAL "local"

struct record_meta {
	int64_t id;                   /* local rowid, 0 until stored */
	char *source;                 /* source name (owned), e.g. "central" */
	char *remote_id;              /* id at the source (owned), NULL: none */
	int64_t version;              /* server version, 0 when unknown */
	enum local_state local_state; /* synced, dirty or conflict */
	int64_t created_at;           /* Unix seconds, 0 when unknown */
	int64_t updated_at;           /* Unix seconds, 0 when unknown */
};

void record_meta_init(struct record_meta *m);
void record_meta_release(struct record_meta *m);

#endif
