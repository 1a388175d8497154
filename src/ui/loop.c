/*
 * The event loop: poll() over the terminal and the signal self-pipe, with
 * the debounced filter as the only timer. Each turn handles what arrived,
 * then redraws what is dirty once (wnoutrefresh per window, one doupdate).
 * Nothing is written while nothing happens.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "internal.h"

/* Per key: read time, bytes before, for --trace-frames. */
struct trace_mark {
	int key;          /* the key, -1: none pending */
	int64_t start_us; /* when it was read */
	uint64_t bytes;   /* ui_bytes_written() then */
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

int
ui_loop(struct ui *ui, struct err *e)
{
	struct trace_mark mark = {-1, 0, 0};

	(void)e;
	while (!ui->is_quit) {
		struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0},
		                        {ui->sig_pipe[0], POLLIN, 0}};
		int timeout = -1, ch;

		redraw(ui);
		if (mark.key >= 0 && ui->trace) {
			fprintf(ui->trace, "key=%d us=%lld bytes=%llu\n",
			        mark.key,
			        (long long)(ui_now_us() - mark.start_us),
			        (unsigned long long)(ui_bytes_written() -
			                             mark.bytes));
			fflush(ui->trace);
		}
		mark.key = -1;
		if (ui->filter_due_ms) {
			int64_t left = ui->filter_due_ms - ui_now_us() / 1000;

			timeout = left > 0 ? (int)left : 0;
		}
		if (poll(fds, 2, timeout) < 0 && errno != EINTR)
			break;
		if (fds[1].revents & POLLIN)
			on_signals(ui);
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			ui->is_quit = true;
		while ((ch = wgetch(ui->w_input)) != ERR) {
			if (mark.key < 0) {
				mark.key = ch;
				mark.start_us = ui_now_us();
				mark.bytes = ui->trace ? ui_bytes_written() : 0;
			}
			ui_key(ui, ch);
			if (ui->is_quit)
				break;
		}
		if (ui->filter_due_ms &&
		    ui_now_us() / 1000 >= ui->filter_due_ms) {
			ui->filter_due_ms = 0;
			ui_prompt_key(ui, -1); /* apply the pending filter */
		}
	}
	return 0;
}
