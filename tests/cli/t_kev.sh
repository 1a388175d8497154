# import kev: the real CISA KEV catalog, re-import, malformed catalogs
# rejected whole with the data already in the cache kept.

KEV="$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities.json"

# kev_present: true when the fixture is there; if not, skips (a failure
# under CI).
kev_present() {
	[ -f "$KEV" ] && return 0
	skip "no KEV fixture at $KEV (set CENTINELA_FIXTURES)"
	return 1
}

# kev_count: the catalog's own "count" member.
kev_count() {
	sed -n 's/^ *"count": *\([0-9][0-9]*\),*$/\1/p' "$KEV"
}

# expect_vulnerabilities N: `db check` counts N vulnerability rows.
expect_vulnerabilities() {
	run "$CENTINELA" db check
	expect_rc 0 && expect_out "^ *vulnerability +$1\$"
}

test_kev_import_whole_catalog() {
	kev_present || return 0
	n=$(kev_count)
	[ -n "$n" ] && [ "$n" -gt 0 ] || { fail "no count in $KEV"; return; }
	run "$CENTINELA" import kev "$KEV"
	expect_rc 0 && expect_out "imported kev from .*: $n rows, $n new, 0 updated, 0 unchanged, 0 invalid" || return
	expect_vulnerabilities "$n" || return
	run "$CENTINELA" import kev "$KEV"
	expect_rc 0 && expect_out "$n rows, 0 new, 0 updated, $n unchanged" || return
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact: 1 entries'
}

test_kev_malformed_catalog_keeps_previous_data() {
	kev_present || return 0
	n=$(kev_count)
	run "$CENTINELA" import kev "$KEV"
	expect_rc 0 || return
	head -c 600000 "$KEV" >"$T/truncated.json"
	run "$CENTINELA" import kev "$T/truncated.json"
	expect_rc 1 && expect_err 'truncated.json: invalid JSON at line' || return
	sed '/^ *"catalogVersion":/d' "$KEV" >"$T/noversion.json"
	run "$CENTINELA" import kev "$T/noversion.json"
	expect_rc 1 &&
		expect_err "noversion.json: KEV catalog: missing required member 'catalogVersion'" || return
	sed 's/^\( *"count": *\)[0-9]*/\1999999/' "$KEV" >"$T/count.json"
	run "$CENTINELA" import kev "$T/count.json"
	expect_rc 1 &&
		expect_err "count.json: KEV catalog: 'count' says 999999 entries but 'vulnerabilities' has $n" || return
	expect_vulnerabilities "$n" || return
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact: 1 entries'
}

test_kev_bad_entry_rejects_all_unless_skipped() {
	kev_present || return 0
	n=$(kev_count)
	# The first entry's dateAdded becomes a 13th month.
	sed '0,/"dateAdded": "[0-9-]*"/s//"dateAdded": "2024-13-01"/' "$KEV" >"$T/bad.json"
	run "$CENTINELA" import kev "$T/bad.json"
	expect_rc 1 &&
		expect_err "bad.json: item 1 \(\"cveID\": \"CVE-[0-9]+-[0-9]+\"\): field 'dateAdded': invalid date '2024-13-01' \(expected YYYY-MM-DD\)" &&
		expect_err 'nothing was imported' || return
	expect_vulnerabilities 0 || return
	run "$CENTINELA" import kev "$T/bad.json" --skip-invalid
	expect_rc 0 && expect_out "$((n - 1)) new, 0 updated, 0 unchanged, 1 invalid \(skipped\)" || return
	expect_vulnerabilities "$((n - 1))"
}

test_kev_duplicate_cve_rejected() {
	kev_present || return 0
	# The second entry repeats the first one's CVE id.
	first=$(sed -n 's/^ *"cveID": *"\(CVE-[0-9-]*\)",*$/\1/p' "$KEV" | head -n 1)
	awk -v id="$first" '/"cveID":/ && ++n == 2 { sub(/"CVE-[0-9-]*"/, "\"" id "\"") } { print }' \
		"$KEV" >"$T/dup.json"
	run "$CENTINELA" import kev "$T/dup.json"
	expect_rc 1 &&
		expect_err "dup.json: item 2 \(\"cveID\": \"$first\"\): duplicate vulnerability '$first' \(first as item 1\)" &&
		expect_err 'nothing was imported'
}
