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
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/keymap.h"
#include "centinela/app/lexer.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/wrap.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "internal.h"

static struct ui *active;

/* Bytes waiting for readline (one key may be several bytes). */
static unsigned char pending[16];
static size_t n_pending;

#define FILTER_DEBOUNCE_MS 80
/* Lines a history file keeps. */
#define UI_HISTORY_MAX 500

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
	free(ui->prompt_hint);
	ui->prompt_hint = NULL;
	curs_set(ui->form ? 1 : 0);
	ui->dirty |= UI_DIRTY_MSG | UI_DIRTY_STATUS;
}

/*
 * A history file that cannot be read or written: the prompt works
 * without it, so it is said once a session, when the prompt closes
 * (show_history_failure), rather than in the way of what is typed.
 */
static void
history_failed(struct ui *ui, const char *what, const char *path,
               const char *why)
{
	struct strbuf sb;

	if (ui->is_history_told || ui->history_msg)
		return;
	strbuf_init(&sb);
	strbuf_addf(&sb,
	            "cannot %s the prompt history '%s': %s (the prompt "
	            "works without it; check the file and its folder)",
	            what, path, why);
	ui->history_msg = strbuf_detach(&sb, NULL);
}

static void
show_history_failure(struct ui *ui)
{
	if (!ui->history_msg)
		return;
	ui_message(ui, true, "%s", ui->history_msg);
	free(ui->history_msg);
	ui->history_msg = NULL;
	ui->is_history_told = true;
}

static void
save_history(struct ui *ui, int kind, const char *line)
{
	char *path = history_path(kind);
	struct err e;
	int rc;

	add_history(line);
	err_clear(&e);
	if (!path)
		goto out;
	if (fs_ensure_parent(path, &e) ||
	    fs_ensure_private_file(path, true, &e)) {
		history_failed(ui, "save", path, e.msg);
		goto out;
	}
	stifle_history(UI_HISTORY_MAX);
	/* readline returns an errno value */
	if ((rc = write_history(path)) != 0)
		history_failed(ui, "save", path, strerror(rc));
out:
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
	/* The count follows on an idle turn, in the tab and status bars. */
	if (ui_tab_set_filter(ui, tab, text, &e))
		ui_message(ui, true, "%s", e.msg);
}

/* The ask prompt's answer: run its command, or say it was cancelled. */
static void
answer(struct ui *ui, const char *line)
{
	struct strvec argv = ui->ask_argv; /* the command may ask again */
	const char *p = line;

	strvec_init(&ui->ask_argv);
	while (*p == ' ' || *p == '\t')
		p++;
	if (argv.n && (ui->is_ask_confirm ? strcasecmp(p, "y") == 0 ||
	                                        strcasecmp(p, "yes") == 0
	                                  : *p != '\0')) {
		if (!ui->is_ask_confirm)
			strvec_push(&argv, line);
		ui_command_argv(ui, (int)argv.n, argv.v, CMD_IN_PROMPT);
	} else {
		ui_message(ui, false, "cancelled");
	}
	strvec_release(&argv);
}

static void open_prompt(struct ui *ui, int kind, const char *initial);

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
	if (*line && kind != UI_PROMPT_ASK)
		save_history(ui, kind, line);
	if (kind == UI_PROMPT_ASK) {
		answer(ui, line);
		ui->dirty = UI_DIRTY_ALL;
	} else if (kind == UI_PROMPT_COMMAND) {
		ui_command(ui, line, CMD_IN_PROMPT);
		ui->dirty = UI_DIRTY_ALL;
	} else
		apply_filter(ui, line);
	/* after what the line did, so that it is not hidden by it */
	show_history_failure(ui);
out:
	free(line);
}

/*
 * Tab completion. Readline finds the word before the cursor (blanks break
 * words, so "severity>=hi" is one word) and asks complete() for it; the
 * candidates come from where the words are defined (the command, setting
 * and theme tables, the tabs, the store's filter fields and values), so
 * they cannot drift. complete() builds readline's match array itself:
 * nothing is kept between calls.
 */

/* Push name to out when it starts with text (case-insensitive: nocase). */
static void
push_match(struct strvec *out, const char *text, size_t len, bool is_nocase,
           const char *name)
{
	if (is_nocase ? strncasecmp(name, text, len) != 0
	              : strncmp(name, text, len) != 0)
		return;
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->v[i], name) == 0)
			return;
	strvec_push(out, name);
}

/* Readline's match array for the matches (taken), NULL for none. */
static char **
match_array(struct strvec *m, bool is_nocase)
{
	char **v;
	size_t lcd;

	if (!m->n) {
		strvec_release(m);
		return NULL;
	}
	/* entry 0 replaces the word: the longest common prefix */
	lcd = strlen(m->v[0]);
	for (size_t i = 1; i < m->n; i++) {
		size_t k = 0;

		while (k < lcd && m->v[i][k] &&
		       (is_nocase ? tolower((unsigned char)m->v[i][k]) ==
		                        tolower((unsigned char)m->v[0][k])
		                  : m->v[i][k] == m->v[0][k]))
			k++;
		lcd = k;
	}
	v = xcalloc(m->n + 2, sizeof(*v));
	if (m->n == 1) {
		v[0] = m->v[0];
		m->v[0] = NULL;
	} else {
		v[0] = xstrndup(m->v[0], lcd);
		for (size_t i = 0; i < m->n; i++) {
			v[i + 1] = m->v[i];
			m->v[i] = NULL;
		}
	}
	m->n = 0;
	strvec_release(m);
	return v;
}

/*
 * At the ':' prompt: the word at start is word number n (0: the command)
 * of the line; the command table offers the names, and the completer of
 * the command (its row in the table) what may follow the words before.
 */
static char **
complete_command(struct ui *ui, const char *text, int start)
{
	size_t len = strlen(text);
	struct strvec m, words, cands;
	const char *p = rl_line_buffer, *end = rl_line_buffer + start;
	struct cmd_ctx ctx;

	strvec_init(&m);
	strvec_init(&words);
	strvec_init(&cands);
	while (p < end) {
		size_t w;

		p += strspn(p, " \t");
		w = strcspn(p, " \t");
		if (p >= end || p + w > end)
			break;
		strvec_push_take(&words, xstrndup(p, w));
		p += w;
	}
	rl_completion_append_character = ' ';
	ui_cmd_ctx_init(ui, &ctx, CMD_IN_PROMPT);
	command_complete(&ctx, (int)words.n, words.v, &cands);
	cmd_ctx_release(&ctx);
	for (size_t i = 0; i < cands.n; i++)
		push_match(&m, text, len, false, cands.v[i]);
	strvec_release(&cands);
	strvec_release(&words);
	return match_array(&m, false);
}

/* Bytes of a filter field name at the start of s. */
static size_t
field_length(const char *s)
{
	size_t n = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-')
		n++;
	return n;
}

/*
 * At the '/' prompt: a word without an operator is a field name (given
 * with its ':'); after "field:" (or "field>=", "!field:", "field:a,") the
 * word is completed with the field's values, as the whole word.
 */
static char **
complete_filter(struct ui *ui, const char *text)
{
	const struct tab *tab = ui_tab(ui);
	const char *name = text + (*text == '!');
	size_t n_name = field_length(name);
	const char *op = name + n_name, *value;
	struct strvec m, names;
	struct strbuf sb;
	struct err e;
	char *field;

	if (!tab || tab->ops->entity < 0)
		return NULL;
	strvec_init(&m);
	strvec_init(&names);
	strbuf_init(&sb);
	err_clear(&e);
	if (!*op) {
		rl_completion_append_character = '\0';
		store_filter_fields(tab->ops->entity, &names);
		for (size_t i = 0; i < names.n; i++) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%.*s%s:", (int)(name - text), text,
			            names.v[i]);
			push_match(&m, text, strlen(text), true, sb.buf);
		}
		goto out;
	}
	value = op + strspn(op, ":=<>!");
	if (!n_name || value == op)
		goto out;
	if (strrchr(value, ','))
		value = strrchr(value, ',') + 1;
	rl_completion_append_character = ' ';
	field = xstrndup(name, n_name);
	store_filter_values(ui->app->store, tab->ops->entity, field, &names,
	                    &e);
	free(field);
	for (size_t i = 0; i < names.n; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%.*s%s", (int)(value - text), text,
		            names.v[i]);
		push_match(&m, text, strlen(text), true, sb.buf);
	}
out:
	strbuf_release(&sb);
	strvec_release(&names);
	return match_array(&m, true);
}

static char **
complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1; /* never file names */
	if (!active)
		return NULL;
	if (active->prompt == UI_PROMPT_FILTER)
		return complete_filter(active, text);
	if (active->prompt == UI_PROMPT_ASK)
		return NULL;
	return complete_command(active, text, start);
}

/* More than one match: list them on the prompt line, after the text. */
static void
show_matches(char **matches, int n, int max_len)
{
	struct strbuf sb;
	size_t skip = 0;

	(void)max_len;
	if (!active)
		return;
	/* "sector:chemical sector:energy" shows "chemical energy" */
	for (size_t i = 0; matches[0][i]; i++)
		if (strchr(":=<>!,", matches[0][i]))
			skip = i + 1;
	strbuf_init(&sb);
	for (int i = 1; i <= n; i++)
		strbuf_addf(&sb, "%s%s", i > 1 ? "  " : "", matches[i] + skip);
	free(active->prompt_hint);
	active->prompt_hint = ui_clean(sb.buf);
	strbuf_release(&sb);
	active->dirty |= UI_DIRTY_MSG;
}

void
ui_prompt_open(struct ui *ui, int kind)
{
	open_prompt(ui, kind, NULL);
}

void
ui_prompt_open_text(struct ui *ui, const char *initial)
{
	open_prompt(ui, UI_PROMPT_COMMAND, initial);
}

static void
open_prompt(struct ui *ui, int kind, const char *initial)
{
	static FILE *devnull;
	char *path;
	int rc;

	if (ui->prompt)
		return;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	active = ui;
	ui->prompt = kind;
	n_pending = 0;
	rl_readline_name = "centinela"; /* the program, not a driver */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_getc_function = prompt_getc;
	rl_input_available_hook = prompt_input_available;
	rl_redisplay_function = prompt_redisplay;
	rl_prep_term_function = prompt_noop_prep;
	rl_deprep_term_function = prompt_noop_deprep;
	rl_attempted_completion_function = complete;
	rl_completion_display_matches_hook = show_matches;
	rl_completer_word_break_characters = " \t\n";
	rl_basic_word_break_characters = " \t\n";
	rl_completer_quote_characters = NULL;
	rl_instream = stdin;
	rl_outstream = devnull;
	clear_history();
	path = kind == UI_PROMPT_ASK ? NULL : history_path(kind);
	/* none yet is how every history starts */
	if (path && (rc = read_history(path)) != 0 && rc != ENOENT)
		history_failed(ui, "read", path, strerror(rc));
	free(path);
	rl_callback_handler_install(kind == UI_PROMPT_COMMAND ? ":"
	                            : kind == UI_PROMPT_ASK   ? "?"
	                                                      : "/",
	                            on_line);
	/* after the install, which reads ~/.inputrc the first time */
	rl_variable_bind("show-all-if-ambiguous", "on");
	rl_variable_bind("bell-style", "none");
	if (kind == UI_PROMPT_FILTER && *ui_tab(ui)->filter_text) {
		rl_insert_text(ui_tab(ui)->filter_text);
	}
	if (initial && *initial)
		rl_insert_text(initial);
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
	if (ui->prompt == UI_PROMPT_ASK) {
		strvec_release(&ui->ask_argv);
		ui_message(ui, false, "cancelled");
	}
	close_prompt(ui);
	show_history_failure(ui);
}

void
ui_prompt_ask(struct ui *ui, const char *question, int argc,
              const char *const *argv, bool is_confirm)
{
	if (ui->prompt)
		ui_prompt_cancel(ui);
	free(ui->ask_question);
	ui->ask_question = ui_clean(question);
	strvec_release(&ui->ask_argv);
	for (int i = 0; i < argc; i++)
		strvec_push(&ui->ask_argv, argv[i]);
	ui->is_ask_confirm = is_confirm;
	ui_prompt_open(ui, UI_PROMPT_ASK);
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
	if (ui->prompt_hint) { /* the matches listed go with the next key */
		free(ui->prompt_hint);
		ui->prompt_hint = NULL;
	}
	switch (key) {
	case KEYMAP_CTRL_ESCAPE:
	case KEYMAP_CTRL_G:
		ui_prompt_cancel(ui);
		return;
	case KEY_LEFT:
		c = KEYMAP_CTRL_B;
		break;
	case KEY_RIGHT:
		c = KEYMAP_CTRL_F;
		break;
	case KEY_UP:
		c = KEYMAP_CTRL_P;
		break;
	case KEY_DOWN:
		c = KEYMAP_CTRL_N;
		break;
	case KEY_HOME:
		c = KEYMAP_CTRL_A;
		break;
	case KEY_END:
		c = KEYMAP_CTRL_E;
		break;
	case KEY_BACKSPACE:
		c = KEYMAP_CTRL_DELETE;
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

/* Cells an ask's answer gets at least after the question's last line. */
#define ANSWER_MIN 16

/*
 * The window of an ask's question lines above the prompt line, n lines
 * (over the status bar and the list's last lines); n 0 drops it, and
 * curses shows again what it covered. Kept on top: touched on each draw.
 */
static WINDOW *
ask_window(struct ui *ui, int n)
{
	int at = ui->rows - 1 - n;

	if (ui->w_ask && (getmaxy(ui->w_ask) != n || getbegy(ui->w_ask) != at ||
	                  getmaxx(ui->w_ask) != ui->cols)) {
		enum { N_UNDER = 4 };
		WINDOW *under[N_UNDER] = {ui->w_tabs, ui->w_main, ui->w_side,
		                          ui->w_status};

		delwin(ui->w_ask);
		ui->w_ask = NULL;
		for (size_t i = 0; i < N_UNDER; i++)
			if (under[i]) {
				touchwin(under[i]);
				wnoutrefresh(under[i]);
			}
	}
	if (n > 0 && !ui->w_ask) {
		ui->w_ask = newwin(n, ui->cols, at, 0);
		if (ui->w_ask)
			leaveok(ui->w_ask, TRUE);
	}
	return n > 0 ? ui->w_ask : NULL;
}

/*
 * The question of an ask prompt, wrapped to the width: every line but the
 * last above the prompt line, the last on it before the answer (or all of
 * them above when the last leaves the answer less than ANSWER_MIN cells),
 * so that a question of any length is read whole and the keys typed show.
 * Returns the bytes of lead (the question) on the prompt line, from *at.
 */
static size_t
draw_question(struct ui *ui, const char *q, int width, size_t *at)
{
	size_t len = strlen(q), off = 0, n = 0, alloc = 8;
	size_t *starts = xcalloc(alloc, sizeof(*starts));
	size_t *lens = xcalloc(alloc, sizeof(*lens));
	int above, max_above = ui->rows - 3;
	WINDOW *w;

	do {
		size_t next, l = wrap_line(q + off, len - off,
		                           (size_t)(width - 1), &next);

		if (n == alloc) {
			alloc *= 2;
			starts = xreallocarray(starts, alloc, sizeof(*starts));
			lens = xreallocarray(lens, alloc, sizeof(*lens));
		}
		starts[n] = off;
		lens[n++] = l;
		off += next;
	} while (off < len);
	/* the trailing blank of "...? " is the answer's: keep it */
	above = (int)n - 1;
	if ((int)utf8_width(q + starts[n - 1], len - starts[n - 1]) +
	        ANSWER_MIN >
	    width - 1)
		above = (int)n;
	if (above > max_above)
		above = max_above > 0 ? max_above : 0;
	w = ask_window(ui, above);
	if (w) {
		wbkgdset(w, ' ');
		werase(w);
		wattrset(w, ui_style(ui, "prompt"));
		for (int i = 0; i < above; i++) {
			size_t l = lens[i];

			/* cut short (a huge question): the last line says so */
			if (i == above - 1 && above < (int)n - 1) {
				l = utf8_fit(q + starts[i], l,
				             (size_t)(width - 2), NULL);
				ui_waddtext(ui, w, i, 0, q + starts[i], l);
				ui_waddtext(ui, w, i,
				            (int)utf8_width(q + starts[i], l),
				            ui->glyphs.ellipsis,
				            strlen(ui->glyphs.ellipsis));
				continue;
			}
			ui_waddtext(ui, w, i, 0, q + starts[i], l);
		}
		touchwin(w);
		wnoutrefresh(w);
	}
	*at = above < (int)n ? starts[n - 1] : len;
	free(starts);
	free(lens);
	return len - *at;
}

/*
 * The prompt line: its lead (":", "/", or an ask's question, wrapped
 * above when long) and what is typed, scrolled sideways so that the cursor
 * and the keys before it always show (an ellipsis where the line starts
 * out of sight).
 */
static void
draw_prompt(struct ui *ui, WINDOW *w, int width)
{
	char one[2] = {(char)ui->prompt, '\0'};
	const char *lead = one;
	size_t lead_len = 1, at = 0, point = (size_t)rl_point, skip = 0,
	       start = 0, fit, lw;
	const char *ell = ui->glyphs.ellipsis;
	int ew = (int)utf8_width(ell, strlen(ell)), lead_w, room, cursor, x;
	char *before, *line, *b;

	if (ui->prompt == UI_PROMPT_ASK && ui->ask_question) {
		lead_len = draw_question(ui, ui->ask_question, width, &at);
		lead = ui->ask_question + at;
	} else {
		ask_window(ui, 0);
	}
	lead_w = (int)utf8_width(lead, lead_len);
	room = width - 1 - lead_w; /* the typed text and the cursor's cell */
	line = ui_clean(rl_line_buffer);
	if (point > strlen(rl_line_buffer))
		point = strlen(rl_line_buffer);
	before = xstrndup(rl_line_buffer, point);
	b = ui_clean(before);
	cursor = (int)utf8_width(b, strlen(b));
	free(b);
	free(before);
	if (room > ew + 1 && cursor + 1 > room) {
		/* the start out of sight: skip cells until the cursor fits */
		size_t want = (size_t)(cursor + 1 - (room - ew)), got;

		start = utf8_fit(line, strlen(line), want, &got);
		while (got < want && start < strlen(line)) {
			uint32_t cp;
			size_t n = utf8_decode(line + start,
			                       strlen(line) - start, &cp);

			got += utf8_width(line + start, n ? n : 1);
			start += n ? n : 1;
		}
		skip = got;
	}
	wattrset(w, ui_style(ui, "prompt"));
	ui_waddtext(ui, w, 0, 0, lead, lead_len);
	x = lead_w;
	if (skip) {
		ui_waddtext(ui, w, 0, x, ell, strlen(ell));
		x += ew;
	}
	fit = utf8_fit(line + start, strlen(line + start),
	               (size_t)(width - 1 > x ? width - 1 - x : 0), &lw);
	ui_waddtext(ui, w, 0, x, line + start, fit);
	cursor = x + cursor - (int)skip;
	x += (int)lw;
	if (ui->prompt_hint) {
		x += 3;
		if (x < width - 1) {
			wattrset(w, ui_style(ui, "list.dim"));
			ui_waddtext(ui, w, 0, x, ui->prompt_hint,
			            utf8_fit(ui->prompt_hint,
			                     strlen(ui->prompt_hint),
			                     (size_t)(width - x - 1), NULL));
		}
	} else if (ui->prompt == UI_PROMPT_FILTER) {
		struct tab *tab = ui_tab(ui);
		char count[48], num[32];
		int n = 0;

		/* Nothing until the count is known: never a guess. */
		if (*ui_tab_count_text(tab, num, sizeof(num)))
			n = snprintf(count, sizeof(count), " %s matching", num);
		if (n > 0 && n < width - x - 2) {
			wattrset(w, ui_style(ui, "message"));
			ui_waddtext(ui, w, 0, width - n - 1, count, (size_t)n);
		}
	}
	free(line);
	if (cursor >= width)
		cursor = width - 1;
	wmove(w, 0, cursor);
	leaveok(w, FALSE);
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
		draw_prompt(ui, w, width);
	} else {
		ask_window(ui, 0);
		leaveok(w, TRUE);
		if (ui->msg) {
			wattrset(w,
			         ui_style(ui, ui->is_msg_error ? "message.error"
			                                       : "message"));
			ui_waddtext(ui, w, 0, 0, ui->msg,
			            utf8_fit(ui->msg, strlen(ui->msg),
			                     (size_t)(width - 1), NULL));
		}
	}
	wnoutrefresh(w);
}
