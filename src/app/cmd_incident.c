/*
 * The incident commands of the console (assign, take, status, close,
 * severity, tlp, pap, note, link, new): one handler each.
 *
 * Each names what it changes in a struct edit_fields (or a note, or
 * links) and applies it to every incident of the target (ctx: the
 * incident open in a detail, else the marked or selected rows of an
 * incident list) with app/edit.h, which validates (transitions, enums,
 * the RSIT taxonomy) and writes one transaction per incident. What needs
 * the analyst's input first goes back to the console: closing asks for
 * the resolution (the answer runs `close ANSWER`), a note without text
 * opens the editor (app/editor.h), `new` asks for the console's form.
 * Outside the console they refuse; the CLI has `centinela incident`.
 */
#include "centinela/app/incident_cmd.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/app/editor.h"
#include "centinela/app/target.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/transition.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "cmd_internal.h"

/* How a command changes one incident of ctx, ref "incident:ID". */
typedef int (*incident_edit_fn)(const struct cmd_ctx *ctx, const char *ref,
                                int argc, char **argv, struct edit_result *res,
                                struct err *e);

/* "MX-2026-00001: nothing to change", or the result lines, onto out. */
static void
add_result(struct app *app, int64_t id, const struct edit_result *res,
           struct strbuf *out)
{
	struct incident inc;
	struct err e;

	if (res->changed) {
		for (size_t i = 0; i < res->lines.n; i++)
			strbuf_addf(out, "%s\n", res->lines.v[i]);
		return;
	}
	incident_init(&inc);
	err_clear(&e);
	if (store_incident_get(app->store, id, &inc, &e) == 0)
		strbuf_addf(out, "%s: nothing to change\n", inc.reference);
	else
		strbuf_adds(out, "nothing to change\n");
	incident_release(&inc);
}

/*
 * Apply fn to every target (the dispatcher checked that they are
 * incidents: the rows declare CMD_TARGET_INCIDENTS). With several, the output starts with a line
 * counting them, so that the message line says what happened to all.
 */
static int
for_targets(struct cmd_ctx *ctx, int argc, char **argv, incident_edit_fn fn,
            struct strbuf *out, struct err *e)
{
	struct strbuf lines;
	size_t changed = 0;
	int rc = 0;

	strbuf_init(&lines);
	for (size_t i = 0; i < ctx->n_ids && rc == 0; i++) {
		struct edit_result res;
		char ref[48];

		snprintf(ref, sizeof(ref), "incident:%lld",
		         (long long)ctx->ids[i]);
		edit_result_init(&res);
		rc = fn(ctx, ref, argc, argv, &res, e);
		if (!rc) {
			add_result(ctx->app, ctx->ids[i], &res, &lines);
			changed += res.changed != 0;
		}
		edit_result_release(&res);
	}
	if (ctx->n_ids > 1)
		strbuf_addf(out, "%s: %zu of %zu incidents changed\n", argv[0],
		            changed, ctx->n_ids);
	strbuf_add(out, lines.buf, lines.len);
	strbuf_release(&lines);
	if (changed)
		app_changed(ctx->app);
	return rc;
}

/* One field of the incident set to value. */
static int
set_one_field(struct app *app, const char *ref, const char *field,
              const char *value, struct edit_result *res, struct err *e)
{
	struct edit_fields f;
	int rc;

	memset(&f, 0, sizeof(f));
	rc = edit_fields_set(&f, field, value, e);
	if (rc)
		return rc;
	return edit_incident_update(app, ref, &f, res, e);
}

static int
assign_one(const struct cmd_ctx *ctx, const char *ref, int argc, char **argv,
           struct edit_result *res, struct err *e)
{
	(void)argc;
	return set_one_field(ctx->app, ref, "assignee", argv[1], res, e);
}

/* severity, tlp, pap: the field the command is named after. */
static int
field_one(const struct cmd_ctx *ctx, const char *ref, int argc, char **argv,
          struct edit_result *res, struct err *e)
{
	(void)argc;
	return set_one_field(ctx->app, ref, argv[0], argv[1], res, e);
}

static int
cmd_assign(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	return for_targets(ctx, argc, argv, assign_one, out, e);
}

/* The analysts the cache knows, and "-" for nobody. */
static void
complete_assign(const struct cmd_ctx *ctx, int argc, char **argv,
                struct strvec *out)
{
	(void)argv;
	if (argc != 1)
		return;
	incident_cmd_analysts(ctx->app, out);
	strvec_push(out, "-");
}

const struct command cmd_entry_assign = {
    .name = "assign",
    .usage = "me|NAME|-",
    .summary = "assign the incident to an analyst",
    .help =
        "Assign the incident open in the detail, or the one selected (or the\n"
        "marked ones) in an incident list, to NAME, to yourself (me: the\n"
        "analyst setting), or to nobody (-). Tab completes the analysts\n"
        "the cache knows: assignees and authors of timeline notes.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 1,
    .max_args = 1,
    .target = CMD_TARGET_INCIDENTS,
    .run = cmd_assign,
    .complete = complete_assign,
};

static int
cmd_severity(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
             struct err *e)
{
	return for_targets(ctx, argc, argv, field_one, out, e);
}

static void
complete_severity(const struct cmd_ctx *ctx, int argc, char **argv,
                  struct strvec *out)
{
	(void)ctx;
	(void)argv;
	for (int i = SEVERITY_INFO; argc == 1 && i <= SEVERITY_CRITICAL; i++)
		strvec_push(out, severity_name(i));
}

const struct command cmd_entry_severity = {
    .name = "severity",
    .usage = "info|low|medium|high|critical",
    .summary = "set the incident's severity",
    .help = "Set the severity of the incident.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 1,
    .max_args = 1,
    .target = CMD_TARGET_INCIDENTS,
    .run = cmd_severity,
    .complete = complete_severity,
};

static int
cmd_tlp(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
        struct err *e)
{
	return for_targets(ctx, argc, argv, field_one, out, e);
}

static void
complete_tlp(const struct cmd_ctx *ctx, int argc, char **argv,
             struct strvec *out)
{
	(void)ctx;
	(void)argv;
	for (int i = TLP_CLEAR; argc == 1 && i <= TLP_RED; i++)
		strvec_push(out, tlp_name(i));
}

const struct command cmd_entry_tlp = {
    .name = "tlp",
    .usage = "clear|green|amber|amber+strict|red",
    .summary = "set the incident's TLP",
    .help = "Set the Traffic Light Protocol 2.0 label of the incident.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 1,
    .max_args = 1,
    .target = CMD_TARGET_INCIDENTS,
    .run = cmd_tlp,
    .complete = complete_tlp,
};

static int
cmd_pap(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
        struct err *e)
{
	return for_targets(ctx, argc, argv, field_one, out, e);
}

static void
complete_pap(const struct cmd_ctx *ctx, int argc, char **argv,
             struct strvec *out)
{
	(void)ctx;
	(void)argv;
	for (int i = PAP_CLEAR; argc == 1 && i <= PAP_RED; i++)
		strvec_push(out, pap_name(i));
}

const struct command cmd_entry_pap = {
    .name = "pap",
    .usage = "clear|green|amber|red",
    .summary = "set the incident's PAP",
    .help = "Set the Permissible Actions Protocol level of the incident.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 1,
    .max_args = 1,
    .target = CMD_TARGET_INCIDENTS,
    .run = cmd_pap,
    .complete = complete_pap,
};

int
incident_cmd_take(struct app *app, const char *ref, struct edit_result *res,
                  struct err *e)
{
	struct edit_fields f;
	struct incident inc;
	int64_t id = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	f.assignee = "me";
	if ((rc = target_incident(app, ref, &id, e)))
		return rc;
	incident_init(&inc);
	rc = store_incident_get(app->store, id, &inc, e);
	if (!rc && inc.status == INCIDENT_NEW &&
	    incident_status_can_move(INCIDENT_NEW, INCIDENT_TRIAGE))
		f.status = "triage";
	incident_release(&inc);
	if (rc)
		return rc;
	return edit_incident_update(app, ref, &f, res, e);
}

static int
take_one(const struct cmd_ctx *ctx, const char *ref, int argc, char **argv,
         struct edit_result *res, struct err *e)
{
	(void)argc;
	(void)argv;
	return incident_cmd_take(ctx->app, ref, res, e);
}

static int
cmd_take(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	return for_targets(ctx, argc, argv, take_one, out, e);
}

const struct command cmd_entry_take = {
    .name = "take",
    .usage = "",
    .summary = "assign the incident to yourself",
    .help =
        "Assign the incident to yourself (the analyst setting); a new incident\n"
        "moves on to triage in the same change, since taking it is its\n"
        "first response.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 0,
    .target = CMD_TARGET_INCIDENTS,
    .run = cmd_take,
};

/* close RESOLUTION...: status closed with the words as the resolution. */
static int
close_one(const struct cmd_ctx *ctx, const char *ref, int argc, char **argv,
          struct edit_result *res, struct err *e)
{
	struct edit_fields f;
	char *text = cmd_join(argc, argv, 1);
	int rc;

	memset(&f, 0, sizeof(f));
	f.status = "closed";
	f.resolution = text ? text : "";
	rc = edit_incident_update(ctx->app, ref, &f, res, e);
	free(text);
	return rc;
}

/*
 * Refuse at once what cannot be closed, before asking for the
 * resolution; the answer runs `close ANSWER`.
 */
static int
ask_resolution(struct cmd_ctx *ctx, struct err *e)
{
	int rc = 0;

	for (size_t i = 0; i < ctx->n_ids && !rc; i++) {
		struct incident inc;
		char why[160];

		incident_init(&inc);
		rc = store_incident_get(ctx->app->store, ctx->ids[i], &inc, e);
		if (!rc &&
		    !incident_status_can_move(inc.status, INCIDENT_CLOSED)) {
			incident_status_refusal(inc.status, INCIDENT_CLOSED,
			                        why, sizeof(why));
			rc =
			    err_set(e, ERR_INVALID,
			            "cannot move %s from '%s' to 'closed' (%s)",
			            inc.reference,
			            incident_status_name(inc.status), why);
		}
		incident_release(&inc);
	}
	if (rc)
		return rc;
	/* the answer is close's one argument */
	cmd_reply_ask(&ctx->reply,
	              "resolution (Enter closes, empty cancels): ", 1,
	              (const char *const[]){"close"}, false);
	return 0;
}

static int
cmd_close(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	if (argc == 1)
		return ask_resolution(ctx, e);
	return for_targets(ctx, argc, argv, close_one, out, e);
}

const struct command cmd_entry_close = {
    .name = "close",
    .usage = "[RESOLUTION...]",
    .summary = "close the incident, with a resolution summary",
    .help =
        "Close the incident with RESOLUTION (the words after close) as its\n"
        "resolution summary, a timeline note. Without it, a prompt asks for\n"
        "the summary; an empty answer cancels. Only new, triage and resolved\n"
        "incidents may be closed, and closed is final.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .target = CMD_TARGET_INCIDENTS,
    .run = cmd_close,
};

static int
status_one(const struct cmd_ctx *ctx, const char *ref, int argc, char **argv,
           struct edit_result *res, struct err *e)
{
	(void)argc;
	return set_one_field(ctx->app, ref, "status", argv[1], res, e);
}

/* status closed asks for the resolution, as close does. */
static int
cmd_status(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	enum incident_status st;

	if (incident_status_parse(argv[1], &st) == 0 && st == INCIDENT_CLOSED)
		return ask_resolution(ctx, e);
	return for_targets(ctx, argc, argv, status_one, out, e);
}

static void
complete_status(const struct cmd_ctx *ctx, int argc, char **argv,
                struct strvec *out)
{
	(void)ctx;
	(void)argv;
	for (int i = 0; argc == 1 && i < INCIDENT_STATUS_COUNT; i++)
		strvec_push(out, incident_status_name(i));
}

const struct command cmd_entry_status = {
    .name = "status",
    .usage = "STATUS",
    .summary = "move the incident along its workflow",
    .help =
        "Move the incident to STATUS: new, triage, in_progress, waiting,\n"
        "contained, resolved or closed, along the allowed moves; a refused\n"
        "move names the allowed ones. status closed asks for the\n"
        "resolution summary, as close does.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 1,
    .max_args = 1,
    .target = CMD_TARGET_INCIDENTS,
    .run = cmd_status,
    .complete = complete_status,
};

static int
note_one(const struct cmd_ctx *ctx, const char *ref, int argc, char **argv,
         struct edit_result *res, struct err *e)
{
	char *text = cmd_join(argc, argv, 1);
	int rc = edit_incident_note(ctx->app, ref, text ? text : "", res, e);

	free(text);
	return rc;
}

/* Add "; the WHAT is kept in PATH" to the message of *e. */
static void
keep_path(struct err *e, int rc, const char *what, const char *path)
{
	char *msg = xstrdup(e->msg);

	err_set(e, rc, "%s; the %s is kept in %s", msg, what, path);
	free(msg);
}

/*
 * note without text: the editor. The draft is kept when the editor failed
 * or the note could not be stored, and the message says where.
 */
static int
note_in_editor(struct cmd_ctx *ctx, struct strbuf *out, struct err *e)
{
	struct editor_draft d;
	struct strbuf lines;
	char *argv[3] = {(char *)"note", NULL, NULL};
	int rc;

	editor_draft_init(&d);
	strbuf_init(&lines);
	rc = editor_run(ctx->app, EDIT_NOTE_MAX, &d, e);
	if (rc) {
		if (d.path)
			keep_path(e, rc, "draft", d.path);
		goto out;
	}
	if (!*d.text) {
		if (d.is_failed)
			strbuf_addf(
			    out,
			    "editor %s: draft kept in %s; empty, nothing "
			    "added\n",
			    d.why, d.path);
		else {
			strbuf_adds(out, "empty note: nothing added\n");
			editor_draft_discard(&d);
		}
		goto out;
	}
	argv[1] = d.text;
	rc = for_targets(ctx, 2, argv, note_one, &lines, e);
	if (rc) {
		keep_path(e, rc, "note", d.path);
		goto out;
	}
	if (d.is_failed)
		strbuf_addf(out,
		            "editor %s: draft kept in %s; its text added as "
		            "the note\n",
		            d.why, d.path);
	else
		editor_draft_discard(&d);
	strbuf_add(out, lines.buf, lines.len);
out:
	strbuf_release(&lines);
	editor_draft_release(&d);
	return rc;
}

static int
cmd_note(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	if (argc == 1)
		return note_in_editor(ctx, out, e);
	return for_targets(ctx, argc, argv, note_one, out, e);
}

const struct command cmd_entry_note = {
    .name = "note",
    .usage = "[TEXT...]",
    .summary = "add a note to the incident's timeline",
    .help =
        "Add TEXT (the words after note) to the incident's timeline. Without\n"
        "TEXT, open $VISUAL (else $EDITOR, else vi) on a private temporary\n"
        "file and add what it holds when the editor exits; an empty file\n"
        "adds nothing. When the editor fails or is killed, its text is\n"
        "still added and the file is kept; the message says where.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .target = CMD_TARGET_INCIDENTS,
    .run = cmd_note,
};

/* The records the dispatcher resolved from the arguments (ctx->records). */
static int
link_one(const struct cmd_ctx *ctx, const char *ref, int argc, char **argv,
         struct edit_result *res, struct err *e)
{
	(void)argc;
	(void)argv;
	return edit_incident_link(ctx->app, ref, ctx->records, ctx->n_records,
	                          false, res, e);
}

static int
unlink_one(const struct cmd_ctx *ctx, const char *ref, int argc, char **argv,
           struct edit_result *res, struct err *e)
{
	(void)argc;
	(void)argv;
	return edit_incident_link(ctx->app, ref, ctx->records, ctx->n_records,
	                          true, res, e);
}

int
cmd_incident_link(struct cmd_ctx *ctx, bool is_unlink, struct strbuf *out,
                  struct err *e)
{
	char *argv[] = {(char *)(is_unlink ? "unlink" : "link"), NULL};

	return for_targets(ctx, 1, argv, is_unlink ? unlink_one : link_one, out,
	                   e);
}

static int
cmd_link(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	(void)argc;
	(void)argv;
	return cmd_incident_link(ctx, false, out, e);
}

const struct command cmd_entry_link = {
    .name = "link",
    .usage = "alert:ID|asset:ID...",
    .summary = "link alerts or assets to the incident",
    .help = "Link the alerts and assets named by their local ids (alert:12\n"
            "asset:7) to the incident; what is linked already is skipped.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 1,
    .max_args = COMMAND_ARGS_UNLIMITED,
    .target = CMD_TARGET_INCIDENTS | CMD_TARGET_RECORD_REF,
    .target_arg = 1,
    .run = cmd_link,
};

/* The console's form of a new incident. */
static int
cmd_new(struct cmd_ctx *ctx, int argc, char **argv, struct strbuf *out,
        struct err *e)
{
	(void)argc;
	(void)out;
	if (!ctx->is_console)
		return cmd_console_only(argv[0], CMD_HINT_INCIDENT, e);
	if (!ctx->app->store)
		return err_set(e, ERR_USAGE, "no cache is open");
	ctx->reply.form = xstrdup("incident");
	return 0;
}

const struct command cmd_entry_new = {
    .name = "new",
    .usage = "",
    .summary = "create an incident in a form",
    .help =
        "Open the form of a new incident: title, category (RSIT class or\n"
        "class/type), severity, TLP, PAP, organization, description. Tab and\n"
        "Shift-Tab move between fields, Up and Down offer the known values\n"
        "of a field, Enter on the last field creates it, Esc drops the form.\n"
        "A wrong value is shown next to its field and nothing typed is lost.\n",
    .where = CMD_IN_PROMPT | CMD_IN_BINDING,
    .is_mutating = true,
    .min_args = 0,
    .max_args = 0,
    .run = cmd_new,
};

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
incident_cmd_analysts(struct app *app, struct strvec *out)
{
	struct strvec v;
	struct err e;

	strvec_init(&v);
	err_clear(&e);
	strvec_push(&v, "me");
	if (app->analyst && *app->analyst)
		strvec_push(&v, app->analyst);
	if (app->store)
		store_incident_analysts(app->store, INCIDENT_CMD_ANALYSTS_MAX,
		                        &v, &e);
	qsort(v.v, v.n, sizeof(*v.v), compare_names);
	for (size_t i = 0; i < v.n; i++)
		if (strvec_find(out, v.v[i]) < 0)
			strvec_push(out, v.v[i]);
	strvec_release(&v);
}
