"""Admins see their organisation's webhook deliveries and rotate the webhook secrets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from estafette.api import Api, json_response
from estafette.domain import Role
from hr_webhooks import admin

api = Api("hr_webhooks", views="hr_webhooks.views")
app = api.app

Status = Literal["received", "processed", "duplicate", "ignored", "rejected"]


class SecretIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    secret: str | None = Field(
        default=None,
        min_length=16,
        max_length=256,
        pattern=r"^\S+$",
        description="The secret the HR system generated (BambooHR's private key); leave out to have one generated",
    )


@api.get(
    "/v1/org/webhooks/deliveries",
    ok="DeliveryPage",
    tags=["webhooks"],
    summary="The organisation's webhook deliveries, newest first",
)
def list_deliveries(
    status: Annotated[Status | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> Any:
    caller = api.caller(Role.ADMIN)
    return admin.deliveries_page(caller.org_id, status, limit, cursor)


@api.put(
    "/v1/org/webhooks/<provider>/secret",
    ok="SecretRotation",
    operation_id="rotateWebhookSecret",
    tags=["webhooks"],
    summary="Add a new webhook secret (the previous stays active)",
)
def put_secret(provider: Annotated[str, Path(max_length=32)], body: SecretIn | None = None) -> Any:
    caller = api.caller(Role.ADMIN)
    result = admin.rotate_secret(caller.org_id, provider, body.secret if body else None)
    return json_response(200, result, {"Cache-Control": "no-store"})


@api.delete(
    "/v1/org/webhooks/<provider>/secret/previous",
    ok="SecretRotation",
    errors=(409,),
    operation_id="retirePreviousWebhookSecret",
    tags=["webhooks"],
    summary="Retire the previous webhook secret",
)
def retire_previous_secret(provider: Annotated[str, Path(max_length=32)]) -> Any:
    caller = api.caller(Role.ADMIN)
    return admin.retire_previous_secret(caller.org_id, provider)


lambda_handler = api.handler()
