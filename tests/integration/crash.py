#!/usr/bin/env python3
"""Crash test of the sync engine (issue 4): `centinela sync` killed with
SIGKILL at random moments while it ingests pages and while it replays the
outbox, then run again to the end.

After every trial:
- `centinela db check` passes (PRAGMA integrity_check, foreign keys);
- after the restarted sync, nothing is left pending, every edit queued
  before the kill reached the simulator exactly once (its idempotency key
  counted once, `applied_twice` empty) and the cache holds every alert the
  simulator has.

One simulator (demo seed) serves all trials; each trial first makes new
alerts at the simulator and queues new edits, so that every kill lands in
an ingest or a replay. Usage: crash.py [TRIALS] (default $CRASH_TRIALS or
200); --seed N for the random kill delays. Prints
"crash: N trials, K killed mid-run, ..." and exits non-zero on a failure.
"""
import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from synclib import BIN, Client, Sim, source_line  # noqa: E402

MAX_KILL_MS = 150


def fail(msg):
    print("crash: FAIL: " + msg, file=sys.stderr)
    print("crash: 0 passed, 1 failed")
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trials", nargs="?", type=int,
                    default=int(os.environ.get("CRASH_TRIALS") or 200))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--size", default=os.environ.get("CRASH_SIZE", "demo"))
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary folder")
    args = ap.parse_args()
    if not os.access(BIN, os.X_OK):
        print("crash: SKIP: no centinela binary at " + BIN)
        return 0
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="centinela-crash-")
    sim = Sim(tmp, "sim", "--size", args.size)
    t0 = time.monotonic()
    stats = {"killed": 0, "finished_early": 0, "edits": 0, "alerts": 0}
    try:
        c = Client(tmp)
        c.config(source_line(sim, page_size=50, wait="0s"))
        have_edits = c.run("incident", "--help")[0] == 0
        if not have_edits:
            fail("the edit CLI (centinela incident note) is missing")
        # Incidents to annotate: the cache must know them first. The first
        # trial's kill lands in the big first pull.
        refs = None
        for trial in range(args.trials):
            many = trial % 10 == 5
            if refs:
                n_alerts = rnd.choice((20, 100, 300))
                sim.generate(n_alerts)
                stats["alerts"] += n_alerts
                for i in range(12 if many else 2):
                    ref = rnd.choice(refs)
                    c.run("incident", "note", ref, "crash trial %d edit %d"
                          % (trial, i), check=True)
                    stats["edits"] += 1
            delay = rnd.uniform(0, MAX_KILL_MS) / 1000.0
            p = c.popen("sync")
            time.sleep(delay)
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                stats["killed"] += 1
            else:
                stats["finished_early"] += 1
            p.communicate()
            if p.returncode not in (0, -signal.SIGKILL):
                fail("trial %d: sync exited %d before the kill" %
                     (trial, p.returncode))
            rc, out, err = c.run("db", "check")
            if rc != 0 or "integrity       ok" not in out:
                fail("trial %d (kill after %.0f ms, seed %d): db check: "
                     "%s%s" % (trial, delay * 1000, seed, out, err))
            rc, out, err = c.run("sync", timeout=120)
            if rc != 0:
                fail("trial %d: the restarted sync failed: %s%s" %
                     (trial, out, err))
            box = c.outbox("--all")
            open_ = [o for o in box if o["state"] != "done"]
            if open_:
                fail("trial %d: left in the outbox: %s" % (trial, open_))
            st = sim.stats()
            if st["applied_twice"]:
                fail("trial %d: applied twice: %s" % (trial,
                                                       st["applied_twice"]))
            missing = [o["idempotency_key"] for o in box
                       if st["idempotency"].get(o["idempotency_key"]) != 1]
            if missing:
                fail("trial %d: edits not applied exactly once: %s" %
                     (trial, missing))
            n_alerts = c.count("alerts")
            if n_alerts != st["counts"]["alerts"]:
                fail("trial %d: cache has %d alerts, the simulator %d" %
                     (trial, n_alerts, st["counts"]["alerts"]))
            if refs is None:
                rc, out, _ = c.run("list", "incidents", "--limit", "200",
                                   "--format", "json", "!status:closed",
                                   check=True)
                refs = [i["reference"] for i in json.loads(out)]
                if not refs:
                    fail("no open incident to annotate")
        took = time.monotonic() - t0
        print("crash: %d trials, %d killed mid-run, %d finished before the "
              "kill; %d edits and %d alerts made during the trials; cache "
              "intact and every edit applied once (seed %d, %.1fs)" % (
                  args.trials, stats["killed"], stats["finished_early"],
                  stats["edits"], stats["alerts"], seed, took))
        print("crash: %d passed, 0 failed" % args.trials)
        return 0
    finally:
        sim.stop()
        if args.keep:
            print("crash: kept " + tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
