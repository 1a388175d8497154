# Helpers for the e2e tests: a private tmux server per test.
#
# start [W H] [ENV=VALUE...]: make the demo cache and run the console in a
# W x H pane (100x30 by default), with the options in $ARGS if set; keys KEY...: send keys; screen: the
# pane's text; wait_for REGEX: poll the screen up to 3 s; stop: end it.

TMUX_SOCK="centinela-test-$$"

tm() {
	tmux -L "$TMUX_SOCK" "$@" 2>/dev/null
}

demo_cache() {
	[ -f "$T/cache.db" ] || "$CENTINELA" --create --db "$T/cache.db" demo-data \
		--scale 0.02 --seed 7 --now 2026-11-29T03:00:00Z >/dev/null
}

start() {
	w=${1:-100}
	h=${2:-30}
	[ $# -ge 2 ] && shift 2
	demo_cache
	tm new-session -d -x "$w" -y "$h" \
		"env $* '$CENTINELA' --db '$T/cache.db' ${ARGS:-} 2>'$T/stderr'; echo EXITED \$?; sleep 30"
	wait_for 'incidents' || fail "the console did not start"
}

keys() {
	tm send-keys -t 0 "$@"
}

screen() {
	tm capture-pane -p -t 0
}

# poll CMD...: run CMD until it succeeds, up to 3 s; its status.
poll() {
	i=0
	while [ $i -lt 30 ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

screen_has() {
	screen | grep -Eq -- "$1"
}

wait_for() {
	poll screen_has "$1"
}

# The pane's last line: the prompt or the message line.
last_line() {
	screen | tail -n 1
}

# expect REGEX: the screen shows it within 3 s.
expect() {
	wait_for "$1" || fail "screen lacks /$1/"
}

# expect_not REGEX: after a short settle, the screen does not show it.
expect_not() {
	sleep 0.3
	! screen | grep -Eq -- "$1" || fail "screen has /$1/"
}

resize() {
	tm resize-window -t 0 -x "$1" -y "$2" 2>/dev/null ||
		tm resize-pane -t 0 -x "$1" -y "$2"
}

stop() {
	tm kill-server 2>/dev/null
	true
}

fail() {
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n' "$name" "$*"
	screen 2>/dev/null | sed 's/^/  | /' | head -32
	[ -s "$T/stderr" ] && sed 's/^/  stderr: /' "$T/stderr" | head -5
}
