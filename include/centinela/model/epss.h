/*
 * EPSS (FIRST's Exploit Prediction Scoring System): the probability that
 * a CVE is exploited in the next 30 days, and its percentile among all
 * scored CVEs, as of one day's model run.
 *
 * Scores move every day for every CVE and are comparable only within one
 * model version, so a score carries its date and model. The cache keeps
 * the score before the current one (of an earlier day) beside it, so that
 * a list can show a rise.
 */
#ifndef CENTINELA_MODEL_EPSS_H
#define CENTINELA_MODEL_EPSS_H

#include <stdint.h>

struct epss_score {
	char *cve_id;        /* "CVE-2021-44228" (owned) */
	double score;        /* probability 0-1 */
	double percentile;   /* 0-1 */
	int64_t scored_at;   /* the score's day, Unix seconds (midnight UTC
	                        or the file's score_date), 0: unknown */
	char *model_version; /* "v2025.03.14" (owned, NULL: not given) */
};

void epss_score_init(struct epss_score *s);
void epss_score_release(struct epss_score *s);

#endif
