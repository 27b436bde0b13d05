"""Scoring quote extraction against hand labels: precision, recall and speaker accuracy.

Shared by the evaluation tests and anyone tuning rules (``python -m tests.quote_eval``).
A prediction matches a gold quote when their words overlap substantially, because where a
quote ends (a trailing comma, a run-on paragraph) is a matter of taste; the speaker must match
by full name, surname or role, ignoring titles and case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digest.quotes import Quote

_TITLES = frozenset(
    "mr mrs ms miss dr prof professor dame sir lord lady rev cllr captain senator sen".split()
)


def words(text: str) -> list[str]:
    return re.findall(r"[\w£$€%]+", text.lower())


def same_quote(predicted: str, gold: str) -> bool:
    p, g = words(predicted), words(gold)
    if not p or not g:
        return False
    ps, gs = set(p), set(g)
    jaccard = len(ps & gs) / len(ps | gs)
    joined_p, joined_g = " ".join(p), " ".join(g)
    return jaccard >= 0.6 or joined_p in joined_g or joined_g in joined_p


def _name_forms(name: str | None) -> set[str]:
    if not name:
        return set()
    tokens = [t for t in words(name) if t not in _TITLES]
    if not tokens:
        return set()
    return {" ".join(tokens), tokens[-1]}


def same_speaker(predicted: Quote, gold_speaker: str | None, gold_short: str | None) -> bool:
    gold = _name_forms(gold_speaker) | _name_forms(gold_short)
    mine = _name_forms(predicted.speaker) | _name_forms(predicted.speaker_short)
    if gold & mine:
        return True
    full_p = " ".join(words(predicted.speaker or ""))
    full_g = " ".join(words(gold_speaker or ""))
    return bool(full_p and full_g) and (full_p in full_g or full_g in full_p)


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    matched_predictions: int = 0
    matched_gold: int = 0
    speakers_right: int = 0
    misses: list[str] | None = None

    @property
    def precision(self) -> float:
        return self.matched_predictions / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.matched_gold if self.matched_gold else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name}: precision {self.precision:.3f} ({self.matched_predictions}/{self.predicted})"
            f"  recall {self.recall:.3f} ({self.matched_gold}/{self.gold})"
            f"  speaker {self.speaker_accuracy:.3f} ({self.speakers_right}/{self.matched_gold})"
        )


def score(cases: Iterable[tuple[str, Sequence[Quote], Sequence[dict]]]) -> Score:
    """Speech quotes only (full and partial): scare quotes are not speech, on either side."""
    total = Score(misses=[])
    assert total.misses is not None
    for name, predicted, gold in cases:
        speech = [q for q in predicted if q.kind != "scare"]
        gold_speech = [g for g in gold if g["kind"] != "scare"]
        total.predicted += len(speech)
        total.gold += len(gold_speech)
        total.matched_predictions += sum(
            any(same_quote(q.text, g["text"]) for g in gold_speech) for q in speech
        )
        for g in gold_speech:
            match = next((q for q in speech if same_quote(q.text, g["text"])), None)
            if match is None:
                total.misses.append(f"{name}: missed {g['text'][:50]!r}")
                continue
            total.matched_gold += 1
            if same_speaker(match, g.get("speaker"), g.get("speaker_short")):
                total.speakers_right += 1
            else:
                total.misses.append(
                    f"{name}: {g['text'][:40]!r} by {g.get('speaker')!r}, got {match.speaker!r}"
                )
        for q in speech:
            if not any(same_quote(q.text, g["text"]) for g in gold_speech):
                total.misses.append(f"{name}: spurious {q.text[:50]!r} ({q.kind})")
    return total
