/* Settling conflicts: keep mine, take the server's; the audit chain holds. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/incident.h"
#include "centinela/store/audit.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/sync/conflict.h"
#include "centinela/sync/source.h"
#include "testutil.h"

/* The server's incident after another analyst's edit: version 5. */
#define SERVER_INCIDENT                                                        \
	"{\"id\": \"i-7\", \"reference\": \"MX-2026-00007\", "                 \
	"\"version\": 5, \"title\": \"Botnet scanning (server)\", "            \
	"\"category\": \"information-gathering\", \"severity\": \"high\", "    \
	"\"priority\": 2, \"status\": \"contained\", \"tlp\": \"amber\", "     \
	"\"pap\": \"green\", \"opened_at\": \"2026-03-01T11:00:00Z\", "        \
	"\"updated_at\": \"2026-03-02T09:00:00Z\"}"

/* The configured sources: central (native driver), lab (the fake). */
static char central_name[] = "central", native_driver[] = "centinela";
static char lab_name[] = "lab", fake_driver[] = "conflict-fake";
static char kev_name[] = "kev", kev_driver[] = "kev";
static const struct sync_source sources[] = {
    {.name = central_name, .driver = native_driver},
    {.name = lab_name, .driver = fake_driver},
    {.name = kev_name, .driver = kev_driver},
};
#define N_SOURCES (sizeof(sources) / sizeof(sources[0]))

/* ---- a second driver that takes writes, with a conflict format of its
 * own: the object is the stored JSON, its version "fake_version" ------ */

static int fake_parsed; /* conflict_parse calls */

static int
fake_edit_request(const struct outbox_edit *ed, struct feed_request *req,
                  struct err *e)
{
	(void)ed;
	(void)req;
	return err_set(e, ERR_INVALID, "the conflict fake sends nothing");
}

static int
fake_edit_answer(const struct outbox_edit *ed, const char *bytes, size_t len,
                 struct feed_batch *batch, struct err *e)
{
	(void)ed;
	(void)bytes;
	(void)len;
	(void)batch;
	return err_set(e, ERR_INVALID, "the conflict fake sends nothing");
}

static int
fake_parse(const char *bytes, size_t len, const char *resource,
           struct feed_batch *batch, struct err *e)
{
	(void)bytes;
	(void)len;
	(void)resource;
	(void)batch;
	return err_set(e, ERR_INVALID, "the conflict fake is never pulled");
}

static int
fake_conflict_object(const char *stored, char **object, int64_t *version,
                     struct err *e)
{
	const char *v = stored ? strstr(stored, "\"fake_version\":") : NULL;

	if (!v)
		return err_set(e, ERR_PARSE, "no fake_version");
	*version = strtoll(v + strlen("\"fake_version\":"), NULL, 10);
	if (object)
		*object = xstrdup(stored);
	return 0;
}

/* The native reading of the object, its title marked as the fake's. */
static int
fake_conflict_parse(const char *object, enum outbox_entity entity,
                    struct feed_batch *batch, struct err *e)
{
	int rc = feed_centinela_ops.conflict_parse(object, entity, batch, e);

	fake_parsed++;
	if (!rc && batch->n_incidents) {
		free(batch->incidents[0].title);
		batch->incidents[0].title = xstrdup("read by the fake");
	}
	return rc;
}

static const char *const fake_resources[] = {"incidents", NULL};

static const struct feed_ops fake_ops = {
    .name = "conflict-fake",
    .resources = fake_resources,
    .parse = fake_parse,
    .takes_writes = true,
    .edit_request = fake_edit_request,
    .edit_answer = fake_edit_answer,
    .conflict_object = fake_conflict_object,
    .conflict_parse = fake_conflict_parse,
};

/*
 * A store in dir with incident i-7 of source central at version 3, changed
 * here (status triage) and refused by the server: its outbox entry is a
 * conflict holding SERVER_INCIDENT wrapped as the 412 body has it.
 */
static struct store *
conflict_store(const char *dir, int64_t *entry, char *old_key)
{
	struct store *s = NULL;
	char *path = test_path(dir, "cache.db");
	struct outbox_entry *rows;
	size_t n;
	struct err e;

	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	free(path);
	ck_assert_int_eq(
	    test_store_sql(
	        s, "INSERT INTO incident(id, source, remote_id, version, "
	           "local_state, reference, title, category, severity, "
	           "status, opened_at, created_at, updated_at) VALUES (1, "
	           "'central', 'i-7', 3, 'conflict', 'MX-2026-00007', "
	           "'Botnet scanning', 'information-gathering', 4, 'triage', "
	           "1772362800, 1772362800, 1772362800)"),
	    0);
	ck_assert_int_eq(
	    store_outbox_add(s, "central", OUTBOX_INCIDENT, 1, OUTBOX_UPDATE,
	                     "{\"status\":\"triage\"}", 3, old_key, &e),
	    0);
	ck_assert_int_eq(store_outbox_list(s, OUTBOX_OPEN, 0, &rows, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 1);
	*entry = rows[0].id;
	outbox_entry_release(&rows[0]);
	free(rows);
	ck_assert_int_eq(
	    store_outbox_set_conflict(
	        s, *entry, "412 version_mismatch",
	        "{\"error\": {\"code\": \"version_mismatch\", "
	        "\"message\": \"stale\"}, \"current\": " SERVER_INCIDENT "}",
	        &e),
	    0);
	return s;
}

static void
assert_audit_ok(struct store *s, const char *action)
{
	struct audit_verify v;
	struct err e;

	ck_assert_int_eq(store_audit_verify(s, &v, &e), 0);
	ck_assert_int_eq(v.entries, 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit WHERE "
	                                   "entity_ref = 'MX-2026-00007'"),
	                 1);
	if (strcmp(action, "conflict.keep_mine") == 0)
		ck_assert_int_eq(
		    test_store_int(s, "SELECT count(*) FROM audit WHERE "
		                      "action = 'conflict.keep_mine'"),
		    1);
	else
		ck_assert_int_eq(
		    test_store_int(s, "SELECT count(*) FROM audit WHERE "
		                      "action = 'conflict.take_server'"),
		    1);
}

START_TEST(test_conflict_keep_mine_requeues_on_server_version)
{
	char *dir = test_tmpdir();
	char old_key[UUID_STR_LEN + 1];
	struct outbox_entry o;
	char *server = NULL;
	int64_t id;
	struct err e;
	struct store *s = conflict_store(dir, &id, old_key);

	ck_assert_int_eq(test_store_sql(s, "UPDATE outbox SET attempts = 4"),
	                 0);
	ck_assert_int_eq(sync_conflict_resolve(s, sources, N_SOURCES, id,
	                                       SYNC_CONFLICT_KEEP_MINE, "ana",
	                                       &e),
	                 0);
	ck_assert_int_eq(store_outbox_get(s, id, &o, &server, &e), 0);
	ck_assert_int_eq(o.state, OUTBOX_PENDING);
	ck_assert_int_eq(o.base_version, 5);
	ck_assert_int_eq(o.attempts, 0);
	ck_assert_ptr_null(o.last_error);
	ck_assert_ptr_null(server);
	ck_assert_str_ne(o.key, old_key);
	ck_assert_uint_eq(strlen(o.key), UUID_STR_LEN);
	ck_assert_str_eq(o.fields, "{\"status\":\"triage\"}");
	outbox_entry_release(&o);
	/* the row stays the analyst's: dirty, their status, old version */
	ck_assert_int_eq(
	    test_store_int(s, "SELECT local_state = 'dirty' AND status = "
	                      "'triage' AND version = 3 FROM incident"),
	    1);
	assert_audit_ok(s, "conflict.keep_mine");
	/* settled: a second choice is refused */
	ck_assert_int_eq(sync_conflict_resolve(s, sources, N_SOURCES, id,
	                                       SYNC_CONFLICT_TAKE_SERVER, "ana",
	                                       &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "not in conflict"));
	store_close(s);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_conflict_take_server_writes_its_object)
{
	char *dir = test_tmpdir();
	char old_key[UUID_STR_LEN + 1];
	struct outbox_entry o;
	int64_t id, n;
	struct err e;
	struct store *s = conflict_store(dir, &id, old_key);

	ck_assert_int_eq(sync_conflict_resolve(s, sources, N_SOURCES, id,
	                                       SYNC_CONFLICT_TAKE_SERVER, "ana",
	                                       &e),
	                 0);
	ck_assert_int_eq(store_outbox_get(s, id, &o, NULL, &e), 0);
	ck_assert_int_eq(o.state, OUTBOX_DONE);
	ck_assert_str_eq(o.key, old_key);
	outbox_entry_release(&o);
	ck_assert_int_eq(store_outbox_count(s, OUTBOX_OPEN, &n, &e), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT local_state = 'synced' AND status = "
	                      "'contained' AND version = 5 AND title = "
	                      "'Botnet scanning (server)' FROM incident "
	                      "WHERE id = 1"),
	    1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident"), 1);
	assert_audit_ok(s, "conflict.take_server");
	store_close(s);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_conflict_take_server_keeps_row_with_later_edits)
{
	char *dir = test_tmpdir();
	char old_key[UUID_STR_LEN + 1];
	int64_t id;
	struct err e;
	struct store *s = conflict_store(dir, &id, old_key);

	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 1,
	                                  OUTBOX_ADD_NOTE, "{\"body\":\"x\"}",
	                                  3, NULL, &e),
	                 0);
	ck_assert_int_eq(sync_conflict_resolve(s, sources, N_SOURCES, id,
	                                       SYNC_CONFLICT_TAKE_SERVER, "ana",
	                                       &e),
	                 0);
	/* a later edit still waits: the row is not overwritten */
	ck_assert_int_eq(test_store_int(s, "SELECT status = 'triage' AND "
	                                   "local_state != 'synced' FROM "
	                                   "incident"),
	                 1);
	store_close(s);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_conflict_refusals_change_nothing)
{
	char *dir = test_tmpdir();
	char old_key[UUID_STR_LEN + 1];
	int64_t id;
	struct err e;
	struct audit_verify v;
	struct store *s = conflict_store(dir, &id, old_key);

	ck_assert_int_eq(sync_conflict_resolve(s, sources, N_SOURCES, id + 100,
	                                       SYNC_CONFLICT_KEEP_MINE, "ana",
	                                       &e),
	                 ERR_NOTFOUND);
	/* a server object that does not parse: nothing changes */
	ck_assert_int_eq(test_store_sql(s, "UPDATE outbox SET server_payload "
	                                   "= '{\"current\": {\"id\": 7}}'"),
	                 0);
	ck_assert_int_ne(sync_conflict_resolve(s, sources, N_SOURCES, id,
	                                       SYNC_CONFLICT_TAKE_SERVER, "ana",
	                                       &e),
	                 0);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM outbox WHERE state = "
	                      "'conflict'"),
	    1);
	ck_assert_int_eq(store_audit_verify(s, &v, &e), 0);
	ck_assert_int_eq(v.entries, 0);
	ck_assert_str_eq(sync_conflict_choice_name(SYNC_CONFLICT_TAKE_SERVER),
	                 "take-server");
	store_close(s);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_conflict_server_object_unwraps)
{
	char *obj = NULL;
	int64_t v = 0;
	struct err e;

	ck_assert_int_eq(sync_conflict_server_object(
	                     &feed_centinela_ops,
	                     "{\"data\": {\"id\": \"a\", \"version\": 9}}",
	                     &obj, &v, &e),
	                 0);
	ck_assert_int_eq(v, 9);
	ck_assert_ptr_nonnull(strstr(obj, "\"id\": \"a\""));
	free(obj);
	ck_assert_int_eq(sync_conflict_server_object(&feed_centinela_ops,
	                                             "{\"version\": 2}", NULL,
	                                             &v, &e),
	                 0);
	ck_assert_int_eq(v, 2);
	ck_assert_int_eq(sync_conflict_server_object(&feed_centinela_ops, "[1]",
	                                             &obj, &v, &e),
	                 ERR_PARSE);
	ck_assert_ptr_null(obj);
	ck_assert_int_eq(sync_conflict_server_object(&feed_centinela_ops, NULL,
	                                             &obj, &v, &e),
	                 ERR_PARSE);
}
END_TEST

/*
 * Two drivers take writes: an entry of source lab (driver conflict-fake)
 * is read by the fake's conflict_object and conflict_parse, though the
 * native one, registered first, would read its payload too.
 */
START_TEST(test_conflict_read_by_the_driver_of_its_source)
{
	char *dir = test_tmpdir();
	char old_key[UUID_STR_LEN + 1];
	struct outbox_entry o;
	char *obj = NULL;
	int64_t id, v = 0;
	struct err e;
	struct store *s = conflict_store(dir, &id, old_key);
	const struct feed_ops *ops;

	ck_assert_int_eq(feed_register(&fake_ops, &e), 0);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE incident SET source = 'lab'; "
	                      "UPDATE outbox SET source = 'lab', "
	                      "server_payload = json_set(json_extract("
	                      "server_payload, '$.current'), "
	                      "'$.fake_version', 8)"),
	    0);
	/* the native driver reads the same payload as version 5 */
	ck_assert_int_eq(store_outbox_get(s, id, &o, &obj, &e), 0);
	ck_assert_int_eq(
	    sync_conflict_server_object(&feed_centinela_ops, obj, NULL, &v, &e),
	    0);
	ck_assert_int_eq(v, 5);
	free(obj);
	obj = NULL;
	ops = sync_conflict_driver(&o, sources, N_SOURCES, &e);
	ck_assert_ptr_eq(ops, &fake_ops);
	outbox_entry_release(&o);

	fake_parsed = 0;
	ck_assert_msg(sync_conflict_resolve(s, sources, N_SOURCES, id,
	                                    SYNC_CONFLICT_TAKE_SERVER, "ana",
	                                    &e) == 0,
	              "%s", e.msg);
	ck_assert_msg(fake_parsed == 1, "%s", e.msg);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT local_state = 'synced' AND version = 5 "
	                      "AND title = 'read by the fake' AND source = "
	                      "'lab' FROM incident WHERE id = 1"),
	    1);
	store_close(s);
	test_rmtree(dir);

	/* keep mine: sent again on the fake's version, not the native's */
	dir = test_tmpdir();
	s = conflict_store(dir, &id, old_key);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE incident SET source = 'lab'; "
	                      "UPDATE outbox SET source = 'lab', "
	                      "server_payload = json_set(json_extract("
	                      "server_payload, '$.current'), "
	                      "'$.fake_version', 8)"),
	    0);
	ck_assert_int_eq(sync_conflict_resolve(s, sources, N_SOURCES, id,
	                                       SYNC_CONFLICT_KEEP_MINE, "ana",
	                                       &e),
	                 0);
	ck_assert_int_eq(store_outbox_get(s, id, &o, NULL, &e), 0);
	ck_assert_int_eq(o.state, OUTBOX_PENDING);
	ck_assert_int_eq(o.base_version, 8);
	outbox_entry_release(&o);
	store_close(s);
	test_rmtree(dir);
}
END_TEST

/* A source no longer configured: named, with how to act; nothing moves. */
START_TEST(test_conflict_unconfigured_source_is_refused)
{
	char *dir = test_tmpdir();
	char old_key[UUID_STR_LEN + 1];
	char want[160];
	int64_t id;
	struct err e;
	struct store *s = conflict_store(dir, &id, old_key);

	ck_assert_int_eq(sync_conflict_resolve(s, sources + 1, 1, id,
	                                       SYNC_CONFLICT_TAKE_SERVER, "ana",
	                                       &e),
	                 ERR_NOTFOUND);
	snprintf(want, sizeof(want),
	         "source 'central' of outbox entry %lld is no longer "
	         "configured; add it back with `source central DRIVER "
	         "url=...` or drop the entry with `outbox drop %lld`",
	         (long long)id, (long long)id);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(sync_conflict_resolve(s, NULL, 0, id,
	                                       SYNC_CONFLICT_KEEP_MINE, "ana",
	                                       &e),
	                 ERR_NOTFOUND);
	/* a source whose driver takes no writes */
	ck_assert_int_eq(test_store_sql(s, "UPDATE outbox SET source = 'kev'"),
	                 0);
	ck_assert_int_eq(sync_conflict_resolve(s, sources, N_SOURCES, id,
	                                       SYNC_CONFLICT_KEEP_MINE, "ana",
	                                       &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "does not take writes"));
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM outbox WHERE state = "
	                      "'conflict'"),
	    1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit"), 0);
	store_close(s);
	test_rmtree(dir);
}
END_TEST

Suite *
conflict_suite(void)
{
	Suite *s = suite_create("conflict");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_conflict_keep_mine_requeues_on_server_version);
	tcase_add_test(tc, test_conflict_take_server_writes_its_object);
	tcase_add_test(tc,
	               test_conflict_take_server_keeps_row_with_later_edits);
	tcase_add_test(tc, test_conflict_refusals_change_nothing);
	tcase_add_test(tc, test_conflict_server_object_unwraps);
	tcase_add_test(tc, test_conflict_read_by_the_driver_of_its_source);
	tcase_add_test(tc, test_conflict_unconfigured_source_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
