/*
 * Settling a conflict: an outbox entry the server refused with 409/412,
 * holding the server's current object (server_payload), waits for the
 * analyst to keep theirs or take the server's (DESIGN.md, offline rules:
 * nothing is overwritten silently).
 *
 * keep mine: the entry is sent again on top of the server's version: state
 *   pending, base_version the server object's "version", a NEW
 *   idempotency key (the server may hold an answer under the old one),
 *   attempts reset; the row stays dirty.
 * take the server's: the entry is done (never sent); the row becomes
 *   synced when no other entry of it is open, and the server's object is
 *   written over it (sync_apply_batch at the entry's source).
 *
 * The server's object is read by the driver of the entry's source, as the
 * configured sources (`source NAME DRIVER ...`) name it: a cache may hold
 * entries of several drivers that take writes.
 *
 * Each is one store transaction with one audit entry ("conflict.keep_mine"
 * or "conflict.take_server").
 */
#ifndef CENTINELA_SYNC_CONFLICT_H
#define CENTINELA_SYNC_CONFLICT_H

#include <stddef.h>
#include <stdint.h>

struct err;
struct feed_ops;
struct outbox_entry;
struct store;
struct sync_source;

enum sync_conflict_choice {
	SYNC_CONFLICT_KEEP_MINE,   /* send mine again over the server's */
	SYNC_CONFLICT_TAKE_SERVER, /* drop mine, store the server's object */
};

/* "keep-mine", "take-server" (static); each is a command of its own
 * (`conflict keep-mine`, app/cmd_outbox.c). */
const char *sync_conflict_choice_name(enum sync_conflict_choice c);

/*
 * The driver that reads o's conflict: that of o's source among sources[0..
 * n_sources) (the configured ones, app->sources). NULL with ERR_NOTFOUND
 * when o's source is no longer configured (the message says how to add it
 * back or drop the entry), ERR_INVALID when its driver takes no writes.
 */
const struct feed_ops *sync_conflict_driver(const struct outbox_entry *o,
                                            const struct sync_source *sources,
                                            size_t n_sources, struct err *e);

/*
 * The server's object in a conflict entry's server_payload (borrowed), as
 * ops (the driver of the entry's source: sync_conflict_driver) reads it
 * (feed_ops.conflict_object; for the native one: the object itself, or
 * one wrapped as {"data": OBJECT} or as an error body with "current":
 * OBJECT). *object (optional) receives it as text for the analyst
 * (owned); *version (optional) its version (0 when absent). ERR_PARSE
 * when ops reads no object in it.
 */
int sync_conflict_server_object(const struct feed_ops *ops,
                                const char *server_payload, char **object,
                                int64_t *version, struct err *e);

/*
 * Settle the outbox entry id (which must be in state conflict: else
 * ERR_INVALID; ERR_NOTFOUND when unknown or when its source is not among
 * sources[0..n_sources), the configured ones) as choice says, audited as
 * actor (borrowed). One transaction of its own: s must not be in one.
 */
int sync_conflict_resolve(struct store *s, const struct sync_source *sources,
                          size_t n_sources, int64_t id,
                          enum sync_conflict_choice choice, const char *actor,
                          struct err *e);

#endif
