/*
 * What NVD tells of a CVE beyond the vulnerability row: its metrics,
 * weaknesses, references and configurations (src/store/vuln_detail.c),
 * for src/store/vulnerability.c.
 */
#ifndef CENTINELA_STORE_VULN_INTERNAL_H
#define CENTINELA_STORE_VULN_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "centinela/model/vulnerability.h"

struct err;
struct store;

/*
 * Bind the key of criteria (model/cpe.h cpe_name_key) at idx, idx + 1 and
 * idx + 2: the part, the lower-cased vendor and product (NULL when not a
 * literal, or when criteria is not a CPE 2.3 name).
 */
void vuln_bind_cpe_key(sqlite3_stmt *st, int idx, const char *criteria);

/*
 * Replace each kind of detail of row id that v carries (some metrics,
 * weaknesses, references, configurations, or flat criteria when v has no
 * configurations: v->cpes are then their matches) by v's when it differs
 * from the stored one; a kind v does not carry is left. is_new: the row
 * was just inserted, so nothing is stored to read or delete. *wrote:
 * whether anything was written; *criteria_wrote: whether the criteria
 * matching goes by changed (the configurations, or the flat criteria of a
 * CVE without), their vuln_match rows with them.
 */
int vuln_details_write(struct store *s, int64_t id, bool is_new,
                       const struct vulnerability *v, bool *wrote,
                       bool *criteria_wrote, struct err *e);

/*
 * Read the configurations of v (v->meta.id set) into v->configs: the
 * stored ones, or for a CVE without any, one configuration of one OR node
 * holding its criteria (those of a source that gives no configurations,
 * the malformed ones left out).
 */
int vuln_configs_read(struct store *s, struct vulnerability *v,
                      struct err *e);

/*
 * Match CVE row id against the assets by v's configurations (v->n_configs
 * > 0), those the store holds for it (store_exposure_match_vulnerability
 * without reading them back). is_new: the row was just inserted, so it
 * has no exposures to look up (their foreign key removed any of an
 * earlier row of its id).
 */
int vuln_exposure_match(struct store *s, int64_t id, bool is_new,
                        const struct vulnerability *v, struct err *e);

/*
 * The SQL function vuln_match_plain(CONFIGS, CPES) of schema v14's
 * migration: 1 when the criteria of a vuln_detail row's texts (its
 * configurations, or when NULL its flat criteria) make plain vuln_match
 * rows, as the store writes them; else 0.
 */
void vuln_sql_match_plain(sqlite3_context *cx, int argc, sqlite3_value **argv);

/*
 * Read the details of v (v->meta.id set) into it; v->cpes get the flat
 * criteria and the configurations' matches.
 */
int vuln_details_read(struct store *s, struct vulnerability *v, struct err *e);

#endif
