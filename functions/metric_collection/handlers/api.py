"""HTTP routes of metric_collection: a share's harvested metrics."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path

from estafette.api import Api
from estafette.domain import Role
from metric_collection import share_metrics

api = Api("metric_collection", views="metric_collection.views")
app = api.app

ShareId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@api.get(
    "/v1/shares/<share_id>/metrics", ok="ShareMetrics", tags=["shares"], summary="A share's network metrics and harvest state"
)
def get_share_metrics(share_id: ShareId) -> Any:
    caller = api.caller(Role.EMPLOYEE, Role.CURATOR)
    return share_metrics.for_caller(caller, share_id, api.language())


lambda_handler = api.handler()
