/* Files and folders: see include/centinela/base/fsutil.h. */
#include "centinela/base/fsutil.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"

char *
fs_xdg_path(const char *env, const char *fallback, const char *leaf,
            struct err *e)
{
	const char *base = getenv(env);
	struct strbuf sb;

	strbuf_init(&sb);
	if (base && base[0] == '/') {
		strbuf_addf(&sb, "%s/%s", base, leaf);
	} else {
		const char *home = getenv("HOME");

		if (!home || home[0] != '/') {
			err_set(
			    e, ERR_NOTFOUND,
			    "cannot find a folder for '%s': neither $%s nor "
			    "$HOME is an absolute path; set one or use --db",
			    leaf, env);
			return NULL;
		}
		strbuf_addf(&sb, "%s/%s/%s", home, fallback, leaf);
	}
	return strbuf_detach(&sb, NULL);
}

int
fs_mkdir_p(const char *dir, mode_t mode, struct err *e)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			rc = err_set(e, ERR_IO, "cannot create folder '%s': %s",
			             p, strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

int
fs_ensure_parent(const char *path, struct err *e)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;

	if (!slash || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	rc = fs_mkdir_p(dir, 0700, e);
	free(dir);
	return rc;
}

int
fs_ensure_private_file(const char *path, bool is_ours, struct err *e)
{
	struct stat st;
	int fd;

	/*
	 * An existing file is never opened here: closing a descriptor of a
	 * file drops every POSIX lock this process holds on it, and SQLite
	 * keeps its locks on the cache that way; a connection of this
	 * process that lost them lets another process delete the WAL under
	 * it. So: create with O_EXCL, else look with lstat and chmod by name
	 * (the folder is ours and 0700).
	 */
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	          0600);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno != EEXIST)
		return err_set(e, ERR_IO, "cannot create '%s': %s", path,
		               strerror(errno));
	if (lstat(path, &st) < 0)
		return err_set(e, ERR_IO, "cannot stat '%s': %s", path,
		               strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(e, ERR_PERM, "'%s' is not a regular file%s",
		               path,
		               S_ISLNK(st.st_mode) ? " (a symbolic link)" : "");
	/* Never change the mode of a file that may be someone else's. */
	if (is_ours && (st.st_mode & 077) && chmod(path, st.st_mode & 0700) < 0)
		return err_set(e, ERR_PERM,
		               "'%s' is readable by others and cannot be made "
		               "private: %s; run: chmod 600 '%s'",
		               path, strerror(errno), path);
	return 0;
}

int
fs_read_chunks(const char *path, size_t cap,
               int (*chunk)(void *ctx, const char *buf, size_t len,
                            struct err *e),
               void *ctx, struct err *e)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	char *buf;
	size_t total = 0;
	int rc = 0;

	if (!fp)
		return err_set(e, ERR_IO, "cannot open '%s': %s", path,
		               strerror(errno));
	buf = xmalloc(FS_CHUNK);
	for (;;) {
		size_t n = fread(buf, 1, FS_CHUNK, fp);

		if (n > cap - total) {
			rc = err_set(e, ERR_LIMIT,
			             "'%s' is larger than the %zu-byte limit",
			             path, cap);
			break;
		}
		total += n;
		if (n && (rc = chunk(ctx, buf, n, e)))
			break;
		if (n < FS_CHUNK) {
			if (ferror(fp))
				rc = err_set(e, ERR_IO, "cannot read '%s': %s",
				             path, strerror(errno));
			break;
		}
	}
	free(buf);
	if (!is_stdin)
		fclose(fp);
	return rc;
}

static int
append_chunk(void *ctx, const char *buf, size_t len, struct err *e)
{
	(void)e;
	strbuf_add(ctx, buf, len);
	return 0;
}

int
fs_read_file(const char *path, size_t cap, char **out, size_t *len,
             struct err *e)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	rc = fs_read_chunks(path, cap, append_chunk, &sb, e);
	if (rc) {
		strbuf_release(&sb);
		return rc;
	}
	*out = strbuf_detach(&sb, len);
	return 0;
}
