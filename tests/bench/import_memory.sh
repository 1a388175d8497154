#!/bin/sh
# Peak memory of `centinela import alerts` as the file grows: one file of
# native-format alerts per size (tests/bench/gen_alerts.py, about 490 bytes
# an alert), imported into a fresh cache under /usr/bin/time -v. An import
# reads and applies the file a page at a time, so the peak must not grow
# with the file.
#
#   CENTINELA=build/default/centinela sh tests/bench/import_memory.sh [MB...]
#
# Default sizes: 10 58 200 (MB). Prints figures; asserts nothing.
set -eu
: "${CENTINELA:?set CENTINELA to the binary}"
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/centinela-bench-mem-XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
export XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
[ $# -gt 0 ] || set -- 10 58 200
if [ ! -x /usr/bin/time ]; then
	echo "import_memory: SKIP: /usr/bin/time is missing (apt-get install time)"
	exit 0
fi

printf '%-8s %10s %10s %14s %10s %10s\n' file alerts MiB "peak RSS MiB" \
	elapsed "cpu s"
for mb in "$@"; do
	n=$((mb * 1000000 / 490))
	mkdir -p "$dir/gen"
	python3 "$here/gen_alerts.py" "$dir/gen" 1 "$n"
	f="$dir/gen/alerts-00.json"
	bytes=$(wc -c <"$f")
	/usr/bin/time -v -o "$dir/time" "$CENTINELA" --create --db "$dir/m.db" \
		import alerts "$f" >/dev/null
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
	el=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time")
	us=$(sed -n 's/.*User time (seconds): //p' "$dir/time")
	sy=$(sed -n 's/.*System time (seconds): //p' "$dir/time")
	awk -v mb="$mb" -v n="$n" -v b="$bytes" -v r="$rss" -v t="$el" \
		-v c="$us" -v s="$sy" 'BEGIN {
		printf "%-8s %10d %10.1f %14.1f %10s %10.1f\n", mb " MB", n,
		    b / 1048576, r / 1024, t, c + s }'
	rm -rf "$dir/gen" "$dir/m.db" "$dir/m.db-wal" "$dir/m.db-shm"
done
