"""The content library's records and the request bodies that create them."""

from __future__ import annotations

import html
import re
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from estafette.domain import Audience, ContentType, Language

# Network text limits, so a suggested text can be shared unchanged. X counts every URL as 23.
LINKEDIN_TEXT_LIMIT = 3000


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    EXPIRED = "expired"
    ARCHIVED = "archived"


def _neutralise(text: str) -> str:
    """Texts are shown in feeds and posted to networks: no markup survives."""
    return html.escape(re.sub(r"<[^>]*>", "", text), quote=False).strip()


PlainText = Annotated[str, AfterValidator(_neutralise)]


class ContentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: ContentType
    url: HttpUrl
    title: PlainText = Field(min_length=1, max_length=300)
    summary: PlainText = Field(default="", max_length=2000)
    image_url: HttpUrl | None = None
    suggested_texts: dict[Language, list[Annotated[PlainText, Field(min_length=1, max_length=LINKEDIN_TEXT_LIMIT)]]] = Field(
        default_factory=dict
    )
    audience: Audience = Field(default_factory=Audience)
    publish_at: datetime | None = None
    expires_at: datetime | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> ContentIn:
        if self.url.scheme not in ("http", "https"):
            raise ValueError("url must be http or https")
        if self.publish_at and self.expires_at and self.expires_at <= self.publish_at:
            raise ValueError("expires_at must be after publish_at")
        return self


class ContentItem(BaseModel):
    content_id: str
    org_id: str
    type: ContentType
    url: str
    title: str
    slug: str
    summary: str = ""
    image_url: str | None = None
    suggested_texts: dict[Language, list[str]] = Field(default_factory=dict)
    audience: Audience = Field(default_factory=Audience)
    status: Status = Status.DRAFT
    author: str
    submitted_by: str | None = None
    publish_at: datetime | None = None
    expires_at: datetime | None = None
    published_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    source: str | None = None  # for example "vacancy:greenhouse:123"


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: PlainText = Field(default="", max_length=1000)


def new_content_id() -> str:
    return uuid.uuid4().hex[:16]


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return slug[:60] or "content"
