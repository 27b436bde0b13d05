"""Feed documents written for the tests, one per format, plus broken ones.

Every sentence here was written for these tests; the stories are invented.
"""

from __future__ import annotations

import json

LONG_PARAGRAPHS = [
    "The harbour board met on Tuesday evening to settle the question of the old ferry pier, "
    "which has stood empty since the storms of last winter tore away its western rail.",
    '"We cannot keep patching a structure that the sea has already decided about," said '
    "Marguerite Okonkwo, who chairs the board, as members studied the engineers' drawings.",
    "The plan approved by six votes to two will see the pier rebuilt in stone over two summers, "
    "with a covered waiting room and a ramp for bicycles that fishermen asked for at the hearing.",
    "Opponents said the money would be better spent on dredging the inner basin, where silt has "
    "left the smaller boats stranded at low tide for much of the autumn and most of the spring.",
    "Work is expected to start in April once the contract has been put out to tender, and the "
    "board will publish the winning bid along with the engineers' report on its notice page.",
]


def long_html() -> str:
    return "".join(f"<p>{p}</p>" for p in LONG_PARAGRAPHS)


RSS091 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="0.91"><channel>
<title>Harbour Notes</title><link>http://example.test/harbour</link>
<description>News from the harbour</description><language>en</language>
<item><title>Pier to be rebuilt</title><link>http://example.test/harbour/pier</link>
<description>The board voted to rebuild the ferry pier in stone.</description></item>
</channel></rss>"""

RSS10 = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.test/valley"><title>Valley Post</title>
<link>http://example.test/valley</link><description>The valley's paper</description></channel>
<item rdf:about="http://example.test/valley/orchard">
<title>Orchard harvest comes early</title><link>http://example.test/valley/orchard</link>
<description>Growers began picking a fortnight ahead of the usual date.</description>
<dc:creator>Tomasz Weller</dc:creator><dc:date>2026-09-14T08:00:00Z</dc:date>
</item></rdf:RDF>"""


def rss20(items: list[dict[str, str]], title: str = "Coastal Daily") -> str:
    parts = []
    for item in items:
        inner = "".join(
            f"<{k}>{v}</{k}>"
            if k != "content"
            else f"<content:encoded><![CDATA[{v}]]></content:encoded>"
            for k, v in item.items()
        )
        parts.append(f"<item>{inner}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{title}</title><link>http://example.test/coast</link>"
        "<description>Daily news of the coast</description>" + "".join(parts) + "</channel></rss>"
    )


RSS20 = rss20(
    [
        {
            "title": "Pier to be rebuilt in stone",
            "link": "http://example.test/coast/pier",
            "guid": "coast-1001",
            "pubDate": "Tue, 01 Dec 2026 07:30:00 GMT",
            "dc:creator": "Marta Lindqvist",
            "category": "Harbour",
            "content": long_html(),
        },
        {
            "title": "Lighthouse keeper retires",
            "link": "http://example.test/coast/keeper",
            "guid": "coast-1002",
            "pubDate": "Mon, 30 Nov 2026 18:00:00 GMT",
            "description": "After forty years the keeper hands over the lamp. Read more...",
        },
    ]
)

ATOM03 = """<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<title>Moorland Weekly</title><link rel="alternate" type="text/html" href="http://example.test/moor"/>
<modified>2026-10-02T10:00:00Z</modified>
<entry><title>Peat fires under control</title>
<link rel="alternate" type="text/html" href="http://example.test/moor/fires"/>
<id>tag:example.test,2026:moor-7</id><issued>2026-10-02T09:00:00Z</issued>
<modified>2026-10-02T09:30:00Z</modified><author><name>Ewan Pryce</name></author>
<summary>Crews have contained the last of the smouldering peat near the ridge.</summary>
</entry></feed>"""

ATOM10 = (
    """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>River Courier</title><link rel="alternate" href="http://example.test/river"/>
<id>urn:uuid:5e0c1a52-0000-4000-8000-000000000001</id><updated>2026-11-20T12:00:00Z</updated>
<entry><title>Weir repairs finished</title><link href="http://example.test/river/weir"/>
<id>urn:uuid:5e0c1a52-0000-4000-8000-000000000002</id><updated>2026-11-20T11:00:00Z</updated>
<published>2026-11-20T10:00:00Z</published><author><name>Aiko Brandt</name></author>
<category term="Works"/>
<content type="html">"""
    + long_html().replace("<", "&lt;").replace(">", "&gt;")
    + """</content>
</entry></feed>"""
)

JSONFEED10 = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1",
        "title": "Market Square",
        "home_page_url": "http://example.test/market",
        "author": {"name": "The Square Desk"},
        "items": [
            {
                "id": "ms-1",
                "url": "http://example.test/market/stalls",
                "title": "New stalls for the Saturday market",
                "content_text": "Twelve new stalls open on Saturday.\n\n"
                "Traders drew lots for places.",
                "date_published": "2026-11-28T09:00:00Z",
            }
        ],
    }
)

JSONFEED11 = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Hill Town Herald",
        "home_page_url": "http://example.test/hill",
        "items": [
            {
                "id": 42,
                "url": "/hill/bus",
                "title": "Bus route returns",
                "content_html": long_html(),
                "date_published": "2026-11-29T16:45:00+01:00",
                "authors": [{"name": "Nadia Ferreira"}],
                "tags": ["Transport"],
            }
        ],
    }
)

ILL_FORMED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Broken Bugle</title><link>http://example.test/bugle</link>
<item><title>Band plays on & on</title><link>http://example.test/bugle/band</link>
<description>The brass band <b>played until midnight.</description></item>
</channel>"""

# Declared ISO-8859-1 by the server, but UTF-8 on the wire (and in its own declaration).
WRONG_CHARSET = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Café Chronicle</title><link>http://example.test/cafe</link>
<item><title>Crème brûlée wins the fête</title><link>http://example.test/cafe/fete</link>
<guid>cafe-1</guid><description>The judges praised its crust.</description></item>
</channel></rss>"""

NO_IDS = rss20(
    [
        {
            "title": "Linked only",
            "link": "http://example.test/coast/linked",
            "description": "An entry with a link and no guid.",
        },
        {"title": "Neither id nor link", "description": "An entry with nothing to point at."},
    ],
    title="Idless Gazette",
)

NOT_A_FEED = "<html><head><title>Just a page</title></head><body><p>Hello.</p></body></html>"


def article_page(title: str, paragraphs: list[str], *, comments: tuple[str, ...] = ()) -> str:
    """A news page as publishers serve it: navigation, the article, a comment thread."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    thread = "".join(
        f'<div class="comment"><p class="comment-text">{c}</p></div>' for c in comments
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title} | The Coast Paper</title>"
        f'<meta property="og:title" content="{title}">'
        '<meta name="author" content="Marta Lindqvist">'
        '<meta property="article:published_time" content="2026-11-30T08:00:00Z">'
        "</head><body>"
        '<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        f'<section id="comments" class="comments"><h2>Comments</h2>{thread}</section>'
        "<footer>Copyright The Coast Paper. All rights reserved.</footer>"
        "</body></html>"
    )


KEEPER_PARAGRAPHS = [
    "For forty years Ingrid Halvorsen climbed the hundred and twelve steps of the north light "
    "every evening, checked the lamp, wound the clock and wrote the weather into a ledger.",
    '"The sea never asked me for anything except attention," she said on her last evening, '
    "standing at the rail as the beam swept across the water towards the fishing grounds.",
    "The light was automated a decade ago, but the harbour board kept a keeper on because the "
    "fishermen trusted a person more than a machine when the fog came down over the point.",
    "Her successor will be a retired ferry mate, Colm Brady, who says he has already started "
    "learning the names of every rock between the point and the harbour mouth by heart.",
]
