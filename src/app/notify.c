/*
 * Notifications of new alerts: see include/centinela/app/notify.h.
 *
 * The state is three alert rowids (what the sync thread inserted, what the
 * message looked at, what the program was given) and at most one running
 * program: its pid, the read end of its standard error and when it
 * started. A tick is cheap when nothing arrived and no program runs.
 */
#include "centinela/app/notify.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/app/lexer.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/notify.h"
#include "centinela/model/alert.h"
#include "centinela/model/enums.h"
#include "centinela/store/alert.h"
#include "centinela/store/list.h"
#include "centinela/sync/source.h"

void
notify_init(struct notify *n)
{
	memset(n, 0, sizeof(*n));
	n->err_fd = -1;
	strbuf_init(&n->stderr_text);
}

static void
close_stderr(struct notify *n)
{
	if (n->err_fd >= 0)
		close(n->err_fd);
	n->err_fd = -1;
}

void
notify_release(struct notify *n)
{
	close_stderr(n);
	strbuf_release(&n->stderr_text);
	free(n->name);
	notify_init(n);
}

void
notify_report_init(struct notify_report *r)
{
	memset(r, 0, sizeof(*r));
}

void
notify_report_release(struct notify_report *r)
{
	free(r->top_title);
	free(r->program_msg);
	notify_report_init(r);
}

int
notify_start(struct notify *n, struct store *s, struct err *e)
{
	int64_t id;
	int rc = store_alert_max_id(s, &id, e);

	if (rc)
		return rc;
	n->upto_id = n->seen_id = n->given_id = id;
	n->is_started = true;
	return 0;
}

void
notify_arrived(struct notify *n, int64_t last_alert_id)
{
	if (last_alert_id > n->upto_id)
		n->upto_id = last_alert_id;
}

bool
notify_is_pending(const struct notify *n)
{
	return n->is_started &&
	       (n->pid || n->upto_id > n->seen_id || n->upto_id > n->given_id);
}

int
notify_timeout_ms(const struct notify *n, int64_t now_ms)
{
	int64_t at;

	if (!n->is_started)
		return -1;
	if (n->pid)
		at = n->check_ms;
	else if (n->upto_id > n->given_id)
		at = n->next_run_ms;
	else
		return -1;
	return at > now_ms ? (int)(at - now_ms) : 0;
}

int
notify_split_program(const char *cmdline, struct strvec *argv, struct err *e)
{
	int rc = lexer_split_words(cmdline ? cmdline : "", argv, e);

	if (rc)
		return rc;
	if (!argv->n)
		return err_set(e, ERR_INVALID,
		               "notify.program holds no command");
	return 0;
}

static enum severity
min_severity(const struct app *app)
{
	enum severity sev;

	if (!app->notify_severity ||
	    severity_parse(app->notify_severity, &sev) < 0)
		return SEVERITY_HIGH;
	return sev;
}

static enum tlp
max_tlp(const struct app *app)
{
	enum tlp t;

	if (!app->notify_max_tlp || tlp_parse(app->notify_max_tlp, &t) < 0)
		return TLP_AMBER;
	return t;
}

static void
free_rows(struct alert *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		alert_release(&rows[i]);
	free(rows);
}

/* Append to r's program message ("; " between two). */
static void
program_say(struct notify_report *r, bool is_error, const char *text)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (r->program_msg) {
		strbuf_adds(&sb, r->program_msg);
		strbuf_adds(&sb, "; ");
	}
	strbuf_adds(&sb, text);
	free(r->program_msg);
	r->program_msg = strbuf_detach(&sb, NULL);
	r->is_program_error |= is_error;
}

/* Take what the program wrote to its standard error, keeping the start. */
static void
drain_stderr(struct notify *n)
{
	char buf[512];
	ssize_t got;

	while (n->err_fd >= 0) {
		got = read(n->err_fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				close_stderr(n); /* every writer closed it */
			break;
		}
		if (n->stderr_text.len < NOTIFY_STDERR_MAX) {
			size_t room = NOTIFY_STDERR_MAX - n->stderr_text.len;

			strbuf_add(&n->stderr_text, buf,
			           (size_t)got < room ? (size_t)got : room);
		}
	}
}

/* The first non-empty line of the program's standard error, sanitized. */
static void
add_stderr_line(const struct notify *n, struct strbuf *out)
{
	const char *p = n->stderr_text.buf;
	size_t len;

	if (!n->stderr_text.len)
		return;
	while (*p == '\n' || *p == '\r')
		p++;
	len = strcspn(p, "\r\n");
	if (!len)
		return;
	strbuf_adds(out, ": ");
	sanitize_append(out, p, len, 0);
}

/* The program ended with status: say so unless it went well. */
static void
program_ended(struct notify *n, int status, struct notify_report *r)
{
	struct strbuf sb;
	char *name = sanitize_dup(n->name, 0);

	drain_stderr(n);
	strbuf_init(&sb);
	if (n->is_killed) {
		strbuf_addf(&sb,
		            "notify.program '%s' ran longer than %ds and was "
		            "killed (make it return sooner, e.g. by sending "
		            "in the background)",
		            name, NOTIFY_TIMEOUT_MS / 1000);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		strbuf_addf(&sb,
		            "notify.program '%s' failed with exit status %d",
		            name, WEXITSTATUS(status));
		add_stderr_line(n, &sb);
	} else if (WIFSIGNALED(status)) {
		strbuf_addf(&sb, "notify.program '%s' was killed by signal %d",
		            name, WTERMSIG(status));
		add_stderr_line(n, &sb);
	}
	if (sb.len)
		program_say(r, true, sb.buf);
	strbuf_release(&sb);
	free(name);
	close_stderr(n);
	strbuf_reset(&n->stderr_text);
	n->pid = 0;
	n->is_killed = false;
}

/* Reap the running program, or kill it when it ran too long. */
static void
check_program(struct notify *n, int64_t now_ms, struct notify_report *r)
{
	int status = 0;
	pid_t w;

	drain_stderr(n);
	do
		w = waitpid(n->pid, &status, WNOHANG);
	while (w < 0 && errno == EINTR);
	if (w == n->pid) {
		program_ended(n, status, r);
		return;
	}
	if (w < 0) {
		/* not our child any more (reaped elsewhere): forget it */
		program_ended(n, 0, r);
		return;
	}
	if (!n->is_killed && now_ms - n->started_ms >= NOTIFY_TIMEOUT_MS) {
		/* its own process group: whatever it started goes too */
		kill(-n->pid, SIGKILL);
		n->is_killed = true;
	}
	n->check_ms = now_ms + NOTIFY_POLL_MS;
}

static int
report_new(struct notify *n, const struct app *app, struct store *s,
           struct notify_report *r, struct err *e)
{
	struct alert *rows;
	size_t k;
	int64_t total, from = n->seen_id;
	int rc;

	n->seen_id = n->upto_id;
	rc = store_alerts_arrived(s, from, n->upto_id, min_severity(app),
	                          TLP_RED, 1, &rows, &k, &total, e);
	if (rc)
		return rc;
	if (total > 0 && k > 0) {
		r->n_new = total;
		r->top_severity = rows[0].severity;
		r->top_title = sanitize_dup(rows[0].title, 0);
		r->is_bell = app->is_notify_bell;
		r->is_flash = app->is_notify_flash;
	}
	free_rows(rows, k);
	return 0;
}

/* One alert as a JSON line into out; false when it does not fit. */
static bool
add_line(struct strbuf *out, const struct alert *a, int cap)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool is_ok;

	if (!f)
		return false;
	is_ok =
	    export_notify_alert(f, &columns_catalog_of(STORE_ALERTS)->fields, a,
	                        cap, NULL) == 0;
	if (fclose(f) != 0)
		is_ok = false;
	is_ok = is_ok && out->len + len <= (size_t)NOTIFY_BYTES_MAX;
	if (is_ok)
		strbuf_add(out, buf, len);
	free(buf);
	return is_ok;
}

/* An in-memory file holding data, at offset 0; -1 with errno. */
static int
memory_file(const struct strbuf *data)
{
	int fd = memfd_create("centinela-notify", MFD_CLOEXEC);
	size_t off = 0;

	if (fd < 0)
		return -1;
	while (off < data->len) {
		ssize_t w = write(fd, data->buf + off, data->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int saved = errno;

			close(fd);
			errno = saved ? saved : EIO;
			return -1;
		}
		off += (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* Whether the environment entry kv names a source's token variable. */
static bool
is_token_var(const struct app *app, const char *kv)
{
	size_t len = strcspn(kv, "=");

	for (size_t i = 0; i < app->n_sources; i++) {
		const char *name = app->sources[i].token_env;

		if (name && strlen(name) == len && strncmp(kv, name, len) == 0)
			return true;
	}
	return false;
}

/*
 * Start argv with in_fd as standard input. Returns 0, or an errno value
 * (posix_spawnp reports a program it cannot execute that way).
 */
static int
spawn(struct notify *n, const struct app *app, char **argv, int in_fd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t all, none;
	struct ptrvec env;
	int errp[2], rc;
	pid_t pid;

	if (pipe2(errp, O_CLOEXEC) < 0)
		return errno;
	if (fcntl(errp[0], F_SETFL, O_NONBLOCK) < 0) {
		rc = errno;
		close(errp[0]);
		close(errp[1]);
		return rc;
	}
	ptrvec_init(&env);
	for (char **p = environ; p && *p; p++)
		if (!is_token_var(app, *p))
			ptrvec_push(&env, *p);
	ptrvec_push(&env, NULL);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
	                                 O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
#if defined(__GLIBC__) &&                                                      \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	/* the terminal, the cache, the sync thread's sockets stay here */
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
	posix_spawnattr_init(&at);
	sigfillset(&all);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF |
	                                  POSIX_SPAWN_SETSIGMASK |
	                                  POSIX_SPAWN_SETPGROUP);
	rc = posix_spawnp(&pid, argv[0], &fa, &at, argv, (char **)env.v);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	ptrvec_release(&env);
	close(errp[1]);
	if (rc) {
		close(errp[0]);
		return rc;
	}
	n->pid = pid;
	n->err_fd = errp[0];
	return 0;
}

/* Give the alerts that arrived since the last run to a new run. */
static int
run_program(struct notify *n, const struct app *app, struct store *s,
            int64_t now_ms, struct notify_report *r, struct err *e)
{
	struct strvec argv;
	struct strbuf data, msg;
	struct alert *rows = NULL;
	size_t k = 0, given = 0;
	int64_t total = 0, from = n->given_id;
	enum tlp cap = max_tlp(app);
	struct err le;
	int rc, fd = -1, sys;

	n->given_id = n->upto_id;
	strvec_init(&argv);
	strbuf_init(&data);
	strbuf_init(&msg);
	rc = store_alerts_arrived(s, from, n->upto_id, min_severity(app), cap,
	                          NOTIFY_RUN_MAX, &rows, &k, &total, e);
	if (rc || !k)
		goto out;
	err_clear(&le);
	if (notify_split_program(app->notify_program, &argv, &le)) {
		strbuf_addf(&msg, "cannot run notify.program: %s", le.msg);
		program_say(r, true, msg.buf);
		goto out;
	}
	for (given = 0; given < k; given++)
		if (!add_line(&data, &rows[given], cap))
			break;
	if (!given)
		goto out;
	fd = memory_file(&data);
	sys = fd < 0 ? errno : spawn(n, app, argv.v, fd);
	if (sys) {
		char *name = sanitize_dup(argv.v[0], 0);

		strbuf_addf(&msg,
		            "cannot run notify.program '%s': %s (check the "
		            "command and PATH, or `set notify.program \"\"`)",
		            name, strerror(sys));
		free(name);
		program_say(r, true, msg.buf);
		goto out;
	}
	free(n->name);
	n->name = xstrdup(argv.v[0]);
	n->started_ms = now_ms;
	n->check_ms = now_ms + NOTIFY_POLL_MS;
	n->next_run_ms = now_ms + NOTIFY_GAP_MS;
	n->is_killed = false;
	n->n_given = (int64_t)given;
	strbuf_reset(&n->stderr_text);
	if ((int64_t)given < total) {
		strbuf_addf(&msg,
		            "notify.program given %zu of %lld new alerts (at "
		            "most %d and %ld MiB per run)",
		            given, (long long)total, NOTIFY_RUN_MAX,
		            (long)(NOTIFY_BYTES_MAX >> 20));
		program_say(r, false, msg.buf);
	}
out:
	if (fd >= 0)
		close(fd);
	free_rows(rows, k);
	strbuf_release(&msg);
	strbuf_release(&data);
	strvec_release(&argv);
	return rc;
}

int
notify_tick(struct notify *n, const struct app *app, struct store *s,
            int64_t now_ms, struct notify_report *r, struct err *e)
{
	int rc = 0, rc2;

	if (!n->is_started)
		return 0;
	if (n->pid)
		check_program(n, now_ms, r);
	if (n->upto_id > n->seen_id)
		rc = report_new(n, app, s, r, e);
	if (!n->pid && n->upto_id > n->given_id) {
		if (!app->notify_program || !app->notify_program[0]) {
			/* no program: nothing waits for one */
			n->given_id = n->upto_id;
		} else if (now_ms >= n->next_run_ms) {
			rc2 = run_program(n, app, s, now_ms, r, rc ? NULL : e);
			if (!rc)
				rc = rc2;
		}
	}
	return rc;
}
