# The SLA column: time left, overdue or paused, drawn with the sla.*
# theme elements; `set sla.*` at the prompt recomputes the deadlines.

sla_config() {
	mkdir -p "$XDG_CONFIG_HOME/centinela"
	printf '%s\n' "$@" >"$XDG_CONFIG_HOME/centinela/config"
	chmod 600 "$XDG_CONFIG_HOME/centinela/config"
}

# The second row of the list (the first is selected), with its escapes.
second_row() {
	tm capture-pane -p -e -t 0 | sed -n 4p
}

test_e2e_sla_column_coloured_by_state() {
	sla_config 'set incidents.columns "reference status sla title"' \
		'color sla.breached brightwhite red bold'
	start 120 30
	keys /
	keys -l 'sla:breached status:in_progress'
	keys Enter
	expect '^MX-[0-9-]+ +in_progress +-[0-9]+[smhdwy] '
	second_row >"$T/breached"
	grep -Eq '(\[|;)41(;|m)' "$T/breached" ||
		fail "sla.breached not used: $(cat -v "$T/breached" | head -c 160)"
	# The demo's one waiting incident waits past its deadline: frozen.
	keys Escape
	keys /
	keys -l 'sla:paused'
	keys Enter
	expect '^MX-[0-9-]+ +waiting +-[0-9]+[smhdwy] paused '
}

test_e2e_sla_setting_at_prompt_recomputes() {
	start 120 30
	keys /
	keys -l 'sla:breached'
	keys Enter
	expect 'incidents \([1-9][0-9]*\)'
	keys :
	keys -l 'set sla.critical.resolution 366d'
	keys Enter
	keys :
	keys -l 'set sla.high.resolution 366d'
	keys Enter
	keys :
	keys -l 'set sla.medium.resolution 366d'
	keys Enter
	keys :
	keys -l 'set sla.low.resolution 366d'
	keys Enter
	keys :
	keys -l 'set sla.info.resolution 366d'
	keys Enter
	for sev in critical high medium low info; do
		keys :
		keys -l "set sla.$sev.response 366d"
		keys Enter
	done
	expect 'incidents \(0\)'
}
