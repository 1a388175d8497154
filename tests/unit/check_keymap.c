/* Keys, key bindings and the console action commands. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/keymap.h"
#include "centinela/app/lexer.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/list.h"
#include "testutil.h"

/* What the fake console saw. */
struct fake_ui {
	int calls;             /* requests made of it */
	enum ui_action action; /* last act */
	long arg;              /* its arg */
	char field[64];        /* last sort field */
	int is_desc;           /* its direction */
	char name[64];         /* last view name */
	char filter[128];      /* its filter */
	int entity;            /* what current_entity reports */
};

/* The console the commands run in, NULL: outside it (config file, -c). */
static struct fake_ui *console;

/*
 * Run line from where as the console would: the list it is on resolved
 * into the context, then what the reply asks recorded in the fake.
 */
static int
run(struct app *app, const char *line, unsigned where, struct err *e)
{
	struct cmd_ctx ctx;
	const struct cmd_reply *r = &ctx.reply;
	int rc;

	err_clear(e);
	cmd_ctx_init(&ctx, app, where);
	if (console) {
		ctx.is_console = true;
		ctx.list = console->entity;
	}
	rc = command_run_ctx_line(&ctx, line, NULL, e);
	if (!rc && console && r->action >= 0) {
		console->calls++;
		console->action = (enum ui_action)r->action;
		console->arg = r->action_arg;
	}
	if (!rc && console && r->sort_field) {
		console->calls++;
		snprintf(console->field, sizeof(console->field), "%s",
		         r->sort_field);
		console->is_desc = r->is_sort_desc;
	}
	if (!rc && console && r->view) {
		const struct app_view *v = app_view_find(app, r->view);

		console->calls++;
		snprintf(console->name, sizeof(console->name), "%s", r->view);
		snprintf(console->filter, sizeof(console->filter), "%s",
		         v ? v->filter : "");
	}
	cmd_ctx_release(&ctx);
	return rc;
}

static int
parse_key(const char *name)
{
	struct err e;
	int key = -1;

	err_clear(&e);
	ck_assert_msg(keymap_key_parse(name, &key, &e) == 0, "%s: %s", name,
	              e.msg);
	return key;
}

START_TEST(test_keymap_key_names_round_trip)
{
	static const char *const names[] = {
	    "j",    "G",     "?",      "ñ",    "€",    "C-a",   "C-d",
	    "C-z",  "Enter", "Esc",    "Tab",  "BTab", "Space", "Up",
	    "Down", "Left",  "Right",  "Home", "End",  "PgUp",  "PgDn",
	    "IC",   "DC",    "BSpace", "F1",   "F2",   "F3",    "F4",
	    "F5",   "F6",    "F7",     "F8",   "F9",   "F10",   "F11",
	    "F12",  "#",     "\"",     ";",    "1",    "/",     ":",
	};
	char buf[KEYMAP_KEY_NAME_MAX];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int key = parse_key(names[i]);

		ck_assert(keymap_key_is_valid(key));
		ck_assert_str_eq(keymap_key_name(key, buf, sizeof(buf)),
		                 names[i]);
	}
	/* Every special key and control key names itself and back. */
	for (int key = KEYMAP_KEY_UP; key <= KEYMAP_KEY_LAST; key++)
		ck_assert_int_eq(
		    parse_key(keymap_key_name(key, buf, sizeof(buf))), key);
	for (int key = 1; key <= 26; key++) {
		int norm = keymap_key_normalize(key);

		ck_assert_int_eq(
		    parse_key(keymap_key_name(norm, buf, sizeof(buf))), norm);
	}
}
END_TEST

START_TEST(test_keymap_key_aliases)
{
	ck_assert_int_eq(parse_key("j"), 'j');
	ck_assert_int_eq(parse_key("ñ"), 0xf1);
	ck_assert_int_eq(parse_key("C-d"), 4);
	ck_assert_int_eq(parse_key("c-d"), 4);
	ck_assert_int_eq(parse_key("C-D"), 4);
	ck_assert_int_eq(parse_key("^D"), 4);
	ck_assert_int_eq(parse_key("^d"), 4);
	ck_assert_int_eq(parse_key("C-i"), KEYMAP_KEY_TAB);
	ck_assert_int_eq(parse_key("C-m"), KEYMAP_KEY_ENTER);
	ck_assert_int_eq(parse_key("C-j"), KEYMAP_KEY_ENTER);
	ck_assert_int_eq(parse_key("enter"), KEYMAP_KEY_ENTER);
	ck_assert_int_eq(parse_key("Return"), KEYMAP_KEY_ENTER);
	ck_assert_int_eq(parse_key("ESCAPE"), KEYMAP_KEY_ESC);
	ck_assert_int_eq(parse_key("PageDown"), KEYMAP_KEY_PGDN);
	ck_assert_int_eq(parse_key("pageup"), KEYMAP_KEY_PGUP);
	ck_assert_int_eq(parse_key("pgdn"), KEYMAP_KEY_PGDN);
	ck_assert_int_eq(parse_key("Delete"), KEYMAP_KEY_DELETE);
	ck_assert_int_eq(parse_key("Insert"), KEYMAP_KEY_INSERT);
	ck_assert_int_eq(parse_key("Backspace"), KEYMAP_KEY_BACKSPACE);
	ck_assert_int_eq(parse_key("space"), ' ');
	ck_assert_int_eq(parse_key(" "), ' ');
	ck_assert_int_eq(parse_key("f12"), KEYMAP_KEY_F12);
	ck_assert_int_eq(parse_key("F5"), KEYMAP_KEY_F1 + 4);
	/* What the console hands over for raw bytes. */
	ck_assert_int_eq(keymap_key_normalize('\t'), KEYMAP_KEY_TAB);
	ck_assert_int_eq(keymap_key_normalize('\r'), KEYMAP_KEY_ENTER);
	ck_assert_int_eq(keymap_key_normalize('\n'), KEYMAP_KEY_ENTER);
	ck_assert_int_eq(keymap_key_normalize(27), KEYMAP_KEY_ESC);
	ck_assert_int_eq(keymap_key_normalize(127), KEYMAP_KEY_BACKSPACE);
	ck_assert_int_eq(keymap_key_normalize(8), 8);
	ck_assert_int_eq(keymap_key_normalize('j'), 'j');
}
END_TEST

START_TEST(test_keymap_key_errors)
{
	static const char *const bad[] = {
	    "",    "jj",   "F0",   "F13",       "C-",
	    "C-1", "C-ab", "^1",   "M-x",       "Ctrl",
	    "\t",  "\x1b", "\xc3", "\xc3\xb1x", "\xed\xa0\x80",
	};
	struct err e;
	char buf[KEYMAP_KEY_NAME_MAX];
	int key = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		ck_assert_msg(keymap_key_parse(bad[i], &key, &e) == ERR_INVALID,
		              "accepted '%s'", bad[i]);
		ck_assert_int_eq(key, 42);
		ck_assert(e.msg[0] != '\0');
	}
	err_clear(&e);
	keymap_key_parse("Foo", &key, &e);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown key 'Foo'"));
	ck_assert(!keymap_key_is_valid(0));
	ck_assert(!keymap_key_is_valid('\t'));
	ck_assert(!keymap_key_is_valid(0x7f));
	ck_assert(!keymap_key_is_valid(0x9b));
	ck_assert(!keymap_key_is_valid(0xd800));
	ck_assert(!keymap_key_is_valid(-1));
	ck_assert(!keymap_key_is_valid(KEYMAP_KEY_LAST + 1));
	keymap_key_name(KEYMAP_KEY_LAST + 1, buf, sizeof(buf));
	ck_assert_int_eq(keymap_key_parse(buf, &key, NULL), ERR_INVALID);
	/* A short buffer gets a truncated, terminated name. */
	ck_assert_str_eq(keymap_key_name(KEYMAP_KEY_BACKSPACE, buf, 3), "BS");
	ck_assert_str_eq(keymap_key_name(0xf1, buf, 2), "");
}
END_TEST

START_TEST(test_keymap_defaults)
{
	static const struct {
		const char *key;
		const char *command;
	} defaults[] = {
	    {"j", "down"},        {"Down", "down"},      {"k", "up"},
	    {"Up", "up"},         {"PgDn", "page-down"}, {"Space", "page-down"},
	    {"C-f", "page-down"}, {"PgUp", "page-up"},   {"C-b", "page-up"},
	    {"C-d", "half-down"}, {"C-u", "half-up"},    {"g", "top"},
	    {"Home", "top"},      {"G", "bottom"},       {"End", "bottom"},
	    {"Enter", "open"},    {"q", "back"},         {"Esc", "back"},
	    {"Q", "quit"},        {"Tab", "next-view"},  {"BTab", "prev-view"},
	    {"1", "view 1"},      {"9", "view 9"},       {"/", "filter"},
	    {":", "prompt"},      {"?", "help"},         {"r", "refresh"},
	    {"C-l", "redraw"},    {"s", "sort-next"},    {"S", "sort-reverse"},
	};
	struct keymap *km = keymap_new();
	struct keymap_binding b;

	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		const char *cmd =
		    keymap_lookup(km, "incidents", parse_key(defaults[i].key));

		ck_assert_msg(cmd != NULL, "%s unbound", defaults[i].key);
		ck_assert_str_eq(cmd, defaults[i].command);
		ck_assert_str_eq(
		    keymap_lookup(km, NULL, parse_key(defaults[i].key)),
		    defaults[i].command);
	}
	ck_assert_ptr_null(keymap_lookup(km, "alerts", 'x'));
	ck_assert_str_eq(keymap_lookup(km, NULL, 'D'), "view dashboard");
	/* Every default is global and runs a command bindings may use. */
	for (size_t i = 0; keymap_binding_at(km, i, &b); i++) {
		const struct command *c = NULL;
		struct strvec words;
		int n_words;

		strvec_init(&words);
		ck_assert_int_eq(lexer_split_words(b.command, &words, NULL), 0);
		ck_assert_msg(command_lookup((int)words.n, words.v, &c,
		                             &n_words, NULL) == 0,
		              "%s", b.command);
		strvec_release(&words);
		ck_assert(c->where & CMD_IN_BINDING);
		/* the conflict keys (m, t) belong to the conflicts view, the
		 * outbox keys (R, X) to the outbox view, the incident actions
		 * and audit (H) to the incidents view, the triage keys to the
		 * alerts view, the bulletin keys to the bulletins view (b to
		 * the vulnerabilities and exposures) */
		ck_assert_str_eq(b.view, i < 39   ? "global"
		                         : i < 41 ? "conflicts"
		                         : i < 43 ? "outbox"
		                         : i < 56 ? "incidents"
		                         : i < 63 ? "alerts"
		                         : i < 67 ? "bulletins"
		                         : i < 68 ? "vulnerabilities"
		                                  : "exposures");
	}
	ck_assert_uint_eq(keymap_count(km), 69);
	ck_assert(!keymap_binding_at(km, keymap_count(km), &b));
	keymap_free(km);
	keymap_free(NULL);
}
END_TEST

START_TEST(test_keymap_bind_per_view)
{
	struct keymap *km = keymap_new();
	size_t n = keymap_count(km);
	struct keymap_binding b;
	struct err e;

	ck_assert_int_eq(keymap_bind(km, "incidents", 'j', "bottom", &e), 0);
	ck_assert_str_eq(keymap_lookup(km, "incidents", 'j'), "bottom");
	ck_assert_str_eq(keymap_lookup(km, "alerts", 'j'), "down");
	ck_assert_str_eq(keymap_lookup(km, NULL, 'j'), "down");
	/* A saved view is a view too. */
	ck_assert_int_eq(
	    keymap_bind(km, "my-view_2", 'x', "sort severity desc", &e), 0);
	ck_assert_str_eq(keymap_lookup(km, "my-view_2", 'x'),
	                 "sort severity desc");
	ck_assert_uint_eq(keymap_count(km), n + 2);
	/* Rebinding replaces in place. */
	ck_assert_int_eq(keymap_bind(km, "global", 'j', "up", &e), 0);
	ck_assert_uint_eq(keymap_count(km), n + 2);
	ck_assert(keymap_binding_at(km, 0, &b));
	ck_assert_int_eq(b.key, 'j');
	ck_assert_str_eq(b.command, "up");
	ck_assert(keymap_binding_at(km, n, &b));
	ck_assert_str_eq(b.view, "incidents");

	/* Unbinding in a view uncovers the global binding. */
	ck_assert_int_eq(keymap_unbind(km, "incidents", 'j', &e), 0);
	ck_assert_str_eq(keymap_lookup(km, "incidents", 'j'), "up");
	ck_assert_int_eq(keymap_unbind(km, "incidents", 'j', &e), ERR_NOTFOUND);
	ck_assert_str_eq(e.msg, "no binding of 'j' in 'incidents'");
	ck_assert_int_eq(keymap_unbind(km, "global", 'j', &e), 0);
	ck_assert_ptr_null(keymap_lookup(km, "incidents", 'j'));
	ck_assert(keymap_binding_at(km, 0, &b));
	ck_assert_int_eq(b.key, KEYMAP_KEY_DOWN);
	ck_assert_uint_eq(keymap_count(km), n);

	/* Errors. */
	ck_assert_int_eq(keymap_bind(km, "Incidents", 'j', "down", &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "invalid view name 'Incidents'"));
	ck_assert_int_eq(keymap_bind(km, "", 'j', "down", &e), ERR_INVALID);
	ck_assert_int_eq(keymap_bind(km, "global", '\t', "down", &e),
	                 ERR_INVALID);
	ck_assert_int_eq(keymap_bind(km, "global", 'x', "dwn", &e),
	                 ERR_NOTFOUND);
	ck_assert_str_eq(e.msg, "unknown command 'dwn' (did you mean 'down'?)");
	ck_assert_int_eq(keymap_bind(km, "global", 'x', "", &e), ERR_USAGE);
	ck_assert_int_eq(keymap_bind(km, "global", 'x', "down extra", &e),
	                 ERR_USAGE);
	ck_assert_str_eq(e.msg, "usage: down");
	ck_assert_int_eq(keymap_bind(km, "global", 'x', "sort", &e), ERR_USAGE);
	ck_assert_int_eq(keymap_bind(km, "global", 'x', "bind a b c", &e),
	                 ERR_PERM);
	ck_assert_str_eq(e.msg, "'bind' cannot be used in key bindings");
	ck_assert_int_eq(keymap_bind(km, "global", 'x', "sort \"open", &e),
	                 ERR_PARSE);
	ck_assert_uint_eq(keymap_count(km), n);
	ck_assert_int_eq(keymap_unbind(km, "bad view", 'j', &e), ERR_INVALID);
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_describe)
{
	struct keymap *km = keymap_new();
	struct strbuf out;
	struct err e;

	strbuf_init(&out);
	keymap_describe(km, NULL, &out);
	ck_assert(strncmp(out.buf, "global\n", 7) == 0);
	ck_assert_ptr_nonnull(strstr(out.buf,
	                             "\n  j, Down           down    "
	                             "      move the selection one row "
	                             "down\n"));
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "\n  PgDn, Space, C-f  page-down"));
	/* The tab keys take one line. */
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "\n  1-9               view N  "));
	ck_assert_ptr_null(strstr(out.buf, "view 2"));
	ck_assert_ptr_null(strstr(out.buf, "incidents"));

	/* A new binding shows in its view, with the command's summary, and
	 * the global key it overrides is not listed again. */
	ck_assert_int_eq(keymap_bind(km, "incidents", 'j', "bottom", &e), 0);
	ck_assert_int_eq(keymap_bind(km, "incidents", KEYMAP_KEY_F5,
	                             "sort severity desc", &e),
	                 0);
	strbuf_reset(&out);
	keymap_describe(km, "incidents", &out);
	ck_assert_ptr_nonnull(strstr(out.buf, "incidents\n  "));
	ck_assert_ptr_nonnull(strstr(out.buf, "\n  j                 "
	                                      "bottom        select the last "
	                                      "row\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "\n  F5                sort "
	                                      "severity desc  sort the list by "
	                                      "a field\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "\nglobal\n  Down  "));
	ck_assert_ptr_null(strstr(out.buf, "j, Down"));
	/* Digit keys with other commands are listed as keys. */
	ck_assert_int_eq(keymap_bind(km, "incidents", '4', "view 5", &e), 0);
	ck_assert_int_eq(keymap_bind(km, "incidents", '3', "view 3", &e), 0);
	strbuf_reset(&out);
	keymap_describe(km, "incidents", &out);
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "\n  4                 view 5  "));
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "\n  3                 view N  "));
	ck_assert_ptr_nonnull(
	    strstr(out.buf, "\n  1-2, 5-9          view N  "));
	/* Other views still see the global j. */
	strbuf_reset(&out);
	keymap_describe(km, "assets", &out);
	ck_assert(strncmp(out.buf, "global\n  j, Down", 16) == 0);
	strbuf_release(&out);
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_bind_command)
{
	struct app app;
	struct strbuf out;
	struct err e;

	app_init(&app);
	ck_assert_ptr_nonnull(app.keymap);
	ck_assert_int_eq(run(&app, "bind incidents A sort 'assignee' desc",
	                     CMD_IN_CONFIG, &e),
	                 0);
	ck_assert_str_eq(keymap_lookup(app.keymap, "incidents", 'A'),
	                 "sort assignee desc");
	/* Words with blanks are quoted again, so they stay one word. */
	ck_assert_int_eq(run(&app,
	                     "bind global C-n view mine \"assignee:me "
	                     "status:new\"",
	                     CMD_IN_PROMPT, &e),
	                 0);
	ck_assert_str_eq(keymap_lookup(app.keymap, "alerts", 14),
	                 "view mine \"assignee:me status:new\"");
	ck_assert_int_eq(run(&app, "bind global ñ top", CMD_IN_CLI, &e), 0);
	ck_assert_str_eq(keymap_lookup(app.keymap, "global", 0xf1), "top");
	/* bind changes no data, so read-only mode allows it. */
	app.is_readonly = true;
	ck_assert_int_eq(
	    run(&app, "bind global F2 help set", CMD_IN_PROMPT, &e), 0);
	ck_assert_str_eq(keymap_lookup(app.keymap, NULL, KEYMAP_KEY_F1 + 1),
	                 "help set");

	/* Errors. */
	ck_assert_int_eq(
	    run(&app, "bind global x frobnicate", CMD_IN_CONFIG, &e),
	    ERR_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown command 'frobnicate'"));
	ck_assert_int_eq(run(&app, "bind global Foo down", CMD_IN_CONFIG, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown key 'Foo'"));
	ck_assert_int_eq(run(&app, "bind INCIDENTS x down", CMD_IN_CONFIG, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&app, "bind global x", CMD_IN_CONFIG, &e),
	                 ERR_USAGE);
	ck_assert_str_eq(e.msg, "usage: bind [VIEW KEY COMMAND...]");
	ck_assert_int_eq(
	    run(&app, "bind global x sector a b", CMD_IN_CONFIG, &e), ERR_PERM);
	ck_assert_int_eq(run(&app, "bind global x down", CMD_IN_BINDING, &e),
	                 ERR_PERM);
	ck_assert_ptr_null(keymap_lookup(app.keymap, NULL, 'x'));

	/* unbind */
	ck_assert_int_eq(run(&app, "unbind incidents A", CMD_IN_PROMPT, &e), 0);
	/* the global binding shows through again */
	ck_assert_str_eq(keymap_lookup(app.keymap, "incidents", 'A'), "audit");
	ck_assert_int_eq(run(&app, "unbind incidents A", CMD_IN_PROMPT, &e),
	                 ERR_NOTFOUND);
	ck_assert_int_eq(run(&app, "unbind global Nope", CMD_IN_PROMPT, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&app, "unbind global j", CMD_IN_CONFIG, &e), 0);
	ck_assert_ptr_null(keymap_lookup(app.keymap, "incidents", 'j'));

	/* bind alone lists bindings the config file reads back. */
	strbuf_init(&out);
	err_clear(&e);
	ck_assert_int_eq(
	    command_run_line(&app, "bind", CMD_IN_PROMPT, &out, &e), 0);
	ck_assert(strncmp(out.buf, "bind global Down down\n", 22) == 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "\nbind global C-n view mine "
	                                      "\"assignee:me status:new\"\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "\nbind global Space "
	                                      "page-down\n"));
	{
		struct app again;

		app_init(&again);
		ck_assert_int_eq(command_run_string(&again,
		                                    "unbind global Down",
		                                    CMD_IN_CONFIG, NULL, &e),
		                 0);
		ck_assert_int_eq(command_run_string(&again, out.buf,
		                                    CMD_IN_CONFIG, NULL, &e),
		                 0);
		ck_assert_str_eq(keymap_lookup(again.keymap, "alerts", 14),
		                 "view mine \"assignee:me status:new\"");
		app_release(&again);
	}
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_keymap_actions_need_console)
{
	static const char *const lines[] = {
	    "down", "up",   "page-down", "quit",          "view 3",
	    "help", "open", "sort-next", "sort severity",
	};
	struct app app;
	struct err e;

	app_init(&app);
	console = NULL;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int rc = run(&app, lines[i], CMD_IN_PROMPT, &e);

		if (strcmp(lines[i], "help") == 0) {
			/* Outside the console, help prints the list. */
			ck_assert_int_eq(rc, 0);
			continue;
		}
		ck_assert_int_eq(rc, ERR_PERM);
		ck_assert_ptr_nonnull(
		    strstr(e.msg, "works only in the console"));
	}
	ck_assert_int_eq(run(&app, "down", CMD_IN_PROMPT, &e), ERR_PERM);
	ck_assert_str_eq(e.msg, "'down' works only in the console");
	/* Not in the config file, nor with -c. */
	ck_assert_int_eq(run(&app, "down", CMD_IN_CONFIG, &e), ERR_PERM);
	ck_assert_ptr_nonnull(
	    strstr(e.msg, "cannot be used in the config file"));
	ck_assert_int_eq(run(&app, "view 1", CMD_IN_CLI, &e), ERR_PERM);
	app_release(&app);
}
END_TEST

START_TEST(test_keymap_saved_views)
{
	struct fake_ui f;
	struct app app;
	struct err e;

	app_init(&app);
	console = NULL;
	/* In the config file: a plain name lists alerts, a prefix says. */
	ck_assert_int_eq(
	    run(&app, "view fresh \"status:new\"", CMD_IN_CONFIG, &e), 0);
	ck_assert_int_eq(
	    run(&app, "view incidents:mine \"assignee:me\"", CMD_IN_CONFIG, &e),
	    0);
	ck_assert_uint_eq(app.n_views, 2);
	ck_assert_str_eq(app.views[0].name, "fresh");
	ck_assert_int_eq(app.views[0].entity, STORE_ALERTS);
	ck_assert_str_eq(app.views[0].filter, "status:new");
	ck_assert_str_eq(app.views[1].name, "mine");
	ck_assert_int_eq(app.views[1].entity, STORE_INCIDENTS);
	/* Saving again replaces in place. */
	ck_assert_int_eq(run(&app, "view assets:fresh x", CMD_IN_CONFIG, &e),
	                 0);
	ck_assert_uint_eq(app.n_views, 2);
	ck_assert_int_eq(app_view_find(&app, "fresh")->entity, STORE_ASSETS);
	ck_assert_str_eq(app_view_find(&app, "fresh")->filter, "x");
	ck_assert_ptr_null(app_view_find(&app, "nope"));
	/* Bad names, lists and filters leave the views alone. */
	ck_assert_int_eq(run(&app, "view cars:x y", CMD_IN_CONFIG, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown list 'cars'"));
	ck_assert_int_eq(run(&app, "view alerts y", CMD_IN_CONFIG, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&app, "view help y", CMD_IN_CONFIG, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&app, "view conflicts y", CMD_IN_CONFIG, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&app, "view 12 y", CMD_IN_CONFIG, &e),
	                 ERR_INVALID);
	ck_assert_int_ne(
	    run(&app, "view bad \"severity>=\"", CMD_IN_CONFIG, &e), 0);
	ck_assert_uint_eq(app.n_views, 2);
	/* A tab number needs the console. */
	ck_assert_int_eq(run(&app, "view 2", CMD_IN_CONFIG, &e), ERR_PERM);

	/* In the console: the list the analyst is on, then the tab. */
	memset(&f, 0, sizeof(f));
	f.entity = STORE_ORGANIZATIONS;
	console = &f;
	ck_assert_int_eq(
	    run(&app, "view big \"sector:energy\"", CMD_IN_PROMPT, &e), 0);
	ck_assert_int_eq(app_view_find(&app, "big")->entity,
	                 STORE_ORGANIZATIONS);
	ck_assert_int_eq(f.calls, 1);
	ck_assert_str_eq(f.name, "big");
	f.entity = -1;
	ck_assert_int_eq(run(&app, "view other x", CMD_IN_PROMPT, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "needs a list"));
	ck_assert_int_eq(run(&app, "view alerts:other x", CMD_IN_PROMPT, &e),
	                 0);
	ck_assert_int_eq(f.calls, 2);
	console = NULL;
	app_release(&app);
}
END_TEST

START_TEST(test_keymap_actions_call_console)
{
	struct fake_ui f;
	struct app app;
	struct err e;

	app_init(&app);
	console = &f;
	/* Every action has a command of its name that hands it over. */
	for (int a = 0; a < UI_ACTION_COUNT; a++) {
		const char *name = ui_action_name((enum ui_action)a);
		enum ui_action back;
		const char *line = a == UI_ACTION_SELECT_VIEW ? "view 1" : name;

		ck_assert_int_eq(ui_action_parse(name, &back), 0);
		ck_assert_int_eq(back, a);
		memset(&f, 0, sizeof(f));
		ck_assert_msg(run(&app, line, CMD_IN_BINDING, &e) == 0,
		              "%s: %s", line, e.msg);
		ck_assert_int_eq(f.calls, 1);
		ck_assert_int_eq(f.action, a);
	}
	ck_assert_int_eq(ui_action_parse("dwn", &(enum ui_action){0}),
	                 ERR_INVALID);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(run(&app, "view 3", CMD_IN_PROMPT, &e), 0);
	ck_assert_int_eq(f.action, UI_ACTION_SELECT_VIEW);
	ck_assert_int_eq(f.arg, 3);
	ck_assert_int_eq(run(&app, "view 12", CMD_IN_PROMPT, &e), 0);
	ck_assert_int_eq(f.arg, 12);
	ck_assert_int_eq(run(&app, "view 0", CMD_IN_PROMPT, &e), ERR_USAGE);
	/* a name alone switches to that tab (the dashboard, a saved view) */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(run(&app, "view dashboard", CMD_IN_PROMPT, &e), 0);
	ck_assert_str_eq(f.name, "dashboard");
	ck_assert_int_eq(run(&app, "view Mine", CMD_IN_PROMPT, &e), ERR_USAGE);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(
	    run(&app, "view mine \"severity>=high\"", CMD_IN_PROMPT, &e), 0);
	ck_assert_int_eq(f.calls, 1);
	ck_assert_str_eq(f.name, "mine");
	ck_assert_str_eq(f.filter, "severity>=high");
	ck_assert_int_eq(run(&app, "view Mine x", CMD_IN_PROMPT, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&app, "view global x", CMD_IN_PROMPT, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&app, "view 4 x", CMD_IN_PROMPT, &e), ERR_INVALID);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(run(&app, "sort severity desc", CMD_IN_PROMPT, &e), 0);
	ck_assert_str_eq(f.field, "severity");
	ck_assert_int_eq(f.is_desc, 1);
	ck_assert_int_eq(run(&app, "sort age", CMD_IN_PROMPT, &e), 0);
	ck_assert_str_eq(f.field, "age");
	ck_assert_int_eq(f.is_desc, 0);
	ck_assert_int_eq(run(&app, "sort age asc", CMD_IN_PROMPT, &e), 0);
	ck_assert_int_eq(f.calls, 3);
	ck_assert_int_eq(run(&app, "sort age down", CMD_IN_PROMPT, &e),
	                 ERR_USAGE);
	ck_assert_int_eq(run(&app, "sort 'a b'", CMD_IN_PROMPT, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(f.calls, 3);

	/* `help NAME` still prints; `help` alone toggles the overlay. */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(run(&app, "help down", CMD_IN_PROMPT, &e), 0);
	ck_assert_int_eq(f.calls, 0);
	console = NULL;
	app_release(&app);
}
END_TEST

/*
 * True when the table rows of section (".It Li KEY , Li KEY Ta Ic COMMAND")
 * hold b; the tab keys share the row ".It Li 1 No to Li 9 Ta Ic view Ar N".
 */
static bool
man_lists(const char *section, const struct keymap_binding *b)
{
	char name[KEYMAP_KEY_NAME_MAX], want_key[32], want_cmd[64];
	const char *line = section;

	if (b->key >= '1' && b->key <= '9')
		return strstr(section,
		              "\n.It Li 1 No to Li 9 Ta Ic view Ar N\n");
	keymap_key_name(b->key, name, sizeof(name));
	/* mdoc needs \& before the delimiters '?' and ':'. */
	snprintf(want_key, sizeof(want_key), "Li %s%s ",
	         strchr("?:", name[0]) && name[1] == '\0' ? "\\&" : "", name);
	snprintf(want_cmd, sizeof(want_cmd), " Ta Ic %s\n", b->command);
	while ((line = strstr(line, "\n.It Li "))) {
		const char *end = strchr(line + 1, '\n');
		size_t len = (size_t)(end - line) + 1;
		char *row = xstrndup(line, len);
		bool has_key = strstr(row, want_key) != NULL;
		bool has_cmd =
		    len >= strlen(want_cmd) &&
		    strcmp(row + len - strlen(want_cmd), want_cmd) == 0;

		free(row);
		if (has_key && has_cmd)
			return true;
		line = end;
	}
	return false;
}

/* The man page lists every default binding in its KEY BINDINGS table. */
START_TEST(test_keymap_man_page_lists_defaults)
{
	struct keymap *km = keymap_new();
	struct keymap_binding b;
	struct strbuf page;
	char chunk[4096];
	const char *section;
	size_t n;
	FILE *fp = fopen("man/centinelarc.5", "r");

	if (!fp) {
		test_skip("man/centinelarc.5 not found from the working "
		          "folder");
		keymap_free(km);
		return;
	}
	strbuf_init(&page);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		strbuf_add(&page, chunk, n);
	fclose(fp);
	section = strstr(page.buf, ".Sh KEY BINDINGS");
	ck_assert_ptr_nonnull(section);
	for (size_t i = 0; keymap_binding_at(km, i, &b); i++)
		ck_assert_msg(man_lists(section, &b), "man page lacks %s",
		              b.command);
	strbuf_release(&page);
	keymap_free(km);
}
END_TEST

Suite *
keymap_suite(void)
{
	Suite *s = suite_create("keymap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_keymap_key_names_round_trip);
	tcase_add_test(tc, test_keymap_key_aliases);
	tcase_add_test(tc, test_keymap_key_errors);
	tcase_add_test(tc, test_keymap_defaults);
	tcase_add_test(tc, test_keymap_bind_per_view);
	tcase_add_test(tc, test_keymap_describe);
	tcase_add_test(tc, test_keymap_bind_command);
	tcase_add_test(tc, test_keymap_actions_need_console);
	tcase_add_test(tc, test_keymap_actions_call_console);
	tcase_add_test(tc, test_keymap_saved_views);
	tcase_add_test(tc, test_keymap_man_page_lists_defaults);
	suite_add_tcase(s, tc);
	return s;
}
