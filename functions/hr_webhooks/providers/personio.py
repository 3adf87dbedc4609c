"""Personio web hooks (API v2): employments that start and end bring joiners and leavers.

Payload (developer.personio.de/v2.0/reference/webhooks, "Event Payload Structure"):

    {"company_id": "78901", "event_name": "employment.started", "occurred_at": "2026-04-01T06:00:00Z",
     "payload": {"id": "<employment id>", "person_id": "<person id>"}, "meta": {}}

Personio's notifications are dataless (no personal data in the body), and `employment.started`
and `employment.terminated` are effective-date notifications: Personio sends them on the day the
employment starts or ends, so the leave is effective at once. The person's work email, name and
department are read once through Personio's API (`POST /v2/auth/token` with the client
credentials, then `GET /v2/persons/{id}`), with the client id and secret the admin keeps in the
org's webhook secret document under `personio_api` ("<client id>:<client secret>").

Authentication (developer.personio.de/reference/post_v2-webhooks, `auth_type`): Personio signs
nothing; with the default `TOKEN` type it sends the web hook's token, verbatim, in the
`Authorization` header. Estafette compares it (constant time) with the org's active secrets for
`personio`, so set the web hook's token to a secret Estafette generated. There is no signed
time: deliveries are deduplicated on the SHA-256 of the body, kept for good. Personio retries
5xx answers (except 501) for up to 3 days and wants an answer within 3 seconds.

Other events (person and employment created/updated/deleted, absences, documents) are answered
200 and logged as ignored.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from estafette import identity
from estafette.settings import HrSettings
from hr_webhooks import signatures
from hr_webhooks.directory import Joined, Left
from hr_webhooks.providers import Delivery, Unmappable, body_digest, json_object

NAME = "personio"
SIGNS_TIMESTAMP = False
ACCEPTED_STATUS = 202
API_SECRET = "personio_api"
EVENTS = ("employment.started", "employment.terminated")


def verify(headers: Mapping[str, str], body: bytes, secrets: Sequence[str], now: float) -> str | None:
    if not secrets:
        return signatures.NO_SECRET
    given = (headers.get("authorization") or "").strip()
    if not given:
        return signatures.MISSING
    found = False
    for secret in secrets:
        for candidate in (secret, f"Bearer {secret}"):
            found |= hmac.compare_digest(candidate.encode(), given.encode())
    return None if found else signatures.MISMATCH


@dataclass(frozen=True)
class Fetch:
    person_id: str
    leaving: bool

    def name(self) -> str:
        return "EmployeeLeft" if self.leaving else "EmployeeJoined"

    def expand(self, org_id: str, hr: HrSettings) -> tuple[list[Any], list[str]]:
        alias = identity.Alias.of(NAME, self.person_id)
        if self.leaving and identity.find(org_id, [alias]):
            return [Left(NAME, (alias,))], []  # known already: no personal data needs reading
        person = read_person(org_id, self.person_id)
        if person is None:
            return [], [f"Personio has no person {self.person_id}: skipped"]
        email = person.get("email") if isinstance(person.get("email"), str) else None
        aliases = (alias, *identity.aliases_of((identity.EMAIL, email)))
        if self.leaving:
            return [Left(NAME, aliases)], []
        first = person.get("preferred_name") or person.get("first_name") or ""
        profile: dict[str, Any] = {
            "email": (email or "").lower() or None,
            "name": f"{first} {person.get('last_name') or ''}".strip(),
        }
        return [Joined(NAME, aliases, {k: v for k, v in profile.items() if v})], []


def read_person(org_id: str, person_id: str) -> dict[str, Any] | None:
    import httpx

    from estafette.errors import Unavailable
    from hr_webhooks import webhook_secrets
    from hr_webhooks.config import config

    credentials = webhook_secrets.active(org_id, API_SECRET) or []
    if not credentials or ":" not in credentials[0]:
        raise Unmappable(
            f"no Personio API client is set (PUT /v1/org/webhooks/{API_SECRET}/secret, '<client id>:<client secret>')"
        )
    client_id, _, client_secret = credentials[0].partition(":")
    base = config().hr_api_base_url.rstrip("/") or "https://api.personio.de"
    try:
        token = httpx.post(
            f"{base}/v2/auth/token",
            data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret},
            timeout=5,
        )
        if token.status_code in (400, 401, 403):
            raise Unmappable("Personio refused the API client credentials")
        if token.status_code >= 300:
            raise Unavailable()
        reply = httpx.get(
            f"{base}/v2/persons/{quote(person_id)}",
            headers={"Authorization": f"Bearer {token.json()['access_token']}", "Accept": "application/json"},
            timeout=5,
        )
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        raise Unavailable() from exc
    if reply.status_code == 404:
        return None
    if reply.status_code >= 300:
        raise Unavailable()
    document = reply.json()
    return document if isinstance(document, dict) else None


def parse(body: bytes, headers: Mapping[str, str], hr: HrSettings) -> Delivery:
    document = json_object(body)
    event_name = document.get("event_name")
    digest = body_digest(body)
    if not isinstance(event_name, str) or not isinstance(document.get("payload"), dict):
        raise Unmappable("a Personio web hook has 'event_name' and a 'payload' object")
    if event_name not in EVENTS:
        return Delivery(digest, event_name, dedupe_key=digest, ignored=f"Personio event {event_name!r} is not used")
    payload: dict[str, Any] = document["payload"]  # type: ignore[assignment]
    person_id = payload.get("person_id")
    if isinstance(person_id, bool) or not isinstance(person_id, str | int) or not str(person_id).strip():
        raise Unmappable("payload.person_id must be the Personio person id")
    delivery_id = f"{event_name}-{person_id}-{digest[7:19]}"
    return Delivery(delivery_id, event_name, (Fetch(str(person_id), event_name == "employment.terminated"),), digest)
