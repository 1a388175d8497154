/*
 * Local edits of incidents and alerts. Each call validates with the model
 * (status transitions, enums, RSIT taxonomy), makes the neutral outbox
 * edit (model/outbox_edit.h: the changed fields in the model's terms; the
 * driver of the source makes its request when the entry is sent) and runs
 * ONE store transaction that changes the row (local_state 'dirty',
 * updated_at now, version kept: it is the server's and becomes the
 * entry's base version), appends the outbox entry and appends the audit
 * entry (actor: the analyst setting). Any failure rolls the whole
 * transaction back.
 *
 * Outbox entries: entity incident or alert, entity_id the local row,
 * operation one of create, update, add_note, link, unlink, acknowledge,
 * dismiss, promote, with the fields model/outbox_edit.h lists. A promote
 * names its incident by the row (the entry's incident_id): the first
 * promote of a promotion that makes an incident carries its fields; the
 * others into an incident that has no id at its source yet (made by such
 * a promotion, or by a create still queued) are held back until it has
 * one (store_outbox_next).
 *
 * Rows whose source is "local" (imported, demo data, or created with no
 * push source) get no outbox entry, since no server waits for them; they
 * are still marked dirty (so a re-import does not overwrite the analyst's
 * edit) and audited. A row in conflict with its server is refused until
 * the conflict is settled. An edit that changes nothing writes nothing
 * (res->changed is 0).
 *
 * Incident field changes, links and promotions also add a timeline note
 * (author the analyst, body "status: new → triage; assignee: - → ana"). Such
 * notes are local records (local_state 'synced': nothing to send, since
 * the change itself travels in the update); an analyst's note and a
 * closing resolution are queued (local_state 'dirty' until replayed) as
 * add_note.
 */
#ifndef CENTINELA_APP_EDIT_H
#define CENTINELA_APP_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strvec.h"
#include "centinela/model/enums.h"
#include "centinela/store/list.h"

struct app;
struct err;

#define EDIT_NOTE_MAX (1024 * 1024) /* bytes of a note or resolution */

/*
 * Values as typed (borrowed); NULL leaves a field alone. description,
 * assignee and organization take "" or "-" to clear; assignee "me" is the
 * analyst; category is "class" or "class/type" (RSIT).
 */
struct edit_fields {
	const char *title;        /* one line */
	const char *description;  /* free text */
	const char *category;     /* RSIT class[/type] */
	const char *severity;     /* info..critical */
	const char *priority;     /* 1..4 */
	const char *status;       /* workflow status (transition rules) */
	const char *tlp;          /* clear, green, amber, amber+strict, red */
	const char *pap;          /* clear, green, amber, red */
	const char *assignee;     /* analyst name */
	const char *organization; /* name or remote id */
	const char *resolution;   /* required to close; kept as a note */
};

/*
 * Set the member of f named name ("title", ..., "organization") to value
 * (borrowed). ERR_USAGE naming the known fields for another name.
 */
int edit_fields_set(struct edit_fields *f, const char *name, const char *value,
                    struct err *e);

/* What an edit did. */
struct edit_result {
	size_t changed;      /* rows changed; 0: nothing to change */
	size_t queued;       /* outbox entries appended */
	struct strvec lines; /* one summary per changed row, for printing */
	struct strvec refs;  /* references of incidents created */
};

void edit_result_init(struct edit_result *r);
void edit_result_release(struct edit_result *r);

/*
 * Change fields of the incident ref (a reference or "incident:ID").
 * status follows model/transition.h; closing needs f->resolution, stored
 * as a note and queued as add_note before the update. Leaving new sets
 * first_response_at; reaching resolved or closed sets closed_at; reopening
 * clears it. ERR_NOTFOUND, ERR_INVALID (bad value, refused move),
 * ERR_CONFLICT (row in conflict), ERR_PERM (read-only).
 */
int edit_incident_update(struct app *app, const char *ref,
                         const struct edit_fields *f, struct edit_result *res,
                         struct err *e);

/* Add an analyst's note (1..EDIT_NOTE_MAX bytes) to the incident ref. */
int edit_incident_note(struct app *app, const char *ref, const char *body,
                       struct edit_result *res, struct err *e);

/*
 * Link (is_unlink false) or unlink the items (alerts and assets by their
 * local row ids, as app/target.h resolves "alert:12"; n of them) to the
 * incident ref. When the incident syncs with a source, every item must be
 * known there (have a remote id at that source). Items already (un)linked
 * are skipped; a row of another list is refused (ERR_USAGE).
 */
int edit_incident_link(struct app *app, const char *ref,
                       const struct store_row_ref *items, size_t n,
                       bool is_unlink, struct edit_result *res, struct err *e);

/*
 * Create an incident from f (title, category and severity required) with
 * the next reference of the app's reference prefix, opened now, status
 * new. push_source (borrowed, NULL: none) is the synced source to queue
 * the create for; without one the incident is local and nothing is
 * queued. The reference is pushed onto res->refs.
 */
int edit_incident_create(struct app *app, const struct edit_fields *f,
                         const char *push_source, struct edit_result *res,
                         struct err *e);

/*
 * Alert actions on the alerts ids[0..n) (local row ids), all or nothing:
 * one transaction for all of them, so one refused alert leaves every one
 * as it was. Alerts already in the wanted state are skipped.
 * acknowledge: from new (comment optional, one shared comment); dismiss:
 * from new or acknowledged, reason required; promote: from new or
 * acknowledged, to the incident to_id (merging them into it) or, when
 * to_id is 0, all of them to ONE new incident prefilled from them as
 * edit_promote_plan says (its reference pushed onto res->refs). The first
 * alert of a synced source carries the new incident ({"new_incident"}),
 * the others name it as {"local_incident"} until it is known there.
 * Alerts of two different synced sources cannot share a new incident
 * (ERR_INVALID).
 */
int edit_alerts_acknowledge(struct app *app, const int64_t *ids, size_t n,
                            const char *comment, struct edit_result *res,
                            struct err *e);
int edit_alerts_dismiss(struct app *app, const int64_t *ids, size_t n,
                        const char *reason, struct edit_result *res,
                        struct err *e);
int edit_alerts_promote(struct app *app, const int64_t *ids, size_t n,
                        int64_t to_id, struct edit_result *res, struct err *e);

/*
 * Unlink the alerts ids[0..n) from the incidents they are linked to (as
 * edit_incident_link with is_unlink, one incident after the other but in
 * one transaction: all or nothing). Alerts linked to no incident are
 * skipped. The alerts keep their status.
 */
int edit_alerts_unlink(struct app *app, const int64_t *ids, size_t n,
                       struct edit_result *res, struct err *e);

#define EDIT_PROMOTE_ASSETS_MAX 64 /* assets a new incident links at most */

/* What promoting alerts to one new incident creates (edit_promote_plan). */
struct edit_promote_plan {
	char *title;         /* common or first title, "(+N alerts)" (owned) */
	char *description;   /* one alert's, or the list of them (owned) */
	char *category;      /* RSIT class (owned) */
	char *category_type; /* RSIT type (owned, may be NULL) */
	enum severity severity;  /* the highest of the alerts */
	enum tlp tlp;            /* the most restrictive of the alerts */
	int64_t organization_id; /* the alerts' common organization, 0: none */
	char *organization;      /* its name (owned, may be NULL) */
	char *sector;            /* common sector (owned, may be NULL) */
	char *source; /* source the incident belongs to (owned, NULL: local) */
	int64_t asset_ids[EDIT_PROMOTE_ASSETS_MAX]; /* assets matched */
	size_t n_assets;                            /* entries in asset_ids */
	size_t n_alerts;                            /* alerts read */
};

void edit_promote_plan_init(struct edit_promote_plan *p);
void edit_promote_plan_release(struct edit_promote_plan *p);

/*
 * Plan the new incident for the alerts ids[0..n) without writing
 * anything: title the common title, else the first alert's, followed by
 * " (+N alerts)" for the N others; the highest severity and the most
 * restrictive TLP; the category of the most severe alert (the first of
 * equals; its type only when every alert shares class and type), "other"
 * when that is no RSIT class; organization and sector when all the
 * alerts share them; the assets linked to the alerts or whose IP or
 * hostname equals an IP or FQDN observable of an alert (at most
 * EDIT_PROMOTE_ASSETS_MAX); source the synced source of the alerts (the
 * first alert's source when none is synced). ERR_NOTFOUND for an unknown
 * alert, ERR_INVALID for alerts of two synced sources.
 */
int edit_promote_plan(struct app *app, const int64_t *ids, size_t n,
                      struct edit_promote_plan *p, struct err *e);

/* One line saying what p creates, for a confirmation (owned). */
char *edit_promote_plan_describe(const struct edit_promote_plan *p);

#endif
