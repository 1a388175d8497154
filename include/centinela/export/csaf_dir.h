/*
 * The files of a CSAF 2.0 provider directory (section 7.1 of the
 * standard) other than the documents themselves, rendered to the FILE*
 * they are handed: the file name of a document (5.1), index.txt
 * (requirement 12), changes.csv (13), a ROLIE feed per TLP label (15),
 * the hash files (18) and provider-metadata.json (7).
 *
 * The layout these files describe, under the base URL the directory is
 * served at:
 *
 *   provider-metadata.json
 *   white/ green/ amber/         one folder per TLP label, lower case
 *     index.txt changes.csv csaf-feed-tlp-<label>.json
 *     YYYY/<name>.json .json.sha256 .json.sha512
 *
 * Paths inside a TLP folder ("2026/mx-sa-2026-0001.json") are relative to
 * it; each folder is complete in itself, so that a web server can protect
 * amber/ as requirement 5 asks. Nothing here touches the file system.
 */
#ifndef CENTINELA_EXPORT_CSAF_DIR_H
#define CENTINELA_EXPORT_CSAF_DIR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "centinela/export/csaf.h"

struct err;

/*
 * The file name of the document whose /document/tracking/id is id, by
 * CSAF 2.0 section 5.1: lower-cased, every run of characters outside
 * [+-a-z0-9] replaced by one "_", then ".json" (owned). NULL when id is
 * NULL or empty. The name never holds a "/" or a "." before ".json".
 */
char *csaf_dir_filename(const char *id);

/* The lower-case folder of a TLP label of csaf_tlp_label ("white"...). */
const char *csaf_dir_folder(enum tlp t);

/* One document of a TLP folder (every member borrowed). */
struct csaf_dir_entry {
	const char *id;      /* /document/tracking/id */
	const char *title;   /* /document/title */
	const char *summary; /* a summary for the feed, NULL: none */
	const char *path;    /* "YYYY/<name>.json", inside the TLP folder */
	int64_t published;   /* initial_release_date */
	int64_t updated;     /* current_release_date */
};

/*
 * Sort entries as changes.csv wants them: current_release_date newest
 * first, then by path, so that the order never depends on the caller's.
 */
void csaf_dir_sort(struct csaf_dir_entry *entries, size_t n);
/*
 * Sort entries as index.txt has them: by path, an order a revision does
 * not change (by date, the file was rewritten whenever a revision made
 * another document the newest, and whether two documents of one second
 * tied depended on the clock).
 */
void csaf_dir_sort_paths(struct csaf_dir_entry *entries, size_t n);

/*
 * index.txt: each entry's path on a line of its own, in the order given
 * (csaf_dir_sort_paths first).
 * changes.csv: `"path","current_release_date"` lines without a heading,
 * in the order given (csaf_dir_sort first). 0 or ERR_IO.
 */
int csaf_dir_index(FILE *f, const struct csaf_dir_entry *entries, size_t n,
                   struct err *e);
int csaf_dir_changes(FILE *f, const struct csaf_dir_entry *entries, size_t n,
                     struct err *e);

/*
 * The content of a hash file (requirement 18) of the document name whose
 * hex digest is hex, as sha256sum and sha512sum write it:
 * "HEX  NAME\n" (owned).
 */
char *csaf_dir_hash_line(const char *hex, const char *name);

/* Where the provider directory is served and who publishes it. */
struct csaf_dir_site {
	const char *base_url;             /* no trailing "/" (borrowed) */
	const struct csaf_publisher *pub; /* name and namespace (borrowed) */
};

/*
 * The ROLIE feed of the TLP folder of t: id csaf-feed-tlp-<label>, a
 * self link to base/<folder>/csaf-feed-tlp-<folder>.json, the csaf
 * information-type category, updated, and one entry per document in the
 * order given (id, title, links self and hash to its .sha256 and
 * .sha512, published, updated, summary, content, format CSAF 2.0).
 * 0, ERR_INVALID (no publisher, no base URL) or ERR_IO.
 */
int csaf_dir_feed(FILE *f, const struct csaf_dir_site *site, enum tlp t,
                  const struct csaf_dir_entry *entries, size_t n,
                  int64_t updated, struct err *e);

/* The feed file's name inside its folder: "csaf-feed-tlp-white.json"
 * (owned). */
char *csaf_dir_feed_name(enum tlp t);

/*
 * provider-metadata.json (role csaf_provider: no signatures are
 * written), canonical_url base/provider-metadata.json, a distribution
 * with the directory URL of each TLP folder of tlps[0..n) and one with
 * their ROLIE feeds, the publisher (category coordinator), last_updated,
 * listed and mirrored on aggregators. 0, ERR_INVALID or ERR_IO.
 */
int csaf_dir_metadata(FILE *f, const struct csaf_dir_site *site,
                      const enum tlp *tlps, size_t n, int64_t last_updated,
                      struct err *e);

/*
 * The time a file these functions or export_csaf wrote says it was made:
 * its last_updated (provider metadata), feed.updated (a ROLIE feed) or
 * document.tracking.generator.date (a CSAF document). So that a
 * directory written again with nothing changed keeps its files byte for
 * byte: render with the old time, compare, and only on a difference
 * render with the new one. 0, or ERR_PARSE when json is none of them.
 */
int csaf_dir_stamp(const char *json, size_t len, int64_t *out);

#endif
