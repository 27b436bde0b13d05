"""TUI benchmarks: first paint, cursor move + open, search latency and memory on a big library.

Functions, so ``benchmarks/run.py`` can register them; each returns a dict of figures.
Run alone: ``python benchmarks/bench_tui.py LIBRARY_DIR`` (the library must already hold the
articles, e.g. imported from ``benchmarks/generate.py`` output: 100,000 for the headline run).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from reader.tui.app import make_app
from reader.tui.screens.main import MainScreen


def _rss_mib() -> float:
    """Peak resident set size of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


async def _until(predicate: Any, pilot: Any, timeout: float = 60.0) -> float:
    """Seconds until ``predicate()`` holds, polling the app between frames."""
    started = time.perf_counter()
    while not predicate():
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"benchmark condition never held: {predicate}")
        await pilot.pause(0.005)
    return time.perf_counter() - started


async def _measure(library_dir: Path, query: str, size: tuple[int, int]) -> dict[str, Any]:
    started = time.perf_counter()
    app = make_app(library_dir)
    async with app.run_test(size=size) as pilot:
        screen = app.screen_stack[0]
        assert isinstance(screen, MainScreen)

        def painted() -> bool:
            ids = screen.article_list.ids
            return bool(ids) and screen.article_list.row(ids[0]) is not None

        await _until(painted, pilot)
        first_paint = time.perf_counter() - started
        count = len(screen.article_list.ids)

        moves = []
        for _ in range(20):
            before = time.perf_counter()
            target = screen.article_list.cursor + 1
            await pilot.press("j")
            await _until(
                lambda t=target: screen.article_view.article_id == screen.article_list.ids[t], pilot
            )
            moves.append(time.perf_counter() - before)

        before = time.perf_counter()
        await pilot.press("end")
        await _until(
            lambda: screen.article_list.row(screen.article_list.ids[-1]) is not None, pilot
        )
        to_end = time.perf_counter() - before

        before = time.perf_counter()
        await pilot.press("slash", *query)
        await _until(lambda: screen.query_text == query and screen.terms != (), pilot)
        search = time.perf_counter() - before
        hits = len(screen.article_list.ids)
    moves.sort()
    return {
        "articles": count,
        "first_paint_s": round(first_paint, 3),
        "move_open_median_ms": round(moves[len(moves) // 2] * 1000, 1),
        "move_open_max_ms": round(moves[-1] * 1000, 1),
        "scroll_to_end_ms": round(to_end * 1000, 1),
        "search_s": round(search, 3),
        "search_hits": hits,
        "peak_rss_mib": round(_rss_mib(), 1),
    }


def bench_tui(
    library_dir: Path | str, query: str = "harbour", size: tuple[int, int] = (120, 40)
) -> dict[str, Any]:
    """First paint, j-move + open latency, End, search latency and peak RSS of the TUI."""
    return asyncio.run(_measure(Path(library_dir), query, size))


if __name__ == "__main__":
    print(json.dumps(bench_tui(sys.argv[1], *sys.argv[2:3]), indent=2))
