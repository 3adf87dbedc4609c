"""BambooHR web hooks, both formats: joiners, movers and leavers keep the directory true.

Signature (documentation.bamboohr.com/docs/webhooks, "Security"): BambooHR sends
`X-BambooHR-Timestamp` (unix seconds) and `X-BambooHR-Signature`, the hex HMAC-SHA256 of the raw
body followed by that timestamp, keyed with the web hook's private key. The timestamp is signed,
so a delivery more than five minutes from now is refused as a replay; the dedupe key is the
SHA-256 of the body, so BambooHR's own retry of the same body has no second effect either.

Event-based format (documentation.bamboohr.com/docs/event-based-webhooks; BambooHR's
recommended one), JSON encoding:

    {"type": "employee.created" | "employee.updated" | "employee.deleted",
     "timestamp": "2026-01-31T18:42:00+0000",
     "data": {"companyId": "12345", "employeeId": "67890", "changedFields": ["firstName"]}}

It carries no field values: a created or updated employee is read once through BambooHR's API
(`GET https://api.bamboohr.com/api/gateway.php/{subdomain}/v1/employees/{id}/?fields=...`, HTTP
Basic with the API key as user name), with the org's `hr.bamboohr_subdomain` and the API key
kept in the org's webhook secret document under `bamboohr_api_key`. A deleted employee is
offboarded (by their BambooHR id, an alias of the person).

Field-based format (deprecated by BambooHR, still accepted), JSON encoding:

    {"employees": [{"id": "12345", "action": "Created" | "Updated" | "Deleted",
                    "changedFields": ["Department"], "fields": {"Work Email": "...", ...},
                    "timestamp": "2026-03-02T09:20:00+0000"}]}

Each employee, whichever format, maps on its own:

- a Status or Employment Status among the org's `hr.inactive_statuses` (default "Inactive" and
  "Terminated", compared case-insensitively, so an org that renamed its labels says so) → a
  leaver; their Termination Date, when still to come, is their last day (offboarded after it);
- an active employee with a Termination Date still to come → a leaver after that day;
- otherwise → the person's current profile (an upsert: department, role and location changes
  flow the same way, and a rehire is enrolled again);
- `Deleted` → a leaver (BambooHR sends it with empty fields: the BambooHR id identifies them);
- a field-based `Created` arrives with empty fields and is skipped (an `Updated` follows).

Identity (estafette.identity): the BambooHR employee id and the work email are aliases of one
person; a new person's id is their lower-cased work email. Language and time zone come from
the org's location mapping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError

from estafette import clock, identity
from estafette.domain import EmployeeProfile
from estafette.settings import HrSettings
from hr_webhooks import mapping, signatures
from hr_webhooks.directory import Joined, Left
from hr_webhooks.providers import Delivery, Unmappable, body_digest, first_error, json_object

NAME = "bamboohr"
SIGNS_TIMESTAMP = True
ACCEPTED_STATUS = 202
API_KEY_SECRET = "bamboohr_api_key"
EVENT_TYPES = ("employee.created", "employee.updated", "employee.deleted")
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
    "employment_status": ("Employment Status", "employmentHistoryStatus", "employmentStatus"),
    "termination": ("Termination Date", "terminationDate"),
}
# What the event-based path reads through the API (BambooHR's field names for the API).
API_FIELDS = ",".join(
    [
        *("workEmail", "firstName", "lastName", "preferredName", "department", "division", "location", "jobTitle"),
        *("status", "employmentHistoryStatus", "terminationDate"),
    ]
)


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


def _termination(fields: dict[str, Any], where: str) -> date | None:
    value = _field(fields, "termination")
    if not value or value.startswith("0000"):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise Unmappable(f"{where}: Termination Date {value!r} is not a date") from exc


def person(employee_id: str, fields: dict[str, Any], hr: HrSettings, where: str) -> tuple[Joined | Left | None, str]:
    """One employee's fields (webhook or API) as a joiner or a leaver."""
    email = _field(fields, "email")
    aliases = tuple(identity.aliases_of((NAME, employee_id), (identity.EMAIL, email if email and "@" in email else None)))
    inactive = {label.casefold() for label in hr.inactive_statuses}
    status, employment = _field(fields, "status"), _field(fields, "employment_status")
    last_day = _termination(fields, where)
    place, info = mapping.location(hr, _field(fields, "location"))
    timezone = (info.timezone if info and info.timezone else None) or "Europe/Amsterdam"
    upcoming = last_day is not None and last_day >= clock.now().date()
    if (status or "").casefold() in inactive or (employment or "").casefold() in inactive:
        return Left(NAME, aliases, last_day if upcoming else None, timezone), ""
    if upcoming:
        return Left(NAME, aliases, last_day, timezone), ""
    if not email or "@" not in email:
        return None, f"{where}: no Work Email among the fields, so the person has no Estafette account to match"
    first, last = _field(fields, "preferred") or _field(fields, "first"), _field(fields, "last")
    profile: dict[str, Any] = {
        "employee_id": email.lower(),
        "email": email.lower(),
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
        checked = EmployeeProfile.model_validate(profile)
    except ValidationError as exc:
        raise Unmappable(first_error(exc, f"{where}.fields")) from exc
    return Joined(NAME, aliases, checked.model_dump(mode="json", exclude={"employee_id"})), ""


def _employee_id(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip() or len(str(value)) > 64:
        raise Unmappable(f"{where} must be the BambooHR employee id")
    return str(value).strip()


def _employee(entry: dict[str, Any], index: int, hr: HrSettings) -> tuple[Joined | Left | None, str]:
    where = f"employees[{index}]"
    action = entry.get("action")
    fields = entry.get("fields") or {}
    if not isinstance(fields, dict):
        raise Unmappable(f"{where}.fields must be an object")
    employee_id = _employee_id(entry.get("id"), f"{where}.id")
    if action == "Deleted":
        return Left(NAME, tuple(identity.aliases_of((NAME, employee_id)))), ""
    if not fields:
        return None, f"{where}: BambooHR sends {action!r} without fields, so there is nothing to map"
    return person(employee_id, fields, hr, where)


@dataclass(frozen=True)
class Fetch:
    """An event-based created/updated employee: their fields are read once through BambooHR's API."""

    employee_id: str

    @staticmethod
    def name() -> str:
        return "EmployeeJoined"

    def expand(self, org_id: str, hr: HrSettings) -> tuple[list[Joined | Left], list[str]]:
        fields = read_employee(org_id, hr, self.employee_id)
        if fields is None:
            return [], [f"BambooHR has no employee {self.employee_id} (deleted since): nothing to enrol"]
        found, note = person(self.employee_id, fields, hr, f"employee {self.employee_id}")
        return ([found] if found else []), ([note] if note else [])


def read_employee(org_id: str, hr: HrSettings, employee_id: str) -> dict[str, Any] | None:
    """One GET of the employee's fields; None when BambooHR doesn't know them (404)."""
    import httpx

    from estafette.errors import Unavailable
    from hr_webhooks import webhook_secrets
    from hr_webhooks.config import config

    keys = webhook_secrets.active(org_id, API_KEY_SECRET) or []
    if not keys:
        raise Unmappable(f"no BambooHR API key is set (PUT /v1/org/webhooks/{API_KEY_SECRET}/secret): the event names no fields")
    base = config().hr_api_base_url.rstrip("/") or "https://api.bamboohr.com"
    url = f"{base}/api/gateway.php/{hr.bamboohr_subdomain}/v1/employees/{quote(employee_id)}/"
    try:
        reply = httpx.get(
            url, params={"fields": API_FIELDS}, auth=(keys[0], "x"), headers={"Accept": "application/json"}, timeout=5
        )
    except httpx.HTTPError as exc:
        raise Unavailable() from exc
    if reply.status_code == 404:
        return None
    if reply.status_code in (401, 403):
        raise Unmappable("BambooHR refused the API key (401/403): set a key with access to the employee's fields")
    if reply.status_code >= 300:
        raise Unavailable()
    try:
        document = reply.json()
    except ValueError as exc:
        raise Unavailable() from exc
    return document if isinstance(document, dict) else None


def _event_based(payload: dict[str, Any], hr: HrSettings) -> tuple[list[Any], str]:
    kind = payload.get("type")
    if kind not in EVENT_TYPES:
        return [], f"BambooHR event {kind!r} is not used"
    data = payload.get("data")
    if not isinstance(data, dict):
        raise Unmappable("'data' must be an object with the employeeId")
    employee_id = _employee_id(data.get("employeeId"), "data.employeeId")
    if kind == "employee.deleted":
        return [Left(NAME, tuple(identity.aliases_of((NAME, employee_id))))], ""
    if not hr.bamboohr_subdomain:
        raise Unmappable("event-based web hooks carry no fields: set hr.bamboohr_subdomain so Estafette can read them")
    return [Fetch(employee_id)], ""


def parse(body: bytes, headers: Mapping[str, str], hr: HrSettings) -> Delivery:
    payload = json_object(body)
    digest = body_digest(body)
    delivery_id = f"{(headers.get(TIMESTAMP_HEADER) or '').strip()}-{digest[7:23]}"
    if "type" in payload and "employees" not in payload:
        items, ignored = _event_based(payload, hr)
        return Delivery(delivery_id, str(payload.get("type")), tuple(items), digest, ignored)
    employees = payload.get("employees")
    if not isinstance(employees, list) or not all(isinstance(e, dict) for e in employees):
        raise Unmappable("'employees' (field-based) or 'type' (event-based) is required; choose the JSON format for the web hook")
    if len(employees) > MAX_EMPLOYEES:
        raise Unmappable(f"'employees' holds more than {MAX_EMPLOYEES} entries")
    people: list[Joined | Left] = []
    notes: list[str] = []
    for index, entry in enumerate(employees):
        found, note = _employee(entry, index, hr)
        if found is not None:
            people.append(found)
        if note:
            notes.append(note)
    actions = sorted({str(e.get("action")) for e in employees})
    ignored = "" if people else ("; ".join(notes[:5]) or "the delivery lists no employees")
    return Delivery(delivery_id, "employees " + "/".join(actions), tuple(people), digest, ignored, tuple(notes))
