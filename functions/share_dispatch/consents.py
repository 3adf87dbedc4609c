"""Standing consents: "share vacancies of my department to LinkedIn", given and taken back by the employee.

- Only the employee creates or revokes their consents (the routes act on the caller's own `sub`;
  no route takes another employee's id, whatever the caller's role).
- Every change is written to a timestamped history next to the consent, in the same transaction.
- A consent names the department it was given for (the employee's at that moment), so what was
  agreed to stays explicit; someone who moves department gives a new consent. Automatic shares
  also require the content to be targeted at the employee as they are now.
- When vacancy content is published for a department, each employee with an active consent for
  it gets a share requested (`shares.request_for_consent`), through the guard like any other
  share and referencing the consent. Redelivered events request nothing twice.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from estafette import clock, settings
from estafette.domain import ContentType, Network
from estafette.errors import Conflict, NotFound, Unprocessable
from estafette.networks import API_NETWORKS
from estafette.observability import logger_for
from estafette.publisher import Publisher
from share_dispatch import messages as _messages  # noqa: F401  (registers the codes)
from share_dispatch import shares, store
from share_dispatch.shares import NotConnected

logger = logger_for("share_dispatch")


class ConsentScope(StrEnum):
    MY_DEPARTMENT = "my_department"


class ConsentContent(StrEnum):
    VACANCY = "vacancy"


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    network: Network
    content_type: ConsentContent = ConsentContent.VACANCY
    scope: ConsentScope = ConsentScope.MY_DEPARTMENT


def public_view(consent: dict[str, Any]) -> dict[str, Any]:
    fields = (
        "consent_id",
        "network",
        "content_type",
        "scope",
        "department",
        "status",
        "given_at",
        "revoked_at",
        "revoked_because",
    )
    return {k: consent[k] for k in fields if consent.get(k) is not None}


def give(org_id: str, employee_id: str, body: ConsentIn, now: datetime | None = None) -> dict[str, Any]:
    now = now or clock.now()
    if body.network.value not in API_NETWORKS:
        raise Unprocessable("consent_needs_api_network", field="network", network=body.network.value)
    employee = store.get_employee(org_id, employee_id) or {}
    department = employee.get("department")
    if not department:
        raise Unprocessable("consent_needs_department", field="scope")
    if store.get_connection(org_id, employee_id, body.network.value) is None:
        raise NotConnected(body.network.value)
    for existing in store.list_consents(org_id, employee_id):
        same = (existing["network"], existing["content_type"], existing["department"].casefold())
        if existing.get("status") == "active" and same == (body.network.value, body.content_type.value, department.casefold()):
            raise Conflict("consent_exists", consent_id=existing["consent_id"])
    consent = {
        "consent_id": secrets.token_hex(8),
        "org_id": org_id,
        "employee_id": employee_id,
        "network": body.network.value,
        "content_type": body.content_type.value,
        "scope": body.scope.value,
        "department": department,
        "status": "active",
        "given_at": store.stamp(now),
    }
    store.put_consent(consent, _log(consent, "given", "employee", now))
    logger.info("consent given", extra={"org_id": org_id, "consent_id": consent["consent_id"]})
    return public_view(consent)


def revoke(org_id: str, employee_id: str, consent_id: str, reason: str = "employee", now: datetime | None = None) -> dict:
    now = now or clock.now()
    consent = store.get_consent(org_id, employee_id, consent_id)
    if consent is None:
        raise NotFound(what=f"Consent {consent_id}")
    if consent.get("status") != "active" or not store.revoke_consent(consent, _log(consent, "revoked", reason, now)):
        raise Conflict("consent_already_revoked")
    return public_view({**consent, "status": "revoked", "revoked_at": store.stamp(now), "revoked_because": reason})


def overview(org_id: str, employee_id: str) -> dict[str, Any]:
    consents = [public_view(c) for c in store.list_consents(org_id, employee_id)]
    history = [
        {k: entry[k] for k in ("at", "action", "reason", "consent_id", "network", "content_type", "department") if k in entry}
        for entry in store.consent_history(org_id, employee_id)
    ]
    return {"items": consents, "history": history}


def _log(consent: dict[str, Any], action: str, reason: str, now: datetime) -> dict[str, Any]:
    return {
        "at": store.stamp(now) + f".{now.microsecond:06d}",
        "action": action,
        "reason": reason,
        "consent_id": consent["consent_id"],
        "network": consent["network"],
        "content_type": consent["content_type"],
        "department": consent["department"],
    }


def revoke_all(org_id: str, employee_id: str, reason: str) -> int:
    revoked = 0
    for consent in store.list_consents(org_id, employee_id):
        if consent.get("status") == "active" and store.revoke_consent(consent, _log(consent, "revoked", reason, clock.now())):
            revoked += 1
    return revoked


# --- consent-driven shares ------------------------------------------------------------------


def share_published_vacancy(org_id: str, content: dict[str, Any], publisher: Publisher) -> dict[str, int]:
    """Every matching standing consent gets its share requested; returns counts per outcome."""
    counts = {"requested": 0, "blocked": 0, "skipped": 0}
    if str(content.get("content_type")) != ContentType.VACANCY.value or not settings.for_org(org_id).guard.auto_shares_enabled:
        return counts
    departments = (content.get("audience") or {}).get("departments") or []
    for department in departments:
        for entry in store.consents_for(org_id, ConsentContent.VACANCY.value, department):
            employee = store.get_employee(org_id, entry["employee_id"])
            consent = store.get_consent(org_id, entry["employee_id"], entry["consent_id"])
            if employee is None or consent is None or consent.get("status") != "active":
                counts["skipped"] += 1
                continue
            outcome = shares.request_for_consent(org_id, consent, content, employee, publisher)
            counts[outcome] += 1
    logger.info("consent-driven shares", extra={"org_id": org_id, "content_id": content.get("content_id"), **counts})
    return counts
