"""HTTP routes of share_dispatch for employees: share, schedule, cancel; standing consents."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path

from estafette.api import Api, json_response
from estafette.domain import Role
from estafette.errors import NotFound
from share_dispatch import consents, shares, store

api = Api("share_dispatch", views="share_dispatch.views")
app = api.app

Id = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@api.post(
    "/v1/shares",
    ok="ShareAccepted",
    status=202,
    errors=(404, 409),
    tags=["shares"],
    summary="Share content to one of my networks in my own words, now or at scheduled_at",
)
def create_share(body: shares.ShareIn) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return json_response(202, shares.request_share(caller.org_id, caller.sub, body, api.language()))


@api.post(
    "/v1/shares/check",
    ok="ShareCheck",
    errors=(404,),
    tags=["shares"],
    summary="What sharing this would answer, before I share: the guard's verdict and the length (nothing is stored)",
    description="The same body as `POST /v1/shares`. Nothing is stored or queued. Answers 200 with the credibility "
    "guard's verdict in my language (the same reasons and warnings, codes and messages `POST /v1/shares` would give), "
    "a network I have not connected yet and an item I already shared among the reasons, and the length as the "
    "network counts it. Content I may not share answers 404 or 403 as `POST /v1/shares` does.",
)
def check_share(body: shares.ShareIn) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return shares.check(caller.org_id, caller.sub, body, api.language())


@api.get("/v1/shares", ok="SharePage", tags=["shares"], summary="My shares, newest first")
def list_shares() -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return {"items": [shares.public_view(s) for s in store.list_shares(caller.org_id, caller.sub)]}


@api.get("/v1/shares/<share_id>", ok="Share", tags=["shares"], summary="One of my shares")
def get_share(share_id: Id) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    share = store.get_share(caller.org_id, caller.sub, share_id)
    if share is None:
        raise NotFound(what=f"Share {share_id}")
    return shares.public_view(share)


@api.delete(
    "/v1/shares/<share_id>",
    ok="Share",
    errors=(409,),
    tags=["shares"],
    summary="Cancel a share of mine that has not gone out yet",
)
def cancel_share(share_id: Id) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return shares.cancel_share(caller.org_id, caller.sub, share_id)


@api.post(
    "/v1/me/consents",
    ok="Consent",
    status=201,
    errors=(409,),
    tags=["consents"],
    summary="Give a standing consent, e.g. share vacancies of my department",
)
def give_consent(body: consents.ConsentIn) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return json_response(201, consents.give(caller.org_id, caller.sub, body))


@api.get("/v1/me/consents", ok="Consents", tags=["consents"], summary="My standing consents and their history")
def list_consents() -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return consents.overview(caller.org_id, caller.sub)


@api.delete(
    "/v1/me/consents/<consent_id>", ok="Consent", errors=(409,), tags=["consents"], summary="Take a standing consent back"
)
def revoke_consent(consent_id: Id) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return consents.revoke(caller.org_id, caller.sub, consent_id)


lambda_handler = api.handler()
