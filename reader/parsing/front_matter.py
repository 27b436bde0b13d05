"""Markdown files with YAML (``---``) or TOML (``+++``) front matter.

Static-site generators and note apps write these. TOML is read with :mod:`tomllib`. YAML is
read by a deliberately small parser covering what front matter uses - ``key: value``,
quoted strings, ``[a, b]`` lists, ``- item`` block lists, ``|``/``>`` blocks and one level of
nesting - because a full YAML library is a dependency (and an attack surface: tags, anchors,
billion laughs) that metadata for one article does not need. Broken front matter is reported
as a warning and the article is still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from reader.parsing.draft import Draft
from reader.parsing.export_format import header_name
from reader.parsing.fields import url_of
from reader.parsing.text import squash

__all__ = ["EXPORT_MARKER", "EXPORT_STATE_KEYS", "parse_yaml_subset", "split_front_matter"]

#: The key that marks a file written by ``reader export --articles`` (its value: the version).
EXPORT_MARKER = "reader_export"
#: In such a file, the keys holding the article's id and the user's state: the importer reads
#: them (reader.app.article_files), so they are never taken as the article's own fields.
EXPORT_STATE_KEYS = frozenset(
    {EXPORT_MARKER, "id", "user_tags", "bookmark", "read", "read_at", "highlights", "unplaced"}
    | {"from_file", "keys", "feeds"}  # where an article came from (see article_files.py)
)
#: In such a file, the table holding the article's unknown header fields (``Article.extra``).
EXPORT_EXTRA_KEY = "extra"

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_LIST_ITEM = re.compile(r"[ \t]*-(?:[ \t]+(.*))?")
_INLINE_ITEM = re.compile(r"""[ \t]*(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]+)""")
_BLOCK_SCALAR = re.compile(r"[|>][+-]?")

# Front-matter names, plus the export layout's header names (KNOWN_HEADERS) for the same fields.
_DATE_KEYS = ("date", "published", "pubdate", "publishdate", "publication date")
_AUTHOR_KEYS = ("author", "authors", "by")
_SECTION_KEYS = ("section", "category")
_TAG_KEYS = ("tags", "categories")
_URL_KEYS = ("url", "link", "article url")


def split_front_matter(lines: Sequence[str]) -> tuple[str, list[str], int] | None:
    """``(kind, front matter lines, index of the first body line)``, or None if there is none."""
    if not lines:
        return None
    fence = lines[0].rstrip()
    closers = _FENCES.get(fence)
    if closers is None:
        return None
    for end in range(1, len(lines)):
        if lines[end].rstrip() in closers:
            return ("toml" if fence == "+++" else "yaml"), list(lines[1:end]), end + 1
    return None


def read_front_matter(kind: str, lines: list[str], draft: Draft) -> None:
    """Fill ``draft`` from the front matter; any failure becomes a warning."""
    try:
        if kind == "toml":
            import tomllib

            data: dict[str, Any] = tomllib.loads("\n".join(lines))
        else:
            data = parse_yaml_subset(lines, draft.warnings)
        _apply(data, draft)
    except Exception as exc:  # hostile front matter must never stop the article being read
        reason = " ".join(str(exc).split())[:200]
        draft.warnings.append(f"front matter ignored ({kind.upper()}: {reason})")


def _apply(data: dict[str, Any], draft: Draft) -> None:
    if EXPORT_MARKER in data:  # reader's own export: state keys are not article fields
        extra = data.get(EXPORT_EXTRA_KEY)
        data = {
            k: v for k, v in data.items() if k not in EXPORT_STATE_KEYS and k != EXPORT_EXTRA_KEY
        }
        if isinstance(extra, dict):
            for key, value in extra.items():
                draft.add_extra(header_name(str(key)), _text(value))
    for key, value in data.items():
        try:
            _apply_one(str(key), value, draft)
        except ValueError as exc:  # e.g. an integer too long to turn into text
            draft.warnings.append(f"front matter field {key!r} ignored: {exc}")


def _apply_one(key: str, value: Any, draft: Draft) -> None:
    name = key.lower()
    if name == "title" and draft.title is None:
        draft.title = _text(value) or None
    elif name in _DATE_KEYS and not draft.date_text:
        if isinstance(value, datetime):
            draft.set_date(value.isoformat(), value.date())
        elif isinstance(value, date):
            draft.set_date(value.isoformat(), value)
        else:
            draft.set_date(_text(value))
    elif name in _AUTHOR_KEYS:
        if isinstance(value, list):
            draft.add_authors([_text(v) for v in value])
        else:
            draft.add_authors([_text(value)])
    elif name in _SECTION_KEYS:
        first = value[0] if isinstance(value, list) and value else value
        draft.set_section(_text(first))
    elif name in _TAG_KEYS:
        items = value if isinstance(value, list) else _text(value).split(",")
        draft.add_tags([_text(v) for v in items])
    elif name in _URL_KEYS:
        draft.set_url(url_of(_text(value)))
    else:
        draft.add_extra(header_name(key), _text(value))


def _text(value: Any) -> str:
    """A front-matter value as one line of text (lists comma-joined, tables flattened)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return squash(str(value))


def parse_yaml_subset(lines: Sequence[str], warnings: list[str]) -> dict[str, Any]:
    """Read the YAML that front matter uses; lines it does not understand are reported."""
    data: dict[str, Any] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        i += 1
        if not stripped or stripped.startswith("#"):
            continue
        pair = _key_value(line) if not line[0].isspace() else None
        if pair is None:
            warnings.append(f"front matter line {i} not understood; ignored")
            continue
        key, raw = pair[0], _strip_comment(pair[1])
        if _BLOCK_SCALAR.fullmatch(raw):
            block, i = _indented(lines, i)
            texts = [b.strip() for b in block]
            data[key] = "\n".join(texts).strip() if raw[0] == "|" else " ".join(texts).strip()
        elif raw:
            data[key] = _scalar(raw)
        else:
            block, i = _indented(lines, i, allow_dash=True)
            data[key] = _nested(block)
    return data


def _indented(lines: Sequence[str], i: int, allow_dash: bool = False) -> tuple[list[str], int]:
    """The lines belonging to the key before ``i``: indented ones (and ``- item`` lines)."""
    block: list[str] = []
    while i < len(lines):
        line = lines[i]
        if line.strip() and not line[0].isspace() and not (allow_dash and line[0] == "-"):
            break
        block.append(line)
        i += 1
    return block, i


def _nested(block: list[str]) -> Any:
    """A block list (``- a``) or a one-level mapping (``  k: v``); None when empty."""
    items: list[Any] = []
    mapping: dict[str, Any] = {}
    for line in block:
        if not line.strip() or line.strip().startswith("#"):
            continue
        item = _LIST_ITEM.fullmatch(line.rstrip())
        if item is not None:
            items.append(_scalar(_strip_comment(item[1] or "")))
            continue
        pair = _key_value(line.strip())
        if pair is not None:
            mapping[pair[0]] = _scalar(_strip_comment(pair[1]))
    if items:
        return items
    return mapping or None


def _scalar(raw: str) -> Any:
    raw = raw.strip()
    if not raw or raw in ("~", "null", "Null", "NULL"):
        return None
    if raw[0] == '"':
        end = _closing_double_quote(raw)
        try:
            return json.loads(raw[: end + 1]) if end > 0 else raw[1:]
        except ValueError:
            return raw[1:end]
    if raw[0] == "'":
        end = raw.find("'", 1)
        while 0 < end < len(raw) - 1 and raw[end + 1] == "'":
            end = raw.find("'", end + 2)
        return (raw[1:end] if end > 0 else raw[1:]).replace("''", "'")
    if raw[0] == "[" and raw.endswith("]"):
        return [_scalar(part) for part in _INLINE_ITEM.findall(raw[1:-1]) if part.strip()]
    return raw


def _closing_double_quote(raw: str) -> int:
    i = 1
    while i < len(raw):
        if raw[i] == "\\":
            i += 2
            continue
        if raw[i] == '"':
            return i
        i += 1
    return -1


def _strip_comment(raw: str) -> str:
    """Drop a trailing `` # comment`` outside quotes (YAML needs the space before ``#``)."""
    raw = raw.strip()
    if raw[:1] in ("'", '"') or " #" not in raw:
        return raw
    return raw.split(" #", 1)[0].rstrip()


def _key_value(line: str) -> tuple[str, str] | None:
    """``key: value`` split at the first colon followed by a space (``og:image: x`` has key
    ``og:image``), or None for a line that is no mapping entry."""
    line = line.rstrip()
    colon = line.find(": ")
    if colon < 0:
        if not line.endswith(":"):
            return None
        colon = len(line) - 1
    key = _unquote_key(line[:colon].strip())
    if not key or key[0] in "-#[]{}":
        return None
    return key, line[colon + 1 :].strip()


def _unquote_key(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "'\"":
        return key[1:-1]
    return key
