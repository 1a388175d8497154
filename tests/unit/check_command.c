/* The command table: lookup, checks, `set`, `help`, read-only, where. */
#include <check.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/setting.h"
#include "centinela/app/suggest.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/audit.h"
#include "centinela/store/sector.h"
#include "centinela/store/store.h"
#include "testutil.h"

/* Run line at the prompt; returns the code, the message in *e. */
static int
run(struct app *app, const char *line, struct strbuf *out, struct err *e)
{
	err_clear(e);
	return command_run_line(app, line, CMD_IN_PROMPT, out, e);
}

static void
run_ok(struct app *app, const char *line)
{
	struct strbuf out;
	struct err e;

	strbuf_init(&out);
	ck_assert_msg(run(app, line, &out, &e) == 0, "%s: %s", line, e.msg);
	strbuf_release(&out);
}

static void
run_fails(struct app *app, const char *line, int code, const char *msg)
{
	struct strbuf out;
	struct err e;

	strbuf_init(&out);
	ck_assert_int_eq(run(app, line, &out, &e), code);
	ck_assert_str_eq(e.msg, msg);
	strbuf_release(&out);
}

START_TEST(test_command_find_and_iterate)
{
	bool saw_set = false;

	ck_assert_ptr_nonnull(command_find("set"));
	ck_assert_ptr_nonnull(command_find("help"));
	ck_assert_ptr_nonnull(command_find("sector"));
	ck_assert_ptr_null(command_find("sett"));
	ck_assert_ptr_null(command_find(""));
	ck_assert_uint_ge(command_count(), 3);
	for (size_t i = 0; i < command_count(); i++) {
		const struct command *c = command_at(i);

		ck_assert_ptr_eq(command_find(c->name), c);
		ck_assert(c->run != NULL);
		ck_assert(c->where != 0);
		if (i > 0)
			ck_assert_int_lt(
			    strcmp(command_at(i - 1)->name, c->name), 0);
		saw_set |= strcmp(c->name, "set") == 0;
	}
	ck_assert(saw_set);
	ck_assert_ptr_null(command_at(command_count()));
}
END_TEST

START_TEST(test_command_unknown_suggests)
{
	struct app app;

	app_init(&app);
	run_fails(&app, "sett analyst ana", ERR_NOTFOUND,
	          "unknown command 'sett' (did you mean 'set'?)");
	run_fails(&app, "hlep", ERR_NOTFOUND,
	          "unknown command 'hlep' (did you mean 'help'?)");
	run_fails(&app, "frobnicate", ERR_NOTFOUND,
	          "unknown command 'frobnicate' (type 'help' for the list)");
	app_release(&app);
}
END_TEST

START_TEST(test_command_suggest_distance)
{
	struct suggest sg;

	ck_assert_uint_eq(suggest_distance("sett", "set"), 1);
	ck_assert_uint_eq(suggest_distance("kitten", "sitting"), 3);
	ck_assert_uint_eq(suggest_distance("", "abc"), 3);
	suggest_init(&sg, "x");
	suggest_consider(&sg, "set");
	ck_assert_ptr_null(suggest_result(&sg));
	suggest_init(&sg, "analist");
	suggest_consider(&sg, "default-limit");
	suggest_consider(&sg, "analyst");
	ck_assert_str_eq(suggest_result(&sg), "analyst");
}
END_TEST

START_TEST(test_command_checks_arg_counts)
{
	struct app app;

	app_init(&app);
	run_fails(&app, "set analyst", ERR_USAGE, "usage: set [NAME VALUE]");
	run_fails(&app, "set analyst ana lopez", ERR_USAGE,
	          "usage: set [NAME VALUE]");
	run_fails(&app, "help set extra", ERR_USAGE, "usage: help [COMMAND]");
	run_fails(&app, "sector energy", ERR_USAGE, "usage: sector CODE NAME");
	app_release(&app);
}
END_TEST

START_TEST(test_command_blank_and_comment_lines_do_nothing)
{
	struct app app;

	app_init(&app);
	run_ok(&app, "");
	run_ok(&app, "   # a comment");
	app_release(&app);
}
END_TEST

START_TEST(test_command_set_analyst)
{
	struct app app;
	char long_name[80];

	app_init(&app);
	run_ok(&app, "set analyst \"ana.lopez\"");
	ck_assert_str_eq(app.analyst, "ana.lopez");
	run_ok(&app, "set analyst 'José Pérez'");
	ck_assert_str_eq(app.analyst, "José Pérez");
	run_fails(&app, "set analyst \"\"", ERR_INVALID,
	          "invalid value for 'analyst': 0 characters (expected 1 to "
	          "64)");
	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	ck_assert_int_eq(setting_set(&app, "analyst", long_name, NULL),
	                 ERR_INVALID);
	long_name[64] = '\0';
	ck_assert_int_eq(setting_set(&app, "analyst", long_name, NULL), 0);
	ck_assert_int_eq(setting_set(&app, "analyst", "a\x1b[2Jb", NULL),
	                 ERR_INVALID);
	ck_assert_int_eq(setting_set(&app, "analyst",
	                             "a\xe2\x80\xae"
	                             "b",
	                             NULL),
	                 ERR_INVALID);
	ck_assert_int_eq(setting_set(&app, "analyst", "a\xff", NULL),
	                 ERR_INVALID);
	ck_assert_str_eq(app.analyst, long_name);
	app_release(&app);
}
END_TEST

START_TEST(test_command_set_reference_prefix)
{
	struct app app;

	app_init(&app);
	run_ok(&app, "set reference-prefix CSIRT");
	ck_assert_str_eq(app.reference_prefix, "CSIRT");
	run_fails(&app, "set reference-prefix mx", ERR_INVALID,
	          "invalid value for 'reference-prefix': 'mx' (expected 2 to 8 "
	          "upper-case letters A-Z)");
	run_fails(&app, "set reference-prefix M", ERR_INVALID,
	          "invalid value for 'reference-prefix': 1 characters "
	          "(expected 2 to 8)");
	run_fails(&app, "set reference-prefix ABCDEFGHI", ERR_INVALID,
	          "invalid value for 'reference-prefix': 9 characters "
	          "(expected 2 to 8)");
	run_fails(&app, "set reference-prefix MX1", ERR_INVALID,
	          "invalid value for 'reference-prefix': 'MX1' (expected 2 to "
	          "8 upper-case letters A-Z)");
	ck_assert_str_eq(app.reference_prefix, "CSIRT");
	app_release(&app);
}
END_TEST

START_TEST(test_command_set_default_limit)
{
	static const char *const bad[] = {
	    "0", "10001", "-5", "12x", "", "ten", " 5", "99999999999999999999"};
	struct app app;

	app_init(&app);
	run_ok(&app, "set default-limit 20");
	ck_assert_int_eq(app.default_limit, 20);
	run_ok(&app, "set default-limit 10000");
	ck_assert_int_eq(app.default_limit, 10000);
	run_ok(&app, "set default-limit 1");
	ck_assert_int_eq(app.default_limit, 1);
	run_fails(&app, "set default-limit 0", ERR_INVALID,
	          "invalid value for 'default-limit': '0' (expected a number "
	          "from 1 to 10000)");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(
		    setting_set(&app, "default-limit", bad[i], NULL),
		    ERR_INVALID);
	ck_assert_int_eq(app.default_limit, 1);
	app_release(&app);
}
END_TEST

#define KNOWN_COLUMNS                                                          \
	"incidents.columns, alerts.columns, assets.columns, "                  \
	"organizations.columns, vulnerabilities.columns, exposures.columns, "  \
	"bulletins.columns, sla.SEVERITY.response, sla.SEVERITY.resolution"
#define KNOWN_NOTIFY                                                           \
	", notify.severity, notify.bell, notify.flash, notify.program, "       \
	"notify.max-tlp, exposure.criticality, exposure.epss, "                \
	"bulletin.review, bulletin.publisher, bulletin.namespace, "            \
	"bulletin.base-url"

START_TEST(test_command_set_unknown_setting)
{
	struct app app;

	app_init(&app);
	run_fails(&app, "set colour red", ERR_NOTFOUND,
	          "unknown setting 'colour' (known: analyst, reference-prefix, "
	          "default-limit, " KNOWN_COLUMNS KNOWN_NOTIFY ")");
	run_fails(&app, "set analist ana", ERR_NOTFOUND,
	          "unknown setting 'analist' (did you mean 'analyst'? known: "
	          "analyst, reference-prefix, default-limit, " KNOWN_COLUMNS
	              KNOWN_NOTIFY ")");
	app_release(&app);
}
END_TEST

START_TEST(test_command_set_lists_settings)
{
	struct app app;
	struct strbuf out;
	struct err e;

	app_init(&app);
	strbuf_init(&out);
	ck_assert_int_eq(command_run_string(&app,
	                                    "set analyst \"ana lopez\"; "
	                                    "set default-limit 20",
	                                    CMD_IN_PROMPT, NULL, &e),
	                 0);
	ck_assert_int_eq(run(&app, "set", &out, &e), 0);
	for (size_t i = 0; i < setting_count(); i++) {
		const struct setting *s = setting_at(i);

		ck_assert_ptr_nonnull(strstr(out.buf, s->name));
		ck_assert_ptr_nonnull(strstr(out.buf, s->description));
	}
	ck_assert_ptr_nonnull(strstr(out.buf, "set analyst \"ana lopez\" "));
	ck_assert_ptr_nonnull(strstr(out.buf, "set reference-prefix MX "));
	ck_assert_ptr_nonnull(strstr(out.buf, "set default-limit 20 "));
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_command_set_listing_reads_back)
{
	struct app a, b;
	struct strbuf out;
	struct err e;

	app_init(&a);
	app_init(&b);
	strbuf_init(&out);
	ck_assert_int_eq(command_run_string(&a,
	                                    "set analyst 'x \"y\" z'; "
	                                    "set reference-prefix ABC; "
	                                    "set default-limit 7",
	                                    CMD_IN_PROMPT, NULL, &e),
	                 0);
	ck_assert_int_eq(run(&a, "set", &out, &e), 0);
	ck_assert_msg(
	    command_run_string(&b, out.buf, CMD_IN_CONFIG, NULL, &e) == 0, "%s",
	    e.msg);
	ck_assert_str_eq(b.analyst, "x \"y\" z");
	ck_assert_str_eq(b.reference_prefix, "ABC");
	ck_assert_int_eq(b.default_limit, 7);
	strbuf_release(&out);
	app_release(&b);
	app_release(&a);
}
END_TEST

START_TEST(test_command_setting_types_bool_and_duration)
{
	/* Rows built here: the table has no bool or duration setting yet. */
	const struct setting flag = {
	    "flag",   SETTING_BOOL,
	    "a flag", offsetof(struct app, is_readonly),
	    0,        0,
	    NULL};
	const struct setting wait = {"wait",
	                             SETTING_DURATION,
	                             "a duration",
	                             offsetof(struct app, default_limit),
	                             1,
	                             86400,
	                             NULL};
	struct app app;
	struct strbuf sb;
	struct err e;

	app_init(&app);
	strbuf_init(&sb);
	ck_assert_int_eq(setting_apply(&app, &flag, "on", &e), 0);
	ck_assert(app.is_readonly);
	setting_format(&app, &flag, &sb);
	ck_assert_str_eq(sb.buf, "on");
	ck_assert_int_eq(setting_apply(&app, &flag, "no", &e), 0);
	ck_assert(!app.is_readonly);
	ck_assert_int_eq(setting_apply(&app, &flag, "maybe", &e), ERR_INVALID);
	ck_assert_str_eq(e.msg, "invalid value for 'flag': 'maybe' (expected "
	                        "on or off)");

	ck_assert_int_eq(setting_apply(&app, &wait, "1h30m", &e), 0);
	ck_assert_int_eq(app.default_limit, 5400);
	strbuf_reset(&sb);
	setting_format(&app, &wait, &sb);
	ck_assert_str_eq(sb.buf, "1h30m");
	ck_assert_int_eq(setting_apply(&app, &wait, "2d", &e), ERR_INVALID);
	ck_assert_int_eq(setting_apply(&app, &wait, "soon", &e), ERR_INVALID);
	ck_assert_int_eq(app.default_limit, 5400);
	strbuf_release(&sb);
	app_release(&app);
}
END_TEST

START_TEST(test_command_help_lists_every_command)
{
	struct app app;
	struct strbuf out;
	struct err e;

	app_init(&app);
	strbuf_init(&out);
	ck_assert_int_eq(run(&app, "help", &out, &e), 0);
	for (size_t i = 0; i < command_count(); i++) {
		const struct command *c = command_at(i);
		struct strbuf head;

		strbuf_init(&head);
		strbuf_addf(&head, "%s %s", c->name, c->usage);
		ck_assert_ptr_nonnull(strstr(out.buf, head.buf));
		ck_assert_ptr_nonnull(strstr(out.buf, c->summary));
		strbuf_release(&head);
	}
	ck_assert_ptr_nonnull(strstr(out.buf, "set [NAME VALUE]"));
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_command_help_for_one_command)
{
	const struct command *c = command_find("sector");
	struct app app;
	struct strbuf out;
	struct err e;

	app_init(&app);
	strbuf_init(&out);
	ck_assert_int_eq(run(&app, "help sector", &out, &e), 0);
	ck_assert_ptr_eq(strstr(out.buf, "usage: sector CODE NAME\n"), out.buf);
	ck_assert_ptr_nonnull(strstr(out.buf, c->summary));
	ck_assert_ptr_nonnull(strstr(out.buf, c->help));
	ck_assert_ptr_nonnull(strstr(out.buf, "Allowed in the prompt and -c"));
	ck_assert_ptr_nonnull(strstr(out.buf, "read-only"));
	strbuf_reset(&out);
	ck_assert_int_eq(command_help("set", &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "Allowed in the config file, "
	                                      "the prompt, key bindings and "
	                                      "-c."));
	run_fails(&app, "help sett", ERR_NOTFOUND,
	          "unknown command 'sett' (did you mean 'set'?)");
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_command_readonly_refuses_mutating)
{
	struct app app;

	app_init(&app);
	app.is_readonly = true;
	run_fails(&app, "sector ics \"Industrial control\"", ERR_PERM,
	          "'sector' changes data, which read-only mode refuses; run "
	          "without --readonly");
	/* set changes no data: allowed in read-only mode. */
	run_ok(&app, "set default-limit 9");
	ck_assert_int_eq(app_check_writable(&app, "x", NULL), ERR_PERM);
	app.is_readonly = false;
	ck_assert_int_eq(app_check_writable(&app, "x", NULL), 0);
	app_release(&app);
}
END_TEST

START_TEST(test_command_where_flags)
{
	struct app app;
	struct strbuf out;
	struct err e;

	app_init(&app);
	strbuf_init(&out);
	ck_assert_int_eq(command_run_line(&app, "sector ics Industrial",
	                                  CMD_IN_CONFIG, &out, &e),
	                 ERR_PERM);
	ck_assert_str_eq(e.msg, "'sector' cannot be used in the config file "
	                        "(allowed in the prompt and -c)");
	ck_assert_int_eq(command_run_line(&app, "sector ics Industrial",
	                                  CMD_IN_BINDING, &out, &e),
	                 ERR_PERM);
	ck_assert_str_eq(e.msg, "'sector' cannot be used in key bindings "
	                        "(allowed in the prompt and -c)");
	for (unsigned w = CMD_IN_CONFIG; w <= CMD_IN_CLI; w <<= 1)
		ck_assert_int_eq(
		    command_run_line(&app, "set default-limit 3", w, &out, &e),
		    0);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_command_sector_opens_the_cache)
{
	char *dir = test_tmpdir();
	struct strbuf out;
	struct app app;
	struct err e;

	app_init(&app);
	strbuf_init(&out);
	free(app.db_path);
	app.db_path = xstrdup(dir);
	/* A folder is no cache: the error is the store's, and nothing opens. */
	ck_assert_int_ne(command_run_line(&app, "sector ics Industrial",
	                                  CMD_IN_CLI, &out, &e),
	                 0);
	ck_assert_ptr_null(app.store);
	free(app.db_path);
	app.db_path = test_write_file(dir, "cache.db", "");
	ck_assert_msg(command_run_line(&app, "sector ics Industrial",
	                               CMD_IN_CLI, &out, &e) == 0,
	              "%s", e.msg);
	ck_assert_ptr_nonnull(app.store);
	ck_assert(store_sector_exists(app.store, "ics"));
	strbuf_release(&out);
	app_release(&app);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_command_run_string_stops_at_first_error)
{
	struct app app;
	struct err e;

	app_init(&app);
	ck_assert_int_eq(command_run_string(&app,
	                                    "set default-limit 5; "
	                                    "set default-limit x; "
	                                    "set default-limit 6",
	                                    CMD_IN_CLI, NULL, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(app.default_limit, 5);
	ck_assert_int_eq(
	    command_run_string(&app, "set analyst \"ana", CMD_IN_CLI, NULL, &e),
	    ERR_PARSE);
	ck_assert_str_eq(e.msg, "column 13: unterminated double quote");
	app_release(&app);
}
END_TEST

/* A store on ":memory:" opened into app, for the sector tests. */
static void
open_memory_store(struct app *app)
{
	struct err e;

	app_init(app);
	free(app->analyst);
	app->analyst = xstrdup("ana.lopez");
	app->db_path = xstrdup(":memory:");
	ck_assert_msg(app_open_store(app, &e) == 0, "%s", e.msg);
}

START_TEST(test_command_sector_adds_with_audit)
{
	struct app app;
	struct strbuf out;
	struct err e;

	open_memory_store(&app);
	strbuf_init(&out);
	ck_assert_msg(
	    run(&app, "sector ics \"Industrial control\"", &out, &e) == 0, "%s",
	    e.msg);
	ck_assert_str_eq(out.buf, "added sector 'ics' (Industrial control)\n");
	ck_assert(store_sector_exists(app.store, "ics"));
	ck_assert_int_eq(test_store_int(app.store,
	                                "SELECT count(*) FROM sector WHERE "
	                                "code = 'ics' AND name = 'Industrial "
	                                "control'"),
	                 1);
	ck_assert_int_eq(
	    test_store_int(app.store, "SELECT count(*) FROM audit"), 1);
	ck_assert_int_eq(test_store_int(app.store,
	                                "SELECT count(*) FROM audit WHERE "
	                                "actor = 'ana.lopez' AND action = "
	                                "'sector' AND entity = 'sector' AND "
	                                "entity_ref = 'ics'"),
	                 1);
	ck_assert(!store_in_transaction(app.store));
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_command_sector_renames_with_audit)
{
	struct app app;
	struct strbuf out;
	struct audit_verify v;
	struct err e;

	open_memory_store(&app);
	strbuf_init(&out);
	ck_assert_msg(run(&app, "sector energy \"Energía\"", &out, &e) == 0,
	              "%s", e.msg);
	ck_assert_str_eq(out.buf, "renamed sector 'energy' to 'Energía'\n");
	ck_assert_int_eq(test_store_int(app.store,
	                                "SELECT count(*) FROM sector WHERE "
	                                "code = 'energy' AND name = 'Energía'"),
	                 1);
	ck_assert_int_eq(test_store_int(app.store,
	                                "SELECT count(*) FROM audit WHERE "
	                                "entity_ref = 'energy'"),
	                 1);
	ck_assert_int_eq(store_audit_verify(app.store, &v, &e), 0);
	ck_assert_int_eq(v.entries, 1);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_command_sector_unchanged_writes_nothing)
{
	struct app app;
	struct strbuf out;
	struct err e;

	open_memory_store(&app);
	strbuf_init(&out);
	ck_assert_int_eq(run(&app, "sector ics Industrial", &out, &e), 0);
	strbuf_reset(&out);
	ck_assert_msg(run(&app, "sector ics Industrial", &out, &e) == 0, "%s",
	              e.msg);
	ck_assert_str_eq(out.buf,
	                 "sector 'ics' is already named 'Industrial'\n");
	ck_assert_int_eq(
	    test_store_int(app.store, "SELECT count(*) FROM audit"), 1);
	ck_assert(!store_in_transaction(app.store));
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_command_sector_refuses_bad_input)
{
	struct app app;
	struct strbuf out;
	struct err e;

	open_memory_store(&app);
	strbuf_init(&out);
	ck_assert_int_eq(run(&app, "sector Bad-Code Name", &out, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(run(&app, "sector ics \"\"", &out, &e), ERR_INVALID);
	ck_assert_str_eq(e.msg, "invalid sector name for 'ics' (expected 1 to "
	                        "80 bytes of printable text)");
	ck_assert_int_eq(
	    test_store_int(app.store, "SELECT count(*) FROM audit"), 0);
	ck_assert(!store_in_transaction(app.store));
	ck_assert_uint_eq(out.len, 0);
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

Suite *
command_suite(void)
{
	Suite *s = suite_create("command");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_command_find_and_iterate);
	tcase_add_test(tc, test_command_unknown_suggests);
	tcase_add_test(tc, test_command_suggest_distance);
	tcase_add_test(tc, test_command_checks_arg_counts);
	tcase_add_test(tc, test_command_blank_and_comment_lines_do_nothing);
	tcase_add_test(tc, test_command_set_analyst);
	tcase_add_test(tc, test_command_set_reference_prefix);
	tcase_add_test(tc, test_command_set_default_limit);
	tcase_add_test(tc, test_command_set_unknown_setting);
	tcase_add_test(tc, test_command_set_lists_settings);
	tcase_add_test(tc, test_command_set_listing_reads_back);
	tcase_add_test(tc, test_command_setting_types_bool_and_duration);
	tcase_add_test(tc, test_command_help_lists_every_command);
	tcase_add_test(tc, test_command_help_for_one_command);
	tcase_add_test(tc, test_command_readonly_refuses_mutating);
	tcase_add_test(tc, test_command_where_flags);
	tcase_add_test(tc, test_command_sector_opens_the_cache);
	tcase_add_test(tc, test_command_run_string_stops_at_first_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("sector");
	tcase_add_test(tc, test_command_sector_adds_with_audit);
	tcase_add_test(tc, test_command_sector_renames_with_audit);
	tcase_add_test(tc, test_command_sector_unchanged_writes_nothing);
	tcase_add_test(tc, test_command_sector_refuses_bad_input);
	suite_add_tcase(s, tc);
	return s;
}
