/*
 * Enumerations and their names: see include/centinela/model/enums.h.
 * Each enum has one name table; parsing and formatting both read it.
 */
#include "centinela/model/enums.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"

/* Find s in names[0..n) case-insensitively; -1 when absent. */
static int
lookup(const char *const *names, size_t n, const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcasecmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static const char *
name_at(const char *const *names, size_t n, int i)
{
	return i >= 0 && (size_t)i < n && names[i] ? names[i] : "?";
}

void
enum_list(const char *const *names, size_t n, char *out, size_t outsz)
{
	size_t used = 0;

	if (!outsz)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w;

		if (!names[i])
			continue;
		w = snprintf(out + used, outsz - used, "%s%s", used ? ", " : "",
		             names[i]);
		if (w < 0 || (size_t)w >= outsz - used)
			break;
		used += (size_t)w;
	}
}

static const char *const severity_names[] = {
    NULL, "info", "low", "medium", "high", "critical",
};

int
severity_parse(const char *s, enum severity *out)
{
	int i = lookup(severity_names, ARRAY_SIZE(severity_names), s);

	if (i < 0)
		return ERR_INVALID;
	*out = (enum severity)i;
	return 0;
}

const char *
severity_name(int severity)
{
	return name_at(severity_names, ARRAY_SIZE(severity_names), severity);
}

static const char *const tlp_names[] = {
    "clear", "green", "amber", "amber+strict", "red",
};

int
tlp_parse(const char *s, enum tlp *out)
{
	int i = lookup(tlp_names, ARRAY_SIZE(tlp_names), s);

	if (i < 0 && s && strcasecmp(s, "white") == 0)
		i = TLP_CLEAR;
	if (i < 0)
		return ERR_INVALID;
	*out = (enum tlp)i;
	return 0;
}

const char *
tlp_name(int tlp)
{
	return name_at(tlp_names, ARRAY_SIZE(tlp_names), tlp);
}

static const char *const pap_names[] = {"clear", "green", "amber", "red"};

int
pap_parse(const char *s, enum pap *out)
{
	int i = lookup(pap_names, ARRAY_SIZE(pap_names), s);

	if (i < 0 && s && strcasecmp(s, "white") == 0)
		i = PAP_CLEAR;
	if (i < 0)
		return ERR_INVALID;
	*out = (enum pap)i;
	return 0;
}

const char *
pap_name(int pap)
{
	return name_at(pap_names, ARRAY_SIZE(pap_names), pap);
}

static const char *const incident_status_names[] = {
    "new",       "triage",   "in_progress", "waiting",
    "contained", "resolved", "closed",
};

int
incident_status_parse(const char *s, enum incident_status *out)
{
	int i =
	    lookup(incident_status_names, ARRAY_SIZE(incident_status_names), s);

	if (i < 0 && s && strcasecmp(s, "in-progress") == 0)
		i = INCIDENT_IN_PROGRESS;
	if (i < 0)
		return ERR_INVALID;
	*out = (enum incident_status)i;
	return 0;
}

const char *
incident_status_name(int st)
{
	return name_at(incident_status_names, ARRAY_SIZE(incident_status_names),
	               st);
}

bool
incident_status_is_final(enum incident_status st)
{
	return st == INCIDENT_RESOLVED || st == INCIDENT_CLOSED;
}

static const char *const alert_status_names[] = {
    "new",
    "acknowledged",
    "dismissed",
    "promoted",
};

int
alert_status_parse(const char *s, enum alert_status *out)
{
	int i = lookup(alert_status_names, ARRAY_SIZE(alert_status_names), s);

	if (i < 0)
		return ERR_INVALID;
	*out = (enum alert_status)i;
	return 0;
}

const char *
alert_status_name(int st)
{
	return name_at(alert_status_names, ARRAY_SIZE(alert_status_names), st);
}

static const char *const asset_kind_names[] = {
    "ics", "server", "network", "application", "cloud", "workstation", "other",
};

int
asset_kind_parse(const char *s, enum asset_kind *out)
{
	int i = lookup(asset_kind_names, ARRAY_SIZE(asset_kind_names), s);

	if (i < 0)
		return ERR_INVALID;
	*out = (enum asset_kind)i;
	return 0;
}

const char *
asset_kind_name(int k)
{
	return name_at(asset_kind_names, ARRAY_SIZE(asset_kind_names), k);
}

static const char *const local_state_names[] = {"synced", "dirty", "conflict"};

int
local_state_parse(const char *s, enum local_state *out)
{
	int i = lookup(local_state_names, ARRAY_SIZE(local_state_names), s);

	if (i < 0)
		return ERR_INVALID;
	*out = (enum local_state)i;
	return 0;
}

const char *
local_state_name(int st)
{
	return name_at(local_state_names, ARRAY_SIZE(local_state_names), st);
}

static const char *const observable_type_names[] = {
    "ip", "fqdn", "url", "asn", "hash", "email",
};

int
observable_type_parse(const char *s, enum observable_type *out)
{
	int i =
	    lookup(observable_type_names, ARRAY_SIZE(observable_type_names), s);

	if (i < 0)
		return ERR_INVALID;
	*out = (enum observable_type)i;
	return 0;
}

const char *
observable_type_name(int t)
{
	return name_at(observable_type_names, ARRAY_SIZE(observable_type_names),
	               t);
}

/* RSIT: https://github.com/enisaeu/Reference-Security-Incident-Taxonomy-Task-Force */
static const char *const rsit_abusive[] = {"spam", "harmful-speech", "violence",
                                           NULL};
static const char *const rsit_malicious[] = {"infected-system", "c2-server",
                                             "malware-distribution",
                                             "malware-configuration", NULL};
static const char *const rsit_gathering[] = {"scanner", "sniffing",
                                             "social-engineering", NULL};
static const char *const rsit_attempts[] = {"ids-alert", "brute-force",
                                            "exploit", NULL};
static const char *const rsit_intrusions[] = {"privileged-account-compromise",
                                              "unprivileged-account-compromise",
                                              "application-compromise",
                                              "system-compromise",
                                              "burglary",
                                              NULL};
static const char *const rsit_availability[] = {
    "dos", "ddos", "misconfiguration", "sabotage", "outage", NULL};
static const char *const rsit_content[] = {
    "unauthorised-information-access", "unauthorised-information-modification",
    "data-loss", "data-leak", NULL};
static const char *const rsit_fraud[] = {"unauthorised-use-of-resources",
                                         "copyright", "masquerade", "phishing",
                                         NULL};
static const char *const rsit_vulnerable[] = {"weak-crypto",
                                              "ddos-amplifier",
                                              "potentially-unwanted-accessible",
                                              "information-disclosure",
                                              "vulnerable-system",
                                              NULL};
static const char *const rsit_other[] = {"other", "undetermined", NULL};
static const char *const rsit_test[] = {"test", NULL};

static const struct {
	const char *name;         /* class name */
	const char *const *types; /* its types, NULL-terminated */
} rsit_classes[] = {
    {"abusive-content", rsit_abusive},
    {"malicious-code", rsit_malicious},
    {"information-gathering", rsit_gathering},
    {"intrusion-attempts", rsit_attempts},
    {"intrusions", rsit_intrusions},
    {"availability", rsit_availability},
    {"information-content-security", rsit_content},
    {"fraud", rsit_fraud},
    {"vulnerable", rsit_vulnerable},
    {"other", rsit_other},
    {"test", rsit_test},
};

size_t
rsit_class_count(void)
{
	return ARRAY_SIZE(rsit_classes);
}

const char *
rsit_class_at(size_t i)
{
	return i < ARRAY_SIZE(rsit_classes) ? rsit_classes[i].name : NULL;
}

const char *const *
rsit_types(const char *cls)
{
	for (size_t i = 0; cls && i < ARRAY_SIZE(rsit_classes); i++)
		if (strcmp(rsit_classes[i].name, cls) == 0)
			return rsit_classes[i].types;
	return NULL;
}

bool
rsit_class_valid(const char *cls)
{
	return rsit_types(cls) != NULL;
}

bool
rsit_type_valid(const char *cls, const char *type)
{
	const char *const *t = rsit_types(cls);

	for (; t && type && *t; t++)
		if (strcmp(*t, type) == 0)
			return true;
	return false;
}
