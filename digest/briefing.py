"""The briefing as plain data: what every renderer (Markdown, text, HTML, mail) shows.

All decisions live here (what goes in, in which group, which quotes, what summary) so the
three renderers only lay it out and cannot disagree. ``build_briefing`` takes plain records and
never opens the library, so a briefing can be built in a test from hand-made values and cron
holds the database for as short a time as possible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from digest.select import KeyQuote, choose_key_quotes
from digest.summary import summarize

if TYPE_CHECKING:
    from digest.quotes import Quote
    from reader.article import Article
    from reader.library import ArticleRecord

GROUP_BY_CHOICES = ("tag", "section", "none")
DEFAULT_TITLE = "Your briefing"
NO_SECTION = "Other"
#: How many tags / sections the overview names before "and N more".
OVERVIEW_NAMES = 6

QuoteExtractor = Callable[["Article"], "list[Quote]"]


@dataclass(frozen=True, slots=True)
class BriefingItem:
    """One article in the briefing, with everything a renderer shows about it."""

    id: str
    title: str
    url: str
    authors: tuple[str, ...]
    date: date | None
    date_text: str
    """The date as written in the file, shown when it could not be parsed."""
    section: str
    tags: tuple[str, ...]
    """User tags first, then the article's own (the order grouping uses)."""
    reading_minutes: int
    summary: str
    quotes: tuple[KeyQuote, ...]
    note: str
    """The user's bookmark note (empty when none)."""
    bookmarked_at: datetime | None
    user_tags: tuple[str, ...] = ()
    """The tags the reader gave it (they win ties when grouping by tag)."""


@dataclass(frozen=True, slots=True)
class BriefingGroup:
    name: str
    """The tag or section; empty when the briefing is not grouped."""
    items: tuple[BriefingItem, ...]


@dataclass(frozen=True)
class Briefing:
    title: str
    generated_at: datetime
    group_by: str
    groups: tuple[BriefingGroup, ...]
    start: date | None = None
    """First and last publication date of the pieces (bookmark dates when undated)."""
    end: date | None = None
    tag_counts: tuple[tuple[str, int], ...] = field(default=())
    section_counts: tuple[tuple[str, int], ...] = field(default=())
    covering: str = ""
    """What the briefing covers, e.g. "bookmarked 24 Nov – 1 Dec 2026" (empty: unknown)."""

    @property
    def made_at(self) -> datetime:
        """When the briefing was made (``generated_at``): the date its title carries."""
        return self.generated_at

    @property
    def made_on(self) -> date:
        """The day it was made where the reader is (the kept file's name uses local time too)."""
        return self.generated_at.astimezone().date()

    @property
    def items(self) -> list[BriefingItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)

    @property
    def total_minutes(self) -> int:
        return sum(item.reading_minutes for item in self.items)

    @property
    def heading(self) -> str:
        """Title and the day it was made: the page heading and the mail subject alike.

        Dated by when it is made, never by the pieces' publication dates (a briefing made
        today of pieces from 2024 is today's briefing); what it covers is in ``overview``.
        """
        return f"{self.title} — {format_day(self.made_on)}"

    @property
    def overview(self) -> str:
        """A short paragraph: how many pieces (and when they were bookmarked), how long to
        read, which sections and tags."""
        pieces = f"{self.count} piece{'s' if self.count != 1 else ''}"
        if self.covering:
            pieces = f"{pieces} {self.covering}"
        minutes = self.total_minutes
        parts = [f"{pieces}, about {minutes} minute{'s' if minutes != 1 else ''} of reading."]
        if self.section_counts:
            parts.append(f"Sections: {_name_list(self.section_counts)}.")
        if self.tag_counts:
            parts.append(f"Tags: {_name_list(self.tag_counts)}.")
        return " ".join(parts)


def _name_list(counts: Sequence[tuple[str, int]]) -> str:
    shown = [f"{name} ({n})" for name, n in counts[:OVERVIEW_NAMES]]
    more = len(counts) - OVERVIEW_NAMES
    if more > 0:
        shown.append(f"and {more} more")
    return ", ".join(shown)


def format_day(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def format_short_range(start: date | None, end: date) -> str:
    """A window in short months: "24 Nov – 1 Dec 2026", "3–8 Mar 2026", "1 Dec 2026"."""
    if start is None or start >= end:
        return f"{end.day} {end.strftime('%b')} {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end.strftime('%b')} {end.year}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%b')} – {end.day} {end.strftime('%b')} {end.year}"
    return (
        f"{start.day} {start.strftime('%b')} {start.year} – "
        f"{end.day} {end.strftime('%b')} {end.year}"
    )


def covering_text(
    since: datetime | date | None, until: datetime | date, *, tags: Sequence[str] = ()
) -> str:
    """What a selection covers, for ``build_briefing(covering=...)``.

    ``since`` and ``until`` bound when the pieces were bookmarked (``since`` None: from the
    first bookmark on); moments are shown as the reader's local days.
    "bookmarked 24 Nov – 1 Dec 2026", "bookmarked up to 1 Dec 2026, tagged ai or energy".
    """
    end = _local_day(until)
    text = (
        f"bookmarked {format_short_range(_local_day(since), end)}"
        if since is not None
        else f"bookmarked up to {format_short_range(None, end)}"
    )
    wanted = [t.strip() for t in tags if t.strip()]
    if wanted:
        text += ", tagged " + " or ".join(wanted)
    return text


def _local_day(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone().date()
    return moment


def format_range(start: date | None, end: date | None) -> str:
    """A compact human date range: "7 March 2024", "4–8 March 2024", "28 Feb – 3 Mar 2024"."""
    if start is None or end is None:
        day = start or end
        return format_day(day) if day else ""
    if start > end:
        start, end = end, start
    if start == end:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end.strftime('%B')} {end.year}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%B')} – {format_day(end)}"
    return f"{format_day(start)} – {format_day(end)}"


def ordered_tags(record: ArticleRecord) -> tuple[str, ...]:
    """User tags first (the reader's own filing wins), then the article's, deduplicated."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in (*record.user_tags, *record.article.tags):
        key = tag.casefold()
        if key not in seen:
            seen.add(key)
            out.append(tag)
    return tuple(out)


def build_item(
    record: ArticleRecord,
    *,
    quotes: int = 3,
    extract: QuoteExtractor | None = None,
    summary_sentences: int = 2,
) -> BriefingItem:
    """One record as a briefing item: summary, key quotes, the user's note."""
    article = record.article
    if quotes > 0 and (record.highlights or article.body):
        extractor = extract if extract is not None else _default_extractor()
        extracted = extractor(article)
    else:
        extracted = []
    key_quotes = tuple(choose_key_quotes(extracted, record.highlights, quotes))
    return BriefingItem(
        id=record.id,
        title=article.title,
        url=article.url,
        authors=article.authors,
        date=article.date,
        date_text=article.date_text,
        section=article.section,
        tags=ordered_tags(record),
        reading_minutes=article.reading_minutes,
        # A link-only article (a read-later item with no text yet) is summed up by the
        # description its service gave, when there is one.
        summary=summarize(article, summary_sentences, avoid=[q.text for q in key_quotes])
        or article.description,
        quotes=key_quotes,
        note=record.bookmark.note if record.bookmark else "",
        bookmarked_at=record.bookmark.created_at if record.bookmark else None,
        user_tags=tuple(record.user_tags),
    )


def _default_extractor() -> QuoteExtractor:
    from digest.quotes import extract_quotes

    return extract_quotes


def build_briefing(
    records: Sequence[ArticleRecord],
    *,
    title: str = DEFAULT_TITLE,
    group_by: str = "tag",
    quotes: int = 3,
    now: datetime | None = None,
    extract: QuoteExtractor | None = None,
    summary_sentences: int = 2,
    made_at: datetime | None = None,
    covering: str | None = None,
) -> Briefing:
    """Turn records into a grouped briefing.

    ``made_at`` (or its older name ``now``) is when the briefing is made: the date in its
    title, its mail subject and its file name (default: this moment). ``covering`` says what
    it covers (``covering_text(since, until)`` for a selection window); by default, the range
    of the pieces' bookmark dates ("bookmarked 24 Nov – 1 Dec 2026").

    Groups are ordered by size (largest first, then by name) with the catch-all group last;
    within a group the newest piece comes first.
    """
    if group_by not in GROUP_BY_CHOICES:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY_CHOICES)}: {group_by!r}")
    generated_at = made_at or now or datetime.now(UTC)
    items = [
        build_item(r, quotes=quotes, extract=extract, summary_sentences=summary_sentences)
        for r in records
    ]
    items.sort(key=_newest_first)

    grouped = _group(items, group_by)
    days = [d for d in (_item_day(i) for i in items) if d is not None]
    tag_counter: Counter[str] = Counter()
    tag_names: dict[str, str] = {}
    section_counter: Counter[str] = Counter()
    for item in items:
        for tag in item.tags:
            tag_names.setdefault(tag.casefold(), tag)
            tag_counter[tag.casefold()] += 1
        if item.section:
            section_counter[item.section] += 1

    return Briefing(
        title=title.strip() or DEFAULT_TITLE,
        generated_at=generated_at,
        group_by=group_by,
        groups=tuple(BriefingGroup(name, tuple(members)) for name, members in grouped),
        start=min(days) if days else None,
        end=max(days) if days else None,
        tag_counts=tuple((tag_names[k], n) for k, n in _by_count(tag_counter)),
        section_counts=tuple(_by_count(section_counter)),
        covering=covering if covering is not None else _bookmarked_range(items),
    )


def _bookmarked_range(items: Sequence[BriefingItem]) -> str:
    moments = [item.bookmarked_at for item in items if item.bookmarked_at is not None]
    if not moments:
        return ""
    return covering_text(min(moments), max(moments))


def _by_count(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0].casefold()))


def _group(items: list[BriefingItem], group_by: str) -> list[tuple[str, list[BriefingItem]]]:
    """The groups in display order, each keeping ``items``' order (newest first)."""
    if group_by == "none":
        return [("", items)] if items else []
    if group_by == "section":
        return _by_size(_bucket(items, lambda item: item.section or NO_SECTION), NO_SECTION)
    return _group_by_tag(items)


def _group_by_tag(items: list[BriefingItem]) -> list[tuple[str, list[BriefingItem]]]:
    """Tags shared by two or more pieces, biggest first; the rest by section, or "Other".

    Greedy: the tag carried by most of the pieces not yet placed takes them (ties: the user's
    own tags, then the name), until no tag is left that two unplaced pieces share. A tag on
    every piece (``to-brief``, the ``--tag`` filter) tells them apart no better than none, so
    it never makes a group when there are three pieces or more. What is left goes under its
    section when two or more leftovers share it, and under "Other" otherwise, so the contents
    never fill up with one-piece headings; when nothing is shared at all, the pieces make one
    list without a heading.
    """
    user_rank = {tag.casefold(): 0 for item in items for tag in item.user_tags}
    universal = (
        set.intersection(*({t.casefold() for t in item.tags} for item in items))
        if len(items) >= 3
        else set()
    )
    left = list(items)
    groups: list[tuple[str, list[BriefingItem]]] = []
    while left:
        counts: Counter[str] = Counter()
        names: dict[str, str] = {}
        for item in left:
            for tag in item.tags:
                key = tag.casefold()
                if key not in universal:
                    counts[key] += 1
                    names.setdefault(key, tag)
        if not counts:
            break
        key, size = min(counts.items(), key=lambda kv: (-kv[1], user_rank.get(kv[0], 1), kv[0]))
        if size < 2:
            break
        members = [i for i in left if key in {t.casefold() for t in i.tags}]
        groups.append((names[key], members))
        placed = {id(i) for i in members}
        left = [i for i in left if id(i) not in placed]
    taken = {name.casefold() for name, _ in groups}
    by_section = _bucket(left, lambda item: item.section or NO_SECTION)
    other: list[BriefingItem] = []
    rest: list[tuple[str, list[BriefingItem]]] = []
    for name, members in by_section:
        if len(members) >= 2 and name.casefold() not in taken and name != NO_SECTION:
            rest.append((name, members))
        else:
            other.extend(members)
    rest.sort(key=lambda g: (-len(g[1]), g[0].casefold()))
    if other:
        other.sort(key=_newest_first)
        if not groups and not rest:
            return [("", other)]  # nothing shared: one list, not a lone "Other" heading
        rest.append((NO_SECTION, other))
    return groups + rest


def _bucket(
    items: list[BriefingItem], name_of: Callable[[BriefingItem], str]
) -> list[tuple[str, list[BriefingItem]]]:
    """Items bucketed by a name (case-insensitively; the first spelling met wins)."""
    buckets: dict[str, tuple[str, list[BriefingItem]]] = {}
    for item in items:
        name = name_of(item)
        buckets.setdefault(name.casefold(), (name, []))[1].append(item)
    return list(buckets.values())


def _by_size(
    groups: list[tuple[str, list[BriefingItem]]], catch_all: str
) -> list[tuple[str, list[BriefingItem]]]:
    """Largest first, then by name; the catch-all group last."""
    return sorted(groups, key=lambda g: (g[0] == catch_all, -len(g[1]), g[0].casefold()))


def _item_day(item: BriefingItem) -> date | None:
    if item.date is not None:
        return item.date
    return item.bookmarked_at.date() if item.bookmarked_at else None


def _newest_first(item: BriefingItem) -> tuple[int, int, str]:
    day = _item_day(item)
    return (0 if day else 1, -(day.toordinal() if day else 0), item.title.casefold())
