"""What every network adapter speaks: requests, results, metrics and the error ladder.

The worker decides on retries from the error class alone:
TokenExpired (renew the connection) > RateLimited (wait) > Transient (retry) > Permanent (give up).
This module does not import httpx at load time, so error handling stays cheap to import.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from estafette import clock
from estafette.text_limits import text_with_link  # noqa: F401  (the post text, as text_limits counts it)

if TYPE_CHECKING:
    import httpx

TIMEOUT_SECONDS = 5.0
_MAX_REASON = 200


@dataclass(frozen=True)
class PostRequest:
    access_token: str
    author_id: str
    text: str
    url: str  # the tracked link
    title: str
    description: str = ""
    idempotency_key: str = ""  # the share id

    def __repr__(self) -> str:  # keep the token out of logs
        return f"PostRequest(author_id={self.author_id!r}, url={self.url!r}, idempotency_key={self.idempotency_key!r})"


@dataclass(frozen=True)
class PostResult:
    external_post_id: str
    post_url: str | None = None
    intent_url: str | None = None


@dataclass(frozen=True)
class PostMetrics:
    external_post_id: str
    impressions: int | None
    reactions: int
    comments: int
    reshares: int


class NetworkError(Exception):
    """Base of all adapter failures. `reason` is short and never holds a token."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class TokenExpired(NetworkError):
    """401 or an invalid/expired token: permanent for this share; the connection must be renewed."""


class RateLimited(NetworkError):
    def __init__(
        self,
        reason: str,
        *,
        status: int | None = 429,
        retry_after_seconds: int | None = None,
    ) -> None:
        super().__init__(reason, status=status)
        self.retry_after_seconds = retry_after_seconds


class TransientNetworkError(NetworkError):
    """5xx, timeouts, connection errors: safe to retry later.

    `maybe_sent` is True when the network may have acted on the request before the answer was
    lost (a read timeout, a dropped connection, 502/504): a retry must first make sure it does
    not post twice.
    """

    def __init__(self, reason: str, *, status: int | None = None, maybe_sent: bool = False) -> None:
        super().__init__(reason, status=status)
        self.maybe_sent = maybe_sent


class PermanentNetworkError(NetworkError):
    """Any other 4xx (duplicate, invalid content, forbidden): retrying will not help."""


class AlreadyPosted(PermanentNetworkError):
    """The network refused a duplicate and named the post it already has (LinkedIn's DUPLICATE_POST).

    After an attempt whose answer was lost, this is the earlier post: the share is posted.
    """

    def __init__(self, reason: str, external_post_id: str, *, status: int | None = None) -> None:
        super().__init__(reason, status=status)
        self.external_post_id = external_post_id


class NetworkAdapter(Protocol):
    network: str
    max_batch: int  # post ids per metrics call
    calls_per_batch: int  # metrics calls per batch of max_batch posts (LinkedIn: one per metric)

    def post(self, request: PostRequest) -> PostResult: ...

    def fetch_metrics(self, access_token: str, post_ids: list[str]) -> list[PostMetrics]: ...


def batched(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def parse_retry_after(response: httpx.Response, now: float | None = None) -> int | None:
    """Seconds to wait: `Retry-After` (seconds or HTTP date), else an epoch reset header
    (`x-rate-limit-reset` on X, `ratelimit-reset` on Bluesky)."""
    now = clock.time() if now is None else now
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return int(value)
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0, math.ceil(when - now))
    for header in ("x-rate-limit-reset", "ratelimit-reset"):
        reset = response.headers.get(header, "").strip()
        if reset.isdigit():
            return max(0, int(reset) - int(now))
    return None


def _error_fields(response: httpx.Response) -> tuple[str, str]:
    """(code, message) from an error body: LinkedIn {code, message}, XRPC {error, message},
    X problem {title, detail}, OAuth {error, error_description}."""
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""

    def first(*keys: str) -> str:
        return next((v for k in keys if isinstance(v := body.get(k), str) and v), "")

    return first("error", "code", "title"), first("message", "detail", "error_description")


def _redact(text: str, response: httpx.Response) -> str:
    try:
        auth = response.request.headers.get("authorization", "")
    except RuntimeError:  # a response built without a request
        auth = ""
    token = auth.partition(" ")[2].strip()
    if len(token) >= 4:
        text = text.replace(token, "[redacted]")
    return text[:_MAX_REASON]


def error_for(network: str, response: httpx.Response, token_error_codes: Collection[str] = ()) -> NetworkError | None:
    """The NetworkError a response stands for, or None for 2xx/3xx."""
    status = response.status_code
    if status < 400:
        return None
    code, message = _error_fields(response)
    detail = ": ".join(part for part in (code, message) if part)
    reason = _redact(f"{network} {status}" + (f" {detail}" if detail else ""), response)
    if status == 401 or (code and code in token_error_codes):
        return TokenExpired(reason, status=status)
    if status == 429:
        return RateLimited(reason, status=status, retry_after_seconds=parse_retry_after(response))
    if status >= 500 or status == 408:
        return TransientNetworkError(reason, status=status, maybe_sent=status in (502, 504))
    return PermanentNetworkError(reason, status=status)


def call(
    network: str,
    send: Callable[[], httpx.Response],
    token_error_codes: Collection[str] = (),
) -> httpx.Response:
    """Run one HTTP call; return the successful response or raise the matching NetworkError."""
    import httpx

    try:
        response = send()
    except httpx.TimeoutException as exc:
        # A connect or pool timeout never reached the network; a read or write timeout may have.
        sent = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
        raise TransientNetworkError(f"{network}: timed out ({type(exc).__name__})", maybe_sent=sent) from None
    except httpx.TransportError as exc:
        sent = not isinstance(exc, httpx.ConnectError)
        raise TransientNetworkError(f"{network}: connection failed ({type(exc).__name__})", maybe_sent=sent) from None
    error = error_for(network, response, token_error_codes)
    if error is not None:
        raise error
    return response


def json_body(network: str, response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise TransientNetworkError(f"{network} {response.status_code}: response is not JSON") from None
    if not isinstance(body, dict):
        raise TransientNetworkError(f"{network} {response.status_code}: unexpected response shape")
    return body
