/*
 * The recipients of a bulletin (model/recipient.h) from the cache: the
 * organizations it names (bulletin_organization), those of its sectors
 * (bulletin_sector) and those owning assets exposed to its CVEs
 * (exposure), one row each with every reason, kept or withheld by its TLP.
 */
#ifndef CENTINELA_STORE_RECIPIENT_H
#define CENTINELA_STORE_RECIPIENT_H

#include <stdint.h>

#include "centinela/model/enums.h"

struct bulletin;
struct err;
struct recipient_list;
struct store;

/*
 * The recipients of the bulletin with local id bulletin_id and TLP tlp
 * into out (initialised here; release it), ordered by sector then name,
 * after recipient_list_filter.
 */
int store_bulletin_recipients(struct store *s, int64_t bulletin_id,
                              enum tlp tlp, struct recipient_list *out,
                              struct err *e);

/* Read b's recipients into b->recipients (replacing any), for its page. */
int store_bulletin_recipients_load(struct store *s, struct bulletin *b,
                                   struct err *e);

#endif
