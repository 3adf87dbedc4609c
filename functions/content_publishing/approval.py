"""The approval flow as data: which action moves content from which state, and who may do it.

draft → in_review → (approved) scheduled/published → expired/archived; reject sends it back to draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from content_publishing.model import ContentItem, Status
from estafette.auth import Caller
from estafette.domain import Role
from estafette.errors import Conflict, Forbidden


@dataclass(frozen=True)
class Transition:
    action: str
    action_nl: str
    allowed_from: frozenset[Status]
    roles: frozenset[Role]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "ingediend", frozenset({Status.DRAFT}), frozenset({Role.CURATOR, Role.ADMIN})),
        Transition("approve", "goedgekeurd", frozenset({Status.IN_REVIEW}), frozenset({Role.CURATOR, Role.ADMIN})),
        Transition("reject", "afgewezen", frozenset({Status.IN_REVIEW}), frozenset({Role.CURATOR, Role.ADMIN})),
        Transition(
            "archive",
            "gearchiveerd",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED, Status.EXPIRED}),
            frozenset({Role.CURATOR, Role.ADMIN}),
        ),
    )
}


def next_status(item: ContentItem, action: str, caller: Caller, now: datetime, *, allow_self_approval: bool) -> Status:
    """The state `action` leads to, or the reason it is refused (403 for who, 409 for when)."""
    transition = TRANSITIONS[action]
    if not caller.roles.intersection(transition.roles):
        raise Forbidden(roles=", ".join(sorted(r.value for r in transition.roles)))
    if item.status not in transition.allowed_from:
        raise Conflict("transition_not_allowed", state=item.status.value, action=action, action_nl=transition.action_nl)
    if action == "submit":
        return Status.IN_REVIEW
    if action == "reject":
        return Status.DRAFT
    if action == "archive":
        return Status.ARCHIVED
    # approve
    self_approval = item.submitted_by == caller.sub and Role.ADMIN not in caller.roles
    if self_approval and not allow_self_approval:
        raise Forbidden("self_approval")
    if item.publish_at is not None and item.publish_at > now:
        return Status.SCHEDULED
    return Status.PUBLISHED
