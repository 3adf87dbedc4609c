"""What content_publishing's routes answer, for the OpenAPI document (see `estafette.responses`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from content_publishing.model import ContentItem
from estafette.domain import ContentType, Language, Network
from estafette.responses import DOC, Body


class ContentPage(Body):
    items: list[ContentItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class AuditEntry(Body):
    action: str = Field(description="create, edit, submit, approve, reject, publish, expire, archive, …")
    from_: str | None = Field(alias="from", description="The status before")
    to: str = Field(description="The status after")
    actor: str
    reason: str = ""
    at: datetime


class ContentDetail(ContentItem):
    model_config = DOC
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
