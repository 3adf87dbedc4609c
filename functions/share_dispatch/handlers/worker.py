"""The dispatch worker's entry point: an SQS batch of queued shares, with partial batch failures."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from estafette.observability import logger_for
from estafette.publisher import default_publisher
from share_dispatch import worker

logger = logger_for("share_dispatch")
processor = BatchProcessor(event_type=EventType.SQS)


def _record(record: SQSRecord) -> None:
    worker.post_share(record.body, default_publisher())


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_record, processor=processor, context=context))
