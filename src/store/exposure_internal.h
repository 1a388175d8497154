/*
 * What the store's writers call to raise exposure alerts
 * (src/store/exposure_alert.c; see include/centinela/store/
 * exposure_alert.h). Each raises the alerts of the exposures of its scope
 * that qualify and were never alerted, inside the caller's transaction.
 */
#ifndef CENTINELA_STORE_EXPOSURE_INTERNAL_H
#define CENTINELA_STORE_EXPOSURE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The priority of an exposure (0-100) of the CVE row v and the asset row
 * a (table aliases): the arithmetic of model/exposure.h
 * exposure_priority_score, as schema v7's triggers first wrote it. The
 * store's matching inserts it with the row; the triggers keep it.
 */
#define EXPOSURE_PRIORITY_OF(v, a)                                             \
	"max(0, min(100, CAST(round(25 * " v ".is_kev + 10 * " v                \
	".is_ransomware + 20 * coalesce(" v ".epss, 0) + 2 * coalesce(" v        \
	".cvss_score, 0) + 4 * (" a ".criticality - 1) + coalesce((SELECT "      \
	"sector.priority_weight FROM sector WHERE sector.code = " a              \
	".sector), 0)) AS INTEGER)))"

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

/*
 * What imported CSAF documents say of the pairs of a CVE or an asset
 * (src/store/exposure_vex.c, table exposure_vex): for each, the other
 * side's row id (the asset's for a CVE, the CVE's for an asset), whether
 * the pair is known_affected (else fixed or known_not_affected: kept out
 * of the exposures) and the asset's name that matched.
 */
struct exposure_vex_row {
	int64_t id;       /* asset or vulnerability row id */
	bool is_affected; /* known_affected; false: fixed, not affected */
	char *cpe;        /* the asset's name (owned) */
};

struct exposure_vex_rows {
	struct exposure_vex_row *v; /* (owned array) */
	size_t n;
};

/*
 * The statements of the CVE of row id (by_vuln) or of the asset of row
 * id, into out (set here; release it). 0 or ERR_DB.
 */
int exposure_vex_of(struct store *s, bool by_vuln, int64_t id,
                    struct exposure_vex_rows *out, struct err *e);
void exposure_vex_rows_release(struct exposure_vex_rows *r);
/*
 * Find again what imported documents say of asset (its names parsed,
 * with their texts, n of them), after its names changed: its statements
 * are replaced with those of every product of a csaf: bulletin that
 * matches one of them, the latest import holding a pair. 0 or ERR_DB.
 */
struct cpe_name;
int exposure_vex_refresh_asset(struct store *s, int64_t asset,
                               const struct cpe_name *names,
                               char *const *texts, size_t n, struct err *e);
/* The same for asset's stored names (src/store/exposure.c). */
int exposure_vex_refresh_asset_id(struct store *s, int64_t asset,
                                  struct err *e);
/* True when r says the pair with row id is fixed or not affected. */
bool exposure_vex_keeps_out(const struct exposure_vex_rows *r, int64_t id);

#endif
