/*
 * Console actions: the commands of the language that act on the screen
 * (move the selection, open a detail, switch views, ...).
 *
 * The app layer cannot call the UI: the commands for these actions (in
 * the command table, so that `bind` can map a key to any of them and the
 * help overlay lists them) name the action in their reply (struct
 * cmd_reply.action, app/cmd_ctx.h), which the console performs after the
 * command returns. Outside the console they fail with "only in the
 * console".
 */
#ifndef CENTINELA_APP_ACTION_H
#define CENTINELA_APP_ACTION_H

#include <stdbool.h>
#include <stddef.h>

enum ui_action {
	UI_ACTION_DOWN,      /* selection one row down */
	UI_ACTION_UP,        /* one row up */
	UI_ACTION_PAGE_DOWN, /* one screen down */
	UI_ACTION_PAGE_UP,   /* one screen up */
	UI_ACTION_HALF_DOWN, /* half a screen down */
	UI_ACTION_HALF_UP,   /* half a screen up */
	UI_ACTION_TOP,       /* first row */
	UI_ACTION_BOTTOM,    /* last row */
	UI_ACTION_OPEN,      /* open the selected row, or follow a link */
	UI_ACTION_BACK,      /* close the detail or overlay; quit from a list */
	UI_ACTION_QUIT,      /* leave the console */
	UI_ACTION_NEXT_VIEW, /* next tab */
	UI_ACTION_PREV_VIEW, /* previous tab */
	UI_ACTION_SELECT_VIEW,  /* tab number arg (1-based) */
	UI_ACTION_FILTER,       /* open the '/' filter prompt */
	UI_ACTION_PROMPT,       /* open the ':' command prompt */
	UI_ACTION_HELP,         /* toggle the help overlay */
	UI_ACTION_REFRESH,      /* re-query what is visible */
	UI_ACTION_REDRAW,       /* repaint the whole screen (Ctrl-L) */
	UI_ACTION_SORT_NEXT,    /* cycle the sort column */
	UI_ACTION_SORT_REVERSE, /* reverse the sort */
	UI_ACTION_COUNT
};

/*
 * The one hook the console registers in struct app (see app.h) while it
 * runs. Everything else a command needs from the console is resolved
 * before it runs (struct cmd_ctx) or asked of it after (struct
 * cmd_reply), but the editor of `note` runs inside the command: the
 * console must give the terminal up before and take it back after, while
 * the command is still running.
 */
struct app_ui {
	void *ctx; /* the console's state, passed back */
	/*
	 * Give the terminal to another program (is_released true: the screen
	 * is left as the shell had it) or take it back and repaint (false).
	 * May be NULL (nothing to do).
	 */
	void (*terminal)(void *ctx, bool is_released);
};

/* "down", "page-down", ... (static), and back; parse returns 0 or ERR_INVALID. */
const char *ui_action_name(enum ui_action action);
int ui_action_parse(const char *name, enum ui_action *out);

#endif
