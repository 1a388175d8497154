/*
 * The alert commands of the console (ack, dismiss, promote, merge,
 * unlink): one handler each, acting on the alerts of the target (ctx:
 * the alert open in a detail, else the marked alerts of the list, else
 * its selected alert) through one edit of app/edit.h for all of them.
 * With marks, the action applies to every marked row with one shared
 * comment or reason, and the marks are dropped when it succeeds
 * (ctx->reply.is_unmark). What needs the analyst goes back to the
 * console in ctx->reply: dismiss without a reason asks for one (an empty
 * answer cancels), promote shows the incident it will create and asks to
 * confirm, then opens it; merge without REF offers the open incidents in
 * a searchable picker. The answers run the same command again. The
 * rows declare their target (CMD_TARGET_ALERTS, and merge's incident
 * CMD_TARGET_INCIDENT_REF): the dispatcher checks the alerts and resolves
 * REF before a handler runs.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/app/target.h"
#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/filter.h"
#include "centinela/model/incident.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "cmd_internal.h"

/* Incidents the merge picker offers at most (the newest open ones). */
#define ALERT_PICK_MAX 500

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
done(struct cmd_ctx *ctx, const char *verb, const struct edit_result *res,
     struct strbuf *out)
{
	size_t n = ctx->n_ids;

	if (!res->changed) {
		strbuf_adds(out, "nothing to change\n");
		return;
	}
	strbuf_addf(out, "%s ", verb);
	if (res->changed < n && n > 1 && !res->refs.n)
		strbuf_addf(out, "%zu of ", res->changed);
	add_count(out, ctx->ids, n);
	if (res->changed < n && n > 1 && !res->refs.n)
		strbuf_adds(out, " (the others already were)");
	if (res->refs.n)
		strbuf_addf(out, " to new incident %s", res->refs.v[0]);
	if (res->queued)
		strbuf_addf(out, " (%zu queued for the server)", res->queued);
	strbuf_addch(out, '\n');
	ctx->reply.is_unmark = ctx->is_marked;
	app_changed(ctx->app);
}

static int
cmd_ack(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
        struct err *e)
{
	struct edit_result res;
	char *comment = cmd_join(argc, argv, 1);
	int rc;

	edit_result_init(&res);
	if (!(rc = edit_alerts_acknowledge(ctx->app, ctx->ids, ctx->n_ids,
	                                   comment, &res, e)))
		done(ctx, "acknowledged", &res, out);
	edit_result_release(&res);
	free(comment);
	return rc;
}

const struct command cmd_entry_ack = {
    .name = "ack",
    .usage = "[COMMENT...]",
    .summary = "acknowledge the selected or marked alerts",
    .help =
        "Acknowledge the alert open or selected, or every marked alert, with\n"
        "one shared optional COMMENT (the words after ack). Queued for\n"
        "the alert's source and audited; the marks are dropped.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .target = CMD_TARGET_ALERTS,
    .run = cmd_ack,
};

static int
cmd_dismiss(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
            struct err *e)
{
	struct edit_result res;
	char *reason = cmd_join(argc, argv, 1);
	int rc = 0;

	edit_result_init(&res);
	if (!reason) {
		struct strbuf q;

		strbuf_init(&q);
		strbuf_adds(&q, "reason for dismissing ");
		add_count(&q, ctx->ids, ctx->n_ids);
		strbuf_adds(&q, ": ");
		cmd_reply_ask(&ctx->reply, q.buf, 1,
		              (const char *const[]){"dismiss"}, false);
		strbuf_release(&q);
		goto out;
	}
	if (!(rc = edit_alerts_dismiss(ctx->app, ctx->ids, ctx->n_ids, reason,
	                               &res, e)))
		done(ctx, "dismissed", &res, out);
out:
	edit_result_release(&res);
	free(reason);
	return rc;
}

const struct command cmd_entry_dismiss = {
    .name = "dismiss",
    .usage = "[REASON...]",
    .summary = "dismiss the selected or marked alerts with a reason",
    .help =
        "Dismiss the alert open or selected, or every marked alert, giving\n"
        "one REASON (the words after dismiss). Without one, the\n"
        "message line asks for it; an empty answer cancels.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .target = CMD_TARGET_ALERTS,
    .run = cmd_dismiss,
};

/* The incident ref, to open in the console's detail after promote. */
static void
open_incident(struct cmd_ctx *ctx, const char *ref)
{
	int64_t id = 0;
	struct err e;

	err_clear(&e);
	if (target_incident(ctx->app, ref, &id, &e) == 0 && id) {
		ctx->reply.open_entity = STORE_INCIDENTS;
		ctx->reply.open_id = id;
	}
}

static int
cmd_promote(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
            struct err *e)
{
	struct edit_promote_plan plan;
	struct edit_result res;
	int rc;

	if (argc > 1 && strcmp(argv[1], "--yes"))
		return err_set(e, ERR_USAGE,
		               "usage: promote [--yes] (to a new incident; "
		               "'merge REF' puts alerts into an existing one)");
	edit_promote_plan_init(&plan);
	edit_result_init(&res);
	if (argc == 1) {
		char *what;
		struct strbuf q;

		if ((rc = edit_promote_plan(ctx->app, ctx->ids, ctx->n_ids,
		                            &plan, e)))
			goto out;
		what = edit_promote_plan_describe(&plan);
		strbuf_init(&q);
		strbuf_addf(&q, "create [y/N]? %s: ", what);
		cmd_reply_ask(&ctx->reply, q.buf, 2,
		              (const char *const[]){"promote", "--yes"}, true);
		strbuf_release(&q);
		free(what);
		goto out;
	}
	if (!(rc = edit_alerts_promote(ctx->app, ctx->ids, ctx->n_ids, 0, &res,
	                               e))) {
		done(ctx, "promoted", &res, out);
		if (res.refs.n)
			open_incident(ctx, res.refs.v[0]);
	}
out:
	edit_result_release(&res);
	edit_promote_plan_release(&plan);
	return rc;
}

const struct command cmd_entry_promote = {
    .name = "promote",
    .usage = "[--yes]",
    .summary = "promote the selected or marked alerts to one new incident",
    .help = "Make ONE new incident of the alert open or selected, or of every\n"
            "marked alert: title, highest severity and TLP, category,\n"
            "common organization and the assets matched by the alerts'\n"
            "IPs and hostnames. Shows what it will create and asks to\n"
            "confirm (--yes skips the question), then opens it.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 1,
    .target = CMD_TARGET_ALERTS,
    .run = cmd_promote,
};

/* Offer the open incidents, newest first, to pick the one to merge into. */
static int
pick_incident(struct cmd_ctx *ctx, size_t n_alerts, struct err *e)
{
	struct cmd_reply *r = &ctx->reply;
	struct store_list_opts o;
	struct filter *f = NULL;
	struct incident *rows = NULL;
	struct strbuf sb;
	size_t n = 0;
	int rc;

	if ((rc = filter_parse("!status:closed", &f, e)))
		return rc;
	store_list_opts_init(&o);
	o.filter = f;
	o.limit = ALERT_PICK_MAX;
	rc = store_incident_page(ctx->app->store, &o, &rows, &n, NULL, e);
	filter_free(f);
	if (rc)
		return rc;
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		strbuf_setlen(&sb, 0);
		strbuf_addf(&sb, "%-15s %-8s %-11s %s", rows[i].reference,
		            severity_name(rows[i].severity),
		            incident_status_name(rows[i].status),
		            rows[i].title ? rows[i].title : "");
		strvec_push(&r->pick_labels, sb.buf);
		strvec_push(&r->pick_values, rows[i].reference);
		incident_release(&rows[i]);
	}
	free(rows);
	strbuf_setlen(&sb, 0);
	strbuf_addf(&sb, "merge %zu alert%s into", n_alerts,
	            n_alerts == 1 ? "" : "s");
	if (!r->pick_labels.n) {
		rc = err_set(e, ERR_NOTFOUND,
		             "no open incident to merge into; 'promote' makes "
		             "a new one");
	} else {
		r->pick_title = strbuf_detach(&sb, NULL);
		strvec_push(&r->again, "merge");
	}
	strbuf_release(&sb);
	return rc;
}

static int
cmd_merge(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	struct edit_result res;
	int rc;

	(void)argc;
	/* the incident REF names, resolved by the dispatcher */
	if (!ctx->incident_id)
		return pick_incident(ctx, ctx->n_ids, e);
	edit_result_init(&res);
	if (!(rc = edit_alerts_promote(ctx->app, ctx->ids, ctx->n_ids,
	                               ctx->incident_id, &res, e))) {
		strbuf_addf(out, "%s: ", argv[1]);
		done(ctx, "merged", &res, out);
	}
	edit_result_release(&res);
	return rc;
}

const struct command cmd_entry_merge = {
    .name = "merge",
    .usage = "[REF]",
    .summary = "merge the selected or marked alerts into an incident",
    .help = "Promote the alert open or selected, or every marked alert, into\n"
            "the existing incident REF. Without REF, pick it from the open\n"
            "incidents: type to narrow, Enter picks, Esc cancels.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 1,
    .target = CMD_TARGET_ALERTS | CMD_TARGET_INCIDENT_REF,
    .target_arg = 1,
    .run = cmd_merge,
};

/*
 * `unlink ITEM...` takes alerts and assets off the incident of the
 * target; a bare `unlink` takes the alerts of the target out of their
 * incidents, and on an incident asks for the items.
 */
static int
cmd_unlink(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	struct edit_result res;
	int rc;

	(void)argc;
	(void)argv;
	if (ctx->n_records)
		return cmd_incident_link(ctx, true, out, e);
	if (ctx->entity == STORE_INCIDENTS)
		return err_set(e, ERR_USAGE,
		               "usage: unlink alert:ID|asset:ID... (what to "
		               "take off the incident)");
	edit_result_init(&res);
	if (!(rc = edit_alerts_unlink(ctx->app, ctx->ids, ctx->n_ids, &res, e)))
		done(ctx, "unlinked", &res, out);
	edit_result_release(&res);
	return rc;
}

const struct command cmd_entry_unlink = {
    .name = "unlink",
    .usage = "[alert:ID|asset:ID...]",
    .summary = "unlink alerts or assets from an incident",
    .help = "On an incident: remove the links of the alerts and assets named\n"
            "(alert:12 asset:7) from it. On alerts, without arguments: take\n"
            "the alert open or selected, or every marked alert, out of the\n"
            "incident it is linked to (one transaction for all).\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .target = CMD_TARGET_ALERTS | CMD_TARGET_INCIDENTS | CMD_TARGET_RECORD_REF,
    .target_arg = 1,
    .run = cmd_unlink,
};
