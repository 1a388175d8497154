/*
 * The console's incident commands (assign, take, status, close, severity,
 * tlp, pap, note, link, unlink, new): rows of the command table whose
 * handler is incident_cmd_run. They act on the incidents app->ui->targets
 * names (the incident open in a detail, else the marked or selected rows
 * of an incident list), each through app/edit.h: one transaction per
 * incident with its audit, outbox and timeline entries; then
 * app->ui->data_changed. Outside the console they fail ("only in the
 * console"); the CLI has `centinela incident` for scripts.
 */
#ifndef CENTINELA_APP_INCIDENT_CMD_H
#define CENTINELA_APP_INCIDENT_CMD_H

#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"

struct app;
struct edit_result;
struct err;

/* Most analyst names completion offers. */
#define INCIDENT_CMD_ANALYSTS_MAX 200

/*
 * Run the incident command argv[0] (argc counts it) on the targets,
 * appending one line per change to out. A refused change stops there
 * (incidents done before it stay done) with *e naming the incident.
 */
int incident_cmd_run(struct app *app, int argc, char **argv, struct strbuf *out,
                     struct err *e);

/*
 * Take the incident ref (a reference or "incident:ID"): assign it to the
 * analyst and, when it is new, move it on to triage in the same edit
 * (taking it is its first response). Shared by `take` in the console and
 * `centinela incident take`; see edit_incident_update for the errors.
 */
int incident_cmd_take(struct app *app, const char *ref, struct edit_result *res,
                      struct err *e);

/*
 * Append the analysts `assign` can name to out, sorted and distinct: the
 * analyst setting, the assignees and note authors in the cache, "me".
 * Errors of the store are ignored (completion offers what it has).
 */
void incident_cmd_analysts(struct app *app, struct strvec *out);

#endif
