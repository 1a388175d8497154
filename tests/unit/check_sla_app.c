/*
 * The sla.* settings reach the cache (app/app.h app_sla_apply): at
 * app_open_store, on `set` with the store open, never when read-only.
 */
#include <check.h>
#include <stdlib.h>

#include "centinela/app/app.h"
#include "centinela/app/setting.h"
#include "centinela/base/err.h"
#include "centinela/model/sla.h"
#include "centinela/store/sla.h"
#include "centinela/store/store.h"
#include "testutil.h"

/* The response/resolution target of severity in app's cache. */
static int64_t
stored(struct app *app, enum severity sev, bool is_resolution)
{
	struct sla_targets t;
	struct err e;

	ck_assert_msg(store_sla_targets(app->store, &t, &e) == 0, "%s", e.msg);
	return is_resolution ? t.resolution[sev] : t.response[sev];
}

START_TEST(test_sla_app_settings_reach_the_cache)
{
	char *dir = test_tmpdir();
	struct app app;
	struct err e;

	app_init(&app);
	app.db_path = test_path(dir, "cache.db");
	app.is_create = true; /* --create: a new cache at --db */
	/* Set before the cache opens (the config file): applied at open. */
	ck_assert_int_eq(setting_set(&app, "sla.high.resolution", "2d", &e), 0);
	ck_assert_msg(app_open_store(&app, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(stored(&app, SEVERITY_HIGH, true), 2 * 86400);
	ck_assert_int_eq(stored(&app, SEVERITY_HIGH, false), 3600);
	/* Set with the cache open (the prompt): applied at once. */
	ck_assert_int_eq(setting_set(&app, "sla.critical.response", "15m", &e),
	                 0);
	ck_assert_int_eq(stored(&app, SEVERITY_CRITICAL, false), 900);
	/* Refused values change nothing. */
	ck_assert_int_eq(setting_set(&app, "sla.low.response", "59s", &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "invalid value for 'sla.low.response': '59s' "
	                        "(expected a duration such as 90s, 30m, 1h30m "
	                        "or 7d, from 1m to 366d)");
	ck_assert_int_eq(app.sla.response[SEVERITY_LOW], 86400);
	app_release(&app);

	/* Read-only: the cache keeps what it has. */
	app_init(&app);
	app.db_path = test_path(dir, "cache.db");
	app.is_readonly = true;
	ck_assert_msg(app_open_store(&app, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(stored(&app, SEVERITY_HIGH, true), 2 * 86400);
	ck_assert_int_eq(setting_set(&app, "sla.high.resolution", "3d", &e), 0);
	ck_assert_int_eq(stored(&app, SEVERITY_HIGH, true), 2 * 86400);
	app_release(&app);

	/* Without the settings: back to the defaults. */
	app_init(&app);
	app.db_path = test_path(dir, "cache.db");
	ck_assert_msg(app_open_store(&app, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(stored(&app, SEVERITY_HIGH, true), 86400);
	ck_assert_int_eq(stored(&app, SEVERITY_CRITICAL, false), 1800);
	app_release(&app);
	test_rmtree(dir);
}
END_TEST

Suite *
sla_app_suite(void)
{
	Suite *s = suite_create("sla_app");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sla_app_settings_reach_the_cache);
	suite_add_tcase(s, tc);
	return s;
}
