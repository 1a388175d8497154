/*
 * Reading ahead for imports: the files of a streamed kind (alerts,
 * incidents, NVD) read and parsed by a thread of their own while the
 * import writes. See include/centinela/app/import.h (import_ahead_start)
 * and import_internal.h (the writer's side).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/import.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/hash.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/store/vulnerability.h"
#include "import_internal.h"

/*
 * The files of a streamed kind (alerts, incidents, NVD) are read and
 * parsed by a thread of their own (struct import_ahead) while the import's
 * thread (import.c, import_stream) writes the pages it hands over, so that the parsing (a third of an NVD
 * import) runs beside the writing on another core. The reader takes its
 * files in order, one after the other, and does not wait for the writer
 * to finish a file before it starts on the next: while the writer ends a
 * file, commits its group and waits for the checkpoint after it (a
 * second, in an NVD import), the reader parses the files after it.
 *
 * Pages go through a queue of at most IMPORT_AHEAD_PAGES: the reader
 * waits while it is full, so that memory does not grow with the files.
 * Each page names its file, and the end of each file (its result, its
 * error, its digest) is noted once its last page is queued; a file that
 * cannot be read or parsed ends so, and the reader goes on. The reader
 * never touches the store. A writer that fails sets stop; the reader
 * then gives up at its next page, and the read-ahead serves no more
 * files.
 *
 * The writer gives each page it has applied back (spent), and the reader
 * frees it. malloc keeps the memory of each thread apart (an arena per
 * thread), and a free of another thread's memory takes that arena's lock:
 * the writer freeing the pages the reader parsed stalled on that lock
 * while the reader was allocating the next, a quarter of an NVD import's
 * wall time.
 */
/* 4,000 NVD records: an NVD import's peak memory 6 MB above one page's */
#define IMPORT_AHEAD_PAGES 16

/* A page of one file, handed over. */
struct page {
	struct feed_batch batch; /* the objects parsed */
	size_t file;             /* the index of its file in paths */
};

/* How a file's reading ended, once it has (is_done). */
struct file_end {
	bool is_done;                    /* its last page is queued */
	int rc;                          /* its result */
	struct err e;                    /* its error when rc != 0 */
	char sha256[SHA256_HEX_LEN + 1]; /* the digest of its bytes */
};

struct import_ahead {
	enum import_kind kind; /* what the files hold */
	struct strvec paths;   /* the files, in order (copies) */
	struct file_end *ends; /* one per file (owned array) */
	size_t taken;          /* the writer's: files it has taken whole */
	/* the reader thread's alone */
	size_t file;               /* the file being read */
	struct feed_batch filling; /* what the parser appends to */
	struct feed_stream *fs;    /* the file's parser */
	struct sha256 *sha;        /* the file's digest so far */
	/* guarded by mu */
	struct page queue[IMPORT_AHEAD_PAGES]; /* pages handed over: a ring */
	size_t head, n;           /* its first page, and its length */
	bool stop;                /* the writer failed, or free: give up */
	struct feed_batch *spent; /* pages applied, for the reader to free
	                              (owned array) */
	size_t n_spent, spent_alloc;
	pthread_mutex_t mu; /* guards the fields above and ends */
	pthread_cond_t cv;  /* signalled on each change of those */
	pthread_t thread;   /* runs ahead_main */
};

/* Move the page in src to dst (empty), leaving src empty, inputs kept. */
static void
batch_move(struct feed_batch *dst, struct feed_batch *src)
{
	*dst = *src;
	feed_batch_init(src);
	src->source = dst->source;
	src->max_bytes = dst->max_bytes;
}

/* Free the pages the writer gave back (the reader's, or at the end). */
static void
spent_free(struct import_ahead *r)
{
	struct feed_batch *spent;
	size_t n;

	pthread_mutex_lock(&r->mu);
	spent = r->spent;
	n = r->n_spent;
	r->spent = NULL;
	r->n_spent = r->spent_alloc = 0;
	pthread_mutex_unlock(&r->mu);
	for (size_t i = 0; i < n; i++)
		feed_batch_release(&spent[i]);
	free(spent);
}

void
import_ahead_give_back(struct import_ahead *r, struct feed_batch *page)
{
	pthread_mutex_lock(&r->mu);
	if (r->n_spent == r->spent_alloc) {
		r->spent_alloc = r->spent_alloc ? 2 * r->spent_alloc : 4;
		r->spent =
		    xreallocarray(r->spent, r->spent_alloc, sizeof(*r->spent));
	}
	batch_move(&r->spent[r->n_spent++], page);
	pthread_mutex_unlock(&r->mu);
}

/*
 * Queue the page filled so far; ERR_USAGE when the writer stopped. The
 * texts of its NVD records' details are made first, here rather than in
 * the writer's thread (store_vulnerability_prepare).
 */
static int
reader_hand_over(struct import_ahead *r)
{
	int rc = 0;

	spent_free(r);
	for (size_t i = 0; i < r->filling.n_vulnerabilities; i++)
		store_vulnerability_prepare(&r->filling.vulnerabilities[i]);
	pthread_mutex_lock(&r->mu);
	while (r->n == IMPORT_AHEAD_PAGES && !r->stop)
		pthread_cond_wait(&r->cv, &r->mu);
	if (r->stop) {
		rc = ERR_USAGE; /* not reported: the writer's error is */
	} else {
		struct page *p =
		    &r->queue[(r->head + r->n++) % IMPORT_AHEAD_PAGES];

		batch_move(&p->batch, &r->filling);
		p->file = r->file;
		pthread_cond_broadcast(&r->cv);
	}
	pthread_mutex_unlock(&r->mu);
	return rc;
}

/*
 * The bytes parsed between two looks at the page (some 30 NVD records):
 * a page is handed over once full, or sooner, with what it has, when the
 * writer has taken every page queued: the writer starts on a file after
 * its first few records instead of its first full page, and pages grow
 * to full ones as the reader gets ahead.
 */
#define IMPORT_PARSE_STEP ((size_t)64 << 10)

/* Whether the writer has taken every page queued. */
static bool
queue_is_empty(struct import_ahead *r)
{
	bool is_empty;

	pthread_mutex_lock(&r->mu);
	is_empty = r->n == 0;
	pthread_mutex_unlock(&r->mu);
	return is_empty;
}

/* One piece of a streamed file: hash it, parse it, hand full pages over. */
static int
stream_chunk(void *ctx, const char *buf, size_t len, struct err *e)
{
	struct import_ahead *r = ctx;
	int rc = 0;

	sha256_update(r->sha, buf, len);
	while (!rc && len) {
		size_t n = len < IMPORT_PARSE_STEP ? len : IMPORT_PARSE_STEP;

		if ((rc = feed_stream_push(r->fs, buf, n, e)))
			return err_prefix(e, "%s", r->paths.v[r->file]);
		buf += n;
		len -= n;
		if (import_page_objects(&r->filling) >= IMPORT_STREAM_PAGE ||
		    (import_page_objects(&r->filling) && queue_is_empty(r)))
			rc = reader_hand_over(r);
	}
	return rc;
}

/* Read file r->file whole, its last page queued: 0 or the error in e. */
static int
read_file(struct import_ahead *r, struct err *e)
{
	const char *path = r->paths.v[r->file];
	int rc;

	rc = feed_stream_open(import_json[r->kind].ops,
	                      import_json[r->kind].resource, &r->filling,
	                      &r->fs, e);
	if (rc == 0)
		rc = fs_read_chunks(path, IMPORT_JSON_MAX, stream_chunk, r, e);
	if (rc == 0 && (rc = feed_stream_finish(r->fs, e)) != 0)
		err_prefix(e, "%s", path);
	if (rc == 0)
		rc = reader_hand_over(r);
	feed_stream_free(r->fs);
	r->fs = NULL;
	/* a failed file's objects are not handed over */
	feed_batch_release(&r->filling);
	feed_batch_init(&r->filling);
	r->filling.source = RECORD_SOURCE_LOCAL;
	r->filling.max_bytes = IMPORT_JSON_MAX;
	return rc;
}

/* The reader thread: each file in turn, until the last or stop. */
static void *
ahead_main(void *arg)
{
	struct import_ahead *r = arg;
	bool stop = false;

	for (r->file = 0; r->file < r->paths.n && !stop; r->file++) {
		struct file_end *end = &r->ends[r->file];
		struct err e;
		int rc;

		err_clear(&e);
		r->sha = sha256_new();
		rc = read_file(r, &e);
		pthread_mutex_lock(&r->mu);
		end->rc = rc;
		end->e = e;
		sha256_final_hex(r->sha, end->sha256);
		end->is_done = true;
		stop = r->stop;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		r->sha = NULL;
	}
	return NULL;
}

int
import_ahead_start(enum import_kind kind, const char *const *paths, size_t n,
                   struct import_ahead **out, struct err *e)
{
	struct import_ahead *r;

	*out = NULL;
	if (!import_is_streamed(kind))
		return 0;
	r = xcalloc(1, sizeof(*r));
	r->kind = kind;
	strvec_init(&r->paths);
	for (size_t i = 0; i < n; i++)
		strvec_push(&r->paths, paths[i]);
	r->ends = xcalloc(n ? n : 1, sizeof(*r->ends));
	feed_batch_init(&r->filling);
	r->filling.source = RECORD_SOURCE_LOCAL;
	r->filling.max_bytes = IMPORT_JSON_MAX;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	if (pthread_create(&r->thread, NULL, ahead_main, r) != 0) {
		int rc =
		    err_set(e, ERR_NOMEM, "cannot start a thread to read '%s'",
		            n ? paths[0] : "");

		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		strvec_release(&r->paths);
		free(r->ends);
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void
import_ahead_free(struct import_ahead *r)
{
	if (!r)
		return;
	import_ahead_stop(r);
	pthread_join(r->thread, NULL);
	for (; r->n; r->n--, r->head = (r->head + 1) % IMPORT_AHEAD_PAGES)
		feed_batch_release(&r->queue[r->head].batch);
	spent_free(r);
	feed_batch_release(&r->filling);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	strvec_release(&r->paths);
	free(r->ends);
	free(r);
}

void
import_ahead_stop(struct import_ahead *r)
{
	pthread_mutex_lock(&r->mu);
	r->stop = true;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

bool
import_ahead_serves(struct import_ahead *r, enum import_kind kind,
                    const char *path)
{
	bool serves;

	if (!r || r->kind != kind || r->taken >= r->paths.n ||
	    strcmp(r->paths.v[r->taken], path) != 0)
		return false;
	pthread_mutex_lock(&r->mu);
	serves = !r->stop;
	pthread_mutex_unlock(&r->mu);
	return serves;
}

bool
import_ahead_next(struct import_ahead *r, struct feed_batch *page,
                  char digest[SHA256_HEX_LEN + 1], int *rc, struct err *e)
{
	struct file_end *end = &r->ends[r->taken];
	bool has_page;

	pthread_mutex_lock(&r->mu);
	while (!(r->n && r->queue[r->head].file == r->taken) && !end->is_done)
		pthread_cond_wait(&r->cv, &r->mu);
	has_page = r->n && r->queue[r->head].file == r->taken;
	if (has_page) {
		batch_move(page, &r->queue[r->head].batch);
		r->head = (r->head + 1) % IMPORT_AHEAD_PAGES;
		r->n--;
		pthread_cond_broadcast(&r->cv);
	} else {
		*rc = end->rc;
		if (end->rc && e)
			*e = end->e;
		memcpy(digest, end->sha256, SHA256_HEX_LEN + 1);
	}
	pthread_mutex_unlock(&r->mu);
	return has_page;
}

void
import_ahead_file_done(struct import_ahead *r)
{
	r->taken++;
}
