/*
 * The console's incident commands: see include/centinela/app/incident_cmd.h.
 *
 * Each command names what it changes in a struct edit_fields (or a note,
 * or links) and applies it to every target in turn with app/edit.h, which
 * validates (transitions, enums, the RSIT taxonomy) and writes one
 * transaction per incident. What needs the analyst's input first asks the
 * console: closing asks for the resolution (app->ui->ask runs `close
 * ANSWER`), a note without text opens the editor (app/editor.h), `new`
 * opens the console's form.
 */
#include "centinela/app/incident_cmd.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/app/editor.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/transition.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"

static int
console_only(const char *name, struct err *e)
{
	return err_set(e, ERR_PERM,
	               "'%s' works only in the console (use 'centinela "
	               "incident' in scripts)",
	               name);
}

/* The words argv[from..argc) joined by one blank (owned). */
static char *
join_words(int argc, char **argv, int from)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (int i = from; i < argc; i++) {
		if (i > from)
			strbuf_addch(&sb, ' ');
		strbuf_adds(&sb, argv[i]);
	}
	return strbuf_detach(&sb, NULL);
}

/* The ids of the incidents the command applies to; how many (0: error). */
static size_t
incident_targets(struct app *app, const char *name, int64_t **ids,
                 struct err *e)
{
	int entity = -1;
	size_t n;

	*ids = NULL;
	if (!app->ui || !app->ui->targets) {
		console_only(name, e);
		return 0;
	}
	n = app->ui->targets(app->ui->ctx, &entity, ids);
	if (n && entity == STORE_INCIDENTS)
		return n;
	free(*ids);
	*ids = NULL;
	err_set(e, ERR_USAGE,
	        "'%s' acts on incidents: select one in the incidents list or "
	        "open it",
	        name);
	return 0;
}

static void
data_changed(struct app *app)
{
	if (app->ui && app->ui->data_changed)
		app->ui->data_changed(app->ui->ctx);
}

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
 * Apply fn (how the command changes one incident, ref "incident:ID") to
 * every target. With several, the output starts with a line
 * counting them, so that the message line says what happened to all.
 */
static int
for_targets(struct app *app, int argc, char **argv,
            int (*fn)(struct app *app, const char *ref, int argc, char **argv,
                      struct edit_result *res, struct err *e),
            struct strbuf *out, struct err *e)
{
	struct strbuf lines;
	int64_t *ids = NULL;
	size_t n, changed = 0;
	int rc = 0;

	n = incident_targets(app, argv[0], &ids, e);
	if (!n)
		return e->code ? e->code : ERR_USAGE;
	strbuf_init(&lines);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct edit_result res;
		char ref[48];

		snprintf(ref, sizeof(ref), "incident:%lld", (long long)ids[i]);
		edit_result_init(&res);
		rc = fn(app, ref, argc, argv, &res, e);
		if (!rc) {
			add_result(app, ids[i], &res, &lines);
			changed += res.changed != 0;
		}
		edit_result_release(&res);
	}
	if (n > 1)
		strbuf_addf(out, "%s: %zu of %zu incidents changed\n", argv[0],
		            changed, n);
	strbuf_add(out, lines.buf, lines.len);
	strbuf_release(&lines);
	free(ids);
	if (changed)
		data_changed(app);
	return rc;
}

/* assign me|NAME|-, severity S, tlp X, pap X, status S: one field. */
static int
set_field(struct app *app, const char *ref, int argc, char **argv,
          struct edit_result *res, struct err *e)
{
	struct edit_fields f;
	const char *name =
	    strcmp(argv[0], "assign") == 0 ? "assignee" : argv[0];
	int rc;

	(void)argc;
	memset(&f, 0, sizeof(f));
	rc = edit_fields_set(&f, name, argv[1], e);
	if (rc)
		return rc;
	return edit_incident_update(app, ref, &f, res, e);
}

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
	if (strncmp(ref, "incident:", strlen("incident:")) == 0)
		id = strtoll(ref + strlen("incident:"), NULL, 10);
	else if ((rc = store_incident_find_ref(app->store, ref, &id, e)))
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

/* take: see incident_cmd_take. */
static int
take(struct app *app, const char *ref, int argc, char **argv,
     struct edit_result *res, struct err *e)
{
	(void)argc;
	(void)argv;
	return incident_cmd_take(app, ref, res, e);
}

/* close RESOLUTION...: status closed with the words as the resolution. */
static int
close_one(struct app *app, const char *ref, int argc, char **argv,
          struct edit_result *res, struct err *e)
{
	struct edit_fields f;
	char *text = join_words(argc, argv, 1);
	int rc;

	memset(&f, 0, sizeof(f));
	f.status = "closed";
	f.resolution = text;
	rc = edit_incident_update(app, ref, &f, res, e);
	free(text);
	return rc;
}

static int
note_one(struct app *app, const char *ref, int argc, char **argv,
         struct edit_result *res, struct err *e)
{
	char *text = join_words(argc, argv, 1);
	int rc = edit_incident_note(app, ref, text, res, e);

	free(text);
	return rc;
}

static int
link_one(struct app *app, const char *ref, int argc, char **argv,
         struct edit_result *res, struct err *e)
{
	return edit_incident_link(app, ref, (const char *const *)argv + 1,
	                          (size_t)(argc - 1),
	                          strcmp(argv[0], "unlink") == 0, res, e);
}

/* Ask for the resolution; the answer runs `close ANSWER`. */
static int
ask_resolution(struct app *app, struct err *e)
{
	int64_t *ids = NULL;

	size_t n;
	int rc = 0;

	/* refuse at once what cannot be closed, before asking for text */
	n = incident_targets(app, "close", &ids, e);
	if (!n)
		return e->code ? e->code : ERR_USAGE;
	for (size_t i = 0; i < n && !rc; i++) {
		struct incident inc;
		char why[160];

		incident_init(&inc);
		rc = store_incident_get(app->store, ids[i], &inc, e);
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
	free(ids);
	if (rc)
		return rc;
	if (!app->ui->ask)
		return err_set(e, ERR_USAGE, "usage: close RESOLUTION");
	/* the answer is close's one argument */
	return app->ui->ask(app->ui->ctx,
	                    "resolution (Enter closes, empty cancels): ", 1,
	                    (const char *const[]){"close"}, false, e);
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
note_in_editor(struct app *app, struct strbuf *out, struct err *e)
{
	struct editor_draft d;
	struct strbuf lines;
	int64_t *ids = NULL;
	char *argv[3] = {(char *)"note", NULL, NULL};
	size_t n;
	int rc;

	n = incident_targets(app, "note", &ids, e);
	if (!n)
		return e->code ? e->code : ERR_USAGE;
	free(ids);
	editor_draft_init(&d);
	strbuf_init(&lines);
	rc = editor_run(app, EDIT_NOTE_MAX, &d, e);
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
	rc = for_targets(app, 2, argv, note_one, &lines, e);
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

int
incident_cmd_run(struct app *app, int argc, char **argv, struct strbuf *out,
                 struct err *e)
{
	const char *name = argv[0];
	enum incident_status st;

	if (!app->ui)
		return console_only(name, e);
	if (!app->store)
		return err_set(e, ERR_USAGE, "no cache is open");
	if (strcmp(name, "new") == 0) {
		if (!app->ui->form)
			return console_only(name, e);
		return app->ui->form(app->ui->ctx, "incident", e);
	}
	if (strcmp(name, "take") == 0)
		return for_targets(app, argc, argv, take, out, e);
	if (strcmp(name, "close") == 0)
		return argc > 1
		           ? for_targets(app, argc, argv, close_one, out, e)
		           : ask_resolution(app, e);
	if (strcmp(name, "note") == 0)
		return argc > 1 ? for_targets(app, argc, argv, note_one, out, e)
		                : note_in_editor(app, out, e);
	if (strcmp(name, "link") == 0 || strcmp(name, "unlink") == 0)
		return for_targets(app, argc, argv, link_one, out, e);
	if (strcmp(name, "status") == 0 &&
	    incident_status_parse(argv[1], &st) == 0 && st == INCIDENT_CLOSED)
		return ask_resolution(app, e);
	return for_targets(app, argc, argv, set_field, out, e);
}

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
