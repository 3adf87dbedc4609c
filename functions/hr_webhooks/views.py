"""What hr_webhooks' routes answer, for the OpenAPI document (see `estafette.responses`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from estafette.responses import Body

DeliveryStatus = Literal["received", "processed", "duplicate", "ignored", "rejected"]


class Receipt(Body):
    status: Literal["accepted", "duplicate", "ignored"] = Field(
        description="accepted (202): new, its events are on the bus; duplicate or ignored (200): nothing to do"
    )
    delivery_id: str
    events: list[str] | None = Field(default=None, description="The domain events it became")
    reason: str | None = Field(default=None, description="Why it was ignored")


class Delivery(Body):
    provider: str
    delivery_id: str
    kind: str | None = None
    events: list[str] | None = None
    status: DeliveryStatus
    reason: str | None = None
    received_at: datetime
    processed_at: datetime | None = None


class DeliveryPage(Body):
    items: list[Delivery]
    next_cursor: str | None


class SecretRotation(Body):
    provider: str
    active_secrets: int = Field(description="How many secrets are accepted now (two while rotating)")
    secret: str | None = Field(default=None, description="A generated secret, shown this once (absent when you sent one)")
