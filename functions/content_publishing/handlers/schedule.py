"""Runs every minute: publishes scheduled items at publish_at and expires items at expires_at."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from content_publishing import library
from estafette.observability import logger_for

logger = logger_for("content_publishing")


def tick(event: dict[str, Any]) -> datetime:
    """The moment this run does the work of: the scheduled time EventBridge Scheduler sends.

    Using the event's time (not the clock when Lambda got round to it) makes a run do
    exactly the work due at its tick, and lets a test drive the schedule with its own clock.
    """
    try:
        return datetime.fromisoformat(str(event["time"]).replace("Z", "+00:00")).astimezone(UTC)
    except (KeyError, TypeError, ValueError):
        return library.now()


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    done = library.run_due_work(at=tick(event))
    logger.info("Due publishing work done", extra={"items": done})
    return {"items": done}
