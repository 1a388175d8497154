# import csaf: every CSAF 2.0 example of the fixtures stored as a bulletin
# with its parts, the same document again, a newer revision, documents that
# are not CSAF 2.0 refused with the JSON path of their problem, and a VEX
# changing the exposures of a small inventory.

CSAF_DIR="$CENTINELA_FIXTURES/csaf/examples/csaf"
D="$TESTDATA/csaf"
DB="$XDG_DATA_HOME/centinela/cache.db"

csaf_present() {
	[ -d "$CSAF_DIR/csaf_vex" ] && return 0
	skip "no CSAF examples at $CSAF_DIR (set CENTINELA_FIXTURES)"
	return 1
}

# csaf_edit IN OUT PYTHON: OUT is IN with d (the document) changed by
# the Python statements.
csaf_edit() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
}

# expect_refused FILE MESSAGE: import csaf FILE fails with MESSAGE (an
# extended regex) and stores nothing.
expect_refused() {
	run "$CENTINELA" import csaf "$1"
	expect_rc 1 && expect_err "$2" &&
		expect_err "1 of 1 items is invalid; nothing was imported" ||
		return 1
	run "$CENTINELA" list bulletins --count
	[ "$(cat "$T/out")" = 0 ] || fail "stored $(cat "$T/out") bulletins"
}

test_csaf_every_example_imports_with_its_parts() {
	csaf_present || return 0
	n=0
	for f in "$CSAF_DIR"/*.json "$CSAF_DIR"/csaf_vex/*.json; do
		run "$CENTINELA" import csaf "$f"
		expect_rc 0 &&
			expect_out "^imported csaf from .*: 1 rows, 1 new, 0 updated, 0 unchanged, 0 invalid$" ||
			return
		n=$((n + 1))
	done
	run "$CENTINELA" list bulletins --count
	[ "$(cat "$T/out")" = "$n" ] ||
		{ fail "$(cat "$T/out") bulletins, wanted $n"; return; }
	# each document against its row and parts, by the rules of
	# feed_csaf.c
	python3 - "$DB" "$CSAF_DIR"/*.json "$CSAF_DIR"/csaf_vex/*.json \
		>"$T/check" 2>&1 <<'PY' || fail "$(cat "$T/check")"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
TLP = {"WHITE": 0, "GREEN": 1, "AMBER": 2, "RED": 4}
STATE = {"first_affected": "known_affected", "known_affected":
         "known_affected", "last_affected": "known_affected",
         "first_fixed": "fixed", "fixed": "fixed", "known_not_affected":
         "known_not_affected", "under_investigation": "under_investigation"}
def one(q, *a):
    return db.execute(q, a).fetchone()
for path in sys.argv[2:]:
    d = json.load(open(path))
    doc, tr = d["document"], d["document"]["tracking"]
    row = one("SELECT id, source, remote_id, title, tlp, status, category, "
              "tracking_version, author FROM bulletin WHERE reference = ?",
              tr["id"])
    if not row:
        sys.exit("%s: no bulletin %s" % (path, tr["id"]))
    bid = row[0]
    tlp = doc.get("distribution", {}).get("tlp", {}).get("label", "WHITE")
    cat = doc["category"]
    if not cat.startswith("csaf_"):
        cat = ("csaf_security_advisory" if d.get("vulnerabilities")
               else "csaf_informational_advisory")
    want = ("csaf:" + doc["publisher"]["namespace"], tr["id"], doc["title"],
            TLP[tlp], tr["status"], cat, tr["version"],
            doc["publisher"]["name"])
    if tuple(row[1:]) != want:
        sys.exit("%s: row %r, wanted %r" % (path, row[1:], want))
    counts = {
        "revision": len(tr["revision_history"]),
        "link": len(doc.get("references", [])),
        "ack": len(doc.get("acknowledgments", [])),
    }
    for table, n in counts.items():
        got = one("SELECT count(*) FROM bulletin_%s WHERE bulletin_id = ?"
                  % table, bid)[0]
        if got != n:
            sys.exit("%s: %d %s rows, wanted %d" % (path, got, table, n))
    notes = doc.get("notes", [])
    got = one("SELECT count(*) FROM bulletin_note WHERE bulletin_id = ?",
              bid)[0]
    firsts = sum(1 for c in ("summary", "description")
                 if any(x["category"] == c for x in notes))
    if got + firsts != len(notes):
        sys.exit("%s: %d notes kept of %d" % (path, got, len(notes)))
    vulns = [v for v in d.get("vulnerabilities", []) if "cve" in v]
    cves = sorted({v["cve"] for v in vulns})
    got = [r[0] for r in db.execute("SELECT cve_id FROM bulletin_cve WHERE "
                                    "bulletin_id = ? ORDER BY 1", (bid,))]
    if got != cves:
        sys.exit("%s: CVEs %r, wanted %r" % (path, got, cves))
    status = {}
    for v in vulns:
        for key, ids in v.get("product_status", {}).items():
            for pid in ids:
                if key in STATE:
                    status.setdefault((v["cve"], pid), STATE[key])
    got = {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT cve_id, product_id, state FROM bulletin_product_status "
        "WHERE bulletin_id = ?", (bid,))}
    if got != status:
        sys.exit("%s: %d product statuses, wanted %d" % (path, len(got),
                 len(status)))
    rems = sum(len(v.get("remediations", [])) for v in vulns)
    got = one("SELECT count(*) FROM bulletin_remediation WHERE "
              "bulletin_id = ?", bid)[0]
    if got != rems:
        sys.exit("%s: %d remediations, wanted %d" % (path, got, rems))
    # every product the statuses name is in the product tree, with a CPE
    # name when the tree gives a vendor and a product for it
    for (cve, pid) in status:
        p = one("SELECT cpe FROM bulletin_product WHERE bulletin_id = ? "
                "AND product_id = ?", bid, pid)
        if not p:
            sys.exit("%s: product %s not stored" % (path, pid))
print("ok")
PY
	# the vendor's tracking id names it for show
	run "$CENTINELA" show BSI-2022-0001
	expect_rc 0 &&
		expect_out "^BSI-2022-0001 +CVRF-CSAF-Converter: XML External Entities" &&
		expect_out "CSAFPID-0006 +CSAF Tools CVRF-CSAF-Converter 1.0.0-rc2 +cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-rc2:" &&
		expect_out "CVE-2022-27193 +CSAFPID-0006 +fixed" &&
		expect_out "source +csaf:https://www.bsi.bund.de id BSI-2022-0001"
	# a product from vendor and product branches, with a range
	run "$CENTINELA" show 2022-EVD-UC-07-001
	expect_rc 0 &&
		expect_out "CSAFPID-0004 +Example Company ABC vers:generic/>=2.9\|<=4.1 +cpe:2.3:a:example_company:abc:\*:" &&
		expect_out "CSAFPID-0001 +Example Company ABC 4.2 +cpe:2.3:a:example_company:abc:4.2:"
}

test_csaf_same_document_again_changes_nothing() {
	csaf_present || return 0
	f="$CSAF_DIR/cisco-sa-20180328-smi2.json"
	run "$CENTINELA" import csaf "$f"
	expect_rc 0 || return
	audits=$(sql "$DB" "SELECT count(*) FROM audit")
	run "$CENTINELA" import csaf - <"$f"
	expect_rc 0 &&
		expect_out "^imported csaf from stdin: 1 rows, 0 new, 0 updated, 1 unchanged, 0 invalid$" ||
		return
	[ "$(sql "$DB" "SELECT count(*) FROM audit")" = "$audits" ] ||
		fail "an import that changed nothing was audited"
}

test_csaf_newer_revision_replaces_older() {
	csaf_present || return 0
	f="$CSAF_DIR/csaf_vex/2022-evd-uc-01-a-001.json"
	csaf_edit "$f" "$T/v2.json" '
t = d["document"]["tracking"]
t["version"] = "2"
t["current_release_date"] = "2022-04-01T00:00:00.000Z"
t["revision_history"].append({"number": "2", "date":
    "2022-04-01T00:00:00.000Z", "summary": "Fixed in 1.1"})
d["document"]["title"] = "Use Case 1, revised"
d["vulnerabilities"][0]["product_status"] = {"fixed": ["CSAFPID-0001"]}
d["vulnerabilities"][0].pop("remediations", None)'
	run "$CENTINELA" import csaf "$f"
	expect_rc 0 || return
	run "$CENTINELA" import csaf "$T/v2.json"
	expect_rc 0 && expect_out ": 1 rows, 0 new, 1 updated, 0 unchanged" ||
		return
	run "$CENTINELA" show 2022-EVD-UC-01-A-001
	expect_rc 0 && expect_out "Use Case 1, revised" &&
		expect_out "CVE-2021-44228 +CSAFPID-0001 +fixed" &&
		expect_out "^  2 +2022-04-01 +Fixed in 1.1" &&
		expect_out "^Remediations \(0\)" || return
	# the older revision again changes nothing
	run "$CENTINELA" import csaf "$f"
	expect_rc 0 && expect_out ": 1 rows, 0 new, 0 updated, 1 unchanged" ||
		return
	run "$CENTINELA" show 2022-EVD-UC-01-A-001
	expect_out "Use Case 1, revised"
}

test_csaf_invalid_documents_refused_with_their_path() {
	csaf_present || return 0
	f="$CSAF_DIR/bsi-2022-0001.json"
	csaf_edit "$f" "$T/status.json" \
		'd["document"]["tracking"]["status"] = "done"'
	expect_refused "$T/status.json" \
		"^centinela: '$T/status.json': not CSAF 2.0 at /document/tracking/status: 'done' is not one of draft, interim, final$" ||
		return
	csaf_edit "$f" "$T/title.json" 'del d["document"]["title"]'
	expect_refused "$T/title.json" \
		"not CSAF 2.0 at /document: missing required property 'title'$" ||
		return
	csaf_edit "$f" "$T/pid.json" \
		'd["vulnerabilities"][0]["product_status"]["fixed"].append("CSAFPID-9999")'
	expect_refused "$T/pid.json" \
		"not CSAF 2.0 at /vulnerabilities/0/product_status/fixed/1: product id 'CSAFPID-9999' is not defined in the product tree \(6.1.1\)$" ||
		return
	csaf_edit "$f" "$T/cve.json" \
		'd["vulnerabilities"][0]["cve"] = "CVE-22-1"'
	expect_refused "$T/cve.json" \
		"at /vulnerabilities/0/cve: 'CVE-22-1' is not a CVE id" || return
	csaf_edit "$f" "$T/date.json" \
		'd["document"]["tracking"]["current_release_date"] = "2022-03-17"'
	expect_refused "$T/date.json" \
		"at /document/tracking/current_release_date: '2022-03-17' is not a date-time" ||
		return
	csaf_edit "$f" "$T/tlp.json" \
		'd["document"]["distribution"]["tlp"]["label"] = "CLEAR"'
	expect_refused "$T/tlp.json" \
		"at /document/distribution/tlp/label: 'CLEAR' is not one of AMBER, GREEN, RED, WHITE" ||
		return
	csaf_edit "$f" "$T/type.json" \
		'd["vulnerabilities"][0]["notes"] = {"a": 1}'
	expect_refused "$T/type.json" \
		"at /vulnerabilities/0/notes: an object, not an array" || return
	csaf_edit "$f" "$T/extra.json" 'd["document"]["colour"] = "red"'
	expect_refused "$T/extra.json" \
		"at /document/colour: unknown property" || return
	csaf_edit "$f" "$T/rem.json" \
		'd["vulnerabilities"][0]["remediations"][0]["category"] = "patch"'
	expect_refused "$T/rem.json" \
		"at /vulnerabilities/0/remediations/0/category: 'patch' is not one of mitigation, no_fix_planned, none_available, vendor_fix, workaround" ||
		return
	csaf_edit "$f" "$T/key.json" \
		'd["vulnerabilities"][0]["product_status"]["broken"] = ["CSAFPID-0001"]'
	expect_refused "$T/key.json" \
		"at /vulnerabilities/0/product_status/broken: unknown property" ||
		return
	printf '{"document": ' >"$T/cut.json"
	run "$CENTINELA" import csaf "$T/cut.json"
	expect_rc 1 && expect_err "invalid JSON"
}

# Several files stop at the first that fails, as every import kind does;
# those before it stay imported.
test_csaf_several_files_stop_at_the_first_bad_one() {
	csaf_present || return 0
	csaf_edit "$CSAF_DIR/bsi-2022-0001.json" "$T/bad.json" \
		'd["document"]["csaf_version"] = "1.2"'
	run "$CENTINELA" import csaf "$CSAF_DIR/rhsa-2022_0011.json" \
		"$T/bad.json" "$CSAF_DIR/rhsa-2021_5217.json"
	expect_rc 1 &&
		expect_err "at /document/csaf_version: '1.2' is not one of 2.0" &&
		expect_err "stopped at '$T/bad.json': the 1 file before it stay imported; the 1 after it" ||
		return
	run "$CENTINELA" list bulletins --format csv
	expect_out "RHSA-2022:0011" && expect_no_out "RHSA-2021:5217"
}

# exposures_are LIST: the exposures, "asset" words sorted, are LIST.
exposures_are() {
	run "$CENTINELA" list exposures --format json --limit 100
	expect_rc 0 || return 1
	got=$(python3 -c '
import json, sys
print(" ".join(sorted(r["asset"] + ":" + r["cve"] for r in json.load(open(sys.argv[1])))))' "$T/out")
	[ "$got" = "$1" ] || { fail "exposures '$got', wanted '$1'"; return 1; }
}

# A VEX changes the exposures of its CVE: the inventory's ABC and JKL
# (tests/data/csaf/assets.csv) are exposed by a test NVD record naming
# them; use case 7 says ABC 4.2 and 2.5 are not affected, ABC 3.0 affected
# (a range), ABC 2.6 affected, JKL 4.7 affected (a range) and JKL 5.1
# fixed; use case 1 (A) says DEF 1.0, which no configuration names, is
# affected.
test_csaf_vex_changes_exposures() {
	csaf_present || return 0
	L=CVE-2021-44228
	run "$CENTINELA" import organizations "$D/organizations.csv" &&
		expect_rc 0 || return
	run "$CENTINELA" import assets "$D/assets.csv" && expect_rc 0 || return
	run "$CENTINELA" import nvd "$D/nvd_log4j.json" && expect_rc 0 || return
	exposures_are "abc-30:$L abc-42:$L jkl-47:$L jkl-51:$L" || return
	run "$CENTINELA" import csaf "$CSAF_DIR/csaf_vex/2022-evd-uc-07-001.json"
	expect_rc 0 || return
	exposures_are "abc-30:$L jkl-47:$L" || return
	# assets added after it: ABC 2.5 not affected, ABC 2.6 affected
	run "$CENTINELA" import assets "$D/assets_later.csv"
	expect_rc 0 || return
	exposures_are "abc-26:$L abc-30:$L jkl-47:$L" || return
	run "$CENTINELA" import csaf "$CSAF_DIR/csaf_vex/2022-evd-uc-01-a-001.json"
	expect_rc 0 || return
	exposures_are "abc-26:$L abc-30:$L def-10:$L jkl-47:$L" || return
	# the CVE matched again (its record changed) keeps what they say
	csaf_edit "$D/nvd_log4j.json" "$T/nvd2.json" '
c = d["vulnerabilities"][0]["cve"]
c["lastModified"] = "2024-01-01T00:00:00.000"
c["descriptions"][0]["value"] += " Changed."'
	run "$CENTINELA" import nvd "$T/nvd2.json"
	expect_rc 0 && expect_out "1 updated" || return
	exposures_are "abc-26:$L abc-30:$L def-10:$L jkl-47:$L" || return
	run "$CENTINELA" match --all
	expect_rc 0 || return
	exposures_are "abc-26:$L abc-30:$L def-10:$L jkl-47:$L" || return
	# use case 1 (F) in its own document: DEF 1.1 fixed, not 1.0
	run "$CENTINELA" import csaf "$CSAF_DIR/csaf_vex/2022-evd-uc-01-f-001.json"
	expect_rc 0 || return
	exposures_are "abc-26:$L abc-30:$L def-10:$L jkl-47:$L" || return
	# a newer revision of use case 7 says ABC 3.0's range is fixed
	csaf_edit "$CSAF_DIR/csaf_vex/2022-evd-uc-07-001.json" "$T/uc7.json" '
t = d["document"]["tracking"]
t["version"] = "2"
t["current_release_date"] = "2022-09-01T00:00:00.000Z"
t["revision_history"].append({"number": "2", "date":
    "2022-09-01T00:00:00.000Z", "summary": "ABC 2.9 to 4.1 fixed"})
s = d["vulnerabilities"][0]["product_status"]
s["known_affected"].remove("CSAFPID-0004")
s["fixed"].append("CSAFPID-0004")'
	run "$CENTINELA" import csaf "$T/uc7.json"
	expect_rc 0 && expect_out "1 updated" || return
	exposures_are "abc-26:$L def-10:$L jkl-47:$L"
}

# Every VEX example of the fixtures acts on exposures as its product
# status says. For each: an asset per product the document names with one
# version (its CPE name), a test NVD record per CVE naming all of them (so
# each is exposed before), then the document: a product fixed or
# known_not_affected for a CVE takes its asset's exposure away, one
# known_affected or under investigation keeps it. Pairs that a version
# range of the same product in the document may also cover are left out
# of the check (the range decides them), and counted.
test_csaf_every_vex_example_acts_on_exposures() {
	csaf_present || return 0
	checked=0
	for f in "$CSAF_DIR"/csaf_vex/*.json; do
		n=$(basename "$f" .json)
		c="$T/$n.db"
		"$CENTINELA" --create --db "$T/$n-scratch.db" import csaf "$f" \
			>/dev/null 2>"$T/err" || { fail "$n: $(cat "$T/err")"; return; }
		python3 - "$f" "$T/$n-scratch.db" "$T/$n" >"$T/plan" 2>&1 <<'PY' ||
import csv, json, sqlite3, sys
doc, scratch, out = sys.argv[1:]
d = json.load(open(doc))
db = sqlite3.connect(scratch)
products = {}  # id -> cpe, with one version
ranged = set()  # vendor:product with a range or any version
for pid, cpe in db.execute("SELECT product_id, cpe FROM bulletin_product "
                           "WHERE cpe IS NOT NULL"):
    f = cpe.split(":")
    if f[5] in ("*", "-", ""):
        ranged.add(f[3] + ":" + f[4])
    else:
        products[pid] = cpe
seen, assets = {}, []
for pid, cpe in sorted(products.items()):
    if cpe in seen:  # two ids of one name: not told apart
        seen[cpe] = None
        continue
    seen[cpe] = pid
for cpe, pid in seen.items():
    if pid:
        assets.append(("p-" + pid, cpe))
with open(out + "-assets.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["name", "organization", "sector", "kind", "criticality",
                "hostname", "ip", "location", "vendor", "product",
                "version", "cpe"])
    for name, cpe in assets:
        w.writerow([name, "Banco del Norte", "finance", "application", 4,
                    "", "", "", "", "", "", cpe])
NEG = {"fixed", "first_fixed", "known_not_affected"}
records, plan = [], []
for i, v in enumerate(d.get("vulnerabilities", [])):
    cve = v.get("cve")
    if not cve:
        continue
    matches = [{"vulnerable": True, "criteria": cpe,
                "matchCriteriaId": "00000000-0000-0000-0000-%012d" % j}
               for j, (_, cpe) in enumerate(assets)]
    records.append({"cve": {
        "id": cve, "sourceIdentifier": "test", "published":
        "2022-01-01T00:00:00.000", "lastModified": "2022-01-01T00:00:00.000",
        "vulnStatus": "Analyzed", "descriptions": [{"lang": "en", "value":
        "A test record naming the products of " + doc}], "metrics": {},
        "configurations": [{"nodes": [{"operator": "OR", "negate": False,
                                       "cpeMatch": matches}]}],
        "references": []}})
    status = {}
    for key, ids in v.get("product_status", {}).items():
        for pid in ids:
            status[pid] = key
    for name, cpe in assets:
        pid = name[2:]
        f = cpe.split(":")
        if f[3] + ":" + f[4] in ranged:
            print("skip", name, cve)
            continue
        print("gone" if status.get(pid) in NEG else "kept", name, cve)
json.dump({"resultsPerPage": len(records), "startIndex": 0,
           "totalResults": len(records), "format": "NVD_CVE",
           "version": "2.0", "timestamp": "2026-12-07T10:00:00.000",
           "vulnerabilities": records}, open(out + "-nvd.json", "w"))
PY
			{ fail "$n: $(cat "$T/plan")"; return; }
		[ -s "$T/$n-nvd.json" ] && grep -q "^kept\|^gone\|^skip" "$T/plan" ||
			continue # no CVE, or no product of one version
		for step in "organizations $D/organizations.csv" \
			"assets $T/$n-assets.csv" "nvd $T/$n-nvd.json"; do
			# shellcheck disable=SC2086
			"$CENTINELA" --create --db "$c" import $step >/dev/null 2>"$T/err" ||
				{ fail "$n: import $step: $(cat "$T/err")"; return; }
		done
		"$CENTINELA" --db "$c" list exposures --format json --limit 10000 >"$T/before" &&
			"$CENTINELA" --db "$c" import csaf "$f" >/dev/null 2>"$T/err" &&
			"$CENTINELA" --db "$c" list exposures --format json --limit 10000 >"$T/after" ||
			{ fail "$n: $(cat "$T/err")"; return; }
		python3 - "$T/plan" "$T/before" "$T/after" >"$T/diff" 2>&1 <<'PY' ||
import json, sys
plan = [l.split() for l in open(sys.argv[1]) if l.split()[0] in
        ("kept", "gone", "skip")]
pairs = lambda p: {(r["asset"], r["cve"]) for r in json.load(open(p))}
before, after = pairs(sys.argv[2]), pairs(sys.argv[3])
bad = []
for what, asset, cve in plan:
    if (asset, cve) not in before:
        bad.append("%s %s not exposed before the document" % (asset, cve))
    elif what == "kept" and (asset, cve) not in after:
        bad.append("%s %s: exposure taken away" % (asset, cve))
    elif what == "gone" and (asset, cve) in after:
        bad.append("%s %s: exposure kept" % (asset, cve))
print("\n".join(bad) if bad else
      "%d %d" % (sum(p[0] == "kept" for p in plan),
                 sum(p[0] == "gone" for p in plan)))
sys.exit(1 if bad else 0)
PY
			{ fail "$n: $(cat "$T/diff")"; return; }
		read -r kept gone <"$T/diff"
		checked=$((checked + 1))
		total_kept=$((${total_kept:-0} + kept))
		total_gone=$((${total_gone:-0} + gone))
	done
	# the examples hold both kinds, in most of their documents
	[ "$checked" -ge 8 ] && [ "${total_kept:-0}" -gt 0 ] &&
		[ "${total_gone:-0}" -gt 0 ] ||
		fail "checked $checked documents, $total_kept exposures kept, $total_gone taken away"
}

# With --skip-invalid a bad document is reported and skipped, and the files
# after it are read.
test_csaf_skip_invalid_goes_on() {
	csaf_present || return 0
	csaf_edit "$CSAF_DIR/bsi-2022-0001.json" "$T/bad.json" \
		'd["document"]["publisher"]["category"] = "author"'
	run "$CENTINELA" import csaf "$T/bad.json" \
		"$CSAF_DIR/rhsa-2021_5217.json" --skip-invalid
	expect_rc 0 &&
		expect_err "at /document/publisher/category: 'author' is not one of coordinator, discoverer, other, translator, user, vendor" &&
		expect_out "from $T/bad.json: 1 rows, 0 new, 0 updated, 0 unchanged, 1 invalid \(skipped\)" &&
		expect_out "rhsa-2021_5217.json: 1 rows, 1 new" || return
	run "$CENTINELA" list bulletins --count
	[ "$(cat "$T/out")" = 1 ] || fail "$(cat "$T/out") bulletins, wanted 1"
}
