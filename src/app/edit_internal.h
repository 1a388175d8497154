/*
 * The shape every local edit shares (src/app/edit.c), for the files of the
 * edits: edit_incident.c, edit_alert.c, edit_plan.c. Not a public header:
 * the rest of the program calls include/centinela/app/edit.h.
 */
#ifndef CENTINELA_APP_EDIT_INTERNAL_H
#define CENTINELA_APP_EDIT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/model/outbox_edit.h"

struct alert;
struct app;
struct edit_result;
struct err;
struct incident;
struct organization;

/* Free text checks: valid UTF-8, no NUL, at most max bytes, one line when
 * is_one_line; ERR_LIMIT or ERR_USAGE naming field. */
int edit_check_text(const char *field, const char *v, size_t max,
                    bool is_one_line, struct err *e);
/* "" or "-": the value that clears a field. */
bool edit_is_clear(const char *v);
/* Equal texts, NULL and "" being equal. */
bool edit_str_eq(const char *a, const char *b);
/* Replace an owned string field (NULL for v NULL or ""). */
void edit_set_str(char **field, const char *v);
/* The analyst, for audit entries and notes ("unknown" when unset). */
const char *edit_actor(const struct app *app);

/* Begin the edit's transaction after the read-only checks. */
int edit_begin(struct app *app, const char *what, struct err *e);
/* Commit, or roll back when rc is an error; returns rc or commit's error. */
int edit_finish(struct app *app, int rc, struct err *e);

/* Read the incident named ref (a reference or "incident:ID"); refuses one
 * in conflict. */
int edit_load_incident(struct app *app, const char *ref, struct incident *inc,
                       struct err *e);
/* Read alert id for an action; refuses one in conflict. */
int edit_load_alert(struct app *app, int64_t id, struct alert *a,
                    struct err *e);
/* Queue the neutral edit when target is a synced source; counts it in
 * res. */
int edit_queue(struct app *app, const char *target, enum outbox_entity entity,
               int64_t id, enum outbox_op operation,
               const struct outbox_fields *fields, int64_t base_version,
               struct edit_result *res, struct err *e);

/* An organization by name or remote id at source: its row. */
int edit_find_org(struct app *app, const char *source, const char *name,
                  struct organization *org, struct err *e);
/*
 * The organization of an edit for source target, in the neutral form
 * (model/outbox_edit.h) onto f: "organization" its name and, when it has
 * an id at target, "organization_id" that id; org NULL clears it (null).
 * Which of them a request names is the driver's choice.
 */
void edit_fields_org(struct outbox_fields *f, const struct organization *org,
                     const char *target);
/* The fields of a new incident inc (owned), as a create or a promote
 * making it for source target carries them; org is its organization
 * (NULL: none). */
struct outbox_fields *edit_incident_fields(const struct incident *inc,
                                           const struct organization *org,
                                           const char *target);
/* Give inc the next reference of the app's prefix. */
int edit_assign_reference(struct app *app, struct incident *inc, int64_t now,
                          struct err *e);

/* Push "REF: text" onto res->lines and count a changed row. */
void edit_result_line(struct edit_result *res, const char *ref,
                      const char *text);
/* A one-line excerpt of text, at most max bytes and "..." (owned). */
char *edit_excerpt(const char *text, size_t max);

/*
 * Link or unlink items (alerts and assets) to incident ref inside the
 * open transaction; *changed receives how many changed (0: nothing
 * written). edit_incident.c.
 */
int edit_link_items(struct app *app, const char *ref,
                    const struct store_row_ref *items, size_t n,
                    bool is_unlink, struct edit_result *res, size_t *changed,
                    struct err *e);

#endif
