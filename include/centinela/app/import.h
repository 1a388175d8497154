/*
 * Import of organizations, assets (CSV), alerts, incidents (native JSON)
 * and the CISA KEV catalog (its JSON, as downloaded) from a file into the
 * store: `centinela import KIND FILE`.
 *
 * All or nothing by default: every row is parsed and its references
 * resolved first; if any row is bad nothing is written and the call fails
 * with ERR_INVALID and a summary, the bad rows listed in row_errors. With
 * skip_invalid the good rows are imported and the bad ones still listed.
 * The writes are one transaction (or part of a group's, see
 * import_group_begin) and one audit entry; an import that
 * changes nothing (the same file again) writes no audit entry.
 *
 * Identity: imported rows get source "local". A JSON item's "id" becomes
 * its remote_id, so importing it again updates the same row; CSV rows have
 * no id and are keyed by name (organizations) or organization + name
 * (assets). References in a file are resolved at source "local" (by remote
 * id) or by name. KEV entries are keyed by CVE id and merged into the
 * vulnerability rows other sources wrote (see store/vulnerability.h); a
 * catalog that is not whole (a required member missing, a wrong type,
 * 'count' not matching its entries) is rejected before anything is read
 * from it. EPSS scores (FIRST's daily CSV, gzip or not, or the API's
 * JSON) are keyed by CVE id; a score of an earlier day than the stored
 * one changes nothing (store/epss.h). NVD records (a CVE API 2.0 answer
 * or a 2.0 JSON feed file, read a record at a time, at most
 * IMPORT_JSON_MAX) are keyed by CVE id and merged as KEV's are. A CSAF
 * 2.0 document (feed_csaf.c) is one item: one that is not valid CSAF 2.0
 * is the file's bad item ("'FILE': not CSAF 2.0 at POINTER: reason") and
 * nothing of it is stored; a good one is stored as a bulletin of source
 * "csaf:PUBLISHER" keyed by its tracking id, replaced only by a newer
 * revision (store/bulletin.h store_bulletin_import), and its product
 * statuses change the exposures of its CVEs (store/exposure_vex.h).
 */
#ifndef CENTINELA_APP_IMPORT_H
#define CENTINELA_APP_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/hash.h"

struct app;
struct err;
struct strvec;

enum import_kind {
	IMPORT_ORGANIZATIONS,
	IMPORT_ASSETS,
	IMPORT_ALERTS,
	IMPORT_INCIDENTS,
	IMPORT_KEV,
	IMPORT_EPSS,
	IMPORT_NVD,  /* NVD CVE API 2.0 answers and 2.0 feed files */
	IMPORT_CSAF, /* a vendor's CSAF 2.0 document */
	IMPORT_KIND_COUNT
};

#define IMPORT_CSV_MAX  ((size_t)64 << 20)  /* CSV files: 64 MiB */
#define IMPORT_JSON_MAX ((size_t)256 << 20) /* JSON files: 256 MiB */

/* "organizations", "assets", "alerts", "incidents", "kev", "epss"
 * (static). */
const char *import_kind_name(enum import_kind kind);
/*
 * Parse a kind name (case-insensitive). Returns 0, or ERR_USAGE with
 * "unknown import kind 'x' (known: organizations, assets, alerts,
 * incidents, kev, epss)".
 */
int import_kind_parse(const char *s, enum import_kind *out, struct err *e);

struct import_result {
	size_t rows;      /* rows (CSV) or items (JSON) in the file */
	size_t inserted;  /* new rows written */
	size_t updated;   /* existing rows changed */
	size_t unchanged; /* rows already as in the file (or kept: dirty) */
	size_t
	    invalid; /* bad rows: skipped, or the reason nothing was written */
	size_t retired; /* CVEs of the cache the KEV catalog no longer lists */
	char sha256[SHA256_HEX_LEN + 1]; /* hex digest of the file */
};

/*
 * Import path (a file, "-" for standard input) of kind into app's store,
 * opening it when needed. Fills *res (always, also on failure once the
 * file was read) and appends to row_errors (optional) one message per bad
 * row, in file order: "FILE:LINE: reason" for CSV, "FILE: item N
 * (\"id\": \"x\"): reason" for JSON. Returns 0; ERR_PERM in read-only
 * mode; ERR_IO, ERR_LIMIT for the file; ERR_PARSE or ERR_INVALID
 * (header) when the file cannot be read as kind; ERR_INVALID when rows
 * are bad and !skip_invalid (nothing written); ERR_DB when the store
 * fails (nothing written).
 */
int import_run(struct app *app, enum import_kind kind, const char *path,
               bool skip_invalid, struct import_result *res,
               struct strvec *row_errors, struct err *e);

/*
 * The files of paths (n of them, in the order they will be imported; "-"
 * for standard input) read and parsed ahead by a thread of their own, one
 * after the other, while import_run_ahead writes the one before: the
 * parsing of the next file runs beside the writing, a commit and its
 * checkpoint of the one before. At most 16 pages of parsed objects are
 * held (4,000 NVD records). Only the kinds streamed are read ahead
 * (alerts, incidents, nvd): for the others *out is NULL. 0, or ERR_NOMEM
 * when the thread cannot start. import_ahead_free stops the reading and
 * frees it (NULL: nothing).
 */
struct import_ahead;
int import_ahead_start(enum import_kind kind, const char *const *paths,
                       size_t n, struct import_ahead **out, struct err *e);
void import_ahead_free(struct import_ahead *ahead);

/*
 * import_run, the file's pages taken from ahead (NULL: none) when path is
 * the next file it reads for the writer; else it reads path itself. A
 * file the read-ahead cannot read or parse fails its own import only; a
 * write that fails ends the read-ahead, and the files after it are read
 * by their own import_run_ahead, as without it.
 */
int import_run_ahead(struct app *app, struct import_ahead *ahead,
                     enum import_kind kind, const char *path, bool skip_invalid,
                     struct import_result *res, struct strvec *row_errors,
                     struct err *e);

/*
 * Several files written in one transaction (a group): import_group_begin
 * opens it (starting the checkpoints behind the writer), the import_run
 * calls that follow write into it without committing, and
 * import_group_commit commits them; import_group_rollback drops them. An
 * import_run that fails rolls the whole group back: the caller imports
 * the group's files before it again (cli/cmd_import.c), which is rare,
 * where a savepoint per file would cost every file a copy of the pages it
 * changes (SQLite's sub-journal). A group of ten NVD files costs a fifth
 * less than ten transactions: the index pages they all touch are written
 * to the log once rather than once per file, the checkpoints copy them
 * once, and the search index takes the group in one segment.
 */
#define IMPORT_GROUP_ROWS 20000 /* rows a group takes before its commit */
int import_group_begin(struct app *app, struct err *e);
int import_group_commit(struct app *app, struct err *e);
void import_group_rollback(struct app *app);

#endif
