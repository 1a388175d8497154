# Output errors: every subcommand checks its writes and its final flush,
# says what failed and exits 1 (centinela(1), EXIT STATUS); a handover that
# did not reach its reader is not recorded; an --output file that cannot be
# written is reported by name and removed.

db() { echo "$T/data/centinela/cache.db"; }

# full ARGS...: run centinela ARGS with standard output on /dev/full.
full() {
	"$CENTINELA" "$@" >/dev/full 2>"$T/err"
	rc=$?
	: >"$T/out"
}

# A small cache with a row of every kind, an export and a note file.
setup_rows() {
	"$CENTINELA" demo-data --scale 0.01 --seed 3 \
		--now 2026-11-29T03:00:00Z >/dev/null 2>&1 || fail "demo-data"
	"$CENTINELA" audit export --output "$T/a.jsonl" >/dev/null 2>&1 ||
		fail "audit export"
	printf 'name,sector,region,contact,abuse_contact\nACME,energy,X,,\n' \
		>"$T/orgs.csv"
}

# check_full ARGS...: on /dev/full, ARGS exits 1 saying so once.
check_full() {
	full "$@"
	[ "$rc" = 1 ] || fail "'$args' on /dev/full: exit $rc, wanted 1"
	grep -q '^centinela: cannot write to standard output: No space left on device$' "$T/err" ||
		fail "'$args' on /dev/full: $(cat "$T/err")"
	[ "$(grep -c 'cannot write to standard output' "$T/err")" = 1 ] ||
		fail "'$args' reports the write error more than once"
}

test_output_every_subcommand_on_a_full_device() {
	setup_rows
	ref=$(sql "$(db)" "SELECT reference FROM incident WHERE status = 'new' ORDER BY id LIMIT 1")
	alert=$(sql "$(db)" "SELECT id FROM alert WHERE status = 'new' ORDER BY id LIMIT 1")
	alert2=$(sql "$(db)" "SELECT id FROM alert WHERE status = 'new' ORDER BY id LIMIT 1 OFFSET 1")
	alert3=$(sql "$(db)" "SELECT id FROM alert WHERE status = 'new' ORDER BY id LIMIT 1 OFFSET 2")
	src="source central centinela url=http://127.0.0.1:9"
	each_case check_full <<EOF
--help
--version
list --help
-c help list incidents --count
list incidents
list incidents --format csv
list incidents --format json
list alerts --limit 2000
list alerts --format csv --limit 2000
list alerts --format json --limit 2000
list assets
list organizations --format csv
list alerts --count
list alerts --explain
show $ref
show $ref --format json
show alert:$alert
show asset:1
show org:1
import organizations $T/orgs.csv
incident set $ref priority=1
incident note $ref 'a note'
incident take $ref
incident assign $ref ana
incident create --title T --category other --severity low
incident link $ref alert:$alert
alert ack $alert
alert dismiss $alert2 --reason noise
alert promote $alert3
alert unlink $alert3
-c '$src' sync
outbox
outbox --all --format json
sources
-c '$src' sources
-c '$src' sources --format json
db check
audit verify
audit verify --file $T/a.jsonl
audit export
demo-data --scale 0.01 --seed 9
handover
dashboard
dashboard --top 3
EOF
	[ "$n" -ge 40 ] || fail "only $n commands ran"
}

# A short report is held in stdio's buffer until the end: it used to be
# recorded (and kept for the console) although it never got out.
test_output_handover_on_a_full_device_is_not_recorded() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	full handover --note 'short shift'
	[ "$rc" = 1 ] && grep -q 'cannot write to standard output: No space left on device' "$T/err" ||
		fail "handover on /dev/full: exit $rc, $(cat "$T/err")"
	[ "$(sql "$(db)" "SELECT count(*) FROM audit WHERE action = 'handover'")" = 0 ] ||
		fail "a handover nobody saw was recorded"
	[ -z "$(ls "$T/data/centinela/handover" 2>/dev/null)" ] ||
		fail "a copy was kept: $(ls "$T/data/centinela/handover")"
	run "$CENTINELA" handover --note 'short shift'
	expect_rc 0 || return
	[ "$(sql "$(db)" "SELECT count(*) FROM audit WHERE action = 'handover'")" = 1 ] ||
		fail "the handover written was not recorded"
}

# fsize_limit BYTES CMD...: run CMD with files capped at BYTES (writes past
# it fail with EFBIG instead of killing the process).
fsize_limit() {
	python3 -c '
import os, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
n = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
os.execvp(sys.argv[2], sys.argv[2:])' "$@"
}

test_output_files_that_cannot_be_written() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	python3 -c 'print("x" * 60000)' >"$T/note"
	fsize_limit 49152 "$CENTINELA" handover --note-file "$T/note" \
		--output "$T/h.md" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 1 && expect_err "^centinela: cannot write '$T/h.md': File too large$" || return
	[ ! -e "$T/h.md" ] || fail "a partial report was left"
	[ "$(sql "$(db)" "SELECT count(*) FROM audit WHERE action = 'handover'")" = 0 ] ||
		fail "an unwritten report was recorded"
	# an audit trail larger than the cap
	set --
	for i in $(seq 1 300); do
		set -- "$@" -c "$(printf 'sector s%03d "Sector %070d"' "$i" "$i")"
	done
	"$CENTINELA" "$@" db check >/dev/null 2>&1 || fail "sectors"
	fsize_limit 49152 "$CENTINELA" audit export --output "$T/a.jsonl" \
		>"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 1 && expect_err "^centinela: cannot write '$T/a.jsonl': File too large$" || return
	[ ! -e "$T/a.jsonl" ] || fail "a partial export was left"
}
