/*
 * The built-in key table: curses key to console action. The app-layer
 * keymap (bind VIEW KEY COMMAND) replaces it; ui_key_to_action() is the
 * one place that asks.
 */
#include "internal.h"

struct key_def {
	int key;               /* curses key code or character */
	const char *name;      /* as the help overlay shows it */
	enum ui_action action; /* what it does */
	long arg;              /* the action's argument */
};

#define CTRL(c) ((c)&0x1f)

static const struct key_def keys[] = {
    {'j', "j", UI_ACTION_DOWN, 0},
    {KEY_DOWN, "Down", UI_ACTION_DOWN, 0},
    {'k', "k", UI_ACTION_UP, 0},
    {KEY_UP, "Up", UI_ACTION_UP, 0},
    {KEY_NPAGE, "PgDn", UI_ACTION_PAGE_DOWN, 0},
    {' ', "Space", UI_ACTION_PAGE_DOWN, 0},
    {KEY_PPAGE, "PgUp", UI_ACTION_PAGE_UP, 0},
    {CTRL('d'), "C-d", UI_ACTION_HALF_DOWN, 0},
    {CTRL('u'), "C-u", UI_ACTION_HALF_UP, 0},
    {'g', "g", UI_ACTION_TOP, 0},
    {KEY_HOME, "Home", UI_ACTION_TOP, 0},
    {'G', "G", UI_ACTION_BOTTOM, 0},
    {KEY_END, "End", UI_ACTION_BOTTOM, 0},
    {'\r', "Enter", UI_ACTION_OPEN, 0},
    {'\n', NULL, UI_ACTION_OPEN, 0},
    {KEY_ENTER, NULL, UI_ACTION_OPEN, 0},
    {'q', "q", UI_ACTION_BACK, 0},
    {27, "Esc", UI_ACTION_BACK, 0},
    {'Q', "Q", UI_ACTION_QUIT, 0},
    {'\t', "Tab", UI_ACTION_NEXT_VIEW, 0},
    {KEY_BTAB, "S-Tab", UI_ACTION_PREV_VIEW, 0},
    {'1', "1-9", UI_ACTION_SELECT_VIEW, 1},
    {'2', NULL, UI_ACTION_SELECT_VIEW, 2},
    {'3', NULL, UI_ACTION_SELECT_VIEW, 3},
    {'4', NULL, UI_ACTION_SELECT_VIEW, 4},
    {'5', NULL, UI_ACTION_SELECT_VIEW, 5},
    {'6', NULL, UI_ACTION_SELECT_VIEW, 6},
    {'7', NULL, UI_ACTION_SELECT_VIEW, 7},
    {'8', NULL, UI_ACTION_SELECT_VIEW, 8},
    {'9', NULL, UI_ACTION_SELECT_VIEW, 9},
    {'/', "/", UI_ACTION_FILTER, 0},
    {':', ":", UI_ACTION_PROMPT, 0},
    {'?', "?", UI_ACTION_HELP, 0},
    {'r', "r", UI_ACTION_REFRESH, 0},
    {CTRL('l'), "C-l", UI_ACTION_REDRAW, 0},
    {'s', "s", UI_ACTION_SORT_NEXT, 0},
    {'S', "S", UI_ACTION_SORT_REVERSE, 0},
};

#define N_KEYS (sizeof(keys) / sizeof(*keys))

bool
ui_key_to_action(int key, enum ui_action *action, long *arg)
{
	for (size_t i = 0; i < N_KEYS; i++) {
		if (keys[i].key == key) {
			*action = keys[i].action;
			*arg = keys[i].arg;
			return true;
		}
	}
	return false;
}

static const char *
action_label(enum ui_action a)
{
	static const char *const labels[UI_ACTION_COUNT] = {
	    [UI_ACTION_DOWN] = "move down",
	    [UI_ACTION_UP] = "move up",
	    [UI_ACTION_PAGE_DOWN] = "page down",
	    [UI_ACTION_PAGE_UP] = "page up",
	    [UI_ACTION_HALF_DOWN] = "half page down",
	    [UI_ACTION_HALF_UP] = "half page up",
	    [UI_ACTION_TOP] = "first row",
	    [UI_ACTION_BOTTOM] = "last row",
	    [UI_ACTION_OPEN] = "open the detail, follow a link",
	    [UI_ACTION_BACK] = "back (quit from a list)",
	    [UI_ACTION_QUIT] = "quit",
	    [UI_ACTION_NEXT_VIEW] = "next view",
	    [UI_ACTION_PREV_VIEW] = "previous view",
	    [UI_ACTION_SELECT_VIEW] = "view by number",
	    [UI_ACTION_FILTER] = "filter the list",
	    [UI_ACTION_PROMPT] = "command prompt",
	    [UI_ACTION_HELP] = "this help",
	    [UI_ACTION_REFRESH] = "refresh",
	    [UI_ACTION_REDRAW] = "repaint the screen",
	    [UI_ACTION_SORT_NEXT] = "next sort field",
	    [UI_ACTION_SORT_REVERSE] = "reverse the sort",
	};

	return (unsigned)a < UI_ACTION_COUNT && labels[a] ? labels[a] : "?";
}

bool
ui_key_at(size_t i, const char **key, const char **action)
{
	size_t seen = 0;

	for (size_t k = 0; k < N_KEYS; k++) {
		if (!keys[k].name)
			continue;
		if (seen++ == i) {
			*key = keys[k].name;
			*action = action_label(keys[k].action);
			return true;
		}
	}
	return false;
}
