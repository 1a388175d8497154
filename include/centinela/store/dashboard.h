/*
 * The dashboard's figures: open incidents by status and severity, alerts
 * received per hour over the last 24 hours, incidents and exposures per
 * sector, SLA breaches, the organizations with most open incidents and the
 * KEV due dates of the next days, all read in one read transaction so that
 * they agree with each other.
 *
 * "Open" is a status other than resolved and closed. A breach is an open
 * incident past its SLA deadline, as the filter sla:breached says (for a
 * paused clock, a deadline passed before the wait began): both take it
 * from src/store/internal.h.
 */
#ifndef CENTINELA_STORE_DASHBOARD_H
#define CENTINELA_STORE_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/model/enums.h"

struct err;
struct store;

#define STORE_DASHBOARD_HOURS    24 /* buckets of the alert sparkline */
#define STORE_DASHBOARD_SEVERITY 6  /* severities 1..5, index 0 unused */

/* One critical-infrastructure sector's incidents and exposures. */
struct store_dashboard_sector {
	char *code;        /* sector code (owned) */
	char *name;        /* display name (owned, from the cache: sanitize) */
	int64_t open;      /* open incidents of the sector */
	int64_t total;     /* all its incidents, open or not */
	int64_t exposures; /* open exposures of its assets */
	int64_t exposures_kev; /* of those, to KEV-listed CVEs */
};

#define STORE_DASHBOARD_KEV_DAYS 7  /* days ahead of the KEV due dates */
#define STORE_DASHBOARD_KEV_MAX  20 /* KEV due dates listed at most */

/* A KEV-listed CVE whose required action falls due soon. */
struct store_dashboard_kev_due {
	char *cve_id;   /* (owned) */
	int64_t due_at; /* KEV dueDate (cisaActionDue), Unix seconds */
	int64_t assets; /* assets exposed to it */
};

/* One organization among the most affected. */
struct store_dashboard_org {
	int64_t id;    /* organization id */
	char *name;    /* its name (owned, from outside: sanitize) */
	char *sector;  /* its sector code (owned) */
	int64_t open;  /* its open incidents */
	int64_t total; /* all its incidents */
};

struct store_dashboard {
	int64_t now; /* the time the figures are for (Unix seconds) */
	/* open incidents: [status][severity]; final statuses stay 0 */
	int64_t open[INCIDENT_STATUS_COUNT][STORE_DASHBOARD_SEVERITY];
	int64_t open_total; /* every open incident */
	/*
	 * Alerts by received time: hours[i] counts those received in
	 * [now - (24 - i) h, now - (23 - i) h), so hours[23] is the last hour
	 * before now; alerts_24h is their sum.
	 */
	int64_t hours[STORE_DASHBOARD_HOURS];
	int64_t alerts_24h; /* alerts received in the last 24 hours */
	int64_t breaches;   /* open incidents past their SLA */
	/* every sector of the cache: most open first, then most incidents,
	 * then by code (owned array) */
	struct store_dashboard_sector *sectors;
	size_t n_sectors;       /* entries in sectors */
	int64_t no_sector_open; /* open incidents with no sector */
	/* organizations with open incidents, most first, then most
	 * incidents in all, then oldest id; at most top_n (owned array) */
	struct store_dashboard_org *orgs;
	size_t n_orgs; /* entries in orgs */
	/*
	 * Exposures (store/exposure.h: the asset and CVE pairs that hold
	 * now), per sector above; in all, and of KEV-listed CVEs.
	 */
	int64_t exposures;
	int64_t exposures_kev;
	/*
	 * KEV-listed CVEs due from the start of now's day (UTC) to
	 * STORE_DASHBOARD_KEV_DAYS days after it, by due date then CVE id:
	 * the first STORE_DASHBOARD_KEV_MAX (owned array), and how many in
	 * all.
	 */
	struct store_dashboard_kev_due *kev_due;
	size_t n_kev_due;
	int64_t kev_due_total;
};

void store_dashboard_init(struct store_dashboard *d);
void store_dashboard_release(struct store_dashboard *d);

/*
 * Read the figures at time now into *out (released first; owned by the
 * caller afterwards), with at most top_n organizations (0: none). One read
 * transaction, or the caller's when one is open. Reads the incident
 * counts kept by schema v3, the index of the open incidents' deadlines, a
 * range of the alert_received index and top_n organization rows, never
 * the incident or alert tables themselves, so it stays fast on large
 * caches (src/store/dashboard.c says what it costs). is_cancelled
 * (optional) is asked every few thousand SQLite steps; true stops the read
 * with ERR_LIMIT (a key waits: read again later). Returns 0, ERR_LIMIT or
 * ERR_DB; on failure *out is empty.
 */
int store_dashboard_read(struct store *s, int64_t now, size_t top_n,
                         bool (*is_cancelled)(void *ctx), void *cancel_ctx,
                         struct store_dashboard *out, struct err *e);

/* True when a and b hold the same figures (now aside). */
bool store_dashboard_equal(const struct store_dashboard *a,
                           const struct store_dashboard *b);

#endif
