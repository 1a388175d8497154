/*
 * What the analyst does with an outbox entry the server refused (state
 * failed) or that waits behind one: send it again, or withdraw it. Each is
 * one store transaction with one audit entry ("outbox.retry",
 * "outbox.drop"), like settling a conflict (sync/conflict.h).
 *
 * retry: a failed entry goes back to pending, due now, with a fresh
 *   idempotency key (the refusal applied nothing under the old one).
 * drop: a failed or pending entry is never sent: state dropped (the row of
 *   the outbox stays, so that nothing vanishes). An entry in conflict is
 *   settled with `conflict` instead. The dropped edit stays on its row,
 *   which stays dirty until the server sends its copy again (that copy
 *   then replaces it; sync/apply.c), since the cache holds no older copy
 *   to go back to. Dropping the entry that creates an incident at the
 *   server (its create, or the promote that carries it) is refused while
 *   other open entries need that incident; once dropped, the incident
 *   stays in this cache only (source "local").
 */
#ifndef CENTINELA_SYNC_OUTBOX_H
#define CENTINELA_SYNC_OUTBOX_H

#include <stdint.h>

struct err;
struct outbox_entry;
struct store;

/*
 * How the analyst knows the row of an entry: an incident's reference, else
 * ENTITY:ID (owned).
 */
char *sync_outbox_entry_ref(struct store *s, const struct outbox_entry *o);

/*
 * Send failed entry id again, audited as actor (borrowed). ERR_NOTFOUND,
 * ERR_INVALID when it is not failed. One transaction of its own.
 */
int sync_outbox_retry(struct store *s, int64_t id, const char *actor,
                      struct err *e);

/*
 * Withdraw entry id (failed or pending), audited as actor. ERR_NOTFOUND,
 * ERR_INVALID for an entry in another state or one others depend on. One
 * transaction of its own.
 */
int sync_outbox_drop(struct store *s, int64_t id, const char *actor,
                     struct err *e);

#endif
