/* struct app: defaults, read-only check, opening the store. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/store.h"
#include "testutil.h"

START_TEST(test_app_defaults)
{
	struct app app;

	setenv("USER", "ana.lopez", 1);
	app_init(&app);
	ck_assert_str_eq(app.analyst, "ana.lopez");
	ck_assert_str_eq(app.reference_prefix, "MX");
	ck_assert_int_eq(app.default_limit, 50);
	ck_assert_ptr_null(app.store);
	ck_assert_ptr_null(app.db_path);
	ck_assert_ptr_null(app.config_path);
	ck_assert(!app.is_readonly);
	app_release(&app);

	/* A $USER that `set analyst` would refuse falls back. */
	setenv("USER",
	       "bad\x1b"
	       "user",
	       1);
	app_init(&app);
	ck_assert_str_eq(app.analyst, "analyst");
	app_release(&app);

	unsetenv("USER");
	app_init(&app);
	ck_assert_str_eq(app.analyst, "analyst");
	app_release(&app);
}
END_TEST

START_TEST(test_app_check_writable)
{
	struct app app;
	struct err e;

	app_init(&app);
	ck_assert_int_eq(app_check_writable(&app, "sector", &e), 0);
	app.is_readonly = true;
	ck_assert_int_eq(app_check_writable(&app, "sector", &e), ERR_PERM);
	ck_assert_str_eq(e.msg, "'sector' changes data, which read-only mode "
	                        "refuses; run without --readonly");
	ck_assert_int_eq(app_check_writable(&app, "sector", NULL), ERR_PERM);
	app_release(&app);
}
END_TEST

START_TEST(test_app_open_store_default_path)
{
	char *dir = test_tmpdir();
	struct strbuf want;
	struct app app;
	struct stat st;
	struct err e;

	setenv("XDG_DATA_HOME", dir, 1);
	strbuf_init(&want);
	strbuf_addf(&want, "%s/centinela/cache.db", dir);
	app_init(&app);
	ck_assert_msg(app_open_store(&app, &e) == 0, "%s", e.msg);
	ck_assert_ptr_nonnull(app.store);
	ck_assert_str_eq(app.db_path, want.buf);
	ck_assert_int_eq(stat(want.buf, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(store_schema_version(app.store), STORE_SCHEMA_VERSION);
	/* Opening again is a no-op. */
	ck_assert_int_eq(app_open_store(&app, &e), 0);
	app_release(&app);

	/* Read-only mode opens the existing file without writing. */
	app_init(&app);
	app.is_readonly = true;
	ck_assert_msg(app_open_store(&app, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_begin(app.store, &e) == 0 &&
	                     test_store_sql(app.store,
	                                    "INSERT INTO sector(code, name) "
	                                    "VALUES ('x', 'X')") == 0,
	                 0);
	if (store_in_transaction(app.store))
		store_rollback(app.store);
	app_release(&app);
	unsetenv("XDG_DATA_HOME");
	strbuf_release(&want);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_app_open_store_explicit_path_and_failure)
{
	char *dir = test_tmpdir();
	struct strbuf path;
	struct app app;
	struct err e;

	strbuf_init(&path);
	app_init(&app);
	app.db_path = xstrdup(":memory:");
	ck_assert_msg(app_open_store(&app, &e) == 0, "%s", e.msg);
	ck_assert_ptr_nonnull(app.store);
	app_release(&app);

	/* A file that is not a database: the store's error, no store. */
	app_init(&app);
	free(test_write_file(dir, "junk.db",
	                     "this is not sqlite, at all, "
	                     "not even a little bit\n"));
	strbuf_addf(&path, "%s/junk.db", dir);
	ck_assert_int_eq(chmod(path.buf, 0600), 0);
	app.db_path = xstrdup(path.buf);
	ck_assert_int_lt(app_open_store(&app, &e), 0);
	ck_assert_ptr_null(app.store);
	ck_assert_str_ne(e.msg, "");
	app_release(&app);
	strbuf_release(&path);
	test_rmtree(dir);
}
END_TEST

Suite *
app_suite(void)
{
	Suite *s = suite_create("app");
	TCase *tc = tcase_create("app");

	tcase_add_test(tc, test_app_defaults);
	tcase_add_test(tc, test_app_check_writable);
	tcase_add_test(tc, test_app_open_store_default_path);
	tcase_add_test(tc, test_app_open_store_explicit_path_and_failure);
	suite_add_tcase(s, tc);
	return s;
}
