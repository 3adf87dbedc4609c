"""HTTP routes of reporting for employees: my impact, my leaderboard preference, logging an opportunity."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, ConfigDict

from estafette import settings
from estafette.api import Api, json_response
from estafette.domain import Role
from estafette.events import OpportunityLogged
from reporting import impact, opportunities, periods, reports, store
from reporting.opportunities import OpportunityIn
from reporting.periods import Board

api = Api("reporting", views="reporting.views")
app = api.app


class LeaderboardPreference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    show_name: bool


@api.get(
    "/v1/me/impact", ok="Impact", tags=["me"], summary="My shares, clicks, value and rank, and what my connections are worth"
)
def get_impact(board: Annotated[Board, Query()] = Board.ALL) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    rules = settings.for_org(caller.org_id).reporting
    return impact.impact(caller.org_id, caller.sub, board, periods.today(), rules, api.language())


@api.get(
    "/v1/me/timeseries", ok="Timeseries", tags=["me"], summary="My shares, clicks and value per day of the period, for charts"
)
def get_my_timeseries(
    from_: Annotated[date | None, Query(alias="from", description="first day (UTC), default 30 days before `to`")] = None,
    to: Annotated[date | None, Query(description="last day (UTC), default today")] = None,
) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    rules = settings.for_org(caller.org_id).reporting
    return reports.my_timeseries(caller.org_id, caller.sub, *periods.resolve(from_, to), rules)


@api.get("/v1/me/leaderboard", ok="LeaderboardPreferenceView", tags=["me"], summary="Whether leaderboards show my name")
def get_leaderboard_preference() -> Any:
    caller = api.caller(Role.EMPLOYEE)
    person = store.person(caller.org_id, caller.sub) or {}
    return {"show_name": bool(person.get("show_name", True))}


@api.put("/v1/me/leaderboard", ok="LeaderboardPreferenceView", tags=["me"], summary="Show or hide my name on leaderboards")
def put_leaderboard_preference(body: LeaderboardPreference) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    store.set_show_name(caller.org_id, caller.sub, body.show_name)
    return {"show_name": body.show_name}


@api.post(
    "/v1/opportunities",
    ok=OpportunityLogged,
    status=201,
    errors=(404,),
    tags=["opportunities"],
    summary="Log a commercial opportunity that came from a share",
)
def post_opportunity(body: OpportunityIn) -> Any:
    return json_response(201, opportunities.log(api.caller(Role.EMPLOYEE), body))


lambda_handler = api.handler()
