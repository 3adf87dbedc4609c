"""Telling the people who run the programme, and the people who write for it, what needs them.

- `ContentSubmitted` → each reviewer (curators and admins who use the library; the event names
  them, leaving out the author and the sender) gets one mail: a new item to review, or a new
  occasion suggestion from an employee, with a link to the approval or suggestions inbox.
- `ContentRejected` → the author (and the sender, if someone else sent it) gets the reason and
  a link to the item, so they know what to change.

These are alerts, like the reconnect mail: sent at once, held back during quiet hours, one per
submission or rejection (the notification id names the item and the moment), and each can be switched off
(`review`, `content_rejected`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from estafette.events import ContentRejected, ContentSubmitted
from notifications import store
from notifications.config import app_url
from notifications.digest import greeting
from notifications.model import Member, SendRequest
from notifications.templates import Block, Message, text


def _moment(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")


def review_requests(org_id: str, event: ContentSubmitted) -> list[SendRequest]:
    """One mail per reviewer per submission: the id names the item and the moment it was sent."""
    data = event.model_dump(mode="json", include={"content_id", "content_type", "title", "summary", "submitted_by", "occasion"})
    return [
        SendRequest(
            notification_id=f"review-{reviewer}-{event.content_id}-{_moment(event.submitted_at)}",
            org_id=org_id,
            channel="email",
            kind="review",
            employee_id=reviewer,
            data=data,
        )
        for reviewer in dict.fromkeys(event.reviewers)
    ]


def rejected_requests(org_id: str, event: ContentRejected) -> list[SendRequest]:
    data = event.model_dump(mode="json", include={"content_id", "title", "rejected_by", "reason"})
    told = dict.fromkeys(who for who in (event.author, event.submitted_by) if who and who != event.rejected_by)
    return [
        SendRequest(
            notification_id=f"rejected-{who}-{event.content_id}-{_moment(event.rejected_at)}",
            org_id=org_id,
            channel="email",
            kind="content_rejected",
            employee_id=who,
            data=data,
        )
        for who in told
    ]


def _name(org_id: str, employee_id: str | None, language: str) -> str:
    member = store.get_member(org_id, employee_id) if employee_id else None
    return member.name if member and member.name.strip() else text(language, "someone")


def compose_review(member: Member, data: dict[str, Any]) -> Message:
    language = member.language.value
    sender = _name(member.org_id, data.get("submitted_by"), language)
    content_id = data["content_id"]
    if data.get("occasion"):
        key = f"occasion_{data['occasion']}"
        occasion = text(language, key) if key in _keys(language) else ""
        subject = text(language, "suggestion_subject", name=sender, title=data["title"])
        intro = text(language, "suggestion_intro", name=sender, occasion=occasion or data["occasion"])
        link, button = app_url(f"/suggestions?content={content_id}"), text(language, "suggestion_button")
    else:
        subject = text(language, "review_subject", title=data["title"])
        intro = text(language, "review_intro", name=sender)
        link, button = app_url(f"/approval?content={content_id}"), text(language, "review_button")
    return Message(
        subject=subject,
        blocks=[
            greeting(member),
            Block("paragraph", intro),
            Block("item", data["title"], detail=data.get("summary", "")),
            Block("button", button, url=link),
        ],
    )


def compose_rejected(member: Member, data: dict[str, Any]) -> Message:
    language = member.language.value
    reviewer = _name(member.org_id, data.get("rejected_by"), language)
    return Message(
        subject=text(language, "rejected_subject", title=data["title"]),
        blocks=[
            greeting(member),
            Block("paragraph", text(language, "rejected_intro", name=reviewer)),
            Block("item", data["title"]),
            Block("note", text(language, "rejected_reason", reason=data["reason"])),
            Block("paragraph", text(language, "rejected_todo")),
            Block("button", text(language, "rejected_button"), url=app_url(f"/library/{data['content_id']}")),
        ],
    )


def _keys(language: str) -> set[str]:
    from notifications.templates import COPY

    return set(COPY.get(language, COPY["en"]))
