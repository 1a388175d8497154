#!/bin/sh
# Run the integration tests: the self-test of contrib/central-sim
# (test_sim.py), with $PARSE_CHECK (tests/integration/parse_check.c, built by
# `make integration-test`) proving that every object the simulator serves
# passes the client's native parser, and $CENTINELA (the binary) importing
# them into a cache. Prints "integration: N passed, N failed" and fails on
# any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
	echo "integration: python3 is missing (contrib/deps installs it)" >&2
	echo "integration: 0 passed, 1 failed"
	exit 1
fi
exec python3 "$here/test_sim.py" "$@"
