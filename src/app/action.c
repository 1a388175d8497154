/*
 * Console actions: see include/centinela/app/action.h.
 *
 * The names are those of the commands that perform the actions, so that a
 * binding, the help overlay and the ':' prompt all say the same word.
 */
#include "centinela/app/action.h"

#include <stddef.h>
#include <string.h>

#include "centinela/base/err.h"

/* Indexed by enum ui_action. */
static const char *const action_names[UI_ACTION_COUNT] = {
    [UI_ACTION_DOWN] = "down",
    [UI_ACTION_UP] = "up",
    [UI_ACTION_PAGE_DOWN] = "page-down",
    [UI_ACTION_PAGE_UP] = "page-up",
    [UI_ACTION_HALF_DOWN] = "half-down",
    [UI_ACTION_HALF_UP] = "half-up",
    [UI_ACTION_TOP] = "top",
    [UI_ACTION_BOTTOM] = "bottom",
    [UI_ACTION_OPEN] = "open",
    [UI_ACTION_BACK] = "back",
    [UI_ACTION_QUIT] = "quit",
    [UI_ACTION_NEXT_VIEW] = "next-view",
    [UI_ACTION_PREV_VIEW] = "prev-view",
    [UI_ACTION_SELECT_VIEW] = "view",
    [UI_ACTION_FILTER] = "filter",
    [UI_ACTION_PROMPT] = "prompt",
    [UI_ACTION_HELP] = "help",
    [UI_ACTION_REFRESH] = "refresh",
    [UI_ACTION_REDRAW] = "redraw",
    [UI_ACTION_SORT_NEXT] = "sort-next",
    [UI_ACTION_SORT_REVERSE] = "sort-reverse",
};

const char *
ui_action_name(enum ui_action action)
{
	if ((unsigned)action >= UI_ACTION_COUNT)
		return "unknown";
	return action_names[action];
}

int
ui_action_parse(const char *name, enum ui_action *out)
{
	for (size_t i = 0; i < UI_ACTION_COUNT; i++) {
		if (strcmp(action_names[i], name) == 0) {
			*out = (enum ui_action)i;
			return 0;
		}
	}
	return ERR_INVALID;
}
