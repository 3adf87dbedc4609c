"""Estafette's own webhook format, for HR systems without a provider of their own.

Header: `X-Estafette-Signature: t=<unix seconds>,v1=<hex>`, the MAC being
HMAC-SHA256(secret, f"{t}.{raw body}"); a timestamp more than five minutes off is refused.
Body:

    {"id": "<delivery id, unique per event>",
     "type": "vacancy.opened" | "vacancy.closed" | "employee.joined" | "employee.left",
     "data": {...}}

The `id` is signed (it is in the body), so it is the dedupe key: a second delivery with the
same id has no effect, whatever its body. `data` is the event's own shape; see
`events/webhooks/generic-*.json` for one sample of each type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from estafette.domain import EmployeeProfile
from estafette.events import EmployeeJoined, EmployeeLeft, EventData, VacancyClosed, VacancyOpened
from estafette.settings import HrSettings
from hr_webhooks import mapping, signatures
from hr_webhooks.providers import Delivery, Unmappable, first_error, json_object

NAME = "generic"
SIGNS_TIMESTAMP = True
SIGNATURE_HEADER = "x-estafette-signature"


def _vacancy_opened(data: dict[str, Any], hr: HrSettings) -> EventData:
    event = VacancyOpened.model_validate({**data, "provider": NAME})
    if urlsplit(event.url).scheme not in ("http", "https"):
        raise Unmappable("data.url must be an http(s) URL")
    locations = [mapping.location(hr, name)[0] or name for name in event.locations]
    return event.model_copy(update={"department": mapping.department(hr, event.department), "locations": locations})


def _employee_joined(data: dict[str, Any], hr: HrSettings) -> EventData:
    profile = EmployeeProfile.model_validate(data)
    place, info = mapping.location(hr, profile.location)
    update: dict[str, Any] = {"department": mapping.department(hr, profile.department), "location": place}
    # The location's defaults only fill in what the HR system didn't say.
    if info and info.language and "language" not in profile.model_fields_set:
        update["language"] = info.language
    if info and info.timezone and "timezone" not in profile.model_fields_set:
        update["timezone"] = info.timezone
    return EmployeeJoined(profile=profile.model_copy(update=update), provider=NAME)


TYPES: dict[str, Callable[[dict[str, Any], HrSettings], EventData]] = {
    "vacancy.opened": _vacancy_opened,
    "vacancy.closed": lambda data, hr: VacancyClosed.model_validate({**data, "provider": NAME}),
    "employee.joined": _employee_joined,
    "employee.left": lambda data, hr: EmployeeLeft.model_validate({**data, "provider": NAME}),
}


def verify(headers: Mapping[str, str], body: bytes, secrets: Sequence[str], now: float) -> str | None:
    return signatures.verify(headers.get(SIGNATURE_HEADER), body, secrets, now)


def parse(body: bytes, headers: Mapping[str, str], hr: HrSettings) -> Delivery:
    payload = json_object(body)
    delivery_id, kind, data = payload.get("id"), payload.get("type"), payload.get("data")
    if not isinstance(delivery_id, str) or not delivery_id or len(delivery_id) > 128:
        raise Unmappable("'id' must be a delivery id string of at most 128 characters")
    build = TYPES.get(kind) if isinstance(kind, str) else None
    if build is None:
        raise Unmappable(f"unknown type {kind!r}; expected one of {', '.join(TYPES)}")
    if not isinstance(data, dict):
        raise Unmappable("'data' must be an object")
    try:
        event = build(data, hr)
    except ValidationError as exc:
        raise Unmappable(first_error(exc, "data")) from exc
    return Delivery(delivery_id=delivery_id, kind=str(kind), events=(event,))
