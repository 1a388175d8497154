/*
 * The commands that configure: settings (set), key bindings (bind,
 * unbind), colours and themes (color, mono, theme), sources (source) and
 * the sectors of the reference data (sector). They are what the config
 * file is made of, and most may also be typed at the prompt or given
 * with -c; a theme change asks the console to repaint (ctx->reply).
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/keymap.h"
#include "centinela/app/lexer.h"
#include "centinela/app/setting.h"
#include "centinela/app/source.h"
#include "centinela/app/theme.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strvec.h"
#include "centinela/store/audit.h"
#include "centinela/store/sector.h"
#include "centinela/store/store.h"
#include "cmd_internal.h"

/* Most characters in a sector's display name. */
#define SECTOR_NAME_MAX 80

static void
list_settings(const struct app *app, struct strbuf *out)
{
	for (size_t i = 0; i < setting_count(); i++) {
		const struct setting *s = setting_at(i);
		size_t start = out->len;

		strbuf_addf(out, "set %s ", s->name);
		setting_format(app, s, out);
		cmd_pad_to(out, start, CMD_DESC_COLUMN);
		strbuf_addf(out, "# %s\n", s->description);
	}
}

static int
cmd_set(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
        struct err *e)
{
	struct app *app = ctx->app;

	if (argc == 1) {
		list_settings(app, out);
		return 0;
	}
	if (argc != 3)
		return cmd_usage_error("set", e);
	return setting_set(app, argv[1], argv[2], e);
}

/* The settings' names. */
static void
complete_set(const struct cmd_ctx *ctx, int argc, char **argv,
             struct strvec *out)
{
	(void)ctx;
	(void)argv;
	for (size_t i = 0; argc == 1 && i < setting_count(); i++)
		strvec_push(out, setting_at(i)->name);
}

const struct command cmd_entry_set = {
    .name = "set",
    .usage = "[NAME VALUE]",
    .summary = "show the settings, or change one",
    .help = "Without arguments, list every setting with its value, "
            "written as a\ncommand the config file accepts. With NAME "
            "VALUE, change a setting;\nquote a VALUE that holds "
            "blanks: set analyst \"ana.lopez\".\n",
    .where = CMD_IN_ANY,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 2,
    .run = cmd_set,
    .complete = complete_set,
};

static int
cmd_sector(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	struct app *app = ctx->app;

	const char *code = argv[1], *name = argv[2];
	bool is_known, has_changed = false;
	int rc;

	(void)argc;
	/* From -c, the cache is not open yet: the subcommand opens it later. */
	if (!app->store && (rc = app_open_store(app, e)))
		return rc;
	if (name[0] == '\0' || strlen(name) > SECTOR_NAME_MAX ||
	    !sanitize_is_clean(name, strlen(name), 0))
		return err_set(e, ERR_INVALID,
		               "invalid sector name for '%s' (expected 1 to %d "
		               "bytes of printable text)",
		               code, SECTOR_NAME_MAX);
	rc = store_begin(app->store, e);
	if (rc < 0)
		return rc;
	is_known = store_sector_exists(app->store, code);
	rc = store_sector_add(app->store, code, name, &has_changed, e);
	if (rc < 0 || !has_changed)
		goto out;
	rc = store_audit_append(app->store, app->analyst, "sector", "sector",
	                        code, name, e);
	if (rc < 0)
		goto out;
	rc = store_commit(app->store, e);
out:
	if (store_in_transaction(app->store))
		store_rollback(app->store);
	if (rc < 0)
		return rc;
	if (!has_changed)
		strbuf_addf(out, "sector '%s' is already named '%s'\n", code,
		            name);
	else if (is_known)
		strbuf_addf(out, "renamed sector '%s' to '%s'\n", code, name);
	else
		strbuf_addf(out, "added sector '%s' (%s)\n", code, name);
	return 0;
}

const struct command cmd_entry_sector = {
    .name = "sector",
    .usage = "CODE NAME",
    .summary = "add a critical-infrastructure sector, or rename one",
    .help = "Add the sector CODE (lower-case letters, digits and "
            "'-', starting with a\nletter) with the display NAME, or "
            "give an existing sector a new NAME.\nQuote a NAME that "
            "holds blanks: sector ics \"Industrial control\".\nThe "
            "change is written to the audit trail; nothing is "
            "written when\nthe sector already has that NAME.\n",
    .where = CMD_IN_PROMPT | CMD_IN_CLI,
    .is_mutating = true,
    .min_args = 2,
    .max_args = 2,
    .run = cmd_sector,
};

static int
cmd_source(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	struct app *app = ctx->app;

	(void)out;
	return app_source_define(app, argc, argv, e);
}

const struct command cmd_entry_source = {
    .name = "source",
    .usage = "NAME DRIVER url=URL [OPTION=VALUE...]",
    .summary = "declare a source the sync engine pulls",
    .help = "Declare (or redefine) source NAME read by DRIVER (centinela: "
            "the native\ncentral API; kev: the CISA KEV catalog) at URL. "
            "Options: token-file=PATH\n(a file only you can read) or "
            "token-env=VAR, interval=DURATION,\nresources=a,b, wait=DURATION "
            "(long-poll for alerts), page-size=N,\nconnect-timeout=, "
            "low-speed-time=, timeout= (durations), max-size=BYTES,\n"
            "ca-file=PATH. A token is never given on the command line.\n"
            "HTTPS only, except to loopback addresses.\n",
    .where = CMD_IN_CONFIG | CMD_IN_CLI,
    .is_mutating = false,
    .min_args = 3,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .run = cmd_source,
};

static int
cmd_bind(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	struct app *app = ctx->app;

	struct strbuf line;
	int key = 0, rc;

	if (argc == 1) {
		keymap_format(app->keymap, out);
		return 0;
	}
	if (argc < 4)
		return cmd_usage_error("bind", e);
	rc = keymap_key_parse(argv[2], &key, e);
	if (rc < 0)
		return rc;
	/* Quote again the words the lexer took apart, so that the line
	 * lexes back into exactly those words when the key is pressed. */
	strbuf_init(&line);
	for (int i = 3; i < argc; i++) {
		if (i > 3)
			strbuf_addch(&line, ' ');
		lexer_quote(argv[i], &line);
	}
	rc = keymap_bind(app->keymap, argv[1], key, line.buf, e);
	strbuf_release(&line);
	return rc;
}

/* The views a key can be bound in, then (after the key) the commands. */
static void
complete_bind(const struct cmd_ctx *ctx, int argc, char **argv,
              struct strvec *out)
{
	(void)argv;
	if (argc == 1) {
		strvec_push(out, KEYMAP_GLOBAL);
		for (size_t i = 0; i < ctx->views.n; i++)
			strvec_push(out, ctx->views.v[i]);
		strvec_push(out, "detail");
	} else if (argc >= 3) {
		command_complete(ctx, 0, NULL, out);
	}
}

const struct command cmd_entry_bind = {
    .name = "bind",
    .usage = "[VIEW KEY COMMAND...]",
    .summary = "bind a key to a command, or list the bindings",
    .help = "Bind KEY in VIEW to the command line made of the words "
            "after KEY;\nthat command runs when the key is pressed in "
            "that view. VIEW is global,\nincidents, alerts, assets, "
            "organizations, help, detail or the name of a\nsaved "
            "view; a view's bindings override the global ones. KEY "
            "is a\ncharacter (j, G, ?), C-a to C-z, or a name: Enter, "
            "Esc, Tab, BTab,\nSpace, Up, Down, Left, Right, Home, "
            "End, PgUp, PgDn, IC, DC, BSpace, F1\nto F12. Without "
            "arguments, list every binding as a bind command.\n",
    .where = CMD_IN_CONFIG | CMD_IN_PROMPT | CMD_IN_CLI,
    .is_mutating = false,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .run = cmd_bind,
    .complete = complete_bind,
};

static int
cmd_unbind(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	struct app *app = ctx->app;

	int key = 0, rc;

	(void)argc;
	(void)out;
	rc = keymap_key_parse(argv[2], &key, e);
	if (rc < 0)
		return rc;
	return keymap_unbind(app->keymap, argv[1], key, e);
}

const struct command cmd_entry_unbind = {
    .name = "unbind",
    .usage = "VIEW KEY",
    .summary = "remove a key binding",
    .help = "Remove the binding of KEY in VIEW. Unbinding a key in a "
            "view\nuncovers its global binding, if any.\n",
    .where = CMD_IN_CONFIG | CMD_IN_PROMPT | CMD_IN_CLI,
    .is_mutating = false,
    .min_args = 2,
    .max_args = 2,
    .run = cmd_unbind,
};

/* The app's theme, created when a caller built struct app by hand. */
static struct theme *
app_theme(struct app *app)
{
	if (!app->theme)
		app->theme = theme_new();
	return app->theme;
}

static int
cmd_color(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	struct app *app = ctx->app;

	int rc;

	(void)out;
	rc = theme_set_color(app_theme(app), argv[1], argv[2], argv[3],
	                     argv + 4, (size_t)(argc - 4), e);
	if (rc == 0)
		ctx->reply.is_theme_changed = true;
	return rc;
}

const struct command cmd_entry_color = {
    .name = "color",
    .usage = "ELEMENT FG BG [ATTR...]",
    .summary = "set the colours and attributes of a screen element",
    .help = "Draw ELEMENT (a theme element such as list.selected or "
            "severity.high,\noptionally prefixed with a view: "
            "incidents.list.selected) in FG on BG\nwith the "
            "attributes ATTR. Colours: default, black, red, green, "
            "yellow,\nblue, magenta, cyan, white, bright<name>, "
            "colorN (0-255) or #RRGGBB.\nAttributes: bold, dim, "
            "underline, reverse, blink, italic, standout,\nnormal. "
            "The setting overrides the theme and survives 'theme "
            "NAME'.\n",
    .where = CMD_IN_ANY,
    .is_mutating = false,
    .min_args = 3,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .run = cmd_color,
};

static int
cmd_mono(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	struct app *app = ctx->app;

	int rc;

	(void)out;
	rc = theme_set_mono(app_theme(app), argv[1], argv + 2,
	                    (size_t)(argc - 2), e);
	if (rc == 0)
		ctx->reply.is_theme_changed = true;
	return rc;
}

const struct command cmd_entry_mono = {
    .name = "mono",
    .usage = "ELEMENT [ATTR...]",
    .summary = "set the attributes of a screen element without colour",
    .help = "Draw ELEMENT with the attributes ATTR (bold, dim, "
            "underline, reverse,\nblink, italic, standout, normal) "
            "when there is no colour: NO_COLOR\nis set or the "
            "terminal has none. The setting overrides the theme\nand "
            "survives 'theme NAME'.\n",
    .where = CMD_IN_ANY,
    .is_mutating = false,
    .min_args = 1,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .run = cmd_mono,
};

static int
cmd_theme(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	struct app *app = ctx->app;

	struct theme *t = app_theme(app);
	const char *current = theme_name(t);
	struct strvec names;
	int rc;

	if (argc > 1) {
		rc = theme_load_named(t, argv[1], e);
		if (rc == 0)
			ctx->reply.is_theme_changed = true;
		return rc;
	}
	strvec_init(&names);
	theme_list_names(&names);
	for (size_t i = 0; i < names.n; i++)
		strbuf_addf(out, "%c %s\n",
		            current && strcmp(current, names.v[i]) == 0 ? '*'
		                                                        : ' ',
		            names.v[i]);
	strvec_release(&names);
	return 0;
}

/* The themes found. */
static void
complete_theme(const struct cmd_ctx *ctx, int argc, char **argv,
               struct strvec *out)
{
	(void)ctx;
	(void)argv;
	if (argc == 1)
		theme_list_names(out);
}

const struct command cmd_entry_theme = {
    .name = "theme",
    .usage = "[NAME]",
    .summary = "switch the colour theme, or list the themes",
    .help = "Without an argument, list the themes found, the current "
            "one marked\nwith '*'. With NAME, load the theme NAME "
            "from\n$XDG_CONFIG_HOME/centinela/themes or the installed "
            "themes and switch\nto it; 'color' and 'mono' settings "
            "stay on top of it.\n",
    .where = CMD_IN_ANY,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 1,
    .run = cmd_theme,
    .complete = complete_theme,
};
