/*
 * Retry policy (DESIGN.md, "Offline and sync rules"): what to retry, how
 * long to wait (exponential backoff with full jitter), and Retry-After.
 */
#ifndef CENTINELA_NET_BACKOFF_H
#define CENTINELA_NET_BACKOFF_H

#include <stdbool.h>
#include <time.h>

#include "centinela/net/http.h"

struct rng;

/*
 * Delay before retry number attempt (0 for the first retry): uniform in
 * [0, min(max_ms, base_ms * 2^attempt)] ("full jitter"), drawn from rng so
 * that tests are deterministic. base_ms > 0, max_ms >= base_ms.
 */
long net_backoff_delay_ms(unsigned attempt, long base_ms, long max_ms,
                          struct rng *rng);

/*
 * Seconds to wait from a Retry-After header value: delta-seconds, or an
 * HTTP-date (IMF-fixdate, RFC 850, asctime) counted from now (0 when it is
 * in the past). -1 when value is NULL, empty or not understood. Capped at
 * one day.
 */
long net_retry_after_parse(const char *value, time_t now);

/*
 * True when a request that ended with (status, failure) should be retried
 * later: 5xx, 408, 429, timeouts, stalls, resets, and an unreachable
 * network (DNS failure, refused connection). Other 4xx, policy, TLS, size
 * and redirect failures are final.
 */
bool net_should_retry(int status, enum net_failure failure);

#endif
