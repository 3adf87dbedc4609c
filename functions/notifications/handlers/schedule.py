"""Runs every few minutes: digests, weekly impact and held-back alerts that have come due go to the send queue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from estafette import clock
from estafette.observability import logger_for
from notifications import planner

logger = logger_for("notifications")


def scheduled_time(event: dict[str, Any]) -> datetime:
    """The schedule's own time (`time`, as the template passes `<aws.scheduler.scheduled-time>`), else now."""
    try:
        at = datetime.fromisoformat(str(event["time"]))
    except (KeyError, TypeError, ValueError):
        return clock.now()
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    queued = planner.release_due(scheduled_time(event))
    logger.info("Due notifications queued", extra={"queued": queued})
    return {"queued": queued}
