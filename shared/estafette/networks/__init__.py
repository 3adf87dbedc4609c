"""Network adapters: `adapter_for(network)` gives the one that posts for an employee.

LinkedIn, X and Bluesky post through their APIs (modules imported on first use, they need
httpx). Facebook, WhatsApp and XING have no posting API for personal profiles: their
adapter posts nothing and hands back the share-intent URL for the employee to open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from estafette.networks.base import (
    AlreadyPosted,
    NetworkAdapter,
    NetworkError,
    PermanentNetworkError,
    PostMetrics,
    PostRequest,
    PostResult,
    RateLimited,
    TokenExpired,
    TransientNetworkError,
    text_with_link,
)

if TYPE_CHECKING:
    import httpx

__all__ = [
    "API_NETWORKS",
    "INTENT_NETWORKS",
    "AlreadyPosted",
    "IntentLinkAdapter",
    "NetworkAdapter",
    "NetworkError",
    "PermanentNetworkError",
    "PostMetrics",
    "PostRequest",
    "PostResult",
    "RateLimited",
    "TokenExpired",
    "TransientNetworkError",
    "adapter_for",
]

API_NETWORKS = frozenset({"linkedin", "x", "bluesky"})
INTENT_NETWORKS = frozenset({"facebook", "whatsapp", "xing"})


class IntentLinkAdapter:
    """Posts nothing: returns the network's share-intent URL carrying the tracked link."""

    max_batch = 0  # no metrics to read
    calls_per_batch = 0

    def __init__(self, network: str) -> None:
        if network not in INTENT_NETWORKS:
            raise ValueError(f"no intent link for network {network!r}")
        self.network = network

    def intent_url(self, request: PostRequest) -> str:
        if self.network == "facebook":
            return f"https://www.facebook.com/sharer/sharer.php?u={quote(request.url, safe='')}"
        if self.network == "whatsapp":
            return f"https://wa.me/?text={quote(text_with_link(request.text, request.url), safe='')}"
        return f"https://www.xing.com/spi/shares/new?url={quote(request.url, safe='')}"

    def post(self, request: PostRequest) -> PostResult:
        return PostResult(external_post_id="", intent_url=self.intent_url(request))

    def fetch_metrics(self, access_token: str, post_ids: list[str]) -> list[PostMetrics]:
        return []


def adapter_for(network: str, base_url: str | None = None, client: httpx.Client | None = None) -> NetworkAdapter:
    network = str(network)
    if network == "linkedin":
        from estafette.networks.linkedin import LinkedInAdapter

        return LinkedInAdapter(base_url, client)
    if network == "x":
        from estafette.networks.x import XAdapter

        return XAdapter(base_url, client)
    if network == "bluesky":
        from estafette.networks.bluesky import BlueskyAdapter

        return BlueskyAdapter(base_url, client)
    return IntentLinkAdapter(network)
