#!/bin/sh
# End-to-end tests of the console: the real binary ($CENTINELA) in tmux.
#
# Each test_* function in tests/e2e/t_*.sh runs in a subshell with its own
# temporary HOME and XDG folders, a private tmux server and a small demo
# cache. Prints one line per failure and a closing "e2e: N passed, N
# failed". When tmux is missing it says SKIP and passes, or fails under CI
# (the CI environment variable non-empty: a skipped test proves nothing).
# E2E_ONLY=PATTERN (a shell pattern) runs only the tests it matches.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CENTINELA:?set CENTINELA to the binary}"
export CENTINELA
if ! command -v tmux >/dev/null 2>&1; then
	if [ -n "${CI:-}" ]; then
		echo "e2e: FAIL: skipped under CI: tmux is not installed (contrib/deps installs it)"
		echo "e2e: 0 passed, 1 failed"
		exit 1
	fi
	echo "e2e: SKIP (tmux not installed; contrib/deps installs it)"
	echo "e2e: 0 passed, 0 failed"
	exit 0
fi
passed=0
failed_total=0
for file in "$here"/t_*.sh; do
	for name in $(sed -n 's/^\(test_[a-z0-9_]*\)() *{.*/\1/p' "$file"); do
		case $name in ${E2E_ONLY:-*}) ;; *) continue ;; esac
		T=$(mktemp -d "${TMPDIR:-/tmp}/centinela-e2e-XXXXXX")
		(
			export HOME="$T/home" XDG_DATA_HOME="$T/data" \
				XDG_CONFIG_HOME="$T/config" \
				XDG_STATE_HOME="$T/state" T name
			export LC_ALL=C.UTF-8 USER=tester TERM=xterm-256color
			unset NO_COLOR
			mkdir -p "$HOME"
			cd "$T" || exit 1
			failed=0
			. "$here/lib.sh"
			. "$file"
			"$name"
			stop
			[ "$failed" = 0 ]
		)
		if [ $? = 0 ]; then
			passed=$((passed + 1))
		else
			failed_total=$((failed_total + 1))
			echo "  in $(basename "$file")"
		fi
		rm -rf "$T"
	done
done
echo "e2e: $passed passed, $failed_total failed"
[ "$failed_total" = 0 ]
