#!/usr/bin/env python3
"""Remake outbox_v4.sql, the fixture of test_outbox.py's MigrationTest: a
cache written by centinela 0833eb1 (schema 4, the last release whose outbox
kept the native API's request bodies) holding pending edits of every kind.

Usage: CENTINELA=/path/to/centinela-0833eb1 outbox_v4_make.py OUT.sql
Needs the sqlite3 shell (its .dump keeps the FTS tables). Not run by the
tests: the fixture is committed, since no later binary can write it.
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import synclib  # noqa: E402
from test_outbox import FIXTURE_EPOCH  # noqa: E402

# Keep the rows the entries need; the pull brings the rest back.
PRUNE = """
CREATE TEMP TABLE ki AS SELECT id FROM incident WHERE local_state <> 'synced'
  OR id IN (SELECT incident_id FROM outbox WHERE incident_id IS NOT NULL)
  OR id IN (SELECT entity_id FROM outbox WHERE entity = 'incident');
CREATE TEMP TABLE ka AS SELECT id FROM alert WHERE local_state <> 'synced'
  OR id IN (SELECT entity_id FROM outbox WHERE entity = 'alert')
  OR incident_id IN (SELECT id FROM ki)
  OR id IN (SELECT alert_id FROM incident_alert
            WHERE incident_id IN (SELECT id FROM ki))
  OR remote_id IN (SELECT value FROM outbox, json_each(outbox.payload,
                                                       '$.alerts'));
CREATE TEMP TABLE ks AS SELECT id FROM asset
  WHERE id IN (SELECT asset_id FROM alert WHERE id IN (SELECT id FROM ka))
  OR id IN (SELECT asset_id FROM incident_asset
            WHERE incident_id IN (SELECT id FROM ki))
  OR remote_id IN (SELECT value FROM outbox, json_each(outbox.payload,
                                                       '$.assets'));
DELETE FROM alert WHERE id NOT IN (SELECT id FROM ka);
UPDATE alert SET incident_id = NULL WHERE incident_id NOT IN (SELECT id FROM ki);
DELETE FROM note WHERE incident_id NOT IN (SELECT id FROM ki);
DELETE FROM incident_alert WHERE incident_id NOT IN (SELECT id FROM ki)
  OR alert_id NOT IN (SELECT id FROM ka);
DELETE FROM incident_asset WHERE incident_id NOT IN (SELECT id FROM ki)
  OR asset_id NOT IN (SELECT id FROM ks);
DELETE FROM incident WHERE id NOT IN (SELECT id FROM ki);
DELETE FROM alert_observable WHERE alert_id NOT IN (SELECT id FROM ka);
DELETE FROM asset_cpe WHERE asset_id NOT IN (SELECT id FROM ks);
DELETE FROM exposure WHERE asset_id NOT IN (SELECT id FROM ks);
DELETE FROM asset WHERE id NOT IN (SELECT id FROM ks);
DELETE FROM sync_state;
INSERT INTO alert_fts(alert_fts) VALUES ('rebuild');
INSERT INTO incident_fts(incident_fts) VALUES ('rebuild');
INSERT INTO asset_fts(asset_fts) VALUES ('rebuild');
"""


def main(out):
    tmp = tempfile.mkdtemp(prefix="outbox-v4-")
    sim = synclib.Sim(tmp, "sim", "--size", "small", "--epoch",
                      FIXTURE_EPOCH)
    try:
        c = synclib.Client(tmp)
        c.config(synclib.source_line(sim))
        rc, o, err = c.run("sync", timeout=300)
        assert rc == 0, o + err

        def rows(kind, *f):
            return json.loads(c.run("list", kind, "--limit", "1000",
                                    "--format", "json", *f,
                                    check=True)[1])

        def ref(text):
            return re.search(r"MX-\d{4}-\d{5}", text).group(0)

        incs = rows("incidents", "status:new")
        a = [x["id"] for x in rows("alerts", "status:new")]
        assets, orgs = rows("assets"), rows("organizations")
        i0, i1, i2 = (incs[k]["reference"] for k in range(3))
        run = lambda *args: c.run(*args, check=True)[1]  # noqa: E731
        run("incident", "note", i0, "a note made offline\nsecond line")
        run("incident", "set", i0, "status=triage", "priority=2",
            "assignee=ana", "tlp=red", "title=Renamed offline")
        run("incident", "set", i1, "organization=" + orgs[0]["name"],
            "description=new text", "category=fraud/phishing")
        run("incident", "link", i1, "alert:%d" % a[0],
            "asset:%d" % assets[0]["id"])
        run("alert", "ack", str(a[1]), "--comment", "looking")
        run("alert", "ack", str(a[2]))
        run("alert", "dismiss", str(a[3]), "--reason", "false positive")
        made = ref(run("alert", "promote", str(a[4]), str(a[5])))
        run("alert", "merge", str(a[6]), "--to", i2)
        run("alert", "merge", str(a[7]), "--to", made)
        run("incident", "set", made, "priority=1")
        created = ref(run("incident", "create", "--title", "Made offline",
                          "--category", "fraud", "--severity", "high",
                          "--organization", orgs[1]["name"]))
        run("incident", "note", created, "on the created one")
        run("alert", "merge", str(a[8]), "--to", created)
        run("incident", "set", i2, "status=in_progress")
        run("incident", "set", i2, "status=resolved")
        run("incident", "set", i2, "status=closed", "--resolution",
            "fixed offline")
        run("incident", "unlink", i1, "alert:%d" % a[0])
        db_path = os.path.join(tmp, "pruned.db")
        shutil.copy(c.db, db_path)
        db = sqlite3.connect(db_path)
        db.executescript(PRUNE)
        db.commit()
        db.execute("VACUUM")
        db.close()
        dump = subprocess.run(["sqlite3", db_path, ".dump"], check=True,
                              capture_output=True, text=True).stdout
        with open(out, "w") as fh:
            fh.write("-- A cache written by centinela 0833eb1 (schema 4) "
                     "holding pending outbox\n-- entries of every kind; "
                     "see test_outbox.py, MigrationTest.\n")
            fh.write(dump)
            fh.write("PRAGMA user_version = 4;\n"
                     "PRAGMA application_id = 1129598540;\n")
    finally:
        sim.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1])
