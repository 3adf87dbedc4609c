"""Bluesky (AT Protocol) over XRPC: createRecord with a link card, getPosts for counters,
createSession/refreshSession for app-password connections.

Contracts: docs.bsky.app/docs/advanced-guides/posts (record, createRecord -> `uri`, `cid`),
.../advanced-guides/post-richtext (facets: UTF-8 byte offsets, end exclusive),
lexicons app.bsky.embed.external, app.bsky.feed.getPosts (max 25 uris),
com.atproto.server.createSession / refreshSession.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import httpx

from estafette import clock
from estafette.networks.base import (
    TIMEOUT_SECONDS,
    PermanentNetworkError,
    PostMetrics,
    PostRequest,
    PostResult,
    batched,
    call,
    json_body,
    text_with_link,
)

DEFAULT_BASE_URL = "https://bsky.social"
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_SHARE_ID = re.compile(r"^[0-9a-f]{12}[0-9a-f]{8}$")
# XRPC answers an expired/invalid access JWT with 400 and one of these error names.
TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken", "AuthenticationRequired"})


@dataclass(frozen=True)
class BlueskySession:
    did: str
    handle: str
    access_jwt: str
    refresh_jwt: str

    def __repr__(self) -> str:
        return f"BlueskySession(did={self.did!r}, handle={self.handle!r})"


def link_facets(text: str, url: str) -> list[dict]:
    """One link facet per occurrence of `url`, indexed in UTF-8 bytes."""
    data, needle = text.encode(), url.encode()
    facets, start = [], data.find(needle)
    while start >= 0 and needle:
        facets.append(
            {
                "index": {"byteStart": start, "byteEnd": start + len(needle)},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
            }
        )
        start = data.find(needle, start + len(needle))
    return facets


def record_key(idempotency_key: str) -> str | None:
    """A TID record key derived from a share id (time-ordered hex millis + 8 hex), so a retried
    createRecord writes to the same key and a recovery check can look the post up by it."""
    if not _SHARE_ID.match(idempotency_key):
        return None
    digest = int(hashlib.sha256(idempotency_key.encode()).hexdigest()[:8], 16)
    micros = int(idempotency_key[:12], 16) * 1000 + digest % 1000
    value, chars = (micros << 10) | (digest >> 10) & 0x3FF, []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def web_url(at_uri: str) -> str | None:
    # at://did:plc:xyz/app.bsky.feed.post/<rkey>
    parts = at_uri.removeprefix("at://").split("/")
    return f"https://bsky.app/profile/{parts[0]}/post/{parts[2]}" if len(parts) == 3 else None


class BlueskyAdapter:
    network = "bluesky"
    max_batch = 25
    calls_per_batch = 1

    def __init__(self, base_url: str | None = None, client: httpx.Client | None = None) -> None:
        self._base = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._client = client or httpx.Client(timeout=TIMEOUT_SECONDS)

    def _xrpc(self, method: str, nsid: str, token: str | None, **kwargs: Any) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        url = f"{self._base}/xrpc/{nsid}"
        response = call(
            self.network,
            lambda: self._client.request(method, url, headers=headers, **kwargs),
            TOKEN_ERRORS,
        )
        return json_body(self.network, response)

    def post(self, request: PostRequest) -> PostResult:
        text = text_with_link(request.text, request.url)
        record = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": clock.now().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "facets": link_facets(text, request.url),
            "embed": {
                "$type": "app.bsky.embed.external",
                "external": {
                    "uri": request.url,
                    "title": request.title,
                    "description": request.description,
                },
            },
        }
        body: dict = {
            "repo": request.author_id,
            "collection": "app.bsky.feed.post",
            "record": record,
        }
        rkey = record_key(request.idempotency_key)
        if rkey:
            body["rkey"] = rkey
        result = self._xrpc("POST", "com.atproto.repo.createRecord", request.access_token, json=body)
        uri = result.get("uri")
        if not uri:
            raise PermanentNetworkError("bluesky: no uri in createRecord response")
        return PostResult(external_post_id=uri, post_url=web_url(uri))

    def find_post(self, request: PostRequest) -> PostResult | None:
        """The post an earlier attempt of this share made, if the PDS has it (getRecord by its key)."""
        rkey = record_key(request.idempotency_key)
        if not rkey:
            return None
        params = {"repo": request.author_id, "collection": "app.bsky.feed.post", "rkey": rkey}
        try:
            body = self._xrpc("GET", "com.atproto.repo.getRecord", request.access_token, params=params)
        except PermanentNetworkError:
            return None  # RecordNotFound: the earlier attempt never reached the PDS
        uri = body.get("uri")
        return PostResult(external_post_id=uri, post_url=web_url(uri)) if uri else None

    def fetch_metrics(self, access_token: str, post_ids: list[str]) -> list[PostMetrics]:
        results: list[PostMetrics] = []
        for chunk in batched(post_ids, self.max_batch):
            body = self._xrpc(
                "GET",
                "app.bsky.feed.getPosts",
                access_token,
                params=[("uris", u) for u in chunk],
            )
            # Unknown or deleted posts are simply absent from `posts`.
            for view in body.get("posts") or []:
                results.append(
                    PostMetrics(
                        external_post_id=view["uri"],
                        impressions=None,
                        reactions=int(view.get("likeCount", 0)),
                        comments=int(view.get("replyCount", 0)),
                        reshares=int(view.get("repostCount", 0)) + int(view.get("quoteCount", 0)),
                    )
                )
        return results

    def create_session(self, identifier: str, app_password: str) -> BlueskySession:
        body = self._xrpc(
            "POST",
            "com.atproto.server.createSession",
            None,
            json={"identifier": identifier, "password": app_password},
        )
        return _session(body)

    def refresh_session(self, refresh_jwt: str) -> BlueskySession:
        return _session(self._xrpc("POST", "com.atproto.server.refreshSession", refresh_jwt))


def _session(body: dict) -> BlueskySession:
    try:
        return BlueskySession(body["did"], body.get("handle", ""), body["accessJwt"], body["refreshJwt"])
    except KeyError:
        raise PermanentNetworkError("bluesky: incomplete session response") from None
