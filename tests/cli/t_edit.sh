# Local edits: incident set/assign/take/note/create/link/unlink and alert
# ack/dismiss/promote; each one transaction with its outbox and audit
# entries, exit statuses as centinela(1) documents them.

db() { echo "$T/data/centinela/cache.db"; }

# A cache with rows of a synced source ("central") and of "local".
seed() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	sql "$(db)" "
INSERT INTO organization(id, source, remote_id, name, sector, created_at, updated_at)
  VALUES (7, 'central', 'org-12', 'CFE', 'energy', 1, 1);
INSERT INTO asset(id, source, remote_id, organization_id, name, sector, kind, criticality, created_at, updated_at)
  VALUES (3, 'central', 'as-3', 7, 'scada-1', 'energy', 'ics', 5, 1, 1);
INSERT INTO alert(id, source, remote_id, version, title, severity, taxonomy_class, feed_name,
  observed_at, received_at, event_hash, created_at, updated_at) VALUES
  (11, 'central', 'a-77', 3, 'Scan', 4, 'information-gathering', 'f', 1, 1, 'h1', 1, 1),
  (12, 'central', 'a-78', 3, 'Beacon', 3, 'malicious-code', 'f', 2, 2, 'h2', 1, 1),
  (13, 'local', NULL, 0, 'Local', 2, 'other', 'f', 3, 3, 'h3', 1, 1);
INSERT INTO incident(id, source, remote_id, version, reference, title, category, severity,
  status, opened_at, created_at, updated_at) VALUES
  (21, 'central', 'i-7', 5, 'MX-2026-00007', 'Botnet', 'intrusions', 4, 'new', 100, 100, 100),
  (22, 'local', NULL, 0, 'MX-2026-00008', 'Local one', 'other', 2, 'new', 100, 100, 100);"
}

outbox() { sql "$(db)" "SELECT count(*) FROM outbox"; }
audits() { sql "$(db)" "SELECT count(*) FROM audit"; }

test_edit_set_status_queues_update() {
	seed
	run "$CENTINELA" -c 'set analyst ana' incident set MX-2026-00007 status=triage assignee=me
	expect_rc 0 && expect_out '^MX-2026-00007: assignee: - -> ana; status: new -> triage$' || return
	[ "$(sql "$(db)" "SELECT status, local_state, version FROM incident WHERE id = 21")" = "triage|dirty|5" ] ||
		fail "row not changed as expected"
	[ "$(sql "$(db)" "SELECT operation, entity, entity_id, base_version, source FROM outbox")" = "update|incident|21|5|central" ] ||
		fail "outbox entry"
	sql "$(db)" "SELECT payload FROM outbox" | grep -Eq '^\{"assignee":"ana","status":"triage","first_response_at":"20[0-9-]+T[0-9:]+Z"\}$' ||
		fail "payload: $(sql "$(db)" "SELECT payload FROM outbox")"
	[ "$(audits)" = 1 ] || fail "audit entries: $(audits)"
	run "$CENTINELA" show MX-2026-00007
	expect_out 'status: new → triage' || return
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact: 1 entries'
}

test_edit_set_nothing_to_change() {
	seed
	run "$CENTINELA" incident set MX-2026-00007 status=new title=Botnet
	expect_rc 0 && expect_out 'MX-2026-00007: nothing to change' || return
	[ "$(outbox)" = 0 ] && [ "$(audits)" = 0 ] || fail "a no-op wrote something"
}

test_edit_set_refusals() {
	seed
	run "$CENTINELA" incident set MX-2026-00007 status=resolved
	expect_rc 1 && expect_err "cannot move MX-2026-00007 from 'new' to 'resolved' \(allowed: triage, in_progress, closed\)" || return
	run "$CENTINELA" incident set MX-2026-00007 status=closed
	expect_rc 2 && expect_err 'needs a resolution.*--resolution TEXT' || return
	run "$CENTINELA" incident set MX-2026-00007 colour=red
	expect_rc 2 && expect_err "unknown field 'colour'" || return
	run "$CENTINELA" incident set MX-2026-00007 severity=hgih
	expect_rc 2 && expect_err "unknown severity 'hgih'" || return
	run "$CENTINELA" incident set MX-2026-00007 category=intrusoins
	expect_rc 2 && expect_err "unknown RSIT class 'intrusoins'" || return
	run "$CENTINELA" incident set MX-2026-00099 status=triage
	expect_rc 3 && expect_err "no incident 'MX-2026-00099'" || return
	run "$CENTINELA" incident set MX-2026-00007
	expect_rc 2 || return
	run "$CENTINELA" incident set MX-2026-00007 status=triage --readonly
	expect_rc 2 || return
	run "$CENTINELA" --readonly incident set MX-2026-00007 status=triage
	expect_rc 4 && expect_err 'read-only' || return
	[ "$(outbox)" = 0 ] && [ "$(audits)" = 0 ] || fail "a refused edit wrote something"
	[ "$(sql "$(db)" "SELECT local_state FROM incident WHERE id = 21")" = synced ] ||
		fail "refused edit marked the row"
}

test_edit_close_with_resolution_then_final() {
	seed
	run "$CENTINELA" incident set MX-2026-00007 status=closed --resolution "duplicate of MX-2026-00001"
	expect_rc 0 && expect_out 'status: new -> closed' || return
	[ "$(sql "$(db)" "SELECT group_concat(operation, ',') FROM (SELECT operation FROM outbox ORDER BY id)")" = "add_note,update" ] ||
		fail "outbox operations"
	run "$CENTINELA" incident set MX-2026-00007 status=triage
	expect_rc 1 && expect_err "from 'closed' to 'triage' \(closed is final\)"
}

test_edit_note_argument_and_stdin() {
	seed
	run "$CENTINELA" -c 'set analyst ana' incident note MX-2026-00007 "Called the SOC"
	expect_rc 0 && expect_out 'note added' || return
	sql "$(db)" "SELECT payload FROM outbox" | grep -Eq '^\{"author":"ana","created_at":"[^"]+Z","body":"Called the SOC"\}$' ||
		fail "payload: $(sql "$(db)" "SELECT payload FROM outbox")"
	printf 'line one\nline two\n' | "$CENTINELA" incident note MX-2026-00007 - >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 0 || return
	[ "$(sql "$(db)" "SELECT count(*) FROM note WHERE body = 'line one' || char(10) || 'line two'")" = 1 ] ||
		fail "stdin note not stored"
	head -c 1100000 /dev/zero | tr '\0' x | "$CENTINELA" incident note MX-2026-00007 - >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 1 && expect_err 'standard input' || return
	run "$CENTINELA" incident note MX-2026-00007
	expect_rc 2 || return
	[ "$(outbox)" = 2 ] || fail "outbox entries: $(outbox)"
}

test_edit_create_local_and_queued() {
	seed
	run "$CENTINELA" incident create --title "Phishing wave" --category fraud/phishing --severity high --organization CFE
	expect_rc 0 && expect_out '^MX-20[0-9]{2}-[0-9]{5}$' || return
	ref=$(cat "$T/out")
	[ "$(outbox)" = 0 ] || fail "a local incident was queued"
	[ "$(sql "$(db)" "SELECT source, local_state FROM incident WHERE reference = '$ref'")" = "local|dirty" ] ||
		fail "local incident row"
	run "$CENTINELA" incident create --title "Queued" --category intrusions --severity low --source central
	expect_rc 0 || return
	[ "$(sql "$(db)" "SELECT operation, base_version FROM outbox")" = "create|0" ] || fail "create entry"
	# no --source: the first declared source of the native driver
	run "$CENTINELA" -c 'source kev kev url=https://kev.example/k.json' \
		-c 'source central centinela url=https://api.example' \
		incident create --title "Default" --category intrusions --severity low
	expect_rc 0 || return
	[ "$(sql "$(db)" "SELECT source FROM outbox ORDER BY id DESC LIMIT 1")" = "central" ] ||
		fail "create not queued for the declared source"
	run "$CENTINELA" incident create --title "No category" --severity low
	expect_rc 2 && expect_err 'needs --title, --category and --severity' || return
	run "$CENTINELA" incident create --title T --category nope --severity low
	expect_rc 2 && expect_err "unknown RSIT class 'nope'" || return
	run "$CENTINELA" -c 'set reference-prefix CERT' incident create --title T --category other --severity low
	expect_rc 0 && expect_out '^CERT-' || return
	run "$CENTINELA" audit verify
	expect_rc 0
}

test_edit_assign_and_take() {
	seed
	run "$CENTINELA" -c 'set analyst ana' incident assign MX-2026-00008 bob
	expect_rc 0 && expect_out '^MX-2026-00008: assignee: - -> bob$' || return
	run "$CENTINELA" -c 'set analyst ana' incident assign MX-2026-00008 -
	expect_rc 0 && expect_out '^MX-2026-00008: assignee: bob -> -$' || return
	# take: the analyst, and a new incident moves on to triage
	run "$CENTINELA" -c 'set analyst ana' incident take MX-2026-00007
	expect_rc 0 && expect_out '^MX-2026-00007: assignee: - -> ana; status: new -> triage$' || return
	run "$CENTINELA" -c 'set analyst ana' incident take MX-2026-00007
	expect_rc 0 && expect_out 'nothing to change' || return
	[ "$(outbox)" = 1 ] || fail "outbox entries: $(outbox)"
	run "$CENTINELA" incident take MX-2026-09999
	expect_rc 3 && expect_err "no incident 'MX-2026-09999'" || return
	run "$CENTINELA" incident assign MX-2026-00007
	expect_rc 2 && expect_err 'usage: centinela incident assign REF' || return
	run "$CENTINELA" audit verify
	expect_rc 0
}

test_edit_link_unlink() {
	seed
	run "$CENTINELA" incident link MX-2026-00007 alert:11 asset:3
	expect_rc 0 && expect_out 'linked alert:11, asset:3' || return
	[ "$(sql "$(db)" "SELECT payload FROM outbox")" = '{"alerts":["a-77"],"assets":["as-3"]}' ] ||
		fail "link payload"
	run "$CENTINELA" incident link MX-2026-00007 alert:12 alert:13
	expect_rc 1 && expect_err "alert:13 is not known at source 'central'" || return
	run "$CENTINELA" incident link MX-2026-00007 alert:99
	expect_rc 3 && expect_err 'no alert:99' || return
	run "$CENTINELA" incident link MX-2026-00007 planet:1
	expect_rc 2 || return
	run "$CENTINELA" incident unlink MX-2026-00007 asset:3
	expect_rc 0 && expect_out 'unlinked asset:3' || return
	[ "$(sql "$(db)" "SELECT group_concat(operation, ',') FROM (SELECT operation FROM outbox ORDER BY id)")" = "link,unlink" ] ||
		fail "outbox operations"
}

test_edit_alert_ack_dismiss_promote() {
	seed
	run "$CENTINELA" alert ack 11 99
	expect_rc 3 && expect_err 'no alert:99 .*no alert of this command was changed' || return
	[ "$(outbox)" = 0 ] || fail "all-or-nothing broken"
	run "$CENTINELA" alert ack 11 alert:12 --comment looking
	expect_rc 0 && expect_out 'alert:11: status: new -> acknowledged' &&
		expect_out 'alert:12: status: new -> acknowledged' || return
	[ "$(sql "$(db)" "SELECT payload FROM outbox WHERE entity_id = 12")" = '{"comment":"looking"}' ] ||
		fail "ack payload"
	run "$CENTINELA" alert ack 11
	expect_rc 0 && expect_out 'nothing to change' || return
	run "$CENTINELA" alert dismiss 12
	expect_rc 2 && expect_err 'needs a reason' || return
	run "$CENTINELA" alert dismiss 12 --reason "false positive"
	expect_rc 0 || return
	run "$CENTINELA" alert ack 12
	expect_rc 1 && expect_err 'cannot acknowledge alert:12: it is dismissed' || return
	run "$CENTINELA" alert promote 11 --to MX-2026-00007
	expect_rc 0 && expect_out 'incident: MX-2026-00007' || return
	# the incident goes by its row: the edit's incident, not a body
	[ "$(sql "$(db)" "SELECT payload, incident_id FROM outbox WHERE operation = 'promote'")" = '{}|21' ] ||
		fail "promote payload"
	run "$CENTINELA" alert promote 13
	expect_rc 0 && expect_out 'new incident: MX-' || return
	run "$CENTINELA" alert promote x
	expect_rc 2 || return
	run "$CENTINELA" alert frobnicate 1
	expect_rc 2 && expect_err "unknown alert action 'frobnicate'" || return
	run "$CENTINELA" --readonly alert ack 11
	expect_rc 4 || return
	[ "$(outbox)" = 4 ] || fail "outbox entries: $(outbox)"
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact: 5 entries'
}
