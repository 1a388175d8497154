# The readline prompts: Tab completion at ':' and '/', multibyte text and
# the cursor, sort keys and :sort, the help tab.

last_line_has() {
	last_line | grep -Eq -- "$1"
}

# expect_prompt REGEX: the last line matches within 3 s.
expect_prompt() {
	poll last_line_has "$1" || fail "prompt line lacks /$1/: '$(last_line)'"
}

cursor_is() {
	[ "$(tm display -p -t 0 '#{cursor_x}')" = "$1" ]
}

# expect_cursor X: the terminal cursor is in column X (0-based).
expect_cursor() {
	poll cursor_is "$1" ||
		fail "cursor at column $(tm display -p -t 0 '#{cursor_x}'), not $1"
}

test_e2e_complete_command_name() {
	start
	keys :
	keys -l 'the'
	keys Tab
	expect_prompt '^:theme$'
	expect_cursor 7
	keys -l 'mo'
	keys Tab
	expect_prompt '^:theme mono$'
	keys Enter
	expect_quiet 'unknown|usage'
}

test_e2e_complete_lists_matches() {
	start
	keys :
	keys -l 's'
	keys Tab
	# ambiguous: the matches are listed after the text
	expect_prompt '^:s +.*set +severity +sort +sort-next'
	keys -l 'et '
	expect_prompt '^:set$'
	keys -l 'default-l'
	keys Tab
	expect_prompt '^:set default-limit$'
	keys Escape
}

test_e2e_complete_sort_field() {
	start
	keys :
	keys -l 'sort sev'
	keys Tab
	expect_prompt '^:sort severity$'
	keys -l 'de'
	keys Tab
	expect_prompt '^:sort severity desc$'
	keys Enter
	expect 'sort: severity desc'
}

test_e2e_complete_filter_field_and_value() {
	start
	expect 'incidents \(14\)'
	keys /
	keys -l 'sever'
	keys Tab
	expect_prompt '^/severity:'
	keys -l 'hi'
	keys Tab
	expect_prompt '^/severity:high +5 matching'
	# the list narrows without Enter
	expect 'incidents \(5\)'
	keys -l 'sector:en'
	keys Tab
	expect_prompt '^/severity:high sector:energy'
	keys Escape
	expect 'incidents \(14\)'
}

test_e2e_complete_filter_after_operator() {
	start
	keys /
	keys -l 'severity>=cr'
	keys Tab
	expect_prompt '^/severity>=critical'
	keys Enter
	expect 'incidents \(4\)'
}

test_e2e_multibyte_filter_cursor() {
	start
	keys /
	keys -l 'año'
	expect_prompt '^/año'
	expect_cursor 4
	keys Left
	expect_cursor 3
	keys Left
	expect_cursor 2
	keys -l 'X'
	expect_prompt '^/aXño'
	expect_cursor 3
	keys Escape
}

test_e2e_sort_keys_and_command() {
	start
	expect 'sort: opened desc'
	keys s
	expect 'sort: updated desc'
	keys S
	expect 'sort: updated asc'
	keys :
	keys -l 'sort severity desc'
	keys Enter
	expect 'sort: severity desc'
	keys :
	keys -l 'sort colour'
	keys Enter
	expect_prompt "cannot sort incidents by 'colour'"
	expect 'sort: severity desc'
}

test_e2e_help_tab_shows_keys_on_selection() {
	start
	keys 5
	expect 'Keys \(bind VIEW KEY COMMAND\)'
	expect 'Commands \(type : first\)'
	keys 1
	expect 'MX-2026-00014'
	keys Tab Tab Tab Tab
	expect 'Keys \(bind VIEW KEY COMMAND\)'
	# q leaves from the help tab as from a list
	keys q
	expect 'EXITED 0'
}

test_e2e_help_tab_wide_is_full_width() {
	start 200 50
	keys 5
	expect 'Keys \(bind VIEW KEY COMMAND\)'
	# no list beside it: the page starts in the first column
	expect '^ Keys \(bind'
}

# text_end: the column after the prompt line's text.
text_end() {
	last_line | sed 's/ *$//' | tr -d '\n' | wc -m
}

# At 80 columns a confirmation longer than the line is wrapped above the
# prompt line, read whole, and the keys typed after it show; Enter takes
# it away and the status bar is back.
test_e2e_confirmation_fits_80_columns() {
	start 80 24
	keys 2
	expect 'TIME +SEVERITY'
	keys p
	expect "create \\[y/N\\]\\? new incident '"
	keys -l 'q M'
	expect_prompt 'q M$'
	# the question to its last words, the answer after it
	screen | tail -n 6 | tr '\n' ' ' |
		grep -Eq "create \[y/N\]\? new incident '.*': [a-z]+, [a-z-]+/[a-z-]+, tlp [a-z+]+.*; 1 alert, [0-9]+ assets?: +q M" ||
		fail "the question is not shown whole before the answer"
	expect_cursor "$(text_end)"
	keys Enter
	expect_prompt '^cancelled'
	expect 'no sources configured'
	expect_not '^cancelled' 'new incident'
	# the same with two marked alerts: the question names both
	keys Space Space p
	expect "create \\[y/N\\]\\? new incident '"
	screen | tail -n 6 | tr '\n' ' ' | grep -Eq '; 2 alerts, [0-9]+ assets?: *$' ||
		fail "the question of two alerts is not shown whole"
	keys Escape
	expect_prompt '^cancelled'
}

# A command line longer than the screen scrolls sideways: the end and the
# cursor show, the start behind an ellipsis; Home brings the start back.
test_e2e_long_prompt_line_keeps_cursor_visible() {
	start 80 24
	keys :
	keys -l 'set default-limit 7 and a long tail of words typed on and on past the edge of the screen END'
	expect_prompt '^:….* the edge of the screen END$'
	expect_cursor "$(text_end)"
	keys Home
	expect_prompt '^:set default-limit 7 and a long tail'
	expect_cursor 1
	keys Escape
}

# A history file that cannot be read is said once, when the prompt
# closes; the command typed still runs.
test_e2e_prompt_history_unreadable_is_said() {
	mkdir -p "$XDG_STATE_HOME/centinela/history_command"
	start
	expect 'incidents \(14\)'
	keys :
	keys -l 'view 2'
	keys Enter
	expect "cannot read the prompt history '.*history_command'"
	expect 'alerts'
	# once a session: the next command's message is its own
	keys :
	keys -l 'sort severity'
	keys Enter
	expect_not 'sort: severity' 'prompt history'
}
