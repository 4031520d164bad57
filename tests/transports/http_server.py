"""A partner's HTTP endpoint on loopback: one path per behaviour, every request recorded."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RETRY_DATE = "Wed, 21 Oct 2015 07:28:00 GMT"


class _Handler(BaseHTTPRequestHandler):
    server: PartnerServer

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        route = self.path.strip("/").split("?")[0]
        getattr(self, f"_route_{route.replace('-', '_')}", self._route_missing)(body)

    do_PUT = do_POST

    def do_HEAD(self):
        self.server.requests.append((self.command, self.path, dict(self.headers), b""))
        status = 401 if self.path == "/private" and "Authorization" not in self.headers else 200
        status = 503 if self.path == "/down" else status
        self._answer(status, b"")

    def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route_ok(self, body):
        reply = json.dumps({"received": len(body)}).encode()
        self._answer(200, reply, {"Content-Type": "application/json", "X-Partner-Id": "42"})

    def _route_busy(self, body):
        self._answer(429, b"slow down", {"Retry-After": "7"})

    def _route_busy_date(self, body):
        self._answer(429, b"slow down", {"Retry-After": RETRY_DATE})

    def _route_down(self, body):
        self._answer(503, b"<html>maintenance</html>")

    def _route_bad(self, body):
        self._answer(400, b'{"error": "missing field PO number"}')

    def _route_moved(self, body):
        self._answer(302, b"", {"Location": "/ok"})

    def _route_never(self, body):
        self.server.release.wait(5)  # answers only after the client gave up
        self._answer(200, b"too late")

    def _route_missing(self, body):
        self._answer(404, b"no such route")


class PartnerServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, str, dict, bytes]] = []
        self.release = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> PartnerServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self._thread.join(timeout=5)
        self.server_close()
