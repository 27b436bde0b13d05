"""Read-later import speed: a generated 20,000-item Pocket export (link-only, target < 10 s)
and a 2,000-article Wallabag export with HTML content (target < 15 s).

    python benchmarks/bench_readlater.py [--pocket 20000] [--wallabag 2000]

Each export is written to a temporary folder, imported into an empty library through the
same call ``reader import FILE`` makes, and timed from reading the file to the last commit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.app.readlater import import_export
from reader.library import open_library

WORDS = (
    "harbour council ferry night vote budget fares island crossing storm pier captain "
    "timetable winter summer passengers engine repair mayor committee report"
).split()


LINK = '<a href="https://x.example">ferry</a>'


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def pocket_zip(folder: Path, n: int, rng: random.Random) -> Path:
    path = folder / "pocket.zip"
    parts = 5
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in range(parts):
            rows = ["title,url,time_added,tags,status"]
            for i in range(part, n, parts):
                tags = "|".join(rng.sample(WORDS, rng.randint(0, 3)))
                status = "archive" if i % 3 == 0 else "unread"
                rows.append(
                    f'"{_sentence(rng)[:60]}",https://site{i % 97}.example/a/{i}?utm_source=x,'
                    f"{1_600_000_000 + i},{tags},{status}"
                )
            zf.writestr(f"part_{part:06d}.csv", "\n".join(rows) + "\n")
        notes = [
            {
                "url": f"https://site{i % 97}.example/a/{i}",
                "highlights": [{"quote": "q", "created_at": 1_700_000_000}],
            }
            for i in range(0, n, 50)
        ]
        zf.writestr("annotations/part_000000.json", json.dumps(notes))
    return path


def wallabag_json(folder: Path, n: int, rng: random.Random) -> Path:
    entries = []
    for i in range(n):
        paragraphs = [_sentence(rng) + " " + _sentence(rng) for _ in range(rng.randint(8, 25))]
        content = (
            "<div class='article'>"
            + "".join("<p>" + p.replace("ferry", LINK) + "</p>" for p in paragraphs)
            + "<script>var x = 1;</script></div>"
        )
        quote = paragraphs[1].split(".")[0]
        entries.append(
            {
                "url": f"https://news{i % 31}.example/story/{i}",
                "title": _sentence(rng)[:70],
                "content": content,
                "tags": rng.sample(WORDS, 2),
                "is_starred": i % 7 == 0,
                "is_archived": i % 2,
                "created_at": "2024-02-03T10:00:00+01:00",
                "published_at": "2024-02-01",
                "published_by": ["Dana Reyes"],
                "annotations": [{"quote": quote, "text": "a note"}],
            }
        )
    path = folder / "wallabag.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pocket", type=int, default=20_000)
    parser.add_argument("--wallabag", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, make, n, target in (
            ("Pocket zip, link-only", pocket_zip, args.pocket, 10.0),
            ("Wallabag JSON with HTML", wallabag_json, args.wallabag, 15.0),
        ):
            path = make(folder, n, rng)
            with open_library(folder / f"lib-{path.stem}") as lib:
                start = time.perf_counter()
                report = import_export(lib, path)
                took = time.perf_counter() - start
                again = time.perf_counter()
                repeat = import_export(lib, path)
                took_again = time.perf_counter() - again
            print(
                f"{label}: {n:,} items ({path.stat().st_size / 2**20:.1f} MB) in {took:.1f} s "
                f"(target < {target:g} s): {report.new:,} new, {report.placed} highlights placed, "
                f"{report.unplaced} unplaced; again: {took_again:.1f} s, {repeat.already:,} "
                "already there"
            )


if __name__ == "__main__":
    main()
