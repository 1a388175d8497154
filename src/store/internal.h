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

#include "centinela/store/store.h"

struct err;

struct stmt_slot {
	char *sql;          /* SQL text, owned: the cache key */
	uint64_t hash;      /* FNV-1a of sql */
	sqlite3_stmt *st;   /* the prepared statement */
};

struct store {
	sqlite3 *db;              /* the connection */
	char *path;               /* file path as opened (owned) */
	bool is_readonly;         /* opened with STORE_OPEN_READONLY */
	bool in_tx;               /* inside store_begin/commit */
	struct stmt_slot *slots;  /* open-addressing cache of statements */
	size_t n_slots;           /* capacity (power of two) */
	size_t n_used;            /* slots in use */
};

/*
 * A cached statement for sql, reset and unbound, or NULL with *e set
 * (ERR_DB naming the failing SQL's first words and SQLite's message).
 */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct err *e);

/* Fill *e with ERR_DB: "WHAT: <sqlite message>". Returns ERR_DB. */
int store_db_err(struct store *s, struct err *e, const char *what);

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

/* Rows changed by the last statement on this connection. */
int store_changes(struct store *s);

/* Id of the last inserted row. */
int64_t store_last_id(struct store *s);

#endif
