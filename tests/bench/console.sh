#!/bin/sh
# make bench: console figures on a demo cache of about a million alerts.
#
# Builds a cache with `centinela demo-data --scale BENCH_CONSOLE_SCALE`
# (default 25: 1,000,000 alerts) and BENCH_CONSOLE_SHAPE (default
# "--incidents 100000 --assets 50000") unless BENCH_CONSOLE_DB names an
# existing one, then runs the real binary in a private tmux server at
# 80x24 and at 200x50 with --trace-frames and sends keys one at a time,
# waiting for each key's trace line. Prints, with the targets beside them:
# exec to first frame (p50 and max of six starts), p50/p99 per key for j,
# PgDn, G and g (on the alerts view; G and g 30 times each), PgDn near
# the end against the first rows (in alternating rounds), p95 per filter
# keystroke (the debounced filter applied after each key), bytes for a j
# that moves the selection, a j that scrolls and a PgDn, the write calls
# of a PgDn, bytes in 10 idle seconds and resident memory. Asserts nothing about time. BENCH_CONSOLE_TAGS=PREFIX keeps the
# per-key trace lines of each size in PREFIX.WxH. Then the dashboard,
# against the issue's 50 ms: D opens it (the tab is added and drawn from
# the figures read ahead on an idle turn), then r reads it again ten times
# in the foreground (the whole read, and a draw when a figure changed);
# last, D typed ahead into five fresh consoles, read before anything is
# read ahead (the worst case of opening it).
#
# BENCH_CONSOLE_VIEW=NAME measures the list of that view instead of the
# alerts (opened with `:view NAME`, one key at a time), with the filter
# texts BENCH_CONSOLE_TEXT (default ransomware) and BENCH_CONSOLE_FACET
# (default severity:high); BENCH_CONSOLE_SIZES (default "80x24 200x50")
# the terminal sizes. tests/bench/nvd.sh uses them on the NVD cache.
set -eu
: "${CENTINELA:?set CENTINELA to the binary}"
scale=${BENCH_CONSOLE_SCALE:-25}
# The issue's shape: 1M alerts (scale 25), 100k incidents, 50k assets.
shape=${BENCH_CONSOLE_SHAPE:---incidents 100000 --assets 50000}
idle=${BENCH_CONSOLE_IDLE:-10}
view=${BENCH_CONSOLE_VIEW:-}
text=${BENCH_CONSOLE_TEXT:-ransomware}
facet=${BENCH_CONSOLE_FACET:-severity:high}
sizes=${BENCH_CONSOLE_SIZES:-80x24 200x50}
dir=$(mktemp -d "${TMPDIR:-/tmp}/centinela-console-XXXXXX")
# One tmux server per console: a new one on the socket of a server that is
# still exiting fails ("server exited unexpectedly").
sock=
socks=
cleanup() {
	for s in $socks; do
		tmux -L "$s" kill-server 2>/dev/null || true
	done
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
export XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data" \
	XDG_STATE_HOME="$dir/state"

tm() { tmux -L "$sock" -f /dev/null "$@"; }
# use_server NAME: the tmux server of the next console.
use_server() {
	sock="centinela-bench-$$-$1"
	socks="$socks $sock"
}
now_us() { date +%s%6N; }

db=${BENCH_CONSOLE_DB:-}
if [ -z "$db" ]; then
	db="$dir/cache.db"
	echo "bench: building the console cache (demo-data --scale $scale)..."
	t0=$(now_us)
	"$CENTINELA" --create --db "$db" demo-data --scale "$scale" $shape \
		--now 2026-11-29T03:00:00Z >/dev/null
	t1=$(now_us)
	gen_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
	# The kernel writes the new gigabyte back for a while; measured
	# during that, the later keys (PgDn near the end) came out up to
	# 1.9x the first ones.
	sync
else
	gen_s=
fi
count() { sqlite3 "$db" "SELECT count(*) FROM $1"; }
echo
if [ -n "$gen_s" ]; then
	echo "console on a demo cache (scale $scale, built in $gen_s s):"
else
	echo "console on the cache $db:"
fi
echo "  $(count alert) alerts, $(count incident) incidents," \
	"$(count asset) assets, $(count organization) organizations" \
	"(the issue asks for 1000000 / 100000 / 50000)"

trace="$dir/trace"
nlines() { if [ -f "$trace" ]; then wc -l <"$trace"; else echo 0; fi; }

# wait_lines N: until the trace has N lines (up to 10 s). Functions share
# the script's variables: each uses names of its own.
wait_lines() {
	tries=0
	while [ "$(nlines)" -lt "$1" ]; do
		tries=$((tries + 1))
		[ $tries -lt 2000 ] || {
			echo "bench: no trace line $1" >&2
			return 1
		}
		sleep 0.005
	done
}

# key PHASE KEY [FILTER]: send KEY, wait for its line (and, with FILTER,
# the debounced filter's line), tag the new lines with PHASE.
key() {
	had=$(nlines)
	tm send-keys -t 0 "$2"
	want=$((had + 1))
	[ $# -lt 3 ] || want=$((had + 2))
	wait_lines "$want"
	sed -n "$((had + 1)),\$p" "$trace" | sed "s/^/$1 /" >>"$dir/tagged"
}

# stat REGEX FIELD P: the P-th percentile (nearest rank) of FIELD (us or
# bytes) over the tagged lines matching REGEX (a phase name alone matches
# that phase; key=-2 lines are filter applications).
stat() {
	case $1 in
	*" "*) re=$1 ;;
	*) re="^$1 " ;;
	esac
	grep -E "$re" "$dir/tagged" | sed -n "s/.* $2=\([0-9]*\).*/\1/p" |
		sort -n | awk -v p="$3" '{ v[NR] = $1 } END {
			if (!NR) { print "-"; exit }
			i = int((p * NR + 99) / 100); if (i < 1) i = 1
			print v[i] }'
}
# first_frame: the tagged line of the console just started: microseconds
# from the shell's exec (the time in $dir/t0) to its first frame.
first_frame() {
	t0=$(cat "$dir/t0")
	first=$(sed -n 's/^first realtime_us=\([0-9]*\).*/\1/p' "$trace")
	echo "first us=$((first - t0))"
}
# to_view PHASE: the list measured: tab 2 (alerts) or `:view NAME`.
to_view() {
	if [ -z "$view" ]; then
		key "$1" 2
		return
	fi
	for c in : v i e w Space $(printf '%s' "$view" | sed 's/./& /g'); do
		key "$1" "$c"
	done
	key view_open Enter
}
# type_chars PHASE TEXT: send TEXT a character at a time, each with the
# debounced filter's line.
type_chars() {
	for c in $(printf '%s' "$2" | sed 's/./& /g'); do
		key "$1" "$c" apply
	done
}
ms() { awk -v v="$1" 'BEGIN { if (v == "-") print "-"; else printf "%.2f", v / 1000 }'; }

run() { # W H
	w=$1
	h=$2
	list_h=$((h - 4)) # tab bar, header, status, message
	rm -f "$trace" "$dir/tagged"
	: >"$dir/tagged"
	use_server "${w}x$h"
	tm new-session -d -x "$w" -y "$h" \
		"date +%s%6N >'$dir/t0'; exec '$CENTINELA' --db '$db' --trace-frames '$trace'"
	wait_lines 1
	pid=$(tm display-message -p -t 0 '#{pane_pid}')
	first_frame >>"$dir/tagged"

	to_view tab # the alerts view, or BENCH_CONSOLE_VIEW
	i=0
	while [ $i -lt $((list_h + 30)) ]; do
		if [ $i -lt $((list_h - 1)) ]; then
			key jmove j
		else
			key jscroll j
		fi
		i=$((i + 1))
	done
	# 30 of each, so that the p99 is not merely the slowest of a few
	i=0
	while [ $i -lt 30 ]; do
		key G G
		key g g
		i=$((i + 1))
	done
	# PgDn from the first rows and toward the end, in four alternating
	# rounds of five, so that a slow spell of the machine weighs on both
	# sides of the ratio alike.
	r=0
	while [ $r -lt 4 ]; do
		key top g
		for _ in 1 2 3 4 5; do key pgdn_first NPage; done
		key G G
		for _ in 1 2 3 4 5; do key pgup PPage; done
		for _ in 1 2 3 4 5; do key pgdn_end NPage; done
		r=$((r + 1))
	done
	key top g

	key filter_open /
	type_chars ftext "$text"
	key filter_close Escape
	key filter_open /
	type_chars ffacet "$facet"
	key filter_close Escape

	# The dashboard: opened once, then read again with r.
	key dash_open D
	i=0
	while [ $i -lt 10 ]; do
		key dash_reread r
		i=$((i + 1))
	done
	to_view tab

	# Idle means nothing left to do: the counts of the cleared filter
	# come on idle turns first; wait until output has stopped for 1 s.
	w0=-1
	for _ in $(seq 30); do
		written=$(sed -n 's/^wchar: //p' "/proc/$pid/io")
		[ "$written" = "$w0" ] && break
		w0=$written
		sleep 1
	done
	sleep "$idle"
	w1=$(sed -n 's/^wchar: //p' "/proc/$pid/io")
	hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
	rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
	tm send-keys -t 0 q
	tm kill-server 2>/dev/null || true

	# Five fresh consoles: exec to first frame again (one start is too
	# few on a shared machine), and the dashboard in the worst case: D
	# typed ahead, so that the console reads it right after its first
	# frame, before any idle turn has read the figures ahead, with
	# SQLite's page cache empty. The whole read is in the key's frame.
	n=0
	while [ $n -lt 5 ]; do
		rm -f "$trace"
		use_server "${w}x$h-fresh$n"
		tm new-session -d -x "$w" -y "$h" \
			"date +%s%6N >'$dir/t0'; exec '$CENTINELA' --db '$db' --trace-frames '$trace'"
		tm send-keys -t 0 D
		wait_lines 2
		sed -n 2p "$trace" | sed "s/^/dash_cold /" >>"$dir/tagged"
		tm send-keys -t 0 q
		first_frame >>"$dir/tagged"
		tm kill-server 2>/dev/null || true
		n=$((n + 1))
	done
	[ -z "${BENCH_CONSOLE_TAGS:-}" ] || cp "$dir/tagged" "$BENCH_CONSOLE_TAGS.${w}x$h"

	jb=$(stat jscroll bytes 50)
	jbmax=$(stat jscroll bytes 100)
	echo
	echo "console at ${w}x${h} (${view:-alerts} view):"
	printf '  %-36s %10s   %s\n' "figure" "measured" "target"
	printf '  %-36s %10s   <= 50 ms\n' "exec to first frame p50 / max ms" \
		"$(ms "$(stat first us 50)") / $(ms "$(stat first us 100)")"
	[ -z "$view" ] || printf '  %-36s %10s   <= 50 ms\n' \
		"open the view (Enter) min / max ms" \
		"$(ms "$(stat view_open us 1)") / $(ms "$(stat view_open us 100)")"
	for p in jmove:j jscroll:j pgdn_first:PgDn G:G g:g; do
		ph=${p%%:*}
		label=${p#*:}
		[ "$ph" = jmove ] && label="j (selection moves)"
		[ "$ph" = jscroll ] && label="j (list scrolls)"
		printf '  %-36s %10s   <= 5 ms p99\n' "$label p50 / p99 ms" \
			"$(ms "$(stat "$ph" us 50)") / $(ms "$(stat "$ph" us 99)")"
	done
	pf=$(stat pgdn_first us 50)
	pe=$(stat pgdn_end us 50)
	printf '  %-36s %10s   <= 1.2 x\n' "PgDn near the end / first (p50)" \
		"$(awk -v a="$pe" -v b="$pf" 'BEGIN { printf "%.2f x", a / b }')"
	printf '  %-36s %10s   <= 30 ms p95\n' "filter '$text' p95 ms" \
		"$(ms "$(stat '^ftext key=-2 ' us 95)")"
	printf '  %-36s %10s   <= 30 ms p95\n' "filter '$facet' p95 ms" \
		"$(ms "$(stat '^ffacet key=-2 ' us 95)")"
	printf '  %-36s %10s   (the key alone, prompt redrawn)\n' \
		"filter keystroke p95 ms" \
		"$(ms "$(stat '^(ftext|ffacet) key=[0-9]' us 95)")"
	printf '  %-36s %10s   two lines (2 x %d cells)\n' \
		"bytes, j moving the selection (p50)" "$(stat jmove bytes 50)" "$w"
	printf '  %-36s %10s   <= %d (3 x width + 64)\n' \
		"bytes, j scrolling (p50 / max)" "$jb / $jbmax" $((3 * w + 64))
	printf '  %-36s %10s\n' "bytes, PgDn (p50)" "$(stat pgdn_first bytes 50)"
	printf '  %-36s %10s   1 (a frame, one write)\n' \
		"write calls, PgDn (p50 / max)" \
		"$(stat pgdn_first writes 50) / $(stat pgdn_first writes 100)"
	printf '  %-36s %10s   0\n' "bytes in $idle idle seconds" $((w1 - w0))
	dopen=$(stat dash_open us 50)
	printf '  %-36s %10s   <= 50 ms (%s x the target)\n' \
		"dashboard open (D, read ahead) ms" "$(ms "$dopen")" \
		"$(awk -v v="$dopen" 'BEGIN { printf "%.2f", v / 50000 }')"
	dcold=$(stat dash_cold us 100)
	printf '  %-36s %10s   <= 50 ms (max: %s x the target)\n' \
		"dashboard open, fresh p50 / max ms" \
		"$(ms "$(stat dash_cold us 50)") / $(ms "$dcold")" \
		"$(awk -v v="$dcold" 'BEGIN { printf "%.2f", v / 50000 }')"
	printf '  %-36s %10s   <= 50 ms\n' "dashboard read (r) p50 / max ms" \
		"$(ms "$(stat dash_reread us 50)") / $(ms "$(stat dash_reread us 100)")"
	printf '  %-36s %10s   <= 24 MB\n' "resident memory VmHWM / VmRSS" \
		"$((hwm / 1024)) / $((rss / 1024)) MB"
}

for size in $sizes; do
	run "${size%x*}" "${size#*x}"
done
