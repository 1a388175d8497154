# A broken audit chain in the console: the status bar says so in every
# view, a change is refused on the message line with what to do, and
# `:audit seal REASON` records the break so that changes go on.

test_e2e_audit_broken_chain_refused_then_sealed() {
	demo_cache
	for n in 1 2 3; do
		"$CENTINELA" --db "$T/cache.db" -c 'set analyst ana' incident note \
			MX-2026-00003 "note $n" >/dev/null || fail "note $n"
	done
	# an older entry edited through the sqlite3 shell
	sqlite3 "$T/cache.db" "UPDATE audit SET actor = 'mallory' WHERE id = 2"
	start 160 30
	expect 'MX-2026-00014'
	# on the incidents list, not only in the audit tab
	expect 'chain: BROKEN at entry 2'
	keys : 'note should not stay' Enter
	expect 'the audit trail is damaged \(entry 2: hash does not match'
	[ "$(sqlite3 "$T/cache.db" "SELECT count(*) FROM audit")" = 4 ] ||
		fail "the note was recorded"
	keys : 'audit seal mallory edited entry 2, reported to the SOC' Enter
	# the seal says so and clears the status bar in one frame
	expect_not 'sealed the break at entry 2 with entry 5' 'chain: BROKEN'
	keys : 'note after the seal' Enter
	expect 'MX-2026-00014: note added'
	keys A
	expect 'audit.seal'
	expect 'chain: verified, 6 entries, 1 break sealed'
	"$CENTINELA" --db "$T/cache.db" audit verify >"$T/verify" 2>&1 ||
		fail "verify: $(cat "$T/verify")"
	grep -q 'intact since the seal at entry 5' "$T/verify" || fail "verify: $(cat "$T/verify")"
}
