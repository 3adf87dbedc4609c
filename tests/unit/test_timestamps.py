"""Every timestamp the API returns is RFC 3339 (date, "T", time, optional fraction, then Z or an offset)."""

from __future__ import annotations

import re
from typing import Any

from estafette.domain import Network
from tests.support import call, claims
from tests.unit.conftest import deliver

CONTENT_API = "content_publishing.handlers.api"
SHARE_API = "share_dispatch.handlers.api"
ANNA, CARL = claims("anna", roles=("curator",)), claims("carl", roles=("curator",))
EVA = claims("eva")
LOOKS_LIKE_A_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T")
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def timestamps(value: Any, where: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in timestamps(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [t for n, v in enumerate(value) for t in timestamps(v, f"{where}[{n}]")]
    return [(where, value)] if isinstance(value, str) and LOOKS_LIKE_A_TIMESTAMP.match(value) else []


def test_every_timestamp_the_api_returns_is_rfc_3339(stack):
    from share_dispatch import consents
    from share_dispatch.connections import connect
    from share_dispatch.handlers import events as share_events

    body = {"type": "vacancy", "url": "https://example.com/jobs/1", "title": "Engineer", "audience": {}}
    item = call(CONTENT_API, "POST", "/v1/content", body, who=ANNA).body
    call(CONTENT_API, "POST", f"/v1/content/{item['content_id']}/submit", who=ANNA)
    call(CONTENT_API, "POST", f"/v1/content/{item['content_id']}/approve", who=CARL)
    deliver(stack, "ShareEventsQueue", "share_dispatch.handlers.events")
    from estafette.domain import EmployeeProfile
    from estafette.events import EmployeeJoined, EventMetadata

    share_events.handle(
        EmployeeJoined(profile=EmployeeProfile(employee_id="eva", department="Engineering"), provider="generic"),
        EventMetadata(org_id="acme"),
    )
    stack.linkedin.add_token("li-eva", "urn:li:person:eva")
    connect("acme", "eva", Network.LINKEDIN, access_token="li-eva", author_id="urn:li:person:eva", followers=10)
    given = call(SHARE_API, "POST", "/v1/me/consents", {"network": "linkedin"}, who=EVA)
    assert given.status == 201, given.body
    consents.revoke("acme", "eva", given.body["consent_id"])
    request = {"content_id": item["content_id"], "network": "linkedin", "text": "Mine."}
    shared = call(SHARE_API, "POST", "/v1/shares", request, who=EVA)
    assert shared.status == 202, shared.body

    replies = {
        "content": call(CONTENT_API, "GET", f"/v1/content/{item['content_id']}", who=ANNA),
        "library": call(CONTENT_API, "GET", "/v1/content", who=ANNA),
        "share": shared,
        "shares": call(SHARE_API, "GET", "/v1/shares", who=EVA),
        "consents": call(SHARE_API, "GET", "/v1/me/consents", who=EVA),
        "connections": call("share_dispatch.handlers.connections", "GET", "/v1/me/connections", who=EVA),
        "notifications": call("notifications.handlers.api", "GET", "/v1/me/notifications", who=EVA),
    }
    found = [(name, where, value) for name, reply in replies.items() for where, value in timestamps(reply.body)]
    assert {name for name, _, _ in found} >= {"content", "share", "shares", "consents"}
    assert any(where.startswith(".history") for name, where, _ in found if name == "consents")
    wrong = [(name, where, value) for name, where, value in found if not RFC_3339.match(value)]
    assert wrong == []


def test_consent_history_written_before_the_fix_reads_as_rfc_3339():
    from share_dispatch.consents import _rfc3339

    assert _rfc3339("2026-12-01T19:59:53Z.378269") == "2026-12-01T19:59:53.378269Z"
    assert _rfc3339("2026-12-01T19:59:53.378269Z") == "2026-12-01T19:59:53.378269Z"
