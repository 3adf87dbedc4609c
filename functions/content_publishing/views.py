"""What content_publishing's routes answer, for the OpenAPI document (see `estafette.responses`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from content_publishing.model import ContentItem
from estafette.domain import ContentType, Language, Network
from estafette.media import Image
from estafette.responses import DOC, Body


class ContentListItem(ContentItem):
    model_config = DOC
    author_name: str = Field(default="", description="The author's name from the directory; empty for systems and leavers")


class ContentPage(Body):
    items: list[ContentListItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class AuditEntry(Body):
    action: str = Field(description="create, edit, submit, approve, reject, publish, expire, archive, …")
    from_: str | None = Field(alias="from", description="The status before")
    to: str = Field(description="The status after")
    actor: str
    actor_name: str = Field(default="", description="The actor's name from the directory; empty for systems and leavers")
    reason: str = ""
    fields: list[str] | None = Field(default=None, description="An edit: the fields it changed")
    at: datetime


class ImageView(Image):
    url: str = Field(description="The image's address for a browser (presigned, valid for an hour)")


class FeedImage(Body):
    media_id: str
    content_type: str
    url: str = Field(description="The image's address for a browser (presigned, valid for an hour)")
    alt: str = Field(description="What the image shows, in my language")


class ContentDetail(ContentItem):
    model_config = DOC
    images: list[ImageView] = Field(default_factory=list)  # type: ignore[assignment]
    author_name: str = Field(default="", description="The author's name from the directory")
    share_count: int = Field(description="Shares posted of this item")
    audit: list[AuditEntry] = Field(description="Every status change, oldest first")


class Preview(Body):
    url: str
    title: str = ""
    summary: str = ""
    image_url: str | None = None
    site_name: str = ""


class FeedNotes(Body):
    do: list[str]
    dont: list[str]


class FeedItem(Body):
    content_id: str
    type: ContentType
    title: str
    summary: str
    url: str | None
    image_url: str | None
    images: list[FeedImage] = Field(description="Uploaded images, each with its alt text in my language")
    language: Language | None = Field(description="The language of `suggested_texts` (mine when written in it)")
    suggested_texts: list[str]
    notes: FeedNotes
    networks: list[Network]
    published_at: datetime | None
    expires_at: datetime | None
    targeted_at_my: list[str] = Field(description="Why I see it: the audience dimensions that matched me (department, …)")
    colleagues_shared: int
    score: float


class FeedPage(Body):
    items: list[FeedItem]
    next_cursor: str | None


class GuidelinesView(Body):
    language: Language
    source: Literal["organisation", "default"]
    welcome: list[str]
    avoid: list[str]
    text: str


class UploadForm(Body):
    url: str = Field(description="POST the fields, then the file as the last field named `file`, to this address")
    fields: dict[str, str]


class MediaUpload(Body):
    media_id: str = Field(description="Refer to the image by this id in a content item's `images`")
    content_type: str
    max_bytes: int
    expires_in: int = Field(description="Seconds the upload form stays valid")
    upload: UploadForm


class SourceError(Body):
    code: str = Field(description="feed_failed, feed_refused, feed_too_large or not_a_feed")
    reason: str
    at: datetime
    message: str = Field(description="What went wrong, in the caller's language")


class Source(Body):
    source_id: str
    url: str
    name: str = ""
    content_type: ContentType
    audience: dict[str, list[str]]
    language: Language
    active: bool
    status: Literal["waiting", "ok", "failing", "paused"]
    created_by: str
    created_at: datetime
    updated_at: datetime
    next_poll_at: datetime | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    failures: int = 0
    entries_created: int = 0
    revision: int
    feed_title: str | None = None
    last_error: SourceError | None = None


class SourceList(Body):
    items: list[Source]


class CalendarEntry(Body):
    content_id: str
    title: str
    type: ContentType
    status: str
    kind: Literal["publish", "expire"]
    at: datetime
    movable: bool = Field(description="A publication still ahead: PATCH publish_at moves it")


class CalendarView(Body):
    from_: str = Field(alias="from")
    to: str
    entries: list[CalendarEntry]


class AudienceValue(Body):
    value: str
    people: int = Field(description="People of the directory (not leavers) with this value")


class AudienceOptions(Body):
    employees: int
    departments: list[AudienceValue]
    roles: list[AudienceValue]
    locations: list[AudienceValue]
    languages: list[AudienceValue]


class AudienceReach(Body):
    reach: int = Field(description="People the audience includes")
    employees: int = Field(description="People in the directory")


class Person(Body):
    employee_id: str
    name: str | None = None
    department: str | None = None
    role: str | None = None
    location: str | None = None
    language: Language | None = None
    timezone: str | None = None
    left: bool
    left_at: datetime | None = None


class PeoplePage(Body):
    items: list[Person]
    next_cursor: str | None
