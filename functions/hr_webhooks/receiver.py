"""Receives one HR webhook: verify, record the delivery, emit the domain event, return.

The work behind the event (content, shares, offboarding) happens asynchronously in the
services that consume it, so the sender gets its answer fast.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime

from estafette.errors import BadRequest, NotFound, Unauthorized
from estafette.publisher import Outgoing, Publisher, default_publisher
from hr_webhooks import deliveries
from hr_webhooks.config import config
from hr_webhooks.providers import Unmappable, provider

ORG_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SECRETS_MAX_AGE_SECONDS = 300


def secrets_for(org_id: str, provider_name: str) -> list[str]:
    """The org's active secrets for this provider (one, or two during a rotation)."""
    from aws_lambda_powertools.utilities.parameters import get_secret
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError, TransformParameterError

    name = config().webhook_secret_name_template.format(org_id=org_id)
    try:
        secrets = get_secret(name, transform="json", max_age=SECRETS_MAX_AGE_SECONDS)
    except (GetParameterError, TransformParameterError):
        return []
    value = secrets.get(provider_name, []) if isinstance(secrets, dict) else []
    return [value] if isinstance(value, str) else [s for s in value if isinstance(s, str)][:2]


def receive(
    provider_name: str, org_id: str | None, headers: Mapping[str, str], body: bytes, publisher: Publisher | None = None
) -> dict[str, str]:
    handler = provider(provider_name)
    if handler is None:
        raise NotFound("unknown_provider", provider=provider_name)
    if not org_id or not ORG_PATTERN.match(org_id):
        raise BadRequest("unmappable_payload", field="org", reason="the 'org' query parameter names your organisation")
    received_at = datetime.now(UTC).isoformat()
    if not handler.verify(headers, body, secrets_for(org_id, provider_name), time.time()):
        deliveries.record_rejection(org_id, provider_name, "invalid signature or stale timestamp", received_at)
        raise Unauthorized("invalid_signature")
    try:
        delivery = handler.parse(body)
    except Unmappable as exc:
        deliveries.record_rejection(org_id, provider_name, str(exc), received_at)
        raise BadRequest("unmappable_payload", reason=str(exc)) from exc
    event_name = delivery.event.name()
    if not deliveries.record_first(org_id, provider_name, delivery.delivery_id, event_name, received_at):
        return {"status": "duplicate", "delivery_id": delivery.delivery_id}
    # The event id is derived from the delivery, so a retry after a failed PutEvents re-emits the same event.
    event_id = f"{provider_name}-{delivery.delivery_id}"
    (publisher or default_publisher()).publish([Outgoing(delivery.event, org_id, event_id=event_id)])
    deliveries.mark(org_id, provider_name, delivery.delivery_id, "processed")
    return {"status": "accepted", "delivery_id": delivery.delivery_id, "event": event_name}
