/*
 * Bulletins (advisories) in the store: the bulletin row with its CVE,
 * sector and organization lists, and its CSAF parts (revision history,
 * products, product statuses, remediations, references, notes,
 * acknowledgments) in tables of their own (schema v8).
 */
#ifndef CENTINELA_STORE_BULLETIN_H
#define CENTINELA_STORE_BULLETIN_H

#include <stdbool.h>
#include <stdint.h>

#include "centinela/model/bulletin.h"

struct err;
struct store;

/*
 * Insert or update b keyed by reference, with its CVE and sector lists
 * (a server's record: its CSAF parts are left as stored). A dirty or
 * conflicting row is not overwritten; *changed (optional) says whether
 * anything was written.
 */
int store_bulletin_upsert(struct store *s, struct bulletin *b, bool *changed,
                          struct err *e);

/*
 * Store b, read from a vendor's CSAF document (feed_csaf.c: source
 * "csaf:PUBLISHER", reference and remote id its tracking id,
 * tracking_version and tracking_date set): a new row, or the row of that
 * reference replaced whole, parts included, when b is a newer revision of
 * it (tracking_version, then tracking_date); the same or an older revision
 * changes nothing, nor does anything change a row the analyst edited
 * (dirty, conflict). Then what its product statuses say of the assets
 * (store/exposure_vex.h), and the exposures of its CVEs, follow.
 * *existed says whether the reference was stored before, *changed
 * whether anything was written. ERR_CONFLICT when the reference is a
 * bulletin of another source. Call inside a transaction.
 */
int store_bulletin_import(struct store *s, struct bulletin *b, bool *existed,
                          bool *changed, struct err *e);

/*
 * Read the bulletin reference (or local row id) into out (released or
 * initialised), with every list and part, and for each of its CVEs what
 * the cache knows (title, primary CVSS v3 score and vector, CWE ids) in
 * out->cves. ERR_NOTFOUND when there is none.
 */
int store_bulletin_get(struct store *s, const char *reference,
                       struct bulletin *out, struct err *e);
int store_bulletin_get_by_id(struct store *s, int64_t id, struct bulletin *out,
                             struct err *e);

/*
 * The next free reference PREFIX-SA-YYYY-NNNN of prefix (2 to 8
 * upper-case letters) and year: one more than the highest number of that
 * prefix and year. *out owned.
 */
int store_bulletin_next_reference(struct store *s, const char *prefix, int year,
                                  char **out, struct err *e);

/*
 * Write the whole of b (validated with bulletin_validate first) as a
 * local edit: a new row when b->meta.id is 0 (source "local" unless set,
 * b->reference must be free: ERR_CONFLICT), else the row b->meta.id,
 * every list and part replaced; the row becomes dirty, updated_at now.
 * Organizations are named (b->organizations) and must exist. Sets
 * b->meta.id. Call inside a transaction.
 */
int store_bulletin_write(struct store *s, struct bulletin *b, int64_t now,
                         struct err *e);

/*
 * Fill b from the cache's record of cve_id: its title (the CVE's title or
 * "CVE: vendor product"), description, severity from its CVSS score, the
 * CVE itself, a product known_affected for each CPE name the exposed
 * assets match (at most 100), and the sectors of the exposed assets.
 * ERR_NOTFOUND when the cache has no such CVE.
 */
int store_bulletin_prefill(struct store *s, const char *cve_id,
                           struct bulletin *b, struct err *e);

#endif
