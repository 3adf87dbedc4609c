"""Publishes domain events to the EventBridge bus.

PutEvents takes at most 10 entries per call, so events go out in chunks of 10. A
chunk with `FailedEntryCount > 0` raises `PublishError`: the caller's invocation fails
and its source (SQS, API client) retries, so nothing is silently dropped. Consumers
are idempotent on `event_id`, so a retried chunk is harmless.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from estafette.events import EventData, EventMetadata
from estafette.observability import correlation_id

MAX_ENTRIES_PER_CALL = 10


@dataclass(frozen=True)
class Outgoing:
    data: EventData
    org_id: str
    # An event carries on the correlation id of the request or event that caused it.
    correlation_id: str | None = field(default_factory=correlation_id)
    # A deterministic id (for example derived from a share id) makes a re-emitted event
    # collapse into the first one at every idempotent consumer.
    event_id: str | None = None

    def metadata(self) -> EventMetadata:
        extra: dict[str, Any] = {}
        if self.correlation_id:
            extra["correlation_id"] = self.correlation_id
        if self.event_id:
            extra["event_id"] = self.event_id
        return EventMetadata(org_id=self.org_id, **extra)


class Publisher(Protocol):
    def publish(self, events: Sequence[Outgoing]) -> list[str]: ...


class PublishError(RuntimeError):
    pass


@dataclass
class EventBridgePublisher:
    bus_name: str
    client: Any = None

    def publish(self, events: Sequence[Outgoing]) -> list[str]:
        if self.client is None:
            from estafette.aws import client

            self.client = client("events")
        ids: list[str] = []
        entries = []
        for outgoing in events:
            metadata = outgoing.metadata()
            ids.append(metadata.event_id)
            detail = {"metadata": metadata.model_dump(mode="json"), "data": outgoing.data.model_dump(mode="json")}
            entries.append(
                {
                    "EventBusName": self.bus_name,
                    "Source": outgoing.data.source,
                    "DetailType": outgoing.data.name(),
                    "Detail": json.dumps(detail, separators=(",", ":")),
                }
            )
        for start in range(0, len(entries), MAX_ENTRIES_PER_CALL):
            chunk = entries[start : start + MAX_ENTRIES_PER_CALL]
            response = self.client.put_events(Entries=chunk)
            if response.get("FailedEntryCount", 0):
                failures = [e for e in response.get("Entries", []) if e.get("ErrorCode")]
                raise PublishError(f"{len(failures)} of {len(chunk)} events were not accepted: {failures[:3]}")
        return ids


@dataclass
class RecordingPublisher:
    """An in-memory publisher for unit tests: keeps what would have been sent."""

    sent: list[Outgoing] = field(default_factory=list)

    def publish(self, events: Sequence[Outgoing]) -> list[str]:
        self.sent.extend(events)
        return [e.metadata().event_id for e in events]

    def of(self, event_class: type[EventData]) -> list[Any]:
        return [o.data for o in self.sent if isinstance(o.data, event_class)]


def default_publisher() -> Publisher:
    from estafette.config import ServiceConfig, load

    return EventBridgePublisher(bus_name=load(ServiceConfig).event_bus_name)
