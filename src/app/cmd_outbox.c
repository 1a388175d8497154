/*
 * The commands that settle what the sync engine could not send: `outbox
 * retry [ID]`, `outbox drop [ID]`, `conflict keep-mine [ID]` and
 * `conflict take-server [ID]`, one row each. Their rows declare the
 * outbox entry as their target (CMD_TARGET_OUTBOX_ENTRY, argument 2): the
 * dispatcher resolves ID, else the entry the console has selected in its
 * conflicts or outbox view, into ctx->outbox_id; from -c or the CLI the
 * ID is required.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/sync/conflict.h"
#include "centinela/sync/outbox.h"
#include "cmd_internal.h"

/* Settle the conflict of ctx->outbox_id with choice. */
static int
settle(struct cmd_ctx *ctx, enum sync_conflict_choice choice,
       struct strbuf *out, struct err *e)
{
	int64_t id = ctx->outbox_id;
	int rc;

	rc = sync_conflict_resolve(ctx->app->store, ctx->app->sources,
	                           ctx->app->n_sources, id, choice,
	                           ctx->app->analyst, e);
	if (rc)
		return rc;
	strbuf_addf(out, "conflict %lld settled: %s\n", (long long)id,
	            choice == SYNC_CONFLICT_KEEP_MINE
	                ? "your change will be sent again"
	                : "the server's record taken");
	app_changed(ctx->app);
	return 0;
}

static int
cmd_conflict_keep_mine(struct cmd_ctx *ctx, int argc, char **argv,
                       struct strbuf *out, struct err *e)
{
	(void)argc;
	(void)argv;
	return settle(ctx, SYNC_CONFLICT_KEEP_MINE, out, e);
}

const struct command cmd_entry_conflict_keep_mine = {
    .name = "conflict keep-mine",
    .usage = "[ID]",
    .summary = "settle a conflict: send your change again",
    .help = "Settle the outbox entry ID (the conflict selected in the "
            "conflicts view\nwhen ID is left out), which the server "
            "refused because the record\nchanged there: send your "
            "change again on top of the server's version\n(with a new "
            "idempotency key). Written to the audit trail.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 1,
    .target = CMD_TARGET_OUTBOX_ENTRY,
    .target_arg = 2,
    .run = cmd_conflict_keep_mine,
};

static int
cmd_conflict_take_server(struct cmd_ctx *ctx, int argc, char **argv,
                         struct strbuf *out, struct err *e)
{
	(void)argc;
	(void)argv;
	return settle(ctx, SYNC_CONFLICT_TAKE_SERVER, out, e);
}

const struct command cmd_entry_conflict_take_server = {
    .name = "conflict take-server",
    .usage = "[ID]",
    .summary = "settle a conflict: take the server's record",
    .help = "Settle the outbox entry ID (the conflict selected in the "
            "conflicts view\nwhen ID is left out), which the server "
            "refused because the record\nchanged there: drop your "
            "change and store the server's record.\nWritten to the "
            "audit trail.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 1,
    .target = CMD_TARGET_OUTBOX_ENTRY,
    .target_arg = 2,
    .run = cmd_conflict_take_server,
};

/* Send ctx->outbox_id again, or drop it, and say so. */
static int
act(struct cmd_ctx *ctx, bool is_drop, struct strbuf *out, struct err *e)
{
	struct app *app = ctx->app;
	long long id = (long long)ctx->outbox_id;
	int rc = is_drop ? sync_outbox_drop(app->store, ctx->outbox_id,
	                                    app->analyst, e)
	                 : sync_outbox_retry(app->store, ctx->outbox_id,
	                                     app->analyst, e);

	if (rc)
		return rc;
	if (is_drop)
		strbuf_addf(out,
		            "outbox entry %lld dropped: it will not be sent; "
		            "its row keeps your change until the server sends "
		            "it again\n",
		            id);
	else
		strbuf_addf(out,
		            "outbox entry %lld will be sent again by the next "
		            "sync\n",
		            id);
	app_changed(app);
	return 0;
}

static int
cmd_outbox_retry(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
                 struct err *e)
{
	(void)argc;
	(void)argv;
	return act(ctx, false, out, e);
}

const struct command cmd_entry_outbox_retry = {
    .name = "outbox retry",
    .usage = "[ID]",
    .summary = "send a failed outbox entry again",
    .help = "Send the outbox entry ID (the one selected in the outbox "
            "or conflicts\nview when ID is left out), which the server "
            "refused (failed), again,\nwith a new idempotency key. An "
            "entry in conflict is settled with\n'conflict' instead. "
            "Written to the audit trail. The entries behind a\nfailed "
            "one (later edits of its row or incident) wait until it "
            "is\nretried and sent, or dropped.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 1,
    .target = CMD_TARGET_OUTBOX_ENTRY,
    .target_arg = 2,
    .run = cmd_outbox_retry,
};

static int
cmd_outbox_drop(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
                struct err *e)
{
	(void)argc;
	(void)argv;
	return act(ctx, true, out, e);
}

const struct command cmd_entry_outbox_drop = {
    .name = "outbox drop",
    .usage = "[ID]",
    .summary = "drop an outbox entry: it is never sent",
    .help = "Withdraw the outbox entry ID (the one selected in the "
            "outbox or\nconflicts view when ID is left out), failed or "
            "pending, for good: it\nis never sent, and its row keeps "
            "your change, marked dirty, until\nthe server sends the "
            "row again. Written to the audit trail; the\nentries "
            "waiting behind it go on.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 1,
    .target = CMD_TARGET_OUTBOX_ENTRY,
    .target_arg = 2,
    .run = cmd_outbox_drop,
};
