"""A local HTTP server (127.0.0.1 only) serving fixture feeds and pages written for the tests.

Each route is a :class:`Route` (status, headers, body, an optional delay, or a callable that
decides per request); every request is recorded with its headers and when it started and
ended, so tests assert what was asked and that one host never saw two requests at once.
"""

from __future__ import annotations

import gzip
import itertools
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (a slow host)."""
    gzip: bool = False
    trickle: int = 0
    """Send the body in pieces of this many bytes (0: all at once)."""
    respond: Callable[[dict[str, str]], Route] | None = None
    """Decides the answer from the request's headers (for 304s)."""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    started: float
    #: Stamped just before the response's last bytes are written: once they are out the client
    #: may finish and send its next request before this server thread runs again, and stamping
    #: after the write made a polite client look like it overlapped on a loaded machine.
    ended: float = 0.0


_HUNG_UP = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up (the fetcher timing out, a test ending) is not an error here:
    socketserver would print its traceback to stderr, where it hides the real ones."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(
            sys.exception(), (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)
        ):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                seen = Seen(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
                )
                with server._lock:
                    server.requests.append(seen)
                try:
                    server._answer(self, seen)
                finally:
                    seen.ended = seen.ended or time.monotonic()

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", **kwargs: object) -> str:
        self.routes[path] = Route(body=body, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def asked(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _answer(self, handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        route = self.routes.get(seen.path)
        if route is None:
            route = Route(404, b"not found")
        if route.respond is not None:
            route = route.respond(seen.headers)
        if route.delay:
            time.sleep(route.delay)
        body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
        headers = dict(route.headers)
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        try:
            handler.send_response(route.status)
            for name, value in headers.items():
                handler.send_header(name, value)
            if route.status != 304:
                handler.send_header("Content-Length", str(len(body)))
            if route.status == 304:
                seen.ended = time.monotonic()
                handler.end_headers()
                return
            handler.end_headers()
            if route.trickle:
                for at in range(0, len(body), route.trickle):
                    if at + route.trickle >= len(body):
                        seen.ended = time.monotonic()
                    handler.wfile.write(body[at : at + route.trickle])
                    handler.wfile.flush()
                    time.sleep(0.05)
            else:
                seen.ended = time.monotonic()
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve() -> Iterator[FeedServer]:
    """The body of a test module's ``feed_server`` fixture (``yield from serve()``)."""
    server = FeedServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def overlapping(requests: list[Seen]) -> bool:
    """Whether any two of these requests were being answered at the same time."""
    spans = sorted((r.started, r.ended) for r in requests)
    return any(b[0] < a[1] for a, b in itertools.pairwise(spans))
