# Every test runner: a test that cannot run here (a missing fixture, tmux,
# binary) says SKIP and passes a developer's run, but fails the run under CI
# (the CI environment variable non-empty), since a skipped test proves
# nothing (issue 12, point 6).

top=$(cd "$here/../.." && pwd)

# test_ci_cli_runner: t_kev.sh without its fixture.
test_ci_cli_runner_fails_a_skipped_test() {
	run env CI=1 CENTINELA_FIXTURES="$T/nowhere" CLI_ONLY=test_kev_import_whole_catalog \
		sh "$here/run.sh"
	expect_rc 1 && expect_out "FAIL test_kev_import_whole_catalog: skipped under CI: no KEV fixture at $T/nowhere/" &&
		expect_out 'cli: 0 passed, 1 failed' || return
	run env CI= CENTINELA_FIXTURES="$T/nowhere" CLI_ONLY=test_kev_import_whole_catalog \
		sh "$here/run.sh"
	expect_rc 0 && expect_out "SKIP test_kev_import_whole_catalog: no KEV fixture at $T/nowhere/" &&
		expect_out 'cli: 1 passed, 0 failed'
}

# The e2e runner with a PATH that has no tmux (only what run.sh needs
# before it looks for tmux).
test_ci_e2e_runner_fails_without_tmux() {
	mkdir -p "$T/bin"
	ln -s "$(command -v dirname)" "$T/bin/dirname"
	run env PATH="$T/bin" CI=1 "$(command -v sh)" "$top/tests/e2e/run.sh"
	expect_rc 1 && expect_out 'e2e: FAIL: skipped under CI: tmux is not installed' &&
		expect_out 'e2e: 0 passed, 1 failed' || return
	run env PATH="$T/bin" CI= "$(command -v sh)" "$top/tests/e2e/run.sh"
	expect_rc 0 && expect_out 'e2e: SKIP \(tmux not installed' &&
		expect_out 'e2e: 0 passed, 0 failed'
}

# The unit runner (Check): feed_kev's fixture tests without the fixture.
test_ci_unit_runner_fails_a_skipped_test() {
	unit="$top/build/${FLAVOUR:-default}/tests/check_all"
	if [ ! -x "$unit" ]; then
		skip "no unit runner at $unit (make unit-test-build)"
		return
	fi
	run env CI=1 CENTINELA_FIXTURES="$T/nowhere" CK_RUN_SUITE=feed_kev \
		CK_RUN_CASE=core "$unit"
	[ "$rc" != 0 ] || fail "exit status 0 under CI with skipped tests"
	expect_out 'F:core:test_feed_kev_full_catalog:0: skipped under CI \(a skipped test proves nothing\): no \$CENTINELA_FIXTURES folder' ||
		return
	run env CI= CENTINELA_FIXTURES="$T/nowhere" CK_RUN_SUITE=feed_kev \
		CK_RUN_CASE=core "$unit"
	expect_rc 0 && expect_err 'SKIP test_feed_kev_full_catalog: no \$CENTINELA_FIXTURES folder' &&
		expect_out '100%: Checks: [0-9]+, Failures: 0, Errors: 0'
}

# The integration scripts (unittest through synclib.run_main) and the
# crash test, without the binary they drive.
test_ci_integration_runners_fail_a_skipped_test() {
	run env CI=1 CENTINELA="$T/none" python3 "$top/tests/integration/test_sync.py" KevTest
	expect_rc 1 && expect_out "FAIL setUpClass \\(__main__.KevTest\\): skipped under CI: no centinela binary at $T/none" &&
		expect_out 'integration \(sync\): 0 passed, 1 failed' || return
	run env CI= CENTINELA="$T/none" python3 "$top/tests/integration/test_sync.py" KevTest
	expect_rc 0 && expect_out "SKIP setUpClass \\(__main__.KevTest\\): no centinela binary at $T/none" || return
	run env CI=1 CENTINELA="$T/none" python3 "$top/tests/integration/crash.py" 1
	expect_rc 1 && expect_out "crash: FAIL: skipped under CI: no centinela binary at $T/none" &&
		expect_out 'crash: 0 passed, 1 failed' || return
	run env CI= CENTINELA="$T/none" python3 "$top/tests/integration/crash.py" 1
	expect_rc 0 && expect_out "crash: SKIP: no centinela binary at $T/none"
}
