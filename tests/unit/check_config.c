/* The config file: default creation, permissions, FILE:LINE errors, caps. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "centinela/app/app.h"
#include "centinela/app/config.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "testutil.h"

/* Write a private config file dir/name; returns the owned path. */
static char *
write_config(const char *dir, const char *data)
{
	char *path = test_write_file(dir, "config", data);

	ck_assert_int_eq(chmod(path, 0600), 0);
	return path;
}

START_TEST(test_config_default_file_is_created_private)
{
	char *dir = test_tmpdir();
	struct app app;
	struct strbuf path, out;
	struct stat st;
	char *text = NULL;
	size_t len;
	struct err e;

	setenv("XDG_CONFIG_HOME", dir, 1);
	app_init(&app);
	strbuf_init(&path);
	strbuf_init(&out);
	strbuf_addf(&path, "%s/centinela/config", dir);
	ck_assert_msg(config_load(&app, NULL, false, &out, &e) == 0, "%s",
	              e.msg);
	ck_assert_str_eq(app.config_path, path.buf);
	ck_assert_int_eq(stat(path.buf, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(st.st_mode & 0777, 0600);

	/* Every line is a comment, and it shows the set command. */
	ck_assert_int_eq(fs_read_file(path.buf, 65536, &text, &len, &e), 0);
	ck_assert_ptr_nonnull(strstr(text, "# set analyst \"ana.lopez\"\n"));
	for (char *line = text; *line; line = strchr(line, '\n') + 1)
		ck_assert_int_eq(line[0], '#');
	free(text);

	strbuf_setlen(&path, path.len - strlen("/config"));
	ck_assert_int_eq(stat(path.buf, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);

	/* Loading the example changes nothing. */
	ck_assert_msg(config_load(&app, NULL, false, &out, &e) == 0, "%s",
	              e.msg);
	ck_assert_str_eq(app.reference_prefix, "MX");
	ck_assert_int_eq(app.default_limit, 50);
	ck_assert_uint_eq(out.len, 0);

	strbuf_release(&out);
	strbuf_release(&path);
	app_release(&app);
	unsetenv("XDG_CONFIG_HOME");
	test_rmtree(dir);
}
END_TEST

START_TEST(test_config_loads_settings)
{
	char *dir = test_tmpdir();
	char *path =
	    write_config(dir, "# analyst on shift\n"
	                      "set analyst \"ana.lopez\"   # who\n"
	                      "\n"
	                      "   set reference-prefix CERT\r\n"
	                      "set default-limit 20; set default-limit 25\n"
	                      "set default-limit 30");
	struct app app;
	struct err e;

	app_init(&app);
	ck_assert_msg(config_load(&app, path, true, NULL, &e) == 0, "%s",
	              e.msg);
	ck_assert_str_eq(app.analyst, "ana.lopez");
	ck_assert_str_eq(app.reference_prefix, "CERT");
	ck_assert_int_eq(app.default_limit, 30);
	ck_assert_str_eq(app.config_path, path);
	app_release(&app);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* issue 11: a byte-order mark was "unknown command 'set'". */
START_TEST(test_config_bom_skipped)
{
	char *dir = test_tmpdir();
	char *path = write_config(dir, "\xef\xbb\xbf"
	                               "set analyst \"ana.lopez\"\r\n"
	                               "set default-limit 30\r\n");
	struct app app;
	struct err e;

	app_init(&app);
	ck_assert_msg(config_load(&app, path, true, NULL, &e) == 0, "%s",
	              e.msg);
	ck_assert_str_eq(app.analyst, "ana.lopez");
	ck_assert_int_eq(app.default_limit, 30);
	app_release(&app);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* Load data as an explicit config file and expect msg after "PATH:". */
static void
load_fails(const char *data, int code, const char *msg_after_path)
{
	char *dir = test_tmpdir();
	char *path = write_config(dir, data);
	struct strbuf want;
	struct app app;
	struct err e;

	app_init(&app);
	strbuf_init(&want);
	strbuf_addf(&want, "%s:%s", path, msg_after_path);
	ck_assert_int_eq(config_load(&app, path, true, NULL, &e), code);
	ck_assert_str_eq(e.msg, want.buf);
	ck_assert_ptr_null(app.config_path);
	strbuf_release(&want);
	app_release(&app);
	free(path);
	test_rmtree(dir);
}

START_TEST(test_config_errors_name_file_and_line)
{
	load_fails("set analyst ana\n\nsett analyst ana\n", ERR_NOTFOUND,
	           "3: unknown command 'sett' (did you mean 'set'?)");
	load_fails("# x\nset default-limit 0\n", ERR_INVALID,
	           "2: invalid value for 'default-limit': '0' (expected a "
	           "number from 1 to 10000)");
	load_fails("set analyst \"ana\n", ERR_PARSE,
	           "1: column 13: unterminated double quote");
	load_fails("set analyst\n", ERR_USAGE, "1: usage: set [NAME VALUE]");
	load_fails("sector ics Industrial\n", ERR_PERM,
	           "1: 'sector' cannot be used in the config file (allowed in "
	           "the prompt and -c)");
}
END_TEST

START_TEST(test_config_stops_at_first_error)
{
	char *dir = test_tmpdir();
	char *path = write_config(dir, "set default-limit 7\n"
	                               "set default-limit nope\n"
	                               "set default-limit 9\n");
	struct app app;
	struct err e;

	app_init(&app);
	ck_assert_int_eq(config_load(&app, path, true, NULL, &e), ERR_INVALID);
	ck_assert_int_eq(app.default_limit, 7);
	app_release(&app);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_config_refuses_writable_by_others)
{
	char *dir = test_tmpdir();
	char *path = write_config(dir, "set default-limit 7\n");
	struct strbuf want;
	struct app app;
	struct err e;

	app_init(&app);
	strbuf_init(&want);
	ck_assert_int_eq(chmod(path, 0620), 0);
	ck_assert_int_eq(config_load(&app, path, true, NULL, &e), ERR_PERM);
	strbuf_addf(&want,
	            "config file '%s' is writable by group; refusing it "
	            "(run: chmod 600 '%s')",
	            path, path);
	ck_assert_str_eq(e.msg, want.buf);
	ck_assert_int_eq(app.default_limit, 50);

	ck_assert_int_eq(chmod(path, 0606), 0);
	ck_assert_int_eq(config_load(&app, path, true, NULL, &e), ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "writable by others"));

	/* Readable by others is fine, as for OpenSSH's config. */
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_msg(config_load(&app, path, true, NULL, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(app.default_limit, 7);
	strbuf_release(&want);
	app_release(&app);
	free(path);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_config_explicit_missing_file_fails)
{
	char *dir = test_tmpdir();
	struct strbuf path, want;
	struct app app;
	struct stat st;
	struct err e;

	app_init(&app);
	strbuf_init(&path);
	strbuf_init(&want);
	strbuf_addf(&path, "%s/nope/config", dir);
	ck_assert_int_eq(config_load(&app, path.buf, true, NULL, &e),
	                 ERR_NOTFOUND);
	strbuf_addf(&want, "config file '%s' does not exist", path.buf);
	ck_assert_str_eq(e.msg, want.buf);
	ck_assert_int_ne(stat(path.buf, &st), 0);
	strbuf_release(&want);
	strbuf_release(&path);
	app_release(&app);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_config_caps_line_and_file_size)
{
	char *dir = test_tmpdir();
	struct strbuf data, want;
	struct app app;
	char *path;
	struct err e;

	app_init(&app);
	strbuf_init(&data);
	strbuf_init(&want);
	strbuf_adds(&data, "set default-limit 3\n# ");
	for (int i = 0; i < CONFIG_LINE_MAX; i++)
		strbuf_addch(&data, 'x');
	strbuf_addch(&data, '\n');
	path = write_config(dir, data.buf);
	ck_assert_int_eq(config_load(&app, path, true, NULL, &e), ERR_LIMIT);
	strbuf_addf(&want, "%s:2: line is longer than %d bytes", path,
	            CONFIG_LINE_MAX);
	ck_assert_str_eq(e.msg, want.buf);
	free(path);

	strbuf_reset(&data);
	while (data.len <= CONFIG_FILE_MAX)
		strbuf_adds(&data, "# a long file of comments\n");
	path = write_config(dir, data.buf);
	ck_assert_int_eq(config_load(&app, path, true, NULL, &e), ERR_LIMIT);
	free(path);

	strbuf_release(&want);
	strbuf_release(&data);
	app_release(&app);
	test_rmtree(dir);
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, test_config_default_file_is_created_private);
	tcase_add_test(tc, test_config_loads_settings);
	tcase_add_test(tc, test_config_bom_skipped);
	tcase_add_test(tc, test_config_errors_name_file_and_line);
	tcase_add_test(tc, test_config_stops_at_first_error);
	tcase_add_test(tc, test_config_refuses_writable_by_others);
	tcase_add_test(tc, test_config_explicit_missing_file_fails);
	tcase_add_test(tc, test_config_caps_line_and_file_size);
	suite_add_tcase(s, tc);
	return s;
}
