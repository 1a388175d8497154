# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP layer: routing, auth, gzip, the KEV file, fault injection and the
/_sim control endpoints."""
import email.utils
import gzip
import hashlib
import hmac
import http.server
import ipaddress
import json
import os
import random
import select
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib

from . import api
from .api import Reply, error
from .nvd import NVD_PATH
from .state import RESOURCES

KEV_PATH = "/sites/default/files/feeds/known_exploited_vulnerabilities.json"
# FIRST's daily EPSS file, as epss.empiricalsecurity.com serves it.
EPSS_PATH = "/epss_scores-current.csv.gz"
# Where --csaf DIR is served, as a provider's well-known folder.
CSAF_PATH = "/.well-known/csaf/"
CSAF_TYPES = {".json": "application/json", ".csv": "text/csv",
              ".txt": "text/plain", ".sha256": "text/plain",
              ".sha512": "text/plain", ".asc": "text/plain"}
STALL_MAX = 600
GZIP_MIN = 1024
# The statuses a "status" fault may answer, with their error codes: the
# server faults the client retries, and refusals it must show the analyst.
FAULT_STATUS_CODES = {500: "internal", 503: "unavailable",
                      429: "rate_limited", 400: "bad_request",
                      403: "forbidden", 404: "not_found",
                      422: "invalid_field"}
FAULT_KINDS = ("status", "reset", "truncate", "malformed", "stall",
               "oversize_mb", "gzip_bomb_mb", "redirect")


class App:
    """Everything that outlives one listening socket."""

    def __init__(self, opts):
        self.opts = opts
        self.token = opts.token
        self.state = None
        self.api = api.Api(self)
        self.stopping = threading.Event()
        self.wake = threading.Event()
        self.restart_down = None
        self.lock = threading.Lock()
        self.rules = []
        self.rng = random.Random()
        self.requests = {}
        self.csaf_bearer = {}
        self.statuses = {}
        self.faults = {}
        self.started_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.conns = set()
        self.bombs = {}
        self.nvd = None  # central_sim.nvd.Nvd, set by main

    def count(self, table, key):
        with self.lock:
            table[key] = table.get(key, 0) + 1

    def set_rules(self, rules):
        with self.lock:
            self.rules = rules

    def match_rules(self, method, path):
        """The rules that apply to this request, in order, up to the first
        whose effect fires; their counts are consumed."""
        out = []
        with self.lock:
            for r in self.rules:
                p = r["path"]
                if p != "*" and not path.startswith(p):
                    continue
                m = r.get("method", "*").upper()
                if m != "*" and m != method:
                    continue
                if r.get("count") is not None:
                    if r["count"] <= 0:
                        continue
                    r["count"] -= 1
                if r["effect"] in ("status", "reset", "truncate",
                                   "malformed") and \
                        self.rng.random() >= r.get("probability", 1):
                    if r.get("latency_ms"):
                        out.append(dict(r, effect=None))
                    continue
                out.append(r)
                if r["effect"] is not None:
                    break
            self.rules = [r for r in self.rules
                          if r.get("count") is None or r["count"] > 0]
        return out

    def stats(self):
        st = self.state
        with self.lock:
            out = {"requests": dict(self.requests),
                   "csaf_bearer": dict(self.csaf_bearer),
                   "statuses": dict(self.statuses),
                   "faults_injected": dict(self.faults),
                   "started_at": self.started_at}
        if self.nvd is not None:
            out["nvd"] = self.nvd.stats()
        if st is not None and not st.closed:
            with st.lock:
                idem = st.idem_counts()
                out["idempotency"] = idem
                out["applied_twice"] = [k for k, v in idem.items() if v > 1]
                out["writes_applied"] = int(st.meta("writes_applied") or 0)
                out["replays"] = int(st.meta("replays") or 0)
                out["counts"] = {r: st.count(r) for r in RESOURCES}
        return out

    def gzip_bomb(self, mb):
        with self.lock:
            if mb in self.bombs:
                return self.bombs[mb]
        total = mb << 20
        head, tail = b'{"data":[', b"]}"
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        parts = [comp.compress(head)]
        left = total - len(head) - len(tail)
        chunk = b" " * (1 << 20)
        while left > 0:
            n = min(left, len(chunk))
            parts.append(comp.compress(chunk[:n]))
            left -= n
        parts.append(comp.compress(tail))
        parts.append(comp.flush())
        blob = b"".join(parts)
        with self.lock:
            self.bombs[mb] = blob
        return blob


def check_rules(doc):
    """Validate a /_sim/faults body; returns the rules or raises
    ValueError."""
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise ValueError('body must be {"rules": [RULE, ...]}')
    rules = []
    for r in doc["rules"]:
        if not isinstance(r, dict) or not isinstance(r.get("path"), str):
            raise ValueError("every rule needs a \"path\"")
        effects = [k for k in FAULT_KINDS if r.get(k) not in (None, False)]
        if len(effects) > 1:
            raise ValueError("a rule has one effect, not %s" % effects)
        if not effects and not r.get("latency_ms"):
            raise ValueError("a rule needs an effect or latency_ms")
        if "status" in effects and r["status"] not in FAULT_STATUS_CODES:
            raise ValueError("status must be one of %s" % ", ".join(
                str(k) for k in sorted(FAULT_STATUS_CODES)))
        if r.get("message") is not None and \
                not isinstance(r["message"], str):
            raise ValueError("message must be a string")
        if r.get("count") is not None and (not isinstance(r["count"], int)
                                           or r["count"] < 1):
            raise ValueError("count must be a positive integer")
        r = dict(r)
        r["effect"] = effects[0] if effects else None
        rules.append(r)
    return rules


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, addr, app, family):
        self.address_family = family
        self.app = app
        super().__init__(addr, Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "central-sim/1"
    timeout = 120

    def setup(self):
        super().setup()
        self.app = self.server.app
        with self.app.lock:
            self.app.conns.add(self.connection)

    def finish(self):
        with self.app.lock:
            self.app.conns.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        self.dispatch()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_GET

    # -- plumbing --------------------------------------------------------
    def log_line(self, status, size):
        ms = (time.monotonic() - self.t0) * 1000
        path = self.path if len(self.path) < 300 else self.path[:300] + "..."
        sys.stderr.write('central-sim: %s "%s %s" %s %d %.0fms\n' % (
            self.client_address[0], self.command, path, status, size, ms))
        sys.stderr.flush()

    def raw(self, data):
        try:
            self.wfile.write(data)
            return True
        except OSError:
            return False

    def head_bytes(self, status, headers):
        reason = http.server.BaseHTTPRequestHandler.responses.get(
            status, ("",))[0]
        lines = ["HTTP/1.1 %d %s" % (status, reason),
                 "Server: " + self.server_version,
                 "Date: " + email.utils.formatdate(usegmt=True)]
        for k, v in headers.items():
            lines.append("%s: %s" % (k, v))
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def send(self, reply, count=True):
        body = reply.body
        h = dict(reply.headers)
        if body and len(body) >= GZIP_MIN and "gzip" in \
                self.headers.get("Accept-Encoding", "").lower():
            body = gzip.compress(body, 6)
            h["Content-Encoding"] = "gzip"
            h["Vary"] = "Accept-Encoding"
        if reply.status != 304:
            h["Content-Length"] = str(len(body))
        if self.close_connection:
            h["Connection"] = "close"
        data = self.head_bytes(reply.status, h)
        if self.command != "HEAD" and reply.status != 304:
            data += body
        # Counted before it leaves: a client that reads the stats as soon
        # as it has the answer must find it there.
        if count:
            self.app.count(self.app.statuses, str(reply.status))
        self.raw(data)
        self.log_line(reply.status, len(body))

    def drop(self, rst=True):
        """Close the connection without an answer (a reset)."""
        try:
            if rst:
                self.connection.setsockopt(socket.SOL_SOCKET,
                                           socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True

    def client_gone(self):
        try:
            r, _, _ = select.select([self.connection], [], [], 0)
            if r:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True
        return False

    def pause(self, seconds):
        """Sleep, but wake for shutdown; False when shutting down."""
        end = time.monotonic() + seconds
        while not self.app.stopping.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return True
            time.sleep(min(left, 0.1))
        return False

    # -- dispatch --------------------------------------------------------
    def dispatch(self):
        self.t0 = time.monotonic()
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = dict(urllib.parse.parse_qsl(url.query,
                                            keep_blank_values=True))
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            return self.send(error(400, "bad_request",
                                   "bad Content-Length"))
        if length > api.MAX_BODY:
            # Read (and discard) a moderately large body first, so that
            # the client is not cut off while sending and sees the 413.
            self.close_connection = True
            left = length if length <= (64 << 20) else 0
            while left > 0:
                got = self.rfile.read(min(left, 1 << 16))
                if not got:
                    break
                left -= len(got)
            return self.send(error(413, "payload_too_large",
                                   "request bodies are limited to %d bytes"
                                   % api.MAX_BODY))
        body = self.rfile.read(length) if length else b""
        try:
            if path.startswith("/_sim/"):
                if self.app.opts.allow_remote and \
                        not is_loopback(self.client_address[0]):
                    return self.send(error(403, "forbidden",
                                           "/_sim is for loopback clients"))
                reply = self.control(path, body)
                self.send(reply, count=False)
                if path == "/_sim/restart" and reply.status == 202:
                    self.app.wake.set()
                return None
            self.app.count(self.app.requests, "%s %s" % (self.command, path))
            for rule in self.app.match_rules(self.command, path):
                if rule.get("latency_ms"):
                    self.app.count(self.app.faults, "latency")
                    if not self.pause(rule["latency_ms"] / 1000.0):
                        return self.drop(rst=False)
                eff = rule["effect"]
                if eff is None:
                    continue
                return self.fault(rule, eff, path, query, body)
            self.send(self.route(path, query, body))
        except Exception as exc:  # keep serving; report as 500
            sys.stderr.write("central-sim: internal error: %r\n" % (exc,))
            self.close_connection = True
            try:
                self.send(error(500, "internal", "internal error"))
            except Exception:
                pass

    def route(self, path, query, body):
        app = self.app
        if path == NVD_PATH and app.nvd is not None:
            if self.command not in ("GET", "HEAD"):
                return error(405, "bad_request", "GET only")
            return app.nvd.read(query, self.headers, self.client_address[0])
        if path in (KEV_PATH, EPSS_PATH):
            if self.command not in ("GET", "HEAD"):
                return error(405, "bad_request", "GET only")
            if path == KEV_PATH:
                return self.static_file(self.app.opts.kev, "KEV catalog",
                                        "application/json", False)
            return self.static_file(self.app.opts.epss, "EPSS file",
                                    "application/gzip", True)
        if path.startswith(CSAF_PATH) and app.opts.csaf is not None:
            if self.command not in ("GET", "HEAD"):
                return error(405, "bad_request", "GET only")
            if self.headers.get("Authorization") is not None:
                app.count(app.csaf_bearer, path)
            return self.csaf_file(path[len(CSAF_PATH):])
        if not path.startswith("/api/v1/"):
            return error(404, "not_found", "no such path '%s'" % path[:200])
        if app.token is not None:
            auth = self.headers.get("Authorization", "")
            ok = auth.startswith("Bearer ") and hmac.compare_digest(
                auth[7:].strip().encode(), app.token.encode())
            if not ok:
                return error(401, "unauthorized",
                             "missing or wrong bearer token",
                             headers={"WWW-Authenticate":
                                      'Bearer realm="centinela"'})
        st = app.state
        if st is None or st.closed:
            return error(503, "unavailable", "server restarting",
                         headers={"Retry-After": "1"})
        parts = api.split_path(path)
        if len(parts) == 1 and parts[0] in RESOURCES and \
                self.command in ("GET", "HEAD"):
            return app.api.read(st, parts[0], query, self.headers)
        if self.command in ("POST", "PATCH"):
            return app.api.write(st, self.command, path, parts, self.headers,
                                 body)
        if len(parts) >= 1 and parts[0] in RESOURCES:
            return error(405, "bad_request", "method %s not allowed here" %
                         self.command)
        return error(404, "not_found", "no such resource '%s'" % path[:200])

    def csaf_file(self, rel):
        """A file of the --csaf tree; nothing outside it (no "..", no
        link leading out)."""
        top = os.path.realpath(self.app.opts.csaf)
        f = os.path.realpath(os.path.join(top, urllib.parse.unquote(rel)))
        if (not f.startswith(top + os.sep) or not os.path.isfile(f)):
            return error(404, "not_found", "no such file '%s'" % rel[:200])
        ext = os.path.splitext(f)[1]
        return self.static_file(f, "file", CSAF_TYPES.get(
            ext, "application/octet-stream"), False)

    def static_file(self, f, what, content_type, is_gzip):
        """A whole file, as a CDN serves it: ETag and Last-Modified, 304
        to a conditional GET of the same; gzipped when is_gzip (the
        file's own compression, not a transfer encoding)."""
        try:
            with open(f, "rb") as fh:
                blob = fh.read()
            mtime = int(os.stat(f).st_mtime)
        except OSError:
            return error(404, "not_found", "no %s at the simulator" % what)
        if is_gzip and not blob.startswith(b"\x1f\x8b"):
            blob = gzip.compress(blob, mtime=mtime)
        etag = '"%s"' % hashlib.sha256(blob).hexdigest()[:32]
        lm = email.utils.formatdate(mtime, usegmt=True)
        h = {"ETag": etag, "Last-Modified": lm}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if etag in [x.strip() for x in inm.split(",")] or inm == "*":
                return Reply(304, None, h)
        elif ims is not None:
            try:
                t = email.utils.parsedate_to_datetime(ims).timestamp()
                if mtime <= t:
                    return Reply(304, None, h)
            except (TypeError, ValueError):
                pass
        h["Content-Type"] = content_type
        return Reply(200, blob, h)

    # -- faults ----------------------------------------------------------
    def fault(self, rule, eff, path, query, body):
        app = self.app
        kind = eff if eff != "status" else "status_%d" % rule["status"]
        app.count(app.faults, kind)
        if eff == "status":
            code = FAULT_STATUS_CODES[rule["status"]]
            h = {}
            if rule["status"] == 429 or rule.get("retry_after") is not None:
                h["Retry-After"] = str(rule.get("retry_after", 1))
            return self.send(error(rule["status"], code,
                                   rule.get("message") or "injected fault",
                                   headers=h))
        if eff == "reset":
            self.log_line("RST", 0)
            return self.drop()
        if eff == "redirect":
            self.close_connection = False
            return self.send(Reply(302, b"", {"Location": rule["redirect"]}))
        if eff == "malformed":
            # A write is applied first, as when its answer is damaged on
            # the way back: the client cannot know it was, and must send
            # it again under the same Idempotency-Key.
            if self.command in ("POST", "PATCH"):
                self.route(path, query, body)
            blob = b'{"data": [{"id": "a-1", "title": "broken\x00 ,,] }'
            return self.send(Reply(200, blob,
                                   {"Content-Type": "application/json"}))
        if eff == "truncate":
            reply = self.route(path, query, body)
            blob = reply.body or b'{"data": [], "has_more": false}'
            h = dict(reply.headers)
            h["Content-Length"] = str(len(blob) + 4096)
            h["Connection"] = "close"
            self.raw(self.head_bytes(200 if reply.status == 304
                                     else reply.status, h)
                     + blob[:max(1, len(blob) // 2)])
            self.log_line("TRUNC", len(blob) // 2)
            return self.drop(rst=False)
        if eff == "stall":
            h = {"Content-Type": "application/json",
                 "Content-Length": str(1 << 20)}
            self.raw(self.head_bytes(200, h) + b'{"data": [')
            self.log_line("STALL", 10)
            end = time.monotonic() + STALL_MAX
            while time.monotonic() < end and not app.stopping.is_set():
                if self.client_gone():
                    break
                time.sleep(0.2)
            return self.drop(rst=False)
        if eff == "oversize_mb":
            total = int(rule["oversize_mb"]) << 20
            h = {"Content-Type": "application/json",
                 "Content-Length": str(total)}
            if not self.raw(self.head_bytes(200, h)):
                return self.drop(rst=False)
            unit = b'{"id": "pad", "title": "oversize fault padding"},'
            chunk = b'{"data": [' + unit * ((64 << 10) // len(unit))
            sent = 0
            while sent < total and not app.stopping.is_set():
                piece = chunk[:total - sent]
                if not self.raw(piece):
                    break
                sent += len(piece)
                chunk = unit * ((64 << 10) // len(unit))
            self.log_line("OVERSIZE", sent)
            return self.drop(rst=False)
        if eff == "gzip_bomb_mb":
            blob = app.gzip_bomb(int(rule["gzip_bomb_mb"]))
            h = {"Content-Type": "application/json",
                 "Content-Encoding": "gzip",
                 "Content-Length": str(len(blob))}
            self.raw(self.head_bytes(200, h) + blob)
            self.log_line("BOMB", len(blob))
            return None
        return self.send(error(500, "internal", "unknown fault"))

    # -- /_sim control ---------------------------------------------------
    def control(self, path, body):
        app = self.app
        try:
            doc = json.loads(body.decode() or "{}") if body else {}
        except ValueError as exc:
            return error(400, "bad_request", "body is not JSON: %s" % exc)
        if path == "/_sim/stats" and self.command == "GET":
            return Reply(200, app.stats())
        if self.command != "POST":
            return error(404, "not_found", "no such control endpoint")
        if path == "/_sim/nvd":
            recs = doc.get("records") if isinstance(doc, dict) else None
            if app.nvd is None or not isinstance(recs, list) or \
                    not all(isinstance(r, dict) for r in recs):
                return error(400, "bad_request",
                             'body: {"records": [{"cve": {...}}, ...]}')
            return Reply(200, {"records": app.nvd.catalog.put(recs),
                               "catalog": len(app.nvd.catalog)})
        if path == "/_sim/faults":
            try:
                rules = check_rules(doc)
            except ValueError as exc:
                return error(400, "bad_request", str(exc))
            app.set_rules(rules)
            return Reply(200, {"rules": len(rules)})
        st = app.state
        if st is None or st.closed:
            return error(503, "unavailable", "server restarting")
        if path == "/_sim/generate":
            n = doc.get("alerts", 1)
            if not isinstance(n, int) or not 0 <= n <= 100000:
                return error(400, "bad_request", "alerts: 0..100000")
            with st.lock:
                made = st.generate_alerts(n)
            return Reply(200, {"created": [a["id"] for a in made]})
        if path == "/_sim/edit":
            res, oid = doc.get("resource"), doc.get("id")
            changes = doc.get("changes")
            if res not in RESOURCES or not isinstance(changes, dict):
                return error(400, "bad_request",
                             'body: {"resource", "id", "changes": {...}}')
            with st.lock:
                obj = st.get(res, str(oid))
                if obj is None:
                    return error(404, "not_found", "no %s '%s'" % (res, oid))
                st.begin()
                for k, v in changes.items():
                    if k in ("id", "version", "updated_at"):
                        continue
                    if v is None:
                        obj.pop(k, None)
                    else:
                        obj[k] = v
                st.put(res, obj)
                st.commit()
            return Reply(200, {"data": obj})
        if path == "/_sim/objects":
            res, ids = doc.get("resource"), doc.get("ids")
            if res not in RESOURCES or not isinstance(ids, list) or \
                    len(ids) > 10000:
                return error(400, "bad_request",
                             'body: {"resource", "ids": [...]}')
            with st.lock:
                found = {str(i): st.get(res, str(i)) for i in ids}
            return Reply(200, {"data": found})
        if path == "/_sim/restart":
            down = doc.get("down_seconds", 1)
            if not isinstance(down, (int, float)) or not 0 <= down <= 3600:
                return error(400, "bad_request", "down_seconds: 0..3600")
            app.restart_down = float(down)
            self.close_connection = True
            return Reply(202, {"down_seconds": down})
        return error(404, "not_found", "no such control endpoint")

