"""Link previews: title, summary and image from a page's OpenGraph tags, fetched safely.

`POST /v1/content/preview` runs this for a curator's form; creating content never fetches
anything. The fetch is a server-side request to an address a user chose, so it is guarded
against SSRF:

- only http and https, no credentials in the URL;
- the host name is resolved first and *every* address must be public: private, loopback,
  link-local, multicast, reserved, shared (CGNAT) and unspecified addresses are refused,
  including IPv4 addresses mapped into IPv6;
- the connection goes to the address that was checked (the request keeps the host name for
  the Host header and TLS), so a DNS answer that changes in between (rebinding) can't
  redirect it;
- redirects are followed by hand, at most `max_redirects`, and each hop is checked again;
- one deadline covers resolving, connecting and reading, and at most `max_bytes` are read;
- proxies from the environment are ignored.

`FetchPolicy.allow_loopback` lets a test reach a server on 127.0.0.1. Only the
`PREVIEW_ALLOW_LOOPBACK` environment variable sets it, and the template never does.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from content_publishing.model import neutralise

Resolver = Callable[[str, int], list[str]]
USER_AGENT = "EstafettePreview/1.0 (+link preview for employee advocacy)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FetchPolicy:
    timeout_seconds: float = 4.0
    max_bytes: int = 512 * 1024  # OpenGraph tags live in <head>; half a megabyte is plenty
    max_redirects: int = 4
    allow_loopback: bool = False  # tests only: a local HTTP server


@dataclass(frozen=True)
class Preview:
    url: str
    title: str = ""
    summary: str = ""
    image_url: str | None = None
    site_name: str = ""


class PreviewRefused(Exception):
    """The address is not a public web page (SSRF protection)."""


class PreviewFailed(Exception):
    """The page could not be read: timeout, error status, not HTML."""


def fetch(url: str, policy: FetchPolicy | None = None, resolver: Resolver | None = None) -> Preview:
    policy = policy or FetchPolicy()
    resolver = resolver or resolve
    deadline = time.monotonic() + policy.timeout_seconds
    current = url
    for _hop in range(policy.max_redirects + 1):
        target = _check_url(current)
        addresses = _within(deadline, resolver, target.host, target.port)
        if not addresses:
            raise PreviewFailed("the host name does not resolve")
        for address in addresses:
            check_address(address, allow_loopback=policy.allow_loopback)
        status, location, content_type, body = _get(target, addresses[0], deadline, policy)
        if status in (301, 302, 303, 307, 308):
            if not location:
                raise PreviewFailed(f"redirect {status} without a Location")
            current = urljoin(current, location)
            continue
        if status != 200:
            raise PreviewFailed(f"the page answered {status}")
        if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
            raise PreviewFailed(f"the page is {content_type or 'not HTML'}, not HTML")
        return parse(body, current)
    raise PreviewFailed(f"more than {policy.max_redirects} redirects")


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query


def _check_url(url: str) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise PreviewRefused("the address is not a valid URL") from exc
    if parts.scheme not in ("http", "https"):
        raise PreviewRefused("only http and https addresses can be previewed")
    if parts.username is not None or parts.password is not None:
        raise PreviewRefused("the address contains credentials")
    if not parts.hostname:
        raise PreviewRefused("the address has no host")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path)


def resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_address(address: str, *, allow_loopback: bool = False) -> None:
    """Refuse any address that is not on the public internet."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as exc:
        raise PreviewRefused("the host resolves to something that is not an IP address") from exc
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        if allow_loopback:
            return
        raise PreviewRefused("the address is on this machine (loopback)")
    for refused, reason in (
        (ip.is_link_local, "the address is link-local (cloud metadata lives there)"),
        (ip.is_multicast, "the address is multicast"),
        (ip.is_private, "the address is in a private network"),
        (ip.is_reserved, "the address is reserved"),
        (ip.is_unspecified, "the address is unspecified"),
        (not ip.is_global, "the address is not public"),
    ):
        if refused:
            raise PreviewRefused(reason)


def link_problem(url: str) -> str | None:
    """Why a content link may not be stored (None when it may): the same rules as the fetch, for
    what can be told without resolving a name. The tracked link redirects people to this address,
    so it must not point into a private network, at this machine or at link-local addresses
    (169.254.169.254 is where cloud metadata lives). Numeric hosts in any spelling browsers accept
    (2130706433, 0x7f.1, 127.1) are read the way browsers read them."""
    try:
        target = _check_url(url)
    except PreviewRefused as refused:
        return str(refused)
    host = target.host.rstrip(".").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal", ".home.arpa")):
        return "the address names a local or internal host"
    address = host
    if ":" not in host:
        try:
            address = socket.inet_ntoa(socket.inet_aton(host))  # the IPv4 forms browsers accept
        except OSError:
            return None if "." in host else "the address has no domain (a single-label host)"
    try:
        check_address(address)
    except PreviewRefused as refused:
        return str(refused)
    return None


def _within(deadline: float, resolver: Resolver, host: str, port: int) -> list[str]:
    """Resolve within the deadline (DNS has no timeout of its own)."""
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as Late

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(resolver, host, port).result(timeout=max(0.0, deadline - time.monotonic()))
    except Late as exc:
        raise PreviewFailed("the host name did not resolve in time") from exc
    except OSError as exc:
        raise PreviewFailed("the host name does not resolve") from exc
    finally:
        pool.shutdown(wait=False)


def _get(target: _Target, address: str, deadline: float, policy: FetchPolicy) -> tuple[int, str | None, str, bytes]:
    import httpx

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise PreviewFailed("the page did not answer in time")
    literal = f"[{address}]" if ":" in address else address
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    pinned = f"{target.scheme}://{literal}:{target.port}{target.path}"
    headers = {"Host": host_header, "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    try:
        with (
            httpx.Client(timeout=httpx.Timeout(remaining), follow_redirects=False, trust_env=False) as client,
            client.stream("GET", pinned, headers=headers, extensions={"sni_hostname": target.host}) as response,
        ):
            if response.is_redirect or response.status_code != 200:
                return response.status_code, response.headers.get("location"), "", b""
            content_type = response.headers.get("content-type", "")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) >= policy.max_bytes:
                    del body[policy.max_bytes :]
                    break
                if time.monotonic() > deadline:
                    raise PreviewFailed("the page did not answer in time")
            return 200, None, content_type, bytes(body)
    except httpx.TimeoutException as exc:
        raise PreviewFailed("the page did not answer in time") from exc
    except httpx.HTTPError as exc:
        raise PreviewFailed(f"the page could not be reached ({type(exc).__name__})") from exc


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
    policy = FetchPolicy(
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
