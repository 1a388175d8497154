/* Critical-infrastructure sectors: seeded by the schema, extendable. */
#ifndef CENTINELA_STORE_SECTOR_H
#define CENTINELA_STORE_SECTOR_H

#include <stdbool.h>

#include "centinela/base/strvec.h"

struct err;
struct store;

/*
 * Add sector code (lower-case letters, digits and '-', starting with a
 * letter, at most 40 bytes) with display name; an existing code gets the new
 * name. *changed (optional) tells whether anything was written. Returns 0,
 * ERR_INVALID for a bad code, or ERR_DB.
 */
int store_sector_add(struct store *s, const char *code, const char *name,
                     bool *changed, struct err *e);

/* True when code is a known sector. */
bool store_sector_exists(struct store *s, const char *code);

/*
 * 0 when code is a known sector, else ERR_INVALID with
 * "unknown sector 'x' (known: energy, water, ...)" (or ERR_DB).
 */
int store_sector_check(struct store *s, const char *code, struct err *e);

/*
 * All codes and names, ordered by code, appended to the vectors (either may
 * be NULL).
 */
int store_sector_list(struct store *s, struct strvec *codes,
                      struct strvec *names, struct err *e);

#endif
