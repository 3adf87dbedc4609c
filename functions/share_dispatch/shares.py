"""An employee's share request: checked by the guard, stored, queued for the dispatch worker."""

from __future__ import annotations

import json
import secrets
import string
import time
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from estafette import settings
from estafette.auth import Caller
from estafette.aws import client
from estafette.domain import Network
from estafette.errors import ApiError, Conflict, NotFound
from estafette.events import ShareRequested
from estafette.publisher import Outgoing, Publisher, default_publisher
from share_dispatch import guard, store
from share_dispatch.config import config

BASE62 = string.digits + string.ascii_letters
TRACKED_CODE_LENGTH = 10  # 62^10 ≈ 8·10^17: unguessable, and collisions are negligible


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    content_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    network: Network
    text: str = Field(max_length=70000)


class GuardBlocked(ApiError):
    def __init__(self, verdict: guard.Verdict) -> None:
        first = verdict.blocks[0]
        super().__init__(first.code, field=first.field)
        self.status = first.status
        self.verdict = verdict

    def body(self, language: str = "en") -> dict[str, Any]:
        first = self.verdict.blocks[0]
        error: dict[str, Any] = {
            "code": first.code,
            "message": first.message,
            "reasons": [{"code": d.code, "message": d.message} for d in self.verdict.blocks],
        }
        if first.field:
            error["field"] = first.field
        return {"error": error}


def new_share_id() -> str:
    # Time-ordered (milliseconds, hex) so an employee's shares list newest first from the key alone.
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(4)}"


def new_tracked_code() -> str:
    return "".join(secrets.choice(BASE62) for _ in range(TRACKED_CODE_LENGTH))


def request_share(caller: Caller, body: ShareIn, language: str, publisher: Publisher | None = None) -> dict[str, Any]:
    content = store.get_content(caller.org_id, body.content_id)
    if content is None or content.get("expired"):
        raise NotFound("content_not_shareable", what=f"Content {body.content_id}")
    employee = store.get_employee(caller.org_id, caller.sub) or {"employee_id": caller.sub}
    audience = content.get("audience") or {}
    from estafette.domain import Audience, EmployeeProfile

    profile = EmployeeProfile.model_validate({k: v for k, v in employee.items() if k in EmployeeProfile.model_fields})
    if not Audience.model_validate(audience).includes(profile):
        raise NotFound("content_not_shareable", what=f"Content {body.content_id}")
    connection = store.get_connection(caller.org_id, caller.sub, body.network.value)
    if connection is None:
        raise Conflict("network_not_connected", network=body.network.value)

    now = datetime.now(UTC)
    verdict = guard.check(
        text=body.text,
        network=body.network,
        shares_today=store.shares_on(caller.org_id, caller.sub, now.date()),
        rules=settings.for_org(caller.org_id).guard,
        language=language,
    )
    if not verdict.allowed:
        raise GuardBlocked(verdict)

    share_id, code = new_share_id(), new_tracked_code()
    tracked_url = f"{config().tracked_link_base_url.rstrip('/')}/r/{code}"
    share = {
        "pk": store.employee_pk(caller.org_id, caller.sub),
        "sk": f"SHARE#{share_id}",
        "share_id": share_id,
        "org_id": caller.org_id,
        "employee_id": caller.sub,
        "content_id": body.content_id,
        "content_slug": content.get("slug", ""),
        "title": content.get("title", ""),
        "summary": content.get("summary", ""),
        "target_url": content["url"],
        "network": body.network.value,
        "text": body.text.strip(),
        "tracked_code": code,
        "tracked_url": tracked_url,
        "department": profile.department,
        "status": "queued",
        "created_at": now.isoformat(),
    }
    if not store.create_share({k: v for k, v in share.items() if v is not None}, now.date()):
        raise Conflict("already_shared", network=body.network.value)

    event = ShareRequested(
        share_id=share_id,
        employee_id=caller.sub,
        content_id=body.content_id,
        network=body.network,
        tracked_code=code,
        target_url=content["url"],
        content_slug=content.get("slug", ""),
        department=profile.department,
    )
    (publisher or default_publisher()).publish([Outgoing(event, caller.org_id, event_id=f"{share_id}-requested")])
    message = {"org_id": caller.org_id, "employee_id": caller.sub, "share_id": share_id}
    client("sqs").send_message(QueueUrl=config().dispatch_queue_url, MessageBody=json.dumps(message))
    return {**public_view(share), "warnings": [{"code": w.code, "message": w.message} for w in verdict.warnings]}


def public_view(share: dict[str, Any]) -> dict[str, Any]:
    fields = (
        "share_id",
        "content_id",
        "network",
        "text",
        "status",
        "tracked_url",
        "created_at",
        "posted_at",
        "external_post_id",
        "failure",
    )
    return {k: share[k] for k in fields if k in share}
