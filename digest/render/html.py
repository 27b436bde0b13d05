"""The briefing as one self-contained HTML page (inline CSS, no scripts, no remote assets).

Self-contained because it is mailed: mail clients block remote stylesheets and images. The
page layout lives in ``templates/page.html`` (a ``string.Template``, so it is simple to change
without touching code); every value put into it is built here and escaped with
``html.escape`` first. Links are only made from http(s) URLs; anything else (``javascript:``,
``data:``) is shown as nothing at all rather than as a clickable trap.
"""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from string import Template

from digest.briefing import Briefing, BriefingItem
from digest.render import (
    clean_block,
    clean_inline,
    item_title,
    meta_parts,
    quoted,
    safe_url,
    speaker_label,
)

TEMPLATE_NAME = "page.html"


def esc(text: str) -> str:
    """Clean then escape display text (quotes too: values also land in attributes)."""
    return html.escape(clean_inline(text), quote=True)


@cache
def page_template() -> Template:
    source = resources.files("digest.render").joinpath("templates", TEMPLATE_NAME)
    return Template(source.read_text(encoding="utf-8"))


def render_html(briefing: Briefing) -> str:
    body: list[str] = []
    number = 0
    for group in briefing.groups:
        if group.name:
            body.append(f"<section>\n<h2>{esc(group.name)}</h2>")
        else:
            body.append("<section>")
        for item in group.items:
            number += 1
            body.append(_item(number, item))
        body.append("</section>")
    return page_template().substitute(
        title=esc(briefing.heading),
        heading=esc(briefing.heading),
        overview=esc(briefing.overview),
        contents=_contents(briefing) if briefing.count else "",
        body="\n".join(body),
        generated=esc(briefing.generated_at.strftime("%Y-%m-%d %H:%M %Z").strip()),
    )


def _contents(briefing: Briefing) -> str:
    parts = ['<nav class="toc">', "<h2>Contents</h2>"]
    number = 0
    for group in briefing.groups:
        entries = []
        for item in group.items:
            number += 1
            entries.append(f'<li><a href="#item-{number}">{esc(item_title(item))}</a></li>')
        if group.name:
            parts.append(f"<p><strong>{esc(group.name)}</strong></p>")
        start = number - len(group.items) + 1
        parts.append(f'<ol start="{start}">\n' + "\n".join(entries) + "\n</ol>")
    parts.append("</nav>")
    return "\n".join(parts)


def _item(number: int, item: BriefingItem) -> str:
    title = esc(item_title(item))
    url = safe_url(item.url)
    if url:
        title = f'<a href="{html.escape(url, quote=True)}">{title}</a>'
    parts = [f'<article id="item-{number}">', f"<h3>{number}. {title}</h3>"]
    meta = meta_parts(item)
    if meta:
        # each part ("7 March 2024", "3 min read") stays on one line; lines break between them
        shown = " · ".join(f'<span class="part">{esc(m)}</span>' for m in meta)
        parts.append(f'<p class="meta">{shown}</p>')
    if item.summary:
        parts.append(f"<p>{esc(item.summary)}</p>")
    for key_quote in item.quotes:
        css = "highlight" if key_quote.highlighted else "quote"
        who = speaker_label(key_quote)
        speaker = f' <span class="speaker">—&nbsp;{esc(who)}</span>' if who else ""
        parts.append(
            f'<blockquote class="{css}"><p>{esc(quoted(key_quote.text))}{speaker}</p></blockquote>'
        )
    note = clean_block(item.note)
    if note:
        paragraphs = [f"<p><strong>Your note:</strong> {esc(note[0])}</p>"]
        paragraphs += [f"<p>{esc(p)}</p>" for p in note[1:]]
        parts.append('<div class="note">' + "".join(paragraphs) + "</div>")
    parts.append("</article>")
    return "\n".join(parts)
