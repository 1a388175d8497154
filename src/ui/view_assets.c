/* The assets view: the inventory, and an asset's detail. */
#include <stdio.h>
#include <stdlib.h>

#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/incident.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/incident.h"
#include "internal.h"

static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	struct asset a;
	struct incident *incs = NULL;
	struct alert *alerts = NULL;
	size_t n_incs = 0, n_alerts = 0;
	char crit[8];
	int rc;

	(void)app;
	(void)now;
	asset_init(&a);
	rc = store_asset_get(s, id, &a, e);
	if (!rc)
		rc = store_incidents_of_asset(s, id, 200, &incs, &n_incs, e);
	if (!rc)
		rc = store_alerts_of_asset(s, id, 200, &alerts, &n_alerts, e);
	if (rc)
		goto out;
	free(d->title);
	d->title = ui_clean(a.name);
	snprintf(crit, sizeof(crit), "%d", a.criticality);
	detail_field(d, "Criticality", crit);
	detail_field(d, "Kind", asset_kind_name(a.kind));
	if (a.organization_id)
		detail_add(d, "detail.link", STORE_ORGANIZATIONS,
		           a.organization_id, "Organization     %s",
		           a.organization ? a.organization : "");
	else
		detail_field(d, "Organization", a.organization);
	detail_field(d, "Sector", a.sector);
	detail_field(d, "Hostname", a.hostname);
	detail_field(d, "IP", a.ip);
	detail_field(d, "Location", a.location);
	detail_field(d, "Vendor", a.vendor);
	detail_field(d, "Product", a.product);
	detail_field(d, "Version", a.product_version);
	detail_add(d, "detail.section", -1, 0, "CPEs (%zu)", a.cpes.n);
	for (size_t i = 0; i < a.cpes.n; i++)
		detail_add(d, "detail.value", -1, 0, "  %s", a.cpes.v[i]);
	detail_add(d, "detail.section", -1, 0, "Incidents (%zu)", n_incs);
	for (size_t i = 0; i < n_incs; i++)
		detail_add(d, "detail.link", STORE_INCIDENTS, incs[i].meta.id,
		           "%s %s", incs[i].reference ? incs[i].reference : "",
		           incs[i].title ? incs[i].title : "");
	detail_add(d, "detail.section", -1, 0, "Alerts (%zu)", n_alerts);
	for (size_t i = 0; i < n_alerts; i++)
		detail_add(d, "detail.link", STORE_ALERTS, alerts[i].meta.id,
		           "%-8s %s", severity_name(alerts[i].severity),
		           alerts[i].title ? alerts[i].title : "");
out:
	for (size_t i = 0; i < n_incs; i++)
		incident_release(&incs[i]);
	for (size_t i = 0; i < n_alerts; i++)
		alert_release(&alerts[i]);
	free(incs);
	free(alerts);
	asset_release(&a);
	return rc;
}

const struct view_ops view_assets_ops = {
    .name = "assets",
    .entity = STORE_ASSETS,
    .detail = detail,
};
