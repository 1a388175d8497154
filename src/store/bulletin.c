/*
 * Bulletins (advisories) keyed by reference, with the CVEs they cover and
 * the sectors they target. See include/centinela/store/bulletin.h.
 *
 * A bulletin record is whole: its lists replace the stored ones, but only
 * when the sets differ, so an identical upsert writes nothing. Dirty and
 * conflicting rows are never overwritten.
 */
#include "centinela/store/bulletin.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/vulnerability.h"
#include "internal.h"
#include "rows.h"

/*
 * ?1 source, ?2 remote_id, ?3 version, ?4 local_state, ?5 reference,
 * ?6 title, ?7 summary, ?8 body, ?9 tlp, ?10 severity, ?11 status,
 * ?12 published_at, ?13 now.
 */
static const char sql_upsert[] =
    "INSERT INTO bulletin(source, remote_id, version, local_state, "
    "reference, title, summary, body, tlp, severity, status, "
    "published_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13) "
    "ON CONFLICT(reference) DO UPDATE SET "
    "remote_id = coalesce(excluded.remote_id, remote_id), version = "
    "excluded.version, title = excluded.title, summary = "
    "excluded.summary, body = excluded.body, tlp = excluded.tlp, "
    "severity = excluded.severity, status = excluded.status, "
    "published_at = excluded.published_at, updated_at = "
    "excluded.updated_at "
    "WHERE bulletin.local_state = 'synced' AND ("
    "coalesce(excluded.remote_id, remote_id) IS NOT remote_id OR "
    "version IS NOT excluded.version OR title IS NOT excluded.title OR "
    "summary IS NOT excluded.summary OR body IS NOT excluded.body OR "
    "tlp IS NOT excluded.tlp OR severity IS NOT excluded.severity OR "
    "status IS NOT excluded.status OR published_at IS NOT "
    "excluded.published_at) "
    "RETURNING id";

static const char sql_find[] =
    "SELECT id, local_state FROM bulletin WHERE reference = ?1";
static const char sql_touch[] =
    "UPDATE bulletin SET updated_at = ?2 WHERE id = ?1";
static const char sql_sector_known[] = "SELECT 1 FROM sector WHERE code = ?1";

/* The two lists, as one table of constant statements each. */
struct list_sql {
	const char *read;   /* values of ?1, sorted */
	const char *clear;  /* delete all of ?1 */
	const char *insert; /* add (?1, ?2) */
};

static const struct list_sql cve_sql = {
    "SELECT cve_id FROM bulletin_cve WHERE bulletin_id = ?1 ORDER BY "
    "cve_id",
    "DELETE FROM bulletin_cve WHERE bulletin_id = ?1",
    "INSERT OR IGNORE INTO bulletin_cve(bulletin_id, cve_id) VALUES (?1, "
    "?2)",
};

static const struct list_sql sector_sql = {
    "SELECT sector FROM bulletin_sector WHERE bulletin_id = ?1 ORDER BY "
    "sector",
    "DELETE FROM bulletin_sector WHERE bulletin_id = ?1",
    "INSERT OR IGNORE INTO bulletin_sector(bulletin_id, sector) VALUES "
    "(?1, ?2)",
};

static const char sql_get[] =
    "SELECT id, source, remote_id, version, local_state, created_at, "
    "updated_at, reference, title, summary, body, tlp, severity, status, "
    "published_at FROM bulletin WHERE reference = ?1";

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Read the sorted values of a list of bulletin id into sv. */
static int
list_read(struct store *s, const struct list_sql *q, int64_t id,
          struct strvec *sv, struct err *e)
{
	return store_read_strings(s, q->read, id, sv,
	                          "cannot read bulletin lists", e);
}

/* Replace the list when the stored set differs from want; *wrote says. */
static int
list_sync(struct store *s, const struct list_sql *q, int64_t id,
          const struct strvec *want, bool *wrote, struct err *e)
{
	const char **sorted = NULL;
	struct strvec have;
	size_t n = 0;
	sqlite3_stmt *st;
	int rc;

	strvec_init(&have);
	if ((rc = list_read(s, q, id, &have, e)))
		goto out;
	if (want->n) {
		sorted = xreallocarray(NULL, want->n, sizeof(*sorted));
		memcpy(sorted, want->v, want->n * sizeof(*sorted));
		qsort(sorted, want->n, sizeof(*sorted), cmp_str);
		for (size_t i = 0; i < want->n; i++)
			if (!n || strcmp(sorted[n - 1], sorted[i]) != 0)
				sorted[n++] = sorted[i];
	}
	if (n == have.n) {
		size_t i = 0;

		while (i < n && strcmp(sorted[i], have.v[i]) == 0)
			i++;
		if (i == n)
			goto out;
	}
	if (!(st = store_stmt(s, q->clear, e))) {
		rc = ERR_DB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_step_done(s, st, "cannot replace bulletin list", e)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (!(st = store_stmt(s, q->insert, e))) {
			rc = ERR_DB;
			goto out;
		}
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2, sorted[i]);
		if ((rc = store_step_done(s, st, "cannot store bulletin list",
		                          e)))
			goto out;
	}
	*wrote = true;
out:
	free(sorted);
	strvec_release(&have);
	return rc;
}

static int
validate(struct store *s, const struct bulletin *b, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	if (!b->reference)
		return err_set(e, ERR_INVALID, "bulletin has no reference");
	if (!b->title)
		return err_set(e, ERR_INVALID, "bulletin '%s' has no title",
		               b->reference);
	if (b->status && strcmp(b->status, "draft") != 0 &&
	    strcmp(b->status, "published") != 0)
		return err_set(e, ERR_INVALID,
		               "bulletin '%s' has status '%s' (known: draft, "
		               "published)",
		               b->reference, b->status);
	if (b->severity < SEVERITY_INFO || b->severity > SEVERITY_CRITICAL ||
	    (int)b->tlp < TLP_CLEAR || b->tlp > TLP_RED)
		return err_set(e, ERR_INVALID,
		               "bulletin '%s' has severity %d or tlp %d out of "
		               "range",
		               b->reference, (int)b->severity, (int)b->tlp);
	for (size_t i = 0; i < b->cve_ids.n; i++)
		if (!cve_id_valid(b->cve_ids.v[i]))
			return err_set(e, ERR_INVALID,
			               "bulletin '%s' lists '%s', not a CVE id "
			               "(CVE-YYYY-NNNN)",
			               b->reference, b->cve_ids.v[i]);
	for (size_t i = 0; i < b->sectors.n; i++) {
		if (!(st = store_stmt(s, sql_sector_known, e)))
			return ERR_DB;
		store_bind_text(st, 1, b->sectors.v[i]);
		step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step == SQLITE_DONE)
			return err_set(e, ERR_INVALID,
			               "bulletin '%s' targets unknown sector "
			               "'%s' (see `sector list`)",
			               b->reference, b->sectors.v[i]);
		if (step != SQLITE_ROW)
			return store_db_err(s, e, "cannot check sector");
	}
	return 0;
}

int
store_bulletin_upsert(struct store *s, struct bulletin *b, bool *changed,
                      struct err *e)
{
	int64_t id = 0, now = time_now();
	bool is_synced = true, is_changed = false, wrote = false;
	sqlite3_stmt *st;
	int rc;

	if (changed)
		*changed = false;
	if ((rc = validate(s, b, e)))
		return rc;
	if (!(st = store_stmt(s, sql_upsert, e)))
		return ERR_DB;
	store_bind_text(st, 1,
	                b->meta.source ? b->meta.source : RECORD_SOURCE_LOCAL);
	store_bind_text(st, 2, b->meta.remote_id);
	store_bind_int(st, 3, b->meta.version, false);
	store_bind_text(st, 4, local_state_name(b->meta.local_state));
	store_bind_text(st, 5, b->reference);
	store_bind_text(st, 6, b->title);
	store_bind_text(st, 7, b->summary);
	store_bind_text(st, 8, b->body);
	store_bind_int(st, 9, b->tlp, false);
	store_bind_int(st, 10, b->severity, false);
	store_bind_text(st, 11, b->status ? b->status : "draft");
	store_bind_int(st, 12, b->published_at, true);
	store_bind_int(st, 13, now, false);
	if ((rc = store_upsert_returning(
	         s, st, sql_find, b->reference, &id, &is_changed, &is_synced,
	         "cannot store bulletin", "cannot look up bulletin", e)))
		return rc;
	if (is_synced &&
	    ((rc = list_sync(s, &cve_sql, id, &b->cve_ids, &wrote, e)) ||
	     (rc = list_sync(s, &sector_sql, id, &b->sectors, &wrote, e))))
		return rc;
	if (wrote && !is_changed) {
		is_changed = true;
		if ((rc = store_touch(s, sql_touch, id, now,
		                      "cannot update bulletin", e)))
			return rc;
	}
	b->meta.id = id;
	if (changed)
		*changed = is_changed;
	return 0;
}

int
store_bulletin_get(struct store *s, const char *reference, struct bulletin *out,
                   struct err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	bulletin_init(out);
	if (!reference)
		return err_set(e, ERR_INVALID, "no bulletin reference given");
	if (!(st = store_stmt(s, sql_get, e)))
		return ERR_DB;
	store_bind_text(st, 1, reference);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		store_row_read_meta(st, 0, &out->meta);
		out->reference = store_col_text(st, 7);
		out->title = store_col_text(st, 8);
		out->summary = store_col_text(st, 9);
		out->body = store_col_text(st, 10);
		out->tlp = (enum tlp)sqlite3_column_int(st, 11);
		out->severity = (enum severity)sqlite3_column_int(st, 12);
		out->status = store_col_text(st, 13);
		out->published_at = sqlite3_column_int64(st, 14);
	}
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "unknown bulletin '%s'",
		               reference);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot read bulletin");
	if ((rc = list_read(s, &cve_sql, out->meta.id, &out->cve_ids, e)) ||
	    (rc = list_read(s, &sector_sql, out->meta.id, &out->sectors, e)))
		bulletin_release(out);
	return rc;
}
