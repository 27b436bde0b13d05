"""Digest figure: a briefing of 1,000 bookmarked articles, all three formats, under 3 s.

``briefing_seconds(records)`` times what ``reader digest`` does after reading the library
(quote extraction, summaries, grouping, Markdown + text + HTML); ``synthetic_records(n)`` makes
realistic records in memory, so the figure does not depend on the store or the parser.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

from benchmarks.registry import Context, benchmark
from reader.article import Article
from reader.library import ArticleRecord, Bookmark, Highlight

TARGET_SECONDS = 3.0
BRIEFING_SIZE = 1000

_VOCABULARY = (
    "council harbour ferry budget minister election climate energy school hospital river market "
    "village station nurses bakers students engineers report inspection licence timetable fuel"
)
_WORDS = _VOCABULARY.split()
_NAMES = ("Priya Natarajan", "Tom Okafor", "Maria Lindqvist", "Jonas Berg", "Aisha Rahman")
_TAGS = ("Transport", "Climate", "Health", "Energy", "Housing", "Elections")


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    parts = [_sentence(rng) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.5:
        speaker = rng.choice(_NAMES)
        parts.append(f'"{_sentence(rng)[:-1]}," said {speaker}.')
    return " ".join(parts)


def synthetic_records(n: int = BRIEFING_SIZE, seed: int = 7) -> list[ArticleRecord]:
    """``n`` bookmarked records of ~800 words, with quotes, tags, notes and a highlight."""
    rng = random.Random(seed)
    now = datetime(2024, 3, 8, tzinfo=UTC)
    records = []
    for index in range(n):
        body = tuple(_paragraph(rng) for _ in range(12))
        article = Article(
            title=f"{_sentence(rng)[:-1]} {index}",
            body=body,
            date=date(2024, 3, 1) + timedelta(days=index % 7),
            authors=(rng.choice(_NAMES),),
            section=rng.choice(("Local news", "Science", "Politics")),
            tags=tuple(rng.sample(_TAGS, 2)),
            url=f"https://example.org/{index}",
        )
        text = article.text
        highlight = Highlight(1, 10, 60, text[10:60], now)
        records.append(
            ArticleRecord(
                id=f"a{index:07d}",
                article=article,
                user_tags=("Must read",) if index % 10 == 0 else (),
                bookmark=Bookmark(now - timedelta(hours=index), note="Worth a look"),
                read=False,
                read_at=None,
                highlights=(highlight,) if index % 5 == 0 else (),
                missing=False,
                imported_at=now,
                updated_at=now,
            )
        )
    return records


def briefing_seconds(records: list[ArticleRecord]) -> float:
    """Seconds to build the briefing and render it in every format."""
    from digest.briefing import build_briefing
    from digest.render import FORMATS, render

    start = time.perf_counter()
    briefing = build_briefing(records)
    for fmt in FORMATS:
        render(briefing, fmt)
    return time.perf_counter() - start


@benchmark(
    f"digest: briefing of {BRIEFING_SIZE:,} bookmarked articles (build + 3 formats)",
    target=TARGET_SECONDS,
    order=80,
)
def bench_briefing(ctx: Context) -> float:
    return briefing_seconds(synthetic_records(BRIEFING_SIZE))


if __name__ == "__main__":
    print(f"{briefing_seconds(synthetic_records()):.3f} s")
