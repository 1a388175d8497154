/*
 * The HTTP engine: one curl multi handle and a list of transfers.
 *
 * Each submitted request becomes a struct net_xfer holding its easy handle,
 * its header list (which carries the only copy of the bearer token, wiped
 * before it is freed), its response being filled and the host:port used in
 * messages. A transfer leaves the list when it completes or is cancelled,
 * after its callback has run. The URL policy is checked before a handle is
 * made, then enforced again by curl's allowed protocols; redirects may only
 * go to https.
 */
#include "centinela/net/http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/net/backoff.h"

/* The same fallback as src/main.c; the Makefile may define it for both. */
#ifndef CENTINELA_VERSION
#define CENTINELA_VERSION "0.1.0"
#endif

struct net_xfer {
	struct net *net;              /* the engine running it */
	CURL *easy;                   /* owned easy handle */
	struct curl_slist *headers;   /* owned; holds the token, wiped */
	struct net_callback cb;       /* completion callback */
	struct net_response resp;     /* filled while running */
	struct net_limits limits;     /* effective limits (long-poll added) */
	char *host;                   /* host of the URL, for messages */
	char *hostport;               /* "host:port", for messages */
	bool is_too_large;            /* the write callback hit the cap */
	char errbuf[CURL_ERROR_SIZE]; /* curl's detail message */
	struct net_xfer *prev, *next; /* running list of net */
};

struct net {
	CURLM *multi;          /* owned multi handle */
	struct net_xfer *head; /* running transfers */
	size_t n_running;      /* length of the list */
	bool is_closing;       /* net_free in progress: no new transfers */
};

/* What net_url_check learns about a URL. */
struct url_info {
	char *host;       /* owned, as curl spells it ("[::1]" for IPv6) */
	char *hostport;   /* owned "host:port" */
	bool is_loopback; /* host is 127.0.0.0/8, ::1 or localhost */
	bool is_http;     /* scheme is http (so is_loopback holds) */
};

int
net_global_init(struct err *e)
{
	CURLcode c = curl_global_init(CURL_GLOBAL_DEFAULT);

	if (c != CURLE_OK)
		return err_set(e, ERR_NET, "cannot initialise libcurl: %s",
		               curl_easy_strerror(c));
	return 0;
}

void
net_global_cleanup(void)
{
	curl_global_cleanup();
}

void
net_limits_init(struct net_limits *l)
{
	l->connect_timeout_ms = NET_CONNECT_TIMEOUT_MS;
	l->total_timeout_ms = NET_TOTAL_TIMEOUT_MS;
	l->low_speed_bytes = NET_LOW_SPEED_BYTES;
	l->low_speed_time_s = NET_LOW_SPEED_TIME_S;
	l->max_body = NET_MAX_BODY;
	l->max_redirects = NET_MAX_REDIRECTS;
}

void
net_request_init(struct net_request *req)
{
	memset(req, 0, sizeof(*req));
	req->method = NET_GET;
	net_limits_init(&req->limits);
}

void
net_response_init(struct net_response *r)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->body);
	r->retry_after = -1;
	r->failure = NET_OK;
}

void
net_response_release(struct net_response *r)
{
	strbuf_release(&r->body);
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->message);
	net_response_init(r);
}

const char *
net_failure_name(enum net_failure f)
{
	switch (f) {
	case NET_OK:
		return "ok";
	case NET_DNS:
		return "dns";
	case NET_REFUSED:
		return "refused";
	case NET_TLS:
		return "tls";
	case NET_TIMEOUT:
		return "timeout";
	case NET_STALLED:
		return "stalled";
	case NET_TOO_LARGE:
		return "too large";
	case NET_RESET:
		return "reset";
	case NET_REDIRECT:
		return "redirect refused";
	case NET_POLICY:
		return "refused url";
	case NET_PROTOCOL:
		return "protocol error";
	case NET_CANCELLED:
		return "cancelled";
	}
	return "unknown";
}

static bool
host_is_loopback(const char *host)
{
	unsigned char addr[16];
	char v6[64];
	size_t len = strlen(host);

	if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost."))
		return true;
	if (inet_pton(AF_INET, host, addr) == 1)
		return addr[0] == 127;
	if (len >= 2 && host[0] == '[' && host[len - 1] == ']' &&
	    len - 2 < sizeof(v6)) {
		memcpy(v6, host + 1, len - 2);
		v6[len - 2] = '\0';
		if (inet_pton(AF_INET6, v6, addr) == 1) {
			static const unsigned char one[16] = {[15] = 1};

			return !memcmp(addr, one, sizeof(one));
		}
	}
	return false;
}

static void
url_info_release(struct url_info *u)
{
	free(u->host);
	free(u->hostport);
	memset(u, 0, sizeof(*u));
}

/* The policy of net_url_check, keeping what it learnt in *u. */
static int
url_policy(const char *url, struct url_info *u, struct err *e)
{
	CURLU *h = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = 0;

	memset(u, 0, sizeof(*u));
	if (!h)
		return err_set(e, ERR_NOMEM, "cannot parse url: out of memory");
	if (!url || !*url) {
		rc = err_set(e, ERR_INVALID, "empty url: give an https:// url");
		goto out;
	}
	if (curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK) {
		if (!strstr(url, "://"))
			rc = err_set(
			    e, ERR_INVALID,
			    "url has no scheme: start it with https://");
		else
			rc = err_set(e, ERR_INVALID,
			             "malformed url: give an absolute https:// "
			             "url");
		goto out;
	}
	if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		rc = err_set(e, ERR_INVALID,
		             "url has no host: give an absolute https:// url");
		goto out;
	}
	if (curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK) {
		rc = err_set(e, ERR_INVALID, "url has no usable port");
		goto out;
	}
	u->is_loopback = host_is_loopback(host);
	if (!strcasecmp(scheme, "http")) {
		if (!u->is_loopback) {
			rc = err_set(e, ERR_INVALID,
			             "refusing plain http to '%s': use https, "
			             "plain http is allowed only to loopback "
			             "addresses",
			             host);
			goto out;
		}
		u->is_http = true;
	} else if (strcasecmp(scheme, "https") != 0) {
		rc = err_set(e, ERR_INVALID,
		             "refusing '%s://' url for '%s': use https (plain "
		             "http is allowed only to loopback addresses)",
		             scheme, host);
		goto out;
	}
	u->host = xstrdup(host);
	{
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s:%s", host, port);
		u->hostport = strbuf_detach(&sb, NULL);
	}
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(h);
	if (rc)
		url_info_release(u);
	return rc;
}

int
net_url_check(const char *url, struct err *e)
{
	struct url_info u;
	int rc = url_policy(url, &u, e);

	url_info_release(&u);
	return rc;
}

struct net *
net_new(struct err *e)
{
	struct net *net = xcalloc(1, sizeof(*net));

	net->multi = curl_multi_init();
	if (!net->multi) {
		free(net);
		err_set(e, ERR_NET,
		        "cannot create the http engine: "
		        "curl_multi_init failed");
		return NULL;
	}
	return net;
}

static void
xfer_free(struct net_xfer *x)
{
	for (struct curl_slist *l = x->headers; l; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(x->headers);
	if (x->easy)
		curl_easy_cleanup(x->easy);
	net_response_release(&x->resp);
	free(x->host);
	free(x->hostport);
	free(x);
}

static void
xfer_unlink(struct net_xfer *x)
{
	struct net *net = x->net;

	if (x->prev)
		x->prev->next = x->next;
	else
		net->head = x->next;
	if (x->next)
		x->next->prev = x->prev;
	x->prev = x->next = NULL;
	net->n_running--;
	curl_multi_remove_handle(net->multi, x->easy);
}

/* Remove x from the engine, run its callback, free it. */
static void
xfer_complete(struct net_xfer *x)
{
	xfer_unlink(x);
	if (x->cb.done)
		x->cb.done(x->cb.ctx, &x->resp);
	xfer_free(x);
}

static void fail(struct net_xfer *x, enum net_failure f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct net_xfer *x, enum net_failure f, const char *fmt, ...)
{
	va_list ap;

	x->resp.failure = f;
	free(x->resp.message);
	va_start(ap, fmt);
	x->resp.message = xvasprintf(fmt, ap);
	va_end(ap);
}

/* "64 MiB", "1500 bytes": a cap as a person reads it. */
static void
size_text(char *buf, size_t n, size_t bytes)
{
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
		snprintf(buf, n, "%zu MiB", bytes / (1024 * 1024));
	else if (bytes >= 1024 && bytes % 1024 == 0)
		snprintf(buf, n, "%zu KiB", bytes / 1024);
	else
		snprintf(buf, n, "%zu bytes", bytes);
}

static bool
is_tls_error(CURLcode c)
{
	switch (c) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
		return true;
	default:
		return false;
	}
}

/* Map a curl result to a failure class and a message naming the host. */
static void
classify(struct net_xfer *x, CURLcode c)
{
	const char *detail = x->errbuf[0] ? x->errbuf : curl_easy_strerror(c);
	const char *hp = x->hostport;
	char cap[32];
	long os_errno = 0;

	if (is_tls_error(c)) {
		fail(x, NET_TLS, "tls failure with %s: %s", hp, detail);
		return;
	}
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
		fail(x, NET_DNS, "could not resolve '%s'", x->host);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		fail(x, NET_DNS, "could not resolve the proxy for '%s'",
		     x->host);
		break;
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno);
		if (os_errno == ENETUNREACH || os_errno == EHOSTUNREACH)
			fail(x, NET_REFUSED, "%s is unreachable", hp);
		else
			fail(x, NET_REFUSED, "connection refused by %s", hp);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		/* Curl reports a low-speed abort with the timeout code. */
		if (strstr(x->errbuf, "too slow"))
			fail(
			    x, NET_STALLED,
			    "transfer from %s stalled: below %ld B/s for %ld s",
			    hp, x->limits.low_speed_bytes,
			    x->limits.low_speed_time_s);
		else if (strstr(x->errbuf, "Resolving"))
			fail(x, NET_TIMEOUT, "resolving '%s' timed out",
			     x->host);
		else if (strstr(x->errbuf, "Connection timed out"))
			fail(x, NET_TIMEOUT,
			     "could not connect to %s within %ld ms", hp,
			     x->limits.connect_timeout_ms);
		else
			fail(x, NET_TIMEOUT, "%s did not answer within %ld ms",
			     hp, x->limits.total_timeout_ms);
		break;
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (c == CURLE_FILESIZE_EXCEEDED || x->is_too_large) {
			size_text(cap, sizeof(cap), x->limits.max_body);
			fail(x, NET_TOO_LARGE,
			     "response from %s is larger than the %s cap", hp,
			     cap);
		} else {
			fail(x, NET_PROTOCOL,
			     "cannot store the response from "
			     "%s",
			     hp);
		}
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		fail(x, NET_RESET, "connection to %s was reset", hp);
		break;
	case CURLE_GOT_NOTHING:
		fail(x, NET_RESET, "%s closed the connection without an answer",
		     hp);
		break;
	case CURLE_PARTIAL_FILE:
		fail(x, NET_RESET, "response from %s was truncated", hp);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		fail(x, NET_REDIRECT,
		     "refused redirect from %s: more than %ld redirects", hp,
		     x->limits.max_redirects);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		/* The first URL passed the policy, so a redirect broke it. */
		fail(x, NET_REDIRECT,
		     "refused redirect from %s: redirects may only go to "
		     "https",
		     hp);
		break;
	default:
		fail(x, NET_PROTOCOL, "http transfer with %s failed: %s", hp,
		     detail);
		break;
	}
}

static char *
header_value(CURL *easy, const char *name)
{
	struct curl_header *h = NULL;

	if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) !=
	        CURLHE_OK ||
	    !h || !h->value)
		return NULL;
	return xstrdup(h->value);
}

static void
xfer_finish(struct net_xfer *x, CURLcode c)
{
	long status = 0;
	char *ct = NULL;
	char *retry;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	x->resp.status = (int)status;
	x->resp.etag = header_value(x->easy, "ETag");
	x->resp.last_modified = header_value(x->easy, "Last-Modified");
	retry = header_value(x->easy, "Retry-After");
	if (retry)
		x->resp.retry_after = net_retry_after_parse(retry, time(NULL));
	free(retry);
	if (curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct) ==
	        CURLE_OK &&
	    ct)
		x->resp.content_type = xstrdup(ct);
	if (c == CURLE_OK)
		x->resp.failure = NET_OK;
	else
		classify(x, c);
}

static size_t
on_write(char *data, size_t size, size_t nmemb, void *ud)
{
	struct net_xfer *x = ud;
	size_t len = size * nmemb;

	/* Decompressed bytes arrive here, so a gzip bomb stops at the cap. */
	if (len > x->limits.max_body - x->resp.body.len) {
		x->is_too_large = true;
		return 0;
	}
	strbuf_add(&x->resp.body, data, len);
	return len;
}

/* A header value must not be able to start another header. */
static int
check_header_value(const char *name, const char *value, struct err *e)
{
	for (const char *p = value; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return err_set(e, ERR_INVALID,
			               "refusing %s header with a control "
			               "character",
			               name);
	return 0;
}

static int
add_header(struct net_xfer *x, const char *name, const char *value,
           struct err *e)
{
	struct strbuf sb;
	struct curl_slist *l;
	int rc;

	if (!value)
		return 0;
	rc = check_header_value(name, value, e);
	if (rc)
		return rc;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s: %s", name, value);
	l = curl_slist_append(x->headers, sb.buf);
	explicit_bzero(sb.buf, sb.len);
	strbuf_release(&sb);
	if (!l)
		return err_set(e, ERR_NOMEM, "cannot add the %s header", name);
	x->headers = l;
	return 0;
}

static int
build_headers(struct net_xfer *x, const struct net_request *req, struct err *e)
{
	int rc = 0;

	if (req->token && req->token_header) {
		/* The name only: the message never shows the token. */
		rc = add_header(x, req->token_header, req->token, e);
	} else if (req->token) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "Bearer %s", req->token);
		/* The name only: the message never shows the token. */
		rc = add_header(x, "Authorization", sb.buf, e);
		explicit_bzero(sb.buf, sb.len);
		strbuf_release(&sb);
	}
	if (!rc)
		rc = add_header(x, "Accept", "application/json", e);
	if (!rc)
		rc = add_header(x, "If-None-Match", req->if_none_match, e);
	if (!rc)
		rc = add_header(x, "If-Modified-Since", req->if_modified_since,
		                e);
	if (!rc)
		rc = add_header(x, "If-Match", req->if_match, e);
	if (!rc)
		rc = add_header(x, "Idempotency-Key", req->idempotency_key, e);
	if (!rc && (req->body || req->method == NET_POST ||
	            req->method == NET_PATCH)) {
		rc = add_header(x, "Content-Type",
		                req->content_type ? req->content_type
		                                  : "application/json",
		                e);
		/* No 100-continue round trip before the body. */
		if (!rc)
			rc = add_header(x, "Expect", "", e);
	}
	return rc;
}

static CURLcode
set_options(struct net_xfer *x, const struct net_request *req,
            const struct url_info *u)
{
	CURL *h = x->easy;
	const struct net_limits *l = &x->limits;
	CURLcode c = CURLE_OK;

#define SET(opt, val)                                                          \
	do {                                                                   \
		if (c == CURLE_OK)                                             \
			c = curl_easy_setopt(h, opt, val);                     \
	} while (0)
	SET(CURLOPT_URL, req->url);
	SET(CURLOPT_PRIVATE, (void *)x);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, u->is_http ? "http,https" : "https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, l->max_redirects);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (req->ca_file)
		SET(CURLOPT_CAINFO, req->ca_file);
	if (u->is_loopback)
		SET(CURLOPT_PROXY, ""); /* loopback never goes via a proxy */
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_CONNECTTIMEOUT_MS, l->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, l->total_timeout_ms);
	SET(CURLOPT_LOW_SPEED_LIMIT, l->low_speed_bytes);
	SET(CURLOPT_LOW_SPEED_TIME, l->low_speed_time_s);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)l->max_body);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_WRITEFUNCTION, on_write);
	SET(CURLOPT_WRITEDATA, (void *)x);
	SET(CURLOPT_USERAGENT, "centinela/" CENTINELA_VERSION);
	SET(CURLOPT_HTTPHEADER, x->headers);
	switch (req->method) {
	case NET_GET:
		SET(CURLOPT_HTTPGET, 1L);
		break;
	case NET_POST:
		SET(CURLOPT_POST, 1L);
		break;
	case NET_PATCH:
		SET(CURLOPT_CUSTOMREQUEST, "PATCH");
		break;
	case NET_DELETE:
		SET(CURLOPT_CUSTOMREQUEST, "DELETE");
		break;
	}
	if (req->body || req->method == NET_POST || req->method == NET_PATCH) {
		SET(CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(req->body ? req->body_len : 0));
		SET(CURLOPT_COPYPOSTFIELDS, req->body ? req->body : "");
	}
#undef SET
	return c;
}

int
net_submit(struct net *net, const struct net_request *req,
           struct net_callback cb, struct err *e)
{
	struct url_info u;
	struct net_xfer *x = NULL;
	CURLcode c;
	CURLMcode mc;
	int rc;

	if (net->is_closing)
		return err_set(e, ERR_NET, "the http engine is shutting down");
	rc = url_policy(req->url, &u, e);
	if (rc)
		return rc;
	x = xcalloc(1, sizeof(*x));
	x->net = net;
	x->cb = cb;
	net_response_init(&x->resp);
	x->limits = req->limits;
	if (req->long_poll_s > 0) {
		/* The server may legitimately stay silent that long. */
		x->limits.total_timeout_ms += req->long_poll_s * 1000;
		x->limits.low_speed_time_s += req->long_poll_s;
	}
	x->host = u.host;
	x->hostport = u.hostport;
	u.host = u.hostport = NULL;
	x->easy = curl_easy_init();
	if (!x->easy) {
		rc = err_set(e, ERR_NET, "cannot start a request to %s",
		             x->hostport);
		goto out;
	}
	rc = build_headers(x, req, e);
	if (rc)
		goto out;
	c = set_options(x, req, &u);
	if (c != CURLE_OK) {
		rc = err_set(e, ERR_NET, "cannot set up the request to %s: %s",
		             x->hostport, curl_easy_strerror(c));
		goto out;
	}
	mc = curl_multi_add_handle(net->multi, x->easy);
	if (mc != CURLM_OK) {
		rc = err_set(e, ERR_NET, "cannot start the request to %s: %s",
		             x->hostport, curl_multi_strerror(mc));
		goto out;
	}
	x->next = net->head;
	if (net->head)
		net->head->prev = x;
	net->head = x;
	net->n_running++;
out:
	url_info_release(&u);
	if (rc)
		xfer_free(x);
	return rc;
}

/* Complete the transfers curl says are done; returns how many. */
static int
drain(struct net *net)
{
	CURLMsg *m;
	int left, n = 0;

	while ((m = curl_multi_info_read(net->multi, &left))) {
		struct net_xfer *x;
		char *priv = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		if (!priv)
			continue;
		x = (struct net_xfer *)(void *)priv;
		xfer_finish(x, m->data.result);
		xfer_complete(x);
		n++;
	}
	return n;
}

int
net_run(struct net *net, int timeout_ms, struct err *e)
{
	int still = 0;
	CURLMcode mc;

	mc = curl_multi_perform(net->multi, &still);
	if (mc == CURLM_OK && drain(net) == 0) {
		mc = curl_multi_poll(net->multi, NULL, 0,
		                     timeout_ms < 0 ? 0 : timeout_ms, NULL);
		if (mc == CURLM_OK)
			mc = curl_multi_perform(net->multi, &still);
		if (mc == CURLM_OK)
			drain(net);
	}
	if (mc != CURLM_OK)
		return err_set(e, ERR_NET, "http engine failed: %s",
		               curl_multi_strerror(mc));
	return (int)net->n_running;
}

void
net_wakeup(struct net *net)
{
	curl_multi_wakeup(net->multi);
}

size_t
net_running(const struct net *net)
{
	return net->n_running;
}

void
net_cancel_all(struct net *net)
{
	/* A snapshot: callbacks may submit new transfers, which stay. */
	size_t n = 0;
	struct net_xfer **v;

	if (!net->n_running)
		return;
	v = xcalloc(net->n_running, sizeof(struct net_xfer *));
	for (struct net_xfer *x = net->head; x && n < net->n_running;
	     x = x->next)
		v[n++] = x;
	while (n-- > 0) { /* the list is newest first: cancel oldest first */
		fail(v[n], NET_CANCELLED, "request to %s cancelled",
		     v[n]->hostport);
		xfer_complete(v[n]);
	}
	free(v);
}

void
net_free(struct net *net)
{
	if (!net)
		return;
	net->is_closing = true;
	net_cancel_all(net);
	curl_multi_cleanup(net->multi);
	free(net);
}

struct perform_ctx {
	struct net_response *resp; /* the caller's response */
	bool is_done;              /* the callback ran */
};

static void
perform_done(void *ctx, struct net_response *resp)
{
	struct perform_ctx *p = ctx;

	net_response_release(p->resp);
	*p->resp = *resp;
	net_response_init(resp);
	p->is_done = true;
}

int
net_perform(struct net *net, const struct net_request *req,
            struct net_response *resp, struct err *e)
{
	struct perform_ctx p = {.resp = resp, .is_done = false};
	struct net_callback cb = {.done = perform_done, .ctx = &p};
	struct err local;
	int rc;

	err_clear(&local);
	rc = net_submit(net, req, cb, &local);
	if (rc) {
		net_response_release(resp);
		resp->failure = rc == ERR_INVALID ? NET_POLICY : NET_PROTOCOL;
		resp->message = xstrdup(local.msg);
		return err_set(e, rc, "%s", local.msg);
	}
	while (!p.is_done) {
		rc = net_run(net, 1000, e);
		if (rc < 0) {
			/* The engine is broken: end everything, ours too. */
			net_cancel_all(net);
			return rc;
		}
	}
	if (resp->failure != NET_OK)
		return err_set(e, ERR_NET, "%s", resp->message);
	return 0;
}
