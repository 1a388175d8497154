# dashboard: the console's dashboard as text, against `list --count`.

setup_dashboard() {
	"$CENTINELA" demo-data --scale 0.02 --seed 7 \
		--now 2026-11-29T03:00:00Z >/dev/null 2>&1 ||
		fail "demo-data failed"
}

# figure LABEL: the number after LABEL in the output.
figure() {
	sed -n "s/^$1  *\([0-9]*\)\$/\1/p" "$T/out"
}

test_dashboard_figures_match_list_counts() {
	setup_dashboard
	run "$CENTINELA" dashboard --top 3
	expect_rc 0 || return
	open=$("$CENTINELA" list incidents '!status:resolved !status:closed' --count)
	breach=$("$CENTINELA" list incidents '!status:resolved !status:closed due<0s' --count)
	recent=$("$CENTINELA" list alerts 'received<24h' --count)
	[ "$(figure 'open incidents')" = "$open" ] || fail "open: wanted $open"
	[ "$(figure 'sla breaches')" = "$breach" ] || fail "breaches: wanted $breach"
	[ "$(figure 'alerts last 24h')" = "$recent" ] || fail "alerts: wanted $recent"
	triage=$("$CENTINELA" list incidents 'status:triage' --count)
	expect_out "^  triage( +[0-9]+){5} +$triage\$" || return
	water=$("$CENTINELA" list incidents 'sector:water !status:resolved !status:closed' --count)
	expect_out "^  water +$water +[0-9]+\$" || return
	[ "$(grep -c '^ *[0-9]*\. ' "$T/out")" = 3 ] || fail "not 3 organizations"
	# the hours add up to the last 24 hours
	sum=$(sed -n '/^alerts per hour/{n;p}' "$T/out" | tr ' ' '\n' |
		awk '{ s += $1 } END { print s + 0 }')
	[ "$sum" = "$recent" ] || fail "hours add up to $sum, wanted $recent"
}

test_dashboard_usage_errors() {
	run "$CENTINELA" dashboard --top x
	expect_rc 2 || return
	run "$CENTINELA" dashboard --bogus
	expect_rc 2 && expect_err "unknown argument '--bogus' for dashboard"
}

# dash_exposures SECTOR: "ALL KEV" of the sector's exposures row ("0 0"
# when it has none, which the dashboard leaves out).
dash_exposures() {
	"$CENTINELA" dashboard >"$T/dash" || return 1
	row=$(sed -n "/^  sector  *exposures  *kev\$/,/^\$/s/^  $1  *\([0-9]*\)  *\([0-9]*\)\$/\1 \2/p" \
		"$T/dash")
	echo "${row:-0 0}"
}

# The exposures per sector and of KEV-listed CVEs are those `list
# exposures` counts, after a KEV catalog and after an asset changes sector
# (its exposures go with it); db check finds the kept counts right.
test_dashboard_exposures_match_list_counts() {
	nvd="$CENTINELA_FIXTURES/nvd/api2_responses/nvdlib_search_full_page.json"
	[ -f "$nvd" ] || { skip "no NVD fixture at $nvd (set CENTINELA_FIXTURES)"; return 0; }
	d="$TESTDATA/exposures"
	"$CENTINELA" import organizations "$d/organizations.csv" >/dev/null &&
		"$CENTINELA" import assets "$d/assets.csv" >/dev/null &&
		"$CENTINELA" import nvd "$nvd" >/dev/null || { fail "setup"; return; }
	cat >"$T/kev.csv" <<'CSV'
cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes
CVE-2022-0011,Palo Alto Networks,PAN-OS,"PAN-OS Reflected Amplification",2026-12-01,"x","Apply updates.",2026-12-10,Unknown,"",CWE-406
CVE-2022-20699,Cisco,RV340,"RV340 overflow",2026-12-01,"x","Apply updates.",2026-12-10,Unknown,"",CWE-121
CSV
	"$CENTINELA" import kev "$T/kev.csv" >/dev/null || { fail "import kev"; return; }
	for step in kev moved; do
		for sector in energy finance water; do
			all=$("$CENTINELA" list exposures "sector:$sector" --count)
			kev=$("$CENTINELA" list exposures "sector:$sector" kev:yes --count)
			got=$(dash_exposures "$sector")
			[ "$got" = "$all $kev" ] ||
				{ fail "$step: $sector has '$got', wanted '$all $kev'"; return; }
		done
		[ "$step" = kev ] || break
		w0=$(dash_exposures water) f0=$(dash_exposures finance)
		# router-1, the water sector's only exposed asset, moves to finance
		sed 's/^router-1,Agua de Jalisco,water,/router-1,Agua de Jalisco,finance,/' \
			"$d/assets.csv" >"$T/assets.csv"
		"$CENTINELA" import assets "$T/assets.csv" >/dev/null ||
			{ fail "import assets"; return; }
	done
	want=$(echo "$w0 $f0" | awk '{ print $1 + $3, $2 + $4 }')
	[ "$(dash_exposures finance) $(dash_exposures water)" = "$want 0 0" ] ||
		{ fail "after the move: $(dash_exposures finance), wanted $want"; return; }
	run "$CENTINELA" db check
	expect_rc 0 && expect_out 'integrity +ok'
}
