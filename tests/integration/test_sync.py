#!/usr/bin/env python3
"""The sync engine end to end: the real centinela binary (`centinela sync`,
`outbox`, `sources`) against contrib/central-sim on a random loopback port.

Run by tests/integration/run.sh (make integration-test) with $CENTINELA set
to the binary. Each test uses its own cache and config; most share one
simulator (small seed) started once.
"""
import json
import os
import sqlite3
import socket
import sys
import time
import unittest
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import synclib  # noqa: E402
from synclib import (BIN, EPSS_PATH, KEV_PATH, Client, Sim, fixtures,  # noqa: E402
                     epss_line, kev_line, source_line)

RESOURCES = ("organizations", "assets", "alerts", "incidents")


class SyncCase(synclib.SimCase):
    def client(self, *lines, **opts):
        c = Client(self.tmp, "c-" + uuid.uuid4().hex[:8])
        c.config(*(lines or (source_line(self.sim, **opts),)))
        return c

    def sim_counts(self):
        return self.sim.stats()["counts"]

    def assertSameCounts(self, c):
        self.assertEqual(c.counts(), self.sim_counts())

    # -- local edits ------------------------------------------------------
    def incidents(self, c, status=None):
        rc, out, _ = c.run("list", "incidents", "--limit", "1000",
                           "--format", "json", *(["status:" + status]
                                                 if status else []))
        self.assertEqual(rc, 0)
        return json.loads(out)

    @staticmethod
    def edit_status(c, ref, status):
        c.run("incident", "set", ref, "status=" + status, check=True)

    @staticmethod
    def edit_note(c, ref, text):
        c.note(ref, text)


class PullTest(SyncCase):
    def test_sync_first_full_pull_then_incremental(self):
        c = self.client(page_size=400)
        rc, out, _ = self.sync(c)
        self.assertSameCounts(c)
        n = sum(self.sim_counts().values())
        self.assertIn("%d new" % n, out)
        self.assertIn("outbox: 0 sent, 0 conflicts, 0 failed", out)
        before = c.count("alerts")
        new = self.sim.generate(7)
        rc, out, _ = self.sync(c)
        self.assertIn("central: 1 page, 7 new, 0 updated, 0 skipped", out)
        self.assertEqual(c.count("alerts"), before + 7)
        self.assertSameCounts(c)
        rc, out, _ = c.run("list", "alerts", "--format", "json", "--limit",
                           "7", check=True)
        self.assertEqual(sorted(a["remote_id"] for a in json.loads(out)),
                         sorted(new))

    def test_sync_unchanged_source_costs_one_request_and_writes_nothing(self):
        c = self.client()
        self.sync(c)
        self.sync(c)  # settles what the first pass left (cursors, ETags)
        before = self.sim.stats()
        digest, mtime = c.db_digest(), os.stat(c.db).st_mtime_ns
        rc, out, _ = self.sync(c)
        after = self.sim.stats()
        self.assertEqual(out, "central: unchanged (all 304)\n")
        for r in RESOURCES:
            key = "GET /api/v1/" + r
            self.assertEqual(after["requests"].get(key, 0) -
                             before["requests"].get(key, 0), 1, key)
        self.assertEqual(sum(after["requests"].values()) -
                         sum(before["requests"].values()), 4)
        self.assertEqual(after["statuses"].get("304", 0) -
                         before["statuses"].get("304", 0), 4)
        self.assertEqual(after["statuses"].get("200", 0),
                         before["statuses"].get("200", 0))
        self.assertEqual(c.db_digest(), digest, "an unchanged sync wrote "
                         "to the cache")
        self.assertEqual(os.stat(c.db).st_mtime_ns, mtime)

    def test_sources_and_outbox_show_state(self):
        c = self.client()
        rc, out, _ = c.run("sources", check=True)
        self.assertIn("never", out)
        self.sync(c)
        rc, out, _ = c.run("sources", "--format", "json", check=True)
        src = json.loads(out)
        self.assertEqual([s["name"] for s in src], ["central"])
        self.assertEqual(src[0]["url"], self.sim.url)
        self.assertNotIn("token", out.replace("token-file", ""))
        res = {r["resource"]: r for r in src[0]["resources"]}
        self.assertEqual(sorted(res), sorted(RESOURCES))
        for r in res.values():
            self.assertTrue(r["has_cursor"], r)
            self.assertIsNotNone(r["last_success_at"], r)
            self.assertIsNone(r["last_error"], r)
        self.assertEqual(c.run("outbox", check=True)[1],
                         "outbox is empty: nothing waits for the server\n")
        self.assertEqual(c.outbox(), [])

    def test_sync_refuses_without_sources_unknown_names_and_readonly(self):
        c = self.client("set analyst x")
        rc, _, err = c.run("sync")
        self.assertEqual(rc, 2)
        self.assertIn("source central centinela url=", err)
        c = self.client()
        rc, _, err = c.run("sync", "nosuch")
        self.assertEqual(rc, 2)
        self.assertIn("unknown source 'nosuch' (known: central)", err)
        rc, _, err = c.run("--readonly", "sync")
        self.assertEqual(rc, 4)
        self.assertIn("read-only", err)
        self.assertFalse(os.path.exists(c.db))


class KevTest(SyncCase):
    def test_sync_kev_catalog_complete_then_304_then_bad_copy_rejected(self):
        path = self.fixture("kev", "known_exploited_vulnerabilities.json")
        with open(path) as fh:
            catalog = json.load(fh)
        c = self.client(kev_line(self.sim.url + KEV_PATH))
        rc, out, _ = self.sync(c)
        self.assertIn("kev: 1 page, %d new" % catalog["count"], out)
        self.assertEqual(c.table_rows()["vulnerability"], catalog["count"])
        before = self.sim.stats()
        digest = c.db_digest()
        rc, out, _ = self.sync(c, "kev")
        self.assertEqual(out, "kev: unchanged (304)\n")
        after = self.sim.stats()
        self.assertEqual(after["requests"]["GET " + KEV_PATH] -
                         before["requests"]["GET " + KEV_PATH], 1)
        self.assertEqual(after["statuses"]["304"] -
                         before["statuses"].get("304", 0), 1)
        self.assertEqual(c.db_digest(), digest)
        # A broken body from the same server: refused, data kept.
        self.sim.faults({"path": KEV_PATH, "malformed": True})
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1)
        self.assertIn("kev: offline: malformed", err)
        self.assertEqual(c.table_rows()["vulnerability"], catalog["count"])
        # A well-formed catalog that lies about its size, from another
        # server: the message names the problem; data kept.
        broken = dict(catalog)
        broken["vulnerabilities"] = catalog["vulnerabilities"][:-1]
        bad = os.path.join(self.tmp, "kev-broken.json")
        with open(bad, "w") as fh:
            json.dump(broken, fh)
        sim2 = Sim(self.tmp, "sim-kev", "--kev", bad)
        try:
            c.config(kev_line(sim2.url + KEV_PATH))
            rc, out, err = self.sync(c, ok=False)
        finally:
            sim2.stop()
        self.assertEqual(rc, 1)
        self.assertIn("'count' says %d entries but 'vulnerabilities' has %d"
                      % (catalog["count"], catalog["count"] - 1), err)
        self.assertEqual(c.table_rows()["vulnerability"], catalog["count"])


    def test_sync_kev_catalog_version_recorded_and_removals_marked(self):
        path = self.fixture("kev", "known_exploited_vulnerabilities.json")
        with open(path) as fh:
            catalog = json.load(fh)
        c = self.client(kev_line(self.sim.url + KEV_PATH))
        self.sync(c)
        rc, out, _ = c.run("sources", check=True)
        self.assertRegex(out, r"\n  kev +2025\.08\.25 of 2025-08-25, %d "
                         r"entries, from kev\n" % catalog["count"])
        # The next catalog, from another server, lacks one entry.
        nxt = dict(catalog)
        nxt["vulnerabilities"] = [v for v in catalog["vulnerabilities"]
                                  if v["cveID"] != "CVE-2021-44228"]
        nxt["count"] = len(nxt["vulnerabilities"])
        nxt["catalogVersion"] = "2025.08.26"
        p2 = os.path.join(self.tmp, "kev-next.json")
        with open(p2, "w") as fh:
            json.dump(nxt, fh)
        sim2 = Sim(self.tmp, "sim-kev-next", "--kev", p2)
        try:
            c.config(kev_line(sim2.url + KEV_PATH))
            rc, out, _ = self.sync(c)
        finally:
            sim2.stop()
        self.assertIn("kev: 1 page, 0 new, 0 updated, 0 skipped, "
                      "1 no longer in KEV", out)
        self.assertEqual(int(c.run("list", "vulnerabilities", "kev:no",
                                   "--count", check=True)[1]), 1)
        rc, out, _ = c.run("sources", check=True)
        self.assertRegex(out, r"\n  kev +2025\.08\.26 of 2025-08-25, %d "
                         r"entries, from kev\n" % nxt["count"])


class EpssTest(SyncCase):
    def test_sync_epss_daily_file_then_304_then_bad_copy_rejected(self):
        path = self.fixture("epss", "epss_scores-excerpt.csv")
        with open(path) as fh:
            n = sum(1 for line in fh if line.startswith("CVE-"))
        c = self.client(epss_line(self.sim.url + EPSS_PATH))
        rc, out, _ = self.sync(c)
        self.assertIn("epss: 1 page, %d new" % n, out)
        self.assertEqual(c.table_rows()["epss"], n)
        # Unchanged: one conditional request, answered 304, nothing
        # written.
        before = self.sim.stats()
        digest = c.db_digest()
        rc, out, _ = self.sync(c, "epss")
        self.assertEqual(out, "epss: unchanged (304)\n")
        after = self.sim.stats()
        self.assertEqual(after["requests"]["GET " + EPSS_PATH] -
                         before["requests"]["GET " + EPSS_PATH], 1)
        self.assertEqual(c.db_digest(), digest)
        # A broken body: refused whole, the scores kept.
        self.sim.faults({"path": EPSS_PATH, "malformed": True})
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1)
        self.assertIn("epss: offline: malformed", err)
        self.assertEqual(c.table_rows()["epss"], n)
        db = sqlite3.connect(c.db)
        try:
            score = db.execute("SELECT score, percentile, model_version "
                               "FROM epss WHERE cve_id = 'CVE-1999-0001'"
                               ).fetchone()
        finally:
            db.close()
        self.assertEqual(score, (0.03351, 0.88255, "v2026.06.15"))


class FaultTest(SyncCase):
    # (name, rule, extra source options, words the message must hold)
    FAULTS = [
        ("500", {"status": 500}, {}, ["500"]),
        ("503", {"status": 503}, {}, ["503"]),
        ("429", {"status": 429, "retry_after": 1}, {}, ["429"]),
        ("reset", {"reset": True}, {}, ["reset"]),
        ("truncate", {"truncate": True}, {}, ["truncated"]),
        ("malformed", {"malformed": True}, {}, ["malformed"]),
        ("stall", {"stall": True}, {"low_speed_time": "2s"}, ["stalled"]),
        ("oversize", {"oversize_mb": 3}, {"max_size": 1048576},
         ["too large"]),
        ("gzip bomb", {"gzip_bomb_mb": 4}, {"max_size": 1048576},
         ["too large"]),
        ("redirect to an unresolvable host",
         {"redirect": "http://example.invalid/api/v1/x"}, {}, ["redirect"]),
        ("redirect to a file", {"redirect": "file:///etc/passwd"}, {},
         ["redirect"]),
    ]

    def test_sync_faults_fail_cleanly_and_keep_data(self):
        c = self.client(page_size=200)
        self.sync(c)
        self.sim.generate(3)
        for name, rule, opts, words in self.FAULTS:
            with self.subTest(fault=name):
                c.config(source_line(self.sim, page_size=200,
                                     timeout="10s", **opts))
                before = c.counts()
                self.sim.faults(dict(rule, path="/api/v1/"))
                t0 = time.monotonic()
                rc, out, err = self.sync(c, ok=False)
                took = time.monotonic() - t0
                self.sim.faults()
                self.assertEqual(rc, 1, out + err)
                self.assertIn("centinela: central: offline: ", err)
                for w in words:
                    self.assertIn(w, err.lower())
                self.assertNotIn("passwd", out + err.replace(
                    "file:///etc/passwd", ""))
                self.assertEqual(c.counts(), before, "data lost")
                self.assertLess(took, 25, "took too long")
                self.assertEqual(c.run("db", "check")[0], 0)
        c.config(source_line(self.sim, page_size=200))
        errors = self.last_errors(c)
        self.assertIn("redirect", errors["organizations"] or "")
        self.sync(c)
        self.assertSameCounts(c)
        # the failure is kept until a pull proves it over, even a 304
        self.assertEqual(self.last_errors(c),
                         {r: None for r in RESOURCES})

    def test_sync_latency_and_a_share_of_errors_lose_nothing(self):
        c = self.client(page_size=200)
        self.sync(c)
        self.sim.generate(60)
        # latency on one endpoint: slower, and whole
        c.config(source_line(self.sim, page_size=20, timeout="10s"))
        self.sim.faults({"path": "/api/v1/alerts", "latency_ms": 300})
        t0 = time.monotonic()
        self.sync(c)
        self.assertGreater(time.monotonic() - t0, 0.3 * 3)
        self.assertSameCounts(c)
        # latency past the transfer timeout: a timeout, nothing lost
        c.config(source_line(self.sim, timeout="1s"))
        self.sim.faults({"path": "/api/v1/", "latency_ms": 2500})
        before = c.counts()
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertIn("timeout", err.lower())
        self.assertEqual(c.counts(), before)
        # a share of 500s and 429s: passes fail now and then, never lose
        # what the cache holds, and catch up once the faults end
        c.config(source_line(self.sim, page_size=20))
        self.sim.faults({"path": "/api/v1/", "status": 500,
                         "probability": 0.3},
                        {"path": "/api/v1/", "status": 429,
                         "probability": 0.2, "retry_after": 1})
        self.sim.generate(200)
        failed = 0
        last = c.counts()
        for _ in range(12):
            rc, out, err = self.sync(c, ok=False)
            now = c.counts()
            for k in now:
                self.assertGreaterEqual(now[k], last[k], "data lost")
            last = now
            if rc:
                failed += 1
                self.assertRegex(err, "HTTP (500|429)")
            self.assertEqual(c.run("db", "check")[0], 0)
        self.assertGreater(failed, 0, "no fault was drawn")
        self.sim.faults()
        self.sync(c)
        self.assertSameCounts(c)

    def last_errors(self, c):
        rc, out, _ = c.run("sources", "--format", "json", check=True)
        return {r["resource"]: r["last_error"]
                for r in json.loads(out)[0]["resources"]}

    def test_sync_refuses_a_group_readable_token_file(self):
        c = self.client()
        before = sum(self.sim.stats()["requests"].values())
        os.chmod(self.sim.token_file, 0o640)
        try:
            rc, out, err = self.sync(c, ok=False)
        finally:
            os.chmod(self.sim.token_file, 0o600)
        self.assertEqual(rc, 1)
        self.assertIn("chmod 600", err)
        self.assertEqual(sum(self.sim.stats()["requests"].values()), before,
                         "a request was sent without a usable token")
        self.assertEqual(c.count("alerts"), 0)


class OutboxTest(SyncCase):
    def wait_up(self, deadline=15):
        end = time.monotonic() + deadline
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.sim.port),
                                         1).close()
                return
            except OSError:
                self.assertLess(time.monotonic(), end, "sim not back")
                time.sleep(0.05)

    def test_sync_replays_edits_made_while_the_server_was_down(self):
        c = self.client()
        self.sync(c)
        new = self.incidents(c, "new")
        self.assertGreaterEqual(len(new), 2)
        a, b = new[0], new[1]
        st, _ = self.sim.call("POST", "/_sim/restart", {"down_seconds": 3})
        self.assertEqual(st, 202)
        time.sleep(0.3)
        self.edit_status(c, a["reference"], "triage")
        self.edit_note(c, b["reference"], "seen from the jump host")
        self.edit_note(c, a["reference"], "second edit of the same row")
        queued = c.outbox()
        self.assertEqual([o["state"] for o in queued], ["pending"] * 3)
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1)
        self.assertIn("centinela: central: offline: ", err)
        self.assertIn("will retry on the next sync", err)
        self.assertEqual(len([o for o in c.outbox()
                              if o["state"] == "pending"]), 3)
        self.wait_up()
        rc, out, err = self.sync(c)
        self.assertIn("outbox: 3 sent, 0 conflicts, 0 failed", out)
        done = c.outbox("--all")
        self.assertEqual([o["state"] for o in done], ["done"] * 3, out)
        stats = self.sim.stats()
        self.assertEqual(stats["applied_twice"], [])
        for o in done:
            self.assertEqual(stats["idempotency"].get(o["idempotency_key"]),
                             1, o)
        srv_a = self.sim.get("incidents", a["remote_id"])
        srv_b = self.sim.get("incidents", b["remote_id"])
        self.assertEqual(srv_a["status"], "triage")
        self.assertIn("seen from the jump host",
                      [n["body"] for n in srv_b.get("notes", [])])
        self.assertIn("second edit of the same row",
                      [n["body"] for n in srv_a.get("notes", [])])

    def test_sync_replays_alerts_promoted_to_one_new_incident_offline(self):
        c = self.client()
        self.sync(c)
        rc, out, _ = c.run("list", "alerts", "--limit", "1000", "--format",
                           "json", "status:new", check=True)
        alerts = json.loads(out)
        self.assertGreaterEqual(len(alerts), 3)
        three = alerts[:3]
        st, _ = self.sim.call("POST", "/_sim/restart", {"down_seconds": 3})
        self.assertEqual(st, 202)
        time.sleep(0.3)
        rc, out, _ = c.run("alert", "promote",
                           *[str(a["id"]) for a in three], check=True)
        refs = [w for w in out.split() if w.startswith("MX-")]
        self.assertTrue(refs, out)
        ref = refs[0].rstrip(";:,")
        queued = c.outbox()
        self.assertEqual([(o["operation"], o["state"]) for o in queued],
                         [("promote", "pending")] * 3)
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1)
        self.wait_up()
        rc, out, err = self.sync(c)
        self.assertIn("outbox: 3 sent, 0 conflicts, 0 failed", out)
        done = c.outbox("--all")
        self.assertEqual([o["state"] for o in done], ["done"] * 3, out)
        stats = self.sim.stats()
        self.assertEqual(stats["applied_twice"], [])
        for o in done:
            self.assertEqual(stats["idempotency"].get(o["idempotency_key"]),
                             1, o)
        srv = [self.sim.get("alerts", a["remote_id"]) for a in three]
        self.assertEqual({a["status"] for a in srv}, {"promoted"})
        self.assertEqual(len({a["incident"] for a in srv}), 1, srv)
        rc, out, _ = c.run("show", ref, "--format", "json", check=True)
        inc = json.loads(out)
        self.assertTrue(inc.get("remote_id"), inc)
        self.assertEqual(srv[0]["incident"], inc["reference"])
        srv_inc = self.sim.get("incidents", inc["remote_id"])
        self.assertEqual(sorted(srv_inc["alerts"]),
                         sorted(a["remote_id"] for a in three))
        # One incident more at the server, not three.
        self.assertEqual(len([i for i in self.incidents(c)
                              if i["reference"] == ref]), 1)

    def test_sync_conflict_is_kept_not_overwritten(self):
        c = self.client()
        self.sync(c)
        inc = self.incidents(c, "new")[-1]
        self.edit_status(c, inc["reference"], "triage")
        srv = self.sim.edit("incidents", inc["remote_id"],
                            {"status": "in_progress",
                             "assignee": "other.analyst"})
        rc, out, err = self.sync(c, ok=False)
        self.assertIn("1 conflict", out, out + err)
        rows = c.outbox()
        self.assertEqual([o["state"] for o in rows], ["conflict"])
        self.assertEqual(rows[0]["ref"], inc["reference"])
        rc, table, _ = c.run("outbox", check=True)
        self.assertIn("conflict", table)
        self.assertIn(inc["reference"], table)
        now = self.sim.get("incidents", inc["remote_id"])
        self.assertEqual((now["status"], now["assignee"], now["version"]),
                         ("in_progress", "other.analyst", srv["version"]))
        rc, out, _ = c.run("show", inc["reference"], "--format", "json",
                           check=True)
        self.assertEqual(json.loads(out)["status"], "triage")
        rc, out, _ = c.run("sources", "--format", "json", check=True)
        self.assertEqual(json.loads(out)[0]["conflicts"], 1)
        # Another sync leaves it alone.
        self.sync(c, ok=False)
        self.assertEqual([o["state"] for o in c.outbox()], ["conflict"])
        self.assertEqual(self.sim.get("incidents", inc["remote_id"])
                         ["version"], srv["version"])


def main():
    return synclib.run_main(sys.modules[__name__], "integration (sync)")


if __name__ == "__main__":
    sys.exit(main())
