# Large filters: a filter of every kind of term works up to the documented
# size (2000 terms, 10000 values; centinelarc(5), FILTER LANGUAGE) and
# matches what the same conditions match in SQL, and a larger one is a
# usage error that says the limit, never SQLite's "Expression tree is too
# large" (a 1000-term filter used to fail with it and exit 4).

db() { echo "$T/data/centinela/cache.db"; }

setup_size() {
	"$CENTINELA" demo-data --scale 0.02 --seed 7 \
		--now 2026-11-29T03:00:00Z >/dev/null 2>&1 || fail "demo-data"
}

# terms KIND N: a filter of N terms of KIND, one argument per term.
terms() {
	python3 - "$1" "$2" >"$T/filter" <<'EOF'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
ip = lambda i: "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
make = {
    # field terms, distinct values (an address no alert has)
    "field": lambda i: "!ip:" + ip(i),
    # the same field term again and again
    "same": lambda i: "severity>=low",
    # lists of several values
    "list": lambda i: "status:new,acknowledged,promoted",
    "taxonomy": lambda i: "taxonomy:malicious-code,other,fraud/phishing",
    # negations of field terms
    "negation": lambda i: "!status:dismissed",
    # bare words (prefixes), and negated ones no alert has
    "word": lambda i: ["a*", "de*", "s*"][i % 3],
    "words": lambda i: "zzq%d" % i,
    "notword": lambda i: "!zzq%d" % i,
}[kind]
print("\n".join(make(i) for i in range(n)))
EOF
}

# count_with KIND N: `list alerts --count` over the filter; sets rc, out.
count_with() {
	terms "$1" "$2"
	# shellcheck disable=SC2046
	IFS='
'
	set -- $(cat "$T/filter")
	unset IFS
	run "$CENTINELA" list alerts "$@" --count
}

test_filter_size_every_kind_at_1000_and_2000_terms() {
	setup_size
	all=$(sql "$(db)" "SELECT count(*) FROM alert")
	not_dismissed=$(sql "$(db)" "SELECT count(*) FROM alert WHERE status <> 'dismissed'")
	low=$(sql "$(db)" "SELECT count(*) FROM alert WHERE severity >= 2")
	listed=$(sql "$(db)" "SELECT count(*) FROM alert WHERE status IN ('new', 'acknowledged', 'promoted')")
	tax=$(sql "$(db)" "SELECT count(*) FROM alert WHERE taxonomy_class IN ('malicious-code', 'other') OR (taxonomy_class = 'fraud' AND taxonomy_type = 'phishing')")
	words=$(sql "$(db)" "SELECT count(*) FROM alert_fts WHERE alert_fts MATCH 'a* AND de* AND s*'")
	[ "$words" -gt 0 ] || fail "no alert has the words"
	for n in 1000 2000; do
		for kw in "field $all" "same $low" "list $listed" \
			"taxonomy $tax" "negation $not_dismissed" "word $words" \
			"words 0" "notword $all"; do
			set -- $kw
			count_with "$1" "$n"
			expect_rc 0 || { fail "$1 x $n"; continue; }
			[ "$(cat "$T/out")" = "$2" ] ||
				fail "$1 x $n: counted $(cat "$T/out"), SQL says $2"
			if grep -q 'too large\|depth' "$T/err"; then
				fail "$1 x $n: $(cat "$T/err")"
			fi
		done
	done
	# a page (its own query shape) of the largest
	count_with field 2000
	set -- $(cat "$T/filter")
	run "$CENTINELA" list alerts "$@" --limit 5 --format csv
	expect_rc 0 || return
	[ "$(wc -l <"$T/out")" = 6 ] || fail "page of 5: $(wc -l <"$T/out") lines"
	# negated words on a page (probed per row, not counted)
	run "$CENTINELA" list alerts $(python3 -c 'print(" ".join("!zzq%d" % i for i in range(2000)))') --limit 3 --format csv
	expect_rc 0 || return
	[ "$(wc -l <"$T/out")" = 4 ] || fail "page of 3: $(wc -l <"$T/out") lines"
}

test_filter_size_lists_of_10000_values() {
	setup_size
	all=$(sql "$(db)" "SELECT count(*) FROM alert")
	ips=$(python3 -c 'print(",".join("10.%d.%d.1" % (i // 256, i % 256) for i in range(10000)))')
	run "$CENTINELA" list alerts "!ip:$ips" --count
	expect_rc 0 && [ "$(cat "$T/out")" = "$all" ] || fail "!ip: of 10000: $(cat "$T/out")"
	run "$CENTINELA" list alerts "ip:$ips" --count
	expect_rc 0 && [ "$(cat "$T/out")" = 0 ] || fail "ip: of 10000: $(cat "$T/out")"
	tax=$(python3 -c 'print(",".join(["malicious-code/c2-server", "other", "fraud"] * 3333))')
	want=$(sql "$(db)" "SELECT count(*) FROM alert WHERE taxonomy_class IN ('other', 'fraud') OR (taxonomy_class = 'malicious-code' AND taxonomy_type = 'c2-server')")
	run "$CENTINELA" list alerts "taxonomy:$tax" --count
	expect_rc 0 && [ "$(cat "$T/out")" = "$want" ] || fail "taxonomy: of 9999: $(cat "$T/out"), SQL $want"
	run "$CENTINELA" list incidents "sla:$(python3 -c 'print(",".join(["breached", "near"] * 5000))')" --count
	expect_rc 0 || return
	run "$CENTINELA" list alerts "ip:$ips,10.99.99.99" --count
	expect_rc 2 && expect_err 'a filter holds at most 2000 terms and 10000 values' || return
	grep -q '10\.0\.0\.1' "$T/err" && fail "the giant filter was echoed"
}

test_filter_size_10000_terms_is_a_usage_error() {
	setup_size
	for kind in field same list taxonomy negation word words notword; do
		count_with "$kind" 10000
		expect_rc 2 && expect_err "filter of [0-9]+ bytes: column [0-9]+: a filter holds at most 2000 terms and 10000 values in all" ||
			fail "$kind x 10000"
	done
	count_with field 2001
	expect_rc 2 && expect_err 'at most 2000 terms' || return
	# the limit is the filter's own, whatever the words are
	run "$CENTINELA" list organizations $(python3 -c 'print(" ".join("w%d" % i for i in range(2001)))') --count
	expect_rc 2 && expect_err 'at most 2000 terms'
}
