"""The real-news accuracy script: it reads a corpus folder in the export format, writes what the
scorer reads, and prints the scorer's line (a stand-in scorer here: the shared one lives outside
the repository)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.quotes_accuracy import main

ROOT = Path(__file__).resolve().parent.parent

_ARTICLE = """## Council approves the new ferry timetable

Publication Date: 2026-03-02

Author: Test Desk Section: Local

Tags: transport



"The late boat will run every night from May," said Councillor Nadia Ferreira.

Ferreira added that the cost was modest. "We found the money in the harbour budget."
"""

_STAND_IN_SCORER = """import json, sys
system = json.load(open(sys.argv[2]))
print("stand-in:", sorted(system), sum(len(v) for v in system.values()))
"""


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferry.txt").write_text(_ARTICLE, encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"\x00\x01 not an article")
    (corpus / "gold.json").write_text("{}", encoding="utf-8")
    return corpus


def test_writes_the_scorers_input_per_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path)
    out = tmp_path / "system.json"
    scorer = tmp_path / "scorer.py"
    scorer.write_text(_STAND_IN_SCORER, encoding="utf-8")
    assert main([str(corpus), "-o", str(out), "--scorer", str(scorer)]) == 0
    assert "broken.txt: skipped: " in capsys.readouterr().err  # named, and the rest carries on
    system = json.loads(out.read_text(encoding="utf-8"))
    ferry = system["ferry"]
    assert [q["speaker"] for q in ferry] == ["Councillor Nadia Ferreira"] * 2
    assert ferry[0]["text"].startswith("The late boat will run every night")
    assert {"text", "speaker", "speaker_short", "kind", "confidence"} <= set(ferry[0])


def test_single_marks_rewrites_each_article_as_a_british_paper_prints_it(tmp_path: Path) -> None:
    """--single-marks turns each double mark into the single one of its kind (apostrophes as
    they are), so the same gold measures quotations in single marks."""
    from benchmarks.quotes_accuracy import in_single_marks, load_corpus

    article = load_corpus(_corpus(tmp_path))["ferry"]
    rewritten = in_single_marks(article)
    assert '"' not in rewritten.text and "'The late boat will run" in rewritten.text
    assert len(rewritten.text) == len(article.text)
    out = tmp_path / "single.json"
    assert main([str(tmp_path / "corpus"), "-o", str(out), "--single-marks"]) == 0
    ferry = json.loads(out.read_text(encoding="utf-8"))["ferry"]
    assert [q["speaker"] for q in ferry] == ["Councillor Nadia Ferreira"] * 2
    assert ferry[1]["text"] == "We found the money in the harbour budget."


def test_prints_the_scorers_line_and_speed(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    scorer = tmp_path / "scorer.py"
    scorer.write_text(_STAND_IN_SCORER, encoding="utf-8")
    script = ROOT / "benchmarks" / "quotes_accuracy.py"
    done = subprocess.run(
        [sys.executable, str(script), str(corpus), "--scorer", str(scorer)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "stand-in: ['ferry'] 2"
    assert lines[1].startswith("speed: ")
    assert "ms of CPU time per article on average" in lines[1]
    assert "(best of 3 runs each); first call " in lines[1]


def test_confidence_report_on_a_labelled_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks import quotes_confidence

    corpus = _corpus(tmp_path)
    gold = {
        "ferry": {
            "title": "Council approves the new ferry timetable",
            "quotes": [
                {"quote": "The late boat will run every night from May,", "source": "Ferreira"},
                {"quote": "We found the money in the harbour budget.", "source": "she"},
            ],
        }
    }
    (corpus / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    data = quotes_confidence.labelled(corpus)
    (quotes, labels) = next(item for item in data if item[0])
    assert len(quotes) == 2
    assert list(labels.values()) == [["Ferreira"]]  # 'she' has no silver label: unchecked
    precision, checked, shown = quotes_confidence.briefing_precision(data, 0.0)
    assert (precision, checked, shown) == (1.0, 1, 1)  # one key quote per speaker
    assert quotes_confidence.main([str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "| confidence | quotes | speaker right |" in out
    assert "(the briefing's)" in out
