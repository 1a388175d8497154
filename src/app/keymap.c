/*
 * Keys and key bindings: see include/centinela/app/keymap.h.
 *
 * The keymap is one array of (view, key, command line) in the order the
 * bindings were first made. It holds a few dozen entries, so a lookup per
 * keystroke is a linear scan: cheaper than any index at this size, and the
 * order is what the help overlay and `bind` without arguments show.
 *
 * Every binding in it was checked when it was made (the command exists,
 * may be used from a key, takes that many arguments), so a key press can
 * only fail for reasons of the moment (no row selected, read-only mode).
 */
#include "centinela/app/keymap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/app/command.h"
#include "centinela/app/lexer.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"

/* Columns of the help overlay: keys, then the command line. */
#define DESCRIBE_KEYS_WIDTH    20
#define DESCRIBE_COMMAND_WIDTH 14

/* Names of the keys without a character; the first name of a key is the
 * one keymap_key_name writes. */
static const struct {
	const char *name; /* as typed, matched case-insensitively */
	int key;          /* KEYMAP_KEY_* or ' ' */
} key_names[] = {
    {"Up", KEYMAP_KEY_UP},
    {"Down", KEYMAP_KEY_DOWN},
    {"Left", KEYMAP_KEY_LEFT},
    {"Right", KEYMAP_KEY_RIGHT},
    {"Home", KEYMAP_KEY_HOME},
    {"End", KEYMAP_KEY_END},
    {"PgUp", KEYMAP_KEY_PGUP},
    {"PageUp", KEYMAP_KEY_PGUP},
    {"PPage", KEYMAP_KEY_PGUP},
    {"PgDn", KEYMAP_KEY_PGDN},
    {"PageDown", KEYMAP_KEY_PGDN},
    {"NPage", KEYMAP_KEY_PGDN},
    {"IC", KEYMAP_KEY_INSERT},
    {"Insert", KEYMAP_KEY_INSERT},
    {"DC", KEYMAP_KEY_DELETE},
    {"Delete", KEYMAP_KEY_DELETE},
    {"BSpace", KEYMAP_KEY_BACKSPACE},
    {"Backspace", KEYMAP_KEY_BACKSPACE},
    {"Enter", KEYMAP_KEY_ENTER},
    {"Return", KEYMAP_KEY_ENTER},
    {"Tab", KEYMAP_KEY_TAB},
    {"BTab", KEYMAP_KEY_BTAB},
    {"Esc", KEYMAP_KEY_ESC},
    {"Escape", KEYMAP_KEY_ESC},
    {"Space", ' '},
    {"F1", KEYMAP_KEY_F1},
    {"F2", KEYMAP_KEY_F2},
    {"F3", KEYMAP_KEY_F3},
    {"F4", KEYMAP_KEY_F4},
    {"F5", KEYMAP_KEY_F5},
    {"F6", KEYMAP_KEY_F6},
    {"F7", KEYMAP_KEY_F7},
    {"F8", KEYMAP_KEY_F8},
    {"F9", KEYMAP_KEY_F9},
    {"F10", KEYMAP_KEY_F10},
    {"F11", KEYMAP_KEY_F11},
    {"F12", KEYMAP_KEY_F12},
};

#define KEY_NAME_COUNT ARRAY_SIZE(key_names)

/* The default bindings, all global, in the order of the man page. */
static const struct {
	const char *key;     /* key name */
	const char *command; /* command line */
} keymap_defaults[] = {
    {"j", "down"},         {"Down", "down"},        {"k", "up"},
    {"Up", "up"},          {"PgDn", "page-down"},   {"Space", "page-down"},
    {"C-f", "page-down"},  {"PgUp", "page-up"},     {"C-b", "page-up"},
    {"C-d", "half-down"},  {"C-u", "half-up"},      {"g", "top"},
    {"Home", "top"},       {"G", "bottom"},         {"End", "bottom"},
    {"Enter", "open"},     {"q", "back"},           {"Esc", "back"},
    {"Q", "quit"},         {"Tab", "next-view"},    {"BTab", "prev-view"},
    {"1", "view 1"},       {"2", "view 2"},         {"3", "view 3"},
    {"4", "view 4"},       {"5", "view 5"},         {"6", "view 6"},
    {"7", "view 7"},       {"8", "view 8"},         {"9", "view 9"},
    {"/", "filter"},       {":", "prompt"},         {"?", "help"},
    {"r", "refresh"},      {"C-l", "redraw"},       {"s", "sort-next"},
    {"S", "sort-reverse"}, {"D", "view dashboard"}, {"A", "audit"},
};

#define DEFAULT_COUNT ARRAY_SIZE(keymap_defaults)

/*
 * Defaults of one view, after the global ones: keys that mean something
 * only there (the conflicts and outbox views and their details).
 */
static const struct {
	const char *view;    /* view name */
	const char *key;     /* key name */
	const char *command; /* command line */
} keymap_view_defaults[] = {
    {"conflicts", "m", "conflict keep-mine"},
    {"conflicts", "t", "conflict take-server"},
    {"outbox", "R", "outbox retry"},
    {"outbox", "X", "outbox drop"},
    /* incident actions: in the list, its saved views and a detail */
    {"incidents", "n", "new"},
    {"incidents", "a", "prompt \"assign \""},
    {"incidents", "t", "take"},
    {"incidents", "c", "prompt \"status \""},
    {"incidents", "C", "close"},
    {"incidents", "v", "prompt \"severity \""},
    {"incidents", "T", "prompt \"tlp \""},
    {"incidents", "P", "prompt \"pap \""},
    {"incidents", "N", "prompt \"note \""},
    {"incidents", "E", "note"},
    {"incidents", "L", "prompt \"link \""},
    {"incidents", "U", "prompt \"unlink \""},
    {"incidents", "H", "audit incident"},
    {"alerts", "Space", "mark"},
    {"alerts", "u", "unmark"},
    {"alerts", "a", "ack"},
    {"alerts", "d", "dismiss"},
    {"alerts", "p", "promote"},
    {"alerts", "M", "merge"},
    {"alerts", "U", "unlink"},
    /* bulletins: write one (also from a CVE or an exposure), review */
    {"bulletins", "n", "bulletin new"},
    {"bulletins", "E", "bulletin edit"},
    {"bulletins", "R", "bulletin review"},
    {"bulletins", "c", "prompt \"bulletin status \""},
    {"vulnerabilities", "b", "bulletin new"},
    {"exposures", "b", "bulletin new"},
};

#define VIEW_DEFAULT_COUNT ARRAY_SIZE(keymap_view_defaults)

struct keymap_entry {
	char *view;    /* view name or "global" (owned) */
	int key;       /* the key */
	char *command; /* command line (owned) */
};

struct keymap {
	struct keymap_entry *v; /* bindings in the order first made */
	size_t n;               /* bindings used */
	size_t alloc;           /* slots allocated */
};

static bool
is_control_code(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

bool
keymap_key_is_valid(int key)
{
	if (key >= KEYMAP_CTRL_A && key <= KEYMAP_CTRL_Z)
		return key != KEYMAP_CTRL_TAB && key != KEYMAP_CTRL_LINE_FEED &&
		       key != KEYMAP_CTRL_RETURN;
	if (key >= KEYMAP_KEY_UP && key <= KEYMAP_KEY_LAST)
		return true;
	if (key < 0 || key > 0x10ffff || is_control_code((uint32_t)key))
		return false;
	return key < 0xd800 || key > 0xdfff;
}

int
keymap_key_normalize(int key)
{
	switch (key) {
	case KEYMAP_CTRL_TAB:
		return KEYMAP_KEY_TAB;
	case KEYMAP_CTRL_LINE_FEED:
	case KEYMAP_CTRL_RETURN:
		return KEYMAP_KEY_ENTER;
	case KEYMAP_CTRL_ESCAPE:
		return KEYMAP_KEY_ESC;
	case KEYMAP_CTRL_DELETE:
		return KEYMAP_KEY_BACKSPACE;
	default:
		return key;
	}
}

static int
bad_key(const char *name, struct err *e)
{
	return err_set(e, ERR_INVALID,
	               "unknown key '%s' (expected a character, C-a to C-z, "
	               "or a key name: Enter, Esc, Tab, BTab, Space, Up, "
	               "Down, Left, Right, Home, End, PgUp, PgDn, IC, DC, "
	               "BSpace, F1 to F12)",
	               name);
}

/* "C-x", "c-x" or "^X" with x a letter: Ctrl-x, or -1. */
static int
parse_ctrl(const char *name)
{
	char c;

	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-')
		c = name[2];
	else if (name[0] == '^')
		c = name[1];
	else
		return -1;
	if (c == '\0' || name[name[0] == '^' ? 2 : 3] != '\0')
		return -1;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 1;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 1;
	return -1;
}

int
keymap_key_parse(const char *name, int *key, struct err *e)
{
	size_t len = strlen(name);
	uint32_t cp;
	int ctrl;

	if (len == 0)
		return err_set(e, ERR_INVALID,
		               "empty key name (expected a character, C-a to "
		               "C-z, or a key name such as Enter)");
	if (utf8_decode(name, len, &cp) == len) {
		if (is_control_code(cp))
			return err_set(e, ERR_INVALID,
			               "control character in a key name (write "
			               "C-a to C-z, Tab, Enter or Esc)");
		if (!keymap_key_is_valid((int)cp))
			return bad_key(name, e);
		*key = (int)cp;
		return 0;
	}
	if (!utf8_valid(name, len))
		return err_set(e, ERR_INVALID,
		               "key name is not valid UTF-8 (expected a "
		               "character, C-a to C-z, or a key name such as "
		               "Enter)");
	ctrl = parse_ctrl(name);
	if (ctrl > 0) {
		*key = keymap_key_normalize(ctrl);
		return 0;
	}
	for (size_t i = 0; i < KEY_NAME_COUNT; i++) {
		if (strcasecmp(key_names[i].name, name) == 0) {
			*key = key_names[i].key;
			return 0;
		}
	}
	return bad_key(name, e);
}

const char *
keymap_key_name(int key, char *buf, size_t size)
{
	char utf8[4];
	size_t n;

	if (size == 0)
		return buf;
	if (!keymap_key_is_valid(key)) {
		snprintf(buf, size, "key-0x%x", (unsigned)key);
		return buf;
	}
	for (size_t i = 0; i < KEY_NAME_COUNT; i++) {
		if (key_names[i].key == key) {
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	}
	if (key >= KEYMAP_CTRL_A && key <= KEYMAP_CTRL_Z) {
		snprintf(buf, size, "C-%c", 'a' + key - 1);
		return buf;
	}
	n = utf8_encode((uint32_t)key, utf8);
	if (n >= size)
		n = 0;
	memcpy(buf, utf8, n);
	buf[n] = '\0';
	return buf;
}

bool
keymap_view_is_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > KEYMAP_VIEW_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return false;
	return true;
}

static int
bad_view(const char *view, struct err *e)
{
	return err_set(e, ERR_INVALID,
	               "invalid view name '%s' (expected 1 to %d lower-case "
	               "letters, digits, '-' or '_': global, incidents, "
	               "alerts, assets, organizations, help, detail or a "
	               "saved view)",
	               view, KEYMAP_VIEW_NAME_MAX);
}

/* The index of the binding of key in view, or -1. */
static long
find_entry(const struct keymap *km, const char *view, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key && strcmp(km->v[i].view, view) == 0)
			return (long)i;
	return -1;
}

/* Check that line is one command that a key binding may run. */
static int
check_command_line(const char *line, struct err *e)
{
	const struct command *cmd;
	struct strvec words;
	int nargs, n_words, rc;

	strvec_init(&words);
	rc = lexer_split_words(line, &words, e);
	if (rc < 0)
		goto out;
	if (words.n == 0) {
		rc = err_set(e, ERR_USAGE, "no command to bind");
		goto out;
	}
	/* the same "did you mean" as running it would give */
	rc = command_lookup((int)words.n, words.v, &cmd, &n_words, e);
	if (rc || !cmd) {
		rc = rc ? rc : ERR_NOTFOUND;
		goto out;
	}
	if (!(cmd->where & CMD_IN_BINDING)) {
		rc = err_set(e, ERR_PERM, "'%s' cannot be used in key bindings",
		             cmd->name);
		goto out;
	}
	nargs = (int)words.n - n_words;
	if (nargs < cmd->min_args || (cmd->max_args != COMMAND_ARGS_UNLIMITED &&
	                              nargs > cmd->max_args)) {
		rc = err_set(e, ERR_USAGE, "usage: %s%s%s", cmd->name,
		             cmd->usage[0] ? " " : "", cmd->usage);
		goto out;
	}
	rc = 0;
out:
	strvec_release(&words);
	return rc;
}

int
keymap_bind(struct keymap *km, const char *view, int key, const char *command,
            struct err *e)
{
	struct keymap_entry *entry;
	long at;
	int rc;

	if (!keymap_view_is_valid(view))
		return bad_view(view, e);
	if (!keymap_key_is_valid(key))
		return err_set(e, ERR_INVALID, "invalid key code 0x%x",
		               (unsigned)key);
	rc = check_command_line(command, e);
	if (rc < 0)
		return rc;
	at = find_entry(km, view, key);
	if (at >= 0) {
		free(km->v[at].command);
		km->v[at].command = xstrdup(command);
		return 0;
	}
	if (km->n == km->alloc) {
		km->alloc = km->alloc ? 2 * km->alloc : 64;
		km->v = xreallocarray(km->v, km->alloc, sizeof(*km->v));
	}
	entry = &km->v[km->n++];
	entry->view = xstrdup(view);
	entry->key = key;
	entry->command = xstrdup(command);
	return 0;
}

int
keymap_unbind(struct keymap *km, const char *view, int key, struct err *e)
{
	char name[KEYMAP_KEY_NAME_MAX];
	long at;

	if (!keymap_view_is_valid(view))
		return bad_view(view, e);
	at = find_entry(km, view, key);
	if (at < 0)
		return err_set(e, ERR_NOTFOUND, "no binding of '%s' in '%s'",
		               keymap_key_name(key, name, sizeof(name)), view);
	free(km->v[at].view);
	free(km->v[at].command);
	memmove(&km->v[at], &km->v[at + 1],
	        (km->n - (size_t)at - 1) * sizeof(*km->v));
	km->n--;
	return 0;
}

const char *
keymap_lookup(const struct keymap *km, const char *view, int key)
{
	long at = -1;

	if (view)
		at = find_entry(km, view, key);
	if (at < 0)
		at = find_entry(km, KEYMAP_GLOBAL, key);
	return at < 0 ? NULL : km->v[at].command;
}

size_t
keymap_count(const struct keymap *km)
{
	return km->n;
}

bool
keymap_binding_at(const struct keymap *km, size_t i, struct keymap_binding *out)
{
	if (i >= km->n)
		return false;
	out->view = km->v[i].view;
	out->key = km->v[i].key;
	out->command = km->v[i].command;
	return true;
}

struct keymap *
keymap_new(void)
{
	struct keymap *km = xcalloc(1, sizeof(*km));
	struct err e;

	for (size_t i = 0; i < DEFAULT_COUNT; i++) {
		int key = 0;

		if (keymap_key_parse(keymap_defaults[i].key, &key, &e) < 0 ||
		    keymap_bind(km, KEYMAP_GLOBAL, key,
		                keymap_defaults[i].command, &e) < 0)
			die("BUG: default binding of '%s': %s",
			    keymap_defaults[i].key, e.msg);
	}
	for (size_t i = 0; i < VIEW_DEFAULT_COUNT; i++) {
		int key = 0;

		if (keymap_key_parse(keymap_view_defaults[i].key, &key, &e) <
		        0 ||
		    keymap_bind(km, keymap_view_defaults[i].view, key,
		                keymap_view_defaults[i].command, &e) < 0)
			die("BUG: default binding of '%s': %s",
			    keymap_view_defaults[i].key, e.msg);
	}
	return km;
}

void
keymap_free(struct keymap *km)
{
	if (!km)
		return;
	for (size_t i = 0; i < km->n; i++) {
		free(km->v[i].view);
		free(km->v[i].command);
	}
	free(km->v);
	free(km);
}

/* Append spaces until the line that starts at line_start is col columns
 * wide, at least two. */
static void
pad_columns(struct strbuf *out, size_t line_start, size_t col)
{
	size_t width = utf8_width(out->buf + line_start, out->len - line_start);

	strbuf_adds(out, "  ");
	for (width += 2; width < col; width++)
		strbuf_addch(out, ' ');
}

/* The summary of the command that line runs, or "". */
static const char *
command_summary(const char *line)
{
	const struct command *cmd;
	struct strvec words;
	const char *summary = "";
	int n_words;

	strvec_init(&words);
	if (lexer_split_words(line, &words, NULL) == 0 && words.n > 0 &&
	    command_lookup((int)words.n, words.v, &cmd, &n_words, NULL) == 0 &&
	    cmd)
		summary = cmd->summary;
	/* `prompt "assign "` does what the command it starts does */
	if (words.n == 2 && strcmp(words.v[0], "prompt") == 0) {
		char *name = xstrndup(words.v[1], strcspn(words.v[1], " "));

		if ((cmd = command_find(name)))
			summary = cmd->summary;
		free(name);
	}
	strvec_release(&words);
	return summary;
}

/* True when binding i is in view and is what a key press there runs. */
static bool
is_shown(const struct keymap *km, size_t i, const char *view,
         const char *shown_view)
{
	if (strcmp(km->v[i].view, view) != 0)
		return false;
	if (strcmp(view, shown_view) == 0)
		return true;
	/* A global binding the shown view overrides is not what runs. */
	return find_entry(km, shown_view, km->v[i].key) < 0;
}

/*
 * What groups entry with others in the overlay: its command line, or for a
 * digit key whose command ends in that digit ("view 3" on 3), the line
 * with an N for the digit, so that 1..9 take one line ("1-9  view N").
 * Returns whether the N form was used.
 */
static bool
command_pattern(const struct keymap_entry *entry, struct strbuf *pattern)
{
	size_t len = strlen(entry->command);

	strbuf_reset(pattern);
	strbuf_adds(pattern, entry->command);
	if (entry->key < '0' || entry->key > '9' || len < 2 ||
	    entry->command[len - 1] != entry->key ||
	    entry->command[len - 2] != ' ')
		return false;
	strbuf_setlen(pattern, len - 1);
	strbuf_addch(pattern, 'N');
	return true;
}

/* Append the digits set in has_digit as runs: "1-3, 5". */
static void
add_digit_runs(const bool has_digit[10], struct strbuf *out)
{
	bool is_first = true;

	for (int d = 0; d < 10; d++) {
		int last = d;

		if (!has_digit[d])
			continue;
		while (last + 1 < 10 && has_digit[last + 1])
			last++;
		strbuf_addf(out, is_first ? "%d" : ", %d", d);
		if (last > d)
			strbuf_addf(out, "-%d", last);
		is_first = false;
		d = last;
	}
}

/* Append the section of view's bindings, as seen from shown_view. */
static void
describe_section(const struct keymap *km, const char *view,
                 const char *shown_view, struct strbuf *out)
{
	bool *is_done = xcalloc(km->n ? km->n : 1, sizeof(*is_done));
	struct strbuf pattern, other;
	bool has_header = false;

	strbuf_init(&pattern);
	strbuf_init(&other);
	for (size_t i = 0; i < km->n; i++) {
		char name[KEYMAP_KEY_NAME_MAX];
		bool has_digit[10] = {false};
		bool is_numbered;
		size_t start;

		if (is_done[i] || !is_shown(km, i, view, shown_view))
			continue;
		if (!has_header) {
			strbuf_addf(out, "%s\n", view);
			has_header = true;
		}
		start = out->len;
		strbuf_adds(out, "  ");
		is_numbered = command_pattern(&km->v[i], &pattern);
		if (is_numbered)
			has_digit[km->v[i].key - '0'] = true;
		else
			strbuf_adds(out, keymap_key_name(km->v[i].key, name,
			                                 sizeof(name)));
		/* Every other key bound to the same command line. */
		for (size_t j = i + 1; j < km->n; j++) {
			if (is_done[j] || !is_shown(km, j, view, shown_view) ||
			    command_pattern(&km->v[j], &other) != is_numbered ||
			    strcmp(other.buf, pattern.buf) != 0)
				continue;
			is_done[j] = true;
			if (is_numbered) {
				has_digit[km->v[j].key - '0'] = true;
				continue;
			}
			strbuf_adds(out, ", ");
			strbuf_adds(out, keymap_key_name(km->v[j].key, name,
			                                 sizeof(name)));
		}
		if (is_numbered)
			add_digit_runs(has_digit, out);
		pad_columns(out, start, DESCRIBE_KEYS_WIDTH);
		strbuf_adds(out, pattern.buf);
		pad_columns(out, start,
		            DESCRIBE_KEYS_WIDTH + DESCRIBE_COMMAND_WIDTH);
		strbuf_adds(out, command_summary(km->v[i].command));
		strbuf_addch(out, '\n');
	}
	strbuf_release(&pattern);
	strbuf_release(&other);
	free(is_done);
}

void
keymap_describe(const struct keymap *km, const char *view, struct strbuf *out)
{
	if (!view)
		view = KEYMAP_GLOBAL;
	if (strcmp(view, KEYMAP_GLOBAL) != 0)
		describe_section(km, view, view, out);
	describe_section(km, KEYMAP_GLOBAL, view, out);
}

void
keymap_format(const struct keymap *km, struct strbuf *out)
{
	for (size_t i = 0; i < km->n; i++) {
		char name[KEYMAP_KEY_NAME_MAX];

		strbuf_addf(out, "bind %s ", km->v[i].view);
		lexer_quote(keymap_key_name(km->v[i].key, name, sizeof(name)),
		            out);
		strbuf_addf(out, " %s\n", km->v[i].command);
	}
}
