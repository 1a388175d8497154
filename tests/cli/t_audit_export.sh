# audit export and audit verify --file: the chain taken to another machine
# and checked there without a cache, and each tampering of the copy caught.

db() { echo "$T/data/centinela/cache.db"; }

# A cache with a few analyst edits (three audit entries).
edits() {
	local_incident
	"$CENTINELA" -c 'set analyst ana' incident note MX-2026-00008 'first "note"' >/dev/null || fail "note 1"
	"$CENTINELA" -c 'set analyst ana' incident set MX-2026-00008 status=triage >/dev/null || fail "set"
	"$CENTINELA" -c 'set analyst luis' incident note MX-2026-00008 'second note' >/dev/null || fail "note 2"
}

test_audit_export_verifies_elsewhere() {
	edits
	run "$CENTINELA" audit export --output "$T/audit.jsonl"
	expect_rc 0 || return
	[ "$(mode "$T/audit.jsonl")" = 600 ] || fail "mode $(mode "$T/audit.jsonl")"
	[ "$(wc -l <"$T/audit.jsonl")" = 4 ] || fail "lines: $(wc -l <"$T/audit.jsonl")"
	grep -q '^{"head_id":3,"head_hash":"[0-9a-f]\{64\}"}$' "$T/audit.jsonl" || fail "head line"
	# The verifier needs no cache: move it away.
	mv "$T/data" "$T/elsewhere"
	run "$CENTINELA" audit verify --file "$T/audit.jsonl"
	expect_rc 0 && expect_out '^audit export intact: 3 entries, head [0-9a-f]{64}$' || return
	[ ! -e "$(db)" ] || fail "verify --file created a cache"
}

test_audit_export_stdout_matches_file() {
	edits
	run "$CENTINELA" audit export
	expect_rc 0 || return
	cp "$T/out" "$T/stdout.jsonl"
	"$CENTINELA" audit export --output "$T/file.jsonl" || fail "export"
	cmp -s "$T/stdout.jsonl" "$T/file.jsonl" || fail "stdout and file differ"
	run "$CENTINELA" --readonly audit export
	expect_rc 0 || return
	cmp -s "$T/stdout.jsonl" "$T/out" || fail "--readonly export differs"
}

test_audit_export_tampered_copy_fails() {
	edits
	"$CENTINELA" audit export --output "$T/a.jsonl" || fail "export"
	sed '2s/"actor":"[a-z]*"/"actor":"eve"/' "$T/a.jsonl" >"$T/edited"
	run "$CENTINELA" audit verify --file "$T/edited"
	expect_rc 1 && expect_err "line 2: hash does not match its fields \(entry 2, [0-9T:Z-]+, incident.update by eve\)" || return
	sed '2d' "$T/a.jsonl" >"$T/deleted"
	run "$CENTINELA" audit verify --file "$T/deleted"
	expect_rc 1 && expect_err 'line 2 holds entry 3 where entry 2 belongs' || return
	{ sed -n 2p "$T/a.jsonl"; sed -n 1p "$T/a.jsonl"; sed -n '3,$p' "$T/a.jsonl"; } >"$T/swapped"
	run "$CENTINELA" audit verify --file "$T/swapped"
	expect_rc 1 && expect_err 'line 1 holds entry 2 where entry 1 belongs' || return
	head -n 2 "$T/a.jsonl" >"$T/truncated"
	run "$CENTINELA" audit verify --file "$T/truncated"
	expect_rc 1 && expect_err 'line 3: the head line is missing'
}

test_audit_export_never_overwrites() {
	edits
	echo keep >"$T/exists"
	run "$CENTINELA" audit export --output "$T/exists"
	expect_rc 2 && expect_err "cannot create '.*exists': File exists" || return
	[ "$(cat "$T/exists")" = keep ] || fail "the file was changed"
	run "$CENTINELA" audit verify --file "$T/missing.jsonl"
	expect_rc 1 && expect_err "cannot read '.*missing.jsonl'" || return
	run "$CENTINELA" audit export --bogus
	expect_rc 2 && expect_err 'usage: centinela audit'
}
