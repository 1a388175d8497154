# SPDX-License-Identifier: GPL-3.0-or-later
"""Command line, the listening loop (with /_sim/restart), live alerts and
signal handling."""
import argparse
import os
import signal
import socket
import sys
import threading
import time

from .nvd import Nvd, default_files
from .server import App, Server, is_loopback
from .state import State

USAGE = ("central-sim --listen HOST:PORT --state DIR [--seed N] "
         "[--alert-rate PER_MINUTE] [--token TOKEN | --token-file FILE] "
         "[--kev FILE] [--epss FILE] [--nvd FILE...] "
         "[--nvd-api-key-file FILE] [--nvd-rate ANON,KEYED] "
         "[--csaf DIR] [--size small|demo] [--reference-prefix MX] "
         "[--port-file FILE] [--epoch UNIX] [--allow-remote]")


def default_fixture(*parts):
    top = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.realpath(__file__))))
    top = os.path.dirname(top)  # repository root
    fx = os.environ.get("CENTINELA_FIXTURES") or os.path.join(
        top, "..", "shared", "fixtures", "real")
    return os.path.join(fx, *parts)


def read_secret(p, path, option):
    """The stripped text of a token or key file; a usage error if not."""
    try:
        with open(path) as fh:
            return fh.read().strip()
    except OSError as exc:
        p.error("cannot read %s: %s" % (option, exc))
    return None


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="central-sim", usage=USAGE,
        description="Reference simulator of the Centinela central API "
        "(centinela-api(7)); a test double, never a production server.")
    p.add_argument("--listen", required=True, metavar="HOST:PORT",
                   help="address to listen on; port 0 picks a free one")
    p.add_argument("--state", required=True, metavar="DIR",
                   help="state folder (created if missing)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--alert-rate", type=float, default=0.0,
                   metavar="PER_MINUTE", help="live alerts per minute")
    p.add_argument("--token", help="bearer token required on /api/v1")
    p.add_argument("--token-file", metavar="FILE",
                   help="read the bearer token from FILE")
    p.add_argument("--kev", default=None, metavar="FILE",
                   help="KEV catalog to serve (default: "
                   "$CENTINELA_FIXTURES/kev/known_exploited_vulnerabilities"
                   ".json)")
    p.add_argument("--epss", default=None, metavar="FILE",
                   help="EPSS daily file (CSV) to serve gzipped at "
                   "/epss_scores-current.csv.gz (default: "
                   "$CENTINELA_FIXTURES/epss/epss_scores-excerpt.csv)")
    p.add_argument("--nvd", nargs="+", default=None, metavar="FILE",
                   help="NVD CVE API 2.0 response files or 2.0 JSON feed "
                   "files (.json or .json.gz) served at /rest/json/cves/2.0 "
                   "(default: $CENTINELA_FIXTURES/nvd/api2_responses/*.json)")
    p.add_argument("--nvd-api-key-file", metavar="FILE",
                   help="the only NVD apiKey accepted (others: 404)")
    p.add_argument("--nvd-rate", default="5,50", metavar="ANON,KEYED",
                   help="NVD requests allowed in any 30 s without and with "
                   "an apiKey (default 5,50; 0: no limit)")
    p.add_argument("--csaf", default=None, metavar="DIR",
                   help="serve the tree DIR as a CSAF provider at "
                   "/.well-known/csaf/ (e.g. what `centinela bulletin "
                   "publish --dir` wrote; read at each request)")
    p.add_argument("--size", choices=("small", "demo"), default="small",
                   help="seed volume on first start")
    p.add_argument("--reference-prefix", default="MX", metavar="PREFIX",
                   help="incident reference prefix (2-8 letters)")
    p.add_argument("--port-file", metavar="FILE",
                   help="write the bound port to FILE once listening")
    p.add_argument("--epoch", type=int, default=None, metavar="UNIX",
                   help="'now' of the seed data (default: this hour)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow a non-loopback --listen address")
    o = p.parse_args(argv)
    host, sep, port = o.listen.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        p.error("--listen wants HOST:PORT, e.g. 127.0.0.1:8080")
    host = host.strip("[]")
    if not is_loopback(host) and not o.allow_remote:
        p.error("refusing to listen on non-loopback '%s' without "
                "--allow-remote (this is a test double)" % host)
    o.host, o.port = host, int(port)
    if o.csaf is not None and not os.path.isdir(o.csaf):
        p.error("--csaf wants a directory, not '%s'" % o.csaf)
    if o.token_file:
        o.token = read_secret(p, o.token_file, "--token-file")
    if o.token is not None and not o.token:
        p.error("empty token")
    pre = o.reference_prefix
    if not (2 <= len(pre) <= 8 and pre.isascii() and pre.isalpha()
            and pre.isupper()):
        p.error("--reference-prefix wants 2 to 8 upper-case letters")
    if o.alert_rate < 0:
        p.error("--alert-rate must not be negative")
    o.kev = o.kev or default_fixture("kev",
                                     "known_exploited_vulnerabilities.json")
    o.epss = o.epss or default_fixture("epss", "epss_scores-excerpt.csv")
    if o.nvd is None:
        o.nvd = default_files(default_fixture())
    o.nvd_api_key = None
    if o.nvd_api_key_file:
        o.nvd_api_key = read_secret(p, o.nvd_api_key_file,
                                    "--nvd-api-key-file")
        if not o.nvd_api_key:
            p.error("empty NVD API key")
    try:
        anon, keyed = (int(x) for x in o.nvd_rate.split(","))
        if anon < 0 or keyed < 0:
            raise ValueError
    except ValueError:
        p.error("--nvd-rate wants ANON,KEYED, e.g. 5,50 (0: no limit)")
    o.nvd_rate = (anon, keyed)
    return o


def write_port_file(path, port):
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "w") as fh:
        fh.write("%d\n" % port)
    os.replace(tmp, path)


def live_alerts(app):
    period = 60.0 / app.opts.alert_rate
    nxt = time.monotonic() + period
    while not app.stopping.wait(max(0.0, nxt - time.monotonic())):
        nxt += period
        st = app.state
        if st is None or st.closed:
            continue
        try:
            with st.lock:
                if not st.closed:
                    st.generate_alerts(1)
        except Exception as exc:
            sys.stderr.write("central-sim: live alert failed: %r\n" % (exc,))


def make_server(app, host, port):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    deadline = time.monotonic() + 10
    while True:
        try:
            return Server((host, port), app, family)
        except OSError:
            if port == 0 or time.monotonic() > deadline or \
                    app.stopping.is_set():
                raise
            time.sleep(0.1)


def close_conns(app):
    with app.lock:
        conns = list(app.conns)
    for c in conns:
        try:
            c.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main(argv):
    o = parse_args(argv)
    app = App(o)
    try:
        app.nvd = Nvd(o.nvd, o.nvd_api_key, o.nvd_rate)
    except (OSError, ValueError) as exc:
        sys.stderr.write("central-sim: cannot read an NVD file: %s\n" % exc)
        return 2
    if o.token is None:
        sys.stderr.write("central-sim: warning: no --token given; /api/v1 "
                         "needs no authentication\n")

    def on_signal(signum, frame):
        app.stopping.set()
        app.wake.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    port = o.port
    first = True
    if o.alert_rate > 0:
        threading.Thread(target=live_alerts, args=(app,), daemon=True).start()
    while not app.stopping.is_set():
        app.state = State(o.state, seed=o.seed, size=o.size,
                          prefix=o.reference_prefix, epoch=o.epoch)
        try:
            srv = make_server(app, o.host, port)
        except OSError as exc:
            sys.stderr.write("central-sim: cannot listen on %s:%d: %s\n" %
                             (o.host, port, exc))
            app.state.close()
            return 1
        port = srv.server_address[1]
        if first:
            if o.port_file:
                write_port_file(o.port_file, port)
            sys.stderr.write("central-sim: listening on http://%s:%d/ "
                             "(state %s)\n" % (o.host if ":" not in o.host
                                               else "[%s]" % o.host, port,
                                               o.state))
            first = False
        t = threading.Thread(target=srv.serve_forever,
                             kwargs={"poll_interval": 0.1}, daemon=True)
        t.start()
        while not app.wake.wait(0.5):
            pass
        app.wake.clear()
        srv.shutdown()
        srv.server_close()
        close_conns(app)
        app.state.close()
        down = app.restart_down
        app.restart_down = None
        if app.stopping.is_set():
            break
        sys.stderr.write("central-sim: restarting, down for %gs\n" %
                         (down or 0))
        app.stopping.wait(down or 0)
    sys.stderr.write("central-sim: stopped\n")
    return 0
