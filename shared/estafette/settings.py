"""An organisation's settings: one document per org, configured by admins, read by every service.

The organisation service owns the table and the `/v1/org/settings` API. Other functions only
read it (IAM grants them GetItem alone), through `for_org`, which keeps each org's settings
in memory for a minute so a busy function costs one read per org per minute.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from estafette.domain import Language, Network

CACHE_SECONDS = 60.0


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ContentSettings(Section):
    allow_self_approval: bool = False
    # A vacancy from the HR system is published at once, or waits in the review queue.
    vacancy_auto_publish: bool = True
    departments: list[str] = Field(default_factory=list, max_length=200)
    roles: list[str] = Field(default_factory=list, max_length=200)
    locations: list[str] = Field(default_factory=list, max_length=200)
    languages: list[Language] = Field(default_factory=lambda: [Language.EN, Language.NL])
    guidelines: dict[Language, str] = Field(default_factory=dict)


class SharingHours(Section):
    start_hour: int = Field(default=8, ge=0, le=23)
    end_hour: int = Field(default=20, ge=1, le=24)
    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], description="0 = Monday")

    @model_validator(mode="after")
    def _window(self) -> SharingHours:
        if self.end_hour <= self.start_hour:
            raise ValueError("end_hour must be after start_hour")
        return self


class GuardSettings(Section):
    max_shares_per_day: int = Field(default=3, ge=1, le=50)
    max_shares_per_week: int = Field(default=10, ge=1, le=200)
    sharing_hours: SharingHours = Field(default_factory=SharingHours)
    # At least this fraction of an advocate's last `content_mix_window` shares is expertise or industry content.
    content_mix_minimum: float = Field(default=0.4, ge=0, le=1)
    content_mix_window: int = Field(default=10, ge=1, le=100)
    near_duplicate_threshold: float = Field(default=0.85, gt=0, le=1)
    near_duplicate_colleagues: int = Field(default=3, ge=1, le=100)
    disclosure_required: bool = False
    disclosure_text: dict[Language, str] = Field(
        default_factory=lambda: {Language.EN: "I work at {company}.", Language.NL: "Ik werk bij {company}."}
    )


# What earns leaderboard points; each rule is points per occurrence. No rule takes points away:
# gamification invites, it does not punish.
PointsRule = Literal["share", "click", "unique_click", "opportunity", "reaction", "comment", "reshare"]


class ReportingSettings(Section):
    # Cost per click in EUR. €3 for LinkedIn is the measured benchmark; other networks count once set.
    cpc_eur: dict[Network, Annotated[Decimal, Field(ge=0, le=1000)]] = Field(
        default_factory=lambda: {Network.LINKEDIN: Decimal("3.00")}
    )
    # Share of an advocate's connections who see a post (PRODUCT.md: 20–50%).
    visibility_low: float = Field(default=0.20, ge=0, le=1)
    visibility_high: float = Field(default=0.50, ge=0, le=1)
    # Organic reach of a company page among its own followers (PRODUCT.md: 1–2%).
    company_page_low: float = Field(default=0.01, ge=0, le=1)
    company_page_high: float = Field(default=0.02, ge=0, le=1)
    points: dict[PointsRule, Annotated[int, Field(ge=0, le=1000)]] = Field(
        default_factory=lambda: {"share": 10, "click": 1, "opportunity": 25}
    )
    # An org may switch the leaderboard off entirely; employees then see only their own impact.
    leaderboard_enabled: bool = True
    leaderboard_size: int = Field(default=10, ge=1, le=50, description="how many places a leaderboard shows")

    @model_validator(mode="after")
    def _ranges(self) -> ReportingSettings:
        if self.visibility_high < self.visibility_low or self.company_page_high < self.company_page_low:
            raise ValueError("a range's high value must not be below its low value")
        return self


class NotificationSettings(Section):
    slack_webhook_url: HttpUrl | None = None
    teams_webhook_url: HttpUrl | None = None


class OrgSettings(Section):
    company_name: str = Field(default="", max_length=200)
    content: ContentSettings = Field(default_factory=ContentSettings)
    guard: GuardSettings = Field(default_factory=GuardSettings)
    reporting: ReportingSettings = Field(default_factory=ReportingSettings)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)


def table_name() -> str:
    from estafette.config import ServiceConfig, load

    return load(ServiceConfig).settings_table_name


_cache: dict[str, tuple[float, OrgSettings]] = {}


def for_org(org_id: str) -> OrgSettings:
    """The org's settings (defaults where it set nothing), cached for CACHE_SECONDS."""
    hit = _cache.get(org_id)
    now = time.monotonic()
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    from estafette.aws import table

    item = table(table_name()).get_item(Key={"pk": f"ORG#{org_id}", "sk": "SETTINGS"}).get("Item")
    settings = OrgSettings.model_validate(item["settings"]) if item else OrgSettings()
    _cache[org_id] = (now, settings)
    return settings


def save(org_id: str, settings: OrgSettings, actor: str) -> None:
    from estafette.aws import table

    document: dict[str, Any] = settings.model_dump(mode="json")
    _cache.pop(org_id, None)
    table(table_name()).put_item(
        Item={"pk": f"ORG#{org_id}", "sk": "SETTINGS", "settings": _decimals(document), "updated_by": actor}
    )


def _decimals(value: Any) -> Any:
    """DynamoDB stores numbers as Decimal; floats from JSON are converted exactly as written."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


def clear_cache() -> None:
    _cache.clear()
