/* The assets view: the inventory, and an asset's detail. */
#include "centinela/model/asset.h"
#include "internal.h"

VIEW_LIST_ROWS(asset, STORE_ASSETS)

/* The page is the catalog's layout (app/columns_asset.c). */
static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	(void)app;
	return view_layout_record(s, STORE_ASSETS, id, now, d, e);
}

const struct view_ops view_assets_ops = {
    .name = "assets",
    VIEW_LIST_OPS(asset, STORE_ASSETS),
    .detail = detail,
};
