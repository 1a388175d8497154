/*
 * struct app: the one object main builds and passes down. It holds the
 * settings the command language changes, the open store, and where the
 * files live. The UI and CLI layers read it; nothing else is global.
 */
#ifndef CENTINELA_APP_APP_H
#define CENTINELA_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/model/sla.h"
#include "centinela/store/list.h"

struct store;
struct err;
struct sync_source;
struct app_ui;
struct keymap;
struct theme;

/*
 * A saved view: `view NAME FILTER`, a list of one entity narrowed by a
 * filter, shown by the console as a tab of its own.
 */
struct app_view {
	char *name;   /* tab label and keymap view name (owned) */
	int entity;   /* enum store_entity it lists */
	char *filter; /* filter text as typed, "" for none (owned) */
};

struct app {
	struct store *store; /* open cache, or NULL before app_open_store */
	char *db_path;       /* cache file path (owned) */
	char *config_path;   /* config file path (owned), NULL: none */
	bool is_create;   /* --create: make the cache at db_path if missing */
	bool is_readonly; /* --readonly: refuse every data change */
	char *unwritable; /* why the cache opened read-only although
	                        --readonly was not given (owned), or NULL */
	char *
	    analyst; /* `set analyst`: who acts (owned), for audit and assignee:me */
	char *
	    reference_prefix; /* `set reference-prefix`: incident references, e.g. "MX" */
	int64_t
	    default_limit; /* `set default-limit`: rows a CLI list prints by default */
	/* `set LIST.columns`, by enum store_entity (owned; app/columns.h) */
	char *columns[STORE_ENTITY_COUNT];
	char *notify_severity; /* `set notify.severity` (owned) */
	bool is_notify_bell;   /* `set notify.bell` */
	bool is_notify_flash;  /* `set notify.flash` */
	char *notify_program;  /* `set notify.program` (owned) or NULL */
	char *notify_max_tlp;  /* `set notify.max-tlp` (owned) */
	const struct app_ui
	    *ui;               /* the console's hook while it runs, else NULL */
	unsigned long changes; /* bumped by app_changed: the console re-reads
	                          what it shows when it moved */
	struct keymap *keymap; /* key bindings (owned; app/keymap.h) */
	struct theme *theme;   /* the current theme (owned; app/theme.h) */
	struct app_view *views; /* saved views, in the order made (owned) */
	size_t n_views;         /* entries in views */
	struct sync_source *sources; /* `source` definitions (owned) */
	size_t n_sources;            /* entries in sources */
	struct sla_targets sla; /* `set sla.SEVERITY.response|resolution` */
	/* `set exposure.criticality`: lowest criticality of an asset whose
	   exposures become alerts (model/exposure_alert.h) */
	int64_t exposure_criticality;
	char
	    *exposure_epss; /* `set exposure.epss`: lowest EPSS score (owned) */
	/* `set bulletin.review`: "required" (a second analyst reviews a
	   bulletin before it goes final) or "optional" (owned) */
	char *bulletin_review;
	char *bulletin_publisher; /* `set bulletin.publisher` (owned, NULL) */
	char *bulletin_namespace; /* `set bulletin.namespace` (owned, NULL) */
	/* `set bulletin.base-url`: where `bulletin publish` says its
	   provider directory is served (owned, NULL) */
	char *bulletin_base_url;
};

/* Set up *app with defaults (analyst from $USER, prefix "MX", limit 50). */
void app_init(struct app *app);

/* Close the store and free everything app owns; app_init again to reuse. */
void app_release(struct app *app);

/*
 * Open (migrating as needed) the cache at app->db_path, or the default path
 * under $XDG_DATA_HOME when it is NULL. The default cache is created on
 * first use; a named one only with app->is_create (--create), else a
 * missing file is ERR_NOTFOUND (a mistyped --db makes nothing). A cache
 * that cannot be written (read-only file system, permissions, full disk)
 * opens read-only: app->is_readonly is set and app->unwritable says why,
 * which app_check_writable and every write then report. Returns 0 or an
 * ERR_* code with *e saying what to do.
 */
int app_open_store(struct app *app, struct err *e);

/*
 * Make app->sla the targets in force in the open cache (store/sla.h),
 * which recomputes the deadlines of open incidents when they changed and
 * writes nothing otherwise. Does nothing without a store or when
 * read-only (the cache keeps the targets last set). app_open_store calls
 * it, and so does a change of an sla.* setting. Returns 0 or ERR_DB.
 */
int app_sla_apply(struct app *app, struct err *e);

/*
 * Make the exposure alert rule of app (exposure.criticality, exposure.epss)
 * the one in force in the open cache, which then raises the alerts the new
 * rule qualifies (store/exposure_alert.h); nothing without a store or in
 * read-only mode. Returns 0 or the store's error.
 */
int app_exposure_rule_apply(struct app *app, struct err *e);

/*
 * Say that the cache changed (an edit, a settled conflict, new SLA
 * targets): the console, which compares app->changes after each command,
 * re-reads what it shows and lets the sync engine replay.
 */
void app_changed(struct app *app);

/*
 * Fail with ERR_PERM and a message naming what was refused when the app is
 * read-only; 0 otherwise. Every data-changing command calls it first.
 */
int app_check_writable(const struct app *app, const char *what, struct err *e);

/*
 * Save the view name of entity (enum store_entity) showing the rows filter
 * (borrowed, copied; NULL means none) selects, replacing the entity and
 * filter of a saved view of that name (which keeps its place). name must be
 * a keymap view name (keymap_view_is_valid) other than "global", "help", "conflicts",
 * "detail" or an entity name; filter must parse. Returns 0, or ERR_INVALID
 * or ERR_PARSE with *e set and the views unchanged.
 */
int app_view_save(struct app *app, const char *name, int entity,
                  const char *filter, struct err *e);

/* The saved view called name (borrowed until the next save), or NULL. */
const struct app_view *app_view_find(const struct app *app, const char *name);

#endif
