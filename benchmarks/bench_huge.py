"""One 8 MB article (just under the size limit): search, the app and memory stay bounded.

Targets (issue 10): ``reader search harbour`` under 0.2 s, the app responsive within 0.5 s of
opening the article (a page key, End to the real end, Home, each typed key of ``/harbour``),
resident memory under 250 MB. Run: ``python benchmarks/bench_huge.py``
(it builds its own library in a temporary folder; nothing of yours is touched).
"""

from __future__ import annotations

import asyncio
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reader.library import open_library
from reader.parsing.errors import MAX_ARTICLE_BYTES

WORDS = (
    "the council said ferry budget night service engineers hull timetable fuel nurses bakers"
    " students vote money paper harbour quay tide"
).split()


def write_huge(folder: Path, size: int = MAX_ARTICLE_BYTES - 100_000) -> Path:
    """An article of ``size`` bytes whose every paragraph names the harbour, and a short one."""
    rng = random.Random(10)
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(120)).capitalize() + "."
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    head = "## A very long article\n\nPublication Date: 2024-03-07\n\nAuthor: A Writer\n\n\n\n"
    path = folder / "huge.txt"
    path.write_text(head + "\n\n".join(paragraphs) + "\n", "utf-8")
    (folder / "short.txt").write_text(
        head.replace("A very long article", "Harbour news") + "The harbour is busy.\n", "utf-8"
    )
    return path


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_search(library_dir: Path) -> dict[str, Any]:
    with open_library(library_dir) as library:
        times = []
        for word in ("harbour", "council", "harb"):
            started = time.perf_counter()
            rows = library.search(word)
            times.append(time.perf_counter() - started)
            assert rows and rows[0].snippet, word
    script = Path(sys.executable).parent / "reader"
    started = time.perf_counter()
    subprocess.run(
        [str(script), "--library", str(library_dir), "search", "harbour"],
        check=True,
        capture_output=True,
    )
    whole = time.perf_counter() - started
    return {"search_in_process_s": max(times), "reader_search_command_s": whole}


async def _bench_app(library_dir: Path) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "tui"))
    from reader.tui.app import make_app
    from reader.tui.screens.main import MainScreen

    app = make_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(2000):
            await pilot.pause(0.01)
            screen = app.screen_stack[0]
            if isinstance(screen, MainScreen) and screen.ready and screen.article_list.ids:
                break
        screen = app.screen_stack[0]
        assert isinstance(screen, MainScreen)
        huge = next(i for i in screen.article_list.ids if i)  # the list: newest first
        with open_library(library_dir) as library:
            huge = library.ids("title:long")[0]
        while screen.article_list.current_id != huge:
            await pilot.press("j")
        started = time.perf_counter()
        await pilot.press("enter")
        while screen.article_view.article_id != huge or not screen.article_view.body.text:
            await pilot.pause(0.005)
        opened = time.perf_counter() - started
        # Responsive: a key typed now is handled at once (scroll one page of the article).
        view = screen.article_view
        started = time.perf_counter()
        before = view.scroll_y
        await pilot.press("pagedown")
        while view.scroll_y == before:
            await pilot.pause(0.005)
        key = time.perf_counter() - started
        # End reaches the real end of the 8 MB (laying out only the chunk there), Home the start.
        started = time.perf_counter()
        await pilot.press("end")
        while not (view.body.laid_out_to == len(view.body.text) and view.scroll_y > 0):
            await pilot.pause(0.005)
        await pilot.pause()
        end = time.perf_counter() - started
        assert view.scroll_y == view.max_scroll_y
        started = time.perf_counter()
        await pilot.press("pageup")
        page_up_at_end = time.perf_counter() - started
        started = time.perf_counter()
        await pilot.press("home")
        while view.scroll_y != 0 or view.body.laid_out_from != 0:
            await pilot.pause(0.005)
        home = time.perf_counter() - started
        keys: list[float] = []
        for char in "/harbour":
            started = time.perf_counter()
            await pilot.press("slash" if char == "/" else char)
            keys.append(time.perf_counter() - started)
        assert screen.search_box.input.value == "harbour"
    return {
        "app_open_huge_article_s": opened,
        "app_key_after_open_s": key,
        "app_end_of_article_s": end,
        "app_pageup_at_end_s": page_up_at_end,
        "app_home_s": home,
        "app_type_slash_harbour_s": sum(keys),
        "app_slowest_typed_key_s": max(keys),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        write_huge(folder)
        library_dir = Path(tmp) / "library"
        with open_library(library_dir) as library:
            started = time.perf_counter()
            library.import_paths([folder])
            imported = time.perf_counter() - started
        figures: dict[str, Any] = {"import_s": imported}
        figures |= bench_search(library_dir)
        figures |= asyncio.run(_bench_app(library_dir))
        figures["peak_rss_mib"] = _rss_mib()
    for name, value in figures.items():
        print(f"{name:28} {value:8.3f}")


if __name__ == "__main__":
    main()
