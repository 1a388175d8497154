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
 * Append the analysts `assign` can name to out, sorted and distinct: the
 * analyst setting, the assignees and note authors in the cache, "me".
 * Errors of the store are ignored (completion offers what it has).
 */
void incident_cmd_analysts(struct app *app, struct strvec *out);

#endif
