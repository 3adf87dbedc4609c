"""What notifications knows: kinds of notification, an employee's preferences, directory members, send requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from estafette.domain import EmployeeProfile, Language


class Kind(StrEnum):
    """Every kind of email an employee can switch on or off."""

    NEW_CONTENT = "new_content"  # the daily "new for you" digest
    VACANCY = "vacancy"  # a vacancy in my department (highlighted at the top of the daily digest)
    RECONNECT = "reconnect"  # a network connection expires soon, or has stopped
    SHARE_FAILED = "share_failed"  # a share was not posted: why, and what to do
    WEEKLY_IMPACT = "weekly_impact"  # my shares, clicks and value of last week, and one suggestion
    REVIEW = "review"  # (curators) a new item to review, or an employee's occasion suggestion
    CONTENT_REJECTED = "content_rejected"  # an item I wrote or sent was sent back, with the reason


ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["08:00"], description="HH:MM, 24-hour")]


def clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmailPreferences(Strict):
    """One switch per kind of email; an unknown key is refused (422)."""

    new_content: bool = Field(default=True, description="A daily digest of new content for you (at most one a day)")
    vacancy: bool = Field(default=True, description="Vacancies in your department, highlighted in the daily digest")
    reconnect: bool = Field(default=True, description="A network connection expires soon or has stopped")
    share_failed: bool = Field(default=True, description="A share was not posted, with the reason and what to do")
    weekly_impact: bool = Field(default=True, description="Your shares, clicks and value of last week, and one suggestion")
    review: bool = Field(default=True, description="Curators: a new item to review, or an employee's occasion suggestion")
    content_rejected: bool = Field(default=True, description="An item you wrote or sent was sent back, with the reason")

    def wants(self, kind: Kind) -> bool:
        return bool(getattr(self, kind.value))


class QuietHours(Strict):
    """No email is sent between start and end (local time; may span midnight, e.g. 21:00 to 07:00)."""

    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if self.start == self.end:
            raise ValueError("start and end must differ")
        return self

    def contains(self, moment: time) -> bool:
        start, end = clock(self.start), clock(self.end)
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end


class Preferences(Strict):
    """`PUT /v1/me/notifications` replaces the whole document; omitted fields take their defaults."""

    email: EmailPreferences = Field(default_factory=EmailPreferences)
    quiet_hours: QuietHours | None = None
    digest_time: ClockTime = Field(default="08:00", description="When the daily and weekly digests arrive (local time)")


@dataclass(frozen=True)
class Member:
    """An employee as notifications' own directory projection knows them."""

    org_id: str
    employee_id: str
    email: str | None = None
    name: str = ""
    department: str | None = None
    role: str | None = None
    location: str | None = None
    language: Language = Language.EN
    timezone: str = "Europe/Amsterdam"
    left: bool = False
    preferences: Preferences = field(default_factory=Preferences)

    @property
    def reachable(self) -> bool:
        """Someone we may email at all: still here and with an address."""
        return not self.left and bool(self.email)

    def wants(self, kind: Kind) -> bool:
        return self.reachable and self.preferences.email.wants(kind)

    def profile(self) -> EmployeeProfile:
        return EmployeeProfile(
            employee_id=self.employee_id,
            department=self.department,
            role=self.role,
            location=self.location,
            language=self.language,
        )


class SendRequest(BaseModel):
    """One message on the send queue: one email to one employee, or one post to one chat channel."""

    model_config = ConfigDict(frozen=True)

    notification_id: str
    org_id: str
    channel: Literal["email", "slack", "teams"]
    kind: Literal["digest", "weekly_impact", "reconnect", "share_failed", "announcement", "review", "content_rejected"]
    employee_id: str | None = None
    # The stored item the message is built from at send time (a digest, a week of impact).
    ref: dict[str, str] | None = None
    # The facts of an alert, or the announced content item.
    data: dict[str, Any] = Field(default_factory=dict)
