/*
 * A CSAF 2.0 provider read by a `csaf` source (sync/csaf_walk.c): its
 * provider-metadata.json (section 7.1.7), the ROLIE feeds it names
 * (7.1.15) or, without them, the changes.csv of its directories (7.1.13),
 * and the hash files of its documents (7.1.18). Parsing only: the engine
 * fetches; the documents themselves are feed_csaf_ops's.
 *
 * URLs found in these files are taken absolute, or resolved against the
 * URL of the file that holds them (a path from "/" against its origin, any
 * other against its folder); a URL that is neither https nor http is
 * refused by the engine's URL policy when it is asked.
 */
#ifndef CENTINELA_FEED_CSAF_PROVIDER_H
#define CENTINELA_FEED_CSAF_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/strvec.h"

struct err;
struct feed_ops;
struct strbuf;

/* The source driver "csaf": a provider walked, its documents parsed by
 * feed_csaf_ops (resource "csaf"). */
extern const struct feed_ops feed_csaf_source_ops;

/* One document a feed or changes.csv lists (every member owned). */
struct csaf_listed {
	char *url;        /* the document */
	char *updated;    /* as the listing gives it (compared as text) */
	char *sha256_url; /* its .sha256 file, NULL: none to check */
	char *sha512_url; /* its .sha512 file, NULL: none to check */
};

struct csaf_listing {
	struct csaf_listed *v; /* (owned array) */
	size_t n;
};

void csaf_listing_init(struct csaf_listing *l);
void csaf_listing_release(struct csaf_listing *l);

/*
 * The URL of the provider-metadata.json of a source's url into out: url
 * itself when it names a ".json" file, else url + "/provider-metadata.json"
 * (one "/" between).
 */
void csaf_provider_metadata_url(const char *url, struct strbuf *out);

/*
 * Resolve ref, found in the file at base, into out (see above). ERR_INVALID
 * for an empty ref or one that climbs ("..").
 */
int csaf_url_resolve(const char *base, const char *ref, struct strbuf *out,
                     struct err *e);

/*
 * provider-metadata.json at url: the URLs of its ROLIE feeds into feeds
 * and of its directories into dirs (both resolved, in document order,
 * without repeats). ERR_PARSE for a document that is not provider
 * metadata (not JSON, no distributions array), with the path of the
 * problem; ERR_LIMIT over max_bytes.
 */
int csaf_provider_parse(const char *bytes, size_t len, const char *url,
                        size_t max_bytes, struct strvec *feeds,
                        struct strvec *dirs, struct err *e);

/*
 * A ROLIE feed at url: each entry's document (content.src, else its link
 * "self"), its updated, and its links of rel "hash" ending in ".sha256"
 * and ".sha512"; an entry that links no hash gets the document URL +
 * ".sha256". Appended to out. An entry without a document URL or
 * updated is an error (ERR_PARSE, naming the entry).
 */
int csaf_rolie_parse(const char *bytes, size_t len, const char *url,
                     size_t max_bytes, struct csaf_listing *out, struct err *e);

/*
 * changes.csv of the directory dir_url (ending in "/"): each line's path
 * and time, the document at dir_url + path with its ".sha256" file.
 * ERR_PARSE names the line.
 */
int csaf_changes_parse(const char *bytes, size_t len, const char *dir_url,
                       struct csaf_listing *out, struct err *e);

/*
 * The digest of a hash file ("HEX" or "HEX  NAME" as sha256sum writes
 * it) of hex_len hex digits, lower-cased into out[hex_len + 1]. ERR_PARSE
 * when it holds none.
 */
int csaf_hash_parse(const char *bytes, size_t len, size_t hex_len, char *out,
                    struct err *e);

#endif
