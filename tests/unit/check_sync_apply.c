/*
 * The batch applier that sync and import share (src/sync/apply.c): one
 * batch, two policies. A pull drops the links the cache cannot resolve
 * and the sectors it does not know; an import refuses the object with the
 * reason and writes nothing of it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/store/edit.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/sync/apply.h"
#include "testutil.h"

/*
 * Two alerts: one names an organization and an incident the cache does
 * not know, the other a sector it does not know.
 */
static const char two_alerts[] =
    "{\"data\": ["
    "{\"id\": \"a-1\", \"title\": \"Scan\", \"severity\": \"high\","
    " \"taxonomy\": {\"class\": \"information-gathering\", \"type\": "
    "\"scanner\"}, \"observables\": [{\"type\": \"ip\", \"value\": "
    "\"198.51.100.7\"}], \"feed\": {\"name\": \"sensor-net\"},"
    " \"observed_at\": \"2026-03-01T10:15:00Z\", \"organization\": "
    "\"Nowhere Org\", \"incident\": \"MX-2026-09999\", \"sector\": "
    "\"energy\"},"
    "{\"id\": \"a-2\", \"title\": \"Phish\", \"severity\": \"medium\","
    " \"taxonomy\": {\"class\": \"fraud\", \"type\": \"phishing\"},"
    " \"observables\": [{\"type\": \"url\", \"value\": "
    "\"https://bn.example/\"}], \"feed\": {\"name\": \"phish-watch\"},"
    " \"observed_at\": \"2026-03-02T08:00:00Z\", \"sector\": "
    "\"no-such-sector\"}"
    "], \"next_cursor\": null, \"has_more\": false}";

/* What the import side of the policy was told. */
struct seen {
	struct strvec reasons; /* "INDEX: reason" */
	int checked;           /* objects passed to check */
	int written;           /* objects written */
	bool may_write;        /* what may_write answers */
};

static void
seen_reject(void *ctx, size_t i, const char *reason)
{
	struct seen *s = ctx;
	char line[512];

	snprintf(line, sizeof(line), "%zu: %s", i, reason);
	strvec_push(&s->reasons, line);
}

static int
seen_check(void *ctx, size_t i, struct err *e)
{
	struct seen *s = ctx;

	(void)i;
	(void)e;
	s->checked++;
	return 0;
}

static bool
seen_may_write(void *ctx)
{
	return ((struct seen *)ctx)->may_write;
}

static void
seen_written(void *ctx, size_t i, bool changed, int rc, struct err *e)
{
	struct seen *s = ctx;

	(void)i;
	(void)changed;
	(void)e;
	ck_assert_int_eq(rc, 0);
	s->written++;
}

/* The reject policy with every hook, telling seen. */
static struct sync_apply_policy
import_like(struct seen *seen)
{
	struct sync_apply_policy p = {
	    .mode = SYNC_APPLY_REJECT,
	    .ctx = seen,
	    .reject = seen_reject,
	    .check = seen_check,
	    .may_write = seen_may_write,
	    .written = seen_written,
	};

	return p;
}

static struct store *
parsed(struct feed_batch *b)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	feed_batch_init(b);
	ck_assert_msg(feed_centinela_ops.parse(two_alerts, strlen(two_alerts),
	                                       "alerts", b, &e) == 0,
	              "%s", e.msg);
	ck_assert_uint_eq(b->n_alerts, 2);
	return s;
}

START_TEST(test_sync_apply_skip_drops_unknown_links)
{
	struct feed_batch b;
	struct sync_apply_result res = {0};
	struct store *s = parsed(&b);
	struct err e;

	ck_assert_int_eq(sync_apply_batch(s, "central", &b, &res, &e), 0);
	ck_assert_int_eq(res.inserted, 2);
	ck_assert_int_eq(res.skipped, 0);
	ck_assert_int_eq(res.new_alerts, 2);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM alert WHERE remote_id = "
	                      "'a-1' AND organization_id IS NULL AND "
	                      "incident_id IS NULL AND sector = 'energy'"),
	    1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM alert WHERE remote_id = "
	                      "'a-2' AND sector IS NULL"),
	    1);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_sync_apply_reject_refuses_with_reason)
{
	struct feed_batch b;
	struct seen seen = {.may_write = true};
	const struct sync_apply_policy policy = import_like(&seen);
	struct store *s = parsed(&b);
	struct err e;

	strvec_init(&seen.reasons);
	ck_assert_int_eq(
	    sync_apply_batch_policy(s, "local", &b, &policy, NULL, &e), 0);
	ck_assert_uint_eq(seen.reasons.n, 2);
	ck_assert_str_eq(seen.reasons.v[0],
	                 "0: unknown organization 'Nowhere Org'");
	ck_assert_msg(
	    strncmp(seen.reasons.v[1],
	            "1: unknown sector 'no-such-sector' (known: ", 42) == 0 &&
	        strstr(seen.reasons.v[1], "energy"),
	    "%s", seen.reasons.v[1]);
	ck_assert_int_eq(seen.checked, 0);
	ck_assert_int_eq(seen.written, 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert"), 0);
	strvec_release(&seen.reasons);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/* Held back (a bad row elsewhere in the file): checked, never written. */
START_TEST(test_sync_apply_reject_checks_without_writing)
{
	struct feed_batch b;
	struct seen seen = {.may_write = false};
	const struct sync_apply_policy policy = import_like(&seen);
	struct store *s = parsed(&b);
	struct err e;

	/* both fine once their unknown references are gone */
	free(b.alerts[0].organization);
	b.alerts[0].organization = NULL;
	free(b.alerts[0].incident_ref);
	b.alerts[0].incident_ref = NULL;
	free(b.alerts[1].sector);
	b.alerts[1].sector = NULL;
	strvec_init(&seen.reasons);
	ck_assert_int_eq(
	    sync_apply_batch_policy(s, "local", &b, &policy, NULL, &e), 0);
	ck_assert_uint_eq(seen.reasons.n, 0);
	ck_assert_int_eq(seen.checked, 2);
	ck_assert_int_eq(seen.written, 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert"), 0);
	seen.may_write = true;
	ck_assert_int_eq(
	    sync_apply_batch_policy(s, "local", &b, &policy, NULL, &e), 0);
	ck_assert_int_eq(seen.written, 2);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert"), 2);
	strvec_release(&seen.reasons);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/* A batch of one KEV entry, CVE-2021-44228, titled title. */
static void
one_vulnerability(struct feed_batch *b, const char *title)
{
	struct vulnerability *v;

	feed_batch_init(b);
	v = feed_batch_add_vulnerability(b, 0);
	v->cve_id = xstrdup("CVE-2021-44228");
	v->meta.remote_id = xstrdup("CVE-2021-44228");
	v->title = xstrdup(title);
	v->is_kev = true;
}

/*
 * The result names the lists whose rows changed, one bit per enum
 * store_entity (the console refreshes those tabs): the alerts of an
 * alerts page, the vulnerabilities of a KEV batch, none when nothing
 * changed.
 */
START_TEST(test_sync_apply_result_names_the_lists_changed)
{
	struct feed_batch b;
	struct sync_apply_result res = {0};
	struct store *s = parsed(&b);
	struct err e;

	ck_assert_int_eq(sync_apply_batch(s, "central", &b, &res, &e), 0);
	ck_assert_uint_eq(res.lists, 1u << STORE_ALERTS);
	feed_batch_release(&b);

	one_vulnerability(&b, "Log4Shell");
	memset(&res, 0, sizeof(res));
	ck_assert_msg(sync_apply_batch(s, "kev", &b, &res, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(res.inserted, 1);
	/* a CVE's exposures are matched as it is stored */
	ck_assert_uint_eq(res.lists,
	                  1u << STORE_VULNERABILITIES | 1u << STORE_EXPOSURES);
	feed_batch_release(&b);

	/* the same row again changes nothing; a new title changes it */
	one_vulnerability(&b, "Log4Shell");
	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(sync_apply_batch(s, "kev", &b, &res, &e), 0);
	ck_assert_int_eq(res.unchanged, 1);
	ck_assert_uint_eq(res.lists, 0);
	feed_batch_release(&b);
	one_vulnerability(&b, "Apache Log4j2 RCE");
	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(sync_apply_batch(s, "kev", &b, &res, &e), 0);
	ck_assert_int_eq(res.updated, 1);
	/* a CVE's exposures are matched as it is stored */
	ck_assert_uint_eq(res.lists,
	                  1u << STORE_VULNERABILITIES | 1u << STORE_EXPOSURES);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/* Another analyst's incident under the reference ours proposed. */
static const char theirs[] =
    "{\"data\": [{\"id\": \"i-61\", \"version\": 1, \"reference\": "
    "\"MX-2026-00061\", \"title\": \"Theirs\", \"category\": \"fraud\", "
    "\"severity\": \"low\", \"opened_at\": \"2026-03-01T10:00:00Z\"}], "
    "\"next_cursor\": \"c1\", \"has_more\": false}";

static void
apply_theirs(struct store *s, struct sync_apply_result *res)
{
	struct feed_batch b;
	struct err e;

	feed_batch_init(&b);
	ck_assert_msg(feed_centinela_ops.parse(theirs, strlen(theirs),
	                                       "incidents", &b, &e) == 0,
	              "%s", e.msg);
	memset(res, 0, sizeof(*res));
	ck_assert_msg(sync_apply_batch(s, "central", &b, res, &e) == 0, "%s",
	              e.msg);
	feed_batch_release(&b);
}

START_TEST(test_sync_apply_pulled_incident_and_a_create_of_ours)
{
	struct sync_apply_result res;
	struct outbox_entry o;
	struct incident inc;
	struct store *s = NULL;
	struct err e;
	int64_t entry;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	incident_init(&inc);
	inc.reference = xstrdup("MX-2026-00061");
	inc.title = xstrdup("Ours");
	inc.category = xstrdup("fraud");
	inc.severity = SEVERITY_LOW;
	inc.priority = 3;
	inc.opened_at = 1772359200;
	ck_assert_msg(store_incident_create_local(s, &inc, "central", &e) == 0,
	              "%s", e.msg);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT,
	                                  inc.meta.id, OUTBOX_CREATE, "{}", 0,
	                                  NULL, &e),
	                 0);
	entry = test_store_int(s, "SELECT id FROM outbox");
	ck_assert_int_eq(store_outbox_get(s, entry, &o, NULL, &e), 0);
	/* out, no answer yet: theirs may be ours; it waits */
	ck_assert_int_eq(store_outbox_mark_sent(s, &o, &e), 0);
	outbox_entry_release(&o);
	apply_theirs(s, &res);
	ck_assert_int_eq(res.held, 1);
	ck_assert_int_eq(res.inserted + res.updated + res.unchanged, 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident "
	                                   "WHERE remote_id IS NOT NULL"),
	                 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident "
	                                   "WHERE reference = 'MX-2026-00061' "
	                                   "AND title = 'Ours'"),
	                 1);
	/* refused (nothing applied): ours gives its reference up, by id */
	ck_assert_int_eq(
	    store_outbox_set_state(s, entry, OUTBOX_FAILED, "HTTP 422", 0, &e),
	    0);
	apply_theirs(s, &res);
	ck_assert_int_eq(res.held, 0);
	ck_assert_int_eq(res.inserted, 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident "
	                                   "WHERE remote_id = 'i-61' AND "
	                                   "reference = 'MX-2026-00061' AND "
	                                   "title = 'Theirs'"),
	                 1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM incident AS i JOIN outbox "
	                      "AS o ON o.entity_id = i.id WHERE i.title = "
	                      "'Ours' AND i.reference = 'MX-2026-00062' AND "
	                      "i.remote_id IS NULL AND i.local_state = "
	                      "'dirty'"),
	    1);
	incident_release(&inc);
	store_close(s);
}
END_TEST

Suite *
sync_apply_suite(void)
{
	Suite *s = suite_create("sync_apply");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sync_apply_skip_drops_unknown_links);
	tcase_add_test(tc, test_sync_apply_reject_refuses_with_reason);
	tcase_add_test(tc, test_sync_apply_reject_checks_without_writing);
	tcase_add_test(tc, test_sync_apply_result_names_the_lists_changed);
	tcase_add_test(tc,
	               test_sync_apply_pulled_incident_and_a_create_of_ours);
	suite_add_tcase(s, tc);
	return s;
}
