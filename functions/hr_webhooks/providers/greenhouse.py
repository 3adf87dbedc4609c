"""Greenhouse Recruiting web hooks: jobs that open and close become vacancies.

Signature (developers.greenhouse.io/webhooks.html, "Authentication"): the `Signature` header is
the algorithm, a space and the hex HMAC-SHA256 of the entire raw body, keyed with the web hook's
secret key: `Signature: sha256 37d2725109df...`. Greenhouse escapes non-ASCII characters in the
JSON before signing, so the MAC is computed over the bytes exactly as received.

Replays. Greenhouse signs no send time, so there is no timestamp to hold against the five-minute
window: the job's own times (`created_at`, `opened_at`) are event times, and Greenhouse retries a
failed delivery for hours, so refusing old ones would drop its legitimate retries. Instead the
dedupe key is the SHA-256 of the signed body, kept without expiry: replaying a captured delivery,
whatever headers are changed (`Greenhouse-Event-ID` is not signed), is always a duplicate, and
changing one byte of the body breaks the signature. What remains is a delivery captured before
it ever reached us (TLS prevents that) or one replayed after its dedupe record was deleted.

Body: `{"action": ..., "payload": {"job": {...}}}` (see events/webhooks/greenhouse-*.json):

- `job_created`, `job_updated`, `job_approved`: the job's `status` decides. `open` becomes
  VacancyOpened, aimed at the job's first department, located at its offices; `closed` becomes
  VacancyClosed; a `draft` or `confidential` job is ignored.
- `job_deleted`: VacancyClosed.
- Any other action (candidates, applications, job posts, the ping Greenhouse sends when a web hook
  is saved) is answered 200 and logged as ignored, so Greenhouse doesn't disable the hook.

The job payload has no public URL: the org sets `hr.greenhouse_job_url`, for example
`https://job-boards.greenhouse.io/acme/jobs/{job_post_id}`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from estafette.events import EventData, VacancyClosed, VacancyOpened
from estafette.settings import HrSettings
from hr_webhooks import mapping, signatures
from hr_webhooks.providers import Delivery, Unmappable, body_digest, json_object

NAME = "greenhouse"
SIGNS_TIMESTAMP = False
SIGNATURE_HEADER = "signature"
EVENT_ID_HEADER = "greenhouse-event-id"


def sign(secret: str, body: bytes) -> dict[str, str]:
    """The header Greenhouse would send (for tests, samples and the local demo)."""
    return {"Signature": f"sha256 {signatures.mac(secret, body)}"}


def verify(headers: Mapping[str, str], body: bytes, secrets: Sequence[str], now: float) -> str | None:
    if not secrets:
        return signatures.NO_SECRET
    algorithm, _, digest = (headers.get(SIGNATURE_HEADER) or "").strip().partition(" ")
    if algorithm.lower() != "sha256" or not digest:
        return signatures.MISSING
    return None if signatures.matches([digest], secrets, body) else signatures.MISMATCH


def _job(payload: dict[str, Any]) -> dict[str, Any]:
    job = payload.get("job") if isinstance(payload, dict) else None
    if not isinstance(job, dict):
        raise Unmappable("payload.job must be an object")
    if not isinstance(job.get("id"), int | str) or isinstance(job.get("id"), bool) or str(job.get("id")) == "":
        raise Unmappable("payload.job.id must be the Greenhouse job id")
    return job


def _named(items: Any, what: str) -> list[dict[str, Any]]:
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Unmappable(f"payload.job.{what} must be a list of objects")
    return [i for i in items if isinstance(i.get("name"), str) and i["name"].strip()]


def _job_state(payload: dict[str, Any], hr: HrSettings) -> tuple[EventData | None, str]:
    job = _job(payload)
    vacancy_id = str(job["id"])
    status = job.get("status")
    if status == "closed":
        return VacancyClosed(vacancy_id=vacancy_id, provider=NAME), ""
    if status != "open":
        return None, f"job {vacancy_id} is {status!r}, not open"
    if job.get("confidential") is True:
        return None, f"job {vacancy_id} is confidential, so it is not advertised"
    title = job.get("name")
    if not isinstance(title, str) or not title.strip():
        raise Unmappable("payload.job.name must be the job's title")
    departments = _named(job.get("departments"), "departments")
    if not departments:
        raise Unmappable("payload.job.departments is empty: Estafette aims a vacancy at its department")
    department = mapping.department(hr, departments[0]["name"], departments[0].get("external_id"))
    locations = [
        mapping.location(hr, office["name"], office.get("external_id"))[0] or office["name"]
        for office in _named(job.get("offices"), "offices")
    ]
    if not hr.greenhouse_job_url:
        raise Unmappable("Greenhouse jobs carry no public address: set hr.greenhouse_job_url in the org settings")
    post_id = job.get("job_post_id")
    if "{job_post_id}" in hr.greenhouse_job_url and post_id in (None, ""):
        return None, f"job {vacancy_id} has no job post yet, so it has no public address"
    try:
        url = hr.greenhouse_job_url.format(job_id=vacancy_id, job_post_id=post_id)
    except (ValueError, KeyError, IndexError) as exc:
        raise Unmappable(f"hr.greenhouse_job_url cannot be filled in: {exc}") from exc
    event = VacancyOpened(
        vacancy_id=vacancy_id,
        title=title.strip()[:200],
        url=url,
        department=department or "",
        locations=list(dict.fromkeys(locations)),
        provider=NAME,
    )
    return event, ""


def _job_deleted(payload: dict[str, Any], hr: HrSettings) -> tuple[EventData | None, str]:
    return VacancyClosed(vacancy_id=str(_job(payload)["id"]), provider=NAME), ""


ACTIONS: dict[str, Callable[[dict[str, Any], HrSettings], tuple[EventData | None, str]]] = {
    "job_created": _job_state,
    "job_updated": _job_state,
    "job_approved": _job_state,
    "job_deleted": _job_deleted,
}


def parse(body: bytes, headers: Mapping[str, str], hr: HrSettings) -> Delivery:
    document = json_object(body)
    action = document.get("action")
    digest = body_digest(body)
    delivery_id = (headers.get(EVENT_ID_HEADER) or "").strip()[:128] or digest
    handle = ACTIONS.get(action) if isinstance(action, str) else None
    if handle is None:
        return Delivery(delivery_id, str(action), dedupe_key=digest, ignored=f"Greenhouse action {action!r} is not used")
    payload = document.get("payload")
    if not isinstance(payload, dict):
        raise Unmappable("'payload' must be an object")
    event, ignored = handle(payload, hr)
    return Delivery(delivery_id, str(action), events=(event,) if event else (), dedupe_key=digest, ignored=ignored)
