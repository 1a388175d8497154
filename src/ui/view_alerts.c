/* The alerts view: live alerts, and an alert's detail with its raw JSON. */
#include <stdlib.h>

#include "centinela/base/timeutil.h"
#include "centinela/model/alert.h"
#include "centinela/store/alert.h"
#include "internal.h"

static void
time_field(struct detail *d, const char *label, int64_t t)
{
	char buf[TIME_ISO_MAX];

	time_format_iso8601(t, buf);
	detail_field(d, label, t ? buf : NULL);
}

static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	struct alert a;
	int rc;

	(void)app;
	(void)now;
	alert_init(&a);
	rc = store_alert_get(s, id, &a, e);
	if (rc)
		goto out;
	free(d->title);
	d->title = ui_clean(a.title);
	detail_field(d, "Severity", severity_name(a.severity));
	detail_field(d, "TLP", tlp_name(a.tlp));
	detail_field(d, "Status", alert_status_name(a.status));
	detail_field(d, "Taxonomy", a.taxonomy_class);
	detail_field(d, "Type", a.taxonomy_type);
	detail_field(d, "Feed", a.feed_name);
	detail_field(d, "Provider", a.feed_provider);
	detail_field(d, "Source", a.meta.source);
	time_field(d, "Observed", a.observed_at);
	time_field(d, "Received", a.received_at);
	detail_field(d, "Sector", a.sector);
	detail_field(d, "Event hash", a.event_hash);
	detail_add(d, "detail.section", -1, 0, "Links");
	if (a.organization_id)
		detail_add(d, "detail.link", STORE_ORGANIZATIONS,
		           a.organization_id, "organization %s",
		           a.organization ? a.organization : "");
	if (a.incident_id)
		detail_add(d, "detail.link", STORE_INCIDENTS, a.incident_id,
		           "incident %s", a.incident_ref ? a.incident_ref : "");
	if (a.asset_id)
		detail_add(d, "detail.link", STORE_ASSETS, a.asset_id,
		           "asset %s", a.asset ? a.asset : "");
	if (!a.organization_id && !a.incident_id && !a.asset_id)
		detail_add(d, "detail.value", -1, 0, "  none");
	detail_add(d, "detail.section", -1, 0, "Observables (%zu)",
	           a.n_observables);
	for (size_t i = 0; i < a.n_observables; i++) {
		detail_add(d, "detail.value", -1, 0, "  %-6s %s",
		           observable_type_name(a.observables[i].type),
		           a.observables[i].value ? a.observables[i].value
		                                  : "");
		detail_hang(d, 9); /* a long URL goes on under itself */
	}
	detail_add(d, "detail.section", -1, 0, "Description");
	detail_text(d, "detail.value", a.description ? a.description : "-");
	detail_add(d, "detail.section", -1, 0, "Raw JSON");
	if (a.raw_json)
		detail_json(d, a.raw_json);
	else
		detail_add(d, "detail.value", -1, 0, "  none");
out:
	alert_release(&a);
	return rc;
}

const struct view_ops view_alerts_ops = {
    .name = "alerts",
    .entity = STORE_ALERTS,
    .detail = detail,
};
