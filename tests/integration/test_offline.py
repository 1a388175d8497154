#!/usr/bin/env python3
"""Every analyst action works offline and reaches the server when it
returns; a change the server made meanwhile becomes a conflict, never an
overwrite (issue 5).

The real binary's edit commands (`centinela incident ...`, `centinela
alert ...`) run while contrib/central-sim is down; the next `centinela
sync` must send each queued entry exactly once (idempotency keys counted
by the simulator) and the server's objects must then show every change.
Run by tests/integration/run.sh with $CENTINELA set to the binary.
"""
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import synclib  # noqa: E402
from test_sync import SyncCase  # noqa: E402


class OfflineTest(SyncCase):
    def go_down(self, seconds=4):
        st, _ = self.sim.call("POST", "/_sim/restart",
                              {"down_seconds": seconds})
        self.assertEqual(st, 202)
        time.sleep(0.3)

    def wait_up(self, deadline=20):
        end = time.monotonic() + deadline
        while True:
            st = None
            try:
                st, _ = self.sim.call("GET", "/_sim/stats")
            except OSError:
                pass
            if st == 200:
                return
            self.assertLess(time.monotonic(), end, "sim not back")
            time.sleep(0.05)

    def rows(self, c, kind, *filters, limit=1000):
        rc, out, err = c.run("list", kind, "--limit", str(limit),
                             "--format", "json", *filters)
        self.assertEqual(rc, 0, err)
        return json.loads(out)

    def show(self, c, ref):
        return json.loads(c.run("show", ref, "--format", "json",
                                check=True)[1])

    def test_offline_every_action_is_replayed_once(self):
        c = self.client()
        self.sync(c)
        incs = self.rows(c, "incidents", "status:new")
        self.assertGreaterEqual(len(incs), 2)
        inc, other = incs[0], incs[1]
        alerts = self.rows(c, "alerts", "status:new")
        self.assertGreaterEqual(len(alerts), 5)
        assets = self.rows(c, "assets", limit=2)
        al_ack, al_dis, al_new, al_to, al_link = alerts[:5]
        ref = inc["reference"]

        self.go_down(6)
        # incident fields, one at a time (each its own outbox entry)
        for field in ("status=triage", "assignee=me", "severity=critical",
                      "tlp=red", "pap=amber"):
            c.run("incident", "set", ref, field, check=True)
        c.run("incident", "note", ref, "written offline", check=True)
        c.run("incident", "link", ref, "alert:%d" % al_link["id"],
              "asset:%d" % assets[0]["id"], check=True)
        c.run("incident", "unlink", ref, "asset:%d" % assets[0]["id"],
              check=True)
        c.run("alert", "ack", str(al_ack["id"]), "--comment", "seen",
              check=True)
        c.run("alert", "dismiss", str(al_dis["id"]), "--reason",
              "scanner noise", check=True)
        c.run("alert", "promote", str(al_to["id"]), "--to",
              other["reference"], check=True)
        rc, out, err = c.run("alert", "promote", str(al_new["id"]),
                             check=True)
        rc, out, err = c.run("incident", "create", "--title",
                             "Created offline", "--category", "malicious-code",
                             "--severity", "high", "--tlp", "amber",
                             check=True)
        queued = c.outbox()
        self.assertEqual(len(queued), 13, queued)
        self.assertEqual({o["state"] for o in queued}, {"pending"})

        rc, out, err = self.sync(c, ok=False)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual(len([o for o in c.outbox()
                              if o["state"] == "pending"]), 13)
        self.wait_up()
        rc, out, err = self.sync(c)
        self.assertIn("outbox: 13 sent, 0 conflicts, 0 failed", out)
        done = c.outbox("--all")
        self.assertEqual([o["state"] for o in done], ["done"] * 13, out)
        stats = self.sim.stats()
        self.assertEqual(stats["applied_twice"], [])
        for o in done:
            self.assertEqual(stats["idempotency"].get(o["idempotency_key"]),
                             1, o)

        srv = self.sim.get("incidents", inc["remote_id"])
        self.assertEqual((srv["status"], srv["assignee"], srv["severity"],
                          srv["tlp"], srv["pap"]),
                         ("triage", "tester", "critical", "red", "amber"))
        self.assertIn("written offline",
                      [n["body"] for n in srv.get("notes", [])])
        self.assertIn(al_link["remote_id"], srv.get("alerts", []))
        self.assertNotIn(assets[0]["remote_id"], srv.get("assets", []))
        self.assertEqual(self.sim.get("alerts", al_ack["remote_id"])
                         ["status"], "acknowledged")
        self.assertEqual(self.sim.get("alerts", al_dis["remote_id"])
                         ["status"], "dismissed")
        to = self.sim.get("alerts", al_to["remote_id"])
        self.assertEqual(to["status"], "promoted")
        # the simulator names the incident by its reference
        self.assertIn(to["incident"], (other["remote_id"],
                                       other["reference"]))
        promoted = self.sim.get("alerts", al_new["remote_id"])
        self.assertEqual(promoted["status"], "promoted")
        self.assertTrue(promoted["incident"])
        created = [i for i in self.rows(c, "incidents", "Created")
                   if i["title"] == "Created offline"]
        self.assertEqual(len(created), 1)
        self.assertTrue(created[0]["remote_id"], created[0])
        self.assertEqual(self.sim.get("incidents", created[0]["remote_id"])
                         ["title"], "Created offline")
        # the cache agrees with the server and is clean
        self.assertEqual(self.show(c, ref)["local_state"], "synced")
        self.assertSameCounts(c)

    def test_offline_change_made_on_the_server_meanwhile_is_a_conflict(self):
        c = self.client()
        self.sync(c)
        incs = self.rows(c, "incidents", "status:new")
        alerts = self.rows(c, "alerts", "status:new")
        self.assertGreaterEqual(len(incs), 3)
        self.assertGreaterEqual(len(alerts), 2)
        i_set, i_note, i_link = incs[0], incs[1], incs[2]
        a_ack, a_dis = alerts[0], alerts[1]

        self.go_down(3)
        c.run("incident", "set", i_set["reference"], "severity=critical",
              check=True)
        c.run("incident", "note", i_note["reference"], "mine", check=True)
        c.run("incident", "link", i_link["reference"],
              "alert:%d" % a_dis["id"], check=True)
        c.run("alert", "ack", str(a_ack["id"]), check=True)
        self.wait_up()
        # the server changes every one of them meanwhile
        for i in (i_set, i_note, i_link):
            self.sim.edit("incidents", i["remote_id"],
                          {"assignee": "other.analyst"})
        self.sim.edit("alerts", a_ack["remote_id"], {"status": "dismissed"})
        rc, out, err = self.sync(c, ok=False)
        self.assertIn("4 conflicts", out, out + err)
        rows = c.outbox()
        self.assertEqual(sorted(o["state"] for o in rows),
                         ["conflict"] * 4, rows)
        # nothing of the server's was overwritten
        for i in (i_set, i_note, i_link):
            self.assertEqual(self.sim.get("incidents", i["remote_id"])
                             ["assignee"], "other.analyst")
        self.assertEqual(self.sim.get("alerts", a_ack["remote_id"])
                         ["status"], "dismissed")
        self.assertEqual(self.sim.stats()["applied_twice"], [])
        # the console's conflicts view reads the same entries
        rc, out, _ = c.run("sources", "--format", "json", check=True)
        self.assertEqual(json.loads(out)[0]["conflicts"], 4)


def main():
    return synclib.run_main(sys.modules[__name__], "integration (offline)")


if __name__ == "__main__":
    sys.exit(main())
