/*
 * The analyst's editor on a draft file: see include/centinela/app/editor.h.
 *
 * The editor runs as `sh -c 'exec EDITOR "$@"' EDITOR FILE`, as git runs it:
 * the variable may hold options, and the file name is passed as an
 * argument, never pasted into the shell text.
 */
#include "centinela/app/editor.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"

void
editor_draft_init(struct editor_draft *d)
{
	memset(d, 0, sizeof(*d));
}

void
editor_draft_release(struct editor_draft *d)
{
	free(d->path);
	free(d->text);
	free(d->why);
	editor_draft_init(d);
}

void
editor_draft_discard(struct editor_draft *d)
{
	if (d->path)
		unlink(d->path);
	free(d->path);
	d->path = NULL;
}

const char *
editor_command(void)
{
	const char *v = getenv("VISUAL");

	if (v && *v)
		return v;
	v = getenv("EDITOR");
	return v && *v ? v : "vi";
}

/* A new empty private file; its path into d->path. */
static int
make_draft(struct editor_draft *d, struct err *e)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf sb;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/centinela-note-XXXXXX", dir);
	fd = mkstemp(sb.buf); /* mode 0600 */
	if (fd < 0) {
		int rc = err_set(e, ERR_IO, "cannot create a draft in '%s': %s",
		                 dir, strerror(errno));

		strbuf_release(&sb);
		return rc;
	}
	close(fd);
	d->path = strbuf_detach(&sb, NULL);
	return 0;
}

/* Run the editor on path and wait; its wait status into *status. */
static void
run_editor(struct app *app, const char *path, int *status)
{
	const char *editor = editor_command();
	struct strbuf script;
	pid_t pid;
	struct sigaction ign, old_int, old_quit;

	strbuf_init(&script);
	/* exec: a signal that kills the editor is what the wait reports */
	strbuf_addf(&script, "exec %s \"$@\"", editor);
	if (app->ui && app->ui->terminal)
		app->ui->terminal(app->ui->ctx, true);
	/* as system() does: Ctrl-C is the editor's, not ours */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", script.buf, editor, path,
		      (char *)NULL);
		_exit(127);
	}
	*status = 127 << 8;
	if (pid > 0)
		while (waitpid(pid, status, 0) < 0 && errno == EINTR)
			; /* a resize or other signal for the console */
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (app->ui && app->ui->terminal)
		app->ui->terminal(app->ui->ctx, false);
	strbuf_release(&script);
}

/* Write text and a newline into the draft d->path. */
static int
fill_draft(const struct editor_draft *d, const char *text, struct err *e)
{
	FILE *f = fopen(d->path, "w");
	int is_bad;

	if (!f)
		return err_set(e, ERR_IO, "cannot write the draft '%s': %s",
		               d->path, strerror(errno));
	is_bad = fputs(text, f) < 0 || putc('\n', f) == EOF;
	if (fclose(f) || is_bad)
		return err_set(e, ERR_IO, "cannot write the draft '%s': %s",
		               d->path, strerror(errno));
	return 0;
}

int
editor_run(struct app *app, size_t max, struct editor_draft *d, struct err *e)
{
	return editor_run_text(app, max, NULL, d, e);
}

int
editor_run_text(struct app *app, size_t max, const char *text,
                struct editor_draft *d, struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	int status = 0, rc;

	rc = make_draft(d, e);
	if (rc)
		return rc;
	if (text && *text && (rc = fill_draft(d, text, e)))
		return rc;
	run_editor(app, d->path, &status);
	if (WIFSIGNALED(status) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		struct strbuf sb;

		strbuf_init(&sb);
		if (WIFSIGNALED(status))
			strbuf_addf(&sb, "killed by signal %d",
			            WTERMSIG(status));
		else
			strbuf_addf(&sb, "exited with status %d",
			            WIFEXITED(status) ? WEXITSTATUS(status)
			                              : -1);
		d->is_failed = true;
		d->why = strbuf_detach(&sb, NULL);
	}
	rc = fs_read_file(d->path, max, &buf, &len, e);
	if (rc)
		return rc;
	if (strlen(buf) != len) {
		free(buf);
		return err_set(e, ERR_INVALID,
		               "the draft '%s' holds a NUL byte", d->path);
	}
	while (len && strchr(" \t\r\n", buf[len - 1]))
		buf[--len] = '\0';
	d->text = buf;
	return 0;
}
