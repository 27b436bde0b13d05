"""Quote figures: extraction over every generated article (10,000: under 20 s; under 5 ms each).

The articles are parsed first and not timed, so the figure is the extractor's alone; the worst
single article is reported too, because one slow regex on an odd paragraph is what bites.
"""

from __future__ import annotations

import time

from benchmarks.registry import Context, benchmark

TARGET_SECONDS_PER_10K = 20.0
TARGET_MS_PER_ARTICLE = 5.0


def _parsed(ctx: Context) -> list:  # type: ignore[type-arg]
    if "parsed" not in ctx.cache:
        from reader.article import parse_file

        ctx.cache["parsed"] = [parse_file(p) for p in sorted(ctx.articles_dir().rglob("*.txt"))]
    return ctx.cache["parsed"]


@benchmark("quotes: extract from {n} articles", target=TARGET_SECONDS_PER_10K, order=90)
def bench_extract_all(ctx: Context) -> float:
    from digest.quotes import extract_quotes

    articles = _parsed(ctx)
    worst = 0.0
    found = 0
    start = time.perf_counter()
    for article in articles:
        began = time.perf_counter()
        found += len(extract_quotes(article))
        worst = max(worst, time.perf_counter() - began)
    total = time.perf_counter() - start
    ctx.cache["quotes_found"] = found
    per_article_ms = total / max(len(articles), 1) * 1000
    verdict = "ok" if per_article_ms < TARGET_MS_PER_ARTICLE else "MISSED"
    print(
        f"          quotes: {found:,} found, {per_article_ms:.2f} ms per article"
        f" (target < {TARGET_MS_PER_ARTICLE:g} ms: {verdict}), worst {worst * 1000:.1f} ms"
    )
    return total
