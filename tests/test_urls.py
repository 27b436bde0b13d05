"""URL normalisation: one spelling per page, and never a different page."""

from __future__ import annotations

import pytest

from reader.urls import normalize_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTPS://Example.ORG/Path", "https://example.org/Path"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a"),
        ("https://example.org/a?id=3&fbclid=xyz&page=2", "https://example.org/a?id=3&page=2"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?b=2&a=1"),
        ("  https://example.org/a  ", "https://example.org/a"),
        ("https://user@Example.org/a", "https://user@example.org/a"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
        ("https://example.org./a", "https://example.org/a"),
        ("mailto:Someone@Example.org", "mailto:Someone@Example.org"),
        ("not a url", "not a url"),
        ("https://example.org:99999/a", "https://example.org:99999/a"),
        ("", ""),
    ],
)
def test_normalize_url(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


def test_normalising_twice_changes_nothing() -> None:
    once = normalize_url("HTTP://A.example:80/p?utm_x=1&q=a%20b#f")
    assert normalize_url(once) == once == "http://a.example/p?q=a%20b"
