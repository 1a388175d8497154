/*
 * What the arguments of a command name, resolved to local ids: an outbox
 * entry by its number, an incident by its reference or incident:ID, a
 * row by KIND:ID or its own name. The command dispatcher resolves the
 * target a row declares with these (enum cmd_target, app/command.h) and
 * the CLI resolves its arguments with the same calls, so that a bad or
 * unknown id is told in one form wherever it is typed.
 */
#ifndef CENTINELA_APP_TARGET_H
#define CENTINELA_APP_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "centinela/store/list.h"

struct app;
struct err;

/*
 * The outbox entry numbered text (as `centinela outbox` and the outbox
 * and conflicts views show it), or, text NULL, the entry *id the console
 * has selected; it must exist. ERR_USAGE "invalid outbox entry 'x1' (...)"
 * or "no outbox entry selected (...)", ERR_NOTFOUND "no outbox entry 99".
 * Opens the store.
 */
int target_outbox_entry(struct app *app, const char *text, int64_t *id,
                        struct err *e);

/*
 * The incident ref names (a reference such as MX-2026-00042, or
 * incident:ID): its local id into *id. ERR_USAGE for what names no
 * incident, ERR_NOTFOUND "no incident 'MX-2026-00099' in the cache (see
 * 'centinela list incidents')". Opens the store.
 */
int target_incident(struct app *app, const char *ref, int64_t *id,
                    struct err *e);

/*
 * The rows words[0..n) name (KIND:ID such as alert:12, or a row's own
 * name), each of which must exist, into *out (owned, n entries; NULL for
 * n 0). ERR_USAGE for a word no list recognises (store_ref_parse's
 * message), ERR_NOTFOUND "no alert:99 in the cache (see 'centinela list
 * alerts')". Opens the store.
 */
int target_rows(struct app *app, const char *const *words, size_t n,
                struct store_row_ref **out, struct err *e);

#endif
