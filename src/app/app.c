/* struct app: see include/centinela/app/app.h. */
#include "centinela/app/app.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/keymap.h"
#include "centinela/app/setting.h"
#include "centinela/app/theme.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/store.h"

void
app_init(struct app *app)
{
	const char *user = getenv("USER");

	memset(app, 0, sizeof(*app));
	app->reference_prefix = xstrdup("MX");
	app->default_limit = 50;
	app->keymap = keymap_new();
	/* Empty until the console loads one: lookups give built-in styles. */
	app->theme = theme_new();
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
	free(app->config_path);
	free(app->analyst);
	free(app->reference_prefix);
	keymap_free(app->keymap);
	theme_free(app->theme);
	memset(app, 0, sizeof(*app));
}

int
app_open_store(struct app *app, struct err *e)
{
	struct store *store = NULL;
	unsigned flags = 0;
	int rc;

	if (app->store)
		return 0;
	if (!app->db_path) {
		app->db_path = fs_xdg_path("XDG_DATA_HOME", ".local/share",
		                           "centinela/cache.db", e);
		if (!app->db_path)
			return e ? e->code : ERR_NOTFOUND;
	}
	if (app->is_readonly)
		flags |= STORE_OPEN_READONLY;
	rc = store_open(app->db_path, flags, &store, e);
	if (rc < 0)
		return rc;
	app->store = store;
	return 0;
}

int
app_check_writable(const struct app *app, const char *what, struct err *e)
{
	if (!app->is_readonly)
		return 0;
	return err_set(e, ERR_PERM,
	               "'%s' changes data, which read-only mode refuses; "
	               "run without --readonly",
	               what);
}
