/*
 * A CSAF 2.0 document checked in C: see csaf_check.h.
 *
 * The schema is described as data: each object is a table of its
 * properties (name, JSON type, whether required, the enum or pattern of a
 * string, the object of a member or of an array's items), and one walker
 * checks a value against its table, building the JSON pointer of where it
 * is as it goes down, so that the first problem is named by its path. The
 * tables follow csaf_json_schema.json of CSAF 2.0 (OASIS); what they leave
 * out is said where it is.
 *
 * Then 6.1.1 and 6.1.4: the product ids the product tree defines (full
 * product names in branches, in full_product_names, in relationships)
 * and the group ids of product_groups are gathered, and every reference
 * to one (product_status, scores, remediations, threats, flags, product
 * groups, relationships) must name one of them.
 */
#include "csaf_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/utf8.h"
#include "centinela/feed/feed.h"
#include "internal.h"

enum jtype { J_STRING, J_NUMBER, J_INTEGER, J_BOOL, J_OBJECT, J_ARRAY };

enum {
	REQ = 1 << 0,      /* required */
	NONEMPTY = 1 << 1, /* an array: minItems 1; a string: minLength 1 */
	PAIR = 1 << 2,     /* an array: minItems 2 */
};

struct jobj;

/* What a string must look like beyond its type; NULL: anything. */
typedef bool (*pattern_fn)(const char *s);

struct jprop {
	const char *name;
	enum jtype type;
	unsigned flags;
	enum jtype item;          /* J_ARRAY: the type of each item */
	const struct jobj *obj;   /* J_OBJECT, or J_ARRAY of J_OBJECT */
	const char *const *enums; /* a string (or array item): one of these
	                             (NULL-terminated), NULL: any */
	pattern_fn pattern;       /* a string (or array item) must pass */
	const char *what;         /* the pattern, in messages */
};

struct jobj {
	const struct jprop *props;
	size_t n;
	bool is_open; /* other properties allowed (the CVSS objects) */
	bool is_some; /* minProperties 1 */
};

/* ---- patterns ---- */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* n digits at *p, moved past them. */
static bool
digits(const char **p, int n)
{
	for (int i = 0; i < n; i++, (*p)++)
		if (!is_digit(**p))
			return false;
	return true;
}

/* RFC 3339 date-time (JSON schema "date-time"). */
static bool
is_date_time(const char *s)
{
	const char *p = s;

	if (!digits(&p, 4) || *p++ != '-' || !digits(&p, 2) || *p++ != '-' ||
	    !digits(&p, 2) || (*p != 'T' && *p != 't') || !*p++ ||
	    !digits(&p, 2) || *p++ != ':' || !digits(&p, 2) || *p++ != ':' ||
	    !digits(&p, 2))
		return false;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return false;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		return p[1] == '\0';
	if (*p != '+' && *p != '-')
		return false;
	p++;
	return digits(&p, 2) && *p++ == ':' && digits(&p, 2) && *p == '\0';
}

/* A number without a leading zero, at *p, moved past it. */
static bool
numeric(const char **p)
{
	if (**p == '0') {
		(*p)++;
		return !is_digit(**p);
	}
	if (!is_digit(**p))
		return false;
	while (is_digit(**p))
		(*p)++;
	return true;
}

/* Dot-separated identifiers of [0-9A-Za-z-], none empty, to the end or '+'. */
static bool
identifiers(const char **p, char stop)
{
	for (;;) {
		const char *start = *p;

		while (**p && (is_digit(**p) || (**p >= 'a' && **p <= 'z') ||
		               (**p >= 'A' && **p <= 'Z') || **p == '-'))
			(*p)++;
		if (*p == start)
			return false;
		if (**p != '.')
			return **p == '\0' || **p == stop;
		(*p)++;
	}
}

/* CSAF's version_t: integer versioning, or semantic versioning. */
static bool
is_version(const char *s)
{
	const char *p = s;

	if (!numeric(&p))
		return false;
	if (!*p)
		return true;
	if (*p++ != '.' || !numeric(&p) || *p++ != '.' || !numeric(&p))
		return false;
	if (*p == '-') {
		p++;
		if (!identifiers(&p, '+'))
			return false;
	}
	if (*p == '+') {
		p++;
		if (!identifiers(&p, '\0'))
			return false;
	}
	return *p == '\0';
}

/* No white space at either end (the tracking id, a category). */
static bool
is_trimmed(const char *s)
{
	size_t n = strlen(s);

	return n && !strchr(" \t\r\n\f\v", s[0]) &&
	       !strchr(" \t\r\n\f\v", s[n - 1]);
}

/* document.category: not starting or ending in white space, '-', '_', '.'. */
static bool
is_category(const char *s)
{
	size_t n = strlen(s);

	return is_trimmed(s) && !strchr("-_.", s[0]) &&
	       !strchr("-_.", s[n - 1]);
}

static bool
is_cve(const char *s)
{
	const char *p = s + 4;

	if (strncmp(s, "CVE-", 4) != 0 || !digits(&p, 4) || *p++ != '-' ||
	    !digits(&p, 4))
		return false;
	while (is_digit(*p))
		p++;
	return *p == '\0';
}

static bool
is_cwe(const char *s)
{
	size_t n;

	if (strncmp(s, "CWE-", 4) != 0 || s[4] < '1' || s[4] > '9')
		return false;
	n = strspn(s + 4, "0123456789");
	return n <= 6 && s[4 + n] == '\0';
}

/* A CPE 2.3 formatted string or a 2.2 URI, by its prefix. */
static bool
is_cpe(const char *s)
{
	return strncmp(s, "cpe:2.3:", 8) == 0 ||
	       strncasecmp(s, "cpe:/", 5) == 0;
}

/* A URI: a scheme, then ':' (JSON schema "uri"). */
static bool
is_uri(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while (*p && *p != ':')
		if (!strchr(
		        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		        "0123456789+-.",
		        *p++))
			return false;
	return *p == ':' && !strpbrk(s, " \t\r\n");
}

/* ---- the schema ---- */

#define P(name, type, flags)                                                   \
	{                                                                      \
		name, type, flags, 0, NULL, NULL, NULL, NULL                   \
	}
#define PE(name, flags, enums)                                                 \
	{                                                                      \
		name, J_STRING, flags, 0, NULL, enums, NULL, NULL              \
	}
#define PP(name, flags, fn, what)                                              \
	{                                                                      \
		name, J_STRING, flags, 0, NULL, NULL, fn, what                 \
	}
#define PO(name, flags, obj)                                                   \
	{                                                                      \
		name, J_OBJECT, flags, 0, obj, NULL, NULL, NULL                \
	}
#define PA(name, flags, item)                                                  \
	{                                                                      \
		name, J_ARRAY, flags, item, NULL, NULL, NULL, NULL             \
	}
#define PAO(name, flags, obj)                                                  \
	{                                                                      \
		name, J_ARRAY, flags, J_OBJECT, obj, NULL, NULL, NULL          \
	}
#define PAP(name, flags, fn, what)                                             \
	{                                                                      \
		name, J_ARRAY, flags, J_STRING, NULL, NULL, fn, what           \
	}
#define OBJ(props)                                                             \
	{                                                                      \
		props, ARRAY_SIZE(props), false, false                         \
	}
#define OBJ_SOME(props)                                                        \
	{                                                                      \
		props, ARRAY_SIZE(props), false, true                          \
	}

static const char *const csaf_versions[] = {"2.0", NULL};
static const char *const tlp_labels[] = {"AMBER", "GREEN", "RED", "WHITE",
                                         NULL};
static const char *const publisher_categories[] = {
    "coordinator", "discoverer", "other", "translator", "user", "vendor", NULL};
static const char *const tracking_statuses[] = {"draft", "interim", "final",
                                                NULL};
static const char *const note_categories[] = {
    "description",      "details", "faq",     "general",
    "legal_disclaimer", "other",   "summary", NULL};
static const char *const reference_categories[] = {"external", "self", NULL};
static const char *const branch_categories[] = {"architecture",
                                                "host_name",
                                                "language",
                                                "legacy",
                                                "patch_level",
                                                "product_family",
                                                "product_name",
                                                "product_version",
                                                "product_version_range",
                                                "service_pack",
                                                "specification",
                                                "vendor",
                                                NULL};
static const char *const relationship_categories[] = {
    "default_component_of", "external_component_of", "installed_on",
    "installed_with",       "optional_component_of", NULL};
static const char *const remediation_categories[] = {
    "mitigation", "no_fix_planned", "none_available",
    "vendor_fix", "workaround",     NULL};
static const char *const restart_categories[] = {
    "connected", "dependencies",         "machine", "none", "parent", "service",
    "system",    "vulnerable_component", "zone",    NULL};
static const char *const threat_categories[] = {"exploit_status", "impact",
                                                "target_set", NULL};
static const char *const flag_labels[] = {
    "component_not_present",
    "inline_mitigations_already_exist",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_not_present",
    NULL};
static const char *const involvement_parties[] = {
    "coordinator", "discoverer", "other", "user", "vendor", NULL};
static const char *const involvement_statuses[] = {
    "completed",   "contact_attempted", "disputed",
    "in_progress", "not_contacted",     "open",
    NULL};
static const char *const cvss3_versions[] = {"3.0", "3.1", NULL};
static const char *const cvss2_versions[] = {"2.0", NULL};
static const char *const cvss_severities[] = {"NONE", "LOW",      "MEDIUM",
                                              "HIGH", "CRITICAL", NULL};

static const struct jprop note_props[] = {
    P("audience", J_STRING, NONEMPTY),
    PE("category", REQ, note_categories),
    P("text", J_STRING, REQ | NONEMPTY),
    P("title", J_STRING, NONEMPTY),
};
static const struct jobj note_obj = OBJ(note_props);

static const struct jprop reference_props[] = {
    PE("category", 0, reference_categories),
    P("summary", J_STRING, REQ | NONEMPTY),
    PP("url", REQ, is_uri, "a URI"),
};
static const struct jobj reference_obj = OBJ(reference_props);

static const struct jprop ack_props[] = {
    PA("names", NONEMPTY, J_STRING),
    P("organization", J_STRING, NONEMPTY),
    P("summary", J_STRING, NONEMPTY),
    PAP("urls", NONEMPTY, is_uri, "a URI"),
};
static const struct jobj ack_obj = OBJ_SOME(ack_props);

static const struct jprop severity_props[] = {
    PP("namespace", 0, is_uri, "a URI"),
    P("text", J_STRING, REQ | NONEMPTY),
};
static const struct jobj severity_obj = OBJ(severity_props);

static const struct jprop tlp_props[] = {
    PE("label", REQ, tlp_labels),
    PP("url", 0, is_uri, "a URI"),
};
static const struct jobj tlp_obj = OBJ(tlp_props);

static const struct jprop distribution_props[] = {
    P("text", J_STRING, NONEMPTY),
    PO("tlp", 0, &tlp_obj),
};
static const struct jobj distribution_obj = OBJ_SOME(distribution_props);

static const struct jprop publisher_props[] = {
    PE("category", REQ, publisher_categories),
    P("contact_details", J_STRING, NONEMPTY),
    P("issuing_authority", J_STRING, NONEMPTY),
    P("name", J_STRING, REQ | NONEMPTY),
    PP("namespace", REQ, is_uri, "a URI"),
};
static const struct jobj publisher_obj = OBJ(publisher_props);

static const struct jprop engine_props[] = {
    P("name", J_STRING, REQ | NONEMPTY),
    P("version", J_STRING, NONEMPTY),
};
static const struct jobj engine_obj = OBJ(engine_props);

static const struct jprop generator_props[] = {
    PP("date", 0, is_date_time, "a date-time"),
    PO("engine", REQ, &engine_obj),
};
static const struct jobj generator_obj = OBJ(generator_props);

static const struct jprop revision_props[] = {
    PP("date", REQ, is_date_time, "a date-time"),
    P("legacy_version", J_STRING, NONEMPTY),
    PP("number", REQ, is_version, "a version (integer or semantic)"),
    P("summary", J_STRING, REQ | NONEMPTY),
};
static const struct jobj revision_obj = OBJ(revision_props);

static const struct jprop tracking_props[] = {
    PA("aliases", NONEMPTY, J_STRING),
    PP("current_release_date", REQ, is_date_time, "a date-time"),
    PO("generator", 0, &generator_obj),
    PP("id", REQ, is_trimmed, "an id without white space at its ends"),
    PP("initial_release_date", REQ, is_date_time, "a date-time"),
    PAO("revision_history", REQ | NONEMPTY, &revision_obj),
    PE("status", REQ, tracking_statuses),
    PP("version", REQ, is_version, "a version (integer or semantic)"),
};
static const struct jobj tracking_obj = OBJ(tracking_props);

static const struct jprop document_props[] = {
    PAO("acknowledgments", NONEMPTY, &ack_obj),
    PO("aggregate_severity", 0, &severity_obj),
    PP("category", REQ, is_category,
       "a category without white space, '-', '_' or '.' at its ends"),
    PE("csaf_version", REQ, csaf_versions),
    PO("distribution", 0, &distribution_obj),
    P("lang", J_STRING, NONEMPTY),
    PAO("notes", NONEMPTY, &note_obj),
    PO("publisher", REQ, &publisher_obj),
    PAO("references", NONEMPTY, &reference_obj),
    P("source_lang", J_STRING, NONEMPTY),
    P("title", J_STRING, REQ | NONEMPTY),
    PO("tracking", REQ, &tracking_obj),
};
static const struct jobj document_obj = OBJ(document_props);

/* hashes: [{file_hashes: [{algorithm, value}], filename}] */
static const struct jprop file_hash_props[] = {
    P("algorithm", J_STRING, REQ | NONEMPTY),
    P("value", J_STRING, REQ | NONEMPTY),
};
static const struct jobj file_hash_obj = OBJ(file_hash_props);
static const struct jprop hash_props[] = {
    PAO("file_hashes", REQ | NONEMPTY, &file_hash_obj),
    P("filename", J_STRING, REQ | NONEMPTY),
};
static const struct jobj hash_obj = OBJ(hash_props);
static const struct jprop generic_uri_props[] = {
    PP("namespace", REQ, is_uri, "a URI"),
    PP("uri", REQ, is_uri, "a URI"),
};
static const struct jobj generic_uri_obj = OBJ(generic_uri_props);

static const struct jprop helper_props[] = {
    PP("cpe", 0, is_cpe, "a CPE name (cpe:2.3:... or cpe:/...)"),
    PAO("hashes", NONEMPTY, &hash_obj),
    PA("model_numbers", NONEMPTY, J_STRING),
    PP("purl", 0, is_uri, "a package URL (pkg:...)"),
    PAP("sbom_urls", NONEMPTY, is_uri, "a URI"),
    PA("serial_numbers", NONEMPTY, J_STRING),
    PA("skus", NONEMPTY, J_STRING),
    PAO("x_generic_uris", NONEMPTY, &generic_uri_obj),
};
static const struct jobj helper_obj = OBJ_SOME(helper_props);

static const struct jprop full_product_props[] = {
    P("name", J_STRING, REQ | NONEMPTY),
    P("product_id", J_STRING, REQ | NONEMPTY),
    PO("product_identification_helper", 0, &helper_obj),
};
static const struct jobj full_product_obj = OBJ(full_product_props);

static const struct jobj branch_obj;
static const struct jprop branch_props[] = {
    PAO("branches", NONEMPTY, &branch_obj),
    PE("category", REQ, branch_categories),
    P("name", J_STRING, REQ | NONEMPTY),
    PO("product", 0, &full_product_obj),
};
static const struct jobj branch_obj = OBJ(branch_props);

static const struct jprop group_props[] = {
    P("group_id", J_STRING, REQ | NONEMPTY),
    PA("product_ids", REQ | PAIR, J_STRING),
    P("summary", J_STRING, NONEMPTY),
};
static const struct jobj group_obj = OBJ(group_props);

static const struct jprop relationship_props[] = {
    PE("category", REQ, relationship_categories),
    PO("full_product_name", REQ, &full_product_obj),
    P("product_reference", J_STRING, REQ | NONEMPTY),
    P("relates_to_product_reference", J_STRING, REQ | NONEMPTY),
};
static const struct jobj relationship_obj = OBJ(relationship_props);

static const struct jprop product_tree_props[] = {
    PAO("branches", NONEMPTY, &branch_obj),
    PAO("full_product_names", NONEMPTY, &full_product_obj),
    PAO("product_groups", NONEMPTY, &group_obj),
    PAO("relationships", NONEMPTY, &relationship_obj),
};
static const struct jobj product_tree_obj = OBJ_SOME(product_tree_props);

static const struct jprop cwe_props[] = {
    PP("id", REQ, is_cwe, "a CWE id (CWE-N)"),
    P("name", J_STRING, REQ | NONEMPTY),
};
static const struct jobj cwe_obj = OBJ(cwe_props);

static const struct jprop flag_props[] = {
    PP("date", 0, is_date_time, "a date-time"),
    PA("group_ids", NONEMPTY, J_STRING),
    PE("label", REQ, flag_labels),
    PA("product_ids", NONEMPTY, J_STRING),
};
static const struct jobj flag_obj = OBJ(flag_props);

static const struct jprop id_props[] = {
    P("system_name", J_STRING, REQ | NONEMPTY),
    P("text", J_STRING, REQ | NONEMPTY),
};
static const struct jobj id_obj = OBJ(id_props);

static const struct jprop involvement_props[] = {
    PP("date", 0, is_date_time, "a date-time"),
    PE("party", REQ, involvement_parties),
    PE("status", REQ, involvement_statuses),
    P("summary", J_STRING, NONEMPTY),
};
static const struct jobj involvement_obj = OBJ(involvement_props);

static const struct jprop product_status_props[] = {
    PA("first_affected", NONEMPTY, J_STRING),
    PA("first_fixed", NONEMPTY, J_STRING),
    PA("fixed", NONEMPTY, J_STRING),
    PA("known_affected", NONEMPTY, J_STRING),
    PA("known_not_affected", NONEMPTY, J_STRING),
    PA("last_affected", NONEMPTY, J_STRING),
    PA("recommended", NONEMPTY, J_STRING),
    PA("under_investigation", NONEMPTY, J_STRING),
};
static const struct jobj product_status_obj = OBJ_SOME(product_status_props);

static const struct jprop restart_props[] = {
    PE("category", REQ, restart_categories),
    P("details", J_STRING, NONEMPTY),
};
static const struct jobj restart_obj = OBJ(restart_props);

static const struct jprop remediation_props[] = {
    PE("category", REQ, remediation_categories),
    PP("date", 0, is_date_time, "a date-time"),
    P("details", J_STRING, REQ | NONEMPTY),
    PA("entitlements", NONEMPTY, J_STRING),
    PA("group_ids", NONEMPTY, J_STRING),
    PA("product_ids", NONEMPTY, J_STRING),
    PO("restart_required", 0, &restart_obj),
    PP("url", 0, is_uri, "a URI"),
};
static const struct jobj remediation_obj = OBJ(remediation_props);

/* The CVSS objects follow FIRST's schemas; their key members are checked. */
static const struct jprop cvss3_props[] = {
    P("baseScore", J_NUMBER, REQ),
    PE("baseSeverity", REQ, cvss_severities),
    P("vectorString", J_STRING, REQ | NONEMPTY),
    PE("version", REQ, cvss3_versions),
};
static const struct jobj cvss3_obj = {cvss3_props, ARRAY_SIZE(cvss3_props),
                                      true, false};
static const struct jprop cvss2_props[] = {
    P("baseScore", J_NUMBER, REQ),
    P("vectorString", J_STRING, REQ | NONEMPTY),
    PE("version", REQ, cvss2_versions),
};
static const struct jobj cvss2_obj = {cvss2_props, ARRAY_SIZE(cvss2_props),
                                      true, false};

static const struct jprop score_props[] = {
    PO("cvss_v2", 0, &cvss2_obj),
    PO("cvss_v3", 0, &cvss3_obj),
    PA("products", REQ | NONEMPTY, J_STRING),
};
static const struct jobj score_obj = OBJ(score_props);

static const struct jprop threat_props[] = {
    PE("category", REQ, threat_categories),
    PP("date", 0, is_date_time, "a date-time"),
    P("details", J_STRING, REQ | NONEMPTY),
    PA("group_ids", NONEMPTY, J_STRING),
    PA("product_ids", NONEMPTY, J_STRING),
};
static const struct jobj threat_obj = OBJ(threat_props);

static const struct jprop vulnerability_props[] = {
    PAO("acknowledgments", NONEMPTY, &ack_obj),
    PP("cve", 0, is_cve, "a CVE id (CVE-YYYY-NNNN)"),
    PO("cwe", 0, &cwe_obj),
    PP("discovery_date", 0, is_date_time, "a date-time"),
    PAO("flags", NONEMPTY, &flag_obj),
    PAO("ids", NONEMPTY, &id_obj),
    PAO("involvements", NONEMPTY, &involvement_obj),
    PAO("notes", NONEMPTY, &note_obj),
    PO("product_status", 0, &product_status_obj),
    PAO("references", NONEMPTY, &reference_obj),
    PP("release_date", 0, is_date_time, "a date-time"),
    PAO("remediations", NONEMPTY, &remediation_obj),
    PAO("scores", NONEMPTY, &score_obj),
    PAO("threats", NONEMPTY, &threat_obj),
    P("title", J_STRING, NONEMPTY),
};
static const struct jobj vulnerability_obj = OBJ(vulnerability_props);

static const struct jprop root_props[] = {
    P("$schema", J_STRING, NONEMPTY),
    PO("document", REQ, &document_obj),
    PO("product_tree", 0, &product_tree_obj),
    PAO("vulnerabilities", NONEMPTY, &vulnerability_obj),
};
static const struct jobj root_obj = OBJ(root_props);

/* ---- the walker ---- */

struct walk {
	struct strbuf path; /* JSON pointer of the value checked */
	struct err *e;
};

/* Append one reference token to the pointer, escaped (RFC 6901). */
static void
path_push_key(struct strbuf *p, const char *key)
{
	strbuf_addch(p, '/');
	for (; *key; key++) {
		if (*key == '~')
			strbuf_adds(p, "~0");
		else if (*key == '/')
			strbuf_adds(p, "~1");
		else
			strbuf_addch(p, *key);
	}
}

static int __attribute__((format(printf, 2, 3)))
fail(struct walk *w, const char *fmt, ...)
{
	struct strbuf msg;
	va_list ap;
	int rc;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	rc = err_set(w->e, ERR_INVALID, "not CSAF 2.0 at %s: %s",
	             w->path.len ? w->path.buf : "/", msg.buf);
	strbuf_release(&msg);
	return rc;
}

/* The value v, quoted and cut for a message, into sb. */
static const char *
shown(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	strbuf_reset(sb);
	strbuf_addch(sb, '\'');
	if (n > 60) {
		n = 60;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		strbuf_add(sb, s, n);
		strbuf_adds(sb, "...");
	} else {
		strbuf_add(sb, s, n);
	}
	strbuf_addch(sb, '\'');
	return sb->buf;
}

static const char *
type_name(enum jtype t)
{
	static const char *const names[] = {"a string",   "a number",
	                                    "an integer", "a boolean",
	                                    "an object",  "an array"};

	return names[t];
}

static bool
type_ok(const json_t *v, enum jtype t)
{
	switch (t) {
	case J_STRING:
		return json_is_string(v);
	case J_NUMBER:
		return json_is_number(v);
	case J_INTEGER:
		return json_is_integer(v);
	case J_BOOL:
		return json_is_boolean(v);
	case J_OBJECT:
		return json_is_object(v);
	case J_ARRAY:
		return json_is_array(v);
	}
	return false;
}

static int check_object(struct walk *w, json_t *v, const struct jobj *o);

/* A string of property p: UTF-8, its length, enum and pattern. */
static int
check_string(struct walk *w, json_t *v, const struct jprop *p)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	struct strbuf sb;
	int rc = 0;

	if (strlen(s) != len || !utf8_valid(s, len))
		return fail(w, "a string that is not valid UTF-8 text");
	if (!len && ((p->flags & NONEMPTY) || p->enums || p->pattern))
		return fail(w, "an empty string");
	strbuf_init(&sb);
	if (p->enums) {
		bool is_known = false;

		for (size_t i = 0; p->enums[i] && !is_known; i++)
			is_known = strcmp(p->enums[i], s) == 0;
		if (!is_known) {
			struct strbuf known;

			strbuf_init(&known);
			for (size_t i = 0; p->enums[i]; i++)
				strbuf_addf(&known, "%s%s", i ? ", " : "",
				            p->enums[i]);
			rc = fail(w, "%s is not one of %s", shown(&sb, s),
			          known.buf);
			strbuf_release(&known);
		}
	} else if (p->pattern && !p->pattern(s)) {
		rc = fail(w, "%s is not %s", shown(&sb, s), p->what);
	}
	strbuf_release(&sb);
	return rc;
}

/* Value v of property p (at w->path). */
static int
check_value(struct walk *w, json_t *v, const struct jprop *p, enum jtype type)
{
	size_t n, i, at;
	json_t *x;
	int rc;

	if (!type_ok(v, type))
		return fail(w, "%s, not %s", feed_json_kind(v),
		            type_name(type));
	switch (type) {
	case J_STRING:
		return check_string(w, v, p);
	case J_OBJECT:
		return p->obj ? check_object(w, v, p->obj) : 0;
	case J_ARRAY:
		n = json_array_size(v);
		if ((p->flags & NONEMPTY) && n < 1)
			return fail(w, "an empty array (at least one item)");
		if ((p->flags & PAIR) && n < 2)
			return fail(w, "%zu item%s (at least two)", n,
			            n == 1 ? "" : "s");
		at = w->path.len;
		json_array_foreach(v, i, x)
		{
			strbuf_addf(&w->path, "/%zu", i);
			rc = check_value(w, x, p, p->item);
			strbuf_setlen(&w->path, at);
			if (rc)
				return rc;
		}
		return 0;
	default:
		return 0;
	}
}

static int
check_object(struct walk *w, json_t *v, const struct jobj *o)
{
	size_t at = w->path.len;
	const char *key;
	json_t *x;
	int rc;

	if (o->is_some && json_object_size(v) == 0)
		return fail(w, "an empty object (at least one property)");
	/* required first, in the schema's order: the message names the
	 * object that lacks it */
	for (size_t i = 0; i < o->n; i++)
		if ((o->props[i].flags & REQ) &&
		    !json_object_get(v, o->props[i].name))
			return fail(w, "missing required property '%s'",
			            o->props[i].name);
	json_object_foreach(v, key, x)
	{
		const struct jprop *p = NULL;

		for (size_t i = 0; i < o->n && !p; i++)
			if (strcmp(o->props[i].name, key) == 0)
				p = &o->props[i];
		path_push_key(&w->path, key);
		if (!p)
			rc = o->is_open ? 0 : fail(w, "unknown property");
		else
			rc = check_value(w, x, p, p->type);
		strbuf_setlen(&w->path, at);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- 6.1.1 and 6.1.4: the ids referenced are defined ---- */

struct ids {
	struct strvec products; /* product ids defined */
	struct strvec groups;   /* group ids defined */
};

static void
define_product(struct ids *ids, json_t *full_product_name)
{
	const char *id =
	    json_string_value(json_object_get(full_product_name, "product_id"));

	if (id)
		strvec_push(&ids->products, id);
}

static void
define_branches(struct ids *ids, json_t *branches)
{
	size_t i;
	json_t *b;

	json_array_foreach(branches, i, b)
	{
		json_t *product = json_object_get(b, "product");

		if (product)
			define_product(ids, product);
		define_branches(ids, json_object_get(b, "branches"));
	}
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether id is in defined (sorted: a tree may define thousands). */
static bool
is_defined(const struct strvec *defined, const char *id)
{
	return defined->n && bsearch(&id, defined->v, defined->n,
	                             sizeof(*defined->v), cmp_id) != NULL;
}

/* The ids of arr (at w->path + "/" + member) must be in defined. */
static int
list_defined(struct walk *w, json_t *arr, const char *member,
             const struct strvec *defined, const char *what, const char *test)
{
	json_t *x;
	size_t at = w->path.len, i;
	struct strbuf sb;
	int rc = 0;

	strbuf_init(&sb);
	json_array_foreach(arr, i, x)
	{
		const char *id = json_string_value(x);

		if (!id || is_defined(defined, id))
			continue;
		path_push_key(&w->path, member);
		strbuf_addf(&w->path, "/%zu", i);
		rc = fail(w, "%s %s is not defined in the product tree (%s)",
		          what, shown(&sb, id), test);
		break;
	}
	strbuf_setlen(&w->path, at);
	strbuf_release(&sb);
	return rc;
}

/* The ids of the array member of obj must be in defined. */
static int
refs_defined(struct walk *w, json_t *obj, const char *member,
             const struct strvec *defined, const char *what, const char *test)
{
	return list_defined(w, json_object_get(obj, member), member, defined,
	                    what, test);
}

/* One string member of obj, a product reference. */
static int
ref_defined(struct walk *w, json_t *obj, const char *member,
            const struct strvec *defined)
{
	const char *id = json_string_value(json_object_get(obj, member));
	size_t at = w->path.len;
	struct strbuf sb;
	int rc = 0;

	if (!id || is_defined(defined, id))
		return 0;
	strbuf_init(&sb);
	path_push_key(&w->path, member);
	rc = fail(w, "product id %s is not defined in the product tree (6.1.1)",
	          shown(&sb, id));
	strbuf_setlen(&w->path, at);
	strbuf_release(&sb);
	return rc;
}

/* Each item of array member of parent, at its path, with its refs. */
static int
each_refs(struct walk *w, json_t *parent, const char *member,
          const struct ids *ids)
{
	static const char *const product_lists[] = {"product_ids", "products"};
	size_t at = w->path.len, i;
	json_t *x;
	int rc = 0;

	json_array_foreach(json_object_get(parent, member), i, x)
	{
		path_push_key(&w->path, member);
		strbuf_addf(&w->path, "/%zu", i);
		for (size_t k = 0; !rc && k < ARRAY_SIZE(product_lists); k++)
			rc =
			    refs_defined(w, x, product_lists[k], &ids->products,
			                 "product id", "6.1.1");
		if (!rc)
			rc = refs_defined(w, x, "group_ids", &ids->groups,
			                  "group id", "6.1.4");
		strbuf_setlen(&w->path, at);
		if (rc)
			break;
	}
	return rc;
}

static int
check_references(struct walk *w, json_t *root)
{
	json_t *tree = json_object_get(root, "product_tree"), *x, *v;
	size_t i;
	struct ids ids;
	int rc = 0;

	strvec_init(&ids.products);
	strvec_init(&ids.groups);
	define_branches(&ids, json_object_get(tree, "branches"));
	json_array_foreach(json_object_get(tree, "full_product_names"), i, x)
	{
		define_product(&ids, x);
	}
	json_array_foreach(json_object_get(tree, "relationships"), i, x)
	{
		define_product(&ids, json_object_get(x, "full_product_name"));
	}
	json_array_foreach(json_object_get(tree, "product_groups"), i, x)
	{
		const char *id =
		    json_string_value(json_object_get(x, "group_id"));

		if (id)
			strvec_push(&ids.groups, id);
	}
	if (ids.products.n)
		qsort(ids.products.v, ids.products.n, sizeof(*ids.products.v),
		      cmp_id);
	if (ids.groups.n)
		qsort(ids.groups.v, ids.groups.n, sizeof(*ids.groups.v),
		      cmp_id);
	strbuf_setlen(&w->path, 0);
	path_push_key(&w->path, "product_tree");
	rc = each_refs(w, tree, "product_groups", &ids);
	json_array_foreach(json_object_get(tree, "relationships"), i, x)
	{
		size_t at = w->path.len;

		if (rc)
			break;
		strbuf_addf(&w->path, "/relationships/%zu", i);
		rc = ref_defined(w, x, "product_reference", &ids.products);
		if (!rc)
			rc = ref_defined(w, x, "relates_to_product_reference",
			                 &ids.products);
		strbuf_setlen(&w->path, at);
	}
	json_array_foreach(json_object_get(root, "vulnerabilities"), i, v)
	{
		json_t *status = json_object_get(v, "product_status");
		const char *key;

		if (rc)
			break;
		strbuf_setlen(&w->path, 0);
		strbuf_addf(&w->path, "/vulnerabilities/%zu", i);
		path_push_key(&w->path, "product_status");
		json_object_foreach(status, key, x)
		{
			if ((rc = list_defined(w, x, key, &ids.products,
			                       "product id", "6.1.1")))
				break;
		}
		strbuf_setlen(&w->path,
		              w->path.len - strlen("/product_status"));
		if (!rc)
			rc = each_refs(w, v, "scores", &ids);
		if (!rc)
			rc = each_refs(w, v, "remediations", &ids);
		if (!rc)
			rc = each_refs(w, v, "threats", &ids);
		if (!rc)
			rc = each_refs(w, v, "flags", &ids);
	}
	strvec_release(&ids.products);
	strvec_release(&ids.groups);
	return rc;
}

int
csaf_check(json_t *root, struct err *e)
{
	struct walk w;
	int rc;

	strbuf_init(&w.path);
	w.e = e;
	if (!json_is_object(root))
		rc = fail(&w, "%s, not an object", feed_json_kind(root));
	else
		rc = check_object(&w, root, &root_obj);
	if (!rc)
		rc = check_references(&w, root);
	strbuf_release(&w.path);
	return rc;
}
