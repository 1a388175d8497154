# The console's keys and themes come from the app layer: bind, the help
# overlay, theme switching, NO_COLOR, read-only mode, resizing, saved views
# from the config file.

# config LINE...: write the config file the console loads.
config() {
	mkdir -p "$XDG_CONFIG_HOME/centinela"
	printf '%s\n' "$@" >"$XDG_CONFIG_HOME/centinela/config"
	chmod 600 "$XDG_CONFIG_HOME/centinela/config"
}

test_e2e_bind_moves_selection() {
	config 'bind incidents x down'
	start
	expect 'MX-2026-00014'
	keys x Enter
	expect 'Reference +MX-2026-00013'
	keys q
	# bound in incidents only: in alerts, x leaves the selection alone
	keys Tab
	expect 'TIME +SEVERITY'
	keys x Enter
	expect 'Observables|Raw'
	with_x=$(screen | head -n 8)
	keys q
	expect 'TIME +SEVERITY'
	keys Enter
	expect 'Observables|Raw'
	[ "$(screen | head -n 8)" = "$with_x" ] ||
		fail "x moved the selection in alerts"
}

test_e2e_help_overlay_lists_new_binding() {
	config 'bind incidents x sort-reverse' 'bind global F5 refresh'
	# tall enough for the incident keys and the global ones
	start 100 60
	keys '?'
	expect '^ *incidents'
	expect 'x +sort-reverse +reverse'
	expect 'F5, r +refresh|r, F5 +refresh'
	keys NPage # the commands follow the keys
	expect 'Commands \(type : first\)'
	keys '?'
	expect 'REFERENCE +SEVERITY'
	# the help view is generated the same way
	keys 5 Enter
	expect 'F5'
}

test_e2e_theme_switches_live() {
	start
	expect 'MX-2026-00014'
	before=$(tm capture-pane -p -e -t 0 | head -n 1)
	keys :
	keys -l 'theme light'
	keys Enter
	sleep 0.3
	last_line | grep -Eq 'unknown|error|cannot' &&
		fail "theme light reported an error"
	after=$(tm capture-pane -p -e -t 0 | head -n 1)
	[ "$before" != "$after" ] || fail "the tab bar kept its colours"
	keys :
	keys -l 'theme nope'
	keys Enter
	expect "unknown theme 'nope'"
	expect 'MX-2026-00014'
}

test_e2e_no_color_draws_without_colour() {
	start 100 30 NO_COLOR=1
	expect 'MX-2026-00014'
	expect 'no sources configured'
	esc=$(printf '\033')
	# attributes (bold, reverse, ...) only: no colour parameters
	if tm capture-pane -p -e -t 0 |
		grep -Eo "$esc\[[0-9;]*m" | tr -d "$esc[m" | tr ';' '\n' |
		grep -Eq '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'; then
		fail "colour escapes with NO_COLOR"
	fi
	tm capture-pane -p -e -t 0 | grep -q "$esc\[[0-9;]*7m" ||
		fail "no reverse video for the bars"
}

test_e2e_readonly_marker_and_refusal() {
	ARGS=--readonly start
	expect 'READ-ONLY'
	keys :
	keys -l 'sector x X'
	keys Enter
	expect "'sector' changes data, which read-only mode refuses"
}

test_e2e_resize_wide_narrow_wide() {
	start 200 50
	expect 'MX-2026-00014'
	resize 80 24
	expect 'MX-2026-00014'
	# the narrow layout's headings (cut), the wide one's (whole)
	expect_not 'ORGAN… +ASSIG…' 'terminal too small'
	expect 'no sources configured'
	resize 200 50
	expect 'MX-2026-00014'
	expect_not 'ORGANIZATION +ASSIGNEE' 'terminal too small'
	[ "$(screen | wc -l)" -ge 50 ] || fail "not redrawn at 200x50"
	keys j
	expect 'no sources configured'
}

test_e2e_saved_view_from_config() {
	demo_cache
	crit=$("$CENTINELA" --db "$T/cache.db" list alerts 'severity>=critical' --count)
	new=$("$CENTINELA" --db "$T/cache.db" list alerts 'status:new' --count)
	config 'view alerts:crit "severity>=critical"' 'view fresh "status:new"'
	start 160 30
	expect "6 crit \($crit\)"
	expect "7 fresh \($new\)"
	keys 6
	expect 'TIME +SEVERITY +TLP'
	expect "filter: severity>=critical \($crit\)"
}

test_e2e_columns_from_config_and_prompt() {
	config 'set incidents.columns "reference priority title"'
	start
	expect_not 'REFERENCE +PRI +TITLE' 'ASSIGNEE'
	keys ':' 'set incidents.columns "reference assignee sla"' Enter
	expect_not 'REFERENCE +ASSIGNEE +SLA' 'PRI +TITLE'
	keys ':' 'set incidents.columns "reference colour"' Enter
	wait_for "unknown incidents column 'colour'" ||
		fail "no error for an unknown column"
	expect 'REFERENCE +ASSIGNEE +SLA'
}

test_e2e_theme_elements_per_list() {
	config 'color incidents.list.selected brightwhite red bold' \
		'color list.selected black cyan'
	start
	expect 'MX-2026-00014'
	tm capture-pane -p -e -t 0 | sed -n 3p >"$T/inc.sel"
	keys 2
	expect 'TIME +SEVERITY'
	tm capture-pane -p -e -t 0 | sed -n 3p >"$T/alert.sel"
	# red background (41) on the incident list's selection only; the
	# other lists fall back to list.selected (cyan, 46)
	grep -Eq '(\[|;)41(;|m)' "$T/inc.sel" ||
		fail "incidents.list.selected not used: $(cat -v "$T/inc.sel" | head -c 120)"
	grep -Eq '(\[|;)46(;|m)' "$T/alert.sel" ||
		fail "list.selected not used in alerts: $(cat -v "$T/alert.sel" | head -c 120)"
	! grep -Eq '(\[|;)41(;|m)' "$T/alert.sel" ||
		fail "the incidents style leaked into alerts"
}
