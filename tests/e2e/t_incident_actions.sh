# Incident actions in the console: the new-incident form, assign with
# completion, take, status moves (a refused one too), close with a
# resolution, notes inline and in $EDITOR (also one that crashes), links;
# what they did checked with the CLI (show, outbox, audit export).

# cli ARGS...: the CLI on the test's cache.
cli() {
	"$CENTINELA" --db "$T/cache.db" "$@"
}

# with_source: a source nobody answers, so that what is created here is
# queued (and stays queued: the engine finds the port closed).
with_source() {
	mkdir -p "$XDG_CONFIG_HOME/centinela"
	echo "source central centinela url=http://127.0.0.1:9 interval=1h" \
		>"$XDG_CONFIG_HOME/centinela/config"
}

# cli_has REGEX ARGS...: the CLI's output matches.
# cli_lists REGEX ARGS...: whether 'centinela ARGS' prints REGEX.
cli_lists() {
	re=$1
	shift
	cli "$@" 2>&1 | grep -Eq -- "$re"
}

cli_has() {
	re=$1
	shift
	cli "$@" 2>&1 | grep -Eq -- "$re" || fail "'centinela $*' lacks /$re/"
}

test_e2e_incident_form_creates() {
	with_source
	start 100 40
	expect 'MX-2026-00014'
	keys n
	expect 'New incident'
	keys -l 'Zzyzx phishing wave'
	keys Tab
	keys -l 'frau'
	keys Tab
	# refused where it is, the text kept
	expect "unknown RSIT class 'frau'"
	keys BTab
	expect 'Category \(RSIT\) +frau'
	keys C-u
	keys -l 'fraud/'
	keys Down
	expect 'Category \(RSIT\) +fraud/[a-z]'
	keys Tab
	keys -l 'hgh'
	keys Tab
	expect 'expected info, low, medium, high or critical'
	keys BTab C-u
	keys -l 'hi'
	keys Down
	expect 'Severity +high'
	keys Tab Tab Tab
	keys -l 'no such org'
	keys Tab
	expect "unknown organization 'no such org'"
	keys BTab C-u Down
	keys Tab
	keys -l 'Credential phishing against banks'
	keys Enter
	expect 'Reference +MX-2026-00015'
	expect 'created MX-2026-00015; queued for the server'
	expect 'Status +new'
	expect 'Severity +high'
	# the timeline says who created it and when
	expect '20[0-9-]+T[0-9:]+Z  tester'
	expect 'created: Zzyzx phishing wave; severity high; category fraud'
	cli_has 'Zzyzx phishing wave' show MX-2026-00015
	cli_has 'Credential phishing against banks' show MX-2026-00015
	cli_has 'MX-2026-00015 +create' outbox
	cli_has '"action":"incident.create".*MX-2026-00015' audit export
}

test_e2e_incident_form_esc_keeps_nothing() {
	start
	expect 'incidents \(14\)'
	keys n
	expect 'New incident'
	keys -l 'Dropped'
	keys Escape
	expect 'incidents \(14\)'
	expect_not 'form cancelled: nothing created' 'Dropped'
	[ "$(cli list incidents Dropped --count 2>&1)" = 0 ] ||
		fail "a cancelled form created an incident"
}

test_e2e_incident_assign_take_status() {
	start
	expect 'MX-2026-00014'
	keys a
	expect ':assign'
	keys -l 'iv'
	keys Tab
	# completed from the assignees and note authors of the cache
	expect ':assign ivan.ramirez'
	keys Enter
	expect 'MX-2026-00014: assignee: fernanda.torres -> ivan.ramirez'
	keys t
	expect 'MX-2026-00014: assignee: ivan.ramirez -> tester'
	keys c
	expect ':status'
	keys -l 'new'
	keys Enter
	expect "cannot move MX-2026-00014 from 'waiting' to 'new' \(allowed: in_progress, contained, resolved\)"
	keys c
	keys -l 'in_progress'
	keys Enter
	expect 'status: waiting -> in_progress'
	keys v
	keys -l 'medium'
	keys Enter
	expect 'severity: critical -> medium'
	keys T
	keys -l 'amber+strict'
	keys Enter
	expect 'tlp: red -> amber\+strict'
	keys P
	keys -l 'red'
	keys Enter
	expect 'pap: green -> red'
	keys Enter
	expect 'Assignee +tester'
	expect 'Status +in_progress'
	cli_has 'status +in_progress' show MX-2026-00014
	cli_has 'assignee +tester' show MX-2026-00014
	cli_has '"action":"incident.update".*waiting -> in_progress' audit export
}

test_e2e_incident_take_and_close() {
	with_source
	demo_cache
	cli incident create --title 'Zzyzx take me' --category fraud \
		--severity low >/dev/null
	start 100 50
	keys /
	keys -l 'Zzyzx'
	keys Enter
	expect 'MX-2026-00015'
	keys Enter
	expect 'Status +new'
	keys t
	# taking a new incident is its first response: on to triage
	expect 'assignee: - -> tester; status: new -> triage'
	expect 'Status +triage'
	expect 'assignee: - → tester; status: new → triage'
	keys C
	expect 'resolution \(Enter closes, empty cancels\):'
	keys Enter
	expect 'cancelled'
	expect 'Status +triage'
	keys c
	keys -l 'closed'
	keys Enter
	expect 'resolution \(Enter closes'
	keys -l 'False positive: a phishing drill'
	keys Enter
	expect 'status: triage -> closed'
	expect 'Status +closed'
	expect 'False positive: a phishing drill'
	keys c
	keys -l 'triage'
	keys Enter
	expect "cannot move MX-2026-00015 from 'closed' to 'triage' \(closed is final\)"
	cli_has 'status +closed' show MX-2026-00015
	cli_has 'False positive: a phishing drill' show MX-2026-00015
	cli_has 'MX-2026-00015 +update' outbox
	cli_has 'MX-2026-00015 +add_note' outbox
}

test_e2e_incident_notes_inline_and_editor() {
	mkdir -p "$T/tmp"
	cat >"$T/ed.sh" <<'EOS'
#!/bin/sh
printf 'Written in the editor\nsecond line\n' >"$1"
EOS
	chmod +x "$T/ed.sh"
	start 100 60 EDITOR="$T/ed.sh" VISUAL= TMPDIR="$T/tmp"
	expect 'MX-2026-00014'
	keys N
	expect ':note'
	keys -l 'Called the ISP abuse desk'
	keys Enter
	expect 'MX-2026-00014: note added'
	keys E
	# the first note's message may still be on screen: wait for the
	# editor's note in the cache, which is stored before the draft goes
	poll cli_lists 'Written in the editor' show MX-2026-00014 ||
		fail "the editor's note was not added"
	expect 'MX-2026-00014: note added'
	[ -z "$(ls "$T/tmp")" ] || fail "the draft was not removed"
	keys Enter
	expect 'Timeline \(6\)'
	expect 'Called the ISP abuse desk'
	expect 'Written in the editor'
	expect 'second line'
	cli_has 'Written in the editor' show MX-2026-00014
	cli_has '"action":"incident.note"' audit export
}

test_e2e_incident_note_editor_crash_keeps_text() {
	mkdir -p "$T/tmp"
	cat >"$T/crash.sh" <<'EOS'
#!/bin/sh
printf 'Saved before the crash\n' >"$1"
kill -9 $$
EOS
	chmod +x "$T/crash.sh"
	start 100 60 EDITOR="$T/crash.sh" VISUAL= TMPDIR="$T/tmp"
	expect 'MX-2026-00014'
	keys E
	expect 'editor killed by signal 9: draft kept in .*/tmp/centinela-note-'
	ls "$T"/tmp/centinela-note-* >/dev/null 2>&1 ||
		fail "the draft of a crashed editor was not kept"
	keys Enter
	expect 'Saved before the crash'
	cli_has 'Saved before the crash' show MX-2026-00014
}

test_e2e_incident_note_editor_fails_empty() {
	mkdir -p "$T/tmp"
	cat >"$T/empty.sh" <<'EOS'
#!/bin/sh
exit 3
EOS
	chmod +x "$T/empty.sh"
	start 100 60 VISUAL="$T/empty.sh" EDITOR=vi TMPDIR="$T/tmp"
	expect 'MX-2026-00014'
	keys E
	expect 'editor exited with status 3: draft kept in .*/tmp/centinela-note-'
	ls "$T"/tmp/centinela-note-* >/dev/null 2>&1 ||
		fail "the empty draft of a failed editor was not kept"
	[ "$(cli show MX-2026-00014 | grep -c 'Timeline (4)')" = 1 ] ||
		fail "a failed editor with an empty draft added a note"
}

test_e2e_incident_link_unlink() {
	start 100 60
	expect 'MX-2026-00014'
	keys Enter
	expect 'Linked alerts \(5\)'
	expect 'Linked assets \(1\)'
	keys L
	expect ':link'
	keys -l 'alert:1 asset:2'
	keys Enter
	expect 'MX-2026-00014: linked alert:1, asset:2'
	expect 'Linked alerts \(6\)'
	expect 'Linked assets \(2\)'
	keys U
	keys -l 'alert:1'
	keys Enter
	expect 'MX-2026-00014: unlinked alert:1'
	expect 'Linked alerts \(5\)'
	expect 'linked alert:1, asset:2'
	cli_has '"action":"incident.link"' audit export
	cli_has '"action":"incident.unlink"' audit export
}

test_e2e_incident_keys_in_help_and_readonly() {
	ARGS=--readonly start 100 60
	expect 'MX-2026-00014'
	keys t
	expect "read-only"
	keys Enter '?'
	expect 'incidents'
	expect 'take +assign the incident to yourself'
	# a key that opens the prompt says what the command it starts does
	expect 'a +prompt "assign " +assign the incident to an analyst'
}

# CPU ticks (1/100 s) the console's process used in the next 2 seconds.
console_ticks() {
	shell=$(tm display-message -p -t 0 '#{pane_pid}')
	pid=$(pgrep -P "$shell" -x centinela | head -n 1)
	[ -n "$pid" ] || { echo 999; return; }
	a=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	sleep 2
	b=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	echo $((b - a))
}

# After an edit with no source declared nothing is due: the console sleeps
# in poll instead of waking at once forever (it once spun at 100% CPU).
test_e2e_incident_edit_leaves_the_console_idle() {
	start 100 30
	expect 'MX-2026-00014'
	keys N
	expect ':note'
	keys -l 'idle afterwards'
	keys Enter
	expect 'MX-2026-00014: note added'
	ticks=$(console_ticks)
	# idle costs nothing; a spinning loop takes ~200 ticks in 2 s
	[ "$ticks" -lt 40 ] || fail "the console used $ticks ticks in 2 s idle"
}
