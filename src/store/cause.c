/*
 * Why a cache cannot be opened or written, worded for the analyst: see
 * internal.h.
 *
 * SQLite's result code says what kind of failure it was (SQLITE_FULL,
 * SQLITE_BUSY, SQLITE_NOTADB), the OS error behind a SQLITE_CANTOPEN or
 * SQLITE_IOERR says more (EROFS, EACCES, ENOSPC), and where neither does
 * (SQLITE_READONLY carries no errno) the file's and its folder's access
 * rights do. Only a file that SQLite says is no database is called "not a
 * Centinela cache": telling someone to move a good cache away because its
 * disk is full or read-only would be dangerous advice.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"

/* The folder that holds path (owned): "." for a bare file name. */
char *
store_cause_folder(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static bool
is_readonly_mount(const char *path)
{
	struct statvfs fs;

	return statvfs(path, &fs) == 0 && (fs.f_flag & ST_RDONLY);
}

/*
 * What the access rights say about reading and writing path and creating
 * files beside it, with the effective ids (as open(2) checks them), or
 * STORE_CAUSE_OTHER when they allow it all.
 */
static enum store_cause
access_cause(const char *path)
{
	char *dir = store_cause_folder(path);
	enum store_cause c = STORE_CAUSE_OTHER;

	if (faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) < 0 &&
	    (errno == ENOENT || errno == ENOTDIR))
		c = STORE_CAUSE_MISSING;
	else if (is_readonly_mount(path) || is_readonly_mount(dir))
		c = STORE_CAUSE_READONLY_FS;
	else if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) < 0 &&
	         (errno == EACCES || errno == EPERM))
		c = STORE_CAUSE_NO_READ;
	else if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) < 0)
		c = errno == EROFS ? STORE_CAUSE_READONLY_FS
		                   : STORE_CAUSE_NO_WRITE;
	else if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) < 0)
		c = errno == EROFS ? STORE_CAUSE_READONLY_FS
		                   : STORE_CAUSE_FOLDER;
	free(dir);
	return c;
}

enum store_cause
store_cause_of(const char *path, int sqlite_rc, int sys_errno)
{
	int base = sqlite_rc & 0xff;
	enum store_cause c;

	if (base == SQLITE_FULL || sys_errno == ENOSPC || sys_errno == EDQUOT)
		return STORE_CAUSE_FULL;
	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		return STORE_CAUSE_BUSY;
	if (base == SQLITE_NOTADB || base == SQLITE_CORRUPT)
		return STORE_CAUSE_NOT_CACHE;
	if (sys_errno == EROFS)
		return STORE_CAUSE_READONLY_FS;
	if (base != SQLITE_READONLY && base != SQLITE_CANTOPEN &&
	    base != SQLITE_PERM && base != SQLITE_IOERR)
		return STORE_CAUSE_OTHER;
	c = access_cause(path);
	if (c == STORE_CAUSE_OTHER &&
	    (sys_errno == EACCES || sys_errno == EPERM))
		c = STORE_CAUSE_PERMISSION;
	if (c == STORE_CAUSE_MISSING && base == SQLITE_IOERR)
		c = STORE_CAUSE_OTHER; /* deleted under us: say what failed */
	return c;
}

bool
store_cause_is_unwritable(enum store_cause c)
{
	switch (c) {
	case STORE_CAUSE_READONLY_FS:
	case STORE_CAUSE_NO_WRITE:
	case STORE_CAUSE_FOLDER:
	case STORE_CAUSE_PERMISSION:
	case STORE_CAUSE_FULL:
		return true;
	default:
		return false;
	}
}

void
store_cause_phrase(struct strbuf *sb, enum store_cause c, const char *path,
                   int sys_errno, const char *detail)
{
	char *dir;

	switch (c) {
	case STORE_CAUSE_MISSING:
		strbuf_adds(sb, "no such file or directory");
		break;
	case STORE_CAUSE_READONLY_FS:
		strbuf_adds(sb, "read-only file system");
		break;
	case STORE_CAUSE_NO_READ:
		strbuf_adds(sb, "permission denied: the file is not readable "
		                "by you");
		break;
	case STORE_CAUSE_NO_WRITE:
		strbuf_adds(sb, "permission denied: the file is not writable "
		                "by you");
		break;
	case STORE_CAUSE_FOLDER:
		dir = store_cause_folder(path);
		strbuf_addf(
		    sb,
		    "permission denied: its folder '%s' is not writable "
		    "by you, and SQLite keeps the cache's -wal and -shm "
		    "files there",
		    dir);
		free(dir);
		break;
	case STORE_CAUSE_PERMISSION:
		strbuf_addf(sb, "permission denied (%s)",
		            strerror(sys_errno ? sys_errno : EACCES));
		break;
	case STORE_CAUSE_FULL:
		strbuf_addf(sb, "the disk is full (%s)",
		            strerror(sys_errno ? sys_errno : ENOSPC));
		break;
	case STORE_CAUSE_BUSY:
		strbuf_addf(sb, "another program holds a lock on it (%s)",
		            detail ? detail : "database is locked");
		break;
	case STORE_CAUSE_NOT_CACHE:
		strbuf_addf(sb, "not a Centinela cache (%s)",
		            detail ? detail : "file is not a database");
		break;
	case STORE_CAUSE_OTHER:
		strbuf_adds(sb, detail ? detail : "unknown error");
		if (sys_errno)
			strbuf_addf(sb, " (%s)", strerror(sys_errno));
		break;
	}
}

const char *
store_cause_remedy(enum store_cause c)
{
	switch (c) {
	case STORE_CAUSE_MISSING:
		return "check the path";
	case STORE_CAUSE_READONLY_FS:
		return "remount it read-write, or copy the cache to a writable "
		       "folder and use --db";
	case STORE_CAUSE_NO_WRITE:
	case STORE_CAUSE_FOLDER:
	case STORE_CAUSE_PERMISSION:
		return "ask its owner, or copy the cache to a folder of yours "
		       "and use --db";
	case STORE_CAUSE_NO_READ:
		return "ask its owner, or choose a cache of yours with --db";
	case STORE_CAUSE_FULL:
		return "free space on the file system that holds it";
	case STORE_CAUSE_BUSY:
		return "wait for it to finish (or close the other centinela) "
		       "and try again";
	case STORE_CAUSE_NOT_CACHE:
		return "move it away or choose another file with --db";
	case STORE_CAUSE_OTHER:
		break;
	}
	return "check the disk and the file";
}

int
store_cause_code(enum store_cause c)
{
	switch (c) {
	case STORE_CAUSE_MISSING:
		return ERR_NOTFOUND;
	case STORE_CAUSE_READONLY_FS:
	case STORE_CAUSE_NO_READ:
	case STORE_CAUSE_NO_WRITE:
	case STORE_CAUSE_FOLDER:
	case STORE_CAUSE_PERMISSION:
		return ERR_PERM;
	case STORE_CAUSE_FULL:
		return ERR_IO;
	case STORE_CAUSE_NOT_CACHE:
		return ERR_CORRUPT;
	case STORE_CAUSE_BUSY:
	case STORE_CAUSE_OTHER:
		break;
	}
	return ERR_DB;
}

int
store_cause_err(struct err *e, enum store_cause c, const char *doing,
                const char *path, int sys_errno, const char *detail)
{
	struct strbuf phrase;
	int code = store_cause_code(c);

	strbuf_init(&phrase);
	store_cause_phrase(&phrase, c, path, sys_errno, detail);
	if (c == STORE_CAUSE_NOT_CACHE)
		err_set(e, code, "'%s' is %s; %s", path, phrase.buf,
		        store_cause_remedy(c));
	else
		err_set(e, code, "cannot %s cache '%s': %s; %s", doing, path,
		        phrase.buf, store_cause_remedy(c));
	strbuf_release(&phrase);
	return code;
}
