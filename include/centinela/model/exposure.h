/*
 * An exposure: one asset whose CPE names satisfy a configuration of one
 * CVE (store/exposure.h says how they are matched), as the exposures list
 * shows it, with what it reads of the asset and of the CVE, and its
 * priority.
 *
 * The priority ranks exposures from 0 to 100, so that the one to act on
 * first comes first; an analyst can work it out by hand:
 *
 *   25  the CVE is in CISA's KEV catalog (exploited in the wild)
 *  +10  KEV knows it used in ransomware campaigns
 *  +20 x the CVE's EPSS score (the probability of exploitation within 30
 *        days, 0 to 1)
 *  + 2 x its CVSS base score (0 to 10)
 *  + 4 x (the asset's criticality - 1) (criticality 1 to 5)
 *  +     its sector's weight: 9 for the lifeline sectors (energy, water,
 *        health, telecommunications, emergency services), 5 for the
 *        others
 *
 * rounded to the nearest whole number; an unknown score counts 0. The
 * store keeps it up to date in the exposure table as these change (schema
 * v7), with the same arithmetic in SQL (exposure_priority_score).
 */
#ifndef CENTINELA_MODEL_EXPOSURE_H
#define CENTINELA_MODEL_EXPOSURE_H

#include <stdbool.h>
#include <stdint.h>

#include "centinela/model/record.h"

/*
 * The exposure's row id of CVE row v and asset a (schema v13): v*2^32+a
 * (v7 to v12: a*2^32+v).
 */
#define EXPOSURE_ID_SHIFT 32
/* The CVE's row and the asset's of exposure row id. */
#define EXPOSURE_ID_VULN(id) ((int64_t)(id) >> EXPOSURE_ID_SHIFT)
#define EXPOSURE_ID_ASSET(id)                                                  \
	((int64_t)(id) & ((INT64_C(1) << EXPOSURE_ID_SHIFT) - 1))

struct exposure {
	struct record_meta meta;  /* id: vulnerability_id << 32 | asset_id;
	                            created_at: matched_at; updated_at: when
	                            last confirmed */
	int64_t asset_id;         /* the asset's local id */
	char *asset;              /* its name (owned) */
	int64_t organization_id;  /* its organization's local id */
	char *organization;       /* that organization's name (owned) */
	char *sector;             /* the asset's sector code (owned) */
	int criticality;          /* the asset's criticality, 1-5 */
	int sector_weight;        /* its sector's weight in the priority, 0-9 */
	int64_t vulnerability_id; /* the CVE's local id */
	char *cve_id;             /* "CVE-2021-44228" (owned) */
	char *title;        /* the CVE's short name (owned, may be NULL) */
	char *cpe;          /* the asset's CPE name that matched (owned) */
	bool is_kev;        /* the CVE is in KEV */
	bool is_ransomware; /* KEV: known ransomware campaign use */
	int64_t kev_due_at; /* KEV due date, Unix seconds, 0: none */
	double epss;        /* EPSS probability 0-1, negative: unknown */
	double cvss;        /* CVSS base score 0-10, negative: unknown */
	int priority;       /* 0-100, see above */
	int64_t matched_at; /* when matching first found it */
};

void exposure_init(struct exposure *x);
void exposure_release(struct exposure *x);

/*
 * The priority of an exposure (see above) from its terms: epss and cvss
 * negative when unknown, criticality 1-5, sector_weight 0-9. 0 to 100.
 */
int exposure_priority_score(bool is_kev, bool is_ransomware, double epss,
                            double cvss, int criticality, int sector_weight);

#endif
