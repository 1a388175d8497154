# The console live against contrib/central-sim on a random loopback port:
# the status bar, lists filling and growing without a key, an outage and
# back, conflicts settled from the conflicts view, read-only.

SIM_PID=

# sim_start: the simulator on 127.0.0.1:0 (small seed, and $SIM_ARGS) and
# a config file with a source for it; $PORT is its port.
sim_start() {
	"$here/../../contrib/central-sim/central-sim" --listen 127.0.0.1:0 \
		--port-file "$T/port" --state "$T/sim" --seed 3 ${SIM_ARGS:-} \
		2>"$T/sim.log" &
	SIM_PID=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$T/port" ] || {
		fail "the simulator did not start"
		return 1
	}
	PORT=$(cat "$T/port")
	mkdir -p "$XDG_CONFIG_HOME/centinela"
	echo "source central centinela url=http://127.0.0.1:$PORT interval=5s wait=2s" \
		>"$XDG_CONFIG_HOME/centinela/config"
}

sim_stop() {
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	SIM_PID=
	true
}

# sim_post PATH JSON: a control request to the simulator.
sim_post() {
	python3 - "http://127.0.0.1:$PORT$1" "$2" <<'EOF'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(),
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=5).read()
EOF
}

# live [W H]: the console on $T/cache.db (empty unless a test filled it).
live() {
	tm new-session -d -x "${1:-100}" -y "${2:-30}" \
		"'$CENTINELA' --create --db '$T/cache.db' ${ARGS:-} 2>'$T/stderr'; echo EXITED \$?; sleep 30"
}

# wait_long REGEX SECONDS: poll the screen that long.
wait_long() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		screen_has "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

expect_long() {
	wait_long "$1" "$2" || fail "screen lacks /$1/ after $2 s"
}

# sql QUERY: one value from the cache.
sql() {
	python3 - "$T/cache.db" "$1" <<'EOF'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
print(row[0] if row else "")
EOF
}

# pulled: a first pull into the cache, then the console closed.
pulled() {
	live
	expect_long 'central: online' 6
	expect_long 'incidents \(60\)' 6
	keys Q
	expect 'EXITED 0'
	stop
	TMUX_SOCK="${TMUX_SOCK}-again"
}

# conflicted REF: REF set to triage here while the server moved it on.
conflicted() {
	"$CENTINELA" --db "$T/cache.db" incident set "$1" status=triage \
		>/dev/null || fail "incident set $1 failed"
	rid=$(sql "SELECT remote_id FROM incident WHERE reference = '$1'")
	sim_post /_sim/edit "{\"resource\": \"incidents\", \"id\": \"$rid\", \"changes\": {\"status\": \"in_progress\", \"assignee\": \"lucia.torres\"}}"
}

test_e2e_sync_lists_fill_and_grow_live() {
	sim_start || return
	live
	expect_long 'central: online (now|[0-9]+s)' 6
	expect '│ outbox 0 │ conflicts 0'
	expect_long 'incidents \(60\)' 6
	expect 'MX-2026-000[0-9][0-9]'
	keys 2
	expect_long 'alerts \(1500\)' 6
	head=$(screen | sed -n 3p)
	sim_post /_sim/generate '{"alerts": 5}'
	# no key pressed: the long poll brings them, the head stays in view
	expect_long 'alerts \(1505\)' 6
	wait_long_changed() {
		[ "$(screen | sed -n 3p)" != "$head" ] &&
			screen | sed -n 8p | grep -qF -- "$head"
	}
	poll wait_long_changed || fail "the new alerts are not at the head"
	sim_stop
}

# Batch after batch of live alerts with the selection on the first row:
# every new row comes into view above it, and the selection stays on its
# alert; moved off the head, the selected row keeps its line.
test_e2e_sync_live_batches_stay_in_view() {
	sim_start || return
	live
	expect_long 'central: online' 6
	keys 2
	expect_long 'alerts \(1500\)' 6
	head=$(screen | sed -n 3p)
	keys Enter
	expect 'Event hash'
	hash=$(screen | grep -m 1 'Event hash')
	keys q
	expect 'TIME +SEVERITY'
	total=1500 arrived=0
	for n in 5 3 2; do
		sim_post /_sim/generate "{\"alerts\": $n}"
		total=$((total + n)) arrived=$((arrived + n))
		expect_long "alerts \\($total\\)" 6
		at_line() {
			screen | sed -n "$((3 + arrived))p" | grep -qF -- "$head"
		}
		poll at_line ||
			fail "after $arrived new alerts the first row is not on line $((3 + arrived))"
	done
	keys Enter
	expect 'Event hash'
	[ "$(screen | grep -m 1 'Event hash')" = "$hash" ] ||
		fail "the selection moved off its alert"
	keys q
	expect 'TIME +SEVERITY'
	# off the head: the selected row keeps its line
	keys g j j
	sleep 0.3
	row=$(screen | sed -n 5p)
	sim_post /_sim/generate '{"alerts": 4}'
	expect_long "alerts \\($((total + 4))\\)" 6
	sleep 0.3
	[ "$(screen | sed -n 5p)" = "$row" ] ||
		fail "the selected row left its line"
	sim_stop
}

test_e2e_sync_outage_offline_and_back() {
	sim_start || return
	live
	expect_long 'central: online' 6
	sim_post /_sim/restart '{"down_seconds": 8}'
	expect_long 'central: offline \(refused' 5
	expect_long 'central: online' 16
	sim_stop
}

test_e2e_sync_conflict_take_server() {
	sim_start || return
	pulled
	ref=$(sql "SELECT reference FROM incident WHERE status = 'new' ORDER BY reference LIMIT 1")
	conflicted "$ref"
	live
	expect_long '6 conflicts \(1\)' 8
	expect 'conflicts 1'
	keys 6
	expect "$ref +update .*412"
	keys Enter
	expect 'Yours \(made on version'
	expect 'Server \(version'
	expect '"assignee": "lucia.torres"'
	keys t
	expect "conflict [0-9]+ settled: the server's record taken"
	expect 'conflicts 0'
	expect 'no conflicts'
	[ "$(sql "SELECT status || ' ' || local_state FROM incident WHERE reference = '$ref'")" = "in_progress synced" ] ||
		fail "the server's incident was not taken"
	"$CENTINELA" --db "$T/cache.db" audit verify >/dev/null ||
		fail "audit chain broken"
	sim_stop
}

test_e2e_sync_conflict_keep_mine_is_sent_again() {
	sim_start || return
	pulled
	ref=$(sql "SELECT reference FROM incident WHERE status = 'new' ORDER BY reference LIMIT 1")
	conflicted "$ref"
	live
	expect_long '6 conflicts \(1\)' 8
	keys 6
	expect "$ref +update"
	keys m
	expect "settled: your change will be sent again"
	# replayed at once (kick) with a new key on the server's version
	expect_long 'outbox 0 │ conflicts 0' 6
	done_state() {
		[ "$(sql "SELECT state FROM outbox ORDER BY id DESC LIMIT 1")" = done ]
	}
	poll done_state || fail "the kept change was not accepted"
	[ "$(sql "SELECT status FROM incident WHERE reference = '$ref'")" = triage ] ||
		fail "the incident lost the analyst's status"
	sim_stop
}

# An edit the server refuses: the status bar counts it, the outbox tab
# shows it with the server's message and the note held behind it, and R
# sends it again.
test_e2e_sync_failed_entry_outbox_view_retry() {
	sim_start || return
	pulled
	ref=$(sql "SELECT reference FROM incident WHERE status = 'new' ORDER BY reference LIMIT 1")
	sim_post /_sim/faults '{"rules": [{"path": "/api/v1/incidents/", "method": "PATCH", "status": 422, "message": "no analyst nobody here", "count": 1}]}'
	"$CENTINELA" --db "$T/cache.db" incident set "$ref" assignee=nobody \
		>/dev/null || fail "incident set failed"
	"$CENTINELA" --db "$T/cache.db" incident note "$ref" "held note" \
		>/dev/null || fail "incident note failed"
	live
	expect_long 'outbox 2, 1 failed' 8
	expect_long '6 outbox \(2\)' 4
	keys 6
	expect "failed +$ref +update .*you: R or X .*422"
	expect "held +$ref +add_note .*entry [0-9]+"
	keys Enter
	expect 'The server refused this edit'
	keys q R
	expect "outbox entry [0-9]+ will be sent again"
	expect_long 'outbox 0 │ conflicts 0' 8
	[ "$(sql "SELECT group_concat(state) FROM outbox")" = "done,done" ] ||
		fail "outbox: $(sql "SELECT group_concat(state) FROM outbox")"
	sim_stop
}

test_e2e_sync_readonly_does_not_sync() {
	mkdir -p "$XDG_CONFIG_HOME/centinela"
	echo "source central centinela url=http://127.0.0.1:9 interval=5s" \
		>"$XDG_CONFIG_HOME/centinela/config"
	demo_cache
	ARGS=--readonly live
	expect 'read-only: not syncing'
	expect_not 'outbox 0 │ conflicts 0' 'central: '
}

# Two consoles syncing one cache, a `centinela sync` and CLI edits beside
# them, while the server makes alerts fast: nobody sees "locked".
test_e2e_sync_two_consoles_and_cli_never_locked() {
	sim_start || return
	echo "source central centinela url=http://127.0.0.1:$PORT interval=5s wait=1s page-size=100" \
		>"$XDG_CONFIG_HOME/centinela/config"
	"$CENTINELA" --create --db "$T/cache.db" sync >"$T/sync.out" 2>&1 ||
		fail "first sync: $(cat "$T/sync.out")"
	live 100 30
	tm new-session -d -s second -x 100 -y 30 \
		"'$CENTINELA' --db '$T/cache.db' 2>'$T/stderr2'; echo EXITED \$?; sleep 30"
	expect_long 'central: online' 6
	refs=$(python3 - "$T/cache.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(" ".join(r[0] for r in db.execute(
    "SELECT reference FROM incident WHERE source = 'central' "
    "AND status NOT IN ('closed') ORDER BY reference LIMIT 6")))
PY
)
	round=0
	for ref in $refs; do
		round=$((round + 1))
		sim_post /_sim/generate '{"alerts": 150}'
		"$CENTINELA" --db "$T/cache.db" sync >"$T/sync.out" 2>&1 ||
			fail "sync $round: $(cat "$T/sync.out")"
		"$CENTINELA" --db "$T/cache.db" incident note "$ref" \
			"round $round" >"$T/edit.out" 2>&1 ||
			fail "edit $round: $(cat "$T/edit.out")"
		for s in 0 second; do
			tm capture-pane -p -t "$s" >"$T/screen.$s"
			! grep -qi 'locked\|busy' "$T/screen.$s" ||
				fail "console $s: $(grep -i 'locked\|busy' "$T/screen.$s")"
		done
		! grep -qi 'locked\|busy' "$T/sync.out" "$T/edit.out" ||
			fail "CLI: $(cat "$T/sync.out" "$T/edit.out")"
	done
	[ "$round" -ge 5 ] || fail "only $round rounds"
	# both consoles end with every alert the server has
	want=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('http://127.0.0.1:$PORT/_sim/stats'))['counts']['alerts'])")
	keys 2
	expect_long "alerts \\($want\\)" 20
	! grep -qi 'locked\|busy' "$T/stderr" "$T/stderr2" ||
		fail "stderr: $(cat "$T/stderr" "$T/stderr2")"
	"$CENTINELA" --db "$T/cache.db" db check >"$T/check.out" 2>&1 ||
		fail "db check: $(cat "$T/check.out")"
	sim_stop
}

# A 429 with Retry-After: the console says so and asks nothing more
# until then, though its interval and long-poll would ask sooner.
test_e2e_sync_honours_retry_after() {
	sim_start || return
	echo "source central centinela url=http://127.0.0.1:$PORT interval=5s wait=1s" \
		>"$XDG_CONFIG_HOME/centinela/config"
	live
	expect_long 'central: online' 6
	sim_post /_sim/faults '{"rules": [{"path": "*", "status": 429, "retry_after": 12}]}'
	expect_long 'central: offline \(HTTP 429' 8
	expect 'until [0-9][0-9]:[0-9][0-9]'
	requests() {
		python3 -c "import json,urllib.request; print(sum(json.load(urllib.request.urlopen('http://127.0.0.1:$PORT/_sim/stats'))['requests'].values()))"
	}
	sleep 1
	n0=$(requests)
	sleep 7
	n1=$(requests)
	[ "$n1" = "$n0" ] || fail "asked $((n1 - n0)) times within the Retry-After"
	sim_post /_sim/faults '{"rules": []}'
	expect_long 'central: online' 15
	sim_stop
}

# kev_catalog OUT [CVE]: the KEV fixture as the simulator serves it, to
# OUT, with an entry for CVE added (a later catalog version) when given.
kev_catalog() {
	python3 - "$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities.json" "$@" <<'EOF'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
doc = json.load(open(src, encoding="utf-8"))
if len(sys.argv) > 3:
    doc["vulnerabilities"].insert(0, {
        "cveID": sys.argv[3], "vendorProject": "Palo Alto Networks",
        "product": "PAN-OS", "vulnerabilityName": "PAN-OS Test Entry",
        "dateAdded": "2026-12-01", "shortDescription": "Added live.",
        "requiredAction": "Apply updates.", "dueDate": "2026-12-22",
        "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": []})
    doc["count"] = len(doc["vulnerabilities"])
    doc["catalogVersion"] = "2026.12.01"
tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8") as fh:
    json.dump(doc, fh)
os.replace(tmp, out)
EOF
}

# A KEV entry arrives while the console is open: the CVE (its NVD
# configurations imported) already exposes an asset of criticality 5, so the
# console's pull of the catalog raises the exposure alert, and the alerts
# tab shows it without a key. (Further checks of the same console, such as
# the CVE's page listing the affected assets, go after the last step.)
test_e2e_sync_kev_entry_raises_exposure_alert() {
	nvd="$CENTINELA_FIXTURES/nvd/api2_responses/nvdlib_search_full_page.json"
	if [ ! -f "$nvd" ] ||
		[ ! -f "$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities.json" ]; then
		if [ -n "${CI:-}" ]; then
			fail "skipped under CI: no KEV or NVD fixtures in $CENTINELA_FIXTURES"
		else
			echo "SKIP $name: no KEV or NVD fixtures in $CENTINELA_FIXTURES"
		fi
		return
	fi
	kev_catalog "$T/kev.json" || { fail "cannot write the catalog"; return; }
	SIM_ARGS="--kev $T/kev.json" sim_start || return
	echo "source kev kev url=http://127.0.0.1:$PORT/sites/default/files/feeds/known_exploited_vulnerabilities.json interval=5s" \
		>>"$XDG_CONFIG_HOME/centinela/config"
	db="--db $T/cache.db"
	"$CENTINELA" --create $db sync >"$T/sync.out" 2>&1 ||
		{ fail "first sync: $(cat "$T/sync.out")"; return; }
	# the CVE's configurations (CVE-2022-0011: PAN-OS up to 9.0.15, not in
	# KEV) and a firewall of criticality 5 on PAN-OS 9.0.15
	cat >"$T/assets.csv" <<'CSV'
name,organization,sector,kind,criticality,hostname,ip,location,vendor,product,version,cpe
fw-scada,Comisión Federal de Electricidad,,network,5,fw.cfe.example,10.0.0.1,CDMX,Palo Alto,PAN-OS,9.0.15,cpe:2.3:o:paloaltonetworks:pan-os:9.0.15:*:*:*:*:*:*:*
CSV
	{ "$CENTINELA" $db import organizations "$here/../data/import/organizations.csv" &&
		"$CENTINELA" $db import nvd "$nvd" &&
		"$CENTINELA" $db import assets "$T/assets.csv"; } >"$T/import.out" 2>&1 ||
		{ fail "imports: $(cat "$T/import.out")"; return; }
	[ "$(sql "SELECT count(*) FROM exposure x JOIN vulnerability v ON v.id = x.vulnerability_id WHERE v.cve_id = 'CVE-2022-0011'")" -ge 1 ] ||
		{ fail "fw-scada is not exposed to CVE-2022-0011"; return; }
	[ "$(sql "SELECT count(*) FROM alert WHERE title LIKE 'CVE-2022-0011 %'")" = 0 ] ||
		{ fail "alerted before the CVE is in KEV"; return; }
	before=$(sql "SELECT count(*) FROM alert")
	# the simulator's own PAN-OS assets of criticality 4 or 5 too
	exposed=$(sql "SELECT count(*) FROM exposure x JOIN vulnerability v ON v.id = x.vulnerability_id JOIN asset a ON a.id = x.asset_id WHERE v.cve_id = 'CVE-2022-0011' AND a.criticality >= 4")
	live 120 30
	expect_long 'kev: online' 8
	keys 2
	expect_long "alerts \\($before\\)" 6
	expect_not "alerts \\($before\\)" 'CVE-2022-0011 exposes'
	# the catalog gains the entry; the console's next pull brings it
	kev_catalog "$T/kev.json" CVE-2022-0011 || { fail "cannot add the entry"; return; }
	expect_long "alerts \\($((before + exposed))\\)" 15
	expect 'critical .*CVE-2022-0011 exposes fw-scada \(KEV\) +exposure +new'
	# the most severe of the new alerts on the message line
	expect "$exposed new alerts? ≥ high: \\[critical\\] CVE-2022-0011 exposes fw-scada"
	[ "$(sql "SELECT source || ' ' || status FROM alert WHERE title LIKE 'CVE-2022-0011 exposes fw-scada%'")" = "exposure new" ] ||
		fail "the alert is not a new exposure alert"
	# the CVE's page lists the assets it exposes, fw-scada among them
	affected=$(sql "SELECT count(*) FROM exposure x JOIN vulnerability v ON v.id = x.vulnerability_id WHERE v.cve_id = 'CVE-2022-0011'")
	keys 6
	keys /
	keys -l 'cve:CVE-2022-0011'
	expect '1 matching'
	keys Enter Enter
	keys G
	expect "Affected assets \\($affected\\)"
	expect 'fw-scada +cpe:2\.3:o:paloaltonetworks:pan-os:9\.0\.15'
	sim_stop
}
