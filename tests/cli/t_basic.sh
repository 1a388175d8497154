# Options, help, exit statuses, file permissions, config and -c.

test_help_lists_subcommands() {
	run "$CENTINELA" --help
	expect_rc 0 && expect_out 'list' && expect_out 'import' &&
		expect_out 'audit' && expect_out 'demo-data'
}

test_version() {
	run "$CENTINELA" --version
	expect_rc 0 && expect_out '^centinela [0-9]+\.[0-9]+' &&
		expect_out '^This product uses data from the NVD API but is not endorsed or certified by the NVD\.$' &&
		expect_out "EPSS scores are FIRST's"
}

test_subcommand_help() {
	run "$CENTINELA" list --help
	expect_rc 0 && expect_out 'usage: centinela .*list'
}

test_unknown_subcommand_is_usage_error() {
	run "$CENTINELA" frobnicate
	expect_rc 2 && expect_err "unknown subcommand 'frobnicate'"
}

test_unknown_option_is_usage_error() {
	run "$CENTINELA" --frob list incidents
	expect_rc 2 && expect_err "unknown"
}

test_list_without_entity_is_usage_error() {
	run "$CENTINELA" list
	expect_rc 2 && expect_err 'incidents, alerts, assets, organizations, vulnerabilities, exposures or bulletins'
}

test_cache_and_config_are_private() {
	run "$CENTINELA" list incidents
	expect_rc 0 || return
	[ "$(mode "$T/data/centinela/cache.db")" = 600 ] ||
		fail "cache mode $(mode "$T/data/centinela/cache.db")"
	[ "$(mode "$T/data/centinela")" = 700 ] ||
		fail "cache folder mode $(mode "$T/data/centinela")"
	[ "$(mode "$T/config/centinela/config")" = 600 ] ||
		fail "config mode $(mode "$T/config/centinela/config")"
	[ "$(mode "$T/config/centinela")" = 700 ] ||
		fail "config folder mode $(mode "$T/config/centinela")"
}

test_db_option_places_the_cache() {
	run "$CENTINELA" --create --db "$T/other/x.db" db check
	expect_rc 0 && expect_out 'schema version +14' &&
		expect_out 'integrity +ok' && expect_out 'sector +12'
	[ "$(mode "$T/other/x.db")" = 600 ] || fail "mode $(mode "$T/other/x.db")"
}

test_config_error_names_file_and_line() {
	printf 'set analyst "ana"\nset colour red\n' >"$T/rc"
	chmod 600 "$T/rc"
	run "$CENTINELA" -f "$T/rc" list incidents
	expect_rc 1 && expect_err "$T/rc:2: .*colour"
}

test_config_missing_explicit_file() {
	run "$CENTINELA" -f "$T/nope" list incidents
	expect_rc 1 && expect_err "$T/nope"
}

test_config_writable_by_others_is_refused() {
	printf 'set analyst "ana"\n' >"$T/rc"
	chmod 666 "$T/rc"
	run "$CENTINELA" -f "$T/rc" list incidents
	expect_rc 1 && expect_err 'chmod'
}

test_dash_c_runs_before_the_subcommand() {
	run "$CENTINELA" -c 'set analyst "maria.perez"' -c 'set' list incidents
	expect_rc 0 && expect_out 'maria.perez'
}

test_dash_c_error_is_reported() {
	run "$CENTINELA" -c 'sett analyst x' list incidents
	expect_rc 2 && expect_err "unknown command 'sett'.*set"
}

test_not_a_cache_is_refused() {
	echo "hello" >"$T/junk.db"
	head -c 4096 /dev/urandom >>"$T/junk.db"
	chmod 644 "$T/junk.db"
	sum=$(cksum <"$T/junk.db")
	run "$CENTINELA" --db "$T/junk.db" list incidents
	expect_rc 4 && expect_err 'not a Centinela cache' || return
	# Someone else's file: neither its mode nor its bytes change.
	[ "$(mode "$T/junk.db")" = 644 ] || fail "mode changed to $(mode "$T/junk.db")"
	[ "$(cksum <"$T/junk.db")" = "$sum" ] || fail "the file was written"
}

test_loosened_cache_is_tightened() {
	run "$CENTINELA" list incidents
	chmod 644 "$T/data/centinela/cache.db"
	run "$CENTINELA" list incidents
	expect_rc 0 || return
	[ "$(mode "$T/data/centinela/cache.db")" = 600 ] ||
		fail "mode $(mode "$T/data/centinela/cache.db")"
}
