/*
 * Keys: curses input to keymap keys, and a key to the command line the
 * app's keymap binds to it in the current view (app/keymap.h). There is no
 * other key table: what `bind` changes is what a key does, and the help
 * overlay is generated from the same keymap.
 *
 * Input comes from wgetch, so that the readline prompt gets bytes: a
 * character beyond ASCII arrives as its UTF-8 bytes, which are collected
 * here into one code point before the lookup.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/keymap.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "internal.h"

/* The curses key code's keymap key (app/keymap.h), or 0 when none. */
static int
key_from_curses(int code)
{
	static const struct {
		int curses; /* KEY_* */
		int key;    /* KEYMAP_KEY_* */
	} map[] = {
	    {KEY_UP, KEYMAP_KEY_UP},
	    {KEY_DOWN, KEYMAP_KEY_DOWN},
	    {KEY_LEFT, KEYMAP_KEY_LEFT},
	    {KEY_RIGHT, KEYMAP_KEY_RIGHT},
	    {KEY_HOME, KEYMAP_KEY_HOME},
	    {KEY_END, KEYMAP_KEY_END},
	    {KEY_PPAGE, KEYMAP_KEY_PGUP},
	    {KEY_NPAGE, KEYMAP_KEY_PGDN},
	    {KEY_IC, KEYMAP_KEY_INSERT},
	    {KEY_DC, KEYMAP_KEY_DELETE},
	    {KEY_BACKSPACE, KEYMAP_KEY_BACKSPACE},
	    {KEY_ENTER, KEYMAP_KEY_ENTER},
	    {KEY_BTAB, KEYMAP_KEY_BTAB},
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].curses == code)
			return map[i].key;
	if (code >= KEY_F(1) && code <= KEY_F(12))
		return KEYMAP_KEY_F1 + (code - KEY_F(1));
	if (code > 0 && code < 0x80)
		return keymap_key_normalize(code);
	return 0;
}

/* Bytes in the UTF-8 sequence lead starts, 0 for a byte that cannot. */
static size_t
utf8_length(unsigned char lead)
{
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

/* Feed one byte >= 0x80: the code point once complete, else 0. */
static int
utf8_feed(struct ui *ui, unsigned char byte)
{
	size_t need;
	int cp;

	if (ui->n_key_utf8 == 0) {
		if (utf8_length(byte))
			ui->key_utf8[ui->n_key_utf8++] = byte;
		return 0;
	}
	if ((byte & 0xc0) != 0x80) { /* broken sequence: start again */
		ui->n_key_utf8 = 0;
		return utf8_feed(ui, byte);
	}
	ui->key_utf8[ui->n_key_utf8++] = byte;
	need = utf8_length(ui->key_utf8[0]);
	if (ui->n_key_utf8 < need)
		return 0;
	cp = ui->key_utf8[0] & (0xff >> (need + 1));
	for (size_t i = 1; i < need; i++)
		cp = (cp << 6) | (ui->key_utf8[i] & 0x3f);
	ui->n_key_utf8 = 0;
	return keymap_key_is_valid(cp) ? cp : 0;
}

const char *
ui_view_name(const struct ui *ui)
{
	if (ui->n_details) {
		const struct detail *d = ui->details[ui->n_details - 1];

		if (d->is_help)
			return "help";
		return d->keymap_view ? d->keymap_view : "detail";
	}
	return ui->n_tabs ? ui->tabs[ui->cur].name : KEYMAP_GLOBAL;
}

const char *
ui_list_view_name(const struct ui *ui)
{
	const char *view = ui_view_name(ui);
	const struct view_ops *ops = NULL;

	if (ui->n_details) {
		const struct detail *d = ui->details[ui->n_details - 1];

		if (!d->is_help && !d->keymap_view && d->entity >= 0)
			ops = view_for_entity(d->entity);
	} else if (ui->n_tabs && ui->tabs[ui->cur].ops->entity >= 0) {
		ops = view_for_entity(ui->tabs[ui->cur].ops->entity);
	}
	return ops && strcmp(ops->name, view) != 0 ? ops->name : NULL;
}

/*
 * The command line key runs: the view's own binding, else (a record's
 * detail, a saved view) the binding of the list it shows, else the
 * global one. keymap_lookup falls back to the global binding itself, so
 * getting that very entry back means the view has none of its own.
 */
static const char *
lookup(const struct ui *ui, int key)
{
	const struct keymap *km = ui->app->keymap;
	const char *line = keymap_lookup(km, ui_view_name(ui), key);
	const char *list = ui_list_view_name(ui);

	if (list && line == keymap_lookup(km, KEYMAP_GLOBAL, key))
		return keymap_lookup(km, list, key);
	return line;
}

void
ui_key(struct ui *ui, int code)
{
	const char *line;
	int key;

	if (code == KEY_RESIZE)
		return; /* SIGWINCH through the self-pipe does the work */
	if (ui->prompt) {
		ui->n_key_utf8 = 0;
		ui_prompt_key(ui, code);
		return;
	}
	if (ui->picker) {
		ui_picker_key(ui, code);
		return;
	}
	if (code >= 0x80 && code <= 0xff)
		key = utf8_feed(ui, (unsigned char)code);
	else {
		ui->n_key_utf8 = 0;
		key = key_from_curses(code);
	}
	if (!key || ui->is_too_small)
		return;
	if (ui->form) {
		ui_console_form_key(ui, key);
		return;
	}
	line = lookup(ui, key);
	if (!line)
		return;
	if (ui->msg) {
		free(ui->msg);
		ui->msg = NULL;
		ui->dirty |= UI_DIRTY_MSG;
	}
	ui_command(ui, line, CMD_IN_BINDING);
}
