"""Bus consumers: an SQS batch of EventBridge events, with partial batch failures.

A record that fails (unknown event, bad payload, a downstream error) is reported in
`batchItemFailures`: only it is retried, and after the queue's maxReceiveCount it lands
in the DLQ. Handlers must be idempotent on `metadata.event_id`; delivery is at least once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from estafette.batch import SqsRecord, process_partial
from estafette.events import BusEvent, EventData, EventMetadata
from estafette.observability import correlate, logger_for, metrics_for, with_context

EventHandler = Callable[[EventData, EventMetadata], None]


class BusConsumer:
    def __init__(self, service: str, handle: EventHandler) -> None:
        self.handle = handle
        self.logger = logger_for(service)
        self.metrics = metrics_for(service)

    def record(self, record: SqsRecord) -> None:
        bus_event = BusEvent.model_validate_json(record.body)
        event = bus_event.typed()
        metadata = bus_event.detail.metadata
        correlate(self.logger, metadata.correlation_id)
        self.logger.append_keys(event_id=metadata.event_id, event_name=event.name())
        try:
            self.handle(event, metadata)
        finally:
            correlate(self.logger, None)

    def handler(self) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
        """The Lambda entry point: Powertools log context and metrics around the batch."""

        return with_context(self.logger, self.metrics)(self.process)

    def process(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        # BatchProcessingError when every record failed, so the whole batch is retried:
        # intended, since nothing in it was done.
        return process_partial(event, self.record, self.logger)
