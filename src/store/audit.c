/*
 * The audit chain. Entry n stores prev_hash (the hash of entry n - 1, or 64
 * zeros for the first) and hash = SHA-256 over its own fields (see
 * include/centinela/model/audit.h); ids are dense from 1, except that a
 * seal (a segment's first entry) may skip ids. The audit_head row records
 * the last id and hash, so that deleting entries from the tail is caught
 * too. Append refuses to extend a chain that does not check out:
 * otherwise a truncation followed by an append would write a fresh,
 * consistent head over the evidence, and an edit would be buried under
 * later entries.
 *
 * Append stores empty optional fields as NULL and hashes NULL as "", so a
 * stored "" can only come from an edit; verify reports it.
 *
 * The incremental check. Walking a million entries takes about a second,
 * too much for every change, so audit_check (schema v4) keeps a
 * verification mark: the last entry verified and its hash. An append
 * checks the recorded verdict, then re-hashes the mark's entry, compares
 * its stored hash with the mark's, walks the entries past it (none when
 * this program wrote the last one), checks the head, writes its entry and
 * moves the mark to it, all in the change's transaction. What each kind of
 * tampering through the sqlite3 shell meets:
 *
 * - an edit of the last entry (the mark's): its hash no longer matches its
 *   fields, or its stored hash the mark's;
 * - entries deleted from the tail: the mark's entry is missing, or the
 *   chain ends before the head; the head moved back to match is caught by
 *   the mark, which records a later entry;
 * - entries added past the head, or between the mark and the head: walked,
 *   each must link to the one before;
 * - the mark rewritten: moved back, it only makes the next change walk
 *   more (and re-verify what it passes); moved elsewhere with a hash of its
 *   own, it does not match its entry; deleted, it counts as before entry
 *   1, and the next change walks the whole chain;
 * - an UPDATE, DELETE or INSERT OR REPLACE of an older entry: the triggers
 *   of schema v4 note the lowest entry written (touched_id), and the next
 *   change walks the whole chain once instead (about a second a million);
 *   an edit that changed nothing leaves the chain intact and is forgiven;
 * - an older entry changed with the triggers dropped or disabled
 *   (`.dbconfig enable_trigger off`) and touched_id cleared: only the full
 *   walk of store_audit_verify sees it, as it sees a rewrite of the marks
 *   and the head together; a consistent rewrite of the whole chain only a
 *   head hash kept elsewhere catches.
 *
 * A break found is recorded in audit_check (broken_id and what is wrong),
 * by verify and check in a short transaction of their own, by an append
 * after its caller rolls back (struct audit_found, store_rollback), so
 * that the next change is refused without walking again. Only a seal
 * (store_audit_seal) clears it: it appends an entry that names the first
 * broken entry and commits the broken segment as it stands (model/audit.h),
 * and moves the mark to itself.
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

/* What to do about a broken chain: the end of every refusal. */
#define REFUSAL_HINT                                                           \
	"no change is recorded until the break is dealt with: investigate "    \
	"it ('centinela audit verify'), then run 'centinela audit seal "       \
	"--reason TEXT' to record it in the trail and go on, or restore the "  \
	"cache from a backup"

static const char *
null_if_empty(const char *v)
{
	return v && *v ? v : NULL;
}

const char *
store_audit_col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The row of audit_check: what the incremental check keeps. */
struct check_row {
	int64_t mark_id;                    /* last entry verified, 0: none */
	char mark_hash[SHA256_HEX_LEN + 1]; /* its hash */
	bool is_touched;                    /* an entry was written since
	                                       outside the append path */
	int64_t touched_id;                 /* the lowest such entry */
	int64_t broken_id;                  /* recorded first broken entry */
	int64_t broken_at;                  /* when the break was found */
	char broken_msg[ERR_MSG_MAX];       /* what is wrong with it */
};

/* Read audit_check into *c; a missing row is a mark before entry 1. */
static int
read_check(struct store *s, struct check_row *c, struct err *e)
{
	sqlite3_stmt *st =
	    store_stmt(s,
	               "SELECT mark_id, mark_hash, touched_id, broken_id, "
	               "broken_msg, broken_at FROM audit_check "
	               "WHERE singleton = 1",
	               e);
	int rc = 0, step;

	memset(c, 0, sizeof(*c));
	memcpy(c->mark_hash, ZERO_HASH, sizeof(c->mark_hash));
	if (!st)
		return ERR_DB;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		c->mark_id = sqlite3_column_int64(st, 0);
		snprintf(c->mark_hash, sizeof(c->mark_hash), "%s",
		         store_audit_col(st, 1) ? store_audit_col(st, 1) : "");
		c->is_touched = sqlite3_column_type(st, 2) != SQLITE_NULL;
		c->touched_id = sqlite3_column_int64(st, 2);
		c->broken_id = sqlite3_column_int64(st, 3);
		snprintf(c->broken_msg, sizeof(c->broken_msg), "%s",
		         store_audit_col(st, 4) ? store_audit_col(st, 4)
		                                : "the chain is broken");
		c->broken_at = sqlite3_column_int64(st, 5);
	} else if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, "cannot read the audit check");
	}
	sqlite3_reset(st);
	return rc;
}

int
store_audit_read_head(struct store *s, bool *has_head, int64_t *head_id,
                      char *head_hash, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
	    e);
	int rc = 0, step;

	*has_head = false;
	*head_id = 0;
	head_hash[0] = '\0';
	if (!st)
		return ERR_DB;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*has_head = true;
		*head_id = sqlite3_column_int64(st, 0);
		snprintf(head_hash, SHA256_HEX_LEN + 1, "%s",
		         store_audit_col(st, 1) ? store_audit_col(st, 1) : "");
	} else if (step != SQLITE_DONE) {
		rc = store_db_err(s, e, "cannot read the audit head");
	}
	sqlite3_reset(st);
	return rc;
}

/* A walk and what it found: the message of the current segment's break. */
struct walk_state {
	struct audit_walk w;           /* the walk */
	const struct check_row *c;     /* audit_check as read (borrowed) */
	bool is_mark_seen;             /* the mark's entry was walked over */
	struct strbuf msg;             /* what is wrong with w.bad_id */
	int64_t head_id;               /* the head row's last_id */
	char head[SHA256_HEX_LEN + 1]; /* and its last_hash */
	bool has_head;                 /* there is a head row */
};

/* Say what is wrong with the entry l broke its segment with. */
static void
say_bad(struct strbuf *msg, const struct audit_link *l,
        const struct audit_step *st)
{
	strbuf_reset(msg);
	if (st->bad & AUDIT_BAD_GAP)
		strbuf_addf(msg, "entry %" PRId64 " is missing (deleted)",
		            st->expect_id);
	else if (st->bad & AUDIT_BAD_ORDER)
		strbuf_addf(msg,
		            "entry %" PRId64 " is out of sequence (inserted)",
		            l->id);
	else if (st->bad & AUDIT_BAD_HASH)
		strbuf_addf(msg,
		            "entry %" PRId64 ": hash does not match its "
		            "contents (edited)",
		            l->id);
	else
		strbuf_addf(msg,
		            "entry %" PRId64 " does not follow entry %" PRId64
		            " (reordered, or an entry was replaced)",
		            l->id, l->id - 1);
}

/* A break only the store sees: at id, described by fmt. */
static void say_break(struct walk_state *ws, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
say_break(struct walk_state *ws, int64_t id, const char *fmt, ...)
{
	va_list ap;

	if (!audit_walk_break(&ws->w, id, false))
		return;
	strbuf_reset(&ws->msg);
	va_start(ap, fmt);
	strbuf_vaddf(&ws->msg, fmt, ap);
	va_end(ap);
}

/* Step the walk over the rows of st (bound), checking the mark on the way. */
static int
walk_rows(struct store *s, sqlite3_stmt *st, struct walk_state *ws,
          struct err *e)
{
	const struct check_row *c = ws->c;
	struct audit_step step;
	int rc = 0, got;

	while ((got = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_link l = {
		    .id = sqlite3_column_int64(st, 0),
		    .at = sqlite3_column_int64(st, 1),
		    .actor = store_audit_col(st, 2),
		    .action = store_audit_col(st, 3),
		    .entity = store_audit_col(st, 4),
		    .entity_ref = store_audit_col(st, 5),
		    .detail = store_audit_col(st, 6),
		    .prev_hash = store_audit_col(st, 7),
		    .hash = store_audit_col(st, 8),
		    .is_malformed =
		        sqlite3_column_type(st, 1) != SQLITE_INTEGER,
		};

		audit_walk_step(&ws->w, &l, &step);
		if (step.bad)
			say_bad(&ws->msg, &l, &step);
		if (c->mark_id > 0 && l.id == c->mark_id) {
			ws->is_mark_seen = true;
			if (!l.hash || strcmp(l.hash, c->mark_hash) != 0)
				say_break(ws, l.id,
				          "entry %" PRId64 ": the verification "
				          "mark records another hash for it "
				          "(the chain was rewritten from there "
				          "on, or the mark forged)",
				          l.id);
		}
	}
	if (got != SQLITE_DONE)
		rc = store_db_err(s, e, "cannot read the audit trail");
	sqlite3_reset(st);
	return rc;
}

/*
 * The end of a walk whose last segment holds: the head and the mark must
 * name its last entry (or one before it, for the mark).
 */
static void
check_end(struct walk_state *ws)
{
	int64_t last_id = ws->w.last_id;
	const char *last_hash = ws->w.prev;

	if (ws->w.bad_id)
		return;
	if (!ws->has_head) {
		if (last_id)
			say_break(ws, last_id,
			          "the audit head is missing but the chain "
			          "ends at entry %" PRId64 " (head deleted)",
			          last_id);
	} else if (ws->head_id > last_id) {
		say_break(ws, last_id + 1,
		          "chain ends at entry %" PRId64 " but the head "
		          "records %" PRId64 " (truncated)",
		          last_id, ws->head_id);
	} else if (ws->head_id < last_id) {
		say_break(ws, ws->head_id + 1,
		          "entry %" PRId64 " lies past the head, which "
		          "records %" PRId64 " (entries added outside "
		          "centinela, or the head was forged)",
		          ws->head_id + 1, ws->head_id);
	} else if (strcmp(ws->head, last_hash) != 0) {
		say_break(ws, last_id,
		          "entry %" PRId64 ": the head records another "
		          "hash for it (head forged)",
		          last_id);
	}
	if (ws->c->mark_id > last_id)
		say_break(ws, last_id + 1,
		          "chain ends at entry %" PRId64 " but entry %" PRId64
		          " was verified (truncated, and the head moved back "
		          "to match)",
		          last_id, ws->c->mark_id);
	else if (ws->c->mark_id > 0 && !ws->is_mark_seen)
		say_break(ws, ws->c->mark_id,
		          "entry %" PRId64 ", which was verified, is missing "
		          "(deleted)",
		          ws->c->mark_id);
}

/*
 * Walk the whole chain into ws (initialised by the caller with c): one
 * pass over the rows in id order with one prepared statement and one
 * hashing context, nothing allocated per entry (a million entries are
 * checked in about a second; see tests/bench).
 */
static int
walk_all(struct store *s, struct walk_state *ws, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st =
	    store_stmt(s, "SELECT " ENTRY_COLUMNS " FROM audit ORDER BY id", e);
	if (!st)
		return ERR_DB;
	/* the walk reads the table once, in order: mapped, the pages are not
	 * copied through the page cache (best effort; unmapped after) */
	store_exec(s, "PRAGMA mmap_size = 4294967296", NULL);
	rc = walk_rows(s, st, ws, e);
	store_exec(s, "PRAGMA mmap_size = 0", NULL);
	return rc;
}

/*
 * Walk from the mark: re-hash its entry (taking its link to the one before
 * as verified), then the entries after it. Without the mark's entry, the
 * break is said here.
 */
static int
walk_from_mark(struct store *s, struct walk_state *ws, struct err *e)
{
	const struct check_row *c = ws->c;
	sqlite3_stmt *st;
	int64_t max_id = 0;
	int rc, step;
	char prev[SHA256_HEX_LEN + 1] = "";

	st = store_stmt(s, "SELECT prev_hash FROM audit WHERE id = ?1", e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, c->mark_id, false);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		snprintf(prev, sizeof(prev), "%s",
		         store_audit_col(st, 0) ? store_audit_col(st, 0) : "");
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read the audit trail");
	audit_walk_resume(&ws->w, c->mark_id - 1, prev);
	if (step == SQLITE_DONE) {
		st = store_stmt(s, "SELECT coalesce(max(id), 0) FROM audit", e);
		if (!st || store_step_int64(s, st, &max_id,
		                            "cannot read the audit trail", e))
			return ERR_DB;
		ws->w.last_id = max_id;
		if (max_id < c->mark_id)
			say_break(ws, max_id + 1,
			          "chain ends at entry %" PRId64
			          " but entry %" PRId64 " was verified "
			          "(truncated)",
			          max_id, c->mark_id);
		else
			say_break(ws, c->mark_id,
			          "entry %" PRId64 ", the last one verified, "
			          "is missing (deleted)",
			          c->mark_id);
		return 0;
	}
	st = store_stmt(s,
	                "SELECT " ENTRY_COLUMNS " FROM audit WHERE id >= ?1 "
	                "ORDER BY id",
	                e);
	if (!st)
		return ERR_DB;
	store_bind_int(st, 1, c->mark_id, false);
	rc = walk_rows(s, st, ws, e);
	return rc;
}

/*
 * Walk (the whole chain when is_full, or when an entry was written outside
 * the append path, or there is no mark; else from the mark) and fill r.
 * Returns 0, ERR_CORRUPT with the message, or ERR_DB. ws->c must be set;
 * ws is left for the caller (the walk's end, to append or seal).
 */
static int
walk_chain(struct store *s, struct walk_state *ws, bool is_full,
           struct audit_verify *r, struct err *e)
{
	const struct check_row *c = ws->c;
	char at[TIME_ISO_MAX];
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = store_audit_read_head(s, &ws->has_head, &ws->head_id,
	                                ws->head, e)))
		return rc;
	if (is_full || c->is_touched || c->mark_id <= 0)
		rc = walk_all(s, ws, e);
	else
		rc = walk_from_mark(s, ws, e);
	if (rc)
		return rc;
	check_end(ws);
	r->entries = ws->w.entries;
	r->seals = ws->w.seals;
	r->last_seal = ws->w.last_seal;
	if (ws->w.bad_id) {
		r->first_bad_id = ws->w.bad_id;
		if (ws->w.bad_seal_id)
			strbuf_addf(&ws->msg,
			            "; the seal at entry %" PRId64 " does not "
			            "hold (it, or an entry it sealed, was "
			            "changed after sealing)",
			            ws->w.bad_seal_id);
		return err_set(e, ERR_CORRUPT, "%s", ws->msg.buf);
	}
	if (ws->w.last_id)
		memcpy(r->head_hash, ws->w.prev, sizeof(r->head_hash));
	if (c->broken_id) {
		r->first_bad_id = c->broken_id;
		r->is_recorded = true;
		time_format_iso8601(c->broken_at, at);
		return err_set(e, ERR_CORRUPT,
		               "%s (found %s; the entries check out now: "
		               "they were changed back)",
		               c->broken_msg, at);
	}
	return 0;
}

static void
walk_state_init(struct walk_state *ws, const struct check_row *c)
{
	memset(ws, 0, sizeof(*ws));
	ws->c = c;
	strbuf_init(&ws->msg);
	audit_walk_init(&ws->w);
}

static void
walk_state_release(struct walk_state *ws)
{
	audit_walk_release(&ws->w);
	strbuf_release(&ws->msg);
}

/* The message of a change refused on a broken chain, around *e's. */
static int
refuse(struct err *e)
{
	char what[ERR_MSG_MAX];

	snprintf(what, sizeof(what), "%s", e ? e->msg : "");
	return err_set(e, ERR_CORRUPT, "the audit trail is damaged (%s); %s",
	               what, REFUSAL_HINT);
}

/*
 * Record the break r found, from the check row c as it was read: only
 * when no break is recorded yet and the mark has not moved since (a seal
 * or an append by another process would have moved it). In the caller's
 * transaction, or one of its own.
 */
static int
record_break(struct store *s, const struct check_row *c, int64_t bad_id,
             const char *msg, struct err *e)
{
	sqlite3_stmt *st;
	bool is_own;
	int rc;

	if ((rc = store_tx_enter(s, &is_own, e)))
		return rc;
	st = store_stmt(
	    s,
	    "INSERT INTO audit_check(singleton, mark_id, mark_hash, "
	    "broken_id, broken_msg, broken_at) VALUES (1, ?1, ?2, ?3, ?4, ?5) "
	    "ON CONFLICT(singleton) DO UPDATE SET broken_id = "
	    "excluded.broken_id, broken_msg = excluded.broken_msg, "
	    "broken_at = excluded.broken_at WHERE broken_id IS NULL AND "
	    "mark_id = excluded.mark_id AND mark_hash = excluded.mark_hash",
	    e);
	if (!st) {
		rc = ERR_DB;
	} else {
		store_bind_int(st, 1, c->mark_id, false);
		store_bind_text(st, 2, c->mark_hash);
		store_bind_int(st, 3, bad_id, false);
		store_bind_text(st, 4, msg);
		store_bind_int(st, 5, time_now(), false);
		rc = store_step_done(s, st, "cannot record the audit verdict",
		                     e);
	}
	return store_tx_leave(s, is_own, rc, e);
}

/*
 * Move the mark to the end of an intact chain a walk from c checked, and
 * forget the touched entries, when nothing changed since it read c.
 */
static int
advance_mark(struct store *s, const struct check_row *c,
             const struct walk_state *ws, struct err *e)
{
	sqlite3_stmt *st;
	bool is_own;
	int rc;

	if (ws->w.last_id == c->mark_id && !c->is_touched)
		return 0;
	if ((rc = store_tx_enter(s, &is_own, e)))
		return rc;
	st = store_stmt(s,
	                "UPDATE audit_check SET mark_id = ?1, mark_hash = ?2, "
	                "touched_id = NULL WHERE singleton = 1 AND "
	                "mark_id = ?3 AND mark_hash = ?4 AND "
	                "touched_id IS ?5 AND broken_id IS NULL",
	                e);
	if (!st) {
		rc = ERR_DB;
	} else {
		store_bind_int(st, 1, ws->w.last_id, false);
		store_bind_text(st, 2, ws->w.last_id ? ws->w.prev : ZERO_HASH);
		store_bind_int(st, 3, c->mark_id, false);
		store_bind_text(st, 4, c->mark_hash);
		if (c->is_touched)
			store_bind_int(st, 5, c->touched_id, false);
		else
			sqlite3_bind_null(st, 5);
		rc = store_step_done(s, st, "cannot move the audit mark", e);
	}
	return store_tx_leave(s, is_own, rc, e);
}

/*
 * Verify or check outside an append: the walk in a read transaction (so
 * the rows, the head and audit_check agree even with a writer in another
 * process), then its verdict recorded in a short write transaction, when
 * the cache is writable and the caller holds no transaction.
 */
static int
verify_and_record(struct store *s, bool is_full, struct audit_verify *r,
                  struct err *e)
{
	bool is_own = sqlite3_get_autocommit(s->db) && !s->in_tx;
	struct walk_state ws;
	struct check_row c;
	int rc;

	if (is_own && (rc = store_exec(s, "BEGIN", e)))
		return rc;
	rc = read_check(s, &c, e);
	walk_state_init(&ws, &c);
	if (!rc && !is_full && c.broken_id) {
		memset(r, 0, sizeof(*r));
		r->first_bad_id = c.broken_id;
		r->is_recorded = true;
		rc = err_set(e, ERR_CORRUPT, "%s", c.broken_msg);
	} else if (!rc) {
		rc = walk_chain(s, &ws, is_full, r, e);
	}
	if (is_own)
		store_exec(s, "ROLLBACK", NULL);
	if (is_own && !s->is_readonly && (rc == 0 || rc == ERR_CORRUPT)) {
		/* what the verdict writes is secondary to the verdict */
		if (rc == ERR_CORRUPT && !r->is_recorded)
			record_break(s, &c, r->first_bad_id,
			             e ? e->msg : "the chain is broken", NULL);
		else if (rc == 0)
			advance_mark(s, &c, &ws, NULL);
	}
	walk_state_release(&ws);
	return rc;
}

int
store_audit_verify(struct store *s, struct audit_verify *r, struct err *e)
{
	return verify_and_record(s, true, r, e);
}

int
store_audit_check(struct store *s, struct audit_verify *r, struct err *e)
{
	int rc = verify_and_record(s, false, r, e);

	if (rc == ERR_CORRUPT)
		rc = refuse(e);
	return rc;
}

/*
 * Write entry id after prev (the last entry's hash), then the head and the
 * mark: the entry is verified, as this program wrote it after a verified
 * one. With is_seal, the recorded verdict is cleared too. The hash into
 * hash[SHA256_HEX_LEN + 1].
 */
static int
write_entry(struct store *s, int64_t id, const char *prev, const char *actor,
            const char *action, const char *entity, const char *entity_ref,
            const char *detail, bool is_seal, char *hash, struct err *e)
{
	char idbuf[24], atbuf[24];
	char *actor_ok, *ref_ok, *detail_ok;
	int64_t now = time_now();
	struct audit_fields f;
	sqlite3_stmt *st;
	int rc = ERR_DB;

	snprintf(idbuf, sizeof(idbuf), "%" PRId64, id);
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
	                      "INSERT INTO audit(" ENTRY_COLUMNS ") "
	                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	                      e)))
		goto out;
	store_bind_int(st, 1, id, false);
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
	rc = ERR_DB;
	if (!(st = store_stmt(s,
	                      "INSERT INTO audit_head(singleton, last_id, "
	                      "last_hash) VALUES (1, ?1, ?2) "
	                      "ON CONFLICT(singleton) DO UPDATE SET "
	                      "last_id = excluded.last_id, "
	                      "last_hash = excluded.last_hash",
	                      e)))
		goto out;
	store_bind_int(st, 1, id, false);
	store_bind_text(st, 2, hash);
	if ((rc = store_step_done(s, st, "cannot update the audit head", e)))
		goto out;
	rc = ERR_DB;
	st = store_stmt(s,
	                is_seal ? "INSERT INTO audit_check(singleton, mark_id, "
	                          "mark_hash) VALUES (1, ?1, ?2) "
	                          "ON CONFLICT(singleton) DO UPDATE SET "
	                          "mark_id = excluded.mark_id, "
	                          "mark_hash = excluded.mark_hash, "
	                          "touched_id = NULL, broken_id = NULL, "
	                          "broken_msg = NULL, broken_at = NULL"
	                        : "INSERT INTO audit_check(singleton, mark_id, "
	                          "mark_hash) VALUES (1, ?1, ?2) "
	                          "ON CONFLICT(singleton) DO UPDATE SET "
	                          "mark_id = excluded.mark_id, "
	                          "mark_hash = excluded.mark_hash, "
	                          "touched_id = NULL",
	                e);
	if (!st)
		goto out;
	store_bind_int(st, 1, id, false);
	store_bind_text(st, 2, hash);
	rc = store_step_done(s, st, "cannot move the audit mark", e);
out:
	free(actor_ok);
	free(ref_ok);
	free(detail_ok);
	return rc;
}

int
store_audit_append(struct store *s, const char *actor, const char *action,
                   const char *entity, const char *entity_ref,
                   const char *detail, struct err *e)
{
	char hash[SHA256_HEX_LEN + 1];
	struct audit_verify r;
	struct walk_state ws;
	struct check_row c;
	bool is_own_tx;
	int rc;

	if (!actor || !*actor || !action || !*action)
		return err_set(e, ERR_INVALID,
		               "an audit entry needs an actor and an action");
	if ((rc = store_tx_enter(s, &is_own_tx, e)))
		return rc;
	if ((rc = read_check(s, &c, e)))
		return store_tx_leave(s, is_own_tx, rc, e);
	walk_state_init(&ws, &c);
	if (c.broken_id) {
		rc = err_set(e, ERR_CORRUPT, "%s", c.broken_msg);
	} else {
		rc = walk_chain(s, &ws, false, &r, e);
		if (rc == ERR_CORRUPT) {
			/* recorded once the caller's transaction is undone */
			s->audit_found.id = r.first_bad_id;
			s->audit_found.mark_id = c.mark_id;
			memcpy(s->audit_found.mark_hash, c.mark_hash,
			       sizeof(c.mark_hash));
			snprintf(s->audit_found.msg, sizeof(s->audit_found.msg),
			         "%s", e ? e->msg : "the chain is broken");
		}
	}
	if (rc == ERR_CORRUPT)
		rc = refuse(e);
	else if (!rc)
		rc = write_entry(
		    s, ws.w.last_id + 1, ws.w.last_id ? ws.w.prev : ZERO_HASH,
		    actor, action, entity, entity_ref, detail, false, hash, e);
	walk_state_release(&ws);
	return store_tx_leave(s, is_own_tx, rc, e);
}

void
store_audit_after_rollback(struct store *s)
{
	struct check_row c;
	int64_t id = s->audit_found.id;

	if (!id)
		return;
	/* cleared first: a failed record rolls back and comes here again */
	s->audit_found.id = 0;
	memset(&c, 0, sizeof(c));
	c.mark_id = s->audit_found.mark_id;
	memcpy(c.mark_hash, s->audit_found.mark_hash, sizeof(c.mark_hash));
	if (!s->is_readonly)
		record_break(s, &c, id, s->audit_found.msg, NULL);
}

int
store_audit_seal(struct store *s, const char *actor, const char *reason,
                 struct audit_verify *r, struct err *e)
{
	char prev[SHA256_HEX_LEN + 1], hash[SHA256_HEX_LEN + 1];
	char ref[24];
	struct walk_state ws;
	struct check_row c;
	struct strbuf detail;
	struct err we;
	int64_t id, sealed = 0, walk_bad;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!actor || !*actor)
		return err_set(e, ERR_INVALID, "a seal needs an actor");
	if (!reason || !*reason || strspn(reason, " \t\n") == strlen(reason))
		return err_set(e, ERR_INVALID,
		               "a seal needs a reason (what was found, and "
		               "what was done about it)");
	if (strlen(reason) > AUDIT_SEAL_REASON_MAX)
		return err_set(e, ERR_INVALID,
		               "the reason is longer than %d bytes",
		               AUDIT_SEAL_REASON_MAX);
	if (s->in_tx)
		BUG("store_audit_seal inside a transaction");
	if ((rc = store_begin(s, e)))
		return rc;
	strbuf_init(&detail);
	if ((rc = read_check(s, &c, e)))
		goto out;
	walk_state_init(&ws, &c);
	err_clear(&we);
	rc = walk_chain(s, &ws, true, r, &we);
	if (rc == ERR_DB)
		err_set(e, rc, "%s", we.msg);
	if (rc == 0) {
		rc = err_set(e, ERR_INVALID,
		             "the audit chain is intact (%" PRId64
		             " entries): there is no break to seal",
		             r->entries);
		goto out_walk;
	}
	if (rc != ERR_CORRUPT)
		goto out_walk;
	id = audit_walk_seal_at(&ws.w, &walk_bad, prev);
	sealed = r->first_bad_id;
	/* a recorded break the entries no longer show: sealed where the walk
	 * allows (model/audit.h: not before the segment, not after its first
	 * break) */
	if (sealed < ws.w.seg_first)
		sealed = ws.w.seg_first;
	if (walk_bad && sealed > walk_bad)
		sealed = walk_bad;
	if (ws.has_head && ws.head_id >= id)
		id = ws.head_id + 1;
	if (c.mark_id >= id)
		id = c.mark_id + 1;
	if (sealed >= id)
		id = sealed + 1;
	snprintf(ref, sizeof(ref), "%" PRId64, sealed);
	strbuf_addf(&detail, "%s; reason: %s", we.msg, reason);
	rc = write_entry(s, id, prev, actor, AUDIT_SEAL_ACTION,
	                 AUDIT_SEAL_ENTITY, ref, detail.buf, true, hash, e);
	if (!rc) {
		r->last_seal.id = id;
		r->last_seal.at = time_now();
		r->last_seal.sealed_id = sealed;
		snprintf(r->last_seal.actor, sizeof(r->last_seal.actor), "%s",
		         actor);
		snprintf(r->last_seal.detail, sizeof(r->last_seal.detail), "%s",
		         detail.buf);
		r->seals++;
	}
out_walk:
	walk_state_release(&ws);
out:
	strbuf_release(&detail);
	if (!rc)
		return store_commit(s, e);
	store_rollback(s);
	return rc;
}
