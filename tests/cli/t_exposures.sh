# list exposures and show CVE-…: the real NVD answers imported with an
# asset inventory whose CPE names sit inside, on and outside the bounds of
# those CVEs; the exposures in three formats, ranked, filtered, looked at,
# and a CVE's affected assets by sector and organization.

NVD_PAGE="$CENTINELA_FIXTURES/nvd/api2_responses/nvdlib_search_full_page.json"
# The inventory: fw-hq on CVE-2022-0011's versionEndIncluding (9.0.15),
# fw-branch just past it; vpn-win inside GlobalProtect's ranges on Windows;
# router-1 inside the RV340 firmware's range, router-2 past its end; sns-1
# on an excluded start (out) and an included one (in).
D="$TESTDATA/exposures"

# expo_setup: organizations, assets and the NVD page; false (with a SKIP
# line) without the fixture.
expo_setup() {
	if [ ! -f "$NVD_PAGE" ]; then
		skip "no NVD fixture at $NVD_PAGE (set CENTINELA_FIXTURES)"
		return 1
	fi
	run "$CENTINELA" import organizations "$D/organizations.csv" &&
		expect_rc 0 || return 1
	run "$CENTINELA" import assets "$D/assets.csv" && expect_rc 0 ||
		return 1
	run "$CENTINELA" import nvd "$NVD_PAGE"
	expect_rc 0
}

# expect_count N FILTER...: `list exposures --count` says N.
expect_count() {
	want=$1
	shift
	run "$CENTINELA" list exposures --count "$@"
	expect_rc 0 || return 1
	[ "$(cat "$T/out")" = "$want" ] ||
		{ fail "count of '$*' is $(cat "$T/out"), wanted $want"; return 1; }
}

# The inventory's exposures, exactly: asset and CVE, as JSON says them.
test_exposures_json_are_exactly_the_expected_ones() {
	expo_setup || return 0
	run "$CENTINELA" list exposures --format json --limit 1000
	expect_rc 0 || return
	python3 - "$T/out" >"$T/pairs" <<'PY' || { fail "json: $(cat "$T/pairs")"; return; }
import json, sys
rows = json.load(open(sys.argv[1]))
need = ("asset_id", "asset", "organization", "sector", "criticality", "cve",
        "cpe", "kev", "epss", "cvss", "priority", "matched_at")
for r in rows:
    missing = [k for k in need if k not in r]
    if missing:
        sys.exit("missing %s" % missing)
    if not 0 <= r["priority"] <= 100:
        sys.exit("priority %r" % r["priority"])
prios = [r["priority"] for r in rows]
if prios != sorted(prios, reverse=True):
    sys.exit("not ranked by priority: %s" % prios)
for r in sorted(rows, key=lambda r: (r["asset"], r["cve"])):
    print(r["asset"], r["cve"], r["cpe"])
PY
	for cve in 20699 20700 20701 20702 20703 20704 20705 20706 20707 \
		20708 20709 20710 20711 20712 20749; do
		echo "router-1 CVE-2022-$cve cpe:2.3:o:cisco:rv340_firmware:1.0.03.24:*:*:*:*:*:*:*"
	done >"$T/want"
	cat >>"$T/want" <<'EOF'
fw-hq CVE-2022-0011 cpe:2.3:o:paloaltonetworks:pan-os:9.0.15:*:*:*:*:*:*:*
sns-1 CVE-2021-3398 cpe:2.3:a:stormshield:stormshield_network_security:3.8.0:*:*:*:*:*:*:*
vpn-win CVE-2022-0016 cpe:2.3:a:paloaltonetworks:globalprotect:5.2.7:*:*:*:*:*:*:*
vpn-win CVE-2022-0018 cpe:2.3:a:paloaltonetworks:globalprotect:5.2.7:*:*:*:*:*:*:*
vpn-win CVE-2022-0021 cpe:2.3:a:paloaltonetworks:globalprotect:5.2.7:*:*:*:*:*:*:*
EOF
	sort -o "$T/want" "$T/want"
	diff "$T/want" "$T/pairs" >"$T/diff" ||
		fail "exposures differ: $(cat "$T/diff")"
}

test_exposures_table_and_csv() {
	expo_setup || return 0
	run "$CENTINELA" list exposures --limit 3
	expect_rc 0 &&
		expect_out '^PRIO +CVE +KEV +EPSS +CVSS +CRIT +ASSET +ORGANIZATION +SECTOR$' &&
		expect_out '^ +[0-9]+ +CVE-2022-207[0-9][0-9] +yes .* router-1 +Agua de Jalisco +water$' ||
		return
	[ "$(wc -l <"$T/out")" = 4 ] || fail "3 rows and a header wanted"
	run "$CENTINELA" list exposures --format csv asset:fw-hq
	expect_rc 0 &&
		expect_out '^id,asset_id,asset,organization_id,organization,sector,criticality,vulnerability_id,cve,title,cpe,kev,ransomware,kev_due_at,epss,cvss,priority,matched_at,confirmed_at$' &&
		expect_out ',fw-hq,[0-9]+,Comisión Federal de Electricidad,energy,5,[0-9]+,CVE-2022-0011,' ||
		return
	[ "$(wc -l <"$T/out")" = 2 ] || fail "one row and a header wanted"
}

test_exposures_filters() {
	expo_setup || return 0
	expect_count 20 || return
	expect_count 15 asset:router-1 || return
	expect_count 15 'org:"agua de jalisco"' || return
	expect_count 1 sector:energy || return
	expect_count 3 cve:CVE-2022-0016,cve-2022-0018,CVE-2022-0011 \
		criticality:3,5 || return
	expect_count 1 'cpe:cpe:2.3:o:paloaltonetworks:*' || return
	expect_count 16 'cpe:cpe:2.3:*:cisco:*,cpe:2.3:a:stormshield:*' ||
		return
	expect_count "$(sql "$XDG_DATA_HOME/centinela/cache.db" \
		"SELECT count(*) FROM exposure JOIN vulnerability ON vulnerability.id = vulnerability_id WHERE is_kev")" kev:yes || return
	expect_count 0 ransomware:yes || return
	expect_count "$(sql "$XDG_DATA_HOME/centinela/cache.db" \
		"SELECT count(*) FROM exposure WHERE priority >= 50")" priority\>=50 ||
		return
	expect_count "$(sql "$XDG_DATA_HOME/centinela/cache.db" \
		"SELECT count(*) FROM exposure JOIN vulnerability ON vulnerability.id = vulnerability_id WHERE cvss_score >= 9")" cvss\>=9 ||
		return
	run "$CENTINELA" list exposures epss\>2
	expect_rc 2 && expect_err "'epss' takes a number from 0 to 1, not '2'" ||
		return
	# the assets list takes CPE patterns too
	run "$CENTINELA" list assets --count 'cpe:cpe:2.3:o:*:*:9.0.1*'
	expect_rc 0 && expect_out '^2$'
}

# priority JSON-ROWS: the priority of the first row of a JSON list.
priority() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["priority"])' "$1"
}

# An EPSS score moves the rank, and the page explains it.
test_exposures_priority_follows_epss() {
	expo_setup || return 0
	run "$CENTINELA" list exposures cve:CVE-2021-3398 --format json
	expect_rc 0 && expect_out '"epss":null' || return
	before=$(priority "$T/out")
	printf 'cve,epss,percentile\nCVE-2021-3398,0.99000,0.99900\n' >"$T/epss.csv"
	run "$CENTINELA" import epss "$T/epss.csv"
	expect_rc 0 || return
	run "$CENTINELA" list exposures cve:CVE-2021-3398 --format json
	expect_rc 0 && expect_out '"epss":0.99' || return
	after=$(priority "$T/out")
	# 20 x 0.99 = 19.8, the sum rounded
	[ $((after - before)) -ge 19 ] && [ $((after - before)) -le 20 ] ||
		{ fail "priority $before -> $after"; return; }
	ref=$(python3 -c 'import json,sys; print("exposure:%d" % json.load(open(sys.argv[1]))[0]["id"])' "$T/out")
	expect_count 1 epss\>=0.9 || return
	run "$CENTINELA" show "$ref"
	expect_rc 0 && expect_out '^CVE-2021-3398 on sns-1$' &&
		expect_out "priority +$after = KEV 0 \\+ ransomware 0 \\+ EPSS 19.8 \\+ CVSS [0-9.]+ \\+ criticality 4 \\+ sector 5\$"
}

# `new`: found since the last look; listing them is one.
test_exposures_new_since_the_last_look() {
	expo_setup || return 0
	expect_count 20 new || return
	# counting is no look; listing is
	expect_count 20 new || return
	run "$CENTINELA" list exposures --limit 1
	expect_rc 0 || return
	expect_count 0 new || return
	# a new asset exposed: only its exposure is new
	sleep 1
	cat >"$T/more.csv" <<'CSV'
name,organization,sector,kind,criticality,hostname,ip,location,vendor,product,version,cpe
fw-lab,Banco del Norte,finance,network,1,,,,,,,cpe:2.3:o:paloaltonetworks:pan-os:9.0.1:*:*:*:*:*:*:*
CSV
	run "$CENTINELA" import assets "$T/more.csv"
	expect_rc 0 || return
	run "$CENTINELA" list exposures new --format csv
	expect_rc 0 && expect_out ',fw-lab,' || return
	[ "$(wc -l <"$T/out")" = 2 ] || { fail "one new exposure wanted"; return; }
	expect_count 0 new
}

test_exposures_show_cve_lists_its_assets_by_sector_and_organization() {
	expo_setup || return 0
	run "$CENTINELA" show CVE-2022-20708
	expect_rc 0 && expect_out '^Affected assets \(1\)$' &&
		expect_out '^  water / Agua de Jalisco \(1\)$' &&
		expect_out '^ +[0-9]+ +4 +router-1 +cpe:2.3:o:cisco:rv340_firmware:1.0.03.24:' ||
		return
	run "$CENTINELA" show CVE-2022-20708 --format json
	expect_rc 0 || return
	python3 - "$T/out" <<'PY' || fail "json: affected assets"
import json, sys
d = json.load(open(sys.argv[1]))
a = d["affected_assets"]
assert d["cve_id"] == "CVE-2022-20708", d["cve_id"]
assert [(x["asset"], x["organization"], x["sector"]) for x in a] == \
    [("router-1", "Agua de Jalisco", "water")], a
PY
	# an asset's page lists its exposures
	run "$CENTINELA" show "asset:$(sql "$XDG_DATA_HOME/centinela/cache.db" \
		"SELECT id FROM asset WHERE name = 'vpn-win'")"
	expect_rc 0 && expect_out '^Exposures \(3\)$' &&
		expect_out 'CVE-2022-0016 ' || return
	# a CVE no asset has
	run "$CENTINELA" show CVE-2022-0019
	expect_rc 0 && expect_out '^Affected assets \(0\)$'
}

# The vulnerabilities sort and filter on EPSS, paged by a REAL key.
test_exposures_vulnerabilities_by_epss() {
	expo_setup || return 0
	printf 'cve,epss,percentile\nCVE-2022-0011,0.5,0.9\nCVE-2022-0016,0.97521,0.99\nCVE-2022-0018,0.5,0.9\n' >"$T/epss.csv"
	run "$CENTINELA" import epss "$T/epss.csv"
	expect_rc 0 || return
	run "$CENTINELA" list vulnerabilities --sort epss --limit 1 \
		--format csv 'epss>=0.5'
	expect_rc 0 && expect_out '^[0-9]+,CVE-2022-0016,' || return
	run "$CENTINELA" list vulnerabilities --sort epss --format csv
	expect_rc 0 || return
	[ "$(cut -d, -f2 "$T/out" | sed 1d | tr '\n' ' ')" = "CVE-2022-0016 CVE-2022-0018 CVE-2022-0011 " ] ||
		fail "by epss: $(cut -d, -f2 "$T/out" | tr '\n' ' ')"
	# the next page after a key of score and id: ties by id, descending
	id18=$(sql "$XDG_DATA_HOME/centinela/cache.db" "SELECT id FROM vulnerability WHERE cve_id = 'CVE-2022-0018'")
	run "$CENTINELA" list vulnerabilities --sort epss --limit 1 \
		--after "r:0.5:$((id18 + 1))" --format csv
	expect_rc 0 && expect_out "^$id18,CVE-2022-0018," || return
	run "$CENTINELA" list vulnerabilities --sort epss --limit 1 \
		--after "r:0.5:$id18" --format csv
	expect_rc 0 && expect_out '^[0-9]+,CVE-2022-0011,' || return
	run "$CENTINELA" list vulnerabilities --sort epss --after n:5:1
	expect_rc 2 && expect_err "page key does not fit the sort by 'epss'"
}
