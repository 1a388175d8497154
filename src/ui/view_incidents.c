/* The incidents view: the queue, and an incident's detail page. */
#include <stdlib.h>

#include "centinela/app/columns.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/incident.h"
#include "centinela/store/alert.h"
#include "centinela/store/incident.h"
#include "internal.h"

static void
time_field(struct detail *d, const char *label, int64_t t)
{
	char buf[TIME_ISO_MAX];

	if (!t) {
		detail_field(d, label, NULL);
		return;
	}
	time_format_iso8601(t, buf);
	detail_field(d, label, buf);
}

/*
 * The SLA line of the detail: "3h paused (resolution target 1d, waiting
 * since 2026-01-01T20:00:00Z, 5h paused before)", coloured as the column.
 */
static void
sla_field(struct detail *d, const struct incident *inc, int64_t now)
{
	struct sla_result r;
	struct strbuf sb;
	char buf[TIME_ISO_MAX + 32];

	incident_sla(inc, now, &r);
	if (r.state == SLA_NONE) {
		detail_field(d, "SLA", NULL);
		return;
	}
	strbuf_init(&sb);
	sla_format(&r, buf, sizeof(buf));
	strbuf_adds(&sb, buf);
	time_format_age(r.target, buf, sizeof(buf));
	strbuf_addf(&sb, " (%s target %s",
	            inc->first_response_at ? "resolution" : "response", buf);
	if (r.is_paused && inc->waiting_since) {
		time_format_iso8601(inc->waiting_since, buf);
		strbuf_addf(&sb, ", waiting since %s", buf);
	}
	if (inc->sla_paused_s > 0) {
		time_format_age(inc->sla_paused_s, buf, sizeof(buf));
		strbuf_addf(&sb, ", %s paused before", buf);
	}
	strbuf_adds(&sb, ")");
	detail_add(d, columns_sla_element(&r), -1, 0, "%-17s%s", "SLA", sb.buf);
	detail_hang(d, 17); /* under the value, as a field's */
	strbuf_release(&sb);
}

static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	struct incident inc;
	struct alert *alerts = NULL;
	struct asset *assets = NULL;
	size_t n_alerts = 0, n_assets = 0;
	char num[32];
	int rc;

	(void)app;
	incident_init(&inc);
	rc = store_incident_get(s, id, &inc, e);
	if (rc)
		goto out;
	rc = store_alerts_of_incident(s, id, 200, &alerts, &n_alerts, e);
	if (!rc)
		rc =
		    store_assets_of_incident(s, id, 200, &assets, &n_assets, e);
	if (rc)
		goto out;
	free(d->title);
	d->title = ui_clean(inc.reference);
	detail_add(d, "detail.title", -1, 0, "%s", inc.title ? inc.title : "");
	detail_field(d, "Reference", inc.reference);
	detail_field(d, "Status", incident_status_name(inc.status));
	detail_field(d, "Severity", severity_name(inc.severity));
	snprintf(num, sizeof(num), "%d", inc.priority);
	detail_field(d, "Priority", num);
	detail_field(d, "TLP", tlp_name(inc.tlp));
	detail_field(d, "PAP", pap_name(inc.pap));
	detail_field(d, "Category", inc.category);
	detail_field(d, "Type", inc.category_type);
	detail_field(d, "Assignee", inc.assignee);
	if (inc.organization_id)
		detail_add(d, "detail.link", STORE_ORGANIZATIONS,
		           inc.organization_id, "Organization     %s",
		           inc.organization ? inc.organization : "-");
	else
		detail_field(d, "Organization", inc.organization);
	detail_field(d, "Sector", inc.sector);
	time_field(d, "Opened", inc.opened_at);
	time_field(d, "First response", inc.first_response_at);
	time_field(d, "Due", inc.due_at);
	sla_field(d, &inc, now);
	time_field(d, "Closed", inc.closed_at);
	detail_field(d, "Sync state", local_state_name(inc.meta.local_state));
	detail_add(d, "detail.section", -1, 0, "Description");
	detail_text(d, "detail.value", inc.description ? inc.description : "-");
	detail_add(d, "detail.section", -1, 0, "Timeline (%zu)", inc.n_notes);
	for (size_t i = 0; i < inc.n_notes; i++) {
		char when[TIME_ISO_MAX];

		time_format_iso8601(inc.notes[i].created_at, when);
		detail_add(d, "detail.label", -1, 0, "%s  %s", when,
		           inc.notes[i].author ? inc.notes[i].author : "");
		detail_text(d, "detail.value", inc.notes[i].body);
	}
	detail_add(d, "detail.section", -1, 0, "Linked alerts (%zu)", n_alerts);
	for (size_t i = 0; i < n_alerts; i++)
		detail_add(d, "detail.link", STORE_ALERTS, alerts[i].meta.id,
		           "%-8s %s", severity_name(alerts[i].severity),
		           alerts[i].title ? alerts[i].title : "");
	detail_add(d, "detail.section", -1, 0, "Linked assets (%zu)", n_assets);
	for (size_t i = 0; i < n_assets; i++)
		detail_add(d, "detail.link", STORE_ASSETS, assets[i].meta.id,
		           "%s (%s)", assets[i].name ? assets[i].name : "",
		           assets[i].organization ? assets[i].organization
		                                  : "-");
out:
	for (size_t i = 0; i < n_alerts; i++)
		alert_release(&alerts[i]);
	for (size_t i = 0; i < n_assets; i++)
		asset_release(&assets[i]);
	free(alerts);
	free(assets);
	incident_release(&inc);
	return rc;
}

const struct view_ops view_incidents_ops = {
    .name = "incidents",
    .entity = STORE_INCIDENTS,
    .detail = detail,
};
