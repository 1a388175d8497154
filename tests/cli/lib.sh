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

# skip REASON: this test cannot run here. Under CI (the CI environment
# variable non-empty) that is a failure, since a skipped test proves
# nothing; elsewhere a visible SKIP line. The caller returns after it.
skip() {
	if [ -n "${CI:-}" ]; then
		fail "skipped under CI: $*"
	else
		echo "SKIP $name: $*"
	fi
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

# local_incident: the default cache with one incident of source local,
# MX-2026-00008 (id 22), for the audit trail's tests to edit.
local_incident() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	sql "$T/data/centinela/cache.db" "
INSERT INTO incident(id, source, remote_id, version, reference, title, category, severity,
  status, opened_at, created_at, updated_at) VALUES
  (22, 'local', NULL, 0, 'MX-2026-00008', 'Local one', 'other', 2, 'new', 100, 100, 100);"
}

# six_audit_entries: local_incident with five notes by ana and a status
# change by luis, six audit entries in all.
six_audit_entries() {
	local_incident
	for n in 1 2 3 4 5; do
		"$CENTINELA" -c 'set analyst ana' incident note MX-2026-00008 "note $n" >/dev/null ||
			fail "note $n"
	done
	"$CENTINELA" -c 'set analyst luis' incident set MX-2026-00008 status=triage >/dev/null ||
		fail "set"
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
