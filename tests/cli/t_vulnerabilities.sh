# list vulnerabilities and show CVE-…: the KEV catalog imported with
# `import kev`, in the three formats, filtered, sorted and shown.

KEV="$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities.json"

# vuln_setup: import the real catalog; false (with a SKIP line) without it.
vuln_setup() {
	if [ ! -f "$KEV" ]; then
		echo "SKIP $name: no KEV fixture at $KEV (set CENTINELA_FIXTURES)"
		return 1
	fi
	run "$CENTINELA" import kev "$KEV"
	expect_rc 0
}

# kev_select EXPR: how many catalog entries v satisfy the Python EXPR.
kev_select() {
	python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))["vulnerabilities"]
print(sum(1 for v in v if eval(sys.argv[2])))' "$KEV" "$1"
}

# expect_count N FILTER...: `list vulnerabilities --count` says N.
expect_count() {
	want=$1
	shift
	run "$CENTINELA" list vulnerabilities --count "$@"
	expect_rc 0 || return 1
	[ "$(cat "$T/out")" = "$want" ] ||
		{ fail "count of $* is $(cat "$T/out"), wanted $want"; return 1; }
}

test_vulnerabilities_json_lists_the_kev_catalog() {
	vuln_setup || return 0
	n=$(kev_select True)
	run "$CENTINELA" list vulnerabilities kev:yes --format json --limit 10000
	expect_rc 0 || return
	got=$(grep -c '"cve_id":"CVE-' "$T/out")
	[ "$got" = "$n" ] || { fail "json lists $got rows, catalog has $n"; return; }
	expect_out '"cve_id":"CVE-2021-44228",.*"kev":true,.*"ransomware":true' || return
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" ||
		fail "json does not parse"
	expect_count 0 kev:no
}

test_vulnerabilities_table_and_csv() {
	vuln_setup || return 0
	# words are whole words ("Log4j2"); log4j* those that start so
	run "$CENTINELA" list vulnerabilities 'log4j*'
	expect_rc 0 && expect_out '^CVE +ADDED +DUE +RANSOM +VENDOR +PRODUCT +TITLE' &&
		expect_out '^CVE-2021-44228 +2021-12-10 +2021-12-24 +yes +Apache +Log4j2' &&
		expect_out '^CVE-2021-45046 ' || return
	[ "$(wc -l <"$T/out")" = 3 ] || { fail "log4j*: not 2 rows"; return; }
	run "$CENTINELA" list vulnerabilities --count log4j2
	expect_rc 0 && expect_out '^2$' || return
	run "$CENTINELA" list vulnerabilities cve:cve-2021-44228 --format csv
	expect_rc 0 || return
	[ "$(wc -l <"$T/out")" = 2 ] || { fail "csv: not a header and a row"; return; }
	expect_out '^id,cve_id,source,remote_id,version,local_state,vendor,product,title,' &&
		expect_out '^[0-9]+,CVE-2021-44228,.*,Log4j2,.*,true,2021-12-10T00:00:00Z,2021-12-24T00:00:00Z,'
}

test_vulnerabilities_filter_fields() {
	vuln_setup || return 0
	expect_count "$(kev_select 'v["knownRansomwareCampaignUse"] == "Known"')" \
		ransomware:yes || return
	expect_count "$(kev_select 'v["knownRansomwareCampaignUse"] != "Known"')" \
		'!ransomware:yes' || return
	expect_count "$(kev_select 'v["vendorProject"].lower() == "microsoft" and v["knownRansomwareCampaignUse"] == "Known"')" \
		vendor:MICROSOFT ransomware:yes || return
	expect_count "$(kev_select 'v["product"].lower() == "exchange server"')" \
		'product:"exchange server"' || return
	expect_count "$(kev_select 'v["dueDate"] < "2022-01-01"')" \
		'due<2022-01-01' || return
	expect_count "$(kev_select 'v["dateAdded"] >= "2025-01-01"')" \
		'added>=2025-01-01' || return
	# the catalog gives no publication date
	expect_count 0 'published>=1990-01-01' || return
	expect_count 1 cve:CVE-2021-44228 || return
	run "$CENTINELA" list vulnerabilities kev:maybe
	expect_rc 2 && expect_err "'kev' takes yes or no, not 'maybe'" || return
	run "$CENTINELA" list vulnerabilities published:2021-01-01
	expect_rc 2 && expect_err "'published' takes '<', '<=', '>' or '>='" || return
	run "$CENTINELA" list vulnerabilities severity:high
	expect_rc 2 && expect_err "unknown field 'severity' for vulnerabilities \(known: kev, ransomware, epss, cvss, cve,"
}

test_vulnerabilities_sorts() {
	vuln_setup || return 0
	first=$(python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))["vulnerabilities"]
print(min(x["dateAdded"] for x in v))' "$KEV")
	run "$CENTINELA" list vulnerabilities --sort added --asc --limit 1
	expect_rc 0 && expect_out "^CVE-[0-9-]+ +$first " || return
	run "$CENTINELA" list vulnerabilities --limit 1 --format csv
	expect_rc 0 || return
	newest=$(python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))["vulnerabilities"]
print(max(x["cveID"] for x in v))' "$KEV")
	expect_out "^[0-9]+,$newest," || return
	run "$CENTINELA" list vulnerabilities --sort cvss
	expect_rc 2 && expect_err "cannot sort vulnerabilities by 'cvss' \(known: cve, added, published, epss\)"
}

test_vulnerabilities_show_cve() {
	vuln_setup || return 0
	run "$CENTINELA" show CVE-2021-44228
	expect_rc 0 && expect_out '^CVE-2021-44228  Apache Log4j2 Remote Code Execution Vulnerability$' &&
		expect_out '^  vendor +Apache$' && expect_out '^  kev +listed$' &&
		expect_out '^  added +2021-12-10$' && expect_out '^  due +2021-12-24$' &&
		expect_out '^  ransomware +known use$' &&
		expect_out '^Required action$' && expect_out 'JNDI' &&
		expect_out '^CPE criteria \(0\)$' || return
	run "$CENTINELA" show CVE-2021-44228 --format json
	expect_rc 0 && expect_out '^\{"id":[0-9]+,"cve_id":"CVE-2021-44228",' || return
	run "$CENTINELA" show CVE-2099-0001
	expect_rc 3 && expect_err "unknown vulnerability 'CVE-2099-0001'"
}
