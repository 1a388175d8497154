# Usage errors: every wrong argument, option, filter, sort, page key,
# duration or -c command exits 2 (centinela(1), EXIT STATUS), with a
# message on standard error and nothing on standard output; a refusal of a
# well-formed command (a move the workflow forbids) stays 1.

db() { echo "$T/data/centinela/cache.db"; }

# check_usage ARGS...: ARGS exits 2, naming $want, writing no output.
check_usage() {
	run "$CENTINELA" "$@"
	[ "$rc" = 2 ] || fail "'$args': exit $rc, wanted 2"
	grep -Eq -- "$want" "$T/err" || fail "'$args': stderr lacks /$want/"
	[ ! -s "$T/out" ] || fail "'$args' wrote to standard output"
}

test_usage_errors_exit_2() {
	"$CENTINELA" demo-data --scale 0.01 --seed 3 \
		--now 2026-11-29T03:00:00Z >/dev/null 2>&1 || fail "demo-data"
	ref=$(sql "$(db)" "SELECT reference FROM incident WHERE status = 'new' ORDER BY id LIMIT 1")
	# ARGS | what standard error names
	each_case check_usage <<EOF
list incidents foo:bar|unknown field 'foo' for incidents
list incidents 'age<xyz'|'age' takes a duration
list incidents 'due<soon'|'due' takes a duration
list incidents 'age<99999999999d'|'age' takes a duration up to 36500d
list incidents --sort bogus|cannot sort incidents by 'bogus'
list incidents '"unterminated'|unterminated quote
list incidents 'severity>='|column 11: expected a value
list incidents severity:hgih|unknown severity 'hgih'
list incidents 'status<nope'|unknown status 'nope'
list incidents 'priority:9'|'priority' takes a whole number from 1 to 4
list incidents 'sla:soon'|unknown SLA state 'soon'
list incidents 'category:nope'|unknown taxonomy class 'nope'
list incidents 'sector:mars'|unknown sector 'mars'
list incidents 'title<x'|unknown field 'title'
list incidents 'sector<energy'|'sector' takes ':' or '!='
list incidents 'age:1h'|'age' takes '<', '<=', '>' or '>='
list incidents OR|'OR' is not supported

list alerts 'severity>high,low'|a list of values needs
list assets --sort name --after n:1:2|page key does not fit the sort
list assets --after garbage|malformed page key
list incidents --limit 0|--limit wants a whole number
list incidents --format xml|unknown format 'xml'
list incidents --bogus|unknown option '--bogus'
list widgets|list what\\?
show banana|cannot tell what 'banana' is
show $ref --format xml|unknown format 'xml'
incident set $ref severity=hgih|unknown severity 'hgih'
incident set $ref priority=9|priority wants 1 \\(highest\\) to 4
incident set $ref tlp=purple|unknown tlp 'purple'
incident set $ref pap=purple|unknown pap 'purple'
incident set $ref status=sideways|unknown status 'sideways'
incident set $ref category=intrusoins|unknown RSIT class 'intrusoins'
incident set $ref title=|the title cannot be empty
incident set $ref colour=red|unknown field 'colour'
incident create --title T --category nope --severity low|unknown RSIT class 'nope'
incident create --title T --category other --severity hgih|unknown severity 'hgih'
incident note $ref ''|the note is empty
incident frob|unknown incident action 'frob'
alert ack x|'x' is not an alert id
alert dismiss 1|dismissing needs a reason
alert frob 1|unknown alert action 'frob'
handover --since 99999999999d|--since .*36500d
handover --since xyz|--since wants a duration
handover --now yesterday|--now wants an ISO 8601 time
dashboard --top x|--top wants a whole number
demo-data --scale 0|--scale wants a number
import widgets x.csv|widgets
db frob|usage: centinela db check
audit frob|usage: centinela audit
-c 'set colour red' list incidents|colour
-c 'set default-limit 0' list incidents|default-limit
-c 'set sla.high.response 99999999999d' list incidents|sla.high.response
-c 'frobnicate' list incidents|frobnicate
--bogus list incidents|option '--bogus' is unknown
-c 'set notify.severity info'|the console needs a terminal
frobnicate|unknown subcommand 'frobnicate'
EOF
	[ "$n" -ge 50 ] || fail "only $n cases ran"
}

# A well-formed command the workflow refuses is not a usage error.
test_usage_refusals_stay_1() {
	"$CENTINELA" demo-data --scale 0.01 --seed 3 \
		--now 2026-11-29T03:00:00Z >/dev/null 2>&1 || fail "demo-data"
	ref=$(sql "$(db)" "SELECT reference FROM incident WHERE status = 'new' ORDER BY id LIMIT 1")
	run "$CENTINELA" incident set "$ref" status=resolved
	expect_rc 1 && expect_err "cannot move $ref from 'new' to 'resolved'"
}
