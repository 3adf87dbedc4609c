"""A fake feed server on loopback: real-shaped RSS 2.0 and Atom, and feeds that misbehave. Stdlib only.

What real feeds do, and what this server serves so the source poller meets it here first:
- RSS 2.0 (https://www.rssboard.org/rss-specification): RFC 822 dates in odd shapes (single-digit
  days, named zones like `GMT` and `EST`, a missing weekday, one date that is not a date at all),
  HTML escaped inside `<description>`, a relative `<link>`, a `<guid isPermaLink="false">`, an
  item without a guid, an image as `<enclosure>` and as `media:content`
  (https://www.rssboard.org/media-rss), `utm_` tracking parameters on links.
- Atom 1.0 (RFC 4287): `xml:base` with relative `<link href>`, `type="html"` summaries and
  `type="xhtml"` content, RFC 3339 dates with offsets.
- Both carry one article the other also carries (the same canonical URL under another guid,
  with tracking parameters), and the RSS feed repeats one item: de-duplication meets both cases.
- ETag and Last-Modified on every feed; a matching `If-None-Match` or `If-Modified-Since`
  answers 304 with no body (RFC 9110 §13.1).

Misbehaving paths: `/not-xml` (a web page), `/huge` (an endless feed), `/gzip-bomb` (60 kB on
the wire, 20 MB once decompressed), `/entities` (a "billion laughs" DOCTYPE whose entities would
expand to gigabytes), `/redirect-private` (302 to 169.254.169.254, the cloud metadata address),
`/loop` (redirects to itself), `/loop-a` (to `/loop-b` and back), `/odd-links.rss` (entries that
link to the cloud metadata address, to a private image, and to a malformed IPv6 host, beside one
ordinary entry), `/status/{code}`.
`add_entry(feed, ...)` publishes a new entry (and changes the ETag);
`requests` records what was asked, with the conditional headers.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from xml.sax.saxutils import escape

from local.fakes.server import FakeServer, QuietHandler

LAST_MODIFIED = format_datetime(datetime(2026, 11, 30, 9, 0, tzinfo=UTC), usegmt=True)
# Each entity is ten of the one before: &i; would be 10^8 copies of &a; (about 8 GB).
LAUGHS = "".join(f'<!ENTITY {name} "{("&" + before + ";") * 10}">' for before, name in zip("abcdefgh", "bcdefghi", strict=True))
ENTITIES = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "laugh, ">' + LAUGHS + "]>"
    '<rss version="2.0"><channel><title>Laughs &i;</title><link>https://laughs.example/</link>'
    "<item><title>Laughing &i;</title><link>https://laughs.example/1</link><guid>laughs-1</guid>"
    "<description>&i;</description></item></channel></rss>"
).encode()


ODD_LINKS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Odd links</title><link>https://odd.example/</link>'
    b"<item><title>Ordinary</title><link>https://odd.example/ordinary</link><guid>odd-1</guid>"
    b'<enclosure url="http://10.0.0.7/internal.png" type="image/png" length="1"/></item>'
    b"<item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/</link><guid>odd-2</guid></item>"
    b"<item><title>Broken host</title><link>http://[::1/broken</link><guid>odd-3</guid></item>"
    b"</channel></rss>"
)


@functools.cache
def gzip_bomb() -> bytes:
    """A feed's opening, then 20 MB of spaces: about 60 kB gzipped."""
    return gzip.compress(b'<?xml version="1.0"?><rss version="2.0"><channel>' + b" " * (20 * 1024 * 1024), 9)


@dataclass
class FakeEntry:
    guid: str | None
    title: str
    link: str
    summary_html: str
    date: str
    image: str | None = None


def _industry_entries() -> list[FakeEntry]:
    return [
        FakeEntry(
            "advocacy-2026-trust",
            "People trust people: the 2026 advocacy report",
            "/reports/trust-2026?utm_source=rss&utm_medium=feed",
            '<p>Employees\' posts reach <b>561%</b> further than the brand\'s own.</p><img src="/img/trust.png" alt="chart">',
            "Tue, 1 Dec 2026 08:05:00 GMT",
        ),
        FakeEntry(
            None,  # no guid: the link is its identity
            "Five signs your content calendar is too corporate",
            "https://industry.example/articles/too-corporate",
            "Plain text summary &amp; an ampersand.",
            "30 Nov 2026 17:30:00 EST",  # no weekday, a named zone
            image="https://industry.example/img/calendar.jpg",
        ),
        FakeEntry(
            "urn:industry:serverless-costs",
            "What serverless really costs in 2026",
            "https://industry.example/articles/serverless-costs",
            "<script>alert(1)</script><p>A look at <a href='/pricing'>pricing</a>.</p>",
            "sometime last week",  # not a date at all
        ),
    ]


def _atom_entries() -> list[FakeEntry]:
    return [
        FakeEntry(
            "tag:engineering.example,2026:event-driven",
            "Lessons from ten event-driven systems",
            "posts/event-driven.html",
            "<p>What we learned &mdash; the hard way.</p>",
            "2026-12-01T10:15:00+01:00",
        ),
        FakeEntry(
            "tag:engineering.example,2026:trust-repost",
            "Worth reading: people trust people",
            # The article the industry feed also carries, under another guid and tracking.
            "https://industry.example/reports/trust-2026?utm_campaign=atom",
            "<p>A colleague's pick.</p>",
            "2026-11-29T08:00:00Z",
        ),
    ]


@dataclass
class FeedState:
    kind: str  # rss | atom
    entries: list[FakeEntry] = field(default_factory=list)
    version: int = 1

    def etag(self) -> str:
        digest = hashlib.sha256(f"{self.kind}{self.version}{len(self.entries)}".encode()).hexdigest()[:16]
        return f'"{digest}"'


class FakeFeeds(FakeServer):
    name = "fake-feeds"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.feeds: dict[str, FeedState] = {
            "/industry.rss": FeedState("rss", _industry_entries()),
            "/engineering.atom": FeedState("atom", _atom_entries()),
        }
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def add_entry(self, path: str, entry: FakeEntry) -> None:
        with self._lock:
            state = self.feeds[path]
            state.entries.insert(0, entry)
            state.version += 1

    # --- documents ----------------------------------------------------------------------------

    def document(self, path: str) -> bytes:
        state = self.feeds[path]
        return (self._rss(state) if state.kind == "rss" else self._atom(state)).encode()

    def _rss(self, state: FeedState) -> str:
        items = []
        entries = [*state.entries, state.entries[0]] if state.entries else []  # a duplicated item
        for e in entries:
            guid = f'<guid isPermaLink="false">{escape(e.guid)}</guid>' if e.guid else ""
            image = f'<enclosure url="{escape(e.image)}" length="48213" type="image/jpeg"/>' if e.image else ""
            items.append(
                f"<item><title>{escape(e.title)}</title><link>{escape(e.link)}</link>{guid}"
                f"<pubDate>{escape(e.date)}</pubDate><description>{escape(e.summary_html)}</description>{image}</item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">'
            "<channel><title>Industry Insider</title><link>https://industry.example/</link>"
            "<description>News for people who work in advocacy</description><language>en-us</language>"
            f"<lastBuildDate>{LAST_MODIFIED}</lastBuildDate>{''.join(items)}</channel></rss>"
        )

    def _atom(self, state: FeedState) -> str:
        entries = []
        for e in state.entries:
            entries.append(
                f'<entry><title type="html">{escape(e.title)}</title><link rel="alternate" href="{escape(e.link)}"/>'
                f"<id>{escape(e.guid or e.link)}</id><updated>{escape(e.date)}</updated>"
                f'<summary type="html">{escape(e.summary_html)}</summary>'
                "<author><name>Engineering</name></author></entry>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://engineering.example/">'
            "<title>Engineering at Example</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>"
            f"<updated>2026-12-01T10:15:00+01:00</updated>{''.join(entries)}</feed>"
        )

    # --- HTTP -----------------------------------------------------------------------------------

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with fake._lock:
                    fake.requests.append(
                        {
                            "path": path,
                            "if_none_match": self.headers.get("If-None-Match"),
                            "if_modified_since": self.headers.get("If-Modified-Since"),
                        }
                    )
                    state = fake.feeds.get(path)
                    if state is not None:
                        etag = state.etag()
                        body = fake.document(path)
                if state is not None:
                    cached = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
                    if self.headers.get("If-None-Match") == etag:
                        return self._send(304, headers=cached)
                    kind = "application/rss+xml" if state.kind == "rss" else "application/atom+xml"
                    return self._send(200, body, {**cached, "Content-Type": f"{kind}; charset=utf-8"})
                if path == "/not-xml":
                    page = b"<!doctype html><html><body><p>Hello</p></body></html>"
                    return self._send(200, page, {"Content-Type": "text/html"})
                if path == "/huge":
                    return self._huge()
                if path == "/gzip-bomb":
                    headers = {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
                    return self._send(200, gzip_bomb(), headers)
                if path == "/odd-links.rss":
                    return self._send(200, ODD_LINKS, {"Content-Type": "application/rss+xml"})
                if path == "/entities":
                    return self._send(200, ENTITIES, {"Content-Type": "application/rss+xml"})
                if path == "/redirect-private":
                    return self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
                if path == "/loop":
                    return self._send(302, headers={"Location": "/loop"})
                if path in ("/loop-a", "/loop-b"):
                    return self._send(301, headers={"Location": "/loop-b" if path == "/loop-a" else "/loop-a"})
                if path.startswith("/status/"):
                    return self._send(int(path.rsplit("/", 1)[1] or 500))
                return self._send(404)

            def _huge(self) -> None:
                # A feed that never ends: chunked, until the reader stops.
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"<item><title>again</title><link>https://industry.example/x</link></item>" * 200
                try:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(b'<rss version="2.0"><channel>'), b'<rss version="2.0"><channel>'))
                    for _ in range(2000):  # 28 MB at most
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


if __name__ == "__main__":
    server = FakeFeeds(port=8900).start()
    paths = "/industry.rss /engineering.atom /not-xml /huge /gzip-bomb /entities /redirect-private /loop /loop-a"
    print(f"fake feeds on {server.base_url}: {paths}")
    threading.Event().wait()
