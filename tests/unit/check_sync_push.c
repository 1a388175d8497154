/*
 * The adapter boundary of writes: a driver that takes writes, defined and
 * registered here (not in src/feed/), gets the analyst's edit through the
 * same path as the native one (app edit -> outbox -> sync engine -> its
 * edit_request -> the wire -> its edit_answer -> the cache), and nothing
 * of the native API's wire format appears on the way. The server is a
 * loopback HTTP listener in a thread of the test that records each request
 * and answers in the fake protocol.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/incident.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/sync/engine.h"
#include "centinela/sync/source.h"
#include "testutil.h"

/* ---- the fake protocol -------------------------------------------- */

/*
 * Requests: "PUT"-like edits as POST /fake/ENTITY/REMOTE-ID?op=OP with the
 * neutral fields as the body and the version in X-Fake-Version; an
 * answer is one line "REMOTE-ID VERSION".
 */
static int
fake_edit_request(const struct outbox_edit *ed, struct feed_request *req,
                  struct err *e)
{
	struct strbuf sb;

	if (!ed->remote_id)
		return err_set(e, ERR_INVALID, "no id at the fake source");
	strbuf_init(&sb);
	strbuf_addf(&sb, "/fake/%s/%s?op=%s", outbox_entity_name(ed->entity),
	            ed->remote_id, outbox_op_name(ed->op));
	req->method = FEED_POST;
	req->path = strbuf_detach(&sb, NULL);
	req->body = xstrdup(ed->fields);
	return 0;
}

/* "REMOTE-ID VERSION": the incident at that version, as the fake knows
 * it (its other fields are the cache's, which the test checks). */
static int
fake_edit_answer(const struct outbox_edit *ed, const char *bytes, size_t len,
                 struct feed_batch *batch, struct err *e)
{
	char id[64], line[128];
	long long version;
	struct incident *inc;

	if (ed->entity != OUTBOX_INCIDENT || len >= sizeof(line))
		return err_set(e, ERR_PARSE, "not a fake answer");
	memcpy(line, bytes, len);
	line[len] = '\0';
	if (sscanf(line, "%63s %lld", id, &version) != 2)
		return err_set(e, ERR_PARSE, "not a fake answer: '%s'", line);
	inc = feed_batch_add_incident(batch, 0);
	inc->meta.source = xstrdup(batch->source);
	inc->meta.remote_id = xstrdup(id);
	inc->meta.version = version;
	inc->reference = xstrdup("MX-2026-00007");
	inc->title = xstrdup("Renamed by the analyst");
	inc->category = xstrdup("intrusions");
	inc->severity = SEVERITY_HIGH;
	inc->priority = 3;
	inc->status = INCIDENT_TRIAGE;
	inc->tlp = TLP_AMBER;
	inc->pap = PAP_AMBER;
	inc->opened_at = 100;
	batch->n_items = 1;
	return 0;
}

static int
fake_parse(const char *bytes, size_t len, const char *resource,
           struct feed_batch *batch, struct err *e)
{
	(void)bytes;
	(void)len;
	(void)resource;
	(void)batch;
	return err_set(e, ERR_INVALID, "the fake source is never pulled");
}

static const char *const fake_resources[] = {"incidents", NULL};

static const struct feed_ops fake_ops = {
    .name = "fake",
    .resources = fake_resources,
    .parse = fake_parse,
    .interval = 60,
    .takes_writes = true,
    .edit_request = fake_edit_request,
    .edit_answer = fake_edit_answer,
};

/* ---- the fake server ---------------------------------------------- */

struct fake_server {
	int fd;             /* listening socket */
	int port;           /* its port */
	pthread_t thread;   /* serving */
	int n;              /* requests seen */
	struct strbuf last; /* the last request, head and body */
	const char *answer; /* body of every answer */
	int status;         /* status of every answer */
};

/* Read one request (head, then Content-Length bytes) into sb. */
static void
read_request(int c, struct strbuf *sb)
{
	char buf[4096];
	size_t want = 0, head = 0;
	ssize_t r;

	strbuf_reset(sb);
	while ((r = read(c, buf, sizeof(buf))) > 0) {
		strbuf_add(sb, buf, (size_t)r);
		if (!head) {
			char *end = strstr(sb->buf, "\r\n\r\n");
			const char *cl;

			if (!end)
				continue;
			head = (size_t)(end - sb->buf) + 4;
			cl = strcasestr(sb->buf, "\r\nContent-Length:");
			want = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
		}
		if (sb->len >= head + want)
			break;
	}
}

static void *
serve(void *arg)
{
	struct fake_server *fs = arg;
	int c;

	while ((c = accept(fs->fd, NULL, NULL)) >= 0) {
		char out[512];
		int n;

		read_request(c, &fs->last);
		fs->n++;
		n = snprintf(out, sizeof(out),
		             "HTTP/1.1 %d X\r\nContent-Type: text/plain\r\n"
		             "Content-Length: %zu\r\nConnection: close\r\n\r\n"
		             "%s",
		             fs->status, strlen(fs->answer), fs->answer);
		if (write(c, out, (size_t)n) != n)
			fprintf(stderr, "fake server: short write\n");
		close(c);
	}
	return NULL;
}

static void
server_start(struct fake_server *fs, int status, const char *answer)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	memset(fs, 0, sizeof(*fs));
	strbuf_init(&fs->last);
	fs->status = status;
	fs->answer = answer;
	fs->fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fs->fd, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fs->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(fs->fd, 4), 0);
	ck_assert_int_eq(getsockname(fs->fd, (struct sockaddr *)&a, &len), 0);
	fs->port = ntohs(a.sin_port);
	ck_assert_int_eq(pthread_create(&fs->thread, NULL, serve, fs), 0);
}

/* Stop serving; fs->last stays (strbuf_release it). */
static void
server_stop(struct fake_server *fs)
{
	shutdown(fs->fd, SHUT_RDWR);
	close(fs->fd);
	pthread_join(fs->thread, NULL);
}

/* ---- the test ------------------------------------------------------ */

/* Incident 21 of source "lab" (driver fake), known there as r-7, v5. */
static const char fixture_sql[] =
    "INSERT INTO incident(id, source, remote_id, version, reference, "
    "title, category, severity, status, opened_at, created_at, "
    "updated_at) VALUES (21, 'lab', 'r-7', 5, 'MX-2026-00007', 'Botnet', "
    "'intrusions', 4, 'new', 100, 100, 100);";

/* Run one blocking pass of source lab (driver fake) at port. */
static int
pass(const char *db, int port, struct sync_report *out)
{
	struct sync_source src;
	struct sync_engine *eng = NULL;
	struct sync_report *reps = NULL;
	size_t n = 0;
	char url[64];
	struct err e;
	int rc;

	sync_source_init(&src);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);
	src.name = xstrdup("lab");
	src.driver = xstrdup("fake");
	src.url = xstrdup(url);
	src.interval = 60;
	src.page_size = 100;
	src.connect_timeout = 5;
	src.low_speed_time = 5;
	src.timeout = 10;
	src.max_size = 1 << 20;
	ck_assert_int_eq(sync_engine_new(db, &src, 1, &eng, &e), 0);
	rc = sync_engine_pass(eng, NULL, 0, NULL, NULL, &reps, &n, &e);
	ck_assert_uint_eq(n, 1);
	*out = reps[0];
	free(reps);
	sync_engine_free(eng);
	sync_source_release(&src);
	return rc;
}

/* An app on the cache at db, with incident 21 of source lab. */
static void
open_app(struct app *app, const char *db)
{
	struct err e;

	app_init(app);
	free(app->analyst);
	app->analyst = xstrdup("ana");
	ck_assert_int_eq(store_open(db, 0, &app->store, &e), 0);
	ck_assert_int_eq(test_store_sql(app->store, fixture_sql), 0);
}

START_TEST(test_sync_push_fake_driver_takes_the_edit_through_the_outbox)
{
	struct fake_server fs;
	struct edit_fields f = {0};
	struct edit_result res;
	struct sync_report rep;
	struct app app;
	char *dir = test_tmpdir(), *db = test_path(dir, "cache.db");
	struct err e;

	ck_assert_int_eq(feed_register(&fake_ops, &e), 0);
	ck_assert(feed_takes_writes(feed_find("fake")));
	open_app(&app, db);
	/* the analyst's edit, queued as for any source that takes writes */
	edit_result_init(&res);
	f.title = "Renamed by the analyst";
	f.status = "triage";
	ck_assert_int_eq(
	    edit_incident_update(&app, "MX-2026-00007", &f, &res, &e), 0);
	ck_assert_uint_eq(res.queued, 1);
	edit_result_release(&res);
	ck_assert_int_eq(test_store_int(app.store,
	                                "SELECT count(*) FROM outbox "
	                                "WHERE source = 'lab' AND "
	                                "state = 'pending'"),
	                 1);

	server_start(&fs, 200, "r-7 6");
	ck_assert_int_eq(pass(db, fs.port, &rep), 0);
	server_stop(&fs);
	ck_assert_int_eq(rep.pushed, 1);
	ck_assert_int_eq(fs.n, 1);
	/* the fake's request, made by the fake from the neutral edit */
	ck_assert_msg(strncmp(fs.last.buf,
	                      "POST /fake/incident/r-7?op=update HTTP/1.1\r\n",
	                      44) == 0,
	              "%s", fs.last.buf);
	ck_assert_ptr_nonnull(strcasestr(fs.last.buf, "\r\nIdempotency-Key: "));
	ck_assert_ptr_nonnull(
	    strstr(fs.last.buf, "\"title\":\"Renamed by the analyst\""));
	ck_assert_ptr_nonnull(strstr(fs.last.buf, "\"status\":\"triage\""));
	/* nothing of the native API on the way */
	ck_assert_ptr_null(strstr(fs.last.buf, "/api/v1"));
	ck_assert_ptr_null(strcasestr(fs.last.buf, "If-Match"));
	/* the fake's answer read by the fake: done, the row at version 6 */
	ck_assert_int_eq(test_store_int(app.store,
	                                "SELECT count(*) FROM outbox "
	                                "WHERE state = 'done'"),
	                 1);
	ck_assert_int_eq(test_store_int(app.store, "SELECT version FROM "
	                                           "incident WHERE id = 21"),
	                 6);
	ck_assert_int_eq(test_store_int(app.store, "SELECT local_state = "
	                                           "'synced' FROM incident "
	                                           "WHERE id = 21"),
	                 1);
	strbuf_release(&fs.last);
	app_release(&app);
	free(db);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_sync_push_fake_driver_refusal_fails_the_entry)
{
	struct fake_server fs;
	struct edit_result res;
	struct sync_report rep;
	struct app app;
	char *dir = test_tmpdir(), *db = test_path(dir, "cache.db");
	struct err e;

	ck_assert_int_eq(feed_register(&fake_ops, &e), 0);
	open_app(&app, db);
	edit_result_init(&res);
	ck_assert_int_eq(
	    edit_incident_note(&app, "MX-2026-00007", "seen", &res, &e), 0);
	edit_result_release(&res);
	/* 422: refused; the fake reads no errors (error_answer NULL) */
	server_start(&fs, 422, "no");
	pass(db, fs.port, &rep);
	server_stop(&fs);
	ck_assert_int_eq(rep.failed, 1);
	ck_assert_msg(strncmp(fs.last.buf,
	                      "POST /fake/incident/r-7?op=add_note ", 36) == 0,
	              "%s", fs.last.buf);
	ck_assert_int_eq(test_store_int(app.store,
	                                "SELECT count(*) FROM outbox WHERE "
	                                "state = 'failed' AND last_error = "
	                                "'HTTP 422'"),
	                 1);
	strbuf_release(&fs.last);
	app_release(&app);
	free(db);
	test_rmtree(dir);
}
END_TEST

Suite *
sync_push_suite(void)
{
	Suite *s = suite_create("sync_push");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(
	    tc, test_sync_push_fake_driver_takes_the_edit_through_the_outbox);
	tcase_add_test(tc, test_sync_push_fake_driver_refusal_fails_the_entry);
	suite_add_tcase(s, tc);
	return s;
}
