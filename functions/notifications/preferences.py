"""An employee's own notification settings (`/v1/me/notifications`) and what is waiting for them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from estafette.errors import NotFound
from notifications import messages as _messages  # noqa: F401  (registers this service's messages)
from notifications import store
from notifications.model import Member, Preferences
from notifications.timing import zone


def view(org_id: str, employee_id: str, now: datetime) -> dict[str, Any]:
    member = store.get_member(org_id, employee_id)
    if member is not None and member.left:
        raise NotFound("employee_has_left")
    member = member or Member(org_id=org_id, employee_id=employee_id)
    return {
        **member.preferences.model_dump(mode="json"),
        "email_address": member.email,  # where email goes; null until the directory knows the address
        "language": member.language.value,
        "timezone": member.timezone,
        "next_digest": next_digest(member, now),
    }


def replace(org_id: str, employee_id: str, preferences: Preferences, now: datetime) -> dict[str, Any]:
    if not store.save_preferences(org_id, employee_id, preferences):
        raise NotFound("employee_has_left")
    return view(org_id, employee_id, now)


def next_digest(member: Member, now: datetime) -> dict[str, Any] | None:
    """The first digest still waiting to go out: when, and how many items it holds so far."""
    yesterday = (now.astimezone(zone(member.timezone)) - timedelta(days=1)).date().isoformat()
    pending = store.pending_digests(member.org_id, member.employee_id, yesterday)
    if not pending:
        return None
    first = min(pending, key=lambda d: d["send_at"])
    ids = set(first.get("new_ids") or ()) | set(first.get("vacancy_ids") or ())
    return {"send_at": first["send_at"], "items": len(ids)}
