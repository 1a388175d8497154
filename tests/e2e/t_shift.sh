# A complete shift in one console session, keys only: triage a batch of
# alerts (three marked and acknowledged with one comment, one dismissed
# with a reason), promote two to one new incident and merge one into an
# existing incident, assign the new incident, add a note inline and one in
# $EDITOR, move it to resolved and close it with its resolution, write the
# handover, open the dashboard. Afterwards the command line finds every
# step in the cache, the outbox and the verified audit chain, the report
# names the incident, and the next console shows the handover.

# The demo cache with its rows made rows of a synced source ("central",
# with remote ids), so that every edit is queued for the server.
shift_cache() {
	demo_cache
	sqlite3 "$T/cache.db" "
UPDATE alert SET source = 'central', remote_id = 'a-' || id;
UPDATE incident SET source = 'central', remote_id = 'i-' || id;" ||
		fail "cannot prepare the cache"
}

shift_cli() {
	"$CENTINELA" --db "$T/cache.db" "$@"
}

test_e2e_shift_complete() {
	shift_cache
	set -- $(shift_cli list alerts status:new --limit 7 --format json |
		python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)))')
	[ $# = 7 ] || { fail "demo cache has too few new alerts"; return; }
	a1=$1 a2=$2 a3=$3 d1=$4 p1=$5 p2=$6 m1=$7
	mkdir -p "$T/tmp"
	cat >"$T/ed.sh" <<'EOS'
#!/bin/sh
printf 'Timeline of the night:\n- 02:10 beacon seen\n- 02:40 hosts isolated\n' >"$1"
EOS
	chmod +x "$T/ed.sh"
	start 120 40 EDITOR="$T/ed.sh" VISUAL= TMPDIR="$T/tmp"

	# triage: three marked rows, one shared comment; a dismissal
	keys Tab
	expect 'TIME +SEVERITY +TLP +TAXONOMY'
	keys / 'status:new' Enter
	expect 'filter: status:new'
	keys Space Space Space
	expect '3 marked'
	keys : 'ack night sweep' Enter
	expect 'acknowledged 3 alerts'
	keys g d
	expect "reason for dismissing alert:$d1"
	keys -l 'scanner noise'
	keys Enter
	expect "dismissed alert:$d1"

	# two alerts promoted to one new incident, which opens
	keys g Space Space p
	expect 'create \[y/N\]\? new incident'
	keys y Enter
	expect 'promoted 2 alerts to new incident MX-[0-9]{4}-[0-9]{5}'
	ref=$(screen | sed -n 's/.*to new incident \(MX-[0-9]*-[0-9]*\).*/\1/p' | head -n 1)
	[ -n "$ref" ] || { fail "no reference of the new incident"; return; }
	expect 'Promoted from 2 alerts'

	# assign, notes, status, close: in the new incident's detail
	keys a
	expect ':assign'
	keys -l 'me'
	keys Enter
	expect "$ref: .*assignee"
	keys N
	expect ':note'
	keys -l 'Two hosts beaconing to the same C2'
	keys Enter
	expect "$ref: note added"
	keys E
	expect "$ref: note added"
	for st in in_progress resolved; do
		keys c
		expect ':status'
		keys -l "$st"
		keys Enter
		expect "$ref: status: [a-z_]+ .* $st"
	done
	keys C
	expect 'resolution \(Enter closes, empty cancels\)'
	keys -l 'Hosts reimaged; C2 blocked at the border'
	keys Enter
	expect "$ref: status: resolved .* closed; resolution: Hosts reimaged"
	expect 'Status +closed'
	expect 'Assignee +tester'
	keys q
	expect 'filter: status:new'

	# merge one alert into an existing incident through the picker
	keys g M
	expect 'merge 1 alert into'
	keys 'MX-2026-00014'
	expect '\(1 of [0-9]+\)'
	keys Enter
	expect "MX-2026-00014: merged alert:$m1"

	# the handover, then the dashboard
	keys : 'handover --since 1d quiet night but for the C2 case' Enter
	expect 'handover written to .*handover-[0-9]{8}-[0-9]{4}\.md'
	keys D
	expect '^ Dashboard +as of '
	expect 'OPEN BY STATUS'
	keys Q
	expect 'EXITED 0'

	# every step is in the cache, queued for the server and audited
	shift_cli show "$ref" >"$T/show" || fail "show $ref"
	for want in 'status +closed' 'assignee +tester' \
		'Two hosts beaconing to the same C2' '- 02:40 hosts isolated' \
		'Hosts reimaged; C2 blocked at the border' \
		"promoted alert:$p2"; do
		grep -Eq -- "$want" "$T/show" || fail "show $ref lacks '$want'"
	done
	shift_cli show MX-2026-00014 >"$T/show14" || fail "show MX-2026-00014"
	grep -q "promoted alert:$m1" "$T/show14" ||
		fail "the merge is not in MX-2026-00014's timeline: $(cat "$T/show14")"
	for id in $a1 $a2 $a3; do
		[ "$(sqlite3 "$T/cache.db" "SELECT status FROM alert WHERE id = $id")" = acknowledged ] ||
			fail "alert $id not acknowledged"
	done
	[ "$(sqlite3 "$T/cache.db" "SELECT status FROM alert WHERE id = $d1")" = dismissed ] ||
		fail "alert $d1 not dismissed"
	ops=$(shift_cli outbox --format json | python3 -c '
import json, sys
print(" ".join(sorted(o["operation"] for o in json.load(sys.stdin))))')
	for op in acknowledge dismiss promote update add_note; do
		case " $ops " in
		*" $op "*) ;;
		*) fail "no $op queued: $ops" ;;
		esac
	done
	shift_cli audit verify >/dev/null || fail "the audit chain does not verify"
	audit=$(shift_cli audit export)
	for action in alert.acknowledge alert.dismiss alert.promote \
		incident.update incident.note handover; do
		printf '%s\n' "$audit" | grep -q "\"action\":\"$action\"" ||
			fail "no $action in the audit trail"
	done
	set -- "$T"/data/centinela/handover/handover-*.md
	[ -f "$1" ] || { fail "no handover report"; return; }
	grep -q "$ref" "$1" || fail "the report does not name $ref"
	grep -q 'quiet night but for the C2 case' "$1" ||
		fail "the note is not in the report"

	# the next console opens on the handover
	stop
	i=0
	while tm has-session 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	start 120 40
	expect 'Last handover, by tester at'
	keys Escape
	expect 'handover dismissed'
}
