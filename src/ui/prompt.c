/*
 * The ':' command prompt and the '/' filter prompt, on GNU readline's
 * callback interface: the loop hands each key to readline through
 * rl_getc_function, readline edits rl_line_buffer, and our redisplay
 * function only marks the message line dirty; it is drawn with everything
 * else. The blocking readline() is never called, so the screen keeps
 * updating while the analyst types.
 *
 * Readline's callbacks take no context pointer, so the console being
 * edited is kept in one file-scope pointer, set while a prompt is open
 * (the one mutable global here, forced by that API).
 */
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

static struct ui *active;

/* Bytes waiting for readline (one key may be several bytes). */
static unsigned char pending[16];
static size_t n_pending;

#define FILTER_DEBOUNCE_MS 80

static int
prompt_getc(FILE *in)
{
	int c;

	(void)in;
	if (!n_pending)
		return EOF;
	c = pending[0];
	memmove(pending, pending + 1, --n_pending);
	return c;
}

static int
prompt_input_available(void)
{
	return n_pending > 0;
}

static void
prompt_redisplay(void)
{
	if (active)
		active->dirty |= UI_DIRTY_MSG;
}

static void
prompt_noop_prep(int meta)
{
	(void)meta;
}

static void
prompt_noop_deprep(void)
{
}

static char *
history_path(int kind)
{
	struct err e;

	err_clear(&e);
	return fs_xdg_path("XDG_STATE_HOME", ".local/state",
	                   kind == UI_PROMPT_COMMAND
	                       ? "centinela/history_command"
	                       : "centinela/history_filter",
	                   &e);
}

static void
close_prompt(struct ui *ui)
{
	rl_callback_handler_remove();
	ui->prompt = UI_PROMPT_NONE;
	ui->filter_due_ms = 0;
	n_pending = 0;
	active = NULL;
	curs_set(0);
	ui->dirty |= UI_DIRTY_MSG | UI_DIRTY_STATUS;
}

static void
save_history(int kind, const char *line)
{
	char *path = history_path(kind);
	struct err e;

	add_history(line);
	err_clear(&e);
	if (path && fs_ensure_parent(path, &e) == 0 &&
	    fs_ensure_private_file(path, &e) == 0) {
		stifle_history(500);
		write_history(path);
	}
	free(path);
}

static void
apply_filter(struct ui *ui, const char *text)
{
	struct tab *tab = ui_tab(ui);
	struct err e;

	err_clear(&e);
	if (strcmp(tab->filter_text, text) == 0)
		return;
	if (ui_tab_set_filter(ui, tab, text, &e))
		ui_message(ui, true, "%s", e.msg);
	else
		ui_message(ui, false, "%lld matching", (long long)tab->count);
}

static void
on_line(char *line)
{
	struct ui *ui = active;
	int kind;

	if (!ui)
		goto out;
	kind = ui->prompt;
	close_prompt(ui);
	if (!line) /* Ctrl-D on an empty line */
		goto out;
	if (*line)
		save_history(kind, line);
	if (kind == UI_PROMPT_COMMAND) {
		ui_command(ui, line, CMD_IN_PROMPT);
		ui->dirty = UI_DIRTY_ALL;
	} else
		apply_filter(ui, line);
out:
	free(line);
}

/* Completion words: commands, then views, then filter fields. */
static const char *const filter_fields[] = {
    "status:",   "severity:", "severity>=", "tlp:",
    "pap:",      "assignee:", "org:",       "sector:",
    "category:", "taxonomy:", "age<",       "due<",
    "feed:",     "source:",   "kind:",      "criticality>=",
    "region:",   "name:",     "ip:",        "state:",
    NULL};

static char *
complete_word(const char *text, int state)
{
	static size_t i; /* readline's generator protocol keeps state */
	size_t len = strlen(text);
	size_t n_cmd = command_count(), n_view = view_count();

	if (!state)
		i = 0;
	for (; active; i++) {
		const char *w;

		if (active->prompt == UI_PROMPT_COMMAND && rl_point == rl_end &&
		    !memchr(rl_line_buffer, ' ', (size_t)rl_point)) {
			if (i >= n_cmd)
				return NULL;
			w = command_at(i)->name;
		} else if (i < n_view) {
			w = view_at(i)->name;
		} else if (i - n_view <
		           sizeof(filter_fields) / sizeof(*filter_fields) - 1) {
			w = filter_fields[i - n_view];
		} else {
			return NULL;
		}
		if (strncmp(w, text, len) == 0) {
			i++;
			return xstrdup(w);
		}
	}
	return NULL;
}

static char **
complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;
	if (active && active->prompt == UI_PROMPT_FILTER)
		rl_completion_append_character = '\0';
	return rl_completion_matches(text, complete_word);
}

void
ui_prompt_open(struct ui *ui, int kind)
{
	static FILE *devnull;
	char *path;

	if (ui->prompt)
		return;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	active = ui;
	ui->prompt = kind;
	n_pending = 0;
	rl_readline_name = "centinela";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_getc_function = prompt_getc;
	rl_input_available_hook = prompt_input_available;
	rl_redisplay_function = prompt_redisplay;
	rl_prep_term_function = prompt_noop_prep;
	rl_deprep_term_function = prompt_noop_deprep;
	rl_attempted_completion_function = complete;
	rl_instream = stdin;
	rl_outstream = devnull;
	clear_history();
	path = history_path(kind);
	if (path)
		read_history(path);
	free(path);
	rl_callback_handler_install(kind == UI_PROMPT_COMMAND ? ":" : "/",
	                            on_line);
	if (kind == UI_PROMPT_FILTER && *ui_tab(ui)->filter_text) {
		rl_insert_text(ui_tab(ui)->filter_text);
	}
	curs_set(1);
	free(ui->msg);
	ui->msg = NULL;
	ui->dirty |= UI_DIRTY_MSG;
}

void
ui_prompt_cancel(struct ui *ui)
{
	if (!ui->prompt)
		return;
	if (ui->prompt == UI_PROMPT_FILTER)
		apply_filter(ui, "");
	close_prompt(ui);
}

static void
feed(const char *bytes, size_t n)
{
	if (n > sizeof(pending) - n_pending)
		return;
	memcpy(pending + n_pending, bytes, n);
	n_pending += n;
	while (n_pending && active)
		rl_callback_read_char();
}

void
ui_prompt_key(struct ui *ui, int key)
{
	char c;

	if (key == -1) {
		/* the debounce timer: filter with what is typed so far */
		if (ui->prompt == UI_PROMPT_FILTER)
			apply_filter(ui, rl_line_buffer);
		return;
	}
	switch (key) {
	case 27:       /* Esc */
	case 'G' - 64: /* Ctrl-G */
		ui_prompt_cancel(ui);
		return;
	case KEY_LEFT:
		c = 'B' - 64;
		break;
	case KEY_RIGHT:
		c = 'F' - 64;
		break;
	case KEY_UP:
		c = 'P' - 64;
		break;
	case KEY_DOWN:
		c = 'N' - 64;
		break;
	case KEY_HOME:
		c = 'A' - 64;
		break;
	case KEY_END:
		c = 'E' - 64;
		break;
	case KEY_BACKSPACE:
		c = 127;
		break;
	case KEY_DC:
		feed("\033[3~", 4);
		goto changed;
	case KEY_ENTER:
		c = '\r';
		break;
	default:
		if (key < 0 || key > 255)
			return;
		c = (char)key;
	}
	feed(&c, 1);
changed:
	if (ui->prompt == UI_PROMPT_FILTER)
		ui->filter_due_ms = ui_now_us() / 1000 + FILTER_DEBOUNCE_MS;
	ui->dirty |= UI_DIRTY_MSG;
}

void
ui_prompt_draw(struct ui *ui)
{
	WINDOW *w = ui->w_msg;
	int width;

	if (!w)
		return;
	width = getmaxx(w);
	wbkgdset(w, ' ');
	werase(w);
	if (ui->prompt && active) {
		char lead[2] = {(char)ui->prompt, '\0'};
		char *before, *line;
		size_t point = (size_t)rl_point;
		int cursor;

		line = ui_clean(rl_line_buffer);
		if (point > strlen(rl_line_buffer))
			point = strlen(rl_line_buffer);
		before = xstrndup(rl_line_buffer, point);
		{
			char *b = ui_clean(before);

			cursor = 1 + (int)utf8_width(b, strlen(b));
			free(b);
		}
		free(before);
		wattrset(w, ui_style(ui, "prompt"));
		mvwaddstr(w, 0, 0, lead);
		waddnstr(w, line,
		         (int)utf8_fit(line, strlen(line),
		                       (size_t)(width > 2 ? width - 2 : 1),
		                       NULL));
		free(line);
		if (ui->prompt == UI_PROMPT_FILTER) {
			struct tab *tab = ui_tab(ui);
			char count[48];
			int n = snprintf(count, sizeof(count), " %lld matching",
			                 (long long)tab->count);

			if (n > 0 && n < width - cursor - 2) {
				wattrset(w, ui_style(ui, "message"));
				mvwaddstr(w, 0, width - n - 1, count);
			}
		}
		if (cursor >= width)
			cursor = width - 1;
		wmove(w, 0, cursor);
		leaveok(w, FALSE);
	} else {
		leaveok(w, TRUE);
		if (ui->msg) {
			wattrset(w,
			         ui_style(ui, ui->is_msg_error ? "message.error"
			                                       : "message"));
			mvwaddnstr(w, 0, 0, ui->msg,
			           (int)utf8_fit(ui->msg, strlen(ui->msg),
			                         (size_t)(width - 1), NULL));
		}
	}
	wnoutrefresh(w);
}
