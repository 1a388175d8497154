/*
 * EPSS scores of CVEs (model/epss.h), one row per CVE whether or not the
 * cache holds the CVE yet. The vulnerability row of a CVE carries its
 * score, the score before it and the day (schema v6's triggers copy them
 * both ways), so the vulnerability list reads them with the rest.
 */
#ifndef CENTINELA_STORE_EPSS_H
#define CENTINELA_STORE_EPSS_H

#include <stdbool.h>
#include <stdint.h>

#include "centinela/model/epss.h"

struct err;
struct store;

/*
 * Store sc as its CVE's score from source. A score of a later day than
 * the stored one replaces it and moves the stored one to prev_*; one of
 * the same day replaces it when it differs (a corrected file); one of an
 * earlier day is ignored (an old file imported after a newer one).
 * sc->scored_at 0 (a file without its date) stands for the start of
 * today, UTC. *changed (optional): the row was written.
 */
int store_epss_upsert(struct store *s, const char *source,
                      const struct epss_score *sc, bool *changed,
                      struct err *e);

/* The stored score of a CVE, and the one before it (prev, optional:
 * score -1 when there is none). ERR_NOTFOUND when it has no score. */
int store_epss_get(struct store *s, const char *cve_id, struct epss_score *out,
                   struct epss_score *prev, struct err *e);

/* Number of scored CVEs into *n. Returns 0 or ERR_DB. */
int store_epss_count(struct store *s, int64_t *n, struct err *e);

#endif
