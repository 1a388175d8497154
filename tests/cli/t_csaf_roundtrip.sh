# A bulletin's CSAF export read back by `import csaf` (what a csaf source
# does with a published document, tests/integration/test_csaf.py): the
# document is valid CSAF 2.0 and the reader exports the same one.

# centinela with the publisher settings, reviews optional.
cpub() {
	"$CENTINELA" -c 'set bulletin.publisher "CSIRT Nacional"' \
		-c 'set bulletin.namespace https://csirt.example.mx' \
		-c 'set bulletin.review optional' "$@"
}

# strip FILE: the document without its generator's date (of the export).
strip() {
	python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
del d['document']['tracking']['generator']['date']
print(json.dumps(d, sort_keys=True, indent=1))" "$1"
}

# Two CPE names of one product (versions), a product by vendor and name
# alone and a range of the same product: each branch holds one product.
# (The range has its CPE name: the reader derives one for a product of
# the branches that has none, which its export then shows.)
test_csaf_export_of_one_product_in_versions_reads_back_the_same() {
	ref=$(cpub bulletin create --title "Versions" --cve CVE-2021-44228 --tlp clear) || { fail "create"; return; }
	cpub bulletin add-product "$ref" --cpe 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*' >/dev/null &&
		cpub bulletin add-product "$ref" --cpe 'cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*' --status fixed >/dev/null &&
		cpub bulletin add-product "$ref" --vendor apache --product log4j >/dev/null &&
		cpub bulletin add-product "$ref" --cpe 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*' \
			--range '<2.15.0' --status under_investigation >/dev/null &&
		cpub bulletin status "$ref" final >/dev/null || { fail "products"; return; }
	run cpub show "$ref"
	expect_out 'CSAFPID-0002  apache log4j 2.17.1  cpe:2.3:a:apache:log4j:2.17.1' || return
	cpub bulletin export "$ref" --output "$T/a.json" || { fail "export"; return; }
	python3 "$here/../csaf/csaf_validate.py" "$T/a.json" >"$T/vout" 2>&1
	case $? in
	0) ;;
	3) skip "$(cat "$T/vout")"; return ;;
	*) fail "not valid CSAF: $(cat "$T/vout")"; return ;;
	esac
	run cpub --db "$T/b.db" --create import csaf "$T/a.json"
	expect_rc 0 && expect_out '1 new, 0 updated, 0 unchanged, 0 invalid' || return
	cpub --db "$T/b.db" bulletin export "$ref" --output "$T/b.json" || { fail "export b"; return; }
	strip "$T/a.json" >"$T/a.txt" && strip "$T/b.json" >"$T/b.txt" || { fail "strip"; return; }
	cmp -s "$T/a.txt" "$T/b.txt" || fail "read back differently: $(diff "$T/a.txt" "$T/b.txt")"
}
