"""Learn the speaker model's weights and its confidence calibration from a corpus folder.

    python benchmarks/train_speakers.py ../shared/corpora/polnear-train \\
        [-o digest/quotes/speaker_weights.json] [--check ../shared/corpora/polnear-dev]

For every article the extractor runs with the rules alone and records, for each quotation,
the speaker candidates and their features (digest/quotes/candidates.py). Each quotation is
matched to the corpus's gold quotes as the shared scorer matches them (a system quote of 4+
words, not a scare quote, sharing >= 60% of its words); a candidate is right when one of the
gold source's name words (or, for 'he'/'she' sources, the silver label's) is in its name.

The model is a conditional logit (a softmax over each quotation's candidates) fitted by
stochastic gradient ascent with a fixed seed and L2 shrinkage, so the same corpus gives the
same weights. The calibration table maps the winning candidate's probability to the share of
quotations it got right on the training corpus (binned, then made monotone by pooling adjacent
bins). Only the training corpus is read to fit; ``--check`` reports accuracy on another folder.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.quotes_accuracy import load_corpus  # noqa: E402
from digest.quotes import extract_quotes_traced  # noqa: E402
from digest.quotes.candidates import Candidate, Model, in_context  # noqa: E402

DEFAULT_OUTPUT = ROOT / "digest" / "quotes" / "speaker_weights.json"
#: Words of a gold source that name no one (the shared scorer's list).
_STOP = frozenset(
    "he she they it we i you his her their the a an mr mrs ms dr rev sen gov rep".split()
)
EPOCHS = 25
LEARNING_RATE = 0.05
#: The shrinkage, chosen by five-fold cross-validation on polnear-train (1e-4, 1e-3, 3e-3 and
#: 1e-2 gave 0.901, 0.903, 0.902, 0.901 of its quotes' speakers right).
L2 = 1e-3
SEED = 8
BINS = 40

Group = tuple[list[dict[str, float]], list[bool]]
#: Where each group comes from: the article's name and whether its gold source is named.
Origin = tuple[str, bool]


def _tokens(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", (text or "").replace("\u2019", "'").lower())


def _similarity(a: str, b: str) -> float:
    x, y = _tokens(a), _tokens(b)
    return sum((Counter(x) & Counter(y)).values()) / max(len(x), len(y), 1)


def _gold_names(gold_quote: dict[str, object]) -> list[str]:
    source = str(gold_quote.get("source") or "")
    named = [t for t in re.findall(r"[A-Z][a-z]+", source) if t.lower() not in _STOP]
    if named:
        return named
    silver = gold_quote.get("silver_speaker")
    return [str(s) for s in silver] if isinstance(silver, list) else []


def _right(candidate: Candidate, names: list[str]) -> bool:
    spoken = f"{candidate.full} {candidate.short}".replace("\u2024", ".").lower()
    return any(name.lower() in spoken for name in names)


def collect(corpus: Path, model: Model, origins: list[Origin] | None = None) -> list[Group]:
    """(features of each candidate, which are right) for every matched, labelled quotation;
    a quotation none of whose candidates is right is kept (it counts against accuracy).
    ``origins``, when given, gets each group's article and whether its source is named."""
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    groups: list[Group] = []
    for name, article in load_corpus(corpus).items():
        traced = [
            (quote, candidates)
            for quote, candidates in extract_quotes_traced(article, model)
            if len(_tokens(quote.text)) >= 4 and quote.kind != "scare"
        ]
        used: set[int] = set()
        for gold_quote in gold.get(name, {}).get("quotes", []):
            best, best_index = 0.0, -1
            for index, (quote, _candidates) in enumerate(traced):
                if index not in used:
                    value = _similarity(gold_quote["quote"], quote.text)
                    if value > best:
                        best, best_index = value, index
            if best < 0.6:
                continue
            used.add(best_index)
            names = _gold_names(gold_quote)
            if not names:
                continue
            candidates = traced[best_index][1]
            if origins is not None:
                source = str(gold_quote.get("source") or "")
                named = any(t.lower() not in _STOP for t in re.findall(r"[A-Z][a-z]+", source))
                origins.append((name, named))
            groups.append(
                (
                    [in_context(c.features, c.context) for c in candidates],
                    [_right(c, names) for c in candidates],
                )
            )
    return groups


def _probabilities(weights: dict[str, float], features: list[dict[str, float]]) -> list[float]:
    scores = [sum(weights.get(k, 0.0) * v for k, v in f.items()) for f in features]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def fit(groups: list[Group]) -> dict[str, float]:
    trainable = [g for g in groups if any(g[1]) and len(g[0]) > 1]
    weights: dict[str, float] = {}
    order = list(range(len(trainable)))
    rng = random.Random(SEED)
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = LEARNING_RATE / (1 + epoch * 0.2)
        for index in order:
            features, right = trainable[index]
            p = _probabilities(weights, features)
            mass = sum(pi for pi, r in zip(p, right, strict=True) if r)
            gradient: dict[str, float] = {}
            for f, pi, r in zip(features, p, right, strict=True):
                share = (pi / mass if r else 0.0) - pi
                for k, v in f.items():
                    gradient[k] = gradient.get(k, 0.0) + share * v
            for k, g in gradient.items():
                w = weights.get(k, 0.0)
                weights[k] = w + rate * (g - L2 * w)
    return {k: round(v, 4) for k, v in sorted(weights.items()) if abs(v) >= 1e-4}


def outcomes(weights: dict[str, float], groups: list[Group]) -> list[tuple[float, bool]]:
    """(the winner's probability, whether it is right) for every labelled quotation."""
    found: list[tuple[float, bool]] = []
    for features, right in groups:
        if not features:
            found.append((0.0, False))
            continue
        p = _probabilities(weights, features)
        best = max(range(len(p)), key=p.__getitem__)
        found.append((p[best], right[best]))
    return found


def calibrate(results: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """Equal-count bins of probability, pooled until their accuracy rises monotonically."""
    ranked = sorted(results)
    size = max(1, len(ranked) // BINS)
    bins: list[list[float]] = []  # [upper, right, count]
    for start in range(0, len(ranked), size):
        chunk = ranked[start : start + size]
        bins.append([chunk[-1][0], float(sum(r for _p, r in chunk)), float(len(chunk))])
    pooled: list[list[float]] = []
    for b in bins:
        pooled.append(b)
        while len(pooled) > 1 and pooled[-2][1] / pooled[-2][2] >= pooled[-1][1] / pooled[-1][2]:
            last = pooled.pop()
            pooled[-1] = [last[0], pooled[-1][1] + last[1], pooled[-1][2] + last[2]]
    if pooled:
        pooled[-1][0] = 1.0
    return [(round(upper, 4), round(right / count, 3)) for upper, right, count in pooled]


def _accuracy(results: list[tuple[float, bool]]) -> float:
    return sum(r for _p, r in results) / max(len(results), 1)


def cross_validate(groups: list[Group], origins: list[Origin], folds: int) -> tuple[float, float]:
    """Named and pronoun speaker accuracy of ``folds``-fold cross-validation over articles:
    the model is fitted on the other folds' articles and scored on each fold's quotes. The
    articles are dealt to folds in a fixed shuffled order (``SEED``)."""
    names = sorted({name for name, _named in origins})
    random.Random(SEED).shuffle(names)
    fold_of = {name: index % folds for index, name in enumerate(names)}
    right = {True: 0, False: 0}
    total = {True: 0, False: 0}
    for fold in range(folds):
        train = [g for g, o in zip(groups, origins, strict=True) if fold_of[o[0]] != fold]
        held = [(g, o) for g, o in zip(groups, origins, strict=True) if fold_of[o[0]] == fold]
        weights = fit(train)
        for (_p, ok), (_g, (_name, named)) in zip(
            outcomes(weights, [g for g, _o in held]), held, strict=True
        ):
            total[named] += 1
            right[named] += ok
    return right[True] / max(total[True], 1), right[False] / max(total[False], 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the training corpus folder (gold.json)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", type=Path, help="a held-out folder to report accuracy on")
    parser.add_argument(
        "--cv", type=int, metavar="K", help="report K-fold cross-validation over articles too"
    )
    args = parser.parse_args(argv)
    rules_only = Model({}, ())
    origins: list[Origin] = []
    groups = collect(args.corpus, rules_only, origins)
    if args.cv:
        named, pronoun = cross_validate(groups, origins, args.cv)
        print(
            f"{args.corpus.name}: {args.cv}-fold cross-validation over articles: speaker "
            f"right, named {named:.3f} ({sum(n for _a, n in origins)} quotes), pronoun "
            f"{pronoun:.3f} ({sum(not n for _a, n in origins)})"
        )
    reachable = sum(1 for _f, right in groups if any(right))
    weights = fit(groups)
    results = outcomes(weights, groups)
    table = calibrate(results)
    rule_results = outcomes({"rule": 1.0}, groups)
    print(
        f"{args.corpus.name}: {len(groups)} labelled quotes, {reachable} with a right candidate; "
        f"speaker right: rules {_accuracy(rule_results):.3f}, model {_accuracy(results):.3f}"
    )
    if args.check is not None:
        held = collect(args.check, rules_only)
        print(
            f"{args.check.name}: {len(held)} labelled quotes; speaker right: rules "
            f"{_accuracy(outcomes({'rule': 1.0}, held)):.3f}, "
            f"model {_accuracy(outcomes(weights, held)):.3f}"
        )
    data = {
        "about": "Speaker model for digest/quotes/candidates.py, learned by "
        f"benchmarks/train_speakers.py from {args.corpus.name} ({len(groups)} quotes).",
        "weights": weights,
        "calibration": table,
    }
    args.output.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {len(weights)} weights, {len(table)} calibration bins")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
