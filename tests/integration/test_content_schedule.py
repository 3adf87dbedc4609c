"""publish_at and expires_at take effect on time, through the schedule, whoever is reading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.content_support import ARTICLE, create, feed_ids, person, run_schedule
from tests.support import eventually

pytestmark = pytest.mark.integration


def test_a_scheduled_item_appears_and_expires_on_time(cloud, org):
    eva = person(org, "eva", "Engineering")
    anna, carl = org.token("anna", "curator"), org.token("carl", "curator")
    now = datetime.now(UTC)
    # Minutes, not hours: the schedule serves every org, so the test's clock stays close to the real one.
    publish_at, expires_at = now + timedelta(minutes=2), now + timedelta(minutes=4)
    body = {**ARTICLE, "publish_at": publish_at.isoformat(), "expires_at": expires_at.isoformat()}
    item = create(org, body, anna)
    org.http.post(f"/v1/content/{item['content_id']}/submit", headers=anna)
    approved = org.http.post(f"/v1/content/{item['content_id']}/approve", headers=carl).json()
    assert approved["status"] == "scheduled"

    def status():
        return org.http.get(f"/v1/content/{item['content_id']}", headers=anna).json()["status"]

    # Reading the feed never publishes anything; only the schedule's clock does.
    run_schedule(cloud, publish_at - timedelta(seconds=30))
    assert status() == "scheduled" and feed_ids(org, eva) == []

    run_schedule(cloud, publish_at + timedelta(seconds=1))
    assert status() == "published"
    assert feed_ids(org, eva) == [item["content_id"]]
    # The other services hear of it: share_dispatch accepts shares of it.
    shareable = {"content_id": item["content_id"], "network": "linkedin", "text": "Have a look"}
    eventually(lambda: org.http.post("/v1/shares", json=shareable, headers=eva).status_code != 404)

    run_schedule(cloud, expires_at - timedelta(seconds=30))
    assert status() == "published"
    run_schedule(cloud, expires_at + timedelta(seconds=1))
    assert status() == "expired"
    assert feed_ids(org, eva) == []

    audit = org.http.get(f"/v1/content/{item['content_id']}", headers=anna).json()["audit"]
    assert [(a["action"], a["actor"], a["reason"]) for a in audit[-2:]] == [
        ("publish", "schedule", "publish_at reached"),
        ("expire", "schedule", "expires_at reached"),
    ]


def test_firing_the_schedules_does_nothing_before_its_time(cloud, org):
    eva = person(org, "eva", "Engineering")
    anna, carl = org.token("anna", "curator"), org.token("carl", "curator")
    later = datetime.now(UTC) + timedelta(days=2)
    item = create(org, {**ARTICLE, "publish_at": later.isoformat()}, anna)
    org.http.post(f"/v1/content/{item['content_id']}/submit", headers=anna)
    org.http.post(f"/v1/content/{item['content_id']}/approve", headers=carl)
    cloud.fire_schedules()
    assert feed_ids(org, eva) == []
    assert org.http.get(f"/v1/content/{item['content_id']}", headers=anna).json()["status"] == "scheduled"
