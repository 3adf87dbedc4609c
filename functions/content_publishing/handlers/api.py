"""HTTP routes of content_publishing: the library, the approval flow, the feed, guidelines and my profile."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from content_publishing import (
    audiences,
    feed,
    guidelines,
    library,
    media,
    planning,
    preview,
    reviewers,
    sources,
    store,
    validation,
)
from content_publishing.model import (
    ContentIn,
    ContentItem,
    ContentPatch,
    PlainText,
    PreviewIn,
    Status,
    SuggestionIn,
    TransitionIn,
)
from content_publishing.sources import SourceIn, SourcePatch
from content_publishing.store import LibraryFilter
from estafette import people
from estafette.api import Api, json_response
from estafette.auth import Caller
from estafette.domain import Audience, ContentType, EmployeeProfile, Language, Network, Role, TimeZoneName
from estafette.errors import Forbidden
from estafette.events import EmployeeUpdated
from estafette.publisher import Outgoing, default_publisher

api = Api("content_publishing", views="content_publishing.views")
app = api.app

ContentId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Limit = Annotated[int, Query(ge=1, le=100)]
FeedLimit = Annotated[int, Query(ge=1, le=50)]  # a page's items and their counters fit one BatchGetItem
Cursor = Annotated[str | None, Query(max_length=2048)]


AudienceValue = Annotated[str | None, Query(min_length=1, max_length=100)]


def _detail(item: Any) -> dict[str, Any]:
    return item.model_dump(mode="json")


def _title_words(q: str | None) -> str | None:
    """Search words in the form titles are kept for searching (their slug: "Route planner!" → "route-planner")."""
    words = re.sub(r"[^a-z0-9]+", "-", q.casefold()).strip("-") if q else ""
    return words or None


def _curator() -> Caller:
    """A curator or admin; the library remembers them as a reviewer to tell about new items."""
    caller = api.caller(Role.CURATOR)
    reviewers.seen(caller)
    return caller


@api.post("/v1/content", ok=ContentItem, status=201, errors=(409,), tags=["content"], summary="Create a content item (draft)")
def create_content(body: ContentIn) -> Any:
    return json_response(201, _detail(library.create(_curator(), body)))


@api.get(
    "/v1/content",
    ok="ContentPage",
    tags=["content"],
    summary="The library, newest first, with filters; ?status=in_review is the review queue, ?suggestions=true the "
    "suggestions, ?origin=source the drafts from industry sources",
)
def list_content(
    limit: Limit = 50,
    cursor: Cursor = None,
    status: Status | None = None,
    oldest_first: bool = False,
    origin: Annotated[Literal["source"] | None, Query(description="only drafts from industry sources")] = None,
    type: ContentType | None = None,
    language: Language | None = None,
    department: AudienceValue = None,
    role: AudienceValue = None,
    location: AudienceValue = None,
    author: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="words of the title")] = None,
    suggestions: Annotated[bool, Query(description="only employees' occasion suggestions")] = False,
) -> Any:
    caller = _curator()
    if origin == "source":
        # Drafts from sources have their own index (newest first); the library's other filters don't apply to it.
        items, next_cursor = store.list_library(
            caller.org_id, limit, cursor, status.value if status else None, oldest_first, from_sources=True
        )
        return {"items": [_detail(i) for i in items], "next_cursor": next_cursor}
    filters = LibraryFilter(
        status=status.value if status else None,
        type=type.value if type else None,
        language=language.value if language else None,
        department=department,
        role=role,
        location=location,
        author=author,
        title=_title_words(q),
        suggestions=suggestions,
    )
    items, next_cursor = store.search_library(caller.org_id, filters, limit, cursor, oldest_first)
    names = store.names(caller.org_id, [i.author for i in items]) if items else {}  # one BatchGetItem per page
    return {"items": [{**_detail(i), "author_name": names.get(i.author, "")} for i in items], "next_cursor": next_cursor}


@api.get(
    "/v1/content/<content_id>",
    ok="ContentDetail",
    tags=["content"],
    summary="One content item with its audit trail and share count",
)
def get_content(content_id: ContentId) -> Any:
    caller = _curator()
    item = library.get(caller, content_id)
    audit = sorted(store.audit_trail(caller.org_id, content_id), key=lambda a: a["at"])
    names = store.names(caller.org_id, [a["actor"] for a in audit] + [item.author])
    for entry in audit:
        entry["actor_name"] = names.get(entry["actor"], "")
    detail = {**_detail(item), "author_name": names.get(item.author, "")}
    if item.images:
        detail["images"] = media.viewed(caller.org_id, item.images)
    return {**detail, "share_count": store.share_count(caller.org_id, content_id), "audit": audit}


@api.patch(
    "/v1/content/<content_id>",
    ok=ContentItem,
    errors=(409,),
    tags=["content"],
    summary="Edit an item; a published one stays live with its shares",
)
def edit_content(content_id: ContentId, body: ContentPatch) -> Any:
    return _detail(library.edit(_curator(), content_id, body))


@api.delete(
    "/v1/content/<content_id>",
    ok=ContentItem,
    errors=(409,),
    tags=["content"],
    summary="Archive a content item (it leaves every feed)",
)
def archive_content(content_id: ContentId) -> Any:
    return _detail(library.transition(_curator(), content_id, "archive", "archived"))


@api.post("/v1/content/<content_id>/submit", ok=ContentItem, errors=(409,), tags=["approval"], summary="Send a draft to review")
def submit_content(content_id: ContentId, body: TransitionIn | None = None) -> Any:
    return _detail(library.transition(_curator(), content_id, "submit", body.reason if body else ""))


@api.post(
    "/v1/content/<content_id>/approve",
    ok=ContentItem,
    errors=(409,),
    tags=["approval"],
    summary="Approve (a second person): publish now or at publish_at",
)
def approve_content(content_id: ContentId, body: TransitionIn | None = None) -> Any:
    return _detail(library.transition(_curator(), content_id, "approve", body.reason if body else ""))


@api.post(
    "/v1/content/<content_id>/reject",
    ok=ContentItem,
    errors=(409,),
    tags=["approval"],
    summary="Send content back to draft, with a reason",
)
def reject_content(content_id: ContentId, body: TransitionIn | None = None) -> Any:
    return _detail(library.transition(_curator(), content_id, "reject", body.reason if body else ""))


class AcceptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    changes: ContentPatch = Field(default_factory=ContentPatch, description="The curator's finishing edits, if any")
    reason: PlainText = Field(default="", max_length=1000)


@api.post(
    "/v1/content/<content_id>/accept",
    ok=ContentItem,
    errors=(409,),
    tags=["approval"],
    summary="Finish and approve an item in review (an employee's suggestion) in one step",
)
def accept_content(content_id: ContentId, body: AcceptIn | None = None) -> Any:
    body = body or AcceptIn()
    return _detail(library.accept(_curator(), content_id, body.changes, body.reason))


@api.get(
    "/v1/calendar", ok="CalendarView", tags=["content"], summary="Scheduled publishes and expiries between two days (at most 93)"
)
def get_calendar(
    from_: Annotated[date, Query(alias="from", description="first day (UTC)")],
    to: Annotated[date, Query(description="last day (UTC)")],
) -> Any:
    return planning.entries(_curator().org_id, from_, to)


@api.get(
    "/v1/audience",
    ok="AudienceOptions",
    tags=["content"],
    summary="What an audience can name, with how many people each value has",
)
def get_audience_options() -> Any:
    return audiences.options(_curator().org_id)


@api.post("/v1/audience/reach", ok="AudienceReach", tags=["content"], summary="How many people an audience reaches")
def post_audience_reach(body: Audience) -> Any:
    return audiences.reach(_curator().org_id, body)


@api.get(
    "/v1/org/people",
    ok="PeoplePage",
    tags=["organisation"],
    summary="The directory as HR systems and profiles built it (read only)",
)
def get_people(limit: Limit = 100, cursor: Cursor = None) -> Any:
    caller = api.caller(Role.ADMIN)
    people, next_cursor = store.directory(caller.org_id, limit, cursor)
    return {"items": [{"left": False, **p} for p in people], "next_cursor": next_cursor}


@api.post("/v1/content/preview", ok="Preview", tags=["content"], summary="Title, summary and image from a page's OpenGraph tags")
def preview_content(body: PreviewIn) -> Any:
    _curator()
    return preview.for_curator(str(body.url))


@api.post(
    "/v1/content/suggestions",
    ok=ContentItem,
    status=201,
    tags=["content"],
    summary="Suggest content from an occasion; it goes to review",
)
def suggest_content(body: SuggestionIn) -> Any:
    return json_response(201, _detail(library.suggest(api.caller(Role.EMPLOYEE, Role.CURATOR), body)))


@api.get("/v1/feed", ok="FeedPage", tags=["feed"], summary="Content picked for me, best first")
def get_feed(limit: FeedLimit = 20, cursor: Cursor = None) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    page = feed.page(caller.org_id, caller.sub, limit=limit, cursor=cursor, at=library.now())
    return {"items": [feed.view(i, page.profile.language) for i in page.items], "next_cursor": page.next_cursor}


@api.get(
    "/v1/guidelines",
    ok="GuidelinesView",
    tags=["feed"],
    summary="The org's social-media guidelines: what is welcome, in my language",
)
def get_guidelines(language: Language | None = None) -> Any:
    caller = api.caller(Role.EMPLOYEE, Role.CURATOR)
    if language is None:
        profile = store.get_profile(caller.org_id, caller.sub)
        language = profile.language if profile else Language(api.language())
    return guidelines.for_language(caller.org_id, language)


@api.post(
    "/v1/media",
    ok="MediaUpload",
    status=201,
    tags=["content"],
    summary="A presigned S3 upload for an image (JPEG, PNG, GIF or WebP, at most 5 MB)",
)
def create_media(body: media.MediaIn) -> Any:
    return json_response(201, media.presign(api.caller(Role.CURATOR).org_id, body))


SourceId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@api.get("/v1/sources", ok="SourceList", tags=["sources"], summary="The org's industry sources (RSS and Atom feeds)")
def list_sources() -> Any:
    caller = api.caller(Role.CURATOR)
    found = sorted(sources.source_store.list_for_org(caller.org_id), key=lambda s: s["created_at"])
    return {"items": [sources.view(s, api.language()) for s in found]}


@api.post(
    "/v1/sources",
    ok="Source",
    status=201,
    errors=(409,),
    tags=["sources"],
    summary="Add a feed: its new entries become drafts in the library",
)
def create_source(body: SourceIn) -> Any:
    return json_response(201, sources.view(sources.create(api.caller(Role.CURATOR), body), api.language()))


@api.get("/v1/sources/<source_id>", ok="Source", tags=["sources"], summary="One source, with its last error if it is failing")
def get_source(source_id: SourceId) -> Any:
    return sources.view(sources.get(api.caller(Role.CURATOR), source_id), api.language())


@api.patch(
    "/v1/sources/<source_id>",
    ok="Source",
    errors=(409,),
    tags=["sources"],
    summary="Edit, pause (active: false) or resume a source",
)
def edit_source(source_id: SourceId, body: SourcePatch) -> Any:
    return sources.view(sources.edit(api.caller(Role.CURATOR), source_id, body), api.language())


@api.delete("/v1/sources/<source_id>", ok=None, status=204, tags=["sources"], summary="Delete a source; the drafts it made stay")
def delete_source(source_id: SourceId) -> Any:
    sources.delete(api.caller(Role.CURATOR), source_id)
    return Response(status_code=204)


class ProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="", max_length=200)
    department: str | None = Field(default=None, max_length=100)
    role: str | None = Field(default=None, max_length=100)
    location: str | None = Field(default=None, max_length=100)
    language: Language = Language.EN
    timezone: TimeZoneName = "Europe/Amsterdam"
    # My own count of connections per network, used for reach where the network does not give it.
    self_reported_connections: dict[Network, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(default_factory=dict)


@api.get("/v1/me", ok=EmployeeProfile, tags=["me"], summary="My profile")
def get_me() -> Any:
    caller = api.caller(Role.EMPLOYEE)
    profile = store.get_profile(caller.org_id, caller.sub) or EmployeeProfile(employee_id=caller.sub)
    return profile.model_dump(mode="json")


@api.put("/v1/me", ok=EmployeeProfile, tags=["me"], summary="Update my profile")
def put_me(body: ProfileIn) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    current = store.get_profile(caller.org_id, caller.sub)
    email = current.email if current else None
    profile = EmployeeProfile(employee_id=caller.sub, email=email, **body.model_dump())
    validation.check_profile(caller.org_id, profile)
    if not store.put_profile(caller.org_id, profile, by_employee=True):
        raise Forbidden("employee_left")  # HR's leave arrived while this request ran
    people.record_language(caller.org_id, caller.sub, profile.language)
    default_publisher().publish([Outgoing(EmployeeUpdated(profile=profile), caller.org_id)])
    return profile.model_dump(mode="json")


lambda_handler = api.handler()
