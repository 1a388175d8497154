/*
 * Exposures: which assets a CVE's configurations expose, kept in the
 * exposure table as matching finds them (src/store/exposure.c).
 *
 * An asset is exposed to a CVE when its CPE names, together, satisfy one of
 * the CVE's configurations with a vulnerable match (model/cpe_config.h
 * cpe_configs_expose); a CVE without configurations stands for one OR node
 * of its criteria. One row per asset and CVE: the asset's name that matched
 * (the first, in name order, of those satisfying a vulnerable match), when
 * it was first found (matched_at) and last confirmed (confirmed_at).
 *
 * Matching is incremental and never pairs everything with everything: a CVE
 * is matched against the assets that have a name of the vendor and product
 * of one of its vulnerable criteria, and an asset against the CVEs with a
 * vulnerable criterion of the vendor and product of one of its names, both
 * through the (vendor, product) indexes of asset_cpe and vuln_match (a
 * criterion whose vendor or product is ANY or a pattern is looked up by
 * vendor, or by part; see model/cpe.h cpe_name_key). Exposures that no
 * longer hold go. What imported CSAF documents say of a pair
 * (store/exposure_vex.h) comes last: a known_affected pair is exposed, a
 * fixed or known_not_affected one is not, whatever the configurations say.
 *
 * The store matches by itself: store_vulnerability_upsert when a CVE's
 * configurations or criteria change, store_asset_upsert when an asset's
 * CPE names do. store_exposure_rematch_all is for a cache that had its
 * data before matching existed (or after a bulk change made otherwise),
 * store_exposure_match_changed for what changed since the last of them.
 */
#ifndef CENTINELA_STORE_EXPOSURE_H
#define CENTINELA_STORE_EXPOSURE_H

#include <stddef.h>
#include <stdint.h>

struct err;
struct exposure;
struct store;

/* What a matching did to the exposure table. */
struct store_match_stats {
	int64_t added;     /* exposures found that were not there */
	int64_t confirmed; /* exposures found again */
	int64_t removed;   /* exposures that no longer hold, deleted */
};

/*
 * Match the CVE of row vulnerability_id against the assets: write its
 * exposures, delete those that no longer hold. Adds to *stats (optional).
 */
int store_exposure_match_vulnerability(struct store *s,
                                       int64_t vulnerability_id,
                                       struct store_match_stats *stats,
                                       struct err *e);

/* The same for the asset of row asset_id against the CVEs. */
int store_exposure_match_asset(struct store *s, int64_t asset_id,
                               struct store_match_stats *stats, struct err *e);

/*
 * Match every CVE that has criteria or exposures, in one transaction;
 * progress (optional) is called with arg, the CVEs done and their number
 * after each hundred and at the end. Adds to *stats (optional).
 */
int store_exposure_rematch_all(
    struct store *s, void (*progress)(void *arg, int64_t done, int64_t total),
    void *arg, struct store_match_stats *stats, struct err *e);

/*
 * Match what changed since the last of these two calls (`centinela
 * match`): the CVEs with criteria and the assets with CPE names whose rows
 * changed since then (updated_at), or everything the first time
 * (store_exposure_rematch_all). For a cache whose rows were written
 * otherwise than through the store's upserts, which match by themselves.
 * Progress counts the CVEs, then the assets. Both calls record when they
 * began, raise the alerts of what qualifies (store/exposure_alert.h) and
 * add to *stats (optional).
 */
int store_exposure_match_changed(
    struct store *s, void (*progress)(void *arg, int64_t done, int64_t total),
    void *arg, struct store_match_stats *stats, struct err *e);

/*
 * The exposure of row id (model/exposure.h: vulnerability_id << 32 |
 * asset_id) into *out (initialised or released): 0, or
 * ERR_NOTFOUND when there is none.
 */
int store_exposure_get(struct store *s, int64_t id, struct exposure *out,
                       struct err *e);

/*
 * At most limit exposures of the CVE of row vulnerability_id, into *rows
 * (owned: exposure_release each, then free) and *n: grouped by the assets'
 * sector and organization (in that order, by code and name), the highest
 * priority first within a group. For the CVE's page.
 */
int store_exposures_of_vulnerability(struct store *s, int64_t vulnerability_id,
                                     int limit, struct exposure **rows,
                                     size_t *n, struct err *e);

/* At most limit exposures of asset_id, the highest priority first. */
int store_exposures_of_asset(struct store *s, int64_t asset_id, int limit,
                             struct exposure **rows, size_t *n, struct err *e);

#endif
