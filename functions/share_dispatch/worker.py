"""The dispatch worker: posts a queued share through the network adapter with the employee's token.

Outcomes per message:
- posted → `SharePosted`; a redelivered message for a posted share does nothing.
- 401 → the connection is marked expired, `ConnectionExpired` and `ShareFailed` are emitted.
- 429 / 5xx / timeouts → the record fails; SQS redelivers it with backoff, and after
  maxReceiveCount it goes to the DLQ.
- other 4xx → `ShareFailed` (permanent).

Remaining double-post window: if the function dies after the network accepted the post
but before `mark_posted`, a redelivery posts again. The networks used here offer no
idempotency key for posts, so the window is kept as short as one DynamoDB write.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from estafette import tokens
from estafette.domain import Network
from estafette.events import ConnectionExpired, EventData, ShareFailed, SharePosted
from estafette.networks import PostRequest, adapter_for
from estafette.networks.base import PermanentNetworkError, TokenExpired
from estafette.publisher import Outgoing, Publisher
from share_dispatch import store
from share_dispatch.config import config

BASE_URLS = {
    Network.LINKEDIN: lambda: config().linkedin_api_base_url,
    Network.X: lambda: config().x_api_base_url,
    Network.BLUESKY: lambda: config().bluesky_api_base_url,
}


def post_share(body: str, publisher: Publisher) -> None:
    message = json.loads(body)
    org_id, employee_id, share_id = message["org_id"], message["employee_id"], message["share_id"]
    share = store.get_share(org_id, employee_id, share_id)
    if share is None or share.get("status") in ("posted", "failed", "cancelled"):
        return  # already done, or nothing to do: redelivery is harmless
    network = Network(share["network"])
    events: list[EventData] = []
    connection = store.get_connection(org_id, employee_id, network.value)
    if connection is None:
        events.append(_failed(share, "network_not_connected", "The network connection is missing or expired."))
        store.mark_failed(org_id, employee_id, share_id, "network_not_connected")
        publisher.publish([Outgoing(e, org_id, event_id=f"{share_id}-{e.name()}") for e in events])
        return

    base_url = BASE_URLS[network]() if network in BASE_URLS else None
    adapter = adapter_for(network.value, base_url=base_url)
    request = PostRequest(
        access_token=tokens.open_sealed(connection["token"], org_id),
        author_id=connection["author_id"],
        text=share["text"],
        url=share["tracked_url"],
        title=share.get("title", ""),
        description=share.get("summary", ""),
        idempotency_key=share_id,
    )
    try:
        result = adapter.post(request)
    except TokenExpired as exc:
        store.mark_connection_expired(org_id, employee_id, network.value)
        store.mark_failed(org_id, employee_id, share_id, "connection_expired")
        events.append(ConnectionExpired(employee_id=employee_id, network=network, reason=exc.reason))
        events.append(_failed(share, "connection_expired", "The network rejected the token; reconnect the account."))
    except PermanentNetworkError as exc:
        store.mark_failed(org_id, employee_id, share_id, "rejected_by_network")
        events.append(_failed(share, "rejected_by_network", exc.reason))
    else:
        posted_at = datetime.now(UTC)
        if store.mark_posted(org_id, employee_id, share_id, result.external_post_id, posted_at.isoformat()):
            events.append(
                SharePosted(
                    share_id=share_id,
                    employee_id=employee_id,
                    content_id=share["content_id"],
                    network=network,
                    external_post_id=result.external_post_id,
                    tracked_code=share["tracked_code"],
                    tracked_url=share["tracked_url"],
                    target_url=share["target_url"],
                    content_slug=share.get("content_slug", ""),
                    department=share.get("department"),
                    followers=int(connection.get("followers", 0)),
                    posted_at=posted_at,
                )
            )
    if events:
        publisher.publish([Outgoing(e, org_id, event_id=f"{share_id}-{e.name()}") for e in events])


def _failed(share: dict[str, Any], code: str, reason: str) -> ShareFailed:
    return ShareFailed(
        share_id=share["share_id"],
        employee_id=share["employee_id"],
        content_id=share["content_id"],
        network=Network(share["network"]),
        reason_code=code,
        reason=reason,
    )
