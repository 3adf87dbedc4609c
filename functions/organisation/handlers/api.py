"""GET/PUT/PATCH /v1/org/settings: admins configure caps, content mix, sharing hours, CPC, disclosure and more.

GET also answers `health`: what this deployment needs an admin to act on (today: the LinkedIn-Version
it sends, and how close that is to LinkedIn's sunset). It is read-only; a PUT may send it back unchanged.
Every answer carries the settings' version as its ETag; PATCH needs it back as If-Match (see docs/organisation.md).
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Header

from estafette.api import Api, json_response
from estafette.domain import Role
from estafette.settings import OrgSettings
from organisation import changes

api = Api("organisation", views="organisation.views")
app = api.app

IfMatch = Annotated[
    str | None, Header(alias="If-Match", max_length=40, description='The ETag GET sent, e.g. "3"; a stale one gets 412')
]
ETAG = {"ETag": {"description": 'The version of the settings, e.g. "3"; send it back as If-Match', "schema": {"type": "string"}}}


def _document(document: OrgSettings, version: int, extra: dict[str, Any] | None = None) -> Response:
    body = {**document.model_dump(mode="json"), **(extra or {})}
    return json_response(200, body, {"ETag": changes.etag(version), "Cache-Control": "no-store"})


@api.get(
    "/v1/org/settings",
    ok="SettingsWithHealth",
    headers=ETAG,
    tags=["organisation"],
    summary="The organisation's settings (defaults where unset) and their health, with an ETag",
)
def get_settings() -> Any:
    caller = api.caller(Role.ADMIN)
    return _document(*changes.current(caller.org_id), {"health": health(api.language())})


def health(language: str) -> dict[str, Any]:
    from estafette.networks.linkedin_version import health as linkedin_version
    from estafette.networks.linkedin_version import warn_if_old
    from estafette.observability import logger_for

    report = linkedin_version(language=language)
    if report["status"] != "current":
        warn_if_old(logger_for("organisation"))
    return {"linkedin_version": report}


@api.put(
    "/v1/org/settings",
    ok=OrgSettings,
    headers=ETAG,
    errors=(412,),
    tags=["organisation"],
    summary="Replace the organisation's settings (If-Match optional)",
)
def put_settings(body: OrgSettings, if_match: IfMatch = None) -> Any:
    caller = api.caller(Role.ADMIN)
    return _document(*changes.replace(caller.org_id, body, caller.sub, if_match))


@api.patch(
    "/v1/org/settings",
    ok=OrgSettings,
    headers=ETAG,
    errors=(412, 428),
    tags=["organisation"],
    summary="Change some settings (JSON merge patch, RFC 7386; If-Match required, 412 when stale)",
)
def patch_settings(
    body: Annotated[dict[str, Any], Body(description="Only the settings that change; null restores a default")],
    if_match: IfMatch = None,
) -> Any:
    caller = api.caller(Role.ADMIN)
    return _document(*changes.patch(caller.org_id, body, caller.sub, if_match))


lambda_handler = api.handler()
