/* An alert published by a central API or a feed, with its observables. */
#ifndef CENTINELA_MODEL_ALERT_H
#define CENTINELA_MODEL_ALERT_H

#include <stddef.h>

#include "centinela/model/record.h"

struct observable {
	enum observable_type type; /* ip, fqdn, url, asn, hash, email */
	char *value;               /* (owned) */
};

struct alert {
	struct record_meta meta; /* identity and sync state */
	char *title;             /* one line (owned) */
	char *description;       /* free text (owned, may be NULL) */
	enum severity severity;  /* info..critical */
	enum tlp tlp;            /* sharing limit */
	char *taxonomy_class;    /* RSIT class (owned) */
	char *taxonomy_type; /* RSIT type of that class (owned, may be NULL) */
	struct observable *observables; /* array of n_observables (owned) */
	size_t n_observables;           /* entries in observables */
	char *feed_name;                /* feed that produced it (owned) */
	char *feed_provider;      /* who runs the feed (owned, may be NULL) */
	int64_t observed_at;      /* when the event was seen, Unix seconds */
	int64_t received_at;      /* when the CSIRT received it, Unix seconds */
	enum alert_status status; /* new, acknowledged, dismissed, promoted */
	int64_t organization_id;  /* affected organization rowid, 0: none */
	char *
	    organization; /* its name or remote id as given (owned, may be NULL) */
	char *sector;     /* sector code (owned, may be NULL) */
	int64_t asset_id; /* linked asset rowid, 0: none */
	char *asset; /* linked asset remote id as given (owned, may be NULL) */
	int64_t incident_id; /* linked incident rowid, 0: none */
	char *incident_ref; /* linked incident reference (owned, may be NULL) */
	char *event_hash;   /* SHA-256 hex for cross-source dedup (owned) */
	char *raw_json;     /* the object as received (owned, may be NULL) */
};

void alert_init(struct alert *a);
void alert_release(struct alert *a);
/* Append a copy of value as an observable of type t. */
void alert_add_observable(struct alert *a, enum observable_type t,
                          const char *value);

/*
 * Compute the deduplication hash: SHA-256 over the taxonomy, the observed
 * time and the sorted observables, so the same event from two feeds
 * collapses. Writes SHA256_HEX_LEN + 1 bytes to out.
 */
void alert_event_hash(const struct alert *a, char *out);

#endif
