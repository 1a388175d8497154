/*
 * The commands of the audit trail and the shift: `audit` (show the
 * trail), `audit verify`, `audit seal` (a break), `audit incident` (one
 * incident's entries), one row each, and `handover` (write the shift
 * report). What is shown is the console's: the handlers say
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
#include "cmd_internal.h"

static int
cmd_audit(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	(void)argc;
	(void)out;
	if (!ctx->is_console)
		return cmd_console_only(argv[0], NULL, e);
	ctx->reply.audit = CMD_AUDIT_TRAIL;
	return 0;
}

const struct command cmd_entry_audit = {
    .name = "audit",
    .usage = "",
    .summary = "show the audit trail",
    .help = "Show the whole audit trail as the audit tab, newest first "
            "(time,\nactor, action, entity, reference, detail); its "
            "heading says whether\nthe hash chain was verified or where "
            "it is broken. 'audit verify',\n'audit seal' and 'audit "
            "incident' do more.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_audit,
};

static int
cmd_audit_verify(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
                 struct err *e)
{
	(void)argc;
	(void)out;
	if (!ctx->is_console)
		return cmd_console_only(argv[0], NULL, e);
	ctx->reply.audit = CMD_AUDIT_VERIFY;
	return 0;
}

const struct command cmd_entry_audit_verify = {
    .name = "audit verify",
    .usage = "",
    .summary = "verify the audit trail's hash chain now",
    .help = "Walk the hash chain of the audit trail now, as 'centinela "
            "audit verify'\ndoes, and show the verdict.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_audit_verify,
};

/* `audit seal REASON...`: the words of the reason joined by blanks. */
static int
cmd_audit_seal(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
               struct err *e)
{
	struct audit_verify r;
	char *reason;
	int rc;

	if (!ctx->is_console)
		return cmd_console_only(argv[0], NULL, e);
	reason = cmd_join(argc, argv, 2);
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

const struct command cmd_entry_audit_seal = {
    .name = "audit seal",
    .usage = "REASON...",
    .summary = "record a break of the audit chain, with a reason",
    .help = "Record the first break of a broken audit chain in the "
            "trail, with\nREASON (the words after seal), as 'centinela "
            "audit seal' does, so\nthat changes are recorded again.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 1,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .run = cmd_audit_seal,
};

/* The incident is the dispatcher's: REF, else the one open or selected. */
static int
cmd_audit_incident(struct cmd_ctx *ctx, int argc, char **argv,
                   struct strbuf *out, struct err *e)
{
	(void)argc;
	(void)out;
	if (!ctx->is_console)
		return cmd_console_only(argv[0], NULL, e);
	if (!ctx->incident_id)
		return err_set(e, ERR_USAGE,
		               "no incident open or selected (give its "
		               "reference: audit incident MX-2026-00042)");
	ctx->reply.audit = CMD_AUDIT_INCIDENT;
	ctx->reply.audit_incident = ctx->incident_id;
	return 0;
}

const struct command cmd_entry_audit_incident = {
    .name = "audit incident",
    .usage = "[REF]",
    .summary = "show an incident's audit entries",
    .help = "Show the audit entries of incident REF (the incident open "
            "or selected\nwhen REF is left out) and of the alerts "
            "linked to it, newest first.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = false,
    .min_args = 0,
    .max_args = 1,
    .target = CMD_TARGET_INCIDENT_REF,
    .target_arg = 2,
    .run = cmd_audit_incident,
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
