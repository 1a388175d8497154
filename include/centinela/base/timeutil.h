/*
 * Time: the wall clock as Unix seconds (int64_t, UTC), ISO 8601 parsing and
 * formatting, durations ("90s", "30m", "2h", "1h30m", "7d", "2w") and short
 * ages for tables ("45s", "12m", "3h", "5d").
 */
#ifndef CENTINELA_BASE_TIMEUTIL_H
#define CENTINELA_BASE_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TIME_ISO_MAX 32 /* room for "YYYY-MM-DDTHH:MM:SSZ" and more */

/* Seconds since the epoch, UTC. */
int64_t time_now(void);
/* Milliseconds since the epoch, UTC (shared by processes, unlike mono). */
int64_t time_now_ms(void);
/* A monotonic clock in milliseconds, for timers and benchmarks. */
int64_t time_mono_ms(void);

/*
 * Parse "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS" with an
 * optional fraction and an optional zone ("Z", "+HH:MM", "+HHMM"; none means
 * UTC); a space may stand for the "T". Returns 0 or ERR_PARSE.
 */
int time_parse_iso8601(const char *s, int64_t *out);

/* The year of t in UTC (1970 when t cannot be broken down). */
int time_year_utc(int64_t t);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into out[TIME_ISO_MAX]. */
void time_format_iso8601(int64_t t, char *out);

/*
 * The longest duration time_parse_duration accepts: 100 years of 365 days,
 * so that now plus or minus any duration is a time every date function
 * takes; TIME_DURATION_MAX_TEXT says it for messages.
 */
#define TIME_DURATION_MAX      (INT64_C(36500) * 86400)
#define TIME_DURATION_MAX_TEXT "36500d (100 years)"

/*
 * Parse a duration: one or more NUMBER UNIT pairs, units s m h d w.
 * A bare number is seconds. Returns 0, ERR_PARSE, or ERR_LIMIT for a
 * well-formed duration longer than TIME_DURATION_MAX (*secs untouched).
 */
int time_parse_duration(const char *s, int64_t *secs);

/* Format a non-negative age compactly ("45s", "12m", "3h", "5d", "2y"). */
void time_format_age(int64_t secs, char *out, size_t outsz);

/*
 * Format a coming time t as the local clock and how far it is from now:
 * "15:04:05 (in 59m)", with the date ("2026-03-02 09:00 (in 2d)") when it
 * is 20 hours away or more. TIME_WHEN_MAX bytes are enough.
 */
void time_format_when(int64_t t, int64_t now, char *out, size_t outsz);
#define TIME_WHEN_MAX 48

#endif
