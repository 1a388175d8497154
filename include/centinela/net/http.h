/*
 * The asynchronous HTTP client of the sync thread: the only owner of CURL*
 * and CURLM*.
 *
 * A struct net owns one curl multi handle and runs any number of transfers
 * at once (a long-poll on alerts never blocks the other pulls). The sync
 * thread submits requests with a completion callback, then calls net_run()
 * in its loop; net_run() waits in curl_multi_poll() and calls the callbacks
 * of the transfers that finished. Another thread may interrupt the wait with
 * net_wakeup(). Every other function must be called from the thread that
 * owns the struct net.
 *
 * Rules enforced on every request (DESIGN.md, "Security rules"):
 * - https only; plain http only to loopback hosts (net_url_check), enforced
 *   again inside curl by the allowed protocols;
 * - redirects only to https, at most limits.max_redirects;
 * - peer and host verification always on (ca_file may name extra roots);
 * - connect timeout, low-speed abort, total timeout, and a response cap
 *   counted on the decompressed bytes (gzip bombs stop at the cap).
 * Proxies: curl's usual environment variables (https_proxy, http_proxy,
 * all_proxy, no_proxy) are honoured for non-loopback hosts; a loopback URL
 * never goes through a proxy.
 *
 * The token is copied into one header (Authorization: Bearer, or the
 * header a source names, such as NVD's apiKey), wiped from memory when
 * the transfer ends, never logged and never put in a message.
 */
#ifndef CENTINELA_NET_HTTP_H
#define CENTINELA_NET_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/strbuf.h"

struct err;
struct net;

/* Defaults of struct net_limits (DESIGN.md). */
#define NET_CONNECT_TIMEOUT_MS 10000L
#define NET_TOTAL_TIMEOUT_MS   120000L
#define NET_LOW_SPEED_BYTES    1024L
#define NET_LOW_SPEED_TIME_S   30L
#define NET_MAX_BODY           ((size_t)64 * 1024 * 1024)
#define NET_MAX_REDIRECTS      3L

/* Why a transfer failed, for the status bar; NET_OK when a response came. */
enum net_failure {
	NET_OK = 0,    /* a complete HTTP response (any status) */
	NET_DNS,       /* the host name could not be resolved */
	NET_REFUSED,   /* connection refused, host or network unreachable */
	NET_TLS,       /* certificate or TLS handshake failure */
	NET_TIMEOUT,   /* connect or total timeout */
	NET_STALLED,   /* slower than the low-speed limit for too long */
	NET_TOO_LARGE, /* the (decompressed) body passed the cap */
	NET_RESET,     /* connection reset, empty reply, truncated body */
	NET_REDIRECT,  /* redirect refused: not https, or too many */
	NET_POLICY,    /* URL refused before sending (net_url_check) */
	NET_PROTOCOL,  /* any other transfer error */
	NET_CANCELLED, /* cancelled by net_cancel_all or net_free */
};

enum net_method {
	NET_GET = 0, /* GET */
	NET_POST,    /* POST */
	NET_PATCH,   /* PATCH */
	NET_DELETE,  /* DELETE */
};

/* Limits of one transfer; net_limits_init fills the defaults above. */
struct net_limits {
	long connect_timeout_ms; /* give up connecting after this */
	long total_timeout_ms;   /* whole transfer, long_poll_s added on top */
	long low_speed_bytes;    /* abort below this many bytes per second... */
	long low_speed_time_s;   /* ...for this long (long_poll_s added) */
	size_t max_body;         /* cap on the decompressed body, in bytes */
	long max_redirects;      /* redirects followed, only to https */
};

/*
 * One request. Every pointer is borrowed until net_submit() returns: the
 * engine copies what it keeps.
 */
struct net_request {
	enum net_method method;   /* GET by default */
	const char *url;          /* absolute https (or loopback http) */
	const char *body;         /* request body or NULL */
	size_t body_len;          /* bytes of body */
	const char *content_type; /* of body; NULL: application/json */
	const char *token;        /* bearer token or NULL; never logged */
	/* The header that carries token as its whole value ("apiKey"), or
	 * NULL: "Authorization: Bearer TOKEN". */
	const char *token_header;
	const char *if_none_match;     /* ETag for a conditional GET, or NULL */
	const char *if_modified_since; /* HTTP-date, or NULL */
	const char *if_match;          /* version precondition, or NULL */
	const char *idempotency_key;   /* for writes, or NULL */
	const char *ca_file;           /* extra trusted roots (PEM), or NULL */
	long long_poll_s;         /* server may hold it this long (wait=) */
	struct net_limits limits; /* limits of this transfer */
};

/*
 * The outcome of one transfer. failure is NET_OK when an HTTP response was
 * received whole, whatever its status; otherwise status may still hold the
 * status line of a response cut short.
 */
struct net_response {
	int status;               /* HTTP status, 0 when none arrived */
	struct strbuf body;       /* the decompressed body */
	char *etag;               /* ETag header, owned, or NULL */
	char *last_modified;      /* Last-Modified header, owned, or NULL */
	char *content_type;       /* Content-Type header, owned, or NULL */
	long retry_after;         /* Retry-After in seconds, -1 when absent */
	enum net_failure failure; /* NET_OK or why the transfer failed */
	char *message;            /* owned human message when failed, or NULL */
};

/*
 * Call once per process before any thread starts (main, or the sync
 * thread's owner before spawning it), and net_global_cleanup() once at
 * exit. Returns 0 or ERR_NET.
 */
int net_global_init(struct err *e);
void net_global_cleanup(void);

/* Fill *l with the defaults. */
void net_limits_init(struct net_limits *l);
/* A GET with no headers and default limits. */
void net_request_init(struct net_request *req);

void net_response_init(struct net_response *r);
/* Free the contents of *r and re-init it. */
void net_response_release(struct net_response *r);

/*
 * The URL policy, usable before any request: https:// is accepted; http://
 * only when the host is a loopback address (127.0.0.0/8, ::1, localhost);
 * anything else is refused with ERR_INVALID and an actionable message.
 */
int net_url_check(const char *url, struct err *e);

/* Short lower-case name of a failure ("dns", "too large", ...). */
const char *net_failure_name(enum net_failure f);

/* A new engine (owned; free with net_free). NULL with *e on failure. */
struct net *net_new(struct err *e);
/* Cancel every transfer (callbacks see NET_CANCELLED) and free net. */
void net_free(struct net *net);

/*
 * Called once per submitted request when it completes, from net_run() (or
 * net_cancel_all/net_free). resp is borrowed for the call; the callback may
 * move members out of it (strbuf_detach the body, take the strings and set
 * them NULL). It may submit new requests but must not call
 * net_cancel_all or net_free.
 */
struct net_callback {
	void (*done)(void *ctx, struct net_response *resp); /* completion */
	void *ctx;                                          /* borrowed */
};

/*
 * Start a transfer. Returns 0, or ERR_INVALID when the URL breaks the
 * policy (the callback is then never called), or ERR_NET.
 */
int net_submit(struct net *net, const struct net_request *req,
               struct net_callback cb, struct err *e);

/*
 * Drive the transfers: wait up to timeout_ms for activity (or net_wakeup),
 * then call the callbacks of finished transfers. Returns the number of
 * transfers still running (>= 0), or ERR_NET.
 */
int net_run(struct net *net, int timeout_ms, struct err *e);

/* Interrupt a net_run wait. Safe to call from any thread. */
void net_wakeup(struct net *net);

/* Cancel every running transfer; their callbacks see NET_CANCELLED. */
void net_cancel_all(struct net *net);

/* Number of transfers running. */
size_t net_running(const struct net *net);

/*
 * Blocking convenience for the CLI: run one request to completion on net
 * (other transfers of net progress too). *resp must be initialised; it is
 * filled with the outcome. Returns 0 when an HTTP response arrived (any
 * status); otherwise ERR_NET (ERR_INVALID for a refused URL) with the same
 * message as resp->message in *e.
 */
int net_perform(struct net *net, const struct net_request *req,
                struct net_response *resp, struct err *e);

#endif
