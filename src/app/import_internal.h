/*
 * What src/app/import.c and src/app/import_ahead.c share: the JSON kinds'
 * adapters and pages, and the writer's side of the read-ahead.
 */
#ifndef CENTINELA_APP_IMPORT_INTERNAL_H
#define CENTINELA_APP_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/app/import.h"
#include "centinela/base/hash.h"

struct err;
struct feed_batch;
struct feed_ops;

/*
 * Objects of a streamed file applied at once (a page), as its reader
 * hands them over. The smaller the page, the sooner the writer starts on
 * a file (it waits for the first page) and the more of the file the two
 * threads work on together; the applier's cost per page stays small
 * beside 250 objects.
 */
#define IMPORT_STREAM_PAGE 250

/* The adapter and resource of each JSON kind, by enum import_kind. */
struct import_json {
	const struct feed_ops *ops; /* adapter (NULL: not JSON) */
	const char *resource;       /* what it parses */
};
extern const struct import_json import_json[];

/* Whether a kind's files are streamed (read ahead), not read whole. */
bool import_is_streamed(enum import_kind kind);

/* The objects (and bad items) parsed so far into b. */
size_t import_page_objects(const struct feed_batch *b);

/* ---- the writer's side of a read-ahead (import_ahead.c) ---- */

/* Whether r (or NULL) reads path next for the writer, and can. */
bool import_ahead_serves(struct import_ahead *r, enum import_kind kind,
                         const char *path);

/*
 * The next page of the file the writer is on into page (empty): true when
 * there is one, false when the file has ended (its result in *rc, its
 * error in e, the digest of its bytes in digest).
 */
bool import_ahead_next(struct import_ahead *r, struct feed_batch *page,
                       char digest[SHA256_HEX_LEN + 1], int *rc,
                       struct err *e);

/* Give a page applied back to the reader, which frees it; page is left
 * empty. */
void import_ahead_give_back(struct import_ahead *r, struct feed_batch *page);

/* Stop the reader: the writer failed. It serves no more files. */
void import_ahead_stop(struct import_ahead *r);

/* The writer is done with its file: the next one is the next file's. */
void import_ahead_file_done(struct import_ahead *r);

#endif
