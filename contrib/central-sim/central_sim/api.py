# SPDX-License-Identifier: GPL-3.0-or-later
"""The /api/v1 endpoints of centinela-api(7): reads with cursor paging,
ETag and long-poll, and the writes with Idempotency-Key and If-Match.

Each handler returns a Reply; the HTTP layer (server.py) sends it."""
import datetime as dt
import hashlib
import json
import re
import time
import urllib.parse

from . import data
from .state import make_cursor, parse_cursor, dumps

MAX_BODY = 1 << 20
LIMIT_DEFAULT = 500
LIMIT_MAX = 1000
WAIT_MAX = 60


class Reply:
    def __init__(self, status, body=None, headers=None):
        self.status = status
        self.headers = dict(headers or {})
        if body is None:
            self.body = b""
        elif isinstance(body, bytes):
            self.body = body
        else:
            self.body = dumps(body).encode()
            self.headers.setdefault("Content-Type", "application/json")


def error(status, code, message, current=None, headers=None):
    err = {"code": code, "message": message}
    body = {"error": err}
    if current is not None:
        body["current"] = current
    return Reply(status, body, headers)


class Fail(Exception):
    """Raised inside a write to answer with an error (rolled back)."""

    def __init__(self, reply):
        super().__init__(reply.status)
        self.reply = reply


def invalid(field, message):
    return Fail(error(422, "invalid_field", "field '%s': %s" % (field,
                                                                message)))


_TIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})"
                      r"(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")


def parse_time(s):
    m = _TIME_RE.match(s) if isinstance(s, str) else None
    if not m:
        return None
    y, mo, d, h, mi, sec, zone = m.groups()
    try:
        t = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0),
                        int(sec or 0), tzinfo=dt.timezone.utc)
    except ValueError:
        return None
    off = 0
    if zone and zone != "Z":
        z = zone.replace(":", "")
        off = (int(z[1:3]) * 60 + int(z[3:5])) * 60
        if z[0] == "-":
            off = -off
    return t.timestamp() - off


REF_RE = re.compile(r"^[A-Z]{2,8}-\d{4}-\d{5,}$")


def _enum(field, value, names, aliases=None):
    if not isinstance(value, str):
        raise invalid(field, "must be a string")
    v = value.lower()
    v = (aliases or {}).get(v, v)
    if v not in names:
        raise invalid(field, "unknown value '%s' (known: %s)" %
                      (value, ", ".join(names)))
    return v


def _text(field, value, cap=1024, required=False):
    if not isinstance(value, str):
        raise invalid(field, "must be a string")
    if "\x00" in value:
        raise invalid(field, "contains a NUL character")
    if required and not value.strip():
        raise invalid(field, "is empty")
    if len(value.encode()) > cap:
        raise invalid(field, "is longer than %d bytes" % cap)
    return value


def _time(field, value):
    if parse_time(value) is None:
        raise invalid(field, "invalid time '%s' (expected ISO 8601, e.g. "
                      "2026-03-01T12:00:00Z)" % value)
    return value


INCIDENT_FIELDS = ("title", "description", "category", "category_type",
                   "severity", "priority", "status", "tlp", "pap", "assignee",
                   "organization", "sector", "due_at", "first_response_at",
                   "closed_at")


def check_incident_fields(st, changes, base):
    """Validate changes (a dict of incident members) against base (the
    merged result); returns the normalised changes."""
    out = {}
    for k, v in changes.items():
        if v is None:
            out[k] = None
            continue
        if k == "title":
            out[k] = _text(k, v, required=True)
        elif k == "description":
            out[k] = _text(k, v, cap=MAX_BODY)
        elif k == "category":
            out[k] = _enum(k, v, list(data.RSIT) + ["test"])
        elif k == "category_type":
            out[k] = _text(k, v).lower()
        elif k == "severity":
            out[k] = _enum(k, v, data.SEVERITIES)
        elif k == "priority":
            if isinstance(v, bool) or not isinstance(v, int) or \
                    not 1 <= v <= 4:
                raise invalid(k, "must be an integer from 1 to 4")
            out[k] = v
        elif k == "status":
            out[k] = _enum(k, v, data.INCIDENT_STATUSES,
                           {"in-progress": "in_progress"})
        elif k == "tlp":
            out[k] = _enum(k, v, data.TLPS, {"white": "clear"})
        elif k == "pap":
            out[k] = _enum(k, v, data.PAPS, {"white": "clear"})
        elif k == "assignee":
            out[k] = _text(k, v)
        elif k == "organization":
            if isinstance(v, bool) or not isinstance(v, (str, int)):
                raise invalid(k, "must be an id")
            if st.get("organizations", str(v)) is None:
                raise invalid(k, "unknown organization '%s'" % v)
            out[k] = str(v)
        elif k == "sector":
            out[k] = _enum(k, v, data.SECTORS)
        elif k in ("due_at", "first_response_at", "closed_at", "opened_at"):
            out[k] = _time(k, v)
        else:
            raise invalid(k, "cannot be changed here")
    merged = dict(base)
    merged.update(out)
    cat = merged.get("category")
    ctype = merged.get("category_type")
    if ctype and cat in data.RSIT and ctype not in data.RSIT[cat]:
        raise invalid("category_type", "unknown type '%s' of class '%s' "
                      "(known: %s)" % (ctype, cat, ", ".join(data.RSIT[cat])))
    if merged.get("closed_at") and merged.get("opened_at") and \
            parse_time(merged["closed_at"]) < parse_time(merged["opened_at"]):
        raise invalid("closed_at", "is before opened_at")
    return out


def apply_changes(obj, changes):
    for k, v in changes.items():
        if v is None:
            obj.pop(k, None)
        else:
            obj[k] = v


def _parse_body(body):
    if not body:
        return {}
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Fail(error(400, "bad_request", "body is not JSON: %s" % exc))
    if not isinstance(doc, dict):
        raise Fail(error(400, "bad_request", "body must be a JSON object"))
    return doc


def _id_list(doc, field):
    v = doc.get(field, [])
    if v is None:
        return []
    if not isinstance(v, list) or any(
            isinstance(x, bool) or not isinstance(x, (str, int)) for x in v):
        raise invalid(field, "must be an array of ids")
    return [str(x) for x in v]


class Api:
    """Stateless handlers over a State; the caller holds no lock."""

    def __init__(self, app):
        self.app = app

    # -- reads -----------------------------------------------------------
    def read(self, st, resource, query, headers):
        since_s = query.get("since", query.get("cursor"))
        since = 0
        if since_s is not None:
            since = parse_cursor(since_s)
            if since is None:
                return error(400, "bad_request",
                             "invalid cursor '%s'" % since_s[:80])
        try:
            limit = int(query.get("limit", LIMIT_DEFAULT))
            wait = float(query.get("wait", 0)) if resource == "alerts" else 0
        except ValueError:
            return error(400, "bad_request", "limit and wait are integers")
        if limit < 1:
            return error(400, "bad_request", "limit must be at least 1")
        limit = min(limit, LIMIT_MAX)
        if not 0 <= wait <= WAIT_MAX:
            return error(400, "bad_request",
                         "wait must be from 0 to %d seconds" % WAIT_MAX)
        deadline = time.monotonic() + wait
        inm = headers.get("If-None-Match")
        with st.lock:
            while (wait and st.latest[resource] <= since and not st.closed
                   and not self.app.stopping.is_set()):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                st.changed.wait(min(left, 0.5))
            if st.closed:
                return error(503, "unavailable", "server restarting")
            latest = st.latest[resource]
            etag = '"%s"' % hashlib.sha256(
                ("%s|%d" % (resource, latest))
                .encode()).hexdigest()[:32]
            if inm is not None and etag in [x.strip() for x in
                                            inm.split(",")] \
                    and latest <= since:
                return Reply(304, None, {"ETag": etag})
            items, nxt, more = st.page(resource, since, limit)
        body = {"data": items, "next_cursor": make_cursor(nxt),
                "has_more": more}
        return Reply(200, body, {"ETag": etag})

    # -- writes ----------------------------------------------------------
    def write(self, st, method, path, parts, headers, body):
        key = headers.get("Idempotency-Key")
        if not key or not key.strip():
            return error(400, "bad_request",
                         "writes need an Idempotency-Key header (a UUID)")
        key = key.strip()
        if len(key) > 255:
            return error(400, "bad_request", "Idempotency-Key is too long")
        body_hash = hashlib.sha256(body).hexdigest()
        with st.lock:
            if st.closed:
                return error(503, "unavailable", "server restarting")
            rec = st.idem_get(key)
            if rec is not None:
                if (rec["method"], rec["path"], rec["body_hash"]) != \
                        (method, path, body_hash):
                    return error(422, "idempotency_key_reused",
                                 "Idempotency-Key '%s' was used for another "
                                 "request (%s %s)" % (key, rec["method"],
                                                      rec["path"]))
                st.bump("replays")
                h = dict(rec["headers"])
                h["Idempotent-Replayed"] = "true"
                return Reply(rec["status"], rec["response"], h)
            st.begin()
            try:
                reply = self._apply(st, method, parts, headers, body)
            except Fail as f:
                st.rollback()
                return f.reply
            except BaseException:
                st.rollback()
                raise
            if 200 <= reply.status < 300:
                st.idem_put(key, method, path, body_hash, reply.status,
                            reply.headers, reply.body)
                st.bump("writes_applied")
                st.commit()
            else:
                st.rollback()
            return reply

    def _existing(self, st, resource, oid, headers):
        obj = st.get(resource, oid)
        if obj is None:
            raise Fail(error(404, "not_found", "no %s '%s'" %
                             (resource[:-1], oid)))
        im = headers.get("If-Match")
        if im is None:
            raise Fail(error(428, "precondition_required",
                             "writes to %s '%s' need If-Match: "
                             "\"VERSION\"" % (resource[:-1], oid)))
        want = im.strip()
        if want.startswith("W/"):
            want = want[2:]
        want = want.strip('"')
        if want != str(obj["version"]):
            raise Fail(error(412, "version_mismatch",
                             "%s '%s' is at version %d, not %s" %
                             (resource[:-1], oid, obj["version"], im),
                             current=obj))
        return obj

    def _apply(self, st, method, parts, headers, body):
        doc = _parse_body(body)
        now = time.time()
        # parts: path segments after /api/v1
        if parts == ["incidents"] and method == "POST":
            inc = self._create_incident(st, doc, now)
            return Reply(201, {"data": inc}, {"ETag": '"%d"' % inc["version"]})
        if len(parts) == 2 and parts[0] == "incidents" and method == "PATCH":
            inc = self._existing(st, "incidents", parts[1], headers)
            changes = check_incident_fields(st, doc, inc)
            if not changes:
                raise Fail(error(400, "bad_request", "nothing to change"))
            if inc.get("status") == "closed" and \
                    changes.get("status", "closed") != "closed":
                raise Fail(error(409, "conflict", "incident '%s' is closed; "
                                 "closed is final" % inc["reference"],
                                 current=inc))
            if changes.get("status") == "closed" and \
                    not inc.get("closed_at") and "closed_at" not in changes:
                changes["closed_at"] = data.iso(now)
            apply_changes(inc, changes)
            st.put("incidents", inc, now)
            return Reply(200, {"data": inc}, {"ETag": '"%d"' % inc["version"]})
        if len(parts) == 3 and parts[0] == "incidents" and method == "POST":
            inc = self._existing(st, "incidents", parts[1], headers)
            if parts[2] == "notes":
                note = {}
                for f in ("author", "created_at", "body"):
                    if f not in doc or doc[f] is None:
                        raise invalid(f, "is required")
                note["id"] = st.new_note_id()
                note["author"] = _text("author", doc["author"], required=True)
                note["created_at"] = _time("created_at", doc["created_at"])
                note["body"] = _text("body", doc["body"], cap=MAX_BODY,
                                     required=True)
                inc.setdefault("notes", []).append(note)
                st.put("incidents", inc, now)
                return Reply(201, {"data": inc},
                             {"ETag": '"%d"' % inc["version"]})
            if parts[2] in ("link", "unlink"):
                alerts = _id_list(doc, "alerts")
                assets = _id_list(doc, "assets")
                if not alerts and not assets:
                    raise Fail(error(400, "bad_request",
                                     "give \"alerts\" or \"assets\" ids"))
                for res, ids in (("alerts", alerts), ("assets", assets)):
                    for i in ids:
                        if st.get(res, i) is None:
                            raise Fail(error(409, "conflict",
                                             "unknown %s '%s'" % (res[:-1], i),
                                             current=inc))
                for res, ids in (("alerts", alerts), ("assets", assets)):
                    have = list(inc.get(res) or [])
                    if parts[2] == "link":
                        have += [i for i in ids if i not in have]
                    else:
                        have = [i for i in have if i not in ids]
                    inc[res] = have
                st.put("incidents", inc, now)
                return Reply(200, {"data": inc},
                             {"ETag": '"%d"' % inc["version"]})
        if len(parts) == 3 and parts[0] == "alerts" and method == "POST" \
                and parts[2] in ("acknowledge", "dismiss", "promote"):
            alert = self._existing(st, "alerts", parts[1], headers)
            return self._alert_action(st, alert, parts[2], doc, now)
        raise Fail(error(404, "not_found", "no such endpoint: %s /api/v1/%s"
                         % (method, "/".join(parts))))

    def _create_incident(self, st, doc, now):
        doc = dict(doc)
        for f in ("id", "version", "updated_at"):
            doc.pop(f, None)
        for f in ("title", "category", "severity"):
            if doc.get(f) is None:
                raise invalid(f, "is required")
        ref = doc.pop("reference", None)
        opened = doc.pop("opened_at", None)
        alerts = _id_list(doc, "alerts")
        assets = _id_list(doc, "assets")
        notes = doc.pop("notes", None) or []
        doc.pop("alerts", None)
        doc.pop("assets", None)
        base = {"opened_at": opened or data.iso(now)}
        fields = {k: v for k, v in doc.items() if k in INCIDENT_FIELDS}
        unknown = [k for k in doc if k not in INCIDENT_FIELDS]
        if unknown:
            raise invalid(unknown[0], "unknown member")
        if opened is not None:
            _time("opened_at", opened)
        changes = check_incident_fields(st, fields, base)
        for res, ids in (("alerts", alerts), ("assets", assets)):
            for i in ids:
                if st.get(res, i) is None:
                    raise invalid(res, "unknown %s '%s'" % (res[:-1], i))
        if not isinstance(notes, list):
            raise invalid("notes", "must be an array")
        inc = {"id": st.new_id("incidents"), "status": "new",
               "priority": 3, "tlp": "amber", "pap": "amber"}
        inc.update(base)
        apply_changes(inc, changes)
        if ref is not None:
            if not isinstance(ref, str) or not REF_RE.match(ref):
                raise invalid("reference", "must look like %s-2026-00042" %
                              st.prefix)
        if ref is None or st.reference_used(ref):
            year = dt.datetime.fromtimestamp(
                parse_time(inc["opened_at"]), dt.timezone.utc).year
            ref = st.new_reference(year)
            while st.reference_used(ref):
                ref = st.new_reference(year)
        inc["reference"] = ref
        inc["alerts"] = alerts
        inc["assets"] = assets
        inc["notes"] = []
        for n in notes:
            if not isinstance(n, dict):
                raise invalid("notes", "must be objects")
            inc["notes"].append({
                "id": st.new_note_id(),
                "author": _text("author", n.get("author"), required=True),
                "created_at": _time("created_at", n.get("created_at")),
                "body": _text("body", n.get("body"), cap=MAX_BODY,
                              required=True)})
        if inc.get("status") == "closed" and not inc.get("closed_at"):
            inc["closed_at"] = data.iso(now)
        return st.put("incidents", inc, now)

    def _alert_action(self, st, alert, action, doc, now):
        status = alert.get("status", "new")
        if status in ("dismissed", "promoted") or (
                action == "acknowledge" and status == "acknowledged"):
            raise Fail(error(409, "conflict", "alert '%s' is already %s" %
                             (alert["id"], status), current=alert))
        extra = {}
        if action == "acknowledge":
            if doc.get("comment") is not None:
                alert["comment"] = _text("comment", doc["comment"])
            alert["status"] = "acknowledged"
        elif action == "dismiss":
            reason = doc.get("reason")
            if reason is None:
                raise invalid("reason", "is required")
            alert["dismiss_reason"] = _text("reason", reason, required=True)
            alert["status"] = "dismissed"
        else:
            if doc.get("incident") is not None:
                iid = doc["incident"]
                if isinstance(iid, bool) or not isinstance(iid, (str, int)):
                    raise invalid("incident", "must be an id")
                inc = st.get("incidents", str(iid))
                if inc is None:
                    raise Fail(error(409, "conflict", "unknown incident '%s'"
                                     % iid, current=alert))
                if inc.get("status") == "closed":
                    raise Fail(error(409, "conflict", "incident '%s' is "
                                     "closed" % inc["reference"],
                                     current=alert))
            elif isinstance(doc.get("new_incident"), dict):
                inc = self._create_incident(st, doc["new_incident"], now)
            else:
                raise invalid("incident", "give \"incident\" or "
                              "\"new_incident\"")
            if alert["id"] not in inc.get("alerts", []):
                inc["alerts"] = list(inc.get("alerts", [])) + [alert["id"]]
            inc = st.put("incidents", inc, now)
            alert["status"] = "promoted"
            alert["incident"] = inc["reference"]
            extra["incident"] = inc
        st.put("alerts", alert, now)
        body = {"data": alert}
        body.update(extra)
        return Reply(200, body, {"ETag": '"%d"' % alert["version"]})


def split_path(path):
    """'/api/v1/incidents/i-7/notes' -> ['incidents', 'i-7', 'notes']."""
    rest = path[len("/api/v1/"):]
    return [urllib.parse.unquote(p) for p in rest.split("/") if p != ""]
