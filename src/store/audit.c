/*
 * The audit chain. Entry n stores prev_hash (the hash of entry n - 1, or 64
 * zeros for the first) and hash = SHA-256 over its own fields (see
 * include/centinela/store/audit.h); ids are dense from 1. The audit_head row
 * records the last id and hash, so that deleting entries from the tail is
 * caught too. Append refuses to extend a chain whose head does not match
 * its last entry: otherwise a truncation followed by an append would write
 * a fresh, consistent head over the evidence.
 *
 * Append stores empty optional fields as NULL and hashes NULL as "", so a
 * stored "" can only come from an edit; verify reports it.
 */
#include "centinela/store/audit.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

#define ZERO_HASH AUDIT_ZERO_HASH

static const char *
null_if_empty(const char *v)
{
	return v && *v ? v : NULL;
}

/*
 * The last entry's id and hash, checked against the head. *last_id is 0
 * for an empty chain.
 */
static int
chain_tail(struct store *s, int64_t *last_id, char *last_hash, struct err *e)
{
	sqlite3_stmt *st =
	    store_stmt(s,
	               "SELECT a.id, a.hash, h.last_id, h.last_hash "
	               "FROM (SELECT 1) LEFT JOIN (SELECT id, hash FROM audit "
	               "ORDER BY id DESC LIMIT 1) a LEFT JOIN audit_head h "
	               "ON h.singleton = 1",
	               e);
	bool is_ok;
	int rc = 0;

	if (!st)
		return ERR_DB;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = store_db_err(s, e, "cannot read the audit chain");
		goto out;
	}
	*last_id = sqlite3_column_int64(st, 0);
	snprintf(last_hash, SHA256_HEX_LEN + 1, "%s",
	         *last_id ? (const char *)sqlite3_column_text(st, 1)
	                  : ZERO_HASH);
	if (*last_id)
		is_ok = sqlite3_column_type(st, 2) != SQLITE_NULL &&
		        sqlite3_column_int64(st, 2) == *last_id &&
		        sqlite3_column_text(st, 3) &&
		        strcmp((const char *)sqlite3_column_text(st, 3),
		               last_hash) == 0;
	else
		is_ok = sqlite3_column_type(st, 2) == SQLITE_NULL;
	if (!is_ok)
		rc = err_set(e, ERR_CORRUPT,
		             "the audit trail is damaged (its head does not "
		             "match its last entry); run 'centinela audit "
		             "verify' and keep a copy of the cache");
out:
	sqlite3_reset(st);
	return rc;
}

int
store_audit_append(struct store *s, const char *actor, const char *action,
                   const char *entity, const char *entity_ref,
                   const char *detail, struct err *e)
{
	char prev[SHA256_HEX_LEN + 1], hash[SHA256_HEX_LEN + 1];
	char idbuf[24], atbuf[24];
	char *actor_ok = NULL, *ref_ok = NULL, *detail_ok = NULL;
	struct audit_fields f;
	bool is_own_tx;
	int64_t last_id = 0, now = time_now();
	sqlite3_stmt *st;
	int rc;

	if (!actor || !*actor || !action || !*action)
		return err_set(e, ERR_INVALID,
		               "an audit entry needs an actor and an action");
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if ((rc = chain_tail(s, &last_id, prev, e)))
		goto out;
	snprintf(idbuf, sizeof(idbuf), "%" PRId64, last_id + 1);
	snprintf(atbuf, sizeof(atbuf), "%" PRId64, now);
	/* Texts from outside (a file name, an argument) may not be UTF-8:
	 * the chain holds them repaired, so an export verifies elsewhere. */
	actor_ok = utf8_repair(actor);
	ref_ok = utf8_repair(null_if_empty(entity_ref));
	detail_ok = utf8_repair(null_if_empty(detail));
	f = (struct audit_fields){
	    .prev_hash = prev,
	    .id = idbuf,
	    .at = atbuf,
	    .actor = actor_ok,
	    .action = action,
	    .entity = null_if_empty(entity),
	    .entity_ref = ref_ok,
	    .detail = detail_ok,
	};
	audit_fields_hash(&f, hash);
	if (!(st = store_stmt(s,
	                      "INSERT INTO audit(id, at, actor, action, "
	                      "entity, entity_ref, detail, prev_hash, hash) "
	                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	                      e))) {
		rc = ERR_DB;
		goto out;
	}
	store_bind_int(st, 1, last_id + 1, false);
	store_bind_int(st, 2, now, false);
	store_bind_text(st, 3, f.actor);
	store_bind_text(st, 4, f.action);
	store_bind_text(st, 5, f.entity);
	store_bind_text(st, 6, f.entity_ref);
	store_bind_text(st, 7, f.detail);
	store_bind_text(st, 8, prev);
	store_bind_text(st, 9, hash);
	if ((rc =
	         store_step_done(s, st, "cannot append to the audit trail", e)))
		goto out;
	if (!(st = store_stmt(s,
	                      "INSERT INTO audit_head(singleton, last_id, "
	                      "last_hash) VALUES (1, ?1, ?2) "
	                      "ON CONFLICT(singleton) DO UPDATE SET "
	                      "last_id = excluded.last_id, "
	                      "last_hash = excluded.last_hash",
	                      e))) {
		rc = ERR_DB;
		goto out;
	}
	store_bind_int(st, 1, last_id + 1, false);
	store_bind_text(st, 2, hash);
	rc = store_step_done(s, st, "cannot update the audit head", e);
out:
	free(actor_ok);
	free(ref_ok);
	free(detail_ok);
	return store_tx_leave(s, is_own_tx, rc, e);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Check one row against the expected id and previous hash. */
static int
check_entry(struct sha256 *h, sqlite3_stmt *st, int64_t expect_id,
            const char *expect_prev, struct audit_verify *r, struct err *e)
{
	int64_t id = sqlite3_column_int64(st, 0);
	char hash[SHA256_HEX_LEN + 1];
	struct audit_fields f = {
	    .prev_hash = col(st, 7),
	    .id = col(st, 0),
	    .at = col(st, 1),
	    .actor = col(st, 2),
	    .action = col(st, 3),
	    .entity = col(st, 4),
	    .entity_ref = col(st, 5),
	    .detail = col(st, 6),
	};
	const char *stored = col(st, 8);

	if (id > expect_id) {
		r->first_bad_id = expect_id;
		return err_set(e, ERR_CORRUPT,
		               "entry %" PRId64 " is missing (deleted)",
		               expect_id);
	}
	r->first_bad_id = id;
	if (id < expect_id)
		return err_set(e, ERR_CORRUPT,
		               "entry %" PRId64 " is out of sequence "
		               "(inserted)",
		               id);
	audit_fields_hash_with(h, &f, hash);
	if (!stored || strcmp(stored, hash) != 0 || !f.prev_hash ||
	    sqlite3_column_type(st, 1) != SQLITE_INTEGER ||
	    (f.entity && !*f.entity) || (f.entity_ref && !*f.entity_ref) ||
	    (f.detail && !*f.detail))
		return err_set(e, ERR_CORRUPT,
		               "entry %" PRId64 ": hash does not match its "
		               "contents (edited)",
		               id);
	if (strcmp(f.prev_hash, expect_prev) != 0)
		return err_set(e, ERR_CORRUPT,
		               "entry %" PRId64
		               " does not follow entry %" PRId64
		               " (reordered, or an entry was replaced)",
		               id, id - 1);
	r->first_bad_id = 0;
	return 0;
}

/* Compare the end of an intact chain with the head row. */
static int
check_head(struct store *s, int64_t last_id, const char *last_hash,
           struct audit_verify *r, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
	    e);
	int64_t head_id;
	int rc = 0, step;

	if (!st)
		return ERR_DB;
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		if (last_id) {
			r->first_bad_id = last_id;
			rc = err_set(e, ERR_CORRUPT,
			             "the audit head is missing but the chain "
			             "ends at entry %" PRId64 " (head deleted)",
			             last_id);
		}
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = store_db_err(s, e, "cannot read the audit head");
		goto out;
	}
	head_id = sqlite3_column_int64(st, 0);
	if (head_id > last_id) {
		r->first_bad_id = last_id + 1;
		rc = err_set(e, ERR_CORRUPT,
		             "chain ends at entry %" PRId64 " but the head "
		             "records %" PRId64 " (truncated)",
		             last_id, head_id);
	} else if (head_id < last_id) {
		r->first_bad_id = head_id + 1;
		rc = err_set(e, ERR_CORRUPT,
		             "entry %" PRId64 " lies past the head, which "
		             "records %" PRId64 " (entries added outside "
		             "centinela, or the head was forged)",
		             head_id + 1, head_id);
	} else if (!col(st, 1) || strcmp(col(st, 1), last_hash) != 0) {
		r->first_bad_id = last_id;
		rc = err_set(e, ERR_CORRUPT,
		             "entry %" PRId64 ": the head records another "
		             "hash for it (head forged)",
		             last_id);
	}
out:
	sqlite3_reset(st);
	return rc;
}

/*
 * One pass over the rows in id order with one prepared statement and one
 * hashing context: nothing is allocated per entry (a million entries are
 * checked in about a second; see tests/bench).
 */
int
store_audit_verify(struct store *s, struct audit_verify *r, struct err *e)
{
	char prev[SHA256_HEX_LEN + 1] = ZERO_HASH;
	struct sha256 *h = NULL;
	sqlite3_stmt *st;
	int64_t expect = 1;
	int step, rc = 0;

	memset(r, 0, sizeof(*r));
	st = store_stmt(s,
	                "SELECT id, at, actor, action, entity, entity_ref, "
	                "detail, prev_hash, hash FROM audit ORDER BY id",
	                e);
	if (!st)
		return ERR_DB;
	/* the walk reads the table once, in order: mapped, the pages are not
	 * copied through the page cache (best effort; unmapped after) */
	store_exec(s, "PRAGMA mmap_size = 4294967296", NULL);
	h = sha256_new();
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = check_entry(h, st, expect, prev, r, e)))
			goto out;
		/* it matched the hash computed: 64 hex digits */
		memcpy(prev, col(st, 8), SHA256_HEX_LEN);
		r->entries++;
		expect++;
	}
	if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, "cannot read the audit trail");
		goto out;
	}
	if (r->entries)
		memcpy(r->head_hash, prev, sizeof(prev));
	sqlite3_reset(st);
	st = NULL;
	rc = check_head(s, expect - 1, r->head_hash, r, e);
out:
	if (st)
		sqlite3_reset(st);
	store_exec(s, "PRAGMA mmap_size = 0", NULL);
	sha256_free(h);
	return rc;
}

static char *
dup_or_null(sqlite3_stmt *st, int i)
{
	const char *v = col(st, i);

	return v ? xstrdup(v) : NULL;
}

static int
audit_head(struct store *s, int64_t *last_id, char *last_hash, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
	    e);
	int rc = 0, step;

	*last_id = 0;
	snprintf(last_hash, SHA256_HEX_LEN + 1, "%s", ZERO_HASH);
	if (!st)
		return ERR_DB;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*last_id = sqlite3_column_int64(st, 0);
		snprintf(last_hash, SHA256_HEX_LEN + 1, "%s",
		         col(st, 1) ? col(st, 1) : "");
	} else if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, "cannot read the audit head");
	}
	sqlite3_reset(st);
	return rc;
}

/* Call fn for every entry, oldest first. */
static int
audit_walk(struct store *s, int (*fn)(const struct audit_entry *a, void *ctx),
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
		         col(st, 7) ? col(st, 7) : "");
		snprintf(a.hash, sizeof(a.hash), "%s",
		         col(st, 8) ? col(st, 8) : "");
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
	bool is_own = sqlite3_get_autocommit(s->db);
	int rc;

	if (is_own && (rc = store_exec(s, "BEGIN", e)))
		return rc;
	if (!(rc = audit_head(s, head_id, head_hash, e)))
		rc = audit_walk(s, fn, ctx, e);
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
	         col(st, 7) ? col(st, 7) : "");
	snprintf(a->hash, sizeof(a->hash), "%s", col(st, 8) ? col(st, 8) : "");
}

#define ENTRY_COLUMNS                                                          \
	"id, at, actor, action, entity, entity_ref, detail, prev_hash, hash"

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
