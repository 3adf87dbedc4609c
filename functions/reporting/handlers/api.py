"""HTTP routes of reporting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query

from estafette import settings
from estafette.api import Api
from estafette.domain import Role
from reporting import summary

api = Api("reporting")
app = api.app


@app.get("/v1/reports/summary", tags=["reports"], summary="KPIs over a period, with formulas and inputs")
def get_summary(
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: Annotated[date | None, Query()] = None,
) -> Any:
    caller = api.caller(Role.CURATOR)
    end = to or datetime.now(UTC).date()
    start = from_ or end - timedelta(days=29)
    cpc = {network.value: value for network, value in settings.for_org(caller.org_id).reporting.cpc_eur.items()}
    return summary.summarise(caller.org_id, start, end, cpc)


lambda_handler = api.handler()
