/*
 * The terminal: newterm() on standard input and output with a fallback
 * chain for unknown TERM values, the byte count for --trace-frames, signals through a
 * self-pipe, suspend and resize, and restoring the terminal on every exit
 * path (including die(), through the log layer's fatal hook).
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "internal.h"

/* The self-pipe's write end, for the handler (an allowed sig_atomic_t). */
static volatile sig_atomic_t signal_fd = -1;

static const int handled_signals[] = {SIGWINCH, SIGTERM, SIGHUP,
                                      SIGINT,   SIGTSTP, SIGCONT};

static void
on_signal(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;

	if (signal_fd >= 0 && write(signal_fd, &b, 1) < 0) {
		/* the pipe is full: a wake-up is pending anyway */
	}
	errno = saved;
}

static void
install(int signo, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(signo, &sa, NULL);
}

static void
fatal_hook(void)
{
	if (!isendwin())
		endwin();
}

int64_t
ui_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * What this process has written, from /proc/self/io: the bytes passed to
 * write(2) and the write calls. ncurses writes with write() on the
 * descriptor of its FILE (a cookie stream would not see it), so
 * --trace-frames counts at the system call. Nothing else writes while a
 * key is handled; the trace line itself is written after the count is
 * taken. Zeros where /proc is missing.
 */
struct ui_io
ui_io_written(void)
{
	struct ui_io io = {0, 0};
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	unsigned long long n;

	if (!f)
		return io;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "wchar: %llu", &n) == 1)
			io.bytes = n;
		else if (sscanf(line, "syscw: %llu", &n) == 1)
			io.writes = n;
	}
	fclose(f);
	return io;
}

/*
 * Make ncurses write a frame in one piece. Until the screen has been
 * suspended once, ncurses 6.4 takes it for one that low-level terminfo
 * code drives, and flushes its output after every cursor movement
 * (_nc_mvcur, while SCREEN._endwin is ewInitial): a page of a list at
 * 200x50 went out in about 270 write(2) calls of a dozen bytes, each a
 * system call and a wake-up of whatever reads the terminal (tmux, sshd:
 * packets), which cost the redraw more than the list's query. Ending the
 * screen and updating it again, before anything is drawn, is the
 * suspension that puts it in the running state, where the output is
 * flushed once per update. The terminal sees the alternate screen left
 * and entered again just before the first frame.
 */
static void
batch_output(void)
{
	endwin();
	doupdate();
}

/* newterm with TERM, then the fallbacks; NULL when none works. */
static SCREEN *
open_screen(struct ui *ui)
{
	static const char *const fallback[] = {"xterm-256color", "xterm",
	                                       "vt100"};
	const char *term = getenv("TERM");
	SCREEN *scr = NULL;

	if (term && *term && strcmp(term, "dumb") != 0)
		scr = newterm(term, ui->out, stdin);
	for (size_t i = 0; !scr && i < ARRAY_SIZE(fallback); i++) {
		scr = newterm(fallback[i], ui->out, stdin);
		if (scr)
			setenv("TERM", fallback[i], 1);
	}
	return scr;
}

int
ui_term_open(struct ui *ui, struct err *e)
{
	const char *codeset = nl_langinfo(CODESET);
	const char *no_color = getenv("NO_COLOR");

	if (pipe(ui->sig_pipe) < 0)
		return err_set(e, ERR_IO, "cannot create a pipe: %s",
		               strerror(errno));
	for (int i = 0; i < 2; i++) {
		fcntl(ui->sig_pipe[i], F_SETFL,
		      fcntl(ui->sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(ui->sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	signal_fd = ui->sig_pipe[1];
	/* installed before newterm, so curses leaves them to us */
	for (size_t i = 0; i < ARRAY_SIZE(handled_signals); i++)
		install(handled_signals[i], on_signal);
	ui->out = fdopen(dup(STDOUT_FILENO), "w");
	if (!ui->out)
		return err_set(e, ERR_IO, "cannot open the terminal stream");
	ui->screen = open_screen(ui);
	if (!ui->screen)
		return err_set(e, ERR_IO,
		               "cannot use the terminal (TERM='%s', and none "
		               "of xterm-256color, xterm, vt100 is known)",
		               getenv("TERM") ? getenv("TERM") : "");
	log_set_fatal_hook(fatal_hook);
	set_term(ui->screen);
	ui->is_utf8 = codeset && strcmp(codeset, "UTF-8") == 0;
	ui->is_mono = (no_color && *no_color) || !has_colors();
	if (!ui->is_mono) {
		start_color();
		use_default_colors();
	}
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	curs_set(0);
	ui->glyphs.ellipsis = ui->is_utf8 ? "\u2026" : "~";
	ui->glyphs.vline = ui->is_utf8 ? "\u2502" : "|";
	ui->glyphs.arrow = ui->is_utf8 ? "\u2192" : "->";
	ui->glyphs.bullet = ui->is_utf8 ? "\u2022" : "*";
	ui->glyphs.mark = ui->is_utf8 ? "\u25cf" : "*";
	ui->w_input = newwin(1, 1, 0, 0);
	keypad(ui->w_input, TRUE);
	nodelay(ui->w_input, TRUE);
	wnoutrefresh(ui->w_input); /* untouched from now on: wgetch never
	                              refreshes it */
	ui_style_init(ui);
	getmaxyx(stdscr, ui->rows, ui->cols);
	batch_output();
	return 0;
}

void
ui_term_close(struct ui *ui)
{
	if (ui->screen) {
		WINDOW **wins[] = {&ui->w_tabs,   &ui->w_main, &ui->w_side,
		                   &ui->w_status, &ui->w_msg,  &ui->w_input,
		                   &ui->w_ask};

		for (size_t i = 0; i < ARRAY_SIZE(wins); i++) {
			WINDOW *win = *wins[i];

			if (win)
				delwin(win);
			*wins[i] = NULL;
		}
		curs_set(1);
		endwin();
		delscreen(ui->screen);
		ui_style_release(ui);
		ui->screen = NULL;
		log_set_fatal_hook(NULL);
	}
	if (ui->out) {
		fclose(ui->out);
		ui->out = NULL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(handled_signals); i++)
		install(handled_signals[i], SIG_DFL);
	signal_fd = -1;
	for (int i = 0; i < 2; i++) {
		if (ui->sig_pipe[i] >= 0)
			close(ui->sig_pipe[i]);
		ui->sig_pipe[i] = -1;
	}
}

void
ui_term_suspend(struct ui *ui)
{
	endwin();
	fflush(ui->out);
	install(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* stopped here until SIGCONT */
	install(SIGTSTP, on_signal);
	clearok(curscr, TRUE);
	ui->dirty = UI_DIRTY_ALL;
	ui_term_resize(ui);
}

void
ui_term_resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row &&
	    ws.ws_col)
		resize_term(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, ui->rows, ui->cols);
	ui_screen_layout(ui);
	/* the terminal may have reflowed what it showed (tmux does):
	 * repaint from scratch rather than trust curses' copy */
	clearok(curscr, TRUE);
	ui->dirty = UI_DIRTY_ALL;
}
