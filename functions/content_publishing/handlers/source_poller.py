"""Polls one industry source per SQS message; partial batch failures, so only an AWS failure is retried.

A feed's own failure (unreachable, refused, not a feed, too large) is recorded on the source and is
not an error here: the message is done, and the source backs off.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from content_publishing import sources
from estafette.observability import logger_for

logger = logger_for("content_publishing")
processor = BatchProcessor(event_type=EventType.SQS)


def _record(record: SQSRecord) -> None:
    message = json.loads(record.body)
    outcome = sources.poll(str(message["org_id"]), str(message["source_id"]), message.get("due"))
    logger.info("Source polled", extra={"org_id": message["org_id"], "source_id": message["source_id"], **outcome})


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_record, processor=processor, context=context))
