/*
 * The incident workflow: which status may follow which, checked on the
 * client before an edit is queued (the server is laxer: it only refuses to
 * leave closed). Pure functions, no I/O.
 *
 * from \ to     new triage in_prog waiting contained resolved closed
 * new            -    yes     yes      .       .        .      yes*
 * triage         .     -      yes     yes      .        .      yes*
 * in_progress    .     .       -      yes     yes      yes      .
 * waiting        .     .      yes      -      yes      yes      .
 * contained      .     .      yes      .       -       yes      .
 * resolved       .     .      yes      .       .        -      yes
 * closed         .     .       .       .       .        .       -
 *
 * Forward along the workflow, plus the back-steps an analyst needs:
 * waiting/contained back to in_progress, and resolved -> in_progress
 * (reopen). new/triage -> closed closes a duplicate or false positive.
 * Every move to closed needs a resolution text (the caller's rule, see
 * app/edit.h). closed is final. Staying in the same status is no move.
 */
#ifndef CENTINELA_MODEL_TRANSITION_H
#define CENTINELA_MODEL_TRANSITION_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/model/enums.h"

struct err;

/* True when an incident may move from one status to the other. */
bool incident_status_can_move(enum incident_status from,
                              enum incident_status to);

/*
 * The statuses from may move to, as "triage, in_progress, closed" (or
 * "none" for closed) into out (at most outsz - 1 bytes).
 */
void incident_status_targets(enum incident_status from, char *out,
                             size_t outsz);

/*
 * Explain why from -> to is refused, for "cannot move REF from 'a' to 'b'
 * (WHY)": "closed is final", "already 'x'" or "allowed: a, b, c". out gets
 * at most outsz - 1 bytes.
 */
void incident_status_refusal(enum incident_status from, enum incident_status to,
                             char *out, size_t outsz);

/*
 * Parse an RSIT category "class" or "class/type" (case-insensitive,
 * stored lower-case): *cls and *type (NULL when no type) are owned by the
 * caller. ERR_INVALID naming the known classes or the class's types.
 */
int rsit_category_parse(const char *text, char **cls, char **type,
                        struct err *e);

#endif
