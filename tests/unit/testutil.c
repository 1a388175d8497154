/* Helpers shared by the unit tests: see testutil.h. */
#include "testutil.h"

#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/organization.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"
#include "store/internal.h"

char *
test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/centinela-test-XXXXXX",
	            base && *base ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(sb.buf));
	return strbuf_detach(&sb, NULL);
}

void
test_rmtree(char *dir)
{
	struct strbuf cmd;

	strbuf_init(&cmd);
	/* dir comes from mkdtemp: no quotes or shell characters in it. */
	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	if (system(cmd.buf) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	strbuf_release(&cmd);
	free(dir);
}

char *
test_path(const char *dir, const char *name)
{
	struct strbuf path;

	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s", dir, name);
	return strbuf_detach(&path, NULL);
}

char *
test_write_file(const char *dir, const char *name, const char *data)
{
	char *path = test_path(dir, name);
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fwrite(data, 1, strlen(data), fp), strlen(data));
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

int
test_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

const char *
test_store_pragma(struct store *s, const char *name)
{
	static char value[128];
	struct strbuf sql;
	sqlite3_stmt *st = NULL;

	strbuf_init(&sql);
	strbuf_addf(&sql, "PRAGMA %s", name);
	ck_assert_int_eq(sqlite3_prepare_v2(s->db, sql.buf, -1, &st, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(value, sizeof(value), "%s",
	         (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	strbuf_release(&sql);
	return value;
}

int
test_store_sql(struct store *s, const char *sql)
{
	bool is_own = !store_in_transaction(s);
	int rc;

	/*
	 * Inside store_begin/commit, so that rows the SQL queues for the
	 * search index are indexed as a real commit would (store_commit).
	 */
	if (is_own && store_begin(s, NULL))
		return -1;
	rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	if (is_own) {
		if (rc)
			store_rollback(s);
		else if (store_commit(s, NULL))
			rc = -1;
	}
	return rc;
}

long long
test_store_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v;

	ck_assert_int_eq(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

const char *
test_fixtures(void)
{
	const char *dir = getenv("CENTINELA_FIXTURES");
	struct stat st;

	if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
}

void
test_skip(const char *fmt, ...)
{
	const char *ci = getenv("CI");
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (ci && *ci)
		ck_abort_msg(
		    "skipped under CI (a skipped test proves nothing): %s",
		    reason);
	fprintf(stderr, "SKIP %s: %s\n", tcase_name(), reason);
}

struct store *
test_store_with_org(void)
{
	struct store *s = NULL;
	struct organization o;
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	organization_init(&o);
	o.name = xstrdup("CFE");
	o.sector = xstrdup("energy");
	ck_assert_int_eq(store_organization_upsert(s, &o, NULL, &e), 0);
	organization_release(&o);
	return s;
}

bool
test_nvd_records(const char *name, struct feed_batch *b)
{
	const char *dir = test_fixtures();
	struct strbuf path;
	char *buf = NULL;
	size_t len;
	struct err e;

	if (!dir) {
		test_skip("no $CENTINELA_FIXTURES folder (the NVD fixtures)");
		return false;
	}
	strbuf_init(&path);
	strbuf_addf(&path, "%s/nvd/api2_responses/%s", dir, name);
	ck_assert_msg(fs_read_file(path.buf, 16 << 20, &buf, &len, NULL) == 0,
	              "cannot read %s", path.buf);
	feed_batch_init(b);
	b->source = "nvd";
	ck_assert_msg(feed_nvd_ops.parse(buf, len, "cves", b, &e) == 0, "%s",
	              e.msg);
	ck_assert_uint_eq(b->n_errors, 0);
	free(buf);
	strbuf_release(&path);
	return true;
}
