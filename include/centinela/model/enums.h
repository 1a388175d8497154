/*
 * The enumerations of the data model and their names.
 *
 * Ordered scales (severity, TLP, PAP) are stored as integers so that
 * "severity>=high" is a range; open sets (statuses, kinds, RSIT taxonomy)
 * are stored as their canonical lower-case names. Every *_parse accepts the
 * canonical name case-insensitively (plus the aliases noted) and returns 0
 * or ERR_INVALID; every *_name takes the value as an int (so that one
 * const char *(*)(int) can name any of them) and returns a static string,
 * "?" when out of range.
 */
#ifndef CENTINELA_MODEL_ENUMS_H
#define CENTINELA_MODEL_ENUMS_H

#include <stdbool.h>
#include <stddef.h>

enum severity {
	SEVERITY_INFO = 1,
	SEVERITY_LOW = 2,
	SEVERITY_MEDIUM = 3,
	SEVERITY_HIGH = 4,
	SEVERITY_CRITICAL = 5,
};
int severity_parse(const char *s, enum severity *out);
const char *severity_name(int severity); /* "?" when out of range */

/* Traffic Light Protocol 2.0; "white" is accepted for clear. */
enum tlp {
	TLP_CLEAR = 0,
	TLP_GREEN = 1,
	TLP_AMBER = 2,
	TLP_AMBER_STRICT = 3, /* "amber+strict" */
	TLP_RED = 4,
};
int tlp_parse(const char *s, enum tlp *out);
const char *tlp_name(int tlp);

/* Permissible Actions Protocol; "white" is accepted for clear. */
enum pap {
	PAP_CLEAR = 0,
	PAP_GREEN = 1,
	PAP_AMBER = 2,
	PAP_RED = 3,
};
int pap_parse(const char *s, enum pap *out);
const char *pap_name(int pap);

/* Incident status, in workflow order; "in-progress" is an alias. */
enum incident_status {
	INCIDENT_NEW,
	INCIDENT_TRIAGE,
	INCIDENT_IN_PROGRESS,
	INCIDENT_WAITING,
	INCIDENT_CONTAINED,
	INCIDENT_RESOLVED,
	INCIDENT_CLOSED,
	INCIDENT_STATUS_COUNT
};
int incident_status_parse(const char *s, enum incident_status *out);
const char *incident_status_name(int st);
/* True for resolved and closed. */
bool incident_status_is_final(enum incident_status st);

enum alert_status {
	ALERT_NEW,
	ALERT_ACKNOWLEDGED,
	ALERT_DISMISSED,
	ALERT_PROMOTED,
	ALERT_STATUS_COUNT
};
int alert_status_parse(const char *s, enum alert_status *out);
const char *alert_status_name(int st);

enum asset_kind {
	ASSET_ICS,
	ASSET_SERVER,
	ASSET_NETWORK,
	ASSET_APPLICATION,
	ASSET_CLOUD,
	ASSET_WORKSTATION,
	ASSET_OTHER,
	ASSET_KIND_COUNT
};
int asset_kind_parse(const char *s, enum asset_kind *out);
const char *asset_kind_name(int k);

/* Sync state of a row: see DESIGN.md, offline rules. */
enum local_state {
	LOCAL_SYNCED,
	LOCAL_DIRTY,
	LOCAL_CONFLICT,
};
int local_state_parse(const char *s, enum local_state *out);
const char *local_state_name(int st);

enum observable_type {
	OBSERVABLE_IP,
	OBSERVABLE_FQDN,
	OBSERVABLE_URL,
	OBSERVABLE_ASN,
	OBSERVABLE_HASH,
	OBSERVABLE_EMAIL,
	OBSERVABLE_TYPE_COUNT
};
int observable_type_parse(const char *s, enum observable_type *out);
const char *observable_type_name(int t);

/*
 * The Reference Security Incident Taxonomy (RSIT): classes and the types
 * each class allows, canonical lower-case names ("malicious-code",
 * "infected-system").
 */
size_t rsit_class_count(void);
const char *rsit_class_at(size_t i);
bool rsit_class_valid(const char *cls);
/* Types of a class: NULL-terminated static array, NULL for unknown class. */
const char *const *rsit_types(const char *cls);
bool rsit_type_valid(const char *cls, const char *type);

/*
 * Join the names of a table into "a, b, c" for error messages; out gets at
 * most outsz - 1 bytes. Used as: enum_list(names, n, buf, sizeof(buf)).
 */
void enum_list(const char *const *names, size_t n, char *out, size_t outsz);

#endif
