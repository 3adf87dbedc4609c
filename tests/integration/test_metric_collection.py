"""Clicks and harvested metrics, through the local cloud: as a browser, a crawler and the hourly schedule see it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import boto3
import httpx
import pytest

from local.seed import connect_linkedin
from tests.support import eventually

pytestmark = pytest.mark.integration

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 Version/18.5 Mobile Safari/604.1"
ARTICLE = {
    "type": "industry",
    "url": "https://example.com/reports/trust?utm_source=newsletter&lang=en#summary",
    "title": "Why people trust people",
    "summary": "Networks beat brands.",
    "suggested_texts": {"en": ["Worth a read"], "nl": ["De moeite waard"]},
    "audience": {},
}


def shared_on_linkedin(org, sub: str = "eva") -> tuple[dict, dict[str, str], str]:
    """Content published by a curator and shared by an advocate on (fake) LinkedIn: the share as posted,
    the advocate's auth header and their LinkedIn token."""
    who = org.employee(sub, "Engineering")
    token = connect_linkedin(org.cloud, org.id, sub, 750)
    anna, bram = org.token("anna", "curator"), org.token("bram", "admin")
    content_id = org.http.post("/v1/content", json=ARTICLE, headers=anna).json()["content_id"]
    assert org.http.post(f"/v1/content/{content_id}/submit", headers=anna).status_code == 200
    assert org.http.post(f"/v1/content/{content_id}/approve", json={"reason": "ok"}, headers=bram).status_code == 200

    def share():
        body = {"content_id": content_id, "network": "linkedin", "text": f"Trust is earned ({org.id})."}
        reply = org.http.post("/v1/shares", json=body, headers=who)
        return reply if reply.status_code != 404 else None  # share_dispatch learns of the content through the bus

    accepted = eventually(share)
    assert accepted.status_code == 202, accepted.text
    share_id = accepted.json()["share_id"]
    posted = eventually(lambda: (r := org.http.get(f"/v1/shares/{share_id}", headers=who).json())["status"] == "posted" and r)
    return posted, who, token


def summary(org) -> dict:
    return org.http.get("/v1/reports/summary", headers=org.token("anna", "curator")).json()


def click(url: str, user_agent: str = FIREFOX, method: str = "GET") -> httpx.Response:
    return httpx.request(method, url, headers={"User-Agent": user_agent}, follow_redirects=False, timeout=10)


def metrics(org, share_id: str, who: dict[str, str]) -> dict:
    reply = org.http.get(f"/v1/shares/{share_id}/metrics", headers=who)
    assert reply.status_code == 200, reply.text
    return reply.json()


def queue_is_idle(cloud, logical_id: str) -> bool:
    attributes = (
        boto3.session.Session()
        .client("sqs")
        .get_queue_attributes(
            QueueUrl=cloud.template.physical[logical_id],
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
    )
    return attributes == {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"}


def falls_due_now(org, share_id: str, who: dict[str, str]) -> None:
    """Let an hour pass for this post: its next harvest is due now (instead of sleeping for an hour)."""
    from metric_collection import store

    planned = metrics(org, share_id, who)["next_harvest_at"]
    assert store.reschedule(org.id, share_id, planned, store.iso(datetime.now(UTC)))


def run_harvest(cloud) -> None:
    cloud.fire_schedules()  # the hourly planner (and every other schedule) runs now
    eventually(lambda: queue_is_idle(cloud, "HarvestQueue"))


# --- clicks ----------------------------------------------------------------------------------------


def test_a_browser_click_counts_and_lands_on_the_article_with_utm_parameters(cloud, org):
    share, _, _ = shared_on_linkedin(org)
    reply = eventually(lambda: (r := click(share["tracked_url"])).status_code == 302 and r)
    target = urlsplit(reply.headers["location"])
    assert (target.scheme, target.netloc, target.path, target.fragment) == ("https", "example.com", "/reports/trust", "summary")
    # The URL's own parameters come first and unchanged (its utm_source too); the missing UTM parameters follow.
    content = org.http.get(f"/v1/content/{share['content_id']}", headers=org.token("anna", "curator")).json()
    assert parse_qsl(target.query) == [
        ("utm_source", "newsletter"),
        ("lang", "en"),
        ("utm_medium", "employee_advocacy"),
        ("utm_campaign", content["slug"]),
        ("utm_content", share["share_id"]),
    ]
    report = eventually(lambda: (s := summary(org))["clicks"]["value"] == 1 and s)
    assert report["unique_clicks"]["value"] == 1


def test_a_linkedinbot_fetch_is_redirected_but_not_counted(cloud, org):
    share, _, _ = shared_on_linkedin(org)
    eventually(lambda: click(share["tracked_url"], "LinkedInBot/1.0 (compatible; Mozilla/5.0)").status_code == 302)
    assert click(share["tracked_url"], "Twitterbot/1.0").status_code == 302
    assert click(share["tracked_url"], FIREFOX, method="HEAD").status_code == 302
    # A person clicks afterwards: only that click counts.
    assert click(share["tracked_url"]).status_code == 302
    eventually(lambda: summary(org)["clicks"]["value"] == 1)
    time.sleep(1.0)  # anything the crawlers had set off would have arrived by now
    assert summary(org)["clicks"]["value"] == 1


def test_a_second_click_of_the_same_visitor_today_is_not_unique(cloud, org):
    share, _, _ = shared_on_linkedin(org)
    eventually(lambda: click(share["tracked_url"]).status_code == 302)
    assert click(share["tracked_url"]).status_code == 302  # the same browser again
    assert click(share["tracked_url"], SAFARI).status_code == 302  # someone else
    report = eventually(lambda: (s := summary(org))["clicks"]["value"] == 3 and s)
    assert report["unique_clicks"]["value"] == 2


def test_unknown_and_foreign_codes_get_the_friendly_404_page(cloud, org):
    share, _, _ = shared_on_linkedin(org)
    eventually(lambda: click(share["tracked_url"]).status_code == 302)
    code = share["tracked_url"].rsplit("/", 1)[1]
    base = share["tracked_url"].rsplit("/r/", 1)[0]
    for url in (f"{base}/r/Unkn0wnC0de", f"{base}/r/{'a' * 2000}", f"{base}/r/bad%24code"):
        reply = httpx.get(url, headers={"User-Agent": FIREFOX, "Accept-Language": "nl"})
        assert reply.status_code == 404 and "Deze link leidt nergens naartoe" in reply.text, url
    # The same code asked for on another tenant's link domain does not exist there.
    foreign = httpx.get(f"{base}/r/{code}", headers={"User-Agent": FIREFOX, "Host": "links.other-tenant.example"})
    assert foreign.status_code == 404 and "text/html" in foreign.headers["content-type"]


# --- harvests --------------------------------------------------------------------------------------


def test_a_harvest_cycle_updates_metrics_and_a_replay_changes_nothing(cloud, org, monkeypatch):
    from metric_collection.planner import DuePost, HarvestBatch

    share, eva, _ = shared_on_linkedin(org)
    share_id = share["share_id"]
    registered = eventually(lambda: (r := org.http.get(f"/v1/shares/{share_id}/metrics", headers=eva)).status_code == 200 and r)
    assert registered.json()["harvests"] == 0 and registered.json()["status"] == "active"

    linkedin = cloud.networks["linkedin"]
    two_hours_on = time.time() + 2 * 3600  # two hours of reactions on the network, frozen there while we compare
    monkeypatch.setattr(linkedin, "clock", lambda: two_hours_on)
    falls_due_now(org, share_id, eva)
    due = metrics(org, share_id, eva)["next_harvest_at"]
    run_harvest(cloud)

    first = eventually(lambda: (m := metrics(org, share_id, eva))["harvests"] == 1 and m)
    expected = linkedin.metrics_for(linkedin.find_post(share["external_post_id"]))
    # memberCreatorPostAnalytics: impressions and reshares too (socialActions, which needs r_member_social, had neither).
    assert first["counters"] == {
        "impressions": expected["impressions"],
        "reactions": expected["likes"],
        "comments": expected["comments"],
        "reshares": expected["reposts"],
    }
    assert first["counters"]["reactions"] > 0 and first["last_failure"] is None
    assert first["next_harvest_at"] > first["last_harvested_at"]
    reads = linkedin.calls("GET", "/rest/memberCreatorPostAnalytics")

    # Replays: the schedule fires again, and the very same harvest batch is delivered again.
    five_hours_on = time.time() + 5 * 3600
    monkeypatch.setattr(linkedin, "clock", lambda: five_hours_on)
    run_harvest(cloud)
    batch = HarvestBatch(org_id=org.id, network="linkedin", posts=[DuePost(share_id=share_id, due=due)])
    sqs = boto3.session.Session().client("sqs")
    sqs.send_message(QueueUrl=cloud.template.physical["HarvestQueue"], MessageBody=batch.model_dump_json())
    eventually(lambda: queue_is_idle(cloud, "HarvestQueue"))

    again = metrics(org, share_id, eva)
    assert again["harvests"] == 1 and again["counters"] == first["counters"]
    assert linkedin.calls("GET", "/rest/memberCreatorPostAnalytics") == reads
    assert cloud.dead_letters()["HarvestDLQ"] == 0


def test_an_expired_connections_posts_are_skipped_with_a_reason(cloud, org):
    share, eva, token = shared_on_linkedin(org)
    share_id = share["share_id"]
    eventually(lambda: org.http.get(f"/v1/shares/{share_id}/metrics", headers=eva).status_code == 200)
    cloud.networks["linkedin"].expire_token(token)  # LinkedIn's 60 days are over

    falls_due_now(org, share_id, eva)
    run_harvest(cloud)

    failed = eventually(lambda: (m := metrics(org, share_id, eva))["last_failure"] and m)
    assert failed["harvests"] == 0 and failed["status"] == "active"
    assert failed["last_failure"]["code"] == "connection_expired"
    assert "reconnect" in failed["last_failure"]["message"].lower()
    assert token not in str(failed)
    nl = org.http.get(f"/v1/shares/{share_id}/metrics", headers={**eva, "Accept-Language": "nl"}).json()
    assert "koppeling met LinkedIn is verlopen" in nl["last_failure"]["message"]
    assert cloud.dead_letters()["HarvestDLQ"] == 0
