"""metric_collection's bus consumer: tracked links, posts to harvest, and clicks to count."""

from __future__ import annotations

from estafette import clock
from estafette.consumer import BusConsumer
from estafette.events import EventData, EventMetadata, LinkFollowed, SharePosted, ShareRequested
from estafette.publisher import default_publisher
from metric_collection import clicks, planner, store


def handle(event: EventData, metadata: EventMetadata) -> None:
    match event:
        case SharePosted():  # the link completed and the harvest planned in one transaction
            planner.schedule_post(metadata.org_id, event, clock.now(), link=clicks.link_fields(metadata.org_id, event))
        case ShareRequested():
            # Registered as soon as the share is requested, so the link works the moment the post is live.
            store.register_link(event.tracked_code, clicks.link_fields(metadata.org_id, event))
        case LinkFollowed():
            clicks.count(event, metadata, default_publisher())


consumer = BusConsumer("metric_collection", handle)


lambda_handler = consumer.handler()
