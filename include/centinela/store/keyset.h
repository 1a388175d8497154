/*
 * A set of keys, each with the position where it first came, kept in a
 * temporary table of the store's connection, in a file: for checks across
 * a whole import (the same id on line 3 and on line 900,000) that must not
 * hold every key of a large file in memory. One set per connection, from
 * reset to release; its rows belong to the transaction open around them,
 * if any.
 */
#ifndef CENTINELA_STORE_KEYSET_H
#define CENTINELA_STORE_KEYSET_H

#include <stdint.h>

struct err;
struct store;

/*
 * Empty the set (creating its table on first use), keeping the
 * connection's temporary tables in files until release. 0 or ERR_DB.
 */
int store_keyset_reset(struct store *s, struct err *e);
/* Drop the set; temporary tables are held in memory again. */
void store_keyset_release(struct store *s);

/*
 * Add key, first seen at pos: 0 when it is new, 1 when the set has it
 * already (with *first, optional, the position it came with), ERR_DB.
 */
int store_keyset_add(struct store *s, const char *key, int64_t pos,
                     int64_t *first, struct err *e);

/* 1 when the set has key (with *pos, optional), 0 when not, ERR_DB. */
int store_keyset_find(struct store *s, const char *key, int64_t *pos,
                      struct err *e);

#endif
