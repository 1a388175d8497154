/*
 * Row writes of local edits: see include/centinela/store/edit.h. Every
 * statement binds its values; the transaction, the outbox entry and the
 * audit entry belong to the caller (app/edit.c).
 */
#include "centinela/store/edit.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/exposure_alert.h"
#include "centinela/model/record.h"
#include "centinela/store/incident.h"
#include "internal.h"

static const char sql_set_fields[] =
    "UPDATE incident SET title = ?2, description = ?3, category = ?4, "
    "category_type = ?5, severity = ?6, priority = ?7, status = ?8, tlp = "
    "?9, pap = ?10, assignee = ?11, organization_id = ?12, sector = ?13, "
    "first_response_at = ?14, closed_at = ?15, "
    "local_state = 'dirty', updated_at = ?16 WHERE id = ?1";

static const char sql_mark_dirty[] =
    "UPDATE incident SET local_state = 'dirty', updated_at = ?2 WHERE id = "
    "?1";

static const char sql_note_add[] =
    "INSERT INTO note(incident_id, author, created_at, body, local_state) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

/* Indexed by enum store_link_kind. */
static const char *const sql_link[] = {
    "INSERT OR IGNORE INTO incident_alert(incident_id, alert_id, "
    "linked_at) VALUES (?1, ?2, ?3)",
    "INSERT OR IGNORE INTO incident_asset(incident_id, asset_id, "
    "linked_at) VALUES (?1, ?2, ?3)",
};
static const char *const sql_unlink[] = {
    "DELETE FROM incident_alert WHERE incident_id = ?1 AND alert_id = ?2",
    "DELETE FROM incident_asset WHERE incident_id = ?1 AND asset_id = ?2",
};
static const char sql_alert_adopt[] =
    "UPDATE alert SET incident_id = ?1 WHERE id = ?2 AND incident_id IS "
    "NULL";
static const char sql_alert_release[] =
    "UPDATE alert SET incident_id = NULL WHERE id = ?2 AND incident_id = ?1";

static const char sql_alert_status[] =
    "UPDATE alert SET status = ?2, incident_id = coalesce(?3, incident_id), "
    "local_state = 'dirty', updated_at = ?4 WHERE id = ?1";

const char *
store_outbox_target(const char *source)
{
	/* exposure alerts are made here (store/exposure_alert.h) */
	if (!source || !*source || strcmp(source, RECORD_SOURCE_LOCAL) == 0 ||
	    strcmp(source, EXPOSURE_SOURCE) == 0)
		return NULL;
	return source;
}

/* Step st (bound) and fail with ERR_NOTFOUND when it changed no row. */
static int
step_one(struct store *s, sqlite3_stmt *st, const char *what, int64_t id,
         struct err *e)
{
	int rc = store_step_done(s, st, what, e);

	if (rc)
		return rc;
	if (store_changes(s) < 1)
		return err_set(e, ERR_NOTFOUND, "%s: row %lld is gone", what,
		               (long long)id);
	return 0;
}

int
store_incident_set_fields(struct store *s, const struct incident *inc,
                          int64_t now, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_set_fields, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, inc->meta.id);
	store_bind_text(st, 2, inc->title);
	store_bind_text(st, 3, inc->description);
	store_bind_text(st, 4, inc->category);
	store_bind_text(st, 5, inc->category_type);
	store_bind_int(st, 6, inc->severity, false);
	store_bind_int(st, 7, inc->priority, false);
	store_bind_text(st, 8, incident_status_name(inc->status));
	store_bind_int(st, 9, inc->tlp, false);
	store_bind_int(st, 10, inc->pap, false);
	store_bind_text(st, 11, inc->assignee);
	store_bind_int(st, 12, inc->organization_id, true);
	store_bind_text(st, 13, inc->sector);
	store_bind_int(st, 14, inc->first_response_at, true);
	store_bind_int(st, 15, inc->closed_at, true);
	sqlite3_bind_int64(st, 16, now);
	return step_one(s, st, "cannot update incident", inc->meta.id, e);
}

int
store_incident_mark_dirty(struct store *s, int64_t id, int64_t now,
                          struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_mark_dirty, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return step_one(s, st, "cannot update incident", id, e);
}

int
store_note_add(struct store *s, int64_t incident_id, const char *author,
               int64_t created_at, const char *body, bool is_pending,
               int64_t *note_id, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (!author || !body)
		return err_set(e, ERR_INVALID,
		               "a note needs an author and text");
	if (!(st = store_stmt(s, sql_note_add, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, incident_id);
	store_bind_text(st, 2, author);
	sqlite3_bind_int64(st, 3, created_at);
	store_bind_text(st, 4, body);
	store_bind_text(st, 5, is_pending ? "dirty" : "synced");
	if ((rc = store_step_done(s, st, "cannot add note", e)))
		return rc;
	if (note_id)
		*note_id = store_last_id(s);
	return 0;
}

/* Run sql bound to (?1 incident_id, ?2 other_id[, ?3 now]). */
static int
run_pair(struct store *s, const char *sql, int64_t incident_id,
         int64_t other_id, int64_t now, int *changes, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, incident_id);
	sqlite3_bind_int64(st, 2, other_id);
	if (now && sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, now);
	if ((rc = store_step_done(s, st, "cannot change incident links", e)))
		return rc;
	if (changes)
		*changes = store_changes(s);
	return 0;
}

int
store_incident_link(struct store *s, int64_t incident_id,
                    enum store_link_kind kind, int64_t other_id, int64_t now,
                    bool *is_changed, struct err *e)
{
	int n = 0, rc;

	*is_changed = false;
	if (kind != STORE_LINK_ALERT && kind != STORE_LINK_ASSET)
		return err_set(e, ERR_INVALID, "unknown link kind %d",
		               (int)kind);
	if ((rc = run_pair(s, sql_link[kind], incident_id, other_id, now, &n,
	                   e)))
		return rc;
	*is_changed = n > 0;
	if (kind == STORE_LINK_ALERT)
		rc = run_pair(s, sql_alert_adopt, incident_id, other_id, 0,
		              NULL, e);
	return rc;
}

int
store_incident_unlink(struct store *s, int64_t incident_id,
                      enum store_link_kind kind, int64_t other_id,
                      bool *is_changed, struct err *e)
{
	int n = 0, m = 0, rc;

	*is_changed = false;
	if (kind != STORE_LINK_ALERT && kind != STORE_LINK_ASSET)
		return err_set(e, ERR_INVALID, "unknown link kind %d",
		               (int)kind);
	if ((rc = run_pair(s, sql_unlink[kind], incident_id, other_id, 0, &n,
	                   e)))
		return rc;
	if (kind == STORE_LINK_ALERT &&
	    (rc = run_pair(s, sql_alert_release, incident_id, other_id, 0, &m,
	                   e)))
		return rc;
	*is_changed = n > 0 || m > 0;
	return 0;
}

int
store_alert_set_status(struct store *s, int64_t id, enum alert_status status,
                       int64_t incident_id, int64_t now, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_alert_status, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, alert_status_name(status));
	store_bind_int(st, 3, incident_id, true);
	sqlite3_bind_int64(st, 4, now);
	return step_one(s, st, "cannot update alert", id, e);
}

int
store_incident_create_local(struct store *s, struct incident *inc,
                            const char *source, struct err *e)
{
	struct incident old;
	int rc;

	incident_init(&old);
	if (!inc->reference)
		return err_set(e, ERR_INVALID,
		               "a new incident needs a "
		               "reference");
	rc = store_incident_get_by_ref(s, inc->reference, &old, NULL);
	incident_release(&old);
	if (rc == 0)
		return err_set(e, ERR_CONFLICT,
		               "incident reference '%s' is already taken",
		               inc->reference);
	if (rc != ERR_NOTFOUND)
		return store_db_err(s, e, "cannot look up incident reference");
	free(inc->meta.source);
	inc->meta.source = xstrdup(source ? source : RECORD_SOURCE_LOCAL);
	free(inc->meta.remote_id);
	inc->meta.remote_id = NULL;
	inc->meta.version = 0;
	inc->meta.local_state = LOCAL_DIRTY;
	return store_incident_upsert(s, inc, NULL, e);
}
