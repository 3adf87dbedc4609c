"""The employee feed through the local cloud: targeted, ranked, paged, and what I shared is gone."""

from __future__ import annotations

import pytest

from tests.integration.content_support import ARTICLE, feed, feed_ids, person, publish, share_any_time
from tests.support import eventually

pytestmark = pytest.mark.integration


def test_two_departments_see_different_feeds(cloud, org):
    eva = person(org, "eva", "Engineering")
    sofie = person(org, "sofie", "Sales")
    engineering = publish(org, {**ARTICLE, "title": "Platform lessons", "audience": {"departments": ["Engineering"]}})
    sales = publish(org, {**ARTICLE, "title": "A new client", "type": "news", "audience": {"departments": ["Sales"]}})
    everyone = publish(org, {**ARTICLE, "title": "Trust in networks", "type": "industry", "audience": {}})

    assert set(feed_ids(org, eva)) == {engineering["content_id"], everyone["content_id"]}
    assert set(feed_ids(org, sofie)) == {sales["content_id"], everyone["content_id"]}
    # Content for my own department ranks above content for everyone.
    assert feed_ids(org, eva)[0] == engineering["content_id"]


def test_roles_and_locations_target_exactly(cloud, org):
    eva = person(org, "eva", "Engineering", role="Consultant", location="Amsterdam")
    noor = person(org, "noor", "Engineering", role="Manager", location="Utrecht", language="nl")
    managers = publish(
        org, {**ARTICLE, "title": "For managers", "audience": {"departments": ["Engineering"], "roles": ["Manager"]}}
    )
    amsterdam = publish(org, {**ARTICLE, "title": "Meetup", "type": "event", "audience": {"locations": ["Amsterdam"]}})
    assert feed_ids(org, eva) == [amsterdam["content_id"]]
    assert feed_ids(org, noor) == [managers["content_id"]]


def test_what_i_share_leaves_my_feed_and_lifts_it_for_colleagues(cloud, org):
    share_any_time(org)
    eva = org.employee("eva", "Engineering", followers=750)
    daan = person(org, "daan", "Engineering")
    older = publish(org, {**ARTICLE, "title": "Older"})
    newer = publish(org, {**ARTICLE, "title": "Newer"})
    assert feed_ids(org, daan) == [newer["content_id"], older["content_id"]]

    def share():
        body = {"content_id": older["content_id"], "network": "linkedin", "text": "My own take on our lessons."}
        reply = org.http.post("/v1/shares", json=body, headers=eva)
        return reply if reply.status_code != 404 else None  # share_dispatch hears of the content through the bus

    assert eventually(share).status_code == 202
    eventually(lambda: older["content_id"] not in feed_ids(org, eva))
    items = eventually(lambda: (i := feed(org, daan)["items"]) and i[0]["colleagues_shared"] == 1 and i)
    assert [i["content_id"] for i in items] == [older["content_id"], newer["content_id"]]


def test_the_feed_pages_with_an_opaque_cursor(cloud, org):
    eva = person(org, "eva", "Engineering")
    published = [
        publish(org, {**ARTICLE, "title": f"Item {n}", "audience": {} if n % 2 else ARTICLE["audience"]}) for n in range(7)
    ]
    seen, cursor = [], None
    while True:
        body = feed(org, eva, "limit=3" + (f"&cursor={cursor}" if cursor else ""))
        seen += [i["content_id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(p["content_id"] for p in published) and len(seen) == len(set(seen))
    forged = org.http.get("/v1/feed?cursor=AAAA", headers=eva)
    assert forged.status_code == 422 and forged.json()["error"]["field"] == "cursor"
