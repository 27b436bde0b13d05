"""URL normalisation: one spelling per page, so the same article saved twice is one article.

``normalize_url`` is what the library keys articles from no file on (feeds, read-later
exports, saved pages) and what "already in the library?" compares. It only makes changes that
cannot point at a different page: scheme and host case, default ports, the fragment, an empty
path, and tracking parameters that every site ignores.
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMS", "is_tracking_param", "normalize_url"]

#: Query parameters added by mailers, ad networks and social sites; never part of the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "_ga",
        "_gl",
        "__s",
        "ncid",
        "cmpid",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_param(name: str) -> bool:
    key = name.lower()
    return key.startswith(("utm_", "pk_", "mtm_")) or key in TRACKING_PARAMS


def normalize_url(url: str) -> str:
    """The canonical spelling of an http(s) URL; other text comes back only trimmed.

    >>> normalize_url("HTTPS://Example.ORG:443/a?utm_source=x&id=3#top")
    'https://example.org/a?id=3'
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return text
    try:
        port = parts.port
    except ValueError:
        return text
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = (userinfo + "@" if userinfo else "") + host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    query = parts.query
    if query:
        # Filtered as written: decoding and re-encoding would respell what is kept.
        query = "&".join(
            pair
            for pair in query.split("&")
            if pair and not is_tracking_param(unquote_plus(pair.partition("=")[0]))
        )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))
