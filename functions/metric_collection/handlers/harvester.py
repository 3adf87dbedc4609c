"""The harvest worker's entry point: an SQS batch of harvest batches, with partial batch failures.

A record fails only when AWS itself fails (DynamoDB, EventBridge); network errors are recorded per
post and retried later by the planner, and a redelivered record never counts twice.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from estafette.batch import SqsRecord, process_partial
from estafette.observability import logger_for
from estafette.publisher import default_publisher
from metric_collection import harvester
from metric_collection.config import config
from metric_collection.planner import HarvestBatch

logger = logger_for("metric_collection")


def _record(record: SqsRecord, lambda_context: Any = None) -> None:
    batch = HarvestBatch.model_validate_json(record.body)
    seconds_left = (lambda: lambda_context.get_remaining_time_in_millis() / 1000) if lambda_context else (lambda: math.inf)
    outcome = harvester.harvest(
        batch, default_publisher(), harvester.sqs_requeue(config().harvest_queue_url), seconds_left=seconds_left
    )
    logger.info("Harvest batch done", extra={"org_id": batch.org_id, "network": batch.network, **asdict(outcome)})


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    return process_partial(event, lambda record: _record(record, context), logger)
