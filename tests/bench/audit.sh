#!/bin/sh
# make bench, part 4: `centinela audit verify` on a cache of a million audit
# entries and on its export, against the target of 2 s per million; then the
# cost of a change on that chain (the append with its incremental check of
# the chain, store/audit.h) against the same on a chain of a thousand: it
# must not grow with the chain.
#
# The chain is built through the real append path (store_audit_append in
# one transaction) by the bench helper $BENCH_AUDIT_CHAIN
# (tests/bench/audit_chain.c, built by `make bench`), so it is a valid one.
# BENCH_AUDIT_ENTRIES (default 1000000) sets its length. Prints figures (the
# best of BENCH_AUDIT_RUNS runs, default 3, wall clock and CPU); asserts
# nothing about time.
#
#   make bench                       # everything, this last
#   make build/default/tests/bench_audit_chain && \
#     CENTINELA=./centinela BENCH_AUDIT_CHAIN=build/default/tests/bench_audit_chain \
#     sh tests/bench/audit.sh       # this part alone
set -eu
: "${CENTINELA:?set CENTINELA to the binary}"
: "${BENCH_AUDIT_CHAIN:?set BENCH_AUDIT_CHAIN to the bench helper}"
n=${BENCH_AUDIT_ENTRIES:-1000000}
runs=${BENCH_AUDIT_RUNS:-3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/centinela-bench-audit-XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
export XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
db="$dir/audit.db"

echo
echo "bench: building an audit chain of $n entries (store_audit_append)..."
"$BENCH_AUDIT_CHAIN" "$db" "$n"
"$CENTINELA" --db "$db" audit export --output "$dir/audit.jsonl"
echo "  cache $(($(stat -c %s "$db") / 1048576)) MiB, export $(($(stat -c %s "$dir/audit.jsonl") / 1048576)) MiB"

# best RUNS ARGS...: the best wall-clock and CPU ms of runs of the command,
# as "wall cpu"; each run must print "intact".
best() {
	bw=0
	bc=0
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%e %U %S' -o "$dir/time" "$@" >"$dir/out"
		grep -q intact "$dir/out" || { cat "$dir/out"; exit 1; }
		w=$(awk '{ printf "%d", $1 * 1000 }' "$dir/time")
		c=$(awk '{ printf "%d", ($2 + $3) * 1000 }' "$dir/time")
		if [ $bw = 0 ] || [ "$w" -lt $bw ]; then bw=$w; fi
		if [ $bc = 0 ] || [ "$c" -lt $bc ]; then bc=$c; fi
		i=$((i + 1))
	done
	echo "$bw $bc"
}

cache=$(best "$CENTINELA" --db "$db" audit verify)
file=$(best "$CENTINELA" audit verify --file "$dir/audit.jsonl")
echo
echo "audit verify of $n entries (best of $runs runs, whole process; target 2 s per million;"
echo "ratio = time / target, below 1 is within it; cpu = user + sys, what a loaded machine does not inflate):"
printf '%s %s\n' "$cache" "$file" | awk -v n="$n" '{
	t = 2000 * n / 1000000
	printf "  centinela audit verify (cache)   %6.2f s wall %5.2f x   %6.2f s cpu %5.2f x\n", $1 / 1000, $1 / t, $2 / 1000, $2 / t
	printf "  centinela audit verify --file    %6.2f s wall %5.2f x   %6.2f s cpu %5.2f x\n", $3 / 1000, $3 / t, $4 / 1000, $4 / t
}'

# A change's cost: BENCH_AUDIT_EDITS (default 2000) appends, one
# transaction each, on the chain of n and on one of a thousand.
edits=${BENCH_AUDIT_EDITS:-2000}
"$BENCH_AUDIT_CHAIN" "$dir/small.db" 1000 "$edits" >"$dir/small"
"$BENCH_AUDIT_CHAIN" "$db" 0 "$edits" >"$dir/large"
echo
echo "a change on the chain (append with its incremental check, one transaction each; $edits of each):"
cat "$dir/small" "$dir/large" | sed -n 's/^chain/  chain/p'
awk '/edits in/ { e[++i] = $11 } /checks in/ { c[++j] = $9 }
	END { if (i == 2 && j == 2) printf "  ratio %d entries / 1000 entries: edit %.2f x, check %.2f x (1.00 x: the cost does not grow)\n", '"$n"', e[2] / e[1], c[2] / c[1] }' \
	"$dir/small" "$dir/large"
