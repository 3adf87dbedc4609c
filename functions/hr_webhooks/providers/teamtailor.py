"""Teamtailor company web hooks: jobs created, updated and removed drive the vacancy's lifecycle.

Payload (partner.teamtailor.com/company_webhooks, "Webhook Payloads"): a JSON:API resource inside
`payload`, and the signature beside it:

    {"payload": {"event_name": "job.create" | "job.update" | "job.destroy",
                 "data": {"id": "2", "type": "jobs", "attributes": {"title": ..., "status": ...,
                          "human-status": ..., "internal": false, "tags": [...], ...}}},
     "signature": "YzU1N2Fh...=="}

Signature: the Base64 of the hex HMAC-SHA256 of the resource id (`data.id`), keyed with the
web hook's signature key (the documented example decodes to 64 hex digits; Teamtailor's
partner set-ups send the same value in a `Teamtailor-Signature` header, which is accepted too).
It covers neither the body nor a time, so:
- the public address is never taken from the body: it is `hr.teamtailor_job_url` filled in with
  the signed job id (for example https://acme.teamtailor.com/jobs/{job_id});
- a delivery is deduplicated on the SHA-256 of its body, kept for good, so a captured delivery
  replayed as it was is always a duplicate;
- what remains possible for someone holding one signed delivery of a job is re-sending it with
  another title or status for that same job; the delivery log shows every such delivery.

Mapping: `job.create`/`job.update` with `status` "open" and not `internal` → VacancyOpened (title,
the department mapped from the first of its tags that the org's `hr.departments` knows);
any other status (draft, archived, unlisted) → VacancyClosed; `job.destroy` → VacancyClosed.
Candidate and application events are answered 200 and logged as ignored.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping, Sequence
from typing import Any

from estafette.events import VacancyClosed, VacancyOpened
from estafette.settings import HrSettings
from hr_webhooks import mapping, signatures
from hr_webhooks.providers import Delivery, Unmappable, body_digest, json_object

NAME = "teamtailor"
SIGNS_TIMESTAMP = False
ACCEPTED_STATUS = 202
SIGNATURE_HEADER = "teamtailor-signature"
JOB_EVENTS = ("job.create", "job.update", "job.destroy")


def signature(secret: str, resource_id: str) -> str:
    return base64.b64encode(signatures.mac(secret, resource_id.encode()).encode()).decode()


def _resource_id(body: bytes) -> tuple[str | None, str | None]:
    try:
        document = json_object(body)
    except Unmappable:
        return None, None
    payload = document.get("payload")
    data = payload.get("data") if isinstance(payload, dict) else None
    resource = data.get("id") if isinstance(data, dict) else None
    given = document.get("signature")
    return (str(resource) if isinstance(resource, str | int) and not isinstance(resource, bool) else None), (
        given if isinstance(given, str) else None
    )


def verify(headers: Mapping[str, str], body: bytes, secrets: Sequence[str], now: float) -> str | None:
    if not secrets:
        return signatures.NO_SECRET
    resource_id, in_body = _resource_id(body)
    given = in_body or headers.get(SIGNATURE_HEADER)
    if resource_id is None or not given:
        return signatures.MISSING
    try:
        hex_mac = base64.b64decode(given.strip(), validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return signatures.MISSING
    found = False
    for secret in secrets:
        found |= hmac.compare_digest(signatures.mac(secret, resource_id.encode()), hex_mac.lower())
    return None if found else signatures.MISMATCH


def _opened(job_id: str, attributes: dict[str, Any], hr: HrSettings) -> VacancyOpened:
    title = attributes.get("title")
    if not isinstance(title, str) or not title.strip():
        raise Unmappable("payload.data.attributes.title must be the job's title")
    if not hr.teamtailor_job_url:
        raise Unmappable("Teamtailor's signature does not cover the body: set hr.teamtailor_job_url to build the job's address")
    given = attributes.get("tags")
    tags: list[Any] = given if isinstance(given, list) else []
    department = next((hr.departments[t] for t in tags if isinstance(t, str) and t in hr.departments), "")
    return VacancyOpened(
        vacancy_id=job_id,
        title=title.strip()[:200],
        url=hr.teamtailor_job_url.format(job_id=job_id),
        department=mapping.department(hr, department) or "",
        provider=NAME,
    )


def parse(body: bytes, headers: Mapping[str, str], hr: HrSettings) -> Delivery:
    document = json_object(body)
    payload = document.get("payload")
    if not isinstance(payload, dict):
        raise Unmappable("'payload' must be an object with event_name and data")
    event_name, data = payload.get("event_name"), payload.get("data")
    digest = body_digest(body)
    if event_name not in JOB_EVENTS:
        return Delivery(digest, str(event_name), dedupe_key=digest, ignored=f"Teamtailor event {event_name!r} is not used")
    if not isinstance(data, dict) or data.get("type", "jobs") != "jobs":
        raise Unmappable("payload.data must be a jobs resource")
    job_id = str(data.get("id"))
    delivery_id = f"{event_name}-{job_id}-{digest[7:19]}"
    if event_name == "job.destroy":
        return Delivery(delivery_id, str(event_name), (VacancyClosed(vacancy_id=job_id, provider=NAME),), digest)
    attributes = data.get("attributes")
    if not isinstance(attributes, dict):
        raise Unmappable("payload.data.attributes must be an object")
    if attributes.get("status") == "open" and attributes.get("internal") is not True:
        event: Any = _opened(job_id, attributes, hr)
    else:
        event = VacancyClosed(vacancy_id=job_id, provider=NAME)
    return Delivery(delivery_id, str(event_name), (event,), digest)
