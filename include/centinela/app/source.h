/*
 * Sources: the central APIs and feeds the sync engine pulls, declared with
 *
 *   source NAME DRIVER url=URL [token-file=PATH | token-env=VAR]
 *          [interval=DURATION] [resources=a,b] [wait=DURATION]
 *          [page-size=N] [connect-timeout=DURATION]
 *          [low-speed-time=DURATION] [timeout=DURATION]
 *          [max-size=BYTES] [ca-file=PATH]
 *
 * in the config file (or with -c). A token is never an argument: it comes
 * from a file readable by its owner alone, or from an environment
 * variable, and is read only when a request is made.
 */
#ifndef CENTINELA_APP_SOURCE_H
#define CENTINELA_APP_SOURCE_H

#include "centinela/sync/source.h"

struct app;
struct err;
struct feed_ops;
struct strbuf;

/*
 * Define (or redefine: same name keeps its place) a source from the
 * arguments of the `source` command, argv[0] being "source". Errors name
 * the bad argument and what it accepts; on error nothing changes.
 */
int app_source_define(struct app *app, int argc, char **argv, struct err *e);

/* The source called name (borrowed until the next define), or NULL. */
const struct sync_source *app_source_find(const struct app *app,
                                          const char *name);

/*
 * The source local edits of rows that came from no server are sent to:
 * the first source whose driver takes writes, or NULL.
 */
const struct sync_source *app_source_push_default(const struct app *app);
/* The driver of the source called name, or NULL (no such source). */
const struct feed_ops *app_source_ops(const struct app *app, const char *name);

/* Append the `source` line that defines src (no token, ever) to out. */
void app_source_format(const struct sync_source *src, struct strbuf *out);

#endif
