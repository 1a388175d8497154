/*
 * Writing bulletins (model/bulletin.h): each call is one local edit as
 * app/edit.h describes them: one store transaction that writes the
 * bulletin (local_state 'dirty'), appends the neutral outbox edit when
 * the bulletin belongs to a synced source (bulletins made here are
 * "local": no server waits for them), and appends the audit entry
 * (action "bulletin.VERB", entity "bulletin", the reference, what
 * changed). Any failure rolls the whole transaction back; an edit that
 * changes nothing writes nothing (res->changed 0).
 *
 * A final bulletin refuses every edit but `revise`, which opens revision
 * N + 1 (status interim, review cleared). Going final needs a review by
 * an analyst other than the author while `bulletin.review` is required.
 */
#ifndef CENTINELA_APP_BULLETIN_EDIT_H
#define CENTINELA_APP_BULLETIN_EDIT_H

#include <stddef.h>

#include "centinela/app/edit.h"

struct app;
struct err;

/* A new bulletin, as typed (all borrowed; NULL: not given). */
struct bulletin_new {
	const char *title;         /* required unless from_cve */
	const char *const *cves;   /* CVE ids it covers */
	size_t n_cves;             /* entries in cves */
	const char *from_cve;      /* prefill from this CVE of the cache */
	const char *tlp;           /* default amber */
	const char *severity;      /* default medium (from_cve: from CVSS) */
	const char *category;      /* default csaf_security_advisory */
	const char *sectors;       /* comma-separated codes; replaces the
	                              prefilled ones ("" or "-": none) */
	const char *organizations; /* comma-separated names, as sectors */
};

/*
 * Create a draft bulletin numbered PREFIX-SA-YYYY-NNNN (the app's
 * reference prefix, this year), author the analyst, revision 1 "Initial
 * version" dated now. from_cve prefills it as store_bulletin_prefill
 * says; a title given replaces the prefilled one. The reference is
 * pushed onto res->refs.
 */
int edit_bulletin_create(struct app *app, const struct bulletin_new *nb,
                         struct edit_result *res, struct err *e);

/*
 * Set fields of bulletin ref: names title, tlp, severity, category,
 * summary, description (summary and description take "" or "-" to
 * clear), sectors and organizations (comma-separated; "" or "-" for
 * none). names and values are n pairs.
 */
int edit_bulletin_set(struct app *app, const char *ref,
                      const char *const *names, const char *const *values,
                      size_t n, struct edit_result *res, struct err *e);

/*
 * Add a note of kind "summary" or "description" (they replace the
 * bulletin's summary or description) or "general" (appended) to ref.
 */
int edit_bulletin_note(struct app *app, const char *ref, const char *kind,
                       const char *text, struct edit_result *res,
                       struct err *e);

/* Add the CVEs cves[0..n) to ref (those it covers already are skipped). */
int edit_bulletin_add_cve(struct app *app, const char *ref,
                          const char *const *cves, size_t n,
                          struct edit_result *res, struct err *e);

/* A product and its status, as typed (borrowed; NULL: not given). */
struct bulletin_product_spec {
	const char *cpe;           /* CPE 2.3 name */
	const char *purl;          /* package URL */
	const char *vendor;        /* vendor name */
	const char *product;       /* product name */
	const char *version_range; /* e.g. "<2.17.1" */
	const char *cve;           /* the CVE of the status; NULL: every one */
	const char *status;        /* known_affected (default), fixed, ... */
	const char *justification; /* known_not_affected: its flag label */
};

/*
 * Add the product (or find the same one already defined) and set its
 * status for the CVE, or for every CVE of ref when none is named. A CPE
 * name without vendor or product takes them from the name.
 */
int edit_bulletin_add_product(struct app *app, const char *ref,
                              const struct bulletin_product_spec *p,
                              struct edit_result *res, struct err *e);

/* Add a remediation (vendor_fix, workaround, mitigation) for cve. */
int edit_bulletin_add_remediation(struct app *app, const char *ref,
                                  const char *cve, const char *kind,
                                  const char *details, const char *url,
                                  struct edit_result *res, struct err *e);

/* Add a reference (url, summary) or an acknowledgment (a name or an
 * organization, what for). */
int edit_bulletin_add_reference(struct app *app, const char *ref,
                                const char *url, const char *summary,
                                struct edit_result *res, struct err *e);
int edit_bulletin_add_ack(struct app *app, const char *ref, const char *name,
                          const char *organization, const char *summary,
                          struct edit_result *res, struct err *e);

/*
 * Record the analyst as ref's reviewer, now. The author cannot review
 * their own bulletin (ERR_INVALID).
 */
int edit_bulletin_review(struct app *app, const char *ref,
                         struct edit_result *res, struct err *e);

/*
 * Move ref to status (draft, interim, final) as bulletin_status_check
 * allows. final needs a reviewer while bulletin.review is required;
 * the first final sets published_at; each final dates the latest
 * revision now (its release).
 */
int edit_bulletin_status(struct app *app, const char *ref, const char *status,
                         struct edit_result *res, struct err *e);

/*
 * Open a new revision of the final bulletin ref: number + 1, dated now,
 * with summary; the status becomes interim and the review is cleared.
 */
int edit_bulletin_revise(struct app *app, const char *ref, const char *summary,
                         struct edit_result *res, struct err *e);

#endif
