#!/bin/sh
# Notes merged into one incident when they share a timestamp and an author
# (a bulk migration at the server, a script that writes many notes in one
# second): `centinela import incidents` of one incident with N such notes,
# with and without note ids, then the same file again (every note already
# there). Each merge must be a lookup, so the time grows with N, not N^2.
#
#   CENTINELA=build/default/centinela sh tests/bench/notes.sh [N...]
#
# Default N: 8000 100000. BENCH_NOTES_TIMEOUT (seconds, default 300) stops
# a run that takes longer. Prints figures; asserts nothing about time.
set -eu
: "${CENTINELA:?set CENTINELA to the binary}"
limit=${BENCH_NOTES_TIMEOUT:-300}
dir=$(mktemp -d "${TMPDIR:-/tmp}/centinela-bench-notes-XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
export XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
[ $# -gt 0 ] || set -- 8000 100000

ms() { date +%s%3N; }

# gen N IDS FILE: one incident with N notes of one author and one second.
gen() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
n, ids, path = int(sys.argv[1]), sys.argv[2] == "ids", sys.argv[3]
notes = []
for i in range(n):
    note = {"author": "bulk.migration", "created_at": "2026-03-01T11:20:00Z",
            "body": "Migrated from the old ticket system, entry %d." % i}
    if ids:
        note["id"] = "n-%d" % i
    notes.append(note)
json.dump([{"id": "i-1", "reference": "MX-2026-00001", "title": "Bulk",
            "category": "other", "severity": "low",
            "opened_at": "2026-03-01T11:00:00Z", "notes": notes}],
          open(path, "w"))
PY
}

# run DB FILE: seconds of one import, or "> LIMIT s" when stopped.
run() {
	t0=$(ms)
	if timeout "$limit" "$CENTINELA" --create --db "$1" import incidents "$2" \
		>/dev/null; then
		t1=$(ms)
		awk -v d=$((t1 - t0)) 'BEGIN { printf "%8.2f s", d / 1000 }'
	else
		printf '   > %s s' "$limit"
	fi
}

printf '%-8s %-9s %12s %12s\n' notes ids import re-import
for n in "$@"; do
	for ids in ids no-ids; do
		f="$dir/notes-$n-$ids.json"
		db="$dir/notes-$n-$ids.db"
		gen "$n" "$ids" "$f"
		first=$(run "$db" "$f")
		again=$(run "$db" "$f")
		printf '%-8s %-9s %12s %12s\n' "$n" "$ids" "$first" "$again"
		rm -f "$db" "$db-wal" "$db-shm" "$f"
	done
done
