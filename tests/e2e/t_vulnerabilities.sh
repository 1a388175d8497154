# The vulnerabilities tab: the KEV catalog imported into the demo cache,
# filtered, sorted, a detail opened, columns chosen.

KEV="${CENTINELA_FIXTURES:-$here/../../../shared/fixtures/real}/kev/known_exploited_vulnerabilities.json"

# kev_cache: the demo cache with the real KEV catalog; false without it.
kev_cache() {
	if [ ! -f "$KEV" ]; then
		echo "SKIP $name: no KEV fixture at $KEV (set CENTINELA_FIXTURES)"
		return 1
	fi
	demo_cache
	"$CENTINELA" --db "$T/cache.db" import kev "$KEV" >/dev/null ||
		{ fail "import kev failed"; return 1; }
}

test_e2e_vulnerabilities_tab_filter_and_detail() {
	kev_cache || return 0
	# a view saved in the config keeps its number: the vulnerabilities
	# come after it, shown at start since the cache holds some
	mkdir -p "$XDG_CONFIG_HOME/centinela"
	echo 'view alerts:crit "severity>=critical"' \
		>"$XDG_CONFIG_HOME/centinela/config"
	chmod 600 "$XDG_CONFIG_HOME/centinela/config"
	start 140 30
	expect ' 6 crit .* 7 vulnerabilities'
	keys 7
	expect 'CVE +ADDED +DUE +RANSOM +VENDOR +PRODUCT +TITLE'
	expect 'sort: cve desc'
	keys /
	keys -l 'log4j* ransomware:yes'
	expect '2 matching'
	keys Enter
	expect '^CVE-2021-45046 +2023-05-01 +2023-05-22 +yes +Apache +Log4j2'
	expect_not '^CVE-2021-44228 +2021-12-10 +2021-12-24 +yes +Apache +Log4j2' \
		'N-able'
	keys j Enter
	expect '^ CVE-2021-44228  Apache Log4j2 Remote Code Execution Vulnerability'
	expect 'Added +2021-12-10'
	expect 'Ransomware +known use'
	expect 'Required action'
	expect 'JNDI'
	keys q
	expect_not '^CVE-2021-45046 +2023-05-01' 'Required action'
}

test_e2e_vulnerabilities_sort_and_columns() {
	kev_cache || return 0
	ARGS="-c 'set vulnerabilities.columns \"cve kev added vendor\"'"
	start
	expect ' 6 vulnerabilities'
	keys 6
	expect 'CVE +KEV +ADDED +VENDOR *$'
	# s: the next sort, KEV listing date, newest first
	keys s
	expect 'sort: added desc'
	newest=$(python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))["vulnerabilities"]
print(max(x["dateAdded"] for x in v))' "$KEV")
	expect "^CVE-[0-9-]+ +yes +$newest "
	keys :
	keys -l 'set vulnerabilities.columns colour'
	keys Enter
	expect "unknown vulnerabilities column 'colour'"
}

test_e2e_vulnerabilities_tab_on_demand() {
	# without vulnerabilities in the cache, no tab until asked for
	start
	expect_not 'MX-2026-00014' 'vulnerabilities'
	keys :
	keys -l 'view vulnerabilities'
	keys Enter
	expect ' 6 vulnerabilities'
	expect 'CVE +ADDED +DUE +RANSOM +VENDOR +PRODUCT +TITLE'
	keys 1
	expect 'REFERENCE +SEVERITY +STATUS'
}
