"""The content library's records and the request bodies that create and change them.

Structure is checked here (types, lengths, http(s) URLs, time zones); rules that depend on the
org or on the clock (network limits, configured departments, dates in the future) are in
`validation.py`.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl

from estafette import clock
from estafette.domain import Audience, ContentType, Language, Network
from estafette.media import MAX_IMAGES, Image, ImageIn


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SCHEDULED = "scheduled"  # approved, waiting for publish_at
    PUBLISHED = "published"
    EXPIRED = "expired"
    ARCHIVED = "archived"


class Occasion(StrEnum):
    """Concrete occasions employees suggest content from (docs/product.md: these work)."""

    PROJECT_DELIVERED = "project_delivered"
    CLIENT_VISIT = "client_visit"
    EVENT = "event"
    COLLABORATION = "collaboration"


# --- neutralising markup -------------------------------------------------------------------

_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
# Only `<` followed by a letter, `/`, `!` or `?` opens markup in HTML; "a < b" and "<3" are text.
_TAG = re.compile(r"<[A-Za-z/!?][^>]*>")
_MARKUP_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def neutralise(text: str) -> str:
    """Texts are plain text: they are posted to networks as they are and shown in feeds.

    Script and style elements go with their content, every other tag goes and keeps its text,
    and a `<` that could still open markup is dropped. Entities stay as typed ("R&D" stays
    "R&D" on LinkedIn); front ends escape on display, as they do for any text.
    """
    text = _COMMENT.sub("", _SCRIPT_OR_STYLE.sub("", text))
    previous = None
    while previous != text:
        previous = text
        text = _MARKUP_OPENER.sub("", _TAG.sub("", text))
    return _CONTROL.sub("", text).strip()


def _not_blank(text: str) -> str:
    if not text:
        raise ValueError("must contain text, not only markup or spaces")
    return text


PlainText = Annotated[str, AfterValidator(neutralise)]
Title = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(neutralise), AfterValidator(_not_blank)]
Summary = Annotated[str, Field(max_length=2000), AfterValidator(neutralise)]
# LinkedIn's 3,000 is the longest limit of a posting network; validation.py checks each item's networks.
SuggestedText = Annotated[str, Field(min_length=1, max_length=3000), AfterValidator(neutralise), AfterValidator(_not_blank)]
NoteText = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(neutralise), AfterValidator(_not_blank)]
SuggestedTexts = dict[Language, Annotated[list[SuggestedText], Field(max_length=10)]]

DEFAULT_NETWORKS = (Network.LINKEDIN, Network.X)


class Notes(BaseModel):
    """Do's and don'ts for sharing one item, for example "mention the client only by sector"."""

    model_config = ConfigDict(extra="forbid")
    do: list[NoteText] = Field(default_factory=list, max_length=10)
    dont: list[NoteText] = Field(default_factory=list, max_length=10)


class ContentFields(BaseModel):
    """What a curator edits. A suggestion may arrive without a URL; approval needs one."""

    model_config = ConfigDict(extra="forbid")

    type: ContentType
    url: HttpUrl | None = None
    title: Title
    summary: Summary = ""
    image_url: HttpUrl | None = None
    images: list[ImageIn] = Field(
        default_factory=list, max_length=MAX_IMAGES, description="Uploaded images (POST /v1/media), each with alt text"
    )
    suggested_texts: SuggestedTexts = Field(default_factory=dict)
    notes: dict[Language, Notes] = Field(default_factory=dict)
    networks: list[Network] = Field(default_factory=lambda: list(DEFAULT_NETWORKS), min_length=1, max_length=len(Network))
    audience: Audience = Field(default_factory=Audience)
    publish_at: AwareDatetime | None = None
    expires_at: AwareDatetime | None = None


class ContentIn(ContentFields):
    url: HttpUrl


class ContentPatch(BaseModel):
    """PATCH /v1/content/{id}: only the fields sent change; `null` clears an optional field."""

    model_config = ConfigDict(extra="forbid")

    type: ContentType | None = None
    url: HttpUrl | None = None
    title: Title | None = None
    summary: Summary | None = None
    image_url: HttpUrl | None = None
    images: list[ImageIn] | None = Field(default=None, max_length=MAX_IMAGES)
    suggested_texts: SuggestedTexts | None = None
    notes: dict[Language, Notes] | None = None
    networks: list[Network] | None = Field(default=None, min_length=1, max_length=len(Network))
    audience: Audience | None = None
    publish_at: AwareDatetime | None = None
    expires_at: AwareDatetime | None = None
    reason: PlainText = Field(default="", max_length=1000, description="Why, for the audit trail")


class SuggestionIn(BaseModel):
    """An employee's suggestion from a concrete occasion; it goes to the curators' review queue."""

    model_config = ConfigDict(extra="forbid")

    occasion: Occasion
    title: Title
    story: Summary = Field(default="", description="What happened and why your network would care")
    url: HttpUrl | None = None
    image_url: HttpUrl | None = None
    language: Language | None = Field(default=None, description="Language of the story; defaults to my profile's")
    suggested_text: SuggestedText | None = Field(default=None, description="How I would put it")
    audience: Audience = Field(default_factory=Audience, description="Who I think it is for")


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: PlainText = Field(default="", max_length=1000)


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: HttpUrl


class Origin(BaseModel):
    """Where a content item came from when no person typed it: an entry of an industry source."""

    source_id: str
    guid: str
    language: Language | None = None  # the source's language


class ContentItem(BaseModel):
    content_id: str
    org_id: str
    type: ContentType
    url: str | None = None
    title: str
    slug: str
    summary: str = ""
    image_url: str | None = None
    images: list[Image] = Field(default_factory=list)
    suggested_texts: dict[Language, list[str]] = Field(default_factory=dict)
    notes: dict[Language, Notes] = Field(default_factory=dict)
    networks: list[Network] = Field(default_factory=lambda: list(DEFAULT_NETWORKS))
    audience: Audience = Field(default_factory=Audience)
    status: Status = Status.DRAFT
    author: str
    submitted_by: str | None = None
    approved_by: str | None = None
    publish_at: datetime | None = None
    expires_at: datetime | None = None
    published_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    status_at: datetime | None = None  # when it entered its current status (orders the review queue)
    revision: int = 0  # +1 on every write; writes are conditional on it, so no edit is lost
    source: str | None = None  # for example "vacancy:greenhouse:123" or "suggestion:client_visit"
    occasion: Occasion | None = None
    origin: Origin | None = None  # set on drafts made from a feed entry (see sources.py)

    def fields(self) -> dict[str, object]:
        """The curator-editable fields, as JSON values (an image as the curator sent it)."""
        values = self.model_dump(mode="json", include=set(ContentFields.model_fields))
        values["images"] = [
            ImageIn.model_validate(i.model_dump(include={"media_id", "alt"})).model_dump(mode="json") for i in self.images
        ]
        return values


def new_content_id() -> str:
    """Time-ordered (12 hex digits of milliseconds, then 8 random), so the library lists newest first."""
    return f"{int(clock.time() * 1000):012x}{secrets.token_hex(4)}"


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return slug[:60] or "content"
