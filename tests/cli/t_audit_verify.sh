# audit verify on the cache itself: a copy of the database tampered with
# through the sqlite3 shell in each of the four ways (edit, deletion,
# reordering, truncation), and `audit verify` naming the first broken entry.

cache() { echo "$T/data/centinela/cache.db"; }

# copy NAME: a consistent copy of the cache (WAL folded in) at $T/NAME.db.
copy() {
	sqlite3 "$(cache)" ".backup '$T/$1.db'" || fail "backup $1"
}

test_audit_verify_cache_intact() {
	six_audit_entries
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out '^audit chain intact: 6 entries, head [0-9a-f]{64}$' || return
	copy same
	run "$CENTINELA" --db "$T/same.db" audit verify
	expect_rc 0 && expect_out '^audit chain intact: 6 entries'
}

test_audit_verify_cache_edit() {
	six_audit_entries
	copy edited
	sql "$T/edited.db" "UPDATE audit SET detail = 'note 9' WHERE id = 3"
	run "$CENTINELA" --db "$T/edited.db" audit verify
	expect_rc 1 && expect_err '^centinela: audit chain broken: entry 3: hash does not match its contents \(edited\)$' || return
	# the actor alone
	copy actor
	sql "$T/actor.db" "UPDATE audit SET actor = 'eve' WHERE id = 6"
	run "$CENTINELA" --db "$T/actor.db" audit verify
	expect_rc 1 && expect_err 'entry 6: hash does not match its contents \(edited\)' || return
	# the original is untouched
	run "$CENTINELA" audit verify
	expect_rc 0
}

test_audit_verify_cache_deletion() {
	six_audit_entries
	copy deleted
	sql "$T/deleted.db" "DELETE FROM audit WHERE id = 4"
	run "$CENTINELA" --db "$T/deleted.db" audit verify
	expect_rc 1 && expect_err 'audit chain broken: entry 4 is missing \(deleted\)$' || return
	# a deletion renumbered to hide the gap breaks the link instead
	copy renumbered
	sql "$T/renumbered.db" "DELETE FROM audit WHERE id = 4;
		UPDATE audit SET id = id - 1 WHERE id > 4;"
	run "$CENTINELA" --db "$T/renumbered.db" audit verify
	expect_rc 1 && expect_err 'audit chain broken: entry 4: hash does not match its contents \(edited\)$'
}

test_audit_verify_cache_reordering() {
	six_audit_entries
	# two whole rows (hashes and all) exchange places
	copy swapped
	sql "$T/swapped.db" "
CREATE TEMP TABLE t AS SELECT * FROM audit WHERE id IN (2, 3);
DELETE FROM audit WHERE id IN (2, 3);
INSERT INTO audit SELECT 5 - id, at, actor, action, entity, entity_ref, detail,
  prev_hash, hash FROM t;"
	run "$CENTINELA" --db "$T/swapped.db" audit verify
	expect_rc 1 && expect_err 'audit chain broken: entry 2: hash does not match its contents \(edited\)$' || return
	# the contents exchanged, each row keeping its id and hashes
	copy contents
	sql "$T/contents.db" "
CREATE TEMP TABLE t AS SELECT * FROM audit WHERE id IN (4, 5);
UPDATE audit SET detail = (SELECT detail FROM t WHERE t.id = 9 - audit.id)
  WHERE id IN (4, 5);"
	run "$CENTINELA" --db "$T/contents.db" audit verify
	expect_rc 1 && expect_err 'audit chain broken: entry 4: hash does not match its contents \(edited\)$'
}

test_audit_verify_cache_truncation() {
	six_audit_entries
	copy truncated
	sql "$T/truncated.db" "DELETE FROM audit WHERE id > 3"
	run "$CENTINELA" --db "$T/truncated.db" audit verify
	expect_rc 1 && expect_err 'audit chain broken: chain ends at entry 3 but the head records 6 \(truncated\)$' || return
	# truncated with the head moved back to match: the head's hash must be forged too
	copy forged
	sql "$T/forged.db" "DELETE FROM audit WHERE id > 3;
		UPDATE audit_head SET last_id = 3;"
	run "$CENTINELA" --db "$T/forged.db" audit verify
	expect_rc 1 && expect_err 'entry 3: the head records another hash for it \(head forged\)$' || return
	# and a truncated chain is not extended over the evidence
	run "$CENTINELA" --db "$T/truncated.db" -c 'set analyst ana' incident note MX-2026-00008 'after'
	[ "$rc" != 0 ] || fail "a note was appended to a truncated chain"
	run "$CENTINELA" --db "$T/truncated.db" audit verify
	expect_rc 1 && expect_err 'head records 6 \(truncated\)$'
}
