/*
 * `centinela alert ack|dismiss|promote|merge|unlink ID...`: alert actions
 * (app/edit.h). promote without --to makes ONE new incident of all the
 * alerts; merge is promote into an existing incident (--to required);
 * unlink takes alerts out of their incidents. Several ids in one
 * command are all or nothing: one
 * transaction for all of them, so a refused or unknown alert leaves every
 * alert of the command as it was. IDs are local row ids, bare or as
 * alert:ID.
 */
#include "centinela/cli/cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/app/target.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/xalloc.h"

#define USAGE                                                                  \
	"usage: centinela alert ack ID... [--comment C] | dismiss ID... "      \
	"--reason R | promote ID... [--to REF] | merge ID... --to REF | "      \
	"unlink ID..."

/* Parse "12" or "alert:12"; prints and returns -1 when it is neither. */
static int
parse_id(const char *s, int64_t *out)
{
	const char *p = strncmp(s, "alert:", 6) == 0 ? s + 6 : s;
	char *end;
	long long v;

	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno || end == p || *end || v <= 0) {
		cli_error("'%s' is not an alert id (a number, or alert:ID, as "
		          "'centinela list alerts' shows)",
		          s);
		return -1;
	}
	*out = v;
	return 0;
}

int
cli_cmd_alert(struct app *app, int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : NULL;
	const char *comment = NULL, *reason = NULL, *to = NULL;
	bool has_reason = false;
	struct edit_result res;
	int64_t *ids;
	size_t n = 0;
	struct err e;
	int rc, status = CLI_EXIT_OK;

	if (!verb || (strcmp(verb, "ack") && strcmp(verb, "acknowledge") &&
	              strcmp(verb, "dismiss") && strcmp(verb, "promote") &&
	              strcmp(verb, "merge") && strcmp(verb, "unlink"))) {
		if (verb)
			cli_error("unknown alert action '%s' (known: ack, "
			          "dismiss, promote, merge, unlink)",
			          verb);
		else
			cli_error("alert what? %s", USAGE);
		return CLI_EXIT_USAGE;
	}
	err_clear(&e);
	ids = xcalloc((size_t)argc, sizeof(*ids));
	for (int i = 2; i < argc; i++) {
		const char *v;
		int got = 0;

		if (verb[0] == 'a')
			got = cli_opt_value(argc, argv, &i, "--comment", &v);
		else if (verb[0] == 'd')
			got = cli_opt_value(argc, argv, &i, "--reason", &v);
		else if (verb[0] != 'u')
			got = cli_opt_value(argc, argv, &i, "--to", &v);
		if (got < 0) {
			status = CLI_EXIT_USAGE;
			goto out;
		}
		if (got) {
			if (verb[0] == 'a')
				comment = v;
			else if (verb[0] == 'd') {
				reason = v;
				has_reason = true;
			} else
				to = v;
			continue;
		}
		if (strncmp(argv[i], "--", 2) == 0) {
			cli_error("unexpected '%s'; %s", argv[i], USAGE);
			status = CLI_EXIT_USAGE;
			goto out;
		}
		if (parse_id(argv[i], &ids[n]) < 0) {
			status = CLI_EXIT_USAGE;
			goto out;
		}
		n++;
	}
	if (!n) {
		cli_error("which alerts? %s", USAGE);
		status = CLI_EXIT_USAGE;
		goto out;
	}
	if (verb[0] == 'd' && (!has_reason || !*reason)) {
		cli_error("dismissing needs a reason: --reason TEXT");
		status = CLI_EXIT_USAGE;
		goto out;
	}
	if (verb[0] == 'm' && (!to || !*to)) {
		cli_error("merge into which incident? --to REF (merge is "
		          "promote into an existing incident)");
		status = CLI_EXIT_USAGE;
		goto out;
	}
	if ((status = cli_open_store(app)))
		goto out;
	edit_result_init(&res);
	if (verb[0] == 'a')
		rc = edit_alerts_acknowledge(app, ids, n, comment, &res, &e);
	else if (verb[0] == 'd')
		rc = edit_alerts_dismiss(app, ids, n, reason, &res, &e);
	else if (verb[0] == 'u')
		rc = edit_alerts_unlink(app, ids, n, &res, &e);
	else {
		int64_t to_id = 0;

		if (!to || !(rc = target_incident(app, to, &to_id, &e)))
			rc = edit_alerts_promote(app, ids, n, to_id, &res, &e);
	}
	if (rc) {
		cli_error("%s%s", e.msg,
		          n > 1 ? " (no alert of this command was changed)"
		                : "");
		status = cli_exit_for(rc);
	} else if (!res.changed) {
		printf("nothing to change\n");
	} else {
		for (size_t i = 0; i < res.lines.n; i++) {
			char *shown = sanitize_dup(res.lines.v[i], 0);

			printf("%s\n", shown);
			free(shown);
		}
	}
	edit_result_release(&res);
out:
	free(ids);
	return status;
}
