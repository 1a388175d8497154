# import: CSV inventories and native JSON, all or nothing, re-import, audit.

D="$TESTDATA/import"
db() { echo "$T/data/centinela/cache.db"; }

test_import_organizations_then_reimport_changes_nothing() {
	run "$CENTINELA" import organizations "$D/organizations.csv"
	expect_rc 0 && expect_out '3 rows, 3 new' || return
	audit1=$(sql "$(db)" "SELECT count(*) FROM audit")
	run "$CENTINELA" import organizations "$D/organizations.csv"
	expect_rc 0 && expect_out '0 new, 0 updated, 3 unchanged' || return
	[ "$(sql "$(db)" "SELECT count(*) FROM audit")" = "$audit1" ] ||
		fail "re-import wrote an audit entry"
	[ "$(sql "$(db)" "SELECT count(*) FROM organization")" = 3 ] ||
		fail "organization rows"
}

test_import_bad_rows_rejects_whole_file() {
	run "$CENTINELA" import organizations "$D/organizations_bad.csv"
	expect_rc 1 || return
	expect_err "organizations_bad.csv:3: " && expect_err "organizations_bad.csv:4: .*enrgy" &&
		expect_err "organizations_bad.csv:5: " && expect_err "nothing was imported"
	n=$(sql "$(db)" "SELECT count(*) FROM organization")
	[ "$n" = 0 ] || fail "$n organizations written from a rejected file"
}

test_import_skip_invalid_keeps_good_rows() {
	run "$CENTINELA" import organizations "$D/organizations_bad.csv" --skip-invalid
	expect_rc 0 && expect_out '2 new' && expect_out '3 invalid' &&
		expect_err 'organizations_bad.csv:4: '
	n=$(sql "$(db)" "SELECT count(*) FROM organization")
	[ "$n" = 2 ] || fail "$n organizations, wanted 2"
}

test_import_assets_needs_their_organizations() {
	run "$CENTINELA" import assets "$D/assets.csv"
	expect_rc 1 && expect_err "assets.csv:2: unknown organization" || return
	run "$CENTINELA" import organizations "$D/organizations.csv"
	run "$CENTINELA" import assets "$D/assets.csv"
	expect_rc 0 && expect_out 'new' || return
	run "$CENTINELA" list assets --format csv
	expect_rc 0 && expect_out 'cpe:2.3:h:siemens:simatic_s7-1500' &&
		expect_out 'scada-norte'
}

test_import_bad_asset_rows_each_reported() {
	run "$CENTINELA" import organizations "$D/organizations.csv"
	cat >"$T/bad-assets.csv" <<'CSV'
name,organization,sector,kind,criticality,hostname,ip,location,vendor,product,version,cpe
plc-1,Banco del Norte,finance,ics,9,,,,,,,
plc-2,Banco del Norte,finance,toaster,3,,,,,,,
plc-3,Banco del Norte,finance,ics,3,,300.1.1.1,,,,,
plc-4,Banco del Norte,finance,ics,3,,,,,,,cpe:2.3:x:broken
plc-5,Banco del Norte,finance,ics
plc-6,Banco del Norte,finance,ics,3,,10.0.0.6,,,,,
CSV
	printf 'plc-\377,Banco del Norte,finance,ics,3,,,,,,,\n' >>"$T/bad-assets.csv"
	run "$CENTINELA" import assets "$T/bad-assets.csv"
	expect_rc 1 || return
	for line in 2 3 4 5 6 8; do
		expect_err "bad-assets.csv:$line: " || return
	done
	! grep -q 'bad-assets.csv:7:' "$T/err" || fail "good row 7 reported"
	[ "$(sql "$(db)" "SELECT count(*) FROM asset")" = 0 ] || fail "assets written"
}

test_import_alerts_and_incidents_json() {
	run "$CENTINELA" import organizations "$D/organizations.csv"
	run "$CENTINELA" import assets "$D/assets.csv"
	run "$CENTINELA" import alerts "$D/alerts.json"
	expect_rc 0 && expect_out 'new' || return
	run "$CENTINELA" import incidents "$D/incidents.json"
	expect_rc 0 && expect_out 'new' || return
	run "$CENTINELA" import incidents "$D/incidents.json"
	expect_rc 0 && expect_out ' 0 new, 0 updated'
}

test_import_malformed_json_names_line() {
	printf '{"data": [\n {"id": "a-1",\n "title": }\n]}\n' >"$T/broken.json"
	run "$CENTINELA" import alerts "$T/broken.json"
	expect_rc 1 && expect_err 'broken.json.*line 3'
}

test_import_unknown_kind_is_usage_error() {
	run "$CENTINELA" import widgets x.csv
	expect_rc 2 && expect_err "unknown import kind 'widgets'"
}

test_import_missing_file() {
	run "$CENTINELA" import organizations "$T/nope.csv"
	expect_rc 4 && expect_err "nope.csv"
}

test_import_refused_when_readonly() {
	run "$CENTINELA" list incidents # create the cache
	run "$CENTINELA" --readonly import organizations "$D/organizations.csv"
	expect_rc 4 && expect_err 'read-only'
	[ "$(sql "$(db)" "SELECT count(*) FROM organization")" = 0 ] || fail "written"
}

test_import_writes_one_audit_entry() {
	run "$CENTINELA" -c 'set analyst "ana.lopez"' import organizations "$D/organizations.csv"
	expect_rc 0 || return
	row=$(sql "$(db)" "SELECT actor || '|' || action || '|' || entity FROM audit")
	[ "$row" = "ana.lopez|import|organizations" ] || fail "audit row '$row'"
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact: 1 entries'
}

# issue 11: a CPE of exactly "cpe:2.3:" was read past its end (asan build).
test_import_asset_cpe_prefix_only_refused() {
	run "$CENTINELA" import organizations "$D/organizations.csv"
	cat >"$T/cpe.csv" <<'CSV'
name,organization,sector,kind,criticality,hostname,ip,location,vendor,product,version,cpe
plc-1,Banco del Norte,finance,ics,3,,,,,,,cpe:2.3:
CSV
	run "$CENTINELA" import assets "$T/cpe.csv"
	expect_rc 1 && expect_err "cpe.csv:2: invalid CPE 'cpe:2.3:'" &&
		expect_err 'nothing was imported' || return
	! grep -q 'AddressSanitizer' "$T/err" || fail "asan report"
	[ "$(sql "$(db)" "SELECT count(*) FROM asset")" = 0 ] || fail "assets written"
}

# issue 11: a UTF-8 byte-order mark was "'[' or '{' expected near
# '<invisible>'"; files saved by Windows editors are read.
test_import_json_with_bom() {
	run "$CENTINELA" import organizations "$D/organizations.csv"
	run "$CENTINELA" import assets "$D/assets.csv"
	printf '\357\273\277' >"$T/alerts.json"
	cat "$D/alerts.json" >>"$T/alerts.json"
	run "$CENTINELA" import alerts "$T/alerts.json"
	expect_rc 0 && expect_out 'new' || return
	printf '\357\273\277' >"$T/incidents.json"
	cat "$D/incidents.json" >>"$T/incidents.json"
	run "$CENTINELA" import incidents "$T/incidents.json"
	expect_rc 0 && expect_out '1 new'
}

# issue 11: CR-only line ends were "the header does not match".
test_import_csv_cr_only_line_ends() {
	tr '\n' '\r' <"$D/organizations.csv" | sed 's/\r\r/\r/g' >"$T/orgs-cr.csv"
	run "$CENTINELA" import organizations "$T/orgs-cr.csv"
	expect_rc 0 && expect_out '3 rows, 3 new' || return
	printf 'name,sector,region,contact,abuse_contact\rX,nope,,,\r' >"$T/bad-cr.csv"
	run "$CENTINELA" import organizations "$T/bad-cr.csv"
	expect_rc 1 && expect_err "bad-cr.csv:2: unknown sector 'nope'"
}
