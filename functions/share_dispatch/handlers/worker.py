"""The dispatch worker's entry point: an SQS batch of queued shares, with partial batch failures."""

from __future__ import annotations

from typing import Any

from estafette.observability import logger_for
from estafette.publisher import default_publisher
from share_dispatch import worker

logger = logger_for("share_dispatch")


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return worker.process_batch(event.get("Records", []), default_publisher())
