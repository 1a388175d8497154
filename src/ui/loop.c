/*
 * The event loop: poll() over the terminal, the signal self-pipe and the
 * sync thread's message pipe, with the debounced filter, the coalesced
 * re-query of synced lists and the status bar's ages as timers. Each turn handles what arrived,
 * then redraws what is dirty once (wnoutrefresh per window, one doupdate).
 * Nothing is written while nothing happens. Counts are taken on idle
 * turns (poll with no wait while one is pending), one per turn.
 *
 * --trace-frames writes one line per frame that answers input:
 *   first realtime_us=T exec_us=U bytes=B   the first complete frame: T
 *       is CLOCK_REALTIME in µs (compare with a time taken before exec), U
 *       the time since the process started (10 ms steps), B bytes so far
 *   key=K us=U bytes=B writes=W   a key K (the curses code of the first
 *       key read in the turn) to its doupdate: U µs, B bytes written in W
 *       write(2) calls
 *   key=-2 us=U bytes=B writes=W  the debounced live filter applied
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "internal.h"

/* The mark of a debounced filter being applied. */
#define TRACE_FILTER (-2)

/* Per key: read time, bytes before, for --trace-frames. */
struct trace_mark {
	int key;          /* the key, TRACE_FILTER, -1: none pending */
	int64_t start_us; /* when it was read */
	struct ui_io io;  /* ui_io_written() then */
};

static void
on_signals(struct ui *ui)
{
	unsigned char buf[64];
	ssize_t n;

	while ((n = read(ui->sig_pipe[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			switch (buf[i]) {
			case SIGWINCH:
				ui_term_resize(ui);
				break;
			case SIGTERM:
			case SIGHUP:
				ui->is_quit = true;
				break;
			case SIGINT:
				if (ui->prompt)
					ui_prompt_cancel(ui);
				break;
			case SIGTSTP:
				ui_term_suspend(ui);
				break;
			case SIGCONT:
				clearok(curscr, TRUE);
				ui->dirty = UI_DIRTY_ALL;
				break;
			default:
				break;
			}
		}
	}
}

static void
redraw(struct ui *ui)
{
	if (!ui->dirty)
		return;
	ui_screen_draw(ui);
	doupdate();
	fflush(ui->out);
}

static void
mark_start(struct ui *ui, struct trace_mark *mark, int key)
{
	if (mark->key != -1 || !ui->trace)
		return;
	mark->key = key;
	mark->start_us = ui_now_us();
	mark->io = ui_io_written();
}

/*
 * Microseconds since the process started, from /proc/self/stat (clock
 * ticks since boot, so 10 ms steps) and CLOCK_BOOTTIME; -1 without /proc.
 */
static long long
since_exec_us(void)
{
	FILE *f = fopen("/proc/self/stat", "r");
	unsigned long long start = 0;
	char buf[1024], *p;
	struct timespec ts;
	long hz = sysconf(_SC_CLK_TCK);
	int field = 2;

	if (!f)
		return -1;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	/* the command name may hold spaces: count fields after its ')' */
	p = p ? strrchr(buf, ')') : NULL;
	while (p && *p && field < 22) {
		if (*p++ == ' ')
			field++;
	}
	if (!p || sscanf(p, "%llu", &start) != 1 || hz <= 0)
		return -1;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 -
	       (long long)(start * 1000000ULL / (unsigned long long)hz);
}

static void
trace_first(struct ui *ui)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(ui->trace, "first realtime_us=%lld exec_us=%lld bytes=%llu\n",
	        (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000,
	        since_exec_us(), (unsigned long long)ui_io_written().bytes);
	fflush(ui->trace);
}

/* The trace line of the key marked, if any, once its frame is out. */
static void
trace_key(struct ui *ui, struct trace_mark *mark)
{
	struct ui_io io;

	if (mark->key != -1 && ui->trace) {
		io = ui_io_written();
		fprintf(ui->trace, "key=%d us=%lld bytes=%llu writes=%llu\n",
		        mark->key, (long long)(ui_now_us() - mark->start_us),
		        (unsigned long long)(io.bytes - mark->io.bytes),
		        (unsigned long long)(io.writes - mark->io.writes));
		fflush(ui->trace);
	}
	mark->key = -1;
}

int
ui_loop(struct ui *ui, struct err *e)
{
	struct trace_mark mark = {-1, 0, {0, 0}};
	bool is_first = true;

	while (!ui->is_quit) {
		struct pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0},
		                        {ui->sig_pipe[0], POLLIN, 0},
		                        {ui->sync_pipe[0], POLLIN, 0}};
		int timeout = -1, sync_timeout, ch;
		bool is_idle;

		redraw(ui);
		if (is_first && ui->trace)
			trace_first(ui);
		is_first = false;
		trace_key(ui, &mark);
		if (ui->filter_due_ms) {
			int64_t left = ui->filter_due_ms - ui_now_us() / 1000;

			timeout = left > 0 ? (int)left : 0;
		} else if (ui_idle_pending(ui)) {
			timeout = 0; /* work on this turn if nothing came */
		}
		sync_timeout = ui_sync_timeout(ui);
		if (sync_timeout >= 0 &&
		    (timeout < 0 || sync_timeout < timeout))
			timeout = sync_timeout;
		sync_timeout = ui_dashboard_timeout(ui);
		if (sync_timeout >= 0 &&
		    (timeout < 0 || sync_timeout < timeout))
			timeout = sync_timeout;
		/* a closed descriptor (-1) is ignored by poll; a signal
		 * (EINTR) is read from its pipe on the next turn */
		if (poll(fds, 3, timeout) < 0 && errno != EINTR)
			return err_set(e, ERR_IO,
			               "cannot wait for the terminal: %s (the "
			               "console stopped; start it again)",
			               strerror(errno));
		if (fds[1].revents & POLLIN)
			on_signals(ui);
		if (fds[2].revents & POLLIN)
			ui_sync_read(ui);
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			ui->is_quit = true;
		is_idle = !(fds[0].revents & POLLIN) &&
		          !(fds[1].revents & POLLIN) && !ui->filter_due_ms;
		while ((ch = wgetch(ui->w_input)) != ERR) {
			is_idle = false;
			mark_start(ui, &mark, ch);
			ui_key(ui, ch);
			if (ui->is_quit)
				break;
		}
		/* A `set VIEW.columns` run by those keys takes effect now. */
		ui_sync_columns(ui);
		/* What the sync thread changed, and the status bar's ages. */
		ui_sync_tick(ui);
		if (ui->filter_due_ms &&
		    ui_now_us() / 1000 >= ui->filter_due_ms) {
			ui->filter_due_ms = 0;
			mark_start(ui, &mark, TRACE_FILTER);
			ui_prompt_key(ui, -1); /* apply the pending filter */
		} else if (is_idle && !ui->is_quit) {
			ui_idle_work(ui);
			/* reads a key stops: never before a key's frame */
			ui_dashboard_tick(ui);
		}
	}
	if (ui->cur < ui->n_tabs)
		ui_tab_leave(ui, &ui->tabs[ui->cur]);
	return 0;
}
