"""POST /v1/webhooks/hr/{provider}: public, authenticated by the provider's HMAC signature."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from estafette.api import Api, json_response
from hr_webhooks import receiver

MAX_BODY_BYTES = 256 * 1024
api = Api("hr_webhooks", max_body_bytes=MAX_BODY_BYTES)
app = api.app


@app.post("/v1/webhooks/hr/<provider>", tags=["webhooks"], summary="Receive a signed HR or recruitment webhook")
def receive(provider: Annotated[str, Path(max_length=32)], org: Annotated[str | None, Query(max_length=64)] = None) -> Any:
    event = app.current_event
    raw = event.body or ""
    body = base64.b64decode(raw) if event.is_base64_encoded else raw.encode()
    outcome = receiver.receive(provider, org, event.headers or {}, body)
    return json_response(receiver.status_code(provider, outcome), outcome.body())


lambda_handler = api.handler()
