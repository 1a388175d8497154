# Triage in the console: marks, ack with one shared comment, dismiss with
# a reason asked on the message line, two alerts promoted to one new
# incident after a confirmation, one merged into an existing incident
# through the picker; then the CLI sees every edit (list, show, outbox,
# audit export).

# The demo cache with its alerts and incidents made rows of a synced
# source ("central", with remote ids), so that the edits are queued.
triage_cache() {
	demo_cache
	python3 - "$T/cache.db" <<'EOF' || fail "cannot prepare the cache"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE alert SET source = 'central', remote_id = 'a-' || id")
db.execute("UPDATE incident SET source = 'central', remote_id = 'i-' || id")
db.commit()
EOF
}

cli() {
	"$CENTINELA" --db "$T/cache.db" "$@"
}

# The ids of the first n new alerts, in the console's order.
new_ids() {
	cli list alerts status:new --limit "$1" --format json |
		python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)))'
}

test_e2e_triage_marks_ack_dismiss_promote_merge() {
	triage_cache
	set -- $(new_ids 7)
	[ $# = 7 ] || { fail "demo cache has too few new alerts"; return; }
	a1=$1 a2=$2 a3=$3 d1=$4 p1=$5 p2=$6 m1=$7
	start 120 30
	keys Tab
	expect 'TIME +SEVERITY +TLP +TAXONOMY'
	keys / 'status:new' Enter
	expect 'filter: status:new'
	# three marks, one shared comment
	keys Space Space Space
	expect '3 marked'
	keys : 'ack shift check' Enter
	expect_not 'acknowledged 3 alerts' '[0-9] marked'
	# dismiss asks for its reason; an empty answer cancels
	keys g d
	expect "reason for dismissing alert:$d1"
	keys Enter
	expect 'cancelled'
	keys d
	expect "reason for dismissing alert:$d1"
	keys 'false positive' Enter
	expect "dismissed alert:$d1"
	# two alerts to one new incident, after a confirmation
	keys g Space Space
	expect '2 marked'
	keys p
	expect 'create \[y/N\]\? new incident'
	keys y Enter
	expect 'promoted 2 alerts to new incident MX-[0-9]{4}-[0-9]{5}'
	expect 'Promoted from 2 alerts'
	ref=$(screen | sed -n 's/.*to new incident \(MX-[0-9]*-[0-9]*\).*/\1/p' | head -n 1)
	keys q
	expect 'filter: status:new'
	# the picker: narrow it to an open incident, Enter merges
	keys g M
	expect 'merge 1 alert into'
	keys 'MX-2026-00014'
	expect '\(1 of [0-9]+\)'
	keys Enter
	expect "MX-2026-00014: merged alert:$m1"
	keys Q
	expect 'EXITED 0'

	[ "$(cli list alerts status:acknowledged --limit 1000 --format json |
		python3 -c 'import json,sys; print(sorted(a["id"] for a in json.load(sys.stdin)))')" != "" ] ||
		fail "list alerts"
	# what `outbox` lists, with each entry's fields from the cache (and a
	# promote's incident, which it names by its row)
	out=$(cli outbox --format json | python3 -c '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for o in json.load(sys.stdin):
    (p, inc) = db.execute("SELECT payload, incident_id FROM outbox "
                          "WHERE id = ?", (o["id"],)).fetchone()
    print(o["operation"], o["entity_id"], p,
          *([inc] if o["operation"] == "promote" else []))' "$T/cache.db")
	for id in $a1 $a2 $a3; do
		printf '%s\n' "$out" | grep -q "^acknowledge $id {\"comment\":\"shift check\"}$" ||
			fail "ack of $id not queued: $out"
	done
	printf '%s\n' "$out" | grep -q "^dismiss $d1 {\"reason\":\"false positive\"}$" ||
		fail "dismiss not queued: $out"
	printf '%s\n' "$out" | grep -q "^promote $p1 {\"incident\":{\"reference\":\"$ref\"" ||
		fail "promote of $p1 not queued with the new incident: $out"
	inc=$(printf '%s\n' "$out" | sed -n "s/^promote $p1 .* \([0-9][0-9]*\)$/\1/p")
	printf '%s\n' "$out" | grep -q "^promote $p2 {} $inc$" ||
		fail "promote of $p2 not queued for the new incident: $out"
	printf '%s\n' "$out" | grep -Eq "^promote $m1 \{\} [0-9]+$" &&
		! printf '%s\n' "$out" | grep -q "^promote $m1 {} $inc$" ||
		fail "merge of $m1 not queued: $out"
	[ "$(printf '%s\n' "$out" | wc -l)" = 7 ] || fail "outbox: $out"
	cli show "$ref" | grep -q "promoted alert:$p2" || fail "show $ref"
	cli show MX-2026-00014 | grep -q "promoted alert:$m1" ||
		fail "show MX-2026-00014"
	audit=$(cli audit export)
	[ "$(printf '%s\n' "$audit" | grep -c '"alert.acknowledge".*comment: shift check')" = 3 ] ||
		fail "audit of the acks: $audit"
	printf '%s\n' "$audit" | grep -q '"alert.dismiss".*reason: false positive' ||
		fail "audit of the dismiss"
	[ "$(printf '%s\n' "$audit" | grep -c '"alert.promote"')" = 3 ] ||
		fail "audit of the promotes"
	cli audit verify >/dev/null || fail "audit chain broken"
}

test_e2e_triage_mark_filter_unmark_and_help() {
	triage_cache
	start 120 30
	keys Tab
	expect 'TIME +SEVERITY +TLP +TAXONOMY'
	keys : 'mark severity:critical status:new' Enter
	expect '[0-9]+ marked; actions apply to the marked rows'
	expect '│ [0-9]+ marked │'
	# marks survive a re-read of the list
	keys r
	expect '│ [0-9]+ marked │'
	keys u
	expect_not '[0-9]+ marks cleared' '│ [0-9]+ marked │'
	keys : 'mark nosuchfield:x' Enter
	expect "unknown"
	keys '?'
	expect 'promote'
}
