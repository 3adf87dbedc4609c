"""Who reviews an organisation's content: the curators and admins who use the library.

Roles live in the identity provider's token, not in the HR directory, so the library learns
its reviewers when they use it: the first curator route a curator or admin calls in a
function instance records them (one PutItem; then remembered in memory). A leaver is forgotten
with the rest of their profile. When an item waits for review, every reviewer but its author
and its sender is told (ContentSubmitted → notifications).
"""

from __future__ import annotations

from content_publishing import store
from estafette import clock
from estafette.auth import Caller
from estafette.domain import Role

_recorded: set[tuple[str, str]] = set()


def seen(caller: Caller) -> None:
    if not caller.roles.intersection({Role.CURATOR, Role.ADMIN}):
        return
    key = (caller.org_id, caller.sub)
    if key in _recorded:
        return
    roles = sorted(r.value for r in caller.roles if r in (Role.CURATOR, Role.ADMIN))
    store.put_reviewer(caller.org_id, caller.sub, roles, clock.now())
    _recorded.add(key)


def forget(org_id: str, employee_id: str) -> None:
    store.forget_reviewer(org_id, employee_id)
    _recorded.discard((org_id, employee_id))


def for_item(org_id: str, *not_them: str | None) -> list[str]:
    """The reviewers to tell about an item, leaving out the people who wrote and sent it."""
    excluded = {who for who in not_them if who}
    return sorted(r for r in store.reviewers(org_id) if r not in excluded)


def clear_cache() -> None:
    _recorded.clear()
