#!/bin/sh
# make bench: the NVD catalog matched to the assets (issue 13).
#
# 1. Generates, once, a synthetic catalog of 250,000 CVEs (about 1.5
#    million cpeMatch rows, NVD CVE API 2.0 pages of 2000) and an inventory
#    of 50,000 assets with 100,000 CPE names (tests/bench/gen_nvd.py) into
#    BENCH_NVD_DIR/nvd-250k (default build/bench), and reuses it after.
# 2. Imports and matches it all into BENCH_NVD_DIR/nvd-250k.db
#    (tests/bench/nvd_import.sh), against the issue's 60 s.
# 3. Matches one CVE against all the assets and one asset against all the
#    CVEs ($BENCH_EXPOSURE_MATCH, tests/bench/exposure_match.c), against
#    5 ms; and times importing one new CVE, the whole process.
# 4. The console on that cache (tests/bench/console.sh): the
#    vulnerabilities list, and the exposures list when the binary has it.
# BENCH_NVD_CVES and BENCH_NVD_ASSETS change the sizes (another directory
# then). Prints figures; asserts nothing about time.
set -eu
: "${CENTINELA:?set CENTINELA to the binary}"
: "${BENCH_EXPOSURE_MATCH:?set BENCH_EXPOSURE_MATCH to the bench helper}"
here=$(cd "$(dirname "$0")" && pwd)
cves=${BENCH_NVD_CVES:-250000}
assets=${BENCH_NVD_ASSETS:-50000}
top=${BENCH_NVD_DIR:-build/bench}
name=nvd-$((cves / 1000))k
[ "$assets" = 50000 ] || name=$name-$assets
data=$top/$name
db=$top/$name.db
tmp=$(mktemp -d "${TMPDIR:-/tmp}/centinela-bench-nvd-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
	XDG_STATE_HOME="$tmp/state"

if [ ! -f "$data/summary.txt" ]; then
	echo "bench: generating the NVD catalog ($cves CVEs, $assets assets) into $data..."
	rm -rf "$data"
	python3 "$here/gen_nvd.py" "$data.tmp" "$cves" "$assets"
	mv "$data.tmp" "$data"
fi

sh "$here/nvd_import.sh" "$data" "$db"
sync

"$BENCH_EXPOSURE_MATCH" "$db" 500

# A new CVE on the whole cache, imported and matched: the whole process,
# in a copy of the cache so that it finds the CVE new.
cp "$db" "$tmp/one.db"
sync # or the commit's fsync writes the whole copy back
t0=$(date +%s%6N)
"$CENTINELA" --db "$tmp/one.db" import nvd "$data/new-cve.json" >/dev/null
t1=$(date +%s%6N)
rm -f "$tmp/one.db"*
printf '  %-36s %6.2f ms   (the process, commit included)\n' \
	"import nvd of one new CVE" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1000 }')"

# The console on the NVD cache: one line per list.
BENCH_CONSOLE_DB=$db BENCH_CONSOLE_SIZES=80x24 BENCH_CONSOLE_VIEW=vulnerabilities \
	BENCH_CONSOLE_TEXT=overflow BENCH_CONSOLE_FACET=kev:yes sh "$here/console.sh"
if "$CENTINELA" --db "$db" list exposures --limit 1 >/dev/null 2>&1; then
	BENCH_CONSOLE_DB=$db BENCH_CONSOLE_SIZES="80x24 200x50" BENCH_CONSOLE_VIEW=exposures \
		BENCH_CONSOLE_TEXT=asset-000106 BENCH_CONSOLE_FACET=kev:yes sh "$here/console.sh"
else
	echo "  (no exposures list in this binary: its console figures are not measured)"
fi
