/*
 * Keyset-paged lists of incidents, alerts, assets, organizations,
 * vulnerabilities, exposures and bulletins.
 *
 * A list is never loaded whole: each call returns at most `limit` rows after
 * a key, in the order of one sort field, with the row id as tie-breaker:
 *   WHERE (sortcol, id) < (?, ?) ORDER BY sortcol DESC, id DESC LIMIT ?
 * Every offered sort field is served by an index (tests assert it with
 * EXPLAIN QUERY PLAN: an index, no temp B-tree for ORDER BY). The filter
 * (model/filter.h) compiles to bound-parameter SQL here in store/.
 */
#ifndef CENTINELA_STORE_LIST_H
#define CENTINELA_STORE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strvec.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/exposure.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"

struct err;
struct store;
struct filter;

enum store_entity {
	STORE_INCIDENTS,
	STORE_ALERTS,
	STORE_ASSETS,
	STORE_ORGANIZATIONS,
	STORE_VULNERABILITIES,
	STORE_EXPOSURES,
	STORE_BULLETINS,
	STORE_ENTITY_COUNT
};

/* "incidents", "alerts", ... and back; parse returns 0 or ERR_INVALID. */
const char *store_entity_name(enum store_entity ent);
int store_entity_parse(const char *s, enum store_entity *out);

/*
 * The model struct of a row of ent (struct incident, alert, asset,
 * organization, vulnerability, exposure; each starts with its struct
 * record_meta):
 * its size, for arrays of rows behind a void pointer, and its release.
 */
size_t store_row_size(enum store_entity ent);
void store_row_init(enum store_entity ent, void *row);
void store_row_release(enum store_entity ent, void *row);
/*
 * Read the row of ent whose local id is id into row (a struct of ent,
 * released or initialised), by the getter its entity table declares:
 * 0, or ERR_NOTFOUND when there is none.
 */
int store_row_get(struct store *s, enum store_entity ent, int64_t id, void *row,
                  struct err *e);

/*
 * References to one row, for `centinela show REF`, as each list's entity
 * table declares them: a row's own name (an incident reference
 * MX-2026-00042, a CVE id CVE-2021-44228) or KIND:ID with a list's prefix
 * ("alert:42", "org:7") and the local row id. store_ref_parse finds the
 * list REF belongs to and, for KIND:ID, the id (*id 0 for an own name); a
 * REF no list recognises fails with ERR_USAGE and a message naming the
 * forms. store_ref_get reads that row into row (a struct of ent, released
 * or initialised; ERR_NOTFOUND when there is none).
 */
int store_ref_parse(const char *ref, enum store_entity *ent, int64_t *id,
                    struct err *e);

/* One row by its list and local id, as KIND:ID names it. */
struct store_row_ref {
	enum store_entity entity; /* its list */
	int64_t id;               /* its local row id */
};
int store_ref_get(struct store *s, enum store_entity ent, const char *ref,
                  int64_t id, void *row, struct err *e);
/*
 * Whether ent's own entry recognises ref (a prefix with any id, or its
 * pattern), and the forms it declares (its pattern's example, then each
 * prefix followed by "ID"), appended to out; for tests and help.
 */
bool store_ref_is(enum store_entity ent, const char *ref);
void store_ref_forms(enum store_entity ent, struct strvec *out);

/*
 * Where a page starts: the sort value and id of the last row of the
 * previous page. The value is an integer, a text or a real (a score), as
 * the sort field is.
 * Sorts whose index has a second column before the id (severity, served by
 * (severity, opened_at, id)) carry that column's value in num2.
 */
struct store_key {
	bool is_set;   /* false: first page */
	bool is_text;  /* which of num/text holds the sort value */
	bool is_real;  /* real holds it (not is_text) */
	int64_t num;   /* integer sort value */
	double real;   /* real sort value (is_real) */
	char *text;    /* text sort value (owned) */
	bool has_num2; /* a three-part key: num2 is the second sort value */
	int64_t num2;  /* second sort value (has_num2) */
	int64_t id;    /* row id tie-breaker */
};

void store_key_init(struct store_key *k);
void store_key_release(struct store_key *k);
/*
 * Opaque printable form, owned: "n:1732781234:98765", "t:<hex>:98765",
 * "n2:4:1732781234:98765", "r:0.97521:98765"; "-" for an unset key. store_key_parse reads it
 * back into a released-or-initialised *out (ERR_PARSE when malformed).
 */
char *store_key_format(const struct store_key *k);
int store_key_parse(const char *s, struct store_key *out, struct err *e);

struct store_list_opts {
	const struct filter *filter; /* NULL: everything */
	const char *me;    /* analyst name for assignee:me, may be NULL */
	int64_t now;       /* clock for age< and due< (0: time_now()) */
	const char *sort;  /* sort field, NULL: the entity's default */
	bool is_ascending; /* false: descending (newest first) */
	const struct store_key *after; /* NULL or unset: first page */
	int limit;                     /* rows wanted, 1..10000 */
	/*
	 * Counts only: asked every few thousand SQLite steps; returning true
	 * stops the count, which fails with ERR_LIMIT. NULL: never stop.
	 */
	bool (*is_cancelled)(void *ctx);
	void *cancel_ctx; /* passed to is_cancelled */
	/*
	 * Pages with bare words: a match set of at most text_sort_max rows
	 * is fetched by rowid and sorted (0: 300, 2000 for vulnerabilities,
	 * 5000 for exposures; negative: never, always walk the sort's
	 * index); one of at most text_in_max rows (0: 100000, 10000 for
	 * vulnerabilities, 5000 for exposures) is built once and tested per
	 * row of the walk; a larger one is probed per row (in the FTS index,
	 * or the row's own text for vulnerabilities and exposures). Tests
	 * set these to see each plan; the defaults keep a page under a few
	 * milliseconds.
	 */
	int64_t text_sort_max;
	int64_t text_in_max;
	/*
	 * Pages: how long (ms) a walk that probes words, or walks the
	 * exposures testing a filter, may take before the page is read from
	 * the match sets instead (0: 10; negative: at once, which tests
	 * use to see that plan).
	 */
	int64_t walk_ms;
};

void store_list_opts_init(struct store_list_opts *o);

/*
 * Sort fields the entity offers (each served by an index), NULL-terminated,
 * the default first.
 */
const char *const *store_sort_fields(enum store_entity ent);

/*
 * The natural direction of a sort (NULL: the default one): ascending for
 * names, descending (newest, most severe, most critical first, CVE ids of
 * the latest year first) for the rest; unknown sorts give false.
 */
bool store_sort_is_ascending(enum store_entity ent, const char *sort);

/* Append the names of the filter fields of ent to out (for completion). */
void store_filter_fields(enum store_entity ent, struct strvec *out);

/*
 * Append the values field accepts when they form a closed set (severity,
 * TLP, PAP and status names, asset kinds, RSIT classes, the sector codes
 * of the cache, "me", "none" and the assignees seen) to out; open fields
 * (titles, addresses, times) add nothing. For completion.
 */
int store_filter_values(struct store *s, enum store_entity ent,
                        const char *field, struct strvec *out, struct err *e);

/*
 * One page. *rows receives a malloc'd array of *n rows (owned; release each
 * element with its *_release and free the array); *next (optional) the key
 * to pass as `after` for the following page, unset when this page was the
 * last. Unknown fields or values in the filter fail with ERR_INVALID and a
 * message naming the field and what it accepts.
 */
int store_incident_page(struct store *s, const struct store_list_opts *o,
                        struct incident **rows, size_t *n,
                        struct store_key *next, struct err *e);
int store_alert_page(struct store *s, const struct store_list_opts *o,
                     struct alert **rows, size_t *n, struct store_key *next,
                     struct err *e);
int store_asset_page(struct store *s, const struct store_list_opts *o,
                     struct asset **rows, size_t *n, struct store_key *next,
                     struct err *e);
int store_organization_page(struct store *s, const struct store_list_opts *o,
                            struct organization **rows, size_t *n,
                            struct store_key *next, struct err *e);

/*
 * One page of any entity, with the key of every row, for the console's
 * virtual list (which pages both ways from any row it holds). *rows
 * receives an array of *n struct incident/alert/asset/organization/
 * vulnerability as ent says, *keys (owned; release each and free; NULL
 * when not wanted) the key of each row; the rest as store_incident_page.
 */
int store_page_keyed(struct store *s, enum store_entity ent,
                     const struct store_list_opts *o, void **rows,
                     struct store_key **keys, size_t *n, struct store_key *next,
                     struct err *e);

/* Rows matching the filter of o (sort, after and limit ignored). */
int store_count(struct store *s, enum store_entity ent,
                const struct store_list_opts *o, int64_t *count, struct err *e);

/*
 * Like store_count, but stops counting after cap + 1 rows: *count is the
 * number of matches when at most cap, cap + 1 when there are more. Reads at
 * most cap + 1 rows (plus what the filter must gather first), where an exact
 * count reads every match. cap must be 0 or more.
 */
int store_count_upto(struct store *s, enum store_entity ent,
                     const struct store_list_opts *o, int64_t cap,
                     int64_t *count, struct err *e);

/*
 * Whether the filter of o compiles for ent (known fields, values in range,
 * known sectors), without reading any row: 0 or the error a page or count
 * would fail with.
 */
int store_list_check(struct store *s, enum store_entity ent,
                     const struct store_list_opts *o, struct err *e);

/*
 * Record that the analyst has looked at list ent, at now: the exposures'
 * `new` are those found after the last such look (all of them before
 * the first). The console records one when the analyst leaves the tab
 * (for another, or the console), `centinela list` after printing the
 * first page, so that what was new while they looked stays new until
 * then. 0 or ERR_DB.
 */
int store_list_look(struct store *s, enum store_entity ent, int64_t now,
                    struct err *e);

/*
 * The SQL of the page query for ent and o, for EXPLAIN QUERY PLAN tests and
 * `--explain`: *plan receives the plan's detail lines joined by "\n"
 * (owned).
 */
int store_list_explain(struct store *s, enum store_entity ent,
                       const struct store_list_opts *o, char **plan,
                       struct err *e);

#endif
