"""HTTP routes of share_dispatch for network connections, and the public OAuth callback."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, ConfigDict, Field

from estafette.api import Api, json_response
from estafette.domain import Network, Role
from share_dispatch import connections, oauth_landing

api = Api("share_dispatch", views="share_dispatch.views")
app = api.app

Text = Annotated[str | None, Query(max_length=2048)]


class ConnectIn(BaseModel):
    """Bluesky only: the handle (or e-mail) and an app password, used once and never stored."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)
    identifier: str | None = Field(default=None, min_length=1, max_length=253)
    app_password: str | None = Field(default=None, min_length=1, max_length=128, repr=False)


@api.get(
    "/v1/me/connections", ok="Connections", tags=["connections"], summary="My networks: status, followers, expiry (never a token)"
)
def list_connections() -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return {"items": connections.list_for(caller.org_id, caller.sub)}


@api.post(
    "/v1/me/connections/<network>",
    ok="AuthorizationStart",
    errors=(409,),
    also={201: "Connection"},
    tags=["connections"],
    summary="Connect a network (OAuth start, or Bluesky app password)",
)
def connect(network: Network, body: ConnectIn | None = None) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    login = None
    if body and body.identifier and body.app_password:
        login = connections.BlueskyLogin(body.identifier, body.app_password)
    status, reply = connections.start(caller.org_id, caller.sub, network, login)
    return json_response(status, reply)


@api.delete(
    "/v1/me/connections/<network>",
    ok="Disconnected",
    tags=["connections"],
    summary="Disconnect a network (revoked at the network)",
)
def disconnect(network: Network) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return connections.disconnect(caller.org_id, caller.sub, network)


@api.get(
    "/v1/oauth/<network>/callback",
    status=302,
    public=True,
    headers={
        "Location": {
            "description": "The web app's page for the network: /me/connections/{network}?outcome=connected, "
            "or ?outcome=failed&reason=<error code> with nothing stored",
            "schema": {"type": "string"},
        }
    },
    description="Back to the web app, which says in the employee's language whether connecting worked",
    operation_id="completeOAuth",
    tags=["connections"],
    summary="OAuth redirect target (public): completes connecting",
)
def callback(network: str, code: Text = None, state: Text = None, error: Text = None) -> Any:
    return oauth_landing.land(network, state=state, code=code, error=error)


lambda_handler = api.handler()
