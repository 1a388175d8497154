"""Helpers shared by the integration tests (test_sync.py, test_feeds.py,
crash.py, ...): a central-sim process with a token file, SimCase (tests
sharing one simulator), and the real centinela binary run against it with its config in
a temporary XDG_CONFIG_HOME and its cache in a temporary folder.

Python 3 standard library only (curl(1) may be absent on CI).
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.realpath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
SIM = os.path.join(TOP, "contrib", "central-sim", "central-sim")
BIN = os.environ.get("CENTINELA") or os.path.join(TOP, "build", "default",
                                                  "centinela")
KEV_PATH = "/sites/default/files/feeds/known_exploited_vulnerabilities.json"
EPSS_PATH = "/epss_scores-current.csv.gz"
TOKEN = "sync-test-token-0123456789"


def fixtures():
    return os.environ.get("CENTINELA_FIXTURES") or os.path.join(
        os.path.dirname(TOP), "shared", "fixtures", "real")


def write_private(path, text, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.chmod(path, mode)


class Sim:
    """contrib/central-sim on a free loopback port, token from a file."""

    def __init__(self, tmp, name, *extra, token_file=None):
        self.state = os.path.join(tmp, name)
        self.portfile = self.state + ".port"
        self.token_file = token_file or os.path.join(tmp, name + ".token")
        if not token_file:
            write_private(self.token_file, TOKEN + "\n")
        self.extra = list(extra)
        self.port = None
        self.proc = None
        self.start()

    def start(self, listen=None):
        if os.path.exists(self.portfile):
            os.unlink(self.portfile)
        args = [sys.executable, SIM, "--listen",
                listen or "127.0.0.1:0", "--state", self.state,
                "--port-file", self.portfile, "--seed", "7",
                "--token-file", self.token_file] + self.extra
        self.log = open(self.state + ".log", "ab")
        self.proc = subprocess.Popen(args, stderr=self.log,
                                     stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not os.path.exists(self.portfile):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("central-sim did not start (see %s.log)"
                                   % self.state)
            time.sleep(0.02)
        with open(self.portfile) as fh:
            self.port = int(fh.read())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()
        rc = self.proc.returncode if self.proc else 0
        self.proc = None
        return rc

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def call(self, method, path, body=None, auth=False, timeout=15):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data,
                                     method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if auth:
            req.add_header("Authorization", "Bearer " + TOKEN)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            return exc.code, json.loads(raw) if raw else None

    def stats(self):
        return self.call("GET", "/_sim/stats")[1]

    def faults(self, *rules):
        st, _ = self.call("POST", "/_sim/faults", {"rules": list(rules)})
        assert st == 200, st

    def generate(self, n):
        st, body = self.call("POST", "/_sim/generate", {"alerts": n})
        assert st == 200, (st, body)
        return body["created"]

    def edit(self, resource, rid, changes):
        st, body = self.call("POST", "/_sim/edit", {
            "resource": resource, "id": rid, "changes": changes})
        assert st == 200, (st, body)
        return body["data"]

    def objects(self, resource, ids):
        """{id: object or None} as the simulator holds them now."""
        st, body = self.call("POST", "/_sim/objects", {
            "resource": resource, "ids": list(ids)})
        assert st == 200, (st, body)
        return body["data"]

    def all(self, resource):
        """Every object of resource through the API (paging through it),
        in the order of their last changes, each once."""
        since, found = None, {}
        while True:
            q = "/api/v1/%s?limit=1000%s" % (resource, "&since=" + since
                                              if since else "")
            st, page = self.call("GET", q, auth=True)
            assert st == 200, st
            for o in page["data"]:
                found.pop(o["id"], None)  # changed while paging
                found[o["id"]] = o
            since = page["next_cursor"]
            if not page["has_more"]:
                break
        return list(found.values())

    def get(self, resource, rid):
        """One object through the API (paging through the resource)."""
        return next((o for o in self.all(resource) if o["id"] == rid), None)


class Client:
    """The centinela binary with a private config and cache."""

    def __init__(self, tmp, name="client"):
        self.home = os.path.join(tmp, name)
        self.config_dir = os.path.join(self.home, "config")
        os.makedirs(os.path.join(self.config_dir, "centinela"), mode=0o700,
                    exist_ok=True)
        self.db = os.path.join(self.home, "cache", "cache.db")
        self.env = dict(os.environ, HOME=self.home,
                        XDG_CONFIG_HOME=self.config_dir,
                        XDG_DATA_HOME=os.path.join(self.home, "data"),
                        LC_ALL="C.UTF-8", COLUMNS="200")
        self.env.pop("NO_COLOR", None)

    def config(self, *lines):
        path = os.path.join(self.config_dir, "centinela", "config")
        with open(path, "w") as fh:
            fh.write("set analyst tester\n")
            fh.write("".join(line + "\n" for line in lines))

    # Every command passes --create: the client's own cache is made by its
    # first command, wherever that is (a named --db is never made without).
    def run(self, *args, timeout=60, check=False):
        """(exit status, stdout, stderr); a timeout fails the test."""
        p = subprocess.run([BIN, "--db", self.db, "--create"] + list(args),
                           env=self.env, capture_output=True, text=True,
                           timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError("centinela %s: exit %d\n%s%s" % (
                " ".join(args), p.returncode, p.stdout, p.stderr))
        return p.returncode, p.stdout, p.stderr

    def popen(self, *args):
        return subprocess.Popen([BIN, "--db", self.db, "--create"] +
                                list(args),
                                env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def count(self, kind):
        return int(self.run("list", kind, "--count", check=True)[1])

    def counts(self):
        return {k: self.count(k) for k in ("organizations", "assets",
                                           "alerts", "incidents")}

    def table_rows(self):
        """Row counts per table from `db check`."""
        rows = {}
        out = self.run("db", "check", check=True)[1]
        for line in out.split("rows\n", 1)[1].splitlines():
            name, n = line.split()
            rows[name] = int(n)
        return rows

    def db_digest(self):
        """sha256 of the cache file and its WAL, as they are on disk."""
        h = hashlib.sha256()
        for suffix in ("", "-wal"):
            p = self.db + suffix
            if os.path.exists(p):
                with open(p, "rb") as fh:
                    h.update(suffix.encode() + b":" + fh.read())
        return h.hexdigest()

    def note(self, ref, text):
        """A note on incident ref, queued for the server (edit CLI)."""
        self.run("incident", "note", ref, text, check=True)

    def outbox(self, *extra):
        return json.loads(self.run("outbox", "--format", "json", *extra,
                                   check=True)[1])


class SimCase(unittest.TestCase):
    """Tests sharing one simulator, started with sim_args(), each with
    clients of their own in a temporary folder."""
    sim = None
    tmp = None
    SYNC_TIMEOUT = 40  # seconds a `centinela sync` may take ("hangs")

    @classmethod
    def sim_args(cls):
        """The simulator's extra arguments (cls.tmp exists)."""
        return []

    def fixture(self, *parts):
        """The path of a real-format fixture; the test is skipped (a
        failure under CI) when it is missing."""
        path = os.path.join(fixtures(), *parts)
        if not os.path.exists(path):
            self.skipTest("no fixture at " + path)
        return path

    @classmethod
    def setUpClass(cls):
        if not os.access(BIN, os.X_OK):
            raise unittest.SkipTest("no centinela binary at " + BIN)
        cls.tmp = tempfile.mkdtemp(prefix="centinela-sync-")
        cls.sim = Sim(cls.tmp, "sim", *cls.sim_args())

    @classmethod
    def tearDownClass(cls):
        if cls.sim:
            cls.sim.stop()
        if cls.tmp:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.sim.faults()

    def sync(self, c, *args, ok=True):
        rc, out, err = c.run("sync", *args, timeout=self.SYNC_TIMEOUT)
        self.assertGreaterEqual(rc, 0, "centinela crashed:\n" + err)
        if ok:
            self.assertEqual(rc, 0, "sync failed:\n" + out + err)
            self.assertEqual(err, "", "a quiet sync (no terminal) "
                             "printed on stderr")
        return rc, out, err


def source_line(sim, name="central", **opts):
    words = ["source", name, "centinela", "url=" + sim.url,
             "token-file=" + sim.token_file]
    words += ["%s=%s" % (k.replace("_", "-"), v) for k, v in opts.items()]
    return " ".join(words)


def kev_line(url, name="kev"):
    return "source %s kev url=%s" % (name, url)


def epss_line(url, name="epss"):
    return "source %s epss url=%s" % (name, url)


def run_main(module, label):
    """Run module's tests (those whose id contains an argument, if any)
    and print "LABEL: N passed, N failed in Xs"; the exit status."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    names = sys.argv[1:]
    if names:
        def flat(s):
            for t in s:
                if isinstance(t, unittest.TestSuite):
                    yield from flat(t)
                else:
                    yield t
        suite = unittest.TestSuite(t for t in flat(suite)
                                   if any(n in t.id() for n in names))
    t0 = time.monotonic()
    result = unittest.TextTestRunner(verbosity=2 if names else 1,
                                     stream=sys.stderr).run(suite)
    failed = len(result.failures) + len(result.errors)
    # (a class skipped or failed in setUpClass is not in testsRun)
    passed = max(result.testsRun - failed - len(result.skipped), 0)
    # A skipped test proves nothing: under CI (the CI environment variable
    # non-empty) it is a failure, elsewhere a visible SKIP line.
    for test, why in result.skipped:
        if os.environ.get("CI"):
            print("FAIL %s: skipped under CI: %s" % (test.id(), why))
        else:
            print("SKIP %s: %s" % (test.id(), why))
    if os.environ.get("CI"):
        failed += len(result.skipped)
    print("%s: %d passed, %d failed%s in %.1fs" % (
        label, passed, failed, ", %d skipped" % len(result.skipped)
        if result.skipped else "", time.monotonic() - t0))
    return 1 if failed else 0
