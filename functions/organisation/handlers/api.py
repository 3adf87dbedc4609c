"""GET/PUT /v1/org/settings: admins configure caps, content mix, sharing hours, CPC, disclosure and more.

GET also answers `health`: what this deployment needs an admin to act on (today: the LinkedIn-Version
it sends, and how close that is to LinkedIn's sunset). It is read-only; a PUT may send it back unchanged.
"""

from __future__ import annotations

from typing import Any

from estafette import settings
from estafette.api import Api
from estafette.domain import Role
from estafette.settings import OrgSettings

api = Api("organisation", views="organisation.views")
app = api.app


@api.get(
    "/v1/org/settings",
    ok="SettingsWithHealth",
    tags=["organisation"],
    summary="The organisation's settings (defaults where unset) and their health",
)
def get_settings() -> Any:
    caller = api.caller(Role.ADMIN)
    return {**settings.for_org(caller.org_id).model_dump(mode="json"), "health": health(api.language())}


def health(language: str) -> dict[str, Any]:
    from estafette.networks.linkedin_version import health as linkedin_version
    from estafette.networks.linkedin_version import warn_if_old
    from estafette.observability import logger_for

    report = linkedin_version(language=language)
    if report["status"] != "current":
        warn_if_old(logger_for("organisation"))
    return {"linkedin_version": report}


@api.put("/v1/org/settings", ok=OrgSettings, tags=["organisation"], summary="Replace the organisation's settings")
def put_settings(body: OrgSettings) -> Any:
    caller = api.caller(Role.ADMIN)
    settings.save(caller.org_id, body, caller.sub)
    return body.model_dump(mode="json")


lambda_handler = api.handler()
