"""HR and recruitment providers: each verifies its own signature scheme and maps its payloads.

A provider exposes `verify(headers, body, secrets, now) -> bool` and
`parse(body) -> Delivery` (raising `Unmappable` with a reason).
"""

from __future__ import annotations

from types import ModuleType


class Unmappable(ValueError):
    """The payload is well-formed JSON but does not map to a domain event."""


def provider(name: str) -> ModuleType | None:
    if name == "generic":
        from hr_webhooks.providers import generic

        return generic
    return None
