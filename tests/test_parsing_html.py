"""HTML -> paragraphs: what a reader reads, and nothing of the markup, scripts or styles."""

from __future__ import annotations

from reader.parsing.html import MAX_HTML_CHARS, html_to_paragraphs, html_to_text


def test_blocks_become_paragraphs_and_inline_elements_do_not() -> None:
    markup = (
        "<h1>Ferry saved</h1><p>The council <em>voted</em> on <b>Thursday</b>.</p>"
        "<div>The night crossing stays.</div><ul><li>Fares held</li><li>Two boats</li></ul>"
    )
    assert html_to_paragraphs(markup) == [
        "Ferry saved",
        "The council voted on Thursday.",
        "The night crossing stays.",
        "Fares held",
        "Two boats",
    ]


def test_scripts_styles_and_head_are_dropped_with_their_content() -> None:
    markup = (
        "<html><head><title>Tab title</title><style>p { color: red }</style></head>"
        "<body><script>alert('hi <p>not text</p>')</script><p>Only this.</p>"
        "<noscript>Enable scripts</noscript><svg><text>logo</text></svg>"
        "<template><p>later</p></template><!-- a comment --></body></html>"
    )
    assert html_to_paragraphs(markup) == ["Only this."]


def test_a_head_left_open_ends_at_the_body() -> None:
    markup = "<html><head><title>T</title><meta charset=utf-8><body><p>Body text.</p>"
    assert html_to_paragraphs(markup) == ["Body text."]


def test_links_keep_their_text_and_images_vanish() -> None:
    markup = (
        '<p>Read <a href="https://example.org/x">the report</a> <img src="a.png" alt="x">now.</p>'
    )
    assert html_to_paragraphs(markup) == ["Read the report now."]


def test_entities_are_decoded_once() -> None:
    markup = "<p>Fish &amp; chips &#8212; &ldquo;cheap&rdquo; &lt;b&gt; &amp;amp; caf&eacute;</p>"
    assert html_to_paragraphs(markup) == ["Fish & chips — “cheap” <b> &amp; café"]


def test_whitespace_is_normalised_and_breaks_split_paragraphs() -> None:
    markup = "<p>  one\n\t two&nbsp;&nbsp;three  </p>\n\n<p>four<br>five<br/>six</p>   <p> </p>"
    assert html_to_paragraphs(markup) == ["one two three", "four", "five", "six"]


def test_table_cells_are_spaced_and_rows_are_paragraphs() -> None:
    markup = "<table><tr><th>Boat</th><th>Seats</th></tr><tr><td>Osprey</td><td>120</td></tr>"
    assert html_to_paragraphs(markup) == ["Boat Seats", "Osprey 120"]


def test_plain_text_without_markup_is_one_paragraph() -> None:
    assert html_to_paragraphs("just words,\n  no tags") == ["just words, no tags"]
    assert html_to_text("<p>a</p><p>b</p>") == "a\n\nb"
    assert html_to_paragraphs("") == []


def test_control_and_bidi_characters_are_removed() -> None:
    markup = "<p>safe\x1b[31mred\x00 \u202eevil\u202c\x07 text</p>"
    assert html_to_paragraphs(markup) == ["safe[31mred evil text"]


def test_malformed_markup_degrades_to_text() -> None:
    markup = "<p>unclosed <b>bold <i>both</p><p>next</b></i><div <p>after a broken tag</p>"
    out = html_to_paragraphs(markup)
    assert out[:2] == ["unclosed bold both", "next"]
    assert "after a broken tag" in " ".join(out)


def test_hostile_nesting_and_unclosed_tags_finish() -> None:
    deep = "<div>" * 50_000 + "deep" + "</div>" * 50_000
    assert html_to_paragraphs(deep) == ["deep"]
    assert html_to_paragraphs("<" * 200_000 + "x") != []  # finishes, keeps the text
    assert html_to_paragraphs("<p>a" + "<!--" * 10_000) == ["a"]  # a comment runs to the end
    # Unterminated constructs that made html.parser rescan the input (minutes for these):
    assert html_to_paragraphs("<a " * 100_000) == [" ".join(["<a"] * 100_000)]
    assert html_to_paragraphs("<p>x" + '<a "' * 100_000)[0].startswith("x<a")
    assert html_to_paragraphs("<p>x</p>" + "<script>" * 100_000) == ["x"]


def test_raw_text_elements_hide_markup_until_their_end_tag() -> None:
    markup = "<p>a</p><SCRIPT>if (a<b) { x = '</p><p>'; }</Script><p>b</p><xmp><i>c</i></xmp>"
    assert html_to_paragraphs(markup) == ["a", "b", "<i>c</i>"]


def test_input_beyond_the_cap_is_not_read() -> None:
    markup = "<p>" + "word " * (MAX_HTML_CHARS // 5) + "</p><p>TAIL</p>"
    out = html_to_paragraphs(markup)
    assert out and "TAIL" not in out[-1]


def test_plain_text_splits_at_blank_lines_and_decodes_entities() -> None:
    # A feed summary is often plain text: blank lines part its paragraphs.
    assert html_to_paragraphs("plain\n\ntext") == ["plain", "text"]
    assert html_to_paragraphs("one\r\n \r\ntwo\n\u00a0\nthree") == ["one", "two", "three"]
    assert html_to_paragraphs("a &amp; b &lt;c&gt;") == ["a & b <c>"]
    assert html_to_paragraphs("Text a < b and c > d\n\nnext") == ["Text a < b and c > d", "next"]


def test_entities_smuggle_no_control_or_bidi_character() -> None:
    assert html_to_paragraphs("<p>a&#x202e;b&#x1b;c&#8238;d</p>") == ["abcd"]
    assert html_to_paragraphs("a&#x202e;b\n\nc&#x2066;d") == ["ab", "cd"]


def test_feed_entry_markup() -> None:
    # Feed entries (reader/feeds/parse.py) come through here too: a <br> parts paragraphs
    # (each paragraph is one line) and list items carry no invented bullet.
    assert html_to_paragraphs("<h2>Head</h2><p>One<br>two</p><ul><li>a</li></ul>") == [
        "Head",
        "One",
        "two",
        "a",
    ]
    assert html_to_paragraphs("<p>a<!-- c <p> -->b</p>") == ["ab"]
    assert html_to_paragraphs("<p>kept<!-- never closed <p>lost") == ["kept"]
    assert html_to_paragraphs("x <a " * 3) == ["x <a x <a x <a"]
    assert html_to_paragraphs("<script>unclosed <p>hidden") == []
    # A page wrapped in a <form> keeps its text; the controls' own text is dropped.
    markup = "<form><p>The article.</p><button>Send</button><textarea>x</textarea></form>"
    assert html_to_paragraphs(markup) == ["The article."]
