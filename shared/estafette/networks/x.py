"""X: API v2 `POST /2/tweets` and `GET /2/tweets?ids=` with public_metrics.

Contracts: docs.x.com/x-api/posts/manage-tweets (create: 201 `{"data": {"id", "text"}}`),
docs.x.com/x-api/posts/lookup (up to 100 ids; unknown ids come back in `errors`). X's
public_metrics names reposts `repost_count` (earlier `retweet_count`): both are read.
"""

from __future__ import annotations

import functools

import httpx

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

DEFAULT_BASE_URL = "https://api.x.com"


def _reposts(metrics: dict) -> int:
    """Reposts under X's current name, else the earlier one."""
    value = metrics.get("repost_count")
    return int(value if value is not None else metrics.get("retweet_count") or 0)


class XAdapter:
    network = "x"
    max_batch = 100
    calls_per_batch = 1

    def __init__(self, base_url: str | None = None, client: httpx.Client | None = None) -> None:
        self._base = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._client = client or httpx.Client(timeout=TIMEOUT_SECONDS)

    def post(self, request: PostRequest) -> PostResult:
        body = {"text": text_with_link(request.text, request.url)}
        headers = {"Authorization": f"Bearer {request.access_token}"}
        response = call(
            self.network,
            lambda: self._client.post(f"{self._base}/2/tweets", json=body, headers=headers),
        )
        post_id = (json_body(self.network, response).get("data") or {}).get("id")
        if not post_id:
            raise PermanentNetworkError(f"x {response.status_code}: no data.id in response")
        return PostResult(
            external_post_id=str(post_id),
            post_url=f"https://x.com/i/web/status/{post_id}",
        )

    def find_post(self, request: PostRequest) -> PostResult | None:
        """The post an earlier attempt of this share made: the author's latest posts carrying the
        tracked link (`GET /2/users/:id/tweets` with `entities`; X wraps links, the expanded URL is kept)."""
        headers = {"Authorization": f"Bearer {request.access_token}"}
        params = {"max_results": "10", "tweet.fields": "entities"}
        url = f"{self._base}/2/users/{request.author_id}/tweets"
        response = call(self.network, lambda: self._client.get(url, params=params, headers=headers))
        for tweet in json_body(self.network, response).get("data") or []:
            links = [u.get("expanded_url") for u in (tweet.get("entities") or {}).get("urls") or []]
            if request.url in links or request.url in tweet.get("text", ""):
                return PostResult(external_post_id=str(tweet["id"]), post_url=f"https://x.com/i/web/status/{tweet['id']}")
        return None

    def fetch_metrics(self, access_token: str, post_ids: list[str]) -> list[PostMetrics]:
        headers = {"Authorization": f"Bearer {access_token}"}
        results: list[PostMetrics] = []
        for chunk in batched(post_ids, self.max_batch):
            params = {"ids": ",".join(chunk), "tweet.fields": "public_metrics"}
            response = call(
                self.network,
                functools.partial(self._client.get, f"{self._base}/2/tweets", params=params, headers=headers),
            )
            for tweet in json_body(self.network, response).get("data") or []:
                metrics = tweet.get("public_metrics") or {}
                impressions = metrics.get("impression_count")
                results.append(
                    PostMetrics(
                        external_post_id=str(tweet["id"]),
                        impressions=int(impressions) if impressions is not None else None,
                        reactions=int(metrics.get("like_count", 0)),
                        comments=int(metrics.get("reply_count", 0)),
                        reshares=_reposts(metrics) + int(metrics.get("quote_count") or 0),
                    )
                )
        return results
