"""Domain events as the other services emit them, for reporting's unit tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from estafette.domain import ContentType, EmployeeProfile, Network
from estafette.events import (
    ContentPublished,
    EmployeeJoined,
    EmployeeLeft,
    EventData,
    EventMetadata,
    LinkClicked,
    MetricsHarvested,
    OpportunityLogged,
    ShareFailed,
    SharePosted,
)
from tests.support import claims

ANNA = claims("anna", roles=("curator",))
BRAM = claims("bram", roles=("admin",))
REPORTS = "reporting.handlers.api"
ME = "reporting.handlers.me"


def today() -> datetime:
    return datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)


def days_ago(n: int) -> datetime:
    return today() - timedelta(days=n)


_ids = itertools.count()


def project(event: EventData, org: str = "acme", event_id: str | None = None, at: datetime | None = None) -> bool:
    from reporting.projector import project as apply

    metadata = EventMetadata(event_id=event_id or f"e{next(_ids)}", org_id=org, occurred_at=at or today())
    return apply(event, metadata)


def joined(employee_id: str, department: str | None = "Engineering", name: str | None = None) -> EmployeeJoined:
    profile = EmployeeProfile(employee_id=employee_id, name=name or employee_id.title(), department=department)
    return EmployeeJoined(profile=profile, provider="generic")


def left(employee_id: str) -> EmployeeLeft:
    return EmployeeLeft(employee_id=employee_id, provider="generic")


def published(content_id: str = "c1", title: str = "Lessons", at: datetime | None = None) -> ContentPublished:
    return ContentPublished(
        content_id=content_id,
        content_type=ContentType.EXPERTISE,
        url=f"https://example.com/{content_id}",
        title=title,
        slug=content_id,
        published_at=at or today(),
    )


def posted(
    share_id: str = "s1",
    employee_id: str = "eva",
    *,
    content_id: str = "c1",
    network: Network = Network.LINKEDIN,
    followers: int = 750,
    department: str | None = "Engineering",
    at: datetime | None = None,
    **extra: Any,
) -> SharePosted:
    return SharePosted(
        share_id=share_id,
        employee_id=employee_id,
        content_id=content_id,
        network=network,
        external_post_id=f"urn:li:share:{share_id}",
        tracked_code=f"code{share_id}",
        tracked_url=f"https://go.example/r/code{share_id}",
        target_url="https://example.com",
        content_slug=content_id,
        department=department,
        followers=followers,
        posted_at=at or today(),
        **extra,
    )


def clicked(
    share_id: str = "s1",
    employee_id: str = "eva",
    *,
    content_id: str = "c1",
    network: Network = Network.LINKEDIN,
    unique: bool = True,
    department: str | None = "Engineering",
    at: datetime | None = None,
) -> LinkClicked:
    return LinkClicked(
        tracked_code=f"code{share_id}",
        share_id=share_id,
        employee_id=employee_id,
        content_id=content_id,
        network=network,
        department=department,
        unique=unique,
        clicked_at=at or today(),
    )


def harvested(
    share_id: str = "s1",
    employee_id: str = "eva",
    *,
    content_id: str = "c1",
    network: Network = Network.LINKEDIN,
    impressions: int = 0,
    reactions: int = 0,
    comments: int = 0,
    reshares: int = 0,
    totals: tuple[int, int, int, int] = (0, 0, 0, 0),
    at: datetime | None = None,
) -> MetricsHarvested:
    return MetricsHarvested(
        share_id=share_id,
        employee_id=employee_id,
        content_id=content_id,
        network=network,
        harvested_at=at or today(),
        impressions=totals[0],
        reactions=totals[1],
        comments=totals[2],
        reshares=totals[3],
        delta_impressions=impressions,
        delta_reactions=reactions,
        delta_comments=comments,
        delta_reshares=reshares,
    )


def failed(share_id: str = "s9", employee_id: str = "eva", network: Network = Network.LINKEDIN) -> ShareFailed:
    return ShareFailed(
        share_id=share_id,
        employee_id=employee_id,
        content_id="c1",
        network=network,
        reason_code="connection_expired",
        reason="The token expired.",
    )


def opportunity(
    opportunity_id: str = "o1",
    employee_id: str = "eva",
    *,
    share_id: str | None = "s1",
    content_id: str | None = "c1",
    network: Network | None = Network.LINKEDIN,
    department: str | None = "Engineering",
    description: str = "A prospect asked for a call.",
    at: datetime | None = None,
) -> OpportunityLogged:
    return OpportunityLogged(
        opportunity_id=opportunity_id,
        employee_id=employee_id,
        share_id=share_id,
        content_id=content_id,
        network=network,
        department=department,
        description=description,
        logged_at=at or today(),
    )


def table_items() -> list[dict]:
    """Every item of the reporting table (tests only; no request path scans)."""
    from estafette.aws import table
    from reporting.config import config

    items, kwargs = [], {}
    while True:
        page = table(config().reporting_table_name).scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return sorted(items, key=lambda i: (i["pk"], i["sk"]))
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
