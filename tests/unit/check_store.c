/* Store core: open, migrations, pragmas, permissions, transactions, check. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/store/alert.h"
#include "centinela/store/store.h"
#include "store/internal.h" /* store_checkpoint_stop */
#include "testutil.h"

START_TEST(test_store_open_memory_migrates)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	store_close(s);
}
END_TEST

START_TEST(test_store_file_and_folder_are_private)
{
	char *dir = test_tmpdir();
	struct strbuf path;
	struct store *s = NULL;
	struct stat st;
	struct err e;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/a/b/cache.db", dir);
	ck_assert_msg(store_open(path.buf, 0, &s, &e) == 0, "%s", e.msg);
	store_close(s);
	ck_assert_int_eq(stat(path.buf, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	strbuf_setlen(&path, path.len - strlen("/cache.db"));
	ck_assert_int_eq(stat(path.buf, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	strbuf_release(&path);
	test_rmtree(dir);
}
END_TEST

/* POSIX locks this process holds on the file of inode ino (/proc/locks). */
static int
locks_held(ino_t ino)
{
	FILE *f = fopen("/proc/locks", "r");
	char line[256], want[64];
	int n = 0;

	if (!f)
		return -1;
	snprintf(want, sizeof(want), ":%lu ", (unsigned long)ino);
	while (fgets(line, sizeof(line), f)) {
		long pid = 0;

		/* "1: POSIX ADVISORY READ 1234 08:01:5678 ..." */
		if (sscanf(line, "%*s %*s %*s %*s %ld", &pid) == 1 &&
		    pid == (long)getpid() && strstr(line, want))
			n++;
	}
	fclose(f);
	return n;
}

/*
 * Opening the cache again in the same process (the console's sync
 * thread does) must not drop the locks SQLite holds on it: closing any
 * descriptor of the file would, and a connection that lost them lets
 * another process delete the WAL under it.
 */
START_TEST(test_store_second_connection_keeps_the_locks)
{
	char *dir = test_tmpdir();
	struct strbuf path;
	struct store *s1 = NULL, *s2 = NULL;
	struct stat st;
	struct err e;
	int held;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/cache.db", dir);
	ck_assert_msg(store_open(path.buf, 0, &s1, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(stat(path.buf, &st), 0);
	held = locks_held(st.st_ino);
	if (held < 0) {
		test_skip("no /proc/locks");
		goto out;
	}
	ck_assert_int_gt(held, 0);
	ck_assert_int_eq(fs_ensure_private_file(path.buf, true, &e), 0);
	ck_assert_int_eq(locks_held(st.st_ino), held);
	ck_assert_msg(store_open(path.buf, STORE_OPEN_SYNC_NORMAL, &s2, &e) ==
	                  0,
	              "%s", e.msg);
	store_close(s2);
	ck_assert_int_eq(locks_held(st.st_ino), held);
out:
	store_close(s1);
	strbuf_release(&path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_reopen_keeps_version)
{
	char *dir = test_tmpdir();
	char *path;
	struct store *s = NULL;
	struct err e;

	path = test_path(dir, "cache.db");
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_int_eq(store_commit(s, &e), 0);
	store_close(s);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	store_close(s);
	ck_assert_msg(store_open(path, STORE_OPEN_READONLY, &s, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(store_begin(s, &e), ERR_PERM);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* The size of file path, 0 when it is missing. */
static long long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/*
 * Checkpoints behind the writer: the log stays under its bound plus a
 * transaction (it starts again from its head), the database file takes
 * the rows while the store is open, and nothing is lost at close.
 */
START_TEST(test_store_checkpoints_behind_the_writer)
{
	static const char insert[] =
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 100) INSERT INTO t SELECT randomblob(1000) FROM n";
	char *dir = test_tmpdir();
	char *path = test_path(dir, "cache.db");
	char *wal = test_path(dir, "cache.db-wal");
	struct store *s = NULL;
	long long db_before, wal_max = 0;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_sql(s, "CREATE TABLE t(x)"), 0);
	ck_assert_int_eq(test_store_int(s, "PRAGMA synchronous"), 2);
	ck_assert_msg(store_checkpoint_behind(s, 64, &e) == 0, "%s", e.msg);
	/* commits do not wait for the disk: the checkpoints sync */
	ck_assert_int_eq(test_store_int(s, "PRAGMA synchronous"), 1);
	/* again: nothing more */
	ck_assert_msg(store_checkpoint_behind(s, 64, &e) == 0, "%s", e.msg);
	db_before = file_size(path);
	for (int i = 0; i < 40; i++) {
		ck_assert_int_eq(store_begin(s, &e), 0);
		ck_assert_int_eq(test_store_sql(s, insert), 0);
		ck_assert_msg(store_commit(s, &e) == 0, "%s", e.msg);
		if (file_size(wal) > wal_max)
			wal_max = file_size(wal);
	}
	/* 4 MB written: the log held at most 64 pages and one commit's */
	ck_assert_int_gt(wal_max, 0);
	ck_assert_msg(wal_max < (64 + 64) * (4096 + 24) + 32,
	              "the log grew to %lld bytes", wal_max);
	ck_assert_int_gt(file_size(path), db_before + 2000000);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM t"), 4000);
	/* stopped: the store's own level and SQLite's checkpoints again */
	store_checkpoint_stop(s);
	ck_assert_int_eq(test_store_int(s, "PRAGMA synchronous"), 2);
	ck_assert_int_eq(test_store_int(s, "PRAGMA wal_autocheckpoint"), 1000);
	store_close(s);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM t"), 4000);
	ck_assert_int_eq(test_store_int(s, "PRAGMA wal_autocheckpoint"), 1000);
	store_close(s);
	/* memory: nothing to do, and no error */
	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_checkpoint_behind(s, 64, &e), 0);
	store_close(s);
	free(wal);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_refuses_foreign_and_garbage_files)
{
	char *dir = test_tmpdir();
	struct strbuf path;
	struct store *s = NULL;
	struct err e;
	FILE *fp;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/garbage.db", dir);
	fp = fopen(path.buf, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("this is not a database, not even close, padding padding "
	      "padding padding padding padding padding padding padding\n",
	      fp);
	fclose(fp);
	ck_assert_int_eq(store_open(path.buf, 0, &s, &e), ERR_CORRUPT);
	ck_assert_ptr_nonnull(strstr(e.msg, "not a Centinela cache"));
	ck_assert_ptr_null(s);
	strbuf_release(&path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_refuses_newer_schema)
{
	char *dir = test_tmpdir();
	char *path;
	struct store *s = NULL;
	struct err e;

	path = test_path(dir, "cache.db");
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	store_close(s);
	ck_assert_int_eq(test_sql(path, "PRAGMA user_version = 99"), 0);
	ck_assert_int_eq(store_open(path, 0, &s, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "newer than this centinela"));
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_pragmas_are_set)
{
	char *dir = test_tmpdir();
	char *path;
	struct store *s = NULL;
	struct err e;

	path = test_path(dir, "cache.db");
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	ck_assert_str_eq(test_store_pragma(s, "journal_mode"), "wal");
	ck_assert_str_eq(test_store_pragma(s, "foreign_keys"), "1");
	ck_assert_str_eq(test_store_pragma(s, "synchronous"), "2");
	ck_assert_str_eq(test_store_pragma(s, "journal_size_limit"),
	                 "67108864");
	store_close(s);
	ck_assert_int_eq(store_open(path, STORE_OPEN_SYNC_NORMAL, &s, &e), 0);
	ck_assert_str_eq(test_store_pragma(s, "synchronous"), "1");
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_cache_size_rounds_up)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(test_store_int(s, "PRAGMA cache_size"), -65536);
	ck_assert_int_eq(store_set_cache_kib(s, 8192, &e), 0);
	ck_assert_int_eq(test_store_int(s, "PRAGMA cache_size"), -8192);
	ck_assert_int_eq(store_set_cache_kib(s, 3000, &e), 0);
	ck_assert_int_eq(test_store_int(s, "PRAGMA cache_size"), -4096);
	ck_assert_int_eq(store_set_cache_kib(s, 1, &e), 0);
	ck_assert_int_eq(test_store_int(s, "PRAGMA cache_size"), -1024);
	ck_assert_int_eq(store_set_cache_kib(s, 1 << 20, &e), 0);
	ck_assert_int_eq(test_store_int(s, "PRAGMA cache_size"), -65536);
	ck_assert_int_eq(store_set_cache_kib(s, 0, &e), ERR_INVALID);
	store_close(s);
}
END_TEST

START_TEST(test_store_check_counts_tables)
{
	struct store *s = NULL;
	struct store_check c;
	struct err e;
	bool saw_sector = false;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_check_run(s, &c, &e), 0);
	ck_assert(c.is_ok);
	ck_assert_str_eq(c.integrity, "ok");
	ck_assert_int_eq(c.schema_version, STORE_SCHEMA_VERSION);
	for (size_t i = 0; i < c.n_counts; i++)
		if (strcmp(c.counts[i].table, "sector") == 0) {
			saw_sector = true;
			ck_assert_int_eq(c.counts[i].rows, 12);
		}
	ck_assert(saw_sector);
	store_check_release(&c);
	store_close(s);
}
END_TEST

START_TEST(test_store_failed_migration_changes_nothing)
{
	char *dir = test_tmpdir();
	char *path;
	struct store *s = NULL;
	struct err e;

	path = test_path(dir, "cache.db");
	/* A cache of version 2, with a table in the way of version 3's. */
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	store_close(s);
	s = NULL;
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V2
	                          "CREATE TABLE incident_grid (x);"),
	                 0);
	ck_assert_int_eq(store_open(path, 0, &s, &e), ERR_DB);
	ck_assert_ptr_nonnull(strstr(e.msg, "migration to schema version 3"));
	ck_assert_ptr_null(s);
	/* The transaction was rolled back: no table of version 3 is left. */
	ck_assert_int_eq(test_sql(path, "SELECT * FROM incident_tally"), -1);
	ck_assert_int_eq(test_sql(path, "SELECT x FROM incident_grid"), 0);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* One alert row through the store, with the given title. */
static int64_t
put_alert(struct store *s, const char *remote_id, const char *title)
{
	struct alert a;
	struct err e;
	int64_t id;

	alert_init(&a);
	a.meta.remote_id = xstrdup(remote_id);
	a.title = xstrdup(title);
	a.taxonomy_class = xstrdup("malicious-code");
	a.feed_name = xstrdup("sensor");
	a.observed_at = a.received_at = 1790000000;
	ck_assert_msg(store_alert_upsert(s, &a, NULL, &e) == 0, "%s", e.msg);
	id = a.meta.id;
	alert_release(&a);
	return id;
}

static long long
matches(struct store *s, const char *word)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM alert_fts WHERE alert_fts MATCH '%s'",
	         word);
	return test_store_int(s, sql);
}

START_TEST(test_store_search_index_follows_commits)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	/* Inserted and renamed inside one transaction: indexed once, renamed. */
	ck_assert_int_eq(store_begin(s, &e), 0);
	put_alert(s, "a-1", "emotet beacon");
	put_alert(s, "a-1", "qakbot beacon");
	put_alert(s, "a-2", "emotet dropper");
	ck_assert_int_eq(matches(s, "qakbot"), 0); /* not before the commit */
	ck_assert_int_eq(store_commit(s, &e), 0);
	ck_assert_int_eq(matches(s, "qakbot"), 1);
	ck_assert_int_eq(matches(s, "emotet"), 1);
	ck_assert_int_eq(matches(s, "beacon"), 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM fts_pending"),
	                 0);
	/* A committed row renamed, another deleted, outside a transaction. */
	put_alert(s, "a-2", "lockbit dropper");
	ck_assert_int_eq(matches(s, "emotet"), 0);
	ck_assert_int_eq(matches(s, "lockbit"), 1);
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM alert WHERE "
	                                   "remote_id = 'a-1'"),
	                 0);
	ck_assert_int_eq(matches(s, "qakbot"), 0);
	ck_assert_int_eq(matches(s, "beacon"), 0);
	/* A row queued and deleted in one transaction leaves no trace. */
	ck_assert_int_eq(store_begin(s, &e), 0);
	put_alert(s, "a-3", "ghost");
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM alert WHERE "
	                                   "remote_id = 'a-3'"),
	                 0);
	ck_assert_int_eq(store_commit(s, &e), 0);
	ck_assert_int_eq(matches(s, "ghost"), 0);
	ck_assert_int_eq(test_store_sql(s, "INSERT INTO alert_fts(alert_fts) "
	                                   "VALUES ('integrity-check')"),
	                 0);
	store_close(s);
}
END_TEST

START_TEST(test_store_queued_rows_indexed_at_open)
{
	char *dir = test_tmpdir();
	char *path;
	struct store *s = NULL;
	struct err e;

	path = test_path(dir, "cache.db");
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	store_close(s);
	/* Another program inserts a row without store_commit. */
	ck_assert_int_eq(
	    test_sql(path, "INSERT INTO alert (title, severity, "
	                   "taxonomy_class, feed_name, observed_at, "
	                   "received_at, event_hash, created_at, "
	                   "updated_at) VALUES ('stray wiper', 3, 'other', "
	                   "'x', 1, 1, 'h', 1, 1)"),
	    0);
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	ck_assert_int_eq(matches(s, "wiper"), 1);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* store_checks_rewrite(in), "" for NULL (nothing to rewrite). */
static void
rewrite_is(const char *in, const char *want)
{
	char *got = store_checks_rewrite(in);

	ck_assert_msg(strcmp(got ? got : "", want) == 0, "%s\n-> %s", in,
	              got ? got : "(NULL)");
	free(got);
}

START_TEST(test_store_checks_rewrite)
{
	rewrite_is("CREATE TABLE t (a TEXT CHECK (a IN ('x','y','z')))",
	           "CREATE TABLE t (a TEXT CHECK (a = 'x' OR a = 'y' OR "
	           "a = 'z'))");
	/* blanks and newlines, quotes doubled, two checks of one table */
	rewrite_is(
	    "CREATE TABLE t (s TEXT CHECK (s IN ('it''s', 'b',\n"
	    "    'c')), k2 TEXT NOT NULL CHECK ( k2  IN  ('1','2','3') ))",
	    "CREATE TABLE t (s TEXT CHECK (s = 'it''s' OR s = 'b' OR "
	    "s = 'c'), k2 TEXT NOT NULL CHECK (k2 = '1' OR k2 = '2' OR "
	    "k2 = '3'))");
	/* two values: SQLite compares them already; other checks: left */
	rewrite_is("CREATE TABLE t (a CHECK (a IN ('x','y')))", "");
	rewrite_is("CREATE TABLE t (n INTEGER CHECK (n BETWEEN 1 AND 5), "
	           "a CHECK (a IN (1, 2, 3)), b CHECK (b IN ('x', y, 'z')), "
	           "c CHECK (c IN ('x','y','z') AND c <> 'y'), "
	           "d CHECK (d NOT IN ('x','y','z')), e CHECK (e IN ('x",
	           "");
	rewrite_is("CREATE TABLE t (a, b CHECK (b IN ('x','y','z')), "
	           "c CHECK (c IN (1, 2, 3)))",
	           "CREATE TABLE t (a, b CHECK (b = 'x' OR b = 'y' OR "
	           "b = 'z'), c CHECK (c IN (1, 2, 3)))");
}
END_TEST

/* Rows of EXPLAIN sql on s's connection whose opcode is op. */
static int
opcodes(struct store *s, const char *sql, const char *op)
{
	sqlite3_stmt *st = NULL;
	struct strbuf q;
	int n = 0;

	strbuf_init(&q);
	strbuf_addf(&q, "EXPLAIN %s", sql);
	ck_assert_int_eq(sqlite3_prepare_v2(s->db, q.buf, -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		n += strcmp((const char *)sqlite3_column_text(st, 1), op) == 0;
	sqlite3_finalize(st);
	strbuf_release(&q);
	return n;
}

/*
 * Schema v12: the trigger that took an EPSS score into a new CVE's row is
 * dropped from a cache at v11 (the store's insert does its work: see
 * test_epss_store_new_cve_takes_the_row).
 */
START_TEST(test_store_migration_v12_epss_trigger)
{
	static const char trigger_count[] =
	    "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND "
	    "name = 'vulnerability_epss'";
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_int(s, trigger_count), 0);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_VULNERABILITY_EPSS_TRIGGER
	                          "PRAGMA user_version = 11;"),
	                 0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(test_store_int(s, trigger_count), 0);
	store_close(s);
	test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

/* SQL counting the tables whose definition has a check IN ('...'). */
#define TABLES_WITH_IN                                                         \
	"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql "     \
	"LIKE '% IN (''%'"

/*
 * Schema v11: the checks IN (...) of the tables, which made SQLite build
 * a temporary b-tree on each insert, are written with OR; a cache at v10
 * is rewritten, and the connection that migrated it uses the new ones;
 * the constraints still refuse what they refused.
 */
START_TEST(test_store_migration_v11_checks)
{
	static const char asset_insert[] =
	    "INSERT INTO asset(organization_id, name, sector, kind, "
	    "criticality, created_at, updated_at) VALUES (1, 'a', 'energy', "
	    "'server', 3, 1, 1)";
	static const char vuln_insert[] =
	    "INSERT INTO vulnerability(cve_id, created_at, updated_at) VALUES "
	    "('CVE-2024-0001', 1, 1)";
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_int(s, TABLES_WITH_IN), 0);
	ck_assert_int_eq(opcodes(s, asset_insert, "OpenEphemeral"), 0);
	store_close(s);
	/*
	 * back to v10: two tables with their checks as v1 wrote them, and
	 * the trigger v12 drops
	 */
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(
	    test_sql(path, TEST_SQL_VULNERABILITY_EPSS_TRIGGER
	             "PRAGMA writable_schema = ON;"
	             "UPDATE sqlite_schema SET sql = replace(replace(sql, "
	             "'local_state = ''synced'' OR local_state = ''dirty'' OR "
	             "local_state = ''conflict''', 'local_state IN "
	             "(''synced'',''dirty'',''conflict'')'), 'kind = ''ics'' "
	             "OR kind = ''server'' OR kind = ''network'' OR kind = "
	             "''application'' OR kind = ''cloud'' OR kind = "
	             "''workstation'' OR kind = ''other''', 'kind IN "
	             "(''ics'',''server'',''network'',''application'',"
	             "''cloud'',''workstation'',''other'')') WHERE type = "
	             "'table' AND name IN ('asset', 'vulnerability');"
	             "PRAGMA writable_schema = OFF;"
	             "PRAGMA user_version = 10;"
	             "INSERT INTO organization(name, sector, created_at, "
	             "updated_at) VALUES ('o', 'energy', 1, 1);"),
	    0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(test_store_int(s, TABLES_WITH_IN), 0);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM sqlite_schema WHERE name "
	                      "= 'asset' AND sql LIKE '%CHECK (kind = ''ics'' "
	                      "OR kind = ''server'' OR %'"),
	    1);
	/*
	 * this connection reads the new definitions (an asset's insert
	 * fires no trigger that would hold one: a CVE's compiles the
	 * exposures' update with it)
	 */
	ck_assert_int_eq(opcodes(s, asset_insert, "OpenEphemeral"), 0);
	ck_assert_int_eq(test_store_sql(s, asset_insert), 0);
	ck_assert_int_eq(test_store_sql(s, vuln_insert), 0);
	ck_assert_int_eq(test_store_sql(s, "UPDATE asset SET kind = 'printer'"),
	                 -1);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE vulnerability SET local_state = 'gone'"),
	    -1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM asset WHERE kind = "
	                      "'server' AND local_state = 'synced'"),
	    1);
	ck_assert_str_eq(test_store_pragma(s, "integrity_check"), "ok");
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_store_open_memory_migrates);
	tcase_add_test(tc, test_store_file_and_folder_are_private);
	tcase_add_test(tc, test_store_reopen_keeps_version);
	tcase_add_test(tc, test_store_checkpoints_behind_the_writer);
	tcase_add_test(tc, test_store_second_connection_keeps_the_locks);
	tcase_add_test(tc, test_store_refuses_foreign_and_garbage_files);
	tcase_add_test(tc, test_store_refuses_newer_schema);
	tcase_add_test(tc, test_store_pragmas_are_set);
	tcase_add_test(tc, test_store_cache_size_rounds_up);
	tcase_add_test(tc, test_store_check_counts_tables);
	tcase_add_test(tc, test_store_failed_migration_changes_nothing);
	tcase_add_test(tc, test_store_search_index_follows_commits);
	tcase_add_test(tc, test_store_queued_rows_indexed_at_open);
	tcase_add_test(tc, test_store_checks_rewrite);
	tcase_add_test(tc, test_store_migration_v11_checks);
	tcase_add_test(tc, test_store_migration_v12_epss_trigger);
	suite_add_tcase(s, tc);
	return s;
}
