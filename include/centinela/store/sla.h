/*
 * The SLA targets in force in the cache (table sla_target, see
 * src/store/schema_v2.sql.inc). Triggers compute every incident's due_at
 * from them; these functions read and replace them.
 */
#ifndef CENTINELA_STORE_SLA_H
#define CENTINELA_STORE_SLA_H

#include <stdbool.h>

#include "centinela/model/sla.h"

struct store;
struct err;

/* Read the targets in force into *out. Returns 0 or ERR_DB. */
int store_sla_targets(struct store *s, struct sla_targets *out, struct err *e);

/*
 * Make t (borrowed) the targets in force. When they differ from the stored
 * ones, replace them and recompute due_at of every open incident
 * (resolved and closed ones keep the deadline they were judged by), in one
 * transaction (the caller's, or its own); when they are equal, write
 * nothing. *has_changed (optional) says which. Every target must be from
 * SLA_TARGET_MIN to SLA_TARGET_MAX seconds (ERR_INVALID otherwise).
 * Returns 0, ERR_INVALID, ERR_PERM (read-only cache) or ERR_DB.
 */
int store_sla_set_targets(struct store *s, const struct sla_targets *t,
                          bool *has_changed, struct err *e);

#endif
