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

# ---- CSAF export ----

# centinela with the publisher settings.
cpub() {
	"$CENTINELA" -c 'set bulletin.publisher "CSIRT Nacional"' \
		-c 'set bulletin.namespace https://csirt.example.mx' "$@"
}

# validate FILE...: the CSAF validator; 3 (and a SKIP, a failure under
# CI) when it cannot check here.
validate() {
	python3 "$here/../csaf/csaf_validate.py" "$@" >"$T/vout" 2>&1
	vrc=$?
	if [ "$vrc" = 3 ]; then
		skip "$(cat "$T/vout")"
		return 3
	fi
	return "$vrc"
}

# json FILE EXPR: a Python expression over the document d, printed.
json() {
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$1"
}

# A bulletin with every part, reviewed, final, then revised: $ref.
full_bulletin() {
	seed
	ref=$("$CENTINELA" -c 'set analyst ana' bulletin create --from CVE-2021-44228 --tlp amber+strict)
	"$CENTINELA" bulletin add-cve "$ref" CVE-2021-45046 >/dev/null &&
		"$CENTINELA" bulletin note "$ref" --kind summary "Patch **now**." >/dev/null &&
		"$CENTINELA" bulletin note "$ref" "Ask your vendor." >/dev/null &&
		"$CENTINELA" bulletin add-product "$ref" --vendor apache --product log4j --range '>=2.17.1' \
			--status known_not_affected --justification vulnerable_code_not_present >/dev/null &&
		"$CENTINELA" bulletin add-product "$ref" --purl pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1 \
			--cve CVE-2021-44228 --status fixed >/dev/null &&
		"$CENTINELA" bulletin add-product "$ref" --vendor acme --product historian --range 7.1 \
			--cve CVE-2021-45046 --status under_investigation >/dev/null &&
		"$CENTINELA" bulletin add-remediation "$ref" --cve CVE-2021-44228 --category vendor_fix \
			--details "Upgrade to 2.17.1" --url https://logging.apache.org/security.html >/dev/null &&
		"$CENTINELA" bulletin add-remediation "$ref" --cve CVE-2021-44228 --category workaround \
			--details "Remove the JndiLookup class" >/dev/null &&
		"$CENTINELA" bulletin add-reference "$ref" https://nvd.nist.gov/vuln/detail/CVE-2021-44228 --summary NVD >/dev/null &&
		"$CENTINELA" bulletin add-ack "$ref" --name "Chen Zhaojun" --organization "Alibaba Cloud" >/dev/null &&
		"$CENTINELA" -c 'set analyst bob' bulletin review "$ref" >/dev/null &&
		"$CENTINELA" bulletin status "$ref" final >/dev/null &&
		"$CENTINELA" bulletin revise "$ref" --summary "Fixed versions" >/dev/null ||
		fail "building the bulletin"
}

test_bulletin_export_csaf_validates() {
	full_bulletin
	run cpub bulletin export "$ref" --format csaf --output "$T/interim.json"
	expect_rc 0 || return
	"$CENTINELA" -c 'set analyst carla' bulletin review "$ref" >/dev/null &&
		"$CENTINELA" bulletin status "$ref" final >/dev/null || fail "final again"
	run cpub bulletin export "$ref"
	expect_rc 0 || return
	cp "$T/out" "$T/final.json"
	# a draft, a VEX and an informational advisory too
	draft=$("$CENTINELA" bulletin create --title "Only a draft" --tlp clear)
	cpub bulletin export "$draft" --output "$T/draft.json" || fail "draft export"
	vex=$("$CENTINELA" bulletin create --title "VEX" --cve CVE-2021-44228 --category csaf_vex --tlp red)
	"$CENTINELA" bulletin add-product "$vex" --cpe 'cpe:2.3:a:acme:scada:5.0:*:*:*:*:*:*:*' \
		--status known_not_affected --justification component_not_present >/dev/null || fail "vex product"
	cpub bulletin export "$vex" --output "$T/vex.json" || fail "vex export"
	info=$("$CENTINELA" bulletin create --title "Advice" --category csaf_informational_advisory --tlp green)
	cpub bulletin export "$info" --output "$T/info.json" || fail "informational export"
	validate "$T/interim.json" "$T/final.json" "$T/draft.json" "$T/vex.json" "$T/info.json"
	case $? in
	0) ;;
	3) return ;;
	*) fail "not valid CSAF: $(cat "$T/vout")"; return ;;
	esac
	[ "$(json "$T/final.json" "d['document']['tracking']['version'], d['document']['tracking']['status'], len(d['document']['tracking']['revision_history'])")" = "2 final 2" ] ||
		fail "tracking: $(json "$T/final.json" "d['document']['tracking']")"
	[ "$(json "$T/interim.json" "d['document']['tracking']['status']")" = interim ] || fail "interim status"
	[ "$(json "$T/final.json" "d['document']['tracking']['id'] == '$ref'")" = True ] || fail "id"
	[ "$(json "$T/final.json" "d['document']['distribution']['tlp']['label'], d['document']['distribution']['text']")" = "AMBER TLP:AMBER+STRICT" ] ||
		fail "tlp"
	[ "$(json "$T/draft.json" "d['document']['distribution']['tlp']['label']")" = WHITE ] || fail "clear"
	[ "$(json "$T/final.json" "d['document']['publisher']")" = "{'category': 'coordinator', 'name': 'CSIRT Nacional', 'namespace': 'https://csirt.example.mx'}" ] ||
		fail "publisher"
	[ "$(json "$T/final.json" "d['document']['aggregate_severity']['text']")" = Critical ] || fail "severity"
	[ "$(json "$T/final.json" "[b['name'] for b in d['product_tree']['branches']]")" = "['apache', 'acme']" ] ||
		fail "vendors: $(json "$T/final.json" "d['product_tree']")"
	[ "$(json "$T/final.json" "[b['category'] for b in d['product_tree']['branches'][0]['branches'][0]['branches']]")" = "['product_version', 'product_version', 'product_version_range']" ] ||
		fail "versions: $(json "$T/final.json" "d['product_tree']['branches'][0]")"
	v=$(json "$T/final.json" "[v for v in d['vulnerabilities'] if v['cve'] == 'CVE-2021-44228'][0]")
	case $v in
	*"'cwe': {'id': 'CWE-502'"*"'known_affected': ['CSAFPID-0001', 'CSAFPID-0002']"*) ;;
	*) fail "vulnerability: $v" ;;
	esac
	case $v in
	*"'fixed': ['CSAFPID-0004']"*"'known_not_affected': ['CSAFPID-0003']"*) ;;
	*) fail "product status: $v" ;;
	esac
	case $v in
	*"'cvss_v3': {'version': '3.1', 'vectorString': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 'baseScore': 10.0, 'baseSeverity': 'CRITICAL'}"*) ;;
	*) fail "scores: $v" ;;
	esac
	case $v in
	*"'category': 'vendor_fix'"*"'category': 'workaround'"*"'threats': [{'category': 'impact'"*) ;;
	*) fail "remediations and threats: $v" ;;
	esac
	case $v in
	*"'flags': [{'label': 'vulnerable_code_not_present', 'product_ids': ['CSAFPID-0003']}]"*) ;;
	*) fail "flags: $v" ;;
	esac
	[ "$(json "$T/info.json" "'vulnerabilities' in d")" = False ] || fail "informational has vulnerabilities"
}

test_bulletin_export_refusals() {
	seed
	ref=$("$CENTINELA" bulletin create --title x)
	run "$CENTINELA" bulletin export "$ref"
	expect_rc 1 && expect_err 'needs its publisher: set bulletin.publisher NAME and bulletin.namespace' || return
	run "$CENTINELA" -c 'set bulletin.namespace http://x' bulletin export "$ref"
	expect_rc 2 && expect_err 'expected an https URL' || return
	run cpub bulletin export "$ref" --format stix
	expect_rc 2 && expect_err "unknown export format 'stix'" || return
	run cpub bulletin export MX-SA-2000-0001
	expect_rc 3 || return
	run cpub bulletin export "$ref" --output "$T/no/such/dir.json"
	expect_rc 1 && expect_err "cannot write '$T/no/such/dir.json'" || return
}

# mutate IN OUT PYTHON: OUT is IN with the statements run on its document d.
mutate() {
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
$3
json.dump(d, open(sys.argv[2], 'w'))" "$1" "$2" || fail "mutate"
}

# Each mandatory test refuses a document that breaks it, and so does the
# schema; the unchanged document passes.
test_csaf_validator_refuses_each_mandatory_test() {
	full_bulletin
	cpub bulletin export "$ref" --output "$T/ok.json" || { fail "export"; return; }
	validate "$T/ok.json"
	case $? in 0) ;; 3) return ;; *) fail "valid one refused: $(cat "$T/vout")"; return ;; esac
	V0="d['vulnerabilities'][0]"
	H="d['document']['tracking']['revision_history']"
	mutate "$T/ok.json" "$T/6.1.1.json" "$V0['product_status']['known_affected'].append('CSAFPID-9999')"
	mutate "$T/ok.json" "$T/6.1.2.json" "d['product_tree']['full_product_names'].append(dict(d['product_tree']['full_product_names'][0]))"
	mutate "$T/ok.json" "$T/6.1.3.json" "d['product_tree']['relationships'] = [{'category': 'installed_on', 'product_reference': 'CSAFPID-0009', 'relates_to_product_reference': 'CSAFPID-0001', 'full_product_name': {'name': 'loop', 'product_id': 'CSAFPID-0009'}}]"
	mutate "$T/ok.json" "$T/6.1.6.json" "$V0['product_status'].setdefault('fixed', []).append($V0['product_status']['known_affected'][0])"
	mutate "$T/ok.json" "$T/6.1.14.json" "$H[0]['date'], $H[1]['date'] = '2030-01-01T00:00:00Z', '2029-01-01T00:00:00Z'"
	mutate "$T/ok.json" "$T/6.1.16.json" "d['document']['tracking']['version'] = '1'"
	mutate "$T/ok.json" "$T/6.1.21.json" "$H[1]['number'] = '3'; d['document']['tracking']['version'] = '3'"
	mutate "$T/ok.json" "$T/schema.json" "d['document']['distribution']['tlp']['label'] = 'CLEAR'"
	mutate "$T/ok.json" "$T/cvss.json" "$V0['scores'][0]['cvss_v3']['baseScore'] = 11"
	for t in 6.1.1 6.1.2 6.1.3 6.1.6 6.1.14 6.1.16 6.1.21; do
		validate "$T/$t.json"
		[ $? = 1 ] && grep -q "^$T/$t.json: $t " "$T/vout" ||
			fail "$t not refused: $(cat "$T/vout")"
	done
	validate "$T/schema.json"
	[ $? = 1 ] && grep -q "schema: /document/distribution/tlp/label: 'CLEAR' is not one of" "$T/vout" ||
		fail "schema not checked: $(cat "$T/vout")"
	validate "$T/cvss.json"
	[ $? = 1 ] && grep -q "schema: /vulnerabilities/0/scores/0/cvss_v3" "$T/vout" ||
		fail "FIRST CVSS schema not checked: $(cat "$T/vout")"
}

test_bulletin_export_markdown_and_text() {
	full_bulletin
	"$CENTINELA" bulletin add-reference "$ref" \
		"https://example.org/a/very/long/path/that/goes/on/and/on/and/on/and/on/for/longer/than/a/line" \
		--summary "A reference whose URL alone is longer than one line of a mail" >/dev/null 2>&1
	run "$CENTINELA" bulletin export "$ref" --format markdown
	expect_rc 0 &&
		expect_out "^# $ref: CVE-2021-44228: Apache Log4j2 JNDI RCE$" &&
		expect_out '^- \*\*Distribution:\*\* TLP:AMBER\+STRICT$' &&
		expect_out '^## Vulnerabilities$' &&
		expect_out '^### CVE-2021-44228: Apache Log4j2 JNDI RCE$' &&
		expect_out '^- Not affected: apache log4j >=2.17.1 \(vulnerable_code_not_present\)$' &&
		expect_out '^- vendor_fix: Upgrade to 2.17.1 https://logging.apache.org/security.html$' &&
		expect_out '^Patch \*\*now\*\*.$' &&
		expect_out '^- 2 \([0-9-]+\): Fixed versions$' || return
	run "$CENTINELA" bulletin export "$ref" --format text
	expect_rc 0 &&
		expect_out "^$ref: CVE-2021-44228: Apache Log4j2 JNDI RCE$" &&
		expect_out '^Status: +interim, version 2$' &&
		expect_out '^Reviewer: +$|^Distribution: +TLP:AMBER\+STRICT$' &&
		expect_out '^Vulnerabilities$' &&
		expect_out '^  \* Under investigation: acme historian 7.1$' || return
	# every line fits a mail of 72 columns
	awk 'length($0) > 72 { print; bad = 1 } END { exit bad }' "$T/out" ||
		fail "lines over 72 columns"
}

test_bulletin_recipients_follow_the_tlp() {
	seed
	sql "$(db)" "
UPDATE organization SET contact = 'Ana López, Jefa de TI, +52 55 5550 1234, ana@cfe.mx' WHERE id = 1;
UPDATE organization SET contact = 'Luis <luis@agua.mx>' WHERE id = 2;
INSERT INTO organization(id, name, sector, abuse_contact, created_at, updated_at)
  VALUES (3, 'Pemex', 'energy', 'abuse@pemex.mx', 1, 1), (4, 'Banco', 'finance', NULL, 1, 1);"
	ref=$("$CENTINELA" bulletin create --from CVE-2021-44228)
	# amber (the default): the two with exposed assets, not Pemex
	run "$CENTINELA" bulletin recipients "$ref" --format csv
	expect_rc 0 &&
		expect_out '^organization,sector,contact_name,email,phone,abuse_contact,reason$' &&
		expect_out "^CFE,energy,Ana López,ana@cfe.mx,'\+52 55 5550 1234,,sector energy; 1 asset exposed to CVE-2021-44228$" &&
		expect_out '^Agua CDMX,water,Luis,luis@agua.mx,,,sector water; 1 asset exposed to CVE-2021-44228$' &&
		expect_no_out Pemex && expect_err '2 recipients; TLP:AMBER: only the organizations concerned.*; 1 withheld' || return
	[ "$(wc -l <"$T/out")" = 3 ] || fail "csv lines: $(wc -l <"$T/out")"
	# green: the whole addressed sector too; a named organization
	"$CENTINELA" bulletin set "$ref" tlp=green organizations=Banco >/dev/null || fail "set"
	run "$CENTINELA" bulletin recipients "$ref" --format json
	expect_rc 0 &&
		expect_out '"organization":"Pemex","sector":"energy","contact_name":null,"email":"abuse@pemex.mx"' &&
		expect_out '"organization":"Banco".*"reason":"named".*"reasons":\["named"\]' &&
		expect_out '"reasons":\["sector","exposed"\],"exposed_assets":1,"cves":\["CVE-2021-44228"\]' || return
	run "$CENTINELA" show "$ref"
	expect_rc 0 && expect_out '^  recipients +4 \(TLP:GREEN: every organization addressed' &&
		expect_out '^Recipients \(4\)$' &&
		expect_out '^  Banco  finance  -  named$' &&
		expect_out '^  CFE  energy  Ana López <ana@cfe.mx> \+52 55 5550 1234  sector energy; 1 asset exposed' || return
	run "$CENTINELA" show "$ref" --format json
	expect_rc 0 && expect_out '"recipients":\[\{"organization":"CFE"' || return
	# amber: Banco stays (named one by one), Pemex goes
	"$CENTINELA" bulletin set "$ref" tlp=amber >/dev/null || fail "set amber"
	run "$CENTINELA" bulletin recipients "$ref"
	expect_rc 0 && expect_out '^Banco +finance +named' && expect_no_out Pemex || return
	# red: nobody automatically
	"$CENTINELA" bulletin set "$ref" tlp=red >/dev/null || fail "set red"
	run "$CENTINELA" bulletin recipients "$ref" --format csv
	expect_rc 0 && expect_err '0 recipients; TLP:RED: nobody automatically.*; 4 withheld' || return
	[ "$(wc -l <"$T/out")" = 1 ] || fail "red csv: $(cat "$T/out")"
	run "$CENTINELA" bulletin recipients "$ref" --format xml
	expect_rc 2 && expect_err "unknown format 'xml'" || return
	run "$CENTINELA" bulletin recipients MX-SA-2000-0009
	expect_rc 3 && expect_err "unknown bulletin 'MX-SA-2000-0009'" || return
}
