"""Domain events: the envelope and every event's data model.

On the bus, `source` is `estafette.<service>`, `detail-type` is the event name and
`detail` is `{"metadata": {...}, "data": {...}}`. Consumers are idempotent on
`metadata.event_id`, because EventBridge and SQS deliver at least once.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from estafette import clock
from estafette.domain import Audience, ContentType, EmployeeProfile, Language, Network
from estafette.media import Image


def utcnow() -> datetime:
    return clock.now()


class EventMetadata(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    org_id: str
    correlation_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    occurred_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class EventData(BaseModel):
    """Base of every event's `data`. Subclasses name their emitting service in `source`."""

    # Built on first use, not at import: a consumer builds the validators of the events it receives,
    # not of all twenty.
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)
    source: ClassVar[str]

    @classmethod
    def name(cls) -> str:
        return cls.__name__


E = TypeVar("E", bound=EventData)


class Envelope(BaseModel):
    metadata: EventMetadata
    data: dict[str, Any]

    def parse(self, event_class: type[E]) -> E:
        return event_class.model_validate(self.data)


# --- content_publishing -------------------------------------------------------------------

CONTENT = "estafette.content_publishing"


class ContentPublished(EventData):
    """A content item went live: it is in the feed of everyone its audience names."""

    source: ClassVar[str] = CONTENT
    content_id: str
    content_type: ContentType
    url: str
    title: str
    slug: str
    summary: str = ""
    image_url: str | None = None
    # Images a share posts with the text (S3 objects under media/{org}/), each with its alt text.
    images: list[Image] = Field(default_factory=list)
    audience: Audience = Field(default_factory=Audience)
    suggested_texts: dict[Language, list[str]] = Field(default_factory=dict)
    # The networks the suggested texts were checked against (each fits that network's limit).
    networks: list[Network] = Field(default_factory=list)
    published_at: datetime
    expires_at: datetime | None = None


class ContentUpdated(ContentPublished):
    """A curator edited a published item. It keeps its id, so shares already made stay attached to it."""

    source: ClassVar[str] = CONTENT
    revision: int = 0
    changed: list[str] = Field(default_factory=list)


class ContentExpired(EventData):
    """A content item left every feed: its expires_at came, its vacancy closed, or a curator archived it."""

    source: ClassVar[str] = CONTENT
    content_id: str
    expired_at: datetime
    reason: str = "expires_at reached"


class ContentSubmitted(EventData):
    """A content item waits for review: a curator sent it, an employee suggested it, or a vacancy
    waits for approval. `reviewers` are the curators and admins who may approve it (not the sender)."""

    source: ClassVar[str] = CONTENT
    content_id: str
    content_type: ContentType
    title: str
    summary: str = ""
    author: str
    submitted_by: str
    submitted_at: datetime
    reviewers: list[str] = Field(default_factory=list)
    # Set when an employee suggested it from an occasion (project_delivered, client_visit, event...).
    occasion: str | None = None


class ContentRejected(EventData):
    """A reviewer sent a content item back to draft, with the reason its author needs."""

    source: ClassVar[str] = CONTENT
    content_id: str
    title: str
    author: str
    submitted_by: str | None = None
    rejected_by: str
    reason: str
    rejected_at: datetime


class EmployeeUpdated(EventData):
    """An advocate changed their own profile (`PUT /v1/me`)."""

    source: ClassVar[str] = CONTENT
    profile: EmployeeProfile


# --- share_dispatch -----------------------------------------------------------------------

SHARES = "estafette.share_dispatch"


class ShareRequested(EventData):
    source: ClassVar[str] = SHARES
    share_id: str
    employee_id: str
    content_id: str
    network: Network
    tracked_code: str
    target_url: str
    content_slug: str
    department: str | None = None
    consent_id: str | None = None
    scheduled_at: datetime | None = None


class ShareScheduled(ShareRequested):
    """A share will go out later, at `scheduled_at` (asked for, or moved to the next sharing window)."""

    source: ClassVar[str] = SHARES


class SharePosted(EventData):
    source: ClassVar[str] = SHARES
    share_id: str
    employee_id: str
    content_id: str
    network: Network
    external_post_id: str
    tracked_code: str
    tracked_url: str
    target_url: str
    content_slug: str
    department: str | None = None
    followers: int = 0
    # Where `followers` comes from: the network, the employee's own count (self_reported), or nowhere (unknown: 0).
    followers_source: Literal["network", "self_reported", "unknown"] = "network"
    # Scopes the connection lacks for reading this post's metrics (LinkedIn: r_member_postAnalytics): its
    # engagement is not available, not zero.
    metrics_missing_scopes: list[str] = Field(default_factory=list)
    posted_at: datetime
    # The employee finished an intent share (WhatsApp, Facebook, XING) in the network's own app and
    # told us so: counted as a share, with no post id to harvest.
    self_reported: bool = False


class ShareFailed(EventData):
    source: ClassVar[str] = SHARES
    share_id: str
    employee_id: str
    content_id: str
    network: Network
    reason_code: str
    reason: str
    permanent: bool = True


class ShareCancelled(EventData):
    """A queued or scheduled share was cancelled before it went out (by the employee, or because they left)."""

    source: ClassVar[str] = SHARES
    share_id: str
    employee_id: str
    content_id: str
    network: Network
    reason: str


class ConnectionExpiring(EventData):
    """The employee must reconnect this network by `expires_at`, or posting stops."""

    source: ClassVar[str] = SHARES
    employee_id: str
    network: Network
    expires_at: datetime


class ConnectionExpired(EventData):
    source: ClassVar[str] = SHARES
    employee_id: str
    network: Network
    reason: str


# --- metric_collection --------------------------------------------------------------------

METRICS = "estafette.metric_collection"


class LinkFollowed(EventData):
    """A person (not a crawler) followed a tracked link. Internal to metric_collection: the redirect emits
    it without deciding uniqueness (that would be a second synchronous call); metric_collection's consumer
    decides whether `visitor` is new today for this link and emits `LinkClicked`."""

    source: ClassVar[str] = METRICS
    tracked_code: str
    share_id: str
    employee_id: str
    content_id: str
    network: Network
    department: str | None = None
    # Salted HMAC of (day, code, IP address, user agent): the same visitor on the same day, never the IP itself.
    visitor: str = Field(min_length=16, max_length=64)
    clicked_at: datetime


class LinkClicked(EventData):
    """A person clicked a tracked link; `unique` is their first click on this link that (UTC) day."""

    source: ClassVar[str] = METRICS
    tracked_code: str
    share_id: str
    employee_id: str
    content_id: str
    network: Network
    department: str | None = None
    unique: bool
    clicked_at: datetime


class MetricsHarvested(EventData):
    """A post's counters as its network reported them at `harvested_at`, and their change since the previous
    harvest (`delta_*`, negative when a network's count went down). Summing the deltas of a post gives its
    latest counters; each harvest has one deterministic event id, so a replay never counts twice."""

    source: ClassVar[str] = METRICS
    share_id: str
    employee_id: str
    content_id: str
    network: Network
    harvested_at: datetime
    impressions: int | None = None
    reactions: int = 0
    comments: int = 0
    reshares: int = 0
    delta_impressions: int = 0
    delta_reactions: int = 0
    delta_comments: int = 0
    delta_reshares: int = 0


# --- hr_webhooks --------------------------------------------------------------------------

HR = "estafette.hr_webhooks"


class VacancyOpened(EventData):
    """A vacancy opened in an HR or recruitment system (a webhook of `provider`).

    `department` and `locations` are Estafette's names (the org's `hr` mapping applied). The
    same vacancy may be announced again (Greenhouse re-sends an open job on every update):
    consumers treat (`provider`, `vacancy_id`) as the vacancy's identity.
    """

    source: ClassVar[str] = HR
    vacancy_id: str
    title: str
    url: str
    department: str
    locations: list[str] = Field(default_factory=list)
    description: str = ""
    provider: str


class VacancyClosed(EventData):
    """The vacancy (`provider`, `vacancy_id`) closed or was deleted in the HR system."""

    source: ClassVar[str] = HR
    vacancy_id: str
    provider: str


class EmployeeJoined(EventData):
    """The HR system's current profile of an employee: enrol them, or update their enrolment.

    An upsert, not a head count: HRIS webhooks (BambooHR) send it again whenever a person's
    department, role or location changes, and again for a rehire after EmployeeLeft.
    `profile.employee_id` is the SSO subject (the work email for BambooHR).
    """

    source: ClassVar[str] = HR
    profile: EmployeeProfile
    provider: str


class EmployeeLeft(EventData):
    """The employee left: offboard them (tokens, scheduled shares, feeds, leaderboards)."""

    source: ClassVar[str] = HR
    employee_id: str
    provider: str


# --- reporting ----------------------------------------------------------------------------

REPORTING = "estafette.reporting"


class OpportunityLogged(EventData):
    """An employee logged a commercial opportunity that came from a share or a content item."""

    source: ClassVar[str] = REPORTING
    opportunity_id: str
    employee_id: str
    share_id: str | None = None
    content_id: str | None = None
    network: Network | None = None
    department: str | None = None
    description: str = ""
    logged_at: datetime


# --- registry -----------------------------------------------------------------------------


def _registry() -> dict[str, type[EventData]]:
    """Every concrete event model, by name: define an EventData subclass and it is known."""
    found: dict[str, type[EventData]] = {}
    pending = list(EventData.__subclasses__())
    while pending:
        cls = pending.pop()
        found[cls.name()] = cls
        pending.extend(cls.__subclasses__())
    return found


EVENT_TYPES: dict[str, type[EventData]] = _registry()


class BusEvent(BaseModel):
    """An EventBridge event as it arrives in an SQS message body."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: str = ""
    source: str
    detail_type: str = Field(alias="detail-type")
    detail: Envelope

    def typed(self) -> EventData:
        event_class = EVENT_TYPES.get(self.detail_type)
        if event_class is None:
            raise UnknownEventError(self.detail_type)
        # Only the owning service may emit an event: IAM pins each function to its source,
        # and this check pins each event name to that source.
        if self.source != event_class.source:
            raise UnknownEventError(f"{self.detail_type} from {self.source}")
        return self.detail.parse(event_class)


class UnknownEventError(ValueError):
    """The bus delivered a detail-type this consumer has no model for."""
