# A broken audit chain accepts no change, and `audit seal` records the
# break in the trail so that work goes on: a middle entry edited or deleted
# through the sqlite3 shell, the verification mark rewritten, the verdict
# of a full verify remembered, and the trail after a seal (verify, export,
# later changes, a sealed entry changed after the seal).

db() { echo "$T/data/centinela/cache.db"; }

# A cache with six audit entries (one incident and one alert, six edits).
six_entries() {
	six_audit_entries
	sql "$(db)" "
INSERT INTO alert(id, source, remote_id, version, title, severity, taxonomy_class, feed_name,
  observed_at, received_at, event_hash, created_at, updated_at) VALUES
  (11, 'local', NULL, 0, 'Scan', 4, 'information-gathering', 'f', 1, 1, 'h1', 1, 1);"
}

entries() { sql "$(db)" "SELECT count(*) FROM audit"; }

# refused WHAT ARGS...: the change is refused with exit 1, says what is
# wrong (WHAT) and what to do, and appends nothing.
refused() {
	what=$1
	shift
	before=$(entries)
	run "$CENTINELA" -c 'set analyst ana' "$@"
	expect_rc 1 && expect_err "the audit trail is damaged \($what" &&
		expect_err "centinela audit seal --reason TEXT" &&
		expect_err "restore the cache from a backup" || return 1
	[ "$(entries)" = "$before" ] || { fail "$* appended"; return 1; }
}

test_audit_seal_middle_edit_refuses_every_change() {
	six_entries
	sql "$(db)" "UPDATE audit SET actor = 'mallory' WHERE id = 5"
	# no verify in between: the next change sees it
	refused 'entry 5: hash does not match its contents \(edited\)' \
		incident note MX-2026-00008 'after' || return
	refused 'entry 5' incident set MX-2026-00008 priority=2 || return
	refused 'entry 5' alert ack 11 || return
	printf 'name,sector,region,contact,abuse_contact\nCFE,energy,CDMX,a@b.mx,c@d.mx\n' >"$T/orgs.csv"
	refused 'entry 5' import organizations "$T/orgs.csv" || return
	[ "$(sql "$(db)" "SELECT count(*) FROM organization WHERE name = 'CFE'")" = 0 ] ||
		fail "the import was kept"
	# nothing of the refused changes stays
	[ "$(sql "$(db)" "SELECT count(*) FROM note")" = 6 ] || fail "notes"
	[ "$(sql "$(db)" "SELECT status FROM alert WHERE id = 11")" = new ] || fail "alert"
	run "$CENTINELA" audit verify
	expect_rc 1 && expect_err 'audit chain broken: entry 5: hash does not match'
}

test_audit_seal_middle_deletion_refuses_changes() {
	six_entries
	sql "$(db)" "DELETE FROM audit WHERE id = 3"
	refused 'entry 3 is missing \(deleted\)' incident note MX-2026-00008 'after' || return
	refused 'entry 3 is missing' incident set MX-2026-00008 priority=2
}

test_audit_seal_verify_verdict_is_remembered() {
	six_entries
	# with the cache's triggers disabled, an older entry edited is seen by
	# the full walk only
	sqlite3 -cmd '.dbconfig enable_trigger off' "$(db)" \
		"UPDATE audit SET detail = 'nothing' WHERE id = 2" >/dev/null
	run "$CENTINELA" -c 'set analyst ana' incident note MX-2026-00008 'unseen'
	expect_rc 0 || return
	run "$CENTINELA" audit verify
	expect_rc 1 && expect_err 'audit chain broken: entry 2: hash does not match' &&
		expect_err "audit seal --reason TEXT" || return
	[ "$(sql "$(db)" "SELECT broken_id FROM audit_check")" = 2 ] || fail "not recorded"
	refused 'entry 2: hash does not match' incident note MX-2026-00008 'after' || return
	# changed back, the entries check out, but the break stays on record
	sqlite3 -cmd '.dbconfig enable_trigger off' "$(db)" \
		"UPDATE audit SET detail = 'note 2' WHERE id = 2" >/dev/null
	run "$CENTINELA" audit verify
	expect_rc 1 && expect_err 'entry 2: hash does not match .*the entries check out now' || return
	refused 'entry 2' incident note MX-2026-00008 'after'
}

test_audit_seal_mark_rewritten() {
	six_entries
	# a hash of its own for the mark: the chain was rewritten, or the mark
	sql "$(db)" "UPDATE audit_check SET mark_hash = printf('%064d', 7)"
	refused 'entry 6: the verification mark records another hash' \
		incident note MX-2026-00008 'after' || return
	run "$CENTINELA" audit verify
	expect_rc 1 && expect_err 'entry 6: the verification mark records another hash' || return
	# moved back with the right hash: the next change walks from there
	sql "$(db)" "UPDATE audit_check SET broken_id = NULL, mark_id = 2,
		mark_hash = (SELECT hash FROM audit WHERE id = 2)"
	run "$CENTINELA" incident note MX-2026-00008 'walked'
	expect_rc 0 || return
	[ "$(sql "$(db)" "SELECT mark_id FROM audit_check")" = 7 ] || fail "mark not moved"
	# moved past the end: the tail was cut and the head moved back
	sql "$(db)" "UPDATE audit_check SET mark_id = 9"
	refused 'chain ends at entry 7 but entry 9 was verified \(truncated\)' \
		incident note MX-2026-00008 'after'
}

test_audit_seal_then_work_goes_on() {
	six_entries
	sql "$(db)" "UPDATE audit SET actor = 'mallory' WHERE id = 5"
	run "$CENTINELA" -c 'set analyst ana' audit seal --reason 'mallory edited entry 5; confirmed with the SOC'
	expect_rc 0 && expect_out '^sealed the break at entry 5 with entry 7 \(entry 5: hash does not match its contents \(edited\); reason: mallory edited entry 5; confirmed with the SOC\); changes are recorded again$' || return
	[ "$(sql "$(db)" "SELECT actor || ' ' || action || ' ' || entity || ' ' || entity_ref FROM audit WHERE id = 7")" = \
		"ana audit.seal audit 5" ] || fail "seal entry"
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out '^audit chain intact since the seal at entry 7: 7 entries, head [0-9a-f]{64}$' &&
		expect_out '^sealed break: entry 5, sealed by entry 7 \(ana, [0-9T:Z-]+\): entry 5: hash does not match its contents \(edited\); reason: mallory edited' || return
	run "$CENTINELA" -c 'set analyst ana' incident note MX-2026-00008 'after the seal'
	expect_rc 0 || return
	run "$CENTINELA" -c 'set analyst ana' incident set MX-2026-00008 priority=2
	expect_rc 0 || return
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact since the seal at entry 7: 9 entries' || return
	run "$CENTINELA" audit export --output "$T/a.jsonl"
	expect_rc 0 || return
	run "$CENTINELA" audit verify --file "$T/a.jsonl"
	expect_rc 0 && expect_out '^audit export intact since the seal at entry 7: 9 entries' &&
		expect_out '^sealed break: entry 5, sealed by entry 7' || return
	# a second break, sealed too
	sql "$(db)" "DELETE FROM audit WHERE id = 8"
	refused 'entry 8 is missing \(deleted\)' incident note MX-2026-00008 'no' || return
	run "$CENTINELA" audit seal --reason 'second'
	expect_rc 0 && expect_out 'sealed the break at entry 8 with entry 10' || return
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact since the seal at entry 10' &&
		expect_out '^sealed breaks before it: 1 ' || return
	run "$CENTINELA" incident note MX-2026-00008 'and on'
	expect_rc 0
}

test_audit_seal_truncated_tail() {
	six_entries
	sql "$(db)" "DELETE FROM audit WHERE id > 4"
	refused 'chain ends at entry 4 but the head records 6 \(truncated\)' \
		incident note MX-2026-00008 'after' || return
	run "$CENTINELA" audit seal --reason 'tail cut by a restore'
	# the seal takes an id past the ones the head recorded
	expect_rc 0 && expect_out 'sealed the break at entry 5 with entry 7' || return
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact since the seal at entry 7: 5 entries' || return
	run "$CENTINELA" incident note MX-2026-00008 'after'
	expect_rc 0
}

test_audit_seal_refused_on_intact_chain() {
	six_entries
	run "$CENTINELA" audit seal --reason 'nothing'
	expect_rc 1 && expect_err 'the audit chain is intact \(6 entries\): there is no break to seal' || return
	run "$CENTINELA" audit seal
	expect_rc 2 && expect_err 'audit seal needs --reason TEXT' || return
	sql "$(db)" "UPDATE audit SET actor = 'mallory' WHERE id = 5"
	run "$CENTINELA" audit seal --reason ''
	expect_rc 1 && expect_err 'a seal needs a reason' || return
	run "$CENTINELA" --readonly audit seal --reason 'x'
	expect_rc 4 || return
	[ "$(entries)" = 6 ] || fail "sealed anyway"
}

test_audit_seal_holds_only_as_sealed() {
	six_entries
	sql "$(db)" "UPDATE audit SET actor = 'mallory' WHERE id = 5"
	"$CENTINELA" audit seal --reason 'looked into it' >/dev/null || fail "seal"
	"$CENTINELA" audit export --output "$T/sealed.jsonl" || fail "export"
	# the sealed entry put back afterwards: the seal no longer holds
	sqlite3 "$(db)" ".backup '$T/restored.db'"
	sql "$T/restored.db" "UPDATE audit SET actor = 'ana' WHERE id = 5"
	run "$CENTINELA" --db "$T/restored.db" audit verify
	expect_rc 1 && expect_err 'the seal at entry 7 does not hold' || return
	# an older entry of the sealed segment edited
	sqlite3 "$(db)" ".backup '$T/older.db'"
	sql "$T/older.db" "UPDATE audit SET detail = 'forged' WHERE id = 2"
	run "$CENTINELA" --db "$T/older.db" incident note MX-2026-00008 'no'
	expect_rc 1 && expect_err 'entry 2: hash does not match .*the seal at entry 7 does not hold' || return
	# the seal entry itself deleted: the break is bare again
	sqlite3 "$(db)" ".backup '$T/unsealed.db'"
	sql "$T/unsealed.db" "DELETE FROM audit WHERE id = 7"
	run "$CENTINELA" --db "$T/unsealed.db" audit verify
	expect_rc 1 && expect_err 'audit chain broken: entry 5: hash does not match' || return
	# the same in an export
	sed '5s/"actor":"mallory"/"actor":"ana"/' "$T/sealed.jsonl" >"$T/restored.jsonl"
	run "$CENTINELA" audit verify --file "$T/restored.jsonl"
	expect_rc 1 && expect_err 'the seal at entry 7 does not hold' || return
	sed '7d' "$T/sealed.jsonl" >"$T/unsealed.jsonl"
	run "$CENTINELA" audit verify --file "$T/unsealed.jsonl"
	expect_rc 1 && expect_err "line 5: hash does not match its fields \(entry 5, [0-9T:Z-]+, incident.note by mallory\)"
}
