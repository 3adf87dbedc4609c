"""HTTP routes of content_publishing: the library, the approval flow, the feed and my profile."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from content_publishing import feed, library, store
from content_publishing.model import ContentIn, TransitionIn
from estafette.api import Api, json_response
from estafette.domain import EmployeeProfile, Language, Role
from estafette.events import EmployeeUpdated
from estafette.publisher import Outgoing, default_publisher

api = Api("content_publishing")
app = api.app

ContentId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Limit = Annotated[int, Query(ge=1, le=100)]


@app.post("/v1/content", tags=["content"], summary="Create a content item (draft)")
def create_content(body: ContentIn) -> Any:
    item = library.create(api.caller(Role.CURATOR), body)
    return json_response(201, item.model_dump(mode="json"))


@app.get("/v1/content", tags=["content"], summary="List the content library, newest first")
def list_content(limit: Limit = 50, cursor: Annotated[str | None, Query(max_length=2048)] = None) -> Any:
    caller = api.caller(Role.CURATOR)
    items, next_cursor = store.list_library(caller.org_id, limit, cursor)
    return {"items": [i.model_dump(mode="json") for i in items], "next_cursor": next_cursor}


@app.get("/v1/content/<content_id>", tags=["content"], summary="One content item with its audit trail")
def get_content(content_id: ContentId) -> Any:
    caller = api.caller(Role.CURATOR)
    item = library.get(caller, content_id)
    return {**item.model_dump(mode="json"), "audit": store.audit_trail(caller.org_id, content_id)}


@app.delete("/v1/content/<content_id>", tags=["content"], summary="Archive a content item")
def archive_content(content_id: ContentId) -> Any:
    return library.transition(api.caller(Role.CURATOR), content_id, "archive").model_dump(mode="json")


@app.post("/v1/content/<content_id>/submit", tags=["approval"], summary="Send a draft to review")
def submit_content(content_id: ContentId, body: TransitionIn | None = None) -> Any:
    reason = body.reason if body else ""
    return library.transition(api.caller(Role.CURATOR), content_id, "submit", reason).model_dump(mode="json")


@app.post("/v1/content/<content_id>/approve", tags=["approval"], summary="Approve: publish now or at publish_at")
def approve_content(content_id: ContentId, body: TransitionIn | None = None) -> Any:
    reason = body.reason if body else ""
    return library.transition(api.caller(Role.CURATOR), content_id, "approve", reason).model_dump(mode="json")


@app.post("/v1/content/<content_id>/reject", tags=["approval"], summary="Send content back to draft, with a reason")
def reject_content(content_id: ContentId, body: TransitionIn | None = None) -> Any:
    reason = body.reason if body else ""
    return library.transition(api.caller(Role.CURATOR), content_id, "reject", reason).model_dump(mode="json")


@app.get("/v1/feed", tags=["feed"], summary="Content picked for me, best first")
def get_feed(limit: Limit = 20, cursor: Annotated[int, Query(ge=0, le=1000)] = 0) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    profile = store.get_profile(caller.org_id, caller.sub) or EmployeeProfile(employee_id=caller.sub)
    ranked = feed.feed_for(caller.org_id, profile, library.now())
    page = ranked[cursor : cursor + limit]
    items = []
    for item, score in page:
        language, texts = feed.texts_for(item, profile.language)
        items.append(
            {
                "content_id": item.content_id,
                "type": item.type,
                "title": item.title,
                "summary": item.summary,
                "url": item.url,
                "image_url": item.image_url,
                "suggested_texts": texts,
                "language": language,
                "published_at": item.published_at.isoformat() if item.published_at else None,
                "expires_at": item.expires_at.isoformat() if item.expires_at else None,
                "score": round(score, 4),
            }
        )
    next_cursor = cursor + limit if cursor + limit < len(ranked) else None
    return {"items": items, "next_cursor": next_cursor}


class ProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="", max_length=200)
    department: str | None = Field(default=None, max_length=100)
    role: str | None = Field(default=None, max_length=100)
    location: str | None = Field(default=None, max_length=100)
    language: Language = Language.EN
    timezone: str = Field(default="Europe/Amsterdam", max_length=64)


@app.get("/v1/me", tags=["me"], summary="My profile")
def get_me() -> Any:
    caller = api.caller(Role.EMPLOYEE)
    profile = store.get_profile(caller.org_id, caller.sub) or EmployeeProfile(employee_id=caller.sub)
    return profile.model_dump(mode="json")


@app.put("/v1/me", tags=["me"], summary="Update my profile")
def put_me(body: ProfileIn) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    current = store.get_profile(caller.org_id, caller.sub)
    email = current.email if current else None
    profile = EmployeeProfile(employee_id=caller.sub, email=email, **body.model_dump())
    store.put_profile(caller.org_id, profile)
    default_publisher().publish([Outgoing(EmployeeUpdated(profile=profile), caller.org_id)])
    return profile.model_dump(mode="json")


lambda_handler = api.handler()
