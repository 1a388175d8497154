/* The organizations view: constituents, and an organization's detail. */
#include <stdio.h>
#include <stdlib.h>

#include "centinela/model/asset.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/store/incident.h"
#include "centinela/store/organization.h"
#include "internal.h"

static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	struct organization o;
	struct incident *incs = NULL;
	struct asset *assets = NULL;
	size_t n_incs = 0, n_assets = 0;
	char open[24];
	int rc;

	(void)app;
	(void)now;
	organization_init(&o);
	rc = store_organization_get(s, id, &o, e);
	if (!rc)
		rc = store_assets_of_organization(s, id, 200, &assets,
		                                  &n_assets, e);
	if (!rc)
		rc = store_incidents_of_organization(s, id, 200, &incs, &n_incs,
		                                     e);
	if (rc)
		goto out;
	free(d->title);
	d->title = ui_clean(o.name);
	detail_field(d, "Sector", o.sector);
	detail_field(d, "Region", o.region);
	snprintf(open, sizeof(open), "%lld", (long long)o.open_incidents);
	detail_field(d, "Open incidents", open);
	detail_add(d, "detail.section", -1, 0, "Contacts");
	detail_field(d, "Contact", o.contact);
	detail_field(d, "Abuse contact", o.abuse_contact);
	detail_add(d, "detail.section", -1, 0, "Assets (%zu)", n_assets);
	for (size_t i = 0; i < n_assets; i++)
		detail_add(d, "detail.link", STORE_ASSETS, assets[i].meta.id,
		           "%d %s", assets[i].criticality,
		           assets[i].name ? assets[i].name : "");
	detail_add(d, "detail.section", -1, 0, "Incidents (%zu)", n_incs);
	for (size_t i = 0; i < n_incs; i++)
		detail_add(d, "detail.link", STORE_INCIDENTS, incs[i].meta.id,
		           "%s %s", incs[i].reference ? incs[i].reference : "",
		           incs[i].title ? incs[i].title : "");
out:
	for (size_t i = 0; i < n_incs; i++)
		incident_release(&incs[i]);
	for (size_t i = 0; i < n_assets; i++)
		asset_release(&assets[i]);
	free(incs);
	free(assets);
	organization_release(&o);
	return rc;
}

const struct view_ops view_organizations_ops = {
    .name = "organizations",
    .entity = STORE_ORGANIZATIONS,
    .detail = detail,
};
