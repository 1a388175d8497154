/*
 * A small deterministic pseudo-random generator (xoshiro256**, seeded
 * through splitmix64) for synthetic data: the same seed gives the same
 * sequence on every machine. Not for secrets: use uuid_v4() for those.
 */
#ifndef CENTINELA_BASE_RNG_H
#define CENTINELA_BASE_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4]; /* generator state, never all zero */
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform in [lo, hi]. */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
/* True with probability percent/100. */
int rng_chance(struct rng *r, unsigned percent);

#endif
