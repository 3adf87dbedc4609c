"""Link previews: title, summary and image from a page's OpenGraph tags, fetched safely.

`POST /v1/content/preview` runs this for a curator's form; creating content never fetches
anything. The page is read through `safe_fetch`, which guards the server-side request against
SSRF (public addresses only, every redirect checked again, size and time limits).

`FetchPolicy.allow_loopback` lets a test reach a server on 127.0.0.1. Only the
`PREVIEW_ALLOW_LOOPBACK` environment variable sets it, and the template never does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from content_publishing import safe_fetch
from content_publishing.model import neutralise
from content_publishing.safe_fetch import FetchPolicy, Resolver, check_address, link_problem

__all__ = [
    "FetchPolicy",
    "Preview",
    "PreviewFailed",
    "PreviewRefused",
    "check_address",
    "fetch",
    "for_curator",
    "link_problem",
    "parse",
]

HTML_TYPES = ("text/html", "application/xhtml+xml")
# OpenGraph tags live in <head>; half a megabyte is plenty.
PREVIEW_POLICY = FetchPolicy(max_bytes=512 * 1024)
PreviewRefused = safe_fetch.FetchRefused
PreviewFailed = safe_fetch.FetchFailed


@dataclass(frozen=True)
class Preview:
    url: str
    title: str = ""
    summary: str = ""
    image_url: str | None = None
    site_name: str = ""


def fetch(url: str, policy: FetchPolicy | None = None, resolver: Resolver | None = None) -> Preview:
    fetched = safe_fetch.get(url, policy or PREVIEW_POLICY, resolver)
    content_type = fetched.content_type
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        raise PreviewFailed(f"the page is {content_type or 'not HTML'}, not HTML")
    return parse(fetched.body, fetched.url)


class _OpenGraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (values.get("property") or values.get("name") or "").lower()
            if name and name not in self.meta and values.get("content"):
                self.meta[name] = values["content"]
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and len(self.title) < 1000:
            self.title += data


def _charset(body: bytes) -> str:
    head = body[:2048].decode("ascii", errors="ignore").lower()
    marker = head.find("charset=")
    if marker >= 0:
        name = head[marker + 8 :].strip("\"' ").split('"')[0].split("'")[0].split(";")[0].split(">")[0].strip()
        try:
            "".encode(name)
            return name
        except LookupError:
            pass
    return "utf-8"


def parse(body: bytes, page_url: str) -> Preview:
    """OpenGraph first, then Twitter cards and plain HTML (title, meta description)."""
    parser = _OpenGraph()
    try:
        parser.feed(body.decode(_charset(body), errors="replace"))
    except Exception as exc:  # a page's HTML is never our problem
        raise PreviewFailed("the page's HTML could not be read") from exc
    meta: dict[str, Any] = parser.meta
    title = meta.get("og:title") or meta.get("twitter:title") or parser.title
    summary = meta.get("og:description") or meta.get("twitter:description") or meta.get("description") or ""
    image = meta.get("og:image:secure_url") or meta.get("og:image") or meta.get("twitter:image")
    image_url = urljoin(page_url, image.strip()) if image else None
    if image_url and urlsplit(image_url).scheme not in ("http", "https"):
        image_url = None
    return Preview(
        url=page_url,
        title=neutralise(" ".join(title.split()))[:300],
        summary=neutralise(" ".join(summary.split()))[:2000],
        image_url=image_url if image_url and len(image_url) <= 2000 else None,
        site_name=neutralise(meta.get("og:site_name", ""))[:200],
    )


def for_curator(url: str) -> dict[str, Any]:
    """The preview as the API answers it; a refused or unreadable page is a 422 naming `url`."""
    from dataclasses import asdict

    import content_publishing.messages  # noqa: F401  (registers the messages raised below)
    from content_publishing.config import config
    from estafette.errors import Unprocessable

    settings = config()
    policy = replace(
        PREVIEW_POLICY,
        timeout_seconds=settings.preview_timeout_seconds,
        max_bytes=settings.preview_max_bytes,
        allow_loopback=settings.preview_allow_loopback,
    )
    try:
        return asdict(fetch(url, policy))
    except PreviewRefused as exc:
        raise Unprocessable("preview_refused", field="url", reason=str(exc)) from exc
    except PreviewFailed as exc:
        raise Unprocessable("preview_failed", field="url", reason=str(exc)) from exc
