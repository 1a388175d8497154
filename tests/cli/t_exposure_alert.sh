# Exposure alerts: an exposure of an asset of criticality 4 or more
# becomes an alert (source exposure) when its CVE is in KEV or its EPSS
# reaches exposure.epss, once per asset and CVE ever, whatever import
# brings it; `centinela match` matches again and raises what qualifies.

NVD_DIR="$CENTINELA_FIXTURES/nvd/api2_responses"

# expo_setup: the organizations, the NVD page (CVE-2022-0011: PAN-OS up to
# 9.0.15, not in KEV there) and two firewalls on it, of criticality 5
# and 2. Skips without the fixtures.
expo_setup() {
	[ -f "$NVD_DIR/nvdlib_search_full_page.json" ] ||
		{ skip "no NVD fixtures at $NVD_DIR (set CENTINELA_FIXTURES)"; return 1; }
	"$CENTINELA" import organizations "$TESTDATA/import/organizations.csv" >/dev/null ||
		{ fail "import organizations"; return 1; }
	"$CENTINELA" import nvd "$NVD_DIR/nvdlib_search_full_page.json" >/dev/null ||
		{ fail "import nvd"; return 1; }
	cat >"$T/assets.csv" <<'CSV'
name,organization,sector,kind,criticality,hostname,ip,location,vendor,product,version,cpe
fw-hq,Comisión Federal de Electricidad,,network,5,fw.cfe.example,10.0.0.1,CDMX,Palo Alto,PAN-OS,9.0.15,cpe:2.3:o:paloaltonetworks:pan-os:9.0.15:*:*:*:*:*:*:*
fw-lab,Comisión Federal de Electricidad,,network,2,lab.cfe.example,10.0.0.2,CDMX,Palo Alto,PAN-OS,9.0.15,cpe:2.3:o:paloaltonetworks:pan-os:9.0.15:*:*:*:*:*:*:*
CSV
	"$CENTINELA" import assets "$T/assets.csv" >/dev/null || { fail "import assets"; return 1; }
	cat >"$T/kev.csv" <<'CSV'
cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes
CVE-2022-0011,Palo Alto Networks,PAN-OS,"PAN-OS Reflected Amplification",2026-12-01,"x","Apply updates.",2026-12-10,Unknown,"",CWE-406
CSV
}

# expo_alerts: the exposure alerts as "TITLE|STATUS" lines.
expo_alerts() {
	sql "$XDG_DATA_HOME/centinela/cache.db" \
		"SELECT title || '|' || status FROM alert WHERE source = 'exposure' ORDER BY id"
}

test_exposure_alert_cve_enters_kev() {
	expo_setup || return 0
	[ -z "$(expo_alerts | grep CVE-2022-0011)" ] || { fail "alert before KEV: $(expo_alerts)"; return; }
	run "$CENTINELA" import kev "$T/kev.csv"
	expect_rc 0 && expect_out ': 1 rows, 0 new, 1 updated, 0 unchanged, 0 invalid, 1 exposure alert raised$' || return
	run "$CENTINELA" list alerts source:exposure cve-2022-0011
	expect_rc 0 && expect_out 'CVE-2022-0011 exposes fw-hq \(KEV\) +exposure +new' || return
	expect_no_out 'fw-lab' || return
	run "$CENTINELA" list alerts source:exposure --format json
	expect_rc 0 && expect_out '"severity": *"critical"' || return
	# dismissed, then the catalog again and a re-match: never raised again
	id=$(sql "$XDG_DATA_HOME/centinela/cache.db" \
		"SELECT id FROM alert WHERE title LIKE 'CVE-2022-0011 exposes fw-hq%'")
	run "$CENTINELA" alert dismiss "$id" --reason "patched tonight"
	expect_rc 0 || return
	run "$CENTINELA" import kev "$T/kev.csv"
	expect_rc 0 && expect_no_out 'raised' || return
	run "$CENTINELA" match --all
	expect_rc 0 && expect_out '; 0 exposure alerts raised$' || return
	[ "$(expo_alerts | grep -c CVE-2022-0011)" = 1 ] || { fail "alerts: $(expo_alerts)"; return; }
	expo_alerts | grep -q 'CVE-2022-0011 exposes fw-hq (KEV)|dismissed' ||
		fail "not dismissed: $(expo_alerts)"
	# nothing was queued for a server
	run "$CENTINELA" outbox --all
	expect_rc 0 && expect_no_out 'alert'
}

test_exposure_alert_epss_and_criticality_settings() {
	expo_setup || return 0
	printf '#model_version:v2026.06.15,score_date:2026-12-01T00:00:00Z\ncve,epss,percentile\nCVE-2022-0011,0.30000,0.97000\n' >"$T/epss.csv"
	run "$CENTINELA" -c 'set exposure.epss 0.5' import epss "$T/epss.csv"
	expect_rc 0 || return
	[ -z "$(expo_alerts | grep CVE-2022-0011)" ] || { fail "alert under 0.5: $(expo_alerts)"; return; }
	# the default threshold (0.1) applies at the next run
	run "$CENTINELA" list alerts source:exposure
	expect_rc 0 && expect_out 'CVE-2022-0011 exposes fw-hq \(EPSS 0.30\)' || return
	expect_no_out 'fw-lab' || return
	# a lower criticality raises the lab firewall's, once
	run "$CENTINELA" -c 'set exposure.criticality 2' list alerts source:exposure
	expect_rc 0 && expect_out 'CVE-2022-0011 exposes fw-lab \(EPSS 0.30\)' || return
	run "$CENTINELA" -c 'set exposure.epss 2' list alerts
	expect_rc 2 && expect_err "invalid value for 'exposure.epss': '2' \(expected a number from 0 to 1"
}

test_exposure_alert_match() {
	expo_setup || return 0
	db="$XDG_DATA_HOME/centinela/cache.db"
	run "$CENTINELA" match
	expect_rc 0 && expect_out '^matched [0-9]+ CVEs and assets: 0 exposures added, [0-9]+ confirmed, 0 removed; 0 exposure alerts raised$' || return
	# a cache whose exposures were lost (as one from before matching)
	sql "$db" "DELETE FROM exposure" || { fail "sql"; return; }
	sql "$db" "UPDATE vulnerability SET is_kev = 1 WHERE cve_id = 'CVE-2022-0011'" || { fail "sql"; return; }
	run "$CENTINELA" match --all
	expect_rc 0 && expect_out '^matched [0-9]+ CVEs: [1-9][0-9]* exposures added, 0 confirmed, 0 removed; 1 exposure alert raised$' || return
	[ -z "$(cat "$T/err")" ] || { fail "progress off a terminal: $(cat "$T/err")"; return; }
	[ "$(sql "$db" "SELECT count(*) FROM exposure e JOIN asset a ON a.id = e.asset_id WHERE a.name = 'fw-hq'")" -gt 0 ] ||
		{ fail "fw-hq not matched again"; return; }
	run "$CENTINELA" match --bogus
	expect_rc 2 && expect_err "unexpected '--bogus'; usage: centinela match \[--all\]" || return
	run "$CENTINELA" --readonly match
	expect_rc 4 && expect_err "'match' changes data"
}

test_exposure_alert_dashboard() {
	expo_setup || return 0
	"$CENTINELA" import kev "$T/kev.csv" >/dev/null || { fail "import kev"; return; }
	run "$CENTINELA" dashboard --now 2026-12-05T10:00:00Z
	expect_rc 0 || return
	expect_out '^  sector +exposures +kev$' || return
	n=$(sql "$XDG_DATA_HOME/centinela/cache.db" "SELECT count(*) FROM exposure")
	expect_out "^  energy +$n +2\$" || return
	expect_out "^  \(all\) +$n +2\$" || return
	expect_out '^KEV due today and in the next 7 days: 1$' || return
	expect_out '^  2026-12-10  CVE-2022-0011 +2 assets exposed$' || return
	# due dates past or beyond the week are not listed
	run "$CENTINELA" dashboard --now 2026-12-11T00:00:00Z
	expect_rc 0 && expect_out '^KEV due today and in the next 7 days: 0$' || return
	run "$CENTINELA" dashboard --now 2026-12-02T00:00:00Z
	expect_rc 0 && expect_out '^KEV due today and in the next 7 days: 0$'
}

test_exposure_alert_handover() {
	expo_setup || return 0
	run "$CENTINELA" handover --since 8h
	expect_rc 0 && expect_out '^## New KEV exposures \(0\)$' || return
	"$CENTINELA" import kev "$T/kev.csv" >/dev/null || { fail "import kev"; return; }
	run "$CENTINELA" handover --since 8h
	expect_rc 0 && expect_out '^## New KEV exposures \(2\)$' || return
	expect_out '^\| [0-9T:-]+Z \| CVE-2022-0011 \| fw-hq \| 5 \| Comisión Federal de Electricidad \| energy \| 2026-12-10 \|$' || return
	expect_out '\| CVE-2022-0011 \| fw-lab \| 2 \|' || return
	# a window that ended before the catalog came has none
	run "$CENTINELA" handover --since 1h --now 2020-01-01T00:00:00Z
	expect_rc 0 && expect_out '^## New KEV exposures \(0\)$'
}
