/*
 * Bearer tokens from files and the environment. The checks follow
 * OpenSSH's for private keys: a token readable by others is refused rather
 * than used, with the command that fixes it.
 */
#include "centinela/net/token.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"

void
net_token_wipe(struct strbuf *sb)
{
	if (sb->alloc)
		explicit_bzero(sb->buf, sb->alloc);
	strbuf_release(sb);
}

/* Refuse bytes that cannot be part of a bearer token; where names it. */
static int
check_token(const char *tok, size_t len, const char *what, const char *where,
            struct err *e)
{
	if (len == 0)
		return err_set(e, ERR_INVALID, "%s '%s' holds no token", what,
		               where);
	if (len > NET_TOKEN_MAX)
		return err_set(e, ERR_LIMIT,
		               "token in %s '%s' is longer than %d bytes", what,
		               where, NET_TOKEN_MAX);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)tok[i];

		if (c <= 0x20 || c >= 0x7f)
			return err_set(e, ERR_INVALID,
			               "token in %s '%s' has a space, control "
			               "character or non-ASCII byte at offset "
			               "%zu: write the token alone on one line",
			               what, where, i);
	}
	return 0;
}

int
net_token_read(const char *path, struct strbuf *out, struct err *e)
{
	char buf[NET_TOKEN_MAX + 2];
	size_t len = 0;
	struct stat st;
	int fd, rc = 0;

	/* O_NONBLOCK: a FIFO must not hang us before fstat refuses it. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno == EACCES ? ERR_PERM : ERR_IO,
		               "cannot open token file '%s': %s", path,
		               strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = err_set(e, ERR_IO, "cannot stat token file '%s': %s", path,
		             strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = err_set(e, ERR_INVALID,
		             "token file '%s' is not a regular file", path);
		goto out;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		rc = err_set(e, ERR_PERM,
		             "token file '%s' is owned by another user (uid "
		             "%ld): it must be yours; copy it and run chmod "
		             "600 on the copy",
		             path, (long)st.st_uid);
		goto out;
	}
	if (st.st_mode & 077) {
		rc = err_set(e, ERR_PERM,
		             "token file '%s' is readable by group or others "
		             "(mode %04o): run chmod 600 '%s'",
		             path, (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	while (len < sizeof(buf)) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(e, ERR_IO,
			             "cannot read token file '%s': %s", path,
			             strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	rc = check_token(buf, len, "token file", path, e);
	if (!rc)
		strbuf_add(out, buf, len);
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return rc;
}

int
net_token_from_env(const char *name, struct strbuf *out, struct err *e)
{
	const char *v = getenv(name);
	int rc;

	if (!v || !*v)
		return err_set(e, ERR_NOTFOUND,
		               "environment variable '%s' is not set: export "
		               "the token in it or use a token file",
		               name);
	rc = check_token(v, strlen(v), "environment variable", name, e);
	if (!rc)
		strbuf_adds(out, v);
	return rc;
}
