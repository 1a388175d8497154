/*
 * Product versions as NVD writes them in CPE names and in the version
 * bounds of a cpeMatch (versionStartIncluding and the others).
 *
 * A version is read as a sequence of tokens: runs of digits (numbers) and
 * runs of letters (words, compared in lower case); every other character
 * ('.', '-', '_', '+', '~', ...) only separates tokens. A leading "v" or
 * "V" before a digit is dropped ("v2.1" is "2.1"). Tokens are compared in
 * order, and the first difference decides:
 *
 *   - number with number: numerically, of any length ("2.4.9" < "2.4.10",
 *     "1.0.03.24" > "1.0.03.3", leading zeros do not count);
 *   - a pre-release word ranks below anything else at its place: "dev" and
 *     "snapshot" < "alpha" < "beta" < "pre" and "preview" < "rc" and "cr"
 *     ("1.0rc1" < "1.0", "1.0-beta" < "1.0", "1.0-beta" < "1.0-rc1",
 *     "1.0rc1" < "1.0.1");
 *   - any other word is a post-release mark (a patch letter or "p", "r",
 *     "sp", "patch", "update", ...): above the end of the version, below a
 *     number at the same place, and ordered by its letters among such words
 *     ("1.0" < "1.0a" < "1.0b" < "1.0.1", "7.0" < "7.0p1" < "7.0p2",
 *     "r2" < "r10");
 *   - when one version ends, its missing tokens count as number 0 against
 *     numbers of the other ("1.0" == "1.0.0", "5.2" < "5.2.9"), and against a
 *     word by the word's rule above ("1.0" > "1.0.0rc1", "1.0" < "1.0.0p1").
 *
 * This is the order NVD bounds expect of the versions it lists; no order is
 * right for every scheme (a date "2021-01-05" compares fine, a build hash
 * does not), which is why a name's version is only compared with bounds
 * NVD gave for that product.
 */
#ifndef CENTINELA_MODEL_VERSION_H
#define CENTINELA_MODEL_VERSION_H

#include <stdbool.h>

/*
 * Compare two versions (borrowed, NUL-terminated) by the rules above: < 0
 * when a is older than b, 0 when they are the same version, > 0 when a is
 * newer. Never fails: any string is a version.
 */
int version_compare(const char *a, const char *b);

/*
 * The four version bounds of an NVD cpeMatch; each may be NULL (absent).
 * A version is within them when it is >= start_including, > start_excluding,
 * <= end_including and < end_excluding, for each bound present. NVD gives at
 * most one start and one end bound, but all four are honoured together.
 */
struct version_bounds {
	char *start_including; /* versionStartIncluding (owned, may be NULL) */
	char *start_excluding; /* versionStartExcluding (owned, may be NULL) */
	char *end_including;   /* versionEndIncluding (owned, may be NULL) */
	char *end_excluding;   /* versionEndExcluding (owned, may be NULL) */
};

void version_bounds_init(struct version_bounds *b);
void version_bounds_release(struct version_bounds *b);

/* Copy src's bounds into dst (initialized; its old bounds are released). */
void version_bounds_copy(struct version_bounds *dst,
                         const struct version_bounds *src);

/* True when no bound is present. */
bool version_bounds_empty(const struct version_bounds *b);

/*
 * True when version (borrowed) is within every bound present in b (also
 * when none is). The caller decides what a name without a concrete version
 * means; see cpe_match_satisfied() in cpe_config.h.
 */
bool version_within(const char *version, const struct version_bounds *b);

#endif
