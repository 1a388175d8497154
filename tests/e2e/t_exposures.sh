# The exposures tab: the real NVD answers matched to an inventory, ranked
# by priority, filtered, an exposure's page, and a CVE's page listing its
# affected assets by sector and organization.

NVD_PAGE="${CENTINELA_FIXTURES:-$here/../../../shared/fixtures/real}/nvd/api2_responses/nvdlib_search_full_page.json"

# The inventory of tests/cli/t_exposures.sh.
D="$here/../data/exposures"

# expo_cache: a cache with three organizations, their assets and the NVD
# page; false without the fixture.
expo_cache() {
	if [ ! -f "$NVD_PAGE" ]; then
		echo "SKIP $name: no NVD fixture at $NVD_PAGE (set CENTINELA_FIXTURES)"
		return 1
	fi
	"$CENTINELA" --create --db "$T/cache.db" import organizations \
		"$D/organizations.csv" >/dev/null &&
		"$CENTINELA" --db "$T/cache.db" import assets "$D/assets.csv" \
			>/dev/null &&
		"$CENTINELA" --db "$T/cache.db" import nvd "$NVD_PAGE" \
			>/dev/null || { fail "imports failed"; return 1; }
}

test_e2e_exposures_tab_and_a_cves_affected_assets() {
	expo_cache || return 0
	start 140 30
	# shown at start since the cache holds some, after the
	# vulnerabilities: no tab number moves
	expect ' 6 vulnerabilities .* 7 exposures'
	keys 7
	expect 'PRIO +CVE +KEV +EPSS +CVSS +CRIT +ASSET +ORGANIZATION +SECTOR'
	expect 'sort: priority desc'
	# the KEV CVEs on the critical water router first
	expect '^66 +CVE-2022-20(699|700|708) +yes +9\.8 +4 +router-1 +Agua de Jalisco +water'
	keys /
	keys -l 'cve:CVE-2022-0016'
	expect '1 matching'
	keys Enter
	expect '^29 +CVE-2022-0016 +7\.8 +3 +vpn-win +Banco del Norte +finance'
	keys Enter
	expect 'CVE-2022-0016 on vpn-win'
	expect 'Priority +[0-9]+ = KEV 0 \+ ransomware 0 \+ EPSS 0.0 \+ CVSS 15.6 \+ criticality 8 \+ sector 5'
	expect 'CPE +cpe:2.3:a:paloaltonetworks:globalprotect:5.2.7'
	keys q
	# the CVE's page: its affected assets under sector and organization
	keys 6
	keys /
	keys -l 'cve:CVE-2022-0011'
	expect '1 matching'
	keys Enter Enter
	expect 'CVE-2022-0011'
	keys G
	expect 'Affected assets \(1\)'
	expect 'energy / Comisión Federal de Electricidad'
	expect '38 +5 +fw-hq +cpe:2.3:o:paloaltonetworks:pan-os:9.0.15'
	# leaving the exposures tab was a look: none is new any more
	[ "$("$CENTINELA" --db "$T/cache.db" list exposures --count new)" = 0 ] ||
		fail "exposures still new after the tab was left"
	keys q
	expect 'filter: cve:CVE-2022-0011'
	# q drops the filter, then quits
	keys q
	expect_not 'sort: cve desc *$' 'filter:'
	keys q
	expect 'EXITED 0'
}

# Never looked at, all are new; quitting from the tab is a look too.
test_e2e_exposures_new_until_the_tab_is_left() {
	expo_cache || return 0
	start 140 30
	expect ' 7 exposures'
	keys 7
	expect 'PRIO +CVE'
	keys /
	keys -l 'new'
	expect '20 matching'
	keys Enter
	[ "$("$CENTINELA" --db "$T/cache.db" list exposures --count new)" = 20 ] ||
		fail "a look before the tab was left"
	keys q
	expect_not 'sort: priority desc *$' 'filter:'
	keys q
	expect 'EXITED 0'
	[ "$("$CENTINELA" --db "$T/cache.db" list exposures --count new)" = 0 ] ||
		fail "quitting from the tab was no look"
}
