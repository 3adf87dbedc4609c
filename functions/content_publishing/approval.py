"""The approval flow as data: which action moves content from which state, and who may do it.

    draft ──submit──► in_review ──approve──► scheduled ──(publish_at)──► published ──(expires_at)──► expired
      ▲                  │  ▲                    │                          │
      └──────reject──────┘  └─ (an employee's    └──reject (back to draft)  │
                               suggestion)                                  │
    archive: from any state but archived; a published item leaves every feed at once.

- Curators (and admins) create, edit, submit, reject and archive.
- Approval takes a second person: not the item's author or submitter, unless the approver
  is an admin or the org allows self-approval (`content.allow_self_approval`).
- Approving an item whose publish_at lies ahead schedules it; otherwise it goes live at once.
- publish and expire are done by the schedule (the clock), never by a person.
A person without the role gets 403; an action the current state doesn't allow gets 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from content_publishing.model import ContentItem, Status
from estafette.auth import Caller
from estafette.domain import Role
from estafette.errors import Conflict, Forbidden, Unprocessable

CURATORS = frozenset({Role.CURATOR, Role.ADMIN})


@dataclass(frozen=True)
class Transition:
    action: str
    action_nl: str  # the Dutch past participle, for "kan niet worden {action_nl}"
    allowed_from: frozenset[Status]
    roles: frozenset[Role]
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "ingediend", frozenset({Status.DRAFT}), CURATORS),
        Transition("approve", "goedgekeurd", frozenset({Status.IN_REVIEW}), CURATORS),
        Transition("reject", "afgewezen", frozenset({Status.IN_REVIEW, Status.SCHEDULED}), CURATORS, reason_required=True),
        Transition(
            "archive",
            "gearchiveerd",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED, Status.EXPIRED}),
            CURATORS,
        ),
    )
}
EDITABLE = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED})


def next_status(
    item: ContentItem, action: str, caller: Caller, now: datetime, *, reason: str, allow_self_approval: bool
) -> Status:
    """The state `action` leads to, or the reason it is refused (403 for who, 409 for when)."""
    transition = TRANSITIONS[action]
    if not caller.roles.intersection(transition.roles):
        raise Forbidden(roles=", ".join(sorted(r.value for r in transition.roles)))
    if item.status not in transition.allowed_from:
        raise Conflict("transition_not_allowed", state=item.status.value, action=action, action_nl=transition.action_nl)
    if transition.reason_required and not reason.strip():
        raise Unprocessable("reason_required", field="reason")
    if action == "submit":
        return Status.IN_REVIEW
    if action == "reject":
        return Status.DRAFT
    if action == "archive":
        return Status.ARCHIVED
    if is_self_approval(item, caller) and not allow_self_approval:
        raise Forbidden("self_approval")
    if item.publish_at is not None and item.publish_at > now:
        return Status.SCHEDULED
    return Status.PUBLISHED


def is_self_approval(item: ContentItem, caller: Caller) -> bool:
    """A curator approving what they wrote or sent to review; an admin's approval always counts as second."""
    return caller.sub in {item.author, item.submitted_by} and Role.ADMIN not in caller.roles


def check_editable(item: ContentItem) -> None:
    if item.status not in EDITABLE:
        raise Conflict("not_editable", state=item.status.value)
