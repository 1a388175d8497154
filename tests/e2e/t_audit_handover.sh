# The audit views and the handover in the console: `:handover` writes the
# report and the next console shows it until it is dismissed; the audit tab
# lists an edit made from the command line, with the chain's verdict in the
# heading; an incident's audit page shows only that incident's entries.

# console: start the console (as start does) after the last one is gone,
# allowing a loaded machine 10 s to draw it.
console() {
	stop
	i=0
	while tm has-session 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	demo_cache
	tm new-session -d -x 120 -y 30 \
		"'$CENTINELA' --db '$T/cache.db' 2>'$T/stderr'; echo EXITED \$?; sleep 30"
	i=0
	until screen_has 'incidents' || [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	screen_has 'incidents' || fail "the console did not start"
}

# cli ARGS...: the command line on the test's cache.
cli() {
	"$CENTINELA" --db "$T/cache.db" "$@" >/dev/null 2>"$T/cli.err" ||
		fail "centinela $*: $(cat "$T/cli.err")"
}

test_audit_handover_shown_until_dismissed() {
	console
	keys : 'handover --since 1d all quiet' Enter
	expect 'handover written to .*handover-[0-9]{8}-[0-9]{4}\.md'
	set -- "$T"/data/centinela/handover/handover-*.md
	[ -f "$1" ] || { fail "no report file"; return; }
	[ "$(stat -c %a "$1")" = 600 ] || fail "report mode $(stat -c %a "$1")"
	grep -q '^> all quiet$' "$1" || fail "the note is not in the report"
	stop
	# a new console shows it over the lists
	console
	expect 'Last handover, by tester at'
	expect '# Shift handover'
	keys Escape
	expect 'handover dismissed'
	expect_not 'REFERENCE +SEVERITY' 'Last handover'
	stop
	# dismissed: not again
	console
	expect_not 'REFERENCE +SEVERITY' 'Last handover'
	keys q
	expect 'EXITED 0'
	[ "$(sqlite3 "$T/cache.db" "SELECT count(*) FROM audit WHERE action = 'handover.dismiss' AND actor = 'tester'")" = 1 ] ||
		fail "dismissal not recorded"
}

test_audit_view_lists_cli_edit() {
	demo_cache
	cli -c 'set analyst ana' incident note MX-2026-00003 'seen from the audit tab'
	console
	keys A
	expect ' audit '
	expect 'incident.note'
	expect 'seen from the audit tab'
	expect 'chain: verified, 2 entries'
	# newest first: the note above the demo data entry
	screen | grep -n 'incident.note\|demo-data' | head -n 1 | grep -q incident.note ||
		fail "not newest first"
	# an entry's detail shows its hashes
	keys Enter
	expect 'audit entry 2'
	expect 'Hash +[0-9a-f]{20}'
	keys q
	# a broken chain is named in the heading
	sqlite3 "$T/cache.db" "UPDATE audit SET detail = 'forged' WHERE id = 2"
	keys : 'audit verify' Enter
	expect 'chain: BROKEN at entry 2'
	expect 'audit chain broken: entry 2: hash does not match'
}

test_audit_incident_view_only_its_entries() {
	demo_cache
	cli -c 'set analyst ana' incident note MX-2026-00003 'about three'
	cli -c 'set analyst ana' incident note MX-2026-00004 'about four'
	cli -c 'set analyst luis' incident set MX-2026-00003 severity=critical
	cli -c 'set analyst ana' incident note MX-2026-00014 'about fourteen'
	console
	keys : 'audit incident MX-2026-00003' Enter
	expect 'audit of MX-2026-00003'
	expect '2 entries, newest first'
	expect 'ana incident.note incident MX-2026-00003: about three'
	expect 'luis incident.update incident MX-2026-00003'
	expect_not '2 entries, newest first' 'about four'
	expect_not '2 entries, newest first' 'demo-data'
	keys q
	expect_not 'REFERENCE +SEVERITY' 'audit of MX-2026-00003'
	keys : 'audit incident MX-2026-00004' Enter
	expect 'about four'
	expect_not 'audit of MX-2026-00004' 'about three'
	keys q
	expect_not 'REFERENCE +SEVERITY' 'audit of MX-2026-00004'
	# from an incident's detail (the first row), with the key
	keys Enter
	expect 'Mekotio'
	keys H
	expect 'audit of MX-2026-00014'
	expect 'about fourteen'
	expect_not 'audit of MX-2026-00014' 'about three'
	# and from the list, for the selected row
	keys q q
	expect_not 'REFERENCE +SEVERITY' 'audit of'
	keys H
	expect 'audit of MX-2026-00014'
}
