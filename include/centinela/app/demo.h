/*
 * The demo-data generator (`centinela demo-data [--scale N] [--seed N]`): a
 * synthetic but realistic constituency of a Mexican national CSIRT, written
 * through the store APIs.
 *
 * Organizations of every sector in all 32 states with contacts and abuse
 * addresses; their assets (ICS, servers, network gear, applications, cloud,
 * workstations) with hostnames, documentation/private IPs, locations and
 * CPE 2.3 names; alerts from feeds (shadowserver-scan, misp-circl,
 * intelmq-spamhaus, ids-sensor-03, ...) with RSIT taxonomy, observables,
 * TLP and skewed severities over the 30 days before `now`; incidents in
 * every status with analyst notes (Spanish and English), linked alerts and
 * assets, assignees and SLA due times by severity.
 *
 * Content is a pure function of (seed, scale, now, prefix): the same inputs
 * give the same rows on every machine. The wall clock is never read for
 * content; pass now = time_now() for fresh-looking data, a constant in
 * tests. Rows have source "local" and remote ids "demo-org-000001",
 * "demo-asset-000001", "demo-alert-0000001", "demo-inc-000001", so running
 * it twice with the same inputs updates rows instead of duplicating them.
 */
#ifndef CENTINELA_APP_DEMO_H
#define CENTINELA_APP_DEMO_H

#include <stdint.h>

struct err;
struct store;

/* Counts at scale 1; every count is multiplied by the scale. */
#define DEMO_BASE_ORGANIZATIONS 300
#define DEMO_BASE_ASSETS        5000
#define DEMO_BASE_ALERTS        40000
#define DEMO_BASE_INCIDENTS     600
#define DEMO_COUNT_MAX          100000000 /* most rows of one kind */

struct demo_counts {
	int64_t organizations; /* organizations written */
	int64_t assets;        /* assets written */
	int64_t cpes;          /* CPE names attached to them */
	int64_t alerts;        /* alerts written */
	int64_t incidents;     /* incidents written */
	int64_t notes;         /* notes on them */
};

/*
 * Progress hook: phase is "organizations", "assets", "incidents", "alerts"
 * or "links"; done of total rows of that phase are committed. Called after
 * every batch, from the calling thread.
 */
typedef void demo_progress_fn(void *ctx, const char *phase, int64_t done,
                              int64_t total);

struct demo_opts {
	double scale;  /* count multiplier, > 0 (1: base counts) */
	uint64_t seed; /* PRNG seed */
	int64_t now;   /* Unix seconds all times lead up to; 0: a fixed epoch */
	const char
	    *prefix;       /* incident reference prefix, e.g. "MX" (borrowed) */
	const char *actor; /* audit actor (borrowed), NULL: "demo-data" */
	int batch;         /* rows per transaction, e.g. 10000 */
	int64_t n_alerts;  /* alerts to write; 0: scale x the base count */
	int64_t n_incidents; /* incidents; 0: scale x the base count */
	int64_t n_assets; /* assets (at least one per organization); 0: scale */
	demo_progress_fn *progress; /* may be NULL */
	void *progress_ctx;         /* passed to progress */
};

/* Defaults: scale 1, seed 1, now 0, prefix "MX", batch 10000, no hook. */
void demo_opts_init(struct demo_opts *o);

/*
 * Generate the data into s (open, writable, not inside a transaction):
 * one transaction per batch of rows, and one audit entry
 * "demo-data" / "scale N seed S" at the end. *out (optional) receives what
 * was written. Returns 0 or the first ERR_* the store reported (with *e);
 * batches committed before a failure stay.
 */
int demo_generate(struct store *s, const struct demo_opts *o,
                  struct demo_counts *out, struct err *e);

#endif
