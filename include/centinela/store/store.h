/*
 * The store: the offline cache in one SQLite file, and the only owner of
 * sqlite3 and sqlite3_stmt handles (they never leave src/store/).
 *
 * A store is one connection. Open runs the ordered migrations on
 * PRAGMA user_version inside a transaction, sets WAL, foreign_keys,
 * busy_timeout, journal_size_limit and SQLITE_DBCONFIG_DEFENSIVE, and makes
 * the file 0600 in a 0700 folder. Prepared statements are cached per
 * connection. One thread per store.
 *
 * A cache that can be read but not written (a read-only file system, a
 * file or folder the user may not write, a full disk) opens read-only:
 * reads work, and every write is refused with the reason. Failures to
 * open are worded by their cause; only a file that is no SQLite database
 * of ours is called "not a Centinela cache".
 */
#ifndef CENTINELA_STORE_STORE_H
#define CENTINELA_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct store;

#define STORE_SCHEMA_VERSION 14

enum store_open_flags {
	STORE_OPEN_READONLY = 1 << 0, /* no writes, no migration */
	STORE_OPEN_SYNC_NORMAL =
	    1 << 1, /* synchronous=NORMAL (sync thread); default FULL */
	STORE_OPEN_EXISTING = 1 << 2, /* never create the file or folders */
};

/*
 * Open or create the cache at path (":memory:" for tests). Creates missing
 * folders 0700 and the file 0600 (not with STORE_OPEN_EXISTING or
 * STORE_OPEN_READONLY: a missing file is ERR_NOTFOUND, "no cache at
 * 'PATH': ..."), migrates to STORE_SCHEMA_VERSION, and refuses a file whose
 * schema version this program does not know (newer: ERR_INVALID; negative,
 * or 0 on a file with tables: ERR_CORRUPT) or that is not a cache
 * (ERR_CORRUPT).
 *
 * Without STORE_OPEN_READONLY a cache that cannot be written is opened
 * read-only (store_is_readonly, store_unwritable_reason); with it, or then,
 * SQLite opens it with mode=ro, and immutable=1 where the WAL index cannot
 * be made beside it and no -wal file holds changes (a -wal that does is
 * refused, as reading without it would show an older cache). Other
 * failures return ERR_PERM (permission, read-only file system), ERR_IO
 * (disk full), ERR_DB (locked, other SQLite errors), with a message that
 * names the cause and what to do. On success *out is owned by the caller
 * (store_close).
 */
int store_open(const char *path, unsigned flags, struct store **out,
               struct err *e);
void store_close(struct store *s);

/*
 * Set the page cache of the connection to kib KiB (PRAGMA cache_size).
 * Open sets 64 MiB, which bulk imports need; a reader such as the console
 * sets a few MiB to keep its resident memory small. kib (positive) is
 * rounded up to a power of two from 1 MiB to 64 MiB.
 */
int store_set_cache_kib(struct store *s, int kib, struct err *e);

/*
 * From now until store_close, run the checkpoints of s's write-ahead log
 * on a thread and a connection of their own, after each commit, rather
 * than in the committing thread; a commit waits for one only when the log
 * holds max_frames pages or more. For bulk writers (imports): a commit
 * no longer waits for the copy into the database file and its fsyncs.
 * Nothing on a read-only or in-memory store, or when already running.
 * Returns 0, or ERR_DB / ERR_NOMEM with *e set (s is as before).
 */
int store_checkpoint_behind(struct store *s, int max_frames, struct err *e);

/* Whether s refuses writes: opened read-only, or it cannot be written. */
bool store_is_readonly(const struct store *s);

/*
 * Why a cache opened for writing was opened read-only ("cannot write
 * cache 'PATH': read-only file system; remount it read-write, ..."),
 * borrowed for the life of s; NULL when it is writable or read-only by
 * request. store_begin refuses with this message.
 */
const char *store_unwritable_reason(const struct store *s);

/* The schema version the file is at (PRAGMA user_version). */
int store_schema_version(struct store *s);

/*
 * Transactions. store_begin starts an immediate transaction; store_commit
 * commits it; store_rollback undoes it and never fails. Nesting is an error
 * (BUG). Every multi-row write (an import, a page of a pull, a local edit
 * with its outbox and audit entries) is one transaction.
 */
int store_begin(struct store *s, struct err *e);
int store_commit(struct store *s, struct err *e);
void store_rollback(struct store *s);
bool store_in_transaction(const struct store *s);

/* One table's name and row count, for `db check`. */
struct store_table_count {
	const char *table; /* static name */
	int64_t rows;      /* rows in it */
};

struct store_check {
	bool is_ok;         /* integrity and foreign keys fine */
	char *integrity;    /* "ok" or the problems found (owned) */
	int schema_version; /* user_version */
	struct store_table_count
	    *counts;     /* one per entity table (owned array) */
	size_t n_counts; /* entries in counts */
};

/* Run integrity_check and foreign_key_check and count rows. */
int store_check_run(struct store *s, struct store_check *out, struct err *e);
void store_check_release(struct store_check *c);

#endif
