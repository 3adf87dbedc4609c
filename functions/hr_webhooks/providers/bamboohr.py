"""BambooHR field-based web hooks (`employee_with_fields.*`): joiners and leavers keep the directory true.

Signature (documentation.bamboohr.com/docs/webhooks, "Security"): BambooHR sends
`X-BambooHR-Timestamp` (unix seconds) and `X-BambooHR-Signature`, the hex HMAC-SHA256 of the raw
body followed by that timestamp, keyed with the web hook's private key (generated on the web
hook's page in BambooHR). The timestamp is signed, so a delivery more than five minutes from
now is refused as a replay; the dedupe key is the SHA-256 of the body, so BambooHR's own retry
of the same body has no second effect either.

Body, JSON format (the form-post format is not accepted; choose JSON on the web hook):

    {"employees": [{"id": "12345", "action": "Created" | "Updated" | "Deleted",
                    "changedFields": ["Department"], "fields": {"Work Email": "...", ...},
                    "timestamp": "2026-03-02T09:20:00+0000"}]}

One delivery may carry several employees; each maps on its own:

- `fields.Status` "Inactive" (or `Employment Status` "Terminated") → EmployeeLeft.
- otherwise, an employee with fields → EmployeeJoined, the person's current profile (an upsert:
  the directory takes HR's latest department, role and location).
- BambooHR sends `Created` and `Deleted` with empty fields, so they say nothing we can use and are
  skipped (a new hire's `Updated` follows with the fields; people leave by becoming Inactive).

The employee id in Estafette is the SSO subject; for BambooHR it is the work email, lower-cased.
Configure the web hook to post: Work Email, First Name, Last Name (or Preferred Name), Department,
Location, Job Title and Status, under BambooHR's English names or their API aliases
(workEmail, firstName, ...). Language and time zone come from the org's location mapping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from estafette.domain import EmployeeProfile
from estafette.events import EmployeeJoined, EmployeeLeft, EventData
from estafette.settings import HrSettings
from hr_webhooks import mapping, signatures
from hr_webhooks.providers import Delivery, Unmappable, body_digest, first_error, json_object

NAME = "bamboohr"
SIGNS_TIMESTAMP = True
SIGNATURE_HEADER = "x-bamboohr-signature"
TIMESTAMP_HEADER = "x-bamboohr-timestamp"
MAX_EMPLOYEES = 500

# BambooHR's default (English) field names, and the API aliases an admin may post them under.
FIELDS: dict[str, tuple[str, ...]] = {
    "email": ("Work Email", "workEmail"),
    "first": ("First Name", "firstName"),
    "last": ("Last Name", "lastName"),
    "preferred": ("Preferred Name", "preferredName"),
    "department": ("Department", "department"),
    "division": ("Division", "division"),
    "location": ("Location", "location"),
    "role": ("Job Title", "jobTitle"),
    "status": ("Status", "status"),
    "employment_status": ("Employment Status", "employmentStatus"),
}


def sign(secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers BambooHR would send (for tests, samples and the local demo)."""
    return {
        "X-BambooHR-Timestamp": str(timestamp),
        "X-BambooHR-Signature": signatures.mac(secret, body + str(timestamp).encode()),
    }


def verify(headers: Mapping[str, str], body: bytes, secrets: Sequence[str], now: float) -> str | None:
    if not secrets:
        return signatures.NO_SECRET
    raw_timestamp = (headers.get(TIMESTAMP_HEADER) or "").strip()
    timestamp = signatures.parse_timestamp(raw_timestamp)
    signature = headers.get(SIGNATURE_HEADER)
    if timestamp is None or not signature:
        return signatures.MISSING
    if not signatures.matches([signature], secrets, body + raw_timestamp.encode()):
        return signatures.MISMATCH
    return signatures.STALE if signatures.stale(timestamp, now) else None


def _field(fields: dict[str, Any], name: str) -> str | None:
    for key in FIELDS[name]:
        value = fields.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _employee(entry: dict[str, Any], index: int, hr: HrSettings) -> tuple[EventData | None, str]:
    where = f"employees[{index}]"
    action = entry.get("action")
    fields = entry.get("fields") or {}
    if not isinstance(fields, dict):
        raise Unmappable(f"{where}.fields must be an object")
    if not fields:
        return None, f"{where}: BambooHR sends {action!r} without fields, so there is nothing to map"
    email = _field(fields, "email")
    if not email or "@" not in email:
        return None, f"{where}: no Work Email among the posted fields, so the person has no Estafette account to match"
    employee_id = email.lower()
    status, employment = _field(fields, "status"), _field(fields, "employment_status")
    if (status or "").casefold() == "inactive" or (employment or "").casefold() == "terminated":
        return EmployeeLeft(employee_id=employee_id, provider=NAME), ""
    first, last = _field(fields, "preferred") or _field(fields, "first"), _field(fields, "last")
    place, info = mapping.location(hr, _field(fields, "location"))
    profile: dict[str, Any] = {
        "employee_id": employee_id,
        "email": employee_id,
        "name": " ".join(p for p in (first, last) if p),
        "department": mapping.department(hr, _field(fields, "department"), _field(fields, "division")),
        "role": _field(fields, "role"),
        "location": place,
    }
    if info and info.language:
        profile["language"] = info.language
    if info and info.timezone:
        profile["timezone"] = info.timezone
    try:
        return EmployeeJoined(profile=EmployeeProfile.model_validate(profile), provider=NAME), ""
    except ValidationError as exc:
        raise Unmappable(first_error(exc, f"{where}.fields")) from exc


def parse(body: bytes, headers: Mapping[str, str], hr: HrSettings) -> Delivery:
    employees = json_object(body).get("employees")
    if not isinstance(employees, list) or not all(isinstance(e, dict) for e in employees):
        raise Unmappable("'employees' must be a list of objects (choose the JSON format for the web hook)")
    if len(employees) > MAX_EMPLOYEES:
        raise Unmappable(f"'employees' holds more than {MAX_EMPLOYEES} entries")
    events: list[EventData] = []
    notes: list[str] = []
    for index, entry in enumerate(employees):
        event, note = _employee(entry, index, hr)
        if event is not None:
            events.append(event)
        if note:
            notes.append(note)
    digest = body_digest(body)
    actions = sorted({str(e.get("action")) for e in employees})
    delivery_id = f"{(headers.get(TIMESTAMP_HEADER) or '').strip()}-{digest[7:23]}"
    ignored = "" if events else ("; ".join(notes[:5]) or "the delivery lists no employees")
    return Delivery(delivery_id, "employees " + "/".join(actions), tuple(events), digest, ignored, tuple(notes))
