"""POST /v1/webhooks/hr/{provider}: public, authenticated by the provider's HMAC signature."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from estafette.api import Api, json_response
from estafette.errors import ApiError
from estafette.observability import count
from hr_webhooks import receiver

MAX_BODY_BYTES = 256 * 1024
api = Api("hr_webhooks", views="hr_webhooks.views", max_body_bytes=MAX_BODY_BYTES)
app = api.app


@api.post(
    "/v1/webhooks/hr/<provider>",
    ok="Receipt",
    status=202,
    also={200: "Receipt"},
    public=True,
    errors=(400, 401),
    operation_id="receiveHrWebhook",
    description="Accepted: new, its events are on the bus",
    tags=["webhooks"],
    summary="Receive a signed HR or recruitment webhook",
)
def receive(provider: Annotated[str, Path(max_length=32)], org: Annotated[str | None, Query(max_length=64)] = None) -> Any:
    event = app.current_event
    raw = event.body or ""
    body = base64.b64decode(raw) if event.is_base64_encoded else raw.encode()
    try:
        outcome = receiver.receive(provider, org, event.headers or {}, body)
    except ApiError as exc:
        # A made-up provider name in the path must not become a dimension (each one is a billed metric).
        known = "unknown" if exc.code == "unknown_provider" else provider
        count("WebhookDeliveries", "hr_webhooks", provider=known, outcome="rejected", reason=exc.code)
        raise
    count("WebhookDeliveries", "hr_webhooks", provider=provider, outcome=outcome.status)
    return json_response(receiver.status_code(provider, outcome), outcome.body())


lambda_handler = api.handler()
