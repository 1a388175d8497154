/*
 * CPE 2.3 names (model/cpe.h) and versions (model/version.h) on any
 * string. The input is one or two lines. Each line that parses as a name
 * formats to a canonical text that parses again to the same text, the
 * check-only parser agrees with the full one, and a name without wildcards
 * is EQUAL to itself; two names compare as mirror images (SUPERSET one way
 * is SUBSET the other) when neither has wildcards. The lines as versions
 * compare antisymmetrically, and each equal to itself.
 */
#include <stdio.h>

#include "centinela/base/err.h"
#include "centinela/model/cpe.h"
#include "centinela/model/version.h"
#include "fuzz.h"

static bool
has_wildcards(const struct cpe_name *n)
{
	for (int a = 0; a < CPE_N_ATTRS; a++)
		if (cpe_value_has_wildcards(&n->attr[a]))
			return true;
	return false;
}

static enum cpe_relation
mirror(enum cpe_relation r)
{
	if (r == CPE_REL_SUPERSET)
		return CPE_REL_SUBSET;
	if (r == CPE_REL_SUBSET)
		return CPE_REL_SUPERSET;
	return r;
}

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Parse s into *n; returns whether it parsed, after the round trip. */
static bool
check_name(const char *s, struct cpe_name *n)
{
	struct cpe_name again;
	struct cpe_key key;
	struct err e;
	char *once, *twice;
	bool ok = cpe_name_parse(n, s, &e) == 0;

	if (ok != cpe_name_valid(s)) {
		fprintf(stderr, "parse and check disagree on '%s'\n", s);
		abort();
	}
	if (!ok)
		return false;
	once = cpe_name_format(n);
	cpe_name_init(&again);
	if (cpe_name_parse(&again, once, &e) != 0) {
		fprintf(stderr, "canonical text does not parse: %s: %s\n", once,
		        e.msg);
		abort();
	}
	twice = cpe_name_format(&again);
	if (strcmp(once, twice) != 0) {
		fprintf(stderr, "not canonical: '%s' then '%s'\n", once, twice);
		abort();
	}
	if (!has_wildcards(n) &&
	    (cpe_name_compare(n, &again) != CPE_REL_EQUAL ||
	     !cpe_name_matches(n, &again))) {
		fprintf(stderr, "'%s' is not equal to itself\n", once);
		abort();
	}
	cpe_key_init(&key);
	cpe_name_key(n, &key);
	cpe_key_release(&key);
	free(once);
	free(twice);
	cpe_name_release(&again);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *t = strchr(s, '\n');
	struct cpe_name a, b;
	bool has_a, has_b = false;

	if (t)
		*t++ = '\0';
	cpe_name_init(&a);
	cpe_name_init(&b);
	has_a = check_name(s, &a);
	if (t)
		has_b = check_name(t, &b);
	if (has_a && has_b && !has_wildcards(&a) && !has_wildcards(&b) &&
	    cpe_name_compare(&a, &b) != mirror(cpe_name_compare(&b, &a))) {
		fprintf(stderr, "comparison is not mirrored: '%s' '%s'\n", s,
		        t);
		abort();
	}
	if (version_compare(s, s) != 0 ||
	    (t &&
	     sign(version_compare(s, t)) != -sign(version_compare(t, s)))) {
		fprintf(stderr, "version order broken: '%s' '%s'\n", s,
		        t ? t : "");
		abort();
	}
	cpe_name_release(&a);
	cpe_name_release(&b);
	free(s);
	return 0;
}
