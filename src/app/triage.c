/*
 * Triage commands of the console: see include/centinela/app/triage.h.
 *
 * Each command asks the console's hooks for its rows, calls one edit of
 * app/edit.h for all of them, then tells the console the cache changed
 * (it re-reads the lists and wakes the sync engine) and drops the marks.
 * What a command needs from the analyst (a reason, a confirmation, an
 * incident to merge into) it asks through the hooks, which run the same
 * command again with the answer.
 */
#include "centinela/app/triage.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/filter.h"
#include "centinela/model/incident.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"

/* argv[from..argc) joined by blanks (owned), NULL when there is none. */
static char *
join(int argc, char **argv, int from)
{
	struct strbuf sb;

	if (from >= argc)
		return NULL;
	strbuf_init(&sb);
	for (int i = from; i < argc; i++)
		strbuf_addf(&sb, "%s%s", i > from ? " " : "", argv[i]);
	return strbuf_detach(&sb, NULL);
}

/* The alerts the command applies to: *ids owned, *n of them. */
static int
alert_targets(struct app *app, const char *what, int64_t **ids, size_t *n,
              struct err *e)
{
	int entity = -1;

	*ids = NULL;
	*n = 0;
	if (!app->ui || !app->ui->targets)
		return err_set(e, ERR_PERM, "'%s' works only in the console",
		               what);
	*n = app->ui->targets(app->ui->ctx, &entity, ids);
	if (*n && entity == STORE_ALERTS)
		return 0;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return err_set(e, ERR_INVALID,
	               "'%s' works on alerts: select or mark (Space) rows in "
	               "the alerts view, or open an alert",
	               what);
}

/* "alert:12" or "3 alerts". */
static void
add_count(struct strbuf *out, const int64_t *ids, size_t n)
{
	if (n == 1)
		strbuf_addf(out, "alert:%lld", (long long)ids[0]);
	else
		strbuf_addf(out, "%zu alerts", n);
}

/* After an edit: say what happened, re-read, drop the marks used. */
static void
done(struct app *app, const char *verb, const int64_t *ids, size_t n,
     bool was_marked, const struct edit_result *res, struct strbuf *out)
{
	if (!res->changed) {
		strbuf_adds(out, "nothing to change\n");
		return;
	}
	strbuf_addf(out, "%s ", verb);
	if (res->changed < n && n > 1 && !res->refs.n)
		strbuf_addf(out, "%zu of ", res->changed);
	add_count(out, ids, n);
	if (res->changed < n && n > 1 && !res->refs.n)
		strbuf_adds(out, " (the others already were)");
	if (res->refs.n)
		strbuf_addf(out, " to new incident %s", res->refs.v[0]);
	if (res->queued)
		strbuf_addf(out, " (%zu queued for the server)", res->queued);
	strbuf_addch(out, '\n');
	if (was_marked && app->ui->unmark)
		app->ui->unmark(app->ui->ctx);
	if (app->ui->data_changed)
		app->ui->data_changed(app->ui->ctx);
}

static bool
is_marked(const struct app *app)
{
	return app->ui && app->ui->marked && app->ui->marked(app->ui->ctx);
}

static int
ask(struct app *app, const char *question, int argc, const char *const *argv,
    bool is_confirm, struct err *e)
{
	if (!app->ui->ask)
		return err_set(e, ERR_USAGE, "usage: %s needs an argument here",
		               argv[0]);
	return app->ui->ask(app->ui->ctx, question, argc, argv, is_confirm, e);
}

static int
run_ack(struct app *app, int argc, char **argv, struct strbuf *out,
        struct err *e)
{
	struct edit_result res;
	char *comment = join(argc, argv, 1);
	int64_t *ids;
	size_t n;
	bool was_marked = is_marked(app);
	int rc;

	edit_result_init(&res);
	if (!(rc = alert_targets(app, argv[0], &ids, &n, e)) &&
	    !(rc = edit_alerts_acknowledge(app, ids, n, comment, &res, e)))
		done(app, "acknowledged", ids, n, was_marked, &res, out);
	edit_result_release(&res);
	free(comment);
	free(ids);
	return rc;
}

static int
run_dismiss(struct app *app, int argc, char **argv, struct strbuf *out,
            struct err *e)
{
	struct edit_result res;
	char *reason = join(argc, argv, 1);
	int64_t *ids;
	size_t n;
	bool was_marked = is_marked(app);
	int rc;

	edit_result_init(&res);
	if ((rc = alert_targets(app, argv[0], &ids, &n, e)))
		goto out;
	if (!reason) {
		struct strbuf q;
		const char *const again[] = {"dismiss"};

		strbuf_init(&q);
		strbuf_adds(&q, "reason for dismissing ");
		add_count(&q, ids, n);
		strbuf_adds(&q, ": ");
		rc = ask(app, q.buf, 1, again, false, e);
		strbuf_release(&q);
		goto out;
	}
	if (!(rc = edit_alerts_dismiss(app, ids, n, reason, &res, e)))
		done(app, "dismissed", ids, n, was_marked, &res, out);
out:
	edit_result_release(&res);
	free(reason);
	free(ids);
	return rc;
}

/* Open the incident ref in the console's detail. */
static void
open_incident(struct app *app, const char *ref)
{
	int64_t id = 0;
	struct err e;

	err_clear(&e);
	if (app->ui->open &&
	    store_incident_find_ref(app->store, ref, &id, &e) == 0 && id)
		app->ui->open(app->ui->ctx, STORE_INCIDENTS, id, &e);
}

static int
run_promote(struct app *app, int argc, char **argv, struct strbuf *out,
            struct err *e)
{
	struct edit_promote_plan plan;
	struct edit_result res;
	int64_t *ids;
	size_t n;
	bool was_marked = is_marked(app);
	int rc;

	if (argc > 1 && strcmp(argv[1], "--yes"))
		return err_set(e, ERR_USAGE,
		               "usage: promote [--yes] (to a new incident; "
		               "'merge REF' puts alerts into an existing one)");
	edit_promote_plan_init(&plan);
	edit_result_init(&res);
	if ((rc = alert_targets(app, argv[0], &ids, &n, e)))
		goto out;
	if (argc == 1) {
		const char *const again[] = {"promote", "--yes"};
		char *what;
		struct strbuf q;

		if ((rc = edit_promote_plan(app, ids, n, &plan, e)))
			goto out;
		what = edit_promote_plan_describe(&plan);
		strbuf_init(&q);
		strbuf_addf(&q, "create [y/N]? %s: ", what);
		rc = ask(app, q.buf, 2, again, true, e);
		strbuf_release(&q);
		free(what);
		goto out;
	}
	if (!(rc = edit_alerts_promote(app, ids, n, NULL, &res, e))) {
		done(app, "promoted", ids, n, was_marked, &res, out);
		if (res.refs.n)
			open_incident(app, res.refs.v[0]);
	}
out:
	edit_result_release(&res);
	edit_promote_plan_release(&plan);
	free(ids);
	return rc;
}

/* Offer the open incidents, newest first, to pick the one to merge into. */
static int
pick_incident(struct app *app, size_t n_alerts, struct err *e)
{
	const char *const again[] = {"merge"};
	struct store_list_opts o;
	struct filter *f = NULL;
	struct incident *rows = NULL;
	struct strvec labels, values;
	struct strbuf sb;
	size_t n = 0;
	int rc;

	if (!app->ui->pick)
		return err_set(e, ERR_USAGE, "usage: merge REF");
	if ((rc = filter_parse("!status:closed", &f, e)))
		return rc;
	store_list_opts_init(&o);
	o.filter = f;
	o.limit = TRIAGE_PICK_MAX;
	rc = store_incident_page(app->store, &o, &rows, &n, NULL, e);
	filter_free(f);
	if (rc)
		return rc;
	strvec_init(&labels);
	strvec_init(&values);
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		strbuf_setlen(&sb, 0);
		strbuf_addf(&sb, "%-15s %-8s %-11s %s", rows[i].reference,
		            severity_name(rows[i].severity),
		            incident_status_name(rows[i].status),
		            rows[i].title ? rows[i].title : "");
		strvec_push(&labels, sb.buf);
		strvec_push(&values, rows[i].reference);
		incident_release(&rows[i]);
	}
	free(rows);
	strbuf_setlen(&sb, 0);
	strbuf_addf(&sb, "merge %zu alert%s into", n_alerts,
	            n_alerts == 1 ? "" : "s");
	if (!labels.n)
		rc = err_set(e, ERR_NOTFOUND,
		             "no open incident to merge into; 'promote' makes "
		             "a new one");
	else
		rc = app->ui->pick(app->ui->ctx, sb.buf, &labels, &values, 1,
		                   again, e);
	strbuf_release(&sb);
	strvec_release(&labels);
	strvec_release(&values);
	return rc;
}

static int
run_merge(struct app *app, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	struct edit_result res;
	int64_t *ids;
	size_t n;
	bool was_marked = is_marked(app);
	int rc;

	edit_result_init(&res);
	if ((rc = alert_targets(app, argv[0], &ids, &n, e)))
		goto out;
	if (argc == 1) {
		rc = pick_incident(app, n, e);
		goto out;
	}
	if (!(rc = edit_alerts_promote(app, ids, n, argv[1], &res, e))) {
		strbuf_addf(out, "%s: ", argv[1]);
		done(app, "merged", ids, n, was_marked, &res, out);
	}
out:
	edit_result_release(&res);
	free(ids);
	return rc;
}

static int
run_unlink(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	struct edit_result res;
	int64_t *ids;
	size_t n;
	bool was_marked = is_marked(app);
	int rc;

	(void)argc;
	edit_result_init(&res);
	if (!(rc = alert_targets(app, argv[0], &ids, &n, e)) &&
	    !(rc = edit_alerts_unlink(app, ids, n, &res, e)))
		done(app, "unlinked", ids, n, was_marked, &res, out);
	edit_result_release(&res);
	free(ids);
	return rc;
}

static int
run_mark(struct app *app, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	char *filter = join(argc, argv, 1);
	size_t n = 0;
	int rc;

	if (!app->ui || !app->ui->mark) {
		free(filter);
		return err_set(e, ERR_PERM, "'mark' works only in the console");
	}
	rc = app->ui->mark(app->ui->ctx, filter, &n, e);
	/* Space marks and moves on, so that a run of rows is quick */
	if (!rc && !filter && app->ui->act)
		app->ui->act(app->ui->ctx, UI_ACTION_DOWN, 0, NULL);
	if (!rc || rc == ERR_LIMIT)
		strbuf_addf(out, "%zu marked%s\n", n,
		            n ? "; actions apply to the marked rows" : "");
	free(filter);
	return rc;
}

static int
run_unmark(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	(void)argc;
	(void)argv;
	if (!app->ui || !app->ui->unmark)
		return err_set(e, ERR_PERM,
		               "'unmark' works only in the console");
	strbuf_addf(out, "%zu marks cleared\n", app->ui->unmark(app->ui->ctx));
	return 0;
}

int
triage_command(struct app *app, int argc, char **argv, struct strbuf *out,
               struct err *e)
{
	static const struct {
		const char *name; /* argv[0] */
		int (*run)(struct app *, int, char **, struct strbuf *,
		           struct err *); /* its handler */
	} table[] = {
	    {"ack", run_ack},         {"dismiss", run_dismiss},
	    {"promote", run_promote}, {"merge", run_merge},
	    {"unlink", run_unlink},   {"mark", run_mark},
	    {"unmark", run_unmark},
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(argv[0], table[i].name) == 0) {
			if (!app->ui)
				return err_set(e, ERR_PERM,
				               "'%s' works only in the console "
				               "(use 'centinela alert ...')",
				               argv[0]);
			if (!app->store && table[i].run != run_mark &&
			    table[i].run != run_unmark) {
				int rc = app_open_store(app, e);

				if (rc)
					return rc;
			}
			return table[i].run(app, argc, argv, out, e);
		}
	return err_set(e, ERR_NOTFOUND, "unknown triage command '%s'", argv[0]);
}
