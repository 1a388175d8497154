# Bulletins in the console: written from a CVE whose assets are exposed
# (b on the CVE, the form, $EDITOR for the summary), seen in the
# bulletins tab, reviewed by a second analyst and set final, and its
# recipients shown in its detail; n on the bulletins tab, b on an
# exposure.

# bl_cache: three organizations with contacts (and one more), two assets
# exposed to Log4Shell; no demo data.
bl_cache() {
	printf '%s\n' 'name,sector,region,contact,abuse_contact' \
		'CFE,energy,CDMX,"Ana Ruiz, Jefa de TI, +52 55 5550 1234, ana@cfe.mx",csirt@cfe.mx' \
		'Pemex,energy,CDMX,,abuse@pemex.mx' \
		'Agua de Jalisco,water,Jalisco,Luis Pérez <luis@agua.mx>,' \
		'Banco del Norte,finance,Nuevo León,"Eva Cruz, +52 81 5550 0000, eva@banco.mx",' \
		>"$T/orgs.csv"
	printf '%s\n' 'name,organization,sector,kind,criticality,hostname,ip,location,vendor,product,version,cpe' \
		'historian,CFE,energy,server,5,,,,,,,' \
		'scada-web,Agua de Jalisco,water,application,4,,,,,,,' \
		>"$T/assets.csv"
	"$CENTINELA" --create --db "$T/cache.db" import organizations "$T/orgs.csv" >/dev/null &&
		"$CENTINELA" --db "$T/cache.db" import assets "$T/assets.csv" >/dev/null &&
		sqlite3 "$T/cache.db" "
INSERT INTO vulnerability(id, cve_id, title, description, cvss_score, cvss_vector, created_at, updated_at)
  VALUES (1, 'CVE-2021-44228', 'Apache Log4j2 JNDI RCE', 'JNDI lookups run code.', 10.0,
          'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 1, 1);
INSERT INTO exposure(asset_id, vulnerability_id, cpe, matched_at)
  SELECT id, 1, 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*', 1 FROM asset;" ||
		{ fail "the cache could not be made"; return 1; }
}

bl_cli() {
	"$CENTINELA" --db "$T/cache.db" "$@"
}

bl_has() {
	re=$1
	shift
	bl_cli "$@" 2>&1 | grep -Eq -- "$re" || fail "'centinela $*' lacks /$re/"
}

# prompt_line TEXT: type ':' TEXT Enter.
prompt_line() {
	keys :
	keys -l "$1"
	keys Enter
}

test_e2e_bulletin_from_a_cve_reviewed_with_recipients() {
	bl_cache || return
	mkdir -p "$T/tmp"
	# the editor adds a line to what the draft holds
	cat >"$T/ed.sh" <<'EOS'
#!/bin/sh
printf 'Patch Log4j to 2.17.1 now.\n' >>"$1"
EOS
	chmod +x "$T/ed.sh"
	start 120 40 EDITOR="$T/ed.sh" VISUAL= TMPDIR="$T/tmp"
	expect ' 6 vulnerabilities \(1\)  7 exposures \(2\)'
	keys 6
	expect '^CVE-2021-44228 .*Apache Log4j2 JNDI RCE'
	# b on the CVE: the form prefilled as 'bulletin create --from'
	keys b
	expect 'New bulletin from a CVE'
	expect 'Title +CVE-2021-44228: Apache Log4j2 JNDI RCE'
	expect 'Severity +critical'
	expect 'TLP +amber'
	expect 'Sectors +energy, water'
	# to Organizations: name one outside the exposed ones
	keys Tab Tab Tab Tab Tab Tab
	keys -l 'Banco del Nort'
	expect 'Organizations +Banco del Nort'
	keys Enter
	expect "unknown organization 'Banco del Nort'"
	keys -l e
	keys Enter
	year=$(date -u +%Y)
	ref="MX-SA-$year-0001"
	expect "created $ref"
	# the first bulletin brings the bulletins tab, after the others
	expect ' 7 exposures \(2\)  8 bu'
	expect "^ $ref  CVE-2021-44228: Apache Log4j2 JNDI RCE"
	expect 'Status +draft'
	expect 'Organizations +Banco del Norte'
	expect 'Recipients +3 \(TLP:AMBER: only the organizations concerned'
	expect '1 withheld'
	expect 'JNDI lookups run code'
	# E: the summary in $EDITOR; again: the draft starts from it
	keys E
	expect "$ref: summary: Patch Log4j to 2.17.1 now."
	keys E
	poll sh -c "'$CENTINELA' --db '$T/cache.db' bulletin export $ref --format text | grep -c 'Patch Log4j' | grep -qx 2" ||
		fail "the second edit did not start from the summary"
	[ -z "$(ls "$T/tmp")" ] || fail "the draft was not removed"
	# the bulletins tab lists it
	keys q 8
	expect "^$ref +draft +critical +amber +CVE-2021-44228"
	# the author cannot review it; a second analyst does
	keys R
	expect "written by tester, who cannot review it"
	prompt_line 'set analyst luis.perez'
	keys R
	expect "$ref: reviewer: luis.perez"
	keys c
	expect ':bulletin status'
	keys -l final
	keys Enter
	expect "$ref: status: draft -> final"
	expect "^$ref +final +critical +amber"
	# published while the console is open: the TLP:AMBER document is
	# left out without --include-amber, written with it (a valid provider
	# directory, its hashes right)
	bl_pub() {
		bl_cli -c 'set bulletin.publisher "CSIRT Nacional"' \
			-c 'set bulletin.namespace https://csirt.example.mx' \
			-c 'set bulletin.base-url https://csirt.example.mx/.well-known/csaf' \
			bulletin publish --dir "$T/pub" "$@"
	}
	out=$(bl_pub 2>&1) || fail "publish: $out"
	echo "$out" | grep -q '^amber: not published (--include-amber), 0 removed$' ||
		fail "publish without --include-amber: $out"
	out=$(bl_pub --include-amber 2>&1) || fail "publish --include-amber: $out"
	echo "$out" | grep -q '^amber: 1 document, 1 written, 0 removed$' ||
		fail "publish with --include-amber: $out"
	doc=$(ls "$T"/pub/amber/[0-9][0-9][0-9][0-9]/*.json 2>/dev/null)
	[ -n "$doc" ] && grep -q '"label": *"AMBER"' "$doc" && grep -q 'CVE-2021-44228' "$doc" ||
		fail "no AMBER document with the CVE in $T/pub/amber"
	(cd "$(dirname "$doc")" && sha256sum --quiet -c ./*.sha256 && sha512sum --quiet -c ./*.sha512) ||
		fail "hash files of $doc"
	python3 "$here/../csaf/csaf_dir_check.py" "$T/pub" >"$T/vout" 2>&1 ||
		fail "provider directory: $(cat "$T/vout")"
	# its recipients in the detail: exposed or named, not Pemex (only in
	# an addressed sector: AMBER keeps it out)
	keys Enter
	expect "^ $ref  CVE-2021-44228"
	expect 'Reviewer +luis.perez \('
	keys G
	expect '^ Recipients \(3\)'
	expect '^   Banco del Norte  finance  Eva Cruz <eva@banco.mx> \+52 81 5550 0000  named$'
	expect '^   CFE  energy  Ana Ruiz <ana@cfe.mx> \+52 55 5550 1234  sector energy; 1 asset exposed to CVE-2021-44228$'
	expect '^   Agua de Jalisco  water  Luis Pérez <luis@agua.mx>  sector water; 1 asset exposed'
	expect_not 'Agua de Jalisco  water' 'Pemex'
	# the same for the mail tool, and every step audited
	bl_has '^CFE,energy,Ana Ruiz,ana@cfe.mx,' bulletin recipients "$ref" --format csv
	[ "$(bl_cli bulletin recipients "$ref" --format csv 2>/dev/null | wc -l)" = 4 ] ||
		fail "recipients: $(bl_cli bulletin recipients "$ref" --format csv 2>&1)"
	for action in create note review status; do
		bl_has "\"action\":\"bulletin.$action\"" audit export
	done
	bl_has 'status +final' show "$ref"
}

test_e2e_bulletin_new_and_from_an_exposure() {
	bl_cache || return
	start 120 40
	expect ' 7 exposures \(2\)'
	# b on an exposure: the form from its CVE
	keys 7
	expect 'historian|scada-web'
	keys b
	expect 'New bulletin from a CVE'
	expect 'CVEs +CVE-2021-44228'
	keys Escape
	expect 'form cancelled: nothing created'
	# n on the bulletins tab: a blank form, listed in the help
	prompt_line 'view bulletins'
	expect 'REFERENCE +STATUS +SEVERITY +TLP'
	keys n
	expect '^ New bulletin$'
	expect 'TLP +amber'
	keys -l 'Fortinet SSL-VPN'
	keys Tab Tab Tab Tab
	keys -l 'CVE-2024-21762 CVE-2023-27997'
	keys Tab C-u Tab
	keys Enter
	expect 'created MX-SA-[0-9]{4}-0001'
	expect 'CVEs \(2\)'
	expect 'Recipients +0 \(TLP:AMBER'
	keys q
	keys '?'
	expect 'bulletin new'
	expect 'bulletin review'
}
