#!/bin/sh
# make fuzz: run every libFuzzer target of tests/fuzz/ for FUZZ_TIME
# seconds (default 60) each, one after the other.
#
# Each target keeps its corpus in $FUZZ_DIR/corpus/NAME (default
# build/fuzz/corpus), seeded on the first run from the repository's test
# data and, when present, the real-format fixtures ($CENTINELA_FIXTURES;
# read, never copied into the repository). A crash leaves its input in
# $FUZZ_DIR/crashes/ and stops the run with libFuzzer's report; add it as
# a regression test to the Check suite of its parser.
#
#   FUZZ_BIN=build/fuzz/tests sh tests/fuzz/run.sh [NAME...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${FUZZ_BIN:?set FUZZ_BIN to the folder of the fuzz targets}"
time=${FUZZ_TIME:-60}
dir=${FUZZ_DIR:-$top/build/fuzz}
data="$top/tests/data/import"
fixtures=${CENTINELA_FIXTURES:-}
[ $# -gt 0 ] || set -- $(cd "$FUZZ_BIN" && ls fuzz_* | sed 's/^fuzz_//')

# seed NAME FILE...: copy the readable files into NAME's corpus.
seed() {
	name=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$dir/corpus/$name/" 2>/dev/null || true
	done
}

mkdir -p "$dir/crashes"
for name in "$@"; do
	mkdir -p "$dir/corpus/$name"
	if [ -z "$(ls -A "$dir/corpus/$name")" ]; then
		case $name in
		inventory_csv) seed "$name" "$data"/*.csv ;;
		feed_centinela | feed_stream) seed "$name" "$data"/*.json ;;
		feed_kev) [ -n "$fixtures" ] && seed "$name" "$fixtures"/kev/*.json "$fixtures"/kev/*.csv ;;
		feed_epss) [ -n "$fixtures" ] && seed "$name" "$fixtures"/epss/*.csv ;;
		feed_nvd) [ -n "$fixtures" ] && seed "$name" "$fixtures"/nvd/api2_responses/*.json ;;
		cpe) # one seed per CPE name of the NVD fixtures
			[ -n "$fixtures" ] && grep -rhoE 'cpe:2\.3:[^"]*' \
				"$fixtures"/nvd/api2_responses 2>/dev/null |
				sort -u | while read -r c; do
					printf '%s' "$c" >"$dir/corpus/$name/$(printf '%s' "$c" | cksum | cut -d' ' -f1)"
				done ;;
		nvd_config) # one seed per CVE's configurations array
			[ -n "$fixtures" ] && python3 -c '
import json, sys, zlib
for f in sys.argv[2:]:
    for v in json.load(open(f)).get("vulnerabilities", []):
        t = json.dumps(v["cve"].get("configurations", [])).encode()
        open("%s/%08x" % (sys.argv[1], zlib.crc32(t)), "wb").write(t)
' "$dir/corpus/$name" "$fixtures"/nvd/api2_responses/*.json ;;
		*) ;;
		esac
	fi
	echo "fuzz: $name for ${time}s"
	"$FUZZ_BIN/fuzz_$name" -max_total_time="$time" -max_len=65536 \
		-timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/crashes/$name-" "$dir/corpus/$name" 2>&1 |
		grep -v '^#[0-9]' || true
	if ls "$dir/crashes/$name-"* >/dev/null 2>&1; then
		echo "fuzz: $name: crash inputs in $dir/crashes/"
		exit 1
	fi
done
echo "fuzz: $# targets clean"
