#!/bin/sh
# make bench, NVD part 1: import and match the whole synthetic catalog.
#
#   nvd_import.sh DATA DB
#
# DATA is a directory written by tests/bench/gen_nvd.py (organizations.csv,
# assets.csv, nvd/cves-*.json); DB the cache to build (replaced). Imports
# the organizations and the assets, then the catalog's pages in one
# `centinela import nvd` (each page its own import with its audit entry,
# as a cache fed from saved API answers or the yearly feed files would be,
# written ten pages to a commit: app/import.h import_group_begin), each
# CVE matched against the assets as it arrives. Prints the time of
# each step and of the whole against the issue's 60 s, and the rows the
# cache then holds. Asserts nothing about time.
set -eu
: "${CENTINELA:?set CENTINELA to the binary}"
data=$1
db=$2
rm -f "$db" "$db-wal" "$db-shm"
now_ms() { date +%s%3N; }
sec() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

t0=$(now_ms)
"$CENTINELA" --create --db "$db" import organizations \
	"$data/organizations.csv" >/dev/null
"$CENTINELA" --db "$db" import assets "$data/assets.csv" >/dev/null
t1=$(now_ms)
"$CENTINELA" --db "$db" import nvd "$data"/nvd/cves-*.json >/dev/null
t2=$(now_ms)

q() { sqlite3 "$db" "$1"; }
echo
echo "import and match of the synthetic NVD catalog ($(q 'SELECT count(*) FROM vulnerability') CVEs," \
	"$(q "SELECT count(*) FROM vuln_detail, json_tree(configs) AS j WHERE j.key = 'c'") cpeMatch entries, $(q 'SELECT count(*) FROM asset') assets," \
	"$(q 'SELECT count(*) FROM asset_cpe') CPE names):"
printf '  %-36s %8s s\n' "organizations and assets" "$(sec "$t0" "$t1")"
printf '  %-36s %8s s  (%d files)\n' "import nvd, matched as they come" \
	"$(sec "$t1" "$t2")" "$(ls "$data"/nvd/cves-*.json | wc -l)"
printf '  %-36s %8s s  target < 60 s (%s x the target)\n' "whole" \
	"$(sec "$t0" "$t2")" \
	"$(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.2f", (b - a) / 60000 }')"
echo "  exposures found: $(q 'SELECT count(*) FROM exposure')" \
	"($(q 'SELECT count(DISTINCT asset_id) FROM exposure') assets," \
	"$(q 'SELECT count(DISTINCT vulnerability_id) FROM exposure') CVEs);" \
	"cache $(($(stat -c %s "$db") / 1048576)) MiB"
