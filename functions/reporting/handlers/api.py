"""HTTP routes of the org's reports (curators and admins); every figure is read from aggregates."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from estafette import settings
from estafette.api import Api
from estafette.domain import Role
from reporting import export, forecast, leaderboard, periods, reports
from reporting.periods import Board

api = Api("reporting", views="reporting.views")
app = api.app

From = Annotated[date | None, Query(alias="from", description="first day (UTC), default 30 days before `to`")]
To = Annotated[date | None, Query(description="last day (UTC), default today")]
ContentId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


def _org() -> tuple[str, Any]:
    caller = api.caller(Role.CURATOR)
    return caller.org_id, settings.for_org(caller.org_id).reporting


@api.get("/v1/reports/summary", ok="Summary", tags=["reports"], summary="KPIs over a period, each with formula, inputs and range")
def get_summary(from_: From = None, to: To = None) -> Any:
    org_id, rules = _org()
    return reports.summary(org_id, *periods.resolve(from_, to), rules)


@api.get("/v1/reports/timeseries", ok="Timeseries", tags=["reports"], summary="One row per day of the period, for charts")
def get_timeseries(from_: From = None, to: To = None) -> Any:
    org_id, rules = _org()
    return reports.timeseries(org_id, *periods.resolve(from_, to), rules)


@api.get(
    "/v1/reports/networks",
    ok="NetworkSplit",
    operation_id="getNetworkSplit",
    tags=["reports"],
    summary="The period split per network",
)
def get_networks(from_: From = None, to: To = None) -> Any:
    org_id, rules = _org()
    return reports.networks(org_id, *periods.resolve(from_, to), rules)


@api.get(
    "/v1/reports/departments",
    ok="DepartmentSplit",
    operation_id="getDepartmentSplit",
    tags=["reports"],
    summary="The period split per department, with participation",
)
def get_departments(from_: From = None, to: To = None) -> Any:
    org_id, rules = _org()
    return reports.departments(org_id, *periods.resolve(from_, to), rules)


@api.get(
    "/v1/reports/contents",
    ok="ContentsReport",
    operation_id="getContentsReport",
    tags=["reports"],
    summary="The period per content item, most clicked first",
)
def get_contents(
    from_: From = None, to: To = None, limit: Annotated[int, Query(ge=1, le=100, description="items to show")] = 20
) -> Any:
    org_id, rules = _org()
    return reports.contents(org_id, *periods.resolve(from_, to), rules, limit)


@api.get(
    "/v1/reports/content/<content_id>",
    ok="ContentReport",
    operation_id="getContentReport",
    tags=["reports"],
    summary="One content item's figures (default: since publication)",
)
def get_content(content_id: ContentId, from_: From = None, to: To = None) -> Any:
    org_id, rules = _org()
    return reports.content(org_id, content_id, from_, to, rules)


@api.get(
    "/v1/reports/leaderboard", ok="Leaderboard", tags=["reports"], summary="The top places of a weekly, monthly or all-time board"
)
def get_leaderboard(
    board: Annotated[Board, Query()] = Board.MONTH,
    at: Annotated[date | None, Query(description="a day in the week or month to show, default today")] = None,
    limit: Annotated[int | None, Query(ge=1, le=50, description="places to show, default the org's setting")] = None,
) -> Any:
    org_id, rules = _org()
    return leaderboard.leaderboard(org_id, board, at or periods.today(), limit, rules)


@api.get(
    "/v1/reports/forecast",
    ok="Forecast",
    tags=["reports"],
    summary="Added media value forecast; query parameters override inputs",
)
def get_forecast(
    participants: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
    posts_per_participant: Annotated[float | None, Query(ge=0, le=10_000, allow_inf_nan=False)] = None,
    clicks_per_share: Annotated[float | None, Query(ge=0, le=100_000, allow_inf_nan=False)] = None,
    cpc: Annotated[float | None, Query(ge=0, le=1_000, allow_inf_nan=False, description="EUR per click")] = None,
) -> Any:
    org_id, rules = _org()
    overrides = {
        "participants": participants,
        "posts_per_participant": posts_per_participant,
        "clicks_per_share": clicks_per_share,
        "cpc": cpc,
    }
    return forecast.forecast(org_id, rules, overrides)


@api.get(
    "/v1/reports/export.csv",
    ok={"type": "string", "description": "RFC 4180 CSV, UTF-8 with a byte order mark, a header row first"},
    content_type="text/csv",
    headers={
        "Content-Disposition": {
            "description": 'attachment; filename="estafette-<view>-<from>-<to>.csv"',
            "schema": {"type": "string"},
        }
    },
    operation_id="exportReport",
    tags=["reports"],
    summary="A report as CSV (RFC 4180, UTF-8 with BOM)",
)
def get_export(
    from_: From = None,
    to: To = None,
    view: Annotated[export.View, Query()] = export.View.DAYS,
    delimiter: Annotated[Literal[",", ";", "comma", "semicolon"] | None, Query(description="default: ';' for Dutch")] = None,
) -> Any:
    org_id, rules = _org()
    start, end = periods.resolve(from_, to)
    chosen = {"comma": ",", "semicolon": ";"}.get(delimiter or "", delimiter) or (";" if api.language() == "nl" else ",")
    # An HTTP API buffers the response anyway (see reporting/export.py); its text body travels as UTF-8.
    body = b"".join(export.export(org_id, view, start, end, rules, chosen)).decode("utf-8")
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8; header=present",
        body=body,
        headers={"Content-Disposition": f'attachment; filename="{export.filename(view, start, end)}"'},
    )


lambda_handler = api.handler()
