"""The import's quick paths give exactly what the general ones give (issue 9 §5): the body's
JSON and word count, and the binary-file test of a decoded file. Checked on the awkward cases
by hand and on generated ones by Hypothesis."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.article import ArticleParseError
from reader.library import importer
from reader.library.importer import body_json_and_words, short_id
from reader.parsing import decode as decoding
from reader.parsing.words import count_words

#: Characters that make the quick paths step aside, and ones they must carry through.
_AWKWARD = ' "\\\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2009\u2028\u3000\x00\x01\x07\x1b\x7f\u200b\ud800'
_PARAGRAPH = st.text(
    st.one_of(st.sampled_from(_AWKWARD), st.characters(blacklist_categories=())), max_size=40
)


def _general(body: list[str]) -> tuple[str, int]:
    return json.dumps(body, ensure_ascii=False), count_words("\n\n".join(body))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PARAGRAPH, max_size=6))
@example(["Plain words here.", 'She said "no" \\ twice.', "Ünïcödé ‘quotes’ — dash"])
@example(["Two  spaces"])
@example([" leading", "trailing "])
@example(["no-break\xa0space", "thin\u2009space"])
@example(["tab\there", "line\nbreak", "bell\x07"])
@example([""])
@example([])
@example(["a\n\nb"])
@example(["a", "", "b"])
@example(["", "a"])
@example(["a", ""])
@example(["a\n", "b"])
@example(["a", "\n\nb"])
@example(["a", " b", "c "])
@example(["渡し船は十年ぶりに動いた。", "The ferry “回来了” today"])
def test_body_json_and_words_match_the_encoder_and_split(body: list[str]) -> None:
    assert body_json_and_words(tuple(body), "\n\n".join(body)) == _general(body)


def _general_decode(data: bytes) -> tuple[str, list[str]] | str:
    """``decode`` as it was: the regex sample test on every decoded file."""
    try:
        text, warnings = decoding.decode(data, "f.txt")
        decoding.check_not_binary(text, "f.txt", sample=True)
    except ArticleParseError as exc:
        return str(exc)
    return text, warnings


def _decoded(data: bytes) -> tuple[str, list[str]] | str:
    try:
        return decoding.decode(data, "f.txt")
    except ArticleParseError as exc:
        return str(exc)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=60),
        st.text(max_size=60).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(
            st.sampled_from([b"ab ", b"\x01", b"\x1b", b"\xe2\x80\x99", b"\x93", b"\x81"])
        ).map(b"".join),
    )
)
@example(b"plain text, no controls")
@example(b"one \x02 control in plenty of ordinary text around it to stay under the share")
@example(b"\x01\x02\x03\x04")
@example(b"caf\xe9 \x1c")
@example(b"\x1b[31mred\x1b[0m")
def test_decode_with_the_byte_test_decides_as_before(data: bytes) -> None:
    assert _decoded(data) == _general_decode(data)


@pytest.mark.parametrize("data", [b"\x01" * 50 + b"text", "caf\u00e9 \x05\x06\x08".encode()])
def test_a_file_of_controls_is_still_binary(data: bytes) -> None:
    with pytest.raises(ArticleParseError, match="binary"):
        decoding.decode(data, "f.txt")


def test_an_import_stores_what_the_general_ways_give(tmp_path: Path) -> None:
    """End to end: every stored body and word count is the encoder's and split's, for
    generated articles and for bodies that take the general way."""
    import sqlite3

    from benchmarks.generate import write_articles
    from reader.library import DB_NAME, open_library

    arts = tmp_path / "arts"
    write_articles(arts, 40)
    odd = {
        "quotes.txt": 'She said "the quay\\wall" twice.\n\nSecond  paragraph\there.',
        "spaces.txt": "No-break\u00a0space and thin\u2009space.\n\nIdeographic\u3000space.",
        "controls.txt": "A bell \x07 and an escape \x1b[1m in prose.",
    }
    for name, body in odd.items():
        (arts / name).write_text(f"## {name}\n\nTags: Odd\n\n\n\n{body}\n", "utf-8")
    with open_library(tmp_path / "lib") as lib:
        assert len(lib.import_paths([arts]).new) == 43
        records = {r.id: r for r in (lib.get(i) for i in lib.ids())}
    conn = sqlite3.connect(tmp_path / "lib" / DB_NAME)
    try:
        stored = conn.execute("SELECT id, body, word_count FROM articles").fetchall()
    finally:
        conn.close()
    assert len(stored) == 43
    for aid, body, words in stored:
        article = records[aid].article
        assert body == json.dumps(list(article.body), ensure_ascii=False)
        assert words == len(article.text.split()) == article.word_count


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=32, max_size=32))
@example(b"\x00" * 32)
@example(b"\xff" * 32)
def test_short_id_spells_the_digest_as_base32_did(digest: bytes) -> None:
    ident = digest.hex()
    assert short_id(ident) == base64.b32encode(digest).decode("ascii").lower()[:8]


@pytest.mark.parametrize("size", [0, 5, 9, 10, 11, 30])
@pytest.mark.parametrize("grown", [False, True])
def test_reading_a_file_gives_what_reading_to_the_limit_gave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, grown: bool
) -> None:
    """At most ``limit + 1`` bytes, also from a file that grew after its size was taken."""
    path = tmp_path / "a.txt"
    path.write_bytes(bytes(range(65, 65 + size)))
    if grown:
        # the size taken says 3 bytes: the file grew after it
        monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((0,) * 6 + (3,) + (0,) * 3))
    with open(path, "rb") as fh:
        expected = fh.read(10 + 1)
    assert importer._read(str(path), 10) == expected
