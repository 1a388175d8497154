/*
 * The field tables shared by the JSON and CSV writers: one row per exported
 * field, in output order. A field is read from the model struct at its
 * offset and written according to its type; see export.h. Changing a name
 * here changes the published format: update notes/export-fields.md (the man
 * page's source) and the tests with it.
 */
#include "centinela/export/export.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"

/* The writers read enum fields through an int pointer. */
_Static_assert(sizeof(enum incident_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum alert_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum asset_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum local_state) == sizeof(int), "enum size");
_Static_assert(sizeof(enum severity) == sizeof(int), "enum size");
_Static_assert(sizeof(enum tlp) == sizeof(int), "enum size");
_Static_assert(sizeof(enum pap) == sizeof(int), "enum size");

#define F(st, nm, ty, member)                                                  \
	{                                                                      \
		nm, EXPORT_FIELD_##ty, offsetof(struct st, member), NULL,      \
		    false                                                      \
	}
#define FE(st, nm, member, fn)                                                 \
	{                                                                      \
		nm, EXPORT_FIELD_ENUM, offsetof(struct st, member), fn, false  \
	}
#define FD(st, nm, ty, member)                                                 \
	{                                                                      \
		nm, EXPORT_FIELD_##ty, offsetof(struct st, member), NULL, true \
	}
#define META_HEAD(st)                                                          \
	F(st, "source", TEXT, meta.source),                                    \
	    F(st, "remote_id", TEXT, meta.remote_id),                          \
	    F(st, "version", INT64, meta.version),                             \
	    FE(st, "local_state", meta.local_state, local_state_name)
#define META_TAIL(st)                                                          \
	F(st, "created_at", TIME, meta.created_at),                            \
	    F(st, "updated_at", TIME, meta.updated_at)

static const struct export_field incident_fields[] = {
    F(incident, "id", ID, meta.id),
    F(incident, "reference", TEXT, reference),
    META_HEAD(incident),
    F(incident, "title", TEXT, title),
    F(incident, "description", TEXT, description),
    F(incident, "category", TEXT, category),
    F(incident, "category_type", TEXT, category_type),
    FE(incident, "severity", severity, severity_name),
    F(incident, "priority", INT, priority),
    FE(incident, "status", status, incident_status_name),
    FE(incident, "tlp", tlp, tlp_name),
    FE(incident, "pap", pap, pap_name),
    F(incident, "assignee", TEXT, assignee),
    F(incident, "organization_id", ID, organization_id),
    F(incident, "organization", TEXT, organization),
    F(incident, "sector", TEXT, sector),
    F(incident, "opened_at", TIME, opened_at),
    F(incident, "first_response_at", TIME, first_response_at),
    F(incident, "due_at", TIME, due_at),
    F(incident, "closed_at", TIME, closed_at),
    META_TAIL(incident),
    FD(incident, "alerts", STRVEC, alert_ids),
    FD(incident, "assets", STRVEC, asset_ids),
    FD(incident, "notes", NOTES, notes),
};

static const struct export_field alert_fields[] = {
    F(alert, "id", ID, meta.id),
    META_HEAD(alert),
    F(alert, "title", TEXT, title),
    F(alert, "description", TEXT, description),
    FE(alert, "severity", severity, severity_name),
    FE(alert, "tlp", tlp, tlp_name),
    F(alert, "taxonomy_class", TEXT, taxonomy_class),
    F(alert, "taxonomy_type", TEXT, taxonomy_type),
    F(alert, "feed_name", TEXT, feed_name),
    F(alert, "feed_provider", TEXT, feed_provider),
    F(alert, "observed_at", TIME, observed_at),
    F(alert, "received_at", TIME, received_at),
    FE(alert, "status", status, alert_status_name),
    F(alert, "organization_id", ID, organization_id),
    F(alert, "organization", TEXT, organization),
    F(alert, "sector", TEXT, sector),
    F(alert, "asset_id", ID, asset_id),
    F(alert, "asset", TEXT, asset),
    F(alert, "incident_id", ID, incident_id),
    F(alert, "incident_ref", TEXT, incident_ref),
    F(alert, "event_hash", TEXT, event_hash),
    F(alert, "observables", OBSERVABLES, observables),
    META_TAIL(alert),
    FD(alert, "raw_json", TEXT, raw_json),
};

static const struct export_field asset_fields[] = {
    F(asset, "id", ID, meta.id),
    META_HEAD(asset),
    F(asset, "name", TEXT, name),
    F(asset, "organization_id", ID, organization_id),
    F(asset, "organization", TEXT, organization),
    F(asset, "sector", TEXT, sector),
    FE(asset, "kind", kind, asset_kind_name),
    F(asset, "criticality", INT, criticality),
    F(asset, "hostname", TEXT, hostname),
    F(asset, "ip", TEXT, ip),
    F(asset, "location", TEXT, location),
    F(asset, "vendor", TEXT, vendor),
    F(asset, "product", TEXT, product),
    F(asset, "product_version", TEXT, product_version),
    F(asset, "cpes", STRVEC, cpes),
    META_TAIL(asset),
};

static const struct export_field organization_fields[] = {
    F(organization, "id", ID, meta.id),
    META_HEAD(organization),
    F(organization, "name", TEXT, name),
    F(organization, "sector", TEXT, sector),
    F(organization, "region", TEXT, region),
    F(organization, "contact", TEXT, contact),
    F(organization, "abuse_contact", TEXT, abuse_contact),
    F(organization, "open_incidents", INT64, open_incidents),
    META_TAIL(organization),
};

static const struct export_field vulnerability_fields[] = {
    F(vulnerability, "id", ID, meta.id),
    F(vulnerability, "cve_id", TEXT, cve_id),
    META_HEAD(vulnerability),
    F(vulnerability, "vendor", TEXT, vendor),
    F(vulnerability, "product", TEXT, product),
    F(vulnerability, "title", TEXT, title),
    F(vulnerability, "description", TEXT, description),
    F(vulnerability, "cvss_score", SCORE, cvss_score),
    F(vulnerability, "cvss_vector", TEXT, cvss_vector),
    F(vulnerability, "kev", BOOL, is_kev),
    F(vulnerability, "kev_added_at", TIME, kev_added_at),
    F(vulnerability, "kev_due_at", TIME, kev_due_at),
    F(vulnerability, "kev_action", TEXT, kev_action),
    F(vulnerability, "ransomware", BOOL, is_ransomware),
    F(vulnerability, "epss", SCORE, epss),
    F(vulnerability, "epss_percentile", SCORE, epss_percentile),
    F(vulnerability, "published_at", TIME, published_at),
    META_TAIL(vulnerability),
};

static const struct {
	const char *name;                  /* kind name */
	const struct export_field *fields; /* its table */
	size_t n;                          /* entries in fields */
} kinds[EXPORT_KIND_COUNT] = {
    [EXPORT_INCIDENTS] = {"incidents", incident_fields,
                          ARRAY_SIZE(incident_fields)},
    [EXPORT_ALERTS] = {"alerts", alert_fields, ARRAY_SIZE(alert_fields)},
    [EXPORT_ASSETS] = {"assets", asset_fields, ARRAY_SIZE(asset_fields)},
    [EXPORT_ORGANIZATIONS] = {"organizations", organization_fields,
                              ARRAY_SIZE(organization_fields)},
    [EXPORT_VULNERABILITIES] = {"vulnerabilities", vulnerability_fields,
                                ARRAY_SIZE(vulnerability_fields)},
};

const char *
export_kind_name(enum export_kind kind)
{
	return (unsigned)kind < EXPORT_KIND_COUNT ? kinds[kind].name : "?";
}

int
export_kind_parse(const char *s, enum export_kind *out, struct err *e)
{
	for (int k = 0; s && k < EXPORT_KIND_COUNT; k++) {
		if (strcasecmp(s, kinds[k].name) == 0) {
			*out = (enum export_kind)k;
			return 0;
		}
	}
	return err_set(e, ERR_INVALID,
	               "unknown list '%s' (known: incidents, alerts, assets, "
	               "organizations, vulnerabilities)",
	               s ? s : "");
}

const struct export_field *
export_fields(enum export_kind kind, size_t *n)
{
	if ((unsigned)kind >= EXPORT_KIND_COUNT) {
		*n = 0;
		return NULL;
	}
	*n = kinds[kind].n;
	return kinds[kind].fields;
}

int
export_check_stream(FILE *f, const char *format, struct err *e)
{
	if (!ferror(f))
		return 0;
	return err_set(e, ERR_IO, "cannot write %s output: %s", format,
	               strerror(errno ? errno : EIO));
}
