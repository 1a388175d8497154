/*
 * The check of a CSAF 2.0 document in C (feed_csaf.c's first step): what
 * the official JSON schema requires, and the mandatory test 6.1.1 (every
 * product id referenced is defined) with 6.1.4 (the same for group ids).
 * json_t stays inside src/feed: this header is not under include/.
 */
#ifndef CENTINELA_FEED_CSAF_CHECK_H
#define CENTINELA_FEED_CSAF_CHECK_H

#include <jansson.h>

struct err;

/*
 * Check root (borrowed) as a CSAF 2.0 document: the schema's required
 * properties, no property it does not know (except in the CVSS objects,
 * whose own schemas are not checked but their version, vector, score and
 * severity), the types, the enums (document category of the profiles
 * aside, which is free text; TLP label, tracking status, publisher
 * category, product status keys, remediation, note, threat, flag, branch
 * and relationship categories, CVSS versions), the patterns that matter
 * (dates, versions, tracking id, CVE and CWE ids, CPE prefix), and 6.1.1
 * and 6.1.4. Returns 0, or ERR_INVALID with "not CSAF 2.0 at POINTER:
 * reason" naming the JSON pointer of the first problem found, in
 * document order (the references of 6.1.1 after the schema).
 */
int csaf_check(json_t *root, struct err *e);

#endif
