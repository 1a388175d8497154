/* Retry policy: see include/centinela/net/backoff.h. */
#include "centinela/net/backoff.h"

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/rng.h"

/* Longest Retry-After honoured, in seconds. */
#define RETRY_AFTER_MAX 86400L

long
net_backoff_delay_ms(unsigned attempt, long base_ms, long max_ms,
                     struct rng *rng)
{
	long cap = base_ms > 0 ? base_ms : 1;

	if (max_ms < cap)
		max_ms = cap;
	for (unsigned i = 0; i < attempt && cap < max_ms; i++)
		cap = cap > max_ms / 2 ? max_ms : cap * 2;
	if (cap > max_ms)
		cap = max_ms;
	return (long)rng_range(rng, 0, cap);
}

long
net_retry_after_parse(const char *value, time_t now)
{
	const char *p = value, *end;
	size_t len;
	time_t when;

	if (!value)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	len = strlen(p);
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
	                   p[len - 1] == '\r' || p[len - 1] == '\n'))
		len--;
	if (len == 0)
		return -1;
	end = p;
	while (end < p + len && isdigit((unsigned char)*end))
		end++;
	if (end == p + len) {
		long secs = 0;

		for (const char *q = p; q < end; q++) {
			secs = secs * 10 + (*q - '0');
			if (secs > RETRY_AFTER_MAX)
				return RETRY_AFTER_MAX;
		}
		return secs;
	}
	/* An HTTP-date has a weekday name first; curl_getdate is lenient. */
	if (!isalpha((unsigned char)*p) || len > 64)
		return -1;
	{
		char buf[65];

		memcpy(buf, p, len);
		buf[len] = '\0';
		when = curl_getdate(buf, NULL);
	}
	if (when == (time_t)-1)
		return -1;
	if (when <= now)
		return 0;
	if (when - now > RETRY_AFTER_MAX)
		return RETRY_AFTER_MAX;
	return (long)(when - now);
}

bool
net_should_retry(int status, enum net_failure failure)
{
	switch (failure) {
	case NET_OK:
		return status >= 500 || status == 408 || status == 429;
	case NET_DNS:
	case NET_REFUSED:
	case NET_TIMEOUT:
	case NET_STALLED:
	case NET_RESET:
		return true;
	case NET_TLS:
	case NET_TOO_LARGE:
	case NET_REDIRECT:
	case NET_POLICY:
	case NET_PROTOCOL:
	case NET_CANCELLED:
		return false;
	}
	return false;
}
