"""share_dispatch's schedules: release due shares (every minute), warn before connections expire (hourly)."""

from __future__ import annotations

from typing import Any

from estafette.observability import logger_for
from estafette.publisher import default_publisher
from share_dispatch import expiry, release

logger = logger_for("share_dispatch")


@logger.inject_lambda_context
def release_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    return release.release_due(default_publisher())


@logger.inject_lambda_context
def expiry_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    return {"warned": expiry.warn_due(default_publisher())}
