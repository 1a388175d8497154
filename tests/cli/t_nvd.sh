# import nvd: the real NVD CVE API 2.0 answers, re-import, the NVD record
# and the KEV catalog meeting on the CVE id, a bad record reported with its
# CVE and nothing written unless --skip-invalid.

NVD="$CENTINELA_FIXTURES/nvd/api2_responses"
NVD_PAGE="$NVD/nvdlib_search_full_page.json"

# nvd_present: true when the fixtures are there; if not, skips (a failure
# under CI).
nvd_present() {
	[ -f "$NVD_PAGE" ] && return 0
	skip "no NVD fixtures at $NVD (set CENTINELA_FIXTURES)"
	return 1
}

# expect_vulnerabilities N: `db check` counts N vulnerability rows.
expect_vulnerabilities() {
	run "$CENTINELA" db check
	expect_rc 0 && expect_out "^ *vulnerability +$1\$"
}

# cache_sql QUERY: one value from the default cache.
cache_sql() {
	sql "$XDG_DATA_HOME/centinela/cache.db" "$1"
}

test_nvd_import_fixtures() {
	nvd_present || return 0
	run "$CENTINELA" import nvd "$NVD_PAGE"
	expect_rc 0 && expect_out "imported nvd from .*: 47 rows, 47 new, 0 updated, 0 unchanged, 0 invalid" || return
	# the others: two CVEs not on the page, three that are
	for f in nvdlib_CVE-2017-7542 nvdlib_CVE-2021-26855; do
		run "$CENTINELA" import nvd "$NVD/$f.json"
		expect_rc 0 && expect_out ": 1 rows, 1 new, 0 updated, 0 unchanged, 0 invalid" || return
	done
	run "$CENTINELA" import nvd "$NVD/nvdlib_CVE-2021-45357.json"
	expect_rc 0 && expect_out ": 1 rows, 0 new, 0 updated, 1 unchanged" || return
	run "$CENTINELA" import nvd - <"$NVD/nvdlib_simple_search.json"
	expect_rc 0 && expect_out "imported nvd from stdin: 2 rows, 0 new, 0 updated, 2 unchanged" || return
	expect_vulnerabilities 49 || return
	# the same page again changes nothing
	run "$CENTINELA" import nvd "$NVD_PAGE"
	expect_rc 0 && expect_out ": 47 rows, 0 new, 0 updated, 47 unchanged, 0 invalid" || return
	matches="SELECT count(*) FROM vuln_detail, json_tree(configs) AS j WHERE j.key = 'c'"
	[ "$(cache_sql "$matches")" = 328 ] ||
		{ fail "cpeMatch entries: $(cache_sql "$matches")"; return; }
	# the vulnerable criteria of exchange_server, one line each, keyed
	lines="SELECT sum(length(criteria) - length(replace(criteria, char(10), '')) + 1) FROM vuln_match WHERE vendor = 'microsoft' AND product = 'exchange_server'"
	[ "$(cache_sql "$lines")" = 24 ] ||
		fail "exchange_server criteria not keyed: $(cache_sql "$lines")"
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact: 3 entries'
}

test_nvd_and_kev_meet_on_the_cve() {
	nvd_present || return 0
	kev="$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities.json"
	[ -f "$kev" ] || { skip "no KEV fixture at $kev"; return 0; }
	run "$CENTINELA" import nvd "$NVD/nvdlib_CVE-2021-26855.json"
	expect_rc 0 || return
	run "$CENTINELA" import kev "$kev"
	expect_rc 0 && expect_out ", 1 updated, " || return
	run "$CENTINELA" import nvd "$NVD/nvdlib_CVE-2021-26855.json"
	expect_rc 0 && expect_out ": 1 rows, 0 new, 0 updated, 1 unchanged" || return
	row=$(cache_sql "SELECT is_kev, vendor, cvss_score, vuln_status, description_es IS NOT NULL FROM vulnerability WHERE cve_id = 'CVE-2021-26855'")
	[ "$row" = "1|Microsoft|9.8|Analyzed|1" ] || fail "merged row: $row"
}

test_nvd_bad_record_rejects_all_unless_skipped() {
	nvd_present || return 0
	# The third record's published time is not a time.
	sed 's/"published":"[^"]*"/"published":"yesterday"/3' "$NVD_PAGE" >"$T/bad.json"
	run "$CENTINELA" import nvd "$T/bad.json"
	expect_rc 1 &&
		expect_err "bad.json: item 3 \(\"id\": \"CVE-2021-45901\"\): field 'published': invalid date-time 'yesterday'" &&
		expect_err 'nothing was imported' || return
	expect_vulnerabilities 0 || return
	run "$CENTINELA" import nvd "$T/bad.json" --skip-invalid
	expect_rc 0 && expect_out "46 new, 0 updated, 0 unchanged, 1 invalid \(skipped\)" || return
	expect_vulnerabilities 46 || return
	# a document that is not a CVE answer is refused whole
	printf '{"format":"NVD_CPE","products":[]}' >"$T/cpe.json"
	run "$CENTINELA" import nvd "$T/cpe.json"
	expect_rc 1 && expect_err "cpe.json: expected a page \{\"vulnerabilities\": \[...\]\}, not an object without 'vulnerabilities'" || return
	printf '{"format":"NVD_CPE","resultsPerPage":0,"startIndex":0,"totalResults":0,"vulnerabilities":[]}' >"$T/fmt.json"
	run "$CENTINELA" import nvd "$T/fmt.json"
	expect_rc 1 && expect_err "fmt.json: NVD response: 'format' must be \"NVD_CVE\"" || return
	expect_vulnerabilities 46
}

test_nvd_import_several_files_stops_at_a_bad_one() {
	nvd_present || return 0
	sed 's/"published":"[^"]*"/"published":"yesterday"/3' "$NVD_PAGE" >"$T/bad.json"
	# each file its own import, in order, in one process
	run "$CENTINELA" import nvd "$NVD/nvdlib_CVE-2017-7542.json" \
		"$NVD/nvdlib_CVE-2021-26855.json" "$T/bad.json" "$NVD_PAGE" "$NVD/nvdlib_simple_search.json"
	expect_rc 1 &&
		expect_out "imported nvd from .*nvdlib_CVE-2017-7542.json: 1 rows, 1 new" &&
		expect_out "imported nvd from .*nvdlib_CVE-2021-26855.json: 1 rows, 1 new" &&
		expect_err "bad.json: item 3 .*nothing was imported|nothing was imported" &&
		expect_err "stopped at '.*bad.json': the 2 files before it stay imported; the 2 after it, from '.*nvdlib_search_full_page.json', were not read" ||
		return
	expect_vulnerabilities 2 || return
	[ "$(cache_sql "SELECT count(*) FROM audit WHERE action = 'import'")" = 2 ] ||
		{ fail "audit entries: $(cache_sql "SELECT count(*) FROM audit WHERE action = 'import'")"; return; }
	run "$CENTINELA" import nvd "$NVD_PAGE" "$NVD/nvdlib_simple_search.json"
	expect_rc 0 && expect_out "full_page.json: 47 rows, 47 new" &&
		expect_out "simple_search.json: 2 rows, 0 new, 0 updated, 2 unchanged" || return
	expect_vulnerabilities 49 || return
	run "$CENTINELA" import nvd - "$NVD_PAGE" - </dev/null
	expect_rc 2 && expect_err "standard input \('-'\) given twice"
}

# Files are written in groups, one transaction each (cli/cmd_import.c); a
# file that fails undoes its group, whose files before it are imported
# again. Standard input, which cannot be read twice, is a group of its
# own: the bad file after it does not undo it.
test_nvd_import_stdin_between_files_stays_imported() {
	nvd_present || return 0
	sed 's/"published":"[^"]*"/"published":"yesterday"/3' "$NVD_PAGE" >"$T/bad.json"
	run "$CENTINELA" import nvd "$NVD/nvdlib_CVE-2017-7542.json" - \
		"$NVD/nvdlib_CVE-2021-26855.json" "$T/bad.json" \
		<"$NVD/nvdlib_simple_search.json"
	expect_rc 1 &&
		expect_out "imported nvd from .*nvdlib_CVE-2017-7542.json: 1 rows, 1 new" &&
		expect_out "imported nvd from stdin: 2 rows, 2 new" &&
		expect_out "imported nvd from .*nvdlib_CVE-2021-26855.json: 1 rows, 1 new" &&
		expect_err "bad.json: item 3 .*invalid date-time" &&
		expect_err "1 of 47 items is invalid; nothing was imported" ||
		return
	# the lines come in file order, once their group is committed
	[ "$(sed 's/: .*//' "$T/out" | tr '\n' ' ')" = "imported nvd from $NVD/nvdlib_CVE-2017-7542.json imported nvd from stdin imported nvd from $NVD/nvdlib_CVE-2021-26855.json " ] ||
		{ fail "order: $(cat "$T/out")"; return; }
	expect_vulnerabilities 4 || return
	[ "$(cache_sql "SELECT count(*) FROM audit WHERE action = 'import'")" = 3 ] ||
		fail "audit entries: $(cache_sql "SELECT count(*) FROM audit WHERE action = 'import'")"
}
