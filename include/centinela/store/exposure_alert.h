/*
 * Exposure alerts in the store (src/store/exposure_alert.c): the rule in
 * force, and the alerts of the exposures that qualify under it
 * (model/exposure_alert.h).
 *
 * The store raises them by itself, inside the write that makes an exposure
 * qualify, whatever brought it (a sync pull, an import, `match`): a new
 * exposure (store/exposure.h's matching), a CVE that enters KEV or whose
 * row changes (store_vulnerability_upsert), an EPSS score that reaches the
 * threshold (store_epss_upsert), an asset whose row changes (its
 * criticality; store_asset_upsert). Each asset and CVE is alerted once
 * ever (table exposure_alert): an alert dismissed, or an exposure that
 * goes and comes back, is not raised again.
 */
#ifndef CENTINELA_STORE_EXPOSURE_ALERT_H
#define CENTINELA_STORE_EXPOSURE_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct exposure_rule;
struct store;

/* The rule in force in the cache. */
int store_exposure_rule_get(struct store *s, struct exposure_rule *out,
                            struct err *e);

/*
 * Make r the rule in force (ERR_INVALID when out of range). When it
 * differs from the stored one, the exposures that qualify under r and were
 * never alerted become alerts now. *changed (optional) says whether it
 * differed.
 */
int store_exposure_rule_set(struct store *s, const struct exposure_rule *r,
                            bool *changed, struct err *e);

/*
 * Raise the alert of every exposure that qualifies and was never alerted
 * (after a cache that had exposures before alerts existed). *raised
 * (optional) receives how many.
 */
int store_exposure_alerts_raise_all(struct store *s, int64_t *raised,
                                    struct err *e);

/* What this connection raised since it was opened. */
struct store_exposure_tally {
	int64_t raised;        /* alerts raised (committed or not) */
	int64_t last_alert_id; /* the rowid of the last one, 0: none */
};

void store_exposure_alerts_tally(const struct store *s,
                                 struct store_exposure_tally *out);

/* An exposure to a KEV-listed CVE, as the shift handover lists it. */
struct store_kev_exposure {
	char *cve_id;       /* (owned) */
	char *asset;        /* the asset's name (owned) */
	char *organization; /* its organization's name (owned, may be NULL) */
	char *sector;       /* its sector code (owned, may be NULL) */
	int criticality;    /* the asset's, 1 to 5 */
	int64_t kev_at;     /* when it became one of a KEV-listed CVE (matched
	                   to a listed CVE, or its CVE listed) */
	int64_t due_at;     /* KEV's required action due, 0: none */
	bool is_ransomware; /* known ransomware campaign use */
};

/*
 * The exposures that became ones of KEV-listed CVEs in [from, to] (schema
 * v7's exposure.kev_at, through its index), newest first, then the most
 * critical asset: at most limit of them into *rows (owned: free with
 * store_kev_exposures_free), and how many in all into *total.
 */
int store_kev_exposures_between(struct store *s, int64_t from, int64_t to,
                                int limit, struct store_kev_exposure **rows,
                                size_t *n, int64_t *total, struct err *e);
void store_kev_exposures_free(struct store_kev_exposure *rows, size_t n);

#endif
