# Outside text never reaches a terminal raw, in any format: a CR inside a
# quoted CSV field used to overwrite the row on screen and U+202E to
# reverse it (list --format csv wrote the cache's bytes to the terminal).
# A pipe or a file still gets the exact bytes.

db() { echo "$T/data/centinela/cache.db"; }

# Rows whose text holds CR, ESC sequences, BEL, DEL, C1 (U+0085) and bidi
# controls (U+202E, U+2066, U+200F, U+061C), one of each kind.
setup_hostile() {
	"$CENTINELA" db check >/dev/null || fail "db check"
	bad="'ok' || char(13) || 'EVIL' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) || char(127) || char(133) || char(8238) || 'gnp.exe' || char(8294) || char(8207) || char(1564) || char(9) || 'end'"
	sql "$(db)" "
INSERT INTO organization(id, name, sector, region, created_at, updated_at)
  VALUES (1, $bad, 'energy', $bad, 1, 1);
INSERT INTO asset(id, organization_id, name, sector, kind, criticality, hostname, created_at, updated_at)
  VALUES (1, 1, $bad, 'energy', 'ics', 5, $bad, 1, 1);
INSERT INTO asset_cpe(asset_id, cpe) VALUES (1, $bad);
INSERT INTO alert(id, title, description, severity, taxonomy_class, feed_name,
  observed_at, received_at, event_hash, created_at, updated_at, raw_json) VALUES
  (1, $bad, $bad, 5, 'other', $bad, strftime('%s','now'), strftime('%s','now'), 'h1', 1, 1, $bad);
INSERT INTO alert_observable(alert_id, type, value) VALUES (1, 'fqdn', $bad);
INSERT INTO incident(id, reference, title, description, category, severity,
  status, organization_id, assignee, opened_at, created_at, updated_at) VALUES
  (1, 'MX-2026-00001', $bad, $bad, 'other', 5, 'new', 1, $bad, strftime('%s','now'), 1, strftime('%s','now'));
INSERT INTO note(incident_id, author, created_at, body) VALUES (1, $bad, 1, $bad);
INSERT INTO incident_alert(incident_id, alert_id, linked_at) VALUES (1, 1, 1);
INSERT INTO incident_asset(incident_id, asset_id, linked_at) VALUES (1, 1, 1);" ||
		fail "hostile rows"
	# and an audit entry of the same text
	"$CENTINELA" incident note MX-2026-00001 "$(printf 'ok\rEVIL\033[2J\033]0;pwned\007\177\302\205\342\200\256gnp.exe')" \
		>/dev/null || fail "hostile note"
}

# on_tty ARGS...: run centinela ARGS with standard output (and input) on a
# pseudo-terminal, the bytes it wrote there in $T/out, status in $rc. The
# test keeps the terminal's other end open, so that the end of the program
# does not hang the terminal up: on Linux a read of a hung-up terminal can
# fail before the last bytes the program wrote have arrived. It reads until
# the program has exited and nothing more comes.
on_tty() {
	python3 - "$T/out" "$CENTINELA" "$@" <<'EOF'
import os, select, sys, tty
out, argv = sys.argv[1], sys.argv[2:]
master, slave = os.openpty()
# raw: the terminal driver rewrites nothing (no \n -> \r\n), so what is
# read is what the program wrote
tty.setraw(slave)
pid = os.fork()
if pid == 0:
    os.setsid()
    os.close(master)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv(argv[0], argv)
data = b""
status = None
while True:
    ready, _, _ = select.select([master], [], [], 0.2)
    if ready:
        data += os.read(master, 65536)
        continue
    if status is not None:
        break  # exited, and nothing came for 0.2 s
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
os.close(slave)
os.close(master)
open(out, "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(status))
EOF
	rc=$?
}

# raw_controls FILE: the terminal controls FILE holds raw, one per line.
raw_controls() {
	python3 - "$1" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
bad = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c|\xe2\x80[\xa8\xa9]")
for m in bad.finditer(data):
    print(repr(m.group()), "at", m.start())
EOF
}

# check_inert ARGS...: on a terminal, ARGS shows the rows, inert.
check_inert() {
	on_tty "$@"
	[ "$rc" = 0 ] || { fail "'$args' on a terminal: exit $rc: $(head -c 300 "$T/out")"; return; }
	grep -aq 'EVIL' "$T/out" || fail "'$args' shows no row"
	bad=$(raw_controls "$T/out")
	[ -z "$bad" ] || fail "'$args' sent raw controls to the terminal: $(echo "$bad" | head -5)"
}

test_terminal_every_format_is_inert() {
	setup_hostile
	each_case check_inert <<EOF
list incidents
list incidents --format csv
list incidents --format json
list alerts --format csv
list alerts --format json
list assets --format csv
list organizations --format csv
list organizations
show MX-2026-00001
show MX-2026-00001 --format json
show alert:1
show alert:1 --format json
show asset:1
show asset:1 --format json
show org:1
show org:1 --format json
audit export
handover --note 'a note'
dashboard
EOF
	[ "$n" -ge 19 ] || fail "only $n commands ran"
}

test_terminal_csv_shows_controls_visibly() {
	setup_hostile
	on_tty list organizations --format csv
	expect_rc 0 || return
	# the CR and the bidi controls are there, as visible text (the CSV
	# writer itself makes ESC, BEL, DEL and C1 controls U+FFFD)
	grep -qF "ok^MEVIL$(printf '\357\277\275')[2J" "$T/out" &&
		grep -qF '<U+202E>gnp.exe<U+2066><U+200F><U+061C>' "$T/out" ||
		fail "csv on a terminal: $(head -c 400 "$T/out")"
}

test_terminal_pipe_and_file_get_exact_bytes() {
	setup_hostile
	"$CENTINELA" list organizations --format csv >"$T/file.csv" || fail "to a file"
	"$CENTINELA" list organizations --format csv | cat >"$T/pipe.csv" || fail "to a pipe"
	for f in "$T/file.csv" "$T/pipe.csv"; do
		python3 - "$f" <<'EOF' || fail "$f lost the exact bytes"
import sys
data = open(sys.argv[1], "rb").read()
# RFC 4180: the CR stays inside the quoted cell; the bidi override and TAB
# are text. The C0/C1 controls the CSV writer replaces are U+FFFD.
assert b'"ok\rEVIL' in data, data
assert "\u202egnp.exe".encode() in data, data
assert "\u2066\u200f\u061c\tend".encode() in data, data
EOF
	done
	cmp -s "$T/file.csv" "$T/pipe.csv" || fail "a pipe and a file differ"
}
