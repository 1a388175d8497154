#!/bin/sh
# make bench: import and list figures on a million-alert cache.
#
# 1. Import BENCH_FILES x BENCH_PER_FILE native-format alerts (default
#    10 x 100000) with `centinela import alerts`, one file per transaction;
#    then load the same files into a fresh cache of the same schema with
#    SQLite's own INSERT ... SELECT ... FROM json_each(readfile(...)), and
#    print both rates and their ratio.
# 2. Time `centinela list alerts --limit 50` at the first page and at a
#    page near the end (keyset: the two should be about equal).
# 3. The console figures: tests/bench/console.sh (BENCH_CONSOLE_SCALE).
# 4. audit verify on a million-entry chain and on its export:
#    tests/bench/audit.sh (BENCH_AUDIT_ENTRIES).
# 5. Notes of one second merged into one incident: tests/bench/notes.sh.
# 6. Peak memory of importing 10, 58 and 200 MB alerts files:
#    tests/bench/import_memory.sh.
# 7. The NVD catalog of 250,000 CVEs matched to 50,000 assets (import,
#    one change matched, the console on it): tests/bench/nvd.sh, its data
#    generated once into BENCH_NVD_DIR.
# Prints figures; asserts nothing about time.
set -eu
: "${CENTINELA:?set CENTINELA to the binary}"
here=$(cd "$(dirname "$0")" && pwd)
files=${BENCH_FILES:-10}
per=${BENCH_PER_FILE:-100000}
runs=${BENCH_LIST_RUNS:-20}
dir=$(mktemp -d "${TMPDIR:-/tmp}/centinela-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
export XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"

ms() { date +%s%3N; }

echo "bench: generating $files x $per native-format alerts..."
python3 "$here/gen_alerts.py" "$dir" "$files" "$per"
total=$((files * per))
bytes=$(cat "$dir"/alerts-*.json | wc -c)

ours="$dir/ours.db"
t0=$(ms)
for f in "$dir"/alerts-*.json; do
	"$CENTINELA" --create --db "$ours" import alerts "$f" >/dev/null
done
t1=$(ms)
ours_ms=$((t1 - t0))

base="$dir/sqlite.db"
"$CENTINELA" --create --db "$base" db check >/dev/null # same schema, empty
t0=$(ms)
for f in "$dir"/alerts-*.json; do
	sqlite3 "$base" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO alert (source, remote_id, version, title, description, severity,
	tlp, taxonomy_class, taxonomy_type, feed_name, feed_provider,
	observed_at, received_at, status, sector, event_hash, raw_json,
	created_at, updated_at)
SELECT 'local', j.value->>'id', j.value->>'version', j.value->>'title',
	j.value->>'description',
	CASE j.value->>'severity' WHEN 'info' THEN 1 WHEN 'low' THEN 2
		WHEN 'medium' THEN 3 WHEN 'high' THEN 4 ELSE 5 END,
	CASE j.value->>'tlp' WHEN 'clear' THEN 0 WHEN 'green' THEN 1
		WHEN 'amber' THEN 2 WHEN 'amber+strict' THEN 3 ELSE 4 END,
	j.value->>'\$.taxonomy.class', j.value->>'\$.taxonomy.type',
	j.value->>'\$.feed.name', j.value->>'\$.feed.provider',
	unixepoch(j.value->>'observed_at'), unixepoch(j.value->>'received_at'),
	j.value->>'status', j.value->>'sector', j.value->>'id', j.value,
	unixepoch(), unixepoch()
FROM json_each(readfile('$f'), '\$.data') AS j;
INSERT INTO alert_observable (alert_id, type, value)
SELECT a.id, o.value->>'type', o.value->>'value'
FROM json_each(readfile('$f'), '\$.data') AS j
CROSS JOIN alert AS a
CROSS JOIN json_each(j.value, '\$.observables') AS o
WHERE a.source = 'local' AND a.remote_id = j.value->>'id';
COMMIT;
SQL
done
t1=$(ms)
base_ms=$((t1 - t0))

echo
echo "import of $total native-format alerts ($((bytes / 1048576)) MiB of JSON, $files files):"
awk -v n="$total" -v a="$ours_ms" -v b="$base_ms" 'BEGIN {
	printf "  centinela import alerts      %8.2f s  %9.0f rows/s\n", a / 1000, n / (a / 1000)
	printf "  sqlite3 INSERT..json_each    %8.2f s  %9.0f rows/s\n", b / 1000, n / (b / 1000)
	printf "  ratio centinela / sqlite     %8.2f x  (sqlite does no validation, no event hash)\n", a / b
}'
rows=$(sqlite3 "$ours" "SELECT count(*) FROM alert")
echo "  rows in the cache: $rows"

# A key near the end of the default order (newest first): the 100th oldest.
key=$(sqlite3 "$ours" "SELECT 'n:' || observed_at || ':' || id FROM alert
	ORDER BY observed_at, id LIMIT 1 OFFSET 100")
time_list() { # label args...
	label=$1
	shift
	t0=$(ms)
	i=0
	while [ $i -lt "$runs" ]; do
		"$CENTINELA" --db "$ours" list alerts --limit 50 "$@" >/dev/null
		i=$((i + 1))
	done
	t1=$(ms)
	echo $(((t1 - t0) * 1000 / runs))
}
first_us=$(time_list first)
last_us=$(time_list last --after "$key")
echo
echo "list alerts --limit 50 on $rows alerts (mean of $runs runs, whole process):"
awk -v f="$first_us" -v l="$last_us" 'BEGIN {
	printf "  first page                   %8.2f ms\n", f / 1000
	printf "  page near the end            %8.2f ms\n", l / 1000
	printf "  ratio end / first            %8.2f x\n", l / f
}'

# 3. The console on a demo cache (tests/bench/console.sh).
sh "$here/console.sh"

# 4. audit verify on a million-entry chain (tests/bench/audit.sh).
sh "$here/audit.sh"

# 5. Notes of one second and author (tests/bench/notes.sh).
echo
sh "$here/notes.sh"

# 6. Peak memory of large imports (tests/bench/import_memory.sh).
echo
sh "$here/import_memory.sh"

# 7. The NVD catalog matched to the assets (tests/bench/nvd.sh).
echo
sh "$here/nvd.sh"
