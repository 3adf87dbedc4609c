"""LinkedIn: Posts API (article post) and the socialActions summary.

Contracts: learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api,
.../shares/network-update-social-actions and .../shares/little-text-format.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

import httpx

from estafette.networks.base import (
    TIMEOUT_SECONDS,
    AlreadyPosted,
    PermanentNetworkError,
    PostMetrics,
    PostRequest,
    PostResult,
    call,
    json_body,
    text_with_link,
)

DEFAULT_BASE_URL = "https://api.linkedin.com"
LINKEDIN_VERSION = "202511"
# little text: reserved characters must be backslash-escaped to stay plain text.
# '#' is left alone so hashtags keep working.
_LITTLE_RESERVED = re.compile(r"([\\|{}@\[\]()<>*_~])")
# 422 DUPLICATE_POST: "Content is a duplicate of urn:li:share:..." names the post LinkedIn already has.
_DUPLICATE_OF = re.compile(r"DUPLICATE_POST.*?(urn:li:(?:share|ugcPost|activity):\d+)")


def escape_little_text(text: str) -> str:
    return _LITTLE_RESERVED.sub(r"\\\1", text)


def person_urn(author_id: str) -> str:
    return author_id if author_id.startswith("urn:li:") else f"urn:li:person:{author_id}"


class LinkedInAdapter:
    network = "linkedin"
    max_batch = 1  # GET /rest/socialActions/{urn} reads one post per call

    def __init__(self, base_url: str | None = None, client: httpx.Client | None = None) -> None:
        self._base = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._client = client or httpx.Client(timeout=TIMEOUT_SECONDS)

    def _headers(self, token: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "LinkedIn-Version": LINKEDIN_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def post(self, request: PostRequest) -> PostResult:
        article: dict[str, str] = {"source": request.url, "title": request.title}
        if request.description:
            article["description"] = request.description
        content: dict[str, object] = {"article": article}
        commentary = request.text
        if request.images:
            # Images replace the link card: the tracked link goes into the text.
            from estafette.networks import media

            headers = self._headers(request.access_token)
            content = media.linkedin_content(self._client, self._base, headers, person_urn(request.author_id), request.images)
            commentary = text_with_link(request.text, request.url)
        # Posts API create: 201 Created, the new post's URN in the x-restli-id header.
        body = {
            "author": person_urn(request.author_id),
            "commentary": escape_little_text(commentary),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "content": content,
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        try:
            response = call(
                self.network,
                lambda: self._client.post(
                    f"{self._base}/rest/posts",
                    json=body,
                    headers=self._headers(request.access_token),
                ),
            )
        except PermanentNetworkError as exc:
            duplicate = _DUPLICATE_OF.search(exc.reason)
            if duplicate:
                raise AlreadyPosted(exc.reason, duplicate.group(1), status=exc.status) from None
            raise
        urn = response.headers.get("x-restli-id") or response.headers.get("x-linkedin-id")
        if not urn:
            raise PermanentNetworkError(f"linkedin {response.status_code}: no x-restli-id in response")
        return PostResult(
            external_post_id=urn,
            post_url=f"https://www.linkedin.com/feed/update/{urn}/",
        )

    def fetch_metrics(self, access_token: str, post_ids: list[str]) -> list[PostMetrics]:
        results: list[PostMetrics] = []
        for urn in post_ids:
            url = f"{self._base}/rest/socialActions/{quote(urn, safe='')}"
            try:
                response = call(
                    self.network,
                    functools.partial(self._client.get, url, headers=self._headers(access_token)),
                )
            except PermanentNetworkError as exc:
                if exc.status == 404:  # deleted post: nothing to read
                    continue
                raise
            body = json_body(self.network, response)
            likes = body.get("likesSummary") or {}
            comments = body.get("commentsSummary") or {}
            results.append(
                PostMetrics(
                    external_post_id=urn,
                    impressions=None,  # not exposed for member posts
                    reactions=int(likes.get("totalLikes", likes.get("aggregatedTotalLikes", 0))),
                    comments=int(
                        comments.get(
                            "aggregatedTotalComments",
                            comments.get("totalFirstLevelComments", 0),
                        )
                    ),
                    reshares=0,  # not in socialActions
                )
            )
        return results
