/*
 * The commands of the audit trail and the shift: `audit` (show the trail,
 * verify it, seal a break, one incident's entries) and `handover` (write
 * the shift report). What is shown is the console's: the handlers say
 * which page in ctx->reply.audit.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/audit_seal.h"
#include "centinela/app/handover.h"
#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/store/audit.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "cmd_internal.h"

/* The incident `audit incident` means: REF, else the one open or selected. */
static int
audit_incident_id(struct cmd_ctx *ctx, const char *ref, int64_t *id,
                  struct err *e)
{
	int rc;

	*id = 0;
	if (ref) {
		rc = store_incident_find_ref(ctx->app->store, ref, id, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_NOTFOUND, "no incident '%s'",
			               ref);
		return rc;
	}
	if (ctx->n_ids && ctx->entity == STORE_INCIDENTS)
		*id = ctx->ids[0];
	if (!*id)
		return err_set(e, ERR_USAGE,
		               "no incident open or selected (give its "
		               "reference: audit incident MX-2026-00042)");
	return 0;
}

/* `audit seal REASON...`: the words of the reason joined by blanks. */
static int
audit_seal(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	struct audit_verify r;
	char *reason = cmd_join(argc, argv, 0);
	int rc;

	rc = app_audit_seal(ctx->app, reason, &r, e);
	free(reason);
	if (rc)
		return rc;
	app_audit_seal_said(&r, out);
	strbuf_addch(out, '\n');
	/* the status bar and the audit tab say it at once */
	ctx->reply.audit = CMD_AUDIT_CHECK;
	app_changed(ctx->app);
	return 0;
}

static int
cmd_audit(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	int64_t id = 0;
	int rc;

	if (!ctx->is_console)
		return cmd_console_only(argv[0], NULL, e);
	if (argc == 1) {
		ctx->reply.audit = CMD_AUDIT_TRAIL;
		return 0;
	}
	if (strcmp(argv[1], "verify") == 0 && argc == 2) {
		ctx->reply.audit = CMD_AUDIT_VERIFY;
		return 0;
	}
	if (strcmp(argv[1], "seal") == 0 && argc > 2)
		return audit_seal(ctx, argc - 2, argv + 2, out, e);
	if (strcmp(argv[1], "incident") != 0 || argc > 3)
		return cmd_usage_error("audit", e);
	if (!ctx->app->store && (rc = app_open_store(ctx->app, e)))
		return rc;
	if ((rc = audit_incident_id(ctx, argc > 2 ? argv[2] : NULL, &id, e)))
		return rc;
	ctx->reply.audit = CMD_AUDIT_INCIDENT;
	ctx->reply.audit_incident = id;
	return 0;
}

static void
complete_audit(const struct cmd_ctx *ctx, int argc, char **argv,
               struct strvec *out)
{
	(void)ctx;
	(void)argv;
	cmd_complete_words(
	    argc, 1, (const char *const[]){"verify", "seal", "incident", NULL},
	    out);
}

const struct command cmd_entry_audit = {
    .name = "audit",
    .usage = "[verify | seal REASON... | incident [REF]]",
    .summary = "show the audit trail, verify it, seal a break, or an "
               "incident's",
    .help = "Without arguments, show the whole audit trail as the "
            "audit tab, newest\nfirst (time, actor, action, entity, "
            "reference, detail); its heading\nsays whether the hash "
            "chain was verified or where it is broken.\nverify: walk "
            "the chain now, as 'centinela audit verify' does, and\n"
            "show the verdict. seal: record the first break of a "
            "broken chain in\nthe trail, with REASON, as 'centinela "
            "audit seal' does, so that\nchanges are recorded again. "
            "incident: the entries of incident REF\n(the incident "
            "open or selected when REF is left out) and of the\n"
            "alerts linked to it, newest first.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .run = cmd_audit,
    .complete = complete_audit,
};

/* `handover [--since D] [NOTE...]`: the report to a new file, recorded. */
static int
cmd_handover(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
             struct err *e)
{
	struct app *app = ctx->app;
	struct handover_opts o = {.since = "8h", .now = time_now()};
	char *text = NULL, *path = NULL, *note;
	struct err re;
	size_t len;
	int i = 1, rc;

	if (i < argc && strcmp(argv[i], "--since") == 0) {
		if (i + 1 >= argc)
			return cmd_usage_error("handover", e);
		o.since = argv[i + 1];
		i += 2;
	}
	note = cmd_join(argc, argv, i);
	o.note = note;
	if (!app->store && (rc = app_open_store(app, e)))
		goto out;
	if ((rc = handover_render(app, &o, &text, &len, e)) ||
	    (rc = handover_save(NULL, text, len, &path, e)))
		goto out;
	/* the report exists: a failure to record it is told, not fatal */
	err_clear(&re);
	if (handover_record(app, path, &o, &re)) {
		strbuf_addf(out, "handover written to %s (not recorded: %s)\n",
		            path, re.msg);
	} else {
		strbuf_addf(out, "handover written to %s%s\n", path,
		            app->is_readonly ? " (read-only: not recorded)"
		                             : "");
	}
	app_changed(app);
out:
	free(text);
	free(path);
	free(note);
	return rc;
}

const struct command cmd_entry_handover = {
    .name = "handover",
    .usage = "[--since DURATION] [NOTE...]",
    .summary = "write the shift handover report",
    .help = "Write the Markdown report of the shift (the last "
            "DURATION, 8h by\ndefault: incidents opened, closed and "
            "changed, SLAs at risk,\nunacknowledged alerts, the "
            "outbox, and NOTE, the words after the\noptions) to a "
            "new private file in $XDG_DATA_HOME/centinela/handover,\n"
            "as 'centinela handover' does, and record it as the last "
            "handover:\nthe console shows it at its next start until "
            "it is dismissed.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .run = cmd_handover,
};
