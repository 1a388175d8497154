#!/usr/bin/env python3
"""The outbox against answers that go wrong (issue 11): an answer that
cannot be read is sent again under the same idempotency key; an entry the
server refuses waits for the analyst, says so, holds what comes after it in
its row or incident, and can be retried or dropped; an edit queued behind a
create, a promote or a merge is based on the version the server returned;
a Retry-After is honoured by the next `centinela sync` too.

Run by tests/integration/run.sh with $CENTINELA set to the binary.
"""
import json
import re
import sqlite3
import sys
import os
import shutil
import tempfile
import time
import unittest
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import synclib  # noqa: E402
from test_sync import SyncCase  # noqa: E402

REFUSE = {"path": "/api/v1/incidents/", "method": "PATCH", "status": 422,
          "message": "field 'assignee': no analyst 'nobody' here",
          "count": 1}


class OutboxTest(SyncCase):
    def rows(self, c, kind, *filters):
        rc, out, err = c.run("list", kind, "--limit", "1000", "--format",
                             "json", *filters)
        self.assertEqual(rc, 0, err)
        return json.loads(out)

    def show(self, c, ref):
        return json.loads(c.run("show", ref, "--format", "json",
                                check=True)[1])

    def applied_once(self, c):
        stats = self.sim.stats()
        self.assertEqual(stats["applied_twice"], [])
        for o in c.outbox("--all"):
            if o["state"] == "done":
                self.assertEqual(
                    stats["idempotency"].get(o["idempotency_key"]), 1, o)

    def audit(self, c, action):
        db = sqlite3.connect("file:%s?mode=ro" % c.db, uri=True)
        try:
            return [r[0] for r in db.execute(
                "SELECT detail FROM audit WHERE action = ? ORDER BY id",
                (action,))]
        finally:
            db.close()

    # -- point 1: answers that cannot be read, refusals -------------------
    def test_sync_unreadable_answer_is_sent_again_under_its_key(self):
        c = self.client()
        self.sync(c)
        inc = self.rows(c, "incidents", "status:new")[0]
        ref = inc["reference"]
        replays = self.sim.stats()["replays"]
        # the reproduction: a 200 with a broken body (applied)
        self.sim.faults({"path": "/api/v1/", "method": "POST",
                         "malformed": True, "count": 1})
        c.note(ref, "first of two")
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertIn("central: offline: answer to add_note", err)
        self.assertEqual([o["state"] for o in c.outbox()], ["pending"])
        c.note(ref, "second of two")
        rc, out, err = self.sync(c)
        self.assertIn("outbox: 2 sent, 0 conflicts, 0 failed", out)
        self.assertEqual(c.outbox(), [])
        self.assertGreater(self.sim.stats()["replays"], replays)
        self.applied_once(c)
        bodies = [n["body"] for n in
                  self.sim.get("incidents", inc["remote_id"])["notes"]]
        self.assertEqual((bodies.count("first of two"),
                          bodies.count("second of two")), (1, 1), bodies)
        self.assertEqual(self.show(c, ref)["local_state"], "synced")
        # a truncated answer (the write applied) is the same: sent again
        self.sim.faults({"path": "/api/v1/", "method": "POST",
                         "truncate": True, "count": 1})
        c.note(ref, "third, truncated")
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertIn("truncated", err)
        self.assertEqual([o["state"] for o in c.outbox()], ["pending"])
        self.sync(c)
        self.assertEqual(c.outbox(), [])
        self.applied_once(c)
        bodies = [n["body"] for n in
                  self.sim.get("incidents", inc["remote_id"])["notes"]]
        self.assertEqual(bodies.count("third, truncated"), 1, bodies)

    def test_sync_refused_entry_waits_for_the_analyst_and_says_so(self):
        c = self.client()
        self.sync(c)
        inc = self.rows(c, "incidents", "status:new")[1]
        ref = inc["reference"]
        self.sim.faults(REFUSE)
        c.run("incident", "set", ref, "assignee=nobody", check=True)
        c.note(ref, "written after the refused change")
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertIn("1 failed, 1 held behind a failed or conflicting "
                      "entry", out)
        box = c.outbox()
        self.assertEqual([(o["state"], o["operation"]) for o in box],
                         [("failed", "update"), ("pending", "add_note")])
        failed, held = box
        self.assertIn("no analyst 'nobody' here", failed["last_error"])
        self.assertIn("outbox entry %d (update of %s) failed: HTTP 422"
                      % (failed["id"], ref), err)
        self.assertIn("centinela outbox retry %d" % failed["id"], err)
        self.assertIn("centinela outbox drop %d" % failed["id"], err)
        self.assertIn("1 later edit waits behind", err)
        self.assertEqual((held["is_held"], held["held_by"]),
                         (True, failed["id"]))
        rc, table, _ = c.run("outbox", check=True)
        self.assertRegex(table, r"after %d" % failed["id"])
        self.assertIn("1 failed entry needs you", table)
        # every later sync says it again, and exits 1, sending nothing
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1)
        self.assertIn("outbox entry %d" % failed["id"], err)
        self.assertEqual([o["state"] for o in c.outbox()],
                         ["failed", "pending"])
        # retried (a new key, since the refusal applied nothing): both go
        rc, out, err = c.run("outbox", "retry", str(failed["id"]))
        self.assertEqual(rc, 0, err)
        self.assertIn("will be sent again", out)
        after = c.outbox()[0]
        self.assertEqual(after["state"], "pending")
        self.assertNotEqual(after["idempotency_key"],
                            failed["idempotency_key"])
        rc, out, err = self.sync(c)
        self.assertIn("outbox: 2 sent, 0 conflicts, 0 failed", out)
        srv = self.sim.get("incidents", inc["remote_id"])
        self.assertEqual(srv["assignee"], "nobody")
        self.assertIn("written after the refused change",
                      [n["body"] for n in srv["notes"]])
        self.assertEqual(len(self.audit(c, "outbox.retry")), 1)
        self.applied_once(c)

    def test_sync_dropped_entry_is_audited_and_the_server_copy_returns(self):
        c = self.client()
        self.sync(c)
        inc = self.rows(c, "incidents", "status:new")[2]
        ref = inc["reference"]
        self.sim.faults(REFUSE)
        c.run("incident", "set", ref, "assignee=nobody", check=True)
        self.sync(c, ok=False)
        failed = c.outbox()[0]
        self.assertEqual(failed["state"], "failed")
        # wrong states and ids are refused with a reason
        rc, _, err = c.run("outbox", "retry", "999999")
        self.assertEqual(rc, 3, err)
        rc, _, err = c.run("outbox", "drop", "x")
        self.assertEqual(rc, 2, err)
        rc, out, err = c.run("outbox", "drop", str(failed["id"]))
        self.assertEqual(rc, 0, err)
        self.assertIn("dropped", out)
        rc, _, err = c.run("outbox", "retry", str(failed["id"]))
        self.assertEqual(rc, 1)
        self.assertIn("is dropped, not failed", err)
        self.assertEqual(c.outbox(), [])
        dropped = c.outbox("--all")[-1]
        self.assertEqual((dropped["id"], dropped["state"]),
                         (failed["id"], "dropped"))
        detail = self.audit(c, "outbox.drop")
        self.assertEqual(len(detail), 1)
        self.assertIn("outbox %d update: dropped" % failed["id"], detail[0])
        # the row keeps the change, dirty, until the server sends it
        self.assertEqual(self.show(c, ref)["assignee"], "nobody")
        self.assertEqual(self.show(c, ref)["local_state"], "dirty")
        rc, out, err = self.sync(c)
        self.sim.edit("incidents", inc["remote_id"], {"priority": 1})
        self.sync(c)
        row = self.show(c, ref)
        self.assertEqual((row["assignee"], row["priority"],
                          row["local_state"]), (None, 1, "synced"), row)
        self.assertEqual(self.sim.get("incidents", inc["remote_id"])
                         .get("assignee"), None)

    # -- point 2: edits queued behind a create, a promote, a merge --------
    def test_sync_edit_after_an_offline_promote_is_no_conflict(self):
        c = self.client()
        self.sync(c)
        alerts = self.rows(c, "alerts", "status:new")
        rc, out, _ = c.run("alert", "promote", str(alerts[0]["id"]),
                           str(alerts[1]["id"]), check=True)
        ref = re.search(r"MX-\d{4}-\d{5}", out).group(0)
        c.run("incident", "set", ref, "priority=2", check=True)
        c.note(ref, "on the promoted incident")
        rc, out, err = self.sync(c)
        self.assertIn("outbox: 4 sent, 0 conflicts, 0 failed", out)
        row = self.show(c, ref)
        srv = self.sim.get("incidents", row["remote_id"])
        self.assertEqual(srv["priority"], 2)
        self.assertEqual((row["priority"], row["local_state"],
                          row["version"]), (2, "synced", srv["version"]))
        self.applied_once(c)

    def test_sync_edit_after_an_offline_merge_is_no_conflict(self):
        c = self.client()
        self.sync(c)
        alerts = self.rows(c, "alerts", "status:new")
        inc = self.rows(c, "incidents", "status:new")[3]
        ref = inc["reference"]
        c.run("incident", "set", ref, "severity=high", check=True)
        c.run("alert", "merge", str(alerts[2]["id"]), "--to", ref,
              check=True)
        c.run("incident", "set", ref, "priority=1", check=True)
        c.run("alert", "merge", str(alerts[3]["id"]), "--to", ref,
              check=True)
        c.note(ref, "after two merges")
        rc, out, err = self.sync(c)
        self.assertIn("outbox: 5 sent, 0 conflicts, 0 failed", out)
        srv = self.sim.get("incidents", inc["remote_id"])
        self.assertEqual((srv["severity"], srv["priority"]), ("high", 1))
        self.assertEqual(self.show(c, ref)["local_state"], "synced")
        self.applied_once(c)

    def test_sync_edit_made_between_two_replays_is_no_conflict(self):
        c = self.client()
        self.sync(c)
        inc = self.rows(c, "incidents", "status:new")[4]
        ref = inc["reference"]
        c.note(ref, "goes first")
        c.run("incident", "set", ref, "assignee=ana.first", check=True)
        # the note goes, the change meets a 500: the sync stops there
        self.sim.faults({"path": "/api/v1/incidents/", "method": "PATCH",
                         "status": 500, "count": 1})
        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual([(o["operation"], o["state"]) for o in c.outbox()],
                         [("update", "pending")])
        # an edit made now is based on the version the note made
        c.run("incident", "set", ref, "title=Renamed between replays",
              check=True)
        # past the entry's backoff, which an older sync kept to
        time.sleep(3)
        rc, out, err = self.sync(c)
        self.assertIn("outbox: 2 sent, 0 conflicts, 0 failed", out)
        srv = self.sim.get("incidents", inc["remote_id"])
        self.assertEqual((srv["assignee"], srv["title"]),
                         ("ana.first", "Renamed between replays"))
        self.applied_once(c)

    def test_sync_edit_after_a_create_still_rebases(self):
        c = self.client()
        self.sync(c)
        rc, out, _ = c.run("incident", "create", "--title", "Made here",
                           "--category", "fraud", "--severity", "low",
                           check=True)
        ref = re.search(r"MX-\d{4}-\d{5}", out).group(0)
        c.run("incident", "set", ref, "status=triage", check=True)
        c.note(ref, "on the new one")
        self.sync(c)
        self.assertEqual(c.outbox(), [])
        row = self.show(c, ref)
        self.assertEqual(self.sim.get("incidents", row["remote_id"])
                         ["status"], "triage")

    # -- point 12: Retry-After holds the next manual sync ------------------
    def test_sync_honours_a_long_retry_after_across_runs(self):
        for status in (429, 503):
            with self.subTest(status=status):
                c = self.client()
                self.sync(c)
                self.sim.generate(2)
                self.sim.faults({"path": "/api/v1/", "status": status,
                                 "retry_after": 3600, "count": 1})
                rc, out, err = self.sync(c, ok=False)
                self.assertEqual(rc, 1, out + err)
                self.assertIn("HTTP %d" % status, err)
                self.assertRegex(err, r"wait until \d\d:\d\d:\d\d \(in "
                                 r"(59m|1h)\)")
                asked = sum(self.sim.stats()["requests"].values())
                rc, out, err = self.sync(c, ok=False)
                self.assertEqual(rc, 1, out + err)
                self.assertIn("not asked", out)
                self.assertIn("central: not asked: the server asked to "
                              "wait until", err)
                self.assertIn("centinela sync --force", err)
                self.assertEqual(sum(self.sim.stats()["requests"]
                                     .values()), asked)
                rc, out, err = c.run("sync", "--force",
                                     timeout=SYNC_TIMEOUT_S)
                self.assertEqual(rc, 0, out + err)
                self.assertGreater(sum(self.sim.stats()["requests"]
                                       .values()), asked)
                # a success lifts the hold for every later run
                self.sync(c)
                self.assertSameCounts(c)

    def test_sync_waits_out_a_short_retry_after(self):
        c = self.client()
        self.sync(c)
        self.sim.faults({"path": "/api/v1/", "status": 429,
                         "retry_after": 2, "count": 1})
        self.sync(c, ok=False)
        t0 = time.monotonic()
        self.sync(c)
        self.assertGreater(time.monotonic() - t0, 0.5)

    # -- a reference two clients proposed --------------------------------
    def create(self, c, title):
        out = c.run("incident", "create", "--title", title, "--category",
                    "fraud", "--severity", "low", check=True)[1]
        return re.search(r"[A-Z]{2,8}-\d{4}-\d{5}", out).group(0)

    def titled(self, c, title):
        return [i for i in self.rows(c, "incidents") if i["title"] == title]

    def at_server(self, title):
        return [o for o in self.sim.all("incidents") if o["title"] == title]

    def two_proposals(self, title_a, title_b):
        """Clients a and b, both synced, a's incident made (not sent) and
        b's made and synced under the same proposed reference."""
        a, b = self.client(), self.client()
        self.sync(a)
        self.sync(b)
        ref = self.create(a, title_a)
        self.assertEqual(self.create(b, title_b), ref)
        self.sync(b)
        self.assertEqual([o["reference"] for o in self.at_server(title_b)],
                         [ref])
        return a, b, ref

    def assert_both_once(self, a, title_a, title_b, ref):
        """Each incident once at the server and once in a's cache, b's
        under ref, a's under the reference the server gave it."""
        self.assertEqual(a.outbox(), [])
        self.applied_once(a)
        for title in (title_a, title_b):
            srv, mine = self.at_server(title), self.titled(a, title)
            self.assertEqual(len(srv), 1, (title, srv))
            self.assertEqual(len(mine), 1, (title, mine))
            self.assertEqual((mine[0]["remote_id"], mine[0]["reference"]),
                             (srv[0]["id"], srv[0]["reference"]))
            self.assertEqual(self.show(a, mine[0]["reference"])
                             ["local_state"], "synced")
        self.assertEqual(self.titled(a, title_b)[0]["reference"], ref)
        self.assertNotEqual(self.titled(a, title_a)[0]["reference"], ref)
        self.assertEqual(a.count("incidents"), self.sim_counts()["incidents"])

    def assert_gave_way(self, a, title_a, title_b, ref):
        """After a pull: b's incident under ref, a's (still to send)
        renumbered, with its timeline."""
        theirs = self.titled(a, title_b)
        self.assertEqual([(i["reference"], i["remote_id"]) for i in theirs],
                         [(ref, self.at_server(title_b)[0]["id"])])
        mine = self.titled(a, title_a)
        self.assertEqual(len(mine), 1, mine)
        self.assertNotEqual(mine[0]["reference"], ref)
        shown = self.show(a, mine[0]["reference"])
        self.assertEqual(shown["local_state"], "dirty")
        self.assertFalse(shown.get("remote_id"))
        self.assertTrue(any(n["body"].startswith("created: " + title_a)
                            for n in shown["notes"]), shown["notes"])

    def test_sync_pulled_incident_takes_the_reference_of_a_refused_create(
            self):
        # the reproduction: a's create refused, b's made under the same
        # reference reached the server; a's pull stored nothing of it
        self.sim.faults({"path": "/api/v1/incidents", "method": "POST",
                         "status": 422, "count": 1,
                         "message": "field 'title': refused here"})
        a, b = self.client(), self.client()
        self.sync(a)
        self.sync(b)
        ref = self.create(a, "Refused at first")
        rc, out, err = self.sync(a, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual([o["state"] for o in a.outbox()], ["failed"])
        self.assertEqual(self.create(b, "Made by b, refused one"), ref)
        self.sync(b)
        rc, out, err = self.sync(a, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assert_gave_way(a, "Refused at first", "Made by b, refused one",
                             ref)
        failed = a.outbox()[0]
        a.run("outbox", "retry", str(failed["id"]), check=True)
        self.sync(a)
        self.assert_both_once(a, "Refused at first",
                              "Made by b, refused one", ref)

    def test_sync_pulled_incident_takes_the_reference_of_an_unsent_create(
            self):
        # a's create is not sent in the pass that pulls b's (queued while
        # it pulled, or behind an entry answered 500): nothing applied
        a, b, ref = self.two_proposals("Not sent yet", "Made by b, unsent")
        existing = next(i["reference"] for i in
                        self.rows(a, "incidents", "status:new")
                        if i["remote_id"])
        # the note goes first (FIFO): move the create after it
        a.note(existing, "sent before the create")
        db = sqlite3.connect(a.db)
        with db:
            db.execute("UPDATE outbox SET id = id + 1000 WHERE operation = "
                       "'create'")
        db.close()
        self.sim.faults({"path": "/api/v1/incidents/", "method": "POST",
                         "status": 500, "count": 1})
        rc, out, err = self.sync(a, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual([(o["operation"], o["attempts"])
                          for o in a.outbox()], [("add_note", 1),
                                                 ("create", 0)])
        self.assert_gave_way(a, "Not sent yet", "Made by b, unsent", ref)
        self.sync(a)
        self.assert_both_once(a, "Not sent yet", "Made by b, unsent", ref)

    def test_sync_own_create_sent_without_an_answer_is_stored_once(self):
        # a's create applied, its answer lost, then a killed before it
        # recorded anything: the server's copy is a's incident, and the
        # next pass that cannot replay the create must not pull it
        a = self.client()
        self.sync(a)
        existing = self.rows(a, "incidents", "status:new")[0]["reference"]
        ref = self.create(a, "Answer lost")
        self.sim.faults({"path": "/api/v1/incidents", "method": "POST",
                         "malformed": True, "count": 1})
        rc, out, err = self.sync(a, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual([o["reference"] for o in
                          self.at_server("Answer lost")], [ref])
        # what a process killed once the create was out leaves
        a.note(existing, "queued before the create is sent again")
        db = sqlite3.connect(a.db)
        with db:
            db.execute("UPDATE outbox SET id = id + 1000, attempts = 0, "
                       "last_error = 'sent, no answer yet: the server may "
                       "have made the incident; the next sync sends it "
                       "again under its key' WHERE operation = 'create'")
        db.close()
        self.sim.faults({"path": "/api/v1/incidents/", "method": "POST",
                         "status": 500, "count": 1})
        rc, out, err = self.sync(a, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual(len(self.titled(a, "Answer lost")), 1)
        self.sync(a)
        self.assertEqual(a.outbox(), [])
        self.applied_once(a)
        srv = self.at_server("Answer lost")
        mine = self.titled(a, "Answer lost")
        self.assertEqual(len(srv), 1, srv)
        self.assertEqual([(i["remote_id"], i["reference"]) for i in mine],
                         [(srv[0]["id"], ref)])
        self.assertEqual(a.count("incidents"), self.sim_counts()["incidents"])


SYNC_TIMEOUT_S = 40


# The cache of tests/integration/outbox_v4.sql was written by centinela
# 0833eb1 (schema 4, the outbox holding the native API's request bodies)
# against central-sim --seed 7 --size small --epoch FIXTURE_EPOCH; the
# simulator here is started the same way, so that its objects are the
# ones the cache knows. Its pending entries, in order: a note and a
# change of MX-2025-00050; a change, a link and an unlink of
# MX-2025-00021; two acknowledgements (one with a comment) and a
# dismissal; the promote of two alerts into a new incident
# (MX-2026-00001) and the merge of a third into it before it has its id
# at the server; a merge into MX-2025-00034; a change of the new
# incident; the create of MX-2026-00002, a note on it and a merge into
# it; MX-2025-00034 moved to closed with a resolution. Rows the entries
# do not need were pruned from the dump, and its sync state cleared.
FIXTURE_EPOCH = "1767225600"


class MigrationTest(unittest.TestCase):
    sim = None
    tmp = None

    @classmethod
    def setUpClass(cls):
        if not os.access(synclib.BIN, os.X_OK):
            raise unittest.SkipTest("no centinela binary at " + synclib.BIN)
        cls.tmp = tempfile.mkdtemp(prefix="centinela-migration-")
        cls.sim = synclib.Sim(cls.tmp, "sim", "--size", "small",
                              "--epoch", FIXTURE_EPOCH)

    @classmethod
    def tearDownClass(cls):
        if cls.sim:
            cls.sim.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def old_cache(self):
        c = synclib.Client(self.tmp, "c-" + uuid.uuid4().hex[:8])
        c.config(synclib.source_line(self.sim))
        os.makedirs(os.path.dirname(c.db), mode=0o700)
        with open(os.path.join(synclib.HERE, "outbox_v4.sql")) as fh:
            dump = fh.read()
        db = sqlite3.connect(c.db)
        try:
            db.executescript(dump)
        finally:
            db.close()
        return c

    def server_alert(self, rid):
        return self.sim.objects("alerts", [rid])[rid]

    def test_sync_replays_every_kind_of_edit_of_a_schema_4_cache(self):
        c = self.old_cache()
        # the first command migrates; the entries keep their order, keys
        # and kinds
        before = c.outbox()
        self.assertEqual(
            [(o["entity"], o["operation"]) for o in before],
            [("incident", "add_note"), ("incident", "update"),
             ("incident", "update"), ("incident", "link"),
             ("alert", "acknowledge"), ("alert", "acknowledge"),
             ("alert", "dismiss"), ("alert", "promote"),
             ("alert", "promote"), ("alert", "promote"),
             ("alert", "promote"), ("incident", "update"),
             ("incident", "create"), ("incident", "add_note"),
             ("alert", "promote"), ("incident", "update"),
             ("incident", "update"), ("incident", "add_note"),
             ("incident", "update"), ("incident", "unlink")])
        out = c.run("db", "check", check=True)[1]
        self.assertRegex(out, r"schema version +14\n")
        rc, out, err = c.run("sync", timeout=SYNC_TIMEOUT_S)
        self.assertEqual(rc, 0, out + err)
        self.assertIn("outbox: 20 sent, 0 conflicts, 0 failed", out)
        self.assertEqual(c.outbox(), [])
        done = c.outbox("--all")
        self.assertEqual([o["state"] for o in done], ["done"] * 20)
        self.assertEqual([o["idempotency_key"] for o in done],
                         [o["idempotency_key"] for o in before])
        stats = self.sim.stats()
        self.assertEqual(stats["applied_twice"], [])
        for o in done:
            self.assertEqual(stats["idempotency"].get(o["idempotency_key"]),
                             1, o)

        def inc(rid):
            return self.sim.get("incidents", rid)

        def notes(obj):
            return [(n["author"], n["body"]) for n in obj["notes"]]

        # a note and a field change
        i50 = inc("i-50")
        self.assertEqual(
            (i50["title"], i50["assignee"], i50["tlp"], i50["status"],
             i50["priority"]),
            ("Renamed offline", "ana", "red", "triage", 2))
        self.assertIn(("tester", "a note made offline\nsecond line"),
                      notes(i50))
        # a change naming an organization, a link and an unlink
        i21 = inc("i-21")
        self.assertEqual(
            (i21["description"], i21["category"], i21["category_type"],
             i21["organization"]),
            ("new text", "fraud", "phishing", "org-37"))
        self.assertIn("as-297", i21["assets"])
        self.assertNotIn("a-504", i21["alerts"])
        # acknowledge, dismiss
        acked = self.server_alert("a-1317")
        self.assertEqual(acked["status"], "acknowledged")
        self.assertEqual(self.server_alert("a-1237")["status"],
                         "acknowledged")
        self.assertEqual(self.server_alert("a-430")["status"], "dismissed")
        # a merge into an incident of the server, then its closing
        i34 = inc("i-34")
        self.assertIn("a-588", i34["alerts"])
        self.assertEqual(i34["status"], "closed")
        self.assertIn(("tester", "fixed offline"), notes(i34))
        # the promote to a new incident, a merge into it before it had
        # its id, a change of it
        new = self.show(c, "MX-2026-00001")
        srv = inc(new["remote_id"])
        self.assertEqual(srv["priority"], 1)
        members = [a for a in ("a-643", "a-1409", "a-536")
                   if self.server_alert(a)["status"] == "promoted"]
        self.assertEqual(len(members), 3)
        for a in members:
            self.assertIn(a, srv["alerts"])
        # the create, a note on it, a merge into it
        made = self.show(c, "MX-2026-00002")
        srv = inc(made["remote_id"])
        self.assertEqual(
            (srv["title"], srv["category"], srv["severity"],
             srv["organization"]),
            ("Made offline", "fraud", "high", "org-12"))
        self.assertIn(("tester", "on the created one"), notes(srv))
        self.assertIn("a-636", srv["alerts"])
        for ref in ("MX-2025-00050", "MX-2025-00021", "MX-2025-00034",
                    "MX-2026-00001", "MX-2026-00002"):
            self.assertEqual(self.show(c, ref)["local_state"], "synced",
                             ref)

    def show(self, c, ref):
        return json.loads(c.run("show", ref, "--format", "json",
                                check=True)[1])


def main():
    return synclib.run_main(sys.modules[__name__], "integration (outbox)")


if __name__ == "__main__":
    sys.exit(main())
