/*
 * A bulletin as a CSAF 2.0 document (OASIS Common Security Advisory
 * Framework), written as JSON to a FILE* it is handed.
 *
 * document: category, csaf_version "2.0", title, publisher (category
 * coordinator), distribution.tlp (TLP 2.0 on CSAF 2.0's labels: CLEAR as
 * WHITE, AMBER+STRICT as AMBER with the exact label in distribution.text),
 * aggregate_severity, notes (summary, description, general), references,
 * acknowledgments, tracking (id, status, version: the latest revision's
 * number, revision_history, initial and current release dates,
 * generator). product_tree: branches vendor > product_name >
 * product_version_range (or product_version), each leaf a product with
 * its CPE or PURL. vulnerabilities (not for an informational advisory):
 * one per CVE, with its CWE, notes, product_status, flags (the
 * justifications of known_not_affected), scores (cvss_v3 from the cache),
 * remediations and threats, each naming the products it applies to.
 */
#ifndef CENTINELA_EXPORT_CSAF_H
#define CENTINELA_EXPORT_CSAF_H

#include <stdint.h>
#include <stdio.h>

#include "centinela/model/bulletin.h"

struct err;

/* document.publisher (borrowed). */
struct csaf_publisher {
	const char *name;          /* e.g. "CSIRT Nacional" */
	const char *namespace_url; /* an https URL */
};

/* The TLP label CSAF 2.0 writes for t: "WHITE" (CLEAR), "GREEN",
 * "AMBER" (AMBER and AMBER+STRICT) or "RED". */
const char *csaf_tlp_label(enum tlp t);

/*
 * /document/tracking/initial_release_date of b: the first time it went
 * final when that is before its first revision, else the first
 * revision's date; current_release_date: the latest revision's date.
 * 0 when b has no revision.
 */
int64_t csaf_initial_release(const struct bulletin *b);
int64_t csaf_current_release(const struct bulletin *b);

/*
 * Write b (as store_bulletin_get reads it) to f as one CSAF document and
 * a newline; now dates the generator (document.tracking.generator.date). ERR_INVALID when b or the
 * publisher cannot make a valid document (no publisher, no revision),
 * ERR_IO on a write error.
 */
int export_csaf(FILE *f, const struct bulletin *b,
                const struct csaf_publisher *pub, int64_t now, struct err *e);

#endif
