#!/usr/bin/env python3
"""The vulnerability sources end to end: the real centinela binary's `sync`
of an `nvd` source against the NVD CVE API 2.0 that contrib/central-sim
serves at /rest/json/cves/2.0 (the whole catalog paged by startIndex,
lastMod windows of at most 120 days, the apiKey header, the public rate
limit, 403 asked again), and malformed records of NVD, KEV and EPSS
reported with their CVE id while the rest is kept.

Run by tests/integration/run.sh (make integration-test) with $CENTINELA set
to the binary. One test waits out the rate limit without a key (~35 s);
the others use a key, whose limit is ten times higher.
"""
import copy
import datetime
import json
import os
import sqlite3
import sys
import time
import unittest
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from synclib import (EPSS_PATH, KEV_PATH, Client, Sim, SimCase,  # noqa: E402
                     epss_line, fixtures, kev_line, run_main, write_private)

NVD_PATH = "/rest/json/cves/2.0"
NVD_KEY = "nvd-test-key-4f1c2a9e-0b7d-4c53-9a61-2d8e5f3b7c10"
DAY = 86400


def nvd_line(sim, name="nvd", **opts):
    words = ["source", name, "nvd", "url=" + sim.url + NVD_PATH]
    words += ["%s=%s" % (k.replace("_", "-"), v) for k, v in opts.items()]
    return " ".join(words)


def nvd_time(q, key):
    """Unix seconds of a date of an NVD query."""
    return datetime.datetime.fromisoformat(q[key]).timestamp()


def record_time(t):
    """A record's own date-time: ISO 8601 without a zone, UTC."""
    return time.strftime("%Y-%m-%dT%H:%M:%S.000", time.gmtime(t))


def fixture_records():
    path = os.path.join(fixtures(), "nvd", "api2_responses",
                        "nvdlib_search_full_page.json")
    if not os.path.exists(path):
        raise unittest.SkipTest("no NVD fixture at " + path)
    with open(path) as fh:
        return json.load(fh)["vulnerabilities"]


def write_catalog(path, records):
    with open(path, "w") as fh:
        json.dump({"resultsPerPage": len(records), "startIndex": 0,
                   "totalResults": len(records), "format": "NVD_CVE",
                   "version": "2.0", "timestamp": record_time(time.time()),
                   "vulnerabilities": records}, fh)


class FeedCase(SimCase):
    SYNC_TIMEOUT = 60

    @classmethod
    def setUpClass(cls):
        fixture_records()  # skips the class without fixtures
        super().setUpClass()

    @classmethod
    def sim_args(cls):
        cls.key_file = os.path.join(cls.tmp, "nvd.key")
        write_private(cls.key_file, NVD_KEY + "\n")
        return ["--nvd-api-key-file", cls.key_file]

    def client(self, *lines):
        c = Client(self.tmp, "c-" + uuid.uuid4().hex[:8])
        c.config(*lines)
        return c

    @staticmethod
    def nvd_requests(sim):
        return sim.stats()["nvd"]["requests"]

    def other_sim(self, name, *extra):
        sim = Sim(self.tmp, name + "-" + uuid.uuid4().hex[:6], *extra)
        self.addCleanup(sim.stop)
        return sim


class NvdTest(FeedCase):
    def test_nvd_pull_pages_the_catalog_then_an_unchanged_one_costs_one_request(self):
        n = self.sim.stats()["nvd"]["records"]
        pages = (n + 9) // 10
        self.assertGreater(pages, 3)
        c = self.client(nvd_line(self.sim, token_file=self.key_file,
                                 page_size=10))
        k = len(self.nvd_requests(self.sim))
        rc, out, _ = self.sync(c)
        self.assertIn("nvd: %d pages, %d new, 0 updated, 0 skipped" %
                      (pages, n), out)
        self.assertEqual(c.table_rows()["vulnerability"], n)
        reqs = self.nvd_requests(self.sim)[k:]
        # The first pull of an empty cache: the whole catalog, no dates,
        # startIndex on by resultsPerPage until totalResults.
        self.assertEqual([r["query"].get("startIndex") for r in reqs],
                         [str(i * 10) for i in range(pages)])
        for r in reqs:
            self.assertEqual(r["status"], 200, r)
            self.assertTrue(r["key"], "the apiKey header is missing")
            self.assertEqual(r["query"]["resultsPerPage"], "10")
            self.assertNotIn("lastModStartDate", r["query"])
        # Unchanged: one request, the window since the copy began, empty.
        k = len(self.nvd_requests(self.sim))
        before = time.time()
        rc, out, _ = self.sync(c)
        self.assertEqual(out, "nvd: 1 page, 0 new, 0 updated, 0 skipped\n")
        reqs2 = self.nvd_requests(self.sim)[k:]
        self.assertEqual(len(reqs2), 1)
        q = reqs2[0]["query"]
        start, end = (nvd_time(q, "lastModStartDate"),
                      nvd_time(q, "lastModEndDate"))
        self.assertLessEqual(start, reqs[0]["at"])
        self.assertGreater(start, reqs[0]["at"] - 60)
        self.assertLessEqual(abs(end - before), 60)
        # With a key more than 5 requests may go in 30 s, and they did.
        self.assertLess(reqs2[0]["at"] - reqs[0]["at"], 30)
        self.assertGreater(len(reqs) + 1, 5)
        # The key is read from its file and shown nowhere.
        rc, out, _ = c.run("sources", "--format", "json", check=True)
        self.assertNotIn(NVD_KEY, out)
        with open(c.db, "rb") as fh:
            self.assertNotIn(NVD_KEY.encode(), fh.read())

    def test_nvd_cursor_older_than_120_days_pulls_in_windows(self):
        now = time.time()
        recs = copy.deepcopy(fixture_records()[:4])
        for rec, days in zip(recs, (250, 170, 50, 1)):
            rec["cve"]["lastModified"] = record_time(now - days * DAY)
        path = os.path.join(self.tmp, "nvd-windows.json")
        write_catalog(path, recs)
        sim = self.other_sim("sim-win", "--nvd", path,
                             "--nvd-api-key-file", self.key_file)
        c = self.client(nvd_line(sim, token_file=self.key_file))
        c.run("sources", check=True)  # makes the cache
        since = now - 300 * DAY
        db = sqlite3.connect(c.db)
        try:
            with db:
                db.execute("INSERT INTO sync_state(source, resource, "
                           "cursor) VALUES ('nvd', 'cves', ?)",
                           ("from " + time.strftime(
                               "%Y-%m-%dT%H:%M:%SZ", time.gmtime(since)),))
        finally:
            db.close()
        rc, out, _ = self.sync(c)
        self.assertIn("nvd: 3 pages, 4 new, 0 updated, 0 skipped", out)
        reqs = self.nvd_requests(sim)
        self.assertEqual(len(reqs), 3)
        wins = [(nvd_time(r["query"], "lastModStartDate"),
                 nvd_time(r["query"], "lastModEndDate")) for r in reqs]
        self.assertAlmostEqual(wins[0][0], since, delta=1)
        for (a, b), nxt in zip(wins, wins[1:] + [None]):
            self.assertLessEqual(b - a, 120 * DAY)
            if nxt:
                self.assertEqual(nxt[0], b, "the windows leave a gap")
        self.assertLessEqual(abs(wins[-1][1] - now), 60)
        # A record changed at NVD comes with the next window, alone.
        rec = copy.deepcopy(recs[0])
        rec["cve"]["lastModified"] = record_time(time.time() - 1)
        rec["cve"]["descriptions"][0]["value"] = "changed at NVD"
        st, body = sim.call("POST", "/_sim/nvd", {"records": [rec]})
        self.assertEqual(st, 200, body)
        rc, out, _ = self.sync(c)
        self.assertEqual(out, "nvd: 1 page, 0 new, 1 updated, 0 skipped\n")
        self.assertEqual(len(self.nvd_requests(sim)), 4)

    def test_nvd_403_is_asked_again_after_a_backoff(self):
        c = self.client(nvd_line(self.sim, token_file=self.key_file))
        before = self.sim.stats()
        self.sim.faults({"path": NVD_PATH, "status": 403, "count": 1})
        rc, out, _ = self.sync(c)
        n = before["nvd"]["records"]
        self.assertEqual(out, "nvd: 1 page, %d new, 0 updated, 0 skipped\n"
                         % n)
        after = self.sim.stats()
        key = "GET " + NVD_PATH
        self.assertEqual(after["requests"][key] -
                         before["requests"].get(key, 0), 2)
        self.assertEqual(after["faults_injected"].get("status_403", 0) -
                         before["faults_injected"].get("status_403", 0), 1)

    def test_nvd_wrong_key_fails_and_says_so(self):
        bad = os.path.join(self.tmp, "wrong.key")
        write_private(bad, "not-the-key\n")
        c = self.client(nvd_line(self.sim, token_file=bad))
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1)
        self.assertIn("nvd: offline: HTTP 404", err)
        self.assertEqual(c.table_rows()["vulnerability"], 0)

    def test_nvd_rate_limit_without_a_key_spans_processes(self):
        # 5 pages in one `centinela sync`, then one more request in a
        # second: never more than 5 in any 30 s (this test takes ~31 s).
        c = self.client(nvd_line(self.sim, page_size=10))
        k = len(self.nvd_requests(self.sim))
        self.sync(c)
        self.sync(c)
        reqs = [r for r in self.nvd_requests(self.sim)[k:] if not r["key"]]
        self.assertEqual(len(reqs), 6)
        self.assertEqual([r["status"] for r in reqs], [200] * 6)
        at = [r["at"] for r in reqs]
        for i in range(len(at) - 5):
            self.assertGreaterEqual(at[i + 5] - at[i], 30.0,
                                    "6 requests in %.2fs" % (at[i + 5] -
                                                             at[i]))
        # and NVD's pause between two
        for a, b in zip(at, at[1:]):
            self.assertGreaterEqual(b - a, 5.9)


class MalformedRecordTest(FeedCase):
    def test_nvd_malformed_record_named_by_its_cve_rest_kept(self):
        recs = copy.deepcopy(fixture_records())
        bad = recs[2]["cve"]
        bad["published"] = "yesterday"
        path = os.path.join(self.tmp, "nvd-bad.json")
        write_catalog(path, recs)
        sim = self.other_sim("sim-bad", "--nvd", path)
        c = self.client(nvd_line(sim))
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 0, err)
        self.assertIn("nvd: 1 page, %d new, 0 updated, 1 skipped"
                      % (len(recs) - 1), out)
        self.assertIn("nvd: skipped item 3 (\"id\": \"%s\"): "
                      "field 'published'" % bad["id"], err)
        self.assertEqual(c.table_rows()["vulnerability"], len(recs) - 1)
        rc, out, _ = c.run("show", bad["id"])
        self.assertNotEqual(rc, 0)

    def test_kev_malformed_entry_named_by_its_cve_rest_kept(self):
        path = self.fixture("kev", "known_exploited_vulnerabilities.json")
        with open(path) as fh:
            catalog = json.load(fh)
        bad = catalog["vulnerabilities"][5]
        bad["dateAdded"] = "yesterday"
        p = os.path.join(self.tmp, "kev-bad.json")
        with open(p, "w") as fh:
            json.dump(catalog, fh)
        sim = self.other_sim("sim-kev-bad", "--kev", p)
        c = self.client(kev_line(sim.url + KEV_PATH))
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 0, err)
        self.assertIn("kev: 1 page, %d new, 0 updated, 1 skipped"
                      % (catalog["count"] - 1), out)
        self.assertIn(bad["cveID"], err)
        self.assertIn("dateAdded", err)
        self.assertEqual(c.table_rows()["vulnerability"],
                         catalog["count"] - 1)

    def test_epss_malformed_line_named_by_its_cve_rest_kept(self):
        path = self.fixture("epss", "epss_scores-excerpt.csv")
        with open(path) as fh:
            lines = fh.read().splitlines()
        rows = [i for i, line in enumerate(lines) if line.startswith("CVE-")]
        i = rows[3]
        cve = lines[i].split(",")[0]
        lines[i] = cve + ",high,0.5"
        p = os.path.join(self.tmp, "epss-bad.csv")
        with open(p, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        sim = self.other_sim("sim-epss-bad", "--epss", p)
        c = self.client(epss_line(sim.url + EPSS_PATH))
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 0, err)
        self.assertIn("epss: 1 page, %d new, 0 updated, 1 skipped"
                      % (len(rows) - 1), out)
        self.assertIn("epss: skipped line %d (\"cve\": \"%s\"): field "
                      "'epss'" % (i + 1, cve), err)
        self.assertEqual(c.table_rows()["epss"], len(rows) - 1)


if __name__ == "__main__":
    sys.exit(run_main(sys.modules[__name__], "feeds"))
