"""An organisation's settings: one document per org, configured by admins, read by every service.

The organisation service owns the table and the `/v1/org/settings` API. Other functions only
read it (IAM grants them GetItem alone), through `for_org`, which keeps each org's settings
in memory for a minute so a busy function costs one read per org per minute.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from estafette import blocked_words
from estafette.domain import ContentType, Language, Network

CACHE_SECONDS = 60.0


class Section(BaseModel):
    # Built on first use, not at import: a function that never reads a section never pays for its
    # validator (OrgSettings builds its whole tree at its first validation).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class Guidelines(Section):
    """Social-media guidelines in one language, written first as what is welcome (docs/product.md:
    clear, positive guidelines make people share; prohibitions alone make them hold back)."""

    welcome: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(default_factory=list, max_length=30)
    avoid: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(default_factory=list, max_length=30)
    text: str = Field(default="", max_length=5000)

    @model_validator(mode="after")
    def _welcome_first(self) -> Guidelines:
        if self.avoid and not self.welcome:
            raise ValueError("say what is welcome, not only what to avoid")
        return self


class ContentSettings(Section):
    allow_self_approval: bool = False
    # A vacancy from the HR system is published at once, or waits in the review queue.
    vacancy_auto_publish: bool = True
    # When a list is set, content may only target (and profiles only name) the values in it.
    departments: list[str] = Field(default_factory=list, max_length=200)
    roles: list[str] = Field(default_factory=list, max_length=200)
    locations: list[str] = Field(default_factory=list, max_length=200)
    languages: list[Language] = Field(default_factory=lambda: [Language.EN, Language.NL])
    guidelines: dict[Language, Guidelines] = Field(default_factory=dict)

    @field_validator("guidelines", mode="before")
    @classmethod
    def _plain_text_guidelines(cls, value: Any) -> Any:
        # A plain string per language (the first shape of this setting) is the guidelines' text.
        if isinstance(value, dict):
            return {k: {"text": v} if isinstance(v, str) else v for k, v in value.items()}
        return value


class SharingHours(Section):
    start_hour: int = Field(default=8, ge=0, le=23)
    end_hour: int = Field(default=20, ge=1, le=24)
    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], description="0 = Monday")

    @model_validator(mode="after")
    def _window(self) -> SharingHours:
        if self.end_hour <= self.start_hour:
            raise ValueError("end_hour must be after start_hour")
        return self


class RuleAction(StrEnum):
    """What the credibility guard does when a rule is not met."""

    BLOCK = "block"  # the share is refused with a 409 that says why
    WARN = "warn"  # the share goes through with a 202 and the reason
    OFF = "off"


class OutsideHours(StrEnum):
    """What happens to a share asked for outside the sharing hours. Never silently dropped."""

    SCHEDULE = "schedule"  # posted at the start of the next window, and the employee is told when
    BLOCK = "block"  # refused with a 409 naming the next window, so the front end can offer it
    OFF = "off"


class NetworkCaps(Section):
    per_day: int | None = Field(default=None, ge=1, le=50)
    per_week: int | None = Field(default=None, ge=1, le=200)


class GuardSettings(Section):
    # Caps count per employee and per network, on the employee's own calendar (their time zone).
    max_shares_per_day: int = Field(default=3, ge=1, le=50)
    max_shares_per_week: int = Field(default=10, ge=1, le=200)
    network_caps: dict[Network, NetworkCaps] = Field(default_factory=dict, description="per-network overrides")
    sharing_hours: SharingHours = Field(default_factory=SharingHours)
    # Off until an admin chooses: a share asked for outside the window is then scheduled for its
    # start (or refused, naming it). The window itself defaults to 8:00–20:00 on weekdays.
    outside_sharing_hours: OutsideHours = OutsideHours.OFF
    # At least this fraction of an advocate's last `content_mix_window` shares is expertise or industry content.
    content_mix_minimum: float = Field(default=0.4, ge=0, le=1)
    content_mix_window: int = Field(default=10, ge=1, le=100)
    content_mix_types: list[ContentType] = Field(default_factory=lambda: [ContentType.EXPERTISE, ContentType.INDUSTRY])
    content_mix_action: RuleAction = RuleAction.BLOCK
    # When this many colleagues recently posted nearly the same text for the same item, ask to personalise.
    near_duplicate_threshold: float = Field(default=0.85, gt=0, le=1)
    near_duplicate_colleagues: int = Field(default=3, ge=1, le=100)
    near_duplicate_window_days: int = Field(default=14, ge=1, le=90)
    near_duplicate_action: RuleAction = RuleAction.BLOCK
    # A suggested text posted word for word (similarity ≥ near_duplicate_threshold): asked for a personal word.
    suggested_copy_action: RuleAction = RuleAction.WARN
    disclosure_required: bool = False
    disclosure_text: dict[Language, str] = Field(
        default_factory=lambda: {Language.EN: "I work at {company}.", Language.NL: "Ik werk bij {company}."}
    )
    disclosure_networks: list[Network] = Field(default_factory=lambda: list(Network))
    # Standing consents may share for the employee (vacancies of their department); off stops every auto-share.
    auto_shares_enabled: bool = True
    # ConnectionExpiring goes out this many days before an employee must reconnect a network.
    connection_warning_days: int = Field(default=7, ge=1, le=30)
    # Words and phrases no share and no suggested text may contain, in any language (whole words,
    # blind to case and accents: see estafette.blocked_words).
    blocked_words: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list, max_length=500)

    @field_validator("blocked_words")
    @classmethod
    def _blocked_words(cls, value: list[str]) -> list[str]:
        words: dict[str, str] = {}
        for raw in value:
            word = " ".join(raw.split())
            if not word or not any(c.isalnum() for c in word):
                raise ValueError("a blocked word must contain a letter or digit")
            words.setdefault(blocked_words.fold(word), word)
        return list(words.values())

    def caps_for(self, network: Network) -> tuple[int, int]:
        """(per day, per week) for one network."""
        override = self.network_caps.get(network)
        per_day = override.per_day if override and override.per_day else self.max_shares_per_day
        per_week = override.per_week if override and override.per_week else self.max_shares_per_week
        return per_day, per_week


# What earns leaderboard points; each rule is points per occurrence. No rule takes points away:
# gamification invites, it does not punish.
PointsRule = Literal["share", "click", "unique_click", "opportunity", "reaction", "comment", "reshare"]


DEFAULT_POINTS: dict[PointsRule, int] = {"share": 10, "click": 1, "opportunity": 25}


class ApiPrice(Section):
    """What a network charges the org's app for its API (X: pay per use). Every share carries its tracked
    link, so `per_post` is the price of a post with a URL; `per_read` is one post's metrics read once."""

    currency: Literal["USD", "EUR"] = "USD"
    per_post: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)
    per_read: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)


# X API pay-per-use prices as published on docs.x.com/x-api/getting-started/pricing (read 2026-12-01):
# "Content: Create (with URL)" $0.200 per request, "Posts: Read" $0.005 per resource.
X_API_PRICE = ApiPrice(currency="USD", per_post=Decimal("0.200"), per_read=Decimal("0.005"))


class ReportingSettings(Section):
    # Cost per click in EUR. €3 for LinkedIn is the measured benchmark; other networks count once set.
    cpc_eur: dict[Network, Annotated[Decimal, Field(ge=0, le=1000)]] = Field(
        default_factory=lambda: {Network.LINKEDIN: Decimal("3.00")}
    )
    # Share of an advocate's connections who see a post (docs/product.md: 20–50%).
    visibility_low: float = Field(default=0.20, ge=0, le=1)
    visibility_high: float = Field(default=0.50, ge=0, le=1)
    # Organic reach of a company page among its own followers (docs/product.md: 1–2%).
    company_page_low: float = Field(default=0.01, ge=0, le=1)
    company_page_high: float = Field(default=0.02, ge=0, le=1)
    # API prices per network, shown as API cost next to the media value. LinkedIn and Bluesky charge nothing.
    api_prices: dict[Network, ApiPrice] = Field(default_factory=lambda: {Network.X: X_API_PRICE.model_copy()})
    # To put prices in US dollars next to values in euros (ECB reference rate, late 2026: about 0.86).
    eur_per_usd: Annotated[Decimal, Field(gt=0, le=10)] = Decimal("0.86")
    points: dict[PointsRule, Annotated[int, Field(ge=0, le=1000)]] = Field(default_factory=lambda: dict(DEFAULT_POINTS))
    # An org may switch the leaderboard off entirely; employees then see only their own impact.
    leaderboard_enabled: bool = True
    leaderboard_size: int = Field(default=10, ge=1, le=50, description="how many places a leaderboard shows")

    @model_validator(mode="after")
    def _ranges(self) -> ReportingSettings:
        if self.visibility_high < self.visibility_low or self.company_page_high < self.company_page_low:
            raise ValueError("a range's high value must not be below its low value")
        return self


# Incoming webhook URLs as the providers issue them (a URL is a credential: anyone holding it can post).
# Slack: https://hooks.slack.com/services/T…/B…/<secret>. Microsoft Teams: an Office 365 connector
# (https://<tenant>.webhook.office.com/webhookb2/…/IncomingWebhook/…) or a Workflows trigger
# (https://prod-NN.<region>.logic.azure.com/workflows/… or https://….environment.api.powerplatform.com/powerautomate/…).
_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_QUERY = r"\?(?=[^#\s]*\bsig=)[A-Za-z0-9%._~=&-]+"
SLACK_WEBHOOK_URL = re.compile(r"^https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}$")
TEAMS_WEBHOOK_URL = re.compile(
    rf"^https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/{_GUID}@{_GUID}/IncomingWebhook/[0-9a-fA-F]{{32}}/{_GUID}"
    r"(/[A-Za-z0-9_-]+)?$"
    r"|^https://prod-\d+\.[a-z0-9]+\.logic\.azure\.com(:443)?/workflows/[0-9a-f]{32}/triggers/manual/paths/invoke"
    rf"{_QUERY}$"
    r"|^https://[a-z0-9]+(\.[a-z0-9]+)?\.environment\.api\.powerplatform\.com(:443)?/powerautomate/automations/direct/"
    rf"workflows/[0-9a-f]{{32}}/triggers/manual/paths/invoke{_QUERY}$"
)


class NotificationSettings(Section):
    """Channel announcements of new content, through the org's Slack and Microsoft Teams incoming webhooks."""

    slack_webhook_url: str | None = Field(default=None, max_length=500)
    teams_webhook_url: str | None = Field(default=None, max_length=1000)
    # Channel announcements speak one language: the channel's.
    channel_language: Language = Language.EN

    @field_validator("slack_webhook_url")
    @classmethod
    def _slack(cls, value: str | None) -> str | None:
        if value and not SLACK_WEBHOOK_URL.match(value):
            raise ValueError("not a Slack incoming webhook URL (https://hooks.slack.com/services/T…/B…/…)")
        return value or None

    @field_validator("teams_webhook_url")
    @classmethod
    def _teams(cls, value: str | None) -> str | None:
        if value and not TEAMS_WEBHOOK_URL.match(value):
            raise ValueError(
                "not a Microsoft Teams incoming webhook URL (https://….webhook.office.com/webhookb2/… or a Workflows "
                "trigger URL on logic.azure.com or environment.api.powerplatform.com, with its sig parameter)"
            )
        return value or None


class HrLocation(Section):
    """How a location of the HR system reads in Estafette, and the defaults of the people who work there."""

    name: str | None = Field(default=None, max_length=100, description="Estafette's name for it; empty keeps the HR name")
    language: Language | None = None
    timezone: str | None = Field(default=None, max_length=64, description="an IANA time zone name, such as Europe/Amsterdam")

    @field_validator("timezone")
    @classmethod
    def _iana_zone(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or (info.context or {}).get("stored"):
            return value  # a document saved before zones were checked still loads; its next save names the zone
        from estafette.domain import _iana_zone

        return _iana_zone(value)


class HrSettings(Section):
    """Connected HR and recruitment systems (hr_webhooks): how their names map onto Estafette's."""

    # HR system's department (its name or its external id) -> the department Estafette targets.
    departments: dict[str, str] = Field(default_factory=dict, max_length=500)
    # HR system's location or office (name or external id) -> Estafette's name, language and time zone.
    locations: dict[str, HrLocation] = Field(default_factory=dict, max_length=500)
    # Public address of a Greenhouse job, e.g. https://job-boards.greenhouse.io/acme/jobs/{job_post_id}
    # ({job_id} and {job_post_id} are filled in); Greenhouse's job webhooks carry no public URL.
    greenhouse_job_url: str | None = Field(default=None, max_length=500)
    # Public address of a Teamtailor job, e.g. https://acme.teamtailor.com/jobs/{job_id}: built from the
    # signed job id, never taken from the (unsigned) body.
    teamtailor_job_url: str | None = Field(default=None, max_length=500)
    # Which claim of the sign-in token names the person (estafette.identity): its `sub`, or its `email`.
    identity_claim: Literal["sub", "email"] = "sub"
    # HR statuses that mean "no longer works here" (compared case-insensitively), for HR systems whose
    # status labels an org renames (BambooHR's Status and Employment Status fields).
    inactive_statuses: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=lambda: ["Inactive", "Terminated"], max_length=50
    )
    # BambooHR's company subdomain (https://{subdomain}.bamboohr.com), for reading an employee's fields
    # when an event-based web hook names them; the API key lives in the org's webhook secret document.
    bamboohr_subdomain: str | None = Field(default=None, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")

    @model_validator(mode="after")
    def _job_url(self) -> HrSettings:
        template = self.greenhouse_job_url
        if template is not None:
            from string import Formatter
            from urllib.parse import urlsplit

            names = {field for _, field, _, _ in Formatter().parse(template) if field is not None}
            if names - {"job_id", "job_post_id"}:
                raise ValueError("greenhouse_job_url may only use {job_id} and {job_post_id}")
            if urlsplit(template).scheme not in ("http", "https"):
                raise ValueError("greenhouse_job_url must be an http(s) URL")
        template = self.teamtailor_job_url
        if template is not None:
            from string import Formatter
            from urllib.parse import urlsplit

            names = {field for _, field, _, _ in Formatter().parse(template) if field is not None}
            if names != {"job_id"} or urlsplit(template).scheme not in ("http", "https"):
                raise ValueError("teamtailor_job_url must be an http(s) URL with {job_id} in it")
        return self


class OrgSettings(Section):
    company_name: str = Field(default="", max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _without_health(cls, value: Any) -> Any:
        # GET answers a read-only `health` section beside the settings; a PUT may send it back unchanged.
        if isinstance(value, dict) and "health" in value:
            return {k: v for k, v in value.items() if k != "health"}
        return value

    content: ContentSettings = Field(default_factory=ContentSettings)
    guard: GuardSettings = Field(default_factory=GuardSettings)
    reporting: ReportingSettings = Field(default_factory=ReportingSettings)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    hr: HrSettings = Field(default_factory=HrSettings)


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
    settings, _version = read(org_id)
    _cache[org_id] = (now, settings)
    return settings


def cached(org_id: str) -> OrgSettings | None:
    """The org's settings if this container read them within CACHE_SECONDS, else None (no call)."""
    hit = _cache.get(org_id)
    return hit[1] if hit and time.monotonic() - hit[0] < CACHE_SECONDS else None


def key(org_id: str) -> dict[str, str]:
    return {"pk": f"ORG#{org_id}", "sk": "SETTINGS"}


def remember(org_id: str, item: dict[str, Any] | None) -> OrgSettings:
    """Cache the org's settings from their stored item (None: never saved), read by someone else's call
    (the first request's BatchGetItem, `estafette.identity.resolve_with_standing`)."""
    settings = _stored(item) if item else OrgSettings()
    _cache[org_id] = (time.monotonic(), settings)
    return settings


def _stored(item: dict[str, Any]) -> OrgSettings:
    # A document saved before a check was added still loads (see the validators reading "stored").
    return OrgSettings.model_validate(item["settings"], context={"stored": True})


def read(org_id: str) -> tuple[OrgSettings, int]:
    """The org's settings as stored right now (no cache) and their version: 0 before the first save."""
    from estafette.aws import table

    item = table(table_name()).get_item(Key=key(org_id), ConsistentRead=True).get("Item")
    if not item:
        return OrgSettings(), 0
    return _stored(item), int(item.get("version", 1))


def save(org_id: str, settings: OrgSettings, actor: str, expected_version: int | None = None) -> int | None:
    """Store the document and return its new version.

    With `expected_version` the write only happens if nobody saved since that version was read
    (0: nobody ever saved); None is returned when someone did. Without it, the write always happens.
    """
    from estafette.aws import conditional_write, table

    document: dict[str, Any] = settings.model_dump(mode="json")
    _cache.pop(org_id, None)
    kwargs: dict[str, Any] = {
        "Key": {"pk": f"ORG#{org_id}", "sk": "SETTINGS"},
        "UpdateExpression": "SET settings = :settings, updated_by = :actor, version = if_not_exists(version, :one) + :one",
        "ExpressionAttributeValues": {":settings": _decimals(document), ":actor": actor, ":one": 1},
        "ReturnValues": "UPDATED_NEW",
    }
    if expected_version == 0:
        kwargs["ConditionExpression"] = "attribute_not_exists(pk)"
    elif expected_version is not None:
        kwargs["ExpressionAttributeValues"][":expected"] = expected_version
        # A document written before versions existed reads as version 1.
        legacy = " OR attribute_not_exists(version)" if expected_version == 1 else ""
        kwargs["ConditionExpression"] = f"attribute_exists(pk) AND (version = :expected{legacy})"
    result: dict[str, Any] = {}

    def write(**call: Any) -> None:
        result.update(table(table_name()).update_item(**call))

    if not conditional_write(write, **kwargs):
        return None
    return int(result["Attributes"]["version"])


def _decimals(value: Any) -> Any:
    """DynamoDB stores numbers as Decimal; floats from JSON are converted as written, to 12 decimal places
    (DynamoDB refuses magnitudes below 1e-130, and no setting needs more precision than that)."""
    if isinstance(value, float):
        return Decimal(str(round(value, 12)))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


def clear_cache() -> None:
    _cache.clear()
