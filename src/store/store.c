/*
 * Opening, migrating and checking the cache; transactions; the statement
 * cache. See include/centinela/store/store.h and src/store/internal.h.
 *
 * Migrations are an ordered array of SQL scripts (arrays of statements);
 * migrations[i] takes the schema from version i to i + 1 and sets
 * PRAGMA user_version itself, so one transaction covers the script and the
 * version bump.
 *
 * Opening tries the cache for writing first; when SQLite fails for a cause
 * that still lets it be read (cause.c: read-only file system, permission,
 * full disk), the cache is opened again read-only and remembers why, which
 * every write then reports. Other failures are worded by their cause.
 */
#include "centinela/store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "exposure_internal.h"
#include "internal.h"

/* 'CTNL': marks the file as ours, so a foreign SQLite file is refused. */
#define STORE_APPLICATION_ID 0x43544e4c

static const char *const migration_v1[] = {
#include "schema_v1.sql.inc"
    "PRAGMA user_version = 1;",
    NULL,
};

static const char *const migration_v2[] = {
#include "schema_v2.sql.inc"
    "PRAGMA user_version = 2;",
    NULL,
};

static const char *const migration_v3[] = {
#include "schema_v3.sql.inc"
    "PRAGMA user_version = 3;",
    NULL,
};

static const char *const migration_v4[] = {
#include "schema_v4.sql.inc"
    "PRAGMA user_version = 4;",
    NULL,
};

static const char *const migration_v5[] = {
#include "schema_v5.sql.inc"
    "PRAGMA user_version = 5;",
    NULL,
};

static const char *const migration_v6[] = {
#include "schema_v6.sql.inc"
    "PRAGMA user_version = 6;",
    NULL,
};

static const char *const migration_v7[] = {
#include "schema_v7.sql.inc"
    "PRAGMA user_version = 7;",
    NULL,
};

static const char *const migration_v8[] = {
#include "schema_v8.sql.inc"
    "PRAGMA user_version = 8;",
    NULL,
};

static const char *const migration_v9[] = {
#include "schema_v9.sql.inc"
    "PRAGMA user_version = 9;",
    NULL,
};

static const char *const migration_v10[] = {
#include "schema_v10.sql.inc"
    "PRAGMA user_version = 10;",
    NULL,
};

/* Version 11 is the tables' checks rewritten, first: schema_checks.c. */
static const char *const migration_v11[] = {
    "PRAGMA user_version = 11;",
    NULL,
};
#define MIGRATION_CHECKS 10 /* the index in migrations[] of version 11 */

static const char *const migration_v12[] = {
#include "schema_v12.sql.inc"
    "PRAGMA user_version = 12;",
    NULL,
};

static const char *const migration_v13[] = {
#include "schema_v13.sql.inc"
    "PRAGMA user_version = 13;",
    NULL,
};

static const char *const migration_v14[] = {
#include "schema_v14.sql.inc"
    "PRAGMA user_version = 14;",
    NULL,
};

/* migrations[i] takes the schema from version i to i + 1. */
static const char *const *const migrations[] = {
    migration_v1,  migration_v2,  migration_v3,  migration_v4,  migration_v5,
    migration_v6,  migration_v7,  migration_v8,  migration_v9,  migration_v10,
    migration_v11, migration_v12, migration_v13, migration_v14,
};

_Static_assert(ARRAY_SIZE(migrations) == STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* Tables counted by `db check`, in display order. */
static const struct {
	const char *table; /* table name */
	const char *sql;   /* its count query */
} counted[] = {
    {"sector", "SELECT count(*) FROM sector"},
    {"organization", "SELECT count(*) FROM organization"},
    {"asset", "SELECT count(*) FROM asset"},
    {"asset_cpe", "SELECT count(*) FROM asset_cpe"},
    {"alert", "SELECT count(*) FROM alert"},
    {"alert_observable", "SELECT count(*) FROM alert_observable"},
    {"incident", "SELECT count(*) FROM incident"},
    {"incident_alert", "SELECT count(*) FROM incident_alert"},
    {"incident_asset", "SELECT count(*) FROM incident_asset"},
    {"note", "SELECT count(*) FROM note"},
    {"vulnerability", "SELECT count(*) FROM vulnerability"},
    {"vuln_match", "SELECT count(*) FROM vuln_match"},
    {"epss", "SELECT count(*) FROM epss"},
    {"catalog", "SELECT count(*) FROM catalog"},
    {"exposure", "SELECT count(*) FROM exposure"},
    {"bulletin", "SELECT count(*) FROM bulletin"},
    {"outbox", "SELECT count(*) FROM outbox"},
    {"sync_state", "SELECT count(*) FROM sync_state"},
    {"audit", "SELECT count(*) FROM audit"},
};

#define COUNTED_N ARRAY_SIZE(counted)

/*
 * Remember the code and OS error of the failure SQLite just reported, for
 * store_open to tell its cause.
 */
static void
note_failure(struct store *s)
{
	int base;

	s->fail_rc = sqlite3_extended_errcode(s->db);
	base = s->fail_rc & 0xff;
	s->fail_errno = base == SQLITE_CANTOPEN || base == SQLITE_IOERR
	                    ? sqlite3_system_errno(s->db)
	                    : 0;
}

/*
 * Note the failure SQLite just reported and word it: one that the disk,
 * the file system, the rights or a lock caused says so and what to do;
 * anything else is SQLite's own message.
 */
static void
failure_text(struct store *s, struct strbuf *sb)
{
	enum store_cause c;

	note_failure(s);
	c = store_cause_of(s->path, s->fail_rc, s->fail_errno);
	if (c == STORE_CAUSE_NOT_CACHE || c == STORE_CAUSE_OTHER ||
	    c == STORE_CAUSE_MISSING) {
		strbuf_adds(sb, sqlite3_errmsg(s->db));
		return;
	}
	store_cause_phrase(sb, c, s->path, s->fail_errno,
	                   sqlite3_errmsg(s->db));
	strbuf_addf(sb, "; %s", store_cause_remedy(c));
}

int
store_db_err(struct store *s, struct err *e, const char *what)
{
	struct strbuf why;

	if (!s || !s->db)
		return err_set(e, ERR_DB, "%s: no database", what);
	strbuf_init(&why);
	failure_text(s, &why);
	err_set(e, ERR_DB, "%s: %s", what, why.buf);
	strbuf_release(&why);
	return ERR_DB;
}

int
store_exec(struct store *s, const char *sql, struct err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		struct strbuf why;

		strbuf_init(&why);
		failure_text(s, &why);
		err_set(e, ERR_DB, "database '%s': %s", s->path, why.buf);
		strbuf_release(&why);
		return ERR_DB;
	}
	return 0;
}

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static void
cache_clear(struct store *s)
{
	for (size_t i = 0; i < s->n_slots; i++) {
		if (!s->slots[i].sql)
			continue;
		sqlite3_finalize(s->slots[i].st);
		free(s->slots[i].sql);
	}
	free(s->slots);
	s->slots = NULL;
	s->n_slots = 0;
	s->n_used = 0;
	memset(s->recent, 0, sizeof(s->recent));
}

/* Place an entry in a table known to have room. */
static struct stmt_slot *
cache_slot(struct stmt_slot *slots, size_t n, const char *sql, uint64_t h)
{
	size_t i = (size_t)h & (n - 1);

	while (slots[i].sql &&
	       (slots[i].hash != h || strcmp(slots[i].sql, sql) != 0))
		i = (i + 1) & (n - 1);
	return &slots[i];
}

static void
cache_grow(struct store *s)
{
	size_t n = s->n_slots ? s->n_slots * 2 : 64;
	struct stmt_slot *slots = xcalloc(n, sizeof(*slots));

	for (size_t i = 0; i < s->n_slots; i++)
		if (s->slots[i].sql)
			*cache_slot(slots, n, s->slots[i].sql,
			            s->slots[i].hash) = s->slots[i];
	free(s->slots);
	s->slots = slots;
	s->n_slots = n;
	memset(s->recent, 0, sizeof(s->recent));
}

sqlite3_stmt *
store_stmt(struct store *s, const char *sql, struct err *e)
{
	/*
	 * The slot the same text pointer found last, when its text is still
	 * sql's (a pointer may come back with another text): spares hashing
	 * long texts (the upserts' run to kilobytes) on every row.
	 */
	struct stmt_slot **recent =
	    &s->recent[((uintptr_t)sql >> 4) % STORE_RECENT_STMTS];
	struct stmt_slot *slot;
	sqlite3_stmt *st = NULL;
	uint64_t h;

	if (*recent && strcmp((*recent)->sql, sql) == 0) {
		sqlite3_reset((*recent)->st);
		sqlite3_clear_bindings((*recent)->st);
		return (*recent)->st;
	}
	h = fnv1a(sql);
	if (s->n_slots) {
		slot = cache_slot(s->slots, s->n_slots, sql, h);
		if (slot->sql) {
			*recent = slot;
			sqlite3_reset(slot->st);
			sqlite3_clear_bindings(slot->st);
			return slot->st;
		}
	}
	/* Filters make SQL texts without end; keep the cache bounded. */
	if (s->n_used >= 1024)
		cache_clear(s);
	if ((s->n_used + 1) * 4 > s->n_slots * 3)
		cache_grow(s);
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	                       NULL) != SQLITE_OK) {
		note_failure(s);
		err_set(e, ERR_DB, "cannot prepare query '%.40s...': %s", sql,
		        sqlite3_errmsg(s->db));
		return NULL;
	}
	slot = cache_slot(s->slots, s->n_slots, sql, h);
	slot->sql = xstrdup(sql);
	slot->hash = h;
	slot->st = st;
	s->n_used++;
	*recent = slot;
	return st;
}

int
store_step_done(struct store *s, sqlite3_stmt *st, const char *what,
                struct err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_err(s, e, what);
	return 0;
}

int
store_bind_text(sqlite3_stmt *st, int idx, const char *v)
{
	if (!v)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
}

int
store_bind_int(sqlite3_stmt *st, int idx, int64_t v, bool is_zero_null)
{
	if (!v && is_zero_null)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_int64(st, idx, v);
}

char *
store_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? xstrdup((const char *)t) : NULL;
}

int
store_changes(struct store *s)
{
	return sqlite3_changes(s->db);
}

int
store_step_int64(struct store *s, sqlite3_stmt *st, int64_t *out,
                 const char *what, struct err *e)
{
	int step = sqlite3_step(st);

	*out = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return step == SQLITE_ROW ? 0 : store_db_err(s, e, what);
}

int64_t
store_last_id(struct store *s)
{
	return (int64_t)sqlite3_last_insert_rowid(s->db);
}

/* Read a single integer from a constant query. */
static int
query_int(struct store *s, const char *sql, int64_t *out, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (!st)
		return ERR_DB;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_db_err(s, e, sql);
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int
set_pragmas(struct store *s, unsigned flags, bool is_memory, struct err *e)
{
	int rc;

	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	/*
	 * The schema must stay trusted: the FTS5 tables are maintained by
	 * triggers, and with trusted_schema off SQLite refuses any write to
	 * alert, incident or asset ("unsafe use of virtual table").
	 */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, NULL);
	rc = store_exec(s,
	                "PRAGMA foreign_keys = ON;"
	                "PRAGMA journal_size_limit = 67108864;"
	                /* 64 MiB of page cache: bulk upserts touch a dozen
			    * indexes, and the default 2 MiB thrashes. */
	                "PRAGMA cache_size = -65536;"
	                "PRAGMA temp_store = MEMORY;",
	                e);
	if (!rc && !is_memory && !s->is_readonly)
		rc = store_exec(s, "PRAGMA journal_mode = WAL;", e);
	if (!rc)
		rc = store_exec(s,
		                (flags & STORE_OPEN_SYNC_NORMAL)
		                    ? "PRAGMA synchronous = NORMAL;"
		                    : "PRAGMA synchronous = FULL;",
		                e);
	return rc;
}

/*
 * A failure of SQLite itself while opening, that store_open words by its
 * cause (s->fail_rc and s->fail_errno hold it). Internal to this file:
 * never returned from store_open.
 */
#define OPEN_SQLITE_FAILED 1

/*
 * Check the header of the file SQLite opened and bring its schema to
 * STORE_SCHEMA_VERSION. Only the versions this program writes are known:
 * 0 on a file with nothing in it (new), 1 to STORE_SCHEMA_VERSION on one
 * of ours. Anything else (user_version is any 32-bit number another
 * program may have set) is refused before any migrations[] index is made.
 */
static int
migrate(struct store *s, struct err *e)
{
	int64_t version = 0, app_id = 0, objects = 0;
	int rc;

	/* The first read: a file SQLite cannot read fails here. */
	if (query_int(s, "PRAGMA user_version", &version, NULL) ||
	    query_int(s, "PRAGMA application_id", &app_id, NULL) ||
	    query_int(s, "SELECT count(*) FROM sqlite_schema", &objects, NULL))
		return OPEN_SQLITE_FAILED;
	if ((app_id && app_id != STORE_APPLICATION_ID) ||
	    (!app_id && objects > 0))
		return err_set(e, ERR_CORRUPT,
		               "'%s' is an SQLite file but not a Centinela "
		               "cache; move it away or choose another file "
		               "with --db",
		               s->path);
	if (version > STORE_SCHEMA_VERSION)
		return err_set(e, ERR_INVALID,
		               "cache '%s' has schema version %lld, newer than "
		               "this centinela knows (%d); upgrade centinela",
		               s->path, (long long)version,
		               STORE_SCHEMA_VERSION);
	if (version < 0 || (version == 0 && objects > 0))
		return err_set(
		    e, ERR_CORRUPT,
		    "cache '%s' has schema version %lld%s, which no centinela "
		    "writes (this one knows 1 to %d): its header was changed "
		    "by another program; restore the cache from a backup, or "
		    "choose another file with --db",
		    s->path, (long long)version,
		    version ? "" : " but holds tables", STORE_SCHEMA_VERSION);
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (s->unwritable && !version)
		return store_cause_err(e, s->unwritable_cause, "create",
		                       s->path, s->unwritable_errno, NULL);
	if (s->unwritable)
		return err_set(e, ERR_PERM,
		               "cache '%s' needs migrating to schema version "
		               "%d, but %s",
		               s->path, STORE_SCHEMA_VERSION, s->unwritable);
	if (s->is_readonly)
		return err_set(e, ERR_PERM,
		               "cache '%s' needs migrating to schema version "
		               "%d; open it once without --readonly",
		               s->path, STORE_SCHEMA_VERSION);
	if ((rc = store_exec(s, "BEGIN IMMEDIATE", e)))
		return rc;
	if (!version)
		rc = store_exec(s, "PRAGMA application_id = 1129598540;", e);
	for (int64_t v = version; !rc && v < STORE_SCHEMA_VERSION; v++) {
		if (v == MIGRATION_CHECKS)
			rc = store_migrate_checks(s, e);
		for (const char *const *sql = migrations[v]; !rc && *sql; sql++)
			rc = store_exec(s, *sql, e);
		if (rc)
			err_prefix(e, "migration to schema version %lld",
			           (long long)v + 1);
	}
	if (!rc)
		rc = store_exec(s, "COMMIT", e);
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

_Static_assert(STORE_APPLICATION_ID == 1129598540, "application_id literal");

/* Close the connection of s (if any), keeping the rest of s. */
static void
disconnect(struct store *s)
{
	if (s->in_tx)
		store_rollback(s);
	store_checkpoint_stop(s);
	store_exposure_forget(s);
	cache_clear(s);
	/* Leave no -wal/-shm behind when we were the last user. */
	sqlite3_close_v2(s->db);
	s->db = NULL;
}

/*
 * Connect s to name (a path, or a URI with SQLITE_OPEN_URI in oflags) and
 * make it a cache of STORE_SCHEMA_VERSION: check the header, migrate, set
 * the pragmas and, unless read-only, start and commit a write transaction,
 * which proves that the cache can be written and indexes the rows that a
 * writer killed before its commit left queued. Returns 0, an ERR_* code
 * with *e set, or OPEN_SQLITE_FAILED with the cause in s->fail_rc.
 */
/*
 * Before SQLite's first use:
 *
 * - No count of its memory. Counting takes a process-wide mutex on every
 *   allocation SQLite makes, and nothing here reads the counts
 *   (sqlite3_status, sqlite3_memory_used, a heap limit): an import's
 *   writer spent some 4% of its time in that mutex alone.
 * - Statement journals in memory whatever temp_store says. A statement
 *   that may fail halfway (one with triggers that write, as a CVE's
 *   upsert) keeps the pages it changes that its transaction had changed
 *   before, to undo itself. SQLite keeps them in memory under
 *   temp_store = MEMORY, the connection's setting, but spills them to a
 *   temporary file past 64 KiB under temp_store = FILE, the setting of an
 *   import (store_keyset_reset), and that file then serves every
 *   statement to the end of the transaction: a write and a truncate
 *   system call per page and statement, a ninth of an NVD import's
 *   writer. A statement's journal holds at most the pages it changes.
 */
static void
sqlite_configure(void)
{
	/*
	 * SQLITE_MISUSE when SQLite was initialized before us (a program
	 * linking the store that used SQLite first): it then keeps its
	 * defaults.
	 */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
}

static int
connect(struct store *s, const char *name, int oflags, unsigned flags,
        bool is_memory, struct err *e)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	int rc;

	(void)pthread_once(&configured, sqlite_configure);
	s->fail_rc = 0;
	s->fail_errno = 0;
	if (sqlite3_open_v2(name, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		if (!s->db)
			return err_set(e, ERR_NOMEM,
			               "cannot open cache '%s': out of memory",
			               s->path);
		note_failure(s);
		return OPEN_SQLITE_FAILED;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* SQLite opens a file it may not write read-only, and says nothing. */
	if (!s->is_readonly && !is_memory &&
	    sqlite3_db_readonly(s->db, "main") == 1) {
		s->fail_rc = SQLITE_READONLY;
		return OPEN_SQLITE_FAILED;
	}
	/* Before the first read: another connection may be writing. */
	sqlite3_busy_timeout(s->db, 5000);
	/* the v6 migration keys CPE names with cpe_key(), v14 uses
	 * vuln_match_plain() */
	if ((rc = store_cpe_functions(s, e)) ||
	    (rc = store_fts_functions(s, e)) || (rc = migrate(s, e)) ||
	    (rc = set_pragmas(s, flags, is_memory, e)))
		return rc;
	if (!s->is_readonly &&
	    ((rc = store_begin(s, e)) || (rc = store_commit(s, e))))
		return rc;
	return 0;
}

/*
 * The cause of the SQLite failure connect noted; STORE_CAUSE_OTHER when
 * none was (a refusal of the header, a failed migration script).
 */
static enum store_cause
fail_cause(const struct store *s)
{
	if (!s->fail_rc)
		return STORE_CAUSE_OTHER;
	return store_cause_of(s->path, s->fail_rc, s->fail_errno);
}

/*
 * Word a failed connect: an SQLite failure by its cause, a lock or a full
 * disk met later on the way (migration, pragmas) too; a refusal of the
 * header or a failed migration keeps its own message.
 */
static int
open_failed(struct store *s, int rc, struct err *e)
{
	enum store_cause c = fail_cause(s);

	if (rc != OPEN_SQLITE_FAILED && c == STORE_CAUSE_OTHER)
		return rc;
	return store_cause_err(e, c, "open", s->path, s->fail_errno,
	                       sqlite3_errstr(s->fail_rc));
}

/*
 * "file:PATH?mode=ro", with "&immutable=1" when asked: PATH percent-
 * encoded but for its slashes and unreserved characters, so that no '?',
 * '#' or '%' in a file name is taken for URI syntax (owned).
 */
static char *
readonly_uri(const char *path, bool is_immutable)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb;

	strbuf_init(&sb);
	/* An authority, empty, keeps a path starting with "//" a path. */
	strbuf_adds(&sb, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
			strbuf_addch(&sb, *p);
		} else {
			strbuf_addch(&sb, '%');
			strbuf_addch(&sb, hex[*p >> 4]);
			strbuf_addch(&sb, hex[*p & 15]);
		}
	}
	strbuf_adds(&sb, is_immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return strbuf_detach(&sb, NULL);
}

/* Whether PATH-wal exists with something in it. */
static bool
has_wal_content(const char *path)
{
	struct strbuf wal;
	struct stat st;
	bool has;

	strbuf_init(&wal);
	strbuf_addf(&wal, "%s-wal", path);
	has = stat(wal.buf, &st) == 0 && st.st_size > 0;
	strbuf_release(&wal);
	return has;
}

/*
 * Open s read-only. Reading a cache in WAL mode needs its WAL index (the
 * -shm file), which SQLite makes beside the cache; where it cannot (a
 * read-only file system, a folder the user may not write, a full disk),
 * the cache is opened immutable, reading the main file alone, which is
 * the whole cache only while no -wal file holds changes not yet copied
 * into it. With such a -wal, reading the main file alone would show an
 * older cache as if it were the current one: refuse instead.
 */
static int
open_readonly(struct store *s, unsigned flags, struct err *e)
{
	char *uri = readonly_uri(s->path, false);
	enum store_cause c;
	int rc;

	s->is_readonly = true;
	rc = connect(s, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, flags,
	             false, e);
	free(uri);
	if (rc == OPEN_SQLITE_FAILED &&
	    store_cause_is_unwritable(c = fail_cause(s))) {
		if (has_wal_content(s->path)) {
			struct strbuf why;

			strbuf_init(&why);
			store_cause_phrase(&why, c, s->path, s->fail_errno,
			                   NULL);
			rc = err_set(
			    e, store_cause_code(c),
			    "cannot read cache '%s': '%s-wal' may hold "
			    "changes not yet in the cache file, and "
			    "reading them needs '%s-shm', which cannot "
			    "be made here (%s); let centinela open it "
			    "once where it can write: %s (copy '%s-wal' "
			    "along)",
			    s->path, s->path, s->path, why.buf,
			    store_cause_remedy(c), s->path);
			strbuf_release(&why);
			s->fail_rc = 0; /* worded: keep this message */
			return rc;
		}
		disconnect(s);
		uri = readonly_uri(s->path, true);
		rc = connect(s, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
		             flags, false, e);
		free(uri);
	}
	return rc;
}

/* The error for a cache that is not there, for a caller not to create. */
static int
missing_err(const char *path, struct err *e)
{
	char *dir = store_cause_folder(path);
	struct stat st;
	int rc;

	if (stat(dir, &st) < 0)
		rc = err_set(e, ERR_NOTFOUND,
		             "no cache at '%s': its folder '%s' does not exist",
		             path, dir);
	else
		rc = err_set(e, ERR_NOTFOUND, "no cache at '%s': no such file",
		             path);
	free(dir);
	return rc;
}

int
store_open(const char *path, unsigned flags, struct store **out, struct err *e)
{
	bool is_memory = strcmp(path, ":memory:") == 0;
	enum store_cause c;
	struct store *s;
	struct stat st;
	struct err why;
	int rc;

	*out = NULL;
	if (!is_memory &&
	    (flags & (STORE_OPEN_READONLY | STORE_OPEN_EXISTING)) &&
	    stat(path, &st) < 0 && (errno == ENOENT || errno == ENOTDIR))
		return missing_err(path, e);
	if (!is_memory && !(flags & STORE_OPEN_READONLY)) {
		if ((!(flags & STORE_OPEN_EXISTING) &&
		     (rc = fs_ensure_parent(path, e))) ||
		    (rc = fs_ensure_private_file(path, false, e))) {
			err_prefix(e, "cannot create the cache");
			return rc;
		}
	}
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	if (flags & STORE_OPEN_READONLY) {
		rc = open_readonly(s, flags, e);
		if (rc)
			rc = open_failed(s, rc, e);
		goto out;
	}
	rc = connect(s, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, flags,
	             is_memory, e);
	if (rc && !is_memory && store_cause_is_unwritable(c = fail_cause(s))) {
		/* Readable but not writable: read it, and say why not. */
		int sys_errno = s->fail_errno;

		store_cause_err(&why, c, "write", path, sys_errno, NULL);
		s->unwritable = xstrdup(why.msg);
		s->unwritable_cause = c;
		s->unwritable_errno = sys_errno;
		disconnect(s);
		rc = open_readonly(s, flags, e);
		/* What SQLite cannot say of a read-only attempt, the first can. */
		if (rc == OPEN_SQLITE_FAILED &&
		    fail_cause(s) == STORE_CAUSE_OTHER)
			rc = store_cause_err(e, c, "open", path, sys_errno,
			                     NULL);
		else if (rc)
			rc = open_failed(s, rc, e);
	} else if (rc) {
		rc = open_failed(s, rc, e);
	}
	/* Ours now that its header says so: a loosened mode is tightened. */
	if (!rc && !is_memory && !s->is_readonly)
		rc = fs_ensure_private_file(path, true, e);
out:
	if (rc) {
		store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void
store_close(struct store *s)
{
	if (!s)
		return;
	disconnect(s);
	free(s->unwritable);
	free(s->path);
	free(s);
}

bool
store_is_readonly(const struct store *s)
{
	return s->is_readonly;
}

const char *
store_unwritable_reason(const struct store *s)
{
	return s->unwritable;
}

/*
 * PRAGMA takes no bound parameters: the sizes offered are constant texts,
 * and a request is rounded up to the next one (or down to the largest).
 */
static const struct {
	int kib;         /* page cache size */
	const char *sql; /* the PRAGMA setting it */
} cache_sizes[] = {
    {1024, "PRAGMA cache_size = -1024"},
    {2048, "PRAGMA cache_size = -2048"},
    {4096, "PRAGMA cache_size = -4096"},
    {8192, "PRAGMA cache_size = -8192"},
    {16384, "PRAGMA cache_size = -16384"},
    {32768, "PRAGMA cache_size = -32768"},
    {65536, "PRAGMA cache_size = -65536"},
};

int
store_set_cache_kib(struct store *s, int kib, struct err *e)
{
	size_t n = ARRAY_SIZE(cache_sizes), i = 0;

	if (kib <= 0)
		return err_set(e, ERR_INVALID,
		               "cache size %d KiB out of range (1 or more)",
		               kib);
	while (i + 1 < n && cache_sizes[i].kib < kib)
		i++;
	return store_exec(s, cache_sizes[i].sql, e);
}

int
store_schema_version(struct store *s)
{
	int64_t v = 0;

	query_int(s, "PRAGMA user_version", &v, NULL);
	return (int)v;
}

int
store_begin(struct store *s, struct err *e)
{
	int rc;

	if (s->in_tx)
		BUG("store_begin inside a transaction");
	if (s->unwritable)
		return err_set(e, ERR_PERM, "%s", s->unwritable);
	if (s->is_readonly)
		return err_set(e, ERR_PERM, "cache '%s' is open read-only",
		               s->path);
	rc = store_exec(s, "BEGIN IMMEDIATE", e);
	if (!rc)
		s->in_tx = true;
	return rc;
}

/*
 * Index the rows queued in fts_pending (see schema_v1.sql.inc): one
 * INSERT ... SELECT per FTS table with rows queued (sql[i] indexes tbl
 * i + 1), so FTS5 writes one segment per transaction instead of one per
 * row.
 */
static int
fts_flush(struct store *s, struct err *e)
{
	static const char *const sql[] = {
	    "INSERT INTO alert_fts(rowid, title, description, feed_name) "
	    "SELECT a.id, a.title, a.description, a.feed_name "
	    "FROM fts_pending AS p JOIN alert AS a ON a.id = p.id "
	    "WHERE p.tbl = 1",
	    "INSERT INTO incident_fts(rowid, reference, title, description) "
	    "SELECT i.id, i.reference, i.title, i.description "
	    "FROM fts_pending AS p JOIN incident AS i ON i.id = p.id "
	    "WHERE p.tbl = 2",
	    "INSERT INTO asset_fts(rowid, name, hostname, location, vendor, "
	    "product) SELECT a.id, a.name, a.hostname, a.location, "
	    "a.vendor, a.product "
	    "FROM fts_pending AS p JOIN asset AS a ON a.id = p.id "
	    "WHERE p.tbl = 3",
	    "INSERT INTO vulnerability_fts(rowid, cve_id, vendor, product, "
	    "title, description) SELECT v.id, v.cve_id, v.vendor, v.product, "
	    "v.title, v.description "
	    "FROM fts_pending AS p JOIN vulnerability AS v ON v.id = p.id "
	    "WHERE p.tbl = 4",
	    "DELETE FROM fts_pending",
	};
	int64_t pending = 0;
	int rc;

	/* the tables queued, bit N for tbl N: the others are left alone */
	if ((rc = query_int(s,
	                    "SELECT coalesce(sum(DISTINCT 1 << tbl), 0) "
	                    "FROM fts_pending",
	                    &pending, e)) ||
	    !pending)
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		sqlite3_stmt *st;

		if (i + 1 < ARRAY_SIZE(sql) &&
		    !(pending & (INT64_C(1) << (i + 1))))
			continue;
		st = store_stmt(s, sql[i], e);
		if (!st)
			return ERR_DB;
		if ((rc = store_step_done(s, st,
		                          "cannot update the search index", e)))
			return rc;
	}
	return 0;
}

int
store_tx_enter(struct store *s, bool *is_own, struct err *e)
{
	*is_own = !s->in_tx;
	return *is_own ? store_begin(s, e) : 0;
}

int
store_tx_leave(struct store *s, bool is_own, int rc, struct err *e)
{
	if (!is_own)
		return rc;
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

int
store_commit(struct store *s, struct err *e)
{
	int rc;

	if (!s->in_tx)
		BUG("store_commit outside a transaction");
	rc = store_exposure_tally_flush(s, e);
	if (!rc)
		rc = fts_flush(s, e);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	rc = store_exec(s, "COMMIT", e);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	s->in_tx = false;
	store_exposure_forget(s);
	store_checkpoint_after_commit(s);
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!s->in_tx)
		return;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = false;
	store_exposure_forget(s);
	store_exposure_tally_drop(s);
	store_audit_after_rollback(s);
}

bool
store_in_transaction(const struct store *s)
{
	return s->in_tx;
}

/*
 * Keys of the counts that the triggers of schema v3 keep (incident_tally
 * per organization and sector, incident_grid per status and severity)
 * whose counts differ from a recount of the incidents, or that one side
 * lacks.
 */
static const char tally_check_sql[] =
    "WITH r(o, s, n, n_open) AS (SELECT coalesce(organization_id, 0), "
    "coalesce(sector, ''), count(*), sum(" STORE_INCIDENT_OPEN ") FROM "
    "incident GROUP BY 1, 2), t(o, s, n, n_open) AS (SELECT * FROM "
    "incident_tally), rg(s, v, n) AS (SELECT status, severity, count(*) "
    "FROM incident GROUP BY 1, 2), g(s, v, n) AS (SELECT * FROM "
    "incident_grid) SELECT (SELECT count(*) FROM (SELECT o, s FROM (SELECT "
    "* FROM t EXCEPT SELECT * FROM r) UNION SELECT o, s FROM (SELECT * "
    "FROM r EXCEPT SELECT * FROM t))) + (SELECT count(*) FROM (SELECT s, v "
    "FROM (SELECT * FROM g EXCEPT SELECT * FROM rg) UNION SELECT s, v FROM "
    "(SELECT * FROM rg EXCEPT SELECT * FROM g)))";

/*
 * Sectors whose exposure counts kept by the triggers of schema v8
 * (exposure_tally, all and KEV) differ from a recount of the exposures of
 * the assets there, or that one side lacks (a row of zeros counts none).
 */
static const char exposure_tally_check_sql[] =
    "WITH r(s, n, k) AS (SELECT a.sector, count(*), count(x.kev_at) FROM "
    "exposure x JOIN asset a ON a.id = x.asset_id GROUP BY 1), t(s, n, k) "
    "AS (SELECT sector, n, n_kev FROM exposure_tally WHERE n <> 0 OR "
    "n_kev <> 0) SELECT count(*) FROM (SELECT s FROM (SELECT * FROM t "
    "EXCEPT SELECT * FROM r) UNION SELECT s FROM (SELECT * FROM r EXCEPT "
    "SELECT * FROM t))";

int
store_check_run(struct store *s, struct store_check *out, struct err *e)
{
	struct strbuf problems;
	sqlite3_stmt *st;
	int64_t fk = 0, astray = 0;
	int rc = 0, step;

	memset(out, 0, sizeof(*out));
	strbuf_init(&problems);
	if (!(st = store_stmt(s, "PRAGMA integrity_check", e))) {
		rc = ERR_DB;
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (line && strcmp(line, "ok") != 0)
			strbuf_addf(&problems, "%s%s", problems.len ? "\n" : "",
			            line);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, "integrity check");
		goto out;
	}
	if (!(st = store_stmt(s, "PRAGMA foreign_key_check", e))) {
		rc = ERR_DB;
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW)
		fk++;
	sqlite3_reset(st);
	if (fk)
		strbuf_addf(&problems,
		            "%s%lld rows reference missing rows "
		            "(foreign keys)",
		            problems.len ? "\n" : "", (long long)fk);
	if ((rc = query_int(s, tally_check_sql, &astray, e)))
		goto out;
	if (astray)
		strbuf_addf(&problems,
		            "%s%lld counts of incidents (incident_tally, "
		            "incident_grid: the dashboard's) disagree with the "
		            "incidents",
		            problems.len ? "\n" : "", (long long)astray);
	if ((rc = query_int(s, exposure_tally_check_sql, &astray, e)))
		goto out;
	if (astray)
		strbuf_addf(
		    &problems,
		    "%s%lld counts of exposures per sector "
		    "(exposure_tally: the dashboard's) disagree with the "
		    "exposures",
		    problems.len ? "\n" : "", (long long)astray);
	out->is_ok = problems.len == 0;
	out->integrity =
	    out->is_ok ? xstrdup("ok") : strbuf_detach(&problems, NULL);
	out->schema_version = store_schema_version(s);
	out->counts = xcalloc(COUNTED_N, sizeof(*out->counts));
	for (size_t i = 0; i < COUNTED_N; i++) {
		out->counts[i].table = counted[i].table;
		if ((rc =
		         query_int(s, counted[i].sql, &out->counts[i].rows, e)))
			goto out;
		out->n_counts++;
	}
out:
	strbuf_release(&problems);
	if (rc)
		store_check_release(out);
	return rc;
}

void
store_check_release(struct store_check *c)
{
	free(c->integrity);
	free(c->counts);
	memset(c, 0, sizeof(*c));
}
