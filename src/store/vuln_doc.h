/*
 * A CVE's details as the JSON texts of its vuln_detail row (schema v10,
 * "issue 13: a CVE's details in one row"): configurations, flat criteria,
 * CVSS metrics and references. Writing appends compact JSON to a strbuf
 * (no member for a NULL value); reading appends what the text holds to a
 * vulnerability's lists, and refuses a text that is not what writing
 * makes with ERR_CORRUPT naming the member.
 */
#ifndef CENTINELA_STORE_VULN_DOC_H
#define CENTINELA_STORE_VULN_DOC_H

#include <stddef.h>

#include "centinela/model/vulnerability.h"

struct err;
struct strbuf;

void vuln_doc_put_configs(struct strbuf *sb, const struct cpe_config *c,
                          size_t n);
void vuln_doc_put_cpes(struct strbuf *sb, const struct vuln_cpe *c, size_t n);
void vuln_doc_put_metrics(struct strbuf *sb, const struct vuln_metric *m,
                          size_t n);
void vuln_doc_put_refs(struct strbuf *sb, const struct vuln_reference *r,
                       size_t n);

/*
 * Append what json (NULL: nothing) holds to v->configs, v->cpes,
 * v->metrics or v->refs. Configurations: a criterion that does not parse
 * is refused (writing stores only parsed ones). Flat criteria are kept as
 * they were given.
 */
int vuln_doc_get_configs(const char *json, struct vulnerability *v,
                         struct err *e);
int vuln_doc_get_cpes(const char *json, struct vulnerability *v,
                      struct err *e);
int vuln_doc_get_metrics(const char *json, struct vulnerability *v,
                         struct err *e);
int vuln_doc_get_refs(const char *json, struct vulnerability *v,
                      struct err *e);

#endif
