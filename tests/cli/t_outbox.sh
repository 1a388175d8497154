# `centinela outbox retry|drop ID` and `sync --force` from the shell: the
# states each accepts, what they write (audit, outbox) and their exit
# statuses, without a server (tests/integration/test_outbox.py has one).

db() { echo "$T/data/centinela/cache.db"; }

# Incident i-7 of "central" with a refused update (failed) and a note held
# behind it.
refused() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	sql "$(db)" "
INSERT INTO incident(id, source, remote_id, version, local_state, reference, title, category,
  severity, status, opened_at, created_at, updated_at) VALUES
  (21, 'central', 'i-7', 5, 'dirty', 'MX-2026-00007', 'Botnet', 'intrusions', 4, 'new', 100, 100, 100);
INSERT INTO outbox(id, idempotency_key, source, entity, entity_id, incident_id, operation,
  payload, base_version, state, attempts, last_error, created_at, updated_at) VALUES
  (1, 'k-1', 'central', 'incident', 21, 21, 'update', '{\"assignee\":\"x\"}', 5, 'failed', 1,
   'HTTP 422 invalid_field: no analyst x', 1, 1),
  (2, 'k-2', 'central', 'incident', 21, 21, 'add_note', '{}', 5, 'pending', 0, NULL, 1, 1);"
}

test_outbox_lists_a_failed_entry_and_what_waits_behind_it() {
	refused
	run "$CENTINELA" outbox
	expect_rc 0 && expect_out ' 1 +failed .*MX-2026-00007 +update .*HTTP 422' &&
		expect_out ' 2 +pending .*add_note .*after 1' &&
		expect_out "1 failed entry needs you: 'centinela outbox retry ID'" &&
		expect_out '1 entry waits behind them' || return
	run "$CENTINELA" outbox --format json
	expect_rc 0 && expect_out '"is_held": true, "held_by": 1' || return
}

test_outbox_retry_and_drop_refuse_what_they_cannot_do() {
	refused
	run "$CENTINELA" outbox retry
	expect_rc 2 && expect_err 'usage: centinela outbox retry ID' || return
	run "$CENTINELA" outbox drop x1
	expect_rc 2 && expect_err "invalid outbox entry 'x1'" || return
	run "$CENTINELA" outbox retry 99
	expect_rc 3 && expect_err 'no outbox entry 99' || return
	run "$CENTINELA" outbox retry 2
	expect_rc 1 && expect_err 'outbox entry 2 is pending, not failed' || return
	run "$CENTINELA" --readonly outbox drop 1
	expect_rc 4 || return
	[ "$(sql "$(db)" "SELECT group_concat(state) FROM outbox")" = "failed,pending" ] ||
		fail "the outbox changed"
}

test_outbox_retry_then_drop_are_audited() {
	refused
	run "$CENTINELA" -c 'set analyst ana' outbox retry 1
	expect_rc 0 && expect_out 'outbox entry 1 will be sent again by the next sync' || return
	[ "$(sql "$(db)" "SELECT state || ' ' || (idempotency_key <> 'k-1') FROM outbox WHERE id = 1")" = "pending 1" ] ||
		fail "not pending with a new key"
	run "$CENTINELA" -c 'set analyst ana' outbox drop 2
	expect_rc 0 && expect_out 'outbox entry 2 dropped' || return
	run "$CENTINELA" outbox --all
	expect_rc 0 && expect_out ' 2 +dropped ' || return
	[ "$(sql "$(db)" "SELECT group_concat(action || ' ' || actor || ' ' || entity_ref) FROM audit")" = \
		"outbox.retry ana MX-2026-00007,outbox.drop ana MX-2026-00007" ] ||
		fail "audit: $(sql "$(db)" "SELECT group_concat(action) FROM audit")"
	run "$CENTINELA" audit verify
	expect_rc 0 || return
}

test_outbox_subcommands_are_commands_of_their_own() {
	refused
	run "$CENTINELA" -c 'help outbox' outbox
	expect_rc 0 && expect_out '^usage: outbox drop \[ID\]$' &&
		expect_out '^usage: outbox retry \[ID\]$' || return
	run "$CENTINELA" -c 'outbox resend 1' outbox
	expect_rc 2 && expect_err "unknown outbox action 'resend' \(known: drop, retry\)" || return
	run "$CENTINELA" -c 'outbox retry x1' outbox
	expect_rc 2 && expect_err "invalid outbox entry 'x1'" || return
	run "$CENTINELA" -c 'outbox retry 99' outbox
	expect_rc 2 && expect_err 'no outbox entry 99' || return
	[ "$(sql "$(db)" "SELECT state FROM outbox WHERE id = 1")" = "failed" ] ||
		fail "a refused command changed the outbox"
	run "$CENTINELA" -c 'set analyst ana' -c 'outbox retry 1' outbox
	expect_rc 0 && expect_out 'outbox entry 1 will be sent again' &&
		expect_out ' 1 +pending ' || return
}

test_sync_takes_force_and_refuses_other_options() {
	run "$CENTINELA" sync --frob
	expect_rc 2 && expect_err 'usage: centinela sync \[--force\] \[SOURCE...\]' || return
	run "$CENTINELA" sync --force
	expect_rc 2 && expect_err 'no source to sync' || return
}
