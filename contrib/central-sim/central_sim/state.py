# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator's durable state: one SQLite file in the state folder.

objects      every object of the four resources as its JSON document, with
             the global change sequence number of its last change
meta         counters: the change sequence, next ids, reference numbers,
             writes applied, replays
idem         idempotency records: key -> request fingerprint and answer,
             and how many times the write was applied
"""
import base64
import json
import os
import sqlite3
import threading
import time

from . import data

RESOURCES = ("organizations", "assets", "alerts", "incidents")
ID_PREFIX = {"organizations": "org-", "assets": "as-", "alerts": "a-",
             "incidents": "i-"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
  resource TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,
  version INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (resource, id));
CREATE INDEX IF NOT EXISTS objects_seq ON objects(resource, seq);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idem (
  key TEXT PRIMARY KEY, method TEXT NOT NULL, path TEXT NOT NULL,
  body_hash TEXT NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL,
  response BLOB NOT NULL, times_applied INTEGER NOT NULL,
  created_at REAL NOT NULL);
"""


def make_cursor(seq):
    raw = ("sim1:%d" % seq).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse_cursor(text):
    """Sequence number of a cursor, or None when it is not one of ours."""
    if not text or len(text) > 64:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        tag, _, num = raw.decode("ascii").partition(":")
        if tag != "sim1" or not num.isdigit():
            return None
        return int(num)
    except (ValueError, UnicodeDecodeError):
        return None


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class State:
    def __init__(self, folder, seed=1, size="small", prefix="MX",
                 epoch=None):
        os.makedirs(folder, mode=0o700, exist_ok=True)
        self.path = os.path.join(folder, "central-sim.db")
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.db = sqlite3.connect(self.path, check_same_thread=False,
                                  isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.prefix = prefix
        self.gen = None
        self.closed = False
        self.latest = {r: 0 for r in RESOURCES}
        with self.lock:
            if self.meta("seeded") is None:
                self._seed(seed, size, epoch)
            self.gen = data.Generator(int(self.meta("seed") or 1) * 7919 +
                                      int(self.meta("seq")), prefix)
            self.prefix = self.meta("prefix") or prefix
            for r in RESOURCES:
                row = self.db.execute(
                    "SELECT max(seq) FROM objects WHERE resource=?",
                    (r,)).fetchone()
                self.latest[r] = row[0] or 0

    def close(self):
        with self.lock:
            self.closed = True
            self.changed.notify_all()
            self.db.close()

    # -- meta counters ---------------------------------------------------
    def meta(self, k):
        row = self.db.execute("SELECT v FROM meta WHERE k=?", (k,)).fetchone()
        return row[0] if row else None

    def set_meta(self, k, v):
        self.db.execute("INSERT INTO meta(k,v) VALUES(?,?) ON CONFLICT(k) "
                        "DO UPDATE SET v=excluded.v", (k, str(v)))

    def bump(self, k, by=1):
        v = int(self.meta(k) or 0) + by
        self.set_meta(k, v)
        return v

    def new_id(self, resource):
        return "%s%d" % (ID_PREFIX[resource], self.bump("next:" + resource))

    def new_note_id(self):
        return "n-%d" % self.bump("next:notes")

    def new_reference(self, year):
        return "%s-%04d-%05d" % (self.prefix, year,
                                 self.bump("ref:%04d" % year))

    def reference_used(self, ref):
        return self.db.execute(
            "SELECT 1 FROM objects WHERE resource='incidents' AND "
            "json_extract(body,'$.reference')=?", (ref,)).fetchone() is not None

    # -- objects ---------------------------------------------------------
    def get(self, resource, oid):
        row = self.db.execute(
            "SELECT body FROM objects WHERE resource=? AND id=?",
            (resource, str(oid))).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, resource, obj, now=None):
        """Store a new version of obj (id set); bumps version, seq,
        updated_at. Returns obj. Caller holds the lock."""
        seq = self.bump("seq")
        obj["version"] = int(obj.get("version") or 0) + 1
        obj["updated_at"] = data.iso(now if now is not None else time.time())
        self.db.execute(
            "INSERT INTO objects(resource,id,seq,version,body) "
            "VALUES(?,?,?,?,?) ON CONFLICT(resource,id) DO UPDATE SET "
            "seq=excluded.seq, version=excluded.version, body=excluded.body",
            (resource, obj["id"], seq, obj["version"], dumps(obj)))
        self.latest[resource] = seq
        if resource == "alerts":
            self.changed.notify_all()
        return obj

    def page(self, resource, since, limit):
        """(items, next_seq, has_more) of the changes after since."""
        rows = self.db.execute(
            "SELECT seq, body FROM objects WHERE resource=? AND seq>? "
            "ORDER BY seq LIMIT ?", (resource, since, limit + 1)).fetchall()
        has_more = len(rows) > limit
        rows = rows[:limit]
        nxt = rows[-1][0] if rows else since
        return [json.loads(r[1]) for r in rows], nxt, has_more

    def count(self, resource):
        return self.db.execute("SELECT count(*) FROM objects WHERE resource=?",
                               (resource,)).fetchone()[0]

    def ids(self, resource):
        return [r[0] for r in self.db.execute(
            "SELECT id FROM objects WHERE resource=? ORDER BY seq",
            (resource,))]

    def all(self, resource):
        return [(r[0], json.loads(r[1])) for r in self.db.execute(
            "SELECT id, body FROM objects WHERE resource=? ORDER BY seq",
            (resource,))]

    # -- idempotency -----------------------------------------------------
    def idem_get(self, key):
        row = self.db.execute(
            "SELECT method,path,body_hash,status,headers,response,"
            "times_applied FROM idem WHERE key=?", (key,)).fetchone()
        if not row:
            return None
        return {"method": row[0], "path": row[1], "body_hash": row[2],
                "status": row[3], "headers": json.loads(row[4]),
                "response": bytes(row[5]), "times_applied": row[6]}

    def idem_put(self, key, method, path, body_hash, status, headers,
                 response):
        self.db.execute(
            "INSERT INTO idem(key,method,path,body_hash,status,headers,"
            "response,times_applied,created_at) VALUES(?,?,?,?,?,?,?,1,?) "
            "ON CONFLICT(key) DO UPDATE SET "
            "times_applied=times_applied+1, status=excluded.status, "
            "headers=excluded.headers, response=excluded.response",
            (key, method, path, body_hash, status, json.dumps(headers),
             response, time.time()))

    def idem_counts(self):
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT key, times_applied FROM idem ORDER BY created_at")}

    def begin(self):
        self.db.execute("BEGIN IMMEDIATE")

    def commit(self):
        self.db.execute("COMMIT")

    def rollback(self):
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    # -- generation ------------------------------------------------------
    def _seed(self, seed, size, epoch):
        counts = data.SIZES[size]
        now = int(epoch if epoch is not None else time.time() // 3600 * 3600)
        gen = data.Generator(seed, self.prefix)
        self.begin()
        self.set_meta("seed", seed)
        self.set_meta("prefix", self.prefix)
        self.set_meta("seq", 0)
        orgs = []
        for n in range(counts["organizations"]):
            o = gen.organization(n)
            o["id"] = self.new_id("organizations")
            orgs.append((o["id"], self.put("organizations", o, now)))
        assets = []
        for n in range(counts["assets"]):
            oid, org = orgs[n % len(orgs)]
            a = gen.asset(n, oid, org)
            a["id"] = self.new_id("assets")
            assets.append((a["id"], self.put("assets", a, now)))
        alerts = []
        for n in range(counts["alerts"]):
            a = gen.alert(now, orgs, assets, age_max=14 * 86400)
            a["id"] = self.new_id("alerts")
            r = gen.rng.random()
            if r < 0.2:
                a["status"] = "acknowledged"
            elif r < 0.3:
                a["status"] = "dismissed"
            alerts.append((a["id"], a))
        free = [x for x in alerts if x[1]["status"] != "dismissed"]
        byid = dict(free)
        incidents = []
        for n in range(counts["incidents"]):
            inc, linked = gen.incident(now, gen.rng.randint(3600, 30 * 86400),
                                       orgs, free, assets)
            inc["id"] = self.new_id("incidents")
            year = int(inc["opened_at"][:4])
            inc["reference"] = self.new_reference(year)
            for note in inc["notes"]:
                note["id"] = self.new_note_id()
            for aid in linked:  # the generator skips promoted alerts
                byid[aid]["status"] = "promoted"
                byid[aid]["incident"] = inc["reference"]
            incidents.append(inc)
        for _, a in alerts:
            self.put("alerts", a, now)
        for inc in incidents:
            self.put("incidents", inc, now)
        self.set_meta("seeded", data.iso(now))
        self.commit()

    def generate_alerts(self, n, now=None):
        """Create n new alerts now; returns them."""
        now = time.time() if now is None else now
        orgs = self.all("organizations")
        assets = self.all("assets")
        out = []
        self.begin()
        try:
            for _ in range(n):
                a = self.gen.alert(now, orgs, assets)
                a["id"] = self.new_id("alerts")
                out.append(self.put("alerts", a, now))
            self.commit()
        except BaseException:
            self.rollback()
            raise
        return out
