"""Helpers for the content_publishing unit tests: publish through the API, deliver bus events,
count the DynamoDB calls a request makes."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.support import call, claims

API = "content_publishing.handlers.api"
EVENTS = "content_publishing.handlers.events"
ANNA = claims("anna", roles=("curator",))
CARL = claims("carl", roles=("curator",))
BRAM = claims("bram", roles=("admin",))

ARTICLE = {
    "type": "expertise",
    "url": "https://example.com/blog/post",
    "title": "What we learned",
    "summary": "A summary",
    "suggested_texts": {"en": ["Worth a read"], "nl": ["De moeite waard"]},
    "audience": {"departments": ["Engineering"]},
}


def employee(sub: str, org_id: str = "acme") -> dict[str, str]:
    return claims(sub, org_id=org_id)


def create(body: dict[str, Any] | None = None, who: dict[str, str] = ANNA) -> dict[str, Any]:
    reply = call(API, "POST", "/v1/content", body or ARTICLE, who=who)
    assert reply.status == 201, reply.body
    return reply.body


def publish(body: dict[str, Any] | None = None, author: dict[str, str] = ANNA, approver: dict[str, str] = CARL) -> dict[str, Any]:
    item = create(body, author)
    submitted = call(API, "POST", f"/v1/content/{item['content_id']}/submit", who=author)
    assert submitted.status == 200, submitted.body
    approved = call(API, "POST", f"/v1/content/{item['content_id']}/approve", {"reason": "ok"}, who=approver)
    assert approved.status == 200, approved.body
    return approved.body


def profile(sub: str, org_id: str = "acme", **fields: Any) -> None:
    from content_publishing import store
    from estafette.domain import EmployeeProfile

    store.put_profile(org_id, EmployeeProfile(employee_id=sub, **fields))


def feed(who: dict[str, str], query: str = "") -> dict[str, Any]:
    reply = call(API, "GET", "/v1/feed", who=who, query=query)
    assert reply.status == 200, reply.body
    return reply.body


def feed_ids(who: dict[str, str], query: str = "") -> list[str]:
    return [i["content_id"] for i in feed(who, query)["items"]]


def deliver_events(*events: tuple[Any, str]) -> dict[str, Any]:
    """Hand bus events (data, org) to the content consumer as SQS records, as the event source mapping does."""
    from content_publishing.handlers.events import lambda_handler
    from local.runtime import LambdaContext
    from tests.unit.conftest import sqs_event

    messages = []
    for data, org_id in events:
        body = {
            "source": data.source,
            "detail-type": data.name(),
            "detail": {"metadata": {"org_id": org_id, "event_id": uuid.uuid4().hex}, "data": data.model_dump(mode="json")},
        }
        messages.append({"MessageId": uuid.uuid4().hex, "Body": json.dumps(body)})
    return lambda_handler(sqs_event(messages), LambdaContext("content-events", 10))


def share_events(content_id: str, employee_id: str, share_id: str | None = None) -> list[Any]:
    """ShareRequested and SharePosted of one share, as share_dispatch emits them."""
    from datetime import UTC, datetime

    from estafette.events import SharePosted, ShareRequested

    share_id = share_id or uuid.uuid4().hex[:12]
    common = {
        "share_id": share_id,
        "employee_id": employee_id,
        "content_id": content_id,
        "network": "linkedin",
        "tracked_code": "abc123",
        "target_url": "https://example.com",
        "content_slug": "slug",
    }
    return [
        ShareRequested(**common),
        SharePosted(
            **common,
            external_post_id="urn:li:share:1",
            tracked_url="https://go.example/r/abc123",
            posted_at=datetime.now(UTC),
        ),
    ]


@contextmanager
def dynamodb_calls() -> Iterator[Counter[str]]:
    """Count the DynamoDB operations content_publishing makes (botocore `before-call` hooks)."""
    from content_publishing import store

    counts: Counter[str] = Counter()

    def count(model: Any, **_: Any) -> None:
        counts[model.name] += 1

    events = store._client().meta.events
    events.register("before-call.dynamodb", count)
    try:
        yield counts
    finally:
        events.unregister("before-call.dynamodb", count)
