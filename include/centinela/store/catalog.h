/*
 * Whole catalogs (the KEV catalog, EPSS's daily file): the version and
 * release of the last one stored, by catalog name, and the source it came
 * from.
 */
#ifndef CENTINELA_STORE_CATALOG_H
#define CENTINELA_STORE_CATALOG_H

#include <stddef.h>
#include <stdint.h>

struct err;
struct store;

struct store_catalog {
	char *name;          /* "kev", "epss" (owned) */
	char *source;        /* the source that brought it (owned) */
	char *version;       /* catalogVersion, model version (owned, NULL) */
	int64_t released_at; /* its release, Unix seconds, 0: not given */
	int64_t entries;     /* entries it held */
	int64_t updated_at;  /* when it was stored */
};

void store_catalog_release(struct store_catalog *c);

/* Record that catalog name, as c says, is the one the cache holds now
 * (c->name and c->source required; updated_at is now). */
int store_catalog_set(struct store *s, const struct store_catalog *c,
                      struct err *e);

/*
 * The catalogs recorded, by name: *out a malloc'd array of *n (release
 * each and free it).
 */
int store_catalog_list(struct store *s, struct store_catalog **out, size_t *n,
                       struct err *e);

#endif
