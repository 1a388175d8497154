# Shared helpers for the CLI tests: run the real binary in a private
# environment and check exit status and output.
#
# Each test file is sourced by run.sh with $CENTINELA (the binary) and
# $T (a fresh temporary folder with XDG_* pointing inside it) set.

# run CMD...: run it, keeping stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

fail() {
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n' "$name" "$*"
	printf '  stdout: %s\n' "$(head -c 600 "$T/out" 2>/dev/null)"
	printf '  stderr: %s\n' "$(head -c 600 "$T/err" 2>/dev/null)"
}

# expect_rc N: the last run exited with N.
expect_rc() {
	[ "$rc" = "$1" ] || { fail "exit status $rc, wanted $1"; return 1; }
}

# expect_out REGEX / expect_err REGEX: grep -E over the captured streams.
expect_out() {
	grep -Eq -- "$1" "$T/out" || { fail "stdout lacks /$1/"; return 1; }
}
expect_err() {
	grep -Eq -- "$1" "$T/err" || { fail "stderr lacks /$1/"; return 1; }
}
expect_no_out() {
	! grep -Eq -- "$1" "$T/out" || { fail "stdout has /$1/"; return 1; }
}

# sql DB QUERY: one value from the database, through the sqlite3 shell.
sql() {
	sqlite3 "$1" "$2"
}

# mode PATH: octal permission bits.
mode() {
	stat -c %a "$1"
}

# each_case CHECK: for each line "ARGS|WANT" of standard input (blank
# lines skipped), run CHECK with ARGS split as the shell would ($args holds
# the line's ARGS, $want its WANT); $n counts the lines run.
each_case() {
	check=$1
	n=0
	while IFS='|' read -r args want; do
		[ -n "$args" ] || continue
		n=$((n + 1))
		eval "set -- $args"
		"$check" "$@" </dev/null
	done
}
