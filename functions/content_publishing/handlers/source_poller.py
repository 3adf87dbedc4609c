"""Polls one industry source per SQS message; partial batch failures, so only an AWS failure is retried.

A feed's own failure (unreachable, refused, not a feed, too large) is recorded on the source and is
not an error here: the message is done, and the source backs off.
"""

from __future__ import annotations

import json
from typing import Any

from content_publishing import sources
from estafette.batch import SqsRecord, process_partial
from estafette.observability import logger_for

logger = logger_for("content_publishing")


def _record(record: SqsRecord) -> None:
    message = json.loads(record.body)
    outcome = sources.poll(str(message["org_id"]), str(message["source_id"]), message.get("due"))
    logger.info("Source polled", extra={"org_id": message["org_id"], "source_id": message["source_id"], **outcome})


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial(event, _record, logger)
