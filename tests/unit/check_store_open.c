/*
 * Opening the cache when things go wrong: schema versions this program
 * does not know, a missing file, and the OS refusing what SQLite asks
 * (read-only file system, permission, full disk), injected through a VFS
 * shim over the default one, in the spirit of SQLite's own fault-injection
 * harness (src/test_vfs.c, test_devsym.c): the shim passes every call
 * through, and fails the ones a fault names with the code and errno the
 * unix VFS would give.
 */
#include <check.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/sector.h"
#include "centinela/store/store.h"
#include "testutil.h"

/* ---- the fault-injecting VFS ----------------------------------------- */

/* What the shim makes fail; all zero: nothing. */
static struct {
	const char *open_suffixes; /* "-wal -journal": xOpen of those fails */
	int open_errno;            /* ... with SQLITE_CANTOPEN and this errno */
	int shm_errno;             /* making the -shm fails with this errno */
	int writes_left;           /* writes that still succeed, then ... */
	bool is_full;              /* ... every write fails: disk full */
	int last_errno;            /* what xGetLastError reports */
	int n_writes;              /* writes passed through */
} fault;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static sqlite3_io_methods shim_methods;

struct shim_file {
	sqlite3_file base;  /* pMethods: shim_methods */
	sqlite3_file *real; /* the real VFS's file, right after this struct */
};

#define REAL(f) (((struct shim_file *)(f))->real)

/* A write the disk refuses when the fault says it is full. */
static bool
write_fails(void)
{
	if (!fault.is_full)
		return false;
	if (fault.writes_left > 0) {
		fault.writes_left--;
		return false;
	}
	fault.last_errno = ENOSPC;
	return true;
}

static int
shim_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}
static int
shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}
static int
shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (write_fails())
		return SQLITE_FULL; /* what unix VFS makes of ENOSPC */
	fault.n_writes++;
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}
static int
shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int
shim_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int
shim_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int
shim_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}
static int
shim_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}
static int
shim_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int
shim_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int
shim_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int
shim_device_chars(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int
shim_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	/* unix VFS opens (creates) the -shm itself, in its first xShmMap. */
	if (fault.shm_errno) {
		fault.last_errno = fault.shm_errno;
		return SQLITE_CANTOPEN;
	}
	/* Growing the WAL index writes to the -shm file: a full disk fails. */
	if (extend && write_fails())
		return SQLITE_IOERR_SHMSIZE;
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}
static int
shim_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void
shim_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int
shim_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* Whether name ends with one of the words of the fault's suffixes. */
static bool
is_faulted_name(const char *name)
{
	const char *p = fault.open_suffixes;
	size_t n = name ? strlen(name) : 0;

	while (p && *p) {
		size_t len = strcspn(p, " ");

		if (n >= len && strncmp(name + n - len, p, len) == 0)
			return true;
		p += len + (p[len] == ' ');
	}
	return false;
}

static int
shim_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
          int *out_flags)
{
	struct shim_file *sf = (struct shim_file *)f;
	int rc;

	(void)vfs;
	sf->real = (sqlite3_file *)(sf + 1);
	f->pMethods = NULL;
	if (is_faulted_name(name)) {
		fault.last_errno = fault.open_errno;
		return SQLITE_CANTOPEN;
	}
	rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out_flags);
	if (rc == SQLITE_OK)
		f->pMethods = &shim_methods;
	return rc;
}
static int
shim_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}
static int
shim_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}
static int
shim_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}
static int
shim_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}
static int
shim_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}
static int
shim_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}
static int
shim_last_error(sqlite3_vfs *vfs, int n, char *buf)
{
	(void)vfs;
	(void)n;
	(void)buf;
	return fault.last_errno ? fault.last_errno : errno;
}
static int
shim_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

/* Make the shim the default VFS, with no fault yet. */
static void
shim_install(void)
{
	memset(&fault, 0, sizeof(fault));
	real_vfs = sqlite3_vfs_find(NULL);
	ck_assert_ptr_nonnull(real_vfs);
	ck_assert_int_ge(real_vfs->iVersion, 2);
	shim_methods = (sqlite3_io_methods){
	    .iVersion = 2, /* WAL's shared memory, no memory mapping */
	    .xClose = shim_close,
	    .xRead = shim_read,
	    .xWrite = shim_write,
	    .xTruncate = shim_truncate,
	    .xSync = shim_sync,
	    .xFileSize = shim_file_size,
	    .xLock = shim_lock,
	    .xUnlock = shim_unlock,
	    .xCheckReservedLock = shim_check_reserved,
	    .xFileControl = shim_file_control,
	    .xSectorSize = shim_sector_size,
	    .xDeviceCharacteristics = shim_device_chars,
	    .xShmMap = shim_shm_map,
	    .xShmLock = shim_shm_lock,
	    .xShmBarrier = shim_shm_barrier,
	    .xShmUnmap = shim_shm_unmap,
	};
	shim_vfs = (sqlite3_vfs){
	    .iVersion = 2,
	    .szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile,
	    .mxPathname = real_vfs->mxPathname,
	    .zName = "centinela-fault",
	    .xOpen = shim_open,
	    .xDelete = shim_delete,
	    .xAccess = shim_access,
	    .xFullPathname = shim_full_pathname,
	    .xRandomness = shim_randomness,
	    .xSleep = shim_sleep,
	    .xCurrentTime = shim_current_time,
	    .xGetLastError = shim_last_error,
	    .xCurrentTimeInt64 = shim_current_time_int64,
	};
	ck_assert_int_eq(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
}

static void
shim_remove(void)
{
	sqlite3_vfs_unregister(&shim_vfs);
	memset(&fault, 0, sizeof(fault));
}

/* ---- helpers ----------------------------------------------------------- */

/* A new cache at dir/name, closed: its path (owned). */
static char *
new_cache(const char *dir, const char *name)
{
	char *path = test_path(dir, name);
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_sector_add(s, "ports", "Ports", NULL, &e), 0);
	store_close(s);
	return path;
}

static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Whether the message tells a good cache to be moved away. */
static bool
says_move_away(const char *msg)
{
	return strstr(msg, "move it away") || strstr(msg, "not a Centinela");
}

/* The open store reads, refuses writes with why, and says so. */
static void
assert_reads_but_refuses_writes(struct store *s, const char *why)
{
	struct err e;

	ck_assert(store_is_readonly(s));
	ck_assert_ptr_nonnull(store_unwritable_reason(s));
	ck_assert_msg(strstr(store_unwritable_reason(s), why), "%s",
	              store_unwritable_reason(s));
	ck_assert(store_sector_exists(s, "ports"));
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(store_begin(s, &e), ERR_PERM);
	ck_assert_msg(strstr(e.msg, "cannot write cache") && strstr(e.msg, why),
	              "%s", e.msg);
	ck_assert(!says_move_away(e.msg));
}

/* ---- schema versions --------------------------------------------------- */

START_TEST(test_store_open_refuses_unknown_versions)
{
	static const struct {
		const char *set;  /* PRAGMA user_version = this */
		int code;         /* what open returns */
		const char *says; /* in the message */
	} cases[] = {
	    {"-1", ERR_CORRUPT, "schema version -1, which no centinela"},
	    {"-5000000", ERR_CORRUPT, "schema version -5000000,"},
	    {"-2147483648", ERR_CORRUPT, "schema version -2147483648,"},
	    {"2147483647", ERR_INVALID, "schema version 2147483647, newer"},
	    /* Beyond 32 bits SQLite stores 0: a cache "at 0" with tables. */
	    {"9223372036854775807", ERR_CORRUPT,
	     "schema version 0 but holds tables"},
	    {"-9223372036854775808", ERR_CORRUPT,
	     "schema version 0 but holds tables"},
	};
	char *dir = test_tmpdir();
	char *path = new_cache(dir, "cache.db");
	char above[64], sql[96];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (unsigned flags = 0; flags <= STORE_OPEN_READONLY;
		     flags += STORE_OPEN_READONLY) {
			struct store *s = NULL;
			struct err e;

			snprintf(sql, sizeof(sql), "PRAGMA user_version = %s",
			         cases[i].set);
			ck_assert_int_eq(test_sql(path, sql), 0);
			err_clear(&e);
			ck_assert_int_eq(store_open(path, flags, &s, &e),
			                 cases[i].code);
			ck_assert_ptr_null(s);
			ck_assert_msg(strstr(e.msg, cases[i].says), "%s: %s",
			              cases[i].set, e.msg);
			ck_assert(strstr(e.msg, "cache.db'"));
			/* Refused before anything was written. */
			s = NULL;
			ck_assert_int_eq(store_open(path, 0, &s, &e),
			                 cases[i].code);
			ck_assert_int_eq(test_sql(path, "SELECT 1 FROM sector "
			                                "WHERE code = 'ports'"),
			                 0);
		}
	}
	/* The first version above the known one, whatever it is. */
	snprintf(above, sizeof(above), "%d", STORE_SCHEMA_VERSION + 1);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %s", above);
	ck_assert_int_eq(test_sql(path, sql), 0);
	{
		struct store *s = NULL;
		struct err e;

		ck_assert_int_eq(store_open(path, 0, &s, &e), ERR_INVALID);
		ck_assert(strstr(e.msg, "newer than this centinela"));
		ck_assert(strstr(e.msg, above));
	}
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_open_stored_versions_are_32_bit)
{
	/* What the cases above rely on: SQLite's header keeps 32 bits. */
	char *dir = test_tmpdir();
	char *path = test_path(dir, "v.db");
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(
	    sqlite3_exec(db, "PRAGMA user_version = -9223372036854775808", NULL,
	                 NULL, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(
	    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int64(st, 0), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_open_refuses_version_0_with_tables)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "cache.db");
	struct store *s = NULL;
	struct err e;

	/* Ours (application_id) at version 0, with a table in it. */
	ck_assert_int_eq(test_sql(path, "PRAGMA application_id = 1129598540;"
	                                "CREATE TABLE audit (x);"),
	                 0);
	ck_assert_int_eq(store_open(path, 0, &s, &e), ERR_CORRUPT);
	ck_assert_msg(strstr(e.msg, "schema version 0 but holds tables"), "%s",
	              e.msg);
	ck_assert_ptr_null(s);
	/* Nothing was migrated into it. */
	ck_assert_int_eq(test_sql(path, "SELECT * FROM sector"), -1);
	ck_assert_int_eq(test_sql(path, "SELECT x FROM audit"), 0);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* ---- missing files ----------------------------------------------------- */

START_TEST(test_store_open_existing_creates_nothing)
{
	char *dir = test_tmpdir();
	char *sub = test_path(dir, "no/such");
	char *path = test_path(sub, "x.db");
	char *flat = test_path(dir, "x.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(path, STORE_OPEN_EXISTING, &s, &e),
	                 ERR_NOTFOUND);
	ck_assert_msg(strstr(e.msg, "no cache at") && strstr(e.msg, "folder") &&
	                  strstr(e.msg, "does not exist"),
	              "%s", e.msg);
	ck_assert(!exists(sub));
	ck_assert_int_eq(store_open(flat, STORE_OPEN_EXISTING, &s, &e),
	                 ERR_NOTFOUND);
	ck_assert_msg(strstr(e.msg, "no such file"), "%s", e.msg);
	ck_assert(!exists(flat));
	ck_assert_int_eq(store_open(flat, STORE_OPEN_READONLY, &s, &e),
	                 ERR_NOTFOUND);
	ck_assert(!exists(flat));
	ck_assert_ptr_null(s);
	/* An existing cache opens as ever with the flag. */
	free(new_cache(dir, "x.db"));
	ck_assert_msg(store_open(flat, STORE_OPEN_EXISTING, &s, &e) == 0, "%s",
	              e.msg);
	ck_assert(!store_is_readonly(s));
	ck_assert_ptr_null(store_unwritable_reason(s));
	store_close(s);
	free(flat);
	free(path);
	free(sub);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_open_readonly_path_with_uri_characters)
{
	/* mode=ro goes through a URI: '?', '#', '%' must stay the name's. */
	char *dir = test_tmpdir();
	char *sub = test_path(dir, "a?b#c%20d e");
	char *path;
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(mkdir(sub, 0700), 0);
	path = new_cache(sub, "c?mode=rw.db");
	ck_assert_msg(store_open(path, STORE_OPEN_READONLY, &s, &e) == 0, "%s",
	              e.msg);
	ck_assert(store_sector_exists(s, "ports"));
	ck_assert_int_eq(store_begin(s, &e), ERR_PERM);
	store_close(s);
	free(path);
	free(sub);
	test_rmtree(dir);
}
END_TEST

/* ---- faults of the OS -------------------------------------------------- */

/*
 * Make a cache, then let the OS refuse what the fault says: opening the
 * WAL and making its index fail with open_errno (when not 0), or every
 * write fails (is_full). The cache opens for reading all the same, for
 * writing and with STORE_OPEN_READONLY alike, and a write says why and
 * what to do.
 */
static void
check_reads_under_fault(int open_errno, bool is_full, const char *why,
                        const char *remedy)
{
	char *dir = test_tmpdir();
	char *path = new_cache(dir, "cache.db");
	struct store *s = NULL;
	struct err e;

	shim_install();
	fault.open_suffixes = open_errno ? "-wal -journal" : NULL;
	fault.open_errno = open_errno;
	fault.shm_errno = open_errno;
	fault.is_full = is_full;
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	assert_reads_but_refuses_writes(s, why);
	ck_assert_msg(strstr(store_unwritable_reason(s), remedy), "%s",
	              store_unwritable_reason(s));
	store_close(s);
	ck_assert_msg(store_open(path, STORE_OPEN_READONLY, &s, &e) == 0, "%s",
	              e.msg);
	ck_assert(store_is_readonly(s));
	ck_assert_ptr_null(store_unwritable_reason(s));
	ck_assert(store_sector_exists(s, "ports"));
	store_close(s);
	shim_remove();
	free(path);
	test_rmtree(dir);
}

START_TEST(test_store_open_readonly_fs_falls_back_to_reading)
{
	/* A read-only mount: SQLite cannot make the WAL index or WAL. */
	check_reads_under_fault(EROFS, false, "read-only file system",
	                        "remount it read-write");
}
END_TEST

START_TEST(test_store_open_permission_denied_falls_back_to_reading)
{
	/* A folder the user may not write: no -wal, no -shm. */
	check_reads_under_fault(EACCES, false, "permission denied",
	                        "ask its owner");
}
END_TEST

START_TEST(test_store_open_full_disk_falls_back_to_reading)
{
	/* Nothing can be written, not even the WAL index. */
	check_reads_under_fault(0, true, "the disk is full", "free space");
}
END_TEST

START_TEST(test_store_open_wal_that_cannot_be_read_is_refused)
{
	char *dir = test_tmpdir();
	char *path = new_cache(dir, "cache.db");
	char *wal = test_path(dir, "cache.db-wal");
	sqlite3 *db = NULL;
	struct store *s = NULL;
	struct err e;

	/* A writer killed with changes still in its WAL: keep it open. */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
	                              "PRAGMA wal_autocheckpoint = 0;"
	                              "UPDATE sector SET name = 'In the WAL' "
	                              "WHERE code = 'ports'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	ck_assert(exists(wal));
	shim_install();
	fault.shm_errno = EROFS;
	ck_assert_int_eq(store_open(path, 0, &s, &e), ERR_PERM);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(e.msg, "cache.db-wal' may hold changes") &&
	                  strstr(e.msg, "read-only file system"),
	              "%s", e.msg);
	ck_assert(!says_move_away(e.msg));
	ck_assert_int_eq(store_open(path, STORE_OPEN_READONLY, &s, &e),
	                 ERR_PERM);
	ck_assert(strstr(e.msg, "-wal' may hold changes"));
	shim_remove();
	sqlite3_close(db);
	free(wal);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_open_full_disk_on_write_says_so)
{
	char *dir = test_tmpdir();
	char *path = new_cache(dir, "cache.db");
	struct store *s = NULL;
	struct err e;

	shim_install();
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert(!store_is_readonly(s));
	/* The disk fills up while the cache is open. */
	fault.is_full = true;
	ck_assert_int_ne(store_sector_add(s, "mining", "Mining", NULL, &e), 0);
	ck_assert_msg(strstr(e.msg, "the disk is full") &&
	                  strstr(e.msg, "free space"),
	              "%s", e.msg);
	ck_assert(!says_move_away(e.msg));
	fault.is_full = false;
	ck_assert_msg(store_sector_add(s, "mining", "Mining", NULL, &e) == 0,
	              "%s", e.msg);
	store_close(s);
	shim_remove();
	free(path);
	test_rmtree(dir);
}
END_TEST

/*
 * As SQLite's own I/O error tests do: let the Nth write fail, for every N
 * until creating the cache needs no more, and check each time that the
 * failure says the disk is full (never that the file is no cache), and that
 * the cache opens whole once there is room again.
 */
START_TEST(test_store_open_full_disk_at_every_write)
{
	char *dir = test_tmpdir();
	bool is_done = false;

	shim_install();
	for (int n = 0; !is_done && n < 2000; n++) {
		char name[32];
		char *path;
		struct store *s = NULL;
		struct err e;
		int rc;

		snprintf(name, sizeof(name), "c%d.db", n);
		path = test_path(dir, name);
		fault.is_full = true;
		fault.writes_left = n;
		err_clear(&e);
		rc = store_open(path, 0, &s, &e);
		is_done = fault.writes_left > 0; /* the fault was never met */
		if (rc == 0) {
			/* Made before the disk filled: writes say why not. */
			if (store_is_readonly(s))
				ck_assert(strstr(store_unwritable_reason(s),
				                 "the disk is full"));
			store_close(s);
		} else {
			ck_assert_msg(strstr(e.msg, "cannot create cache") ||
			                  strstr(e.msg, "cannot open cache"),
			              "write %d: %s", n, e.msg);
			ck_assert_msg(strstr(e.msg, "the disk is full"),
			              "write %d: %s", n, e.msg);
			ck_assert_msg(!says_move_away(e.msg), "write %d: %s", n,
			              e.msg);
		}
		fault.is_full = false;
		s = NULL;
		ck_assert_msg(store_open(path, 0, &s, &e) == 0, "write %d: %s",
		              n, e.msg);
		ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
		ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
		                                   "pragma_integrity_check "
		                                   "WHERE integrity_check "
		                                   "<> 'ok'"),
		                 0);
		store_close(s);
		free(path);
	}
	ck_assert_msg(is_done, "creating a cache took over 2000 writes");
	shim_remove();
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_open_locked_says_so)
{
	char *dir = test_tmpdir();
	char *path = new_cache(dir, "cache.db");
	sqlite3 *db = NULL;
	struct store *s = NULL;
	struct err e;

	/* Another program holds the cache locked past the busy timeout. */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
	                              "PRAGMA locking_mode = EXCLUSIVE;"
	                              "BEGIN EXCLUSIVE;"
	                              "UPDATE sector SET name = name",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(store_open(path, 0, &s, &e), ERR_DB);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(e.msg, "another program holds a lock on it") &&
	                  strstr(e.msg, "try again"),
	              "%s", e.msg);
	ck_assert(!says_move_away(e.msg));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_store_open_garbage_is_still_not_a_cache)
{
	char *dir = test_tmpdir();
	char *path = test_write_file(
	    dir, "junk.db",
	    "this is not a database, not even close, padding "
	    "padding padding padding padding padding padding\n");
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(path, 0, &s, &e), ERR_CORRUPT);
	ck_assert_msg(strstr(e.msg, "is not a Centinela cache") &&
	                  strstr(e.msg, "move it away"),
	              "%s", e.msg);
	ck_assert_int_eq(store_open(path, STORE_OPEN_READONLY, &s, &e),
	                 ERR_CORRUPT);
	ck_assert(strstr(e.msg, "is not a Centinela cache"));
	free(path);
	test_rmtree(dir);
}
END_TEST

Suite *
store_open_suite(void)
{
	Suite *s = suite_create("store_open");
	TCase *tc = tcase_create("core");

	/* The lock test waits out the 5 s busy timeout. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_store_open_refuses_unknown_versions);
	tcase_add_test(tc, test_store_open_stored_versions_are_32_bit);
	tcase_add_test(tc, test_store_open_refuses_version_0_with_tables);
	tcase_add_test(tc, test_store_open_existing_creates_nothing);
	tcase_add_test(tc, test_store_open_readonly_path_with_uri_characters);
	tcase_add_test(tc, test_store_open_readonly_fs_falls_back_to_reading);
	tcase_add_test(tc,
	               test_store_open_permission_denied_falls_back_to_reading);
	tcase_add_test(tc, test_store_open_wal_that_cannot_be_read_is_refused);
	tcase_add_test(tc, test_store_open_full_disk_falls_back_to_reading);
	tcase_add_test(tc, test_store_open_full_disk_on_write_says_so);
	tcase_add_test(tc, test_store_open_locked_says_so);
	tcase_add_test(tc, test_store_open_garbage_is_still_not_a_cache);
	suite_add_tcase(s, tc);

	/*
	 * Failing each write of a cache's creation in turn creates it once
	 * per write it makes, each schema version adding writes (about 25 s
	 * alone at version 7 on a loaded 2-core machine, twice that beside
	 * other builds): a case of its own, with room.
	 */
	tc = tcase_create("every_write");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_store_open_full_disk_at_every_write);
	suite_add_tcase(s, tc);
	return s;
}
