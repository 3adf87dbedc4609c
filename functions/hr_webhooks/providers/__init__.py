"""HR and recruitment providers: each verifies its own signature scheme and maps its own payloads.

One module per provider, each with the same three names:

- `SIGNS_TIMESTAMP`: whether its signature covers a send time (then a stale delivery is refused
  and its dedupe record may expire; without one, dedupe records are kept for good).
- `verify(headers, body, secrets, now) -> str | None`: None when the delivery is authentic,
  else why not (for the admins' delivery log; the sender only hears 401). `headers` have
  lower-case names, `body` is the raw bytes as signed.
- `parse(body, headers, hr) -> Delivery`: the domain events the delivery means, or `Unmappable`
  naming the field. `hr` is the org's HR settings (parse may need a URL template from them).

Register a new provider in `PROVIDERS`; nothing else changes.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from estafette.settings import HrSettings

PROVIDERS: dict[str, str] = {
    "generic": "hr_webhooks.providers.generic",
    "greenhouse": "hr_webhooks.providers.greenhouse",
    "bamboohr": "hr_webhooks.providers.bamboohr",
    "teamtailor": "hr_webhooks.providers.teamtailor",
    "personio": "hr_webhooks.providers.personio",
}


class Unmappable(ValueError):
    """The payload is authentic but cannot be read as the provider documents it; says which field."""


@runtime_checkable
class Pending(Protocol):
    """An item whose meaning needs a read or a write the pure parse can't do (the provider's API,
    what an earlier delivery said). Expanded after the delivery's dedupe record is written."""

    def name(self) -> str: ...

    def expand(self, org_id: str, hr: HrSettings) -> tuple[Sequence[Any], Sequence[str]]: ...


@dataclass(frozen=True)
class Delivery:
    """What one webhook delivery means.

    `delivery_id` is the sender's name for it (shown in the log); `dedupe_key` is what makes a
    redelivery recognisable and must be covered by the signature, so a replayed body can't pass
    as new by changing an unsigned header. `events` is empty when nothing applies to Estafette
    (a test ping, a draft job), and `ignored` then says why.
    """

    delivery_id: str
    kind: str
    # Events, joiners and leavers (hr_webhooks.directory), or Pending items.
    events: tuple[Any, ...] = ()
    dedupe_key: str = ""
    ignored: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def key(self) -> str:
        return self.dedupe_key or self.delivery_id


class Provider(Protocol):
    NAME: str
    SIGNS_TIMESTAMP: bool
    ACCEPTED_STATUS: int

    def verify(self, headers: Mapping[str, str], body: bytes, secrets: Sequence[str], now: float) -> str | None: ...

    def parse(self, body: bytes, headers: Mapping[str, str], hr: HrSettings) -> Delivery: ...


def provider(name: str) -> Provider | None:
    module = PROVIDERS.get(name)
    return importlib.import_module(module) if module else None  # type: ignore[return-value]


def body_digest(body: bytes) -> str:
    """The dedupe key of a provider whose delivery id isn't signed: the signed bytes themselves."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


def json_object(body: bytes) -> dict[str, object]:
    import json

    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise Unmappable("the body is not valid JSON") from exc
    if not isinstance(payload, dict):
        raise Unmappable("the body must be a JSON object")
    return payload


def first_error(exc: Exception, prefix: str) -> str:
    """A pydantic ValidationError as one readable reason naming the field."""
    errors: list[Any] = getattr(exc, "errors", list)()
    if not errors:
        return f"{prefix}: {exc}"
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{prefix}.{where}: {first['msg']}" if where else f"{prefix}: {first['msg']}"
