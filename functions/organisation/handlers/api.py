"""GET/PUT /v1/org/settings: admins configure caps, content mix, sharing hours, CPC, disclosure and more."""

from __future__ import annotations

from typing import Any

from estafette import settings
from estafette.api import Api
from estafette.domain import Role
from estafette.settings import OrgSettings

api = Api("organisation")
app = api.app


@api.get("/v1/org/settings", ok=OrgSettings, tags=["organisation"], summary="The organisation's settings (defaults where unset)")
def get_settings() -> Any:
    caller = api.caller(Role.ADMIN)
    return settings.for_org(caller.org_id).model_dump(mode="json")


@api.put("/v1/org/settings", ok=OrgSettings, tags=["organisation"], summary="Replace the organisation's settings")
def put_settings(body: OrgSettings) -> Any:
    caller = api.caller(Role.ADMIN)
    settings.save(caller.org_id, body, caller.sub)
    return body.model_dump(mode="json")


lambda_handler = api.handler()
