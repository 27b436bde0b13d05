"""Write N realistic ~6 KB articles in the export format (see shared ARTICLE_FORMAT.md).

Deterministic for a given seed, so benchmark figures and the crash test are repeatable. Used by
``benchmarks/run.py`` and by tests that need a big folder (tests/test_import_crash.py).

    python benchmarks/generate.py OUT_DIR --n 10000
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

_VOCABULARY = """
council harbour ferry budget minister election climate energy school hospital river market
village train station nurses bakers students engineers report inspection licence timetable fuel
costs service decade hull standard spring winter summer autumn research university data model
policy court judge trial police officer witness bridge housing rent wages union strike museum
library festival artist novel theatre football league season coach player stadium weather storm
flood drought harvest farmers prices exports imports bank interest inflation shares company chief
executive board vote
"""
_WORDS = tuple(_VOCABULARY.split())
_SECTIONS = ("Local news", "Politics", "Science", "Business", "Culture", "Sport", "Technology")
_TAGS = (
    "Transport",
    "Ferries",
    "Harbour council",
    "Climate crisis",
    "Artificial intelligence (AI)",
    "Education",
    "Health",
    "Energy",
    "Housing",
    "Elections",
    "Football",
    "Books",
)
#: Place names from syllables (~3,400 of them): each article is about one place, so searching
#: a place finds a few dozen articles in 100,000, as a name does in a real archive, while the
#: common vocabulary above matches nearly everything (the worst case for ranking).
_SYLLABLES = "kel ston bar wick ash ford mill brook dun more pen ley tor by ham well".split()
_PLACES = tuple(
    (a + b + c).capitalize()
    for a in _SYLLABLES
    for b in _SYLLABLES
    for c in ("", *_SYLLABLES[:12])
    if a != b
)
_FIRST = ("Priya", "Tom", "Maria", "Jonas", "Aisha", "Kenji", "Lucía", "Oliver", "Grace", "Yusuf")
_LAST = ("Natarajan", "Okafor", "Lindqvist", "Berg", "Rahman", "Sato", "García", "Hughes", "Kim")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
    text = " ".join(words)
    if rng.random() < 0.25:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        return f'"{text.capitalize()}," said {name}.'
    return text.capitalize() + rng.choice((".", ".", ".", "?"))


def article_text(index: int, seed: int = 1, size: int = 6000) -> str:
    """One article in the export format, roughly ``size`` bytes, unique by ``index``."""
    rng = random.Random(seed * 1_000_003 + index)
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 9))).capitalize()
    day = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2000))
    authors = " and ".join(
        f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(1, 2))
    )
    tags = ", ".join(rng.sample(_TAGS, rng.randint(1, 4)))
    section = rng.choice(_SECTIONS)
    place = rng.choice(_PLACES)
    slug = section.lower().replace(" ", "-")
    url = f"https://example.org/{slug}/{day:%Y/%b/%d}/story-{seed}-{index}"
    paragraphs: list[str] = []
    length = 0
    while length < size - 400:
        para = " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
        if len(paragraphs) % 3 == 0:
            para = f"In {place}, {para[0].lower()}{para[1:]}"
        paragraphs.append(para)
        length += len(para) + 2
    header = (
        f"## {title} in {place} {index}\n\n"
        f"Publication Date: {day.isoformat()}\n\n"
        f"Author: {authors} Section: {section}\n\n"
        f"Tags: {tags}\n\n"
        f'Article URL: <a href="{url}">{url}</a>\n\n\n\n'
    )
    return header + "\n\n".join(paragraphs) + "\n"


def write_articles(folder: Path, n: int, *, seed: int = 1, start: int = 0) -> list[Path]:
    """Write articles ``start .. start+n-1`` into ``folder`` (100 per sub-folder, like real
    exports grouped by month), returning their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for index in range(start, start + n):
        sub = folder / f"batch-{index // 100:04d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"article-{index:06d}.txt"
        path.write_text(article_text(index, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = write_articles(args.out, args.n, seed=args.seed)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
