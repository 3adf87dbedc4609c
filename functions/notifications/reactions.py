"""What each domain event means for notifications: the bus consumer's one domain function."""

from __future__ import annotations

from datetime import datetime

from estafette import clock
from estafette.events import (
    ConnectionExpired,
    ConnectionExpiring,
    ContentExpired,
    ContentPublished,
    ContentRejected,
    ContentSubmitted,
    ContentUpdated,
    EmployeeJoined,
    EmployeeLeft,
    EmployeeUpdated,
    EventData,
    EventMetadata,
    LinkClicked,
    ShareFailed,
    SharePosted,
)
from notifications import alerts, chat, curation, digest, impact, outbound, store
from notifications.model import Kind


def react(event: EventData, metadata: EventMetadata, now: datetime | None = None) -> None:
    """Apply one event; safe to apply twice (every effect is idempotent or deduplicated at send time)."""
    org_id, now = metadata.org_id, now or clock.now()
    match event:
        case ContentUpdated():  # before ContentPublished: it is a subclass, and an update is no news
            store.put_content(org_id, digest.content_record(event))
        case ContentPublished():
            store.put_content(org_id, digest.content_record(event))
            outbound.enqueue(chat.announcements(org_id, event))
            digest.add_to_digests(org_id, event, now)
        case ContentExpired():
            store.expire_content(org_id, event.content_id)
        case ContentSubmitted():
            for review in curation.review_requests(org_id, event):
                alerts.raise_alert(review, Kind.REVIEW, now)
        case ContentRejected():
            for rejected in curation.rejected_requests(org_id, event):
                alerts.raise_alert(rejected, Kind.CONTENT_REJECTED, now)
        case EmployeeJoined():
            store.upsert_member(org_id, event.profile, metadata.occurred_at, rejoin=True)
        case EmployeeUpdated():
            store.upsert_member(org_id, event.profile, metadata.occurred_at, rejoin=False)
        case EmployeeLeft():
            store.mark_left(org_id, event.employee_id, metadata.occurred_at)
        case ConnectionExpiring() | ConnectionExpired():
            alerts.raise_alert(alerts.reconnect_request(org_id, event, metadata), Kind.RECONNECT, now)
        case ShareFailed():
            request = alerts.share_failed_request(org_id, event)
            if request is not None:
                alerts.raise_alert(request, Kind.SHARE_FAILED, now)
        case SharePosted() | LinkClicked():
            impact.count_event(org_id, event, metadata.event_id, now)
