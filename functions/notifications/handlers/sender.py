"""The send queue's consumer: one email or chat post per record, failures reported per record."""

from __future__ import annotations

from typing import Any

from estafette import clock
from estafette.batch import SqsRecord, process_partial
from estafette.observability import logger_for
from notifications import delivery
from notifications.model import SendRequest

logger = logger_for("notifications")


def send(record: SqsRecord) -> str:
    request = SendRequest.model_validate_json(record.body)
    outcome = delivery.deliver(request, clock.now())
    logger.info("Notification handled", extra={"notification_id": request.notification_id, "outcome": outcome})
    return outcome


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> Any:
    # Every record failed → BatchProcessingError and the whole batch is retried: intended, nothing in it went out.
    return process_partial(event, send, logger)
