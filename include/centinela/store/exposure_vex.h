/*
 * What vendors' CSAF documents (VEX in particular) say of a CVE on the
 * assets (table exposure_vex, schema v9; src/store/exposure_vex.c).
 *
 * When a bulletin read from a CSAF document is stored, each product it
 * lists as known_affected, fixed or known_not_affected for a CVE is
 * matched against the assets' CPE names like a criterion of an NVD
 * configuration (model/cpe_config.h cpe_match_satisfied): the product's
 * CPE name, with the bounds of its version range (model/bulletin.h
 * bulletin_range_bounds) when the name's version is ANY; a product
 * without a CPE name, or with a range of several intervals, matches
 * nothing. The pairs found are kept, the latest document that speaks of a
 * pair holding it (within one document fixed or not affected wins over
 * known_affected). The matching (store/exposure.h) then adds the
 * exposure of a known_affected pair, even when the CVE's NVD
 * configurations do not expose the asset, and removes (keeps out) that
 * of a fixed or known_not_affected pair, whatever the configurations
 * say: `list exposures` no longer shows it.
 *
 * The pairs of an asset are found again from every stored document (of a
 * "csaf:" source, in the order they were imported) whenever it is
 * matched after its names changed, and those of a document's assets when
 * the document is stored, so that an asset added after the document is
 * covered too.
 */
#ifndef CENTINELA_STORE_EXPOSURE_VEX_H
#define CENTINELA_STORE_EXPOSURE_VEX_H

#include "centinela/model/bulletin.h"

struct err;
struct store;

/*
 * After bulletin b was stored (b->meta.id its row; its products and
 * statuses as stored): the pairs of the assets it spoke of before and of
 * those it matches now are found again, then every CVE, old or new, that
 * the cache holds is matched again, so that the exposures follow. Call
 * inside a transaction. 0 or ERR_DB.
 */
int store_exposure_vex_update(struct store *s, const struct bulletin *b,
                              struct err *e);

#endif
