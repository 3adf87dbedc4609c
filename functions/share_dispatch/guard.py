"""The credibility guard: keeps advocates credible, never company zombies (PRODUCT.md).

One module, one entry point (`judge`). The rules are plain data an org configures
(`estafette.settings.GuardSettings`); what the guard needs to know about the past comes in a
`History` the store fills. Every decision carries a stable code and a message in the
employee's language. Blocks stop the share (422 for the text itself, 409 for everything
else); warnings let it through with a 202 and say why.

The rules, in the order they are applied:
1. disclosure: the org's disclosure line is appended where policy asks for it (a notice).
2. text: not empty (422); within the network's limit, with the link and disclosure (422).
3. sharing hours, in the employee's time zone: outside them the share is scheduled for the
   start of the next window (a warning saying when), or refused naming that window (409).
4. caps per network, per day and per week, on the day the share will go out (409).
5. content mix: of any `window` consecutive shares at least `minimum` are expertise or
   industry content; company news that would break that is refused or warned about.
6. near-duplicates: when `colleagues` or more colleagues recently posted nearly the same
   text for this item (word-shingle Jaccard ≥ threshold), the employee is asked to
   personalise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import field as _field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from estafette import text_limits
from estafette.domain import ContentType, Network
from estafette.i18n import message
from estafette.settings import GuardSettings, OutsideHours, RuleAction
from estafette.text_limits import LINK_IN_TEXT, TEXT_LIMITS, URL_PATTERN, X_URL_LENGTH, text_length, text_with_link
from share_dispatch import messages  # noqa: F401  (registers the codes below)

SHINGLE_WORDS = 3

# Networks where the employee finishes the share in the network's own UI, at their own moment.
INTENT_NETWORKS = frozenset({Network.FACEBOOK, Network.WHATSAPP, Network.XING})


@dataclass(frozen=True)
class Decision:
    code: str
    message: str
    status: int  # 409 or 422 for blocks, 202 for warnings and notices
    field: str | None = None
    details: dict[str, object] = _field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return {**body, **self.details}


@dataclass
class Verdict:
    text: str
    post_at: datetime  # when the share goes out (UTC)
    scheduled: bool  # post_at is later than now: a scheduled share
    blocks: list[Decision] = field(default_factory=list)
    warnings: list[Decision] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocks


@dataclass(frozen=True)
class Candidate:
    """The share being judged."""

    text: str
    network: Network
    content_type: ContentType
    employee_id: str
    language: str
    timezone: str
    now: datetime  # aware, UTC
    scheduled_at: datetime | None = None
    company_name: str = ""
    link_url: str = ""  # the tracked link, or one of its length: it is counted where it travels in the text


@dataclass(frozen=True)
class Length:
    """How long a post is, as the network counts it: the text, what the appended link adds, their sum."""

    text: int
    link: int
    limit: int

    @property
    def total(self) -> int:
        return self.text + self.link

    def as_json(self) -> dict[str, int]:
        return {"text": self.text, "link": self.link, "total": self.total, "limit": self.limit}


@dataclass(frozen=True)
class History:
    """What the guard must know about the past, read by the store on known keys."""

    shares_on_day: int = 0  # this network, the day the share goes out (employee's calendar)
    shares_in_week: int = 0  # this network, that ISO week
    recent_types: tuple[str, ...] = ()  # content types of the employee's last shares, newest first
    colleague_texts: tuple[tuple[str, str], ...] = ()  # (employee_id, text) recently posted for this item


# --- pure helpers ---------------------------------------------------------------------------


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, timezone: str) -> tuple[str, str]:
    """(yyyy-mm-dd, yyyy-Www) of a moment on the employee's own calendar: the cap counters' keys."""
    local = moment.astimezone(zone(timezone))
    year, week, _ = local.isocalendar()
    return local.date().isoformat(), f"{year}-W{week:02d}"


def next_window(moment: datetime, rules: GuardSettings, timezone: str) -> datetime | None:
    """`moment` itself when it is inside the sharing hours, else the start of the next window (UTC).

    None when the org configured no sharing days at all (the rule is then off).
    """
    hours = rules.sharing_hours
    if not hours.weekdays:
        return None
    tz = zone(timezone)
    local = moment.astimezone(tz)
    if local.weekday() in hours.weekdays and hours.start_hour <= local.hour < hours.end_hour:
        return moment
    for days_ahead in range(8):
        day = (local + timedelta(days=days_ahead)).date()
        if day.weekday() not in hours.weekdays:
            continue
        start = datetime(day.year, day.month, day.day, hours.start_hour, tzinfo=tz)
        if start > local:
            return start.astimezone(moment.tzinfo)
    return None


def shingles(text: str) -> frozenset[str]:
    words = re.findall(r"\w+", URL_PATTERN.sub(" ", text).casefold())
    if len(words) < SHINGLE_WORDS:
        return frozenset(words)
    return frozenset(" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of word 3-shingles: cheap, and blind to case, punctuation and links."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def measure(text: str, network: Network, link_url: str = "") -> Length:
    """The length the network counts for `text` once the tracked link is appended where it goes in the text.

    The link is composed as the adapters compose it (`text_with_link`) and counted with the
    network's own counter (`estafette.text_limits`: X by twitter-text, Bluesky in graphemes), so
    the guard, `POST /v1/shares/check` and the post itself agree.
    """
    counted = text_length(text, network)
    if network not in LINK_IN_TEXT:
        link = 0
    elif link_url:
        link = text_length(text_with_link(text, link_url), network) - (counted if text.strip() else 0)
    else:
        link = X_URL_LENGTH + 2
    return Length(counted, link, TEXT_LIMITS[network])


def disclosure_line(rules: GuardSettings, language: str, company: str) -> str:
    texts = {str(k): v for k, v in rules.disclosure_text.items()}
    template = texts.get(language) or texts.get("en") or next(iter(texts.values()), "")
    return template.replace("{company}", company).strip()


# --- the rules ------------------------------------------------------------------------------


def judge(candidate: Candidate, rules: GuardSettings, history_at: Callable[[datetime], History]) -> Verdict:
    """Every rule over one share; the verdict holds the final text and when it goes out.

    `history_at(post_at)` reads the past as it stands for the moment the share will go out (the
    caps count on that day), so the store is asked once, after the sharing hours have spoken.
    """
    lang, network = candidate.language, candidate.network
    verdict = Verdict(text=candidate.text.strip(), post_at=candidate.now, scheduled=False)

    # 1. disclosure
    if rules.disclosure_required and network in rules.disclosure_networks and verdict.text:
        line = disclosure_line(rules, lang, candidate.company_name)
        if line and line.casefold() not in verdict.text.casefold():
            verdict.text = f"{verdict.text}\n\n{line}"
            verdict.warnings.append(Decision("disclosure_added", message("disclosure_added", lang, line=line), 202))

    # 2. the text itself
    if not verdict.text:
        verdict.blocks.append(Decision("text_empty", message("text_empty", lang), 422, "text"))
    size = measure(verdict.text, network, candidate.link_url)
    length, limit = size.total, size.limit
    # Bluesky also limits the text to 3000 UTF-8 bytes: 300 family emoji fit the graphemes, not the bytes.
    too_many_bytes = text_limits.check(verdict.text, network, candidate.link_url or None).too_many_bytes
    if length > limit or too_many_bytes:
        verdict.blocks.append(
            Decision(
                "text_too_long",
                message("text_too_long", lang, length=length, network=network.value, limit=limit),
                422,
                "text",
                {"length": length, "limit": limit},
            )
        )

    # 3. sharing hours (the employee finishes intent shares in the network's UI, at their own moment)
    wanted = candidate.scheduled_at or candidate.now
    verdict.post_at, verdict.scheduled = wanted, candidate.scheduled_at is not None
    if rules.outside_sharing_hours is not OutsideHours.OFF and network not in INTENT_NETWORKS:
        window = next_window(wanted, rules, candidate.timezone)
        if window is not None and window != wanted:
            hours = rules.sharing_hours
            when = window.astimezone(zone(candidate.timezone)).strftime("%Y-%m-%d %H:%M")
            params = {"start": hours.start_hour, "end": hours.end_hour, "when": when}
            if rules.outside_sharing_hours is OutsideHours.SCHEDULE:
                verdict.post_at, verdict.scheduled = window, True
                text = message("outside_sharing_hours_scheduled", lang, **params)
                verdict.warnings.append(
                    Decision("outside_sharing_hours_scheduled", text, 202, details={"post_at": window.isoformat()})
                )
            else:
                text = message("outside_sharing_hours", lang, **params)
                verdict.blocks.append(Decision("outside_sharing_hours", text, 409, details={"next_window": window.isoformat()}))

    history = history_at(verdict.post_at)

    # 4. caps, on the day the share goes out
    per_day, per_week = rules.caps_for(network)
    day, _ = local_day(verdict.post_at, candidate.timezone)
    if history.shares_on_day >= per_day:
        if (
            verdict.post_at.astimezone(zone(candidate.timezone)).date()
            == candidate.now.astimezone(zone(candidate.timezone)).date()
        ):
            text = message("daily_cap_reached", lang, cap=per_day)
            verdict.blocks.append(Decision("daily_cap_reached", text, 409, details={"cap": per_day, "network": network.value}))
        else:
            text = message("network_daily_cap_reached", lang, cap=per_day, network=network.value, day=day)
            verdict.blocks.append(Decision("daily_cap_reached", text, 409, details={"cap": per_day, "network": network.value}))
    if history.shares_in_week >= per_week:
        text = message("weekly_cap_reached", lang, cap=per_week, network=network.value)
        verdict.blocks.append(Decision("weekly_cap_reached", text, 409, details={"cap": per_week, "network": network.value}))

    # 5. content mix
    if rules.content_mix_action is not RuleAction.OFF and rules.content_mix_minimum > 0:
        _content_mix(candidate, rules, history, verdict)

    # 6. near-duplicates
    if rules.near_duplicate_action is not RuleAction.OFF and candidate.text.strip():
        _near_duplicates(candidate, rules, history, verdict)
    return verdict


def _apply(action: RuleAction, decision: Decision, verdict: Verdict) -> None:
    if action is RuleAction.BLOCK:
        verdict.blocks.append(decision)
    else:
        verdict.warnings.append(Decision(decision.code, decision.message, 202, decision.field, decision.details))


def _content_mix(candidate: Candidate, rules: GuardSettings, history: History, verdict: Verdict) -> None:
    mix_types = {str(t) for t in rules.content_mix_types}
    if str(candidate.content_type) in mix_types:
        return
    window = rules.content_mix_window
    # Of any `window` consecutive shares, at most this many may be corporate: a newcomer can start
    # with company news, but never make it their whole voice.
    allowed = window - math.ceil(window * rules.content_mix_minimum)
    corporate = 1 + sum(1 for t in history.recent_types[: window - 1] if t not in mix_types)
    if corporate > allowed:
        text = message(
            "content_mix_too_corporate",
            candidate.language,
            corporate=corporate - 1,
            window=min(window - 1, len(history.recent_types)),
            percent=round(rules.content_mix_minimum * 100),
        )
        _apply(rules.content_mix_action, Decision("content_mix_too_corporate", text, 409), verdict)


def _near_duplicates(candidate: Candidate, rules: GuardSettings, history: History, verdict: Verdict) -> None:
    alike = {
        employee
        for employee, text in history.colleague_texts
        if employee != candidate.employee_id and similarity(candidate.text, text) >= rules.near_duplicate_threshold
    }
    if len(alike) >= rules.near_duplicate_colleagues:
        text = message("personalise_text", candidate.language, colleagues=len(alike))
        _apply(rules.near_duplicate_action, Decision("personalise_text", text, 409, "text"), verdict)
