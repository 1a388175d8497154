# shellcheck shell=sh
# `centinela alert promote` of several alerts to one new incident,
# `alert merge` (promote into an existing incident) and `alert unlink`.

db() { echo "$T/data/centinela/cache.db"; }

seed() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	sql "$(db)" "
INSERT INTO organization(id, source, remote_id, name, sector, created_at, updated_at)
  VALUES (7, 'central', 'org-12', 'CFE', 'energy', 1, 1);
INSERT INTO asset(id, source, remote_id, organization_id, name, sector, kind, criticality, ip, created_at, updated_at)
  VALUES (3, 'central', 'as-3', 7, 'scada-1', 'energy', 'ics', 5, '10.0.0.5', 1, 1);
INSERT INTO alert(id, source, remote_id, version, title, severity, taxonomy_class, feed_name,
  observed_at, received_at, event_hash, organization_id, created_at, updated_at) VALUES
  (11, 'central', 'a-77', 3, 'Scan', 4, 'information-gathering', 'f', 1, 1, 'h1', 7, 1, 1),
  (12, 'central', 'a-78', 3, 'Beacon', 5, 'malicious-code', 'f', 2, 2, 'h2', 7, 1, 1),
  (13, 'central', 'a-79', 3, 'Scan', 2, 'information-gathering', 'f', 3, 3, 'h3', 7, 1, 1);
INSERT INTO alert_observable(alert_id, type, value) VALUES (11, 'ip', '10.0.0.5');
INSERT INTO incident(id, source, remote_id, version, reference, title, category, severity,
  status, opened_at, created_at, updated_at) VALUES
  (21, 'central', 'i-7', 5, 'MX-2026-00007', 'Botnet', 'intrusions', 4, 'new', 100, 100, 100);"
}

test_triage_cli_promote_several_to_one_incident() {
	seed
	run "$CENTINELA" alert promote 11 12
	expect_rc 0 && expect_out 'alert:11: .*new incident: MX-' &&
		expect_out 'alert:12: .*new incident: MX-' || return
	[ "$(sql "$(db)" "SELECT count(*) FROM incident")" = 2 ] || fail "incidents"
	[ "$(sql "$(db)" "SELECT title, severity, category FROM incident WHERE id <> 21")" = \
		"Scan (+1 alert)|5|malicious-code" ] ||
		fail "prefill: $(sql "$(db)" "SELECT title, severity, category FROM incident WHERE id <> 21")"
	[ "$(sql "$(db)" "SELECT count(*) FROM incident_asset")" = 1 ] || fail "asset by ip"
	sql "$(db)" "SELECT payload FROM outbox ORDER BY id" | head -n 1 |
		grep -Eq '^\{"incident":\{"reference":"MX-' || fail "first payload"
	[ "$(sql "$(db)" "SELECT payload, incident_id <> 21 FROM outbox ORDER BY id" | tail -n 1)" = '{}|1' ] ||
		fail "second payload"
	# the second waits for the first to give the incident its server id
	run "$CENTINELA" outbox
	expect_out 'alert:12 +promote +0 +held' || return
	run "$CENTINELA" outbox --format json
	expect_out '"is_held": true'
}

test_triage_cli_merge_and_unlink() {
	seed
	run "$CENTINELA" alert merge 13
	expect_rc 2 && expect_err 'merge into which incident' || return
	run "$CENTINELA" alert merge 13 11 --to MX-2026-00007
	expect_rc 0 && expect_out 'alert:13: status: new -> promoted; incident: MX-2026-00007' || return
	run "$CENTINELA" alert unlink 13
	expect_rc 0 && expect_out 'MX-2026-00007: unlinked alert:13' || return
	[ "$(sql "$(db)" "SELECT payload FROM outbox WHERE operation = 'unlink'")" = \
		'{"alerts":["a-79"],"assets":[]}' ] || fail "unlink payload"
	run "$CENTINELA" alert unlink 13
	expect_rc 0 && expect_out 'nothing to change' || return
	run "$CENTINELA" audit verify
	expect_rc 0
}
