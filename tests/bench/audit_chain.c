/*
 * make bench: build an audit chain of N entries in a cache through the real
 * append path (store_audit_append, one transaction), so that the chain
 * `centinela audit verify` then walks is a valid one.
 *
 *   audit_chain CACHE N
 *
 * Prints the time the appends took.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "centinela/base/err.h"
#include "centinela/store/audit.h"
#include "centinela/store/store.h"

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const char *const actors[] = {"ana.lopez", "luis.ortega",
	                                     "marta.ruiz", "jorge.diaz"};
	struct store *s = NULL;
	char ref[32], detail[96];
	struct err e;
	long long n;
	double t0;
	char *end;

	if (argc != 3 || (n = strtoll(argv[2], &end, 10)) <= 0 || *end) {
		fprintf(stderr, "usage: audit_chain CACHE N\n");
		return 2;
	}
	err_clear(&e);
	if (store_open(argv[1], STORE_OPEN_SYNC_NORMAL, &s, &e) ||
	    store_begin(s, &e))
		goto fail;
	t0 = seconds();
	for (long long i = 1; i <= n; i++) {
		snprintf(ref, sizeof(ref), "MX-2026-%05lld", i % 50000 + 1);
		snprintf(detail, sizeof(detail),
		         "status: new -> triage; severity: 2 -> %lld", i % 5);
		if (store_audit_append(s, actors[i % 4], "incident.update",
		                       "incident", ref, i % 7 ? detail : NULL,
		                       &e))
			goto fail;
	}
	if (store_commit(s, &e))
		goto fail;
	printf("%lld entries appended in %.2f s\n", n, seconds() - t0);
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "audit_chain: %s\n", e.msg);
	store_close(s);
	return 1;
}
