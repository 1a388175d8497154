/*
 * `centinela handover`: the Markdown report of a shift (incidents opened,
 * closed and changed, SLAs at risk, unacknowledged alerts, the outbox and
 * the analyst's note), gathered and written by app/handover.c. The report
 * goes to --output (a new private file) or the terminal, and is recorded
 * as the last handover, which the console shows at its next start; a report
 * sent to the terminal is also kept in the handover folder for that.
 */
#include "centinela/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/handover.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"

#define HANDOVER_NOTE_MAX 65536 /* bytes of note */

/* The note: text, a file or "-" for standard input, at most 64 KiB. */
static int
read_note(const char *text, const char *file, char **out, struct err *e)
{
	size_t len;

	if (text) {
		if (strlen(text) > HANDOVER_NOTE_MAX)
			return err_set(e, ERR_LIMIT,
			               "the note is longer than 64 KiB");
		*out = xstrdup(text);
		return 0;
	}
	if (!file)
		return 0;
	return fs_read_file(file, HANDOVER_NOTE_MAX, out, &len, e);
}

int
cli_cmd_handover(struct app *app, int argc, char **argv)
{
	const char *since = "8h", *note_text = NULL, *note_file = NULL;
	const char *output = NULL, *now_text = NULL;
	struct handover_opts o;
	char *note = NULL, *text = NULL, *kept = NULL;
	size_t len = 0;
	int64_t window;
	struct err e;
	int rc = 0, status = CLI_EXIT_USAGE;

	err_clear(&e);
	for (int i = 1; i < argc; i++) {
		int got;

		if ((got = cli_opt_value(argc, argv, &i, "--since", &since)) ||
		    (got =
		         cli_opt_value(argc, argv, &i, "--note", &note_text)) ||
		    (got = cli_opt_value(argc, argv, &i, "--note-file",
		                         &note_file)) ||
		    (got =
		         cli_opt_value(argc, argv, &i, "--output", &output)) ||
		    (got = cli_opt_value(argc, argv, &i, "--now", &now_text))) {
			if (got < 0)
				goto out;
		} else {
			cli_error("unknown argument '%s' for handover; see "
			          "'centinela handover --help'",
			          argv[i]);
			goto out;
		}
	}
	if (handover_window(since, &window, &e)) {
		cli_error("%s", e.msg);
		goto out;
	}
	if (note_text && note_file) {
		cli_error("give --note or --note-file, not both");
		goto out;
	}
	o = (struct handover_opts){.since = since, .now = time_now()};
	if (now_text && time_parse_iso8601(now_text, &o.now)) {
		cli_error("--now wants an ISO 8601 time "
		          "(2026-11-29T03:00:00Z), not '%s'",
		          now_text);
		goto out;
	}
	if (read_note(note_text, note_file, &note, &e)) {
		cli_error("note: %s", e.msg);
		status = CLI_EXIT_FAIL;
		goto out;
	}
	o.note = note;
	if ((status = cli_open_store(app)))
		goto out;
	rc = handover_render(app, &o, &text, &len, &e);
	if (!rc && output)
		rc = handover_save(output, text, len, &kept, &e);
	/* A report that did not reach standard output is neither kept nor
	 * recorded: the next shift would be told of one nobody saw. */
	if (!rc && !output) {
		fwrite(text, 1, len, stdout);
		if ((status = cli_output_check(stdout, NULL)))
			goto out;
	}
	/* Sent to the terminal, a copy is kept for the console to show;
	 * the report is out whether or not that works. */
	if (!rc && !output && !app->is_readonly &&
	    handover_save(NULL, text, len, &kept, &e)) {
		cli_error("the report is not kept for the console: %s", e.msg);
		err_clear(&e);
	}
	if (!rc && handover_record(app, kept, &o, &e)) {
		cli_error("the report is not recorded as the last handover: "
		          "%s",
		          e.msg);
		err_clear(&e);
	}
	if (rc) {
		cli_error("%s", e.msg);
		/* --output exists, or cannot be written: not the cache. */
		status = rc == ERR_CONFLICT || rc == ERR_IO ? CLI_EXIT_FAIL
		                                            : cli_exit_for(rc);
		goto out;
	}
	status = CLI_EXIT_OK;
out:
	free(kept);
	free(text);
	free(note);
	return status;
}
