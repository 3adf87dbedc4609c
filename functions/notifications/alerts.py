"""Alerts that cannot wait for a digest: reconnect a network, and a share that was not posted.

- `ConnectionExpiring` / `ConnectionExpired` → one reconnect mail with a deep link. Repeats collapse:
  one mail per network per expiry date (expiring) or per day (expired). A token expiring without
  a warning is the most common reason shares silently stop.
- `ShareFailed` (refused by the network, or given up after its retries) → the reason and what to do.
  A failure because the token expired gets no second mail: the same 401 also emits
  `ConnectionExpired`, whose reconnect mail says it all.
- During the employee's quiet hours an alert is held back and sent when they end.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from estafette.events import ConnectionExpired, ConnectionExpiring, EventMetadata, ShareFailed
from notifications import outbound, store
from notifications.config import app_url
from notifications.digest import greeting
from notifications.model import Kind, Member, SendRequest
from notifications.templates import Block, Message, long_date, network_name, text
from notifications.timing import after_quiet_hours, in_quiet_hours, zone

KNOWN_FAILURES = ("network_not_connected", "rejected_by_network", "retries_exhausted")


def reconnect_request(org_id: str, event: ConnectionExpiring | ConnectionExpired, metadata: EventMetadata) -> SendRequest:
    network = event.network.value
    if isinstance(event, ConnectionExpiring):
        notification_id = f"reconnect-{event.employee_id}-{network}-expiring-{event.expires_at.date().isoformat()}"
        data: dict[str, Any] = {"network": network, "state": "expiring", "expires_at": event.expires_at.isoformat()}
    else:
        notification_id = f"reconnect-{event.employee_id}-{network}-expired-{metadata.occurred_at.date().isoformat()}"
        data = {"network": network, "state": "expired", "reason": event.reason}
    return SendRequest(
        notification_id=notification_id,
        org_id=org_id,
        channel="email",
        kind="reconnect",
        employee_id=event.employee_id,
        data=data,
    )


def share_failed_request(org_id: str, event: ShareFailed) -> SendRequest | None:
    # Every share that failed for good gets its mail: refused by the network (`permanent`) or given up
    # after its retries. Only an expired token gets none: its reconnect mail says it all.
    if event.reason_code == "connection_expired":
        return None
    return SendRequest(
        notification_id=f"share-failed-{event.share_id}",
        org_id=org_id,
        channel="email",
        kind="share_failed",
        employee_id=event.employee_id,
        data=event.model_dump(mode="json", include={"share_id", "content_id", "network", "reason_code", "reason"}),
    )


def raise_alert(request: SendRequest, kind: Kind, now: datetime) -> str:
    """Queue the alert now, hold it until quiet hours end, or skip it; returns which."""
    assert request.employee_id is not None
    member = store.get_member(request.org_id, request.employee_id)
    if member is None or not member.wants(kind):
        return "skipped"
    tz, quiet = zone(member.timezone), member.preferences.quiet_hours
    if in_quiet_hours(now, tz, quiet):
        release = after_quiet_hours(now, tz, quiet)
        store.defer(request.org_id, request.employee_id, request.notification_id, request.model_dump(mode="json"), release)
        return "deferred"
    outbound.enqueue([request])
    return "queued"


def compose_reconnect(member: Member, data: dict[str, Any], now: datetime) -> Message:
    language = member.language.value
    network = network_name(data["network"])
    expires_at = datetime.fromisoformat(data["expires_at"]) if data.get("expires_at") else None
    link = app_url(f"/me/connections/{data['network']}?reconnect=1")
    if data.get("state") == "expiring" and expires_at is not None and expires_at > now:
        day = long_date(expires_at.astimezone(zone(member.timezone)).date(), language)
        subject = text(language, "reconnect_expiring_subject", network=network, date=day)
        body = text(language, "reconnect_expiring_body", network=network, date=day)
    else:
        subject = text(language, "reconnect_expired_subject", network=network)
        body = text(language, "reconnect_expired_body", network=network)
    return Message(
        subject=subject,
        blocks=[
            greeting(member),
            Block("paragraph", body),
            Block("button", text(language, "reconnect_button", network=network), url=link),
        ],
    )


def compose_share_failed(member: Member, data: dict[str, Any]) -> Message:
    language = member.language.value
    network = network_name(data["network"])
    code = data.get("reason_code", "")
    todo = text(language, f"share_failed_todo_{code if code in KNOWN_FAILURES else 'default'}", network=network)
    blocks = [greeting(member), Block("paragraph", text(language, "share_failed_intro", network=network))]
    content = store.contents(member.org_id, [data["content_id"]]).get(data["content_id"]) if data.get("content_id") else None
    if content is not None:
        blocks.append(Block("item", content["title"], url=content["url"]))
    if data.get("reason"):
        blocks.append(Block("note", text(language, "share_failed_reason", network=network, reason=data["reason"])))
    blocks.append(Block("paragraph", todo))
    blocks.append(Block("button", text(language, "share_failed_button"), url=app_url(f"/shares/{data['share_id']}")))
    return Message(subject=text(language, "share_failed_subject", network=network), blocks=blocks)
