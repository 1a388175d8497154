# Text files as other programs write them: a UTF-8 byte-order mark (Windows
# editors) is skipped wherever a file is read (import is in t_import.sh).

db() { echo "$T/data/centinela/cache.db"; }

# issue 11: a config file with a byte-order mark said "unknown command 'set'".
test_config_with_bom_is_read() {
	mkdir -p "$T/config/centinela"
	printf '\357\273\277set analyst "ana.lopez"\r\nset default-limit 7\r\n' \
		>"$T/config/centinela/config"
	chmod 600 "$T/config/centinela/config"
	run "$CENTINELA" list incidents
	expect_rc 0 || return
	! grep -q "unknown command" "$T/err" || fail "BOM read as a command"
	run "$CENTINELA" incident create --title "BOM" --category other --severity low
	expect_rc 0 || return
	[ "$(sql "$(db)" "SELECT actor FROM audit ORDER BY id DESC LIMIT 1")" = ana.lopez ] ||
		fail "analyst not set from the config"
}

# issue 11: an audit export saved with a byte-order mark verifies.
test_audit_verify_file_with_bom() {
	run "$CENTINELA" incident create --title "One" --category other --severity low
	expect_rc 0 || return
	"$CENTINELA" audit export --output "$T/audit.jsonl" || fail "export"
	printf '\357\273\277' >"$T/bom.jsonl"
	cat "$T/audit.jsonl" >>"$T/bom.jsonl"
	run "$CENTINELA" audit verify --file "$T/bom.jsonl"
	expect_rc 0 && expect_out '^audit export intact: 1 entries'
}
