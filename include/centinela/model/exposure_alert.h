/*
 * The exposure alert rule: when an exposure (an asset a CVE's
 * configurations match; store/exposure.h) becomes an alert of the triage
 * queue, and what that alert says. Pure: the store finds the exposures that
 * qualify (store/exposure_alert.h) and hands their facts here.
 *
 * An exposure qualifies when its asset's criticality is at least
 * rule.criticality (default 4) and its CVE is listed in CISA KEV or has an
 * EPSS score of at least rule.epss (default 0.1: a 10% probability of
 * exploitation activity in the next 30 days, which only the highest few
 * percent of the scored CVEs reach). It becomes an alert the first time it
 * qualifies, once per asset and CVE ever.
 *
 * The alert's severity is the higher of the asset's criticality (5
 * critical, 4 high, 3 medium, 2 low, 1 info) and the CVE's CVSS base score
 * (9.0 critical, 7.0 high, 4.0 medium, above 0 low).
 */
#ifndef CENTINELA_MODEL_EXPOSURE_ALERT_H
#define CENTINELA_MODEL_EXPOSURE_ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "centinela/model/enums.h"

struct alert;

#define EXPOSURE_SOURCE "exposure" /* source and feed name of the alerts */

#define EXPOSURE_RULE_CRITICALITY 4   /* default lowest criticality */
#define EXPOSURE_RULE_EPSS        0.1 /* default lowest EPSS score */

/* Which exposures become alerts. */
struct exposure_rule {
	int criticality; /* lowest asset criticality, 1 to 5 */
	double epss;     /* lowest EPSS score (0 to 1) that qualifies */
};

/* The defaults above. */
void exposure_rule_default(struct exposure_rule *r);

/*
 * Parse an EPSS threshold ("0.1", "0.05", "1"): a decimal number from 0 to
 * 1. Returns 0, or ERR_INVALID leaving *out alone.
 */
int exposure_rule_parse_epss(const char *s, double *out);

/* What is known of an exposure when it qualifies; strings borrowed. */
struct exposure_facts {
	int64_t asset_id;         /* the asset's row */
	const char *asset;        /* its name */
	int criticality;          /* its criticality, 1 to 5 */
	const char *organization; /* its organization's name (may be NULL) */
	const char *sector;       /* its sector code (may be NULL) */
	const char *cpe;          /* its CPE name that matched (may be NULL) */
	const char *cve_id;       /* the CVE */
	const char *vuln_title; /* the CVE's title (KEV's name; may be NULL) */
	bool is_kev;            /* listed in CISA KEV */
	bool is_ransomware;     /* known ransomware campaign use */
	int64_t kev_due_at;     /* KEV's required action due, 0: none */
	double epss;            /* EPSS score, < 0 when unknown */
	double epss_percentile; /* its percentile, < 0 when unknown */
	double cvss;            /* CVSS base score, < 0 when unknown */
};

/* Whether f qualifies under r. */
bool exposure_qualifies(const struct exposure_rule *r,
                        const struct exposure_facts *f);

/* The alert severity of f: see the top of this file. */
enum severity exposure_alert_severity(const struct exposure_facts *f);

/*
 * Fill out (initialised by the caller, fields it sets owned) with the
 * alert of f under r, at time now: source and feed "exposure", remote id
 * "asset:ID:CVE", taxonomy vulnerable/vulnerable-system, TLP:AMBER, the
 * asset's organization row (organization_id is the caller's) and sector,
 * a title naming the CVE, the asset and why ("KEV", "EPSS 0.94"), and a
 * description with the details.
 */
void exposure_alert_build(const struct exposure_rule *r,
                          const struct exposure_facts *f, int64_t now,
                          struct alert *out);

#endif
