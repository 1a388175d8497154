/*
 * `centinela incident set|assign|take|note|create|link|unlink`: local
 * edits of incidents (app/edit.h). Each is one transaction with its outbox and
 * audit entries; the changes go to standard output, one line per row, and
 * an edit that changes nothing says so and exits 0.
 */
#include "centinela/cli/cli.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/app/target.h"
#include "centinela/app/incident_cmd.h"
#include "centinela/app/source.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/xalloc.h"

#define USAGE                                                                  \
	"usage: centinela incident set REF FIELD=VALUE... [--resolution "      \
	"TEXT] | note REF TEXT|- | create --title T --category C "             \
	"--severity S [--tlp X] [--pap X] [--organization NAME] "              \
	"[--description D] [--source NAME] | assign REF me|NAME|- | take "     \
	"REF | link|unlink REF alert:ID|asset:ID..."

void
cli_print_edit_result(const struct edit_result *res, const char *ref)
{
	char *shown;

	if (!res->changed) {
		shown = sanitize_dup(ref ? ref : "", 0);
		printf("%s: nothing to change\n", shown);
		free(shown);
		return;
	}
	for (size_t i = 0; i < res->lines.n; i++) {
		shown = sanitize_dup(res->lines.v[i], 0);
		printf("%s\n", shown);
		free(shown);
	}
}

static int
cmd_set(struct app *app, int argc, char **argv)
{
	struct edit_fields f;
	struct edit_result res;
	const char *ref = NULL;
	struct err e;
	int rc, status, n = 0;

	memset(&f, 0, sizeof(f));
	err_clear(&e);
	for (int i = 2; i < argc; i++) {
		const char *v;
		char *eq, *name;
		int got = cli_opt_value(argc, argv, &i, "--resolution", &v);

		if (got < 0)
			return CLI_EXIT_USAGE;
		if (got) {
			f.resolution = v;
			continue;
		}
		if (!ref && strncmp(argv[i], "--", 2) != 0) {
			ref = argv[i];
			continue;
		}
		if (!(eq = strchr(argv[i], '=')) || eq == argv[i]) {
			cli_error("expected FIELD=VALUE, not '%s'; %s", argv[i],
			          USAGE);
			return CLI_EXIT_USAGE;
		}
		name = xstrndup(argv[i], (size_t)(eq - argv[i]));
		rc = edit_fields_set(&f, name, eq + 1, &e);
		free(name);
		if (rc) {
			cli_error("%s", e.msg);
			return CLI_EXIT_USAGE;
		}
		n++;
	}
	if (!ref || !n) {
		cli_error("set what? usage: centinela incident set REF "
		          "FIELD=VALUE... (fields: title, description, "
		          "category, severity, priority, status, tlp, pap, "
		          "assignee, organization)");
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	edit_result_init(&res);
	rc = edit_incident_update(app, ref, &f, &res, &e);
	if (!rc)
		cli_print_edit_result(&res, ref);
	edit_result_release(&res);
	return cli_report(rc, &e);
}

static int
cmd_note(struct app *app, int argc, char **argv)
{
	struct edit_result res;
	const char *ref = NULL, *text = NULL;
	char *buf = NULL;
	size_t len = 0;
	struct err e;
	int rc, status;

	err_clear(&e);
	for (int i = 2; i < argc; i++) {
		if (!ref)
			ref = argv[i];
		else if (!text)
			text = argv[i];
		else {
			cli_error("unexpected '%s'; quote the note as one "
			          "argument: centinela incident note REF "
			          "\"TEXT\"",
			          argv[i]);
			return CLI_EXIT_USAGE;
		}
	}
	if (!ref || !text) {
		cli_error("usage: centinela incident note REF TEXT (TEXT '-' "
		          "reads standard input)");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(text, "-") == 0) {
		if ((rc = fs_read_file("-", EDIT_NOTE_MAX, &buf, &len, &e))) {
			cli_error("cannot read the note from standard input: "
			          "%s",
			          e.msg);
			return rc == ERR_LIMIT ? CLI_EXIT_FAIL
			                       : cli_exit_for(rc);
		}
		if (strlen(buf) != len) {
			free(buf);
			cli_error("the note on standard input contains a NUL "
			          "byte");
			return CLI_EXIT_FAIL;
		}
		/* the newline that ends the input is not part of the note */
		if (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		text = buf;
	}
	if ((status = cli_open_store(app))) {
		free(buf);
		return status;
	}
	edit_result_init(&res);
	rc = edit_incident_note(app, ref, text, &res, &e);
	if (!rc)
		cli_print_edit_result(&res, ref);
	edit_result_release(&res);
	free(buf);
	return cli_report(rc, &e);
}

static int
cmd_create(struct app *app, int argc, char **argv)
{
	static const struct {
		const char *opt;
		size_t off;
	} opts[] = {
	    {"--title", offsetof(struct edit_fields, title)},
	    {"--category", offsetof(struct edit_fields, category)},
	    {"--severity", offsetof(struct edit_fields, severity)},
	    {"--tlp", offsetof(struct edit_fields, tlp)},
	    {"--pap", offsetof(struct edit_fields, pap)},
	    {"--organization", offsetof(struct edit_fields, organization)},
	    {"--description", offsetof(struct edit_fields, description)},
	    {"--priority", offsetof(struct edit_fields, priority)},
	    {"--assignee", offsetof(struct edit_fields, assignee)},
	};
	struct edit_fields f;
	struct edit_result res;
	const char *source = NULL;
	struct err e;
	int rc, status;

	memset(&f, 0, sizeof(f));
	err_clear(&e);
	for (int i = 2; i < argc; i++) {
		const char *v;
		int got = cli_opt_value(argc, argv, &i, "--source", &v);

		if (got < 0)
			return CLI_EXIT_USAGE;
		if (got) {
			source = v;
			continue;
		}
		for (size_t k = 0; !got && k < ARRAY_SIZE(opts); k++) {
			got = cli_opt_value(argc, argv, &i, opts[k].opt, &v);
			if (got < 0)
				return CLI_EXIT_USAGE;
			if (got)
				*(const char **)((char *)&f + opts[k].off) = v;
		}
		if (!got) {
			cli_error("unexpected '%s'; %s", argv[i], USAGE);
			return CLI_EXIT_USAGE;
		}
	}
	if (!f.title || !f.category || !f.severity) {
		cli_error("a new incident needs --title, --category and "
		          "--severity");
		return CLI_EXIT_USAGE;
	}
	/* Created here, sent to the native source declared first. */
	if (!source && app_source_push_default(app))
		source = app_source_push_default(app)->name;
	if ((status = cli_open_store(app)))
		return status;
	edit_result_init(&res);
	rc = edit_incident_create(app, &f, source, &res, &e);
	if (!rc && res.refs.n)
		printf("%s\n", res.refs.v[0]);
	edit_result_release(&res);
	return cli_report(rc, &e);
}

/* assign REF me|NAME|-, take REF: shorthands of set assignee=. */
static int
cmd_assign(struct app *app, int argc, char **argv)
{
	bool is_take = strcmp(argv[1], "take") == 0;
	struct edit_fields f;
	struct edit_result res;
	struct err e;
	int rc, status;

	err_clear(&e);
	if (argc != (is_take ? 3 : 4)) {
		cli_error(is_take ? "usage: centinela incident take REF"
		                  : "usage: centinela incident assign REF "
		                    "me|NAME|-");
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	memset(&f, 0, sizeof(f));
	f.assignee = is_take ? NULL : argv[3];
	edit_result_init(&res);
	rc = is_take ? incident_cmd_take(app, argv[2], &res, &e)
	             : edit_incident_update(app, argv[2], &f, &res, &e);
	if (!rc)
		cli_print_edit_result(&res, argv[2]);
	edit_result_release(&res);
	return cli_report(rc, &e);
}

static int
cmd_link(struct app *app, int argc, char **argv, bool is_unlink)
{
	struct edit_result res;
	struct store_row_ref *items = NULL;
	const char *ref;
	struct err e;
	int rc, status;

	err_clear(&e);
	if (argc < 4) {
		cli_error(
		    "usage: centinela incident %s REF alert:ID|asset:ID...",
		    argv[1]);
		return CLI_EXIT_USAGE;
	}
	ref = argv[2];
	if ((status = cli_open_store(app)))
		return status;
	edit_result_init(&res);
	rc = target_rows(app, (const char *const *)argv + 3, (size_t)(argc - 3),
	                 &items, &e);
	if (!rc)
		rc = edit_incident_link(app, ref, items, (size_t)(argc - 3),
		                        is_unlink, &res, &e);
	if (!rc)
		cli_print_edit_result(&res, ref);
	free(items);
	edit_result_release(&res);
	return cli_report(rc, &e);
}

int
cli_cmd_incident(struct app *app, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : NULL;

	if (!verb) {
		cli_error("incident what? %s", USAGE);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(verb, "set") == 0)
		return cmd_set(app, argc, argv);
	if (strcmp(verb, "note") == 0)
		return cmd_note(app, argc, argv);
	if (strcmp(verb, "create") == 0)
		return cmd_create(app, argc, argv);
	if (strcmp(verb, "assign") == 0 || strcmp(verb, "take") == 0)
		return cmd_assign(app, argc, argv);
	if (strcmp(verb, "link") == 0)
		return cmd_link(app, argc, argv, false);
	if (strcmp(verb, "unlink") == 0)
		return cmd_link(app, argc, argv, true);
	cli_error("unknown incident action '%s' (known: set, assign, take, "
	          "note, create, link, unlink)",
	          verb);
	return CLI_EXIT_USAGE;
}
