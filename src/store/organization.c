/*
 * Organizations: upsert keyed by (source, remote_id), or (source, name) for
 * rows without a remote id; a row a pull finds without a remote id but with
 * the same name at the same source is adopted (given the remote id) rather
 * than duplicated. Rows that are dirty or in conflict belong to the analyst
 * and are never overwritten here.
 *
 * The update is a single UPDATE ... WHERE id = ? AND (any column differs),
 * so an identical upsert writes nothing and *changed is exactly
 * "sqlite3_changes() > 0".
 */
#include "centinela/store/organization.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/store/sector.h"
#include "internal.h"
#include "rows.h"

/* An existing row an upsert matched. */
struct org_found {
	int64_t id;      /* rowid, 0 when none */
	bool is_local;   /* dirty or conflict: not to be overwritten */
	char *remote_id; /* its remote id (owned, may be NULL) */
};

static int
find_by(struct store *s, const char *sql, const char *a, const char *b,
        struct org_found *f, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int step;

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, a);
	store_bind_text(st, 2, b);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		f->id = sqlite3_column_int64(st, 0);
		f->is_local = strcmp((const char *)sqlite3_column_text(st, 1),
		                     "synced") != 0;
		f->remote_id = store_col_text(st, 2);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up organization");
	return 0;
}

static int
find_existing(struct store *s, const char *source, const struct organization *o,
              struct org_found *f, struct err *e)
{
	if (o->meta.remote_id) {
		int rc =
		    find_by(s,
		            "SELECT id, local_state, remote_id FROM "
		            "organization WHERE source = ?1 AND remote_id = ?2",
		            source, o->meta.remote_id, f, e);

		if (rc || f->id)
			return rc;
		return find_by(s,
		               "SELECT id, local_state, remote_id FROM "
		               "organization WHERE source = ?1 AND name = ?2 "
		               "AND remote_id IS NULL",
		               source, o->name, f, e);
	}
	return find_by(s,
	               "SELECT id, local_state, remote_id FROM organization "
	               "WHERE source = ?1 AND name = ?2",
	               source, o->name, f, e);
}

/* Turn a failed write into a message; constraint failures are conflicts. */
static int
write_err(struct store *s, const char *source, const struct organization *o,
          struct err *e)
{
	if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
		return err_set(e, ERR_CONFLICT,
		               "organization '%s' already exists at source "
		               "'%s' with another remote id",
		               o->name, source);
	return store_db_err(s, e, "cannot save organization");
}

static int
write_row(struct store *s, const char *source, struct organization *o,
          const struct org_found *f, bool *changed, struct err *e)
{
	int64_t now = time_now();
	sqlite3_stmt *st;

	if (f->id)
		st = store_stmt(
		    s,
		    "UPDATE organization SET remote_id = ?2, version = ?3, "
		    "local_state = ?4, name = ?5, sector = ?6, region = ?7, "
		    "contact = ?8, abuse_contact = ?9, updated_at = ?10 "
		    "WHERE id = ?1 AND (remote_id IS NOT ?2 OR "
		    "version IS NOT ?3 OR local_state IS NOT ?4 OR "
		    "name IS NOT ?5 OR sector IS NOT ?6 OR "
		    "region IS NOT ?7 OR contact IS NOT ?8 OR "
		    "abuse_contact IS NOT ?9)",
		    e);
	else
		st = store_stmt(
		    s,
		    "INSERT INTO organization(source, remote_id, version, "
		    "local_state, name, sector, region, contact, "
		    "abuse_contact, created_at, updated_at) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
		    e);
	if (!st)
		return ERR_DB;
	if (f->id)
		store_bind_int(st, 1, f->id, false);
	else
		store_bind_text(st, 1, source);
	/* Without a remote id in o, keep the one the row has. */
	store_bind_text(st, 2,
	                o->meta.remote_id ? o->meta.remote_id : f->remote_id);
	store_bind_int(st, 3, o->meta.version, false);
	store_bind_text(st, 4, local_state_name(o->meta.local_state));
	store_bind_text(st, 5, o->name);
	store_bind_text(st, 6, o->sector);
	store_bind_text(st, 7, o->region);
	store_bind_text(st, 8, o->contact);
	store_bind_text(st, 9, o->abuse_contact);
	store_bind_int(st, 10, now, false);
	if (sqlite3_step(st) != SQLITE_DONE) {
		int rc = write_err(s, source, o, e);

		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	*changed = store_changes(s) > 0;
	o->meta.id = f->id ? f->id : store_last_id(s);
	return 0;
}

int
store_organization_upsert(struct store *s, struct organization *o,
                          bool *changed, struct err *e)
{
	const char *source =
	    o->meta.source ? o->meta.source : RECORD_SOURCE_LOCAL;
	struct org_found f = {0};
	bool is_own_tx, is_changed = false;
	int rc;

	if (changed)
		*changed = false;
	if (!o->name || !*o->name)
		return err_set(e, ERR_INVALID, "an organization needs a name");
	if (!o->sector)
		return err_set(e, ERR_INVALID,
		               "organization '%s' needs a sector", o->name);
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if ((rc = store_sector_check(s, o->sector, e)))
		goto out;
	if ((rc = find_existing(s, source, o, &f, e)))
		goto out;
	if (f.id && f.is_local) {
		o->meta.id = f.id;
		goto out;
	}
	rc = write_row(s, source, o, &f, &is_changed, e);
out:
	free(f.remote_id);
	rc = store_tx_leave(s, is_own_tx, rc, e);
	if (!rc && changed)
		*changed = is_changed;
	return rc;
}

int
store_organization_get(struct store *s, int64_t id, struct organization *out,
                       struct err *e)
{
	sqlite3_stmt *st;
	int rc = 0, step;

	organization_init(out);
	st = store_stmt(s,
	                "SELECT " STORE_ROW_ORGANIZATION_COLS
	                " FROM organization WHERE organization.id = ?1",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		store_row_read_organization(st, 0, out);
	else if (step == SQLITE_DONE)
		rc = err_set(e, ERR_NOTFOUND, "no organization with id %lld",
		             (long long)id);
	else
		rc = store_db_err(s, e, "cannot read organization");
	sqlite3_reset(st);
	return rc;
}

/*
 * The rows of st (id, score; bound to ?1 name and ?2 source here): the id
 * of the best score into *best_id, the number of rows with it in *ties.
 */
static int
best_of(struct store *s, sqlite3_stmt *st, const char *name, const char *source,
        int64_t *best_id, int64_t *best_score, int *ties, struct err *e)
{
	int step;

	store_bind_text(st, 1, name);
	store_bind_text(st, 2, source);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t score = sqlite3_column_int64(st, 1);

		if (score > *best_score) {
			*best_score = score;
			*best_id = sqlite3_column_int64(st, 0);
			*ties = 1;
		} else if (score == *best_score) {
			(*ties)++;
		}
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up organization");
	return 0;
}

int
store_organization_find(struct store *s, const char *source,
                        const char *name_or_remote_id, int64_t *id,
                        struct err *e)
{
	const char *ref = name_or_remote_id ? name_or_remote_id : "";
	int64_t best_id = 0, best_score = -1;
	int ties = 0, rc;
	sqlite3_stmt *st;

	*id = 0;
	if (source && *ref) {
		st = store_stmt(s,
		                "SELECT id FROM organization "
		                "WHERE source = ?1 AND remote_id = ?2",
		                e);
		if (!st)
			return ERR_DB;
		store_bind_text(st, 1, source);
		store_bind_text(st, 2, ref);
		if (sqlite3_step(st) == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (*id)
			return 0;
	}
	/*
	 * By name, ignoring case; when several match, an exact-case match
	 * beats the others, then one at the given source. The exact-case
	 * names are looked up first, through the index on name: when there
	 * are some, no other can beat them, and the scan that ignoring case
	 * takes (the index is case-sensitive) is spared.
	 */
	for (int pass = 0; pass < 2 && !best_id; pass++) {
		st = store_stmt(s,
		                pass == 0
		                    ? "SELECT id, 2 + (source IS ?2) FROM "
		                      "organization WHERE name = ?1"
		                    : "SELECT id, 2 * (name = ?1) + (source IS "
		                      "?2) FROM organization WHERE name = ?1 "
		                      "COLLATE NOCASE",
		                e);
		if (!st)
			return ERR_DB;
		if ((rc = best_of(s, st, ref, source, &best_id, &best_score,
		                  &ties, e)))
			return rc;
	}
	if (!best_id)
		return err_set(e, ERR_NOTFOUND, "unknown organization '%s'",
		               ref);
	if (ties > 1)
		return err_set(e, ERR_CONFLICT,
		               "organization name '%s' matches %d "
		               "organizations; name it by its remote id",
		               ref, ties);
	*id = best_id;
	return 0;
}

static const char sql_names[] =
    "SELECT name FROM organization WHERE ?1 = '' OR "
    "lower(substr(name, 1, length(?1))) = lower(?1) "
    "ORDER BY name COLLATE NOCASE LIMIT ?2";

int
store_organization_names(struct store *s, const char *prefix, int limit,
                         struct strvec *out, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_names, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_text(st, 1, prefix ? prefix : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, limit);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0))
			strvec_push(out,
			            (const char *)sqlite3_column_text(st, 0));
	sqlite3_clear_bindings(st);
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0
	                           : store_db_err(s, e, "organization names");
}
