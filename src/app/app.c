/* struct app: see include/centinela/app/app.h. */
#include "centinela/app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/app/columns.h"
#include "centinela/app/keymap.h"
#include "centinela/app/source.h"
#include "centinela/app/setting.h"
#include "centinela/app/theme.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/exposure_alert.h"
#include "centinela/model/filter.h"
#include "centinela/store/exposure_alert.h"
#include "centinela/store/list.h"
#include "centinela/store/sla.h"
#include "centinela/store/store.h"

/* The default columns of a list, space-separated (owned). */
static char *
default_columns(enum store_entity ent)
{
	const struct column_catalog *cat = columns_catalog_of(ent);
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; cat && i < cat->n_default; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", cat->cols[i].name);
	return strbuf_detach(&sb, NULL);
}

void
app_init(struct app *app)
{
	const char *user = getenv("USER");

	memset(app, 0, sizeof(*app));
	app->reference_prefix = xstrdup("MX");
	app->default_limit = 50;
	for (int i = 0; i < STORE_ENTITY_COUNT; i++)
		app->columns[i] = default_columns((enum store_entity)i);
	app->notify_severity = xstrdup("high");
	app->notify_max_tlp = xstrdup("amber");
	app->keymap = keymap_new();
	/* Empty until the console loads one: lookups give built-in styles. */
	app->theme = theme_new();
	sla_targets_default(&app->sla);
	app->exposure_criticality = EXPOSURE_RULE_CRITICALITY;
	app->exposure_epss = xstrdup("0.1");
	app->bulletin_review = xstrdup("required");
	/* $USER goes through the same check as `set analyst`. */
	if (!user || setting_set(app, "analyst", user, NULL) < 0)
		app->analyst = xstrdup("analyst");
}

void
app_release(struct app *app)
{
	if (app->store)
		store_close(app->store);
	free(app->db_path);
	free(app->unwritable);
	free(app->config_path);
	free(app->analyst);
	for (int i = 0; i < STORE_ENTITY_COUNT; i++)
		free(app->columns[i]);
	free(app->notify_severity);
	free(app->exposure_epss);
	free(app->bulletin_review);
	free(app->bulletin_publisher);
	free(app->bulletin_namespace);
	free(app->bulletin_base_url);
	free(app->notify_program);
	free(app->notify_max_tlp);
	free(app->reference_prefix);
	keymap_free(app->keymap);
	theme_free(app->theme);
	for (size_t i = 0; i < app->n_views; i++) {
		free(app->views[i].name);
		free(app->views[i].filter);
	}
	free(app->views);
	for (size_t i = 0; i < app->n_sources; i++)
		sync_source_release(&app->sources[i]);
	free(app->sources);
	memset(app, 0, sizeof(*app));
}

int
app_open_store(struct app *app, struct err *e)
{
	struct store *store = NULL;
	unsigned flags = 0;
	bool is_default = !app->db_path;
	int rc;

	if (app->store)
		return 0;
	if (is_default) {
		app->db_path = fs_xdg_path("XDG_DATA_HOME", ".local/share",
		                           "centinela/cache.db", e);
		if (!app->db_path)
			return e ? e->code : ERR_NOTFOUND;
	}
	if (app->is_readonly)
		flags |= STORE_OPEN_READONLY;
	/* The default cache is made on first use; a named one must exist. */
	if (!is_default && !app->is_create)
		flags |= STORE_OPEN_EXISTING;
	rc = store_open(app->db_path, flags, &store, e);
	if (rc == ERR_NOTFOUND && e) {
		char msg[ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", e->msg);
		if (app->is_readonly)
			err_set(
			    e, ERR_NOTFOUND,
			    "%s; --readonly makes no cache: check the path, "
			    "or run once without --readonly%s",
			    msg, is_default ? "" : " and with --create");
		else
			err_set(e, ERR_NOTFOUND,
			        "%s; check the path, or add --create to make a "
			        "new cache there",
			        msg);
	}
	if (rc < 0)
		return rc;
	app->store = store;
	if (store_unwritable_reason(store)) {
		/* Read it as --readonly would; writes say why they cannot. */
		app->is_readonly = true;
		free(app->unwritable);
		app->unwritable = xstrdup(store_unwritable_reason(store));
	}
	if ((rc = app_sla_apply(app, e)) < 0 ||
	    (rc = app_exposure_rule_apply(app, e)) < 0) {
		store_close(app->store);
		app->store = NULL;
	}
	return rc;
}

int
app_exposure_rule_apply(struct app *app, struct err *e)
{
	struct exposure_rule r;
	bool has_changed = false;
	int rc;

	if (!app->store || app->is_readonly)
		return 0;
	exposure_rule_default(&r);
	r.criticality = (int)app->exposure_criticality;
	if (app->exposure_epss &&
	    exposure_rule_parse_epss(app->exposure_epss, &r.epss))
		return err_set(e, ERR_INVALID,
		               "invalid value for 'exposure.epss': '%s' "
		               "(expected a number from 0 to 1)",
		               app->exposure_epss);
	rc = store_exposure_rule_set(app->store, &r, &has_changed, e);
	if (rc < 0)
		return rc;
	if (has_changed)
		app_changed(app);
	return 0;
}

int
app_sla_apply(struct app *app, struct err *e)
{
	int rc;

	if (!app->store || app->is_readonly)
		return 0;
	rc = store_sla_set_targets(app->store, &app->sla, NULL, e);
	if (rc < 0)
		return rc;
	app_changed(app);
	return 0;
}

void
app_changed(struct app *app)
{
	app->changes++;
}

int
app_check_writable(const struct app *app, const char *what, struct err *e)
{
	if (!app->is_readonly)
		return 0;
	if (app->unwritable)
		return err_set(e, ERR_PERM, "'%s' changes data: %s", what,
		               app->unwritable);
	return err_set(e, ERR_PERM,
	               "'%s' changes data, which read-only mode refuses; "
	               "run without --readonly",
	               what);
}

/* Names a saved view may not take: they mean something else already. */
static bool
is_reserved_view_name(const char *name)
{
	static const char *const reserved[] = {
	    KEYMAP_GLOBAL, "help",  "detail",  "conflicts",
	    "dashboard",   "audit", "handover"};
	enum store_entity ent;
	const char *p = name;

	while (*p >= '0' && *p <= '9')
		p++;
	if (!*p) /* a number is a tab: `view 2` */
		return true;
	if (store_entity_parse(name, &ent) == 0)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		if (strcmp(name, reserved[i]) == 0)
			return true;
	return false;
}

int
app_view_save(struct app *app, const char *name, int entity, const char *filter,
              struct err *e)
{
	struct app_view *v = NULL;
	struct filter *f = NULL;
	int rc;

	if (!keymap_view_is_valid(name) || is_reserved_view_name(name))
		return err_set(
		    e, ERR_INVALID,
		    "invalid view name '%s' (expected 1 to %d "
		    "lower-case letters, digits, '-' or '_', not a "
		    "number, not 'global', 'help', 'detail', 'conflicts', "
		    "'dashboard', 'audit', 'handover' or a list's name)",
		    name, KEYMAP_VIEW_NAME_MAX);
	if (entity < 0 || entity >= STORE_ENTITY_COUNT)
		return err_set(e, ERR_INVALID, "invalid list for view '%s'",
		               name);
	rc = filter_parse(filter ? filter : "", &f, e);
	filter_free(f);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < app->n_views; i++)
		if (strcmp(app->views[i].name, name) == 0)
			v = &app->views[i];
	if (!v) {
		app->views = xreallocarray(app->views, app->n_views + 1,
		                           sizeof(*app->views));
		v = &app->views[app->n_views++];
		v->name = xstrdup(name);
		v->filter = NULL;
	}
	free(v->filter);
	v->filter = xstrdup(filter ? filter : "");
	v->entity = entity;
	return 0;
}

const struct app_view *
app_view_find(const struct app *app, const char *name)
{
	for (size_t i = 0; i < app->n_views; i++)
		if (strcmp(app->views[i].name, name) == 0)
			return &app->views[i];
	return NULL;
}
