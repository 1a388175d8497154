/*
 * Reading the audit trail: every entry in order (for verify of an
 * export and the JSONL export), pages for the audit view, the count, an
 * incident's entries and the last entry of a kind (handover).
 */
#include "centinela/store/audit.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "audit_internal.h"
#include "internal.h"

static char *
dup_or_null(sqlite3_stmt *st, int i)
{
	const char *v = store_audit_col(st, i);

	return v ? xstrdup(v) : NULL;
}

/* Call fn for every entry, oldest first. */
static int
each_entry(struct store *s, int (*fn)(const struct audit_entry *a, void *ctx),
           void *ctx, struct err *e)
{
	struct audit_entry a;
	sqlite3_stmt *st;
	int rc = 0, step;

	st = store_stmt(s,
	                "SELECT id, at, actor, action, entity, entity_ref, "
	                "detail, prev_hash, hash FROM audit ORDER BY id",
	                e);
	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		audit_entry_init(&a);
		a.id = sqlite3_column_int64(st, 0);
		a.at = sqlite3_column_int64(st, 1);
		a.actor = dup_or_null(st, 2);
		a.action = dup_or_null(st, 3);
		a.entity = dup_or_null(st, 4);
		a.entity_ref = dup_or_null(st, 5);
		a.detail = dup_or_null(st, 6);
		snprintf(a.prev_hash, sizeof(a.prev_hash), "%s",
		         store_audit_col(st, 7) ? store_audit_col(st, 7) : "");
		snprintf(a.hash, sizeof(a.hash), "%s",
		         store_audit_col(st, 8) ? store_audit_col(st, 8) : "");
		rc = fn(&a, ctx);
		audit_entry_release(&a);
		if (rc)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = store_db_err(s, e, "cannot read the audit trail");
out:
	sqlite3_reset(st);
	return rc;
}

int
store_audit_each(struct store *s,
                 int (*fn)(const struct audit_entry *a, void *ctx), void *ctx,
                 int64_t *head_id, char *head_hash, struct err *e)
{
	/* A deferred (read) transaction, so that the head matches the walk
	 * even under --readonly or with a writer in another process. */
	bool is_own = sqlite3_get_autocommit(s->db), has_head;
	int rc;

	if (is_own && (rc = store_exec(s, "BEGIN", e)))
		return rc;
	rc = store_audit_read_head(s, &has_head, head_id, head_hash, e);
	if (!rc && !has_head)
		memcpy(head_hash, ZERO_HASH, SHA256_HEX_LEN + 1);
	if (!rc)
		rc = each_entry(s, fn, ctx, e);
	if (is_own)
		store_exec(s, "ROLLBACK", NULL);
	return rc;
}

/* The entry of the row st is on (columns as in ENTRY_COLUMNS). */
static void
read_row(sqlite3_stmt *st, struct audit_entry *a)
{
	audit_entry_init(a);
	a->id = sqlite3_column_int64(st, 0);
	a->at = sqlite3_column_int64(st, 1);
	a->actor = dup_or_null(st, 2);
	a->action = dup_or_null(st, 3);
	a->entity = dup_or_null(st, 4);
	a->entity_ref = dup_or_null(st, 5);
	a->detail = dup_or_null(st, 6);
	snprintf(a->prev_hash, sizeof(a->prev_hash), "%s",
	         store_audit_col(st, 7) ? store_audit_col(st, 7) : "");
	snprintf(a->hash, sizeof(a->hash), "%s",
	         store_audit_col(st, 8) ? store_audit_col(st, 8) : "");
}

/* Step st (bound) to the end, collecting at most limit rows. */
static int
collect(struct store *s, sqlite3_stmt *st, int limit, struct audit_entry **rows,
        size_t *n, struct err *e)
{
	size_t alloc = 0;
	int step = SQLITE_DONE, rc = 0;

	*rows = NULL;
	*n = 0;
	while ((int)*n < limit && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			*rows = xreallocarray(*rows, alloc, sizeof(**rows));
		}
		read_row(st, &(*rows)[(*n)++]);
	}
	if ((int)*n < limit && step != SQLITE_DONE)
		rc = store_db_err(s, e, "cannot read the audit trail");
	sqlite3_reset(st);
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			audit_entry_release(&(*rows)[i]);
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

int
store_audit_page(struct store *s, int64_t after_id, bool is_reverse, int limit,
                 struct audit_entry **rows, size_t *n, struct err *e)
{
	sqlite3_stmt *st;

	*rows = NULL;
	*n = 0;
	if (is_reverse)
		st = store_stmt(s,
		                "SELECT " ENTRY_COLUMNS " FROM audit "
		                "WHERE id > ?1 ORDER BY id LIMIT ?2",
		                e);
	else
		st = store_stmt(s,
		                "SELECT " ENTRY_COLUMNS " FROM audit "
		                "WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
		                e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, after_id > 0 || is_reverse ? after_id : INT64_MAX,
	               false);
	store_bind_int(st, 2, limit, false);
	return collect(s, st, limit, rows, n, e);
}

int
store_audit_count(struct store *s, int64_t *n, struct err *e)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT coalesce(max(id), 0) FROM audit", e);
	int rc = 0;

	*n = 0;
	if (!st)
		return ERR_DB;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = store_db_err(s, e, "cannot count the audit trail");
	sqlite3_reset(st);
	return rc;
}

int
store_audit_incident(struct store *s, int64_t incident_id,
                     const char *reference, int limit,
                     struct audit_entry **rows, size_t *n, struct err *e)
{
	/* both halves are index lookups (audit_entity); an alert's audit
	 * names it by its id as text */
	sqlite3_stmt *st =
	    store_stmt(s,
	               "SELECT " ENTRY_COLUMNS " FROM audit "
	               "WHERE entity = 'incident' AND entity_ref = ?1 "
	               "UNION ALL "
	               "SELECT " ENTRY_COLUMNS " FROM audit "
	               "WHERE entity = 'alert' AND entity_ref IN "
	               "(SELECT CAST(alert_id AS TEXT) FROM incident_alert "
	               "WHERE incident_id = ?2) "
	               "ORDER BY id DESC LIMIT ?3",
	               e);

	*rows = NULL;
	*n = 0;
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, reference ? reference : "");
	store_bind_int(st, 2, incident_id, false);
	store_bind_int(st, 3, limit, false);
	return collect(s, st, limit, rows, n, e);
}

int
store_audit_last(struct store *s, const char *entity, const char *action,
                 const char *actor, const char *entity_ref, int64_t after_id,
                 struct audit_entry *out, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT " ENTRY_COLUMNS " FROM audit "
	    "WHERE entity = ?1 AND action = ?2 AND (?3 IS NULL OR actor = ?3) "
	    "AND (?4 IS NULL OR entity_ref = ?4) AND id > ?5 "
	    "ORDER BY id DESC LIMIT 1",
	    e);
	int rc = 0, step;

	audit_entry_init(out);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, entity);
	store_bind_text(st, 2, action);
	store_bind_text(st, 3, actor);
	store_bind_text(st, 4, entity_ref);
	store_bind_int(st, 5, after_id, false);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_row(st, out);
	else if (step == SQLITE_DONE)
		rc = err_set(e, ERR_NOTFOUND, "no %s entry in the audit trail",
		             action);
	else
		rc = store_db_err(s, e, "cannot read the audit trail");
	sqlite3_reset(st);
	return rc;
}
