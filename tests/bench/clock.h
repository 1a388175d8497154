/* The bench helpers' clock (the C programs of tests/bench). */
#ifndef CENTINELA_BENCH_CLOCK_H
#define CENTINELA_BENCH_CLOCK_H

#include <time.h>

/* Seconds of the monotonic clock. */
static inline double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
