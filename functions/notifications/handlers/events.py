"""notifications' bus consumer: content, the directory, connections, failures, shares and clicks."""

from __future__ import annotations

from estafette.consumer import BusConsumer
from estafette.events import EventData, EventMetadata
from notifications import reactions


def handle(event: EventData, metadata: EventMetadata) -> None:
    reactions.react(event, metadata)


consumer = BusConsumer("notifications", handle)


lambda_handler = consumer.handler()
