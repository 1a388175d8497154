/*
 * Settings: the values `set NAME VALUE` changes, one row each in a const
 * table. A row names a field of struct app by offset and says how to parse,
 * check and print it, so a new setting is one new row (and its field).
 */
#ifndef CENTINELA_APP_SETTING_H
#define CENTINELA_APP_SETTING_H

#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strbuf.h"

struct app;
struct err;

enum setting_type {
	SETTING_STRING,   /* char * (owned by struct app) */
	SETTING_INT,      /* int64_t, decimal */
	SETTING_BOOL,     /* bool: on/off, yes/no, true/false, 1/0 */
	SETTING_DURATION, /* int64_t seconds: "90s", "30m", "1h30m", "7d" */
};

struct setting {
	const char *name;       /* as typed after `set`, e.g. "default-limit" */
	enum setting_type type; /* how the value is parsed and printed */
	const char *description; /* one line for `set` and `help set` */
	size_t offset;           /* offsetof(struct app, field) */
	int64_t min; /* int/duration: lowest value; string: fewest characters */
	int64_t max; /* int/duration: highest value; string: most characters */
	/* Extra check of a string value after the length check, or NULL. */
	int (*check)(const struct setting *s, const char *value, struct err *e);
};

/* The setting called name, or NULL. The result is static. */
const struct setting *setting_find(const char *name);

/* Number of settings, and the i-th in table order (static). */
size_t setting_count(void);
const struct setting *setting_at(size_t i);

/*
 * Parse value for setting s and store it in app. On error app is unchanged
 * and the message names the setting and what it accepts:
 * "invalid value for 'default-limit': '0' (expected a number from 1 to
 * 10000)". Returns 0, ERR_INVALID.
 */
int setting_apply(struct app *app, const struct setting *s, const char *value,
                  struct err *e);

/*
 * setting_find then setting_apply; an unknown name fails with ERR_NOTFOUND
 * and the list of known settings (and a suggestion when one is close).
 */
int setting_set(struct app *app, const char *name, const char *value,
                struct err *e);

/*
 * Append the current value of s in app, written as the command language
 * reads it back (quoted when needed), to out.
 */
void setting_format(const struct app *app, const struct setting *s,
                    struct strbuf *out);

/*
 * Append the known setting names, comma separated, to out; the SLA targets
 * as "sla.SEVERITY.response, sla.SEVERITY.resolution".
 */
void setting_list_names(struct strbuf *out);

#endif
