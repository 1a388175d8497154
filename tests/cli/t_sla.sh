# SLAs computed in the cache: targets from `set sla.*` (config file or -c),
# the due and sla: filters of `list incidents`, and the clock pausing while
# an incident is waiting (`incident set REF status=waiting`).

db() { echo "$T/data/centinela/cache.db"; }

# Three high incidents (24h to resolve), all responded: 31 has 1h left,
# 32 is 1h overdue, 33 has ~20h left (10 min overdue on a 4h target);
# opened relative to the real clock.
seed_sla() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	now=$(date +%s)
	sql "$(db)" "
INSERT INTO incident(id, reference, title, category, severity, status,
  opened_at, first_response_at, created_at, updated_at) VALUES
  (31, 'MX-2026-00031', 'Near', 'intrusions', 4, 'in_progress', $now - 82800, $now - 82000, 1, 1),
  (32, 'MX-2026-00032', 'Late', 'intrusions', 4, 'in_progress', $now - 90000, $now - 89000, 1, 1),
  (33, 'MX-2026-00033', 'Fine', 'intrusions', 4, 'triage', $now - 15000, $now - 14000, 1, 1);"
}

count() {
	run "$CENTINELA" "$@" --count
	expect_rc 0 || return 1
	cat "$T/out"
}

test_sla_filters_follow_targets() {
	seed_sla
	[ "$(count list incidents sla:breached)" = 1 ] || fail "breached: $(cat "$T/out")"
	[ "$(count list incidents 'due<2h')" = 2 ] || fail "due<2h: $(cat "$T/out")"
	[ "$(count list incidents sla:near)" = 1 ] || fail "near: $(cat "$T/out")"
	run "$CENTINELA" list incidents sla:breached
	expect_out '^MX-2026-00032 .* -1h$' || return
	# A longer target in the config: nothing breached, nothing due soon.
	mkdir -p "$XDG_CONFIG_HOME/centinela"
	echo 'set sla.high.resolution 2d' >"$XDG_CONFIG_HOME/centinela/config"
	[ "$(count list incidents sla:breached)" = 0 ] || fail "2d breached: $(cat "$T/out")"
	[ "$(count list incidents 'due<2h')" = 0 ] || fail "2d due<2h: $(cat "$T/out")"
	[ "$(sql "$(db)" "SELECT resolution_s FROM sla_target WHERE severity = 4")" = 172800 ] ||
		fail "target not stored"
	# -c after the config, a shorter one: all three breached or due.
	[ "$(count -c 'set sla.high.resolution 4h' list incidents 'due<2h')" = 3 ] ||
		fail "4h due<2h: $(cat "$T/out")"
	# Read-only: the cache keeps the targets it has, without an error.
	rm "$XDG_CONFIG_HOME/centinela/config"
	[ "$(count --readonly list incidents sla:breached)" = 3 ] ||
		fail "readonly: $(cat "$T/out")"
	# Back to the defaults.
	[ "$(count list incidents sla:breached)" = 1 ] || fail "defaults: $(cat "$T/out")"
}

test_sla_invalid_setting() {
	run "$CENTINELA" -c 'set sla.high.resolution 30s' list incidents
	expect_rc 2 && expect_err "invalid value for 'sla.high.resolution': '30s' \(expected a duration such as 90s, 30m, 1h30m or 7d, from 1m to 366d\)" || return
	run "$CENTINELA" -c 'set sla.urgent.response 1h' list incidents
	expect_rc 2 && expect_err "unknown setting 'sla.urgent.response'" || return
	run "$CENTINELA" -c set list incidents --count
	expect_rc 0 && expect_out '^set sla.critical.response 30m ' &&
		expect_out '^set sla.info.resolution 30d ' || return
	run "$CENTINELA" list incidents sla:late
	expect_rc 2 && expect_err "unknown SLA state 'late' \(known: running, near, paused, breached, met, missed\)"
}

test_sla_pauses_while_waiting() {
	seed_sla
	run "$CENTINELA" incident set MX-2026-00031 status=waiting
	expect_rc 0 || return
	# Paused with 1h left: not coming due, not breached.
	[ "$(count list incidents 'due<2h')" = 1 ] || fail "due<2h: $(cat "$T/out")"
	[ "$(count list incidents sla:paused)" = 1 ] || fail "paused: $(cat "$T/out")"
	run "$CENTINELA" show MX-2026-00031
	expect_out 'paused' || return
	# Three hours of waiting, then back to work: the deadline moved 3h.
	sql "$(db)" "UPDATE incident SET waiting_since = waiting_since - 10800 WHERE id = 31"
	run "$CENTINELA" incident set MX-2026-00031 status=in_progress
	expect_rc 0 || return
	paused=$(sql "$(db)" "SELECT sla_paused_s FROM incident WHERE id = 31")
	[ "$paused" -ge 10800 ] && [ "$paused" -lt 10900 ] || fail "paused $paused s"
	[ "$(sql "$(db)" "SELECT due_at - opened_at - sla_paused_s FROM incident WHERE id = 31")" = 86400 ] ||
		fail "deadline not moved"
	[ "$(count list incidents 'due<2h')" = 1 ] || fail "after: due<2h $(cat "$T/out")"
	[ "$(count list incidents 'due<5h' sla:running)" = 1 ] || fail "after: due<5h $(cat "$T/out")"
	# Waiting after the deadline passed: still breached, still overdue.
	run "$CENTINELA" incident set MX-2026-00032 status=waiting
	expect_rc 0 || return
	[ "$(count list incidents sla:breached)" = 1 ] || fail "breached while paused"
	[ "$(count list incidents 'due<2h')" = 1 ] || fail "overdue while paused"
	run "$CENTINELA" list incidents sla:breached
	expect_out '-1h paused'
}
