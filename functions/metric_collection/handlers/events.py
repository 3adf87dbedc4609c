"""metric_collection's bus consumer: registers each share's tracked link."""

from __future__ import annotations

from typing import Any

from estafette.consumer import BusConsumer
from estafette.events import EventData, EventMetadata, SharePosted, ShareRequested
from metric_collection import links


def handle(event: EventData, metadata: EventMetadata) -> None:
    match event:
        case ShareRequested() | SharePosted():
            # Registered as soon as the share is requested, so the link works the moment the post is live.
            links.put_link(
                {
                    "tracked_code": event.tracked_code,
                    "org_id": metadata.org_id,
                    "share_id": event.share_id,
                    "employee_id": event.employee_id,
                    "content_id": event.content_id,
                    "network": event.network.value,
                    "target_url": event.target_url,
                    "content_slug": event.content_slug,
                    "department": event.department,
                }
            )


consumer = BusConsumer("metric_collection", handle)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return consumer.process(event, context)
