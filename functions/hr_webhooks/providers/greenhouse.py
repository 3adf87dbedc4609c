"""Greenhouse Recruiting web hooks: a job post going live becomes a vacancy; unpublished or closed, it expires.

Signature (developers.greenhouse.io/webhooks.html, "Authentication"): the `Signature` header is
the algorithm, a space and the hex HMAC-SHA256 of the entire raw body, keyed with the web hook's
secret key: `Signature: sha256 37d2725109df...`. Greenhouse escapes non-ASCII characters in the
JSON before signing, so the MAC is computed over the bytes exactly as received. Greenhouse
treats any answer but 200 as a failure and retries, so accepted deliveries are answered 200.

Replays. Greenhouse signs no send time, so there is no timestamp to hold against the five-minute
window, and it retries a failed delivery for hours. Instead the dedupe key is the SHA-256 of the
signed body, kept without expiry: replaying a captured delivery, whatever headers are changed
(`Greenhouse-Event-ID` is not signed), is always a duplicate.

What is public is the job *post* (developers.greenhouse.io/webhooks.html, "Job Post created",
"Job Post updated", which "also fires when the live status of the job changes"), not the job:
a job is "open" long before its post is published, and its `name` is the internal one.

- `job_post_created`, `job_post_updated` with `live: true` on an external board →
  VacancyOpened with the post's public `title` and its absolute URL (the payload's
  `absolute_url` when present, else `hr.greenhouse_job_url` filled in with the post and job id),
  aimed at the department and offices the job's own events told us (remembered per job);
- the same with `live: false` → VacancyClosed (the content expires);
- `job_post_deleted`, `job_deleted`, a `job_updated` whose status is `closed` → VacancyClosed;
- `job_created`, `job_updated`, `job_approved` otherwise only record the job's department and
  offices (its notes and internal name are never published);
- anything else (candidates, applications, the ping sent when a web hook is saved) is answered
  200 and logged as ignored, so Greenhouse keeps the web hook enabled.

A vacancy is the Greenhouse job (`vacancy_id` = job id): a job's live posts announce one item,
and the job closing expires it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from estafette.events import VacancyClosed, VacancyOpened
from estafette.settings import HrSettings
from hr_webhooks import mapping, signatures
from hr_webhooks.providers import Delivery, Unmappable, body_digest, json_object

NAME = "greenhouse"
SIGNS_TIMESTAMP = False
ACCEPTED_STATUS = 200  # Greenhouse retries on anything else
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


@dataclass(frozen=True)
class JobFacts:
    """What a job event says that a post needs: the department and offices to aim the vacancy at."""

    job_id: str
    department: str
    locations: tuple[str, ...]

    @staticmethod
    def name() -> str:
        return "JobRecorded"

    def expand(self, org_id: str, hr: HrSettings) -> tuple[list[Any], list[str]]:
        _table().put_item(
            Item={
                "pk": f"ORG#{org_id}",
                "sk": f"JOB#{NAME}#{self.job_id}",
                "department": self.department,
                "locations": list(self.locations),
            }
        )
        return [], []


@dataclass(frozen=True)
class PostLive:
    """A live external job post: a vacancy, aimed where its job's events said."""

    job_id: str
    title: str
    url: str
    location: str

    @staticmethod
    def name() -> str:
        return VacancyOpened.name()

    def expand(self, org_id: str, hr: HrSettings) -> tuple[list[Any], list[str]]:
        job = _table().get_item(Key={"pk": f"ORG#{org_id}", "sk": f"JOB#{NAME}#{self.job_id}"}).get("Item") or {}
        locations = [str(x) for x in job.get("locations", [])] or ([self.location] if self.location else [])
        notes = [] if job else [f"job {self.job_id}: no job event seen yet, so the vacancy is aimed at everyone"]
        event = VacancyOpened(
            vacancy_id=self.job_id,
            title=self.title,
            url=self.url,
            department=str(job.get("department", "")),
            locations=list(dict.fromkeys(locations)),
            provider=NAME,
        )
        return [event], notes


def _table() -> Any:
    from estafette.aws import table
    from hr_webhooks.config import config

    return table(config().webhooks_table_name)


def _job_state(payload: dict[str, Any], hr: HrSettings) -> tuple[tuple[Any, ...], str]:
    job = _job(payload)
    vacancy_id = str(job["id"])
    departments = _named(job.get("departments"), "departments")
    department = mapping.department(hr, departments[0]["name"], departments[0].get("external_id")) if departments else None
    locations = tuple(
        mapping.location(hr, office["name"], office.get("external_id"))[0] or office["name"]
        for office in _named(job.get("offices"), "offices")
    )
    facts = JobFacts(vacancy_id, department or "", locations)
    if job.get("status") == "closed":
        return (facts, VacancyClosed(vacancy_id=vacancy_id, provider=NAME)), ""
    return (facts,), ""


def _job_deleted(payload: dict[str, Any], hr: HrSettings) -> tuple[tuple[Any, ...], str]:
    return (VacancyClosed(vacancy_id=str(_job(payload)["id"]), provider=NAME),), ""


def _post(payload: dict[str, Any]) -> dict[str, Any]:
    # job_post_created/updated carry the post as the payload itself; job_post_deleted nests it.
    post = payload.get("job_post", payload)
    if not isinstance(post, dict):
        raise Unmappable("payload must be the job post")
    for key in ("id", "job_id"):
        value = post.get(key)
        if isinstance(value, bool) or not isinstance(value, int | str) or str(value) == "":
            raise Unmappable(f"payload.{key} must be the Greenhouse {'job post' if key == 'id' else 'job'} id")
    return post


def _post_state(payload: dict[str, Any], hr: HrSettings) -> tuple[tuple[Any, ...], str]:
    post = _post(payload)
    job_id, post_id = str(post["job_id"]), str(post["id"])
    if post.get("live") is not True:
        return (VacancyClosed(vacancy_id=job_id, provider=NAME),), ""
    if post.get("external") is False:
        return (), f"job post {post_id} is on internal job boards only, so it is not advertised"
    title = post.get("title")
    if not isinstance(title, str) or not title.strip():
        raise Unmappable("payload.title must be the job post's public title")
    url = post.get("absolute_url")
    if not (isinstance(url, str) and urlsplit(url).scheme in ("http", "https")):
        if not hr.greenhouse_job_url:
            raise Unmappable("the job post carries no public address: set hr.greenhouse_job_url in the org settings")
        url = hr.greenhouse_job_url.format(job_id=job_id, job_post_id=post_id)
    location = post.get("location")
    place = location.get("name") if isinstance(location, dict) else location
    name = mapping.location(hr, place)[0] if isinstance(place, str) and place.strip() else ""
    return (PostLive(job_id, title.strip()[:200], url, name or ""),), ""


def _post_deleted(payload: dict[str, Any], hr: HrSettings) -> tuple[tuple[Any, ...], str]:
    return (VacancyClosed(vacancy_id=str(_post(payload)["job_id"]), provider=NAME),), ""


ACTIONS: dict[str, Callable[[dict[str, Any], HrSettings], tuple[tuple[Any, ...], str]]] = {
    "job_created": _job_state,
    "job_updated": _job_state,
    "job_approved": _job_state,
    "job_deleted": _job_deleted,
    "job_post_created": _post_state,
    "job_post_updated": _post_state,
    "job_post_deleted": _post_deleted,
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
    items, ignored = handle(payload, hr)
    return Delivery(delivery_id, str(action), events=items, dedupe_key=digest, ignored=ignored)
