"""Following a tracked link, and counting the click.

On the request path (`follow`): one GetItem for the link and, for a person, one PutEvents of
`LinkFollowed` carrying the salted visitor hash. Deciding whether the visitor is new today needs a
conditional write, so it happens after the visitor has their redirect, in metric_collection's
consumer (`count`), which emits `LinkClicked` with `unique` for reporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from estafette import clock
from estafette.aws import secret_string
from estafette.domain import Network
from estafette.events import EventMetadata, LinkClicked, LinkFollowed
from estafette.observability import count as count_metric
from estafette.observability import logger_for
from estafette.publisher import Outgoing, Publisher
from metric_collection import links, store
from metric_collection.config import config

SALT_CACHE_SECONDS = 900  # a rotated salt takes effect within 15 minutes
logger = logger_for("metric_collection")


@dataclass(frozen=True)
class Visit:
    code: str
    method: str
    headers: dict[str, str]  # lower-case names
    source_ip: str
    host: str


def follow(visit: Visit, publisher: Publisher, now: datetime | None = None) -> str | None:
    """The URL to redirect to, or None (404). A person's visit is published as `LinkFollowed`."""
    if not links.valid_code(visit.code):
        return None
    link = store.get_link(visit.code)
    if link is None:
        return None
    target = links.target_of(link, visit.host)
    if target is None:
        return None
    if links.is_click(visit.method, visit.headers):
        clicked_at = now or clock.now()
        salt = secret_string(config().click_hash_salt_secret_arn, max_age=SALT_CACHE_SECONDS)
        visitor = links.visitor_hash(salt, visit.code, visit.source_ip, visit.headers.get("user-agent", ""), clicked_at.date())
        followed = LinkFollowed(
            tracked_code=visit.code,
            share_id=link["share_id"],
            employee_id=link["employee_id"],
            content_id=link["content_id"],
            network=Network(link["network"]),
            department=link.get("department"),
            visitor=visitor,
            clicked_at=clicked_at,
        )
        try:
            publisher.publish([Outgoing(followed, link["org_id"])])
        except Exception:
            # The visitor still gets where they were going; the click is lost, and that is logged.
            logger.exception("Click not recorded", extra={"tracked_code": visit.code})
    return target


def count(event: LinkFollowed, metadata: EventMetadata, publisher: Publisher) -> LinkClicked:
    """Decide whether the click is the visitor's first on this link that day and emit `LinkClicked`.

    A redelivered `LinkFollowed` gets the same answer (the visitor record keeps the first click's event
    id) and the same `LinkClicked` event id, so reporting counts it once.
    """
    day = event.clicked_at.astimezone(UTC).date().isoformat()
    unique = store.first_click_today(event.tracked_code, day, event.visitor, metadata.event_id)
    clicked = LinkClicked(
        tracked_code=event.tracked_code,
        share_id=event.share_id,
        employee_id=event.employee_id,
        content_id=event.content_id,
        network=event.network,
        department=event.department,
        unique=unique,
        clicked_at=event.clicked_at,
    )
    publisher.publish([Outgoing(clicked, metadata.org_id, event_id=f"{metadata.event_id}-clicked")])
    count_metric("Clicks", "metric_collection", network=event.network.value, unique=str(unique).lower())
    return clicked


def link_fields(org_id: str, share: Any) -> dict[str, Any]:
    """What the redirect needs of a share (from ShareRequested or SharePosted)."""
    fields = {
        "org_id": org_id,
        "tracked_code": share.tracked_code,
        "share_id": share.share_id,
        "employee_id": share.employee_id,
        "content_id": share.content_id,
        "network": share.network.value,
        "target_url": share.target_url,
        "content_slug": share.content_slug,
        "department": share.department,
    }
    tracked_url = getattr(share, "tracked_url", None)
    if tracked_url:
        fields["host"] = links.host_of(tracked_url)
    return fields
