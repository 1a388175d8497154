/*
 * The commands that act on the console's screen: the actions (move the
 * selection, open, switch tabs, ...), the ':' prompt, help, sort, view and
 * the marks. None of them touches the screen: each checks its arguments
 * against what ctx says is shown and names what the console is to do in
 * ctx->reply (app/cmd_ctx.h), which the console performs once the command
 * has returned. Outside the console they refuse, except what also makes
 * sense in the config file (`view NAME FILTER` saves a view, `help NAME`
 * explains a command).
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/keymap.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/list.h"
#include "cmd_internal.h"

/* Most tabs `view N` can select. */
#define VIEW_TAB_MAX 99
/* Most bytes in a sort field name. */
#define SORT_FIELD_MAX 64

/* The console performs action once the command returns. */
static int
console_action(struct cmd_ctx *ctx, const char *name, enum ui_action action,
               struct err *e)
{
	if (!ctx->is_console)
		return cmd_console_only(name, NULL, e);
	ctx->reply.action = (int)action;
	return 0;
}

static int
cmd_back(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_BACK, e);
}

const struct command cmd_entry_back = {
    .name = "back",
    .usage = "",
    .summary = "close the detail or overlay; quit from a list",
    .help = "Close the open detail, overlay or prompt; from a list "
            "with nothing\nopen, leave the console.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_back,
};

static int
cmd_bottom(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_BOTTOM, e);
}

const struct command cmd_entry_bottom = {
    .name = "bottom",
    .usage = "",
    .summary = "select the last row",
    .help = "Move the selection to the last row of the list.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_bottom,
};

static int
cmd_down(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_DOWN, e);
}

const struct command cmd_entry_down = {
    .name = "down",
    .usage = "",
    .summary = "move the selection one row down",
    .help = "Move the selection one row down, scrolling when it "
            "leaves the screen.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_down,
};

static int
cmd_filter(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_FILTER, e);
}

const struct command cmd_entry_filter = {
    .name = "filter",
    .usage = "",
    .summary = "open the '/' filter prompt",
    .help = "Open the filter prompt: the list narrows as you type a "
            "filter\n(field:value, field>=value, !field:value, bare "
            "words); Esc clears it.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_filter,
};

static int
cmd_half_down(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
              struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_HALF_DOWN, e);
}

const struct command cmd_entry_half_down = {
    .name = "half-down",
    .usage = "",
    .summary = "move the selection half a screen down",
    .help = "Move the selection half a screen down.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_half_down,
};

static int
cmd_half_up(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
            struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_HALF_UP, e);
}

const struct command cmd_entry_half_up = {
    .name = "half-up",
    .usage = "",
    .summary = "move the selection half a screen up",
    .help = "Move the selection half a screen up.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_half_up,
};

static int
cmd_next_view(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
              struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_NEXT_VIEW, e);
}

const struct command cmd_entry_next_view = {
    .name = "next-view",
    .usage = "",
    .summary = "switch to the next view tab",
    .help = "Switch to the next tab, wrapping from the last to the "
            "first.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_next_view,
};

static int
cmd_open(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_OPEN, e);
}

const struct command cmd_entry_open = {
    .name = "open",
    .usage = "",
    .summary = "open the selected row, or follow a link",
    .help = "Open the detail of the selected row; in a detail, "
            "follow the selected\nlink.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_open,
};

static int
cmd_page_down(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
              struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_PAGE_DOWN, e);
}

const struct command cmd_entry_page_down = {
    .name = "page-down",
    .usage = "",
    .summary = "move the selection one screen down",
    .help = "Move the selection one screen down.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_page_down,
};

static int
cmd_page_up(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
            struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_PAGE_UP, e);
}

const struct command cmd_entry_page_up = {
    .name = "page-up",
    .usage = "",
    .summary = "move the selection one screen up",
    .help = "Move the selection one screen up.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_page_up,
};

static int
cmd_prev_view(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
              struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_PREV_VIEW, e);
}

const struct command cmd_entry_prev_view = {
    .name = "prev-view",
    .usage = "",
    .summary = "switch to the previous view tab",
    .help = "Switch to the previous tab, wrapping from the first to "
            "the last.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_prev_view,
};

static int
cmd_quit(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_QUIT, e);
}

const struct command cmd_entry_quit = {
    .name = "quit",
    .usage = "",
    .summary = "leave the console",
    .help = "Leave the console, from any view.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_quit,
};

static int
cmd_redraw(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_REDRAW, e);
}

const struct command cmd_entry_redraw = {
    .name = "redraw",
    .usage = "",
    .summary = "repaint the whole screen",
    .help = "Clear and repaint the whole screen, after another "
            "program wrote on it.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_redraw,
};

static int
cmd_refresh(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
            struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_REFRESH, e);
}

const struct command cmd_entry_refresh = {
    .name = "refresh",
    .usage = "",
    .summary = "re-read the visible rows from the cache",
    .help = "Query the cache again for what is on the screen.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_refresh,
};

static int
cmd_sort_next(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
              struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_SORT_NEXT, e);
}

const struct command cmd_entry_sort_next = {
    .name = "sort-next",
    .usage = "",
    .summary = "sort the list by the next column",
    .help = "Sort the list by the next column that can be sorted, in "
            "turn.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_sort_next,
};

static int
cmd_sort_reverse(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
                 struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_SORT_REVERSE, e);
}

const struct command cmd_entry_sort_reverse = {
    .name = "sort-reverse",
    .usage = "",
    .summary = "reverse the sort order",
    .help = "Reverse the order of the current sort.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_sort_reverse,
};

static int
cmd_top(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
        struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_TOP, e);
}

const struct command cmd_entry_top = {
    .name = "top",
    .usage = "",
    .summary = "select the first row",
    .help = "Move the selection to the first row of the list.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_top,
};

static int
cmd_up(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
       struct err *e)
{
	(void)argc;
	(void)out;
	return console_action(ctx, argv[0], UI_ACTION_UP, e);
}

const struct command cmd_entry_up = {
    .name = "up",
    .usage = "",
    .summary = "move the selection one row up",
    .help = "Move the selection one row up, scrolling when it leaves "
            "the screen.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_up,
};

/* `prompt [TEXT]`: the ':' prompt, with TEXT typed already. */
static int
cmd_prompt(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	(void)out;
	if (!ctx->is_console)
		return cmd_console_only(argv[0], NULL, e);
	ctx->reply.action = UI_ACTION_PROMPT;
	if (argc > 1)
		ctx->reply.prompt_text = xstrdup(argv[1]);
	return 0;
}

const struct command cmd_entry_prompt = {
    .name = "prompt",
    .usage = "[TEXT]",
    .summary = "open the ':' command prompt",
    .help = "Open the command prompt, where any command of the "
            "language may be\ntyped, with history and Tab completion; "
            "with TEXT, the prompt starts\nwith it typed: bind "
            "incidents a prompt \"assign \".\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 1,
    .run = cmd_prompt,
};

/* In the console the list of commands is the overlay, which shows keys. */
static int
cmd_help(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	char *name;
	int rc;

	if (argc == 1 && ctx->is_console) {
		ctx->reply.action = UI_ACTION_HELP;
		return 0;
	}
	/* `help outbox retry`: a subcommand by its two words */
	name = cmd_join(argc, argv, 1);
	if (argc == 3 && !command_find(name))
		rc = cmd_usage_error(argv[0], e);
	else
		rc = command_help(name, out, e);
	free(name);
	return rc;
}

static void
complete_help(const struct cmd_ctx *ctx, int argc, char **argv,
              struct strvec *out)
{
	(void)argv;
	if (argc == 1)
		command_complete(ctx, 0, NULL, out);
}

const struct command cmd_entry_help = {
    .name = "help",
    .usage = "[COMMAND]",
    .summary = "list the commands and keys, or explain one",
    .help = "Without an argument, list every command with a one-line "
            "summary;\nin the console, toggle the overlay of keys and "
            "commands instead.\nWith COMMAND, show its usage, where it "
            "may be used and what it does;\nfor a command of "
            "subcommands (outbox, conflict, audit), each of them;\n"
            "help outbox retry explains one.\n",
    .where = CMD_IN_ANY,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 2,
    .run = cmd_help,
    .complete = complete_help,
};

static bool
is_field_name(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > SORT_FIELD_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

static int
cmd_sort(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	bool is_desc = false;

	(void)out;
	if (!ctx->is_console)
		return cmd_console_only(argv[0], NULL, e);
	if (!is_field_name(argv[1]))
		return err_set(e, ERR_INVALID,
		               "invalid sort field '%s' (expected a column "
		               "name such as severity or age)",
		               argv[1]);
	if (argc == 3) {
		if (strcmp(argv[2], "desc") == 0)
			is_desc = true;
		else if (strcmp(argv[2], "asc") != 0)
			return err_set(e, ERR_USAGE,
			               "invalid sort order '%s' (expected desc "
			               "or asc)",
			               argv[2]);
	}
	ctx->reply.sort_field = xstrdup(argv[1]);
	ctx->reply.is_sort_desc = is_desc;
	return 0;
}

/* The fields an index serves for the list on screen, then the order. */
static void
complete_sort(const struct cmd_ctx *ctx, int argc, char **argv,
              struct strvec *out)
{
	const char *const *f;

	(void)argv;
	cmd_complete_words(argc, 2, (const char *const[]){"asc", "desc", NULL},
	                   out);
	if (argc != 1 || ctx->list < 0)
		return;
	f = store_sort_fields((enum store_entity)ctx->list);
	for (size_t i = 0; f && f[i]; i++)
		strvec_push(out, f[i]);
}

const struct command cmd_entry_sort = {
    .name = "sort",
    .usage = "FIELD [desc|asc]",
    .summary = "sort the list by a field",
    .help = "Sort the current list by FIELD, ascending, or "
            "descending with desc.\nOnly the fields an index serves "
            "are offered.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 1,
    .max_args = 2,
    .run = cmd_sort,
    .complete = complete_sort,
};

/* Parse a tab number 1..VIEW_TAB_MAX, or -1. */
static long
parse_tab(const char *s)
{
	long n = 0;

	if (!*s || strlen(s) > 2)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n >= 1 && n <= VIEW_TAB_MAX ? n : -1;
}

/*
 * `view NAME FILTER`: NAME may start with a list, "alerts:fresh". Without
 * one, the view lists what the analyst is on in the console, and alerts
 * elsewhere (the config file).
 */
static int
save_view(struct cmd_ctx *ctx, const char *spec, const char *filter,
          struct err *e)
{
	const char *colon = strchr(spec, ':');
	const char *name = colon ? colon + 1 : spec;
	enum store_entity ent = STORE_ALERTS;
	int rc;

	if (colon) {
		char *prefix = xstrndup(spec, (size_t)(colon - spec));

		rc = store_entity_parse(prefix, &ent);
		if (rc < 0)
			err_set(e, ERR_INVALID,
			        "unknown list '%s' in view '%s' (known: "
			        "incidents, alerts, assets, organizations)",
			        prefix, spec);
		free(prefix);
		if (rc < 0)
			return ERR_INVALID;
	} else if (ctx->is_console) {
		if (ctx->list < 0)
			return err_set(e, ERR_INVALID,
			               "a saved view needs a list: go to one "
			               "first, or name it, as in 'alerts:%s'",
			               name);
		ent = (enum store_entity)ctx->list;
	}
	rc = app_view_save(ctx->app, name, (int)ent, filter, e);
	if (rc < 0 || !ctx->is_console)
		return rc;
	ctx->reply.view = xstrdup(name);
	return 0;
}

static int
cmd_view(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	long tab;

	(void)out;
	if (argc == 3)
		return save_view(ctx, argv[1], argv[2], e);
	if (strcmp(argv[1], "audit") == 0) {
		/* as `audit` does */
		if (!ctx->is_console)
			return cmd_console_only("audit", NULL, e);
		ctx->reply.audit = CMD_AUDIT_TRAIL;
		return 0;
	}
	tab = parse_tab(argv[1]);
	if (tab < 0 && keymap_view_is_valid(argv[1]) &&
	    !(argv[1][0] >= '0' && argv[1][0] <= '9')) {
		/* a tab by name: the dashboard, a list, a saved view */
		if (!ctx->is_console)
			return cmd_console_only("view NAME", NULL, e);
		ctx->reply.view = xstrdup(argv[1]);
		return 0;
	}
	if (tab < 0)
		return err_set(e, ERR_USAGE,
		               "invalid tab number '%s' (expected 1 to %d, or "
		               "NAME FILTER to save a view)",
		               argv[1], VIEW_TAB_MAX);
	if (!ctx->is_console)
		return cmd_console_only("view N", NULL, e);
	ctx->reply.action = UI_ACTION_SELECT_VIEW;
	ctx->reply.action_arg = tab;
	return 0;
}

/* The tabs of the console. */
static void
complete_view(const struct cmd_ctx *ctx, int argc, char **argv,
              struct strvec *out)
{
	(void)argv;
	for (size_t i = 0; argc == 1 && i < ctx->views.n; i++)
		strvec_push(out, ctx->views.v[i]);
}

const struct command cmd_entry_view = {
    .name = "view",
    .usage = "N | NAME | [LIST:]NAME FILTER",
    .summary = "switch to tab N or NAME, or save a view as a tab",
    .help = "With a number, switch to that tab (1 is the first; "
            "console only).\nWith a NAME, switch to the tab of that "
            "name (a list, help, a saved\nview) or open the "
            "dashboard (view dashboard) or the audit trail (view\n"
            "audit, as 'audit' does; console only).\nWith NAME and "
            "FILTER, save a named view "
            "that shows the rows FILTER\nselects, as a tab; quote the "
            "filter: view mine \"assignee:me status:new\".\nThe view "
            "lists what LIST: names (incidents, alerts, assets,\n"
            "organizations), else the list the console is on, else "
            "(in the config\nfile) alerts.\n",
    .where = CMD_IN_CONFIG | CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 1,
    .max_args = 2,
    .run = cmd_view,
    .complete = complete_view,
};

/*
 * `mark [FILTER...]`: the console marks (it holds the marks and the
 * list's own filter) and says how many; Space marks and moves on, so that
 * a run of rows is quick.
 */
static int
cmd_mark(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	(void)out;
	if (!ctx->is_console)
		return cmd_console_only(argv[0], CMD_HINT_ALERT, e);
	ctx->reply.is_mark = true;
	ctx->reply.mark_filter = cmd_join(argc, argv, 1);
	if (!ctx->reply.mark_filter)
		ctx->reply.action = UI_ACTION_DOWN;
	return 0;
}

const struct command cmd_entry_mark = {
    .name = "mark",
    .usage = "[FILTER...]",
    .summary = "mark the selected row, or every row matching FILTER",
    .help =
        "Without FILTER, toggle the mark of the selected row and move down\n"
        "(Space). With FILTER (the filter language), mark every row of\n"
        "the list that matches both its own filter and FILTER, at most\n"
        "1000. Actions (ack, dismiss, promote, merge, unlink and\n"
        "others' incident actions) then apply to the marked rows.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .run = cmd_mark,
};

static int
cmd_unmark(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	(void)argc;
	if (!ctx->is_console)
		return cmd_console_only(argv[0], CMD_HINT_ALERT, e);
	strbuf_addf(out, "%zu marks cleared\n", ctx->n_marks);
	ctx->reply.is_unmark = true;
	return 0;
}

const struct command cmd_entry_unmark = {
    .name = "unmark",
    .usage = "",
    .summary = "drop the marks of the current list",
    .help = "Drop every mark of the current list.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_unmark,
};
