#!/usr/bin/env python3
"""Self-test of contrib/central-sim: the protocol of centinela-api(7) and
the simulator's fault injection and control endpoints, seen from a plain
HTTP client (http.client and raw sockets; no curl).

Run by tests/integration/run.sh (make integration-test). Environment:
PARSE_CHECK  the tests/integration/parse_check binary (items pass the
             client's native parser); CENTINELA  the centinela binary (the
             seed data imports into a cache). Either absent: that test
             skips, which fails the run under CI (synclib.run_main).
"""
import csv
import gzip
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

HERE = os.path.dirname(os.path.realpath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import synclib  # noqa: E402

TOP = os.path.dirname(os.path.dirname(HERE))
SIM = os.path.join(TOP, "contrib", "central-sim", "central-sim")
TOKEN = "s3cret-test-token"


class Sim:
    """A central-sim process on a free loopback port."""

    def __init__(self, state, *extra, token=TOKEN):
        self.state = state
        self.token = token
        self.portfile = os.path.join(state + ".port")
        if os.path.exists(self.portfile):
            os.unlink(self.portfile)
        args = [sys.executable, SIM, "--listen", "127.0.0.1:0", "--state",
                state, "--port-file", self.portfile, "--seed", "7"]
        if token:
            args += ["--token", token]
        self.log = open(state + ".log", "ab")
        self.proc = subprocess.Popen(args + list(extra), stderr=self.log)
        deadline = time.monotonic() + 20
        while not os.path.exists(self.portfile):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("central-sim did not start")
            time.sleep(0.05)
        with open(self.portfile) as fh:
            self.port = int(fh.read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def request(self, method, path, body=None, headers=None, auth=True,
                timeout=15):
        h = {}
        if auth and self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        c = http.client.HTTPConnection("127.0.0.1", self.port,
                                       timeout=timeout)
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            c.close()

    def json(self, method, path, body=None, headers=None, **kw):
        st, h, data = self.request(method, path, body, headers, **kw)
        return st, h, (json.loads(data) if data else None)

    def write(self, method, path, body, if_match=None, key=None):
        h = {"Idempotency-Key": key or str(uuid.uuid4())}
        if if_match is not None:
            h["If-Match"] = '"%s"' % if_match
        return self.json(method, path, body, h)

    def faults(self, *rules):
        st, _, _ = self.json("POST", "/_sim/faults", {"rules": list(rules)})
        assert st == 200, st

    def stats(self):
        return self.json("GET", "/_sim/stats")[2]

    def raw(self, request, timeout=5):
        """Send raw bytes; return (bytes read, exception or None)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout)
        got = b""
        try:
            s.sendall(request)
            while True:
                b = s.recv(65536)
                if not b:
                    return got, None
                got += b
        except OSError as exc:
            return got, exc
        finally:
            s.close()

    def get_raw(self, path):
        return self.raw(("GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: "
                         "Bearer %s\r\nConnection: close\r\n\r\n" %
                         (path, self.token)).encode())


def new_incident(**kw):
    inc = {"title": "Ransomware at a water utility", "category": "intrusions",
           "category_type": "system-compromise", "severity": "high",
           "opened_at": "2026-03-01T11:00:00Z"}
    inc.update(kw)
    return inc


class SimTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="centinela-sim-")
        cls.kev = os.path.join(cls.tmp, "kev.json")
        with open(cls.kev, "w") as fh:
            json.dump({"title": "KEV", "catalogVersion": "2026.03.01",
                       "count": 0, "vulnerabilities": []}, fh)
        os.utime(cls.kev, (1772323200, 1772323200))
        cls.sim = Sim(os.path.join(cls.tmp, "main"), "--kev", cls.kev)

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.sim.faults()

    # -- reads -----------------------------------------------------------
    def test_paging_follows_cursor_to_the_end(self):
        ids, since, pages = [], None, 0
        while True:
            q = "/api/v1/alerts?limit=400" + ("&since=" + since if since
                                              else "")
            st, _, page = self.sim.json("GET", q)
            self.assertEqual(st, 200)
            self.assertTrue(page["next_cursor"])
            ids += [a["id"] for a in page["data"]]
            since, pages = page["next_cursor"], pages + 1
            if not page["has_more"]:
                break
        self.assertGreaterEqual(len(ids), 1500)
        self.assertEqual(len(ids), len(set(ids)))
        self.assertGreaterEqual(pages, 4)
        st, _, page = self.sim.json("GET", "/api/v1/alerts?limit=5000")
        self.assertEqual(len(page["data"]), 1000)
        self.assertTrue(page["has_more"])
        st, _, body = self.sim.json("GET", "/api/v1/alerts?since=bogus")
        self.assertEqual((st, body["error"]["code"]), (400, "bad_request"))

    def test_etag_gives_304_until_something_changes(self):
        st, h, page = self.sim.json("GET", "/api/v1/organizations")
        cur = page["next_cursor"]
        self.assertFalse(page["has_more"])
        # the last page's ETag holds for the request that follows it
        st, h1, data = self.sim.request(
            "GET", "/api/v1/organizations?since=" + cur,
            headers={"If-None-Match": h["etag"]})
        self.assertEqual((st, data), (304, b""))
        st, h, page = self.sim.json("GET",
                                    "/api/v1/organizations?since=" + cur)
        self.assertEqual((st, page["data"]), (200, []))
        self.assertEqual(page["next_cursor"], cur)
        etag = h["etag"]
        st, h2, data = self.sim.request(
            "GET", "/api/v1/organizations?since=" + cur,
            headers={"If-None-Match": etag})
        self.assertEqual((st, data, h2["etag"]), (304, b"", etag))
        self.sim.json("POST", "/_sim/edit", {"resource": "organizations",
                                             "id": "org-1",
                                             "changes": {"region": "Sonora"}})
        st, h3, page = self.sim.json("GET",
                                     "/api/v1/organizations?since=" + cur,
                                     headers={"If-None-Match": etag})
        self.assertEqual(st, 200)
        self.assertEqual([o["id"] for o in page["data"]], ["org-1"])
        self.assertEqual(page["data"][0]["region"], "Sonora")
        self.assertNotEqual(h3["etag"], etag)

    def test_long_poll_wakes_on_generate(self):
        st, _, page = self.sim.json("GET", "/api/v1/alerts?limit=1000")
        while page["has_more"]:
            st, _, page = self.sim.json("GET", "/api/v1/alerts?limit=1000&"
                                        "since=" + page["next_cursor"])
        cur = page["next_cursor"]
        t = threading.Timer(0.5, lambda: self.sim.json(
            "POST", "/_sim/generate", {"alerts": 2}))
        t.start()
        t0 = time.monotonic()
        st, _, page = self.sim.json("GET", "/api/v1/alerts?wait=20&since=" +
                                    cur)
        took = time.monotonic() - t0
        t.join()
        self.assertEqual(st, 200)
        self.assertEqual(len(page["data"]), 2)
        self.assertLess(took, 5)
        self.assertGreaterEqual(took, 0.4)
        cur = page["next_cursor"]
        st, h, _ = self.sim.request("GET", "/api/v1/alerts?since=" + cur)
        t0 = time.monotonic()
        st, _, data = self.sim.request(
            "GET", "/api/v1/alerts?wait=1&since=" + cur,
            headers={"If-None-Match": h["etag"]})
        self.assertEqual((st, data), (304, b""))
        self.assertGreaterEqual(time.monotonic() - t0, 0.9)

    def test_gzip_when_accepted(self):
        st, h, data = self.sim.request("GET", "/api/v1/assets?limit=50",
                                       headers={"Accept-Encoding": "gzip"})
        self.assertEqual(h.get("content-encoding"), "gzip")
        self.assertEqual(len(json.loads(gzip.decompress(data))["data"]), 50)

    def test_auth_required(self):
        st, h, body = self.sim.json("GET", "/api/v1/alerts", auth=False)
        self.assertEqual((st, body["error"]["code"]), (401, "unauthorized"))
        self.assertIn("Bearer", h["www-authenticate"])

    def test_kev_conditional_get(self):
        path = ("/sites/default/files/feeds/"
                "known_exploited_vulnerabilities.json")
        st, h, data = self.sim.request("GET", path, auth=False)
        self.assertEqual(st, 200)
        self.assertEqual(json.loads(data)["catalogVersion"], "2026.03.01")
        st, _, data = self.sim.request("GET", path, auth=False, headers={
            "If-None-Match": h["etag"]})
        self.assertEqual((st, data), (304, b""))
        st, _, _ = self.sim.request("GET", path, auth=False, headers={
            "If-Modified-Since": h["last-modified"]})
        self.assertEqual(st, 304)
        st, _, _ = self.sim.request("GET", path, auth=False, headers={
            "If-Modified-Since": "Sun, 01 Feb 2026 00:00:00 GMT"})
        self.assertEqual(st, 200)

    # -- writes ----------------------------------------------------------
    def test_idempotent_replay_applied_once(self):
        key = str(uuid.uuid4())
        n0 = self.sim.stats()["counts"]["incidents"]
        st1, h1, b1 = self.sim.write("POST", "/api/v1/incidents",
                                     new_incident(), key=key)
        st2, h2, b2 = self.sim.write("POST", "/api/v1/incidents",
                                     new_incident(), key=key)
        self.assertEqual((st1, st2), (201, 201))
        self.assertEqual(b1, b2)
        self.assertEqual(h2.get("idempotent-replayed"), "true")
        self.assertEqual(h1["etag"], '"1"')
        self.assertRegex(b1["data"]["reference"], r"^MX-2026-\d{5}$")
        s = self.sim.stats()
        self.assertEqual(s["idempotency"][key], 1)
        self.assertEqual(s["applied_twice"], [])
        self.assertEqual(s["counts"]["incidents"], n0 + 1)
        st, _, b = self.sim.write("POST", "/api/v1/incidents",
                                  new_incident(title="Other"), key=key)
        self.assertEqual((st, b["error"]["code"]),
                         (422, "idempotency_key_reused"))

    def test_write_needs_key_and_if_match(self):
        st, _, b = self.sim.json("POST", "/api/v1/incidents", new_incident())
        self.assertEqual((st, b["error"]["code"]), (400, "bad_request"))
        st, _, b = self.sim.write("PATCH", "/api/v1/incidents/i-1",
                                  {"priority": 1})
        self.assertEqual((st, b["error"]["code"]),
                         (428, "precondition_required"))
        st, _, b = self.sim.write("PATCH", "/api/v1/incidents/i-999999",
                                  {"priority": 1}, if_match=1)
        self.assertEqual((st, b["error"]["code"]), (404, "not_found"))
        st, _, b = self.sim.write("POST", "/api/v1/incidents",
                                  new_incident(severity="hgih"))
        self.assertEqual((st, b["error"]["code"]), (422, "invalid_field"))
        st, _, b = self.sim.write("POST", "/api/v1/incidents",
                                  b"x" * ((1 << 20) + 1))
        self.assertEqual((st, b["error"]["code"]), (413, "payload_too_large"))

    def test_stale_if_match_gets_412_with_current(self):
        _, _, b = self.sim.write("POST", "/api/v1/incidents", new_incident())
        inc = b["data"]
        self.sim.json("POST", "/_sim/edit", {"resource": "incidents",
                                             "id": inc["id"],
                                             "changes": {"assignee": "x"}})
        st, _, b = self.sim.write("PATCH", "/api/v1/incidents/" + inc["id"],
                                  {"status": "triage"},
                                  if_match=inc["version"])
        self.assertEqual((st, b["error"]["code"]), (412, "version_mismatch"))
        self.assertEqual(b["current"]["version"], inc["version"] + 1)
        self.assertEqual(b["current"]["assignee"], "x")
        st, h, b = self.sim.write("PATCH", "/api/v1/incidents/" + inc["id"],
                                  {"status": "triage"},
                                  if_match=inc["version"] + 1)
        self.assertEqual(st, 200)
        self.assertEqual(b["data"]["status"], "triage")
        self.assertEqual(h["etag"], '"%d"' % (inc["version"] + 2))

    def test_conflicts_give_409_with_current(self):
        _, _, b = self.sim.write("POST", "/api/v1/incidents",
                                 new_incident(status="closed"))
        inc = b["data"]
        self.assertTrue(inc["closed_at"])
        st, _, b = self.sim.write("PATCH", "/api/v1/incidents/" + inc["id"],
                                  {"status": "in_progress"},
                                  if_match=inc["version"])
        self.assertEqual((st, b["error"]["code"]), (409, "conflict"))
        self.assertEqual(b["current"]["id"], inc["id"])
        _, _, page = self.sim.json("GET", "/api/v1/alerts?limit=1000")
        a = [x for x in page["data"] if x["status"] == "new"][0]
        st, _, b = self.sim.write("POST", "/api/v1/alerts/%s/dismiss" %
                                  a["id"], {"reason": "benign"},
                                  if_match=a["version"])
        self.assertEqual((st, b["data"]["status"]), (200, "dismissed"))
        v = b["data"]["version"]
        st, _, b = self.sim.write("POST", "/api/v1/alerts/%s/acknowledge" %
                                  a["id"], {}, if_match=v)
        self.assertEqual((st, b["error"]["code"]), (409, "conflict"))
        self.assertEqual(b["current"]["status"], "dismissed")
        st, _, b = self.sim.write("POST", "/api/v1/incidents/%s/link" %
                                  inc["id"], {"alerts": ["a-0"]},
                                  if_match=inc["version"])
        self.assertEqual((st, b["error"]["code"]), (409, "conflict"))

    def test_notes_links_and_promote(self):
        _, _, b = self.sim.write("POST", "/api/v1/incidents", new_incident())
        inc = b["data"]
        st, _, b = self.sim.write("POST", "/api/v1/incidents/%s/notes" %
                                  inc["id"], {"author": "ana.lopez",
                                              "created_at":
                                              "2026-03-01T12:00:00Z",
                                              "body": "Called the SOC."},
                                  if_match=inc["version"])
        self.assertEqual(st, 201)
        inc = b["data"]
        self.assertEqual(inc["notes"][-1]["body"], "Called the SOC.")
        st, _, b = self.sim.write("POST", "/api/v1/incidents/%s/link" %
                                  inc["id"], {"assets": ["as-1"]},
                                  if_match=inc["version"])
        self.assertEqual((st, b["data"]["assets"]), (200, ["as-1"]))
        inc = b["data"]
        st, _, b = self.sim.write("POST", "/api/v1/incidents/%s/unlink" %
                                  inc["id"], {"assets": ["as-1"]},
                                  if_match=inc["version"])
        self.assertEqual((st, b["data"]["assets"]), (200, []))
        created = self.sim.json("POST", "/_sim/generate",
                                {"alerts": 2})[2]["created"]
        st, _, b = self.sim.write("POST", "/api/v1/alerts/%s/promote" %
                                  created[0], {"incident": inc["id"]},
                                  if_match=1)
        self.assertEqual(st, 200)
        self.assertEqual(b["data"]["status"], "promoted")
        self.assertEqual(b["data"]["incident"], inc["reference"])
        self.assertIn(created[0], b["incident"]["alerts"])
        st, _, b = self.sim.write("POST", "/api/v1/alerts/%s/promote" %
                                  created[1],
                                  {"new_incident": new_incident()},
                                  if_match=1)
        self.assertEqual(st, 200)
        self.assertEqual(b["incident"]["alerts"], [created[1]])

    # -- faults ----------------------------------------------------------
    def test_fault_status_and_retry_after(self):
        self.sim.faults({"path": "/api/v1/alerts", "status": 429,
                         "retry_after": 7, "count": 1},
                        {"path": "/api/v1/assets", "status": 503,
                         "count": 1},
                        {"path": "/api/v1/incidents", "method": "POST",
                         "status": 500})
        st, h, b = self.sim.json("GET", "/api/v1/alerts")
        self.assertEqual((st, h["retry-after"], b["error"]["code"]),
                         (429, "7", "rate_limited"))
        st, _, _ = self.sim.json("GET", "/api/v1/alerts?limit=1")
        self.assertEqual(st, 200)  # count 1 expired
        st, _, b = self.sim.json("GET", "/api/v1/assets")
        self.assertEqual((st, b["error"]["code"]), (503, "unavailable"))
        st, _, _ = self.sim.json("GET", "/api/v1/incidents?limit=1")
        self.assertEqual(st, 200)  # method GET does not match
        key = str(uuid.uuid4())
        st, _, b = self.sim.write("POST", "/api/v1/incidents",
                                  new_incident(), key=key)
        self.assertEqual((st, b["error"]["code"]), (500, "internal"))
        self.assertNotIn(key, self.sim.stats()["idempotency"])
        self.sim.faults({"path": "*", "status": 500, "probability": 0})
        self.assertEqual(self.sim.json("GET", "/api/v1/alerts?limit=1")[0],
                         200)

    def test_fault_latency(self):
        self.sim.faults({"path": "/api/v1/organizations", "latency_ms": 400})
        t0 = time.monotonic()
        st, _, _ = self.sim.json("GET", "/api/v1/organizations?limit=1")
        self.assertEqual(st, 200)
        self.assertGreaterEqual(time.monotonic() - t0, 0.38)

    def test_fault_reset(self):
        self.sim.faults({"path": "*", "reset": True, "count": 1})
        got, exc = self.sim.get_raw("/api/v1/alerts")
        self.assertEqual(got, b"")
        self.assertTrue(exc is None or isinstance(exc, ConnectionError))
        self.assertEqual(self.sim.stats()["faults_injected"]["reset"], 1)

    def test_fault_truncate(self):
        self.sim.faults({"path": "*", "truncate": True, "count": 1})
        with self.assertRaises(http.client.IncompleteRead):
            self.sim.request("GET", "/api/v1/organizations")

    def test_fault_malformed(self):
        self.sim.faults({"path": "*", "malformed": True, "count": 1})
        st, _, data = self.sim.request("GET", "/api/v1/organizations")
        self.assertEqual(st, 200)
        with self.assertRaises(ValueError):
            json.loads(data)

    def test_objects_by_id(self):
        st, _, b = self.sim.json("POST", "/_sim/objects", {
            "resource": "incidents", "ids": ["i-1", "i-999999"]})
        self.assertEqual(st, 200)
        self.assertEqual(b["data"]["i-1"]["id"], "i-1")
        self.assertIsNone(b["data"]["i-999999"])
        st, _, _ = self.sim.json("POST", "/_sim/objects", {
            "resource": "planets", "ids": []})
        self.assertEqual(st, 400)

    def test_fault_malformed_write_is_applied_and_replayed(self):
        # a write's damaged answer: applied, and the same key brings the
        # stored answer back without applying it again
        key = str(uuid.uuid4())
        n0 = self.sim.stats()["counts"]["incidents"]
        self.sim.faults({"path": "/api/v1/incidents", "method": "POST",
                         "malformed": True, "count": 1})
        st, _, data = self.sim.request(
            "POST", "/api/v1/incidents", new_incident(title="Damaged"),
            headers={"Idempotency-Key": key})
        self.assertEqual(st, 200)
        with self.assertRaises(ValueError):
            json.loads(data)
        st, h, b = self.sim.write("POST", "/api/v1/incidents",
                                  new_incident(title="Damaged"), key=key)
        self.assertEqual((st, h.get("idempotent-replayed")), (201, "true"))
        self.assertEqual(b["data"]["title"], "Damaged")
        s = self.sim.stats()
        self.assertEqual(s["idempotency"][key], 1)
        self.assertEqual(s["counts"]["incidents"], n0 + 1)

    def test_fault_refusal_status_applies_nothing(self):
        n0 = self.sim.stats()["writes_applied"]
        self.sim.faults({"path": "/api/v1/incidents", "status": 422,
                         "message": "field 'x': refused", "count": 1})
        st, _, b = self.sim.write("POST", "/api/v1/incidents",
                                  new_incident())
        self.assertEqual((st, b["error"]["code"], b["error"]["message"]),
                         (422, "invalid_field", "field 'x': refused"))
        self.assertEqual(self.sim.stats()["writes_applied"], n0)

    def test_fault_stall_does_not_block_others(self):
        self.sim.faults({"path": "/api/v1/alerts", "stall": True,
                         "count": 1})
        s = socket.create_connection(("127.0.0.1", self.sim.port), 5)
        s.sendall(("GET /api/v1/alerts HTTP/1.1\r\nHost: x\r\n"
                   "Authorization: Bearer %s\r\n\r\n" % TOKEN).encode())
        got = b""
        while b"\r\n\r\n" not in got:
            got += s.recv(4096)
        self.assertTrue(got.startswith(b"HTTP/1.1 200"))
        s.settimeout(1.0)
        with self.assertRaises(socket.timeout):
            while True:
                if not s.recv(4096):
                    break
        self.assertEqual(self.sim.json("GET",
                                       "/api/v1/alerts?limit=1")[0], 200)
        s.close()

    def test_fault_oversize(self):
        self.sim.faults({"path": "*", "oversize_mb": 3, "count": 1})
        st, h, data = self.sim.request("GET", "/api/v1/alerts")
        self.assertEqual(st, 200)
        self.assertEqual(len(data), 3 << 20)
        self.assertTrue(data.startswith(b'{"data": ['))

    def test_fault_gzip_bomb(self):
        self.sim.faults({"path": "*", "gzip_bomb_mb": 20, "count": 1})
        st, h, data = self.sim.request("GET", "/api/v1/alerts",
                                       headers={"Accept-Encoding": "gzip"})
        self.assertEqual((st, h["content-encoding"]), (200, "gzip"))
        self.assertLess(len(data), 1 << 20)
        self.assertEqual(len(gzip.decompress(data)), 20 << 20)

    def test_fault_redirect(self):
        self.sim.faults({"path": "*", "redirect": "https://example.org/x",
                         "count": 1})
        st, h, _ = self.sim.request("GET", "/api/v1/alerts")
        self.assertEqual((st, h["location"]), (302, "https://example.org/x"))

    def test_fault_rules_are_checked(self):
        st, _, b = self.sim.json("POST", "/_sim/faults",
                                 {"rules": [{"path": "*", "status": 418}]})
        self.assertEqual(st, 400)

    # -- the client's parser accepts every object ------------------------
    def test_objects_pass_the_native_parser_and_import(self):
        check = os.environ.get("PARSE_CHECK")
        if not check or not os.access(check, os.X_OK):
            self.skipTest("PARSE_CHECK not set")
        d = tempfile.mkdtemp(dir=self.tmp)
        pages = {}
        for r in ("organizations", "assets", "alerts", "incidents"):
            files, since, items = [], None, []
            while True:
                q = "/api/v1/%s?limit=1000%s" % (r, "&since=" + since
                                                 if since else "")
                st, _, data = self.sim.request("GET", q)
                self.assertEqual(st, 200)
                f = os.path.join(d, "%s-%d.json" % (r, len(files)))
                with open(f, "wb") as fh:
                    fh.write(data)
                files.append(f)
                page = json.loads(data)
                items += page["data"]
                since = page["next_cursor"]
                if not page["has_more"]:
                    break
            p = subprocess.run([check, r] + files, capture_output=True,
                               text=True)
            self.assertEqual(p.returncode, 0, p.stderr[:2000])
            pages[r] = items
        binary = os.environ.get("CENTINELA")
        if not binary:
            self.skipTest("CENTINELA not set: the parsed seed data was not "
                          "imported into a cache")
        self.import_into_cache(binary, d, pages)

    def import_into_cache(self, binary, d, pages):
        """Orgs and assets as CSV (what import reads), alerts and
        incidents as served, with references turned into names."""
        orgs = {o["id"]: o for o in pages["organizations"]}
        assets = {a["id"]: a for a in pages["assets"]}

        def asset_ref(i):
            a = assets[i]
            return "%s/%s" % (orgs[a["organization"]]["name"], a["name"])

        with open(os.path.join(d, "o.csv"), "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["name", "sector", "region", "contact",
                        "abuse_contact"])
            for o in orgs.values():
                w.writerow([o["name"], o["sector"], o.get("region", ""),
                            o.get("contact", ""), o.get("abuse_contact", "")])
        with open(os.path.join(d, "a.csv"), "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow("name,organization,sector,kind,criticality,hostname,"
                       "ip,location,vendor,product,version,cpe".split(","))
            for a in assets.values():
                w.writerow([a["name"], orgs[a["organization"]]["name"],
                            a["sector"], a["kind"], a["criticality"],
                            a.get("hostname", ""), a.get("ip", ""),
                            a.get("location", ""), a.get("vendor", ""),
                            a.get("product", ""),
                            a.get("product_version", ""),
                            ";".join(a.get("cpes", []))])
        for kind in ("alerts", "incidents"):
            out = []
            for x in pages[kind]:
                x = dict(x)
                if "organization" in x:
                    x["organization"] = orgs[x["organization"]]["name"]
                if x.get("asset"):
                    x["asset"] = asset_ref(x["asset"])
                if kind == "alerts":
                    x.pop("incident", None)  # incidents come after alerts
                if x.get("assets"):
                    # the store resolves an incident's asset links by
                    # name within the incident's organization
                    x["assets"] = [assets[i]["name"] for i in x["assets"]]
                out.append(x)
            with open(os.path.join(d, kind + ".json"), "w") as fh:
                json.dump({"data": out}, fh)
        db = os.path.join(d, "cache.db")
        env = dict(os.environ, HOME=d, XDG_DATA_HOME=d, XDG_CONFIG_HOME=d)
        for kind, f in (("organizations", "o.csv"), ("assets", "a.csv"),
                        ("alerts", "alerts.json"),
                        ("incidents", "incidents.json")):
            p = subprocess.run([binary, "--db", db, "--create", "import", kind,
                                os.path.join(d, f)], capture_output=True,
                               text=True, env=env)
            self.assertEqual(p.returncode, 0, "%s: %s" % (kind,
                                                          p.stderr[:2000]))


class SimLifecycleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="centinela-sim-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_restart_keeps_state_and_idempotency(self):
        sim = Sim(os.path.join(self.tmp, "st"), "--alert-rate", "240")
        try:
            key = str(uuid.uuid4())
            st, _, b1 = sim.write("POST", "/api/v1/incidents",
                                  new_incident(), key=key)
            self.assertEqual(st, 201)
            n_alerts = sim.stats()["counts"]["alerts"]
            st, _, _ = sim.json("POST", "/_sim/restart",
                                {"down_seconds": 1.5})
            self.assertEqual(st, 202)
            time.sleep(0.5)
            with self.assertRaises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.1", sim.port), 2)
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", sim.port),
                                             2).close()
                    break
                except ConnectionRefusedError:
                    self.assertLess(time.monotonic(), deadline)
                    time.sleep(0.1)
            st, h, b2 = sim.write("POST", "/api/v1/incidents",
                                  new_incident(), key=key)
            self.assertEqual((st, b2), (201, b1))
            self.assertEqual(h.get("idempotent-replayed"), "true")
            st, _, b = sim.json("GET", "/api/v1/incidents?limit=1000")
            self.assertIn(b1["data"]["id"], [i["id"] for i in b["data"]])
            s = sim.stats()
            self.assertEqual(s["idempotency"][key], 1)
            deadline = time.monotonic() + 5  # live alerts, 4 a second
            while s["counts"]["alerts"] <= n_alerts:
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.1)
                s = sim.stats()
        finally:
            self.assertEqual(sim.stop(), 0)
        sim = Sim(os.path.join(self.tmp, "st"))  # a new process
        try:
            st, h, b3 = sim.write("POST", "/api/v1/incidents",
                                  new_incident(), key=key)
            self.assertEqual((st, b3), (201, b1))
            self.assertEqual(sim.stats()["applied_twice"], [])
        finally:
            self.assertEqual(sim.stop(), 0)

    def test_sigterm_exits_promptly_with_a_stalled_connection(self):
        sim = Sim(os.path.join(self.tmp, "st"), token=None)
        sim.faults({"path": "*", "stall": True})
        s = socket.create_connection(("127.0.0.1", sim.port), 5)
        s.sendall(b"GET /api/v1/alerts HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertTrue(s.recv(4096).startswith(b"HTTP/1.1 200"))
        t0 = time.monotonic()
        self.assertEqual(sim.stop(), 0)
        self.assertLess(time.monotonic() - t0, 3)
        s.close()

    def test_refuses_non_loopback_listen(self):
        p = subprocess.run([sys.executable, SIM, "--listen", "0.0.0.0:0",
                            "--state", os.path.join(self.tmp, "x")],
                           capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("--allow-remote", p.stderr)


class SimNvdTest(unittest.TestCase):
    """The NVD CVE API 2.0 at /rest/json/cves/2.0: a generated catalog in
    the yearly feed form (gzipped), paging, windows, key, rate."""
    PATH = "/rest/json/cves/2.0"
    KEY = "nvd-sim-key"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="centinela-sim-nvd-")
        recs = []
        for i in range(25):
            recs.append({"cve": {
                "id": "CVE-2024-%04d" % (i + 1),
                "published": "2024-01-01T00:00:00.000",
                "lastModified": "2024-%02d-01T12:00:00.000" % (i % 12 + 1),
                "vulnStatus": "Analyzed",
                "descriptions": [{"lang": "en", "value": "r%d" % i}]}})
        cls.feed = os.path.join(cls.tmp, "nvdcve-2.0-2024.json.gz")
        with gzip.open(cls.feed, "wt") as fh:
            json.dump({"resultsPerPage": 25, "startIndex": 0,
                       "totalResults": 25, "format": "NVD_CVE",
                       "version": "2.0", "timestamp": "2024-12-01T00:00:00",
                       "vulnerabilities": recs}, fh)
        key = os.path.join(cls.tmp, "key")
        with open(key, "w") as fh:
            fh.write(cls.KEY + "\n")
        cls.sim = Sim(os.path.join(cls.tmp, "nvd"), "--nvd", cls.feed,
                      "--nvd-api-key-file", key, "--nvd-rate", "3,6")

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def get(self, query, key=KEY):
        h = {"apiKey": key} if key else {}
        st, hd, data = self.sim.request("GET", self.PATH + query, auth=False,
                                        headers=h)
        return st, hd, (json.loads(data) if data else None)

    def test_nvd_paging_windows_key_and_rate(self):
        st, _, page = self.get("?resultsPerPage=10&startIndex=20")
        self.assertEqual(st, 200)
        self.assertEqual((page["resultsPerPage"], page["startIndex"],
                          page["totalResults"], page["format"]),
                         (5, 20, 25, "NVD_CVE"))
        self.assertEqual(page["vulnerabilities"][0]["cve"]["id"],
                         "CVE-2024-0021")
        # lastModified in [Feb 1, Mar 31]: months 2 and 3, 2 + 2 records
        st, _, page = self.get(
            "?lastModStartDate=2024-02-01T00:00:00.000%2B00:00"
            "&lastModEndDate=2024-03-31T00:00:00.000Z")
        self.assertEqual((st, page["totalResults"]), (200, 4))
        for q, why in (
                ("?lastModStartDate=2024-01-01T00:00:00.000%2B00:00"
                 "&lastModEndDate=2024-05-01T00:00:01.000%2B00:00", "120"),
                ("?lastModStartDate=2024-01-01T00:00:00.000%2B00:00",
                 "Both"),
                ("?lastModStartDate=2024-01-01T00:00:00.000+00:00"
                 "&lastModEndDate=2024-02-01T00:00:00.000%2B00:00",
                 "Invalid date-time"),
                ("?resultsPerPage=2001", "resultsPerPage")):
            st, hd, body = self.get(q)
            self.assertEqual((st, body), (404, None), q)
            self.assertIn(why, hd["message"])
        st, hd, _ = self.get("", key="wrong")
        self.assertEqual((st, hd["message"]), (404, "Invalid apiKey"))
        # 6 keyed requests in 30 s (those above, refused or not, but
        # for the wrong key's), then 403; 3 without a key, then 403
        self.assertEqual(self.get("?resultsPerPage=1")[0], 403)
        codes = [self.get("?resultsPerPage=1", key=None)[0]
                 for _ in range(4)]
        self.assertEqual(codes, [200, 200, 200, 403])
        reqs = self.sim.stats()["nvd"]["requests"]
        self.assertEqual(len(reqs), 12)
        self.assertEqual([r["key"] for r in reqs[-4:]], [False] * 4)
        self.assertEqual([r["status"] for r in reqs[-4:]],
                         [200, 200, 200, 403])
        self.assertLessEqual(reqs[0]["at"], reqs[-1]["at"])
        # records added or replaced at run time
        st, _, body = self.sim.json("POST", "/_sim/nvd", {"records": [
            {"cve": {"id": "CVE-2024-0001", "lastModified":
                     "2024-06-01T00:00:00.000"}},
            {"cve": {"id": "CVE-2024-9999", "lastModified":
                     "2024-06-01T00:00:00.000"}}]})
        self.assertEqual((st, body), (200, {"records": 2, "catalog": 26}))


def main():
    return synclib.run_main(sys.modules[__name__], "integration (sim)")


if __name__ == "__main__":
    sys.exit(main())
