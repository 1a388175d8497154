#!/bin/sh
# Run every tests/cli/t_*.sh against the real binary ($CENTINELA).
#
# Each file defines functions named test_*; each runs in a subshell with a
# fresh temporary HOME and XDG folders, so no test sees another's cache or
# config. Prints one line per failure and a closing "N passed, N failed".
# CLI_ONLY=PATTERN (a shell pattern) runs only the tests it matches. A test
# that cannot run here says SKIP, or fails under CI (lib.sh's skip).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CENTINELA:?set CENTINELA to the binary}"
export CENTINELA
export CENTINELA_FIXTURES="${CENTINELA_FIXTURES:-$here/../../../shared/fixtures/real}"
export TESTDATA="$here/../data"
passed=0
failed_total=0
for file in "$here"/t_*.sh; do
	for name in $(sed -n 's/^\(test_[a-z0-9_]*\)() *{.*/\1/p' "$file"); do
		case $name in ${CLI_ONLY:-*}) ;; *) continue ;; esac
		T=$(mktemp -d "${TMPDIR:-/tmp}/centinela-cli-XXXXXX")
		(
			export HOME="$T/home" XDG_DATA_HOME="$T/data" \
				XDG_CONFIG_HOME="$T/config" \
				XDG_STATE_HOME="$T/state" T name
			export LC_ALL=C.UTF-8 COLUMNS=200 USER=tester
			unset NO_COLOR
			mkdir -p "$HOME"
			cd "$T" || exit 1
			failed=0
			. "$here/lib.sh"
			. "$file"
			"$name"
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
echo "cli: $passed passed, $failed_total failed"
[ "$failed_total" = 0 ]
