/*
 * Checkpoints behind the writer: see store_checkpoint_behind in
 * include/centinela/store/store.h.
 *
 * In WAL mode every commit appends its pages to the -wal file, and a
 * checkpoint copies them into the database file and syncs both. SQLite
 * runs one in the committing thread once the log passes 1000 pages, so a
 * bulk writer (an NVD import, a commit of some 7000 pages per file) waits
 * at every commit for the copy and two fsyncs: about a tenth of its time.
 *
 * Here a thread of its own, on a connection of its own, runs a PASSIVE
 * checkpoint after each commit while the writer goes on with its next
 * transaction:
 *
 *      writer (the store's thread)        checkpointer (this file)
 *      ---------------------------        -------------------------
 *      COMMIT ------ asked++, signal ---> wakes; PASSIVE checkpoint of
 *      BEGIN; writes frames after the       the frames committed so far
 *        log's end                          (both files synced); done =
 *      COMMIT ------ asked++, signal ---->  the asked it started from
 *      ...
 *      COMMIT with the log past max_frames: waits until done == asked,
 *        so that its next BEGIN finds the log wholly copied and the
 *        first frame it writes starts the log again from its head.
 *
 * The log thus stays under max_frames plus one transaction, and the writer
 * waits for one checkpoint in every few commits instead of each.
 *
 * Meanwhile the writer commits with synchronous=NORMAL: a commit appends
 * to the log without waiting for the disk, and the checkpoints (their
 * connection's level is SQLite's FULL) sync the log before copying it, so
 * a commit is on disk once the checkpoint after it has run. A commit at
 * FULL waited for its fsync of the log, most of a file's worth of pages:
 * a tenth of an NVD import. A process killed loses nothing (the log is in
 * the system's cache); a power cut may lose the files committed since the
 * last checkpoint, never half of one. At the end the store's own level
 * comes back and one more checkpoint syncs what is left. A
 * checkpoint that fails (I/O error, out of memory) stops the thread; the
 * writer's next commit logs it once and hands checkpoints back to SQLite
 * (wal_autocheckpoint again), losing nothing: the frames stay in the log.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/store.h"
#include "internal.h"

struct checkpointer {
	pthread_t thread;    /* runs checkpointer_main */
	pthread_mutex_t mu;  /* guards the fields below, wal_frames aside */
	pthread_cond_t cv;   /* asked, done, failed or stop changed */
	sqlite3 *db;         /* its own connection to the file */
	unsigned long asked; /* commits the writer announced */
	unsigned long done;  /* the asked the last finished checkpoint began
	                         from: every frame committed then is copied */
	int max_frames;      /* past it, a commit waits for a checkpoint */
	int failed;          /* SQLite's code of a failed checkpoint, 0 */
	bool stop;           /* store_close: finish and leave */
	int sync_level;      /* the writer's PRAGMA synchronous before (0-3),
	                        -1: left as it was */
	int wal_frames;      /* the log's length after the writer's last commit
	                   (wal_hook): the writer's thread only, unguarded */
};

static void *
checkpointer_main(void *arg)
{
	struct checkpointer *c = arg;

	pthread_mutex_lock(&c->mu);
	while (!c->stop && !c->failed) {
		unsigned long from = c->asked;
		int log = 0, copied = 0, rc; /* the counts: unused */

		if (from == c->done) {
			pthread_cond_wait(&c->cv, &c->mu);
			continue;
		}
		pthread_mutex_unlock(&c->mu);
		rc = sqlite3_wal_checkpoint_v2(
		    c->db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
		pthread_mutex_lock(&c->mu);
		/* BUSY: another connection is checkpointing; it copies too */
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			c->failed = rc;
		c->done = from;
		pthread_cond_broadcast(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/*
 * After each commit of the writer, in its thread: the log's length. Set in
 * place of SQLite's own hook, the one that checkpoints past 1000 frames.
 */
static int
wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	((struct checkpointer *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

/* Join the thread and free c; the log's frames stay for SQLite. */
static void
checkpointer_free(struct checkpointer *c)
{
	pthread_mutex_lock(&c->mu);
	c->stop = true;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	sqlite3_close_v2(c->db);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/* Whether db reads its file in WAL mode (and has read it: see below). */
static bool
is_wal(sqlite3 *db)
{
	sqlite3_stmt *st;
	bool wal = false;

	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) !=
	    SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		wal = sqlite3_column_text(st, 0) &&
		      strcmp((const char *)sqlite3_column_text(st, 0), "wal") ==
		          0;
	sqlite3_finalize(st);
	return wal;
}

/* PRAGMA synchronous set to each level (it takes no bound parameter). */
static const char *const sync_sql[] = {
    "PRAGMA synchronous = OFF;",
    "PRAGMA synchronous = NORMAL;",
    "PRAGMA synchronous = FULL;",
    "PRAGMA synchronous = EXTRA;",
};

/* The writer's synchronous level, -1 when it cannot be read. */
static int
sync_level(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, "PRAGMA synchronous", NULL);
	int level = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		level = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	return level >= 0 && level <= 3 ? level : -1;
}

int
store_checkpoint_behind(struct store *s, int max_frames, struct err *e)
{
	const char *file = sqlite3_db_filename(s->db, "main");
	struct checkpointer *c;
	int rc;

	if (s->ckpt || s->is_readonly || !file || !*file)
		return 0; /* running, or nothing to checkpoint (memory) */
	if (s->in_tx)
		BUG("store_checkpoint_behind inside a transaction");
	c = xcalloc(1, sizeof(*c));
	c->max_frames = max_frames > 0 ? max_frames : 1;
	if (sqlite3_open_v2(file, &c->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		rc = err_set(
		    e, ERR_DB,
		    "cannot open cache '%s' a second time to checkpoint "
		    "it: %s",
		    s->path, c->db ? sqlite3_errmsg(c->db) : "no memory");
		sqlite3_close_v2(c->db);
		free(c);
		return rc;
	}
	sqlite3_busy_timeout(c->db, 5000);
	/*
	 * A connection learns that the file is in WAL mode on its first read;
	 * until then a checkpoint on it does nothing (and says -1 frames).
	 */
	if (!is_wal(c->db)) {
		sqlite3_close_v2(c->db);
		free(c);
		return 0;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (pthread_create(&c->thread, NULL, checkpointer_main, c) != 0) {
		sqlite3_close_v2(c->db);
		pthread_cond_destroy(&c->cv);
		pthread_mutex_destroy(&c->mu);
		free(c);
		return err_set(e, ERR_NOMEM,
		               "cannot start a thread to checkpoint cache '%s'",
		               s->path);
	}
	sqlite3_wal_hook(s->db, wal_hook, c);
	s->ckpt = c;
	c->sync_level = sync_level(s);
	if (c->sync_level > 1 && store_exec(s, sync_sql[1], NULL))
		c->sync_level = -1; /* left as it was */
	return 0;
}

/* Back to SQLite's own checkpoints (after a failure, or at the end). */
static void
hand_back(struct store *s)
{
	int level = s->ckpt->sync_level;
	struct err e;

	/* SQLite's hook again, in place of wal_hook */
	if (store_exec(s, "PRAGMA wal_autocheckpoint = 1000;", &e))
		log_msg(LOG_WARN, "%s", e.msg);
	checkpointer_free(s->ckpt);
	s->ckpt = NULL;
	/*
	 * The store's level again, and the commits since the last
	 * checkpoint synced by one more (it syncs the log first)
	 */
	if (level >= 0 &&
	    (store_exec(s, sync_sql[level], &e) ||
	     store_exec(s, "PRAGMA wal_checkpoint(PASSIVE);", &e)))
		log_msg(LOG_WARN, "%s", e.msg);
}

void
store_checkpoint_after_commit(struct store *s)
{
	struct checkpointer *c = s->ckpt;
	int failed;

	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->asked++;
	pthread_cond_broadcast(&c->cv);
	if (c->wal_frames >= c->max_frames) {
		unsigned long want = c->asked;

		while (c->done != want && !c->failed)
			pthread_cond_wait(&c->cv, &c->mu);
	}
	failed = c->failed;
	pthread_mutex_unlock(&c->mu);
	if (failed) {
		log_msg(LOG_WARN,
		        "cannot checkpoint cache '%s' behind the writer: %s; "
		        "checkpoints run at commit again",
		        s->path, sqlite3_errstr(failed));
		hand_back(s);
	}
}

void
store_checkpoint_stop(struct store *s)
{
	if (s->ckpt)
		hand_back(s);
}
