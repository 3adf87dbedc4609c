"""The content calendar: what goes live and what expires when, for the curators' week and month views.

Entries come from the items themselves (publish_at, expires_at, published_at), read per status
from the status index; the schedule's own DUE partition is not read by requests. Moving an item
on the calendar is an edit of its publish_at (`PATCH /v1/content/{id}`), which moves its
scheduled publication with it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from content_publishing import store
from content_publishing.model import ContentItem, Status
from estafette.errors import Unprocessable

MAX_DAYS = 93  # a month view with the weeks around it; a quarter at most


def window(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise Unprocessable("invalid_period", field="to", reason=f"{end} lies before {start}")
    if (end - start).days + 1 > MAX_DAYS:
        raise Unprocessable("calendar_too_long", field="to", limit=MAX_DAYS)
    return datetime.combine(start, time(), UTC), datetime.combine(end + timedelta(days=1), time(), UTC) - timedelta(
        microseconds=1
    )


def _entry(item: ContentItem, kind: str, at: datetime) -> dict[str, Any]:
    return {
        "content_id": item.content_id,
        "title": item.title,
        "type": item.type.value,
        "status": item.status.value,
        "kind": kind,
        "at": at.astimezone(UTC).isoformat(),
        "movable": kind == "publish" and item.status in (Status.SCHEDULED, Status.IN_REVIEW, Status.DRAFT),
    }


def entries(org_id: str, start: date, end: date) -> dict[str, Any]:
    low, high = window(start, end)
    found: list[dict[str, Any]] = []
    for item in store.planned(org_id, low, high):
        publish = item.published_at if item.status is Status.PUBLISHED else item.publish_at
        if publish is not None and low <= publish <= high:
            found.append(_entry(item, "publish", publish))
        if item.expires_at is not None and low <= item.expires_at <= high:
            found.append(_entry(item, "expire", item.expires_at))
    found.sort(key=lambda e: (e["at"], e["content_id"], e["kind"]))
    return {"from": start.isoformat(), "to": end.isoformat(), "entries": found}
