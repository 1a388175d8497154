/*
 * Assets and their CPE names. Upsert is keyed by (source, remote_id), or by
 * (organization_id, name) for rows without a remote id; a pulled asset that
 * matches a row without a remote id by (organization, name) adopts it. Rows
 * that are dirty or in conflict are never overwritten.
 *
 * The row is written with one UPDATE ... WHERE any column differs; the CPE
 * list is compared, as a sorted set, with what is stored and replaced only
 * when it differs, so *changed is exact and an identical upsert writes
 * nothing. A CPE-only change still bumps updated_at. Each name is stored
 * with its key (model/cpe.h cpe_name_key) for matching, and a change of the
 * names matches the asset again (store/exposure.h).
 */
#include "centinela/store/asset.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/exposure.h"
#include "centinela/store/sector.h"
#include "exposure_internal.h"
#include "internal.h"
#include "rows.h"
#include "vuln_internal.h"

static const char sql_cpes[] =
    "SELECT cpe FROM asset_cpe WHERE asset_id = ?1 ORDER BY cpe";

/* An existing row an upsert matched. */
struct asset_found {
	int64_t id;      /* rowid, 0 when none */
	bool is_local;   /* dirty or conflict: not to be overwritten */
	char *source;    /* its source (owned) */
	char *remote_id; /* its remote id (owned, may be NULL) */
};

static void
asset_found_release(struct asset_found *f)
{
	free(f->source);
	free(f->remote_id);
}

static int
find_by(struct store *s, const char *sql, sqlite3_stmt *st,
        struct asset_found *f, struct err *e)
{
	int step = sqlite3_step(st);

	if (step == SQLITE_ROW) {
		f->id = sqlite3_column_int64(st, 0);
		f->is_local = strcmp((const char *)sqlite3_column_text(st, 1),
		                     "synced") != 0;
		f->source = store_col_text(st, 2);
		f->remote_id = store_col_text(st, 3);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, sql);
	return 0;
}

static int
find_existing(struct store *s, const char *source, const struct asset *a,
              struct asset_found *f, struct err *e)
{
	static const char by_remote[] =
	    "SELECT id, local_state, source, remote_id FROM asset "
	    "WHERE source = ?1 AND remote_id = ?2";
	static const char by_name[] =
	    "SELECT id, local_state, source, remote_id FROM asset "
	    "WHERE organization_id = ?1 AND name = ?2";
	sqlite3_stmt *st;
	int rc;

	if (a->meta.remote_id) {
		if (!(st = store_stmt(s, by_remote, e)))
			return ERR_DB;
		store_bind_text(st, 1, source);
		store_bind_text(st, 2, a->meta.remote_id);
		if ((rc = find_by(s, "cannot look up asset", st, f, e)) ||
		    f->id)
			return rc;
	}
	if (!(st = store_stmt(s, by_name, e)))
		return ERR_DB;
	store_bind_int(st, 1, a->organization_id, false);
	store_bind_text(st, 2, a->name);
	if ((rc = find_by(s, "cannot look up asset", st, f, e)))
		return rc;
	/* By name, a pulled asset may only adopt a row without a remote id. */
	if (f->id && a->meta.remote_id && f->remote_id)
		return err_set(e, ERR_CONFLICT,
		               "asset '%s' of organization %lld already "
		               "exists with remote id '%s' at source '%s'",
		               a->name, (long long)a->organization_id,
		               f->remote_id, f->source);
	return 0;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The CPEs of a, validated, sorted and without duplicates (borrowed). */
static int
cpe_set(const struct asset *a, const char ***out, size_t *n, struct err *e)
{
	const char **v = xcalloc(a->cpes.n + 1, sizeof(*v));
	size_t used = 0;

	for (size_t i = 0; i < a->cpes.n; i++) {
		if (!cpe23_valid(a->cpes.v[i])) {
			free(v);
			return err_set(e, ERR_INVALID,
			               "asset '%s': '%s' is not a CPE 2.3 "
			               "name (cpe:2.3:part:vendor:product:...)",
			               a->name, a->cpes.v[i]);
		}
		v[i] = a->cpes.v[i];
	}
	qsort(v, a->cpes.n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < a->cpes.n; i++)
		if (!used || strcmp(v[used - 1], v[i]) != 0)
			v[used++] = v[i];
	*out = v;
	*n = used;
	return 0;
}

/* Whether the stored CPEs of id differ from the sorted set want. */
static int
cpes_differ(struct store *s, int64_t id, const char **want, size_t n,
            bool *differ, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_cpes, e);
	size_t i = 0;
	int step;

	if (!st)
		return ERR_DB;
	*differ = false;
	store_bind_int(st, 1, id, false);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *have = (const char *)sqlite3_column_text(st, 0);

		if (i >= n || strcmp(have, want[i]) != 0) {
			*differ = true;
			break;
		}
		i++;
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read asset CPEs");
	if (i != n)
		*differ = true;
	return 0;
}

/*
 * The names of row id set to cpes; is_new: the row was just inserted and
 * has none yet (the DELETE, which SQLite runs through a temporary table,
 * was a tenth of an asset's import).
 */
static int
cpes_replace(struct store *s, int64_t id, bool is_new, const char **cpes,
             size_t n, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	store_exposure_forget(s); /* what matching kept of the names */
	if (!is_new) {
		if (!(st = store_stmt(
		          s, "DELETE FROM asset_cpe WHERE asset_id = ?1", e)))
			return ERR_DB;
		store_bind_int(st, 1, id, false);
		if ((rc = store_step_done(s, st, "cannot replace asset CPEs",
		                          e)))
			return rc;
	}
	for (size_t i = 0; i < n; i++) {
		st = store_stmt(s,
		                "INSERT INTO asset_cpe(asset_id, cpe, part, "
		                "vendor, product) VALUES (?1, ?2, ?3, ?4, ?5)",
		                e);
		if (!st)
			return ERR_DB;
		store_bind_int(st, 1, id, false);
		store_bind_text(st, 2, cpes[i]);
		vuln_bind_cpe_key(st, 3, cpes[i]);
		if ((rc = store_step_done(s, st, "cannot add asset CPE", e)))
			return rc;
	}
	return 0;
}

static int
write_row(struct store *s, const char *source, struct asset *a,
          const struct asset_found *f, int64_t now, bool *changed,
          struct err *e)
{
	sqlite3_stmt *st;

	/*
	 * What matching kept of the asset in this transaction goes: its
	 * sector and criticality, which its exposures' priority is made of,
	 * may change.
	 */
	if (f->id) {
		store_exposure_forget(s);
		st = store_stmt(
		    s,
		    "UPDATE asset SET source = ?2, remote_id = ?3, "
		    "version = ?4, local_state = ?5, organization_id = ?6, "
		    "name = ?7, sector = ?8, kind = ?9, criticality = ?10, "
		    "hostname = ?11, ip = ?12, location = ?13, "
		    "vendor = ?14, product = ?15, product_version = ?16, "
		    "updated_at = ?17 WHERE id = ?1 AND ("
		    "source IS NOT ?2 OR remote_id IS NOT ?3 OR "
		    "version IS NOT ?4 OR local_state IS NOT ?5 OR "
		    "organization_id IS NOT ?6 OR name IS NOT ?7 OR "
		    "sector IS NOT ?8 OR kind IS NOT ?9 OR "
		    "criticality IS NOT ?10 OR hostname IS NOT ?11 OR "
		    "ip IS NOT ?12 OR location IS NOT ?13 OR "
		    "vendor IS NOT ?14 OR product IS NOT ?15 OR "
		    "product_version IS NOT ?16)",
		    e);
	} else {
		st = store_stmt(
		    s,
		    "INSERT INTO asset(source, remote_id, version, "
		    "local_state, organization_id, name, sector, kind, "
		    "criticality, hostname, ip, location, vendor, product, "
		    "product_version, created_at, updated_at) VALUES "
		    "(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		    "?14, ?15, ?16, ?17, ?17)",
		    e);
	}
	if (!st)
		return ERR_DB;
	if (f->id)
		store_bind_int(st, 1, f->id, false);
	/* Without a remote id in a, the row keeps where it came from. */
	if (a->meta.remote_id || !f->id) {
		store_bind_text(st, 2, source);
		store_bind_text(st, 3, a->meta.remote_id);
	} else {
		store_bind_text(st, 2, f->source);
		store_bind_text(st, 3, f->remote_id);
	}
	store_bind_int(st, 4, a->meta.version, false);
	store_bind_text(st, 5, local_state_name(a->meta.local_state));
	store_bind_int(st, 6, a->organization_id, false);
	store_bind_text(st, 7, a->name);
	store_bind_text(st, 8, a->sector);
	store_bind_text(st, 9, asset_kind_name(a->kind));
	store_bind_int(st, 10, a->criticality, false);
	store_bind_text(st, 11, a->hostname);
	store_bind_text(st, 12, a->ip);
	store_bind_text(st, 13, a->location);
	store_bind_text(st, 14, a->vendor);
	store_bind_text(st, 15, a->product);
	store_bind_text(st, 16, a->product_version);
	store_bind_int(st, 17, now, false);
	if (sqlite3_step(st) != SQLITE_DONE) {
		int rc =
		    sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE
		        ? err_set(e, ERR_CONFLICT,
		                  "asset '%s' clashes with another "
		                  "asset of its organization or "
		                  "source",
		                  a->name)
		        : store_db_err(s, e, "cannot save asset");

		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	*changed = store_changes(s) > 0;
	a->meta.id = f->id ? f->id : store_last_id(s);
	return 0;
}

/* Checks that need no row: fields, the organization and the sector. */
static int
validate(struct store *s, struct asset *a, struct err *e)
{
	sqlite3_stmt *st;
	char *org_sector = NULL;
	int step;

	if (!a->name || !*a->name)
		return err_set(e, ERR_INVALID, "an asset needs a name");
	if (!a->organization_id)
		return err_set(e, ERR_INVALID,
		               "asset '%s' has no organization; resolve it "
		               "first",
		               a->name);
	if (a->criticality < 1 || a->criticality > 5)
		return err_set(e, ERR_INVALID,
		               "asset '%s': criticality %d is out of range "
		               "(1 to 5)",
		               a->name, a->criticality);
	if ((int)a->kind < 0 || a->kind >= ASSET_KIND_COUNT)
		return err_set(e, ERR_INVALID, "asset '%s': unknown kind",
		               a->name);
	if (!(st = store_stmt(
	          s, "SELECT sector FROM organization WHERE id = ?1", e)))
		return ERR_DB;
	store_bind_int(st, 1, a->organization_id, false);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		org_sector = store_col_text(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up organization");
	if (step == SQLITE_DONE)
		return err_set(e, ERR_INVALID,
		               "asset '%s': no organization with id %lld",
		               a->name, (long long)a->organization_id);
	if (!a->sector)
		a->sector = org_sector;
	else
		free(org_sector);
	return store_sector_check(s, a->sector, e);
}

int
store_asset_upsert(struct store *s, struct asset *a, bool *changed,
                   struct err *e)
{
	const char *source =
	    a->meta.source ? a->meta.source : RECORD_SOURCE_LOCAL;
	struct asset_found f = {0};
	const char **cpes = NULL;
	size_t n_cpes = 0;
	bool is_own_tx, row_changed = false, cpe_changed = true;
	int64_t now = time_now();
	int rc;

	if (changed)
		*changed = false;
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if ((rc = validate(s, a, e)) || (rc = cpe_set(a, &cpes, &n_cpes, e)))
		goto out;
	if ((rc = find_existing(s, source, a, &f, e)))
		goto out;
	if (f.id && f.is_local) {
		a->meta.id = f.id;
		cpe_changed = false;
		goto out;
	}
	if ((rc = write_row(s, source, a, &f, now, &row_changed, e)))
		goto out;
	if (f.id &&
	    (rc = cpes_differ(s, a->meta.id, cpes, n_cpes, &cpe_changed, e)))
		goto out;
	if (cpe_changed &&
	    (rc = cpes_replace(s, a->meta.id, !f.id, cpes, n_cpes, e)))
		goto out;
	/* other names: match them against the CVEs (store/exposure.h) */
	if (cpe_changed &&
	    (rc = store_exposure_match_asset(s, a->meta.id, NULL, e)))
		goto out;
	/* a higher criticality may make its exposures qualify */
	if (row_changed &&
	    (rc = store_exposure_alerts_of_asset(s, a->meta.id, e)))
		goto out;
	if (cpe_changed && !row_changed)
		rc = store_touch(
		    s, "UPDATE asset SET updated_at = ?2 WHERE id = ?1",
		    a->meta.id, now, "cannot save asset", e);
out:
	free(cpes);
	asset_found_release(&f);
	rc = store_tx_leave(s, is_own_tx, rc, e);
	if (!rc && changed)
		*changed = row_changed || cpe_changed;
	return rc;
}

int
store_asset_get(struct store *s, int64_t id, struct asset *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	asset_init(out);
	st = store_stmt(
	    s, "SELECT " STORE_ROW_ASSET_COLS " FROM asset WHERE asset.id = ?1",
	    e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, id, false);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		store_row_read_asset(st, 0, out);
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no asset with id %lld",
		               (long long)id);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot read asset");
	if ((rc = store_read_strings(s, sql_cpes, id, &out->cpes,
	                             "cannot read asset CPEs", e)))
		asset_release(out);
	return rc;
}

/*
 * Pick the best-scoring row of a (id, score) query: 0 and *id set, or
 * *ties > 1 when the best score is shared, or *id 0 when nothing matched.
 */
static int
pick_best(struct store *s, sqlite3_stmt *st, int64_t *id, int *ties,
          struct err *e)
{
	int64_t best = -1;
	int step;

	*id = 0;
	*ties = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t score = sqlite3_column_int64(st, 1);

		if (score > best) {
			best = score;
			*id = sqlite3_column_int64(st, 0);
			*ties = 1;
		} else if (score == best) {
			(*ties)++;
		}
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot look up asset");
	return 0;
}

int
store_asset_find(struct store *s, const char *source, const char *ref,
                 int64_t *id, struct err *e)
{
	sqlite3_stmt *st;
	int ties = 0, rc;

	*id = 0;
	if (!ref || !*ref)
		return err_set(e, ERR_INVALID, "no asset named");
	if (source) {
		if (!(st = store_stmt(s,
		                      "SELECT id, 0 FROM asset "
		                      "WHERE source = ?1 AND remote_id = ?2",
		                      e)))
			return ERR_DB;
		store_bind_text(st, 1, source);
		store_bind_text(st, 2, ref);
		if ((rc = pick_best(s, st, id, &ties, e)) || *id)
			return rc;
	}
	/* "ORG/NAME": try each '/' as the separator, names may hold one. */
	for (const char *p = strchr(ref, '/'); p; p = strchr(p + 1, '/')) {
		char *org = xstrndup(ref, (size_t)(p - ref));

		st = store_stmt(s,
		                "SELECT a.id, (o.name = ?1) + (a.name = ?2) "
		                "FROM asset a JOIN organization o "
		                "ON o.id = a.organization_id "
		                "WHERE o.name = ?1 COLLATE NOCASE "
		                "AND a.name = ?2 COLLATE NOCASE",
		                e);
		if (st) {
			store_bind_text(st, 1, org);
			store_bind_text(st, 2, p + 1);
		}
		free(org);
		if (!st)
			return ERR_DB;
		if ((rc = pick_best(s, st, id, &ties, e)))
			return rc;
		if (*id)
			break;
	}
	if (!*id) {
		if (!(st = store_stmt(s,
		                      "SELECT id, name = ?1 FROM asset "
		                      "WHERE name = ?1 COLLATE NOCASE",
		                      e)))
			return ERR_DB;
		store_bind_text(st, 1, ref);
		if ((rc = pick_best(s, st, id, &ties, e)))
			return rc;
	}
	if (!*id)
		return err_set(e, ERR_NOTFOUND, "unknown asset '%s'", ref);
	if (ties > 1) {
		*id = 0;
		return err_set(e, ERR_CONFLICT,
		               "asset name '%s' is used by %d assets; name it "
		               "as ORGANIZATION/NAME",
		               ref, ties);
	}
	return 0;
}

int
store_asset_match(struct store *s, const char *value, bool is_ip, int64_t *ids,
                  size_t max, size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	char *lower;
	int step;

	if (!value || !*value || *n >= max)
		return 0;
	st = store_stmt(s,
	                is_ip ? "SELECT id FROM asset WHERE ip = ?1 "
	                        "AND ?2 IS NOT NULL ORDER BY id LIMIT ?3"
	                      : "SELECT id FROM asset WHERE hostname IN "
	                        "(?1, ?2) ORDER BY id LIMIT ?3",
	                e);
	if (!st)
		return ERR_DB;
	lower = xstrdup(value);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	store_bind_text(st, 1, value);
	store_bind_text(st, 2, lower);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		int64_t id = sqlite3_column_int64(st, 0);
		bool is_known = false;

		for (size_t i = 0; i < *n && !is_known; i++)
			is_known = ids[i] == id;
		if (!is_known)
			ids[(*n)++] = id;
	}
	sqlite3_reset(st);
	free(lower);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot match assets");
	return 0;
}
