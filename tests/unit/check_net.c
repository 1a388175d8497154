/*
 * The net layer: URL policy, backoff, Retry-After, the retry table, token
 * files, and transfers against tests/integration/net_server.py (a Python 3
 * standard-library server started once per transport case; the transport
 * tests print SKIP and pass when python3 or the script is missing, and fail
 * under CI: testutil.h's test_skip).
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "centinela/base/err.h"
#include "centinela/base/rng.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/net/backoff.h"
#include "centinela/net/http.h"
#include "centinela/net/token.h"
#include "testutil.h"

/* The test server, started in the runner's process by server_start. */
static pid_t server_pid;  /* 0 when not running */
static int http_port;     /* plain HTTP port */
static int https_port;    /* HTTPS port, 0 without openssl */
static char *server_dir;  /* its temporary folder (cert.pem) */
static char *server_cert; /* the self-signed certificate */
/* Why there is no server, for the tests' test_skip (static storage). */
static char server_missing[256];

static void
server_start(void)
{
	const char *script = getenv("CENTINELA_NET_SERVER");
	char *port_file;
	FILE *fp = NULL;

	if (!script)
		script = "tests/integration/net_server.py";
	if (access(script, R_OK) != 0 ||
	    system("command -v python3 >/dev/null 2>&1") != 0) {
		snprintf(
		    server_missing, sizeof(server_missing),
		    "net transport tests need python3 and %s (contrib/deps "
		    "installs python3)",
		    script);
		fprintf(stderr, "SKIP: %s\n", server_missing);
		return;
	}
	server_dir = test_tmpdir();
	port_file = test_path(server_dir, "port");
	server_cert = test_path(server_dir, "cert.pem");
	server_pid = fork();
	if (server_pid == 0) {
		execlp("python3", "python3", script, port_file, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !fp; i++) {
		fp = fopen(port_file, "r");
		if (!fp)
			usleep(50 * 1000);
	}
	if (!fp || fscanf(fp, "%d %d", &http_port, &https_port) != 2) {
		snprintf(server_missing, sizeof(server_missing),
		         "the net test server (%s) did not start", script);
		fprintf(stderr, "SKIP: %s\n", server_missing);
		http_port = https_port = 0;
	}
	if (fp)
		fclose(fp);
	free(port_file);
}

static void
server_stop(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	server_pid = 0;
	free(server_cert);
	server_cert = NULL;
	if (server_dir)
		test_rmtree(server_dir);
	server_dir = NULL;
}

static void
curl_setup(void)
{
	ck_assert_int_eq(net_global_init(NULL), 0);
}

static void
curl_teardown(void)
{
	net_global_cleanup();
}

static bool
have_server(void)
{
	if (http_port == 0)
		test_skip("no net test server: %s", server_missing);
	return http_port != 0;
}

/* A request to the plain server with small limits; url owned by *url. */
static void
req_for(struct net_request *req, struct strbuf *url, const char *path)
{
	net_request_init(req);
	strbuf_init(url);
	strbuf_addf(url, "http://127.0.0.1:%d%s", http_port, path);
	req->url = url->buf;
	req->limits.low_speed_bytes = 1024;
	req->limits.low_speed_time_s = 2;
	req->limits.max_body = 1024 * 1024;
	req->limits.total_timeout_ms = 10000;
}

/* Run path on a fresh engine; returns the failure class. */
static enum net_failure
fetch(const char *path, struct net_response *resp)
{
	struct net_request req;
	struct strbuf url;
	struct net *net = net_new(NULL);

	ck_assert_ptr_nonnull(net);
	req_for(&req, &url, path);
	net_response_init(resp);
	net_perform(net, &req, resp, NULL);
	net_free(net);
	strbuf_release(&url);
	return resp->failure;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(test_net_url_policy)
{
	static const struct {
		const char *url;
		bool is_ok;
	} cases[] = {
	    {"https://example.org/api", true},
	    {"HTTPS://example.org/", true},
	    {"http://127.0.0.1:8080/", true},
	    {"http://127.5.0.1/", true},
	    {"http://[::1]:9000/x", true},
	    {"http://localhost/", true},
	    {"HTTP://LOCALHOST:1/", true},
	    {"http://example.org/", false},
	    {"http://127.0.0.1@evil.example/", false},
	    {"http://128.0.0.1/", false},
	    {"http://[::2]/", false},
	    {"http://localhost.evil.example/", false},
	    {"file:///etc/passwd", false},
	    {"ftp://127.0.0.1/x", false},
	    {"gopher://example.org/", false},
	    {"example.org/api", false},
	    {"", false},
	    {"https://", false},
	};
	struct err e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = net_url_check(cases[i].url, &e);

		ck_assert_msg((rc == 0) == cases[i].is_ok, "%s: %s",
		              cases[i].url, rc ? e.msg : "accepted");
		if (!cases[i].is_ok)
			ck_assert_int_eq(rc, ERR_INVALID);
	}
	ck_assert_int_eq(net_url_check("http://example.org/x?q=1", &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "refusing plain http to 'example.org': use "
	                        "https, plain http is allowed only to "
	                        "loopback addresses");
	net_url_check("http://127.0.0.1@evil.example/", &e);
	ck_assert_ptr_nonnull(strstr(e.msg, "'evil.example'"));
	net_url_check("ftp://127.0.0.1/x", &e);
	ck_assert_ptr_nonnull(strstr(e.msg, "use https"));
	net_url_check("example.org/api", &e);
	ck_assert_ptr_nonnull(strstr(e.msg, "https://"));
}
END_TEST

START_TEST(test_net_backoff_bounds_and_growth)
{
	struct rng r;
	double sum[8] = {0};

	rng_seed(&r, 42);
	for (unsigned a = 0; a < 8; a++) {
		long cap = 100L << a;

		if (cap > 5000)
			cap = 5000;
		for (int i = 0; i < 400; i++) {
			long d = net_backoff_delay_ms(a, 100, 5000, &r);

			ck_assert_int_ge(d, 0);
			ck_assert_int_le(d, cap);
			sum[a] += (double)d;
		}
	}
	/* Full jitter: the mean is about half the cap, growing to max. */
	ck_assert(sum[1] > sum[0] * 1.5);
	ck_assert(sum[3] > sum[2] * 1.5);
	ck_assert(sum[7] > 400 * 5000 * 0.4 && sum[7] < 400 * 5000 * 0.6);
	/* Huge attempts do not overflow. */
	ck_assert_int_le(net_backoff_delay_ms(1000, 100, 60000, &r), 60000);
	/* Same seed, same delays. */
	{
		struct rng a, b;

		rng_seed(&a, 7);
		rng_seed(&b, 7);
		for (unsigned i = 0; i < 10; i++)
			ck_assert_int_eq(net_backoff_delay_ms(i, 50, 9000, &a),
			                 net_backoff_delay_ms(i, 50, 9000, &b));
	}
}
END_TEST

START_TEST(test_net_retry_after_parse)
{
	/* Wed, 21 Oct 2015 07:28:00 GMT */
	time_t t = 1445412480;

	ck_assert_int_eq(net_retry_after_parse("120", t), 120);
	ck_assert_int_eq(net_retry_after_parse(" 7 ", t), 7);
	ck_assert_int_eq(net_retry_after_parse("0", t), 0);
	ck_assert_int_eq(net_retry_after_parse("99999999999999999999", t),
	                 86400);
	ck_assert_int_eq(
	    net_retry_after_parse("Wed, 21 Oct 2015 07:28:30 GMT", t), 30);
	ck_assert_int_eq(
	    net_retry_after_parse("Wednesday, 21-Oct-15 07:29:00 GMT", t), 60);
	ck_assert_int_eq(net_retry_after_parse("Wed Oct 21 07:28:10 2015", t),
	                 10);
	ck_assert_int_eq(
	    net_retry_after_parse("Tue, 20 Oct 2015 07:28:00 GMT", t), 0);
	ck_assert_int_eq(net_retry_after_parse(NULL, t), -1);
	ck_assert_int_eq(net_retry_after_parse("", t), -1);
	ck_assert_int_eq(net_retry_after_parse("soon", t), -1);
	ck_assert_int_eq(net_retry_after_parse("-5", t), -1);
	ck_assert_int_eq(net_retry_after_parse("1.5", t), -1);
}
END_TEST

START_TEST(test_net_should_retry_table)
{
	static const struct {
		int status;
		enum net_failure f;
		bool is_retry;
	} cases[] = {
	    {500, NET_OK, true},      {502, NET_OK, true},
	    {503, NET_OK, true},      {429, NET_OK, true},
	    {408, NET_OK, true},      {200, NET_OK, false},
	    {304, NET_OK, false},     {400, NET_OK, false},
	    {401, NET_OK, false},     {404, NET_OK, false},
	    {409, NET_OK, false},     {412, NET_OK, false},
	    {422, NET_OK, false},     {0, NET_TIMEOUT, true},
	    {0, NET_STALLED, true},   {0, NET_RESET, true},
	    {0, NET_REFUSED, true},   {0, NET_DNS, true},
	    {0, NET_TLS, false},      {0, NET_TOO_LARGE, false},
	    {0, NET_REDIRECT, false}, {0, NET_POLICY, false},
	    {0, NET_PROTOCOL, false}, {0, NET_CANCELLED, false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(net_should_retry(cases[i].status, cases[i].f) ==
		                  cases[i].is_retry,
		              "status %d failure %s", cases[i].status,
		              net_failure_name(cases[i].f));
}
END_TEST

START_TEST(test_net_failure_names)
{
	ck_assert_str_eq(net_failure_name(NET_DNS), "dns");
	ck_assert_str_eq(net_failure_name(NET_REFUSED), "refused");
	ck_assert_str_eq(net_failure_name(NET_TLS), "tls");
	ck_assert_str_eq(net_failure_name(NET_TIMEOUT), "timeout");
	ck_assert_str_eq(net_failure_name(NET_STALLED), "stalled");
	ck_assert_str_eq(net_failure_name(NET_TOO_LARGE), "too large");
	ck_assert_str_eq(net_failure_name(NET_RESET), "reset");
	ck_assert_str_eq(net_failure_name(NET_REDIRECT), "redirect refused");
	ck_assert_str_eq(net_failure_name(NET_POLICY), "refused url");
	ck_assert_str_eq(net_failure_name(NET_PROTOCOL), "protocol error");
}
END_TEST

/* Write data to dir/name with mode; returns the owned path. */
static char *
token_file(const char *dir, const char *name, const char *data, mode_t mode)
{
	char *path = test_write_file(dir, name, data);

	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

START_TEST(test_net_token_file_checks)
{
	char *dir = test_tmpdir();
	char *p;
	struct strbuf tok;
	struct err e;
	char want[128];

	strbuf_init(&tok);
	p = token_file(dir, "ok", "s3cr3t-token\n", 0600);
	ck_assert_int_eq(net_token_read(p, &tok, &e), 0);
	ck_assert_str_eq(tok.buf, "s3cr3t-token");
	net_token_wipe(&tok);
	free(p);

	p = token_file(dir, "crlf", "abc.def_ghi\r\n", 0400);
	ck_assert_int_eq(net_token_read(p, &tok, &e), 0);
	ck_assert_str_eq(tok.buf, "abc.def_ghi");
	net_token_wipe(&tok);
	free(p);

	p = token_file(dir, "group", "s3cr3t\n", 0640);
	ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_PERM);
	snprintf(want, sizeof(want),
	         "is readable by group or others (mode 0640): run chmod 600 "
	         "'%s'",
	         p);
	ck_assert_msg(strstr(e.msg, want) != NULL, "%s", e.msg);
	ck_assert_ptr_null(strstr(e.msg, "s3cr3t"));
	ck_assert_uint_eq(tok.len, 0);
	free(p);

	p = token_file(dir, "other", "s3cr3t\n", 0604);
	ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "mode 0604"));
	free(p);

	p = token_file(dir, "empty", "", 0600);
	ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "holds no token"));
	free(p);

	p = token_file(dir, "newline", "\n", 0600);
	ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_INVALID);
	free(p);

	p = token_file(dir, "space", "two words\n", 0600);
	ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_INVALID);
	ck_assert_ptr_null(strstr(e.msg, "words"));
	free(p);

	p = token_file(dir, "lines", "one\ntwo\n", 0600);
	ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_INVALID);
	free(p);

	{
		char big[NET_TOKEN_MAX + 100];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		p = token_file(dir, "big", big, 0600);
		ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_LIMIT);
		free(p);
	}

	p = test_path(dir, "sub");
	ck_assert_int_eq(mkdir(p, 0700), 0);
	ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "not a regular file"));
	free(p);

	p = test_path(dir, "missing");
	ck_assert_int_eq(net_token_read(p, &tok, &e), ERR_IO);
	free(p);
	ck_assert_uint_eq(tok.len, 0);
	strbuf_release(&tok);
	test_rmtree(dir);
}
END_TEST

START_TEST(test_net_token_from_env)
{
	struct strbuf tok;
	struct err e;

	strbuf_init(&tok);
	setenv("CENTINELA_TEST_TOKEN", "abc123", 1);
	ck_assert_int_eq(net_token_from_env("CENTINELA_TEST_TOKEN", &tok, &e),
	                 0);
	ck_assert_str_eq(tok.buf, "abc123");
	net_token_wipe(&tok);
	setenv("CENTINELA_TEST_TOKEN", "abc 123", 1);
	ck_assert_int_eq(net_token_from_env("CENTINELA_TEST_TOKEN", &tok, &e),
	                 ERR_INVALID);
	unsetenv("CENTINELA_TEST_TOKEN");
	ck_assert_int_eq(net_token_from_env("CENTINELA_TEST_TOKEN", &tok, &e),
	                 ERR_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "CENTINELA_TEST_TOKEN"));
	strbuf_release(&tok);
}
END_TEST

START_TEST(test_net_policy_refused_before_sending)
{
	struct net *net = net_new(NULL);
	struct net_request req;
	struct net_response resp;
	struct err e;

	net_request_init(&req);
	req.url = "http://example.org/api/v1/alerts?since=x";
	net_response_init(&resp);
	ck_assert_int_eq(net_perform(net, &req, &resp, &e), ERR_INVALID);
	ck_assert_int_eq(resp.failure, NET_POLICY);
	ck_assert_ptr_nonnull(strstr(resp.message, "'example.org'"));
	ck_assert_ptr_null(strstr(resp.message, "since"));
	ck_assert_uint_eq(net_running(net), 0);
	net_response_release(&resp);
	net_free(net);
}
END_TEST

START_TEST(test_net_refused)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct net *net = net_new(NULL);
	struct net_request req;
	struct net_response resp;
	struct strbuf url;
	struct err e;
	char hp[64];

	/* A port that was free a moment ago and has no listener. */
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	net_request_init(&req);
	strbuf_init(&url);
	strbuf_addf(&url, "http://127.0.0.1:%d/api?since=abc",
	            ntohs(sa.sin_port));
	req.url = url.buf;
	req.token = "TOPSECRETTOKEN";
	net_response_init(&resp);
	ck_assert_int_eq(net_perform(net, &req, &resp, &e), ERR_NET);
	ck_assert_int_eq(resp.failure, NET_REFUSED);
	snprintf(hp, sizeof(hp), "connection refused by 127.0.0.1:%d",
	         ntohs(sa.sin_port));
	ck_assert_str_eq(resp.message, hp);
	ck_assert_str_eq(e.msg, hp);
	ck_assert(net_should_retry(resp.status, resp.failure));
	net_response_release(&resp);
	strbuf_release(&url);
	net_free(net);
}
END_TEST

START_TEST(test_net_dns)
{
	struct net *net = net_new(NULL);
	struct net_request req;
	struct net_response resp;
	enum net_failure failure;
	char answer[256];
	double t0 = now_s();

	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	net_request_init(&req);
	req.url = "https://nonexistent.invalid/api";
	req.limits.connect_timeout_ms = 4000;
	req.limits.total_timeout_ms = 4000;
	net_response_init(&resp);
	net_perform(net, &req, &resp, NULL);
	if (resp.failure == NET_DNS) {
		ck_assert_str_eq(resp.message,
		                 "could not resolve 'nonexistent.invalid'");
		ck_assert(net_should_retry(resp.status, resp.failure));
	}
	failure = resp.failure;
	snprintf(answer, sizeof(answer), "%s",
	         resp.message ? resp.message : "answered");
	net_response_release(&resp);
	net_free(net);
	if (failure == NET_TIMEOUT)
		test_skip("resolving a .invalid name hangs here (%.1f s); no "
		          "DNS test",
		          now_s() - t0);
	else if (failure != NET_DNS)
		/* A resolver that answers every name (a captive DNS). */
		test_skip("'nonexistent.invalid' did not fail to resolve here "
		          "(%s: %s); no DNS test",
		          net_failure_name(failure), answer);
}
END_TEST

START_TEST(test_net_ok_with_etag)
{
	struct net_response r;

	if (!have_server())
		return;
	ck_assert_int_eq(fetch("/ok", &r), NET_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body.buf, "{\"ok\": true}");
	ck_assert_str_eq(r.etag, "\"v1\"");
	ck_assert_str_eq(r.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
	ck_assert_str_eq(r.content_type, "application/json");
	ck_assert_int_eq(r.retry_after, -1);
	ck_assert_ptr_null(r.message);
	net_response_release(&r);
}
END_TEST

START_TEST(test_net_not_modified)
{
	struct net *net = net_new(NULL);
	struct net_request req;
	struct net_response r;
	struct strbuf url;

	if (!have_server()) {
		net_free(net);
		return;
	}
	req_for(&req, &url, "/304");
	net_response_init(&r);
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.etag, "\"v1\"");
	req.if_none_match = "\"v1\"";
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), 0);
	ck_assert_int_eq(r.status, 304);
	ck_assert_uint_eq(r.body.len, 0);
	ck_assert_str_eq(r.etag, "\"v1\"");
	net_response_release(&r);
	strbuf_release(&url);
	net_free(net);
}
END_TEST

START_TEST(test_net_gzip_decoded)
{
	struct net_response r;

	if (!have_server())
		return;
	ck_assert_int_eq(fetch("/gzip", &r), NET_OK);
	ck_assert_str_eq(r.body.buf, "{\"data\": [], \"next_cursor\": \"c1\", "
	                             "\"has_more\": false}");
	net_response_release(&r);
}
END_TEST

START_TEST(test_net_gzip_bomb_capped)
{
	struct net_response r;

	if (!have_server())
		return;
	ck_assert_int_eq(fetch("/bomb", &r), NET_TOO_LARGE);
	ck_assert_uint_le(r.body.len, 1024 * 1024);
	ck_assert_msg(strstr(r.message, "larger than the 1 MiB cap") != NULL,
	              "%s", r.message);
	ck_assert(!net_should_retry(r.status, r.failure));
	net_response_release(&r);
}
END_TEST

START_TEST(test_net_big_capped)
{
	struct net_response r;

	if (!have_server())
		return;
	ck_assert_int_eq(fetch("/big", &r), NET_TOO_LARGE);
	ck_assert_uint_le(r.body.len, 1024 * 1024);
	net_response_release(&r);
	ck_assert_int_eq(fetch("/big-length", &r), NET_TOO_LARGE);
	net_response_release(&r);
}
END_TEST

START_TEST(test_net_stall_aborted)
{
	struct net_response r;
	double t0 = now_s();

	if (!have_server())
		return;
	ck_assert_int_eq(fetch("/stall", &r), NET_STALLED);
	ck_assert_msg(now_s() - t0 < 6, "took %.1f s", now_s() - t0);
	ck_assert_ptr_nonnull(strstr(r.message, "stalled"));
	ck_assert(net_should_retry(r.status, r.failure));
	net_response_release(&r);
}
END_TEST

START_TEST(test_net_reset_and_truncated)
{
	struct net_response r;

	if (!have_server())
		return;
	ck_assert_int_eq(fetch("/reset", &r), NET_RESET);
	ck_assert_ptr_nonnull(strstr(r.message, "127.0.0.1:"));
	net_response_release(&r);
	ck_assert_int_eq(fetch("/truncated", &r), NET_RESET);
	ck_assert_ptr_nonnull(strstr(r.message, "truncated"));
	net_response_release(&r);
}
END_TEST

START_TEST(test_net_redirects_refused)
{
	static const char *const paths[] = {"/redirect-http", "/redirect-file",
	                                    "/redirect-loop"};
	struct net_response r;

	if (!have_server())
		return;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ck_assert_msg(fetch(paths[i], &r) == NET_REDIRECT, "%s: %s",
		              paths[i], r.message ? r.message : "ok");
		ck_assert_ptr_null(strstr(r.message, "passwd"));
		net_response_release(&r);
	}
}
END_TEST

START_TEST(test_net_total_timeout)
{
	struct net *net = net_new(NULL);
	struct net_request req;
	struct net_response r;
	struct strbuf url;

	if (!have_server()) {
		net_free(net);
		return;
	}
	req_for(&req, &url, "/slow-headers");
	req.limits.total_timeout_ms = 500;
	net_response_init(&r);
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), ERR_NET);
	ck_assert_int_eq(r.failure, NET_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(r.message, "did not answer within"));
	net_response_release(&r);
	strbuf_release(&url);
	net_free(net);
}
END_TEST

START_TEST(test_net_echo_headers)
{
	struct net *net = net_new(NULL);
	struct net_request req;
	struct net_response r;
	struct strbuf url;
	const char *b;

	if (!have_server()) {
		net_free(net);
		return;
	}
	req_for(&req, &url, "/echo");
	req.method = NET_PATCH;
	req.token = "tok-123.abc";
	req.idempotency_key = "0d9c1b6e-1111-4222-8333-444455556666";
	req.if_match = "\"7\"";
	req.body = "{\"status\":\"closed\"}";
	req.body_len = strlen(req.body);
	net_response_init(&r);
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), 0);
	b = r.body.buf;
	ck_assert_msg(strstr(b, "\"method\": \"PATCH\""), "%s", b);
	ck_assert_msg(strstr(b, "\"authorization\": \"Bearer tok-123.abc\""),
	              "%s", b);
	ck_assert_msg(strstr(b, "\"idempotency-key\": "
	                        "\"0d9c1b6e-1111-4222-8333-444455556666\""),
	              "%s", b);
	ck_assert_msg(strstr(b, "\"if-match\": \"\\\"7\\\"\""), "%s", b);
	ck_assert_msg(strstr(b, "\"user-agent\": \"centinela/"), "%s", b);
	ck_assert_msg(strstr(b, "\"accept-encoding\": \"") && strstr(b, "gzip"),
	              "%s", b);
	ck_assert_msg(strstr(b, "\"accept\": \"application/json\""), "%s", b);
	ck_assert_msg(strstr(b, "\"content-type\": \"application/json\""), "%s",
	              b);
	ck_assert_msg(
	    strstr(b, "\"body\": \"{\\\"status\\\":\\\"closed\\\"}\""), "%s",
	    b);
	ck_assert_ptr_null(strstr(b, "\"expect\""));

	/* A header value cannot smuggle another header. */
	req.method = NET_GET;
	req.body = NULL;
	req.if_none_match = "\"x\"\r\nX-Evil: 1";
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), ERR_INVALID);
	net_response_release(&r);
	strbuf_release(&url);
	net_free(net);
}
END_TEST

START_TEST(test_net_retry_after_header)
{
	struct net_response r;

	if (!have_server())
		return;
	ck_assert_int_eq(fetch("/retry-after", &r), NET_OK);
	ck_assert_int_eq(r.status, 429);
	ck_assert_int_eq(r.retry_after, 7);
	ck_assert(net_should_retry(r.status, r.failure));
	net_response_release(&r);
}
END_TEST

/* Records the order in which transfers complete. */
struct order {
	struct strbuf seen; /* names, in completion order */
	int n_done;         /* completions so far */
};

struct tagged {
	struct order *order; /* shared record */
	const char *name;    /* this transfer's name */
	enum net_failure f;  /* its outcome */
};

static void
on_done(void *ctx, struct net_response *resp)
{
	struct tagged *t = ctx;

	t->f = resp->failure;
	strbuf_addf(&t->order->seen, "%s ", t->name);
	t->order->n_done++;
}

START_TEST(test_net_concurrent_transfers)
{
	struct net *net = net_new(NULL);
	struct order o = {.n_done = 0};
	struct tagged slow = {&o, "slow", NET_PROTOCOL};
	struct tagged fast = {&o, "fast", NET_PROTOCOL};
	struct net_request req;
	struct strbuf url1, url2;
	double t0;

	if (!have_server()) {
		net_free(net);
		return;
	}
	strbuf_init(&o.seen);
	/* Silent for 2 s: without the long-poll allowance it would stall. */
	req_for(&req, &url1, "/slow-headers");
	req.long_poll_s = 3;
	ck_assert_int_eq(
	    net_submit(net, &req, (struct net_callback){on_done, &slow}, NULL),
	    0);
	req_for(&req, &url2, "/ok");
	ck_assert_int_eq(
	    net_submit(net, &req, (struct net_callback){on_done, &fast}, NULL),
	    0);
	ck_assert_uint_eq(net_running(net), 2);
	t0 = now_s();
	while (o.n_done < 2 && now_s() - t0 < 8)
		ck_assert_int_ge(net_run(net, 200, NULL), 0);
	ck_assert_str_eq(o.seen.buf, "fast slow ");
	ck_assert_int_eq(slow.f, NET_OK);
	ck_assert_int_eq(fast.f, NET_OK);
	ck_assert_uint_eq(net_running(net), 0);
	strbuf_release(&o.seen);
	strbuf_release(&url1);
	strbuf_release(&url2);
	net_free(net);
}
END_TEST

START_TEST(test_net_cancel_all)
{
	struct net *net = net_new(NULL);
	struct order o = {.n_done = 0};
	struct tagged slow = {&o, "slow", NET_OK};
	struct net_request req;
	struct strbuf url;

	if (!have_server()) {
		net_free(net);
		return;
	}
	strbuf_init(&o.seen);
	req_for(&req, &url, "/slow-headers");
	ck_assert_int_eq(
	    net_submit(net, &req, (struct net_callback){on_done, &slow}, NULL),
	    0);
	ck_assert_int_eq(net_run(net, 100, NULL), 1);
	net_cancel_all(net);
	ck_assert_int_eq(o.n_done, 1);
	ck_assert_int_eq(slow.f, NET_CANCELLED);
	ck_assert_uint_eq(net_running(net), 0);
	strbuf_release(&o.seen);
	strbuf_release(&url);
	net_free(net);
}
END_TEST

static void *
wake_later(void *arg)
{
	usleep(100 * 1000);
	net_wakeup(arg);
	return NULL;
}

START_TEST(test_net_wakeup_from_thread)
{
	struct net *net = net_new(NULL);
	pthread_t th;
	double t0 = now_s();

	ck_assert_int_eq(pthread_create(&th, NULL, wake_later, net), 0);
	ck_assert_int_eq(net_run(net, 5000, NULL), 0);
	ck_assert_msg(now_s() - t0 < 2.5, "took %.1f s", now_s() - t0);
	pthread_join(th, NULL);
	net_free(net);
}
END_TEST

START_TEST(test_net_tls_handshake_failure)
{
	struct net *net = net_new(NULL);
	struct net_request req;
	struct net_response r;
	struct strbuf url;

	if (!have_server()) {
		net_free(net);
		return;
	}
	/* https spoken to the plain port: the handshake fails. */
	net_request_init(&req);
	strbuf_init(&url);
	strbuf_addf(&url, "https://127.0.0.1:%d/ok", http_port);
	req.url = url.buf;
	net_response_init(&r);
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), ERR_NET);
	ck_assert_int_eq(r.failure, NET_TLS);
	ck_assert_ptr_nonnull(strstr(r.message, "tls failure with 127.0.0.1:"));
	ck_assert(!net_should_retry(r.status, r.failure));
	net_response_release(&r);
	strbuf_release(&url);
	net_free(net);
}
END_TEST

START_TEST(test_net_https_verified)
{
	struct net *net = net_new(NULL);
	struct net_request req;
	struct net_response r;
	struct strbuf url;

	if (!have_server()) {
		net_free(net);
		return;
	}
	if (https_port == 0) {
		test_skip("no https test server (needs openssl)");
		net_free(net);
		return;
	}
	net_request_init(&req);
	strbuf_init(&url);
	strbuf_addf(&url, "https://127.0.0.1:%d/ok", https_port);
	req.url = url.buf;
	net_response_init(&r);
	/* Self-signed: refused unless its certificate is the CA file. */
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), ERR_NET);
	ck_assert_int_eq(r.failure, NET_TLS);
	req.ca_file = server_cert;
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.etag, "\"v1\"");

	/* https to https redirects are followed, at most three. */
	strbuf_reset(&url);
	strbuf_addf(&url, "https://127.0.0.1:%d/redirect-ok", https_port);
	req.url = url.buf;
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), 0);
	ck_assert_int_eq(r.status, 200);
	strbuf_reset(&url);
	strbuf_addf(&url, "https://127.0.0.1:%d/redirect-loop", https_port);
	req.url = url.buf;
	ck_assert_int_eq(net_perform(net, &req, &r, NULL), ERR_NET);
	ck_assert_int_eq(r.failure, NET_REDIRECT);
	ck_assert_ptr_nonnull(strstr(r.message, "more than 3 redirects"));
	net_response_release(&r);
	strbuf_release(&url);
	net_free(net);
}
END_TEST

Suite *
net_suite(void)
{
	Suite *s = suite_create("net");
	TCase *tc = tcase_create("policy");
	TCase *tt = tcase_create("transport");

	tcase_add_checked_fixture(tc, curl_setup, curl_teardown);
	tcase_add_test(tc, test_net_url_policy);
	tcase_add_test(tc, test_net_backoff_bounds_and_growth);
	tcase_add_test(tc, test_net_retry_after_parse);
	tcase_add_test(tc, test_net_should_retry_table);
	tcase_add_test(tc, test_net_failure_names);
	tcase_add_test(tc, test_net_token_file_checks);
	tcase_add_test(tc, test_net_token_from_env);
	tcase_add_test(tc, test_net_policy_refused_before_sending);
	tcase_add_test(tc, test_net_refused);
	tcase_add_test(tc, test_net_dns);
	tcase_add_test(tc, test_net_wakeup_from_thread);
	suite_add_tcase(s, tc);

	tcase_add_unchecked_fixture(tt, server_start, server_stop);
	tcase_add_checked_fixture(tt, curl_setup, curl_teardown);
	tcase_set_timeout(tt, 30);
	tcase_add_test(tt, test_net_ok_with_etag);
	tcase_add_test(tt, test_net_not_modified);
	tcase_add_test(tt, test_net_gzip_decoded);
	tcase_add_test(tt, test_net_gzip_bomb_capped);
	tcase_add_test(tt, test_net_big_capped);
	tcase_add_test(tt, test_net_stall_aborted);
	tcase_add_test(tt, test_net_reset_and_truncated);
	tcase_add_test(tt, test_net_redirects_refused);
	tcase_add_test(tt, test_net_total_timeout);
	tcase_add_test(tt, test_net_echo_headers);
	tcase_add_test(tt, test_net_retry_after_header);
	tcase_add_test(tt, test_net_concurrent_transfers);
	tcase_add_test(tt, test_net_cancel_all);
	tcase_add_test(tt, test_net_tls_handshake_failure);
	tcase_add_test(tt, test_net_https_verified);
	suite_add_tcase(s, tt);
	return s;
}
