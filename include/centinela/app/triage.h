/*
 * The console's triage commands (rows of the command table, allowed from
 * the ':' prompt and key bindings): ack [COMMENT], dismiss [REASON],
 * promote [--yes], merge [REF], unlink, mark [FILTER] and unmark.
 *
 * They act on the rows the console's targets hook names (app/action.h):
 * the alert open in a detail, else the marked alerts of the list, else
 * its selected alert, through app/edit.h (one transaction, audited,
 * queued for the source). With marks, the action applies to every marked
 * row with one shared comment or reason, and the marks are dropped when
 * it succeeds. What needs the analyst goes back to the console: dismiss
 * without a reason asks for one (an empty answer cancels), promote shows
 * the incident it will create and asks to confirm, then opens it; merge
 * without REF offers the open incidents in a searchable picker.
 */
#ifndef CENTINELA_APP_TRIAGE_H
#define CENTINELA_APP_TRIAGE_H

#include "centinela/base/strbuf.h"

struct app;
struct err;

/* Incidents the merge picker offers at most (the newest open ones). */
#define TRIAGE_PICK_MAX 500

/*
 * Run the triage command argv[0] (one of the names above) with its
 * arguments; the command table's handler for all of them. Appends a
 * one-line summary to out. ERR_PERM outside the console.
 */
int triage_command(struct app *app, int argc, char **argv, struct strbuf *out,
                   struct err *e);

#endif
