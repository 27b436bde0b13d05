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


def _set_ui_state(library_dir: Path, rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Replace the TUI's remembered state (view, search, selection), returning what it was, so
    every run starts at the top of All articles and the library's owner gets theirs back."""
    import sqlite3

    with sqlite3.connect(library_dir / "library.sqlite3") as conn:
        before = conn.execute("SELECT key, value FROM ui_state WHERE key LIKE 'tui.%'").fetchall()
        conn.execute("DELETE FROM ui_state WHERE key LIKE 'tui.%'")
        conn.executemany("INSERT INTO ui_state (key, value) VALUES (?, ?)", rows)
    return before


async def _measure(
    library_dir: Path, queries: tuple[str, ...], size: tuple[int, int]
) -> dict[str, Any]:
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

        # When the article pane shows an article, as the app sees it (the pilot's own
        # polling and idle-waiting would add tens of milliseconds that a user never sees).
        shown_at: dict[str, float] = {}
        view = screen.article_view
        original_show = view.show

        def timed_show(record: Any, *args: Any, **kwargs: Any) -> Any:
            result = original_show(record, *args, **kwargs)
            if record is not None:
                shown_at.setdefault(record.id, time.perf_counter())
            return result

        view.show = timed_show  # type: ignore[method-assign]
        moves = []
        for _ in range(20):
            await pilot.pause(0.1)  # a reader's pace: each j is a fresh move, not a held key
            target = screen.article_list.cursor + 1
            await _until(lambda t=target: len(screen.article_list.ids) > t, pilot)
            target_id = screen.article_list.ids[target]
            shown_at.pop(target_id, None)
            before = time.perf_counter()
            await pilot.press("j")
            await _until(lambda t=target_id: t in shown_at, pilot)
            moves.append(shown_at[target_id] - before)

        before = time.perf_counter()
        await pilot.press("end")
        await _until(
            lambda: screen.article_list.row(screen.article_list.ids[-1]) is not None, pilot
        )
        to_end = time.perf_counter() - before

        # Search latency: from the last keystroke of the query to the list holding its ids and
        # the rows of its first page, as the app sees it (set_ids called with them), for a rare
        # word and for one in nearly every article (the worst case for ranking).
        loaded_at: dict[str, float] = {}
        article_list = screen.article_list
        original_set_ids = article_list.set_ids

        def timed_set_ids(library: Any, view: Any, ids: Any, *args: Any, **kwargs: Any) -> Any:
            result = original_set_ids(library, view, ids, *args, **kwargs)
            if ids and article_list.row(ids[0]) is not None:
                loaded_at.setdefault(view.query, time.perf_counter())
            return result

        article_list.set_ids = timed_set_ids  # type: ignore[method-assign]
        searches: dict[str, tuple[float, int]] = {}
        for word in queries:
            await pilot.press("slash", "ctrl+a", "ctrl+k", *word[:-1])
            await _until(lambda w=word: screen.query_text == w[:-1], pilot)
            await pilot.pause(0.5)
            loaded_at.clear()
            before = time.perf_counter()
            await pilot.press(word[-1])
            await _until(lambda w=word: w in loaded_at, pilot)
            searches[word] = (loaded_at[word] - before, len(article_list.ids))
    moves.sort()
    return {
        "articles": count,
        "first_paint_s": round(first_paint, 3),
        "move_open_median_ms": round(moves[len(moves) // 2] * 1000, 1),
        "move_open_max_ms": round(moves[-1] * 1000, 1),
        "scroll_to_end_ms": round(to_end * 1000, 1),
        **{
            f"search_{word}_ms": {"ms": round(seconds * 1000, 1), "hits": hits}
            for word, (seconds, hits) in searches.items()
        },
        "peak_rss_mib": round(_rss_mib(), 1),
    }


def _import_seconds() -> float:
    """What a fresh ``reader`` process spends importing before the app can start (best of 3)."""
    import subprocess

    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import reader.cli, reader.tui.app"], check=True)
        best = min(best, time.perf_counter() - began)
    return best


def bench_tui(
    library_dir: Path | str,
    queries: tuple[str, ...] = ("ashford", "harbour"),
    size: tuple[int, int] = (120, 40),
) -> dict[str, Any]:
    """First paint, j-move + open latency, End, search latency and peak RSS of the TUI."""
    saved = _set_ui_state(Path(library_dir), [])
    try:
        figures = asyncio.run(_measure(Path(library_dir), queries, size))
        imports = _import_seconds()
        figures["import_s"] = round(imports, 3)
        figures["first_paint_from_process_start_s"] = round(imports + figures["first_paint_s"], 3)
        return figures
    finally:
        _set_ui_state(Path(library_dir), saved)


if __name__ == "__main__":
    words = tuple(sys.argv[2:]) or ("ashford", "harbour")
    print(json.dumps(bench_tui(sys.argv[1], words), indent=2))
