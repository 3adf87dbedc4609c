"""Receives one HR webhook: verify, record the delivery, emit the domain events, return.

The work behind the events (content, shares, offboarding) happens asynchronously in the
services that consume them, so the sender gets its answer fast. AWS calls per delivery, with
warm caches: an accepted one costs a conditional PutItem, one PutEvents and an UpdateItem; a
duplicate two PutItems; a forged one a single PutItem (its rejection), plus at most one
Secrets Manager read per org per half minute. The org's secrets and settings are cached.

Order matters: nothing is read or written for a delivery whose signature fails except the
rejection itself, and the dedupe record is written before the events go out, so a redelivery
racing the first sees it. If PutEvents fails, the record stays `received`; the sender retries,
finds it, and the events are emitted again under the same event ids (consumers are idempotent).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from estafette import clock, settings
from estafette.errors import BadRequest, NotFound, Unauthorized, Unavailable
from estafette.events import EventData
from estafette.publisher import Outgoing, Publisher, PublishError, default_publisher
from hr_webhooks import deliveries, directory, messages, signatures, webhook_secrets
from hr_webhooks.deliveries import Entry
from hr_webhooks.providers import Delivery, Pending, Provider, Unmappable, provider

assert messages  # the service's messages are registered on import


@dataclass(frozen=True)
class Outcome:
    status: str
    delivery_id: str
    events: tuple[str, ...] = ()
    reason: str = ""

    def body(self) -> dict[str, object]:
        body: dict[str, object] = {"status": self.status, "delivery_id": self.delivery_id}
        if self.events or self.status == "accepted":
            body["events"] = list(self.events)
        if self.reason:
            body["reason"] = self.reason
        return body


def _authenticate(plugin: Provider, org_id: str, headers: Mapping[str, str], body: bytes, now: float) -> str | None:
    """None when the delivery is authentic, else why not (after one look past the secrets cache)."""
    problem = plugin.verify(headers, body, webhook_secrets.active(org_id, plugin.NAME) or [], now)
    if problem not in (signatures.NO_SECRET, signatures.MISMATCH):
        return problem  # authentic, or a fault no newer secret can mend (stale, unsigned)
    fresh = webhook_secrets.active(org_id, plugin.NAME, refresh=True)
    if fresh is None:
        return problem
    return plugin.verify(headers, body, fresh, now)


def status_code(provider_name: str, outcome: Outcome) -> int:
    """202 for an accepted delivery, or the status the provider needs to count it delivered
    (Greenhouse retries on anything but 200); 200 for duplicates and ignored ones."""
    plugin = provider(provider_name)
    return getattr(plugin, "ACCEPTED_STATUS", 202) if outcome.status == "accepted" else 200


def event_id(provider_name: str, dedupe_key: str, index: int) -> str:
    """Derived from the delivery, so emitting a delivery's events again yields the same ids."""
    return hashlib.sha256(f"{provider_name}\n{dedupe_key}".encode()).hexdigest()[:32] + f"-{index}"


def receive(
    provider_name: str,
    org_id: str | None,
    headers: Mapping[str, str],
    body: bytes,
    publisher: Publisher | None = None,
    now: float | None = None,
) -> Outcome:
    plugin = provider(provider_name)
    if plugin is None:
        raise NotFound("unknown_provider", provider=provider_name)
    if not org_id or not webhook_secrets.ORG_PATTERN.match(org_id):
        raise BadRequest("missing_org", field="org")
    headers = {k.lower(): v for k, v in headers.items()}
    moment = clock.time() if now is None else now
    received_at = datetime.fromtimestamp(moment, UTC).isoformat()

    problem = _authenticate(plugin, org_id, headers, body, moment)
    if problem is not None:
        deliveries.record(org_id, deliveries.REJECTED, Entry(provider_name, "", "", (), received_at, problem))
        raise Unauthorized("invalid_signature")

    try:
        delivery = plugin.parse(body, headers, settings.for_org(org_id).hr)
    except Unmappable as exc:
        deliveries.record(org_id, deliveries.REJECTED, Entry(provider_name, "", "", (), received_at, str(exc)))
        raise BadRequest("unmappable_payload", reason=str(exc)) from exc
    return _record_and_emit(org_id, plugin, delivery, received_at, publisher)


def _record_and_emit(org_id: str, plugin: Provider, delivery: Delivery, received_at: str, publisher: Publisher | None) -> Outcome:
    names = tuple(item.name() for item in delivery.events)
    entry = Entry(plugin.NAME, delivery.delivery_id, delivery.kind, names, received_at, "; ".join(delivery.notes))
    if not delivery.events:
        deliveries.record(org_id, deliveries.IGNORED, replace(entry, reason=delivery.ignored))
        return Outcome(deliveries.IGNORED, delivery.delivery_id, reason=delivery.ignored)

    key = delivery.key()
    previous = deliveries.record_first(org_id, key, entry, expires=plugin.SIGNS_TIMESTAMP)
    if previous is not None and previous != deliveries.RECEIVED:
        deliveries.record(org_id, deliveries.DUPLICATE, replace(entry, reason="seen before; no second effect"))
        return Outcome(deliveries.DUPLICATE, delivery.delivery_id)

    # Who the people are, and what the provider's API says, is decided after the dedupe record
    # exists: a redelivery racing this one finds it, and nothing is written for a forged body.
    try:
        resolution = resolve(org_id, delivery)
    except Unmappable as exc:  # the record stays `received`: a redelivery after the fix completes it
        deliveries.record(org_id, deliveries.REJECTED, replace(entry, reason=str(exc)))
        raise BadRequest("unmappable_payload", reason=str(exc)) from exc
    outgoing = [Outgoing(event, org_id, event_id=event_id(plugin.NAME, key, i)) for i, event in enumerate(resolution.events)]
    try:
        if outgoing:
            (publisher or default_publisher()).publish(outgoing)
    except PublishError as exc:
        raise Unavailable() from exc
    directory.record(org_id, resolution)
    emitted = tuple(event.name() for event in resolution.events)
    notes = "; ".join([*delivery.notes, *resolution.notes])
    deliveries.mark_processed(org_id, plugin.NAME, key, clock.now().isoformat(), emitted, notes)
    return Outcome("accepted", delivery.delivery_id, emitted, notes)


def resolve(org_id: str, delivery: Delivery) -> directory.Resolution:
    """The delivery's items as events: people through the directory, pending reads through the provider."""
    result = directory.Resolution()
    people: list[directory.Joined | directory.Left] = []
    hr = settings.for_org(org_id).hr
    pending: list[object] = list(delivery.events)
    while pending:
        item = pending.pop(0)
        if isinstance(item, EventData):
            result.events.append(item)
        elif isinstance(item, directory.Joined | directory.Left):
            people.append(item)
        elif isinstance(item, Pending):
            expanded, notes = item.expand(org_id, hr)
            pending[:0] = list(expanded)
            result.notes.extend(notes)
    return directory.resolve(org_id, people, result)
