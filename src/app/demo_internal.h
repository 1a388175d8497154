/*
 * The insides of the demo-data generator (include/centinela/app/demo.h),
 * shared by its files: the data tables it draws from (demo_data.c), the
 * generation state, its helpers and the organizations and assets
 * (demo.c), and the incidents, alerts and their links (demo_events.c).
 */
#ifndef CENTINELA_APP_DEMO_INTERNAL_H
#define CENTINELA_APP_DEMO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/app/demo.h"
#include "centinela/base/strbuf.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"

struct err;
struct rng;
struct store;

#define DAY        INT64_C(86400)
#define HOUR       INT64_C(3600)
#define MINUTE     INT64_C(60)
#define DEMO_EPOCH INT64_C(1767225600) /* 2026-01-01T00:00:00Z, when now is 0 */

/* ------------------------------------------------------------------ */
/* The data tables (demo_data.c), each with its length.                */

struct state_info {
	const char *name;      /* state name as people write it */
	const char *abbr;      /* short code for hostnames */
	int weight;            /* relative number of organizations */
	const char *cities[6]; /* main cities, NULL-terminated */
};

/*
 * Name templates: %C city, %S state, %Z a regional zone, %N a number,
 * %F a family name.
 */
struct sector_info {
	const char *code;  /* as seeded in schema v1 */
	int weight;        /* relative number of organizations */
	int assets_weight; /* relative assets per organization */
	int kind_weights
	    [ASSET_KIND_COUNT]; /* ics, server, network, app, cloud, ws, other */
	const char *templates[10]; /* organization names, NULL-terminated */
	const char *sites[6];      /* ICS site names, NULL-terminated */
};

struct product_version {
	const char *display; /* product_version, "-": none */
	const char *cpe;     /* version and update components, "7.0:update_3" */
};

struct product {
	enum asset_kind kind; /* what it is */
	const char *vendor;   /* display vendor */
	const char *name;     /* display product */
	const char *hw_cpe;   /* "h:vendor:product" or NULL */
	const char *sw_cpe;   /* "a|o:vendor:product" or NULL */
	const char *stem;     /* asset name stem */
	struct product_version
	    versions[3]; /* first entries used, display NULL ends */
};

enum {
	OBS_VICTIM_IP = 1 << 0, /* the organization's address */
	OBS_SOURCE_IP = 1 << 1, /* an outside address */
	OBS_FQDN = 1 << 2,      /* a malicious or victim domain */
	OBS_URL = 1 << 3,       /* a URL */
	OBS_ASN = 1 << 4,       /* an autonomous system */
	OBS_HASH = 1 << 5,      /* a SHA-256 */
};

/*
 * Title placeholders: %I victim IP, %X outside IP, %M malware, %D domain,
 * %U URL, %O organization, %H asset name, %P port, %G a small number.
 */
struct event_kind {
	const char *feed;        /* feed name */
	const char *provider;    /* feed provider */
	const char *cls;         /* RSIT class */
	const char *type;        /* RSIT type */
	int alert_weight;        /* share of the alert stream, 0: only linked */
	int incident_weight;     /* share of incidents */
	int severity[5];         /* weights of info..critical */
	unsigned obs;            /* OBS_* observables */
	const char *alert_title; /* alert title template */
	const char *incident_title; /* incident title template (Spanish) */
};

extern const struct state_info demo_states[];
extern const size_t demo_n_states;
extern const struct sector_info demo_sectors[];
extern const size_t demo_n_sectors;
extern const char *const demo_zones[];
extern const size_t demo_n_zones;
extern const char *const demo_first_names[];
extern const size_t demo_n_first_names;
extern const char *const demo_family_names[];
extern const size_t demo_n_family_names;
extern const char *const demo_contact_roles[];
extern const size_t demo_n_contact_roles;
extern const char *const demo_abuse_users[];
extern const size_t demo_n_abuse_users;
extern const char *const demo_analysts[];
extern const size_t demo_n_analysts;
extern const char *const demo_malware[];
extern const size_t demo_n_malware;
extern const struct product demo_products[];
extern const size_t demo_n_products;
extern const struct event_kind demo_events[];
extern const size_t demo_n_events;
extern const int demo_status_weights[INCIDENT_STATUS_COUNT];
extern const char *const demo_notes_open[];
extern const size_t demo_n_notes_open;
extern const char *const demo_notes_work[];
extern const size_t demo_n_notes_work;
extern const char *const demo_notes_wait[];
extern const size_t demo_n_notes_wait;
extern const char *const demo_notes_contain[];
extern const size_t demo_n_notes_contain;
extern const char *const demo_notes_resolve[];
extern const size_t demo_n_notes_resolve;
extern const char *const demo_notes_close[];
extern const size_t demo_n_notes_close;

/* ------------------------------------------------------------------ */
/* Generation state.                                                   */

struct gen_org {
	int64_t id;         /* store rowid */
	char *name;         /* unique display name (owned) */
	char *domain;       /* "slug.example.mx" (owned) */
	char *abuse;        /* abuse address (owned) */
	int sector;         /* index into demo_sectors */
	int state;          /* index into demo_states */
	int city;           /* index into the state's cities */
	size_t first_asset; /* index of its first asset in gen.assets */
	size_t n_assets;    /* how many it has */
};

struct gen_asset {
	int64_t id;           /* store rowid */
	char *name;           /* asset name (owned) */
	char ip[20];          /* address, "" when none */
	bool is_public;       /* the address is reachable from outside */
	int criticality;      /* 1-5 */
	enum asset_kind kind; /* kind */
};

struct gen_incident {
	struct incident inc; /* as written (owned contents) */
	int event;           /* index into demo_events */
	size_t org;          /* index into gen.orgs */
	size_t asset;        /* main asset index, SIZE_MAX: none */
	int n_alerts;        /* alerts it was promoted from */
};

struct gen {
	struct store *s;           /* where rows go (borrowed) */
	const struct demo_opts *o; /* options (borrowed) */
	struct demo_counts counts; /* what was written */
	int64_t now;               /* the clock */
	struct gen_org *orgs;      /* organizations (owned) */
	size_t n_orgs;             /* entries in orgs */
	struct gen_asset *assets;  /* assets (owned) */
	size_t n_assets;           /* entries in assets */
	struct gen_incident *incs; /* incidents (owned) */
	size_t n_incs;             /* entries in incs */
	int64_t n_alerts;          /* alerts to write in total */
	int64_t alert_seq;         /* alerts numbered so far */
	uint64_t *name_set;        /* hashes of organization names used */
	size_t name_set_size;      /* slots (power of two) */
	int batch;                 /* rows per transaction */
	struct strbuf tmp;         /* scratch */
};

/* ------------------------------------------------------------------ */
/* Helpers (demo.c).                                                   */

/* An index below n drawn by the weights w[0..n-1]. */
size_t demo_pick_weighted(struct rng *r, const int *w, size_t n);
/* One of the n strings of v, drawn evenly. */
const char *demo_pick(struct rng *r, const char *const *v, size_t n);
/* An address of the documentation ranges (RFC 5737) into out. */
void demo_doc_ip(struct rng *r, char *out, size_t outsz);
/*
 * After done of total rows of phase: commit the open batch every g->batch
 * rows (and open the next while rows remain), reporting progress. 0 or
 * the store's ERR_*.
 */
int demo_batch_step(struct gen *g, int64_t done, int64_t total,
                    const char *phase, struct err *e);
/* t, but not after the generator's clock. */
int64_t demo_clamp_past(const struct gen *g, int64_t t);

/* ------------------------------------------------------------------ */
/* The phases of demo_events.c, after organizations and assets.        */

/* Plan the incidents, sorted by opening time, and write them. */
int demo_gen_incidents(struct gen *g, struct err *e);
/* The alerts incidents were promoted from, then the stream. */
int demo_gen_alerts(struct gen *g, struct err *e);
/* Every incident written again with its alert ids (the link table). */
int demo_gen_links(struct gen *g, struct err *e);

#endif
