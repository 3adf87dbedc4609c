"""What notifications' routes answer, for the OpenAPI document (see `estafette.responses`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from estafette.domain import Language
from estafette.responses import DOC, Body
from notifications.model import Preferences


class NextDigest(Body):
    send_at: datetime
    items: int = Field(description="Items it holds so far")


class PreferencesView(Preferences):
    model_config = DOC
    email_address: str | None = Field(description="Where email goes; null until the directory knows the address")
    language: Language
    timezone: str
    next_digest: NextDigest | None
