/* The `source` command: definitions, defaults, refusals. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/source.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"

static int
run(struct app *app, const char *line, struct err *e)
{
	err_clear(e);
	return command_run_line(app, line, CMD_IN_CONFIG, NULL, e);
}

static void
fails(struct app *app, const char *line, const char *want)
{
	struct err e;

	ck_assert_msg(run(app, line, &e) != 0, "accepted: %s", line);
	ck_assert_msg(strstr(e.msg, want), "%s: got '%s', want '%s'", line,
	              e.msg, want);
}

START_TEST(test_source_defaults_and_options)
{
	struct app app;
	const struct sync_source *s;
	struct strbuf out;
	struct err e;

	app_init(&app);
	ck_assert_msg(
	    run(&app,
	        "source central centinela url=https://api.csirt.example "
	        "token-file=/etc/centinela/token",
	        &e) == 0,
	    "%s", e.msg);
	s = app_source_find(&app, "central");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->driver, "centinela");
	ck_assert_int_eq(s->interval, 60);
	ck_assert_int_eq(s->wait, 25);
	ck_assert_int_eq(s->low_speed_time, 30);
	ck_assert_int_eq(s->connect_timeout, 10);
	ck_assert_int_eq(s->max_size, (int64_t)64 << 20);
	ck_assert_uint_eq(s->resources.n, 4);
	ck_assert_str_eq(s->resources.v[0], "organizations");
	ck_assert_ptr_eq(app_source_push_default(&app), s);

	ck_assert_msg(
	    run(&app,
	        "source kev kev url=http://127.0.0.1:8080 interval=6h "
	        "low-speed-time=5s max-size=2048 page-size=10",
	        &e) == 0,
	    "%s", e.msg);
	s = app_source_find(&app, "kev");
	ck_assert_int_eq(s->interval, 6 * 3600);
	ck_assert_int_eq(s->wait, 0);
	ck_assert_int_eq(s->low_speed_time, 5);
	ck_assert_int_eq(s->max_size, 2048);
	ck_assert_uint_eq(s->resources.n, 1);
	ck_assert_str_eq(s->resources.v[0], "kev");

	/* ~/ is the home folder */
	setenv("HOME", "/home/ana", 1);
	ck_assert_int_eq(run(&app,
	                     "source k2 kev url=https://k.example/k.json "
	                     "token-file=~/.config/centinela/token",
	                     &e),
	                 0);
	ck_assert_str_eq(app_source_find(&app, "k2")->token_file,
	                 "/home/ana/.config/centinela/token");

	/* redefining keeps the place and replaces the options */
	ck_assert_int_eq(run(&app,
	                     "source central centinela url=https://b.example "
	                     "resources=alerts,incidents wait=0",
	                     &e),
	                 0);
	ck_assert_uint_eq(app.n_sources, 3);
	ck_assert_str_eq(app.sources[0].url, "https://b.example");
	ck_assert_uint_eq(app.sources[0].resources.n, 2);
	ck_assert_int_eq(app.sources[0].wait, 0);
	ck_assert_ptr_null(app.sources[0].token_file);

	strbuf_init(&out);
	app_source_format(&app.sources[1], &out);
	ck_assert_str_eq(out.buf, "source kev kev url=http://127.0.0.1:8080 "
	                          "interval=21600s resources=kev");
	strbuf_release(&out);
	app_release(&app);
}
END_TEST

START_TEST(test_source_refusals)
{
	struct app app;

	app_init(&app);
	fails(&app, "source central centinela url=https://a token=abc",
	      "a token is never given in a command");
	fails(&app, "source central centinela url=http://api.example.org",
	      "plain http");
	fails(&app, "source central centinela url=file:///etc/passwd",
	      "https://");
	fails(
	    &app, "source central nosuch url=https://a.example",
	    "unknown source driver 'nosuch' (known: centinela, kev, epss, nvd, csaf)");
	fails(&app, "source Central centinela url=https://a.example",
	      "invalid source name 'Central'");
	fails(&app, "source local centinela url=https://a.example",
	      "'local' and 'exposure' are reserved");
	fails(&app, "source exposure kev url=https://a.example",
	      "invalid source name 'exposure'");
	fails(&app, "source c centinela token-file=/x", "has no url=");
	fails(&app, "source c centinela url=https://a.example interval=1s",
	      "invalid interval '1s'");
	fails(&app, "source c centinela url=https://a.example wait=2m",
	      "invalid wait '2m'");
	fails(&app, "source c centinela url=https://a.example resources=kev",
	      "does not serve 'kev'");
	fails(&app,
	      "source c centinela url=https://a.example "
	      "resources=alerts,alerts",
	      "listed twice");
	fails(&app, "source c centinela url=https://a.example colour=red",
	      "unknown source option 'colour'");
	fails(&app, "source c centinela url=https://a.example page-size=0",
	      "invalid page-size '0'");
	fails(&app,
	      "source c centinela url=https://a.example token-file=/a "
	      "token-env=TOK",
	      "not both");
	fails(&app, "source c centinela url=https://a.example token-env=1X",
	      "invalid token-env");
	fails(&app, "source c centinela url=https://a.example nokey",
	      "expected KEY=VALUE");
	ck_assert_uint_eq(app.n_sources, 0);
	ck_assert_ptr_null(app_source_push_default(&app));
	app_release(&app);
}
END_TEST

/* The nvd driver's page size and a rate= of one's own. */
START_TEST(test_source_nvd_page_size_and_rate)
{
	struct app app;
	const struct sync_source *s;
	struct strbuf out;
	struct err e;

	app_init(&app);
	ck_assert_msg(run(&app,
	                  "source nvd nvd "
	                  "url=https://services.nvd.nist.gov/rest/json/cves/"
	                  "2.0 token-file=/k",
	                  &e) == 0,
	              "%s", e.msg);
	s = app_source_find(&app, "nvd");
	ck_assert_int_eq(s->page_size, 2000);
	ck_assert_int_eq(s->interval, 7200);
	ck_assert_int_eq(s->rate_limit, 0); /* the driver's own */
	ck_assert_msg(run(&app,
	                  "source nvd nvd url=https://n.example page-size=1500 "
	                  "rate=10/1m",
	                  &e) == 0,
	              "%s", e.msg);
	s = app_source_find(&app, "nvd");
	ck_assert_int_eq(s->page_size, 1500);
	ck_assert_int_eq(s->rate_limit, 10);
	ck_assert_int_eq(s->rate_window, 60);
	strbuf_init(&out);
	app_source_format(s, &out);
	ck_assert_ptr_nonnull(strstr(out.buf, " rate=10/60s"));
	strbuf_release(&out);
	fails(&app, "source nvd nvd url=https://n.example page-size=2001",
	      "invalid page-size '2001' (expected a number from 1 to 2000)");
	fails(&app, "source c centinela url=https://a.example page-size=1001",
	      "from 1 to 1000");
	fails(&app, "source nvd nvd url=https://n.example rate=5",
	      "invalid rate '5' (expected REQUESTS/DURATION");
	fails(&app, "source nvd nvd url=https://n.example rate=0/30s",
	      "invalid rate '0/30s'");
	fails(&app, "source nvd nvd url=https://n.example rate=5/2d",
	      "invalid rate '5/2d'");
	fails(&app, "source nvd nvd url=https://n.example rate=x/30s",
	      "invalid rate 'x/30s'");
	app_release(&app);
}
END_TEST

Suite *
source_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_source_defaults_and_options);
	tcase_add_test(tc, test_source_refusals);
	tcase_add_test(tc, test_source_nvd_page_size_and_rate);
	suite_add_tcase(s, tc);
	return s;
}
