"""Search snippets cut in Python (reader/library/snippets.py) and served by rows_for_ids."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.library import open_library
from reader.library.snippets import fold, lede, snippet, terms_pattern
from tests.library_helpers import article_file


def _pattern(*terms: tuple[str, bool]):  # type: ignore[no-untyped-def]
    pattern = terms_pattern(list(terms))
    assert pattern is not None
    return pattern


def test_marks_every_match_in_a_window_around_the_first() -> None:
    text = (
        "The council met. " * 30
        + "In Kelston the Harbour board said open  source code. "
        + ("More words follow here. " * 20)
    )
    found = snippet(text, _pattern(("harbo", True), ("open source", False)))
    assert found.startswith("…") and found.endswith("…")
    assert "\x02Harbour\x03" in found
    assert "\x02open source\x03" in found  # a phrase across extra spaces, spaces collapsed
    assert len(found.replace("\x02", "").replace("\x03", "").split()) <= 17


def test_a_match_near_the_top_shows_the_beginning() -> None:
    assert snippet("Harbour news at the café", _pattern(("harbour", False))) == (
        "\x02Harbour\x03 news at the café"
    )


def test_whole_words_unless_prefix() -> None:
    assert snippet("the harbourmaster spoke", _pattern(("harbour", False))) == ""
    assert "\x02harbourmaster\x03" in snippet(
        "the harbourmaster spoke", _pattern(("harbour", True))
    )
    assert snippet("a seaharbour", _pattern(("harbour", True))) == ""


def test_accents_and_case_are_ignored_like_fts5() -> None:
    assert snippet("Un CAFÉ à Zürich", _pattern(("cafe", False), ("zurich", False))) == (
        "Un \x02CAFÉ\x03 à \x02Zürich\x03"
    )
    assert fold("İstanbul Lucía") == "istanbul lucia"


def test_words_without_letters_make_no_pattern() -> None:
    assert terms_pattern([("--", False), ("", True)]) is None


def test_lede_is_the_opening_words() -> None:
    assert lede("one two three") == "one two three"
    assert lede(" ".join(str(i) for i in range(40))).endswith("15…")


@given(st.text(), st.text(min_size=1))
def test_never_fails_and_only_marks_what_is_in_the_text(text: str, word: str) -> None:
    pattern = terms_pattern([(word, True)])
    if pattern is None:
        return
    found = snippet(text, pattern)
    assert found.count("\x02") == found.count("\x03")
    plain = found.replace("\x02", "").replace("\x03", "").strip("…")
    shown = text.replace("\x02", "\ufffd").replace("\x03", "\ufffd")
    assert " ".join(plain.split()) in " ".join(shown.split())


def test_rows_for_ids_snippets_follow_the_query(tmp_path: Path) -> None:
    article_file(
        tmp_path / "arts",
        "a.txt",
        "Café owners in Zürich",
        "Nothing here at first. " * 10 + "Then the harbourmaster called.",
    )
    lib = open_library(tmp_path / "lib")
    lib.import_paths([tmp_path / "arts"])
    (aid,) = lib.ids('title:"Café owners"')
    (row,) = lib.rows_for_ids([aid], "harbo")
    assert "\x02harbourmaster\x03" in row.snippet
    (row,) = lib.rows_for_ids([aid], "cafe")  # only the title matches: the body's opening
    assert row.snippet.startswith("Nothing here at first.")
    (row,) = lib.rows_for_ids([aid], "crypto")
    assert row.snippet == ""
    lib.close()


def test_an_article_cannot_mark_its_own_words() -> None:
    found = snippet("A \x02fake\x03 match, then the harbour.", _pattern(("harbour", False)))
    assert found.count("\x02") == 1 and "\x02harbour\x03" in found
    assert "\ufffdfake\ufffd" in found


def test_snippet_work_is_bounded_by_a_window_around_the_match(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An 8 MB article is never folded or copied whole: each fold sees one scan window."""
    from reader.library import snippets

    seen: list[int] = []
    real_fold = snippets.fold

    def recording_fold(text: str) -> str:
        seen.append(len(text))
        return real_fold(text)

    monkeypatch.setattr(snippets, "fold", recording_fold)
    filler = "The tide came in over the old quay wall. " * 200_000  # about 8.2 MB
    text = filler[:4_000_003] + " the Harbour board met " + filler[4_000_003:]
    found = snippets.snippet(text, _pattern(("harbour", False)))
    assert "\x02Harbour\x03 board met" in found
    assert found.startswith("…") and found.endswith("…")
    assert seen and max(seen) <= snippets.SCAN_CHUNK + 2 * snippets.SCAN_OVERLAP


def test_a_match_across_a_scan_window_edge_is_found_whole() -> None:
    from reader.library import snippets

    for shift in range(-12, 4):
        at = snippets.SCAN_CHUNK + shift
        text = "x" * (at - 1) + " open source harbour tail words"
        found = snippet(text, _pattern(("open source harbour", False)))
        assert "\x02open source harbour\x03" in found, shift


def test_a_word_is_not_matched_inside_another_at_a_window_start() -> None:
    from reader.library import snippets

    text = "a" * snippets.SCAN_CHUNK + "harbour"  # one word "aaa...harbour"
    assert snippet(text, _pattern(("harbour", False))) == ""


def test_search_of_a_huge_article_snippets_around_the_match(tmp_path: Path) -> None:
    """`reader search` cuts its snippets in Python too (FTS5's snippet() took minutes)."""
    words = "council ferry budget night service hull timetable fuel nurses vote".split()
    paragraph = " ".join(words[i % len(words)] for i in range(120)) + "."
    body = "\n\n".join([paragraph] * 3_000) + "\n\nThe harbour master agreed at last."
    article_file(tmp_path / "news", "big.txt", "A very long article", body)
    library = open_library(tmp_path / "lib")
    library.import_paths([tmp_path / "news"])
    [row] = library.search("harbour")
    assert "\x02harbour\x03 master agreed" in row.snippet
    [row] = library.search("council")
    assert row.snippet.count("\x02council\x03") >= 1 and row.snippet.startswith("\x02")
