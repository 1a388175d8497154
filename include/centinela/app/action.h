/*
 * Console actions: the commands of the language that act on the screen
 * (move the selection, open a detail, switch views, ...).
 *
 * The app layer cannot call the UI, so the console registers a struct
 * app_ui in struct app when it starts; the commands for these actions (in
 * the command table, so that `bind` can map a key to any of them and the
 * help overlay lists them) hand the action to it. Outside the console
 * (app->ui is NULL) they fail with "only in the console".
 */
#ifndef CENTINELA_APP_ACTION_H
#define CENTINELA_APP_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct strvec;

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

/* The hooks the console registers in struct app (see app.h). */
struct app_ui {
	void *ctx; /* the console's state, passed back */
	/* Perform an action (arg: its number, e.g. the tab); 0 or ERR_*. */
	int (*act)(void *ctx, enum ui_action action, long arg, struct err *e);
	/* Sort the current list by field, descending when is_desc. */
	int (*sort)(void *ctx, const char *field, int is_desc, struct err *e);
	/* Show the view name, just saved in app->views with filter, as a
	 * tab (adding it or updating it) and switch to it. */
	int (*view)(void *ctx, const char *name, const char *filter,
	            struct err *e);
	/* The enum store_entity of the list the analyst is on, or -1 when
	 * the current tab is not a list (help). */
	int (*current_entity)(void *ctx);
	/* Switch to the theme loaded into app (after `theme NAME`). */
	void (*theme_changed)(void *ctx);
	/* The outbox id of the entry selected in the conflicts or outbox
	 * view or open in its detail, 0 when none (may be NULL). */
	int64_t (*selected_conflict)(void *ctx);
	/* A command changed the cache (a conflict settled, an edit): re-query
	 * what is shown and let the sync engine replay (may be NULL). */
	void (*data_changed)(void *ctx);
	/*
	 * The rows an action applies to: the record open in the top detail
	 * when one is open, else the marked rows of the current list when
	 * any are marked, else its selected row. *entity receives their
	 * enum store_entity (-1 when nothing applies) and *ids a malloc'd
	 * array the caller frees (NULL when none). Returns how many.
	 */
	size_t (*targets)(void *ctx, int *entity, int64_t **ids);
	/*
	 * Marks of the current list. filter NULL toggles the mark of the
	 * selected row; else every row of the list (its own filter and this
	 * one, a filter-language text) is marked, at most the table's cap
	 * (ERR_LIMIT past it, the first rows marked). *n receives the rows
	 * marked in the list now. ERR_INVALID on a list that cannot mark.
	 */
	int (*mark)(void *ctx, const char *filter, size_t *n, struct err *e);
	/* The rows marked in the current list that targets returns now
	 * (0 when none are marked or a detail is open). */
	size_t (*marked)(void *ctx);
	/* Drop the marks of the current list; returns how many there were. */
	size_t (*unmark)(void *ctx);
	/*
	 * Ask question (copied) on the message line. The answer runs the
	 * command argv[0..argc) (copied) with the answer as one more
	 * argument, as from the prompt; with is_confirm only "y" or "yes"
	 * runs it, as it is. An empty answer or Esc cancels.
	 */
	int (*ask)(void *ctx, const char *question, int argc,
	           const char *const *argv, bool is_confirm, struct err *e);
	/*
	 * A searchable picker titled title over labels (shown) and values
	 * (as many; all copied): typing filters the labels, Enter runs the
	 * command argv[0..argc) with the value picked as one more argument,
	 * Esc cancels.
	 */
	int (*pick)(void *ctx, const char *title, const struct strvec *labels,
	            const struct strvec *values, int argc,
	            const char *const *argv, struct err *e);
	/* Open record id of entity (enum store_entity) in a detail. */
	int (*open)(void *ctx, int entity, int64_t id, struct err *e);
	/*
	 * Open the ':' command prompt holding initial (borrowed; may be
	 * NULL). ERR_USAGE when a prompt is open already. May be NULL.
	 */
	int (*prompt)(void *ctx, const char *initial, struct err *e);
	/*
	 * Give the terminal to another program (is_released true: the screen
	 * is left as the shell had it) or take it back and repaint (false).
	 * May be NULL (nothing to do).
	 */
	void (*terminal)(void *ctx, bool is_released);
	/* Open the form that creates a record of kind ("incident"). */
	int (*form)(void *ctx, const char *kind, struct err *e);
	/*
	 * The audit views (may be NULL): what is one of enum app_ui_audit;
	 * incident_id is the incident of APP_UI_AUDIT_INCIDENT.
	 */
	int (*audit)(void *ctx, int what, int64_t incident_id, struct err *e);
};

/* What the audit hook shows. */
enum app_ui_audit {
	APP_UI_AUDIT_TRAIL,    /* the whole trail, as a tab */
	APP_UI_AUDIT_VERIFY,   /* verify the chain now and say how it is */
	APP_UI_AUDIT_INCIDENT, /* one incident's entries, as a page */
	APP_UI_AUDIT_CHECK,    /* check the chain (the cheap check every
	                          change makes) and show its state */
};

/* "down", "page-down", ... (static), and back; parse returns 0 or ERR_INVALID. */
const char *ui_action_name(enum ui_action action);
int ui_action_parse(const char *name, enum ui_action *out);

#endif
