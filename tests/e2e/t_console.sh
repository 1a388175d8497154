# The console: lists, details, views, resize, terminal fallbacks.

test_e2e_incident_list_shows() {
	start
	expect 'MX-2026-00014'
	expect 'no sources configured'
	expect 'REFERENCE +SEVERITY +STATUS'
}

test_e2e_j_moves_and_detail_opens() {
	start
	expect 'MX-2026-00014'
	keys j Enter
	expect 'Reference +MX-2026-00013'
	expect 'Timeline'
	keys q
	expect 'REFERENCE +SEVERITY'
	keys q
	expect 'EXITED 0'
}

test_e2e_tab_switches_views() {
	start
	keys Tab
	expect 'TIME +SEVERITY +TLP +TAXONOMY'
	keys Tab
	expect 'CRIT +NAME +KIND'
	keys 4
	expect 'NAME +SECTOR +REGION +OPEN'
	keys 5 Enter
	expect 'Keys'
}

test_e2e_follow_link_and_back() {
	start
	keys Enter
	expect 'Organization'
	# down to the organization link, follow it, come back
	keys j j j j j j j j j j Enter
	expect 'Contacts'
	keys q
	expect 'Reference +MX-2026-00014'
}

test_e2e_resize_too_small_and_back() {
	start 80 24
	expect 'MX-2026-00014'
	resize 40 10
	expect 'terminal too small'
	expect 'need 80x24, have 40x10'
	resize 100 30
	expect 'MX-2026-00014'
}

test_e2e_filter_narrows() {
	start
	keys /
	keys -l 'severity:critical'
	expect '[0-9]+ matching'
	keys Enter
	expect 'incidents \(4\)'
	expect_not 'MX-2026-00012'
	keys Escape
	expect 'MX-2026-00012'
}

test_e2e_command_prompt_history() {
	start
	keys :
	keys -l 'set default-limit 7'
	keys Enter
	expect_not 'unknown|usage'
	keys q
	expect 'EXITED'
	stop
	TMUX_SOCK="${TMUX_SOCK}-again"
	start
	keys : Up
	expect ':set default-limit 7'
	keys Escape
}

test_e2e_dumb_unknown_term_starts() {
	start 100 30 TERM=dumb-unknown
	expect 'MX-2026-00014'
}

test_e2e_escape_sequences_inert() {
	demo_cache
	sqlite3 "$T/cache.db" "UPDATE organization SET name = 'Evil' || char(27) || ']0;pwned' || char(7) || char(27) || '[31mRED' WHERE id = (SELECT MIN(id) FROM organization)"
	# The newest alert: an OSC title, a C1 CSI and a bidi override.
	sqlite3 "$T/cache.db" "UPDATE alert SET title = 'Bad' || char(27) || ']2;owned' || char(7) || char(155) || '2J' || char(8238) || 'fdp.exe' WHERE id = (SELECT id FROM alert ORDER BY observed_at DESC, id DESC LIMIT 1)"
	start
	title_before=$(tm display -p -t 0 '#{pane_title}')
	keys 4
	expect 'Evil\^\[\]0;pwned\^G\^\[\[31mRED'
	tm capture-pane -p -e -t 0 | grep -q "$(printf '\033')\]0;pwned" &&
		fail "a raw escape sequence reached the terminal"
	keys 2
	expect 'Bad\^\[\]2;owned\^G<U\+009B>2J<U\+202E>f'
	keys Enter
	expect 'Bad\^\[\]2;owned'
	[ "$(tm display -p -t 0 '#{pane_title}')" = "$title_before" ] ||
		fail "the pane title changed"
	tm capture-pane -p -e -t 0 | grep -q "owned$(printf '\007')" &&
		fail "a raw BEL reached the terminal"
	true
}

test_e2e_ascii_glyphs_in_c_locale() {
	start 100 30 LC_ALL=C LANG=C
	expect 'cache: .* \| sort'
}

# -c without a subcommand sets the console up, as the config file does,
# and opens it (it used to run the commands and exit at once).
test_e2e_c_without_subcommand_opens_the_console() {
	ARGS="-c 'set notify.severity info' -c 'set incidents.columns \"reference severity\"'"
	start
	expect 'MX-2026-00014'
	expect 'REFERENCE +SEVERITY *$'
	expect_not 'REFERENCE +SEVERITY +STATUS'
	keys Q
	expect 'EXITED 0'
}
