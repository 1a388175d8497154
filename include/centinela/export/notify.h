/*
 * What the notify program (`set notify.program`) reads on its standard
 * input: one JSON object per alert, one per line (JSON lines). The object
 * has the fields of the alert JSON export (export_json_row without
 * detail: no raw_json), and every string in it went through the
 * terminal-text sanitizer first (base/sanitize.h; the description keeps
 * its newlines and tabs), so a program that prints a field to a terminal,
 * a log or a chat prints inert text.
 *
 * The TLP cap is enforced here too, whatever the caller selected: an alert
 * above max_tlp is refused, never written.
 */
#ifndef CENTINELA_EXPORT_NOTIFY_H
#define CENTINELA_EXPORT_NOTIFY_H

#include <stdio.h>

struct alert;
struct err;
struct export_table;

/*
 * Write a (borrowed) as one sanitized JSON line to f, with the fields of t
 * (the alerts' table, app/columns.h). Returns 0; ERR_PERM
 * when a->tlp is above max_tlp (an enum tlp; nothing written); ERR_IO when
 * f fails.
 */
int export_notify_alert(FILE *f, const struct export_table *t,
                        const struct alert *a, int max_tlp, struct err *e);

#endif
