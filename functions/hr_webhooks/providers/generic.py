"""Estafette's own webhook format.

Headers: `X-Estafette-Signature: t=<unix>,v1=<hex>`. Body:
    {"id": "<delivery id>", "type": "vacancy.opened" | "vacancy.closed" | "employee.joined" | "employee.left",
     "data": {...}}
See `events/webhooks/generic-*.json` for one sample of each type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import ValidationError

from estafette.domain import EmployeeProfile
from estafette.events import EmployeeJoined, EmployeeLeft, EventData, VacancyClosed, VacancyOpened
from hr_webhooks import signatures
from hr_webhooks.providers import Unmappable

NAME = "generic"
SIGNATURE_HEADER = "x-estafette-signature"


@dataclass(frozen=True)
class Delivery:
    delivery_id: str
    event: EventData


def verify(headers: Mapping[str, str], body: bytes, secrets: Sequence[str], now: float) -> bool:
    return signatures.verify(headers.get(SIGNATURE_HEADER), body, secrets, now)


def parse(body: bytes) -> Delivery:
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise Unmappable("the body is not valid JSON") from exc
    if not isinstance(payload, dict):
        raise Unmappable("the body must be a JSON object")
    delivery_id, kind, data = payload.get("id"), payload.get("type"), payload.get("data")
    if not isinstance(delivery_id, str) or not delivery_id or len(delivery_id) > 128:
        raise Unmappable("'id' must be a delivery id string")
    if not isinstance(data, dict):
        raise Unmappable("'data' must be an object")
    try:
        if kind == "vacancy.opened":
            event: EventData = VacancyOpened.model_validate({**data, "provider": NAME})
            if urlsplit(event.url).scheme not in ("http", "https"):  # type: ignore[attr-defined]
                raise Unmappable("data.url must be an http(s) URL")
        elif kind == "vacancy.closed":
            event = VacancyClosed.model_validate({**data, "provider": NAME})
        elif kind == "employee.joined":
            event = EmployeeJoined(profile=EmployeeProfile.model_validate(data), provider=NAME)
        elif kind == "employee.left":
            event = EmployeeLeft.model_validate({**data, "provider": NAME})
        else:
            raise Unmappable(f"unknown type {kind!r}; expected vacancy.opened, vacancy.closed, employee.joined or employee.left")
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise Unmappable(f"data.{field}: {first['msg']}") from exc
    return Delivery(delivery_id=delivery_id, event=event)
