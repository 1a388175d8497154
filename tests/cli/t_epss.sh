# import epss: FIRST's daily file (gzip or not), a re-import, a later day
# joining the KEV catalog's CVEs with the day before kept, bad lines.

EPSS="$CENTINELA_FIXTURES/epss/epss_scores-excerpt.csv"
EPSS_KEV="$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities.json"

# epss_present: true when the fixtures are there; if not, skips (a
# failure under CI).
epss_present() {
	[ -f "$EPSS" ] && [ -f "$EPSS_KEV" ] && return 0
	skip "no EPSS or KEV fixture under $CENTINELA_FIXTURES"
	return 1
}

# epss_file DAY CVE SCORE PERCENTILE...: a daily file of DAY (YYYY-MM-DD)
# with those scores, on stdout.
epss_file() {
	day=$1
	shift
	printf '#model_version:v2025.03.14,score_date:%sT00:00:00+0000\n' "$day"
	echo 'cve,epss,percentile'
	while [ $# -ge 3 ]; do
		echo "$1,$2,$3"
		shift 3
	done
}

test_epss_import_daily_file_gzip_and_plain() {
	epss_present || return 0
	n=$(grep -c '^CVE-' "$EPSS")
	gzip -c "$EPSS" >"$T/scores.csv.gz"
	run "$CENTINELA" import epss "$T/scores.csv.gz"
	expect_rc 0 &&
		expect_out "imported epss from .*scores.csv.gz: $n rows, $n new, 0 updated, 0 unchanged, 0 invalid" ||
		return
	run "$CENTINELA" import epss "$EPSS"
	expect_rc 0 && expect_out "$n rows, 0 new, 0 updated, $n unchanged" || return
	run "$CENTINELA" db check
	expect_rc 0 && expect_out "^ *epss +$n\$" || return
	# one audit entry: the second import changed nothing
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact: 1 entries'
}

test_epss_later_day_reaches_kev_cves_and_keeps_the_day_before() {
	epss_present || return 0
	epss_file 2025-03-13 CVE-2021-44228 0.5 0.9 CVE-2099-0001 0.1 0.2 \
		>"$T/day1.csv"
	epss_file 2025-03-14 CVE-2021-44228 0.94358 0.99963 >"$T/day2.csv"
	run "$CENTINELA" import epss "$T/day1.csv"
	expect_rc 0 && expect_out '2 rows, 2 new' || return
	run "$CENTINELA" import kev "$EPSS_KEV"
	expect_rc 0 || return
	run "$CENTINELA" show CVE-2021-44228
	expect_rc 0 && expect_out '^ +epss +0\.50000' || return
	run "$CENTINELA" import epss "$T/day2.csv"
	expect_rc 0 && expect_out '1 rows, 0 new, 1 updated' || return
	run "$CENTINELA" show CVE-2021-44228
	expect_rc 0 && expect_out '^ +epss +0\.94358' &&
		expect_out '^ +epss before +0\.50000' &&
		expect_out '^ +epss rise +\+0\.44358' &&
		expect_out '^ +scored +2025-03-14' || return
	run "$CENTINELA" list vulnerabilities cve:CVE-2021-44228 --format json
	expect_rc 0 &&
		expect_out '"epss":0\.94358,"epss_percentile":0\.99963,.*"epss_previous":0\.5,"epss_scored_at":"2025-03-14T00:00:00Z","kev_removed_at":null' ||
		return
	db="$XDG_DATA_HOME/centinela/cache.db"
	[ "$(sql "$db" "SELECT epss_prev || ' ' || date(epss_at, 'unixepoch') FROM vulnerability WHERE cve_id = 'CVE-2021-44228'")" = "0.5 2025-03-14" ] ||
		{ fail "the day before is not kept on the CVE's row"; return; }
	# an older file again changes nothing
	run "$CENTINELA" import epss "$T/day1.csv"
	expect_rc 0 && expect_out '2 rows, 0 new, 0 updated, 2 unchanged' || return
	run "$CENTINELA" show CVE-2021-44228
	expect_rc 0 && expect_out '^ +epss +0\.94358'
}

test_epss_bad_lines_are_named_and_nothing_is_written() {
	epss_present || return 0
	{
		epss_file 2025-03-14 CVE-2021-44228 0.9 0.99 CVE-21-1 0.1 0.2 \
			CVE-2023-4966 1.5 0.9 CVE-2023-4967 0.1 0.2
		echo 'CVE-2021-44228,0.9,0.99'
	} >"$T/bad.csv"
	run "$CENTINELA" import epss "$T/bad.csv"
	expect_rc 1 &&
		expect_err "bad.csv: line 4: field 'cve': invalid value 'CVE-21-1'" &&
		expect_err "bad.csv: line 5 \(\"cve\": \"CVE-2023-4966\"\): field 'epss': invalid value '1.5' \(expected a number from 0 to 1\)" &&
		expect_err "bad.csv:7: duplicate score 'CVE-2021-44228' \(first on line 3\)" &&
		expect_err '3 of 5 rows are invalid; nothing was imported \(use --skip-invalid to import the 2 good rows\)' ||
		return
	run "$CENTINELA" db check
	expect_out '^ *epss +0$' || return
	run "$CENTINELA" import epss "$T/bad.csv" --skip-invalid
	expect_rc 0 && expect_out '5 rows, 2 new, 0 updated, 0 unchanged, 3 invalid' || return
	printf '\037\213 not gzip' >"$T/broken.csv.gz"
	run "$CENTINELA" import epss "$T/broken.csv.gz"
	expect_rc 1 && expect_err 'broken.csv.gz: EPSS: not a readable gzip file'
}
