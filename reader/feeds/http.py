"""A polite HTTP fetcher for feeds and pages: one request at a time per host, bounded in time
and size, conditional, and honest about who it is.

Nothing here knows about the library: it takes URLs (plus the validators from the last fetch)
and hands back plain :class:`Response` values, so it is tested against a local server alone.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from reader import __version__

PROJECT_URL = "https://github.com/tidings-reader/reader"
USER_AGENT = f"reader/{__version__} (+{PROJECT_URL}; a terminal news reader)"
#: Bytes of one response (after gzip is undone): a feed or page bigger than this is refused.
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
FEED_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/feed+json,"
    " application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
_CHUNK = 64 * 1024
#: The whole of one response may take this long, however slowly its bytes trickle in.
TOTAL_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Timeouts, caps and identity; tests shorten the timeouts, nothing else should."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    total_timeout: float = TOTAL_SECONDS
    max_bytes: int = MAX_BYTES
    workers: int = 4
    """Hosts fetched at once (never more than one request at a time to any one host)."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful fetch said, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect followed: its status and where it came from and went to."""

    status: int
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Response:
    """What one fetch came to. ``error`` is set (and ``status`` may be 0) when it failed."""

    url: str
    """The URL asked for."""
    final_url: str
    status: int
    content: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Lower-cased names."""
    redirects: tuple[Hop, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))


def fetcher_from_env() -> Fetcher:
    """The fetcher the CLI and the app use; ``READER_FETCH_TIMEOUTS="connect,read"``
    (seconds) shortens its timeouts, for tests and very slow links. ValueError if malformed."""
    raw = os.environ.get("READER_FETCH_TIMEOUTS", "")
    if not raw:
        return Fetcher()
    try:
        connect, read = (float(x) for x in raw.split(","))
    except ValueError:
        raise ValueError(
            f"READER_FETCH_TIMEOUTS must be 'connect,read' in seconds, not {raw!r}"
        ) from None
    return Fetcher(FetchSettings(connect_timeout=connect, read_timeout=read))


class HostGate:
    """One lock per host, so no host ever sees two requests from us at once."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, url: str) -> threading.Lock:
        key = host_of(url)
        with self._guard:
            found = self._locks.get(key)
            if found is None:
                found = self._locks[key] = threading.Lock()
            return found


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


def one_line(text: str, limit: int = 300) -> str:
    return " ".join(str(text).split())[:limit]


class Fetcher:
    """A ``requests`` session with politeness built in; safe to share between threads."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self.gate = HostGate()
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {
                    "User-Agent": self.settings.user_agent,
                    "Accept-Encoding": "gzip, deflate",
                }
            )
            session.trust_env = False  # no proxies or netrc picked up from the environment
            self._local.session = session
        return session

    def get(
        self,
        url: str,
        validators: Validators | None = None,
        *,
        accept: str = FEED_ACCEPT,
        feed: bool = True,
    ) -> Response:
        """Fetch ``url``, following up to five redirects, each hop under its host's lock."""
        headers = {"Accept": accept}
        if feed:
            headers["A-IM"] = "feed"
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        hops: list[Hop] = []
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https"):
                return Response(
                    url,
                    current,
                    0,
                    redirects=tuple(hops),
                    error=f"not a web address: {one_line(current)}",
                )
            with self.gate.lock(current):
                result = self._one(url, current, headers, hops)
            if isinstance(result, Response):
                return result
            hops.append(result)
            current = result.target
        return Response(url, current, 0, redirects=tuple(hops), error="too many redirects")

    def _one(
        self, url: str, current: str, headers: dict[str, str], hops: list[Hop]
    ) -> Response | Hop:
        s = self.settings
        try:
            resp = self._session().get(
                current,
                headers=headers,
                timeout=(s.connect_timeout, s.read_timeout),
                allow_redirects=False,
                stream=True,
            )
        except requests.exceptions.ConnectTimeout:
            return self._failed(url, current, hops, f"no connection within {s.connect_timeout:g} s")
        except requests.exceptions.ReadTimeout:
            return self._failed(url, current, hops, f"no answer within {s.read_timeout:g} s")
        except requests.exceptions.RequestException as exc:
            return self._failed(url, current, hops, _describe(exc))
        with resp:
            lowered = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code in (301, 302, 303, 307, 308) and "location" in lowered:
                return Hop(resp.status_code, current, urljoin(current, lowered["location"]))
            length = lowered.get("content-length", "")
            if length.isdigit() and int(length) > s.max_bytes and "content-encoding" not in lowered:
                return self._failed(
                    url,
                    current,
                    hops,
                    f"too big: {int(length):,} bytes (the limit is {s.max_bytes:,})",
                    resp.status_code,
                    lowered,
                )
            try:
                content = self._read(resp)
            except _TooBig:
                return self._failed(
                    url,
                    current,
                    hops,
                    f"too big: over {s.max_bytes:,} bytes",
                    resp.status_code,
                    lowered,
                )
            except requests.exceptions.RequestException as exc:
                return self._failed(url, current, hops, _describe(exc), resp.status_code, lowered)
            except TimeoutError:
                return self._failed(
                    url,
                    current,
                    hops,
                    f"the answer took over {s.total_timeout:g} s",
                    resp.status_code,
                    lowered,
                )
        return Response(url, current, resp.status_code, content, lowered, tuple(hops))

    def _read(self, resp: requests.Response) -> bytes:
        deadline = time.monotonic() + self.settings.total_timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_content(_CHUNK):
            size += len(chunk)
            if size > self.settings.max_bytes:
                raise _TooBig
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise TimeoutError
        return b"".join(chunks)

    @staticmethod
    def _failed(
        url: str,
        current: str,
        hops: list[Hop],
        error: str,
        status: int = 0,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        return Response(url, current, status, b"", dict(headers or {}), tuple(hops), error)

    def get_many(
        self,
        jobs: Iterable[tuple[str, Validators | None]],
        *,
        feed: bool = True,
        cancel: Callable[[], bool] | None = None,
        accept: str = FEED_ACCEPT,
    ) -> Iterator[Response]:
        """Fetch several URLs on a small thread pool, yielding each response as it comes.

        Jobs are handed out host by host, so a host with many URLs occupies one worker at a
        time while the others fetch from other hosts.
        """
        by_host: dict[str, list[tuple[str, Validators | None]]] = {}
        for job in jobs:
            by_host.setdefault(host_of(job[0]), []).append(job)
        if not by_host:
            return
        done: list[Response] = []
        ready = threading.Condition()
        remaining = sum(len(v) for v in by_host.values())

        def run_host(items: list[tuple[str, Validators | None]]) -> None:
            for job_url, validators in items:
                if cancel is not None and cancel():
                    result = Response(job_url, job_url, 0, error="cancelled")
                else:
                    try:
                        result = self.get(job_url, validators, feed=feed, accept=accept)
                    except Exception as exc:  # one broken fetch never stops the others
                        result = Response(job_url, job_url, 0, error=_describe(exc))
                with ready:
                    done.append(result)
                    ready.notify()

        workers = max(1, min(self.settings.workers, len(by_host)))
        with ThreadPoolExecutor(workers, thread_name_prefix="reader-fetch") as pool:
            futures = [pool.submit(run_host, items) for items in by_host.values()]
            while remaining:
                with ready:
                    while not done:
                        ready.wait()
                    batch, done[:] = list(done), []
                for item in batch:
                    remaining -= 1
                    yield item
            for future in futures:
                future.result()


class _TooBig(Exception):
    pass


def _describe(exc: BaseException) -> str:
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error: " + one_line(str(exc), 200)
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc)
        if "Name or service not known" in text or "nodename nor servname" in text:
            return "unknown host"
        if "Connection refused" in text:
            return "connection refused"
        return "connection failed: " + one_line(text, 200)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the answer was cut short"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "the answer could not be decompressed"
    return one_line(f"{type(exc).__name__}: {exc}", 300)
