/*
 * What the two files of the native adapter share: feed_centinela.c reads
 * (pages, streams, the registration in feed_centinela_ops) and
 * centinela_write.c writes (a neutral edit into a request, its answer,
 * the server object kept with a conflict). See centinela-api(7).
 */
#ifndef CENTINELA_FEED_CENTINELA_H
#define CENTINELA_FEED_CENTINELA_H

#include <stddef.h>
#include <stdint.h>

#include "centinela/feed/feed.h"
#include "centinela/model/outbox_edit.h"

struct err;

/* The parse member of feed_centinela_ops (feed.h). */
int centinela_parse(const char *bytes, size_t len, const char *resource,
                    struct feed_batch *batch, struct err *e);

/* The write members of feed_centinela_ops (feed.h). */
int centinela_edit_request(const struct outbox_edit *ed,
                           struct feed_request *req, struct err *e);
int centinela_edit_answer(const struct outbox_edit *ed, const char *bytes,
                          size_t len, struct feed_batch *batch, struct err *e);
int centinela_conflict_object(const char *stored, char **object,
                              int64_t *version, struct err *e);
int centinela_conflict_parse(const char *object, enum outbox_entity entity,
                             struct feed_batch *batch, struct err *e);

#endif
