"""How well quotes and speakers are found, on hand-labelled text.

Two sets: the held-out passages in ``tests/data/quotes_heldout.json`` (written and labelled
before any rule was tuned on them) and every quotation of ``sample_articles/`` labelled in
``tests/data/quotes_gold.json``. Run with ``-s`` to see the figures and the misses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.quotes import extract_quotes
from reader.article import parse_file
from tests.quote_eval import score

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parent.parent / "sample_articles"
THRESHOLD = 0.90


def _report(name: str, result) -> None:  # type: ignore[no-untyped-def]
    print("\n" + result.line(name))
    for miss in result.misses or []:
        print("  ", miss)


def test_held_out_passages() -> None:
    data = json.loads((DATA / "quotes_heldout.json").read_text(encoding="utf-8"))
    cases = [
        (f"passage {i + 1}", extract_quotes(p["text"]), p["quotes"])
        for i, p in enumerate(data["passages"])
    ]
    result = score(cases)
    _report("held-out", result)
    assert result.gold >= 23
    assert result.precision >= 0.85
    assert result.recall >= 0.85
    assert result.speaker_accuracy >= 0.85


@pytest.mark.skipif(
    not (DATA / "quotes_gold.json").exists(), reason="the sample gold set is not written yet"
)
def test_sample_articles_gold_set() -> None:
    gold = json.loads((DATA / "quotes_gold.json").read_text(encoding="utf-8"))["articles"]
    cases = [
        (name, extract_quotes(parse_file(SAMPLES / name)), quotes)
        for name, quotes in sorted(gold.items())
    ]
    result = score(cases)
    _report("sample articles", result)
    assert result.gold >= 60
    assert result.precision >= THRESHOLD
    assert result.recall >= THRESHOLD
    assert result.speaker_accuracy >= THRESHOLD
