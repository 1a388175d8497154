#!/usr/bin/env python3
"""Crash test of the sync engine (issue 4): `centinela sync` killed with
SIGKILL at random moments (0 to 150 ms after its start, within the time a
whole run takes, from a running average) while it ingests
pages and while it replays the outbox, then run again to the end.

After every kill `centinela db check` must pass (PRAGMA integrity_check and
the foreign keys); after every restarted sync nothing may be left in the
outbox, every edit queued before the kill must have reached the simulator
exactly once (its idempotency key counted once, `applied_twice` empty) and
the cache must hold every alert and incident the simulator had.

One simulator serves all trials, shared by --jobs workers (default 1), each
with its own cache and its own incidents to annotate. A worker's first
tenth of trials (at most 20) kill the first pull of the whole seed in small
pages (--page-size, default 5), each run resuming where the last one
committed; later trials use pages of 2 items; every later trial
first makes new alerts at the simulator and queues new edits (a note on
one of the worker's incidents, and 6 alerts acknowledged in one command,
20 every tenth trial), so that the kill lands in an ingest or in a replay, then lets the
sync finish.

Usage: crash.py [TRIALS] (default $CRASH_TRIALS or 200) [--jobs N]
[--size small|demo] [--page-size N] [--seed N] [--keep]. Prints a summary
with where the kills landed (judged from what the cache had committed)
and "crash: N passed, N failed"; exits non-zero on the first failure.
"""
import argparse
import collections
import json
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from synclib import BIN, Client, Sim, source_line  # noqa: E402

MAX_KILL_MS = 150


class TrialFailed(Exception):
    pass


class Worker:
    def __init__(self, sim, tmp, index, trials, args, seed):
        self.sim = sim
        self.c = Client(tmp, "client-%d" % index)
        self.c.config(source_line(sim, page_size=args.page_size, wait="0s"))
        self.index = index
        self.jobs = args.jobs
        self.trials = trials
        self.rnd = random.Random(seed + index)
        self.killed = self.early = self.edits = self.alerts = 0
        self.where = collections.Counter()
        self.run_ms = MAX_KILL_MS  # running average of a whole sync run
        self.last_delay = 0.0
        self.error = None
        self.done = 0
        self.t0 = time.monotonic()

    def fail(self, trial, msg):
        raise TrialFailed("worker %d, trial %d: %s" % (self.index, trial,
                                                        msg))

    def kill_at_random(self, trial):
        """Start `centinela sync`, SIGKILL it 0..MAX_KILL_MS ms later, then
        check the cache."""
        # Kill within the time a whole run takes here (its running
        # average), at most MAX_KILL_MS: a kill after the end tests nothing.
        delay = self.rnd.uniform(0, min(MAX_KILL_MS, self.run_ms))
        target = self.sim.stats()["counts"]["alerts"]
        alerts0, open0 = self.cache_state()
        p = self.c.popen("sync")
        time.sleep(delay / 1000.0)
        self.last_delay = delay
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            self.killed += 1
            # Where the kill landed, from what the cache committed.
            alerts1, open1 = self.cache_state()
            if alerts1 < target and alerts1 == alerts0 and open1 == open0:
                self.where["before the first page"] += 1
            elif alerts1 < target:
                self.where["mid-ingest"] += 1
            elif open1 and open1 < open0:
                self.where["mid-replay"] += 1
            elif open1:
                self.where["before the first replay"] += 1
            else:
                self.where["after the last replay"] += 1
        else:
            self.early += 1
        out, err = p.communicate()
        if p.returncode not in (0, -signal.SIGKILL):
            self.fail(trial, "sync exited %d before the kill: %s%s" % (
                p.returncode, out, err))
        rc, out, err = self.c.run("db", "check")
        if rc != 0 or "integrity       ok" not in out:
            self.fail(trial, "after a kill at %.0f ms, db check: %s%s" % (
                delay, out, err))

    def cache_state(self):
        """(alerts, open outbox entries) in the cache, or (0, 0) before
        it exists."""
        if not os.path.exists(self.c.db):
            return 0, 0
        db = sqlite3.connect("file:%s?mode=ro" % self.c.db, uri=True,
                             timeout=10)
        try:
            try:
                return (db.execute("SELECT count(*) FROM alert")
                        .fetchone()[0],
                        db.execute("SELECT count(*) FROM outbox WHERE "
                                   "state != 'done'").fetchone()[0])
            except sqlite3.OperationalError:  # not migrated yet
                return 0, 0
        finally:
            db.close()

    def finish(self, trial):
        """Run the sync to the end; nothing lost, nothing sent twice."""
        before = self.sim.stats()["counts"]
        t = time.monotonic()
        rc, out, err = self.c.run("sync", timeout=120)
        # The killed run and this one did one run's work between them.
        self.run_ms = 0.8 * self.run_ms + 0.2 * (
            self.last_delay + (time.monotonic() - t) * 1000)
        if rc != 0:
            self.fail(trial, "the restarted sync failed: %s%s" % (out, err))
        # Read the cache directly (read-only): a CLI run per check would
        # double the time of a trial.
        db = sqlite3.connect("file:%s?mode=ro" % self.c.db, uri=True,
                             timeout=10)
        try:
            box = db.execute("SELECT idempotency_key, state FROM outbox "
                             "ORDER BY id").fetchall()
            n = {"alerts": db.execute("SELECT count(*) FROM alert")
                 .fetchone()[0],
                 "incidents": db.execute("SELECT count(*) FROM incident")
                 .fetchone()[0]}
        finally:
            db.close()
        left = [b for b in box if b[1] != "done"]
        if left:
            self.fail(trial, "left in the outbox: %s" % left)
        st = self.sim.stats()
        if st["applied_twice"]:
            self.fail(trial, "applied twice: %s" % st["applied_twice"])
        missing = [k for k, _ in box if st["idempotency"].get(k) != 1]
        if missing:
            self.fail(trial, "edits not applied exactly once: %s" % missing)
        for k in ("alerts", "incidents"):
            # Other workers add alerts meanwhile: everything the server had
            # when this sync started must be here.
            if not before[k] <= n[k] <= st["counts"][k]:
                self.fail(trial, "cache has %d %s, the simulator %d before "
                          "the sync and %d after" % (n[k], k, before[k],
                                                     st["counts"][k]))

    def ack(self, n):
        """Acknowledge n new alerts of this worker's share (by the
        server's id "a-N": local ids differ between caches), in one run of
        `centinela alert ack` (n edits in one transaction)."""
        db = sqlite3.connect("file:%s?mode=ro" % self.c.db, uri=True,
                             timeout=10)
        try:
            ids = [r[0] for r in db.execute(
                "SELECT id FROM alert WHERE status = 'new' AND "
                "local_state = 'synced' AND source = 'central' AND "
                "CAST(substr(remote_id, 3) AS INTEGER) % ? = ? "
                "ORDER BY id DESC LIMIT ?",
                (self.jobs, self.index, n))]
        finally:
            db.close()
        if ids:
            self.c.run("alert", "ack", *map(str, ids), check=True)
        return len(ids)

    def run(self):
        try:
            big = max(1, min(20, self.trials // 10))
            for trial in range(big):
                self.kill_at_random(trial)
                self.done += 1
            self.finish(big - 1)
            rc, out, _ = self.c.run("list", "incidents", "--limit", "1000",
                                    "--format", "json", "!status:closed",
                                    check=True)
            refs = sorted(i["reference"] for i in json.loads(out))
            refs = refs[self.index::self.jobs]  # a worker's own incidents
            # Tiny pages from now on: many commits per run for few alerts,
            # so that the cache (and each trial) stays small.
            self.c.config(source_line(self.sim, page_size=2, wait="0s"))
            if not refs:
                self.fail(big, "no open incident to annotate")
            for trial in range(big, self.trials):
                n_alerts = self.rnd.choice((10, 20, 40))
                self.sim.generate(n_alerts)
                self.alerts += n_alerts
                self.c.note(self.rnd.choice(refs), "crash worker %d trial "
                            "%d" % (self.index, trial))
                self.edits += 1
                self.edits += self.ack(20 if trial % 10 == 5 else 6)
                self.kill_at_random(trial)
                self.finish(trial)
                self.done += 1
                if os.environ.get("CRASH_VERBOSE") and trial % 20 == 0:
                    print("crash: worker %d trial %d at %.1fs" % (
                        self.index, trial, time.monotonic() - self.t0),
                        file=sys.stderr)
        except Exception as exc:  # reported by main
            self.error = exc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trials", nargs="?", type=int,
                    default=int(os.environ.get("CRASH_TRIALS") or 200))
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--size", default=os.environ.get("CRASH_SIZE", "small"),
                    help="the simulator's seed size (small or demo)")
    ap.add_argument("--page-size", type=int, default=5)
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary folder")
    args = ap.parse_args()
    if not os.access(BIN, os.X_OK):
        print("crash: SKIP: no centinela binary at " + BIN)
        return 0
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    tmp = tempfile.mkdtemp(prefix="centinela-crash-")
    sim = Sim(tmp, "sim", "--size", args.size)
    t0 = time.monotonic()
    try:
        workers = [Worker(sim, tmp, i, args.trials // args.jobs +
                          (1 if i < args.trials % args.jobs else 0), args,
                          seed) for i in range(args.jobs)]
        threads = [threading.Thread(target=w.run) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - t0
        done = sum(w.done for w in workers)
        errors = [w.error for w in workers if w.error]
        print("crash: %d trials by %d workers (the first of each kill the "
              "first pull of the %s seed, page size %d): %d killed mid-run, "
              "%d finished before the kill; %d edits and %d alerts "
              "made during the trials (seed %d, %.1fs)" % (
                  done, args.jobs, args.size, args.page_size,
                  sum(w.killed for w in workers),
                  sum(w.early for w in workers),
                  sum(w.edits for w in workers),
                  sum(w.alerts for w in workers), seed, took))
        where = collections.Counter()
        for w in workers:
            where.update(w.where)
        print("crash: kills landed %s" % ", ".join(
            "%d %s" % (n, k) for k, n in where.most_common()))
        for e in errors:
            print("crash: FAIL: %s" % e, file=sys.stderr)
        print("crash: %d passed, %d failed" % (done, len(errors)))
        return 1 if errors else 0
    finally:
        sim.stop()
        if args.keep:
            print("crash: kept " + tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
