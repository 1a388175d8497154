# `bulletin publish --dir DIR`: the CSAF 2.0 provider directory, its
# layout, what goes in (interim and final; never RED or AMBER+STRICT;
# AMBER only with --include-amber), and its incremental updates.

BASE=https://csirt.example.mx/.well-known/csaf

# centinela with the publisher and its base URL, reviews optional.
c() {
	"$CENTINELA" -c 'set bulletin.publisher "CSIRT Nacional"' \
		-c 'set bulletin.namespace https://csirt.example.mx' \
		-c "set bulletin.base-url $BASE" \
		-c 'set bulletin.review optional' "$@"
}

# new TITLE TLP STATUS: a bulletin, its reference printed.
new() {
	r=$(c bulletin create --title "$1" --tlp "$2") || { fail "create $1"; return 1; }
	if [ "$3" != draft ]; then
		c bulletin status "$r" "$3" >/dev/null || { fail "status $1"; return 1; }
	fi
	echo "$r"
}

# name REF: its file name by the CSAF rule.
name() { echo "$1" | tr 'A-Z' 'a-z'; }

# tree DIR: the files under DIR, sorted, relative.
tree() { (cd "$1" && find . -type f | sort | sed 's|^\./||'); }

# check_dir DIR: the whole tree checked (schemas, names, lists, feeds,
# hashes); 3 (and a SKIP) when it cannot be checked here.
check_dir() {
	python3 "$here/../csaf/csaf_dir_check.py" "$1" >"$T/vout" 2>&1
	vrc=$?
	if [ "$vrc" = 3 ]; then
		skip "$(cat "$T/vout")"
		return 3
	fi
	[ "$vrc" = 0 ] || fail "provider directory: $(cat "$T/vout")"
	return "$vrc"
}

# hashes_ok DIR: sha256sum -c and sha512sum -c in every year folder.
hashes_ok() {
	for y in "$1"/*/[0-9][0-9][0-9][0-9]; do
		[ -d "$y" ] || continue
		(cd "$y" && sha256sum --quiet -c ./*.sha256 && sha512sum --quiet -c ./*.sha512) ||
			{ fail "hash files of $y"; return 1; }
	done
}

# stamps DIR: each file with its modification time, to nanoseconds.
stamps() { (cd "$1" && find . -type f -printf '%p %T@\n' | sort); }

test_bulletin_publish_writes_the_provider_directory() {
	year=$(date -u +%Y)
	clear=$(new "Log4Shell" clear final) && green=$(new "Green advice" green interim) &&
		amber=$(new "Amber advice" amber final) && strict=$(new "Strict" amber+strict final) &&
		red=$(new "Red" red final) && draft=$(new "Draft" clear draft) || return
	c bulletin add-cve "$draft" CVE-2021-44228 >/dev/null || fail "add-cve"
	run c bulletin publish --dir "$T/pub"
	expect_rc 0 &&
		expect_out '^white: 1 document, 1 written, 0 removed$' &&
		expect_out '^green: 1 document, 1 written, 0 removed$' &&
		expect_out '^amber: not published \(--include-amber\), 0 removed$' &&
		expect_out '^provider-metadata.json: written; 13 files written in all$' &&
		expect_out '^left out: 1 draft, 2 TLP:RED or AMBER\+STRICT, 1 TLP:AMBER$' || return
	want="green/$year/$(name "$green").json
green/$year/$(name "$green").json.sha256
green/$year/$(name "$green").json.sha512
green/changes.csv
green/csaf-feed-tlp-green.json
green/index.txt
provider-metadata.json
white/$year/$(name "$clear").json
white/$year/$(name "$clear").json.sha256
white/$year/$(name "$clear").json.sha512
white/changes.csv
white/csaf-feed-tlp-white.json
white/index.txt"
	[ "$(tree "$T/pub")" = "$want" ] || { fail "tree: $(tree "$T/pub")"; return; }
	check_dir "$T/pub" || return
	hashes_ok "$T/pub" || return
	[ "$(cat "$T/pub/white/index.txt")" = "$year/$(name "$clear").json" ] || fail "index.txt"
	grep -Eq "^\"$year/$(name "$clear")\.json\",\"$year-[0-9-]{5}T[0-9:]{8}Z\"$" "$T/pub/white/changes.csv" ||
		fail "changes.csv: $(cat "$T/pub/white/changes.csv")"
	grep -q "^[0-9a-f]\{128\}  $(name "$clear").json$" "$T/pub/white/$year/$(name "$clear").json.sha512" ||
		fail "sha512 file"
	# with --include-amber: the AMBER one, never AMBER+STRICT or RED
	run c bulletin publish --dir "$T/pub" --include-amber
	expect_rc 0 && expect_out '^amber: 1 document, 1 written, 0 removed$' &&
		expect_out '^white: 1 document, 0 written, 0 removed$' || return
	[ -f "$T/pub/amber/$year/$(name "$amber").json" ] || fail "no amber document"
	[ -f "$T/pub/amber/csaf-feed-tlp-amber.json" ] || fail "no amber feed"
	check_dir "$T/pub" || return
	hashes_ok "$T/pub" || return
	for ref in "$strict" "$red" "$draft"; do
		! grep -rq "$ref" "$T/pub" || fail "$ref is in the tree"
		! find "$T/pub" -name "$(name "$ref")*" | grep -q . || fail "$ref has a file"
	done
	[ ! -e "$T/pub/red" ] || fail "a red folder"
	# without it again, the amber folder goes
	run c bulletin publish --dir "$T/pub"
	expect_rc 0 && expect_out '^amber: not published \(--include-amber\), 1 removed$' || return
	[ ! -e "$T/pub/amber" ] || fail "amber left: $(tree "$T/pub")"
	check_dir "$T/pub" || return
	# the check itself fails on a tree that breaks a rule
	cp -r "$T/pub" "$T/bad"
	echo "$year/other.json" >>"$T/bad/white/index.txt"
	python3 "$here/../csaf/csaf_dir_check.py" "$T/bad" >/dev/null 2>&1 && fail "a wrong index.txt passes"
	rm -r "$T/bad"
	cp -r "$T/pub" "$T/bad"
	sed -i 's/"csaf"/"stix"/' "$T/bad/green/csaf-feed-tlp-green.json"
	python3 "$here/../csaf/csaf_dir_check.py" "$T/bad" >/dev/null 2>&1 && fail "a wrong feed passes"
	echo tampered >>"$T/bad/white/$year/$(name "$clear").json"
	(cd "$T/bad/white/$year" && ! sha256sum --quiet -c ./*.sha256 >/dev/null 2>&1) || fail "sha256sum passes a changed file"
}

test_bulletin_publish_is_incremental() {
	year=$(date -u +%Y)
	# two a second newer: the revision of one makes it the newest, which
	# rewrites changes.csv but not index.txt (in the order of the paths)
	one=$(new "One" clear final) && sleep 1 && two=$(new "Two" clear final) ||
		return
	run c bulletin publish --dir "$T/pub"
	expect_rc 0 || return
	before=$(stamps "$T/pub")
	sleep 1
	run c bulletin publish --dir "$T/pub"
	expect_rc 0 && expect_out '^white: 2 documents, 0 written, 0 removed$' &&
		expect_out '^provider-metadata.json: unchanged; 0 files written in all$' || return
	[ "$(stamps "$T/pub")" = "$before" ] || fail "a file was rewritten: $(stamps "$T/pub")"
	# a revision rewrites that document, its hashes, changes.csv and the feed
	c bulletin revise "$one" --summary "Fixed versions" >/dev/null &&
		c bulletin status "$one" final >/dev/null || fail "revise"
	run c bulletin publish --dir "$T/pub"
	expect_rc 0 && expect_out '^white: 2 documents, 1 written, 0 removed$' &&
		expect_out '^provider-metadata.json: unchanged; 5 files written in all$' || return
	after=$(stamps "$T/pub")
	changed=$(printf '%s\n%s\n' "$before" "$after" | sort | uniq -u | cut -d' ' -f1 | sort -u | tr '\n' ' ')
	[ "$changed" = "./white/$year/$(name "$one").json ./white/$year/$(name "$one").json.sha256 ./white/$year/$(name "$one").json.sha512 ./white/changes.csv ./white/csaf-feed-tlp-white.json " ] ||
		fail "changed: $changed"
	check_dir "$T/pub" || return
	hashes_ok "$T/pub" || return
	head -n1 "$T/pub/white/changes.csv" | grep -q "^\"$year/$(name "$one").json\"" ||
		fail "changes.csv not newest first: $(cat "$T/pub/white/changes.csv")"
	[ "$(python3 -c "
import json, sys
f = json.load(open(sys.argv[1]))['feed']
d = json.load(open(sys.argv[2]))['document']['tracking']
e = [x for x in f['entry'] if x['id'] == sys.argv[3]][0]
print(e['updated'] == d['current_release_date'] != e['published'], d['version'])" \
		"$T/pub/white/csaf-feed-tlp-white.json" "$T/pub/white/$year/$(name "$one").json" "$one")" = "True 2" ] ||
		fail "feed entry not updated"
	# no temporary file left behind
	! find "$T/pub" -name '.*' | grep -q . || fail "temporary files: $(find "$T/pub" -name '.*')"
}

test_bulletin_publish_takes_out_what_leaves() {
	year=$(date -u +%Y)
	keep=$(new "Keep" clear final) && going=$(new "Going red" green final) &&
		gone=$(new "Deleted" clear final) || return
	run c bulletin publish --dir "$T/pub"
	expect_rc 0 || return
	# what is not Centinela's stays; a stray document in a year folder goes
	echo "Options +Indexes" >"$T/pub/white/.htaccess"
	echo keep >"$T/pub/white/README"
	echo '{}' >"$T/pub/white/$year/stray-0001.json"
	c bulletin revise "$going" --summary "Restricted" >/dev/null &&
		c bulletin set "$going" tlp=red >/dev/null || fail "to red"
	sql "$T/data/centinela/cache.db" "DELETE FROM bulletin WHERE reference = '$gone'"
	run c bulletin publish --dir "$T/pub"
	expect_rc 0 && expect_out '^white: 1 document, 0 written, 2 removed$' &&
		expect_out '^green: 0 documents, 0 written, 1 removed$' || return
	[ "$(tree "$T/pub/white")" = ".htaccess
$year/$(name "$keep").json
$year/$(name "$keep").json.sha256
$year/$(name "$keep").json.sha512
README
changes.csv
csaf-feed-tlp-white.json
index.txt" ] || fail "white: $(tree "$T/pub/white")"
	[ "$(tree "$T/pub/green")" = "changes.csv
csaf-feed-tlp-green.json
index.txt" ] || fail "green: $(tree "$T/pub/green")"
	[ ! -s "$T/pub/green/index.txt" ] && [ ! -s "$T/pub/green/changes.csv" ] || fail "green lists not empty"
	! grep -q "$going\|$gone" "$T/pub/white/csaf-feed-tlp-white.json" "$T/pub/green/csaf-feed-tlp-green.json" ||
		fail "feeds still list them"
	rm "$T/pub/white/.htaccess" "$T/pub/white/README"
	check_dir "$T/pub" || return
}

test_bulletin_publish_refusals() {
	new "One" clear final >/dev/null || return
	run c bulletin publish
	expect_rc 2 && expect_err 'publish where\? usage: centinela bulletin publish --dir DIR' || return
	run c bulletin publish --dir "$T/pub" --colour red
	expect_rc 2 && expect_err "unexpected '--colour'" || return
	run "$CENTINELA" -c 'set bulletin.publisher X' -c 'set bulletin.namespace https://x.mx' bulletin publish --dir "$T/pub"
	expect_rc 1 && expect_err 'needs the URL it is served at: set bulletin.base-url' || return
	run "$CENTINELA" bulletin publish --dir "$T/pub" --base-url https://x.mx
	expect_rc 1 && expect_err 'needs its publisher: set bulletin.publisher NAME' || return
	run c bulletin publish --dir "$T/pub" --base-url http://csirt.example.mx
	expect_rc 1 && expect_err "bad base URL 'http://csirt.example.mx'.*use https" || return
	run c -c 'set bulletin.base-url ftp://x' bulletin publish --dir "$T/pub"
	expect_rc 2 && expect_err "invalid value for 'bulletin.base-url'" || return
	[ ! -e "$T/pub" ] || fail "a refused publish made the folder"
	# an unwritable DIR
	: >"$T/file"
	run c bulletin publish --dir "$T/file/pub"
	expect_rc 4 && expect_err "cannot publish to '$T/file/pub'.*cannot create folder" || return
	if [ "$(id -u)" != 0 ]; then
		mkdir "$T/ro" && chmod 555 "$T/ro"
		run c bulletin publish --dir "$T/ro"
		expect_rc 4 && expect_err "cannot write in '$T/ro'" || return
	fi
	# a loopback http URL (a test server) is accepted
	run c bulletin publish --dir "$T/pub" --base-url http://127.0.0.1:8080/csaf/
	expect_rc 0 || return
	grep -q '"canonical_url": "http://127.0.0.1:8080/csaf/provider-metadata.json"' "$T/pub/provider-metadata.json" ||
		fail "canonical_url: $(cat "$T/pub/provider-metadata.json")"
	# a bulletin that cannot make a valid document (a server's row with a
	# reference that is no reference) stops the publish before any write
	two=$(new "Two" green final) || return
	before=$(stamps "$T/pub")
	sql "$T/data/centinela/cache.db" "UPDATE bulletin SET reference = 'MX-SA-2026-0009/../../x' WHERE reference = '$two'"
	run c bulletin publish --dir "$T/pub" --base-url http://127.0.0.1:8080/csaf/
	expect_rc 1 && expect_err "cannot publish 'MX-SA-2026-0009/\.\./\.\./x': bulletin reference" || return
	[ "$(stamps "$T/pub")" = "$before" ] || fail "the tree changed: $(stamps "$T/pub")"
	[ ! -e "$T/x" ] && [ ! -e "$T/pub/x" ] || fail "a file outside"
}
