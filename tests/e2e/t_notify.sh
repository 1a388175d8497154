# Notifications of new alerts against contrib/central-sim: the message
# line, and notify.program given the new alerts at or above notify.severity
# and at or below notify.max-tlp as sanitized JSON lines; a failing or
# missing program is reported and the console goes on.

# sim_start, sim_stop, sim_post, live, wait_long, expect_long, sql
. "$here/t_sync.sh"

# sim_new: one new alert at the simulator; prints its id.
sim_new() {
	python3 - "http://127.0.0.1:$PORT/_sim/generate" <<'EOF'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=b'{"alerts": 1}',
                             headers={"Content-Type": "application/json"})
print(json.loads(urllib.request.urlopen(req, timeout=5).read())["created"][0])
EOF
}

# sim_alert SEVERITY TLP TITLE: a new alert so made; prints its id.
sim_alert() {
	id=$(sim_new) || return 1
	python3 - "http://127.0.0.1:$PORT/_sim/edit" "$id" "$1" "$2" "$3" <<'EOF'
import json, sys, urllib.request
body = {"resource": "alerts", "id": sys.argv[2],
        "changes": {"severity": sys.argv[3], "tlp": sys.argv[4],
                    "title": json.loads('"%s"' % sys.argv[5])}}
req = urllib.request.Request(sys.argv[1], data=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=5).read()
EOF
	echo "$id"
}

# notify_config LINE...: the source line of sim_start, then LINEs.
notify_config() {
	cfg="$XDG_CONFIG_HOME/centinela/config"
	head -n 1 "$cfg" >"$cfg.new"
	for l in "$@"; do
		printf '%s\n' "$l" >>"$cfg.new"
	done
	mv "$cfg.new" "$cfg"
}

# first_sync: the simulator's seed into the cache, before the console.
first_sync() {
	"$CENTINELA" --create --db "$T/cache.db" sync >"$T/sync.out" 2>&1 ||
		fail "first sync: $(cat "$T/sync.out")"
}

test_e2e_notify_program_gets_new_alerts_at_threshold_under_tlp_cap() {
	sim_start || return
	first_sync
	cat >"$T/notify.sh" <<EOF
cat >>"$T/got.jsonl"
echo run >>"$T/runs"
EOF
	notify_config 'set notify.severity high' 'set notify.max-tlp amber' \
		"set notify-program \"sh $T/notify.sh\""
	# the escape sequence and the bell are given as JSON escapes
	crit=$(sim_alert critical amber 'Ransomware \u001b[31mon SCADA\u0007 host')
	red=$(sim_alert high red 'Red-only intrusion')
	low=$(sim_alert low clear 'Low port scan')
	clear=$(sim_alert high clear 'Defacement of a ministry site')
	live
	expect_long "3 new alerts ≥ high: \\[critical\\] Ransomware \\^\\[\\[31mon SCADA\\^G host" 8
	got_run() { [ -s "$T/runs" ]; }
	poll got_run || fail "the notify program did not run"
	sleep 0.3
	[ "$(wc -l <"$T/runs")" = 1 ] || fail "the program ran $(wc -l <"$T/runs") times"
	[ "$(wc -l <"$T/got.jsonl")" = 2 ] ||
		fail "the program got $(wc -l <"$T/got.jsonl") lines: $(cat "$T/got.jsonl")"
	python3 - "$T/got.jsonl" "$crit" "$clear" <<'EOF' || fail "wrong JSON lines: $(cat "$T/got.jsonl")"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
objs = [json.loads(l) for l in lines]
assert [o["remote_id"] for o in objs] == [sys.argv[2], sys.argv[3]], objs
assert objs[0]["title"] == "Ransomware ^[[31mon SCADA^G host", objs[0]
assert objs[0]["severity"] == "critical" and objs[0]["tlp"] == "amber"
assert objs[1]["tlp"] == "clear" and objs[1]["severity"] == "high"
for o in objs:
    for k, v in o.items():
        if isinstance(v, str):
            assert all(ord(c) >= 0x20 and ord(c) != 0x7f for c in v), (k, v)
assert "raw_json" not in objs[0]
EOF
	grep -q "$red" "$T/got.jsonl" && fail "a TLP:RED alert reached the program"
	grep -q "$low" "$T/got.jsonl" && fail "a low alert reached the program"
	# nothing is told again on a restart
	keys Q
	expect 'EXITED 0'
	stop
	TMUX_SOCK="${TMUX_SOCK}-again"
	live
	expect_long 'central: online' 6
	sleep 1
	[ "$(wc -l <"$T/runs")" = 1 ] || fail "the program ran again on restart"
	expect_not 'central: online' 'new alerts? ≥'
	sim_stop
}

test_e2e_notify_first_sync_capped_runs_and_a_failure_is_shown() {
	sim_start || return
	notify_config 'set notify.severity critical' 'set notify.bell on' \
		'set notify.flash on' \
		"set notify.program \"sh -c 'cat >>$T/all.jsonl; echo run >>$T/runs; echo boom >&2; exit 3'\""
	live
	# an empty cache: the whole seed arrives, page after page. The count
	# of new alerts is on the message line only until the failing run is
	# reaped, a few ms later (the count is checked in
	# test_e2e_notify_program_gets_new_alerts_at_threshold_under_tlp_cap):
	# wait for the run
	i=0
	while [ ! -s "$T/runs" ] && [ $i -lt 80 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$T/runs" ] || fail "notify.program did not run within 8 s"
	expect_long "notify.program 'sh' failed with exit status 3: boom" 6
	expect_long 'alerts \(1500\)' 6
	sleep 1
	runs=$(wc -l <"$T/runs")
	n=$(wc -l <"$T/all.jsonl")
	# a run every 5 s at most, 100 alerts each at most
	[ "$runs" -ge 1 ] && [ "$runs" -le 3 ] || fail "$runs runs"
	[ "$n" -gt 0 ] && [ "$n" -le $((runs * 100)) ] ||
		fail "$runs runs got $n alerts"
	python3 - "$T/all.jsonl" <<'EOF' || fail "the runs got alerts they should not"
import json, sys
seen = set()
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    assert o["severity"] == "critical", o
    assert o["tlp"] in ("clear", "green", "amber"), o
    assert o["id"] not in seen, o
    seen.add(o["id"])
EOF
	# still usable
	keys 2
	expect_long 'alerts \(1500\)' 6
	# any severity and TLP: the alert is pulled before it is edited
	keys : 'set notify.severity info' Enter
	keys : 'set notify.max-tlp red' Enter
	keys : 'set notify.program /nonexistent/notifier' Enter
	sim_alert critical green 'After the fix' >/dev/null
	expect_long "cannot run notify.program '/nonexistent/notifier': No such file or directory" 8
	expect 'alerts \(1501\)'
	sim_stop
}

test_e2e_notify_settings_are_checked() {
	start
	keys : 'set notify.severity urgent' Enter
	expect "invalid value for 'notify.severity': 'urgent' \(expected info, low, medium, high or critical\)"
	keys : 'set notify.max-tlp purple' Enter
	expect "invalid value for 'notify.max-tlp': 'purple'"
	keys : "set notify.program \"sh 'x\"" Enter
	expect "invalid value for 'notify.program': column 4: unterminated single quote"
	keys : 'set notify.max-tlp amber+strict'
	expect ':set notify.max-tlp amber\+strict$'
	keys Enter
	expect_quiet "invalid value for 'notify.max-tlp': 'amber"
}
