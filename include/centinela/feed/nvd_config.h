/*
 * The applicability configurations of an NVD CVE record (CVE API 2.0,
 * cve.configurations[]) read into model structs (model/cpe_config.h).
 *
 * Each configuration: "nodes" (required), "operator" ("AND" or "OR"; OR
 * when absent, as NVD leaves it out for a single node), "negate" (false
 * when absent). Each node: "operator" and "cpeMatch" (required), "negate"
 * (false when absent). Each cpeMatch: "vulnerable", "criteria" (a CPE 2.3
 * formatted string) and "matchCriteriaId" (required), and the optional
 * versionStartIncluding, versionStartExcluding, versionEndIncluding and
 * versionEndExcluding. Members not named here are ignored.
 */
#ifndef CENTINELA_FEED_NVD_CONFIG_H
#define CENTINELA_FEED_NVD_CONFIG_H

#include <stddef.h>

#include "centinela/base/err.h"
#include "centinela/model/cpe_config.h"

/* A CVE's configurations. */
struct nvd_configs {
	struct cpe_config *v; /* (owned) */
	size_t n;             /* entries in v */
};

void nvd_configs_init(struct nvd_configs *c);
void nvd_configs_release(struct nvd_configs *c);

/*
 * Read json[0..len), the JSON text of a "configurations" array, into *out
 * (initialized; what it held is released). ERR_PARSE for broken JSON or a
 * wrong shape, with the path of what is wrong
 * ("configurations[0].nodes[1].cpeMatch[2]: criterion '...': ...");
 * ERR_LIMIT over FEED_MAX_BYTES_DEFAULT. On failure *out is empty.
 */
int nvd_configs_parse(struct nvd_configs *out, const char *json, size_t len,
                      struct err *e);

#endif
