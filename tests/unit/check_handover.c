/*
 * The handover as the console sees it: a report written to a private file
 * that is never overwritten, recorded in the audit trail, pending for each
 * analyst until they dismiss it, and pending again when a newer one comes.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "centinela/app/app.h"
#include "centinela/app/handover.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/audit.h"
#include "centinela/store/store.h"
#include "testutil.h"

static void
setup_app(struct app *app, const char *analyst)
{
	struct err e;

	app_init(app);
	free(app->analyst);
	app->analyst = xstrdup(analyst);
	ck_assert_int_eq(store_open(":memory:", 0, &app->store, &e), 0);
}

static void
as(struct app *app, const char *analyst)
{
	free(app->analyst);
	app->analyst = xstrdup(analyst);
}

START_TEST(test_handover_render_save_record)
{
	struct handover_opts o = {.since = "8h", .now = 1795921200};
	struct handover_last h;
	struct audit_verify r;
	char *dir = test_tmpdir(), *path = test_path(dir, "h.md");
	char *text = NULL, *kept = NULL;
	struct app app;
	struct stat st;
	struct err e;
	size_t len;

	setup_app(&app, "ana");
	o.note = "all quiet";
	ck_assert_msg(handover_render(&app, &o, &text, &len, &e) == 0, "%s",
	              e.msg);
	ck_assert_ptr_nonnull(strstr(text, "# Shift handover"));
	ck_assert_ptr_nonnull(strstr(text, "> all quiet"));
	ck_assert_int_eq(handover_save(path, text, len, &kept, &e), 0);
	ck_assert_str_eq(kept, path);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(handover_save(path, "x", 1, NULL, &e), ERR_CONFLICT);
	ck_assert_int_eq(handover_pending(&app, &h, &e), ERR_NOTFOUND);
	ck_assert_int_eq(handover_record(&app, path, &o, &e), 0);
	ck_assert_int_eq(handover_pending(&app, &h, &e), 0);
	ck_assert_str_eq(h.actor, "ana");
	ck_assert_ptr_nonnull(strstr(h.path, "/h.md"));
	ck_assert_str_eq(h.detail,
	                 "window 2026-11-28T19:00:00Z to 2026-11-29T03:00:00Z");
	handover_last_release(&h);
	ck_assert_int_eq(store_audit_verify(app.store, &r, &e), 0);
	free(text);
	ck_assert_int_eq(
	    handover_render(&app, &(struct handover_opts){.since = "soon"},
	                    &text, &len, &e),
	    ERR_USAGE);
	ck_assert_ptr_null(text);
	free(kept);
	free(path);
	test_rmtree(dir);
	app_release(&app);
}
END_TEST

START_TEST(test_handover_pending_until_dismissed_per_analyst)
{
	struct handover_opts o = {.since = "8h", .now = 1795921200};
	struct handover_last h, h2;
	struct app app;
	struct err e;

	setup_app(&app, "ana");
	ck_assert_int_eq(handover_record(&app, "/tmp/one.md", &o, &e), 0);
	as(&app, "luis");
	ck_assert_int_eq(handover_pending(&app, &h, &e), 0);
	ck_assert_int_eq(handover_dismiss(&app, &h, &e), 0);
	ck_assert_int_eq(handover_pending(&app, &h2, &e), ERR_NOTFOUND);
	handover_last_release(&h2);
	/* another analyst has not read it */
	as(&app, "marta");
	ck_assert_int_eq(handover_pending(&app, &h2, &e), 0);
	ck_assert_int_eq(h2.id, h.id);
	handover_last_release(&h2);
	/* a newer one is pending again for luis */
	as(&app, "ana");
	ck_assert_int_eq(handover_record(&app, "/tmp/two.md", &o, &e), 0);
	as(&app, "luis");
	ck_assert_int_eq(handover_pending(&app, &h2, &e), 0);
	ck_assert_str_eq(h2.path, "/tmp/two.md");
	handover_last_release(&h2);
	/* read-only: nothing is recorded, a dismissal is refused */
	app.is_readonly = true;
	ck_assert_int_eq(handover_record(&app, "/tmp/three.md", &o, &e), 0);
	ck_assert_int_eq(handover_dismiss(&app, &h, &e), ERR_PERM);
	ck_assert_int_eq(test_store_int(app.store, "SELECT count(*) FROM audit "
	                                           "WHERE entity = 'handover'"),
	                 3);
	handover_last_release(&h);
	app_release(&app);
}
END_TEST

START_TEST(test_handover_save_names_a_new_file)
{
	char *dir = test_tmpdir(), *a = NULL, *b = NULL;
	char *old =
	    getenv("XDG_DATA_HOME") ? xstrdup(getenv("XDG_DATA_HOME")) : NULL;
	struct stat st;
	struct err e;

	setenv("XDG_DATA_HOME", dir, 1);
	ck_assert_int_eq(handover_save(NULL, "one", 3, &a, &e), 0);
	ck_assert_int_eq(handover_save(NULL, "two", 3, &b, &e), 0);
	ck_assert_str_ne(a, b);
	ck_assert_ptr_nonnull(strstr(a, "/centinela/handover/handover-"));
	ck_assert_int_eq(stat(b, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	if (old)
		setenv("XDG_DATA_HOME", old, 1);
	else
		unsetenv("XDG_DATA_HOME");
	free(old);
	free(a);
	free(b);
	test_rmtree(dir);
}
END_TEST

Suite *
handover_suite(void)
{
	Suite *s = suite_create("handover");
	TCase *tc = tcase_create("handover");

	tcase_add_test(tc, test_handover_render_save_record);
	tcase_add_test(tc, test_handover_pending_until_dismissed_per_analyst);
	tcase_add_test(tc, test_handover_save_names_a_new_file);
	suite_add_tcase(s, tc);
	return s;
}
