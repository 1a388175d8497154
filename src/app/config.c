/*
 * The config file: see include/centinela/app/config.h.
 *
 * The file is checked (owner, mode), read whole with a size cap, and run
 * line by line; a line may hold several commands separated by ';', like the
 * prompt and -c.
 */
#include "centinela/app/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"

static const char config_example[] =
    "# Centinela configuration: one command per line, as typed at the ':'\n"
    "# prompt. Lines starting with '#' are comments; 'help' lists the\n"
    "# commands and 'set' the settings. Remove the '#' to use a line.\n"
    "#\n"
    "# set analyst \"ana.lopez\"\n"
    "# set reference-prefix MX\n"
    "# set default-limit 50\n";

char *
config_default_path(struct err *e)
{
	return fs_xdg_path("XDG_CONFIG_HOME", ".config", "centinela/config", e);
}

/* Write the commented example to a new file at path, 0600. */
static int
create_example(const char *path, struct err *e)
{
	size_t len = sizeof(config_example) - 1, done = 0;
	int rc = fs_ensure_parent(path, e);
	int fd;

	if (rc < 0)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	          0600);
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot create config file '%s': %s",
		               path, strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, config_example + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(e, ERR_IO,
			             "cannot write config file '%s': %s", path,
			             strerror(errno));
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0 && rc == 0)
		rc = err_set(e, ERR_IO, "cannot write config file '%s': %s",
		             path, strerror(errno));
	return rc;
}

/* Refuse a file others could have written (see the header). */
static int
check_private(const char *path, const struct stat *st, struct err *e)
{
	if (!S_ISREG(st->st_mode))
		return err_set(e, ERR_PERM,
		               "config file '%s' is not a regular file", path);
	if (st->st_uid != getuid() && st->st_uid != 0)
		return err_set(e, ERR_PERM,
		               "config file '%s' is owned by uid %ld, not by "
		               "you; refusing it (run: chown %ld '%s')",
		               path, (long)st->st_uid, (long)getuid(), path);
	if (st->st_mode & 022)
		return err_set(e, ERR_PERM,
		               "config file '%s' is writable by %s; refusing "
		               "it (run: chmod 600 '%s')",
		               path,
		               (st->st_mode & 022) == 022 ? "group and others"
		               : (st->st_mode & 020)      ? "group"
		                                          : "others",
		               path);
	return 0;
}

/* Run the lines of buf (len bytes, NUL-terminated) from path. */
static int
run_lines(struct app *app, const char *path, char *buf, size_t len,
          struct strbuf *out, struct err *e)
{
	/* A byte-order mark (Windows editors write one) is not a command. */
	char *line = buf + utf8_bom_len(buf, len), *end = buf + len;
	int lineno = 0;
	int rc = 0;

	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		char *stop = nl ? nl : end;

		lineno++;
		if (memchr(line, '\0', (size_t)(stop - line))) {
			rc = err_set(e, ERR_PARSE, "%s:%d: NUL byte in line",
			             path, lineno);
			break;
		}
		if ((size_t)(stop - line) > CONFIG_LINE_MAX) {
			rc = err_set(e, ERR_LIMIT,
			             "%s:%d: line is longer than %d bytes",
			             path, lineno, CONFIG_LINE_MAX);
			break;
		}
		*stop = '\0';
		rc = command_run_string(app, line, CMD_IN_CONFIG, out, e);
		if (rc < 0) {
			err_prefix(e, "%s:%d", path, lineno);
			break;
		}
		line = stop + 1;
	}
	return rc;
}

int
config_load(struct app *app, const char *path, bool is_explicit,
            struct strbuf *out, struct err *e)
{
	char *owned = NULL, *buf = NULL;
	struct stat st;
	size_t len = 0;
	int rc = 0;

	if (!path) {
		owned = config_default_path(e);
		if (!owned)
			return e ? e->code : ERR_NOTFOUND;
		path = owned;
	}
	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			rc = err_set(e, ERR_IO,
			             "cannot read config file '%s': "
			             "%s",
			             path, strerror(errno));
		else if (is_explicit)
			rc = err_set(e, ERR_NOTFOUND,
			             "config file '%s' does not exist", path);
		else
			rc = create_example(path, e);
		goto out;
	}
	rc = check_private(path, &st, e);
	if (rc < 0)
		goto out;
	rc = fs_read_file(path, CONFIG_FILE_MAX, &buf, &len, e);
	if (rc < 0)
		goto out;
	rc = run_lines(app, path, buf, len, out, e);
out:
	if (rc == 0) {
		free(app->config_path);
		app->config_path = xstrdup(path);
	}
	free(buf);
	free(owned);
	return rc;
}
