"""RSS 2.0 and Atom documents, read with feedparser, as the entries a source turns into drafts.

feedparser copes with what real feeds do: RFC 822 and ISO dates in odd shapes (or none),
HTML in summaries, relative links (resolved against the feed's own address and `xml:base`),
missing guids. What comes out is plain data:

- `guid`: the entry's id (RSS `<guid>`, Atom `<id>`), else its link, else a hash of its title;
- `url`: the canonical address, for de-duplication across sources: absolute, https kept as
  written, host lower-case, default port, fragment and tracking parameters (`utm_*`,
  `fbclid`, `gclid`, `mc_cid`, `mc_eid`) removed;
- `title` and `summary`: plain text (markup neutralised, whitespace collapsed, within the
  library's lengths);
- `image_url`: `media:content`/`media:thumbnail`, an image enclosure, or the first `<img>` in
  the summary's HTML; absolute http(s) only.

A document that is not a feed (not XML, HTML, JSON, empty) raises `NotAFeed`.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from content_publishing.model import neutralise

MAX_TITLE = 300
MAX_SUMMARY = 2000
MAX_ENTRIES = 500  # more than any real feed carries; the rest of a document is ignored
TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


class NotAFeed(Exception):
    """The document is not an RSS or Atom feed."""


@dataclass(frozen=True)
class Entry:
    guid: str
    url: str | None
    title: str
    summary: str
    image_url: str | None
    published: datetime | None


@dataclass(frozen=True)
class Feed:
    title: str
    entries: list[Entry]


def canonical_url(url: str, base: str | None = None) -> str | None:
    """The address two sources would agree on for the same article; None when it is not http(s)."""
    try:
        absolute = urljoin(base or "", url.strip())
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port and port != (443 if parts.scheme == "https" else 80):
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((parts.scheme, host, parts.path or "/", query, ""))


def fingerprint(value: str) -> str:
    """A short, stable hash: the key of a de-duplication marker and an entry in a source's seen list."""
    return hashlib.sha256(value.encode()).hexdigest()[:20]


def parse(document: bytes, feed_url: str) -> Feed:
    import feedparser

    # No document address is given: feedparser then applies only the feed's own xml:base, and a
    # relative link left over is resolved here against the site's address (RSS's channel <link>),
    # as readers do, falling back to the feed's own address.
    parsed: Any = feedparser.parse(document)
    version = parsed.get("version") or ""
    if not version or not (version.startswith("rss") or version.startswith("atom")):
        raise NotAFeed(_why(parsed))
    feed_link = urljoin(feed_url, parsed.feed.get("link") or "")
    entries = [_entry(e, feed_link) for e in parsed.entries[:MAX_ENTRIES]]
    return Feed(title=_text(parsed.feed.get("title", ""), MAX_TITLE), entries=[e for e in entries if e is not None])


def _why(parsed: Any) -> str:
    problem = parsed.get("bozo_exception")
    if problem is not None:
        return f"the document is not an RSS or Atom feed ({type(problem).__name__})"
    return "the document is not an RSS or Atom feed"


def _text(value: str, limit: int) -> str:
    """Feed text is HTML: tags go, entities become characters ("R&amp;D" is "R&D"), and what they
    spelled is neutralised once more (so "&lt;script&gt;" never becomes markup)."""
    return " ".join(neutralise(html.unescape(neutralise(value or ""))).split())[:limit].strip()


def _entry(raw: Any, feed_link: str) -> Entry | None:
    link = raw.get("link") or ""
    url = canonical_url(link, feed_link) if link else None
    title = _text(raw.get("title", ""), MAX_TITLE)
    summary_html = raw.get("summary") or ""
    if not summary_html and raw.get("content"):
        summary_html = raw["content"][0].get("value", "")
    summary = _text(summary_html, MAX_SUMMARY)
    guid = (raw.get("id") or "").strip() or url or (f"title:{fingerprint(title)}" if title else "")
    if not guid or not (title or url):
        return None
    if not title:
        title = urlsplit(url or "").hostname or "Untitled"
    return Entry(guid[:1000], url, title, summary, _image(raw, summary_html, url or feed_link), _published(raw))


def _image(raw: Any, summary_html: str, base: str) -> str | None:
    candidates: list[str] = []
    for key in ("media_content", "media_thumbnail"):
        for media in raw.get(key) or []:
            if media.get("url") and (media.get("medium") in (None, "image") or key == "media_thumbnail"):
                candidates.append(media["url"])
    for enclosure in raw.get("enclosures") or []:
        if str(enclosure.get("type", "")).startswith("image/") and enclosure.get("href"):
            candidates.append(enclosure["href"])
    found = _IMG.search(summary_html)
    if found:
        candidates.append(found.group(1))
    for candidate in candidates:
        url = canonical_url(candidate, base)
        if url and len(url) <= 2000:
            return url
    return None


def _published(raw: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = dict.get(raw, key)  # plain dict access: feedparser's own warns about a fallback it maps
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (TypeError, ValueError, OverflowError):
                continue
    return None
