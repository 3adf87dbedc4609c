"""Steps the content integration scenarios share, driven over HTTP like a front end and an HR system."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.support import eventually

ARTICLE = {
    "type": "expertise",
    "url": "https://example.com/blog/lessons",
    "title": "Lessons from going event-driven",
    "summary": "What we learned.",
    "suggested_texts": {"en": ["Worth a read", "Our take on it"], "nl": ["De moeite waard", "Onze kijk erop"]},
    "audience": {"departments": ["Engineering"]},
}


def person(org: Any, sub: str, department: str, *, language: str = "en", role: str | None = None, location: str | None = None):
    """An employee who joined through the HR webhook, as the directory knows them; returns their token."""
    profile = {"employee_id": sub, "name": sub.title(), "department": department, "language": language}
    profile |= {k: v for k, v in {"role": role, "location": location}.items() if v}
    reply = org.webhook("employee.joined", profile)
    assert reply.status_code == 202, reply.text
    who = org.token(sub)
    eventually(lambda: org.http.get("/v1/me", headers=who).json().get("department") == department)
    return who


def share_any_time(org: Any) -> None:
    """Open the org's sharing hours around the clock, so a scenario that shares runs at any hour."""
    hours = {"guard": {"sharing_hours": {"start_hour": 0, "end_hour": 24, "weekdays": [0, 1, 2, 3, 4, 5, 6]}}}
    reply = org.http.put("/v1/org/settings", json=hours, headers=org.token("bram", "admin"))
    assert reply.status_code == 200, reply.text


def create(org: Any, body: dict[str, Any] | None = None, who: dict[str, str] | None = None) -> dict[str, Any]:
    reply = org.http.post("/v1/content", json=body or ARTICLE, headers=who or org.token("anna", "curator"))
    assert reply.status_code == 201, reply.text
    return reply.json()


def publish(org: Any, body: dict[str, Any] | None = None) -> dict[str, Any]:
    anna, carl = org.token("anna", "curator"), org.token("carl", "curator")
    item = create(org, body, anna)
    assert org.http.post(f"/v1/content/{item['content_id']}/submit", headers=anna).status_code == 200
    approved = org.http.post(f"/v1/content/{item['content_id']}/approve", json={"reason": "Good to go"}, headers=carl)
    assert approved.status_code == 200, approved.text
    return approved.json()


def feed(org: Any, who: dict[str, str], query: str = "") -> dict[str, Any]:
    reply = org.http.get(f"/v1/feed{'?' + query if query else ''}", headers=who)
    assert reply.status_code == 200, reply.text
    return reply.json()


def feed_ids(org: Any, who: dict[str, str]) -> list[str]:
    return [i["content_id"] for i in feed(org, who, "limit=50")["items"]]


def run_schedule(cloud: Any, at: datetime) -> Any:
    """Fire the content schedule as EventBridge Scheduler would at `at` (a clock the test controls)."""
    event = {
        "version": "0",
        "id": "test",
        "detail-type": "Scheduled Event",
        "source": "aws.scheduler",
        "time": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "resources": ["local:ContentScheduleFunction"],
        "detail": "{}",
    }
    return cloud.function("ContentScheduleFunction").invoke(event)
