/*
 * Incidents, their notes (the timeline) and their links to alerts and
 * assets. See include/centinela/store/incident.h.
 *
 * An incident is keyed by (source, remote_id) when it has one, else by its
 * reference; a row found by reference without a remote id adopts the one
 * given (a local incident the server has since acknowledged). Links are
 * resolved before anything is written, so an unknown link leaves the store
 * as it was. A row that is dirty or in conflict is left entirely alone:
 * its notes and links wait for the conflict to be settled. Notes and links
 * are only ever added (notes by remote id are updated in place), never
 * removed by a pull.
 */
#include "centinela/store/incident.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/asset.h"
#include "internal.h"
#include "rows.h"

/*
 * ?1 source, ?2 remote_id, ?3 version, ?4 local_state, ?5 reference,
 * ?6 title, ?7 description, ?8 category, ?9 category_type, ?10 severity,
 * ?11 priority, ?12 status, ?13 tlp, ?14 pap, ?15 assignee,
 * ?16 organization_id, ?17 sector, ?18 opened_at, ?19 first_response_at,
 * ?20 due_at (the insert's only; the SLA triggers replace it), ?21
 * closed_at, ?22 now, ?23 id.
 */
static const char sql_insert[] =
    "INSERT INTO incident(source, remote_id, version, local_state, "
    "reference, title, description, category, category_type, severity, "
    "priority, status, tlp, pap, assignee, organization_id, sector, "
    "opened_at, first_response_at, due_at, closed_at, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?22)";

static const char sql_update[] =
    "UPDATE incident SET remote_id = coalesce(?2, remote_id), version = "
    "?3, reference = ?5, title = ?6, description = ?7, category = ?8, "
    "category_type = ?9, severity = ?10, priority = ?11, status = ?12, "
    "tlp = ?13, pap = ?14, assignee = ?15, organization_id = ?16, sector "
    "= ?17, opened_at = ?18, first_response_at = ?19, "
    "closed_at = ?21, updated_at = ?22 "
    "WHERE id = ?23 AND local_state = 'synced' AND ("
    "coalesce(?2, remote_id) IS NOT remote_id OR version IS NOT ?3 OR "
    "reference IS NOT ?5 OR title IS NOT ?6 OR description IS NOT ?7 OR "
    "category IS NOT ?8 OR category_type IS NOT ?9 OR severity IS NOT ?10 "
    "OR priority IS NOT ?11 OR status IS NOT ?12 OR tlp IS NOT ?13 OR pap "
    "IS NOT ?14 OR assignee IS NOT ?15 OR organization_id IS NOT ?16 OR "
    "sector IS NOT ?17 OR opened_at IS NOT ?18 OR first_response_at IS NOT "
    "?19 OR closed_at IS NOT ?21)";

static const char sql_touch[] =
    "UPDATE incident SET updated_at = ?2 WHERE id = ?1";

static const char sql_find_remote[] =
    "SELECT id, local_state, remote_id FROM incident WHERE source = ?1 AND "
    "remote_id = ?2";
static const char sql_find_ref[] =
    "SELECT id, local_state, remote_id FROM incident WHERE reference = ?1";

static const char sql_alert_by_remote[] =
    "SELECT id FROM alert WHERE source = ?1 AND remote_id = ?2";
static const char sql_asset_by_remote[] =
    "SELECT id FROM asset WHERE remote_id = ?1 AND source = ?2";
static const char sql_asset_by_org_name[] =
    "SELECT id FROM asset WHERE organization_id = ?1 AND name = ?2";
static const char sql_asset_by_name[] =
    "SELECT id FROM asset WHERE name = ?1 LIMIT 2";

static const char sql_link_alert[] =
    "INSERT OR IGNORE INTO incident_alert(incident_id, alert_id, "
    "linked_at) VALUES (?1, ?2, ?3)";
static const char sql_link_asset[] =
    "INSERT OR IGNORE INTO incident_asset(incident_id, asset_id, "
    "linked_at) VALUES (?1, ?2, ?3)";

/*
 * Notes: ?1 incident_id, ?2 remote_id, ?3 author, ?4 created_at, ?5 body.
 * Each is one lookup: by note_remote, or by note_content (schema v4),
 * whose key is the note's identity (time, author, body) then remote_id.
 */
static const char sql_note_update_remote[] =
    "UPDATE note SET author = ?3, created_at = ?4, body = ?5 WHERE "
    "incident_id = ?1 AND remote_id = ?2 AND local_state = 'synced' AND "
    "(author IS NOT ?3 OR created_at IS NOT ?4 OR body IS NOT ?5)";
static const char sql_note_has_remote[] =
    "SELECT 1 FROM note WHERE incident_id = ?1 AND remote_id = ?2";
static const char sql_note_adopt[] =
    "UPDATE note SET remote_id = ?2 WHERE id = (SELECT id FROM note WHERE "
    "incident_id = ?1 AND created_at = ?4 AND remote_id IS NULL AND "
    "author = ?3 AND body = ?5 ORDER BY id LIMIT 1)";
/* Without a remote id: new unless an equal note is there. */
static const char sql_note_insert_new[] =
    "INSERT INTO note(incident_id, remote_id, author, created_at, body) "
    "SELECT ?1, NULL, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM note "
    "WHERE incident_id = ?1 AND created_at = ?4 AND author = ?3 AND body = "
    "?5)";
/*
 * With a remote id that no note has, once sql_note_adopt found no equal
 * local note: new. (Testing "no equal local note" again here would read
 * every equal note of the server's, one per other id.)
 */
static const char sql_note_insert_remote[] =
    "INSERT INTO note(incident_id, remote_id, author, created_at, body) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

#define INCIDENT_SELECT "SELECT " STORE_ROW_INCIDENT_COLS " FROM incident "

static const char sql_get_id[] = INCIDENT_SELECT "WHERE incident.id = ?1";
static const char sql_get_ref[] =
    INCIDENT_SELECT "WHERE incident.reference = ?1";
static const char sql_of_asset[] =
    INCIDENT_SELECT "JOIN incident_asset ia ON ia.incident_id = incident.id "
                    "WHERE ia.asset_id = ?1 ORDER BY incident.opened_at "
                    "DESC, incident.id DESC LIMIT ?2";
static const char sql_of_org[] =
    INCIDENT_SELECT "WHERE incident.organization_id = ?1 ORDER BY "
                    "incident.opened_at DESC, incident.id DESC LIMIT ?2";

static const char sql_notes[] =
    "SELECT id, remote_id, author, created_at, body FROM note WHERE "
    "incident_id = ?1 ORDER BY created_at, id";
static const char sql_linked_alerts[] =
    "SELECT a.remote_id FROM incident_alert ia JOIN alert a ON a.id = "
    "ia.alert_id WHERE ia.incident_id = ?1 AND a.remote_id IS NOT NULL "
    "ORDER BY ia.linked_at, a.id";
static const char sql_linked_assets[] =
    "SELECT coalesce(s.remote_id, s.name) FROM incident_asset ia JOIN "
    "asset s ON s.id = ia.asset_id WHERE ia.incident_id = ?1 ORDER BY "
    "ia.linked_at, s.id";

#define ASSET_SELECT "SELECT " STORE_ROW_ASSET_COLS " FROM asset "

static const char sql_assets_of_incident[] =
    ASSET_SELECT "JOIN incident_asset ia ON ia.asset_id = asset.id WHERE "
                 "ia.incident_id = ?1 ORDER BY ia.linked_at DESC, asset.id "
                 "DESC LIMIT ?2";
static const char sql_assets_of_org[] =
    ASSET_SELECT "WHERE asset.organization_id = ?1 ORDER BY "
                 "asset.created_at DESC, asset.id DESC LIMIT ?2";
static const char sql_asset_cpes[] =
    "SELECT cpe FROM asset_cpe WHERE asset_id = ?1 ORDER BY cpe";

/*
 * The next number of a prefix and year (?1, ?2): the counter's, which
 * triggers keep past every reference written (schema v3). The first of a
 * prefix and year starts past the highest reference already there
 * (sql_next_ref, with ?3 "P-YYYY-" and ?4 "P-YYYY.").
 */
static const char sql_bump_ref[] =
    "UPDATE reference_counter SET last = last + 1 WHERE prefix = ?1 AND "
    "year = ?2 RETURNING last";
static const char sql_next_ref[] =
    "INSERT INTO reference_counter(prefix, year, last) VALUES (?1, ?2, "
    "1 + coalesce((SELECT max(CAST(substr(reference, length(?3) + 1) AS "
    "INTEGER)) FROM incident WHERE reference > ?3 AND reference < ?4), "
    "0)) ON CONFLICT(prefix, year) DO UPDATE SET last = max(last + 1, "
    "excluded.last) RETURNING last";

static void
bind_incident(sqlite3_stmt *st, const struct incident *inc, const char *source,
              int64_t now)
{
	store_bind_text(st, 1, source);
	store_bind_text(st, 2, inc->meta.remote_id);
	store_bind_int(st, 3, inc->meta.version, false);
	store_bind_text(st, 4, local_state_name(inc->meta.local_state));
	store_bind_text(st, 5, inc->reference);
	store_bind_text(st, 6, inc->title);
	store_bind_text(st, 7, inc->description);
	store_bind_text(st, 8, inc->category);
	store_bind_text(st, 9, inc->category_type);
	store_bind_int(st, 10, inc->severity, false);
	store_bind_int(st, 11, inc->priority, false);
	store_bind_text(st, 12, incident_status_name(inc->status));
	store_bind_int(st, 13, inc->tlp, false);
	store_bind_int(st, 14, inc->pap, false);
	store_bind_text(st, 15, inc->assignee);
	store_bind_int(st, 16, inc->organization_id, true);
	store_bind_text(st, 17, inc->sector);
	store_bind_int(st, 18, inc->opened_at, false);
	store_bind_int(st, 19, inc->first_response_at, true);
	store_bind_int(st, 20, inc->due_at, true);
	store_bind_int(st, 21, inc->closed_at, true);
	store_bind_int(st, 22, now, false);
}

/*
 * One-row lookup with up to two text parameters and an optional integer
 * third: *id (0 when none), *is_synced, *remote_id (owned, optional).
 */
static int
lookup(struct store *s, const char *sql, const char *p1, const char *p2,
       int64_t *id, bool *is_synced, char **remote_id, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int step, ncol;

	*id = 0;
	if (is_synced)
		*is_synced = false;
	if (remote_id)
		*remote_id = NULL;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, p1);
	if (p2)
		store_bind_text(st, 2, p2);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		ncol = sqlite3_column_count(st);
		*id = sqlite3_column_int64(st, 0);
		if (is_synced && ncol > 1) {
			const char *t =
			    (const char *)sqlite3_column_text(st, 1);
			*is_synced = t && strcmp(t, "synced") == 0;
		}
		if (remote_id && ncol > 2)
			*remote_id = store_col_text(st, 2);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up incident data");
	return 0;
}

static int
resolve_asset(struct store *s, const struct incident *inc, const char *source,
              const char *name, int64_t *id, struct err *e)
{
	sqlite3_stmt *st;
	int rc, step, n = 0;

	if ((rc = lookup(s, sql_asset_by_remote, name, source, id, NULL, NULL,
	                 e)) ||
	    *id)
		return rc;
	if (inc->organization_id) {
		if (!(st = store_stmt(s, sql_asset_by_org_name, e)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, inc->organization_id);
		store_bind_text(st, 2, name);
		step = sqlite3_step(st);
		if (step == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			return store_db_err(s, e, "cannot look up asset");
		if (*id)
			return 0;
	}
	/* "ORG/NAME", as for an alert's asset */
	if (strchr(name, '/')) {
		rc = store_asset_find(s, source, name, id, e);
		if (rc != ERR_NOTFOUND)
			return rc;
		*id = 0;
	}
	if (!(st = store_stmt(s, sql_asset_by_name, e)))
		return ERR_DB;
	store_bind_text(st, 1, name);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up asset");
	if (n > 1) {
		*id = 0;
		return err_set(e, ERR_CONFLICT,
		               "incident '%s' links asset '%s', a name several "
		               "organizations use; link it by its remote id",
		               inc->reference, name);
	}
	if (!n)
		return err_set(e, ERR_NOTFOUND,
		               "incident '%s' links unknown asset '%s'",
		               inc->reference, name);
	return 0;
}

/* Resolve every link of inc to row ids; *alerts and *assets owned. */
static int
resolve_links(struct store *s, const struct incident *inc, const char *source,
              int64_t **alerts, int64_t **assets, struct err *e)
{
	int rc;

	*alerts = xcalloc(inc->alert_ids.n + 1, sizeof(**alerts));
	*assets = xcalloc(inc->asset_ids.n + 1, sizeof(**assets));
	for (size_t i = 0; i < inc->alert_ids.n; i++) {
		if ((rc = lookup(s, sql_alert_by_remote, source,
		                 inc->alert_ids.v[i], &(*alerts)[i], NULL, NULL,
		                 e)))
			return rc;
		if (!(*alerts)[i])
			return err_set(e, ERR_NOTFOUND,
			               "incident '%s' links unknown alert '%s'",
			               inc->reference, inc->alert_ids.v[i]);
	}
	for (size_t i = 0; i < inc->asset_ids.n; i++)
		if ((rc = resolve_asset(s, inc, source, inc->asset_ids.v[i],
		                        &(*assets)[i], e)))
			return rc;
	return 0;
}

static int
add_links(struct store *s, const char *sql, int64_t incident_id,
          const int64_t *ids, size_t n, int64_t now, bool *changed,
          struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (!(st = store_stmt(s, sql, e)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, incident_id);
		sqlite3_bind_int64(st, 2, ids[i]);
		sqlite3_bind_int64(st, 3, now);
		if ((rc = store_step_done(s, st, "cannot link incident", e)))
			return rc;
		if (store_changes(s) > 0)
			*changed = true;
	}
	return 0;
}

/* Run a note statement bound to (incident, note); *n_changed rows. */
static int
note_step(struct store *s, const char *sql, int64_t incident_id,
          const struct note *n, bool *is_row, int *n_changed, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, incident_id);
	store_bind_text(st, 2, n->remote_id);
	store_bind_text(st, 3, n->author);
	sqlite3_bind_int64(st, 4, n->created_at);
	store_bind_text(st, 5, n->body);
	step = sqlite3_step(st);
	if (is_row)
		*is_row = step == SQLITE_ROW;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot store note");
	*n_changed = step == SQLITE_DONE ? store_changes(s) : 0;
	return 0;
}

static int
merge_note(struct store *s, int64_t incident_id, const struct note *n,
           bool *changed, struct err *e)
{
	bool is_row = false;
	int rc, k = 0;

	if (n->remote_id) {
		if ((rc = note_step(s, sql_note_update_remote, incident_id, n,
		                    NULL, &k, e)))
			return rc;
		if (k) {
			*changed = true;
			return 0;
		}
		if ((rc = note_step(s, sql_note_has_remote, incident_id, n,
		                    &is_row, &k, e)) ||
		    is_row)
			return rc;
		/* a note written here that the server now echoes back */
		if ((rc = note_step(s, sql_note_adopt, incident_id, n, NULL, &k,
		                    e)))
			return rc;
		if (k) {
			*changed = true;
			return 0;
		}
	}
	if ((rc = note_step(
	         s, n->remote_id ? sql_note_insert_remote : sql_note_insert_new,
	         incident_id, n, NULL, &k, e)))
		return rc;
	if (k)
		*changed = true;
	return 0;
}

static int
validate(const struct incident *inc, struct err *e)
{
	if (!inc->reference)
		return err_set(e, ERR_INVALID,
		               "incident %s%s%shas no reference",
		               inc->meta.remote_id ? "'" : "",
		               inc->meta.remote_id ? inc->meta.remote_id : "",
		               inc->meta.remote_id ? "' " : "");
	if (!inc->title || !inc->category)
		return err_set(e, ERR_INVALID, "incident '%s' lacks a %s",
		               inc->reference,
		               !inc->title ? "title" : "category");
	if (inc->severity < SEVERITY_INFO || inc->severity > SEVERITY_CRITICAL)
		return err_set(e, ERR_INVALID,
		               "incident '%s' has severity %d (allowed: 1-5)",
		               inc->reference, (int)inc->severity);
	if (inc->priority < 1 || inc->priority > 4)
		return err_set(e, ERR_INVALID,
		               "incident '%s' has priority %d (allowed: 1-4)",
		               inc->reference, inc->priority);
	if ((int)inc->status < 0 || inc->status >= INCIDENT_STATUS_COUNT)
		return err_set(e, ERR_INVALID,
		               "incident '%s' has no valid status",
		               inc->reference);
	for (size_t i = 0; i < inc->n_notes; i++)
		if (!inc->notes[i].author || !inc->notes[i].body)
			return err_set(e, ERR_INVALID,
			               "incident '%s' has a note without "
			               "author or text",
			               inc->reference);
	return 0;
}

/* Find the row for inc: *id 0 when new. */
static int
find_incident(struct store *s, const struct incident *inc, const char *source,
              int64_t *id, bool *is_synced, struct err *e)
{
	char *remote = NULL;
	int rc;

	if (inc->meta.remote_id) {
		if ((rc =
		         lookup(s, sql_find_remote, source, inc->meta.remote_id,
		                id, is_synced, NULL, e)) ||
		    *id)
			return rc;
	}
	if ((rc = lookup(s, sql_find_ref, inc->reference, NULL, id, is_synced,
	                 &remote, e)))
		return rc;
	if (*id && inc->meta.remote_id && remote &&
	    strcmp(remote, inc->meta.remote_id) != 0)
		rc = err_set(e, ERR_CONFLICT,
		             "incident reference '%s' already belongs to "
		             "remote incident '%s', not '%s'",
		             inc->reference, remote, inc->meta.remote_id);
	free(remote);
	return rc;
}

int
store_incident_upsert(struct store *s, struct incident *inc, bool *changed,
                      struct err *e)
{
	const char *source =
	    inc->meta.source ? inc->meta.source : RECORD_SOURCE_LOCAL;
	int64_t *alerts = NULL, *assets = NULL, id = 0, now = time_now();
	bool is_synced = false, is_changed = false, is_row_changed = false;
	bool is_own_tx;
	sqlite3_stmt *st;
	int rc;

	if (changed)
		*changed = false;
	if ((rc = validate(inc, e)))
		return rc;
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if ((rc = find_incident(s, inc, source, &id, &is_synced, e)))
		goto out;
	if (id && !is_synced) {
		inc->meta.id = id;
		goto out;
	}
	if ((rc = resolve_links(s, inc, source, &alerts, &assets, e)))
		goto out;
	if (!(st = store_stmt(s, id ? sql_update : sql_insert, e))) {
		rc = ERR_DB;
		goto out;
	}
	bind_incident(st, inc, source, now);
	if (id)
		sqlite3_bind_int64(st, 23, id);
	if ((rc = store_step_done(s, st, "cannot store incident", e)))
		goto out;
	is_row_changed = store_changes(s) > 0;
	if (!id)
		id = store_last_id(s);
	is_changed = is_row_changed;
	for (size_t i = 0; i < inc->n_notes; i++)
		if ((rc = merge_note(s, id, &inc->notes[i], &is_changed, e)))
			goto out;
	if ((rc = add_links(s, sql_link_alert, id, alerts, inc->alert_ids.n,
	                    now, &is_changed, e)) ||
	    (rc = add_links(s, sql_link_asset, id, assets, inc->asset_ids.n,
	                    now, &is_changed, e)))
		goto out;
	if (is_changed && !is_row_changed) {
		if ((rc = store_touch(s, sql_touch, id, now,
		                      "cannot update incident", e)))
			goto out;
	}
	inc->meta.id = id;
	if (changed)
		*changed = is_changed;
out:
	free(alerts);
	free(assets);
	return store_tx_leave(s, is_own_tx, rc, e);
}

static void
read_incident_row(sqlite3_stmt *st, struct incident *inc)
{
	incident_init(inc);
	store_row_read_incident(st, 0, inc);
}

static int
read_notes(struct store *s, struct incident *inc, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_notes, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, inc->meta.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct note *n;

		incident_add_note(inc, (const char *)sqlite3_column_text(st, 2),
		                  sqlite3_column_int64(st, 3),
		                  (const char *)sqlite3_column_text(st, 4));
		n = &inc->notes[inc->n_notes - 1];
		n->id = sqlite3_column_int64(st, 0);
		n->remote_id = store_col_text(st, 1);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read notes");
	return 0;
}

static int
get_incident(struct store *s, const char *sql, int64_t id, const char *ref,
             struct incident *out, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc, step;

	incident_init(out);
	if (!st)
		return ERR_DB;
	if (ref)
		store_bind_text(st, 1, ref);
	else
		sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_incident_row(st, out);
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return ref ? err_set(e, ERR_NOTFOUND, "unknown incident '%s'",
		                     ref)
		           : err_set(e, ERR_NOTFOUND,
		                     "no incident with id %lld", (long long)id);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot read incident");
	if ((rc = read_notes(s, out, e)) ||
	    (rc = store_read_strings(s, sql_linked_alerts, out->meta.id,
	                             &out->alert_ids,
	                             "cannot read incident links", e)) ||
	    (rc = store_read_strings(s, sql_linked_assets, out->meta.id,
	                             &out->asset_ids,
	                             "cannot read incident links", e)))
		incident_release(out);
	return rc;
}

int
store_incident_get(struct store *s, int64_t id, struct incident *out,
                   struct err *e)
{
	return get_incident(s, sql_get_id, id, NULL, out, e);
}

int
store_incident_get_by_ref(struct store *s, const char *reference,
                          struct incident *out, struct err *e)
{
	if (!reference) {
		incident_init(out);
		return err_set(e, ERR_INVALID, "no incident reference given");
	}
	return get_incident(s, sql_get_ref, 0, reference, out, e);
}

/*
 * Step a counter statement (?1 prefix, ?2 year and, with lo, ?3 lo and ?4
 * hi) for the number it returns into *last (0: no row).
 */
static int
counter_step(struct store *s, const char *sql, const char *prefix, int year,
             const char *lo, const char *hi, int64_t *last, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int step;

	*last = 0;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, prefix);
	sqlite3_bind_int(st, 2, year);
	if (lo) {
		store_bind_text(st, 3, lo);
		store_bind_text(st, 4, hi);
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*last = sqlite3_column_int64(st, 0);
		step = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot count references");
}

int
store_incident_next_reference(struct store *s, const char *prefix, int year,
                              char **out, struct err *e)
{
	struct strbuf lo, hi;
	int64_t last = 0;
	int rc;

	*out = NULL;
	if ((rc = store_reference_check(prefix, year, e)))
		return rc;
	strbuf_init(&lo);
	strbuf_init(&hi);
	/* every "P-YYYY-..." sorts between "P-YYYY-" and "P-YYYY." */
	strbuf_addf(&lo, "%s-%04d-", prefix, year);
	strbuf_addf(&hi, "%s-%04d.", prefix, year);
	if (!(rc = counter_step(s, sql_bump_ref, prefix, year, NULL, NULL,
	                        &last, e)) &&
	    !last)
		rc = counter_step(s, sql_next_ref, prefix, year, lo.buf, hi.buf,
		                  &last, e);
	if (!rc && last < 1)
		rc = err_set(e, ERR_DB,
		             "cannot count references: no number for %s-%04d",
		             prefix, year);
	if (rc)
		goto out;
	strbuf_addf(&lo, "%05lld", (long long)last);
	*out = strbuf_detach(&lo, NULL);
out:
	strbuf_release(&lo);
	strbuf_release(&hi);
	return rc;
}

static void
incident_row_read(sqlite3_stmt *st, void *row)
{
	read_incident_row(st, row);
}

static void
incident_row_release(void *row)
{
	incident_release(row);
}

static const struct store_row_ops incident_ops = {
    sizeof(struct incident), incident_row_read, NULL, incident_row_release,
    "cannot list related rows"};

static void
asset_row_read(sqlite3_stmt *st, void *row)
{
	asset_init(row);
	store_row_read_asset(st, 0, row);
}

static int
asset_row_load(struct store *s, void *row, struct err *e)
{
	struct asset *a = row;

	return store_read_strings(s, sql_asset_cpes, a->meta.id, &a->cpes,
	                          "cannot read incident links", e);
}

static void
asset_row_release(void *row)
{
	asset_release(row);
}

static const struct store_row_ops asset_ops = {
    sizeof(struct asset), asset_row_read, asset_row_load, asset_row_release,
    "cannot list related rows"};

static int
incident_list(struct store *s, const char *sql, int64_t key, int limit,
              struct incident **rows, size_t *n, struct err *e)
{
	void *v;
	int rc =
	    store_list_related(s, sql, key, limit, &incident_ops, &v, n, e);

	*rows = v;
	return rc;
}

static int
asset_list(struct store *s, const char *sql, int64_t key, int limit,
           struct asset **rows, size_t *n, struct err *e)
{
	void *v;
	int rc = store_list_related(s, sql, key, limit, &asset_ops, &v, n, e);

	*rows = v;
	return rc;
}

int
store_assets_of_incident(struct store *s, int64_t incident_id, int limit,
                         struct asset **rows, size_t *n, struct err *e)
{
	return asset_list(s, sql_assets_of_incident, incident_id, limit, rows,
	                  n, e);
}

int
store_incidents_of_asset(struct store *s, int64_t asset_id, int limit,
                         struct incident **rows, size_t *n, struct err *e)
{
	return incident_list(s, sql_of_asset, asset_id, limit, rows, n, e);
}

int
store_incidents_of_organization(struct store *s, int64_t org_id, int limit,
                                struct incident **rows, size_t *n,
                                struct err *e)
{
	return incident_list(s, sql_of_org, org_id, limit, rows, n, e);
}

int
store_assets_of_organization(struct store *s, int64_t org_id, int limit,
                             struct asset **rows, size_t *n, struct err *e)
{
	return asset_list(s, sql_assets_of_org, org_id, limit, rows, n, e);
}

int
store_incident_find_ref(struct store *s, const char *ref, int64_t *id,
                        struct err *e)
{
	int rc = lookup(s, sql_find_ref, ref, NULL, id, NULL, NULL, e);

	if (!rc && !*id)
		return err_set(e, ERR_NOTFOUND, "no incident '%s'", ref);
	return rc;
}

/* Column 0 of every row of st (bound already) onto out; resets st. */
static int
push_names(struct store *s, sqlite3_stmt *st, struct strvec *out, struct err *e)
{
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0))
			strvec_push(out,
			            (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : store_db_err(s, e, "analysts");
}

static const char sql_analysts[] =
    "SELECT assignee FROM incident INDEXED BY incident_assignee "
    "WHERE assignee IS NOT NULL AND assignee <> '' GROUP BY assignee "
    "UNION SELECT author FROM note WHERE author <> '' "
    "ORDER BY 1 LIMIT ?1";

int
store_incident_analysts(struct store *s, int limit, struct strvec *out,
                        struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_analysts, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int(st, 1, limit);
	return push_names(s, st, out, e);
}
