"""Server-side GETs of addresses a user chose, guarded against SSRF: link previews and feeds.

The fetch is a server-side request to an address a user chose, so it is guarded:

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

`FetchPolicy.allow_loopback` lets a test (or the local cloud's fake feed server) reach a server
on 127.0.0.1. Only environment variables set it (`PREVIEW_ALLOW_LOOPBACK`,
`SOURCES_ALLOW_LOOPBACK`), and the template never does.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

Resolver = Callable[[str, int], list[str]]
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchPolicy:
    timeout_seconds: float = 4.0
    max_bytes: int = 512 * 1024
    max_redirects: int = 4
    allow_loopback: bool = False  # tests and the local cloud only: a server on this machine
    user_agent: str = "EstafettePreview/1.0 (+link preview for employee advocacy)"
    accept: str = "text/html,application/xhtml+xml"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional GET whose resource did not change
    content_type: str = ""
    body: bytes = b""
    truncated: bool = False  # the body was longer than max_bytes; only its first max_bytes are here
    headers: dict[str, str] = field(default_factory=dict)


class FetchRefused(Exception):
    """The address is not a public web address (SSRF protection)."""


class FetchFailed(Exception):
    """The address could not be read: timeout, error status, unreachable."""


def get(
    url: str,
    policy: FetchPolicy | None = None,
    resolver: Resolver | None = None,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET `url` within the policy; redirects are followed and each hop is checked again.

    Any status other than 200 and 304 (when `headers` asked a conditional GET) is a FetchFailed.
    """
    policy = policy or FetchPolicy()
    resolver = resolver or resolve
    deadline = time.monotonic() + policy.timeout_seconds
    current = url
    for _hop in range(policy.max_redirects + 1):
        target = _check_url(current)
        addresses = _within(deadline, resolver, target.host, target.port)
        if not addresses:
            raise FetchFailed("the host name does not resolve")
        for address in addresses:
            check_address(address, allow_loopback=policy.allow_loopback)
        fetched = _get(target, addresses[0], deadline, policy, headers or {})
        if fetched.status in REDIRECTS:
            location = fetched.headers.get("location")
            if not location:
                raise FetchFailed(f"redirect {fetched.status} without a Location")
            current = urljoin(current, location)
            continue
        if fetched.status == 304 and headers:
            return Fetched(current, 304, headers=fetched.headers)
        if fetched.status != 200:
            raise FetchFailed(f"the page answered {fetched.status}")
        return Fetched(current, 200, fetched.content_type, fetched.body, fetched.truncated, fetched.headers)
    raise FetchFailed(f"more than {policy.max_redirects} redirects")


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
        raise FetchRefused("the address is not a valid URL") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchRefused("only http and https addresses can be read")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("the address contains credentials")
    if not parts.hostname:
        raise FetchRefused("the address has no host")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path)


def check_url(url: str) -> None:
    """The checks that need no network: scheme, credentials, host. FetchRefused when one fails."""
    _check_url(url)


def resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_address(address: str, *, allow_loopback: bool = False) -> None:
    """Refuse any address that is not on the public internet."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as exc:
        raise FetchRefused("the host resolves to something that is not an IP address") from exc
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        if allow_loopback:
            return
        raise FetchRefused("the address is on this machine (loopback)")
    for refused, reason in (
        (ip.is_link_local, "the address is link-local (cloud metadata lives there)"),
        (ip.is_multicast, "the address is multicast"),
        (ip.is_private, "the address is in a private network"),
        (ip.is_reserved, "the address is reserved"),
        (ip.is_unspecified, "the address is unspecified"),
        (not ip.is_global, "the address is not public"),
    ):
        if refused:
            raise FetchRefused(reason)


def link_problem(url: str) -> str | None:
    """Why a content link may not be stored (None when it may): the same rules as the fetch, for
    what can be told without resolving a name. The tracked link redirects people to this address,
    so it must not point into a private network, at this machine or at link-local addresses
    (169.254.169.254 is where cloud metadata lives). Numeric hosts in any spelling browsers accept
    (2130706433, 0x7f.1, 127.1) are read the way browsers read them."""
    try:
        target = _check_url(url)
    except FetchRefused as refused:
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
    except FetchRefused as refused:
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
        raise FetchFailed("the host name did not resolve in time") from exc
    except OSError as exc:
        raise FetchFailed("the host name does not resolve") from exc
    finally:
        pool.shutdown(wait=False)


def _get(target: _Target, address: str, deadline: float, policy: FetchPolicy, extra: dict[str, str]) -> Fetched:
    import httpx

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchFailed("the page did not answer in time")
    literal = f"[{address}]" if ":" in address else address
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    pinned = f"{target.scheme}://{literal}:{target.port}{target.path}"
    headers = {**extra, "Host": host_header, "User-Agent": policy.user_agent, "Accept": policy.accept}
    try:
        with (
            httpx.Client(timeout=httpx.Timeout(remaining), follow_redirects=False, trust_env=False) as client,
            client.stream("GET", pinned, headers=headers, extensions={"sni_hostname": target.host}) as response,
        ):
            answered = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code != 200:
                return Fetched(target.path, response.status_code, headers=answered)
            body = bytearray()
            truncated = False
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) >= policy.max_bytes:
                    truncated = len(body) > policy.max_bytes
                    del body[policy.max_bytes :]
                    break
                if time.monotonic() > deadline:
                    raise FetchFailed("the page did not answer in time")
            return Fetched(target.path, 200, answered.get("content-type", ""), bytes(body), truncated, answered)
    except httpx.TimeoutException as exc:
        raise FetchFailed("the page did not answer in time") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(f"the page could not be reached ({type(exc).__name__})") from exc
