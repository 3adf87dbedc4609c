"""share_dispatch's schedules: release due shares (every minute), warn before connections expire (hourly)."""

from __future__ import annotations

from typing import Any

from estafette.observability import logger_for
from estafette.publisher import default_publisher

logger = logger_for("share_dispatch")
# Two functions share this module: each imports only its own work (the release needs the share
# service and the worker's failure path; the expiry warning needs neither).


@logger.inject_lambda_context
def release_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    from share_dispatch import release

    return release.release_due(default_publisher())


@logger.inject_lambda_context
def expiry_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    from share_dispatch import expiry

    return {"warned": expiry.warn_due(default_publisher())}
