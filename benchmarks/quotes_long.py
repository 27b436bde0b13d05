"""The quote extractor on long articles: how its time grows with length.

    python benchmarks/quotes_long.py [--sizes 25 50 100] [--repeat 5] [--write DIR]

Real news has live blogs of 30 KB and more, and the extractor's worst article is a long one.
This builds articles of the given sizes (in thousands of characters) from sentences written
for it -- a council, a port and a hospital, dozens of invented people with titles and roles,
quotations introduced by a name, a surname, a pronoun or a role, partial and floating quotes
-- and prints the extractor's CPU time on each (the best of ``--repeat`` runs) and the time
per thousand characters: if that figure stays flat from 25 to 100 KB, time grows linearly.

Each run is given a text of its own (the same article with a different number of blank lines
at its end), so that nothing remembered from the run before answers for it. With ``--write``
the articles are also saved (``long-25k.txt``, ...) to look at or to feed to other tools.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from digest.quotes import extract_quotes  # noqa: E402

# Invented people: given names and surnames put together at random (none is anyone's).
_WOMEN = "Ilse Maren Odile Teodora Rhiannon Solveig Imke Delphine Wren Liesel Orla Petra".split()
_MEN = "Anselm Bartolo Casimir Dorian Evander Florin Gideon Hallam Ivo Jory Lorcan Matthias".split()
_SURNAMES = (
    "Quarrington Vellacott Ashdown-Pryce Brannagh Coldwater Dunmore Everleigh Fairweather "
    "Gallimore Hesketh Ingleby Jessamy Kettering Loxley Marchbank Northcote Ormsby Penhallow "
    "Quennell Redfern Saltmarsh Thorncroft Underhill Varga Wetherall Yelland Zabrowski "
    "Allardyce Birtwistle Cardew"
).split()
_TITLES = ["Councillor", "Dr", "Professor", "Mayor", "Captain", "Sister", "Judge", ""]
_ROLES = [
    "the harbour master",
    "a spokesperson for the port authority",
    "the council's finance officer",
    "chair of the residents' association",
    "a nurse on the night shift",
    "the hospital's chief executive",
    "a ferry captain",
    "the union's regional organiser",
    "a retired engineer",
    "the opposition leader on the council",
]
_ORGS = [
    "Saltmarsh Port Authority",
    "Northcote District Council",
    "Penhallow General Hospital",
    "Harbour Workers Union",
    "Quarry Lane Residents Association",
]
_THINGS = [
    "the new dredging contract",
    "the overnight ferry",
    "the ward closures",
    "the flood barrier",
    "the parking levy",
    "the budget for next year",
    "the bridge repairs",
]
_CLAIMS = [
    "We cannot keep asking families to wait another winter for {thing}",
    "Nobody on this side of the river was asked what they thought of {thing}",
    "I have read every page of the report on {thing}, and the sums do not add up",
    "If we lose {thing} now, we will not get it back in my lifetime",
    "The board made its choice about {thing} before the public meeting even started",
    "My members will not accept {thing} in its present form",
    "There is money for {thing}; the question is whether anyone wants to spend it",
    "We will look again at {thing} and report back to the committee in the spring",
]
_FRAGMENTS = [
    "a reckless gamble",
    "long overdue",
    "the worst of both worlds",
    "a fair deal for everyone",
    "simply unworkable",
]
_NARRATIVE = [
    "The meeting ran for more than three hours and was adjourned twice.",
    "About two hundred people filled the hall, and more listened outside.",
    "The vote is expected before the end of the month.",
    "Figures published on Tuesday showed the waiting list had grown again.",
    "The crossing has run at a loss for six of the past ten years.",
    "Work on the eastern quay stopped in March when the money ran out.",
]


def _person(rng: random.Random) -> tuple[str, str, str]:
    """(full name, surname, pronoun) of someone new."""
    woman = rng.random() < 0.5
    given = rng.choice(_WOMEN if woman else _MEN)
    surname = rng.choice(_SURNAMES)
    title = rng.choice(_TITLES)
    full = f"{title} {given} {surname}".strip()
    return full, surname, "she" if woman else "he"


def _paragraph(rng: random.Random, cast: list[tuple[str, str, str]]) -> str:
    """One paragraph: a newcomer or someone met before, quoted in one of the usual ways."""
    if len(cast) < 3 or rng.random() < 0.35:
        cast.append(_person(rng))
        full, surname, pronoun = cast[-1]
        first_time = True
    else:
        full, surname, pronoun = rng.choice(cast[-12:])
        first_time = False
    thing = rng.choice(_THINGS)
    claim = rng.choice(_CLAIMS).format(thing=thing)
    other = rng.choice(_CLAIMS).format(thing=rng.choice(_THINGS))
    role = rng.choice(_ROLES)
    org = rng.choice(_ORGS)
    name = full if first_time else surname
    pick = rng.randrange(9)
    if pick == 0:
        text = f'"{claim}," {name} said. "{other}."'
    elif pick == 1:
        text = f"{full}, {role}, said: “{claim}.”"
    elif pick == 2:
        text = f'"{claim}," said {name}, who has worked at the {org} for years.'
    elif pick == 3:
        text = f'{name} was not convinced. "{claim}," {pronoun} said.'
    elif pick == 4:
        fragment = rng.choice(_FRAGMENTS)
        text = (
            f'{name} called {thing} "{fragment}" and said the {org} had "{rng.choice(_FRAGMENTS)}".'
        )
    elif pick == 5:
        text = f"According to the {org}, {thing} will cost more than planned. "
        text += f'"{claim}," the statement said.'
    elif pick == 6:
        text = f"{rng.choice(_NARRATIVE)} {name} spoke next.\n\n“{claim}. {other}.”"
    elif pick == 7:
        text = f'{name} told reporters that {thing} would be "{rng.choice(_FRAGMENTS)}".'
    else:
        text = f"{rng.choice(_NARRATIVE)} {rng.choice(_NARRATIVE)}"
    return text


def make_article(size: int, seed: int = 8) -> str:
    """An invented news article of about ``size`` characters (always the same for a seed)."""
    rng = random.Random(seed)
    cast: list[tuple[str, str, str]] = []
    paragraphs = ["PORT TOWN — The Latest on the harbour row (all times local):"]
    length = len(paragraphs[0])
    while length < size:
        paragraph = _paragraph(rng, cast)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def make_unstopped(size: int, seed: int = 8) -> str:
    """A hostile text of about ``size`` characters: one paragraph with no full stop, quotation
    after quotation (every quotation's sentence is the whole text, unless the extractor
    bounds how far it reads)."""
    rng = random.Random(seed)
    pieces: list[str] = []
    length = 0
    while length < size:
        full, _surname, _pronoun = _person(rng)
        piece = f'{full} said "{rng.choice(_FRAGMENTS)}" and'
        pieces.append(piece)
        length += len(piece) + 1
    return " ".join(pieces)


def time_article(text: str, repeat: int) -> tuple[float, int]:
    """The best CPU time of ``repeat`` runs (seconds) and the number of quotations found."""
    best = float("inf")
    found = 0
    for run in range(max(1, repeat)):
        fresh = text + "\n" * (run + 1)  # a text of its own: nothing remembered answers
        began = time.process_time()
        found = len(extract_quotes(fresh))
        best = min(best, time.process_time() - began)
    return best, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100], help="in KB")
    parser.add_argument("--repeat", type=int, default=5, help="runs per article, best kept")
    parser.add_argument("--write", type=Path, help="also save the articles in this folder")
    parser.add_argument(
        "--no-stops",
        action="store_true",
        help="hostile texts instead: one sentence of that size, quotation after quotation",
    )
    args = parser.parse_args(argv)
    extract_quotes('"We open in May," Dr Ilse Varga said.')  # load the weights, compile
    for size in args.sizes:
        text = make_unstopped(size * 1000) if args.no_stops else make_article(size * 1000)
        if args.write is not None:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"long-{size}k.txt").write_text(text, encoding="utf-8")
        seconds, found = time_article(text, args.repeat)
        print(
            f"{size:4d} KB ({len(text):,} characters, {found} quotations): "
            f"{seconds * 1000:6.1f} ms, {seconds * 1e6 / len(text):.2f} ms per KB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
