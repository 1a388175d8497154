/* Bulletins (advisories) in the store. */
#ifndef CENTINELA_STORE_BULLETIN_H
#define CENTINELA_STORE_BULLETIN_H

#include <stdbool.h>
#include <stdint.h>

#include "centinela/model/bulletin.h"

struct err;
struct store;

/* Insert or update b keyed by reference, with its CVE and sector lists. */
int store_bulletin_upsert(struct store *s, struct bulletin *b, bool *changed,
                          struct err *e);
int store_bulletin_get(struct store *s, const char *reference,
                       struct bulletin *out, struct err *e);

#endif
