/*
 * The asset inventory as CSV: organizations and assets, the formats of
 * `centinela import organizations|assets FILE.csv`.
 *
 *   organizations: name,sector,region,contact,abuse_contact
 *   assets:        name,organization,sector,kind,criticality,hostname,ip,
 *                  location,vendor,product,version,cpe
 *
 * The header row is required and must name these columns in this order
 * (case-insensitive, surrounding blanks ignored). Fields are trimmed of
 * surrounding blanks; an empty optional field is absent. The asset "cpe"
 * field holds CPE 2.3 names separated by ';'; an empty asset "sector"
 * means the organization's sector (resolved by the importer).
 *
 * Parsing fills a struct feed_batch (feed/feed.h): the good rows as
 * organizations or assets, each *_items[i] holding the CSV line on which
 * that row starts, and one feed_item_error per bad row, its index the
 * line and its message "FILE:LINE: reason". No I/O.
 */
#ifndef CENTINELA_FEED_INVENTORY_CSV_H
#define CENTINELA_FEED_INVENTORY_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/strvec.h"
#include "centinela/feed/feed.h"

struct err;

enum inventory_kind {
	INVENTORY_ORGANIZATIONS,
	INVENTORY_ASSETS,
};

/* The header line the kind requires, e.g. "name,sector,region,...". */
const char *inventory_csv_header(enum inventory_kind kind);

/*
 * Parse data[0..len) (the contents of file, a name used only in messages)
 * into batch, which the caller initialised (batch->source names the
 * objects' source, NULL: "local"). known_sectors (borrowed, may be NULL to
 * skip the check) lists the sector codes that exist. Returns 0 with bad
 * rows in batch->errors, or ERR_INVALID when the header is missing or does
 * not match (one error naming the expected header).
 */
int inventory_csv_parse(enum inventory_kind kind, const char *data, size_t len,
                        const char *file, const struct strvec *known_sectors,
                        struct feed_batch *batch, struct err *e);

/*
 * The same a page of rows at a time, for a file whose objects should not
 * all be held at once: open checks the header (the errors of parse) and
 * borrows data, file and known_sectors until free; each read parses at
 * most max_rows more rows (0: all) into batch, as parse does, and returns
 * whether rows may remain. The caller may take the objects out of batch
 * between reads.
 */
struct inventory_csv;
int inventory_csv_open(enum inventory_kind kind, const char *data, size_t len,
                       const char *file, const struct strvec *known_sectors,
                       struct inventory_csv **out, struct err *e);
bool inventory_csv_read(struct inventory_csv *r, struct feed_batch *batch,
                        size_t max_rows);
void inventory_csv_free(struct inventory_csv *r);

#endif
