"""What share_dispatch's routes answer, for the OpenAPI document (see `estafette.responses`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from estafette.domain import Network
from estafette.responses import Body, Decision

ShareStatus = Literal["queued", "scheduled", "awaiting_employee", "posting", "posted", "failed", "cancelled", "blocked"]


class Share(Body):
    share_id: str
    content_id: str
    network: Network
    text: str = Field(description="The text as it goes out (with the disclosure line when the org requires one)")
    status: ShareStatus
    tracked_url: str | None = Field(default=None, description="The tracked link appended to the post")
    intent_url: str | None = Field(
        default=None, description="Intent networks (Facebook, WhatsApp, XING): open this to finish the share there"
    )
    created_at: datetime | None = None
    post_at: datetime | None = Field(default=None, description="When it goes (or went) out")
    posted_at: datetime | None = None
    external_post_id: str | None = None
    post_url: str | None = Field(default=None, description="The post on the network, once posted")
    consent_id: str | None = Field(default=None, description="Set when a standing consent asked for this share")
    failure: str | None = Field(default=None, description="Failed or blocked: the reason's code")
    failure_reason: str | None = Field(default=None, description="Failed or blocked: the reason in words")
    reasons: list[Decision] | None = Field(default=None, description="Blocked automatic shares: every rule that refused")
    cancelled_at: datetime | None = None


class ShareAccepted(Share):
    warnings: list[Decision] = Field(description="The guard's warnings and notices (the share went ahead)")


class SharePage(Body):
    items: list[Share]


class TextLength(Body):
    """How long the post is, counted the way the network counts it."""

    text: int = Field(description="The text (with a required disclosure line) as the network counts it")
    link: int = Field(description="What the appended tracked link adds (0 where the link travels apart from the text)")
    total: int = Field(description="text + link: what must fit within `limit`")
    limit: int = Field(description="The network's maximum")


class ShareCheck(Body):
    """The guard's verdict on a share that is not made: what `POST /v1/shares` would answer."""

    allowed: bool = Field(description="Whether `POST /v1/shares` with this body would be accepted now")
    status: int = Field(description="The status `POST /v1/shares` would answer: 202, or the first reason's 403/404/409/422")
    network: Network
    text: str = Field(description="The text as it would go out")
    post_at: datetime = Field(description="When it would go out (moved into the sharing hours when the org does so)")
    scheduled: bool
    reasons: list[Decision] = Field(description="Every rule that refuses it; empty when allowed")
    warnings: list[Decision] = Field(description="Warnings and notices that would not stop it")
    length: TextLength


class Consent(Body):
    consent_id: str
    network: Network
    content_type: Literal["vacancy"]
    scope: Literal["my_department"]
    department: str
    status: Literal["active", "revoked"]
    given_at: datetime
    revoked_at: datetime | None = None
    revoked_because: str | None = None


class ConsentEvent(Body):
    at: str = Field(description="When (ISO 8601, UTC, with microseconds)")
    action: Literal["given", "revoked"]
    reason: str
    consent_id: str
    network: Network
    content_type: str
    department: str


class Consents(Body):
    items: list[Consent]
    history: list[ConsentEvent]


class Connection(Body):
    network: Network
    status: str = Field(
        description="active, expired or revoked (connected); not_connected (can connect); share_link (intent network)"
    )
    account: str | None = None
    name: str | None = None
    followers: int | None = None
    connected_at: datetime | None = None
    expires_at: datetime | None = None
    reconnect_by: datetime | None = None
    refreshable: bool | None = None
    scopes: list[str] | None = Field(default=None, description="What the network granted (OAuth networks)")
    missing_scopes: dict[str, list[str]] | None = Field(
        default=None,
        description="Scopes the product uses and the network did not grant, by use: post_metrics, followers, posting",
    )


class Connections(Body):
    items: list[Connection]



class AuthorizationStart(Body):
    network: Network
    authorization_url: str = Field(description="Send the employee's browser here")
    state: str
    expires_at: datetime


class Disconnected(Body):
    network: Network
    status: Literal["disconnected"]
    revoked_at_network: bool
