"""Quote accuracy on a real-news corpus folder, measured with the shared scorer.

    python benchmarks/quotes_accuracy.py CORPUS_DIR [-o SYSTEM.json] [--scorer PATH]

Every ``*.txt`` in CORPUS_DIR is parsed with reader's own parser (the files are in the export
format) and run through the extractor in-process; the result is what ``reader quotes ID
--json`` prints, per article, keyed by the file name without ``.txt`` -- the scorer's input.
With ``-o`` it is written to a file; with a scorer (``--scorer``, or the shared one at
``../shared/tools/quote_score.py`` when it is there) the scorer's line is printed, followed by
the extractor's speed (mean and worst milliseconds of CPU time per article, parsing not
timed). Each article is timed ``--repeat`` times and its best time kept, so that other
processes sharing the machine count as little as they can; the process's first call, which
loads the weights and compiles the patterns once, is made beforehand on a sentence of its own
and reported on its own line.

With ``--single-marks`` every article is first rewritten as the British and Commonwealth press
writes quotations ('...,' she said): each double mark becomes the single mark of its kind
(" to ', “ to ‘, ” to ’), apostrophes stay. The scorer compares words, not marks, so the figures
say how well quotations in single marks are found and attributed, on real text with its real
apostrophes ("don't", "the voters' choice") to tell apart from closing marks.

A file that does not parse gives a one-line error naming it and the rest carries on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from digest.quotes import extract_quotes  # noqa: E402
from reader.article import Article, parse_file  # noqa: E402
from reader.parsing.errors import ArticleParseError  # noqa: E402

#: Where the shared scorer lives beside a checkout (``../shared/tools``) or a worktree of it.
SCORER_PLACES = [
    base / "shared" / "tools" / "quote_score.py" for base in (ROOT.parent, ROOT.parent.parent)
]


def load_corpus(corpus: Path) -> dict[str, Article]:
    """The corpus's articles by file name without ``.txt``; bad files are reported and skipped."""
    articles: dict[str, Article] = {}
    for path in sorted(corpus.glob("*.txt")):
        try:
            articles[path.stem] = parse_file(path)
        except (ArticleParseError, OSError) as exc:  # one bad file never stops the rest
            print(f"{path}: skipped: {exc}", file=sys.stderr)
    return articles


#: The first call's text: it loads the weights and compiles the patterns (made up).
WARM_UP = '"We will open the new ward in May," Dr Jane Moss, the trust\'s chief executive, said.'


#: Double quote marks to the single mark of the same kind (``--single-marks``).
AS_SINGLE = str.maketrans({'"': "'", "\u201c": "\u2018", "\u201d": "\u2019"})


def in_single_marks(article: Article) -> Article:
    """``article`` with its quotations in single marks, as a British paper prints them."""
    return replace(article, body=tuple(p.translate(AS_SINGLE) for p in article.body))


def first_call() -> float:
    """Seconds the process's first call takes (loading and compiling, done once)."""
    began = time.process_time()
    extract_quotes(WARM_UP)
    return time.process_time() - began


def run_extractor(
    articles: dict[str, Article], repeat: int = 1
) -> tuple[dict[str, list[dict[str, object]]], list[float]]:
    """The scorer's input and the extractor's time per article in seconds (the best of
    ``repeat`` runs)."""
    system: dict[str, list[dict[str, object]]] = {}
    times: list[float] = []
    for name, article in articles.items():
        best = float("inf")
        for _ in range(max(1, repeat)):
            began = time.process_time()
            found = extract_quotes(article)
            best = min(best, time.process_time() - began)
        times.append(best)
        system[name] = [asdict(q) for q in found]
    return system, times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder of articles and gold.json")
    parser.add_argument("-o", "--output", type=Path, help="write the scorer's input here")
    parser.add_argument("--scorer", type=Path, help="the scorer (quote_score.py)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="time each article this many times, keep the best"
    )
    parser.add_argument(
        "--single-marks",
        action="store_true",
        help="rewrite each article with its quotations in single marks first",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not a folder", file=sys.stderr)
        return 1
    articles = load_corpus(args.corpus)
    if args.single_marks:
        articles = {name: in_single_marks(article) for name, article in articles.items()}
    warm_up = first_call()
    system, times = run_extractor(articles, args.repeat)
    output: Path = args.output
    if output is None:
        handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)  # noqa: SIM115
        handle.close()
        output = Path(handle.name)
    output.write_text(json.dumps(system, ensure_ascii=False, indent=1), encoding="utf-8")
    scorer: Path | None = args.scorer
    if scorer is None:
        scorer = next((place for place in SCORER_PLACES if place.is_file()), None)
    if scorer is not None and (args.corpus / "gold.json").is_file():
        done = subprocess.run(
            [sys.executable, str(scorer), str(args.corpus), str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            return done.returncode
    if times:
        mean_ms = sum(times) / len(times) * 1000
        print(
            f"speed: {len(times)} articles, {mean_ms:.2f} ms of CPU time per article on average, "
            f"worst {max(times) * 1000:.1f} ms (best of {max(1, args.repeat)} runs each); "
            f"first call {warm_up * 1000:.1f} ms"
        )
    if args.output is None:
        output.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
