# handover: the Markdown shift report over a small demo cache.

setup_handover() {
	"$CENTINELA" demo-data --scale 0.02 --seed 7 \
		--now 2026-11-29T03:00:00Z >/dev/null 2>&1 ||
		fail "demo-data failed"
}

# The count in a section heading "## TITLE (N)".
section_count() {
	sed -n "s/^## $1 (\([0-9]*\))\$/\1/p" "$T/out"
}

test_handover_sections_and_counts() {
	setup_handover
	run "$CENTINELA" handover --since 1d --note 'check MX-2026-00001 | *soon*'
	expect_rc 0 || return
	for s in '# Shift handover' '- Window: ' '- Analyst: ' '- Cache: ' \
		'## Incidents opened' '## Incidents resolved or closed' \
		'## Incidents changed' '## SLAs breached or due within 2h' \
		'## Unacknowledged alerts, high or critical' '## Outbox' \
		'- pending: ' '- failed: ' '- conflicts: ' '## Handover note'; do
		grep -qF -- "$s" "$T/out" || fail "no '$s' in the report"
	done
	grep -qF '> check MX-2026-00001 \| \*soon\*' "$T/out" ||
		fail "note missing"
	cp "$T/out" "$T/report"
	opened=$(section_count 'Incidents opened')
	changed=$(section_count 'Incidents changed')
	sla=$(section_count 'SLAs breached or due within 2h')
	alerts=$(section_count 'Unacknowledged alerts, high or critical')
	run "$CENTINELA" list incidents 'age<=1d' --count
	[ "$(cat "$T/out")" = "$opened" ] || fail "opened $opened != $(cat "$T/out")"
	run "$CENTINELA" list incidents 'updated<=1d' --count
	[ "$(cat "$T/out")" = "$changed" ] || fail "changed $changed != $(cat "$T/out")"
	run "$CENTINELA" list incidents 'status!=resolved,closed' 'due<2h' --count
	[ "$(cat "$T/out")" = "$sla" ] || fail "sla $sla != $(cat "$T/out")"
	run "$CENTINELA" list alerts status:new 'severity>=high' 'age<=1d' --count
	[ "$(cat "$T/out")" = "$alerts" ] || fail "alerts $alerts != $(cat "$T/out")"
	[ "$changed" -gt 0 ] || fail "no incident changed in a day"
}

test_handover_no_note_and_fixed_clock() {
	setup_handover
	run "$CENTINELA" handover --since 8h --now 2026-11-29T03:00:00Z
	expect_rc 0 || return
	grep -qF -- '- Window: 2026-11-28T19:00:00Z to 2026-11-29T03:00:00Z (UTC)' \
		"$T/out" || fail "window"
	grep -qx '(no note)' "$T/out" || fail "no '(no note)'"
	grep -q "$(printf '\033')" "$T/out" && fail "escape in the report"
	:
}

test_handover_output_file() {
	setup_handover
	printf 'from a file\nsecond line\n' >"$T/note"
	run "$CENTINELA" handover --note-file "$T/note" --output "$T/h.md"
	expect_rc 0 || return
	[ ! -s "$T/out" ] || fail "stdout not empty"
	[ "$(mode "$T/h.md")" = 600 ] || fail "mode $(mode "$T/h.md")"
	grep -qx '> second line' "$T/h.md" || fail "note file missing"
	run "$CENTINELA" handover --output "$T/h.md"
	expect_rc 1 && expect_err 'exists' || return
	grep -qx '> second line' "$T/h.md" || fail "report overwritten"
	run "$CENTINELA" handover --since soon
	expect_rc 2 && expect_err 'since' || return
}

# The report is recorded as the last handover (an audit entry naming the
# file), so that the console shows it at its next start.
test_handover_recorded_as_last() {
	setup_handover
	db="$T/data/centinela/cache.db"
	before=$(sql "$db" "SELECT count(*) FROM audit")
	run "$CENTINELA" -c 'set analyst ana' handover --output "$T/h.md"
	expect_rc 0 || return
	[ "$(sql "$db" "SELECT actor || ' ' || entity || ' ' || entity_ref FROM audit WHERE action = 'handover'")" = "ana handover $T/h.md" ] ||
		fail "recorded: $(sql "$db" "SELECT * FROM audit WHERE action = 'handover'")"
	sql "$db" "SELECT detail FROM audit WHERE action = 'handover'" |
		grep -Eq '^window [0-9T:Z-]+ to [0-9T:Z-]+$' || fail "detail"
	# to the terminal: a private copy is kept in the handover folder
	run "$CENTINELA" -c 'set analyst luis' handover --since 2h
	expect_rc 0 || return
	set -- "$T"/data/centinela/handover/handover-*.md
	[ $# = 1 ] && [ -f "$1" ] || fail "copies: $*"
	[ "$(mode "$1")" = 600 ] || fail "copy mode $(mode "$1")"
	[ "$(mode "$T/data/centinela/handover")" = 700 ] || fail "folder mode"
	cmp -s "$1" "$T/out" || fail "the copy differs from the report"
	[ "$(sql "$db" "SELECT actor || ' ' || entity_ref FROM audit WHERE action = 'handover' ORDER BY id DESC LIMIT 1")" = "luis $1" ] ||
		fail "last handover"
	[ "$(sql "$db" "SELECT count(*) FROM audit")" = $((before + 2)) ] || fail "entries"
	run "$CENTINELA" audit verify
	expect_rc 0 || return
	# a read-only cache records nothing and keeps no copy
	run "$CENTINELA" --readonly handover
	expect_rc 0 || return
	set -- "$T"/data/centinela/handover/handover-*.md
	[ $# = 1 ] || fail "a copy was kept read-only: $*"
	[ "$(sql "$db" "SELECT count(*) FROM audit")" = $((before + 2)) ] || fail "recorded read-only"
	# a damaged trail takes no entry: the report is written all the same
	sql "$db" "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)"
	run "$CENTINELA" handover --output "$T/h2.md"
	expect_rc 0 && expect_err 'not recorded as the last handover: the audit trail is damaged' || return
	grep -q '^# Shift handover' "$T/h2.md" || fail "no report"
}

# The note is text, escaped as every other outside string: no HTML, no
# tracking image, no link reaches a renderer of the report.
test_handover_hostile_note_is_inert() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	printf '<script>alert(1)</script>\n![](https://tracker.example/p.png)\n[x](https://evil.example/)\n<img src=x onerror=alert(1)>\n' >"$T/note"
	run "$CENTINELA" handover --note-file "$T/note"
	expect_rc 0 || return
	sed -n '/^## Handover note$/,$p' "$T/out" >"$T/note.md"
	for s in '<script>' '](' '![' '<img' '://'; do
		if grep -vF -- "\\" "$T/note.md" | grep -qF -- "$s"; then
			fail "raw '$s' in the note"
		fi
	done
	grep -qF '> \<script\>alert(1)\</script\>  ' "$T/note.md" &&
		grep -qF '> \!\[\](https\://tracker.example/p.png)  ' "$T/note.md" &&
		grep -qF '> \[x\](https\://evil.example/)  ' "$T/note.md" &&
		grep -qF '> \<img src=x onerror=alert(1)\>' "$T/note.md" ||
		fail "note: $(cat "$T/note.md")"
}
