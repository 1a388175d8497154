# Themes from the command line: loading by name from the source tree and
# from $XDG_CONFIG_HOME, the theme list, errors, and #RRGGBB colours.

test_theme_loads_shipped_themes() {
	for t in default light mono solarized-dark high-contrast; do
		run "$CENTINELA" -c "theme $t" -c theme list incidents
		expect_rc 0 && expect_out "^\* $t\$" || return
	done
}

test_theme_unknown_lists_the_known() {
	run "$CENTINELA" -c 'theme nope' list incidents
	expect_rc 2 &&
		expect_err "unknown theme 'nope' \(known: default, high-contrast, light, mono, solarized-dark\)"
}

test_theme_from_config_folder_with_errors_located() {
	mkdir -p "$XDG_CONFIG_HOME/centinela/themes"
	printf 'color default #ff8700 default\nmono default bold\n' \
		>"$XDG_CONFIG_HOME/centinela/themes/mine"
	printf '# x\ncolor list.row red\n' \
		>"$XDG_CONFIG_HOME/centinela/themes/bad"
	run "$CENTINELA" -c 'theme mine' -c theme list incidents
	expect_rc 0 && expect_out '^\* mine$' || return
	run "$CENTINELA" -c 'theme bad' list incidents
	expect_rc 2 &&
		expect_err "centinela/themes/bad:2: usage: color ELEMENT FG BG"
}

test_theme_color_and_mono_commands() {
	run "$CENTINELA" -c 'color list.row #ff8700 default bold' \
		-c 'mono list.row underline' list incidents
	expect_rc 0 || return
	run "$CENTINELA" -c 'color list.row orange default' list incidents
	expect_rc 2 && expect_err "unknown colour 'orange'"
}
