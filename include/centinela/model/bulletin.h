/*
 * A security bulletin (advisory) the CSIRT publishes to its constituents,
 * shaped after a CSAF 2.0 document: tracking (reference, status, revision
 * history), distribution (TLP 2.0), the CVEs it covers with the status of
 * each affected product, remediations, references, notes and
 * acknowledgments, and who wrote and reviewed it.
 *
 * Status follows CSAF: draft -> interim -> final (draft -> final too).
 * A final bulletin does not change; `revise` opens a new revision
 * (number + 1, status interim) in which it may change again, and going
 * final again needs a new review when reviews are required.
 *
 * The rules below are pure: the store reads and writes the rows, the app
 * layer runs the edits.
 */
#ifndef CENTINELA_MODEL_BULLETIN_H
#define CENTINELA_MODEL_BULLETIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strvec.h"
#include "centinela/model/record.h"
#include "centinela/model/version.h"

struct err;
struct recipient_list;

/* document.tracking.status */
enum bulletin_status {
	BULLETIN_DRAFT,
	BULLETIN_INTERIM,
	BULLETIN_FINAL,
};
#define BULLETIN_STATUS_COUNT 3

/* document.category */
enum bulletin_category {
	BULLETIN_SECURITY_ADVISORY, /* csaf_security_advisory */
	BULLETIN_INFORMATIONAL,     /* csaf_informational_advisory */
	BULLETIN_VEX,               /* csaf_vex */
};
#define BULLETIN_CATEGORY_COUNT 3

/* A product's status for one CVE (vulnerabilities[].product_status). */
enum bulletin_product_state {
	BULLETIN_KNOWN_AFFECTED,
	BULLETIN_FIXED,
	BULLETIN_KNOWN_NOT_AFFECTED,
	BULLETIN_UNDER_INVESTIGATION,
};
#define BULLETIN_PRODUCT_STATE_COUNT 4

/*
 * vulnerabilities[].remediations[].category: the first three are written
 * here, the last two only read from vendors' documents (import csaf).
 */
enum bulletin_remediation_kind {
	BULLETIN_VENDOR_FIX,
	BULLETIN_WORKAROUND,
	BULLETIN_MITIGATION,
	BULLETIN_NONE_AVAILABLE,
	BULLETIN_NO_FIX_PLANNED,
};
#define BULLETIN_REMEDIATION_COUNT 5
/* The kinds an analyst's bulletin takes (vendor_fix .. mitigation). */
#define BULLETIN_REMEDIATION_WRITTEN 3

/*
 * document.notes[].category: the first three are written here, the others
 * only read from vendors' documents (import csaf).
 */
enum bulletin_note_kind {
	BULLETIN_NOTE_SUMMARY,
	BULLETIN_NOTE_DESCRIPTION,
	BULLETIN_NOTE_GENERAL,
	BULLETIN_NOTE_DETAILS,
	BULLETIN_NOTE_FAQ,
	BULLETIN_NOTE_LEGAL_DISCLAIMER,
	BULLETIN_NOTE_OTHER,
};
#define BULLETIN_NOTE_COUNT 7
/* The kinds an analyst's bulletin takes (summary .. general). */
#define BULLETIN_NOTE_WRITTEN 3

/* One entry of the revision history. */
struct bulletin_revision {
	int64_t number; /* 1, 2, ... (integer versioning) */
	int64_t date;   /* Unix seconds */
	char *summary;  /* what changed (owned) */
};

/* A CVE the bulletin covers, with what the cache knows of it. */
struct bulletin_cve {
	char *cve_id;       /* CVE-YYYY-NNNN (owned) */
	char *title;        /* from the cache (owned, may be NULL) */
	double cvss_score;  /* primary CVSS v3 base score, -1: none */
	char *cvss_vector;  /* its vector string (owned, may be NULL) */
	char *cvss_version; /* "3.1", "3.0" (owned, may be NULL) */
	struct strvec cwes; /* CWE-NNN ids of the cache */
};

/* A product of the product tree. */
struct bulletin_product {
	char *product_id;    /* "CSAFPID-0001" (owned) */
	char *vendor;        /* (owned) */
	char *product;       /* (owned) */
	char *version_range; /* "<2.4.1", "vers:generic/>=1.0|<1.2" (owned) */
	char *cpe;           /* CPE 2.3 name (owned, may be NULL) */
	char *purl;          /* package URL (owned, may be NULL) */
};

/* The status of one product for one CVE. */
struct bulletin_status_entry {
	char *cve_id;                      /* (owned) */
	char *product_id;                  /* (owned) */
	enum bulletin_product_state state; /* which list it belongs to */
	char *justification; /* known_not_affected: a CSAF flag label (owned) */
};

struct bulletin_remediation {
	char *cve_id;                        /* (owned) */
	enum bulletin_remediation_kind kind; /* vendor_fix ... */
	char *details;                       /* (owned) */
	char *url;                           /* (owned, may be NULL) */
};

struct bulletin_link {
	char *url;     /* (owned) */
	char *summary; /* (owned) */
};

struct bulletin_note {
	enum bulletin_note_kind kind; /* summary, description, general */
	char *text;                   /* Markdown allowed (owned) */
};

struct bulletin_ack {
	char *name;         /* person (owned, may be NULL) */
	char *organization; /* (owned, may be NULL) */
	char *summary;      /* what for (owned, may be NULL) */
};

struct bulletin {
	struct record_meta meta; /* identity and sync state */
	char *reference;         /* e.g. "MX-SA-2026-0007" (owned) */
	char *title;             /* (owned) */
	char *summary;           /* the summary note (owned, may be NULL) */
	char *body;              /* the description note (owned, may be NULL) */
	enum tlp tlp;            /* sharing limit, TLP 2.0 */
	enum severity severity;  /* aggregate severity */
	enum bulletin_status status;     /* draft, interim, final */
	enum bulletin_category category; /* CSAF document category */
	char *author;                    /* analyst who created it (owned) */
	char *reviewer;              /* analyst who reviewed it (owned, NULL) */
	int64_t reviewed_at;         /* when, 0: not reviewed */
	int64_t published_at;        /* first time it went final, 0: never */
	struct strvec cve_ids;       /* CVEs it covers */
	struct strvec sectors;       /* sector codes it targets */
	struct strvec organizations; /* names of organizations it targets */
	/* read by store_bulletin_get for the CVEs (not written back) */
	struct bulletin_cve *cves;
	size_t n_cves;
	struct bulletin_revision *revisions; /* ascending numbers */
	size_t n_revisions;
	struct bulletin_product *products;
	size_t n_products;
	struct bulletin_status_entry *statuses;
	size_t n_statuses;
	struct bulletin_remediation *remediations;
	size_t n_remediations;
	struct bulletin_link *links; /* references */
	size_t n_links;
	struct bulletin_note *notes; /* general notes (summary and
	                                description are fields) */
	size_t n_notes;
	struct bulletin_ack *acks;
	size_t n_acks;
	/* who should receive it (model/recipient.h), read for its page by
	   store_bulletin_recipients_load; NULL otherwise (owned) */
	struct recipient_list *recipients;
	/*
	 * A vendor's CSAF document (import csaf): its tracking.version and
	 * current_release_date (Unix s), which tell a newer revision. NULL
	 * and 0 for the CSIRT's own bulletins.
	 */
	char *tracking_version; /* (owned, may be NULL) */
	int64_t tracking_date;
};

void bulletin_init(struct bulletin *b);
void bulletin_release(struct bulletin *b);

/* Names as CSAF spells them; "?" out of range. Parse: 0 or ERR_INVALID. */
const char *bulletin_status_name(int st);
int bulletin_status_parse(const char *s, enum bulletin_status *out);
const char *bulletin_category_name(int c);
int bulletin_category_parse(const char *s, enum bulletin_category *out);
const char *bulletin_product_state_name(int st);
int bulletin_product_state_parse(const char *s,
                                 enum bulletin_product_state *out);
const char *bulletin_remediation_name(int k);
int bulletin_remediation_parse(const char *s,
                               enum bulletin_remediation_kind *out);
const char *bulletin_note_name(int k);
int bulletin_note_parse(const char *s, enum bulletin_note_kind *out);
/* "Critical", "High", ...: the aggregate severity's text. */
const char *bulletin_severity_text(enum severity sev);

/*
 * Whether justification is one of CSAF's flag labels
 * (component_not_present, vulnerable_code_not_present, ...).
 */
bool bulletin_justification_valid(const char *justification);

/*
 * Whether a bulletin may move from to to: draft -> interim|final,
 * interim -> final, and a status to itself. ERR_INVALID with a message
 * naming ref and the moves allowed otherwise.
 */
int bulletin_status_check(const char *ref, enum bulletin_status from,
                          enum bulletin_status to, struct err *e);

/* ERR_INVALID when b is final (changes go through `revise`). */
int bulletin_check_editable(const struct bulletin *b, struct err *e);

/*
 * "PREFIX-SA-YYYY-NNNN" for number n (owned), and whether ref has that
 * shape (prefix 2 to 8 upper-case letters, four digits or more after the
 * year).
 */
char *bulletin_reference_format(const char *prefix, int year, int64_t n);
bool bulletin_reference_valid(const char *ref);

/*
 * Check the revision history of b: numbers 1, 2, ... without a gap
 * (CSAF 6.1.21), dates not decreasing in number order (6.1.14). 0 or
 * ERR_INVALID naming the first problem.
 */
int bulletin_revisions_check(const struct bulletin *b, struct err *e);

/* The latest revision's number (the document version), 0 when none. */
int64_t bulletin_version(const struct bulletin *b);

/*
 * The product of b with id product_id, or the index where a product
 * with that CPE or PURL (when given) or that vendor, product and range
 * is; -1 when none.
 */
long bulletin_product_find(const struct bulletin *b, const char *product_id);
long bulletin_product_match(const struct bulletin *b,
                            const struct bulletin_product *p);

/*
 * Validate the whole of b as it would be written: reference, title,
 * enums in range, CVE ids, products with an id and a CPE, PURL or
 * vendor and product, statuses naming listed CVEs and products, one
 * status per CVE and product (6.1.6), a justification exactly for
 * known_not_affected, remediations naming listed CVEs, revisions
 * (bulletin_revisions_check). 0 or ERR_INVALID.
 */
int bulletin_validate(const struct bulletin *b, struct err *e);

/*
 * Component k of a CPE 2.3 formatted string (3: vendor, 4: product, 5:
 * version), unescaped (owned); NULL for ANY ("*"), NA ("-") or none.
 */
char *bulletin_cpe_part(const char *cpe, int k);

/*
 * The version bounds of a CSAF product_version_range into out
 * (initialised here): "vers:SCHEME/CONSTRAINTS" (or the constraints
 * alone, "<=1.14.0") of at most one lower (">=", ">") and one upper ("<=",
 * "<") bound, '|'-separated; "vers:SCHEME/ *" (a star) is every version (no bound).
 * ERR_INVALID (out empty) for anything else: several intervals, "=", "!=".
 */
int bulletin_range_bounds(const char *range, struct version_bounds *out);

/* Appending to b's arrays; the new element is initialised and returned. */
struct bulletin_revision *bulletin_add_revision(struct bulletin *b);
struct bulletin_product *bulletin_add_product(struct bulletin *b);
struct bulletin_status_entry *bulletin_add_status(struct bulletin *b);
struct bulletin_remediation *bulletin_add_remediation(struct bulletin *b);
struct bulletin_link *bulletin_add_link(struct bulletin *b);
struct bulletin_note *bulletin_add_note(struct bulletin *b);
struct bulletin_ack *bulletin_add_ack(struct bulletin *b);
struct bulletin_cve *bulletin_add_cve(struct bulletin *b);

#endif
