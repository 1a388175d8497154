#!/bin/sh
# Run the integration tests:
# - test_sim.py: the self-test of contrib/central-sim, with $PARSE_CHECK
#   (tests/integration/parse_check.c, built by `make integration-test`)
#   proving that every object the simulator serves passes the client's
#   native parser, and $CENTINELA (the binary) importing them into a cache;
# - test_sync.py: the real binary's `sync`, `outbox` and `sources` against
#   the simulator (pulls, 304s, KEV, every fault, token checks, outage
#   replay, conflicts);
# - test_feeds.py: the nvd source against the simulator's NVD CVE API
#   2.0 (the whole catalog paged, lastMod windows of at most 120 days, the
#   apiKey header, the public rate limit across processes, 403 asked
#   again) and malformed NVD, KEV and EPSS records named by their CVE;
# - test_csaf.py: a csaf source on the simulator serving a provider
#   directory (--csaf DIR): what `bulletin publish --dir` wrote imported
#   back unchanged, an unchanged provider costing its metadata and feeds,
#   a revision fetched again, a tampered document refused with its URL,
#   the CSAF examples served as a directory provider;
# - test_offline.py: every analyst action (incident and alert edits) made
#   while the simulator is down is replayed once when it returns, and a
#   change the server made meanwhile becomes a conflict;
# - test_outbox.py: answers that cannot be read are sent again under their
#   key, refused entries wait for the analyst (retry, drop), edits behind a
#   create, promote or merge are rebased, Retry-After holds later syncs;
# - crash.py: the edit commands and `centinela sync` killed with SIGKILL
#   (mid-edit, mid-replay, mid-ingest) while notes, acknowledgements, field
#   updates, creates, promotes and merges are queued, then both ends
#   compared, $CRASH_TRIALS times (default 200; 0 skips it).
# Arguments select tests of the test_*.py files by name (crash.py
# is then skipped). Prints "integration: N passed, N failed" and fails on
# any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
	echo "integration: python3 is missing (contrib/deps installs it)" >&2
	echo "integration: 0 passed, 1 failed"
	exit 1
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
passed=0
failed=0
status=0
run() {
	python3 "$@" | tee "$out"
	# Each script ends with "...: N passed, N failed".
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
	[ "${f:-1}" = 0 ] || status=1
}
run "$here/test_sim.py" "$@"
run "$here/test_sync.py" "$@"
run "$here/test_feeds.py" "$@"
run "$here/test_csaf.py" "$@"
run "$here/test_offline.py" "$@"
run "$here/test_outbox.py" "$@"
if [ $# = 0 ] && [ "${CRASH_TRIALS:-200}" != 0 ]; then
	run "$here/crash.py" "${CRASH_TRIALS:-200}"
fi
echo "integration: $passed passed, $failed failed"
exit $status
