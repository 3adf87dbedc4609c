"""A click on a tracked link counts once per visitor per day; crawlers and bots never count."""

from __future__ import annotations

import pytest

from tests.support import call
from tests.unit.conftest import bus_events

REDIRECT = "metric_collection.handlers.redirect"
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"


@pytest.fixture
def link(stack):
    from metric_collection import links

    links.put_link(
        {
            "tracked_code": "Ab3dE6gH9k",
            "org_id": "acme",
            "share_id": "share-1",
            "employee_id": "eva",
            "content_id": "c1",
            "network": "linkedin",
            "target_url": "https://example.com/post?utm_source=newsletter&ref=x",
            "content_slug": "trust-in-networks",
            "department": "Engineering",
        }
    )
    return "Ab3dE6gH9k"


def follow(code, user_agent=BROWSER, method="GET", ip="203.0.113.7"):
    return call(REDIRECT, method, f"/r/{code}", headers={"user-agent": user_agent}, source_ip=ip)


def clicks(stack):
    events = [e["detail"]["data"] for e in bus_events(stack.drain("ReportingEventsQueue"), "LinkClicked")]
    return sorted(events, key=lambda e: e["clicked_at"])


def test_browser_click_redirects_with_utm_and_counts(stack, link):
    reply = follow(link)
    assert reply.status == 302
    location = reply.headers["location"]
    # An existing utm_source is kept; the others are added.
    assert location.startswith("https://example.com/post?utm_source=newsletter&ref=x&")
    assert "utm_medium=employee_advocacy" in location
    assert "utm_campaign=trust-in-networks" in location
    assert "utm_content=share-1" in location
    assert "utm_source=linkedin" not in location
    counted = clicks(stack)
    assert len(counted) == 1 and counted[0]["unique"] is True and counted[0]["share_id"] == "share-1"


@pytest.mark.parametrize(
    "user_agent",
    [
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Twitterbot/1.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "WhatsApp/2.23.20.0",
        "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
        "Googlebot/2.1",
        "",
    ],
)
def test_crawlers_are_redirected_but_not_counted(stack, link, user_agent):
    assert follow(link, user_agent=user_agent).status == 302
    assert clicks(stack) == []


def test_head_requests_are_not_clicks(stack, link):
    assert follow(link, method="HEAD").status == 302
    assert clicks(stack) == []


def test_second_click_of_the_same_visitor_today_is_not_unique(stack, link):
    follow(link)
    follow(link)
    follow(link, ip="198.51.100.9")
    assert [c["unique"] for c in clicks(stack)] == [True, False, True]


def test_no_raw_ip_is_stored(stack, link):
    import boto3

    follow(link, ip="203.0.113.77")
    items = (
        boto3.resource("dynamodb")
        .Table("estafette-metrics")
        .query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"LINK#{link}"})["Items"]
    )
    assert "203.0.113.77" not in repr(items)


@pytest.mark.parametrize("code", ["unknown123", "short", "has$ymbols!", "x" * 300])
def test_unknown_or_malformed_code_gets_a_friendly_404(stack, link, code):
    reply = follow(code)
    assert reply.status == 404
    assert reply.headers["content-type"].startswith("text/html")
    assert "link" in reply.body.lower()
