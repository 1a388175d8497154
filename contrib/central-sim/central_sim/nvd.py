# SPDX-License-Identifier: GPL-3.0-or-later
"""The NVD CVE API 2.0 at its real path, /rest/json/cves/2.0, as NVD
documents it: startIndex/resultsPerPage paging (at most 2000 a page),
lastModStartDate/lastModEndDate and pubStartDate/pubEndDate windows (both
ends or neither, at most 120 days, extended ISO-8601), cveId; errors are
404 with an empty body and the reason in a "message" header; the public
rate limit (5 requests in any rolling 30 s without an API key, 50 with
one) answered 403, as NVD's firewall does; the key in the "apiKey" header.

The catalog is read from NVD API 2.0 response files or 2.0 JSON feed
files (nvdcve-2.0-YYYY.json, plain or .gz), which share the envelope: the
records of every file, a later record of the same CVE id replacing the
earlier one in place. Each record is kept as its JSON bytes, so that a
catalog of 250,000 CVEs fits in memory and a page is a join of bytes."""
import collections
import datetime
import gzip
import hmac
import json
import os
import threading
import time

from .api import Reply

NVD_PATH = "/rest/json/cves/2.0"
PAGE_MAX = 2000
WINDOW_MAX = 120 * 86400
RATE_WINDOW = 30.0
REQUESTS_KEPT = 100000
PARAMS = ("resultsPerPage", "startIndex", "lastModStartDate",
          "lastModEndDate", "pubStartDate", "pubEndDate", "cveId",
          "noRejected")


def parse_time(s, zone_required):
    """Unix seconds of an ISO-8601 date-time; a record's own times have no
    zone (UTC). None when it is not one."""
    if not isinstance(s, str) or len(s) < 19 or s[10] != "T":
        return None
    txt = s
    if txt.endswith("Z"):
        txt = txt[:-1] + "+00:00"
    try:
        dt = datetime.datetime.fromisoformat(txt)
    except ValueError:
        return None
    if dt.tzinfo is None:
        if zone_required:
            return None
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


class Record:
    __slots__ = ("cve_id", "modified", "published", "blob", "rejected")

    def __init__(self, item):
        cve = item.get("cve") if isinstance(item, dict) else None
        cve = cve if isinstance(cve, dict) else {}
        self.cve_id = cve.get("id") if isinstance(cve.get("id"), str) \
            else None
        self.modified = parse_time(cve.get("lastModified"), False)
        self.published = parse_time(cve.get("published"), False)
        self.rejected = cve.get("vulnStatus") == "Rejected"
        self.blob = json.dumps(item, separators=(",", ":"),
                               ensure_ascii=False).encode()


class Catalog:
    """The records served, in catalog order; safe across threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.records = []
        self.index = {}

    def load(self, path):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as fh:
            doc = json.load(fh)
        items = doc.get("vulnerabilities") if isinstance(doc, dict) else None
        if not isinstance(items, list):
            raise ValueError("%s: no 'vulnerabilities' array (expected an "
                             "NVD API 2.0 response or 2.0 feed file)" % path)
        self.put(items)
        return len(items)

    def put(self, items):
        """Add or replace (by CVE id) records; returns how many."""
        recs = [Record(it) for it in items]
        with self.lock:
            for r in recs:
                at = self.index.get(r.cve_id) if r.cve_id else None
                if at is None:
                    if r.cve_id:
                        self.index[r.cve_id] = len(self.records)
                    self.records.append(r)
                else:
                    self.records[at] = r
        return len(recs)

    def __len__(self):
        with self.lock:
            return len(self.records)


class Limiter:
    """NVD's public limit: requests accepted per client in any rolling
    RATE_WINDOW seconds, anonymous (by address) and keyed (by key)."""

    def __init__(self, anon, keyed):
        self.anon, self.keyed = anon, keyed
        self.lock = threading.Lock()
        self.seen = collections.defaultdict(collections.deque)

    def allow(self, who, is_keyed, now):
        limit = self.keyed if is_keyed else self.anon
        if limit <= 0:
            return True
        with self.lock:
            q = self.seen[who]
            while q and q[0] <= now - RATE_WINDOW:
                q.popleft()
            if len(q) >= limit:
                return False
            q.append(now)
            return True


def refuse(message, status=404):
    # NVD answers a bad request with an empty body and this header.
    return Reply(status, b"", {"message": message})


class Nvd:
    def __init__(self, files, api_key=None, rate=(5, 50)):
        self.catalog = Catalog()
        self.files = list(files)
        for f in self.files:
            self.catalog.load(f)
        self.api_key = api_key
        self.limiter = Limiter(*rate)
        self.lock = threading.Lock()
        self.requests = []

    def record(self, entry):
        with self.lock:
            self.requests.append(entry)
            if len(self.requests) > REQUESTS_KEPT:
                del self.requests[:len(self.requests) - REQUESTS_KEPT]

    def stats(self):
        with self.lock:
            reqs = [dict(r) for r in self.requests]
        return {"records": len(self.catalog), "requests": reqs}

    def window(self, query, first, last):
        a, b = query.get(first), query.get(last)
        if a is None and b is None:
            return None
        if a is None or b is None:
            raise ValueError("Both %s and %s are required when either is "
                             "present" % (first, last))
        ta, tb = parse_time(a, True), parse_time(b, True)
        if ta is None or tb is None:
            raise ValueError("Invalid date-time in %s/%s (expected "
                             "extended ISO-8601 with an offset, e.g. "
                             "2024-04-01T13:00:00.000+01:00)" % (first, last))
        if tb < ta:
            raise ValueError("%s is before %s" % (last, first))
        if tb - ta > WINDOW_MAX:
            raise ValueError("The %s and %s range must not exceed 120 "
                             "days" % (first, last))
        return ta, tb

    def read(self, query, headers, client):
        """The answer to a GET; records the request for /_sim/stats."""
        now = time.time()
        key = headers.get("apiKey")
        entry = {"at": now, "key": key is not None, "query": query,
                 "status": None}
        self.record(entry)

        def done(reply):
            entry["status"] = reply.status
            return reply

        if key is not None and self.api_key is not None and \
                not hmac.compare_digest(key.encode(), self.api_key.encode()):
            return done(refuse("Invalid apiKey"))
        who = ("key", key) if key is not None else ("addr", client)
        if not self.limiter.allow(who, key is not None, now):
            return done(refuse("Request forbidden by administrative rules "
                               "(rate limit)", 403))
        for k in query:
            if k not in PARAMS:
                return done(refuse("Invalid parameter '%s'" % k[:80]))
        try:
            per = int(query.get("resultsPerPage", PAGE_MAX))
            start = int(query.get("startIndex", 0))
        except ValueError:
            return done(refuse("resultsPerPage and startIndex must be "
                               "integers"))
        if not 1 <= per <= PAGE_MAX or start < 0:
            return done(refuse("resultsPerPage must be 1 to %d and "
                               "startIndex not negative" % PAGE_MAX))
        try:
            mod = self.window(query, "lastModStartDate", "lastModEndDate")
            pub = self.window(query, "pubStartDate", "pubEndDate")
        except ValueError as exc:
            return done(refuse(str(exc)))
        cve_id = query.get("cveId")
        no_rejected = "noRejected" in query
        with self.catalog.lock:
            recs = self.catalog.records
            if mod or pub or cve_id or no_rejected:
                recs = [r for r in recs
                        if (not mod or (r.modified is not None and
                                        mod[0] <= r.modified <= mod[1]))
                        and (not pub or (r.published is not None and
                                         pub[0] <= r.published <= pub[1]))
                        and (not cve_id or r.cve_id == cve_id)
                        and not (no_rejected and r.rejected)]
            total = len(recs)
            page = [r.blob for r in recs[start:start + per]]
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%S.%f")[:23]
        head = ('{"resultsPerPage":%d,"startIndex":%d,"totalResults":%d,'
                '"format":"NVD_CVE","version":"2.0","timestamp":"%s",'
                '"vulnerabilities":[' % (len(page), start, total, stamp))
        body = head.encode() + b",".join(page) + b"]}"
        return done(Reply(200, body, {"Content-Type": "application/json"}))


def default_files(fixtures_dir):
    d = os.path.join(fixtures_dir, "nvd", "api2_responses")
    try:
        names = sorted(n for n in os.listdir(d) if n.endswith(".json"))
    except OSError:
        return []
    return [os.path.join(d, n) for n in names]

