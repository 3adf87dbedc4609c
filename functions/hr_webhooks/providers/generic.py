"""Estafette's own webhook format, for HR systems without a provider of their own.

Header: `X-Estafette-Signature: t=<unix seconds>,v1=<hex>`, the MAC being
HMAC-SHA256(secret, f"{t}.{raw body}"); a timestamp more than five minutes off is refused.
Body:

    {"id": "<delivery id, unique per event>",
     "type": "vacancy.opened" | "vacancy.closed" | "employee.joined" | "employee.left",
     "data": {...}}

The `id` is signed (it is in the body), so it is the dedupe key: a second delivery with the
same id has no effect, whatever its body. `employee_id` is the person's SSO subject; an
`email` makes the work email an alias too (estafette.identity), and `employee.left` may carry
`last_day` (YYYY-MM-DD) to offboard after that day. `data` is otherwise the event's own shape; see
`events/webhooks/generic-*.json` for one sample of each type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from estafette import identity
from estafette.domain import EmployeeProfile
from estafette.events import EmployeeLeft, EventData, VacancyClosed, VacancyOpened
from estafette.identity import Alias
from estafette.settings import HrSettings
from hr_webhooks import mapping, signatures
from hr_webhooks.directory import Joined, Left
from hr_webhooks.providers import Delivery, Unmappable, first_error, json_object

NAME = "generic"
SIGNS_TIMESTAMP = True
ACCEPTED_STATUS = 202
SIGNATURE_HEADER = "x-estafette-signature"


def _vacancy_opened(data: dict[str, Any], hr: HrSettings) -> EventData:
    event = VacancyOpened.model_validate({**data, "provider": NAME})
    if urlsplit(event.url).scheme not in ("http", "https"):
        raise Unmappable("data.url must be an http(s) URL")
    locations = [mapping.location(hr, name)[0] or name for name in event.locations]
    return event.model_copy(update={"department": mapping.department(hr, event.department), "locations": locations})


def _aliases(employee_id: str, email: Any) -> tuple[Alias, ...]:
    # The generic format's employee_id is the SSO subject; a work email is a second alias.
    return tuple(identity.aliases_of((identity.SUB, employee_id), (identity.EMAIL, email if isinstance(email, str) else None)))


def _employee_joined(data: dict[str, Any], hr: HrSettings) -> Joined:
    profile = EmployeeProfile.model_validate(data)
    place, info = mapping.location(hr, profile.location)
    update: dict[str, Any] = {"department": mapping.department(hr, profile.department), "location": place}
    # The location's defaults only fill in what the HR system didn't say.
    if info and info.language and "language" not in profile.model_fields_set:
        update["language"] = info.language
    if info and info.timezone and "timezone" not in profile.model_fields_set:
        update["timezone"] = info.timezone
    fields = profile.model_copy(update=update).model_dump(mode="json", exclude={"employee_id"})
    return Joined(NAME, _aliases(profile.employee_id, profile.email), fields)


def _employee_left(data: dict[str, Any], hr: HrSettings) -> Left:
    event = EmployeeLeft.model_validate({**data, "provider": NAME})
    last_day = data.get("last_day")
    try:
        day = date.fromisoformat(last_day) if last_day is not None else None
    except (TypeError, ValueError) as exc:
        raise Unmappable("data.last_day must be a date (YYYY-MM-DD), the person's last working day") from exc
    return Left(NAME, _aliases(event.employee_id, data.get("email")), day)


TYPES: dict[str, Callable[[dict[str, Any], HrSettings], Any]] = {
    "vacancy.opened": _vacancy_opened,
    "vacancy.closed": lambda data, hr: VacancyClosed.model_validate({**data, "provider": NAME}),
    "employee.joined": _employee_joined,
    "employee.left": _employee_left,
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
