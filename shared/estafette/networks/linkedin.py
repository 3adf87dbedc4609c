"""LinkedIn: Posts API (article post) and the member's own post analytics.

Contracts: learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api,
.../shares/little-text-format, .../community-management/members/post-statistics
(`memberCreatorPostAnalytics`, scope r_member_postAnalytics: one metric per call), and
learn.microsoft.com/linkedin/marketing/versioning (the `LinkedIn-Version` header, see
linkedin_version.py). socialActions is not used: it needs r_member_social, which LinkedIn
grants to select developers only.
"""

from __future__ import annotations

import functools
import re
from typing import Any
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
)
from estafette.networks.linkedin_version import configured as configured_version
from estafette.networks.linkedin_version import warn_if_old

DEFAULT_BASE_URL = "https://api.linkedin.com"
# The metrics read per post, and the PostMetrics field each fills.
METRICS = {"IMPRESSION": "impressions", "REACTION": "reactions", "COMMENT": "comments", "RESHARE": "reshares"}
# little text: reserved characters must be backslash-escaped to stay plain text.
# '#' is left alone so hashtags keep working.
_LITTLE_RESERVED = re.compile(r"([\\|{}@\[\]()<>*_~])")
# 422 with DUPLICATE_POST in errorDetails.inputErrors[].code; the message names the post LinkedIn already has:
# "...BadRequestResponseException: Content is a duplicate of urn:li:share:7141138937766391808".
_POST_URN = re.compile(r"urn:li:(?:share|ugcPost|activity):\d+")


def escape_little_text(text: str) -> str:
    return _LITTLE_RESERVED.sub(r"\\\1", text)


def duplicate_of(response: httpx.Response) -> str | None:
    """The URN of the post LinkedIn already has, when `response` refuses a duplicate; else None.

    The code sits in `errorDetails.inputErrors[].code` (the top level carries no `code`); an older
    shape put `"code": "DUPLICATE_POST"` at the top level, which is read too.
    """
    try:
        body: Any = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    details = body.get("errorDetails")
    inputs = details.get("inputErrors") if isinstance(details, dict) else None
    codes = {e.get("code") for e in inputs if isinstance(e, dict)} if isinstance(inputs, list) else set()
    if "DUPLICATE_POST" not in codes and body.get("code") != "DUPLICATE_POST":
        return None
    found = _POST_URN.search(str(body.get("message", "")))
    return found.group(0) if found else None


def person_urn(author_id: str) -> str:
    return author_id if author_id.startswith("urn:li:") else f"urn:li:person:{author_id}"


class LinkedInAdapter:
    network = "linkedin"
    max_batch = 1  # memberCreatorPostAnalytics reads one post per call...
    calls_per_batch = len(METRICS)  # ...and one metric: four calls per post

    def __init__(self, base_url: str | None = None, client: httpx.Client | None = None, version: str | None = None) -> None:
        from estafette.observability import logger_for

        self._base = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._client = client or httpx.Client(timeout=TIMEOUT_SECONDS)
        self.version = version or configured_version()
        warn_if_old(logger_for("networks"), self.version)

    def _headers(self, token: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "LinkedIn-Version": self.version,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def post(self, request: PostRequest) -> PostResult:
        article: dict[str, str] = {"source": request.url, "title": request.title}
        if request.description:
            article["description"] = request.description
        # Posts API create: 201 Created, the new post's URN in the x-restli-id header.
        body = {
            "author": person_urn(request.author_id),
            "commentary": escape_little_text(request.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "content": {"article": article},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        answers: list[httpx.Response] = []

        def send() -> httpx.Response:
            answers.append(self._client.post(f"{self._base}/rest/posts", json=body, headers=self._headers(request.access_token)))
            return answers[-1]

        try:
            response = call(self.network, send)
        except PermanentNetworkError as exc:
            earlier = duplicate_of(answers[-1]) if answers else None
            if earlier:
                raise AlreadyPosted(exc.reason, earlier, status=exc.status) from None
            raise
        urn = response.headers.get("x-restli-id") or response.headers.get("x-linkedin-id")
        if not urn:
            raise PermanentNetworkError(f"linkedin {response.status_code}: no x-restli-id in response")
        return PostResult(
            external_post_id=urn,
            post_url=f"https://www.linkedin.com/feed/update/{urn}/",
        )

    def fetch_metrics(self, access_token: str, post_ids: list[str]) -> list[PostMetrics]:
        """Impressions, reactions, comments and reshares of the member's own posts (r_member_postAnalytics).

        A connection without that scope is answered 403 ACCESS_DENIED (a PermanentNetworkError):
        the harvester does not ask for those posts at all, and reports say why the figures are missing.
        """
        results: list[PostMetrics] = []
        for urn in post_ids:
            kind = "ugcPost" if ":ugcPost:" in urn else "share"
            counts: dict[str, int] = {}
            for metric, name in METRICS.items():
                # Rest.li 2.0: the URN inside the entity tuple is URL-encoded, the parentheses are not.
                url = (
                    f"{self._base}/rest/memberCreatorPostAnalytics?q=entity&entity=({kind}:{quote(urn, safe='')})"
                    f"&queryType={metric}&aggregation=TOTAL"
                )
                try:
                    response = call(self.network, functools.partial(self._client.get, url, headers=self._headers(access_token)))
                except PermanentNetworkError as exc:
                    if exc.status == 404:  # deleted post: nothing to read
                        break
                    raise
                elements = json_body(self.network, response).get("elements") or []
                counts[name] = sum(int(e.get("count") or 0) for e in elements if isinstance(e, dict))
            else:
                results.append(PostMetrics(external_post_id=urn, **counts))  # type: ignore[arg-type]
        return results
