/*
 * The commands that settle what the sync engine could not send: `outbox
 * retry|drop [ID]` and `conflict keep-mine|take-server [ID]`. Without ID
 * they act on the entry the console has selected in its conflicts or
 * outbox view (ctx->outbox_id); from -c or the CLI the ID is required.
 */
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/sync/conflict.h"
#include "centinela/sync/outbox.h"
#include "cmd_internal.h"

/*
 * The outbox entry a command acts on: argv[2] when given, else the one
 * selected in the console (where names the list that shows the numbers);
 * opens the store.
 */
static int
outbox_entry_arg(struct cmd_ctx *ctx, int argc, char **argv, const char *where,
                 int64_t *id, struct err *e)
{
	char *end = NULL;

	*id = 0;
	if (argc > 2) {
		long long v = strtoll(argv[2], &end, 10);

		if (!*argv[2] || *end || v <= 0)
			return err_set(
			    e, ERR_USAGE,
			    "invalid outbox entry '%s' (expected the "
			    "number %s shows)",
			    argv[2], where);
		*id = v;
	} else {
		*id = ctx->outbox_id;
	}
	if (*id <= 0)
		return err_set(e, ERR_USAGE,
		               "no %s selected (give its ID, as %s shows it)",
		               strcmp(argv[0], "conflict") == 0
		                   ? "conflict"
		                   : "outbox entry",
		               where);
	return ctx->app->store ? 0 : app_open_store(ctx->app, e);
}

static int
cmd_conflict(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
             struct err *e)
{
	enum sync_conflict_choice choice;
	int64_t id = 0;
	int rc;

	if ((rc = sync_conflict_choice_parse(argv[1], &choice, e)) ||
	    (rc = outbox_entry_arg(ctx, argc, argv, "the conflicts view", &id,
	                           e)))
		return rc;
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

static void
complete_conflict(const struct cmd_ctx *ctx, int argc, char **argv,
                  struct strvec *out)
{
	(void)ctx;
	(void)argv;
	cmd_complete_words(
	    argc, 1, (const char *const[]){"keep-mine", "take-server", NULL},
	    out);
}

const struct command cmd_entry_conflict = {
    .name = "conflict",
    .usage = "keep-mine|take-server [ID]",
    .summary = "settle a conflict: keep your change or take the server's",
    .help = "Settle the outbox entry ID (the conflict selected in the "
            "conflicts view\nwhen ID is left out), which the server "
            "refused because the record\nchanged there. keep-mine sends "
            "your change again on top of the\nserver's version (with a "
            "new idempotency key); take-server drops your\nchange and "
            "stores the server's record. Written to the audit trail.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
    .is_mutating = true,
    .min_args = 1,
    .max_args = 2,
    .run = cmd_conflict,
    .complete = complete_conflict,
};

static int
cmd_outbox(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	struct app *app = ctx->app;
	bool is_drop = strcmp(argv[1], "drop") == 0;
	int64_t id = 0;
	int rc;

	if (!is_drop && strcmp(argv[1], "retry") != 0)
		return err_set(
		    e, ERR_USAGE,
		    "unknown outbox action '%s' (known: retry, drop)", argv[1]);
	if ((rc = outbox_entry_arg(ctx, argc, argv,
	                           "the outbox view or 'centinela outbox'", &id,
	                           e)))
		return rc;
	rc = is_drop ? sync_outbox_drop(app->store, id, app->analyst, e)
	             : sync_outbox_retry(app->store, id, app->analyst, e);
	if (rc)
		return rc;
	if (is_drop)
		strbuf_addf(out,
		            "outbox entry %lld dropped: it will not be sent; "
		            "its row keeps your change until the server sends "
		            "it again\n",
		            (long long)id);
	else
		strbuf_addf(out,
		            "outbox entry %lld will be sent again by the next "
		            "sync\n",
		            (long long)id);
	app_changed(app);
	return 0;
}

static void
complete_outbox(const struct cmd_ctx *ctx, int argc, char **argv,
                struct strvec *out)
{
	(void)ctx;
	(void)argv;
	cmd_complete_words(argc, 1,
	                   (const char *const[]){"retry", "drop", NULL}, out);
}

const struct command cmd_entry_outbox = {
    .name = "outbox",
    .usage = "retry|drop [ID]",
    .summary = "send a failed outbox entry again, or drop an entry",
    .help = "Act on the outbox entry ID (the one selected in the "
            "outbox or conflicts\nview when ID is left out). retry "
            "sends an entry the server refused\n(failed) again, with "
            "a new idempotency key. drop withdraws a failed or\n"
            "pending entry for good: it is never sent, and its row "
            "keeps your change,\nmarked dirty, until the server sends "
            "the row again. An entry in conflict\nis settled with "
            "'conflict' instead. Written to the audit trail. The\n"
            "entries behind a failed one (later edits of its row or "
            "incident) wait\nuntil it is retried and sent, or "
            "dropped.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
    .is_mutating = true,
    .min_args = 1,
    .max_args = 2,
    .run = cmd_outbox,
    .complete = complete_outbox,
};
