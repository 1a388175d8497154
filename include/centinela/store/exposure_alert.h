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

#endif
