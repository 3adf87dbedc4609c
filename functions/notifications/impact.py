"""The weekly personal impact digest: my shares, clicks and value of last week, and one suggested item.

notifications keeps its own small projection rather than reading reporting's table: per employee
and ISO week (in their timezone) it counts shares, clicks per network and potential reach, once
per event id, plus all-time totals. The first event of a week schedules that week's digest for
the Monday after, at the employee's digest time. Only weeks with something to report get a
digest: an empty scorecard is pressure, not encouragement.

Money value follows the product's formula: clicks × cost per click, per network, with the org's
CPC settings; clicks on networks without a CPC count for nothing and the mail says so.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from estafette.domain import ContentType, Network
from estafette.events import LinkClicked, SharePosted
from notifications import store
from notifications.config import app_url
from notifications.digest import greeting, is_live, item_block
from notifications.model import Member, Preferences
from notifications.templates import Block, Message, count, long_date, money, network_name, text
from notifications.timing import iso_week, weekly_slot, zone

# A late event for a week whose digest would have gone out long ago only moves the totals.
STALE_AFTER = timedelta(days=1)
SUGGESTION_WINDOW = 50
# The credibility guard asks for expertise and industry content next to corporate news; so does the suggestion.
PREFERRED_TYPES = (ContentType.EXPERTISE.value, ContentType.INDUSTRY.value)


def counters_for(event: SharePosted | LinkClicked) -> tuple[datetime, dict[str, int]]:
    if isinstance(event, SharePosted):
        return event.posted_at, {"shares": 1, f"shares_{event.network.value}": 1, "reach": event.followers}
    return event.clicked_at, {"clicks": 1, f"clicks_{event.network.value}": 1}


def count_event(org_id: str, event: SharePosted | LinkClicked, event_id: str, now: datetime) -> bool:
    """Count a share or a click in the employee's week, once; False when counted before or nobody to tell."""
    member = store.get_member(org_id, event.employee_id)
    if member is not None and member.left:
        return False
    prefs = member.preferences if member else Preferences()
    tz = zone(member.timezone if member else None)
    at, counters = counters_for(event)
    week, monday = iso_week(at, tz)
    send_at = weekly_slot(monday, tz, prefs.digest_time, prefs.quiet_hours)
    shared = event.content_id if isinstance(event, SharePosted) else None  # the suggestion skips what I shared
    return store.count_impact(
        org_id, event.employee_id, event_id, week if send_at > now - STALE_AFTER else None, send_at, counters, shared
    )


def value_of(record: dict[str, Any], cpc: dict[Network, Decimal]) -> tuple[Decimal, list[tuple[Network, Decimal]], bool]:
    """Σ clicks × CPC; the rates used (for the formula line); whether some clicks had no CPC."""
    total, priced, unpriced = Decimal(0), [], False
    for network in Network:
        clicks = int(record.get(f"clicks_{network.value}", 0))
        if not clicks:
            continue
        rate = cpc.get(network)
        if rate is None:
            unpriced = True
            continue
        total += clicks * Decimal(rate)
        priced.append((network, Decimal(rate)))
    return total, priced, unpriced


def suggestion(member: Member, now: datetime) -> dict[str, Any] | None:
    """One live item meant for the employee that they have not shared: expertise or industry first, then newest."""
    candidates = [
        r for r in store.newest_content(member.org_id, SUGGESTION_WINDOW) if is_live(r, now) and _audience_includes(r, member)
    ]
    if not candidates:
        return None
    shared = store.shared_among(member.org_id, member.employee_id, [r["content_id"] for r in candidates])
    fresh = [r for r in candidates if r["content_id"] not in shared]
    preferred = [r for r in fresh if r.get("content_type") in PREFERRED_TYPES]
    pick = preferred or fresh
    return pick[0] if pick else None


def _audience_includes(record: dict[str, Any], member: Member) -> bool:
    from estafette.domain import Audience

    return Audience.model_validate(record.get("audience") or {}).includes(member.profile())


def monday_of(week: str) -> date:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def compose(
    member: Member, week: dict[str, Any], total: dict[str, Any] | None, cpc: dict[Network, Decimal], now: datetime
) -> Message:
    language = member.language.value
    shares, clicks, reach = int(week.get("shares", 0)), int(week.get("clicks", 0)), int(week.get("reach", 0))
    value, priced, unpriced = value_of(week, cpc)
    rate_text = ", ".join(f"{network_name(n.value)} {money(rate, language)}" for n, rate in priced)
    monday = monday_of(week["sk"].removeprefix("IMPACT#"))
    period = f"{long_date(monday, language)} – {long_date(monday + timedelta(days=6), language)}"
    shares_text, clicks_text = count(language, "n_shares", shares), count(language, "n_clicks", clicks)
    subject = text(language, "impact_subject", shares=shares_text, clicks=clicks_text, value=money(value, language))
    formula = text(language, "impact_value_formula", rates=rate_text or "—")
    if unpriced:
        formula += "; " + text(language, "impact_value_unpriced")
    blocks = [
        greeting(member),
        Block("paragraph", text(language, "impact_intro", period=period)),
        Block("figure", text(language, "impact_shares"), value=str(shares)),
        Block("figure", text(language, "impact_clicks"), value=str(clicks)),
        Block("figure", text(language, "impact_reach"), value=str(reach), detail=text(language, "impact_reach_formula")),
        Block("figure", text(language, "impact_value"), value=money(value, language), detail=formula),
    ]
    if total:
        total_value, _, _ = value_of(total, cpc)
        blocks.append(
            Block(
                "note",
                text(
                    language,
                    "impact_total",
                    shares=count(language, "n_shares", int(total.get("shares", 0))),
                    clicks=count(language, "n_clicks", int(total.get("clicks", 0))),
                    value=money(total_value, language),
                ),
            )
        )
    suggested = suggestion(member, now)
    if suggested is not None:
        blocks.append(Block("heading", text(language, "impact_suggestion")))
        blocks.append(item_block(suggested, language))
    blocks.append(Block("button", text(language, "share_button"), url=app_url("/feed")))
    return Message(subject=subject, blocks=blocks)
