/* An incident: the unit of work in the queue, with its timeline of notes. */
#ifndef CENTINELA_MODEL_INCIDENT_H
#define CENTINELA_MODEL_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/strvec.h"
#include "centinela/model/record.h"
#include "centinela/model/sla.h"

struct note {
	int64_t id;         /* local rowid, 0 until stored */
	char *remote_id;    /* id at the source (owned, may be NULL) */
	char *author;       /* analyst name (owned) */
	int64_t created_at; /* Unix seconds */
	char *body;         /* text (owned) */
};

struct incident {
	struct record_meta meta;     /* identity and sync state */
	char *reference;             /* e.g. "MX-2026-00042", unique (owned) */
	char *title;                 /* one line (owned) */
	char *description;           /* free text (owned, may be NULL) */
	char *category;              /* RSIT class (owned) */
	char *category_type;         /* RSIT type (owned, may be NULL) */
	enum severity severity;      /* info..critical */
	int priority;                /* 1 (highest) to 4 */
	enum incident_status status; /* workflow state */
	enum tlp tlp;                /* sharing limit */
	enum pap pap;                /* permissible actions */
	char *assignee;              /* analyst (owned, may be NULL) */
	int64_t organization_id;     /* affected organization rowid, 0: none */
	char *
	    organization; /* its name or remote id as given (owned, may be NULL) */
	char *sector;     /* sector code (owned, may be NULL) */
	int64_t opened_at;         /* Unix seconds */
	int64_t first_response_at; /* 0: none yet */
	int64_t due_at;            /* SLA deadline, 0: none (model/sla.h) */
	int64_t closed_at;         /* 0: open */
	int64_t sla_paused_s;      /* seconds of finished waits (model/sla.h) */
	int64_t waiting_since;     /* start of the current wait, 0: none */
	struct strvec alert_ids;   /* linked alerts: remote ids as given */
	struct strvec
	    asset_ids;      /* linked assets: remote ids or names as given */
	struct note *notes; /* timeline, oldest first (owned) */
	size_t n_notes;     /* entries in notes */
};

void incident_init(struct incident *inc);
void incident_release(struct incident *inc);
/* Append a note (copies author and body). */
void incident_add_note(struct incident *inc, const char *author,
                       int64_t created_at, const char *body);

/*
 * The SLA state of inc at now (model/sla.h, sla_evaluate) from its stored
 * deadline and pause bookkeeping; the active target's length is
 * due_at - opened_at - sla_paused_s.
 */
void incident_sla(const struct incident *inc, int64_t now,
                  struct sla_result *out);

/*
 * The SLA state of inc at now into out (at most outsz bytes): sla_format
 * of incident_sla: "" without a deadline, "met" or "missed" once resolved
 * or closed, else the time left ("4h") or overdue ("-2h"), with " paused"
 * while waiting ("3h paused"). Shared by the CLI and the console.
 */
void incident_sla_text(const struct incident *inc, int64_t now, char *out,
                       size_t outsz);

/*
 * True for "PREFIX-YYYY-NNNNN": 2-8 upper-case letters, a four-digit year,
 * at least five digits.
 */
bool incident_reference_valid(const char *ref);

#endif
