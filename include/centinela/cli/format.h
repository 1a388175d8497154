/*
 * Short text forms for CLI tables and detail views. Every function returns
 * a malloc'd string owned by the caller.
 */
#ifndef CENTINELA_CLI_FORMAT_H
#define CENTINELA_CLI_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

struct incident;

/* Decimal integer. */
char *format_id(int64_t n);
/* Age of t relative to now ("12m", "3d"), "" when t is 0. */
char *format_age(int64_t now, int64_t t);
/* "YYYY-MM-DD HH:MM" in UTC, "" when t is 0. */
char *format_minute(int64_t t);
/* "MM-DD HH:MM" in UTC for tables of recent events, "" when t is 0. */
char *format_short_time(int64_t t);
/* "YYYY-MM-DDTHH:MM:SSZ (3d ago)" / "(in 2h)", "-" when t is 0. */
char *format_when(int64_t now, int64_t t);
/* incident_sla_text (model/incident.h), owned. */
char *format_sla(int64_t now, const struct incident *inc);
/* True when the locale's character set is UTF-8 (else ASCII glyphs). */
bool format_is_utf8(void);

#endif
