# The dashboard view (D, `view dashboard`): at 80x24 in UTF-8, in ASCII
# with the mono theme, its figures against `centinela list ... --count`,
# and read again after a change.

# cli_count LIST FILTER: the CLI's count of the demo cache.
cli_count() {
	"$CENTINELA" --db "$T/cache.db" list "$1" "$2" --count
}

OPEN='!status:resolved !status:closed'

# dash_figures: the totals line matches the CLI's counts.
dash_figures() {
	open=$(cli_count incidents "$OPEN")
	breach=$(cli_count incidents "$OPEN due<0s")
	recent=$(cli_count alerts 'received<24h')
	triage=$(cli_count incidents 'status:triage')
	expect "Open incidents $open  . +SLA breaches $breach  . +Alerts, last 24 h $recent\$"
	expect "^ triage( +[0-9]+){5} +$triage\$"
	expect "^ total( +[0-9]+){5} +$open\$"
	# the first sector bar: its open and all incidents
	line=$(screen | grep -A1 'Incidents per sector' | tail -n 1)
	sec_name=$(printf '%s\n' "$line" | cut -c2-14 | sed 's/ *$//')
	code=$(printf '%s' "$sec_name" | tr 'A-Z ' 'a-z-')
	sec_open=$(cli_count incidents "$OPEN sector:$code")
	sec_all=$(cli_count incidents "sector:$code")
	[ "$(printf '%s\n' "$line" | grep -Eo '[0-9]+/[0-9]+' | head -n 1)" = \
		"$sec_open/$sec_all" ] ||
		fail "sector $code: wanted $sec_open/$sec_all in '$line'"
}

test_e2e_dashboard_utf8_80x24() {
	start 80 24
	expect 'MX-2026-00014'
	keys D
	expect_not '^ Dashboard +as of ' 'terminal too small'
	dash_figures
	expect 'OPEN BY STATUS +INFO +LOW +MEDIUM +HIGH +CRITICAL +TOTAL'
	expect 'Alerts received per hour, last 24 h'
	expect '^ -24h +-12h +now'
	expect 'Most affected organizations'
	screen | grep -q '█' || fail "no bars drawn in UTF-8"
	screen | grep -q '[▁▂▃▄▅▆▇█]' || fail "no sparkline in UTF-8"
	# the tab keys still work from it
	keys 1
	expect 'REFERENCE +SEVERITY|MX-2026-00014'
}

test_e2e_dashboard_ascii_mono() {
	mkdir -p "$XDG_CONFIG_HOME/centinela"
	printf 'theme mono\n' >"$XDG_CONFIG_HOME/centinela/config"
	chmod 600 "$XDG_CONFIG_HOME/centinela/config"
	start 80 24 LC_ALL=C LANG=C
	expect 'MX-2026-00014'
	keys D
	expect '^ Dashboard +as of '
	dash_figures
	expect 'Open incidents [0-9]+  \|  SLA breaches'
	expect ' #+ +[0-9]+/[0-9]+'
	# ASCII only: no block glyphs, no box drawing
	if screen | LC_ALL=C grep -q "$(printf '\342')"; then
		fail "non-ASCII glyphs in ASCII mode"
	fi
	esc=$(printf '\033')
	if tm capture-pane -p -e -t 0 |
		grep -Eo "$esc\[[0-9;]*m" | tr -d "$esc[m" | tr ';' '\n' |
		grep -Eq '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'; then
		fail "colour escapes with the mono theme"
	fi
}

test_e2e_dashboard_view_command_and_refresh() {
	start
	expect 'MX-2026-00014'
	keys :
	keys -l 'view dashboard'
	keys Enter
	expect '6 dashboard'
	open=$(cli_count incidents "$OPEN")
	expect "Open incidents $open "
	"$CENTINELA" --db "$T/cache.db" incident create --title 'Dashboard e2e' \
		--category malicious-code --severity critical >/dev/null ||
		fail "incident create failed"
	keys r
	expect "Open incidents $((open + 1)) "
	# a saved view name cannot take the dashboard's
	keys :
	keys -l 'view alerts:dashboard "severity>=high"'
	keys Enter
	expect "invalid view name 'dashboard'"
	keys :
	keys -l 'view nosuch'
	keys Enter
	expect "no view 'nosuch' \\(known: .*dashboard"
}
