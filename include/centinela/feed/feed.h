/*
 * Feed adapters: bytes in, model objects out.
 *
 * An adapter is a const struct feed_ops registered in the one table of
 * src/feed/feed.c. It parses a response body (or a file) for one resource
 * into a struct feed_batch: arrays of model objects, the per-item errors of
 * items it could not accept, and the paging data the sync engine needs
 * (next_cursor, has_more). Adapters do no I/O and never let a json_t out.
 *
 * A driver that takes writes also turns a neutral outbox edit
 * (model/outbox_edit.h) into its own request and reads the answer: all
 * that one protocol knows of writes (paths, methods, bodies, the shape of
 * its answers and conflicts) is inside its adapter; the sync engine sends
 * what the adapter made.
 *
 * A bad item never aborts the parse: it is skipped and reported in
 * batch->errors, so the caller decides whether a partly bad document is
 * acceptable. A document that cannot be read at all (broken syntax, over
 * the size or depth cap, wrong top-level shape) fails the whole parse.
 */
#ifndef CENTINELA_FEED_FEED_H
#define CENTINELA_FEED_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/epss.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/outbox_edit.h"
#include "centinela/model/vulnerability.h"

struct err;
struct feed_stream;
struct feed_stream_reader;
struct strbuf;

#define FEED_MAX_BYTES_DEFAULT ((size_t)64 << 20) /* 64 MiB */
#define FEED_MAX_DEPTH         32 /* nesting of arrays and objects */
#define FEED_ITEM_MAX          ((size_t)64 << 20) /* one item of a stream */

/* One item of a document that was not accepted. */
struct feed_item_error {
	size_t index;  /* position of the item in the document, from 0 */
	char *message; /* "item 17 (\"id\": \"a-1\"): reason" (owned) */
};

struct feed_batch {
	/* Inputs, set by the caller after feed_batch_init. */
	const char *
	    source; /* source name given to every object (borrowed); NULL: "local" */
	size_t max_bytes; /* documents longer than this fail with ERR_LIMIT */

	/* Parsed objects; each *_items[i] is the document index of element i. */
	struct organization *organizations;    /* (owned array) */
	size_t *organization_items;            /* (owned array) */
	size_t n_organizations;                /* entries in both */
	struct asset *assets;                  /* (owned array) */
	size_t *asset_items;                   /* (owned array) */
	size_t n_assets;                       /* entries in both */
	struct alert *alerts;                  /* (owned array) */
	size_t *alert_items;                   /* (owned array) */
	size_t n_alerts;                       /* entries in both */
	struct incident *incidents;            /* (owned array) */
	size_t *incident_items;                /* (owned array) */
	size_t n_incidents;                    /* entries in both */
	struct vulnerability *vulnerabilities; /* (owned array) */
	size_t *vulnerability_items;           /* (owned array) */
	size_t n_vulnerabilities;              /* entries in both */
	struct epss_score *epss;               /* (owned array) */
	size_t *epss_items;                    /* (owned array) */
	size_t n_epss;                         /* entries in both */
	struct bulletin *bulletins;            /* (owned array) */
	size_t *bulletin_items;                /* (owned array) */
	size_t n_bulletins;                    /* entries in both */

	size_t n_items; /* items in the document, good and bad */
	bool is_lines;  /* the items are lines (a CSV document): an item's
	                   index is its line number from 0 */
	struct feed_item_error *errors; /* items not accepted (owned array) */
	size_t n_errors;                /* entries in errors */

	/* Paging, for the sync engine. */
	char *next_cursor; /* cursor for the next request (owned), NULL: none */
	bool has_more;     /* the server has more pages right now */

	/*
	 * A whole-catalog document (the KEV catalog, EPSS's daily file): the
	 * catalog's name ("kev", "epss"; static; NULL for other documents),
	 * its version (catalogVersion, model_version; owned, may be NULL)
	 * and release (dateReleased, score_date; Unix seconds, 0: not
	 * given), recorded by the applier (store/catalog.h).
	 */
	const char *catalog;
	char *document_version;
	int64_t document_released;
	/*
	 * The batch holds every CVE the KEV catalog lists (its JSON, whose
	 * count was checked): a CVE listed in the cache that it lacks has
	 * left the catalog. False for a form that cannot prove itself whole
	 * (the CSV).
	 */
	bool lists_all_kev;
};

/* Empty batch with source NULL and max_bytes FEED_MAX_BYTES_DEFAULT. */
void feed_batch_init(struct feed_batch *b);
/* Free every object, error, the cursor and the document version; inputs
 * are kept. */
void feed_batch_release(struct feed_batch *b);

/*
 * Append an empty (initialised) object for document item `item` and return
 * it; the pointer is valid until the next append of the same kind. Used by
 * adapters.
 */
struct organization *feed_batch_add_organization(struct feed_batch *b,
                                                 size_t item);
struct asset *feed_batch_add_asset(struct feed_batch *b, size_t item);
struct alert *feed_batch_add_alert(struct feed_batch *b, size_t item);
struct incident *feed_batch_add_incident(struct feed_batch *b, size_t item);
struct vulnerability *feed_batch_add_vulnerability(struct feed_batch *b,
                                                   size_t item);
struct epss_score *feed_batch_add_epss(struct feed_batch *b, size_t item);
struct bulletin *feed_batch_add_bulletin(struct feed_batch *b, size_t item);
/* Drop the last object of a kind (an item found bad after its append). */
void feed_batch_drop_organization(struct feed_batch *b);
void feed_batch_drop_asset(struct feed_batch *b);
void feed_batch_drop_alert(struct feed_batch *b);
void feed_batch_drop_incident(struct feed_batch *b);
void feed_batch_drop_vulnerability(struct feed_batch *b);
void feed_batch_drop_epss(struct feed_batch *b);

/* Record that item `item` was rejected; takes ownership of message. */
void feed_batch_item_error_take(struct feed_batch *b, size_t item,
                                char *message);

/* The method of a write request. */
enum feed_method {
	FEED_POST,
	FEED_PATCH,
	FEED_DELETE,
};

/* The request an adapter makes of one outbox edit. */
struct feed_request {
	enum feed_method method;
	char *path;     /* after the source's URL: "/api/v1/..." (owned) */
	char *body;     /* JSON body (owned, NULL: none) */
	char *if_match; /* If-Match value (owned, NULL: none) */
};

void feed_request_init(struct feed_request *r);
void feed_request_release(struct feed_request *r);

/* The error body of a source (centinela-api(7), "Errors"). */
struct feed_api_error {
	char *code; /* "version_mismatch" (owned, may be NULL) */
	char *
	    message; /* the server's text, at most 300 bytes (owned, may be NULL) */
	char *current; /* 409/412: the server's object, as the adapter's
	                  conflict_object reads it (owned, may be NULL) */
};

#define FEED_API_ERROR_MAX ((size_t)4 << 20) /* error bodies read */

struct feed_ops {
	const char *name; /* adapter name, as in `source NAME ADAPTER` */
	const char *const *resources; /* resources it serves, NULL-terminated */

	/*
	 * Parse bytes[0..len) as a response for resource into batch (which
	 * the caller initialised; objects are appended). Returns 0 (with
	 * bad items in batch->errors), or ERR_PARSE for a document that is
	 * not readable, ERR_LIMIT over batch->max_bytes or FEED_MAX_DEPTH,
	 * ERR_INVALID for a resource the adapter does not serve.
	 */
	int (*parse)(const char *bytes, size_t len, const char *resource,
	             struct feed_batch *batch, struct err *e);

	/*
	 * Append to out the request path (and query) that fetches the page
	 * of resource after cursor (NULL: from the start), at most limit
	 * items (0: the server's default), asked at now (Unix s: a cursor
	 * may name a time window that ends now). NULL when the adapter has
	 * a fixed URL. Returns 0 or ERR_INVALID.
	 */
	int (*request_path)(const char *resource, const char *cursor,
	                    int64_t now, int limit, struct strbuf *out,
	                    struct err *e);

	/*
	 * For an adapter whose cursor is more than the server's (NVD's date
	 * windows): the cursor after the page that request_path made of
	 * cursor and now, from what the page said (batch's next_cursor and
	 * has_more), into *out (owned, NULL: none), and whether another
	 * request follows in this pass (*has_more). Returns 0, or
	 * ERR_PARSE for paging it cannot follow. NULL: the cursor is
	 * batch->next_cursor and another page follows while
	 * batch->has_more.
	 */
	int (*page_cursor)(const char *resource, const char *cursor,
	                   int64_t now, const struct feed_batch *batch,
	                   char **out, bool *has_more, struct err *e);

	/*
	 * How feed_stream_open() reads resource item by item (the
	 * adapter's own, opaque here), or NULL (as is the member itself)
	 * for a resource read only as a whole document.
	 */
	const struct feed_stream_reader *(*stream_reader)(const char *resource);

	/* Defaults of a source of this driver: seconds between passes, and
	 * the long-poll wait of its alerts (0: none). */
	long interval;
	long wait;
	/* Items asked per page by default and at most (0: 500 and 1000). */
	int page_size;
	int max_page_size;
	/*
	 * The server's public rate limit: at most rate_limit requests in
	 * any rate_window seconds, rate_limit_token with a token (0: none;
	 * a source's rate= replaces both).
	 */
	int rate_limit;
	int rate_limit_token;
	long rate_window;
	/*
	 * The header that carries a source's token as its whole value
	 * ("apiKey"), NULL: "Authorization: Bearer TOKEN".
	 */
	const char *token_header;
	/*
	 * The statuses of a refusal that means "too fast, come back" for
	 * this server (NVD's firewall answers 403): retried within a pass
	 * with the backoff, like a 503, rather than failing it at once.
	 * 0-terminated; NULL: none beyond 503.
	 */
	const int *retry_statuses;
	/*
	 * A CSAF provider (csaf_provider.h): the engine walks its metadata,
	 * feeds and documents (sync/csaf_walk.c) rather than paging
	 * request_path; parse reads one document.
	 */
	bool is_provider;

	/*
	 * Reads an error answer of the source (any request): code, message
	 * and, for a conflict, the server's object. Returns 0 with what it
	 * found, or ERR_PARSE when the body is not one. NULL: the source
	 * gives no readable errors.
	 */
	int (*error_answer)(const char *bytes, size_t len,
	                    struct feed_api_error *out);

	/* ---- the write side: all NULL (and takes_writes false) when the
	 * driver takes no writes ---- */
	bool takes_writes;

	/*
	 * The request of edit ed into req (initialised by the caller).
	 * ERR_INVALID for an edit the protocol cannot express (unknown
	 * operation, a row with no id at the source yet), with a message
	 * for the analyst.
	 */
	int (*edit_request)(const struct outbox_edit *ed,
	                    struct feed_request *req, struct err *e);

	/*
	 * Parse the 2xx answer to ed into batch (initialised by the
	 * caller): the row the edit changed and, for a promote, the
	 * incident the alert went to. Errors as parse's.
	 */
	int (*edit_answer)(const struct outbox_edit *ed, const char *bytes,
	                   size_t len, struct feed_batch *batch, struct err *e);

	/*
	 * The server's object kept with a conflict (error_answer's current):
	 * *object its text for the analyst (owned; NULL: not wanted), and
	 * *version its version (0 when it has none). ERR_PARSE, ERR_LIMIT.
	 */
	int (*conflict_object)(const char *stored, char **object,
	                       int64_t *version, struct err *e);

	/*
	 * Parse an object conflict_object gave as the row of entity into
	 * batch (initialised by the caller). Errors as parse's.
	 */
	int (*conflict_parse)(const char *object, enum outbox_entity entity,
	                      struct feed_batch *batch, struct err *e);
};

/* The adapters, one per src/feed/feed_<name>.c, listed in src/feed/feed.c. */
extern const struct feed_ops feed_centinela_ops;
extern const struct feed_ops feed_kev_ops;
extern const struct feed_ops feed_epss_ops;
extern const struct feed_ops feed_nvd_ops;
/*
 * CSAF 2.0 documents (feed_csaf.c): `import csaf` uses it directly; the
 * source driver "csaf" is feed_csaf_source_ops (csaf_provider.h), which
 * reads each document of a provider with it.
 */
extern const struct feed_ops feed_csaf_ops;

/*
 * A document read as it arrives, for a file too large to hold at once:
 * open a stream for resource of ops (which must have a stream_reader),
 * push the bytes in pieces of any size, then finish. Each complete item is
 * parsed into batch as soon as its last byte is pushed (a bad one into
 * batch->errors, as parse does), so the caller can take the objects out
 * between pushes (feed_batch_release keeps source and max_bytes; item
 * indexes go on counting). Memory holds one item: at most FEED_ITEM_MAX
 * bytes of it, and the document at most batch->max_bytes.
 *
 * The same documents and the same errors as parse, which is the stream in
 * one push: ERR_PARSE "invalid JSON at line L, column C: ..." for broken
 * syntax anywhere (lines and columns of the document), ERR_LIMIT over a
 * cap or FEED_MAX_DEPTH, ERR_PARSE for a wrong top-level shape. A
 * duplicate member is refused inside items; among a page's own members
 * only for the first 256 names (a page of more is refused with
 * ERR_LIMIT). After a failure every call fails. Returns 0 or the code.
 */
int feed_stream_open(const struct feed_ops *ops, const char *resource,
                     struct feed_batch *batch, struct feed_stream **out,
                     struct err *e);
int feed_stream_push(struct feed_stream *fs, const char *bytes, size_t len,
                     struct err *e);
/* The end of the document: whether it was whole and its page is good. */
int feed_stream_finish(struct feed_stream *fs, struct err *e);
void feed_stream_free(struct feed_stream *fs);

/* The adapter called name, or NULL. */
const struct feed_ops *feed_find(const char *name);
/* Adapters in table order, then those registered; NULL past the end. */
const struct feed_ops *feed_at(size_t i);
/*
 * Add an adapter defined outside src/feed/feed.c (a test's driver) to
 * those feed_find knows, for the life of the process; again with the same
 * ops does nothing. ERR_INVALID when another adapter has its name,
 * ERR_LIMIT past 8 of them. Not thread-safe: call before any engine runs.
 */
int feed_register(const struct feed_ops *ops, struct err *e);
/* True when ops serves resource. */
bool feed_serves(const struct feed_ops *ops, const char *resource);
/*
 * Fail with ERR_INVALID "adapter 'x' does not serve 'y' (serves: a, b)"
 * unless ops serves resource; 0 otherwise.
 */
int feed_check_resource(const struct feed_ops *ops, const char *resource,
                        struct err *e);

/*
 * Helpers shared by the adapters and the inventory reader.
 *
 * feed_sector_normalize lower-cases code in place and returns true when it
 * is a well-formed sector code: a letter, then lower-case letters, digits
 * and '-', at most 40 bytes (whether the sector exists is the store's).
 */
bool feed_sector_normalize(char *code);
/* True for a host name: dot-separated labels of letters, digits, '-', '_'. */
bool feed_hostname_valid(const char *s);
/*
 * Append s to out in single quotes for an error message, cut to 80 bytes
 * (on a UTF-8 boundary, with "...") so a huge value cannot flood it.
 */
void feed_quote(struct strbuf *out, const char *s);
/*
 * Append the name of document item index (from 0) for a message:
 * "item 17" then, when value is not NULL, " (\"key\": \"value\")" with
 * the value cut like feed_quote's.
 */
void feed_item_label(struct strbuf *out, size_t index, const char *key,
                     const char *value);

/*
 * Append s percent-encoded (RFC 3986 unreserved characters kept), for a
 * query value or a path segment.
 */
void feed_url_escape(struct strbuf *out, const char *s);

/*
 * Read an error body of the native API {"error": {"code", "message"},
 * "current": OBJECT} (feed_centinela_ops.error_answer). Returns 0 with
 * what it found (strings are not sanitized: the caller does before
 * showing them), or ERR_PARSE when the body is not one.
 */
int feed_api_error(const char *bytes, size_t len, struct feed_api_error *out);
void feed_api_error_release(struct feed_api_error *a);

/* Whether the driver of ops takes writes (false for NULL). */
bool feed_takes_writes(const struct feed_ops *ops);

#endif
