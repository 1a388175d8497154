/*
 * The audit chain: appends, an intact long chain, and each kind of
 * tampering (through the store's own connection) caught at the right entry.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/store/audit.h"
#include "centinela/store/store.h"
#include "store/internal.h"
#include "testutil.h"

/* A store with n entries appended, ids 1..n. */
static struct store *
chain(int n)
{
	struct store *s = NULL;
	char ref[32], detail[64];
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_begin(s, &e), 0);
	for (int i = 1; i <= n; i++) {
		snprintf(ref, sizeof(ref), "MX-2026-%05d", i);
		snprintf(detail, sizeof(detail), "status new -> triage (%d)",
		         i);
		ck_assert_msg(
		    store_audit_append(s, "ana.lopez", "set_status", "incident",
		                       ref, i % 3 ? detail : NULL, &e) == 0,
		    "%s", e.msg);
	}
	ck_assert_int_eq(store_commit(s, &e), 0);
	return s;
}

/* Tamper with sql, then expect verify to fail at bad_id with msg in it. */
static void
expect_bad(struct store *s, const char *sql, long long bad_id, const char *msg)
{
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(test_store_sql(s, sql), 0);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), ERR_CORRUPT);
	ck_assert_msg(r.first_bad_id == bad_id, "first bad %lld, want %lld: %s",
	              (long long)r.first_bad_id, bad_id, e.msg);
	ck_assert_msg(strstr(e.msg, msg) != NULL, "'%s' lacks '%s'", e.msg,
	              msg);
}

START_TEST(test_audit_empty_chain_verifies)
{
	struct store *s = chain(0);
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 0);
	ck_assert_int_eq(r.first_bad_id, 0);
	ck_assert_str_eq(r.head_hash, "");
	store_close(s);
}
END_TEST

START_TEST(test_audit_append_links_entries)
{
	struct store *s = chain(3);
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit a "
	                                   "JOIN audit b ON b.id = a.id + 1 "
	                                   "AND b.prev_hash = a.hash"),
	                 2);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit "
	                                   "WHERE id = 1 AND prev_hash = "
	                                   "printf('%064d', 0)"),
	                 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit_head "
	                                   "h JOIN audit a ON a.id = "
	                                   "h.last_id AND a.hash = h.last_hash "
	                                   "WHERE h.last_id = 3"),
	                 1);
	/* Outside a transaction append makes its own. */
	ck_assert_int_eq(
	    store_audit_append(s, "bob", "login", NULL, NULL, NULL, &e), 0);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 4);
	ck_assert_uint_eq(strlen(r.head_hash), SHA256_HEX_LEN);
	ck_assert_int_eq(
	    store_audit_append(s, "", "login", NULL, NULL, NULL, &e),
	    ERR_INVALID);
	store_close(s);
}
END_TEST

START_TEST(test_audit_hash_input_is_documented)
{
	struct store *s = chain(0);
	char want[SHA256_HEX_LEN + 1];
	char input[512];
	long long at;
	struct err e;
	struct audit_verify r;

	ck_assert_int_eq(store_audit_append(s, "ana", "assign", "incident",
	                                    "MX-1", "to bob", &e),
	                 0);
	at = test_store_int(s, "SELECT at FROM audit WHERE id = 1");
	snprintf(input, sizeof(input),
	         "%064d\n1\n%lld\nana\nassign\nincident\nMX-1\nto bob", 0, at);
	sha256_hex(input, strlen(input), want);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	ck_assert_str_eq(r.head_hash, want);
	store_close(s);
}
END_TEST

START_TEST(test_audit_intact_1000_verifies)
{
	struct store *s = chain(1000);
	struct audit_verify r;
	struct err e;

	ck_assert_msg(store_audit_verify(s, &r, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(r.entries, 1000);
	ck_assert_int_eq(r.first_bad_id, 0);
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_edited_detail)
{
	struct store *s = chain(10);

	expect_bad(s, "UPDATE audit SET detail = 'nothing' WHERE id = 5", 5,
	           "entry 5: hash does not match its contents (edited)");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_edited_null_detail)
{
	struct store *s = chain(10);

	/* Entry 3 has no detail; "" is not what append stores. */
	expect_bad(s, "UPDATE audit SET detail = '' WHERE id = 3", 3,
	           "(edited)");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_edited_actor)
{
	struct store *s = chain(10);

	expect_bad(s, "UPDATE audit SET actor = 'mallory' WHERE id = 7", 7,
	           "entry 7: hash does not match");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_edited_time)
{
	struct store *s = chain(10);

	expect_bad(s, "UPDATE audit SET at = at - 3600 WHERE id = 2", 2,
	           "(edited)");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_edited_hash)
{
	struct store *s = chain(10);

	expect_bad(s, "UPDATE audit SET hash = printf('%064d', 7) WHERE id = 4",
	           4, "entry 4: hash does not match");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_edited_prev_hash)
{
	struct store *s = chain(10);

	expect_bad(s,
	           "UPDATE audit SET prev_hash = printf('%064d', 7) "
	           "WHERE id = 6",
	           6, "entry 6");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_deleted_first)
{
	struct store *s = chain(10);

	expect_bad(s, "DELETE FROM audit WHERE id = 1", 1,
	           "entry 1 is missing (deleted)");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_deleted_middle)
{
	struct store *s = chain(10);

	expect_bad(s, "DELETE FROM audit WHERE id = 6", 6,
	           "entry 6 is missing (deleted)");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_deleted_last)
{
	struct store *s = chain(10);

	expect_bad(s, "DELETE FROM audit WHERE id = 10", 10,
	           "chain ends at entry 9 but the head records 10 "
	           "(truncated)");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_truncated_tail)
{
	struct store *s = chain(10);

	expect_bad(s, "DELETE FROM audit WHERE id > 6", 7,
	           "chain ends at entry 6 but the head records 10");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_truncated_all)
{
	struct store *s = chain(5);

	expect_bad(s, "DELETE FROM audit", 1,
	           "chain ends at entry 0 but the head records 5");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_swapped_entries)
{
	struct store *s = chain(10);

	expect_bad(s,
	           "UPDATE audit SET id = -3 WHERE id = 3;"
	           "UPDATE audit SET id = 3 WHERE id = 4;"
	           "UPDATE audit SET id = 4 WHERE id = -3;",
	           3, "entry 3");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_swapped_contents)
{
	struct store *s = chain(10);

	/* Move whole rows, hashes and all, keeping the ids dense. */
	expect_bad(s,
	           "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE id IN "
	           "(5, 6);"
	           "DELETE FROM audit WHERE id IN (5, 6);"
	           "INSERT INTO audit SELECT 11 - id, at, actor, action, "
	           "entity, entity_ref, detail, prev_hash, hash FROM t;",
	           5, "entry 5");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_deleted_head)
{
	struct store *s = chain(10);

	expect_bad(s, "DELETE FROM audit_head", 10, "head deleted");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_forged_head)
{
	struct store *s = chain(10);

	expect_bad(s,
	           "UPDATE audit_head SET last_hash = "
	           "(SELECT hash FROM audit WHERE id = 9)",
	           10, "head forged");
	store_close(s);
}
END_TEST

START_TEST(test_audit_detects_head_behind_chain)
{
	struct store *s = chain(10);

	expect_bad(s,
	           "UPDATE audit_head SET last_id = 8, last_hash = "
	           "(SELECT hash FROM audit WHERE id = 8)",
	           9, "entry 9 lies past the head");
	store_close(s);
}
END_TEST

START_TEST(test_audit_append_refuses_damaged_chain)
{
	struct store *s = chain(10);
	struct audit_verify r;
	struct err e;

	/* A truncation must not be papered over by the next append. */
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM audit WHERE id > 8"),
	                 0);
	ck_assert_int_eq(
	    store_audit_append(s, "ana", "login", NULL, NULL, NULL, &e),
	    ERR_CORRUPT);
	ck_assert_ptr_nonnull(strstr(e.msg, "audit verify"));
	ck_assert_int_eq(store_audit_verify(s, &r, &e), ERR_CORRUPT);
	ck_assert_int_eq(r.first_bad_id, 9);
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM audit_head"), 0);
	ck_assert_int_eq(
	    store_audit_append(s, "ana", "login", NULL, NULL, NULL, &e),
	    ERR_CORRUPT);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit"), 8);
	store_close(s);
}
END_TEST

START_TEST(test_audit_append_rolls_back_with_caller)
{
	struct store *s = chain(2);
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_int_eq(
	    store_audit_append(s, "ana", "close", "incident", "MX-9", NULL, &e),
	    0);
	store_rollback(s);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 2);
	ck_assert_int_eq(
	    store_audit_append(s, "ana", "close", "incident", "MX-9", NULL, &e),
	    0);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 3);
	store_close(s);
}
END_TEST

/* Append one more entry; its return code. */
static int
one_more(struct store *s, struct err *e)
{
	err_clear(e);
	return store_audit_append(s, "ana", "incident.note", "incident",
	                          "MX-2026-00001", "one more", e);
}

/* A change refused on a broken chain: the break named, what to do said. */
static void
expect_refused(struct store *s, const char *what)
{
	long long before = test_store_int(s, "SELECT count(*) FROM audit");
	struct err e;

	ck_assert_int_eq(one_more(s, &e), ERR_CORRUPT);
	ck_assert_msg(strstr(e.msg, what) != NULL, "'%s' lacks '%s'", e.msg,
	              what);
	ck_assert_msg(strstr(e.msg, "audit seal --reason TEXT") != NULL &&
	                  strstr(e.msg, "backup") != NULL,
	              "no way out in '%s'", e.msg);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit"),
	                 before);
}

START_TEST(test_audit_append_refuses_edited_middle)
{
	struct store *s = chain(10);

	/* no verify in between: the append itself must see it */
	ck_assert_int_eq(test_store_sql(s, "UPDATE audit SET actor = "
	                                   "'mallory' WHERE id = 5"),
	                 0);
	expect_refused(s, "entry 5: hash does not match its contents");
	/* the append's own rollback recorded it: no walk the next time */
	ck_assert_int_eq(test_store_int(s, "SELECT broken_id FROM audit_check"),
	                 5);
	expect_refused(s, "entry 5: hash does not match");
	store_close(s);
}
END_TEST

START_TEST(test_audit_append_refuses_deleted_middle)
{
	struct store *s = chain(10);

	ck_assert_int_eq(test_store_sql(s, "DELETE FROM audit WHERE id = 4"),
	                 0);
	expect_refused(s, "entry 4 is missing (deleted)");
	store_close(s);
}
END_TEST

START_TEST(test_audit_append_refuses_replaced_middle)
{
	struct store *s = chain(10);

	/* an INSERT OR REPLACE of a row (a delete no delete trigger sees) */
	ck_assert_int_eq(
	    test_store_sql(s, "INSERT OR REPLACE INTO audit SELECT id, at, "
	                      "'eve', action, entity, entity_ref, detail, "
	                      "prev_hash, hash FROM audit WHERE id = 6"),
	    0);
	expect_refused(s, "entry 6: hash does not match");
	store_close(s);
}
END_TEST

START_TEST(test_audit_append_rolled_back_by_caller_records_break)
{
	struct store *s = chain(6);
	struct err e;

	ck_assert_int_eq(test_store_sql(s, "UPDATE audit SET detail = 'x' "
	                                   "WHERE id = 2"),
	                 0);
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_int_eq(one_more(s, &e), ERR_CORRUPT);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit_check "
	                                   "WHERE broken_id IS NOT NULL"),
	                 0);
	store_rollback(s);
	ck_assert_int_eq(test_store_int(s, "SELECT broken_id FROM audit_check"),
	                 2);
	store_close(s);
}
END_TEST

START_TEST(test_audit_check_costs_one_entry_on_intact_chain)
{
	struct store *s = chain(1000);
	struct audit_verify r;
	struct err e;

	/* appends moved the mark along: the check re-hashes the last entry */
	ck_assert_int_eq(test_store_int(s, "SELECT mark_id FROM audit_check"),
	                 1000);
	ck_assert_int_eq(store_audit_check(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 1);
	ck_assert_int_eq(one_more(s, &e), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT mark_id FROM audit_check"),
	                 1001);
	/* a mark moved back costs one walk from it, then it moves on */
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE audit_check SET mark_id = 900, "
	                      "mark_hash = (SELECT hash FROM audit WHERE id = "
	                      "900)"),
	    0);
	ck_assert_int_eq(store_audit_check(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 102);
	ck_assert_int_eq(store_audit_check(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 1);
	store_close(s);
}
END_TEST

START_TEST(test_audit_append_refuses_rewritten_mark)
{
	struct store *s = chain(10);

	/* the mark with a hash of its own */
	ck_assert_int_eq(test_store_sql(s, "UPDATE audit_check SET mark_hash "
	                                   "= printf('%064d', 3)"),
	                 0);
	expect_refused(s, "entry 10: the verification mark records another");
	store_close(s);
	/* the mark past the end, the head moved back to match the tail */
	s = chain(10);
	ck_assert_int_eq(
	    test_store_sql(s, "DELETE FROM audit WHERE id > 8; "
	                      "UPDATE audit_head SET last_id = 8, last_hash = "
	                      "(SELECT hash FROM audit WHERE id = 8)"),
	    0);
	expect_refused(s, "chain ends at entry 8 but entry 10 was verified");
	store_close(s);
	/* the mark's row deleted: a walk from the start, which holds */
	s = chain(10);
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM audit_check"), 0);
	{
		struct err e;

		ck_assert_int_eq(one_more(s, &e), 0);
	}
	ck_assert_int_eq(test_store_int(s, "SELECT mark_id FROM audit_check"),
	                 11);
	store_close(s);
}
END_TEST

START_TEST(test_audit_touched_unchanged_is_forgiven)
{
	struct store *s = chain(10);
	struct err e;

	/* written but not changed: one walk, then on as before */
	ck_assert_int_eq(test_store_sql(s, "UPDATE audit SET actor = actor "
	                                   "WHERE id = 3"),
	                 0);
	ck_assert_int_eq(test_store_int(s, "SELECT touched_id FROM "
	                                   "audit_check"),
	                 3);
	ck_assert_int_eq(one_more(s, &e), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit_check "
	                                   "WHERE touched_id IS NULL AND "
	                                   "mark_id = 11"),
	                 1);
	store_close(s);
}
END_TEST

START_TEST(test_audit_verify_verdict_remembered)
{
	struct store *s = chain(10);
	struct audit_verify r;
	struct err e;

	/* the triggers off (as `.dbconfig enable_trigger off` does): only the
	 * full walk sees an older entry changed */
	ck_assert_int_eq(sqlite3_db_config(s->db,
	                                   SQLITE_DBCONFIG_ENABLE_TRIGGER, 0,
	                                   (int *)NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(test_store_sql(s, "UPDATE audit SET detail = 'x' "
	                                   "WHERE id = 3"),
	                 0);
	ck_assert_int_eq(sqlite3_db_config(s->db,
	                                   SQLITE_DBCONFIG_ENABLE_TRIGGER, 1,
	                                   (int *)NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(one_more(s, &e), 0);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), ERR_CORRUPT);
	ck_assert_int_eq(r.first_bad_id, 3);
	ck_assert_int_eq(test_store_int(s, "SELECT broken_id FROM audit_check"),
	                 3);
	/* from then on refused, from the record: nothing is walked */
	expect_refused(s, "entry 3: hash does not match");
	ck_assert_int_eq(store_audit_check(s, &r, &e), ERR_CORRUPT);
	ck_assert_int_eq(r.entries, 0);
	ck_assert_int_eq(r.first_bad_id, 3);
	store_close(s);
}
END_TEST

START_TEST(test_audit_seal_starts_a_new_segment)
{
	struct store *s = chain(10);
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(test_store_sql(s, "UPDATE audit SET actor = "
	                                   "'mallory' WHERE id = 5"),
	                 0);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), ERR_CORRUPT);
	ck_assert_msg(store_audit_seal(s, "luis", "mallory's edit, reported",
	                               &r, &e) == 0,
	              "%s", e.msg);
	ck_assert_int_eq(r.last_seal.id, 11);
	ck_assert_int_eq(r.last_seal.sealed_id, 5);
	/* the seal is an entry of the trail: who, which entry, why */
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM audit WHERE id = 11 AND "
	                      "actor = 'luis' AND action = 'audit.seal' AND "
	                      "entity = 'audit' AND entity_ref = '5' AND "
	                      "detail LIKE 'entry 5: hash does not match%' "
	                      "AND detail LIKE '%reason: mallory''s edit, "
	                      "reported'"),
	    1);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 11);
	ck_assert_int_eq(r.seals, 1);
	ck_assert_int_eq(r.last_seal.id, 11);
	ck_assert_int_eq(r.last_seal.sealed_id, 5);
	ck_assert_str_eq(r.last_seal.actor, "luis");
	/* work goes on */
	ck_assert_int_eq(one_more(s, &e), 0);
	ck_assert_int_eq(one_more(s, &e), 0);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	ck_assert_int_eq(r.entries, 13);
	/* sealing again: nothing to seal */
	ck_assert_int_eq(store_audit_seal(s, "luis", "again", &r, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "no break to seal"));
	store_close(s);
}
END_TEST

START_TEST(test_audit_seal_refused_on_intact_chain)
{
	struct store *s = chain(4);
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(store_audit_seal(s, "ana", "why not", &r, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "intact (4 entries)"));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit"), 4);
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM audit WHERE id = 2"),
	                 0);
	ck_assert_int_eq(store_audit_seal(s, "ana", " \t", &r, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit"), 3);
	store_close(s);
}
END_TEST

START_TEST(test_audit_seal_holds_only_as_sealed)
{
	struct store *s = chain(8);
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(test_store_sql(s, "DELETE FROM audit WHERE id = 4"),
	                 0);
	ck_assert_int_eq(store_audit_seal(s, "ana", "gone", &r, &e), 0);
	ck_assert_int_eq(r.last_seal.id, 9);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	/* the deleted entry put back: the seal no longer matches */
	ck_assert_int_eq(test_store_sql(s, "INSERT INTO audit SELECT 4, at, "
	                                   "actor, action, entity, entity_ref, "
	                                   "detail, prev_hash, printf('%064d', "
	                                   "4) FROM audit WHERE id = 3"),
	                 0);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), ERR_CORRUPT);
	ck_assert_msg(strstr(e.msg, "the seal at entry 9 does not hold"), "%s",
	              e.msg);
	store_close(s);
}
END_TEST

START_TEST(test_audit_seal_of_a_truncated_tail)
{
	struct store *s = chain(8);
	struct audit_verify r;
	struct err e;

	ck_assert_int_eq(test_store_sql(s, "DELETE FROM audit WHERE id > 5"),
	                 0);
	ck_assert_int_eq(store_audit_seal(s, "ana", "cut", &r, &e), 0);
	/* past every id the head recorded: 6 to 8 stay missing */
	ck_assert_int_eq(r.last_seal.id, 9);
	ck_assert_int_eq(r.last_seal.sealed_id, 6);
	ck_assert_int_eq(store_audit_verify(s, &r, &e), 0);
	ck_assert_int_eq(r.seals, 1);
	ck_assert_int_eq(one_more(s, &e), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT max(id) FROM audit"), 10);
	store_close(s);
}
END_TEST

/* Free n entries and the array. */
static void
free_rows(struct audit_entry *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		audit_entry_release(&rows[i]);
	free(rows);
}

START_TEST(test_audit_page_newest_first_keyset)
{
	struct store *s = chain(10);
	struct audit_entry *rows;
	size_t n;
	int64_t count;
	struct err e;

	ck_assert_int_eq(store_audit_page(s, 0, false, 4, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(rows[0].id, 10);
	ck_assert_int_eq(rows[3].id, 7);
	ck_assert_str_eq(rows[0].entity_ref, "MX-2026-00010");
	free_rows(rows, n);
	ck_assert_int_eq(store_audit_page(s, 7, false, 100, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(rows[0].id, 6);
	free_rows(rows, n);
	/* paging back: the newer ones, nearest first */
	ck_assert_int_eq(store_audit_page(s, 7, true, 2, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(rows[0].id, 8);
	ck_assert_int_eq(rows[1].id, 9);
	free_rows(rows, n);
	ck_assert_int_eq(store_audit_count(s, &count, &e), 0);
	ck_assert_int_eq(count, 10);
	store_close(s);
}
END_TEST

START_TEST(test_audit_incident_lists_its_entries_and_alerts)
{
	struct store *s = chain(6);
	struct audit_entry *rows;
	size_t n;
	struct err e;

	ck_assert_int_eq(store_audit_append(s, "ana", "alert.acknowledge",
	                                    "alert", "7", NULL, &e),
	                 0);
	ck_assert_int_eq(store_audit_append(s, "ana", "alert.dismiss", "alert",
	                                    "8", NULL, &e),
	                 0);
	ck_assert_int_eq(store_audit_append(s, "ana", "incident.note",
	                                    "incident", "MX-2026-00003",
	                                    "again", &e),
	                 0);
	/* the link table's rows need no incident or alert rows here */
	ck_assert_int_eq(
	    sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(test_store_sql(s, "INSERT INTO incident_alert VALUES "
	                                   "(3, 7, 0), (4, 8, 0)"),
	                 0);
	ck_assert_int_eq(
	    store_audit_incident(s, 3, "MX-2026-00003", 50, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(rows[0].id, 9);
	ck_assert_str_eq(rows[0].detail, "again");
	ck_assert_int_eq(rows[1].id, 7);
	ck_assert_str_eq(rows[1].action, "alert.acknowledge");
	ck_assert_int_eq(rows[2].id, 3);
	free_rows(rows, n);
	ck_assert_int_eq(
	    store_audit_incident(s, 3, "MX-2026-00003", 1, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 1);
	free_rows(rows, n);
	ck_assert_int_eq(
	    store_audit_incident(s, 99, "MX-2099-00001", 50, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(rows);
	store_close(s);
}
END_TEST

START_TEST(test_audit_last_finds_newest_match)
{
	struct store *s = chain(3);
	struct audit_entry a;
	struct err e;

	ck_assert_int_eq(
	    store_audit_last(s, "handover", "handover", NULL, NULL, 0, &a, &e),
	    ERR_NOTFOUND);
	audit_entry_release(&a);
	ck_assert_int_eq(store_audit_append(s, "ana", "handover", "handover",
	                                    "/tmp/h1.md", NULL, &e),
	                 0);
	ck_assert_int_eq(store_audit_append(s, "luis", "handover", "handover",
	                                    "/tmp/h2.md", NULL, &e),
	                 0);
	ck_assert_int_eq(
	    store_audit_last(s, "handover", "handover", NULL, NULL, 0, &a, &e),
	    0);
	ck_assert_int_eq(a.id, 5);
	ck_assert_str_eq(a.entity_ref, "/tmp/h2.md");
	audit_entry_release(&a);
	ck_assert_int_eq(
	    store_audit_last(s, "handover", "handover", "ana", NULL, 0, &a, &e),
	    0);
	ck_assert_int_eq(a.id, 4);
	audit_entry_release(&a);
	ck_assert_int_eq(
	    store_audit_last(s, "handover", "handover", "ana", NULL, 4, &a, &e),
	    ERR_NOTFOUND);
	audit_entry_release(&a);
	store_close(s);
}
END_TEST

Suite *
audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("audit");

	tcase_add_test(tc, test_audit_empty_chain_verifies);
	tcase_add_test(tc, test_audit_append_links_entries);
	tcase_add_test(tc, test_audit_hash_input_is_documented);
	tcase_add_test(tc, test_audit_intact_1000_verifies);
	tcase_add_test(tc, test_audit_detects_edited_detail);
	tcase_add_test(tc, test_audit_detects_edited_null_detail);
	tcase_add_test(tc, test_audit_detects_edited_actor);
	tcase_add_test(tc, test_audit_detects_edited_time);
	tcase_add_test(tc, test_audit_detects_edited_hash);
	tcase_add_test(tc, test_audit_detects_edited_prev_hash);
	tcase_add_test(tc, test_audit_detects_deleted_first);
	tcase_add_test(tc, test_audit_detects_deleted_middle);
	tcase_add_test(tc, test_audit_detects_deleted_last);
	tcase_add_test(tc, test_audit_detects_truncated_tail);
	tcase_add_test(tc, test_audit_detects_truncated_all);
	tcase_add_test(tc, test_audit_detects_swapped_entries);
	tcase_add_test(tc, test_audit_detects_swapped_contents);
	tcase_add_test(tc, test_audit_detects_deleted_head);
	tcase_add_test(tc, test_audit_detects_forged_head);
	tcase_add_test(tc, test_audit_detects_head_behind_chain);
	tcase_add_test(tc, test_audit_append_refuses_damaged_chain);
	tcase_add_test(tc, test_audit_append_rolls_back_with_caller);
	tcase_add_test(tc, test_audit_append_refuses_edited_middle);
	tcase_add_test(tc, test_audit_append_refuses_deleted_middle);
	tcase_add_test(tc, test_audit_append_refuses_replaced_middle);
	tcase_add_test(tc,
	               test_audit_append_rolled_back_by_caller_records_break);
	tcase_add_test(tc, test_audit_check_costs_one_entry_on_intact_chain);
	tcase_add_test(tc, test_audit_append_refuses_rewritten_mark);
	tcase_add_test(tc, test_audit_touched_unchanged_is_forgiven);
	tcase_add_test(tc, test_audit_verify_verdict_remembered);
	tcase_add_test(tc, test_audit_seal_starts_a_new_segment);
	tcase_add_test(tc, test_audit_seal_refused_on_intact_chain);
	tcase_add_test(tc, test_audit_seal_holds_only_as_sealed);
	tcase_add_test(tc, test_audit_seal_of_a_truncated_tail);
	tcase_add_test(tc, test_audit_page_newest_first_keyset);
	tcase_add_test(tc, test_audit_incident_lists_its_entries_and_alerts);
	tcase_add_test(tc, test_audit_last_finds_newest_match);
	suite_add_tcase(s, tc);
	return s;
}
