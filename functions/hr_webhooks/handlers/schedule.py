"""Runs every 15 minutes: offboards the leavers whose last day is over (hr_webhooks.schedule)."""

from __future__ import annotations

from typing import Any

from estafette.observability import logger_for
from hr_webhooks import schedule

logger = logger_for("hr_webhooks")


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    # The scheduled time EventBridge Scheduler sends, so a run does exactly the work due at its tick.
    done = schedule.run_due(schedule.parse_time((event or {}).get("time")))
    logger.info("Planned offboardings done", extra={"offboarded": done})
    return {"offboarded": done}
