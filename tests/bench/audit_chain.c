/*
 * make bench: build an audit chain of N entries in a cache through the real
 * append path (store_audit_append, one transaction), so that the chain
 * `centinela audit verify` then walks is a valid one.
 *
 *   audit_chain CACHE N [EDITS]
 *
 * Prints the time the appends took. With EDITS, then times EDITS appends
 * as changes make them, each in a transaction of its own after the
 * incremental check of the chain (store/audit.h), on the chain the cache
 * then holds (N may be 0: the chain already there), and as many checks
 * alone: the cost per change, which must not grow with the chain.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/err.h"
#include "centinela/store/audit.h"
#include "centinela/store/store.h"
#include "clock.h"

/*
 * edits appends on the chain of n entries, one transaction each as a change
 * makes (the incremental check included): prints edits per second.
 */
static int
timed_edits(struct store *s, long long edits, struct err *e)
{
	char detail[64];
	double t0 = seconds(), t;
	struct audit_verify r;
	int64_t n;

	if (store_audit_count(s, &n, e))
		return -1;

	for (long long i = 0; i < edits; i++) {
		snprintf(detail, sizeof(detail), "bench edit %lld", i);
		if (store_begin(s, e) ||
		    store_audit_append(s, "ana.lopez", "incident.note",
		                       "incident", "MX-2026-00001", detail,
		                       e) ||
		    store_commit(s, e))
			return -1;
	}
	t = seconds() - t0;
	printf("chain of %lld: %lld edits in %.3f s, %.0f edits/s, %.1f us "
	       "per edit\n",
	       (long long)n, edits, t, (double)edits / t,
	       t * 1e6 / (double)edits);
	/* the check alone, as the console makes it after a refusal */
	t0 = seconds();
	for (long long i = 0; i < edits; i++)
		if (store_audit_check(s, &r, e))
			return -1;
	t = seconds() - t0;
	printf("chain of %lld: %lld checks in %.3f s, %.1f us per check, "
	       "%lld entries re-hashed each\n",
	       (long long)n + edits, edits, t, t * 1e6 / (double)edits,
	       (long long)r.entries);
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *const actors[] = {"ana.lopez", "luis.ortega",
	                                     "marta.ruiz", "jorge.diaz"};
	struct store *s = NULL;
	char ref[32], detail[96];
	struct err e;
	long long n, edits = 0;
	double t0;
	char *end;

	if ((argc != 3 && argc != 4) || (n = strtoll(argv[2], &end, 10)) < 0 ||
	    *end || (argc == 3 && n == 0) ||
	    (argc == 4 &&
	     ((edits = strtoll(argv[3], &end, 10)) <= 0 || *end))) {
		fprintf(stderr, "usage: audit_chain CACHE N [EDITS]\n");
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
	if (n)
		printf("%lld entries appended in %.2f s\n", n, seconds() - t0);
	/* closed and opened again, as a change finds the cache: the build's
	 * log checkpointed, SQLite's page cache empty */
	store_close(s);
	s = NULL;
	if (edits && (store_open(argv[1], STORE_OPEN_SYNC_NORMAL, &s, &e) ||
	              timed_edits(s, edits, &e)))
		goto fail;
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "audit_chain: %s\n", e.msg);
	store_close(s);
	return 1;
}
