# Helpers for the e2e tests: a private tmux server per test.
#
# start [W H] [ENV=VALUE...]: make the demo cache and run the console in a
# W x H pane (100x30 by default), with the options in $ARGS if set; keys KEY...: send keys; screen: the
# pane's text; wait_for REGEX: poll the screen up to 3 s; expect_not MARKER
# REGEX: once MARKER shows, REGEX does not; stop: end it.

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

# capture_has REGEX: the pane's text, kept in $T/capture, matches REGEX.
capture_has() {
	screen >"$T/capture"
	grep -Eq -- "$1" "$T/capture"
}

# expect_not MARKER REGEX: the screen does not show REGEX. An absence proves
# something only on the screen it is looked for on, so the helper first
# waits (up to 3 s) for MARKER, a regex that only the new screen shows (the
# message of the key just sent, the heading of the view it opens, a layout
# only the new size draws), and looks for REGEX in that same capture; no
# sleep decides it. A missing MARKER fails the test.
expect_not() {
	if [ $# != 2 ]; then
		fail "expect_not needs a marker of the new screen and a regex, got $# arguments"
		return 1
	fi
	if ! poll capture_has "$1"; then
		fail "screen lacks /$1/ (the marker of the screen that must not show /$2/)"
		return 1
	fi
	! grep -Eq -- "$2" "$T/capture" || { fail "screen has /$2/"; return 1; }
}

# prompt_ran: the last line no longer shows the ':' prompt (a prompt command
# that says nothing on success clears it in the frame that runs it).
prompt_ran() {
	capture_has '.' && ! tail -n 1 "$T/capture" | grep -q '^:'
}

# expect_quiet REGEX: after a ':' command typed whole (checked with
# expect_prompt or expect first) and Enter, the frame that closed the
# prompt does not show REGEX.
expect_quiet() {
	if ! poll prompt_ran; then
		fail "the prompt is still open: $(tail -n 1 "$T/capture")"
		return 1
	fi
	! grep -Eq -- "$1" "$T/capture" || { fail "screen has /$1/"; return 1; }
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
