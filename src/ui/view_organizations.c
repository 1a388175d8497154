/* The organizations view: constituents, and an organization's detail. */
#include "centinela/model/organization.h"
#include "internal.h"

VIEW_LIST_ROWS(organization, STORE_ORGANIZATIONS)

/* The page is the catalog's layout (app/columns_organization.c). */
static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	(void)app;
	return view_layout_record(s, STORE_ORGANIZATIONS, id, now, d, e);
}

const struct view_ops view_organizations_ops = {
    .name = "organizations",
    VIEW_LIST_OPS(organization, STORE_ORGANIZATIONS),
    .detail = detail,
};
