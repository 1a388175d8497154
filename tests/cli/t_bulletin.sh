# Bulletins: create (from a CVE of the cache, or by title and CVEs), the
# edits, the review and status rules of CSAF, list and show, each step
# audited (and queued for a synced source).

db() { echo "$T/data/centinela/cache.db"; }

# A cache with Log4Shell, two assets exposed to it and one bulletin-less
# CVE.
seed() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	sql "$(db)" "
INSERT INTO organization(id, name, sector, created_at, updated_at)
  VALUES (1, 'CFE', 'energy', 1, 1), (2, 'Agua CDMX', 'water', 1, 1);
INSERT INTO asset(id, organization_id, name, sector, kind, criticality, created_at, updated_at)
  VALUES (1, 1, 'historian', 'energy', 'server', 5, 1, 1),
         (2, 2, 'scada-web', 'water', 'application', 4, 1, 1);
INSERT INTO vulnerability(id, cve_id, title, description, cvss_score, cvss_vector, created_at, updated_at)
  VALUES (1, 'CVE-2021-44228', 'Apache Log4j2 JNDI RCE', 'JNDI lookups run code.', 10.0,
          'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 1, 1);
INSERT INTO vuln_weakness VALUES (1, 0, 'CWE-502'), (1, 1, 'CWE-20');
INSERT INTO exposure(asset_id, vulnerability_id, cpe, matched_at) VALUES
  (1, 1, 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*', 1),
  (2, 1, 'cpe:2.3:a:apache:log4j:2.15.0:*:*:*:*:*:*:*', 1);"
}

audits() { sql "$(db)" "SELECT count(*) FROM audit WHERE entity = 'bulletin'"; }

test_bulletin_create_prints_the_reference_alone() {
	seed
	run "$CENTINELA" bulletin create --title "Fortinet SSL-VPN" --cve CVE-2024-21762 --cve CVE-2023-27997 --tlp green
	expect_rc 0 || return
	[ "$(cat "$T/out")" = "MX-SA-$(date -u +%Y)-0001" ] || fail "stdout: $(cat "$T/out")"
	[ "$(sql "$(db)" "SELECT tlp, status, author, source, local_state FROM bulletin")" = "1|draft|tester|local|dirty" ] ||
		fail "row: $(sql "$(db)" "SELECT tlp, status, author, source, local_state FROM bulletin")"
	[ "$(sql "$(db)" "SELECT count(*) FROM bulletin_cve")" = 2 ] || fail "cves"
	[ "$(sql "$(db)" "SELECT number || ' ' || summary FROM bulletin_revision")" = "1 Initial version" ] ||
		fail "revision"
	[ "$(audits)" = 1 ] || fail "audit entries: $(audits)"
	run "$CENTINELA" -c 'set reference-prefix CO' bulletin create --title Second
	expect_rc 0 && expect_out "^CO-SA-[0-9]{4}-0001$" || return
	run "$CENTINELA" bulletin create --title Third
	expect_out "^MX-SA-[0-9]{4}-0002$" || return
	# what is refused
	run "$CENTINELA" bulletin create --cve CVE-2024-1
	expect_rc 2 && expect_err 'needs --title' || return
	run "$CENTINELA" bulletin create --title x --cve CVE-24-1
	expect_rc 2 && expect_err "'CVE-24-1' is not a CVE id" || return
	run "$CENTINELA" bulletin create --title x --tlp purple
	expect_rc 2 && expect_err "unknown TLP 'purple'" || return
	run "$CENTINELA" --readonly bulletin create --title x
	expect_rc 4 || return
}

test_bulletin_create_from_cve_is_prefilled() {
	seed
	run "$CENTINELA" bulletin create --from CVE-2021-44228
	expect_rc 0 || return
	ref=$(cat "$T/out")
	run "$CENTINELA" show "$ref"
	expect_rc 0 &&
		expect_out "^$ref  CVE-2021-44228: Apache Log4j2 JNDI RCE$" &&
		expect_out '^  severity +critical$' &&
		expect_out '^  sectors +energy, water$' &&
		expect_out '^  CVE-2021-44228  CVSS 10.0 \(3.1\)  CWE-502, CWE-20' &&
		expect_out 'CSAFPID-0001  apache log4j 2.14.1  cpe:2.3:a:apache:log4j:2.14.1' &&
		expect_out 'CVE-2021-44228  CSAFPID-0002  known_affected' &&
		expect_out 'JNDI lookups run code' || return
	run "$CENTINELA" bulletin create --from CVE-2000-0001
	expect_rc 3 && expect_err 'no CVE-2000-0001 in the cache' || return
}

test_bulletin_edits_are_audited() {
	seed
	ref=$("$CENTINELA" bulletin create --title Log4Shell --cve CVE-2021-44228)
	run "$CENTINELA" bulletin set "$ref" tlp=amber+strict severity=high "summary=Patch now" sectors=energy organizations=CFE
	expect_rc 0 &&
		expect_out "^$ref: tlp: amber -> amber\+strict; severity: medium -> high; summary: Patch now; sectors: energy; organizations: CFE$" || return
	run "$CENTINELA" bulletin set "$ref" tlp=amber+strict
	expect_rc 0 && expect_out "^$ref: nothing to change$" || return
	run "$CENTINELA" bulletin set "$ref" colour=red
	expect_rc 2 && expect_err "unknown bulletin field 'colour'" || return
	run "$CENTINELA" bulletin set "$ref" organizations=Nobody
	expect_rc 3 && expect_err "unknown organization 'Nobody'" || return
	echo "Ask your vendor for the fixed build." | "$CENTINELA" bulletin note "$ref" --kind general - >/dev/null ||
		fail "note from stdin"
	run "$CENTINELA" bulletin note "$ref" --kind description "Remote code execution."
	expect_rc 0 && expect_out "description: Remote code execution" || return
	run "$CENTINELA" bulletin add-cve "$ref" CVE-2021-45046 CVE-2021-44228
	expect_rc 0 && expect_out "^$ref: cve: \+CVE-2021-45046$" || return
	run "$CENTINELA" bulletin add-product "$ref" --cpe 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*' --range '<2.17.1' --cve CVE-2021-44228
	expect_rc 0 && expect_out 'product: \+CSAFPID-0001; CSAFPID-0001 CVE-2021-44228: known_affected' || return
	run "$CENTINELA" bulletin add-product "$ref" --vendor apache --product log4j --range '>=2.17.1' --status known_not_affected
	expect_rc 1 && expect_err 'known_not_affected needs a justification' || return
	run "$CENTINELA" bulletin add-product "$ref" --vendor apache --product log4j --range '>=2.17.1' --status known_not_affected --justification vulnerable_code_not_present
	expect_rc 0 && expect_out 'CSAFPID-0002 CVE-2021-44228: known_not_affected; CSAFPID-0002 CVE-2021-45046: known_not_affected' || return
	run "$CENTINELA" bulletin add-remediation "$ref" --cve CVE-2021-44228 --category vendor_fix --details "Upgrade to 2.17.1" --url https://logging.apache.org/security.html
	expect_rc 0 || return
	run "$CENTINELA" bulletin add-remediation "$ref" --cve CVE-2020-0001 --category vendor_fix --details x
	expect_rc 2 && expect_err 'does not cover' || return
	run "$CENTINELA" bulletin add-reference "$ref" https://nvd.nist.gov/vuln/detail/CVE-2021-44228 --summary NVD
	expect_rc 0 || return
	run "$CENTINELA" bulletin add-ack "$ref" --name "Chen Zhaojun" --organization "Alibaba Cloud"
	expect_rc 0 || return
	[ "$(audits)" = 10 ] || fail "audit entries: $(audits)"
	run "$CENTINELA" audit verify
	expect_rc 0 || return
	# a local bulletin waits for no server
	[ "$(sql "$(db)" "SELECT count(*) FROM outbox")" = 0 ] || fail "outbox"
	run "$CENTINELA" show "$ref" --format json
	expect_rc 0 && expect_out '"organizations":\["CFE"\]' || return
}

test_bulletin_review_and_status_rules() {
	seed
	ref=$("$CENTINELA" -c 'set analyst ana' bulletin create --title Log4Shell --cve CVE-2021-44228)
	run "$CENTINELA" -c 'set analyst ana' bulletin status "$ref" final
	expect_rc 1 && expect_err "has not been reviewed: a second analyst runs 'centinela bulletin review $ref'" || return
	run "$CENTINELA" -c 'set analyst ana' bulletin review "$ref"
	expect_rc 1 && expect_err 'written by ana, who cannot review it' || return
	run "$CENTINELA" -c 'set analyst bob' bulletin review "$ref"
	expect_rc 0 && expect_out "^$ref: reviewer: bob$" || return
	run "$CENTINELA" -c 'set analyst ana' bulletin status "$ref" interim
	expect_rc 0 && expect_out "status: draft -> interim" || return
	run "$CENTINELA" bulletin status "$ref" draft
	expect_rc 1 && expect_err 'cannot go from interim back to draft' || return
	run "$CENTINELA" bulletin status "$ref" final
	expect_rc 0 && expect_out "status: interim -> final" || return
	[ "$(sql "$(db)" "SELECT published_at > 0 FROM bulletin")" = 1 ] || fail "published_at"
	# a final bulletin changes only through a new revision
	run "$CENTINELA" bulletin set "$ref" title=Other
	expect_rc 1 && expect_err "is final: it changes only through a new revision" || return
	run "$CENTINELA" bulletin status "$ref" interim
	expect_rc 1 && expect_err "revise $ref" || return
	run "$CENTINELA" bulletin revise "$ref" --summary "Fixed versions listed"
	expect_rc 0 && expect_out "revision 2: Fixed versions listed; status: final -> interim" || return
	[ "$(sql "$(db)" "SELECT status, reviewer IS NULL FROM bulletin")" = "interim|1" ] || fail "after revise"
	run "$CENTINELA" bulletin revise "$ref" --summary again
	expect_rc 1 && expect_err 'only a final bulletin takes a new revision' || return
	run "$CENTINELA" bulletin status "$ref" final
	expect_rc 1 && expect_err 'has not been reviewed' || return
	run "$CENTINELA" -c 'set bulletin.review optional' bulletin status "$ref" final
	expect_rc 0 || return
	run "$CENTINELA" -c 'set bulletin.review sometimes' bulletin status "$ref" final
	expect_rc 2 && expect_err "expected required or optional" || return
	[ "$(sql "$(db)" "SELECT group_concat(number || ':' || summary, ',') FROM bulletin_revision")" = "1:Initial version,2:Fixed versions listed" ] ||
		fail "revisions"
}

test_bulletin_list_and_show() {
	seed
	"$CENTINELA" bulletin create --title "First one" --cve CVE-2021-44228 >/dev/null
	"$CENTINELA" bulletin create --title "Second one" --severity critical --tlp red >/dev/null
	run "$CENTINELA" list bulletins
	expect_rc 0 && expect_out '^REFERENCE +STATUS +SEV +TLP +CVES +TITLE$' &&
		expect_out '^MX-SA-[0-9]{4}-0002 +draft +critical +red +Second one$' || return
	run "$CENTINELA" list bulletins severity:critical --format csv
	expect_rc 0 && expect_out '^id,reference,' && expect_out 'Second one' &&
		expect_no_out 'First one' || return
	run "$CENTINELA" list bulletins cve:CVE-2021-44228 --format json
	expect_rc 0 && expect_out '"title":"First one"' && expect_no_out 'Second' || return
	run "$CENTINELA" list bulletins --sort reference --count
	expect_rc 0 && expect_out '^2$' || return
	run "$CENTINELA" show bulletin:2
	expect_rc 0 && expect_out '^MX-SA-[0-9]{4}-0002  Second one$' || return
	run "$CENTINELA" show MX-SA-2000-0009
	expect_rc 3 && expect_err "unknown bulletin 'MX-SA-2000-0009'" || return
}

test_bulletin_of_a_synced_source_is_queued() {
	seed
	ref=$("$CENTINELA" bulletin create --title Log4Shell --cve CVE-2021-44228)
	sql "$(db)" "UPDATE bulletin SET source = 'central', remote_id = 'b-1', version = 4, local_state = 'synced'"
	run "$CENTINELA" bulletin set "$ref" tlp=green
	expect_rc 0 || return
	[ "$(sql "$(db)" "SELECT entity, operation, base_version, source, payload FROM outbox")" = 'bulletin|update|4|central|{"tlp":"green"}' ] ||
		fail "outbox: $(sql "$(db)" "SELECT entity, operation, base_version, source, payload FROM outbox")"
	[ "$(sql "$(db)" "SELECT local_state FROM bulletin")" = dirty ] || fail "not dirty"
}
