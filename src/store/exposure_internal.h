/*
 * What the store's writers call to raise exposure alerts
 * (src/store/exposure_alert.c; see include/centinela/store/
 * exposure_alert.h). Each raises the alerts of the exposures of its scope
 * that qualify and were never alerted, inside the caller's transaction.
 */
#ifndef CENTINELA_STORE_EXPOSURE_INTERNAL_H
#define CENTINELA_STORE_EXPOSURE_INTERNAL_H

#include <stdint.h>

struct err;
struct store;

/* The exposures of the CVE of row vulnerability_id. */
int store_exposure_alerts_of_vulnerability(struct store *s,
                                           int64_t vulnerability_id,
                                           struct err *e);
/* The exposures of the CVE cve_id (a CVE the cache may not hold). */
int store_exposure_alerts_of_cve(struct store *s, const char *cve_id,
                                 struct err *e);
/* The exposures of the asset of row asset_id. */
int store_exposure_alerts_of_asset(struct store *s, int64_t asset_id,
                                   struct err *e);

#endif
