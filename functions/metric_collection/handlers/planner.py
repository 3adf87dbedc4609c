"""Hourly schedule: queue the harvests that fell due since the last run."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from estafette import clock
from estafette.observability import logger_for
from metric_collection import planner
from metric_collection.config import config

logger = logger_for("metric_collection")


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    result = planner.plan(clock.now(), planner.sqs_sender(config().harvest_queue_url))
    logger.info("Harvests planned", extra=asdict(result))
    return asdict(result)
