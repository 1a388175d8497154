/*
 * What the console's incident commands (assign, take, status, close,
 * severity, tlp, pap, note, link, unlink, new; their rows and handlers
 * are in src/app/cmd_incident.c) share with the CLI's `centinela
 * incident`: taking an incident, and the analysts `assign` completes.
 */
#ifndef CENTINELA_APP_INCIDENT_CMD_H
#define CENTINELA_APP_INCIDENT_CMD_H

#include "centinela/base/strvec.h"

struct app;
struct edit_result;
struct err;

/* Most analyst names completion offers. */
#define INCIDENT_CMD_ANALYSTS_MAX 200

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
