"""Content that feeds itself, and shares that keep to the org's words: through the local cloud over HTTP.

A curator adds real-shaped industry feeds (the fake feed server's RSS 2.0 and Atom) and sees their
entries arrive as drafts; bad feeds record their error while the others go on; a share with a
blocked word is refused with the reason.
"""

from __future__ import annotations

import pytest

from tests.integration.test_share_dispatch import guard_settings, publish, settle, share
from tests.support import eventually

pytestmark = pytest.mark.integration


def poll_sources(cloud):
    """The five-minute schedule, now: it queues the due sources; the poller reads them from SQS."""
    schedule = next(s for s in cloud.schedules if s.spec.logical_id == "ContentSourcesScheduleFunction")
    schedule.fire()


def from_sources(org, anna):
    reply = org.http.get("/v1/content", params={"origin": "source"}, headers=anna)
    assert reply.status_code == 200, reply.text
    return reply.json()["items"]


def test_a_curator_adds_industry_feeds_and_sees_their_entries_arrive_as_drafts(cloud, org):
    anna = org.token("anna", "curator")
    feeds = cloud.feeds.base_url
    rss = org.http.post("/v1/sources", json={"url": f"{feeds}/industry.rss", "content_type": "industry"}, headers=anna)
    assert rss.status_code == 201, rss.text
    atom = org.http.post("/v1/sources", json={"url": f"{feeds}/engineering.atom", "content_type": "expertise"}, headers=anna)
    assert atom.status_code == 201, atom.text
    broken = {
        name: org.http.post("/v1/sources", json={"url": f"{feeds}{path}"}, headers=anna).json()["source_id"]
        for name, path in (("html", "/not-xml"), ("huge", "/huge"), ("private", "/redirect-private"), ("loop", "/loop"))
    }

    poll_sources(cloud)
    drafts = eventually(lambda: len(d := from_sources(org, anna)) >= 4 and d, timeout=30)
    assert len(drafts) == 4  # 3 from RSS (one item repeated), 2 from Atom, one article in both: 4 distinct
    assert {d["status"] for d in drafts} == {"draft"}
    urls = [d["url"] for d in drafts]
    assert urls.count("https://industry.example/reports/trust-2026") == 1
    assert "https://engineering.example/posts/event-driven.html" in urls
    assert all(d["origin"]["source_id"] in (rss.json()["source_id"], atom.json()["source_id"]) for d in drafts)
    # Nothing reaches an employee's feed without a curator.
    eva = org.employee("eva", "Engineering")
    assert org.http.get("/v1/feed", headers=eva).json()["items"] == []

    expected = {"html": "not_a_feed", "huge": "feed_too_large", "private": "feed_refused", "loop": "feed_failed"}
    for name, source_id in broken.items():
        shown = eventually(
            lambda s=source_id: (b := org.http.get(f"/v1/sources/{s}", headers=anna).json()).get("last_error") and b
        )
        assert shown["status"] == "failing" and shown["last_error"]["code"] == expected[name], shown
    good = org.http.get(f"/v1/sources/{rss.json()['source_id']}", headers=anna).json()
    assert good["status"] == "ok" and good["entries_created"] == 3
    assert cloud.dead_letters().get("SourcePollDLQ") == 0

    # A curator publishes one: it is ordinary content from then on.
    item = next(d for d in drafts if d["url"] == "https://engineering.example/posts/event-driven.html")
    carl = org.token("carl", "curator")
    assert org.http.post(f"/v1/content/{item['content_id']}/submit", headers=anna).status_code == 200
    approved = org.http.post(f"/v1/content/{item['content_id']}/approve", json={"reason": "ok"}, headers=carl)
    assert approved.status_code == 200 and approved.json()["status"] == "published"


def test_a_share_with_a_blocked_word_is_refused_with_the_reason(cloud, org):
    eva = org.employee("eva", "Engineering", followers=300)
    guard_settings(org, blocked_words=["guaranteed returns", "Crème brûlée"])
    content_id = publish(org)
    settle(org, eva, [content_id])
    refused = share(org, eva, content_id, text="Guaranteed returns, people!")
    assert refused.status_code == 422, refused.text
    assert "guaranteed returns" in refused.text
    dutch = org.http.post(
        "/v1/shares",
        json={"content_id": content_id, "network": "linkedin", "text": "Net als creme BRULEE"},
        headers={**eva, "Accept-Language": "nl"},
    )
    assert dutch.status_code == 422 and "Crème brûlée" in dutch.text and "Je organisatie" in dutch.text
    anna = org.token("anna", "curator")
    suggested = org.http.post(
        "/v1/content",
        json={
            "type": "industry",
            "url": "https://example.com/x",
            "title": "X",
            "suggested_texts": {"en": ["guaranteed RETURNS"]},
        },
        headers=anna,
    )
    assert suggested.status_code == 422 and suggested.json()["error"]["field"] == "suggested_texts.en.0"
