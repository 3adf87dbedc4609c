"""Content that feeds itself, posts with pictures, shares that keep to the org's words: through the local cloud.

A curator adds real-shaped industry feeds (the fake feed server's RSS 2.0 and Atom) and sees their
entries arrive as drafts; bad feeds record their error while the others go on; a curator publishes
an item with an image and alt text, and an employee shares it to LinkedIn, X and Bluesky with the
image; an animated GIF goes to X alone, uploaded as X takes one; a share with a blocked word is
refused with the reason.
"""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_share_dispatch import guard_settings, oauth_round_trip, posts_to, publish, settle, share, status_of
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


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 4096


def upload_image(org, anna, data=PNG, content_type="image/png"):
    """What the web app does: ask for a form, then POST the file straight to S3 with it."""
    form = org.http.post("/v1/media", json={"content_type": content_type, "size": len(data)}, headers=anna)
    assert form.status_code == 201, form.text
    upload = form.json()["upload"]
    stored = httpx.post(upload["url"], data=upload["fields"], files={"file": ("chart.png", data, content_type)})
    assert stored.status_code in (200, 201, 204), stored.text
    return form.json()["media_id"]


def test_a_curator_publishes_an_item_with_an_image_and_an_employee_shares_it_everywhere_with_it(cloud, org):
    anna, carl = org.token("anna", "curator"), org.token("carl", "curator")
    media_id = upload_image(org, anna)
    never = org.http.post(
        "/v1/content",
        json={
            "type": "industry",
            "url": "https://example.com/r",
            "title": "R",
            "images": [{"media_id": "f" * 20, "alt": {"en": "x", "nl": "y"}}],
        },
        headers=anna,
    )
    assert never.status_code == 422 and never.json()["error"]["code"] == "image_not_uploaded", never.text
    body = {
        "type": "industry",
        "url": "https://example.com/reports/reach",
        "title": "How far employees reach",
        "suggested_texts": {"en": ["Worth a read"], "nl": ["De moeite waard"]},
        "networks": ["linkedin", "x", "bluesky"],
        "images": [
            {"media_id": media_id, "alt": {"en": "Bar chart: reach grows 561%", "nl": "Staafdiagram: bereik groeit 561%"}}
        ],
        "audience": {},
    }
    no_alt = org.http.post("/v1/content", json={**body, "images": [{"media_id": media_id, "alt": {"en": "x"}}]}, headers=anna)
    assert no_alt.status_code == 422 and no_alt.json()["error"]["field"] == "images.0.alt.nl"
    item = org.http.post("/v1/content", json=body, headers=anna)
    assert item.status_code == 201, item.text
    content_id = item.json()["content_id"]
    assert org.http.post(f"/v1/content/{content_id}/submit", headers=anna).status_code == 200
    assert org.http.post(f"/v1/content/{content_id}/approve", json={"reason": "ok"}, headers=carl).status_code == 200

    eva = org.employee("eva", "Engineering", followers=400)
    guard_settings(org)
    assert httpx.get(oauth_round_trip(cloud, org, eva, "x", "eva-x")).headers["location"].endswith("outcome=connected")
    bsky = org.http.post(
        "/v1/me/connections/bluesky", json={"identifier": "eva.bsky.social", "app_password": "abcd-efgh"}, headers=eva
    )
    assert bsky.status_code == 201, bsky.text
    settle(org, eva, [content_id])
    for network in ("linkedin", "x", "bluesky"):
        accepted = share(org, eva, content_id, network=network)
        assert accepted.status_code == 202, accepted.text
        status_of(org, eva, accepted.json()["share_id"])
        posts = posts_to(cloud, accepted.json()["tracked_url"], network)
        assert len(posts) == 1, network
        assert [(i["alt"], i["content_type"]) for i in posts[0]["images"]] == [("Bar chart: reach grows 561%", "image/png")], (
            network
        )
    # A link-only network gets the link.
    intent = share(org, eva, content_id, network="facebook")
    assert intent.status_code == 202 and intent.json()["status"] == "awaiting_employee" and intent.json()["intent_url"]


def animated_gif(frames: int = 3) -> bytes:
    """A GIF89a of `frames` one-pixel images: more than one makes it animated."""
    screen = b"GIF89a" + (1).to_bytes(2, "little") * 2 + b"\x00\x00\x00"
    frame = b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c" + b"\x00" * 4 + (1).to_bytes(2, "little") * 2 + b"\x00"
    return screen + (frame + b"\x02\x02\x4c\x01\x00") * frames + b"\x3b"


def test_an_animated_gif_goes_to_x_alone_uploaded_as_x_takes_one(cloud, org):
    # docs.x.com media best practices: "up to 4 photos, 1 animated GIF or 1 video in a Post".
    anna = org.token("anna", "curator")
    gif, png = upload_image(org, anna, animated_gif(), "image/gif"), upload_image(org, anna)
    alt = {"en": "Our stand at the fair, animated", "nl": "Onze stand op de beurs, geanimeerd"}
    body = {
        "type": "industry",
        "url": "https://example.com/fair",
        "title": "See us at the fair",
        "suggested_texts": {"en": ["Come by"], "nl": ["Kom langs"]},
        "networks": ["x"],
        "images": [{"media_id": gif, "alt": alt}, {"media_id": png, "alt": alt}],
        "audience": {},
    }
    refused = org.http.post("/v1/content", json=body, headers=anna)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "animated_gif_not_alone_on_x", refused.text
    content_id = publish(org, body, images=body["images"][:1])  # alone, it is fine

    finn = org.employee("finn", "Sales", followers=200)
    guard_settings(org)
    assert httpx.get(oauth_round_trip(cloud, org, finn, "x", "finn-x")).headers["location"].endswith("outcome=connected")
    settle(org, finn, [content_id])
    accepted = share(org, finn, content_id, network="x")
    assert accepted.status_code == 202, accepted.text
    status_of(org, finn, accepted.json()["share_id"])
    [post] = posts_to(cloud, accepted.json()["tracked_url"], "x")
    assert [(i["alt"], i["content_type"]) for i in post["images"]] == [(alt["en"], "image/gif")]
    upload = cloud.media["x"].uploads[post["images"][0]["id"]]
    assert upload["animated"] is True and upload["state"] == "succeeded"  # chunked as tweet_gif, processed
