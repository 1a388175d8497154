/*
 * The console's bulletin commands (`bulletin new`, `review`, `status`,
 * `edit`): the same edits as `centinela bulletin` (app/bulletin_edit.h,
 * each one transaction with its outbox and audit entries), on the
 * bulletin open in the detail or selected (or marked) in the bulletins
 * list. `bulletin new` asks the console for the form, prefilled from a
 * CVE when one is named or on screen (a CVE or an exposure).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/bulletin_edit.h"
#include "centinela/app/edit.h"
#include "centinela/app/editor.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/exposure.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/list.h"
#include "centinela/store/vulnerability.h"
#include "cmd_internal.h"

#define CMD_HINT_BULLETIN "use 'centinela bulletin' in scripts"

/* The CVE the console shows: its row, or an exposure's; NULL (owned). */
static char *
target_cve(const struct cmd_ctx *ctx)
{
	struct vulnerability v;
	struct err e;
	int64_t vid;
	char *cve = NULL;

	if (ctx->n_ids != 1 || (ctx->entity != STORE_VULNERABILITIES &&
	                        ctx->entity != STORE_EXPOSURES))
		return NULL;
	vid = ctx->entity == STORE_EXPOSURES ? EXPOSURE_ID_VULN(ctx->ids[0])
	                                     : ctx->ids[0];
	vulnerability_init(&v);
	err_clear(&e);
	if (store_vulnerability_get_by_id(ctx->app->store, vid, &v, &e) == 0)
		cve = xstrdup(v.cve_id);
	vulnerability_release(&v);
	return cve;
}

static int
cmd_bulletin_new(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
                 struct err *e)
{
	char *cve = NULL;

	(void)out;
	if (!ctx->is_console)
		return cmd_console_only("bulletin new", CMD_HINT_BULLETIN, e);
	if (!ctx->app->store)
		return err_set(e, ERR_USAGE, "no cache is open");
	if (argc > 2) {
		if (!cve_id_valid(argv[2]))
			return err_set(e, ERR_USAGE,
			               "'%s' is not a CVE id (CVE-YYYY-NNNN)",
			               argv[2]);
		cve = xstrdup(argv[2]);
	} else {
		cve = target_cve(ctx);
	}
	ctx->reply.form = xstrdup("bulletin");
	ctx->reply.form_arg = cve;
	return 0;
}

const struct command cmd_entry_bulletin_new = {
    .name = "bulletin new",
    .usage = "[CVE-ID]",
    .summary = "write a bulletin in a form",
    .help =
        "Open the form of a new bulletin: title, TLP, severity, category,\n"
        "CVEs, sectors, organizations. With CVE-ID, or on a CVE or an\n"
        "exposure (the row selected or the record open), the form starts\n"
        "from that CVE as 'centinela bulletin create --from' does: its title,\n"
        "severity from its CVSS, the sectors of the exposed assets; the\n"
        "description and the affected products come with it. Enter on the\n"
        "last field creates the draft and opens it; 'bulletin edit' then\n"
        "writes its summary in $EDITOR.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 1,
    .run = cmd_bulletin_new,
};

/* The reference of bulletin id into *ref (owned). */
static int
reference_of(struct app *app, int64_t id, char **ref, struct err *e)
{
	struct bulletin b;
	int rc = store_bulletin_get_by_id(app->store, id, &b, e);

	*ref = rc ? NULL : xstrdup(b.reference);
	bulletin_release(&b);
	return rc;
}

typedef int (*bulletin_fn)(struct app *app, const char *ref, const void *arg,
                           struct edit_result *res, struct err *e);

/*
 * Apply fn to every bulletin of the target (refused outside the console
 * and on other rows); the lines of what changed onto out.
 */
static int
for_bulletins(struct cmd_ctx *ctx, const char *name, bulletin_fn fn,
              const void *arg, struct strbuf *out, struct err *e)
{
	size_t changed = 0;
	int rc = 0;

	if (!ctx->is_console)
		return cmd_console_only(name, CMD_HINT_BULLETIN, e);
	if (ctx->entity != STORE_BULLETINS || !ctx->n_ids)
		return err_set(e, ERR_USAGE,
		               "'%s' acts on bulletins: select one in the "
		               "bulletins list or open it",
		               name);
	for (size_t i = 0; i < ctx->n_ids && !rc; i++) {
		struct edit_result res;
		char *ref = NULL;

		edit_result_init(&res);
		if (!(rc = reference_of(ctx->app, ctx->ids[i], &ref, e)) &&
		    !(rc = fn(ctx->app, ref, arg, &res, e))) {
			for (size_t k = 0; k < res.lines.n; k++)
				strbuf_addf(out, "%s\n", res.lines.v[k]);
			if (!res.changed)
				strbuf_addf(out, "%s: nothing to change\n",
				            ref);
			changed += res.changed != 0;
		}
		edit_result_release(&res);
		free(ref);
	}
	if (changed)
		app_changed(ctx->app);
	return rc;
}

static int
review_one(struct app *app, const char *ref, const void *arg,
           struct edit_result *res, struct err *e)
{
	(void)arg;
	return edit_bulletin_review(app, ref, res, e);
}

static int
cmd_bulletin_review(struct cmd_ctx *ctx, int argc, char **argv,
                    struct strbuf *out, struct err *e)
{
	(void)argc;
	(void)argv;
	return for_bulletins(ctx, "bulletin review", review_one, NULL, out, e);
}

const struct command cmd_entry_bulletin_review = {
    .name = "bulletin review",
    .usage = "",
    .summary = "record yourself as the bulletin's reviewer",
    .help =
        "Record the analyst (the analyst setting) as the reviewer of the\n"
        "bulletin open or selected, as 'centinela bulletin review' does.\n"
        "Its author cannot review it: a second analyst must, before it goes\n"
        "final while bulletin.review is required.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_bulletin_review,
};

static int
status_one(struct app *app, const char *ref, const void *arg,
           struct edit_result *res, struct err *e)
{
	return edit_bulletin_status(app, ref, arg, res, e);
}

static int
cmd_bulletin_status(struct cmd_ctx *ctx, int argc, char **argv,
                    struct strbuf *out, struct err *e)
{
	(void)argc;
	return for_bulletins(ctx, "bulletin status", status_one, argv[2], out,
	                     e);
}

static void
complete_status(const struct cmd_ctx *ctx, int argc, char **argv,
                struct strvec *out)
{
	static const char *const words[] = {"draft", "interim", "final", NULL};

	(void)ctx;
	(void)argv;
	cmd_complete_words(argc, 2, words, out);
}

const struct command cmd_entry_bulletin_status = {
    .name = "bulletin status",
    .usage = "draft|interim|final",
    .summary = "move the bulletin to a status",
    .help = "Move the bulletin open or selected to STATUS, with the rules of\n"
            "'centinela bulletin status': draft, interim, final; final needs\n"
            "a second analyst's review while bulletin.review is required, and\n"
            "a final bulletin changes only through a new revision.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 1,
    .max_args = 1,
    .run = cmd_bulletin_status,
    .complete = complete_status,
};

/* Add "; the draft is kept in PATH" to the message of *e. */
static void
keep_draft(struct err *e, int rc, const char *path)
{
	char *msg = xstrdup(e->msg);

	err_set(e, rc, "%s; the draft is kept in %s", msg, path);
	free(msg);
}

/*
 * The summary or description of the one bulletin of the target, in
 * $EDITOR starting from its text; what the editor leaves replaces it.
 */
static int
cmd_bulletin_edit(struct cmd_ctx *ctx, int argc, char **argv,
                  struct strbuf *out, struct err *e)
{
	const char *kind = argc > 2 ? argv[2] : "summary";
	struct editor_draft d;
	struct edit_result res;
	struct bulletin b;
	int rc;

	if (strcmp(kind, "summary") != 0 && strcmp(kind, "description") != 0)
		return err_set(e, ERR_USAGE,
		               "edit the summary or the description, not "
		               "'%s'",
		               kind);
	if (!ctx->is_console)
		return cmd_console_only("bulletin edit", CMD_HINT_BULLETIN, e);
	if (ctx->entity != STORE_BULLETINS || ctx->n_ids != 1)
		return err_set(e, ERR_USAGE,
		               "'bulletin edit' acts on one bulletin: select "
		               "one in the bulletins list or open it");
	if ((rc =
	         store_bulletin_get_by_id(ctx->app->store, ctx->ids[0], &b, e)))
		return rc;
	if ((rc = bulletin_check_editable(&b, e))) {
		bulletin_release(&b);
		return rc;
	}
	editor_draft_init(&d);
	edit_result_init(&res);
	rc = editor_run_text(ctx->app, EDIT_NOTE_MAX,
	                     strcmp(kind, "summary") == 0 ? b.summary : b.body,
	                     &d, e);
	if (rc) {
		if (d.path)
			keep_draft(e, rc, d.path);
		goto out;
	}
	if (!*d.text) {
		strbuf_addf(out, "%s: empty %s, nothing changed\n", b.reference,
		            kind);
		if (!d.is_failed)
			editor_draft_discard(&d);
		goto out;
	}
	if ((rc = edit_bulletin_note(ctx->app, b.reference, kind, d.text, &res,
	                             e))) {
		keep_draft(e, rc, d.path);
		goto out;
	}
	if (d.is_failed)
		strbuf_addf(out, "editor %s: draft kept in %s; its text used\n",
		            d.why, d.path);
	else
		editor_draft_discard(&d);
	for (size_t k = 0; k < res.lines.n; k++)
		strbuf_addf(out, "%s\n", res.lines.v[k]);
	if (!res.changed)
		strbuf_addf(out, "%s: nothing to change\n", b.reference);
	else
		app_changed(ctx->app);
out:
	edit_result_release(&res);
	editor_draft_release(&d);
	bulletin_release(&b);
	return rc;
}

static void
complete_edit(const struct cmd_ctx *ctx, int argc, char **argv,
              struct strvec *out)
{
	static const char *const words[] = {"summary", "description", NULL};

	(void)ctx;
	(void)argv;
	cmd_complete_words(argc, 2, words, out);
}

const struct command cmd_entry_bulletin_edit = {
    .name = "bulletin edit",
    .usage = "[summary|description]",
    .summary = "write the bulletin's summary or description in $EDITOR",
    .help =
        "Open $VISUAL (else $EDITOR, else vi) on the summary (the default)\n"
        "or the description of the bulletin open or selected; what the\n"
        "editor leaves replaces it (Markdown allowed), as 'centinela\n"
        "bulletin note --kind' does. An empty file changes nothing; when\n"
        "the editor fails its text is still used and the file kept.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 1,
    .run = cmd_bulletin_edit,
    .complete = complete_edit,
};
