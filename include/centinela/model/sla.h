/*
 * SLA arithmetic: response and resolution targets per severity, and the
 * deadline and state they give an incident. Pure functions, no I/O.
 *
 * The clock of an incident starts at opened_at. Until its first response
 * the active target is the response target, afterwards the resolution
 * target, both counted from opened_at. Time spent in `waiting` (on the
 * constituent) does not count: paused_s accumulates the finished waits and
 * the deadline moves by that much, so
 *
 *   due = opened_at + paused_s + target(severity, phase)
 *
 * While an incident waits, its time left is frozen at due - waiting_since.
 * The store (src/store/schema_v2.sql.inc) computes the same formula in
 * SQL triggers; check_sla.c and check_sla_store.c hold them together.
 */
#ifndef CENTINELA_MODEL_SLA_H
#define CENTINELA_MODEL_SLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/model/enums.h"

/* Indexed by enum severity; index 0 is unused. */
#define SLA_SEVERITY_SLOTS (SEVERITY_CRITICAL + 1)
/* Shortest and longest target `set sla.*` accepts, in seconds. */
#define SLA_TARGET_MIN 60
#define SLA_TARGET_MAX (366 * 86400)
/* The time left counts as near once at most this share of the target. */
#define SLA_NEAR_PERCENT 25

/* The targets in force, seconds, per severity. */
struct sla_targets {
	int64_t response[SLA_SEVERITY_SLOTS];   /* until the first response */
	int64_t resolution[SLA_SEVERITY_SLOTS]; /* until resolved or closed */
};

/* The phase whose target is active. */
enum sla_phase {
	SLA_PHASE_RESPONSE,   /* no first response yet */
	SLA_PHASE_RESOLUTION, /* responded, not yet resolved */
};

/* Where an incident stands against its deadline. */
enum sla_state {
	SLA_NONE,     /* no deadline */
	SLA_RUNNING,  /* open, clock running, deadline ahead */
	SLA_PAUSED,   /* waiting, paused before the deadline */
	SLA_BREACHED, /* open and past the deadline (running or paused) */
	SLA_MET,      /* resolved or closed by the deadline */
	SLA_MISSED,   /* resolved or closed after the deadline */
};

/* The inputs of the clock: what an incident row stores. */
struct sla_clock {
	enum severity severity;      /* chooses the targets */
	enum incident_status status; /* waiting pauses, resolved/closed end */
	int64_t opened_at;           /* Unix seconds, clock start */
	int64_t first_response_at;   /* 0: none yet (response phase) */
	int64_t closed_at;           /* 0: open */
	int64_t paused_s;            /* seconds of finished waits */
	int64_t waiting_since;       /* start of the current wait, 0: none */
};

/* What sla_evaluate says about a clock at a moment. */
struct sla_result {
	enum sla_state state; /* see enum sla_state */
	bool is_paused;       /* waiting: the clock is stopped */
	int64_t due_at;       /* the deadline, 0: none */
	int64_t left;         /* seconds left (negative: overdue), frozen
				 while paused; at the close for met/missed */
	int64_t target;       /* length of the active target, seconds */
};

/*
 * The national-CSIRT defaults: critical 30m/4h, high 1h/24h, medium
 * 4h/3d, low 1d/7d, info 3d/30d (response/resolution).
 */
void sla_targets_default(struct sla_targets *t);

/* True when a and b hold the same targets. */
bool sla_targets_equal(const struct sla_targets *a,
                       const struct sla_targets *b);

/*
 * Parse a setting name "sla.SEVERITY.response" or "sla.SEVERITY.resolution"
 * into *severity and *is_resolution. Returns 0 or ERR_PARSE.
 */
int sla_setting_parse(const char *name, enum severity *severity,
                      bool *is_resolution);

/* The active phase of c: response until a first response. */
enum sla_phase sla_phase_of(const struct sla_clock *c);

/*
 * The deadline of c under t: opened_at + paused_s + the active target;
 * 0 when the severity has no target (out of range).
 */
int64_t sla_due(const struct sla_clock *c, const struct sla_targets *t);

/*
 * Record a status change of c at now: entering waiting starts a pause
 * (waiting_since = now), leaving it adds the wait to paused_s. A change
 * between two other statuses leaves the pause fields alone. The store's
 * trigger does the same with updated_at as now.
 */
void sla_clock_set_status(struct sla_clock *c, enum incident_status to,
                          int64_t now);

/*
 * Where an incident with deadline due_at stands at now (see enum
 * sla_state): a final status is met or missed by closed_at (0: judged at
 * now); waiting freezes the time left at due_at - waiting_since (0: at
 * now); a paused clock that had passed the deadline is breached. target
 * (the active target's length, for nearness) is taken as given.
 */
void sla_evaluate(int64_t due_at, enum incident_status status,
                  int64_t waiting_since, int64_t closed_at, int64_t target,
                  int64_t now, struct sla_result *out);

/*
 * sla_due then sla_evaluate: the whole computation from the clock inputs.
 */
void sla_compute(const struct sla_clock *c, const struct sla_targets *t,
                 int64_t now, struct sla_result *out);

/*
 * True when a running or paused clock, not yet breached, has at most
 * SLA_NEAR_PERCENT of its target left.
 */
bool sla_is_near(const struct sla_result *r);

/*
 * Format r compactly into out (at most outsz bytes): "" without a
 * deadline, "met", "missed", the time left ("4h") or overdue ("-2h"), with
 * " paused" appended while the clock is stopped ("3h paused").
 */
void sla_format(const struct sla_result *r, char *out, size_t outsz);

#endif
