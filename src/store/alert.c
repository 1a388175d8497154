/*
 * Alerts and their observables. See include/centinela/store/alert.h.
 *
 * The upsert is the bulk path of every pull and import, so it does as little
 * as it can per row: an alert with a remote id is one cached
 * INSERT ... ON CONFLICT DO UPDATE ... WHERE <something differs> RETURNING
 * id, which writes nothing when the row is identical or not 'synced'. A new
 * row is recognised by sqlite3_last_insert_rowid(), reset to 0 before the
 * statement (the UPDATE arm of an upsert does not set it), and just gets its
 * observables inserted; only an existing row has its stored observables
 * read back and compared, and they are rewritten only when they differ.
 * An alert without a remote id is keyed by (source, event_hash) through the
 * alert_event_hash index.
 */
#include "centinela/store/alert.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "internal.h"
#include "rows.h"

/*
 * Parameters shared by the insert and update statements:
 * ?1 source, ?2 remote_id, ?3 version, ?4 local_state, ?5 title,
 * ?6 description, ?7 severity, ?8 tlp, ?9 taxonomy_class, ?10 taxonomy_type,
 * ?11 feed_name, ?12 feed_provider, ?13 observed_at, ?14 received_at,
 * ?15 status, ?16 organization_id, ?17 sector, ?18 asset_id,
 * ?19 incident_id, ?20 event_hash, ?21 raw_json, ?22 now, (?23 id).
 */
#define ALERT_INSERT                                                           \
	"INSERT INTO alert(source, remote_id, version, local_state, title, "   \
	"description, severity, tlp, taxonomy_class, taxonomy_type, "          \
	"feed_name, feed_provider, observed_at, received_at, status, "         \
	"organization_id, sector, asset_id, incident_id, event_hash, "         \
	"raw_json, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "   \
	"?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "  \
	"?21, ?22, ?22)"

static const char sql_upsert_remote[] = ALERT_INSERT
    " ON CONFLICT(source, remote_id) WHERE remote_id IS NOT NULL DO "
    "UPDATE SET version = excluded.version, title = excluded.title, "
    "description = excluded.description, severity = excluded.severity, "
    "tlp = excluded.tlp, taxonomy_class = excluded.taxonomy_class, "
    "taxonomy_type = excluded.taxonomy_type, feed_name = "
    "excluded.feed_name, feed_provider = excluded.feed_provider, "
    "observed_at = excluded.observed_at, received_at = "
    "excluded.received_at, status = excluded.status, organization_id = "
    "excluded.organization_id, sector = excluded.sector, asset_id = "
    "excluded.asset_id, incident_id = excluded.incident_id, event_hash = "
    "excluded.event_hash, raw_json = excluded.raw_json, updated_at = "
    "excluded.updated_at "
    "WHERE alert.local_state = 'synced' AND ("
    "alert.version IS NOT excluded.version OR "
    "alert.title IS NOT excluded.title OR "
    "alert.description IS NOT excluded.description OR "
    "alert.severity IS NOT excluded.severity OR "
    "alert.tlp IS NOT excluded.tlp OR "
    "alert.taxonomy_class IS NOT excluded.taxonomy_class OR "
    "alert.taxonomy_type IS NOT excluded.taxonomy_type OR "
    "alert.feed_name IS NOT excluded.feed_name OR "
    "alert.feed_provider IS NOT excluded.feed_provider OR "
    "alert.observed_at IS NOT excluded.observed_at OR "
    "alert.received_at IS NOT excluded.received_at OR "
    "alert.status IS NOT excluded.status OR "
    "alert.organization_id IS NOT excluded.organization_id OR "
    "alert.sector IS NOT excluded.sector OR "
    "alert.asset_id IS NOT excluded.asset_id OR "
    "alert.incident_id IS NOT excluded.incident_id OR "
    "alert.event_hash IS NOT excluded.event_hash OR "
    "alert.raw_json IS NOT excluded.raw_json) "
    "RETURNING id";

static const char sql_insert_local[] = ALERT_INSERT;

static const char sql_update_by_id[] =
    "UPDATE alert SET version = ?3, title = ?5, description = ?6, "
    "severity = ?7, tlp = ?8, taxonomy_class = ?9, taxonomy_type = ?10, "
    "feed_name = ?11, feed_provider = ?12, observed_at = ?13, "
    "received_at = ?14, status = ?15, organization_id = ?16, sector = "
    "?17, asset_id = ?18, incident_id = ?19, event_hash = ?20, raw_json = "
    "?21, updated_at = ?22 "
    "WHERE id = ?23 AND local_state = 'synced' AND ("
    "version IS NOT ?3 OR title IS NOT ?5 OR description IS NOT ?6 OR "
    "severity IS NOT ?7 OR tlp IS NOT ?8 OR taxonomy_class IS NOT ?9 OR "
    "taxonomy_type IS NOT ?10 OR feed_name IS NOT ?11 OR feed_provider IS "
    "NOT ?12 OR observed_at IS NOT ?13 OR received_at IS NOT ?14 OR "
    "status IS NOT ?15 OR organization_id IS NOT ?16 OR sector IS NOT ?17 "
    "OR asset_id IS NOT ?18 OR incident_id IS NOT ?19 OR event_hash IS "
    "NOT ?20 OR raw_json IS NOT ?21)";

static const char sql_find_remote[] =
    "SELECT id, local_state FROM alert WHERE source = ?1 AND remote_id = ?2";

static const char sql_find_hash[] =
    "SELECT id, local_state FROM alert WHERE event_hash = ?1 AND source = "
    "?2 ORDER BY id LIMIT 1";

static const char sql_obs_read[] =
    "SELECT type, value FROM alert_observable WHERE alert_id = ?1 ORDER BY "
    "type, value";
static const char sql_obs_delete[] =
    "DELETE FROM alert_observable WHERE alert_id = ?1";
static const char sql_obs_insert[] =
    "INSERT OR IGNORE INTO alert_observable(alert_id, type, value) VALUES "
    "(?1, ?2, ?3)";
static const char sql_touch[] =
    "UPDATE alert SET updated_at = ?2 WHERE id = ?1";

/*
 * The row list, then what a get adds: the reference of the first linked
 * incident (for an alert whose incident_id is not set) and raw_json.
 */
#define ALERT_SELECT                                                           \
	"SELECT " STORE_ROW_ALERT_COLS ", (SELECT i2.reference FROM "          \
	"incident_alert ia JOIN incident i2 ON i2.id = ia.incident_id WHERE "  \
	"ia.alert_id = alert.id ORDER BY ia.linked_at, ia.incident_id LIMIT "  \
	"1), alert.raw_json FROM alert "

static const char sql_get[] = ALERT_SELECT "WHERE alert.id = ?1";

static const char sql_of_incident[] =
    ALERT_SELECT "WHERE alert.id IN (SELECT alert_id FROM incident_alert "
                 "WHERE incident_id = ?1 UNION SELECT a2.id FROM alert a2 "
                 "WHERE a2.incident_id = ?1) ORDER BY alert.observed_at "
                 "DESC, alert.id DESC LIMIT ?2";

static const char sql_max_id[] = "SELECT coalesce(max(id), 0) FROM alert";

/* The id range first (the primary key), then the few rows it keeps. */
#define ARRIVED_WHERE                                                          \
	"id > ?1 AND id <= ?2 AND source <> 'local' AND severity >= ?3 AND "   \
	"tlp <= ?4"
static const char sql_arrived[] =
    ALERT_SELECT "WHERE alert.id IN (SELECT id FROM alert WHERE " ARRIVED_WHERE
                 " ORDER BY severity DESC, id LIMIT ?5) ORDER BY "
                 "alert.severity DESC, alert.id";
static const char sql_arrived_count[] =
    "SELECT count(*) FROM alert WHERE " ARRIVED_WHERE;

static const char sql_of_asset[] =
    ALERT_SELECT "WHERE alert.asset_id = ?1 ORDER BY alert.observed_at "
                 "DESC, alert.id DESC LIMIT ?2";

static void
bind_alert(sqlite3_stmt *st, const struct alert *a, const char *source,
           const char *hash, int64_t now)
{
	store_bind_text(st, 1, source);
	store_bind_text(st, 2, a->meta.remote_id);
	store_bind_int(st, 3, a->meta.version, false);
	store_bind_text(st, 4, local_state_name(a->meta.local_state));
	store_bind_text(st, 5, a->title);
	store_bind_text(st, 6, a->description);
	store_bind_int(st, 7, a->severity, false);
	store_bind_int(st, 8, a->tlp, false);
	store_bind_text(st, 9, a->taxonomy_class);
	store_bind_text(st, 10, a->taxonomy_type);
	store_bind_text(st, 11, a->feed_name);
	store_bind_text(st, 12, a->feed_provider);
	store_bind_int(st, 13, a->observed_at, false);
	store_bind_int(st, 14, a->received_at, false);
	store_bind_text(st, 15, alert_status_name(a->status));
	store_bind_int(st, 16, a->organization_id, true);
	store_bind_text(st, 17, a->sector);
	store_bind_int(st, 18, a->asset_id, true);
	store_bind_int(st, 19, a->incident_id, true);
	store_bind_text(st, 20, hash);
	store_bind_text(st, 21, a->raw_json);
	store_bind_int(st, 22, now, false);
}

static int
cmp_obs(const void *x, const void *y)
{
	const struct observable *p = *(const struct observable *const *)x;
	const struct observable *q = *(const struct observable *const *)y;
	int c = strcmp(observable_type_name(p->type),
	               observable_type_name(q->type));

	return c ? c : strcmp(p->value, q->value);
}

/*
 * True when the stored observables of id are exactly the set in a (in the
 * order of the primary key, duplicates in a collapsed).
 */
static int
observables_equal(struct store *s, int64_t id, const struct alert *a,
                  bool *is_equal, struct err *e)
{
	const struct observable **sorted = NULL;
	sqlite3_stmt *st;
	bool is_same = true;
	size_t i = 0;
	int rc = 0, step;

	*is_equal = false;
	if (!(st = store_stmt(s, sql_obs_read, e)))
		return ERR_DB;
	if (a->n_observables) {
		sorted = xreallocarray(NULL, a->n_observables,
		                       sizeof(const struct observable *));
		for (size_t k = 0; k < a->n_observables; k++)
			sorted[k] = &a->observables[k];
		qsort(sorted, a->n_observables,
		      sizeof(const struct observable *), cmp_obs);
	}
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *value = (const char *)sqlite3_column_text(st, 1);

		if (!is_same)
			continue;
		if (i >= a->n_observables ||
		    strcmp(type, observable_type_name(sorted[i]->type)) != 0 ||
		    strcmp(value, sorted[i]->value) != 0) {
			is_same = false;
			continue;
		}
		/* skip duplicates of the entry just matched */
		for (i++; i < a->n_observables &&
		          !cmp_obs(&sorted[i], &sorted[i - 1]);
		     i++)
			;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, "cannot read alert observables");
		goto out;
	}
	*is_equal = is_same && i == a->n_observables;
out:
	free(sorted);
	return rc;
}

static int
observables_insert(struct store *s, int64_t id, const struct alert *a,
                   struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	for (size_t i = 0; i < a->n_observables; i++) {
		if (!(st = store_stmt(s, sql_obs_insert, e)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2,
		                observable_type_name(a->observables[i].type));
		store_bind_text(st, 3, a->observables[i].value);
		if ((rc = store_step_done(s, st, "cannot store observable", e)))
			return rc;
	}
	return 0;
}

/* Rewrite the observables of row id when they differ; *wrote says so. */
static int
observables_sync(struct store *s, int64_t id, const struct alert *a,
                 bool *wrote, struct err *e)
{
	sqlite3_stmt *st;
	bool is_equal;
	int rc;

	*wrote = false;
	if ((rc = observables_equal(s, id, a, &is_equal, e)) || is_equal)
		return rc;
	if (!(st = store_stmt(s, sql_obs_delete, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_step_done(s, st, "cannot replace observables", e)))
		return rc;
	*wrote = true;
	return observables_insert(s, id, a, e);
}

static int
validate(const struct alert *a, struct err *e)
{
	const char *what =
	    a->meta.remote_id ? a->meta.remote_id : (a->title ? a->title : "?");

	if (!a->title || !a->taxonomy_class || !a->feed_name)
		return err_set(e, ERR_INVALID, "alert '%s' lacks a %s", what,
		               !a->title            ? "title"
		               : !a->taxonomy_class ? "taxonomy class"
		                                    : "feed name");
	if (a->severity < SEVERITY_INFO || a->severity > SEVERITY_CRITICAL)
		return err_set(e, ERR_INVALID,
		               "alert '%s' has severity %d (allowed: 1-5)",
		               what, (int)a->severity);
	if ((int)a->tlp < TLP_CLEAR || a->tlp > TLP_RED)
		return err_set(e, ERR_INVALID,
		               "alert '%s' has tlp %d (allowed: 0-4)", what,
		               (int)a->tlp);
	for (size_t i = 0; i < a->n_observables; i++)
		if (!a->observables[i].value ||
		    (int)a->observables[i].type < 0 ||
		    a->observables[i].type >= OBSERVABLE_TYPE_COUNT)
			return err_set(e, ERR_INVALID,
			               "alert '%s' has an invalid observable",
			               what);
	return 0;
}

/* Look up (id, is_synced) with a cached two-parameter query; 0 id: none. */
static int
find_row(struct store *s, const char *sql, const char *p1, const char *p2,
         int64_t *id, bool *is_synced, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int step;

	*id = 0;
	*is_synced = false;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, p1);
	store_bind_text(st, 2, p2);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *state = (const char *)sqlite3_column_text(st, 1);

		*id = sqlite3_column_int64(st, 0);
		*is_synced = state && strcmp(state, "synced") == 0;
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up alert");
	return 0;
}

/* The remote-id path: one upsert statement, then observables. */
static int
upsert_remote(struct store *s, const struct alert *a, const char *source,
              const char *hash, int64_t now, int64_t *id, bool *changed,
              struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_upsert_remote, e);
	bool is_synced, wrote;
	int rc, step;

	if (!st)
		return ERR_DB;
	bind_alert(st, a, source, hash, now);
	sqlite3_set_last_insert_rowid(s->db, 0);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		step = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot store alert");
	if (*id) {
		*changed = true;
		if (sqlite3_last_insert_rowid(s->db) == *id)
			return observables_insert(s, *id, a, e);
		return observables_sync(s, *id, a, &wrote, e);
	}
	/* Identical, or not ours to overwrite: only observables may differ. */
	if ((rc = find_row(s, sql_find_remote, source, a->meta.remote_id, id,
	                   &is_synced, e)))
		return rc;
	if (!*id)
		return err_set(e, ERR_DB,
		               "alert '%s' vanished while storing it",
		               a->meta.remote_id);
	if (!is_synced)
		return 0;
	if ((rc = observables_sync(s, *id, a, &wrote, e)) || !wrote)
		return rc;
	*changed = true;
	return store_touch(s, sql_touch, *id, now, "cannot update alert", e);
}

/* The event-hash path: look up, then insert or update by id. */
static int
upsert_local(struct store *s, const struct alert *a, const char *source,
             const char *hash, int64_t now, int64_t *id, bool *changed,
             struct err *e)
{
	sqlite3_stmt *st;
	bool is_synced, wrote;
	int rc;

	if ((rc = find_row(s, sql_find_hash, hash, source, id, &is_synced, e)))
		return rc;
	if (!*id) {
		if (!(st = store_stmt(s, sql_insert_local, e)))
			return ERR_DB;
		bind_alert(st, a, source, hash, now);
		if ((rc = store_step_done(s, st, "cannot store alert", e)))
			return rc;
		*id = store_last_id(s);
		*changed = true;
		return observables_insert(s, *id, a, e);
	}
	if (!is_synced)
		return 0;
	if (!(st = store_stmt(s, sql_update_by_id, e)))
		return ERR_DB;
	bind_alert(st, a, source, hash, now);
	sqlite3_bind_int64(st, 23, *id);
	if ((rc = store_step_done(s, st, "cannot update alert", e)))
		return rc;
	if (store_changes(s) > 0)
		*changed = true;
	if ((rc = observables_sync(s, *id, a, &wrote, e)) || !wrote || *changed)
		return rc;
	*changed = true;
	return store_touch(s, sql_touch, *id, now, "cannot update alert", e);
}

int
store_alert_upsert(struct store *s, struct alert *a, bool *changed,
                   struct err *e)
{
	const char *source =
	    a->meta.source ? a->meta.source : RECORD_SOURCE_LOCAL;
	char hash[SHA256_HEX_LEN + 1];
	bool is_changed = false, is_own_tx;
	int64_t id = 0, now;
	int rc;

	if (changed)
		*changed = false;
	if ((rc = validate(a, e)))
		return rc;
	if (!a->event_hash) {
		alert_event_hash(a, hash);
		a->event_hash = xstrdup(hash);
	}
	now = time_now();
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if (a->meta.remote_id)
		rc = upsert_remote(s, a, source, a->event_hash, now, &id,
		                   &is_changed, e);
	else
		rc = upsert_local(s, a, source, a->event_hash, now, &id,
		                  &is_changed, e);
	if ((rc = store_tx_leave(s, is_own_tx, rc, e)))
		return rc;
	a->meta.id = id;
	if (changed)
		*changed = is_changed;
	return 0;
}

/* Fill *a from a row of ALERT_SELECT (observables not included). */
static void
read_alert_row(sqlite3_stmt *st, struct alert *a)
{
	int col;

	alert_init(a);
	col = store_row_read_alert(st, 0, a);
	if (!a->incident_ref)
		a->incident_ref = store_col_text(st, col);
	a->raw_json = store_col_text(st, col + 1);
}

static int
read_observables(struct store *s, struct alert *a, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_obs_read, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, a->meta.id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *value = (const char *)sqlite3_column_text(st, 1);
		enum observable_type t;

		if (!type || !value || observable_type_parse(type, &t))
			continue;
		alert_add_observable(a, t, value);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read alert observables");
	return 0;
}

int
store_alert_get(struct store *s, int64_t id, struct alert *out, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_get, e);
	int rc = 0, step;

	alert_init(out);
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_alert_row(st, out);
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no alert with id %lld",
		               (long long)id);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot read alert");
	if ((rc = read_observables(s, out, e)))
		alert_release(out);
	return rc;
}

int
store_alert_find(struct store *s, const char *source, const char *remote_id,
                 int64_t *id, struct err *e)
{
	bool is_synced;
	int rc;

	if (!source)
		source = RECORD_SOURCE_LOCAL;
	if (!remote_id)
		return err_set(e, ERR_INVALID, "no alert id given");
	if ((rc = find_row(s, sql_find_remote, source, remote_id, id,
	                   &is_synced, e)))
		return rc;
	if (!*id)
		return err_set(e, ERR_NOTFOUND, "unknown alert '%s' at '%s'",
		               remote_id, source);
	return 0;
}

static void
alert_row_read(sqlite3_stmt *st, void *row)
{
	read_alert_row(st, row);
}

static int
alert_row_load(struct store *s, void *row, struct err *e)
{
	return read_observables(s, row, e);
}

static void
alert_row_release(void *row)
{
	alert_release(row);
}

static const struct store_row_ops alert_ops = {
    sizeof(struct alert), alert_row_read, alert_row_load, alert_row_release,
    "cannot list alerts"};

int
store_alerts_of_incident(struct store *s, int64_t incident_id, int limit,
                         struct alert **rows, size_t *n, struct err *e)
{
	void *v;
	int rc = store_list_related(s, sql_of_incident, incident_id, limit,
	                            &alert_ops, &v, n, e);

	*rows = v;
	return rc;
}

int
store_alerts_of_asset(struct store *s, int64_t asset_id, int limit,
                      struct alert **rows, size_t *n, struct err *e)
{
	void *v;
	int rc = store_list_related(s, sql_of_asset, asset_id, limit,
	                            &alert_ops, &v, n, e);

	*rows = v;
	return rc;
}

int
store_alert_max_id(struct store *s, int64_t *id, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_max_id, e);

	*id = 0;
	if (!st)
		return ERR_DB;
	return store_step_int64(s, st, id, "cannot read the newest alert", e);
}

static void
bind_arrived(sqlite3_stmt *st, int64_t after_id, int64_t upto_id,
             int min_severity, int max_tlp)
{
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int64(st, 2, upto_id);
	sqlite3_bind_int(st, 3, min_severity);
	sqlite3_bind_int(st, 4, max_tlp);
}

int
store_alerts_arrived(struct store *s, int64_t after_id, int64_t upto_id,
                     int min_severity, int max_tlp, int limit,
                     struct alert **rows, size_t *n, int64_t *total,
                     struct err *e)
{
	struct alert *v = NULL;
	sqlite3_stmt *st;
	size_t len = 0;
	int rc = 0, step;

	*rows = NULL;
	*n = 0;
	if (limit < 1 || limit > 10000)
		return err_set(e, ERR_INVALID,
		               "list limit %d is not from 1 to 10000", limit);
	if (total) {
		*total = 0;
		if (!(st = store_stmt(s, sql_arrived_count, e)))
			return ERR_DB;
		bind_arrived(st, after_id, upto_id, min_severity, max_tlp);
		if ((rc = store_step_int64(s, st, total,
		                           "cannot count new alerts", e)))
			return rc;
	}
	if (!(st = store_stmt(s, sql_arrived, e)))
		return ERR_DB;
	bind_arrived(st, after_id, upto_id, min_severity, max_tlp);
	sqlite3_bind_int(st, 5, limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, sizeof(*v));
		read_alert_row(st, &v[len]);
		len++;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, "cannot list new alerts");
		goto out;
	}
	for (size_t i = 0; i < len && !rc; i++)
		rc = read_observables(s, &v[i], e);
out:
	if (rc) {
		for (size_t i = 0; i < len; i++)
			alert_release(&v[i]);
		free(v);
		return rc;
	}
	*rows = v;
	*n = len;
	return 0;
}
