/* The outbox: keys, FIFO listing, counts, state changes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/store/sync_state.h"
#include "testutil.h"

static void
free_rows(struct outbox_entry *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outbox_entry_release(&rows[i]);
	free(rows);
}

START_TEST(test_outbox_add_makes_unique_keys)
{
	struct store *s = NULL;
	char k1[UUID_STR_LEN + 1], k2[UUID_STR_LEN + 1];
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 7,
	                                  OUTBOX_UPDATE,
	                                  "{\"status\":\"triage\"}", 3, k1, &e),
	                 0);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 7,
	                                  OUTBOX_ADD_NOTE, "{}", 3, k2, &e),
	                 0);
	ck_assert_uint_eq(strlen(k1), UUID_STR_LEN);
	ck_assert_int_eq(k1[14], '4');
	ck_assert_str_ne(k1, k2);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 7,
	                                  OUTBOX_UPDATE, "{}", 0, NULL, &e),
	                 0);
	ck_assert_int_eq(store_outbox_add(s, "central", (enum outbox_entity)99,
	                                  7, OUTBOX_UPDATE, "{}", 0, NULL, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown outbox entity 99"));
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 7,
	                                  (enum outbox_op)99, "{}", 0, NULL,
	                                  &e),
	                 ERR_INVALID);
	store_close(s);
}
END_TEST

START_TEST(test_outbox_list_fifo_and_states)
{
	struct store *s = NULL;
	struct outbox_entry *rows;
	char key[UUID_STR_LEN + 1];
	int64_t n64;
	size_t n;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 1,
	                                  OUTBOX_UPDATE, "{\"a\":1}", 5, key,
	                                  &e),
	                 0);
	for (int i = 2; i <= 4; i++)
		ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_ALERT, i,
		                                  OUTBOX_UPDATE, "{}", 0, NULL,
		                                  &e),
		                 0);
	ck_assert_int_eq(store_outbox_list(s, OUTBOX_OPEN, 0, &rows, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_lt(rows[0].id, rows[1].id);
	ck_assert_str_eq(rows[0].key, key);
	ck_assert_str_eq(rows[0].source, "central");
	ck_assert_int_eq(rows[0].entity, OUTBOX_INCIDENT);
	ck_assert_int_eq(rows[0].entity_id, 1);
	ck_assert_int_eq(rows[0].operation, OUTBOX_UPDATE);
	ck_assert_str_eq(rows[0].fields, "{\"a\":1}");
	ck_assert_int_eq(rows[0].base_version, 5);
	ck_assert_int_eq(rows[0].state, OUTBOX_PENDING);
	ck_assert_int_eq(rows[0].attempts, 0);
	ck_assert_ptr_null(rows[0].last_error);
	ck_assert_int_gt(rows[0].created_at, 0);
	int64_t first = rows[0].id, second = rows[1].id, third = rows[2].id;
	free_rows(rows, n);

	ck_assert_int_eq(store_outbox_list(s, OUTBOX_OPEN, 2, &rows, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 2);
	free_rows(rows, n);

	ck_assert_int_eq(
	    store_outbox_set_state(s, first, OUTBOX_DONE, NULL, 0, &e), 0);
	ck_assert_int_eq(store_outbox_set_state(s, second, OUTBOX_CONFLICT,
	                                        "412 version mismatch", 0, &e),
	                 0);
	ck_assert_int_eq(store_outbox_set_state(s, third, OUTBOX_PENDING,
	                                        "503 unavailable", 1234, &e),
	                 0);
	ck_assert_int_eq(store_outbox_count(s, OUTBOX_OPEN, &n64, &e), 0);
	ck_assert_int_eq(n64, 3);
	ck_assert_int_eq(store_outbox_count(s, OUTBOX_DONE, &n64, &e), 0);
	ck_assert_int_eq(n64, 1);
	ck_assert_int_eq(store_outbox_count(s, OUTBOX_PENDING, &n64, &e), 0);
	ck_assert_int_eq(n64, 2);
	ck_assert_int_eq(
	    store_outbox_list(s, OUTBOX_CONFLICT, 0, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].id, second);
	ck_assert_str_eq(rows[0].last_error, "412 version mismatch");
	ck_assert_int_eq(rows[0].attempts, 1);
	free_rows(rows, n);
	ck_assert_int_eq(store_outbox_list(s, OUTBOX_PENDING, 0, &rows, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(rows[0].id, third);
	ck_assert_int_eq(rows[0].next_attempt_at, 1234);
	free_rows(rows, n);
	ck_assert_int_eq(store_outbox_list(s, OUTBOX_OPEN, 0, &rows, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(rows[0].id, second);
	free_rows(rows, n);
	store_close(s);
}
END_TEST

START_TEST(test_outbox_set_state_errors)
{
	struct store *s = NULL;
	struct outbox_entry *rows;
	int64_t n64;
	size_t n;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(
	    store_outbox_set_state(s, 99, OUTBOX_DONE, NULL, 0, &e),
	    ERR_NOTFOUND);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_NOTE, 1,
	                                  OUTBOX_ADD_NOTE, "{}", 0, NULL, &e),
	                 0);
	ck_assert_int_eq(
	    store_outbox_set_state(s, 1, (enum outbox_state)99, NULL, 0, &e),
	    ERR_INVALID);
	ck_assert_int_eq(store_outbox_count(s, (enum outbox_state)99, &n64, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(
	    store_outbox_list(s, (enum outbox_state)99, 0, &rows, &n, &e),
	    ERR_INVALID);
	ck_assert_ptr_null(rows);
	ck_assert_uint_eq(n, 0);
	store_close(s);
}
END_TEST

/*
 * A store with incident 1 (i-7, version 3) and incident 2 made here (no id
 * at the server), alert 10 (a-10) promoted into 1 and alert 11 (a-11).
 */
static struct store *
chain_store(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(
	    test_store_sql(
	        s,
	        "INSERT INTO incident(id, source, remote_id, version, "
	        "local_state, reference, title, category, severity, status, "
	        "opened_at, created_at, updated_at) VALUES (1, 'central', "
	        "'i-7', 3, 'dirty', 'MX-2026-00007', 'Seven', 'fraud', 3, "
	        "'new', 1, 1, 1), (2, 'central', NULL, 0, 'dirty', "
	        "'MX-2026-00061', 'Made here', 'fraud', 3, 'new', 1, 1, 1);"
	        "INSERT INTO alert(id, source, remote_id, version, local_state, "
	        "title, severity, taxonomy_class, feed_name, observed_at, "
	        "received_at, status, incident_id, event_hash, created_at, "
	        "updated_at) VALUES (10, 'central', 'a-10', 1, 'dirty', 'A', "
	        "3, 'fraud', 'f', 1, 1, 'promoted', 1, 'h10', 1, 1), (11, "
	        "'central', 'a-11', 1, 'synced', 'B', 3, 'fraud', 'f', 1, 1, "
	        "'new', NULL, 'h11', 1, 1)"),
	    0);
	return s;
}

/* Queue an entry; its id. */
static int64_t
queue(struct store *s, enum outbox_entity entity, int64_t id, enum outbox_op op,
      int64_t base)
{
	struct outbox_entry *rows;
	size_t n;
	int64_t last;
	struct err e;

	ck_assert_int_eq(store_outbox_add(s, "central", entity, id, op, "{}",
	                                  base, NULL, &e),
	                 0);
	ck_assert_int_eq(store_outbox_list(s, OUTBOX_OPEN, 0, &rows, &n, &e),
	                 0);
	last = rows[n - 1].id;
	free_rows(rows, n);
	return last;
}

START_TEST(test_outbox_next_keeps_an_incident_and_its_promotes_in_order)
{
	struct store *s = chain_store();
	struct outbox_entry o;
	struct outbox_counts c;
	int64_t update, promote, note, ack, by = 0;
	struct err e;

	update = queue(s, OUTBOX_INCIDENT, 1, OUTBOX_UPDATE, 3);
	promote = queue(s, OUTBOX_ALERT, 10, OUTBOX_PROMOTE, 1);
	note = queue(s, OUTBOX_INCIDENT, 1, OUTBOX_ADD_NOTE, 3);
	ack = queue(s, OUTBOX_ALERT, 11, OUTBOX_ACKNOWLEDGE, 1);
	ck_assert_int_eq(store_outbox_get(s, promote, &o, NULL, &e), 0);
	ck_assert_int_eq(o.incident_id, 1); /* the incident it goes to */
	outbox_entry_release(&o);
	ck_assert_int_eq(store_outbox_next(s, "central", 0, &o, &e), 0);
	ck_assert_int_eq(o.id, update);
	outbox_entry_release(&o);
	/* refused: the promote into its incident and its note wait */
	ck_assert_int_eq(store_outbox_set_state(s, update, OUTBOX_FAILED,
	                                        "HTTP 422 invalid_field", 0,
	                                        &e),
	                 0);
	ck_assert_int_eq(store_outbox_next(s, "central", 0, &o, &e), 0);
	ck_assert_int_eq(o.id, ack);
	outbox_entry_release(&o);
	ck_assert_int_eq(store_outbox_blocker(s, promote, &by, &e), 0);
	ck_assert_int_eq(by, update);
	ck_assert_int_eq(store_outbox_blocker(s, note, &by, &e), 0);
	ck_assert_int_eq(by, update);
	ck_assert_int_eq(store_outbox_blocker(s, ack, &by, &e), 0);
	ck_assert_int_eq(by, 0);
	ck_assert_int_eq(store_outbox_counts(s, NULL, &c, &e), 0);
	ck_assert_int_eq(c.pending, 3);
	ck_assert_int_eq(c.failed, 1);
	ck_assert_int_eq(c.held, 2);
	ck_assert_int_eq(c.conflicts, 0);
	ck_assert_int_eq(store_outbox_counts(s, "kev", &c, &e), 0);
	ck_assert_int_eq(c.pending + c.failed + c.held, 0);
	/* dropped: the chain moves on */
	ck_assert_int_eq(store_outbox_drop(s, update, &e), 0);
	ck_assert_int_eq(store_outbox_drop(s, update, &e), ERR_NOTFOUND);
	ck_assert_int_eq(store_outbox_next(s, "central", 0, &o, &e), 0);
	ck_assert_int_eq(o.id, promote);
	outbox_entry_release(&o);
	ck_assert_int_eq(store_outbox_get(s, update, &o, NULL, &e), 0);
	ck_assert_int_eq(o.state, OUTBOX_DROPPED);
	ck_assert_str_eq(o.last_error, "HTTP 422 invalid_field");
	outbox_entry_release(&o);
	store_close(s);
}
END_TEST

START_TEST(test_outbox_retry_takes_a_new_key_and_only_failed_entries)
{
	struct store *s = chain_store();
	struct outbox_entry o;
	char key[UUID_STR_LEN + 1], old[UUID_STR_LEN + 1];
	int64_t id;
	struct err e;

	id = queue(s, OUTBOX_INCIDENT, 1, OUTBOX_UPDATE, 3);
	ck_assert_int_eq(store_outbox_get(s, id, &o, NULL, &e), 0);
	memcpy(old, o.key, sizeof(old));
	outbox_entry_release(&o);
	ck_assert_int_eq(store_outbox_retry(s, id, key, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "is pending, not failed"));
	ck_assert_int_eq(store_outbox_retry(s, 999, key, &e), ERR_NOTFOUND);
	ck_assert_int_eq(
	    store_outbox_set_state(s, id, OUTBOX_FAILED, "HTTP 403", 0, &e), 0);
	ck_assert_int_eq(store_outbox_retry(s, id, key, &e), 0);
	ck_assert_int_eq(store_outbox_get(s, id, &o, NULL, &e), 0);
	ck_assert_int_eq(o.state, OUTBOX_PENDING);
	ck_assert_str_eq(o.key, key);
	ck_assert_str_ne(o.key, old);
	ck_assert_int_eq(o.attempts, 0);
	ck_assert_ptr_null(o.last_error);
	outbox_entry_release(&o);
	store_close(s);
}
END_TEST

START_TEST(test_outbox_rebase_and_version_of_a_row)
{
	struct store *s = chain_store();
	struct outbox_entry o;
	char *src = NULL, *rid = NULL;
	int64_t a, b, version = 0, n = 0;
	bool has = true;
	struct err e;

	a = queue(s, OUTBOX_INCIDENT, 2, OUTBOX_UPDATE, 0);
	b = queue(s, OUTBOX_INCIDENT, 2, OUTBOX_ADD_NOTE, 7);
	ck_assert_int_eq(
	    store_outbox_rebase_row(s, OUTBOX_INCIDENT, 2, 0, 4, &e), 0);
	ck_assert_int_eq(store_outbox_get(s, a, &o, NULL, &e), 0);
	ck_assert_int_eq(o.base_version, 4);
	outbox_entry_release(&o);
	ck_assert_int_eq(store_outbox_get(s, b, &o, NULL, &e), 0);
	ck_assert_int_eq(o.base_version, 7); /* made on another version */
	outbox_entry_release(&o);
	ck_assert_int_eq(store_record_set_version(s, OUTBOX_INCIDENT, 2, 4, &e),
	                 0);
	ck_assert_int_eq(store_record_remote(s, OUTBOX_INCIDENT, 2, &src, &rid,
	                                     &version, &e),
	                 0);
	ck_assert_int_eq(version, 4);
	free(src);
	free(rid);
	/* a create not settled yet (sent, answer unknown) */
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 2,
	                                  OUTBOX_CREATE, "{}", 0, NULL, &e),
	                 0);
	ck_assert_int_eq(store_outbox_unsettled_creations(s, "central", &n, &e),
	                 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(test_store_sql(s, "UPDATE outbox SET attempts = 1 "
	                                   "WHERE operation = 'create'"),
	                 0);
	ck_assert_int_eq(store_outbox_unsettled_creations(s, "central", &n, &e),
	                 0);
	ck_assert_int_eq(n, 1);
	/* a dirty row whose last edit was dropped: the pull may replace it */
	ck_assert_int_eq(store_outbox_has_released(s, "central", &has, &e), 0);
	ck_assert(!has);
	ck_assert_int_eq(
	    test_store_sql(s,
	                   "UPDATE outbox SET state = 'dropped' WHERE "
	                   "entity = 'alert' OR entity_id = 1;"
	                   "INSERT INTO outbox(idempotency_key, source, "
	                   "entity, entity_id, operation, payload, state, "
	                   "created_at, updated_at) VALUES ('k1', 'central', "
	                   "'incident', 1, 'update', '{}', 'dropped', 1, 1)"),
	    0);
	ck_assert_int_eq(store_outbox_has_released(s, "central", &has, &e), 0);
	ck_assert(has);
	ck_assert_int_eq(
	    store_record_release(s, OUTBOX_INCIDENT, "central", "i-7", &e), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT local_state = 'synced' FROM "
	                                   "incident WHERE id = 1"),
	                 1);
	store_close(s);
}
END_TEST

START_TEST(test_outbox_source_hold_is_kept_and_cleared)
{
	struct store *s = NULL;
	char *reason = NULL;
	int64_t until = 0;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(
	    store_source_hold_get(s, "central", &until, &reason, &e), 0);
	ck_assert_int_eq(until, 0);
	ck_assert_ptr_null(reason);
	ck_assert_int_eq(store_source_hold_put(s, "central", 5000,
	                                       "HTTP 429 rate_limited", 1400,
	                                       &e),
	                 0);
	ck_assert_int_eq(
	    store_source_hold_get(s, "central", &until, &reason, &e), 0);
	ck_assert_int_eq(until, 5000);
	ck_assert_str_eq(reason, "HTTP 429 rate_limited");
	free(reason);
	ck_assert_int_eq(store_source_hold_put(s, "central", 0, NULL, 1500, &e),
	                 0);
	ck_assert_int_eq(store_source_hold_get(s, "central", &until, NULL, &e),
	                 0);
	ck_assert_int_eq(until, 0);
	ck_assert_int_eq(store_source_hold_put(s, "", 1, NULL, 1, &e),
	                 ERR_INVALID);
	store_close(s);
}
END_TEST

/*
 * A cache of schema 4 holds the native API's bodies: its promotes become
 * neutral edits (the incident by its row), the rest stays as it was.
 */
START_TEST(test_outbox_schema_5_migrates_old_promotes_in_place)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct outbox_entry *rows = NULL;
	size_t n = 0;
	bool held = false;
	struct err e;
	const char *sql;

	/* a variable: Check would carry the whole SQL as the assertion's
	   text, longer than its messages take */
	sql = "INSERT INTO incident(id, source, remote_id, version, "
	      "reference, title, category, severity, status, opened_at, "
	      "created_at, updated_at) VALUES (1, 'central', 'i-7', 3, "
	      "'MX-2026-00001', 'A', 'other', 3, 'new', 1, 1, 1), (2, "
	      "'central', NULL, 0, 'MX-2026-00002', 'B', 'other', 3, 'new', "
	      "1, 1, 1);"
	      "INSERT INTO alert(id, source, remote_id, version, title, "
	      "severity, taxonomy_class, feed_name, observed_at, "
	      "received_at, event_hash, incident_id, created_at, "
	      "updated_at) VALUES (10, 'central', 'a-10', 1, 'x', 3, "
	      "'other', 'f', 1, 1, 'h10', 1, 1, 1), (11, 'central', 'a-11', "
	      "1, 'y', 3, 'other', 'f', 1, 1, 'h11', 2, 1, 1), (12, "
	      "'central', 'a-12', 1, 'z', 3, 'other', 'f', 1, 1, 'h12', 2, "
	      "1, 1);"
	      /* as centinela 0833eb1 queued them (incident_id left out
	         * of two, as schema 3 did) */
	      "INSERT INTO outbox(idempotency_key, source, entity, "
	      "entity_id, incident_id, operation, payload, base_version, "
	      "state, created_at, updated_at) VALUES "
	      "('k1', 'central', 'alert', 10, NULL, 'promote', "
	      "'{\"incident\":\"i-7\"}', 1, 'pending', 1, 1), "
	      "('k2', 'central', 'alert', 11, 2, 'promote', "
	      "'{\"new_incident\":{\"reference\":\"MX-2026-00002\","
	      "\"title\":\"B\"}}', 1, 'pending', 1, 1), "
	      "('k3', 'central', 'alert', 12, NULL, 'promote', "
	      "'{\"local_incident\":2}', 1, 'pending', 1, 1), "
	      "('k4', 'central', 'incident', 1, 1, 'update', "
	      "'{\"priority\":2}', 3, 'pending', 1, 1);";
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	ck_assert_int_eq(test_store_sql(s, sql), 0);
	ck_assert_int_eq(test_store_sql(s, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_store_sql(s, TEST_SQL_BACK_TO_V9), 0);
	sql = TEST_SQL_BACK_TO_V5 "PRAGMA user_version = 4;";
	ck_assert_int_eq(test_store_sql(s, sql), 0);
	store_close(s);
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(store_outbox_list(s, OUTBOX_OPEN, 0, &rows, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(rows[0].key, "k1");
	ck_assert_str_eq(rows[0].fields, "{}");
	ck_assert_int_eq(rows[0].incident_id, 1);
	ck_assert_str_eq(rows[1].fields,
	                 "{\"incident\":{\"reference\":\"MX-2026-00002\","
	                 "\"title\":\"B\"}}");
	ck_assert_int_eq(rows[1].incident_id, 2);
	ck_assert_str_eq(rows[2].fields, "{}");
	ck_assert_int_eq(rows[2].incident_id, 2);
	ck_assert_int_eq(rows[3].operation, OUTBOX_UPDATE);
	ck_assert_str_eq(rows[3].fields, "{\"priority\":2}");
	/* the merge into the incident not yet at the server waits for it;
	 * the promote that makes it does not */
	ck_assert_int_eq(store_outbox_is_held(s, rows[2].id, &held, &e), 0);
	ck_assert(held);
	ck_assert_int_eq(store_outbox_is_held(s, rows[1].id, &held, &e), 0);
	ck_assert(!held);
	free_rows(rows, n);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

Suite *
outbox_suite(void)
{
	Suite *s = suite_create("outbox");
	TCase *tc = tcase_create("outbox");

	tcase_add_test(tc, test_outbox_add_makes_unique_keys);
	tcase_add_test(tc, test_outbox_list_fifo_and_states);
	tcase_add_test(tc, test_outbox_set_state_errors);
	tcase_add_test(
	    tc, test_outbox_next_keeps_an_incident_and_its_promotes_in_order);
	tcase_add_test(
	    tc, test_outbox_retry_takes_a_new_key_and_only_failed_entries);
	tcase_add_test(tc, test_outbox_rebase_and_version_of_a_row);
	tcase_add_test(tc, test_outbox_source_hold_is_kept_and_cleared);
	tcase_add_test(tc, test_outbox_schema_5_migrates_old_promotes_in_place);
	suite_add_tcase(s, tc);
	return s;
}
