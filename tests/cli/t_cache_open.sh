# Opening the cache: schema versions this program does not know, a --db
# path that does not exist (and --create), and caches that can be read but
# not written, on real mounts: a tmpfs remounted read-only (with and
# without a WAL left behind), a tiny tmpfs filled up, a folder or file the
# user may not write, a lock held by another program. Each failure is
# worded by its cause, exits 4, and only a file that is no cache is called
# one to move away.

# A small cache at $1 with a synced incident to write to; its reference in
# $T/ref.
small_cache() {
	"$CENTINELA" --create --db "$1" demo-data --scale 0.01 --seed 3 \
		--now 2026-11-29T03:00:00Z >/dev/null || { fail "demo-data"; return 1; }
	"$CENTINELA" --db "$1" list incidents --format csv --limit 1 |
		sed -n '2s/^[0-9]*,\([^,]*\),.*/\1/p' >"$T/ref"
	[ -s "$T/ref" ] || { fail "no incident in the demo cache"; return 1; }
}

# no_move_away: the last error does not call the cache something to move away.
no_move_away() {
	! grep -Eq 'move it away|not a Centinela cache' "$T/err" ||
		{ fail "a good cache is called one to move away"; return 1; }
}

test_cache_unknown_schema_versions_are_refused() {
	small_cache "$T/good.db" || return
	known=$(sqlite3 "$T/good.db" 'PRAGMA user_version')
	for v in -1 -5000000 -2147483648 2147483647 $((known + 1)) \
		9223372036854775807 -9223372036854775808; do
		cp "$T/good.db" "$T/v.db"
		sqlite3 "$T/v.db" "PRAGMA user_version = $v"
		stored=$(sqlite3 "$T/v.db" 'PRAGMA user_version')
		for ro in "" --readonly; do
			run "$CENTINELA" $ro --db "$T/v.db" list organizations
			expect_rc 4 || { fail "user_version $v $ro"; return; }
			expect_err "^centinela: cache '$T/v.db' has schema version $stored" ||
				return
		done
		case $v in
		-*) expect_err 'which no centinela writes.*restore the cache from a backup' ;;
		9223372036854775807) expect_err 'version 0 but holds tables' ;;
		*) expect_err "newer than this centinela knows \\($known\\)" ;;
		esac || return
		run "$CENTINELA" --db "$T/v.db" import organizations "$TESTDATA/import/organizations.csv"
		expect_rc 4 || { fail "import, user_version $v"; return; }
		# refused before anything was written
		[ "$(sqlite3 "$T/v.db" 'PRAGMA user_version')" = "$stored" ] ||
			{ fail "user_version $v was changed"; return; }
	done
}

test_cache_mistyped_db_path_is_refused() {
	run "$CENTINELA" --db "$T/no/such/dir/x.db" list incidents
	expect_rc 4 && expect_err "no cache at '$T/no/such/dir/x.db': its folder '$T/no/such/dir' does not exist" &&
		expect_err 'add --create to make a new cache there' || return
	[ ! -e "$T/no" ] || { fail "folders were created"; return; }
	run "$CENTINELA" --db "$T/x.db" incident note MX-2026-00001 hello
	expect_rc 4 && expect_err "no cache at '$T/x.db': no such file" || return
	run "$CENTINELA" --readonly --db "$T/x.db" list incidents
	expect_rc 4 && expect_err '--readonly makes no cache' || return
	[ ! -e "$T/x.db" ] || { fail "a cache was created"; return; }
	# --create makes it (private), later runs need no --create
	run "$CENTINELA" --create --db "$T/new/x.db" list incidents
	expect_rc 0 || return
	[ "$(mode "$T/new/x.db")" = 600 ] && [ "$(mode "$T/new")" = 700 ] ||
		{ fail "modes $(mode "$T/new/x.db") $(mode "$T/new")"; return; }
	run "$CENTINELA" --db "$T/new/x.db" list incidents
	expect_rc 0 || return
	run "$CENTINELA" --create --db "$T/new/x.db" --readonly list incidents
	expect_rc 0 || return
	# the default cache is still made on first use
	run "$CENTINELA" list incidents
	expect_rc 0 && [ -f "$T/data/centinela/cache.db" ] ||
		fail "the default cache was not created"
}

test_cache_help_and_man_name_create() {
	run "$CENTINELA" --help
	expect_rc 0 && expect_out '^  --create ' || return
	grep -q '^\.It Fl -create' "$here/../../man/centinela.1" ||
		fail "centinela.1 lacks --create"
}

test_cache_import_exits_4_like_the_others() {
	printf 'not a database, not at all, just some bytes to fill a header\n' >"$T/junk.db"
	for cmd in "list organizations" "import organizations $TESTDATA/import/organizations.csv"; do
		run "$CENTINELA" --db "$T/junk.db" $cmd
		expect_rc 4 && expect_err "'$T/junk.db' is not a Centinela cache" ||
			{ fail "$cmd"; return; }
	done
	run "$CENTINELA" --db "$T/none.db" import organizations "$TESTDATA/import/organizations.csv"
	expect_rc 4 && expect_err 'no cache at'
}

test_cache_locked_by_another_program() {
	small_cache "$T/c.db" || return
	{
		printf 'PRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;\n'
		printf 'UPDATE sector SET name = name;\nSELECT 1;\n'
		sleep 8
	} | sqlite3 "$T/c.db" >"$T/locked" &
	holder=$!
	i=0
	while [ ! -s "$T/locked" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	run "$CENTINELA" --db "$T/c.db" list incidents
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	expect_rc 4 && expect_err "cannot open cache '$T/c.db': another program holds a lock on it \\(database is locked\\); wait" &&
		no_move_away
}

# ---- on real mounts ----------------------------------------------------

# in_mount_ns FUNC: run FUNC of this file in a private mount namespace, where
# it may mount tmpfs (as root `unshare -m`, else `unshare -rm`). Where no
# namespace can be had the test fails under CI (a skipped test is a failed
# one there) and says SKIP elsewhere.
in_mount_ns() {
	if [ "$(id -u)" = 0 ]; then
		ns="unshare -m --propagation private"
	else
		ns="unshare -rm --propagation private"
	fi
	mkdir -p "$T/probe"
	if ! why=$($ns sh -c 'mount -t tmpfs -o size=64k tmpfs "$1"' sh "$T/probe" 2>&1); then
		skip "cannot mount a tmpfs in a private namespace ($ns): $why"
		return
	fi
	$ns env here="$here" file="$file" sh -c '. "$here/lib.sh"; . "$file"; failed=0; '"$1"'; [ "$failed" = 0 ]' ||
		failed=$((failed + 1))
}

# mount_tmpfs SIZE: a fresh tmpfs at $T/m (inside in_mount_ns).
mount_tmpfs() {
	mkdir -p "$T/m"
	mount -t tmpfs -o "size=$1,mode=0755" tmpfs "$T/m" || { fail "mount"; return 1; }
}

# reads_work: every command that only reads works on $T/m/c.db.
reads_work() {
	for cmd in "list incidents" "show $(cat "$T/ref")" "db check" \
		"audit verify" "dashboard --now 2026-11-29T03:00:00Z" "outbox"; do
		for ro in "" --readonly; do
			run "$CENTINELA" $ro --db "$T/m/c.db" $cmd
			expect_rc 0 || { fail "$ro $cmd"; return 1; }
		done
	done
	run "$CENTINELA" --db "$T/m/c.db" list incidents
	expect_out "$(cat "$T/ref")"
}

# writes_refused CAUSE: commands that write say they cannot, and why.
writes_refused() {
	run "$CENTINELA" --db "$T/m/c.db" incident note "$(cat "$T/ref")" hello
	expect_rc 4 && expect_err "^centinela: 'incident note' changes data: cannot write cache '$T/m/c.db': $1" &&
		no_move_away || return 1
	run "$CENTINELA" --db "$T/m/c.db" import organizations "$TESTDATA/import/organizations.csv"
	expect_rc 4 && expect_err "cannot write cache '$T/m/c.db': $1" && no_move_away
}

ns_readonly_mount() {
	mount_tmpfs 8m && small_cache "$T/m/c.db" || return
	mount -o remount,ro "$T/m" || { fail "remount ro"; return; }
	reads_work || return
	writes_refused 'read-only file system; remount it read-write' || return
	run "$CENTINELA" --db "$T/m/c.db" handover --output "$T/h.md"
	expect_rc 0 && [ -s "$T/h.md" ] &&
		expect_err "not recorded as the last handover: .*cannot write cache '$T/m/c.db': read-only file system" ||
		return
	run "$CENTINELA" --db "$T/m/c.db" \
		-c 'source central centinela url=http://127.0.0.1:9' sync
	expect_rc 4 && expect_err "^centinela: 'sync' changes data: cannot write cache '$T/m/c.db': read-only file system" ||
		return
	# the console's status line would say READ-ONLY; nothing was left behind
	[ ! -e "$T/m/c.db-wal" ] || fail "a -wal appeared on a read-only mount"
}

test_cache_on_readonly_mount_reads_and_refuses_writes() {
	in_mount_ns ns_readonly_mount
}

ns_readonly_mount_with_wal() {
	mount_tmpfs 8m && small_cache "$T/m/c.db" || return
	# a writer killed with its change still in the WAL
	sqlite3 "$T/m/c.db" "PRAGMA wal_autocheckpoint = 0;" \
		"UPDATE organization SET region = 'Only in the WAL' WHERE id = 1;" \
		'.system kill -9 $PPID' 2>/dev/null
	[ -s "$T/m/c.db-wal" ] && [ -e "$T/m/c.db-shm" ] ||
		{ fail "no -wal and -shm left"; return; }
	mount -o remount,ro "$T/m" || { fail "remount ro"; return; }
	for ro in "" --readonly; do
		run "$CENTINELA" $ro --db "$T/m/c.db" list organizations
		expect_rc 0 && expect_out 'Only in the WAL' || return
	done
	# without its -shm the WAL cannot be read: refused, not shown stale
	mount -o remount,rw "$T/m" && rm "$T/m/c.db-shm" &&
		mount -o remount,ro "$T/m" || { fail "remount"; return; }
	for ro in "" --readonly; do
		run "$CENTINELA" $ro --db "$T/m/c.db" list organizations
		expect_rc 4 && expect_err "cannot read cache '$T/m/c.db': '$T/m/c.db-wal' may hold changes" &&
			expect_err 'read-only file system' && no_move_away || return
	done
}

test_cache_on_readonly_mount_with_wal_left() {
	in_mount_ns ns_readonly_mount_with_wal
}

ns_full_disk() {
	mount_tmpfs 2m && small_cache "$T/m/c.db" || return
	cat /dev/zero >"$T/m/fill" 2>/dev/null
	[ "$(df --output=avail "$T/m" | tail -n 1 | tr -d ' ')" = 0 ] ||
		{ fail "the tmpfs did not fill"; return; }
	reads_work || return
	writes_refused 'the disk is full \(No space left on device\); free space' || return
	# with the WAL index made before the disk filled (another centinela
	# has the cache open), a write meets the full disk itself
	rm "$T/m/fill"
	{ echo 'SELECT count(*) FROM alert;'; sleep 5; } | sqlite3 "$T/m/c.db" >"$T/holder" &
	holder=$!
	i=0
	while [ ! -s "$T/holder" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	cat /dev/zero >"$T/m/fill" 2>/dev/null
	run "$CENTINELA" --db "$T/m/c.db" incident note "$(cat "$T/ref")" hello
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	expect_rc 4 && expect_err 'the disk is full \(No space left on device\); free space' &&
		no_move_away || return
	# a new cache on a full disk
	run "$CENTINELA" --create --db "$T/m/new.db" list incidents
	expect_rc 4 && expect_err "cannot create cache '$T/m/new.db': the disk is full" &&
		no_move_away
}

test_cache_on_full_disk_reads_and_says_disk_full() {
	in_mount_ns ns_full_disk
}

# ---- permissions -------------------------------------------------------

# as_user CMD...: CMD as an unprivileged user: nobody when we are root
# (root may write anything), else ourselves.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

test_cache_permissions_are_worded() {
	mkdir -p "$T/u/ro" "$T/u/home"
	chmod 755 "$T"
	small_cache "$T/u/ro/c.db" || return
	cp "$T/u/ro/c.db" "$T/u/mine.db"
	cp "$T/u/ro/c.db" "$T/u/secret.db"
	[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$T/u"
	chmod 555 "$T/u/ro"
	chmod 400 "$T/u/mine.db"
	chmod 000 "$T/u/secret.db"
	export HOME="$T/u/home" XDG_DATA_HOME="$T/u/home/d" \
		XDG_CONFIG_HOME="$T/u/home/c" XDG_STATE_HOME="$T/u/home/s"
	ref=$(cat "$T/ref")
	# a folder you may not write: SQLite cannot make its -wal and -shm
	run as_user "$CENTINELA" --db "$T/u/ro/c.db" list incidents
	expect_rc 0 && expect_out "$ref" || return
	run as_user "$CENTINELA" --db "$T/u/ro/c.db" incident note "$ref" hello
	expect_rc 4 && expect_err "cannot write cache '$T/u/ro/c.db': permission denied: its folder '$T/u/ro' is not writable by you" &&
		no_move_away || return
	# a file you may not write
	run as_user "$CENTINELA" --db "$T/u/mine.db" list incidents
	expect_rc 0 && expect_out "$ref" || return
	run as_user "$CENTINELA" --db "$T/u/mine.db" incident note "$ref" hello
	expect_rc 4 && expect_err "cannot write cache '$T/u/mine.db': permission denied: the file is not writable by you" &&
		no_move_away || return
	# a file you may not read
	run as_user "$CENTINELA" --db "$T/u/secret.db" list incidents
	expect_rc 4 && expect_err "cannot open cache '$T/u/secret.db': permission denied: the file is not readable by you" &&
		no_move_away
}
