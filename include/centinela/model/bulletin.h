/* An advisory or recommendation the CSIRT publishes to its constituents. */
#ifndef CENTINELA_MODEL_BULLETIN_H
#define CENTINELA_MODEL_BULLETIN_H

#include "centinela/base/strvec.h"
#include "centinela/model/record.h"

struct bulletin {
	struct record_meta meta; /* identity and sync state */
	char *reference;         /* e.g. "MX-BUL-2026-0007" (owned) */
	char *title;             /* (owned) */
	char *summary;           /* (owned, may be NULL) */
	char *body;              /* Markdown text (owned, may be NULL) */
	enum tlp tlp;            /* sharing limit */
	enum severity severity;  /* how urgent */
	char *status;            /* "draft" or "published" (owned) */
	int64_t published_at;    /* Unix seconds, 0: draft */
	struct strvec cve_ids;   /* CVEs it covers */
	struct strvec sectors;   /* sector codes it targets */
};

void bulletin_init(struct bulletin *b);
void bulletin_release(struct bulletin *b);

#endif
