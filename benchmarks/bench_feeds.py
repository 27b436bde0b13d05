"""Feed figures: 200 feeds of 50 entries each, served from 127.0.0.1 by a separate process.

    python benchmarks/bench_feeds.py [--feeds 200] [--entries 50] [--hosts 20]

prints the first fetch (everything new: download, parse, store), the second fetch (every feed
answers 304), parsing per feed (mean and worst) and the process's peak memory. ``run.py``
also picks up the three timed figures. Targets: first fetch < 30 s, second < 3 s, parsing
<= 60 ms per feed, peak < 300 MB. The feeds are spread over ``--hosts`` servers (one host per
port), since the fetcher never sends two requests at once to one host.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.registry import Context, benchmark

_WORDS = (
    "council harbour ferry budget minister election climate energy school hospital river market "
    "village station nurses bakers students engineers report inspection licence timetable fuel"
).split()


def feed_document(index: int, entries: int) -> bytes:
    """An RSS 2.0 feed of ``entries`` full-content items (about 400 words each)."""
    items = []
    for e in range(entries):
        paragraphs = "".join(
            "<p>"
            + " ".join(_WORDS[(index * 7 + e * 3 + p * 5 + w) % len(_WORDS)] for w in range(80))
            + ".</p>"
            for p in range(5)
        )
        items.append(
            f"<item><title>Story {e} of feed {index}</title>"
            f"<link>http://example.test/f{index}/s{e}</link><guid>f{index}-s{e}</guid>"
            f"<pubDate>Tue, 01 Dec 2026 {e % 24:02d}:00:00 GMT</pubDate>"
            f"<dc:creator>Writer {e % 9}</dc:creator><category>Topic {e % 5}</category>"
            f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>Feed {index}</title><link>http://example.test/f{index}</link>"
        "<description>benchmark</description>" + "".join(items) + "</channel></rss>"
    ).encode("utf-8")


def _serve(port_queue: Any, feeds: list[int], entries: int) -> None:
    docs = {f"/f{i}.xml": feed_document(i, entries) for i in feeds}
    tags = {path: '"' + hashlib.md5(body).hexdigest() + '"' for path, body in docs.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = docs.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == tags[self.path]:
                self.send_response(304)
                self.send_header("ETag", tags[self.path])
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", tags[self.path])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_queue.put((server.server_address[1], feeds))
    server.serve_forever()


def run(feeds: int = 200, entries: int = 50, hosts: int = 20) -> dict[str, float]:
    from reader.feeds import service
    from reader.feeds.http import Fetcher, FetchSettings
    from reader.feeds.parse import parse_feed
    from reader.library import open_library

    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    groups = [list(range(feeds))[h::hosts] for h in range(hosts)]
    procs = [ctx.Process(target=_serve, args=(queue, g, entries), daemon=True) for g in groups]
    for proc in procs:
        proc.start()
    urls: list[str] = []
    try:
        for _ in procs:
            port, group = queue.get(timeout=60)
            urls += [f"http://127.0.0.1:{port}/f{i}.xml" for i in group]
        figures: dict[str, float] = {}
        with tempfile.TemporaryDirectory() as tmp, open_library(Path(tmp) / "lib") as library:
            for url in urls:
                library.feeds.add(url, full_text="never")
            fetcher = Fetcher(FetchSettings(workers=8))
            now = datetime.now(UTC)
            started = time.perf_counter()
            first = service.fetch_feeds(library, fetcher, now=now)
            figures["first fetch s"] = time.perf_counter() - started
            assert not first.failed, first.failed[0].error
            assert first.new == feeds * entries, first.new
            started = time.perf_counter()
            second = service.fetch_feeds(library, fetcher, now=now + timedelta(days=2))
            figures["second fetch (304) s"] = time.perf_counter() - started
            assert all(r.not_modified for r in second.results) and len(second.results) == feeds
        sample = [feed_document(i, entries) for i in range(min(feeds, 20))]
        times = []
        for doc in sample:
            started = time.perf_counter()
            parse_feed(doc, "http://example.test/feed.xml", {"content-type": "application/rss+xml"})
            times.append(time.perf_counter() - started)
        figures["parse mean s/feed"] = sum(times) / len(times)
        figures["parse worst s/feed"] = max(times)
        figures["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return figures
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.join(5)


def _figures(ctx: Context) -> dict[str, float]:
    if "feeds" not in ctx.cache:
        ctx.cache["feeds"] = run()
    return ctx.cache["feeds"]


@benchmark("feeds: first fetch of 200 feeds x 50 entries", target=30.0, order=300)
def first_fetch(ctx: Context) -> float:
    return _figures(ctx)["first fetch s"]


@benchmark("feeds: second fetch, all 304", target=3.0, order=301)
def second_fetch(ctx: Context) -> float:
    return _figures(ctx)["second fetch (304) s"]


@benchmark("feeds: parse one feed of 50 entries (mean of 20)", target=0.06, order=302)
def parse_one(ctx: Context) -> float:
    return _figures(ctx)["parse mean s/feed"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=20)
    args = parser.parse_args()
    figures = run(args.feeds, args.entries, args.hosts)
    targets = {
        "first fetch s": 30.0,
        "second fetch (304) s": 3.0,
        "parse mean s/feed": 0.06,
        "peak MB": 300.0,
    }
    for name, value in figures.items():
        target = targets.get(name)
        verdict = "" if target is None else ("  ok" if value < target else f"  MISSES {target}")
        print(f"{name:24} {value:10.3f}{verdict}")


if __name__ == "__main__":
    main()
