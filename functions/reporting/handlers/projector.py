"""The reporting projector: every domain event it follows, applied once to the aggregates."""

from __future__ import annotations

from estafette.consumer import BusConsumer
from estafette.events import EventData, EventMetadata
from reporting import projector


def handle(event: EventData, metadata: EventMetadata) -> None:
    projector.project(event, metadata)


consumer = BusConsumer("reporting", handle)


lambda_handler = consumer.handler()
