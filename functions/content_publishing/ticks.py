"""The moment a scheduled run does the work of (its own module: the sources schedule needs it, not the library)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from estafette import clock


def tick(event: dict[str, Any]) -> datetime:
    """The moment this run does the work of: the scheduled time EventBridge Scheduler sends.

    Using the event's time (not the clock when Lambda got round to it) makes a run do
    exactly the work due at its tick, and lets a test drive the schedule with its own clock.
    """
    try:
        return datetime.fromisoformat(str(event["time"]).replace("Z", "+00:00")).astimezone(UTC)
    except (KeyError, TypeError, ValueError):
        return clock.now()
