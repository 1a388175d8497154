# list and show over a small demo cache; sanitized output.

setup_demo() {
	"$CENTINELA" demo-data --scale 0.05 --seed 7 >/dev/null 2>&1 ||
		fail "demo-data failed"
}

test_list_formats() {
	setup_demo
	run "$CENTINELA" list incidents --limit 5
	expect_rc 0 && expect_out '^REF +SEV +STATUS +TITLE' || return
	[ "$(wc -l <"$T/out")" = 6 ] || fail "table lines $(wc -l <"$T/out")"
	run "$CENTINELA" list alerts --limit 7 --format json
	expect_rc 0 || return
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert len(a)==7, len(a); assert "observables" in a[0] and "severity" in a[0]' "$T/out" ||
		fail "json not an array of 7 alerts"
	run "$CENTINELA" list assets --limit 4 --format csv
	expect_rc 0 && expect_out '^id,source,remote_id' || return
	[ "$(wc -l <"$T/out")" = 5 ] || fail "csv lines"
}

test_list_table_fits_the_width() {
	setup_demo
	COLUMNS=80 run "$CENTINELA" list incidents --limit 20
	expect_rc 0 || return
	long=$(awk 'length($0) > 80' "$T/out" | wc -l)
	# awk counts bytes; count characters instead with python.
	long=$(python3 -c 'import sys; print(sum(1 for l in open(sys.argv[1], encoding="utf-8") if len(l.rstrip("\n")) > 80))' "$T/out")
	[ "$long" = 0 ] || fail "$long lines wider than 80 columns"
}

test_list_filters() {
	setup_demo
	run "$CENTINELA" list incidents status:new --format csv --limit 10000
	expect_rc 0 || return
	bad=$(python3 -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r["status"]!="new"))' "$T/out")
	[ "$bad" = 0 ] || fail "$bad rows not new"
	run "$CENTINELA" list alerts 'severity>=high' --count
	n=$(cat "$T/out")
	all=$(sql "$T/data/centinela/cache.db" "SELECT count(*) FROM alert WHERE severity >= 4")
	[ "$n" = "$all" ] || fail "count $n, sql $all"
}

test_list_bad_filter_is_usage_error() {
	run "$CENTINELA" list alerts 'severity:hgih'
	expect_rc 2 && expect_err "hgih" || return
	run "$CENTINELA" list alerts 'colour:red'
	expect_rc 2 && expect_err "colour" || return
	run "$CENTINELA" list alerts 'severity>='
	expect_rc 2 && expect_err 'column'
}

test_list_pages_by_key() {
	setup_demo
	run "$CENTINELA" list alerts --limit 3 --format csv
	first=$(sed -n '4p' "$T/out" | cut -d, -f1)
	key=$(sql "$T/data/centinela/cache.db" "SELECT 'n:' || observed_at || ':' || id FROM alert WHERE id = $first")
	run "$CENTINELA" list alerts --limit 3 --format csv --after "$key"
	expect_rc 0 || return
	next=$(sed -n '2p' "$T/out" | cut -d, -f1)
	want=$(sql "$T/data/centinela/cache.db" "SELECT id FROM alert ORDER BY observed_at DESC, id DESC LIMIT 1 OFFSET 3")
	[ "$next" = "$want" ] || fail "page 2 starts at $next, wanted $want"
}

test_show_incident_alert_asset_org() {
	setup_demo
	ref=$(sql "$T/data/centinela/cache.db" "SELECT reference FROM incident WHERE id IN (SELECT incident_id FROM incident_alert) LIMIT 1")
	run "$CENTINELA" show "$ref"
	expect_rc 0 && expect_out "^$ref " && expect_out '^Alerts \([1-9]' &&
		expect_out '^Timeline' || return
	run "$CENTINELA" show "$ref" --format json
	expect_rc 0 || return
	python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["reference"]==sys.argv[2]; assert o["notes"]' "$T/out" "$ref" ||
		fail "json detail"
	run "$CENTINELA" show alert:1
	expect_rc 0 && expect_out '^alert:1 ' && expect_out '^Observables' || return
	run "$CENTINELA" show asset:1
	expect_rc 0 && expect_out '^CPE names' || return
	run "$CENTINELA" show org:1
	expect_rc 0 && expect_out '^Assets' || return
}

test_show_not_found_and_bad_ref() {
	setup_demo
	run "$CENTINELA" show MX-2026-99999
	expect_rc 3 && expect_err 'MX-2026-99999' || return
	run "$CENTINELA" show alert:999999
	expect_rc 3 || return
	run "$CENTINELA" show banana
	expect_rc 2 && expect_err "cannot tell what 'banana' is"
}

test_terminal_escapes_are_inert() {
	printf 'name,sector,region,contact,abuse_contact\n"Evil\033[31mRed\033]0;pwned\007 \342\200\256gnp.exe",energy,X,,\n' >"$T/evil.csv"
	run "$CENTINELA" import organizations "$T/evil.csv"
	expect_rc 0 || return
	run "$CENTINELA" list organizations
	expect_rc 0 || return
	if grep -q "$(printf '\033')" "$T/out"; then fail "raw ESC reached the table"; return; fi
	expect_out 'Evil\^\[\[31mRed\^\[\]0;pwned\^G <U\+202E>gnp.exe' || return
	run "$CENTINELA" show org:1
	if grep -q "$(printf '\033')" "$T/out"; then fail "raw ESC in show"; fi
	run "$CENTINELA" list organizations --format json
	if grep -q "$(printf '\033')" "$T/out"; then fail "raw ESC in json"; fi
}

test_demo_data_is_deterministic() {
	for n in 1 2; do
		"$CENTINELA" --create --db "$T/d$n.db" demo-data --scale 0.02 --seed 42 \
			--now 2026-11-29T03:00:00Z >/dev/null 2>&1 || { fail "demo-data $n"; return; }
		"$CENTINELA" --db "$T/d$n.db" list alerts --limit 10000 --format json |
			sed 's/"created_at":"[^"]*","updated_at":"[^"]*"//' >"$T/a$n.json"
		"$CENTINELA" --db "$T/d$n.db" list incidents --limit 10000 --format csv |
			cut -d, -f1-24 >"$T/i$n.csv"
	done
	cmp -s "$T/a1.json" "$T/a2.json" || fail "alerts differ between runs"
	cmp -s "$T/i1.csv" "$T/i2.csv" || fail "incidents differ between runs"
	[ "$(wc -c <"$T/a1.json")" -gt 1000 ] || fail "no alerts generated"
}

test_demo_data_counts() {
	run "$CENTINELA" demo-data --scale 0.02 --alerts 1234 --incidents 50 \
		--assets 400 --now 2026-11-29T03:00:00Z
	expect_rc 0 && expect_out '400 assets.* 1234 alerts, 50 incidents' || return
	db="$T/data/centinela/cache.db"
	[ "$(sql "$db" "SELECT count(*) FROM alert")" = 1234 ] || fail "alerts"
	[ "$(sql "$db" "SELECT count(*) FROM incident")" = 50 ] || fail "incidents"
	[ "$(sql "$db" "SELECT count(*) FROM asset")" = 400 ] || fail "assets"
	run "$CENTINELA" demo-data --incidents 0
	expect_rc 2 && expect_err -- '--incidents wants a whole number'
}
