/*
 * Notifications of new alerts: the program's JSON lines (sanitized, TLP
 * cap), the store's selection of what arrived, the settings, the command
 * line split, and runs of a real program (given alerts, failure, missing,
 * timeout, token variables kept out of its environment).
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/app/notify.h"
#include "centinela/app/setting.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/notify.h"
#include "centinela/feed/feed.h"
#include "centinela/model/alert.h"
#include "centinela/store/alert.h"
#include "centinela/store/list.h"
#include "centinela/store/store.h"
#include "centinela/sync/apply.h"
#include "centinela/sync/source.h"
#include "testutil.h"

#define ALERT_FIELDS (&columns_catalog_of(STORE_ALERTS)->fields)

static void
fill(struct alert *a, const char *source, const char *remote_id,
     const char *title, enum severity sev, enum tlp tlp)
{
	alert_init(a);
	a->meta.source = xstrdup(source);
	a->meta.remote_id = xstrdup(remote_id);
	a->title = xstrdup(title);
	a->description = xstrdup("line one\nline\ttwo \x1b]0;owned\x07");
	a->severity = sev;
	a->tlp = tlp;
	a->taxonomy_class = xstrdup("malicious-code");
	a->feed_name = xstrdup("feed\x1b[2J");
	a->observed_at = 1767225600;
	a->received_at = 1767225660;
	a->status = ALERT_NEW;
	alert_add_observable(a, OBSERVABLE_FQDN, "evil\xc2\x9b.example");
}

/* Store one alert; its rowid. */
static int64_t
add(struct store *s, const char *source, const char *remote_id,
    const char *title, enum severity sev, enum tlp tlp)
{
	struct alert a;
	struct err e;
	int64_t id;

	fill(&a, source, remote_id, title, sev, tlp);
	ck_assert_msg(store_alert_upsert(s, &a, NULL, &e) == 0, "%s", e.msg);
	id = a.meta.id;
	alert_release(&a);
	return id;
}

/* Whether s holds a byte below 0x20 other than newline, or DEL. */
static bool
has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			return true;
	return false;
}

START_TEST(test_notify_json_line_sanitized)
{
	struct alert a;
	struct err e;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fill(&a, "central", "a-1", "Beacon \x1b[31mred\x1b[0m\x07 \xe2\x80\xae",
	     SEVERITY_CRITICAL, TLP_AMBER);
	a.meta.id = 42;
	a.raw_json = xstrdup("{\"secret\": 1}");
	ck_assert_int_eq(
	    export_notify_alert(f, ALERT_FIELDS, &a, TLP_AMBER, &e), 0);
	fclose(f);
	/* one line, ending with its newline */
	ck_assert_uint_gt(len, 2);
	ck_assert_int_eq(buf[len - 1], '\n');
	ck_assert_ptr_null(memchr(buf, '\n', len - 1));
	ck_assert(!has_control(buf));
	/* controls became inert text before the JSON escaping */
	ck_assert_ptr_nonnull(
	    strstr(buf, "\"title\":\"Beacon ^[[31mred^[[0m^G <U+202E>\""));
	ck_assert_ptr_null(strstr(buf, "\\u001b"));
	ck_assert_ptr_null(strstr(buf, "\\u0007"));
	/* the description keeps its lines and tabs */
	ck_assert_ptr_nonnull(
	    strstr(buf, "line one\\nline\\ttwo ^[]0;owned^G"));
	ck_assert_ptr_nonnull(strstr(buf, "\"feed_name\":\"feed^[[2J\""));
	ck_assert_ptr_nonnull(strstr(buf, "evil<U+009B>.example"));
	ck_assert_ptr_nonnull(strstr(buf, "\"id\":42,"));
	ck_assert_ptr_nonnull(strstr(buf, "\"severity\":\"critical\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"tlp\":\"amber\""));
	ck_assert_ptr_null(strstr(buf, "raw_json"));
	ck_assert_ptr_null(strstr(buf, "secret"));
	/* the alert itself is untouched */
	ck_assert_str_eq(a.feed_name, "feed\x1b[2J");
	free(buf);
	alert_release(&a);
}
END_TEST

START_TEST(test_notify_json_refuses_above_max_tlp)
{
	static const enum tlp over[] = {TLP_AMBER_STRICT, TLP_RED};
	struct alert a;
	struct err e;

	for (size_t i = 0; i < sizeof(over) / sizeof(over[0]); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		fill(&a, "central", "a-1", "Red", SEVERITY_CRITICAL, over[i]);
		ck_assert_int_eq(
		    export_notify_alert(f, ALERT_FIELDS, &a, TLP_AMBER, &e),
		    ERR_PERM);
		ck_assert_ptr_nonnull(strstr(e.msg, "above notify.max-tlp"));
		fclose(f);
		ck_assert_uint_eq(len, 0);
		free(buf);
		alert_release(&a);
	}
	fill(&a, "central", "a-1", "Red", SEVERITY_CRITICAL, TLP_RED);
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		ck_assert_int_eq(
		    export_notify_alert(f, ALERT_FIELDS, &a, TLP_RED, &e), 0);
		fclose(f);
		ck_assert_uint_gt(len, 0);
		free(buf);
	}
	alert_release(&a);
}
END_TEST

START_TEST(test_notify_store_selects_arrived)
{
	struct store *s = NULL;
	struct alert *rows;
	struct err e;
	size_t n;
	int64_t total, old, max, first;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_alert_max_id(s, &max, &e), 0);
	ck_assert_int_eq(max, 0);
	old = add(s, "central", "a-0", "old", SEVERITY_CRITICAL, TLP_CLEAR);
	first =
	    add(s, "central", "a-1", "high amber", SEVERITY_HIGH, TLP_AMBER);
	add(s, "central", "a-2", "low", SEVERITY_LOW, TLP_CLEAR);
	add(s, RECORD_SOURCE_LOCAL, "l-1", "imported", SEVERITY_CRITICAL,
	    TLP_CLEAR);
	add(s, "central", "a-3", "critical red", SEVERITY_CRITICAL, TLP_RED);
	add(s, "kev", "k-1", "critical green", SEVERITY_CRITICAL, TLP_GREEN);
	ck_assert_int_eq(store_alert_max_id(s, &max, &e), 0);
	ck_assert_int_eq(max, first + 4);

	/* the message's view: every TLP, most severe first, then by id */
	ck_assert_int_eq(store_alerts_arrived(s, old, max, SEVERITY_HIGH,
	                                      TLP_RED, 10, &rows, &n, &total,
	                                      &e),
	                 0);
	ck_assert_int_eq(total, 3);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(rows[0].title, "critical red");
	ck_assert_str_eq(rows[1].title, "critical green");
	ck_assert_str_eq(rows[2].title, "high amber");
	ck_assert_uint_eq(rows[1].n_observables, 1);
	for (size_t i = 0; i < n; i++)
		alert_release(&rows[i]);
	free(rows);

	/* the program's view: under the TLP cap, limited, total kept */
	ck_assert_int_eq(store_alerts_arrived(s, old, max, SEVERITY_HIGH,
	                                      TLP_AMBER, 1, &rows, &n, &total,
	                                      &e),
	                 0);
	ck_assert_int_eq(total, 2);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rows[0].title, "critical green");
	alert_release(&rows[0]);
	free(rows);

	/* nothing above the range's end, nothing at or below its start */
	ck_assert_int_eq(store_alerts_arrived(s, max, max, SEVERITY_INFO,
	                                      TLP_RED, 10, &rows, &n, &total,
	                                      &e),
	                 0);
	ck_assert_int_eq(total, 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(store_alerts_arrived(s, old, first, SEVERITY_INFO,
	                                      TLP_RED, 10, &rows, &n, NULL, &e),
	                 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rows[0].title, "high amber");
	alert_release(&rows[0]);
	free(rows);
	ck_assert_int_eq(store_alerts_arrived(s, 0, max, SEVERITY_INFO, TLP_RED,
	                                      0, &rows, &n, NULL, &e),
	                 ERR_INVALID);
	store_close(s);
}
END_TEST

/* One page of alerts a-1..a-n from central, applied; its result. */
static struct sync_apply_result
apply_page(struct store *s, int n)
{
	struct feed_batch b;
	struct sync_apply_result res;
	struct err e;
	char rid[16];

	memset(&res, 0, sizeof(res));
	feed_batch_init(&b);
	b.source = "central";
	for (int i = 1; i <= n; i++) {
		struct alert *a = feed_batch_add_alert(&b, (size_t)i);

		snprintf(rid, sizeof(rid), "a-%d", i);
		alert_release(a);
		fill(a, "central", rid, "paged", SEVERITY_HIGH, TLP_CLEAR);
	}
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_msg(sync_apply_batch(s, "central", &b, &res, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(store_commit(s, &e), 0);
	feed_batch_release(&b);
	return res;
}

START_TEST(test_notify_apply_reports_last_alert_id)
{
	struct store *s = NULL;
	struct sync_apply_result res;
	struct err e;
	int64_t max;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	res = apply_page(s, 2);
	ck_assert_int_eq(res.new_alerts, 2);
	ck_assert_int_eq(store_alert_max_id(s, &max, &e), 0);
	ck_assert_int_eq(res.last_alert_id, max);
	/* the same page again (a-3 new): only a-3 counts */
	res = apply_page(s, 3);
	ck_assert_int_eq(res.new_alerts, 1);
	ck_assert_int_eq(res.last_alert_id, max + 1);
	res = apply_page(s, 3);
	ck_assert_int_eq(res.new_alerts, 0);
	ck_assert_int_eq(res.last_alert_id, 0);
	store_close(s);
}
END_TEST

START_TEST(test_notify_split_program)
{
	struct strvec v;
	struct err e;

	strvec_init(&v);
	ck_assert_int_eq(
	    notify_split_program(
	        "notify-send -u critical 'a b' \"c\\\"d\" $HOME;x", &v, &e),
	    0);
	ck_assert_uint_eq(v.n, 6);
	ck_assert_str_eq(v.v[0], "notify-send");
	ck_assert_str_eq(v.v[3], "a b");
	ck_assert_str_eq(v.v[4], "c\"d");
	/* no shell: no expansion, no command separator */
	ck_assert_str_eq(v.v[5], "$HOME;x");
	ck_assert_ptr_null(v.v[6]);
	strvec_release(&v);
	ck_assert_int_eq(notify_split_program("  ", &v, &e), ERR_INVALID);
	strvec_release(&v);
	ck_assert_int_eq(notify_split_program("sh 'x", &v, &e), ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, "unterminated"));
	strvec_release(&v);
}
END_TEST

START_TEST(test_notify_settings)
{
	struct app app;
	struct strbuf sb;
	struct err e;

	app_init(&app);
	ck_assert_str_eq(app.notify_severity, "high");
	ck_assert_str_eq(app.notify_max_tlp, "amber");
	ck_assert(!app.is_notify_bell);
	ck_assert(!app.is_notify_flash);
	ck_assert_ptr_null(app.notify_program);
	ck_assert_int_eq(setting_set(&app, "notify.severity", "urgent", &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "invalid value for 'notify.severity': "
	                        "'urgent' (expected info, low, medium, high "
	                        "or critical)");
	ck_assert_int_eq(setting_set(&app, "notify.severity", "critical", &e),
	                 0);
	ck_assert_int_eq(setting_set(&app, "notify.max-tlp", "purple", &e),
	                 ERR_INVALID);
	ck_assert_int_eq(
	    setting_set(&app, "notify.max-tlp", "amber+strict", &e), 0);
	ck_assert_int_eq(setting_set(&app, "notify.bell", "on", &e), 0);
	ck_assert(app.is_notify_bell);
	ck_assert_int_eq(setting_set(&app, "notify.flash", "yes", &e), 0);
	ck_assert(app.is_notify_flash);
	/* the spelling is accepted */
	ck_assert_int_eq(
	    setting_set(&app, "notify-program", "notify-send 'new alert'", &e),
	    0);
	ck_assert_str_eq(app.notify_program, "notify-send 'new alert'");
	strbuf_init(&sb);
	setting_format(&app, setting_find("notify.program"), &sb);
	ck_assert_str_eq(sb.buf, "\"notify-send 'new alert'\"");
	strbuf_release(&sb);
	ck_assert_int_eq(setting_set(&app, "notify.program", "sh 'x", &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "unterminated single quote"));
	ck_assert_int_eq(setting_set(&app, "notify.program", "   ", &e),
	                 ERR_INVALID);
	ck_assert_int_eq(setting_set(&app, "notify.program", "a\x1b", &e),
	                 ERR_INVALID);
	ck_assert_int_eq(setting_set(&app, "notify.program", "", &e), 0);
	ck_assert_str_eq(app.notify_program, "");
	app_release(&app);
}
END_TEST

/* A test's cache, app and notifier. */
struct fx {
	char *dir;       /* scratch folder (owned) */
	struct store *s; /* cache in dir */
	struct app app;  /* settings */
	struct notify n; /* under test */
	int64_t now;     /* fake clock, ms */
	int64_t last_id; /* last alert added */
};

static void
fx_open(struct fx *fx)
{
	char *db;
	struct err e;

	memset(fx, 0, sizeof(*fx));
	fx->dir = test_tmpdir();
	db = test_path(fx->dir, "cache.db");
	ck_assert_msg(store_open(db, 0, &fx->s, &e) == 0, "%s", e.msg);
	free(db);
	app_init(&fx->app);
	notify_init(&fx->n);
	add(fx->s, "central", "a-0", "before start", SEVERITY_CRITICAL,
	    TLP_CLEAR);
	ck_assert_int_eq(notify_start(&fx->n, fx->s, &e), 0);
	fx->now = 1000;
}

static void
fx_close(struct fx *fx)
{
	notify_release(&fx->n);
	app_release(&fx->app);
	store_close(fx->s);
	test_rmtree(fx->dir);
}

/* Set notify.program to "sh -c SCRIPT" with @ replaced by the folder. */
static void
fx_program(struct fx *fx, const char *script)
{
	struct strbuf sb;
	struct err e;

	strbuf_init(&sb);
	strbuf_adds(&sb, "sh -c '");
	for (const char *p = script; *p; p++) {
		if (*p == '@')
			strbuf_adds(&sb, fx->dir);
		else
			strbuf_add(&sb, p, 1);
	}
	strbuf_adds(&sb, "'");
	ck_assert_msg(setting_set(&fx->app, "notify.program", sb.buf, &e) == 0,
	              "%s", e.msg);
	strbuf_release(&sb);
}

static void
fx_add(struct fx *fx, const char *rid, const char *title, enum severity sev,
       enum tlp tlp)
{
	fx->last_id = add(fx->s, "central", rid, title, sev, tlp);
	notify_arrived(&fx->n, fx->last_id);
}

static void
fx_tick(struct fx *fx, struct notify_report *r)
{
	struct err e;

	notify_report_release(r);
	ck_assert_msg(notify_tick(&fx->n, &fx->app, fx->s, fx->now, r, &e) == 0,
	              "%s", e.msg);
}

/* Tick (real time passing, the fake clock in steps) until no run goes. */
static void
fx_until_ended(struct fx *fx, struct notify_report *r)
{
	for (int i = 0; i < 500 && fx->n.pid; i++) {
		usleep(10000);
		fx->now += NOTIFY_POLL_MS;
		fx_tick(fx, r);
	}
	ck_assert_int_eq(fx->n.pid, 0);
}

static char *
fx_read(struct fx *fx, const char *name)
{
	char *path = test_path(fx->dir, name), *data = NULL;
	size_t len = 0;
	struct err e;

	if (fs_read_file(path, 1 << 20, &data, &len, &e) != 0)
		data = NULL;
	free(path);
	return data;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

START_TEST(test_notify_tick_runs_program_with_new_alerts)
{
	struct fx fx;
	struct notify_report r;
	struct sync_source src;
	char *out, *env;

	fx_open(&fx);
	notify_report_init(&r);
	/* nothing arrived: nothing to do, nothing timed */
	ck_assert(!notify_is_pending(&fx.n));
	ck_assert_int_eq(notify_timeout_ms(&fx.n, fx.now), -1);
	setenv("CENTINELA_TEST_TOKEN", "s3cret", 1);
	sync_source_init(&src);
	src.name = xstrdup("central");
	src.token_env = xstrdup("CENTINELA_TEST_TOKEN");
	fx.app.sources = xcalloc(1, sizeof(*fx.app.sources));
	fx.app.sources[0] = src;
	fx.app.n_sources = 1;
	fx_program(&fx, "cat >@/out; env >@/env");
	fx_add(&fx, "a-1", "high one", SEVERITY_HIGH, TLP_GREEN);
	fx_add(&fx, "a-2", "medium one", SEVERITY_MEDIUM, TLP_CLEAR);
	fx_add(&fx, "a-3", "critical \x1b[1mred", SEVERITY_CRITICAL, TLP_RED);
	fx_add(&fx, "a-4", "critical amber", SEVERITY_CRITICAL, TLP_AMBER);
	ck_assert(notify_is_pending(&fx.n));
	fx_tick(&fx, &r);
	/* the message counts every TLP; the most severe first */
	ck_assert_int_eq(r.n_new, 3);
	ck_assert_int_eq(r.top_severity, SEVERITY_CRITICAL);
	ck_assert_str_eq(r.top_title, "critical ^[[1mred");
	ck_assert(!r.is_bell && !r.is_flash);
	ck_assert_ptr_null(r.program_msg);
	ck_assert_int_ne(fx.n.pid, 0);
	ck_assert_int_eq(notify_timeout_ms(&fx.n, fx.now), NOTIFY_POLL_MS);
	fx_until_ended(&fx, &r);
	ck_assert_ptr_null(r.program_msg);
	out = fx_read(&fx, "out");
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(count_lines(out), 2);
	ck_assert_ptr_nonnull(strstr(out, "\"remote_id\":\"a-4\""));
	ck_assert_ptr_nonnull(strstr(out, "\"remote_id\":\"a-1\""));
	ck_assert(strstr(out, "a-4") < strstr(out, "a-1"));
	ck_assert_ptr_null(strstr(out, "a-3"));
	ck_assert_ptr_null(strstr(out, "a-2"));
	ck_assert_ptr_null(strstr(out, "a-0"));
	env = fx_read(&fx, "env");
	ck_assert_ptr_nonnull(env);
	ck_assert_ptr_null(strstr(env, "CENTINELA_TEST_TOKEN"));
	ck_assert_ptr_nonnull(strstr(env, "PATH="));
	free(out);
	free(env);
	unsetenv("CENTINELA_TEST_TOKEN");

	/* told once: nothing pending, nothing again */
	ck_assert(!notify_is_pending(&fx.n));
	fx_tick(&fx, &r);
	ck_assert_int_eq(r.n_new, 0);
	ck_assert_int_eq(fx.n.pid, 0);

	/* the next batch waits for the gap between runs, with bell and flash */
	setting_set(&fx.app, "notify.bell", "on", NULL);
	setting_set(&fx.app, "notify.flash", "on", NULL);
	fx_add(&fx, "a-5", "second", SEVERITY_HIGH, TLP_CLEAR);
	fx_tick(&fx, &r);
	ck_assert_int_eq(r.n_new, 1);
	ck_assert(r.is_bell && r.is_flash);
	ck_assert_int_eq(fx.n.pid, 0);
	ck_assert_int_gt(notify_timeout_ms(&fx.n, fx.now), 0);
	fx.now += NOTIFY_GAP_MS;
	ck_assert_int_eq(notify_timeout_ms(&fx.n, fx.now), 0);
	fx_tick(&fx, &r);
	ck_assert_int_eq(r.n_new, 0);
	ck_assert_int_ne(fx.n.pid, 0);
	fx_until_ended(&fx, &r);
	out = fx_read(&fx, "out");
	ck_assert_int_eq(count_lines(out), 1);
	ck_assert_ptr_nonnull(strstr(out, "\"remote_id\":\"a-5\""));
	free(out);
	notify_report_release(&r);
	fx_close(&fx);
}
END_TEST

START_TEST(test_notify_program_cap_per_run)
{
	struct fx fx;
	struct notify_report r;
	char rid[32], *out;

	fx_open(&fx);
	notify_report_init(&r);
	fx_program(&fx, "cat >@/out");
	ck_assert_int_eq(store_begin(fx.s, NULL), 0);
	for (int i = 0; i < NOTIFY_RUN_MAX + 20; i++) {
		snprintf(rid, sizeof(rid), "b-%d", i);
		fx_add(&fx, rid, "burst", SEVERITY_HIGH, TLP_CLEAR);
	}
	ck_assert_int_eq(store_commit(fx.s, NULL), 0);
	fx_tick(&fx, &r);
	ck_assert_int_eq(r.n_new, NOTIFY_RUN_MAX + 20);
	ck_assert_ptr_nonnull(r.program_msg);
	ck_assert(!r.is_program_error);
	ck_assert_ptr_nonnull(
	    strstr(r.program_msg, "given 100 of 120 new alerts"));
	fx_until_ended(&fx, &r);
	out = fx_read(&fx, "out");
	ck_assert_int_eq(count_lines(out), NOTIFY_RUN_MAX);
	free(out);
	/* the rest is not given later either */
	fx.now += NOTIFY_GAP_MS;
	fx_tick(&fx, &r);
	ck_assert_int_eq(fx.n.pid, 0);
	notify_report_release(&r);
	fx_close(&fx);
}
END_TEST

START_TEST(test_notify_program_failure_reported)
{
	struct fx fx;
	struct notify_report r;

	fx_open(&fx);
	notify_report_init(&r);
	fx_program(&fx, "cat >/dev/null; printf \"\\nboom \\033[31m\\n\" >&2; "
	                "exit 3");
	fx_add(&fx, "a-1", "one", SEVERITY_CRITICAL, TLP_CLEAR);
	fx_tick(&fx, &r);
	ck_assert_int_ne(fx.n.pid, 0);
	fx_until_ended(&fx, &r);
	ck_assert_ptr_nonnull(r.program_msg);
	ck_assert(r.is_program_error);
	ck_assert_str_eq(r.program_msg, "notify.program 'sh' failed with exit "
	                                "status 3: boom ^[[31m");

	/* a program that is not there */
	setting_set(&fx.app, "notify.program", "/nonexistent/notifier -x",
	            NULL);
	fx.now += NOTIFY_GAP_MS;
	fx_add(&fx, "a-2", "two", SEVERITY_CRITICAL, TLP_CLEAR);
	fx_tick(&fx, &r);
	ck_assert_int_eq(fx.n.pid, 0);
	ck_assert_ptr_nonnull(r.program_msg);
	ck_assert(r.is_program_error);
	ck_assert_ptr_nonnull(strstr(r.program_msg,
	                             "cannot run notify.program "
	                             "'/nonexistent/notifier': No such file or "
	                             "directory"));
	notify_report_release(&r);
	fx_close(&fx);
}
END_TEST

START_TEST(test_notify_program_killed_after_timeout)
{
	struct fx fx;
	struct notify_report r;
	pid_t pid;

	fx_open(&fx);
	notify_report_init(&r);
	/* a child of its own keeps running: the whole group goes */
	fx_program(&fx, "sleep 30 & sleep 30");
	fx_add(&fx, "a-1", "one", SEVERITY_CRITICAL, TLP_CLEAR);
	fx_tick(&fx, &r);
	pid = fx.n.pid;
	ck_assert_int_ne(pid, 0);
	fx.now += NOTIFY_TIMEOUT_MS - 1;
	fx_tick(&fx, &r);
	ck_assert_int_eq(fx.n.pid, pid);
	ck_assert(!fx.n.is_killed);
	fx.now += 1;
	fx_tick(&fx, &r);
	ck_assert(fx.n.is_killed);
	fx_until_ended(&fx, &r);
	ck_assert_ptr_nonnull(r.program_msg);
	ck_assert_ptr_nonnull(strstr(r.program_msg,
	                             "notify.program 'sh' ran longer than 10s "
	                             "and was killed"));
	/* the group is gone, once init has reaped the orphaned sleep (a
	 * zombie still answers kill 0): up to 5 s on a loaded machine */
	for (int i = 0; i < 500 && kill(-pid, 0) == 0; i++)
		usleep(10000);
	ck_assert_int_eq(kill(-pid, 0), -1);
	notify_report_release(&r);
	fx_close(&fx);
}
END_TEST

START_TEST(test_notify_without_program_only_tells)
{
	struct fx fx;
	struct notify_report r;

	fx_open(&fx);
	notify_report_init(&r);
	fx_add(&fx, "a-1", "low", SEVERITY_LOW, TLP_CLEAR);
	fx_tick(&fx, &r);
	ck_assert_int_eq(r.n_new, 0);
	ck_assert_ptr_null(r.top_title);
	ck_assert(!notify_is_pending(&fx.n));
	ck_assert_int_eq(notify_timeout_ms(&fx.n, fx.now), -1);
	setting_set(&fx.app, "notify.severity", "low", NULL);
	fx_add(&fx, "a-2", "low again", SEVERITY_LOW, TLP_RED);
	fx_tick(&fx, &r);
	ck_assert_int_eq(r.n_new, 1);
	ck_assert_str_eq(r.top_title, "low again");
	ck_assert_int_eq(fx.n.pid, 0);
	/* a program set later is not given what was already told */
	fx_program(&fx, "cat >@/out");
	fx_tick(&fx, &r);
	ck_assert_int_eq(fx.n.pid, 0);
	notify_report_release(&r);
	fx_close(&fx);
}
END_TEST

Suite *
notify_suite(void)
{
	Suite *su = suite_create("notify");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_notify_json_line_sanitized);
	tcase_add_test(tc, test_notify_json_refuses_above_max_tlp);
	tcase_add_test(tc, test_notify_store_selects_arrived);
	tcase_add_test(tc, test_notify_apply_reports_last_alert_id);
	tcase_add_test(tc, test_notify_split_program);
	tcase_add_test(tc, test_notify_settings);
	tcase_add_test(tc, test_notify_tick_runs_program_with_new_alerts);
	tcase_add_test(tc, test_notify_program_cap_per_run);
	tcase_add_test(tc, test_notify_program_failure_reported);
	tcase_add_test(tc, test_notify_program_killed_after_timeout);
	tcase_add_test(tc, test_notify_without_program_only_tells);
	suite_add_tcase(su, tc);
	return su;
}
