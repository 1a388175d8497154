#!/usr/bin/env python3
"""A tiny HTTP(S) server with fixed behaviours, for the net layer's tests.

Usage: net_server.py PORT_FILE

Listens on 127.0.0.1:0 twice: plain HTTP, and HTTPS with a throw-away
self-signed certificate for 127.0.0.1 (only when the openssl command is
present). Writes "HTTP_PORT HTTPS_PORT" (0 when there is no HTTPS) to
PORT_FILE once both listen; the certificate is PORT_FILE's folder/cert.pem.
Exits when its parent process goes away. Python 3 standard library only.
"""
import gzip
import json
import os
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MIB = 1024 * 1024
BOMB = gzip.compress(b"\0" * (8 * MIB))
GZIP_TEXT = b'{"data": [], "next_cursor": "c1", "has_more": false}'
ETAG = '"v1"'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "net-test"

    def log_message(self, fmt, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, ssl.SSLError, OSError):
            pass

    def finish(self):
        try:
            super().finish()
        except (ConnectionError, ssl.SSLError, OSError, ValueError):
            pass

    def send_body(self, status, body, ctype="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route(self):
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path == "/ok":
            self.send_body(200, b'{"ok": true}', headers=[
                ("ETag", ETAG),
                ("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")])
        elif path == "/304":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
            else:
                self.send_body(200, b'{"changed": true}',
                               headers=[("ETag", ETAG)])
        elif path == "/gzip":
            self.send_body(200, gzip.compress(GZIP_TEXT),
                           headers=[("Content-Encoding", "gzip")])
        elif path == "/bomb":
            self.send_body(200, BOMB, headers=[("Content-Encoding", "gzip")])
        elif path == "/big":
            # No Content-Length: only the running count can stop it.
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            chunk = b"x" * 65536
            for _ in range(2 * MIB // len(chunk)):
                self.wfile.write(chunk)
        elif path == "/big-length":
            self.send_body(200, b"y" * (2 * MIB))
        elif path == "/stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'{"data": [')
            self.wfile.flush()
            time.sleep(30)
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"data": [')
        elif path == "/redirect-http":
            self.redirect("http://example.invalid/")
        elif path == "/redirect-file":
            self.redirect("file:///etc/passwd")
        elif path == "/redirect-loop":
            self.redirect("/redirect-loop")
        elif path == "/redirect-ok":
            self.redirect("/ok")
        elif path == "/slow-headers":
            time.sleep(2)
            self.send_body(200, b'{"slow": true}')
        elif path == "/retry-after":
            self.send_body(429, b'{"error": {"code": "rate_limited", '
                           b'"message": "slow down"}}',
                           headers=[("Retry-After", "7")])
        elif path == "/echo":
            out = {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
            }
            self.send_body(200, json.dumps(out).encode())
        else:
            self.send_body(404, b'{"error": {"code": "not_found", '
                           b'"message": "no such path"}}')

    do_GET = do_POST = do_PATCH = do_DELETE = route


def make_cert(folder):
    if not shutil.which("openssl"):
        return None
    cert = os.path.join(folder, "cert.pem")
    key = os.path.join(folder, "key.pem")
    r = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
         "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (cert, key) if r.returncode == 0 else None


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    port_file = sys.argv[1]
    parent = os.getppid()
    ThreadingHTTPServer.daemon_threads = True
    plain = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    serve(plain)
    https_port = 0
    pair = make_cert(os.path.dirname(os.path.abspath(port_file)))
    if pair:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*pair)
        tls = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # The handshake happens in the handler's thread, not in accept.
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True,
                                     do_handshake_on_connect=False)
        serve(tls)
        https_port = tls.server_address[1]
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d %d\n" % (plain.server_address[1], https_port))
    os.rename(tmp, port_file)
    while os.getppid() == parent:
        time.sleep(0.3)


if __name__ == "__main__":
    main()
