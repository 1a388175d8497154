# db check and audit verify, including tampering.

db() { echo "$T/data/centinela/cache.db"; }

chain() {
	"$CENTINELA" import organizations "$TESTDATA/import/organizations.csv" >/dev/null
	"$CENTINELA" -c 'sector ports "Ports"' -c 'sector mining "Mining"' list incidents >/dev/null
}

test_db_check_counts() {
	chain
	run "$CENTINELA" db check
	expect_rc 0 && expect_out 'integrity +ok' && expect_out 'organization +3' &&
		expect_out 'sector +14' && expect_out 'audit +3'
}

test_audit_verify_intact() {
	chain
	run "$CENTINELA" audit verify
	expect_rc 0 && expect_out 'intact: 3 entries, head [0-9a-f]{64}'
}

test_audit_detects_edit() {
	chain
	sql "$(db)" "UPDATE audit SET actor = 'mallory' WHERE id = 2"
	run "$CENTINELA" audit verify
	expect_rc 1 && expect_err 'entry 2'
}

test_audit_detects_deletion() {
	chain
	sql "$(db)" "DELETE FROM audit WHERE id = 2"
	run "$CENTINELA" audit verify
	expect_rc 1 && expect_err 'entry 2'
}

test_audit_detects_truncation() {
	chain
	sql "$(db)" "DELETE FROM audit WHERE id = 3"
	run "$CENTINELA" audit verify
	expect_rc 1 && expect_err '(truncat|entry 3)'
}

test_audit_detects_reordering() {
	chain
	sql "$(db)" "UPDATE audit SET id = -1 WHERE id = 1; UPDATE audit SET id = 1 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = -1"
	run "$CENTINELA" audit verify
	expect_rc 1 && expect_err 'entry 1'
}

test_db_check_reports_damage() {
	chain
	sql "$(db)" "PRAGMA foreign_keys = OFF; INSERT INTO asset (organization_id, name, sector, kind, criticality, created_at, updated_at) VALUES (999, 'ghost', 'energy', 'ics', 3, 0, 0)"
	run "$CENTINELA" db check
	expect_rc 1 && expect_out 'foreign keys' && expect_err 'damaged'
}

test_db_check_reports_dashboard_counts_astray() {
	"$CENTINELA" demo-data --scale 1 --incidents 40 --assets 20 \
		--now 2026-11-29T03:00:00Z >/dev/null
	run "$CENTINELA" db check
	expect_rc 0 && expect_out 'integrity +ok' || return 1
	sql "$(db)" "UPDATE incident_tally SET n_open = 0"
	run "$CENTINELA" db check
	expect_rc 1 && expect_out 'counts of incidents \(incident_tally, incident_grid' &&
		expect_err 'damaged'
}

test_db_check_reports_exposure_counts_astray() {
	"$CENTINELA" demo-data --scale 1 --incidents 40 --assets 20 \
		--now 2026-11-29T03:00:00Z >/dev/null
	sql "$(db)" "INSERT INTO exposure_tally VALUES ('energy', 3, 1)"
	run "$CENTINELA" db check
	expect_rc 1 && expect_out '1 counts of exposures per sector \(exposure_tally' &&
		expect_err 'damaged'
}
