"""Runs every minute: publishes scheduled items at publish_at and expires items at expires_at."""

from __future__ import annotations

from typing import Any

from content_publishing import library
from content_publishing.ticks import tick
from estafette.observability import logger_for

logger = logger_for("content_publishing")


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    done = library.run_due_work(at=tick(event))
    logger.info("Due publishing work done", extra={"items": done})
    return {"items": done}
