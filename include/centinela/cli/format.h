/*
 * Short text forms for CLI tables (a list's cells come from its catalog,
 * app/columns.h). Every function returns
 * a malloc'd string owned by the caller.
 */
#ifndef CENTINELA_CLI_FORMAT_H
#define CENTINELA_CLI_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

/* Decimal integer. */
char *format_id(int64_t n);
/* Age of t relative to now ("12m", "3d"), "" when t is 0. */
char *format_age(int64_t now, int64_t t);
/* True when the locale's character set is UTF-8 (else ASCII glyphs). */
bool format_is_utf8(void);

#endif
