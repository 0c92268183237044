"""A real threaded HTTP server on 127.0.0.1 for the link-check and remote-inventory tests.

Routes (any method unless noted); every request is recorded with its method, path and headers.
``/ok`` 200 · ``/missing`` 404 · ``/redirect/N`` N redirects then 200 · ``/to-metadata`` and
``/to-private`` redirect to 169.254.169.254 / 10.0.0.1 · ``/slow`` answers after 2 s ·
``/nohead`` 405 for HEAD, 200 for GET · ``/cookie`` sets a cookie · ``/auth`` 200 only with the
bearer token ``Bearer s3cr3t-token``, else 401 · ``/to-localhost/<path>`` redirects to the same
server under the host name ``localhost`` · ``/html`` an HTML page · ``/big``, ``/big-nolength``
bodies of 4,000 bytes (with and without Content-Length) · ``/files/<name>`` a body registered in
``files`` with its content type. A request sent through the server as a proxy (absolute URI) is
answered the same way.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

TOKEN = "s3cr3t-token"


@dataclass
class Seen:
    method: str
    path: str
    target: str  # the request target as sent (absolute URI through a proxy)
    headers: dict[str, str]


@dataclass
class LiveServer:
    httpd: ThreadingHTTPServer
    seen: list[Seen] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}) and not (headers or {}).get("X-No-Length"):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not self._head:
            self.wfile.write(body)

    def _answer(self, head: bool) -> None:
        self._head = head
        live = self.server.live
        path = urlsplit(self.path).path if "://" in self.path else self.path.split("?", 1)[0]
        live.seen.append(Seen(self.command, path, self.path, dict(self.headers.items())))
        here = f"http://127.0.0.1:{live.port}"
        if path == "/ok":
            self._send(200, b"ok", {"Content-Type": "text/plain"})
        elif path == "/missing":
            self._send(404, b"no")
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            if left == 0:
                self._send(200, b"arrived")
            else:
                self._send(302, headers={"Location": f"/redirect/{left - 1}"})
        elif path == "/to-metadata":
            self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/to-private":
            self._send(302, headers={"Location": "http://10.0.0.1/report.pdf"})
        elif path == "/slow":
            deadline = time.monotonic() + 2.0
            while time.monotonic() < deadline and not live.stop.is_set():
                time.sleep(0.05)
            self._send(200, b"late")
        elif path == "/nohead":
            self._send(405 if head else 200, b"x" * 100_000)
        elif path == "/cookie":
            self._send(200, b"", {"Set-Cookie": "session=abc; Path=/"})
        elif path == "/auth":
            ok = self.headers.get("Authorization") == f"Bearer {TOKEN}"
            ctype, body = live.files.get("inv.toml", ("application/toml", b""))
            self._send(200 if ok else 401, body if ok else b"", {"Content-Type": ctype})
        elif path.startswith("/to-localhost/"):
            rest = path[len("/to-localhost") :]
            self._send(302, headers={"Location": f"http://localhost:{live.port}{rest}"})
        elif path == "/to-self-auth":
            self._send(302, headers={"Location": f"{here}/auth"})
        elif path == "/html":
            self._send(200, b"<html><body>login</body></html>", {"Content-Type": "text/html"})
        elif path == "/big":
            self._send(200, b"a = 1\n" + b"#" * 4000, {"Content-Type": "application/toml"})
        elif path == "/big-nolength":
            self.close_connection = True
            self._send(200, b"#" * 4000, {"Content-Type": "application/toml", "X-No-Length": "1"})
        elif path.startswith("/files/"):
            entry = live.files.get(path[len("/files/") :])
            if entry is None:
                self._send(404)
            else:
                self._send(200, entry[1], {"Content-Type": entry[0]})
        else:
            self._send(404)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    live: LiveServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and hung up is expected here


def start(certfile: str | None = None) -> LiveServer:
    """Serve on 127.0.0.1 (any free port); with ``certfile`` (cert and key in one PEM) over TLS."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    if certfile:
        import ssl

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(certfile)
        httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    live = LiveServer(httpd)
    httpd.live = live
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return live


def stop(live: LiveServer) -> None:
    live.stop.set()
    live.httpd.shutdown()
    live.httpd.server_close()
