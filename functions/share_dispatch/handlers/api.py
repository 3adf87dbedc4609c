"""HTTP routes of share_dispatch: share, list and read my shares."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path

from estafette.api import Api, json_response
from estafette.domain import Role
from estafette.errors import NotFound
from share_dispatch import shares, store

api = Api("share_dispatch")
app = api.app

ShareId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@app.post("/v1/shares", tags=["shares"], summary="Share content to one of my networks, in my own words")
def create_share(body: shares.ShareIn) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return json_response(202, shares.request_share(caller, body, api.language()))


@app.get("/v1/shares", tags=["shares"], summary="My shares, newest first")
def list_shares() -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return {"items": [shares.public_view(s) for s in store.list_shares(caller.org_id, caller.sub)]}


@app.get("/v1/shares/<share_id>", tags=["shares"], summary="One of my shares")
def get_share(share_id: ShareId) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    share = store.get_share(caller.org_id, caller.sub, share_id)
    if share is None:
        raise NotFound(what=f"Share {share_id}")
    return shares.public_view(share)


lambda_handler = api.handler()
