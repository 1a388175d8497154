/*
 * The neutral outbox edit (DESIGN.md, "outbox edit"): what one local edit
 * changes, in the model's terms, for a driver that takes writes to turn
 * into its own request (struct feed_ops, edit_request). The outbox stores
 * edits in this form (src/store/outbox.c); no protocol's wire format is
 * kept in the cache.
 *
 * An edit is the entity and local row it changes, an operation, the
 * server's version it was made on, and its fields: a JSON object whose
 * members are named as the model names them. Per operation:
 *   create       the new incident: reference, title, description,
 *                category, category_type, severity, priority, status,
 *                tlp, pap, assignee, organization, sector, opened_at
 *   update       the changed fields only (same names; first_response_at
 *                and closed_at follow a status change; null clears)
 *   add_note     author, created_at, body
 *   link/unlink  alerts, assets: arrays of the items' ids at the source
 *   acknowledge  comment (optional)
 *   dismiss      reason
 *   promote      nothing, when the alert goes to an incident that exists
 *                (the entry's incident, by its local row); or incident:
 *                the fields of the new incident the promote makes (as a
 *                create's, with assets: the ids of its assets)
 * Enums go by name (severity "high", tlp "amber+strict"), times in ISO
 * 8601 UTC ("2026-03-01T12:00:00Z"), an organization by its name
 * (organization) and, when it has one at the edit's source, its id there
 * (organization_id): which of the two a request names is the driver's
 * choice (entries queued by earlier releases hold only organization: its
 * id there or its name, as the native API takes it). References to other
 * rows are the rows' ids at the edit's source, or, for the incident of a
 * promote, the local row, whose id at the source the sync engine gives
 * the driver (target_remote_id) once it has one.
 */
#ifndef CENTINELA_MODEL_OUTBOX_EDIT_H
#define CENTINELA_MODEL_OUTBOX_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where an outbox entry stands. */
enum outbox_state {
	OUTBOX_PENDING,  /* to send, not before next_attempt_at */
	OUTBOX_FAILED,   /* refused by the server: the analyst acts */
	OUTBOX_CONFLICT, /* refused as conflicting: the analyst chooses */
	OUTBOX_DONE,     /* applied by the server */
	OUTBOX_DROPPED,  /* withdrawn by the analyst */
};
#define OUTBOX_STATE_N 5
/* Not a state: pending, failed or conflict, where a state is asked for. */
#define OUTBOX_OPEN OUTBOX_STATE_N

/* What an edit changes. */
enum outbox_entity {
	OUTBOX_INCIDENT,
	OUTBOX_ALERT,
	OUTBOX_ASSET,
	OUTBOX_ORGANIZATION,
	OUTBOX_NOTE,
	OUTBOX_BULLETIN,
};
#define OUTBOX_ENTITY_N 6

/* How it changes it. */
enum outbox_op {
	OUTBOX_CREATE,
	OUTBOX_UPDATE,
	OUTBOX_ADD_NOTE,
	OUTBOX_LINK,
	OUTBOX_UNLINK,
	OUTBOX_ACKNOWLEDGE,
	OUTBOX_DISMISS,
	OUTBOX_PROMOTE,
};
#define OUTBOX_OP_N 8

/* "pending", "incident", "add_note" ...; "?" out of range. */
const char *outbox_state_name(enum outbox_state s);
const char *outbox_entity_name(enum outbox_entity en);
const char *outbox_op_name(enum outbox_op op);
/* The enum named name; -1 for an unknown name (or NULL). */
int outbox_state_parse(const char *name);
int outbox_entity_parse(const char *name);
int outbox_op_parse(const char *name);

/* Whether an entity's rows are synced rows (incident, alert, asset,
 * organization): ones a server's object can be written over. */
bool outbox_entity_is_row(enum outbox_entity en);
/*
 * Whether an edit, once applied, makes its incident exist at the server:
 * an incident's create, or a promote whose fields hold the new incident.
 */
bool outbox_edit_makes_incident(enum outbox_entity en, enum outbox_op op,
                                const char *fields);

/* One edit as a driver sees it (all borrowed). */
struct outbox_edit {
	enum outbox_entity entity;
	enum outbox_op op;
	const char *fields;    /* the JSON object above, never NULL */
	const char *remote_id; /* the row's id at the source; NULL: none yet */
	int64_t base_version;  /* the server's version the edit was made on */
	/* promote: the incident's id at the source (NULL: fields.incident
	 * makes it) */
	const char *target_remote_id;
};

/*
 * The fields of an edit while they are built: set members one by one,
 * then take the JSON text. Each setter replaces a member of the same
 * name. Texts must be valid UTF-8 (the caller checks them), or the
 * program stops, as on a failed allocation.
 */
struct outbox_fields;

struct outbox_fields *outbox_fields_new(void);
void outbox_fields_free(struct outbox_fields *f);
/* v NULL: the member is null (the field is cleared). */
void outbox_fields_text(struct outbox_fields *f, const char *name,
                        const char *v);
void outbox_fields_int(struct outbox_fields *f, const char *name, int64_t v);
/* t 0: null. */
void outbox_fields_time(struct outbox_fields *f, const char *name, int64_t t);
/* An empty list named name, unless it exists. */
void outbox_fields_list(struct outbox_fields *f, const char *name);
/* Append v to the list named name (made when missing). */
void outbox_fields_list_add(struct outbox_fields *f, const char *name,
                            const char *v);
/* Members of the list named name (0 when missing). */
size_t outbox_fields_list_len(const struct outbox_fields *f, const char *name);
/* Member name becomes the object of sub, which it takes (freed). */
void outbox_fields_object(struct outbox_fields *f, const char *name,
                          struct outbox_fields *sub);
/* Members set. */
size_t outbox_fields_count(const struct outbox_fields *f);
/* The JSON text (owned). */
char *outbox_fields_json(const struct outbox_fields *f);

#endif
