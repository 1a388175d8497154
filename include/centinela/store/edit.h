/*
 * The store side of local edits (see app/edit.h, which runs each edit as
 * one transaction with its outbox and audit entries). These functions only
 * write rows: each marks the changed row dirty (local_state 'dirty',
 * updated_at = now) and leaves its version alone (the version is the
 * server's, the base of the outbox entry). Call them inside the edit's
 * transaction (store_begin); they do not begin one of their own.
 */
#ifndef CENTINELA_STORE_EDIT_H
#define CENTINELA_STORE_EDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "centinela/model/alert.h"
#include "centinela/model/incident.h"

struct err;
struct store;

/* What a link joins an incident to. */
enum store_link_kind {
	STORE_LINK_ALERT, /* incident_alert */
	STORE_LINK_ASSET, /* incident_asset */
};

/*
 * The source an edit of a row coming from source must be queued for: the
 * source itself when it is a synced source, NULL for "local" (imported or
 * created with no server), "exposure" (exposure alerts, made here), NULL or
 * "". Borrows source; returns it or NULL.
 */
const char *store_outbox_target(const char *source);

/*
 * Write the editable fields of inc (title, description, category,
 * category_type, severity, priority, status, tlp, pap, assignee,
 * organization_id, sector, first_response_at, closed_at) to the
 * incident row inc->meta.id, and mark it dirty. ERR_NOTFOUND when the row
 * is gone. Borrows inc.
 */
int store_incident_set_fields(struct store *s, const struct incident *inc,
                              int64_t now, struct err *e);

/* Mark incident id dirty at now (a note or link of it changed). */
int store_incident_mark_dirty(struct store *s, int64_t id, int64_t now,
                              struct err *e);

/*
 * Add a note to the timeline of incident_id. is_pending: the note waits
 * for the server (local_state 'dirty'); otherwise it is a local record
 * only ('synced': nothing to send). *note_id (optional) gets its rowid.
 */
int store_note_add(struct store *s, int64_t incident_id, const char *author,
                   int64_t created_at, const char *body, bool is_pending,
                   int64_t *note_id, struct err *e);

/*
 * Link (or unlink) the alert or asset other_id to incident_id;
 * *is_changed says whether a link was added (removed). Linking an alert
 * also sets its incident_id when it has none; unlinking clears the
 * alert's incident_id when it names this incident. Neither marks rows
 * dirty (the caller does, for the row the edit is about).
 */
int store_incident_link(struct store *s, int64_t incident_id,
                        enum store_link_kind kind, int64_t other_id,
                        int64_t now, bool *is_changed, struct err *e);
int store_incident_unlink(struct store *s, int64_t incident_id,
                          enum store_link_kind kind, int64_t other_id,
                          bool *is_changed, struct err *e);

/*
 * Set the status of alert id, and its incident_id when incident_id is
 * not 0, and mark it dirty. ERR_NOTFOUND when the row is gone.
 */
int store_alert_set_status(struct store *s, int64_t id,
                           enum alert_status status, int64_t incident_id,
                           int64_t now, struct err *e);

/*
 * Insert inc as a new incident made here: source (NULL: "local"), no
 * remote id, version 0, local_state 'dirty'. inc->reference must be free
 * (ERR_CONFLICT otherwise). Sets inc->meta.id. Borrows inc and source.
 */
int store_incident_create_local(struct store *s, struct incident *inc,
                                const char *source, struct err *e);

#endif
