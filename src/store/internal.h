/*
 * What the files of src/store/ share and nothing else sees: the struct
 * store, the prepared-statement cache and small binding helpers.
 *
 * Statements come from store_stmt(), which keeps one prepared statement per
 * distinct SQL text for the life of the connection, and hands it back reset
 * with its bindings cleared. The caller binds, steps and leaves it; never
 * finalize a cached statement.
 */
#ifndef CENTINELA_STORE_INTERNAL_H
#define CENTINELA_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/store/exposure_alert.h"
#include "centinela/store/store.h"

struct err;
struct strbuf;

#define STORE_RECENT_STMTS 64 /* text pointers remembered by store_stmt */

struct stmt_slot {
	char *sql;        /* SQL text, owned: the cache key */
	uint64_t hash;    /* FNV-1a of sql */
	sqlite3_stmt *st; /* the prepared statement */
};

/*
 * A break of the audit chain that an append found inside its caller's
 * transaction, which is then rolled back: recorded after the rollback
 * (store_audit_after_rollback), so that the next change need not walk the
 * chain again to learn it.
 */
struct audit_found {
	int64_t id;                         /* first broken entry, 0: none */
	int64_t mark_id;                    /* the verification mark it was
	                                       found from */
	char mark_hash[SHA256_HEX_LEN + 1]; /* that mark's hash */
	char msg[ERR_MSG_MAX];              /* what is wrong with it */
};

struct store {
	sqlite3 *db;                    /* the connection */
	char *path;                     /* file path as opened (owned) */
	bool is_readonly;               /* refuses writes: asked to, or cannot */
	char *unwritable;               /* why a cache opened for writing refuses
	                                   writes (owned), NULL when it does not */
	int unwritable_cause;           /* that enum store_cause, and its errno */
	int unwritable_errno;
	bool in_tx;                     /* inside store_begin/commit */
	int fail_rc;                    /* extended code of the last SQLite failure
	                                   noted by store_exec or store_db_err */
	int fail_errno;                 /* the OS error behind it, or 0 */
	struct stmt_slot *slots;        /* open-addressing cache of statements */
	struct stmt_slot *recent[STORE_RECENT_STMTS]; /* the slot last found
	                                   for a text pointer (store_stmt) */
	size_t n_slots;                 /* capacity (power of two) */
	size_t n_used;                  /* slots in use */
	struct audit_found audit_found; /* a break to record after rollback */
	struct store_exposure_tally exposure_tally; /* exposure alerts raised */
	struct expo_cache *expo;        /* what matching gathered in the
	                                   transaction (src/store/exposure.c) */
	struct expo_added *expo_added;  /* exposures inserted in the
	                                   transaction, by sector, not yet in
	                                   exposure_tally (exposure.c) */
	struct checkpointer *ckpt;      /* checkpoints behind the writer
	                                   (src/store/checkpoint.c), or NULL */
};

/*
 * A cached statement for sql, reset and unbound, or NULL with *e set
 * (ERR_DB naming the failing SQL's first words and SQLite's message).
 */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct err *e);

/* Fill *e with ERR_DB: "WHAT: <sqlite message>". Returns ERR_DB. */
int store_db_err(struct store *s, struct err *e, const char *what);

/*
 * Checkpoints behind the writer (src/store/checkpoint.c): after each
 * commit, and at close (back to SQLite's own; nothing when not running).
 */
void store_checkpoint_after_commit(struct store *s);
void store_checkpoint_stop(struct store *s);

/* Run sql (no result rows, no parameters) directly. */
int store_exec(struct store *s, const char *sql, struct err *e);

/* Step a statement that must finish with SQLITE_DONE; resets it. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what,
                    struct err *e);

/* Bind text or NULL (for a NULL pointer); SQLITE_TRANSIENT copy. */
int store_bind_text(sqlite3_stmt *st, int idx, const char *v);
/* Bind an integer, or NULL when v == 0 and is_zero_null. */
int store_bind_int(sqlite3_stmt *st, int idx, int64_t v, bool is_zero_null);

/* Column as an owned string, NULL for SQL NULL. */
char *store_col_text(sqlite3_stmt *st, int col);

/*
 * Multi-statement writes are atomic whether or not the caller holds a
 * transaction: store_tx_enter begins one when none is open (*is_own says
 * so), store_tx_leave commits it when rc is 0 or rolls it back otherwise,
 * and leaves a caller's transaction alone. Returns rc, or the commit's
 * error.
 */
int store_tx_enter(struct store *s, bool *is_own, struct err *e);
int store_tx_leave(struct store *s, bool is_own, int rc, struct err *e);

/*
 * Called by store_rollback after a ROLLBACK: records the break an append
 * found (s->audit_found) in a transaction of its own (src/store/audit.c).
 */
void store_audit_after_rollback(struct store *s);

/*
 * Schema version 11 (src/store/schema_checks.c): store_checks_rewrite
 * returns sql (a table's definition) with each CHECK (COLUMN IN (three
 * literals or more)) written as COLUMN = LITERAL OR ... (owned), or NULL
 * when it has none; store_migrate_checks rewrites the tables' definitions
 * so, inside the migration's transaction.
 */
char *store_checks_rewrite(const char *sql);
int store_migrate_checks(struct store *s, struct err *e);

/*
 * Register the SQL functions of CPE names on the connection (src/store/
 * exposure.c): cpe_key(NAME, FIELD), the part (0), vendor (1) or product
 * (2) of NAME's key (model/cpe.h cpe_name_key), NULL when not keyed; and
 * vuln_match_plain(CONFIGS, CPES) (vuln_internal.h).
 */
int store_cpe_functions(struct store *s, struct err *e);

/*
 * Register the SQL function of the lists' words (src/store/fts_words.c):
 * fts_words(QUERY, TEXT...), whether the texts hold the words of an FTS5
 * query as the lists write them, by the tokenizer of the FTS indexes.
 */
int store_fts_functions(struct store *s, struct err *e);

/*
 * Drop what matching gathered of the assets (src/store/exposure.c): at the
 * end of a transaction and whenever an asset's names are written.
 */
void store_exposure_forget(struct store *s);

/*
 * The exposures matching inserted in the transaction, counted into
 * exposure_tally (at commit, before COMMIT), or dropped (at rollback).
 */
int store_exposure_tally_flush(struct store *s, struct err *e);
void store_exposure_tally_drop(struct store *s);

/* Rows changed by the last statement on this connection. */
int store_changes(struct store *s);

/* Id of the last inserted row. */
int64_t store_last_id(struct store *s);

/*
 * Step st (prepared and bound) for its one row and read its first column
 * into *out (0 when it fails); st is reset either way. A failed step gives
 * ERR_DB with what ("cannot count ...") and SQLite's reason.
 */
int store_step_int64(struct store *s, sqlite3_stmt *st, int64_t *out,
                     const char *what, struct err *e);

/*
 * What an open incident is, and when its SLA counts as breached: the
 * sla: filters (src/store/list.c) and the dashboard (src/store/dashboard.c)
 * say the same. The open statuses are written as in the partial index
 * incident_open_due (schema v3), so that the planner can use it. Overdue takes
 * now as the SQL parameter p: the deadline passed, for a paused clock
 * before the wait began (waiting_since is set exactly while waiting).
 */
#define STORE_INCIDENT_OPEN                                                    \
	"incident.status IN ('new', 'triage', 'in_progress', 'waiting', "      \
	"'contained')"
#define STORE_SLA_OVERDUE(p)                                                   \
	"incident.due_at < coalesce(incident.waiting_since, " p ")"

/*
 * Why a cache cannot be opened or written (src/store/cause.c), from
 * SQLite's extended result code, the OS error behind it (sqlite3_system_
 * errno, meaningful after SQLITE_CANTOPEN and SQLITE_IOERR only, else 0)
 * and the access rights of the file and its folder.
 */
enum store_cause {
	STORE_CAUSE_OTHER,       /* SQLite's message says it */
	STORE_CAUSE_MISSING,     /* the file or a folder of its path is gone */
	STORE_CAUSE_READONLY_FS, /* on a file system mounted read-only */
	STORE_CAUSE_NO_READ,     /* the file is not readable by this user */
	STORE_CAUSE_NO_WRITE,    /* the file is not writable by this user */
	STORE_CAUSE_FOLDER,      /* its folder is not: no -wal, no -shm */
	STORE_CAUSE_PERMISSION,  /* EACCES, EPERM otherwise */
	STORE_CAUSE_FULL,        /* no space left on the device, or quota */
	STORE_CAUSE_BUSY,        /* another connection holds a lock */
	STORE_CAUSE_NOT_CACHE,   /* not an SQLite database, or damaged */
};

enum store_cause store_cause_of(const char *path, int sqlite_rc,
                                int sys_errno);

/* Whether the cause still lets the cache be read (opened read-only). */
bool store_cause_is_unwritable(enum store_cause c);

/*
 * Append what the cause is ("read-only file system", "the disk is full
 * (No space left on device)") to sb; detail is SQLite's message, shown
 * for STORE_CAUSE_OTHER, BUSY and NOT_CACHE.
 */
void store_cause_phrase(struct strbuf *sb, enum store_cause c,
                        const char *path, int sys_errno, const char *detail);

/* What to do about it ("free space on the file system that holds it"). */
const char *store_cause_remedy(enum store_cause c);

/* The ERR_* code a failure of this cause returns. */
int store_cause_code(enum store_cause c);

/*
 * Fill *e with "cannot DOING cache 'PATH': PHRASE; REMEDY" ("'PATH' is not
 * a Centinela cache (...); move it away ..." for STORE_CAUSE_NOT_CACHE)
 * and return store_cause_code(c).
 */
int store_cause_err(struct err *e, enum store_cause c, const char *doing,
                    const char *path, int sys_errno, const char *detail);

/* The folder that holds path, "." for a bare name (owned). */
char *store_cause_folder(const char *path);

/*
 * Helpers shared by the entity files (src/store/util.c).
 */
struct strvec;

/*
 * Run sql (an UPDATE setting updated_at = ?2 WHERE id = ?1) for row id:
 * marks a row changed when only its child rows were rewritten. what names
 * the failure.
 */
int store_touch(struct store *s, const char *sql, int64_t id, int64_t now,
                const char *what, struct err *e);

/*
 * Check the prefix (2 to 8 upper-case letters) and year (0 to 9999) of a
 * reference to be numbered: 0 or ERR_INVALID saying which is wrong.
 */
int store_reference_check(const char *prefix, int year, struct err *e);

/*
 * Push the non-NULL text of column 0 of every row of sql, bound to ?1 id,
 * onto sv. what names the failure.
 */
int store_read_strings(struct store *s, const char *sql, int64_t id,
                       struct strvec *sv, const char *what, struct err *e);

/* How store_list_related reads, completes and frees one row. */
struct store_row_ops {
	size_t size; /* sizeof the row struct */
	/* initialise the row and read it from the current row of st */
	void (*read)(sqlite3_stmt *st, void *row);
	/* load what the query does not select (child rows), or NULL */
	int (*load)(struct store *s, void *row, struct err *e);
	/* free the row's contents */
	void (*release)(void *row);
	const char *what; /* names a failure to list */
};

/*
 * Run a related-row query bound to (?1 key, ?2 limit) into *rows (owned,
 * *n of them), each read and then loaded through ops. limit must be
 * positive (ERR_INVALID). On failure *rows is NULL and *n 0.
 */
int store_list_related(struct store *s, const char *sql, int64_t key, int limit,
                       const struct store_row_ops *ops, void **rows, size_t *n,
                       struct err *e);

/*
 * Finish an upsert "INSERT ... ON CONFLICT(key) DO UPDATE ... WHERE
 * <synced and something differs> [RETURNING id]" that the caller has
 * bound: a returned id, or without RETURNING a changed row, means the row
 * was written (*is_changed true; *id the returned id, the inserted rowid,
 * or for an update found as below). Otherwise the row was identical or
 * not ours to overwrite, and find ("SELECT id, local_state ... WHERE key =
 * ?1", bound to key) sets *id and *is_synced. what_store and what_find
 * name the failures. RETURNING costs SQLite a temporary table per
 * statement: a table written in bulk goes without.
 */
int store_upsert_returning(struct store *s, sqlite3_stmt *st, const char *find,
                           const char *key, int64_t *id, bool *is_changed,
                           bool *is_synced, const char *what_store,
                           const char *what_find, struct err *e);

#endif
