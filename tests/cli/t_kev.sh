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

test_kev_csv_form_is_the_same_catalog() {
	kev_present || return 0
	n=$(kev_count)
	csv="$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities.csv"
	run "$CENTINELA" import kev "$KEV"
	expect_rc 0 || return
	# entry for entry the JSON's: nothing to change
	run "$CENTINELA" import kev "$csv"
	expect_rc 0 &&
		expect_out "imported kev from .*: $n rows, 0 new, 0 updated, $n unchanged, 0 invalid\$" ||
		return
	run "$CENTINELA" sources
	expect_rc 0 &&
		expect_out '^catalogs held:$' &&
		expect_out "^  kev +2025\.08\.25 of 2025-08-25, $n entries, from local\$"
}

test_kev_catalog_without_entries_marks_them_gone() {
	kev_present || return 0
	n=$(kev_count)
	run "$CENTINELA" import kev "$KEV"
	expect_rc 0 || return
	# The next day's catalog: two entries removed, as CISA rarely does.
	python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
c["vulnerabilities"] = [v for v in c["vulnerabilities"]
                        if v["cveID"] not in ("CVE-2021-44228", "CVE-2024-8068")]
c["count"] = len(c["vulnerabilities"])
c["catalogVersion"] = "2025.08.26"
json.dump(c, open(sys.argv[2], "w"))' "$KEV" "$T/next.json" || { fail "python"; return; }
	run "$CENTINELA" import kev "$T/next.json"
	expect_rc 0 &&
		expect_out "$((n - 2)) rows, 0 new, 0 updated, $((n - 2)) unchanged, 0 invalid, 2 no longer in KEV\$" ||
		return
	run "$CENTINELA" list vulnerabilities kev:yes --count
	[ "$(cat "$T/out")" = "$((n - 2))" ] || { fail "kev:yes counts $(cat "$T/out")"; return; }
	run "$CENTINELA" list vulnerabilities kev:no --format csv
	expect_out '^[0-9]+,CVE-2021-44228,' && expect_out '^[0-9]+,CVE-2024-8068,' || return
	run "$CENTINELA" show CVE-2021-44228
	expect_out "^ +kev +removed $(date -u +%Y-%m-%d)\$" || return
	run "$CENTINELA" sources
	expect_out "^  kev +2025\.08\.26 of 2025-08-25, $((n - 2)) entries" || return
	# The CSV proves no whole catalog: it marks nothing gone, and lists
	# again what it lists (CVE-2024-8068 is its second entry).
	head -n 100 "$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities.csv" >"$T/part.csv"
	run "$CENTINELA" import kev "$T/part.csv"
	expect_rc 0 && expect_out '99 rows, 0 new, 1 updated, 98 unchanged, 0 invalid$' || return
	run "$CENTINELA" list vulnerabilities kev:yes --count
	[ "$(cat "$T/out")" = "$((n - 1))" ] || { fail "kev:yes counts $(cat "$T/out") after the CSV"; return; }
	# Back in the catalog: listed again.
	run "$CENTINELA" import kev "$KEV"
	expect_rc 0 && expect_out "$n rows, 0 new, 1 updated" || return
	run "$CENTINELA" list vulnerabilities kev:no --count
	[ "$(cat "$T/out")" = 0 ] || fail "kev:no counts $(cat "$T/out") after the full catalog"
}
