"""The query language: tokens, SQL/FTS5 compilation, errors, and a Hypothesis fuzz."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from library_helpers import article_file

from reader.library import Library, QueryError, open_library
from reader.library.query import compile_query, fts_literal, tokenize

TODAY = date(2024, 6, 15)


def test_tokenize_positions_and_kinds() -> None:
    terms = tokenize('tag:ai -is:read "open source" -crypto feder')
    assert [(t.kind, t.value, t.negated, t.name) for t in terms] == [
        ("qualifier", "ai", False, "tag"),
        ("qualifier", "read", True, "is"),
        ("phrase", "open source", False, ""),
        ("word", "crypto", True, ""),
        ("word", "feder", False, ""),
    ]
    assert [t.pos for t in terms] == [0, 7, 16, 30, 38]
    assert terms[-1].prefix and not terms[3].prefix
    assert tokenize('tag:"open source"')[0].value == "open source"
    assert tokenize("10:30")[0].kind == "word"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("colour:red", "unknown qualifier colour:"),
        ('"open source', "unclosed quote"),
        ("tag:", "tag: needs a value"),
        ("is:nonsense", "is:nonsense is not a state"),
        ("after:2024-13-01", "after:2024-13-01 is not a date"),
        ("since:yesterday", "since:yesterday is not a date"),
        ("-crypto", "only excluded words"),
        ("ferry -", "'-' must be followed"),
    ],
)
def test_malformed_queries(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as info:
        compile_query(query, today=TODAY)
    assert "column" in str(info.value) and "\n" not in str(info.value)


def test_fts_literals_cannot_inject() -> None:
    assert fts_literal('a" OR title:x NEAR(') == '"a"" OR title:x NEAR("'
    cq = compile_query('ferry "harbour council" NOT OR', today=TODAY)
    assert cq.match == '"ferry" "harbour council" "NOT" "OR"'  # too short to be a prefix
    assert compile_query("ferry harb", today=TODAY).match == '"ferry" "harb"*'
    assert compile_query("ferry ha", today=TODAY).match == '"ferry" "ha"'
    assert cq.terms == ["ferry", "harbour council", "NOT", "OR"]


def test_dates() -> None:
    def params(q: str) -> list[object]:
        return compile_query(q, today=TODAY).params

    assert params("since:7d") == ["2024-06-08"]
    assert params("since:2w") == ["2024-06-01"]
    assert params("since:3m") == ["2024-03-15"]
    assert params("since:1y") == ["2023-06-15"]
    assert params("since:2024-02") == ["2024-02-01"]
    assert params("after:2024-02") == ["2024-02-29"]
    assert params("before:2024-02") == ["2024-02-01"]
    assert params("after:2024-02-10 before:2024") == ["2024-02-10", "2024-01-01"]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    tmp = tmp_path_factory.mktemp("query")
    arts = tmp / "arts"
    article_file(
        arts,
        "1.txt",
        "Open source wins",
        "Open source software in the council.",
        tags="Open source, AI",
        date="2024-06-10",
        author="Ada Lovelace",
    )
    article_file(
        arts,
        "2.txt",
        "Crypto crash",
        "Crypto and AI and open questions.",
        tags="Crypto",
        date="2024-01-05",
        author="Tom Okafor",
        section="Business",
    )
    article_file(
        arts,
        "3.txt",
        "Federal ferry",
        "Federation of ferry operators.",
        tags="Transport",
        date="",
        author="Grace Kim",
    )
    library = open_library(tmp / "lib")
    library.import_paths([arts])
    yield library
    library.close()


def _titles(lib: Library, query: str) -> set[str]:
    return {r.title for r in lib.rows(query)}


def test_queries_against_library(lib: Library) -> None:
    assert _titles(lib, '"open source"') == {"Open source wins"}
    assert _titles(lib, "open -crypto") == {"Open source wins"}
    assert _titles(lib, "tag:ai -tag:crypto") == {"Open source wins"}
    assert _titles(lib, 'tag:"OPEN SOURCE"') == {"Open source wins"}
    assert _titles(lib, "feder") == {"Federal ferry"}  # the last word is a prefix
    assert _titles(lib, "feder ferry") == set()  # but not an earlier one
    assert _titles(lib, "author:okafor") == {"Crypto crash"}
    assert _titles(lib, "-author:okafor") == {"Open source wins", "Federal ferry"}
    assert _titles(lib, "section:business") == {"Crypto crash"}
    assert _titles(lib, "title:ferry") == {"Federal ferry"}
    assert _titles(lib, "after:2024-03") == {"Open source wins"}
    assert _titles(lib, "-after:2024-03") == {"Crypto crash", "Federal ferry"}
    assert _titles(lib, "before:2024-02 is:unread") == {"Crypto crash"}
    assert _titles(lib, "title:100%") == set()
    assert lib.rows("ferry", sort="rank")[0].title == "Federal ferry"
    assert lib.count("!!!") == 3  # nothing searchable: no condition


_ALPHABET = st.sampled_from(
    [*"abc \"-:*()^NEAR OR AND NOT\\%_'", "tag:", "is:", "since:", "after:", "-is:read", "ü"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=12).map("".join) | st.text(max_size=30))
def test_any_string_parses_or_raises_query_error(lib: Library, query: str) -> None:
    try:
        compile_query(query, today=TODAY)
    except QueryError:
        return
    lib.rows(query)
    lib.search(query, limit=5)
    lib.count(query)
    lib.rows(query, sort="rank")


def test_a_query_of_many_qualifiers_is_capped_with_a_clear_error(lib: Library) -> None:
    """2,000 ``is:read`` terms hit SQLite's "Expression tree is too large" before the cap."""
    from reader.library.query import MAX_QUERY_TERMS

    assert lib.count(" ".join(["is:read"] * MAX_QUERY_TERMS)) >= 0  # at the cap: still runs
    with pytest.raises(QueryError, match=r"too long: 15,999 characters \(at most 1,000\)"):
        lib.search(" ".join(["is:read"] * 2000))
    with pytest.raises(QueryError, match=r"too many terms: 41 \(a query holds at most 40\)"):
        lib.count(" ".join(["is:read"] * (MAX_QUERY_TERMS + 1)))
    with pytest.raises(QueryError, match="too many terms"):
        lib.search(" ".join(["council"] * (MAX_QUERY_TERMS + 1)))


def test_a_query_too_long_is_an_error_however_few_its_terms(lib: Library) -> None:
    from reader.library.query import MAX_QUERY_CHARS

    with pytest.raises(QueryError, match=r"the query is too long: 1,001 characters") as info:
        lib.rows("x" * (MAX_QUERY_CHARS + 1))
    assert "\n" not in str(info.value) and len(str(info.value)) < 100


_TOKENS = st.sampled_from(
    [
        "harbour",
        "-ferry",
        '"open source"',
        "tag:ai",
        "-is:read",
        "is:unread",
        "since:7d",
        "after:2024-13",
        "before:0000",
        'title:"x',
        "author:",
        "\x00",
        "-",
        "ü*",
        "AND",
        "NEAR(",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TOKENS | st.text(max_size=8), max_size=60).map(" ".join))
def test_long_queries_near_the_caps_give_results_or_a_query_error(lib: Library, query: str) -> None:
    """Up to 60 terms: past the caps (40 terms, 1,000 characters) a QueryError, never a
    traceback or SQLite's "Expression tree is too large"."""
    try:
        lib.search(query, limit=5)
        lib.count(query)
    except QueryError as exc:
        assert "\n" not in str(exc)
