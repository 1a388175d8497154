/*
 * Keys and key bindings.
 *
 * A key is an int: a Unicode code point for a character ('j', 'G', '?',
 * 0xF1 for 'ñ'), 1..26 for Ctrl-A..Ctrl-Z, and a KEYMAP_KEY_* constant
 * (above U+10FFFF) for the keys that have no character. The console
 * translates curses key codes into these; the app layer never sees curses.
 * Raw bytes with a key of their own (9 Tab, 10 and 13 Enter, 27 Esc, 127
 * Backspace) are not keys: keymap_key_normalize turns them into the
 * constants, and parsing C-i, C-j, C-m gives Tab and Enter.
 *
 * Key names, as `bind` takes them and the help overlay shows them: the
 * character itself (`j`, `G`, `?`, `ñ`), `C-d` (also `c-d`, `C-D`, `^D`),
 * and the names below, case-insensitive: Up Down Left Right Home End
 * PgUp (PageUp) PgDn (PageDown) IC (Insert) DC (Delete) BSpace (Backspace)
 * Enter (Return) Tab BTab (shift-tab) Esc (Escape) Space F1..F12.
 *
 * A keymap maps (view, key) to a command line of the command language.
 * Views are the console's view names (incidents, alerts, assets,
 * organizations, help, detail, saved views) and "global"; a lookup tries
 * the view first, then global. Bindings keep the order in which they were
 * first made, so the defaults come first in the order of the man page.
 */
#ifndef CENTINELA_APP_KEYMAP_H
#define CENTINELA_APP_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

struct err;
struct strbuf;

/*
 * Control characters by name, as a terminal sends them (Ctrl-A is 1):
 * the raw bytes keymap_key_normalize turns into keys, and the editing
 * keys the line editors of the console (prompt, picker, forms) handle
 * before any binding.
 */
enum keymap_ctrl {
	KEYMAP_CTRL_A = 0x01,         /* start of line */
	KEYMAP_CTRL_B = 0x02,         /* a character back */
	KEYMAP_CTRL_D = 0x04,         /* delete the character under */
	KEYMAP_CTRL_E = 0x05,         /* end of line */
	KEYMAP_CTRL_F = 0x06,         /* a character forward */
	KEYMAP_CTRL_G = 0x07,         /* cancel */
	KEYMAP_CTRL_H = 0x08,         /* backspace */
	KEYMAP_CTRL_TAB = 0x09,       /* Tab (Ctrl-I) */
	KEYMAP_CTRL_LINE_FEED = 0x0a, /* Enter (Ctrl-J) */
	KEYMAP_CTRL_RETURN = 0x0d,    /* Enter (Ctrl-M) */
	KEYMAP_CTRL_N = 0x0e,         /* next (line, choice) */
	KEYMAP_CTRL_P = 0x10,         /* previous */
	KEYMAP_CTRL_U = 0x15,         /* clear the line */
	KEYMAP_CTRL_Z = 0x1a,         /* the last Ctrl-letter */
	KEYMAP_CTRL_ESCAPE = 0x1b,    /* Esc */
	KEYMAP_CTRL_DELETE = 0x7f,    /* Backspace on most terminals */
};

/* Keys without a character; values above every Unicode code point. */
enum keymap_key {
	KEYMAP_KEY_UP = 0x110000,         /* arrow up */
	KEYMAP_KEY_DOWN,                  /* arrow down */
	KEYMAP_KEY_LEFT,                  /* arrow left */
	KEYMAP_KEY_RIGHT,                 /* arrow right */
	KEYMAP_KEY_HOME,                  /* Home */
	KEYMAP_KEY_END,                   /* End */
	KEYMAP_KEY_PGUP,                  /* Page Up */
	KEYMAP_KEY_PGDN,                  /* Page Down */
	KEYMAP_KEY_INSERT,                /* Insert (IC) */
	KEYMAP_KEY_DELETE,                /* Delete (DC) */
	KEYMAP_KEY_BACKSPACE,             /* Backspace (BSpace) */
	KEYMAP_KEY_ENTER,                 /* Enter, Return */
	KEYMAP_KEY_TAB,                   /* Tab */
	KEYMAP_KEY_BTAB,                  /* Shift-Tab */
	KEYMAP_KEY_ESC,                   /* Escape */
	KEYMAP_KEY_F1,                    /* function keys F1..F12, in order */
	KEYMAP_KEY_F2,                    /* F2 */
	KEYMAP_KEY_F3,                    /* F3 */
	KEYMAP_KEY_F4,                    /* F4 */
	KEYMAP_KEY_F5,                    /* F5 */
	KEYMAP_KEY_F6,                    /* F6 */
	KEYMAP_KEY_F7,                    /* F7 */
	KEYMAP_KEY_F8,                    /* F8 */
	KEYMAP_KEY_F9,                    /* F9 */
	KEYMAP_KEY_F10,                   /* F10 */
	KEYMAP_KEY_F11,                   /* F11 */
	KEYMAP_KEY_F12,                   /* F12 */
	KEYMAP_KEY_LAST = KEYMAP_KEY_F12, /* the highest key value */
};

/* Room for any key name, NUL included. */
#define KEYMAP_KEY_NAME_MAX 16

/* Most bytes in a view name. */
#define KEYMAP_VIEW_NAME_MAX 32

/* The view whose bindings apply when a view has none for a key. */
#define KEYMAP_GLOBAL "global"

/*
 * True for a key this module can name: a printable code point (not a C0 or
 * C1 control, DEL or a surrogate), 1..26 except 9, 10 and 13, or a
 * KEYMAP_KEY_* constant.
 */
bool keymap_key_is_valid(int key);

/*
 * Map the raw codes that have keys of their own to those keys: 9 Tab,
 * 10 and 13 Enter, 27 Esc, 127 Backspace (8 stays C-h). Any other value is
 * returned as is.
 */
int keymap_key_normalize(int key);

/*
 * Parse a key name (see above; borrowed) into *key. Returns 0, or
 * ERR_INVALID with *e saying what names are accepted.
 */
int keymap_key_parse(const char *name, int *key, struct err *e);

/*
 * Write the canonical name of key into buf (size bytes, at least
 * KEYMAP_KEY_NAME_MAX to hold any name) and return buf. keymap_key_parse
 * reads it back as the same key. An invalid key is written as "key-0x..",
 * which does not parse.
 */
const char *keymap_key_name(int key, char *buf, size_t size);

/*
 * True when name is a view name a binding may use: 1 to
 * KEYMAP_VIEW_NAME_MAX of [a-z0-9_-], "global" included.
 */
bool keymap_view_is_valid(const char *name);

struct keymap;

/* One binding, as keymap_binding_at reports it (all borrowed). */
struct keymap_binding {
	const char *view;    /* view name, or "global" */
	int key;             /* the key */
	const char *command; /* the command line it runs */
};

/* A keymap with the default bindings (all in "global"); owned. */
struct keymap *keymap_new(void);

/* Free km and its bindings; NULL is fine. */
void keymap_free(struct keymap *km);

/*
 * Bind key in view to command (a command line; copied). The line must lex,
 * its first word must name a command that key bindings may use, with an
 * argument count it accepts. An existing binding of the key in that view is
 * replaced in place (keeping its position). Returns 0, or ERR_INVALID
 * (view, key), ERR_PARSE (quoting), ERR_NOTFOUND (unknown command),
 * ERR_PERM (command not allowed in bindings) or ERR_USAGE, with *e set.
 */
int keymap_bind(struct keymap *km, const char *view, int key,
                const char *command, struct err *e);

/*
 * Remove the binding of key in view (global ones stay when view is another
 * view). Returns 0, or ERR_NOTFOUND when there is none, ERR_INVALID for a
 * bad view name.
 */
int keymap_unbind(struct keymap *km, const char *view, int key, struct err *e);

/*
 * The command line bound to key in view, else in global, else NULL. view
 * NULL looks in global only. The result is borrowed until the next bind or
 * unbind of that key.
 */
const char *keymap_lookup(const struct keymap *km, const char *view, int key);

/* Number of bindings, all views, and the i-th in order (false past the
 * end); the strings are borrowed until the next bind or unbind. */
size_t keymap_count(const struct keymap *km);
bool keymap_binding_at(const struct keymap *km, size_t i,
                       struct keymap_binding *out);

/*
 * Append the help overlay text for view (NULL or "global": global only) to
 * out: the view's own bindings, then the global ones it does not override,
 * each section headed by the view name, one line per command line with
 * every key bound to it, the command line and the summary from the command
 * table:
 *
 *	global
 *	  j, Down           down          move the selection one row down
 */
void keymap_describe(const struct keymap *km, const char *view,
                     struct strbuf *out);

/*
 * Append every binding (all views, in order) to out as `bind VIEW KEY
 * COMMAND` lines that the config file accepts.
 */
void keymap_format(const struct keymap *km, struct strbuf *out);

#endif
