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
