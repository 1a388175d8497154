/* Time helpers: see include/centinela/base/timeutil.h. */
#include "centinela/base/timeutil.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "centinela/base/err.h"

int64_t
time_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
time_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return (int64_t)time(NULL) * 1000;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read exactly n digits at *p into *v; advances *p. */
static int
digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		*v = *v * 10 + (**p - '0');
		(*p)++;
	}
	return 0;
}

int
time_parse_iso8601(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, zh = 0, zm = 0, sign = 1;
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	const char *p = s;
	struct tm tm = {0};
	time_t t;

	if (!s || digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		return ERR_PARSE;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return ERR_PARSE;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return ERR_PARSE;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &se))
				return ERR_PARSE;
			if (*p == '.' || *p == ',') {
				p++;
				if (!isdigit((unsigned char)*p))
					return ERR_PARSE;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return ERR_PARSE;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '-' ? -1 : 1;
			if (digits(&p, 2, &zh))
				return ERR_PARSE;
			if (*p == ':')
				p++;
			if (digits(&p, 2, &zm) || zh > 23 || zm > 59)
				return ERR_PARSE;
		}
	}
	if (*p)
		return ERR_PARSE;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	t = timegm(&tm);
	if (tm.tm_mday != d) /* 29 February of a common year */
		return ERR_PARSE;
	*out = (int64_t)t - sign * (zh * 3600 + zm * 60);
	return 0;
}

void
time_format_iso8601(int64_t t, char *out)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, TIME_ISO_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
time_parse_duration(const char *s, int64_t *secs)
{
	int64_t total = 0;
	const char *p = s;
	bool is_over = false;

	if (!s || !*s)
		return ERR_PARSE;
	while (*p) {
		const char *pair = p;
		int64_t n = 0, unit;

		if (!isdigit((unsigned char)*p))
			return ERR_PARSE;
		/* Past the bound only the syntax is still read: no sum or
		 * product here can overflow. */
		while (isdigit((unsigned char)*p)) {
			if (n > TIME_DURATION_MAX)
				is_over = true;
			else
				n = n * 10 + (*p - '0');
			p++;
		}
		switch (*p) {
		case '\0':
			unit = 1;
			if (pair != s)
				return ERR_PARSE; /* "1h30" is ambiguous */
			break;
		case 's':
			unit = 1;
			p++;
			break;
		case 'm':
			unit = 60;
			p++;
			break;
		case 'h':
			unit = 3600;
			p++;
			break;
		case 'd':
			unit = 86400;
			p++;
			break;
		case 'w':
			unit = 7 * 86400;
			p++;
			break;
		default:
			return ERR_PARSE;
		}
		if (is_over || n > TIME_DURATION_MAX ||
		    (unit && n * unit > TIME_DURATION_MAX - total))
			is_over = true;
		else
			total += n * unit;
	}
	if (is_over)
		return ERR_LIMIT;
	*secs = total;
	return 0;
}

void
time_format_age(int64_t secs, char *out, size_t outsz)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(out, outsz, "%llds", (long long)secs);
	else if (secs < 3600)
		snprintf(out, outsz, "%lldm", (long long)(secs / 60));
	else if (secs < 86400)
		snprintf(out, outsz, "%lldh", (long long)(secs / 3600));
	else if (secs < 365 * 86400)
		snprintf(out, outsz, "%lldd", (long long)(secs / 86400));
	else
		snprintf(out, outsz, "%lldy",
		         (long long)(secs / (365 * 86400)));
}

int
time_year_utc(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm))
		return 1970;
	return tm.tm_year + 1900;
}

void
time_format_when(int64_t t, int64_t now, char *out, size_t outsz)
{
	char clock[32] = "?", age[16];
	time_t tt = (time_t)t;
	struct tm tm;

	/* the date too when it is not within the next day */
	if (localtime_r(&tt, &tm))
		strftime(clock, sizeof(clock),
		         t - now < 20 * 3600 ? "%H:%M:%S" : "%Y-%m-%d %H:%M",
		         &tm);
	time_format_age(t > now ? t - now : 0, age, sizeof(age));
	snprintf(out, outsz, "%s (in %s)", clock, age);
}
