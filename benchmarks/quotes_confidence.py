"""How far a quote's confidence can be trusted, and the briefing's speaker precision.

    python benchmarks/quotes_confidence.py ../shared/corpora/polnear-dev

Runs the extractor over a corpus folder (export-format articles and gold.json), matches each
quotation to the gold quotes as the shared scorer does, and prints:

- a reliability table: for quotes given a confidence in each band, how many have the right
  speaker (a calibrated confidence of 0.9 should be right about nine times in ten);
- the briefing's speaker precision: with every article bookmarked, the key quotes the briefing
  would show (``digest.select.choose_key_quotes``) and, for each confidence floor, the share of
  those shown with a speaker that name the right person, and how many are shown. The floor
  the briefing uses is ``digest.select.SPEAKER_CONFIDENCE``.

Only quotations whose gold source names someone (or whose 'he'/'she' has a silver label) are
counted; the rest cannot be checked.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.quotes_accuracy import load_corpus  # noqa: E402
from benchmarks.train_speakers import _gold_names, _similarity, _tokens  # noqa: E402
from digest.quotes import Quote, extract_quotes  # noqa: E402
from digest.select import SPEAKER_CONFIDENCE, choose_key_quotes  # noqa: E402

BANDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)
FLOORS = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99)


def _right(speaker: str | None, short: str | None, names: list[str]) -> bool:
    spoken = f"{speaker or ''} {short or ''}".lower()
    return any(name.lower() in spoken for name in names)


def labelled(corpus: Path) -> list[tuple[list[Quote], dict[int, list[str]]]]:
    """Per article: its quotes, and for each quote matched to a labelled gold quote (by
    index), the gold speaker's name words."""
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    found: list[tuple[list[Quote], dict[int, list[str]]]] = []
    for name, article in load_corpus(corpus).items():
        quotes = extract_quotes(article)
        usable = [
            i for i, q in enumerate(quotes) if len(_tokens(q.text)) >= 4 and q.kind != "scare"
        ]
        used: set[int] = set()
        labels: dict[int, list[str]] = {}
        for gold_quote in gold.get(name, {}).get("quotes", []):
            best, best_index = 0.0, -1
            for i in usable:
                if i not in used:
                    value = _similarity(gold_quote["quote"], quotes[i].text)
                    if value > best:
                        best, best_index = value, i
            if best < 0.6:
                continue
            used.add(best_index)
            names = _gold_names(gold_quote)
            if names:
                labels[best_index] = names
        found.append((quotes, labels))
    return found


def reliability(data: list[tuple[list[Quote], dict[int, list[str]]]]) -> list[str]:
    rows = ["| confidence | quotes | speaker right |", "| --- | --- | --- |"]
    for low, high in pairwise(BANDS):
        outcomes = [
            _right(quotes[i].speaker, quotes[i].speaker_short, names)
            for quotes, labels in data
            for i, names in labels.items()
            if low <= quotes[i].confidence < high
        ]
        if outcomes:
            share = sum(outcomes) / len(outcomes)
            band = f"{low:.2f}–{min(high, 1.0):.2f}"
            rows.append(f"| {band} | {len(outcomes)} | {share:.2f} |")
    return rows


def briefing_precision(
    data: list[tuple[list[Quote], dict[int, list[str]]]], floor: float, limit: int = 3
) -> tuple[float, int, int]:
    """(precision of the named key quotes that can be checked, how many were checked, how
    many key quotes with a speaker were shown in all)."""
    right = checked = shown = 0
    for quotes, labels in data:
        keys = choose_key_quotes(quotes, (), limit, min_speaker_confidence=floor)
        for key in keys:
            if not key.speaker:
                continue
            shown += 1
            index = next(
                (i for i, q in enumerate(quotes) if q.start == key.start and q.end == key.end),
                None,
            )
            if index is None or index not in labels:
                continue
            checked += 1
            right += _right(key.speaker, key.speaker_short, labels[index])
    return right / max(checked, 1), checked, shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args(argv)
    data = labelled(args.corpus)
    print(f"{args.corpus.name}: reliability of the quotes' confidence")
    print("\n".join(reliability(data)))
    print("\nbriefing key quotes with a speaker (every article bookmarked, 3 per piece):")
    print("| confidence floor | speaker precision | checked | shown |")
    print("| --- | --- | --- | --- |")
    for floor in sorted({*FLOORS, SPEAKER_CONFIDENCE}):
        precision, checked, shown = briefing_precision(data, floor)
        mark = " (the briefing's)" if floor == SPEAKER_CONFIDENCE else ""
        print(f"| {floor:.2f}{mark} | {precision:.3f} | {checked} | {shown} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
